// The check's result as tables: villages with one column per visible item and
// its evidence, gap lines, township/county summaries, evidence sentences.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "gis/indicators/rule_set.hpp"
#include "gis/report/check_report.hpp"
#include "report/check_fixture.hpp"

namespace jiuyou::report {
namespace {

using namespace jiuyou::test;

std::vector<std::string> column_names(const FeatureTable& t) {
  std::vector<std::string> out;
  for (const auto& c : t.columns) out.push_back(c.name());
  return out;
}

TEST(VillagesResultTable, KeepsInputFieldsThenOneColumnPerVisibleItemWithEvidence) {
  const Workspace ws = fixture_workspace();
  const CheckResult res = fixture_result(ws);
  const FeatureTable t = villages_result_table(ws, res);

  const std::vector<std::string> expected = {
      "code", "name", "township", "population",  // input fields; the input's stale `verdict` is replaced
      "road", "road_distance_m", "road_nearest_fid", "road_unconnected_m", "road_note",
      "broadband", "broadband_share", "broadband_note",
      "service_center", "service_center_distance_m", "service_center_nearest_fid", "service_center_note",
      "industry", "industry_note",  // leading_industry and cooperative are hidden helpers: no columns
      "collective_income", "collective_income_value", "collective_income_note",
      "clinic", "clinic_distance_m", "clinic_nearest_fid", "clinic_note",
      "net4_count", "jiuyou_count", "failed_count", "unknown_count", "verdict", "verdict_zh", "missing_items"};
  EXPECT_EQ(column_names(t), expected);
  ASSERT_EQ(t.size(), 4u);
  EXPECT_EQ(t.name, "villages");
  EXPECT_EQ(t.crs, CrsRef::epsg(4547));
  EXPECT_EQ(t.fid, (std::vector<int64_t>{101, 102, 103, 104}));
  EXPECT_EQ(t.geometry.kind, GeometryKind::point);
  EXPECT_DOUBLE_EQ(t.geometry.first_vertex(2).x, 502000.0);
  EXPECT_EQ(t.column("population")->get_int(3), 1100);

  const Column& verdict = *t.column("verdict");
  EXPECT_EQ(verdict.get_text(0), "exit");
  EXPECT_EQ(verdict.get_text(1), "fail");
  EXPECT_EQ(verdict.get_text(2), "fail");
  EXPECT_EQ(verdict.get_text(3), "unknown");
  EXPECT_EQ(t.column("verdict_zh")->get_text(0), "可出列");
  EXPECT_EQ(t.column("verdict_zh")->get_text(1), "不可出列");
  EXPECT_EQ(t.column("verdict_zh")->get_text(3), "数据不全");

  EXPECT_EQ(t.column("road")->get_text(1), "fail");
  EXPECT_DOUBLE_EQ(t.column("road_distance_m")->get_real(1), 2300.0);
  EXPECT_EQ(t.column("road_nearest_fid")->get_int(1), 11);
  EXPECT_DOUBLE_EQ(t.column("road_unconnected_m")->get_real(1), 300.0);
  EXPECT_TRUE(t.column("road_unconnected_m")->is_null(0));
  EXPECT_TRUE(t.column("service_center_nearest_fid")->is_null(0));  // -1 = none
  EXPECT_DOUBLE_EQ(t.column("broadband_share")->get_real(0), 1.0);
  EXPECT_EQ(t.column("broadband")->get_text(3), "unknown");
  EXPECT_DOUBLE_EQ(t.column("collective_income_value")->get_real(2), 32000.0);
  EXPECT_TRUE(t.column("collective_income_value")->is_null(3));
  // The note is report.html's sentence (tour 12 L23), with the gap and the standard.
  EXPECT_EQ(t.column("road_note")->get_text(1), "最近的连通硬化路 2.3 km，差 1.8 km（标准 ≤ 500 m）；300 m 处有硬化路，但未连通");

  EXPECT_EQ(t.column("net4_count")->get_int(1), 1);
  EXPECT_EQ(t.column("jiuyou_count")->get_int(2), 2);
  EXPECT_EQ(t.column("failed_count")->get_int(2), 3);
  EXPECT_EQ(t.column("unknown_count")->get_int(3), 2);
  EXPECT_NE(t.column("missing_items")->as_text(1).find("有硬化的通村公路"), std::string::npos);
  // In report.html's words: no field name or expression (what QGIS shows when a clerk clicks the village).
  for (size_t v = 0; v < t.size(); ++v) {
    const std::string m = t.column("missing_items")->as_text(v);
    for (const char* program : {"collective_income", "county_mean", "要求 ", ">="}) EXPECT_EQ(m.find(program), std::string::npos) << v << ": " << m;
  }
  EXPECT_NE(t.column("missing_items")->as_text(2).find("村集体经济收入"), std::string::npos) << t.column("missing_items")->as_text(2);
  EXPECT_EQ(t.column("missing_items")->as_text(0), "");
}

TEST(VillagesResultTable, EvidenceWithoutANoteIsComposedFromTheNumbersAndChildren) {
  const Workspace ws = fixture_workspace();
  const CheckResult res = fixture_result(ws);
  // The check's note wins.
  EXPECT_EQ(evidence_zh(res, 1, k_road), res.cell(1, k_road).note);
  // An attribute without a note: its value and expression.
  EXPECT_EQ(evidence_zh(res, 2, k_coop), "值 0（cooperatives >= 1）");
  // A failing all_of without a note names its failing child and that child's evidence.
  EXPECT_EQ(evidence_zh(res, 2, k_industry), "有带贫合作社 不达标: 值 0（cooperatives >= 1）");
  // Unknown without a note: which data is missing.
  EXPECT_EQ(evidence_zh(res, 3, k_income), "数据缺失（collective_income >= 50000）");
  // A pass with nothing measured says so, not "not covered".
  EXPECT_EQ(evidence_zh(res, 1, k_broadband), "达标");
  EXPECT_EQ(evidence_zh(res, 1, k_income), "达标（collective_income >= 50000）");
  // A coverage share with the item's threshold.
  EXPECT_EQ(evidence_zh(res, 0, k_broadband), "覆盖 100%（标准 ≥ 50%）");

  EXPECT_EQ(village_lacks_zh(res, 1, Outcome::fail), (std::vector<std::string>{"有硬化的通村公路: " + res.cell(1, k_road).note}));
  EXPECT_EQ(village_lacks_zh(res, 1, Outcome::fail, false), (std::vector<std::string>{"有标准化村卫生室: 本村无，最近的卫生室 3.1 km"}));
  EXPECT_EQ(village_lacks_zh(res, 2, Outcome::fail).size(), 3u);  // service centre, industry, income (not the hidden cooperative)
  EXPECT_EQ(village_lacks_zh(res, 3, Outcome::unknown),
            (std::vector<std::string>{"有入户的广电宽带通讯网络: 覆盖数据不含本村", "集体经济收入达到5万元以上: 数据缺失（collective_income >= 50000）"}));
  EXPECT_TRUE(village_lacks_zh(res, 0, Outcome::fail).empty());
}

TEST(ThresholdText, StatesEachKindsStandardInChinese) {
  const indicators::RuleSet rules = fixture_rules();
  EXPECT_EQ(threshold_zh(rules, rules.items[k_road]), "≤ 500 m，须连通主干（class IN ('national', 'provincial', 'county')）");
  EXPECT_EQ(threshold_zh(rules, rules.items[k_broadband]), "点状村位于覆盖范围内，面状村覆盖 ≥ 50%");
  EXPECT_EQ(threshold_zh(rules, rules.items[k_service]), "按村代码关联或位于村内");
  EXPECT_EQ(threshold_zh(rules, rules.items[k_industry]), "全部满足: 村有主导产业、有带贫合作社");
  EXPECT_EQ(threshold_zh(rules, rules.items[k_income]), "collective_income >= 50000");
  indicators::Item water;
  water.kind = ItemKind::water_convenience;
  water.max_distance_m = 800;
  water.max_vertical_m = 80;
  EXPECT_EQ(threshold_zh(rules, water), "水平 ≤ 800 m，垂直 ≤ 80 m");
  indicators::Item power;
  power.kind = ItemKind::network_access;
  power.max_distance_m = 1500;
  power.require_connected = true;
  power.anchor_filter = "kind = 'substation'";
  EXPECT_EQ(threshold_zh(rules, power), "≤ 1.5 km，须连通电源（kind = 'substation'）");
}

TEST(GapsTable, OneLinePerFailedNetworkOrFacilityItemWithItsLength) {
  const Workspace ws = fixture_workspace();
  const CheckResult res = fixture_result(ws);
  const FeatureTable g = gaps_table(ws, res);
  EXPECT_EQ(g.name, "gaps");
  EXPECT_EQ(g.geometry.kind, GeometryKind::line);
  EXPECT_EQ(column_names(g), (std::vector<std::string>{"village_code", "village_name", "item", "item_zh", "length_m"}));
  ASSERT_EQ(g.size(), 3u);  // village 1: road, clinic; village 2: service centre. Attribute failures draw nothing.
  EXPECT_EQ(g.column("item")->get_text(0), "road");
  EXPECT_EQ(g.column("item")->get_text(1), "clinic");
  EXPECT_EQ(g.column("item")->get_text(2), "service_center");
  EXPECT_EQ(g.column("village_code")->get_text(2), "420323200001");
  EXPECT_EQ(g.column("village_name")->get_text(0), "石门村<&>");
  EXPECT_EQ(g.column("item_zh")->get_text(0), "有硬化的通村公路");
  EXPECT_DOUBLE_EQ(g.column("length_m")->get_real(0), 2300.0);
  EXPECT_DOUBLE_EQ(g.column("length_m")->get_real(1), 3100.0);
  EXPECT_NEAR(g.column("length_m")->get_real(2), 1200.0, 1e-9);  // 720-960-1200
  EXPECT_NEAR(feature_length(g.geometry, 2), 1200.0, 1e-9);
  EXPECT_DOUBLE_EQ(g.geometry.vertex(0).x, 501000.0);
  EXPECT_DOUBLE_EQ(g.geometry.vertex(1).y, 3603300.0);
}

TEST(SummaryTables, CountPerTownshipAndCountyWithRatesOfAllVillages) {
  const Workspace ws = fixture_workspace();
  const CheckResult res = fixture_result(ws);
  const FeatureTable t = township_summary_table(res);
  EXPECT_EQ(t.name, "township_summary");
  EXPECT_EQ(t.geometry.kind, GeometryKind::none);
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t.geometry.feature_count(), 2u);
  const auto names = column_names(t);
  ASSERT_GE(names.size(), 6u);
  EXPECT_EQ(std::vector<std::string>(names.begin(), names.begin() + 6),
            (std::vector<std::string>{"township", "villages", "exit", "fail", "unknown", "exit_rate"}));
  EXPECT_EQ(names.size(), 6u + 4u * 6u);  // six visible items
  EXPECT_EQ(t.column("township")->get_text(0), "宝丰镇");
  EXPECT_EQ(t.column("villages")->get_int(0), 2);
  EXPECT_EQ(t.column("exit")->get_int(0), 1);
  EXPECT_EQ(t.column("fail")->get_int(0), 1);
  EXPECT_DOUBLE_EQ(t.column("exit_rate")->get_real(0), 0.5);
  EXPECT_EQ(t.column("road_pass")->get_int(0), 1);
  EXPECT_EQ(t.column("road_fail")->get_int(0), 1);
  EXPECT_DOUBLE_EQ(t.column("road_pass_rate")->get_real(0), 0.5);
  EXPECT_EQ(t.column("unknown")->get_int(1), 1);
  EXPECT_EQ(t.column("collective_income_unknown")->get_int(1), 1);
  EXPECT_EQ(t.column("collective_income_fail")->get_int(1), 1);
  EXPECT_DOUBLE_EQ(t.column("collective_income_pass_rate")->get_real(1), 0.0);
  EXPECT_EQ(t.column("leading_industry_pass"), nullptr);

