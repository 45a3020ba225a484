// Canonical columns to their contract types, values mapped through the
// project's [layers.X.values.F] first, then the layer's vocabulary
// (data/vocab/<id>.toml). Each recognition is said once per layer and field;
// a value that maps to nothing becomes NULL (unknown) and is reported with its
// count: never silently true, false, paved or 0.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "gis/io/load_detail.hpp"
#include "gis/io/values_detail.hpp"
#include "gis/io/count_checks.hpp"
#include "gis/io/han_fold.hpp"
#include "gis/io/money_units.hpp"
#include "gis/io/numbers.hpp"
#include "gis/io/project_units.hpp"
#include "gis/io/quantity_checks.hpp"
#include "gis/io/schema.hpp"
#include "gis/io/shares.hpp"
#include "gis/io/status_words.hpp"
#include "gis/io/kind_lists.hpp"
#include "gis/io/table_header.hpp"
#include "gis/io/vocab.hpp"
#include "gis/util/data_files.hpp"
#include "gis/util/text.hpp"
#include "gis/util/general.hpp"

namespace jiuyou::io {

using namespace values_detail;

namespace {

NumberWords number_words(const FieldJob& job) {  // a measured field (电压, 半径) reads its own unit words (tour 17 R9, R10)
  const auto* quantity = job.vocab.units_of(job.kind, job.field.name);
  return NumberWords{quantity ? quantity : &job.vocab.suffixes, job.field.role == FieldRole::fraction || job.field.role == FieldRole::share,
                     &job.vocab.unit_spellings};
}

// The unit a units row under the header states for `column` (户 / 人 / 万元 / %), if any.
std::optional<HeaderUnit> units_row_unit(const FieldJob& job, const std::string& column) {
  if (!job.column_units) return std::nullopt;
  const auto cu = job.column_units->find(compact_name(column));
  if (cu == job.column_units->end()) return std::nullopt;
  auto u = unit_in_header(column + "（" + cu->second + "）", number_words(job));
  if (u) u->from_units_row = true;
  return u;
}

// The unit the mapped source column's name states ("村集体经济收入（万元）"), for a number field.
// A money column whose name states none takes the money unit of the table's title block.
std::optional<HeaderUnit> header_unit_of(const FieldJob& job) {
  if (job.field.type != FieldType::real) return std::nullopt;
  if (job.project_unit) return job.project_unit->factor == 1.0 ? std::nullopt : job.project_unit;
  const auto it = job.spec.fields.find(job.field.name);
  if (it == job.spec.fields.end()) return std::nullopt;
  auto u = unit_in_header(it->second, number_words(job));
  if (!u) u = units_row_unit(job, it->second);
  if (!u && job.field.role == FieldRole::money) u = money_unit_in_title(job.title_block, number_words(job));
  if (u && u->factor == 1.0) return std::nullopt;
  return u;
}

// Each row's plain number as written (no unit of its own: "95%" and "6.2万" are not among them).
std::vector<std::optional<double>> plain_by_row(const Column& col) {
  std::vector<std::optional<double>> out(col.size());
  for (size_t r = 0; r < col.size(); ++r)
    if (!col.is_null(r)) out[r] = col.type() == FieldType::text ? parse_number(col.get_text(r), NumberWords{}) : col.number(r);
  return out;
}

// A column's plain numbers as written.
std::vector<double> plain_numbers(const Column& col) {
  std::vector<double> values;
  for (const auto& v : plain_by_row(col))
    if (v) values.push_back(*v);
  return values;
}

// The median of a column's positive plain numbers as written; nullopt when it has none.
std::optional<double> median_as_written(const Column& col) {
  std::vector<double> values = plain_numbers(col);
  std::erase_if(values, [](double v) { return !(v > 0); });
  if (values.empty()) return std::nullopt;
  return median_of(std::move(values));
}

std::string number_text(double v) { return util::general(v); }

// The unit a village money column's values read plausibly in, when the one it states does not: 元 first (a header in
// 万元 over a column typed in 元, tour 13 M20; （百元） over 元, tour 14 N1), else the one of 千元 and 万元 that puts the
// median nearest the field's typical value (5.65 under （亿元） is 5.65 万元, tour 14 N2). The field's range decides
// (MoneyRange::nearest_factor, the rule the township settler uses too). Factor 0: none is plausible.
HeaderUnit values_unit(const MoneyRange& range, double median) {
  if (range.plausible(median)) return HeaderUnit{"元", 1.0};
  const double f = range.nearest_factor(median, {1e3, 1e4});
  return f == 1e3 ? HeaderUnit{"千元", 1e3} : f == 1e4 ? HeaderUnit{"万元", 1e4} : HeaderUnit{"", 0.0};
}

// "；表格改不了单位时（如 DBF），在项目文件写 [layers.X.units] F = \"元\"" — the project key, for any format.
std::string or_project_key(const FieldJob& job, const std::string& unit) {
  return "；表格里不便写单位时（如 DBF 的列名），在项目文件写明：" + units_key_line(job.spec, job.field.name, unit);
}

// What a table states of a money column's unit, where it says it: the column's name, a units
// row under the header (户 / 人 / 万元), the title block above the header ("金额单位：万元").
struct UnitStatement {
  HeaderUnit unit;
  const char* where;      // "列名", "表头下的单位行", "表头上方"
  std::string as_quoted;  // how the message quotes it: 「万元」, or 「金额单位：万元」 for a title
};

std::vector<UnitStatement> money_unit_statements(const FieldJob& job, const std::string& column) {
  std::vector<UnitStatement> out;
  if (auto u = unit_in_header(column, number_words(job))) out.push_back({*u, "列名", "「" + u->word + "」"});
  if (auto u = units_row_unit(job, column)) out.push_back({*u, "表头下的单位行", "「" + u->word + "」"});
  if (auto u = money_unit_in_title(job.title_block, number_words(job))) out.push_back({*u, "表头上方", "「金额单位：" + u->word + "」"});
  return out;
}

// A stated unit above 元 that makes the median village hold more than 100 万元 while 元 reads plausibly (（百元） over a
// column typed in 元: 565 万元 a village, every village passing; 人均收入 under 千元: 747 万元 a person, tour 14 N1/N5)
// cannot be told from a rich county's true figures: kept as stated, warned (money_unit_doubtful, opens 请先看).
void warn_if_doubtful(const FieldJob& job, const std::string& column, const UnitStatement& stated, double median, IssueLog& log) {
  constexpr double k_high_median = 1e6;  // 100 万元
  if (stated.unit.factor <= 1.0 || median * stated.unit.factor <= k_high_median || !job.range.plausible(median)) return;
  warn_on_column(log, job.table, job.field, "money_unit_doubtful",
                 "列「" + column + "」的" + stated.where + "写的是" + stated.as_quoted + "，按" + stated.unit.word + "读，各村的中位数是 " +
                     number_text(median * stated.unit.factor / 1e4) + " 万元，偏高；按元读是 " + number_text(median) + " 元。已按" + stated.unit.word +
                     "读入，请核实",
                 "数值若其实是元，把" + std::string(stated.where) + "的单位改为元（或删去）" + or_project_key(job, "元") + "；确是" + stated.unit.word + "的，可忽略本条");
}

// A money column whose unit the project states ([layers.X.units]): read in it, the table's own statements and the
// values' guess set aside; a median the unit puts outside the field's range is still said, values as read.
void warn_off_project_unit(const FieldJob& job, const Column& col, IssueLog& log) {
  const auto median = median_as_written(col);
  if (!median || job.range.plausible(*median * job.project_unit->factor)) return;
  const double yuan = *median * job.project_unit->factor;
  const bool small = job.range.size(yuan) == MoneyRange::Size::too_small;
  const std::string line = units_key_line(job.spec, job.field.name, job.project_unit->word);
  warn_on_column(log, job.table, job.field, small ? "money_implausibly_small" : "money_unit_doubtful",
                 column_label(job) + "：项目文件写明单位「" + job.project_unit->word + "」，按它读各村的中位数是 " + number_text(yuan) + " 元，" +
                     (small ? "偏低" : "偏高") + "（一般在 " + number_text(job.range.low) + " 到 " + number_text(job.range.high) + " 元之间）；已按项目文件读入，请核实",
                 "核对这一列的实际单位，改正项目文件中的 " + line);
}

// A money column whose statements of its unit disagree ("村集体经济收入（元）" below "金额单位：万元",
// or over a units row saying 万元): one of them is stale (a template's old header, a title copied
// from another table), and neither is the office's word more than the other. The values decide:
// the first statement (name, units row, title) under which a village's median is plausible (100 元
// to 1,000 万元), else the first. Said as a warning either way (money_unit_conflict), naming both.
// A column whose one unit makes its median implausible while 元 would not ("（万元/年）" over
// 56,500: 5.65 亿元 a village; a title's 万元 over 人均收入 7,475) is read in 元 and said
// (money_unit_implausible, tour 13 M19/M20/M1).
std::optional<HeaderUnit> settle_unit_conflict(const FieldJob& job, const Column& col, IssueLog& log) {
  if (job.field.type != FieldType::real || job.field.role != FieldRole::money) return job.header_unit;
  if (job.project_unit) {
    warn_off_project_unit(job, col, log);
    return job.header_unit;
  }
  const auto it = job.spec.fields.find(job.field.name);
  if (it == job.spec.fields.end()) return job.header_unit;
  const std::vector<UnitStatement> stated = money_unit_statements(job, it->second);
  if (stated.empty()) return job.header_unit;
  const auto median = median_as_written(col);
  const auto plausible = [&](double factor) { return median && job.range.plausible(*median * factor); };
  const UnitStatement& first = stated.front();
  const auto other = std::find_if(stated.begin(), stated.end(), [&](const UnitStatement& s) { return s.unit.word != first.unit.word; });
  if (other == stated.end()) {
    if (first.unit.factor == 1.0 || !median) return job.header_unit;
    if (plausible(first.unit.factor)) {
      warn_if_doubtful(job, it->second, first, *median, log);
      return job.header_unit;
    }
    const HeaderUnit read_as = values_unit(job.range, *median);
    if (read_as.factor == 0) return job.header_unit;  // no unit makes it plausible: kept as stated (the township settler may say more)
    warn_on_column(log, job.table, job.field, "money_unit_implausible",
                   "列「" + it->second + "」的" + first.where + "写的是" + first.as_quoted + "，但按" + first.unit.word + "读，各村的中位数是 " +
                       number_text(*median * first.unit.factor / 1e4) + " 万元，不合理；按" + read_as.word + "读是 " +
                       number_text(*median * read_as.factor) + " 元，已按" + read_as.word + "读入",
                   "核对这一列的单位：数值若确是" + read_as.word + "，把" + std::string(first.where) + "的单位改为" + read_as.word +
                       (read_as.factor == 1.0 ? "（或删去）" : "") + "，使单位与数值一致" + or_project_key(job, read_as.word));
    if (read_as.factor == 1.0) return std::nullopt;
    return read_as;
  }
  const bool take_other = !plausible(first.unit.factor) && plausible(other->unit.factor);
  const UnitStatement& taken = take_other ? *other : first;
  warn_on_column(log, job.table, job.field, "money_unit_conflict",
                 "列「" + it->second + "」的" + first.where + "写的是" + first.as_quoted + "，" + other->where + "却写" + other->as_quoted + "，两处不一致：" +
                     (median ? "按数值（中位数 " + number_text(*median) + "）看是" + taken.unit.word + "，" : std::string()) + "已按" + taken.where + "的「" +
                     taken.unit.word + "」读入" + (median ? "（" + number_text(*median) + " → " + number_text(*median * taken.unit.factor) + " 元）" : std::string()),
                 take_other ? "把" + std::string(first.where) + "中的单位改为「" + other->unit.word + "」，使两处一致" + or_project_key(job, other->unit.word)
                            : "核对这一列的单位；" + std::string(other->where) + "的" + other->as_quoted + "若只指别的列，在这些列的列名里写明单位，把" + other->where + "这句删去");
  if (taken.unit.factor == 1.0) return std::nullopt;
  return taken.unit;
}

// A share or ratio column named "（%）" whose plain numbers lie within ±1 (参保率 1, 0.95,
// 0.85 …): a template's header filled with fractions. Read as 1 % they would fail every village,
// so the values decide: read as fractions, said once (percent_header_over_fractions, tour 12 L34).
// A few values beyond ±1 among them (one 95.8 typed as the header asks, tour 13 M2) do not make
// the column percent: they alone take the header's %, the rest stay fractions, and the warning
// names them. A few values cannot tell (one "1" is 1 %): at least three non-zero ones within ±1
// are needed, and nine in ten of the non-zero ones.
std::optional<HeaderUnit> settle_percent_header(const FieldJob& job, const Column& col, IssueLog& log) {
  if (!job.header_unit || job.header_unit->factor != 0.01 || job.header_unit->from_project) return job.header_unit;
  const std::vector<double> values = plain_numbers(col);
  const auto nonzero = std::count_if(values.begin(), values.end(), [](double v) { return v != 0; });
  const auto beyond = std::count_if(values.begin(), values.end(), [](double v) { return std::fabs(v) > 1; });
  const auto within = nonzero - beyond;
  if (within < 3 || beyond * 10 > nonzero) return job.header_unit;
  const auto it = job.spec.fields.find(job.field.name);
  const std::string column = it == job.spec.fields.end() ? job.field.name : it->second;
  const double example = *std::find_if(values.begin(), values.end(), [](double v) { return v != 0 && std::fabs(v) <= 1; });
  // Where the % was stated: the column's name, or a units row under the header (tour 13 M17).
  const bool row = job.header_unit->from_units_row;
  const std::string stated = "列「" + column + "」的" + (row ? "表头下的单位行" : "列名") + "写的是「%」";
  const std::string as_fractions = "按小数读入（" + number_text(example) + " 即 " + number_text(example * 100) + "%），未按百分数换算";
  std::string message = stated + "，但全部 " + with_thousands(values.size()) + " 个数值都不大于 1（如 " + number_text(example) + "）：" + as_fractions;
  if (beyond > 0) {
    const double big = *std::find_if(values.begin(), values.end(), [](double v) { return std::fabs(v) > 1; });
    message = stated + "，但 " + with_thousands(values.size()) + " 个数值中 " + with_thousands(values.size() - static_cast<size_t>(beyond)) + " 个不大于 1（如 " +
              number_text(example) + "）：这些" + as_fractions + "；大于 1 的 " + with_thousands(static_cast<size_t>(beyond)) + " 个（如 " + number_text(big) +
              "）按列名的百分数读入（即 " + number_text(big / 100) + "）";
  }
  warn_on_column(log, job.table, job.field, "percent_header_over_fractions", message,
                 beyond > 0 ? "核对这一列：一列只用一种写法（都写小数，或都写百分数，95 表示 95%），再把" + std::string(row ? "单位行" : "列名") + "中的「%」与之对应"
                 : row      ? "把单位行中这一列的「%」删去，或把数值写成百分数（95 表示 95%）；一列只用一种写法"
                            : "把列名中的「（%）」删去，或把数值写成百分数（95 表示 95%）；一列只用一种写法");
  if (beyond == 0) return std::nullopt;
  HeaderUnit some = *job.header_unit;
  some.above_one_only = true;
  return some;
}

// A （%） column most of whose townships typed percents: the rows of a township that typed
// fractions (tour 13 M14), which keep them (fraction_townships_under_percent).
std::vector<char> own_unit_rows(const FieldJob& job, const Column& col, IssueLog& log) {
  if (!job.header_unit || job.header_unit->factor != 0.01 || job.header_unit->above_one_only) return {};
  const std::string stated = column_label(job) + "：" + (job.header_unit->from_units_row ? "表头下的单位行" : "列名") + "写的是「%」";
  return fraction_townships_under_percent(job.table, job.field, stated, plain_by_row(col), log);
}

// A plain number (no unit of its own) of row `r` in a column whose name states a unit.
double with_header_unit(const FieldJob& job, size_t r, double v, FieldStats& st) {
  if (!job.header_unit || (job.header_unit->above_one_only && std::fabs(v) <= 1)) return v;
  if (r < job.own_unit_rows.size() && job.own_unit_rows[r]) return v;
  const double out = v * job.header_unit->factor;
  if (st.header_scaled++ == 0) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%g → %g", v, out);
    st.header_example = buf;
    st.header_unit = job.header_unit;  // once per field: the report names it with the first example
  }
  return out;
}

std::string source_text(const Column& c, size_t row) {
  if (c.type() == FieldType::real) return code_from_number(c.get_real(row));
  return c.as_text(row);
}

// A text value through the project's mapping, then the vocabulary; counts what did it. A value neither lists is
// tried again with its traditional characters simplified (縣道 → 县道; tour 18 S13), and said as mapped.
std::optional<std::string> map_value(const FieldJob& job, const std::string& raw, FieldStats& st, bool folded = false) {
  const std::string key = value_key(raw);
  if (auto it = job.project.find(key); it != job.project.end()) {
    ++st.by_project[{raw, it->second}];
    return it->second;
  }
  if (job.project_endings)
    if (auto v = job.project_endings->lookup(raw)) {
      ++st.by_project[{raw, *v}];
      return v;
    }
  if (job.vocab_table) {
    if (auto v = job.vocab_table->lookup(raw)) {
      if (value_key(*v) != key || folded) ++st.by_vocab[{raw, *v}];
      return v;
    }
  } else if (job.field.type == FieldType::boolean) {
    if (key == "true" || key == "1") return std::string("true");
    if (key == "false" || key == "0") return std::string("false");
  }
  if (folded) return std::nullopt;
  auto known = st.simplified.find(raw);
  if (known == st.simplified.end()) known = st.simplified.emplace(raw, simplified_han(raw)).first;
  const std::string& simple = known->second;
  if (simple == raw) return std::nullopt;
  FieldStats seen;
  auto v = map_value(job, simple, seen, true);
  if (v) ++(seen.by_project.empty() ? st.by_vocab : st.by_project)[{raw, *v}];
  return v;
}

Column convert_boolean(const FieldJob& job, const Column& col, FieldStats& st) {
  Column out(job.field.name, FieldType::boolean);
  out.reserve(col.size());
  for (size_t r = 0; r < col.size(); ++r) {
    if (col.is_null(r)) { out.push_null(); continue; }
    const std::string raw = source_text(col, r);
    if (value_key(raw).empty()) { out.push_null(); continue; }
    ++st.nonnull;
    std::optional<std::string> v;
    if (col.type() != FieldType::text && job.project.empty()) {
      const double n = *col.number(r);
      if (n == 0 || n == 1) v = n == 1 ? "true" : "false";
    } else {
      v = map_value(job, raw, st);
    }
    if (v) { out.push_bool(*v == "true"); ++st.converted; }
    else { out.push_null(); st.bad(raw, job.table.fid[r]); }
  }
  return out;
}

Column convert_text(const FieldJob& job, const Column& col, FieldStats& st) {
  Column out(job.field.name, FieldType::text);
  out.reserve(col.size());
  const bool mapped = job.vocab_table || !job.project.empty();
  for (size_t r = 0; r < col.size(); ++r) {
    if (col.is_null(r)) { out.push_null(); continue; }
    const std::string raw = source_text(col, r);
    if (value_key(raw).empty()) { out.push_null(); continue; }
    ++st.nonnull;
    if (!mapped && job.field.role == FieldRole::code) {
      auto code = col.type() == FieldType::real ? code_from_real(col.get_real(r)) : normalise_code(raw);
      if (code && padded_code(*code)) {  // tour 17 R14, tour 19 T7/T16/T17: a 行政村 code in a 15-digit system
        code->resize(12);
        if (st.padded++ == 0) st.padded_example = raw;
      }
      if (code) { out.push_text(*code); ++st.converted; }
      else { out.push_null(); ++st.digits_lost[raw]; }
    } else if (!mapped) {
      out.push_text(raw);
      ++st.converted;
    } else if (auto v = map_value(job, raw, st)) {
      out.push_text(*v);
      ++st.converted;
    } else {
      out.push_null();
      st.bad(raw, job.table.fid[r]);
    }
  }
  return out;
}

// A number, or with the vocabulary's list separator ("500000;220000") the largest of
// the listed numbers (every part must be one: "10000;abc" is not a number).
std::optional<double> parse_listed(const std::string& raw, const NumberWords& words, const std::string& sep) {
  if (sep.empty() || raw.find(sep) == std::string::npos) return parse_number(raw, words);
  std::optional<double> best;
  for (size_t start = 0; start <= raw.size();) {
    const size_t end = std::min(raw.find(sep, start), raw.size());
    const auto v = parse_number(std::string_view(raw).substr(start, end - start), words);
    if (!v) return std::nullopt;
    best = best ? std::max(*best, *v) : *v;
    start = end + sep.size();
  }
  return best;
}

Column convert_number(const FieldJob& job, const Column& col, FieldStats& st) {
  Column out(job.field.name, FieldType::real);
  out.reserve(col.size());
  const double scale = job.vocab.scale_for(job.kind, job.field.name);
  const NumberWords words = number_words(job);
  for (size_t r = 0; r < col.size(); ++r) {
    if (col.is_null(r)) { out.push_null(); continue; }
    std::optional<double> v;
    if (col.type() != FieldType::text) {
      v = col.number(r);
      if (v) v = with_header_unit(job, r, *v, st);
    } else {
      const std::string raw(col.get_text(r));
      if (value_key(raw).empty()) { out.push_null(); continue; }
      if (auto it = job.project.find(value_key(raw)); it != job.project.end()) {
        v = parse_number(it->second, words);
        if (v) ++st.by_project[{raw, it->second}];
      } else {
        v = parse_listed(raw, words, job.vocab.list_separator);
        if (v && !parse_number(raw, NumberWords{})) ++st.by_vocab[{raw, code_from_number(*v)}];  // 6.2万, 1,234, 12%: said once
        else if (v) v = with_header_unit(job, r, *v, st);
        if (const std::string k = value_key(raw); v && words.fraction && (k.ends_with("%") || k.ends_with("\xEF\xBC\x85"))) st.own_percent.emplace_back(r, raw);
      }
      if (!v) st.bad(raw, job.table.fid[r]);
    }
    ++st.nonnull;
    if (v) { out.push_real(*v * scale); ++st.converted; }
    else out.push_null();
  }
  return out;
}

// The project's mapping for a field, checked against the vocabulary's canonical values.
Result<void> project_mapping(FieldJob& job) {
  auto it = job.spec.values.find(job.field.name);
  if (it == job.spec.values.end()) return {};
  for (const auto& [from, to] : it->second) {
    const bool is_bool = to == "true" || to == "false";
    bool ok = true;
    if (job.field.type == FieldType::boolean) ok = is_bool;
    else if (job.field.type == FieldType::real) ok = parse_number(to, NumberWords{}).has_value();
    else if (job.vocab_table && !job.vocab_table->canonical.empty())
      ok = std::find(job.vocab_table->canonical.begin(), job.vocab_table->canonical.end(), to) != job.vocab_table->canonical.end();
    if (!ok)
      return error(ErrorCode::project, "[layers." + job.spec.name + ".values." + job.field.name + "] \"" + from + "\" = \"" + to + "\": not a value of " + job.field.name)
          .file(job.spec.path)
          .layer(job.spec.name)
          .field(job.field.name)
          .hint(job.field.type == FieldType::boolean ? std::string("map to true or false")
                : job.field.type == FieldType::real  ? std::string("map to a number")
                                                     : "one of: " + join_list(job.vocab_table->canonical));
    job.project[value_key(from)] = to;
    job.project.emplace(value_key(simplified_han(from)), to);  // a key typed in traditional characters (tour 19 T1)
  }
  // Where the vocabulary matches by ending, so do the project's keys ("党群服务中心" = "service_center" for every
  // "XX村党群服务中心"; tour 20 F1: it matched none), with the vocabulary's words for "not there".
  if (job.vocab_table && job.vocab_table->suffix_match) {
    ValueTable endings = *job.vocab_table;
    endings.values.clear();
    endings.strip.clear();
    endings.prefixes.clear();
    for (const auto& [key, to] : job.project) endings.values[key] = to;
    job.project_endings = std::move(endings);
  }
  return {};
}

// A non-canonical field the project maps values of: replaced where listed, kept otherwise.
void map_plain_field(FeatureTable& t, const std::string& field, const std::map<std::string, std::string>& mapping) {
  Column* col = t.column(field);
  if (!col) return;
  std::map<std::string, std::string> keyed;
  for (const auto& [from, to] : mapping) keyed[value_key(from)] = to;
  Column out(col->name(), FieldType::text);
  out.reserve(col->size());
  for (size_t r = 0; r < col->size(); ++r) {
    if (col->is_null(r)) { out.push_null(); continue; }
    const std::string raw = source_text(*col, r);
    auto it = keyed.find(value_key(raw));
    out.push_text(it == keyed.end() ? raw : it->second);
  }
  *col = std::move(out);
}

Result<void> normalise_field(FeatureTable& t, FieldJob& job, Column& col, IssueLog& log) {
  if (auto ok = project_mapping(job); !ok) return ok;
  job.header_unit = header_unit_of(job);
  job.header_unit = settle_unit_conflict(job, col, log);
  job.header_unit = settle_percent_header(job, col, log);
  job.own_unit_rows = own_unit_rows(job, col, log);
  const bool unscaled = job.vocab.scale_for(job.kind, job.field.name) == 1.0 && !job.header_unit;
  const bool numbers_already = job.field.type == FieldType::real && col.type() == FieldType::integer;
  if (job.project.empty() && unscaled && (numbers_already || (col.type() == job.field.type && job.field.type != FieldType::text))) return {};  // typed at the source
  FieldStats st;
  Column out;
  switch (job.field.type) {
    case FieldType::boolean: out = convert_boolean(job, col, st); break;
    case FieldType::real:
    case FieldType::integer: out = convert_number(job, col, st); break;
    case FieldType::text: out = convert_text(job, col, st); break;
  }
  if (job.field.type == FieldType::real && st.nonnull > 0 && st.converted == 0) {
    const std::string was = job.spec.fields.count(job.field.name) ? job.spec.fields.at(job.field.name) : job.field.name;
    return error(ErrorCode::format, std::string("wrong field type: ") + to_string(col.type()) + " values that are not numbers (" + job.field.description + ")")
        .file(t.source)
        .layer(t.name)
        .field(was)
        .hint("map the right column in the project: [layers." + t.name + ".fields] " + job.field.name + " = \"<column>\"");
  }
  if (const auto& u = job.header_unit; u && u->factor == 0.01 && !u->from_project && !u->above_one_only && job.own_unit_rows.empty()) {
    std::set<size_t> own_sign;
    for (const auto& [r, raw] : st.own_percent) own_sign.insert(r);
    unknown_fractions_among_percents(job.table, job.field, column_label(job), out, own_sign, log);
  }
  if (job.field.role == FieldRole::share || job.field.role == FieldRole::fraction)  // the mapped-values line says what was used: 未知
    for (const std::string& raw : unknown_percent_on_fractions(job.table, job.field, column_label(job), out, st.own_percent, log)) {
      size_t n = 0;
      for (auto it = st.by_vocab.lower_bound({raw, {}}); it != st.by_vocab.end() && it->first.first == raw; it = st.by_vocab.erase(it)) n += it->second;
      st.by_vocab[{raw, "未知"}] = n;
    }
  report_mapped(job, st, log);
  report_header_unit(job, st, log);
  report_unmapped(job, st, log);
  report_digits_lost(job, st, log);
  col = std::move(out);
  return {};
}

// A key of [layers.X.fields] one or two letters from a standard field of the layer
// ("poor_populaton") leaves the rule that reads the standard name without its column: said,
// with the name meant. Other keys (name, elevation_m, a county's own) are read as written.
void report_mistyped_field_keys(const FeatureTable& t, const LayerSpec& spec, const std::string& kind, IssueLog& log) {
  const auto& fields = canonical_fields(kind);
  auto standard = [&](const std::string& key) { return std::any_of(fields.begin(), fields.end(), [&](const CanonicalField& cf) { return cf.name == key; }); };
  for (const auto& [key, column] : spec.fields) {
    if (key == spec.join_key || key == "name" || standard(key)) continue;
    const CanonicalField* near = nullptr;
    for (const CanonicalField& cf : fields)
      if (!spec.fields.count(cf.name) && util::edit_distance(key, cf.name) <= 2 && (!near || util::edit_distance(key, cf.name) < util::edit_distance(key, near->name))) near = &cf;
    if (!near) continue;
    Issue i;
    i.file = t.source;
    i.layer = t.name;
    i.field = column;
    i.code = "field_key_unknown";
    i.severity = Severity::warning;
    i.message = "项目文件 [layers." + spec.name + ".fields] 中的 " + key + " 不是标准字段名，是不是 " + near->name + "（" + near->description + "）？列「" + column +
                "」按 " + key + " 读入，读 " + near->name + " 的规则用不上它";
    i.hint = "改为 " + near->name + " = \"" + column + "\"";
    log.add(std::move(i));
  }
}

}  // namespace

