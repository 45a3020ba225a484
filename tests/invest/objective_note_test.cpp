// A village with no poor people (poor_population 0) in a plan: the default
// objective counts it as a village, --objective poor_population adds nothing
// for it, and the plan says which where the village appears (the villages
// table's why_not, read by invest.gpkg, 项目库.xlsx and the map's hover text).
#include <gtest/gtest.h>

#include <filesystem>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include "gis/app/invest_job.hpp"
#include "gis/app/invest_rows.hpp"
#include "support/test_paths.hpp"

namespace jiuyou {
namespace {

namespace fs = std::filesystem;

// The demo county with every fifth village's poor population set to 0.
fs::path demo_with_villages_without_poor() {
  const fs::path d = test::scratch_dir();
  for (const char* f : {"county.gpkg", "dem.tif", "project.toml"}) fs::copy_file(test::source_dir() / "data/demo" / f, d / f);
  GDALAllRegister();
  auto* ds = static_cast<GDALDataset*>(GDALOpenEx((d / "county.gpkg").c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, nullptr, nullptr, nullptr));
  EXPECT_NE(ds, nullptr);
  if (ds != nullptr) {
    ds->ExecuteSQL("UPDATE villages SET poor_population = 0 WHERE fid % 5 = 0", nullptr, nullptr);
    GDALClose(ds);
  }
  return d;
}

Result<app::InvestRun> plan(const fs::path& d, const std::string& objective) {
  app::InvestJob job;
  job.project = (d / "project.toml").string();
  job.out_dir = (d / ("plan-" + objective)).string();
  job.years = {{2025, 2e7}};
  job.objective = objective;
  job.frontier_steps = 4;
  return app::run_invest(job);
}

TEST(InvestObjectiveNote, AVillageWithoutPoorPeopleIsCountedAsAVillageAndTheRowSaysSo) {
  const fs::path d = demo_with_villages_without_poor();
  auto r = plan(d, "villages");
  ASSERT_TRUE(r) << r.error().to_string();
  const Column* poor = r->ws.layer("villages")->column("poor_population");
  ASSERT_NE(poor, nullptr);
  size_t zero_exiting = 0, zero = 0;
  for (size_t v = 0; v < r->check.village_count; ++v) {
    const bool none = poor->number(v) && *poor->number(v) == 0;
    const std::string why = app::invest_out::why_not(*r, v);
    EXPECT_EQ(why.find("本村建档立卡贫困人口为0，按村数目标计入") != std::string::npos, none) << v << ": " << why;
    zero += none;
    zero_exiting += none && r->exit_year[v] > 0 && r->check.verdict[v] != indicators::Outcome::pass;
  }
  ASSERT_GT(zero, 0u);
  EXPECT_GT(zero_exiting, 0u) << "the plan makes some village without poor people exit: it counts as a village";
  size_t counted = 0;
  for (size_t v = 0; v < r->plan.covered.size(); ++v) counted += r->plan.covered[v] != 0 || r->check.verdict[v] == indicators::Outcome::pass;
  EXPECT_DOUBLE_EQ(r->plan.value, static_cast<double>(counted)) << "every village counts 1 with the default objective, poor or not";
}

TEST(InvestObjectiveNote, WithThePoorPopulationObjectiveItAddsNothingAndTheRowSaysSo) {
  const fs::path d = demo_with_villages_without_poor();
  auto r = plan(d, "poor_population");
  ASSERT_TRUE(r) << r.error().to_string();
  const Column* poor = r->ws.layer("villages")->column("poor_population");
  double covered = 0;
  size_t zero = 0;
  for (size_t v = 0; v < r->check.village_count; ++v) {
    covered += r->plan.covered[v] ? poor->number(v).value_or(0) : 0;
    if (!(poor->number(v) && *poor->number(v) == 0)) continue;
    ++zero;
    EXPECT_NE(app::invest_out::why_not(*r, v).find("本村建档立卡贫困人口为0，按贫困人口目标不计分"), std::string::npos) << v;
  }
  EXPECT_GT(zero, 0u);
  EXPECT_DOUBLE_EQ(r->plan.value, covered) << "a village without poor people adds 0";
  // The villages table of invest.gpkg (plan_villages) carries the same words.
  auto* ds = static_cast<GDALDataset*>(GDALOpenEx((d / "plan-poor_population" / "invest.gpkg").c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr));
  ASSERT_NE(ds, nullptr);
  OGRLayer* rows = ds->ExecuteSQL("SELECT COUNT(*) FROM plan_villages WHERE why_not LIKE '%贫困人口为0%'", nullptr, nullptr);
  ASSERT_NE(rows, nullptr);
  OGRFeature* f = rows->GetNextFeature();
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(static_cast<size_t>(f->GetFieldAsInteger64(0)), zero);
  OGRFeature::DestroyFeature(f);
  ds->ReleaseResultSet(rows);
  GDALClose(ds);
}

}  // namespace
}  // namespace jiuyou