  const FeatureTable c = county_summary_table(res);
  EXPECT_EQ(c.name, "county_summary");
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c.column("county")->get_text(0), "测试县");
  EXPECT_EQ(c.column("villages")->get_int(0), 4);
  EXPECT_EQ(c.column("exit")->get_int(0), 1);
  EXPECT_EQ(c.column("fail")->get_int(0), 2);
  EXPECT_EQ(c.column("unknown")->get_int(0), 1);
  EXPECT_DOUBLE_EQ(c.column("exit_rate")->get_real(0), 0.25);
  EXPECT_EQ(c.column("service_center_pass")->get_int(0), 3);
  EXPECT_DOUBLE_EQ(c.column("service_center_pass_rate")->get_real(0), 0.75);
  EXPECT_EQ(c.column("broadband_unknown")->get_int(0), 1);
}

TEST(VillagesResultTable, ShippedHubeiRulesGiveEvidenceColumnsForEveryKind) {
  auto rules = indicators::load_rule_set("hubei-2017");
  ASSERT_TRUE(rules) << rules.error().to_string();
  const Workspace ws = fixture_workspace();
  CheckResult res;
  res.rules = *rules;
  res.county = ws.name;
  res.village_count = 4;
  res.cells.assign(4 * res.item_count(), ItemResult{});  // all unknown
  res.verdict.assign(4, Outcome::unknown);
  const FeatureTable t = villages_result_table(ws, res);
  for (const char* name : {"safe_water", "safe_water_distance_m", "safe_water_value", "road_unconnected_m", "power_nearest_fid",
                           "broadband_share", "service_center_distance_m", "industry_note", "collective_economy_value", "medical",
                           "housing_value", "incidence", "income_growth_above_mean_note"})
    EXPECT_NE(t.column(name), nullptr) << name;
  size_t visible = 0;
  for (const auto& it : res.rules.items) visible += it.visible ? 1 : 0;
  size_t outcome_columns = 0;
  for (const auto& it : res.rules.items)
    if (const Column* c = t.column(it.id); c != nullptr && c->get_text(0) == "unknown") ++outcome_columns;
  EXPECT_EQ(outcome_columns, visible);
  EXPECT_EQ(t.column("verdict_zh")->get_text(2), "数据不全");
}

}  // namespace
}  // namespace jiuyou::report