// Money read in 元 whose typical value is below 100 元 (a village's collective income of 5.65
// 元) was almost surely written in 万元 with the unit stated nowhere: said, not guessed.
void report_implausible_money(const FeatureTable& t, const LayerSpec& spec, const CanonicalField& cf, const MoneyRange& range, const Column& col,
                              IssueLog& log, std::string_view title_block) {
  std::vector<double> values;
  for (size_t r = 0; r < col.size(); ++r)
    if (const auto v = col.number(r); v && *v > 0) values.push_back(*v);
  if (values.size() < 5) return;
  const double median = median_of(std::move(values));
  if (range.size(median) != MoneyRange::Size::too_small) return;
  const auto it = spec.fields.find(cf.name);
  const std::string column = it == spec.fields.end() ? cf.name : it->second;
  const std::string buf = number_text(median);
  Issue i;
  i.severity = Severity::warning;
  i.code = "money_implausibly_small";
  i.file = t.source;
  i.layer = t.name;
  i.field = cf.name;
  // Advice that fits what the table already says: a unit in the column's name is replaced, not appended to;
  // a title row that states a unit is corrected, not written again.
  const bool named = unit_in_header(column, NumberWords{}).has_value() || column.find("元）") != std::string::npos || column.find("元)") != std::string::npos;
  const bool titled = title_block.find("金额单位") != std::string_view::npos ||
                      (title_block.find("单位") != std::string_view::npos && title_block.find("元") != std::string_view::npos);
  i.message = "列「" + column + "」按元读入，但一半的值不到 " + buf + " 元：看起来是以万元（或千元）填写的" +
              (named ? "，而列名写的是元" : titled ? "，而表头上方的单位不是万元" : "，单位没有写明");
  // Which of 万元 and 千元 the values are in only the office knows: the hint names both, with what
  // each would make of the median, never one unit the values may not have (tour 12 L33).
  const std::string either = "万元（中位数 " + buf + " 即 " + number_text(median * 1e4) + " 元）还是千元（" + number_text(median * 1e3) + " 元）";
  // A DBF, shapefile or GeoPackage has no title rows and a DBF's names hold 10 bytes (tour 14 N13): there the project
  // key is the way; a CSV or workbook may also write it in the table.
  const std::string key = "在项目文件写明：" + units_key_line(spec, cf.name, "万元") + "（或 \"千元\"）";
  i.hint = !names_carry_units(t.source) ? "核对实际单位是" + either + "，" + key
           : named                      ? "核对实际单位是" + either + "，再把列名「" + column + "」括号中的单位改为实际单位；或" + key
           : titled ? "核对实际单位是" + either + "，再把表头上方的金额单位改为实际单位，如「金额单位：万元」；或" + key
                    : "核对实际单位是" + either + "，在列名写明，如「" + column + "（万元）」，或在表头上方写「金额单位：万元」；或" + key;
  log.add(std::move(i));
}

