#include "gis/io/count_checks.hpp"

#include <cstdio>
#include <string>

namespace jiuyou::io {

namespace {

struct CountPair {
  const char *part, *part_zh, *whole, *whole_zh;
  bool unknown_when_above;  // make the part unknown (else warn only)
};
constexpr CountPair k_pairs[] = {
    {"poor_households", "贫困户数", "households", "总户数", true},
    {"poor_population", "贫困人口", "population", "户籍人口", true},
    {"poor_households_with_project", "有项目贫困户数", "poor_households", "贫困户数", true},
    {"relocate_households", "搬迁户数", "households", "总户数", false},
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
    const Column* whole = t.column(pair.whole);
    if (!part || !whole) continue;
    for (size_t r = 0; r < t.size(); ++r) {
      const auto p = part->number(r), w = whole->number(r);
      if (!p || !w || !(*w > 0) || !(*p > *w)) continue;
      Issue i;
      i.severity = Severity::warning;
      i.code = "implausible_count";
      i.file = t.source;
      i.layer = t.name;
      i.feature = t.fid[r];
      i.field = pair.part;
      const std::string who = (name && !name->is_null(r) ? name->as_text(r) : std::string("村")) + (code && !code->is_null(r) ? "（代码 " + code->as_text(r) + "）" : "");
      i.message = who + "的" + pair.part_zh + " " + figure(*p) + " 多于" + pair.whole_zh + " " + figure(*w) + "，不可能：" +
                  (pair.unknown_when_above ? "该村的" + std::string(pair.part_zh) + "记为未知，读它的项目不作判断" : "搬迁规划不会按这个数安排");
      i.hint = std::string("核对统计表中该村的") + pair.part_zh + "（是不是多打了一位？）和" + pair.whole_zh;
      log.add(std::move(i));
      if (!pair.unknown_when_above) continue;
      part->set_null(r);
      record_value_set_unknown(log, t, r, pair.part, figure(*p) + " 多于" + pair.whole_zh + " " + figure(*w));
    }
  }
}

}  // namespace jiuyou::io
