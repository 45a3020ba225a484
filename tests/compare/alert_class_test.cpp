// 待乡镇核实 (tour 11 K27): an exit-ready village split into two, one part's 有医疗保障 moved only with its new
// extent (the clinic still there, unchanged) — a row of its own class in the alert list, for the township to
// confirm, never a 返贫风险 and never missing from 回头看.xlsx. Built in memory: the split's judging is
// geometry_inputs' (tested end to end elsewhere); here only how its outcome is listed.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "gis/compare/compare_report.hpp"

namespace jiuyou::compare {
namespace alert_class {
namespace {

using indicators::Item;
using indicators::ItemKind;
using indicators::ItemResult;
using indicators::Outcome;

YearData year_of(const std::string& label, const std::vector<std::pair<std::string, std::string>>& villages, const std::vector<Outcome>& outcomes) {
  YearData y;
  y.label = label;
  FeatureTable t;
  t.name = "villages";
  t.geometry.kind = GeometryKind::point;
  Column code("code", FieldType::text), name("name", FieldType::text), township("township", FieldType::text);
  for (size_t r = 0; r < villages.size(); ++r) {
    t.fid.push_back(static_cast<int64_t>(r) + 1);
    t.geometry.add_point_feature(1000.0 * static_cast<double>(r), 0);
    code.push_text(villages[r].first);
    name.push_text(villages[r].second);
    township.push_text("龙鼓乡");
  }
  t.columns = {std::move(code), std::move(name), std::move(township)};
  y.ws.layers.push_back(std::move(t));
  Item medical;
  medical.id = "medical";
  medical.name_zh = "有医疗保障";
  medical.kind = ItemKind::all_of;
  y.result.rules.items = {medical};
  y.result.village_count = villages.size();
  for (const Outcome o : outcomes) {
    ItemResult c;
    c.outcome = o;
    y.result.cells.push_back(c);
    y.result.verdict.push_back(o);
    y.result.failed_count.push_back(o == Outcome::fail ? 1 : 0);
    y.result.unknown_count.push_back(0);
  }
  return y;
}

TEST(CompareAlertClass, AVillageSplitWhoseDistanceMovedWithItsExtentIsListedForTheTownship) {
  const std::vector<YearData> years{year_of("2025", {{"420323200200", "向家畈村"}}, {Outcome::pass}),
                                    year_of("2026", {{"420323200230", "向家畈西村"}, {"420323200231", "向家畈东村"}}, {Outcome::pass, Outcome::fail})};
  Comparison cmp;
  cmp.a_label = "2025";
  cmp.b_label = "2026";
  cmp.match.pairs = {{0, 0, MatchHow::crosswalk, {}, false}, {0, 1, MatchHow::crosswalk, {}, false}};
  cmp.items = {{"medical", "有医疗保障", 0, 0, true}};
  VillageTransition west, east;
  west.pair = 0;
  west.items = {{Transition::still_pass, {}, false}};
  west.overall = Transition::still_pass;
  east.pair = 1;
  east.items = {{Transition::by_input, "由向家畈村拆分（2026 年）：按新村范围量算，有标准化村卫生室 最近合格距离 0 m → 16 m（去年最近的公共服务设施要素 67 仍在且属性未变）", true}};
  east.overall = Transition::by_input;
  cmp.villages = {west, east};
  const std::vector<Comparison> comparisons{cmp};
  const CompareDocument doc{years, comparisons, {}};

  const std::vector<Alert> alerts = collect_alerts(doc);
  ASSERT_EQ(alerts.size(), 2u) << "the item and the exit verdict of 向家畈东村";
  for (const Alert& a : alerts) {
    EXPECT_EQ(a.village, "向家畈东村");
    EXPECT_TRUE(a.township_check);
    EXPECT_FALSE(a.unverified);
    EXPECT_EQ(std::string(severity_zh(a.severity)), "待乡镇核实");
    EXPECT_NE(a.verify.find("请乡镇核实"), std::string::npos) << a.verify;
    EXPECT_EQ(a.verify.find("返贫监测"), std::string::npos) << "not a 返贫风险: " << a.verify;
  }
  EXPECT_NE(alerts[0].cause.find("由向家畈村拆分（2026 年）"), std::string::npos) << alerts[0].cause;
  const std::string counts = alert_counts(alerts);
  EXPECT_NE(counts.find("返贫风险村 0 个"), std::string::npos) << counts;
  EXPECT_NE(counts.find("待乡镇核实（村拆分、合并或范围调整）2 条"), std::string::npos) << counts;

  // Without the split's flag a 因数据口径变化 item is no row (a unit slip, another DEM: said once in the notes).
  std::vector<Comparison> plain{cmp};
  plain[0].villages[1].items[0].ask_township = false;
  EXPECT_TRUE(collect_alerts(CompareDocument{years, plain, {}}).empty());
}

}  // namespace
}  // namespace alert_class
}  // namespace jiuyou::compare
