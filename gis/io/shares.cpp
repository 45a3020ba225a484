// Shares and ratios written as percentages (see shares.hpp).
#include "gis/io/shares.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <vector>

#include "gis/io/count_checks.hpp"
#include "gis/io/numbers.hpp"
#include "gis/util/general.hpp"

namespace jiuyou::io {

namespace {

// One column's non-null numbers, and which of them lie beyond ±1.
struct Census {
  size_t nonzero = 0, beyond_one = 0;
  double largest = 0;
};

Census count_values(const Column& c) {
  Census s;
  for (size_t r = 0; r < c.size(); ++r)
    if (const auto v = c.is_null(r) ? std::nullopt : c.number(r)) {
      if (*v != 0) ++s.nonzero;
      if (std::fabs(*v) > 1) ++s.beyond_one;
      s.largest = std::max(s.largest, std::fabs(*v));
    }
  return s;
}

// What one pass over the column did to each value.
enum class Fate { keep, divide, unknown, listed };

struct Outcome {
  size_t changed = 0, divided = 0;
  std::vector<std::pair<size_t, double>> unknown;  // (row, value as read) of those made unknown
  std::vector<int64_t> fids;  // the first few of those made unknown or listed
  std::string example;        // "95 → 0.95"
};

std::string number_text(double v) { return util::general(v); }

// Each value's fate by its row and value (fate(row, value)).
template <class FateOf>
Outcome apply_by_row(const FeatureTable& t, Column& c, FateOf fate) {
  Outcome o;
  Column out(c.name(), FieldType::real);
  out.reserve(c.size());
  for (size_t r = 0; r < c.size(); ++r) {
    const auto v = c.is_null(r) ? std::nullopt : c.number(r);
    if (!v) { out.push_null(); continue; }
    const Fate f = fate(r, *v);
    switch (f) {
      case Fate::keep: out.push_real(*v); break;
      case Fate::divide:
        out.push_real(*v / 100);
        ++o.divided;
        if (o.example.empty() && *v != 0) o.example = number_text(*v) + " → " + number_text(*v / 100);
        break;
      case Fate::unknown:
      case Fate::listed:
        if (f == Fate::unknown) {
          out.push_null();
          o.unknown.emplace_back(r, *v);
        } else {
          out.push_real(*v);
        }
        ++o.changed;
        if (o.fids.size() < 8) o.fids.push_back(t.fid[r]);
        break;
    }
  }
  c = std::move(out);
  return o;
}

// By value only (the same rule for every row).
Outcome apply(const FeatureTable& t, Column& c, Fate (*fate)(double)) {
  return apply_by_row(t, c, [fate](size_t, double v) { return fate(v); });
}

std::string fid_list(const Outcome& o) {
  std::string s;
  for (int64_t f : o.fids) s += (s.empty() ? "" : ", ") + std::to_string(f);
  return s + (o.changed > o.fids.size() ? " …" : "");
}

// Each value made unknown, for the check's evidence (value_set_unknown: "数据不合理：…", never
// "缺少数据" for a value that is in the file): the value as read and what is wrong with it
// (`why` empty: a value in (0, 1] among percentages, 1 % or 100 %?).
void say_each_unknown(IssueLog& log, const FeatureTable& t, const CanonicalField& f, const Outcome& o, const std::string& why) {
  for (const auto& [r, v] : o.unknown)
    record_value_set_unknown(log, t, r, f.name,
                             why.empty() ? number_text(v) + "，在按百分数填报的列中不知是 " + number_text(v) + "% 还是 " + number_text(v * 100) + "%" : number_text(v) + why);
}

const char* const k_one_or_hundred = "";  // say_each_unknown words it with the value
const char* const k_no_unit = " 大于 1，其他村是小数，无法判断是小数还是百分数";

}  // namespace

double median_of(std::vector<double> v) {
  const auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
  std::nth_element(v.begin(), mid, v.end());
  return *mid;
}

void warn_on_column(IssueLog& log, const FeatureTable& t, const CanonicalField& f, const char* code, std::string message, std::string hint) {
  Issue i;
  i.severity = Severity::warning;
  i.code = code;
  i.file = t.source;
  i.layer = t.name;
  i.field = f.name;
  i.message = std::move(message);
  i.hint = std::move(hint);
  log.add(std::move(i));
}

std::string township_of(const FeatureTable& t, size_t r) {
  if (const Column* c = t.column("township"); c && !c->is_null(r)) {
    const std::string s = c->as_text(r);
    if (!s.empty()) return s;
  }
  if (const Column* c = t.column("code"); c && !c->is_null(r)) {
    const std::string s = c->as_text(r);
    if (s.size() == 12 && s.find_first_not_of("0123456789") == std::string::npos) return s.substr(0, 9);
  }
  return {};
}

std::string county_of(const FeatureTable& t, size_t r) {
  const Column* c = t.column("code");
  if (!c || c->is_null(r)) return {};
  const std::string s = c->as_text(r);
  return s.size() == 12 && s.find_first_not_of("0123456789") == std::string::npos ? s.substr(0, 6) : std::string{};
}

std::map<std::string, TownshipValues> group_by_township(const FeatureTable& t, const Column& c) {
  std::map<std::string, TownshipValues> towns;
  for (size_t r = 0; r < c.size(); ++r) {
    const auto v = c.is_null(r) ? std::nullopt : c.number(r);
    if (!v) continue;
    std::string town = township_of(t, r);
    if (town.empty()) continue;
    std::string county = county_of(t, r);
    TownshipValues& g = towns[county + '\x1f' + town];
    if (g.rows.empty()) g.county = std::move(county), g.name = std::move(town);
    g.rows.push_back(r);
    g.values.push_back(*v);
  }
  return towns;
}

std::string township_label(const std::string& key) {
  return key.size() == 9 && key.find_first_not_of("0123456789") == std::string::npos ? "乡镇 " + key : key;
}

namespace {

// A value that reads as a township's name (福古镇, 白桑关乡, 城关街道, 城关办事处).
bool township_name_like(std::string_view s) {
  for (const std::string_view end : {"镇", "乡", "街道", "办事处"})
    if (s.size() > end.size() && s.substr(s.size() - end.size()) == end) return true;
  return false;
}

}  // namespace

std::string township_label(const FeatureTable& t, const TownshipValues& g) {
  const bool code = g.name.size() == 9 && g.name.find_first_not_of("0123456789") == std::string::npos;
  if (!code || g.rows.empty()) return township_label(g.name);
  // The table's own 乡镇 column (not mapped: the township came from the village code), as the office reads it.
  for (const Column& c : t.columns) {
    if (c.type() != FieldType::text) continue;
    const auto name_at = [&](size_t r) { return c.is_null(r) ? std::string() : c.as_text(r); };
    const std::string first = name_at(g.rows.front());
    if (!township_name_like(first)) continue;
    if (std::all_of(g.rows.begin(), g.rows.end(), [&](size_t r) { return name_at(r) == first; })) return first + "（" + g.name + "）";
  }
  return township_label(g.name);
}

namespace {

// One township's values of the column, and how they lie about ±1.
struct Township : TownshipValues {
  std::vector<double> magnitudes;  // |v| of the non-zero ones
  size_t beyond_one = 0;
  double largest = 0;
};

// Percent and fraction differ by 100×; townships of one county differ by a few times at most.
constexpr double k_percent_low = 25, k_percent_high = 400;
// A township whose median is this many times the county's is no fraction column's township.
constexpr double k_township_far = 5;
// A lone ratio beyond 1 this many times the column's typical value moves the county mean.
constexpr double k_lone_far = 20;
// In a column read as percent, a share read as 1 % or less where the column's typical share is this high is 1 % or
// 100 % typed as 1; a ratio read as 1 % or less is in doubt where 100 times it is a typical value.
constexpr double k_small_share_typical = 0.5, k_small_share_read = 0.01;

std::map<std::string, Township> townships_of(const FeatureTable& t, const Column& c) {
  std::map<std::string, Township> towns;
  for (auto& [key, values] : group_by_township(t, c)) {
    Township& g = towns[key];
    static_cast<TownshipValues&>(g) = std::move(values);
    for (const double v : g.values) {
      if (v != 0) g.magnitudes.push_back(std::fabs(v));
      if (std::fabs(v) > 1) ++g.beyond_one;
      g.largest = std::max(g.largest, std::fabs(v));
    }
  }
  return towns;
}

// A township read as percent, for the message said after all were judged.
struct Converted {
  std::string name;  // the township, as warnings name it (township_label)
  size_t villages = 0;
  std::string example;
  size_t ambiguous = 0;
  std::string message;
};

}  // namespace

std::vector<char> fraction_townships_under_percent(const FeatureTable& t, const CanonicalField& field, const std::string& stated,
                                                   const std::vector<std::optional<double>>& plain, IssueLog& log) {
  Column numbers(field.name, FieldType::real);
  numbers.reserve(plain.size());
  for (const auto& v : plain) {
    if (v) numbers.push_real(*v);
    else numbers.push_null();
  }
  std::vector<char> keep;
  const std::map<std::string, Township> towns = townships_of(t, numbers);
  std::vector<double> percents;
  for (const auto& [key, g] : towns)
    if (2 * g.beyond_one > g.magnitudes.size()) percents.insert(percents.end(), g.magnitudes.begin(), g.magnitudes.end());
  if (towns.size() < 2 || percents.size() < 3) return keep;
  const double typical = median_of(percents);
  for (const auto& [key, g] : towns) {
    if (g.magnitudes.size() < 3 || 2 * g.beyond_one > g.magnitudes.size()) continue;
    const double own = median_of(g.magnitudes), ratio = typical / own;
    if (!(ratio >= k_percent_low && ratio <= k_percent_high)) continue;
    keep.resize(plain.size(), 0);
    size_t kept = 0;
    double example = 0;
    for (size_t i = 0; i < g.rows.size(); ++i)
      if (std::fabs(g.values[i]) <= 1) {
        keep[g.rows[i]] = 1;
        ++kept;
        if (example == 0) example = g.values[i];
      }
    const std::string town = township_label(t, g);
    warn_on_column(log, t, field, "percent_header_over_fractions",
        stated + "，其他乡镇按百分数填报（中位数 " + number_text(typical) + "），但" + town + " " + with_thousands(g.rows.size()) + " 个村的值是小数（中位数 " + number_text(own) +
            "，约小 100 倍）：" + (kept == g.rows.size() ? std::string("这些值") : "其中不大于 1 的 " + with_thousands(kept) + " 个") + "按小数读入（" + number_text(example) +
            " 即 " + number_text(example * 100) + "%），未按百分数换算",
        "请" + town + " 与全县一样按百分数填写（" + number_text(example * 100) + " 表示 " + number_text(example * 100) + "%），或带百分号；一列只用一种写法");
  }
  return keep;
}

namespace {

// Once per county whose every township (two or more) was read as percent, without a value in
// doubt (tour 12 L17: one county of two in percent gave 34 warnings); otherwise once per township.
void say_converted(const FeatureTable& t, const CanonicalField& field, const std::string& label, const std::map<std::string, Township>& towns,
                   const std::map<std::string, std::vector<Converted>>& converted, double typical, IssueLog& log) {
  std::map<std::string, size_t> in_county;
  for (const auto& [key, g] : towns) ++in_county[g.county];
  for (const auto& [county, list] : converted) {
    const bool whole = !county.empty() && list.size() >= 2 && list.size() == in_county[county] &&
                       std::all_of(list.begin(), list.end(), [](const Converted& c) { return c.ambiguous == 0; });
    if (whole) {
      size_t villages = 0;
      for (const Converted& c : list) villages += c.villages;
      warn_on_column(log, t, field, "percent_by_township",
          label + "：县 " + county + " 全部 " + with_thousands(list.size()) + " 个乡镇（" + with_thousands(villages) + " 个村）的值按百分数填报（" + list.front().example +
              "），已换算（其他县按小数填报，中位数 " + number_text(typical) + "）",
          "请县 " + county + " 与其他县一样写成小数，或带百分号（95%）；一列只用一种写法");
      continue;
    }
    for (const Converted& c : list)
      warn_on_column(log, t, field, "percent_by_township", c.message, "请" + c.name + " 与全县一样写成小数，或带百分号（95%）；一列只用一种写法");
  }
}

// In a column of fractions, a township most of whose values lie beyond 1: at ~100× the
// typical value of the townships written in fractions it was filled in percent, and its
// values are divided (a share's (0, 1] then ambiguous, unknown); otherwise no unit fits and
// its values beyond 1 are unknown. Each township said once, with its count and an example.
void settle_by_township(FeatureTable& t, Column& c, const CanonicalField& field, const std::string& label, IssueLog& log) {
  const std::map<std::string, Township> towns = townships_of(t, c);
  std::vector<double> rest;
  for (const auto& [key, g] : towns)
    if (g.beyond_one == 0) rest.insert(rest.end(), g.magnitudes.begin(), g.magnitudes.end());
  if (towns.size() < 2 || rest.size() < 3) return;
  const double typical = median_of(rest);
  if (!(typical > 0)) return;
  const bool share = field.role == FieldRole::share;
  std::map<std::string, std::vector<Converted>> converted;  // county -> its townships read as percent
  for (const auto& [key, g] : towns) {
    if (g.beyond_one == 0 || g.magnitudes.empty()) continue;
    const double own = median_of(g.magnitudes), ratio = own / typical;
    // Most values beyond 1, or a township whose typical value is far from the county's (0.36-1.45
    // among 0.02-0.17: tour 12 L14); otherwise scattered values, judged one by one.
    const bool far = ratio >= k_township_far && ratio < k_percent_low && g.magnitudes.size() >= 3;
    if (2 * g.beyond_one <= g.magnitudes.size() && !far) continue;
    std::vector<char> in(c.size(), 0);
    for (size_t r : g.rows) in[r] = 1;
    const std::string town = township_label(t, g), who = town + " " + with_thousands(g.rows.size()) + " 个村";
    const std::string compared = "（该乡镇中位数 " + number_text(own) + "，按小数填报的乡镇 " + number_text(typical) + "）";
    if (g.largest <= (share ? 100.0 : 1000.0) && ratio >= k_percent_low && ratio <= k_percent_high) {
      Outcome amb;
      if (share) amb = apply_by_row(t, c, [&](size_t r, double v) { return in[r] && v > 0 && v <= 1 ? Fate::unknown : Fate::keep; });
      const Outcome div = apply_by_row(t, c, [&](size_t r, double) { return in[r] ? Fate::divide : Fate::keep; });
      std::string message = label + "：" + who + "的值按百分数填报（" + div.example + "），已换算" + compared;
      if (amb.changed)
        message += "；该乡镇另有 " + with_thousands(amb.changed) + " 个值在 0 到 1 之间（1% 还是 100%？），记为未知（要素 " + fid_list(amb) + "）";
      converted[g.county].push_back({town, g.rows.size(), div.example, amb.changed, std::move(message)});
      say_each_unknown(log, t, field, amb, k_one_or_hundred);
    } else {
      // A far township: all its values are in doubt, not only those beyond 1 (0.9 would be 90 % growth).
      const Outcome o = apply_by_row(t, c, [&](size_t r, double v) { return in[r] && (far || std::fabs(v) > 1) ? Fate::unknown : Fate::keep; });
      warn_on_column(log, t, field, "percent_township_ambiguous",
          label + "：" + who + "中 " + with_thousands(o.changed) + (o.changed > g.beyond_one ? " 个值（" + with_thousands(g.beyond_one) + " 个大于 1）" : std::string(" 个值大于 1")) + compared +
              "，与其他乡镇相差不是约 100 倍，既不像小数也不像百分数，无法判断单位，记为未知（要素 " + fid_list(o) + "）",
          "核对" + town + " 这一列的数据，写成小数（0.95）或带百分号（95%）");
      say_each_unknown(log, t, field, o, k_no_unit);
    }
  }
  say_converted(t, field, label, towns, converted, typical, log);
}

// A ratio beyond 1 at 20× or more the column's typical value (收入增长率 3.5 among 0.05s: 3.5 %
// typed for 0.035) is no village's growth: kept, it moves the county mean that every village is
// compared with (52 villages flipped in tour 12 L14). Made unknown, named (ratio_far_outside).
void settle_lone_ratios(FeatureTable& t, Column& c, const CanonicalField& field, const std::string& label, IssueLog& log) {
  std::vector<double> fractions;
  for (size_t r = 0; r < c.size(); ++r)
    if (const auto v = c.is_null(r) ? std::nullopt : c.number(r); v && *v != 0 && std::fabs(*v) <= 1) fractions.push_back(std::fabs(*v));
  if (fractions.size() < 3) return;
  const double typical = median_of(fractions);
  const Outcome far = apply_by_row(t, c, [&](size_t, double v) { return std::fabs(v) > 1 && std::fabs(v) >= k_lone_far * typical ? Fate::unknown : Fate::keep; });
  if (far.changed == 0) return;
  warn_on_column(log, t, field, "ratio_far_outside",
      label + "：" + with_thousands(far.changed) + " 个值远超其他村（如 " + number_text(far.unknown.front().second) + "，全列中位数 " + number_text(typical) +
          "），像是把百分数写成了数（3.5 即 3.5%？），记为未知，不计入全县平均（要素 " + fid_list(far) + "）",
      "核对这些村的数据，写成小数（0.035）或带百分号（3.5%）");
  say_each_unknown(log, t, field, far, " 远超其他村（全列中位数 " + number_text(typical) + "），是百分数还是小数无法判断");
}

// A share beyond 1 among fractions can mean nothing but a percent: a share never exceeds 1, so
// "100" is 100 % (half a township typing 参保率 "100", tour 12 L30) and "95" is 95 % (tour 13 M4).
// Read as percent where that lands among the column's fractions (at least a fifth of their median:
// 95 among 0.9s → 0.95), listed once (share_hundred_as_percent). A share of 1.5 among 0.9s (0.015?
// 150 %?) stays for the rules below: a slip, not guessed.
void settle_percent_shares(FeatureTable& t, Column& c, const CanonicalField& field, const std::string& label, IssueLog& log) {
  std::vector<double> fractions;
  for (size_t r = 0; r < c.size(); ++r)
    if (const auto v = c.is_null(r) ? std::nullopt : c.number(r); v && *v > 0 && *v <= 1) fractions.push_back(*v);
  const double least = fractions.size() >= 3 ? median_of(fractions) / 5 : 1.0;  // too few fractions: only 100 itself
  std::vector<int64_t> fids;
  size_t n = 0;
  bool all_hundred = true;
  const Outcome o = apply_by_row(t, c, [&](size_t r, double v) {
    if (!(v > 1 && v <= 100 && v / 100 >= least)) return Fate::keep;
    if (fids.size() < 8) fids.push_back(t.fid[r]);
    ++n;
    all_hundred = all_hundred && v == 100;
    return Fate::divide;
  });
  if (o.divided == 0) return;
  std::string list;
  for (int64_t f : fids) list += (list.empty() ? "" : ", ") + std::to_string(f);
  list = "（要素 " + list + (n > fids.size() ? " …" : "") + "）";
  warn_on_column(log, t, field, "share_hundred_as_percent",
      all_hundred ? label + "：" + with_thousands(n) + " 个占比写作 100（其余是小数），只能是 100%，已按 1 读入" + list
                  : label + "：" + with_thousands(n) + " 个占比大于 1（其余是小数），占比不会超过 1，只能是百分数，已按百分数读入（" + o.example + "）" + list,
      "一列只用一种写法：写成小数（1、0.95），或带百分号（100%、95%）");
}

}  // namespace

void settle_percent_units(FeatureTable& t, const LayerSpec& spec, const CanonicalField& field, IssueLog& log) {
  Column* c = t.column(field.name);
  if (!c || c->type() == FieldType::text || c->type() == FieldType::boolean) return;
  const Census s = count_values(*c);
  if (s.beyond_one == 0) return;
  const bool share = field.role == FieldRole::share;
  std::string label = t.name + "." + field.name;
  if (auto it = spec.fields.find(field.name); it != spec.fields.end()) label += "（列「" + it->second + "」）";
  const std::string write_as = "写成小数（0.95）或带百分号（95%），一列只用一种写法";
  const bool percent_column = 2 * s.beyond_one > s.nonzero && s.largest <= (share ? 100.0 : 1000.0);
  if (percent_column) {
    Outcome amb;
    if (share) amb = apply(t, *c, [](double v) { return v > 0 && v <= 1 ? Fate::unknown : Fate::keep; });
    const Outcome div = apply(t, *c, [](double) { return Fate::divide; });
    warn_on_column(log, t, field, "percent_as_number", label + "：数值是百分数（多数大于 1），全列按百分数读：" + div.example, write_as);
    if (amb.changed)
      warn_on_column(log, t, field, "share_unit_ambiguous",
          label + "：在百分数列中 " + with_thousands(amb.changed) + " 个值在 0 到 1 之间（1% 还是 100%？），记为未知（要素 " + fid_list(amb) + "）",
          "核对这些村的数据，" + write_as);
    say_each_unknown(log, t, field, amb, k_one_or_hundred);
    if (!share) unknown_fractions_among_percents(t, field, label, *c, {}, log);  // 0.09 among 9 % growths (tour 20 N2)
    return;
  }
  settle_by_township(t, *c, field, label, log);
  if (count_values(*c).beyond_one == 0) return;
  if (share) settle_percent_shares(t, *c, field, label, log);
  if (count_values(*c).beyond_one == 0) return;
  if (share) {
    const Outcome o = apply(t, *c, [](double v) { return std::fabs(v) > 1 ? Fate::unknown : Fate::keep; });
    warn_on_column(log, t, field, "share_out_of_range",
        label + "：" + with_thousands(o.changed) + " 个占比大于 1（其余是小数），无法判断单位，记为未知（要素 " + fid_list(o) + "）", "核对这些村的数据，" + write_as);
    say_each_unknown(log, t, field, o, k_no_unit);
  } else {
    settle_lone_ratios(t, *c, field, label, log);
    if (count_values(*c).beyond_one == 0) return;
    const Outcome o = apply(t, *c, [](double v) { return std::fabs(v) > 1 ? Fate::listed : Fate::keep; });
    warn_on_column(log, t, field, "ratio_above_one", label + "：" + with_thousands(o.changed) + " 个值超过 100%（其余是小数），按原值使用，请核对（要素 " + fid_list(o) + "）",
        "若这一列是百分数，" + write_as);
  }
}

void unknown_fractions_among_percents(const FeatureTable& t, const CanonicalField& field, const std::string& label, Column& c,
                                        const std::set<size_t>& own_sign, IssueLog& log) {
  if (field.role != FieldRole::share && field.role != FieldRole::fraction) return;
  const bool share = field.role == FieldRole::share;
  std::vector<double> values;
  for (size_t r = 0; r < c.size(); ++r)
    if (const auto v = c.is_null(r) ? std::nullopt : c.number(r); v && *v != 0) values.push_back(std::fabs(*v));
  if (values.size() < 5) return;
  const double typical = median_of(values);
  if (share ? typical < k_small_share_typical : typical < 3 * k_small_share_read) return;
  // A share: anything read as 1 % or less. A ratio (growth): only where a hundred times it is a typical value
  // (0.09 among 8–10 %: a fraction), not a small growth of its own (0.5 % among 9 %: 50 is no typical value).
  const auto doubtful = [&](double v) {
    const double a = std::fabs(v);
    if (a == 0 || a > k_small_share_read + 1e-12) return false;
    return share || (a * 100 >= typical / 3 && a * 100 <= typical * 3);
  };
  const Outcome o = apply_by_row(t, c, [&](size_t r, double v) { return doubtful(v) && !own_sign.count(r) ? Fate::unknown : Fate::keep; });
  if (o.changed == 0) return;
  const std::string typical_text = number_text(typical * 100) + "%";
  warn_on_column(log, t, field, share ? "share_unit_ambiguous" : "ratio_unit_ambiguous",
      label + "：全列按百分数读（多数值大于 1，中位数 " + typical_text + "），" + with_thousands(o.changed) + " 个值却不大于 1" +
          (share ? std::string("（按百分数读是 1% 或更低）：是这么低，还是写成了小数（1 即 100%）？")
                 : std::string("，乘以 100 正落在多数值之间：像是写成了小数（0.09 即 9%），也可能真是这么低？")) +
          "记为未知（要素 " + fid_list(o) + "）",
      "核对这些村的数据，与全列一样写百分数（9 表示 9%），或带百分号");
  for (const auto& [r, v] : o.unknown)
    record_value_set_unknown(log, t, r, field.name,
                             "写作 " + number_text(v * 100) + "，全列按百分数读（中位数 " + typical_text + "）：不知是 " + number_text(v * 100) + "% 还是 " +
                                 number_text(v * 10000) + "%");
}

std::set<std::string> unknown_percent_on_fractions(const FeatureTable& t, const CanonicalField& field, const std::string& label, Column& out,
                                                   const std::vector<std::pair<size_t, std::string>>& signed_rows, IssueLog& log) {
  std::set<std::string> unknown;
  if (signed_rows.empty()) return unknown;
  std::vector<double> all;
  for (size_t r = 0; r < out.size(); ++r)
    if (const auto v = out.number(r); v && *v > 0) all.push_back(*v);
  if (all.size() < 5) return unknown;
  const double median = median_of(all);
  std::vector<std::string> said;
  size_t n = 0;
  for (const auto& [r, raw] : signed_rows) {
    const auto v = out.number(r);
    if (!v || !(*v > 0) || *v * 30 > median || *v * 100 * 3 < median || *v * 100 > median * 3) continue;
    out.set_null(r);
    unknown.insert(raw);
    record_value_set_unknown(log, t, r, field.name, "「" + raw + "」带百分号，按百分数读只有全列中位数的约百分之一，像是小数后多写了「%」");
    if (n++ < 5) said.push_back("「" + raw + "」");
  }
  if (n == 0) return unknown;
  std::string list;
  for (const auto& s : said) list += (list.empty() ? "" : "，") + s;
  char buf[96];
  std::snprintf(buf, sizeof buf, "（全列中位数 %g，即 %g%%）", median, median * 100);
  warn_on_column(log, t, field, "percent_sign_on_fraction",
                 label + "：" + with_thousands(n) + " 个值带百分号，按百分数读只有全列中位数的约百分之一" + buf + "：" + list +
                     (n > said.size() ? " …" : "") + "。像是小数后多写了「%」（0.0841% 应为 0.0841 或 8.41%），记为未知",
                 "核对这些值：写成小数（0.0841）或百分数（8.41%），不要在小数后加「%」");
  return unknown;
}

}  // namespace jiuyou::io
