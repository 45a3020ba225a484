// A plan is tied to its county (F23): invest.gpkg records the county in its
// jiuyou_meta; `check --with` refuses another county's plan (exit 2, both
// counties named) and warns when a planned in-village facility lies outside
// the village whose code it carries.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <unistd.h>

#include "gis/app/check_job.hpp"
#include "gis/app/invest_job.hpp"
#include "gis/app/plan_county.hpp"
#include "gis/io/schema.hpp"
#include "gis/model/error.hpp"
#include "gis/report/result_meta.hpp"
#include "gis/synth/synth_county.hpp"

namespace jiuyou {
namespace {

namespace fs = std::filesystem;

// A workspace with two square villages, 420323100001 at (0..100) and 420323100002 at (200..300).
Workspace two_villages() {
  Workspace ws;
  ws.name = "测试县";
  FeatureTable v;
  v.name = io::target_layer;
  v.geometry.kind = GeometryKind::polygon;
  v.columns.emplace_back("code", FieldType::text);
  for (int i = 0; i < 2; ++i) {
    v.geometry.add_box_part(BBox{200.0 * i, 0, 200.0 * i + 100, 100});
    v.geometry.close_feature();
    v.fid.push_back(i + 1);
    v.columns[0].push_text("42032310000" + std::to_string(i + 1));
  }
  ws.layers.push_back(std::move(v));
  return ws;
}

FeatureTable facilities_at(std::initializer_list<std::pair<Vec2, const char*>> rows) {
  FeatureTable t;
  t.name = "facilities";
  t.geometry.kind = GeometryKind::point;
  t.columns.emplace_back("village_code", FieldType::text);
  for (const auto& [at, code] : rows) {
    t.geometry.add_point_feature(at.x, at.y);
    t.fid.push_back(static_cast<int64_t>(t.fid.size()) + 1);
    t.columns[0].push_text(code);
  }
  return t;
}

TEST(PlanCounty, TheCountyIsTheCodePrefixMostVillagesShare) {
  const app::County c = app::county_of(two_villages());
  EXPECT_EQ(c.code, "420323");
  EXPECT_EQ(c.name, "测试县");
  EXPECT_FALSE(c.digest.empty());
  Workspace other = two_villages();
  other.layers[0].columns[0] = Column("code", FieldType::text);
  other.layers[0].columns[0].push_text("420323100001");
  other.layers[0].columns[0].push_text("420323100003");
  EXPECT_NE(app::county_of(other).digest, c.digest) << "another set of villages, another digest";
}

TEST(PlanCounty, AFacilityOutsideTheVillageItNamesIsSaidOnce) {
  const Workspace ws = two_villages();
  EXPECT_TRUE(app::planned_outside_villages(facilities_at({{{50, 50}, "420323100001"}, {{250, 50}, "420323100002"}}), ws).empty());
  const auto w = app::planned_outside_villages(
      facilities_at({{{50, 50}, "420323100002"}, {{250, 50}, "420323100002"}, {{50, 50}, "420323999999"}}), ws);
  ASSERT_EQ(w.size(), 2u);
  EXPECT_NE(w[0].find("420323100002"), std::string::npos);
  EXPECT_NE(w[0].find("不在这个村的范围内"), std::string::npos) << w[0];
  EXPECT_NE(w[1].find("没有这个编码的村"), std::string::npos) << w[1];
}

TEST(PlanCounty, AnotherCountysPlanIsRefusedNamingBoth) {
  const Workspace ws = two_villages();
  std::vector<std::string> warnings;
  report::ResultMeta meta{"/elsewhere/project.toml", "hubei-2017", app::k_invest_kind, {}};
  meta.extra[app::k_meta_county_code] = "510101";
  meta.extra[app::k_meta_county_name] = "别的县";
  auto r = app::require_plan_of_county(meta, "plan/invest.gpkg", ws, warnings);
  ASSERT_FALSE(r);
  EXPECT_EQ(exit_code_for(r.error().code), 2);
  EXPECT_NE(r.error().message.find("别的县（510101）"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("测试县（420323）"), std::string::npos) << r.error().message;
  // The same county with other villages: a warning, not a refusal.
  meta.extra[app::k_meta_county_code] = "420323";
  meta.extra[app::k_meta_villages_digest] = "1:0000000000000000";
  ASSERT_TRUE(app::require_plan_of_county(meta, "plan/invest.gpkg", ws, warnings));
  ASSERT_EQ(warnings.size(), 1u);
  // No metadata (an older plan, a user's file) or another kind of file: nothing to compare.
  EXPECT_TRUE(app::require_plan_of_county(std::nullopt, "x.gpkg", ws, warnings));
  meta.kind = "check";
  meta.extra[app::k_meta_county_code] = "510101";
  EXPECT_TRUE(app::require_plan_of_county(meta, "x.gpkg", ws, warnings));
}

// End to end: a plan for one synthetic county, its metadata, and check --with on another county's project.
TEST(PlanCounty, CheckWithRefusesAPlanMadeForAnotherCounty) {
  const fs::path dir = fs::path(JIUYOU_TEST_TMP) / ("PlanCounty." + std::to_string(getpid()));
  fs::remove_all(dir);
  for (const char* code : {"420323", "420399"}) {
    auto params = synth::scaled_params(40);
    params.seed = 7;
    params.county_code = code;
    params.county_name = std::string(code) == "420323" ? "九有县" : "别有县";
    auto county = synth::synth_county(params);
    ASSERT_TRUE(county) << county.error().to_string();
    ASSERT_TRUE(synth::write_synth_county((dir / code).string(), *county));
  }
  app::InvestJob job;
  job.project = (dir / "420323" / "project.toml").string();
  job.out_dir = (dir / "plan").string();
  job.years = {{2025, 5e6}, {2026, 5e6}};
  job.frontier_steps = 3;
  auto run = app::run_invest(job);
  ASSERT_TRUE(run) << run.error().to_string();

  auto meta = report::read_result_meta((dir / "plan" / "invest.gpkg").string());
  ASSERT_TRUE(meta) << meta.error().to_string();
  ASSERT_TRUE(meta->has_value()) << "invest.gpkg has its jiuyou_meta";
  EXPECT_EQ((*meta)->kind, "invest");
  EXPECT_EQ((*meta)->extra.at("county_code"), "420323");
  EXPECT_EQ((*meta)->extra.at("years_cny"), "2025=5000000,2026=5000000");
  EXPECT_EQ((*meta)->extra.at("budget_cny"), "10000000");
  EXPECT_FALSE((*meta)->extra.at("costs").empty());
  EXPECT_EQ((*meta)->rule_set, run->rule_set);

  app::CheckJob same;
  same.project = job.project;
  same.planned = (dir / "plan" / "invest.gpkg").string();
  same.out_dir = (dir / "same").string();
  auto ok = app::run_check(same);
  ASSERT_TRUE(ok) << ok.error().to_string();
  EXPECT_TRUE(ok->planned_warnings_zh.empty()) << "the plan's own facilities stand in the villages they name: " << ok->planned_warnings_zh.front();

  app::CheckJob other = same;
  other.project = (dir / "420399" / "project.toml").string();
  other.out_dir = (dir / "other").string();
  auto refused = app::run_check(other);
  ASSERT_FALSE(refused) << "another county's plan is refused";
  EXPECT_EQ(exit_code_for(refused.error().code), 2);
  EXPECT_NE(refused.error().message.find("420323"), std::string::npos) << refused.error().message;
  EXPECT_NE(refused.error().message.find("420399"), std::string::npos) << refused.error().message;
  EXPECT_FALSE(fs::exists(dir / "other")) << "nothing written";
  fs::remove_all(dir);
}

}  // namespace
}  // namespace jiuyou