Result<void> normalise_schema(FeatureTable& t, const LayerSpec& spec, IssueLog& log, std::string_view title_block) {
  return normalise_schema_with_units(t, spec, log, title_block, {});
}

Result<void> normalise_schema_with_units(FeatureTable& t, const LayerSpec& spec, IssueLog& log, std::string_view title_block,
                                         const std::map<std::string, std::string>& column_units) {
  auto vocab = load_vocabulary(spec.vocabulary);
  if (!vocab) {
    Error e = vocab.error();
    if (util::no_data_dir()) return tl::unexpected<Error>(e);  // not this layer's fault: said once, as where jiuyou looked
    if (e.file.empty()) e.file = spec.path;
    e.layer = spec.name;
    return tl::unexpected<Error>(e);
  }
  const std::string kind = layer_kind(spec);
  if (auto ok = check_project_units(spec, kind, *vocab); !ok) return ok;
  report_mistyped_field_keys(t, spec, kind, log);
  split_listed_kinds(t, spec, kind, *vocab, log);  // 「党员群众服务中心、村卫生室」: one feature per kind (tour 20 F6)
  for (const auto& [field, mapping] : spec.values)
    if (!t.column(field)) {
      Issue i;
      i.severity = Severity::warning;
      i.code = "values_field_missing";
      i.file = t.source;
      i.layer = t.name;
      i.field = field;
      i.message = "[layers." + spec.name + ".values." + field + "] 映射的字段在图层中不存在，未使用";
      i.hint = "值映射按标准字段名写（先在 [layers." + spec.name + ".fields] 里映射列名）";
      log.add(std::move(i));
    }
  for (const CanonicalField& cf : canonical_fields(kind)) {
    Column* col = t.column(cf.name);
    if (!col) continue;
    FieldJob job{t, spec, kind, cf, *vocab, vocab->table_for(kind, cf.name), {}, std::nullopt, title_block, &column_units, {},
                 vocab->money_range(kind, cf.name), project_unit(spec, cf, *vocab)};
    if (auto ok = normalise_field(t, job, *col, log); !ok) return ok;
    if (cf.role == FieldRole::money) settle_money_by_township(t, spec, cf, job.header_unit ? job.header_unit->factor : 1.0, job.range, log);
    if (cf.role == FieldRole::money && !job.project_unit) report_implausible_money(t, spec, cf, job.range, *t.column(cf.name), log, title_block);
    settle_impossible_rows(t, cf, column_label(job), job.range, log);  // a negative count, one row's 万元 in a 元 column (tour 18 S12, S25)
    if (cf.role == FieldRole::share || cf.role == FieldRole::fraction) settle_percent_units(t, spec, cf, log);
    settle_quantity_unit(t, spec, cf, *vocab, log);  // 电压 in volts, 半径 in 公里 (tour 17 R9, R10)
  }
  status_from_name(t, spec, kind, *vocab, log);  // 「…卫生室（停用）」 under 类型 村卫生室 (tour 20 F4)
  for (const auto& [field, mapping] : spec.values) {
    const auto& fields = canonical_fields(kind);
    if (std::none_of(fields.begin(), fields.end(), [&](const CanonicalField& cf) { return cf.name == field; })) map_plain_field(t, field, mapping);
  }
  return {};
}

}  // namespace jiuyou::io
