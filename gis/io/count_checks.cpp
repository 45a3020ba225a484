#include "gis/io/count_checks.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "gis/util/general.hpp"

namespace jiuyou::io {

namespace {

struct CountPair {
  const char *part, *part_zh, *whole, *whole_zh;
  bool unknown_when_above;  // make the part unknown (else warn only)
  bool whole_too = false;   // the whole unknown as well, and a whole of 0 under a part is as impossible: which of the two
                            // is wrong cannot be told (households and people swapped in a row, tour 20 N4)
};
constexpr CountPair k_pairs[] = {
    {"poor_households", "贫困户数", "households", "总户数", true},
    {"poor_population", "贫困人口", "population", "户籍人口", true},
    {"poor_households_with_project", "有项目贫困户数", "poor_households", "贫困户数", true},
    {"relocate_households", "搬迁户数", "households", "总户数", false},
    // every poor household has at least one poor member: 93 户 over 42 人 is two columns swapped in a row
    {"poor_households", "贫困户数", "poor_population", "贫困人口", true, true},
};

std::string figure(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f", v);
  return buf;
}

}  // namespace

void record_value_set_unknown(IssueLog& log, const FeatureTable& t, size_t row, const std::string& field, std::string message) {
  Issue i;
  i.severity = Severity::info;
  i.code = "value_set_unknown";
  i.file = t.source;
  i.layer = t.name;
  i.feature = row < t.fid.size() ? t.fid[row] : -1;
  i.field = field;
  i.message = std::move(message);
  log.add(std::move(i));
}

void check_count_pairs(FeatureTable& t, IssueLog& log) {
  const Column* code = t.column("code");
  const Column* name = t.column("name");
  for (const CountPair& pair : k_pairs) {
    Column* part = t.column(pair.part);
    Column* whole = t.column(pair.whole);
    if (!part || !whole) continue;
    for (size_t r = 0; r < t.size(); ++r) {
      const auto p = part->number(r), w = whole->number(r);
      if (!p || !w || !(*w > 0 || pair.whole_too) || !(*p > *w)) continue;
      Issue i;
      i.severity = Severity::warning;
      i.code = "implausible_count";
      i.file = t.source;
      i.layer = t.name;
      i.feature = t.fid[r];
      i.field = pair.part;
      const std::string who = (name && !name->is_null(r) ? name->as_text(r) : std::string("村")) + (code && !code->is_null(r) ? "（代码 " + code->as_text(r) + "）" : "");
      i.message = who + "的" + pair.part_zh + " " + figure(*p) + " 多于" + pair.whole_zh + " " + figure(*w) + "，不可能：" +
                  (pair.whole_too                ? "该村的" + std::string(pair.part_zh) + "和" + pair.whole_zh + "都记为未知（可能两列填反了），读它们的项目不作判断"
                   : pair.unknown_when_above ? "该村的" + std::string(pair.part_zh) + "记为未知，读它的项目不作判断"
                                             : std::string("搬迁规划不会按这个数安排"));
      i.hint = std::string("核对统计表中该村的") + pair.part_zh + "（是不是多打了一位？）和" + pair.whole_zh;
      log.add(std::move(i));
      if (!pair.unknown_when_above) continue;
      part->set_null(r);
      record_value_set_unknown(log, t, r, pair.part, figure(*p) + " 多于" + pair.whole_zh + " " + figure(*w));
      if (!pair.whole_too) continue;
      whole->set_null(r);
      record_value_set_unknown(log, t, r, pair.whole, figure(*w) + " 少于" + std::string(pair.part_zh) + " " + figure(*p));
    }
  }
}

namespace {

// "柳林村（代码 420323100201）", else "第 12 行" (a table's FID is its row in the sheet).
std::string row_label(const FeatureTable& t, size_t r) {
  const Column* code = t.column("code");
  const Column* name = t.column("name");
  std::string who = name && !name->is_null(r) ? name->as_text(r) : std::string{};
  if (code && !code->is_null(r)) who += (who.empty() ? "代码 " : "（代码 ") + code->as_text(r) + (who.empty() ? "" : "）");
  const std::string row = "第 " + std::to_string(t.fid[r]) + " 行";  // a table's FID is its row in the sheet
  if (who.empty()) return row;
  return t.geometry.kind == GeometryKind::none ? who + "（" + row + "）" : who;
}

struct Impossible {
  std::vector<size_t> rows;
  std::string listed;
  void add(const FeatureTable& t, size_t r, double v) {
    rows.push_back(r);
    if (rows.size() <= 5) listed += (listed.empty() ? "" : "、") + row_label(t, r) + " " + util::general(v);
  }
};

void warn_rows(FeatureTable& t, const CanonicalField& field, const std::string& column, const Impossible& found, const char* code, const std::string& what,
               const std::string& hint, IssueLog& log) {
  if (found.rows.empty()) return;
  Column& col = *t.column(field.name);
  Issue i;
  i.severity = Severity::warning;
  i.code = code;
  i.file = t.source;
  i.layer = t.name;
  i.field = field.name;
  i.feature = t.fid[found.rows.front()];
  i.message = column + " 有 " + std::to_string(found.rows.size()) + " 个" + what + "（" + found.listed +
              (found.rows.size() > 5 ? " 等" : "") + "），不可能：记为未知，读它的项目在这些村不作判断";
  i.hint = hint;
  log.add(std::move(i));
  for (size_t r : found.rows) {
    record_value_set_unknown(log, t, r, field.name, util::general(*col.number(r)) + " " + what);
    col.set_null(r);
  }
}

std::string yuan_words(double v) { return v >= 1e4 ? util::general(v / 1e4) + " 万元" : util::general(v) + " 元"; }

}  // namespace

void settle_impossible_rows(FeatureTable& t, const CanonicalField& field, const std::string& column, const MoneyRange& range, IssueLog& log) {
  Column* col = t.column(field.name);
  if (col == nullptr || field.role == FieldRole::fraction || field.role == FieldRole::code || (col->type() != FieldType::real && col->type() != FieldType::integer))
    return;
  Impossible negative, off_range;
  std::vector<double> positive;
  for (size_t r = 0; r < col->size(); ++r)
    if (const auto v = col->number(r); v && std::isfinite(*v)) {
      if (*v < 0) negative.add(t, r, *v);
      else if (*v > 0) positive.push_back(*v);
    }
  warn_rows(t, field, column, negative, "negative_value", "负数", "核对这些行：人数、户数、金额、比例都不会是负数（多打了负号，或把减少数填进了这一列）", log);
  if (field.role != FieldRole::money || positive.size() < 5) return;
  const auto mid = positive.begin() + static_cast<std::ptrdiff_t>(positive.size() / 2);
  std::nth_element(positive.begin(), mid, positive.end());
  if (!range.plausible(*mid)) return;  // the whole column's unit: values.cpp and money_units.cpp settle it
  for (size_t r = 0; r < col->size(); ++r)
    if (const auto v = col->number(r); v && *v > 0 && !range.plausible(*v)) off_range.add(t, r, *v);
  warn_rows(t, field, column, off_range, "money_row_implausible", "值远超出每村可能的范围（" + yuan_words(range.low) + " 至 " + yuan_words(range.high) + "，按本列的单位读）",
            "像是按另一单位填写（元的列里填了万元，或万元的列里填了元）：核对这些行，改成与其他行相同的单位后重新检查", log);
}

}  // namespace jiuyou::io
