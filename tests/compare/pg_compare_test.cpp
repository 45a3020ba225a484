// Issue #16 (compare part): `jiuyou compare` reads years back from PostGIS —
// the schemas `jiuyou check --out PG:... --schema S` wrote, given as
// PG:"... schemas=S" — with the same transitions per village and item as from
// the result.gpkg files of the same checks. A throwaway cluster as in the
// oracle tests; skipped with the reason where PostgreSQL/PostGIS is absent.
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>

#include "gis/app/check_job.hpp"
#include "gis/app/compare_job.hpp"
#include "gis/compare/compare_report.hpp"
#include "gis/synth/years.hpp"
#include "support/postgis_suite.hpp"
#include "support/test_paths.hpp"

namespace jiuyou::app {
namespace {

namespace fs = std::filesystem;

class PgCompare : public test::PostgisSuite<PgCompare> {
 protected:
  static std::string pg() { return "PG:" + s_server->conninfo(); }
};

// "code|item|transition" per village and item of every pair, and the overall verdict's.
std::vector<std::string> transitions(const CompareRun& run) {
  std::vector<std::string> out;
  for (size_t k = 0; k < run.comparisons.size(); ++k) {
    const auto& cmp = run.comparisons[k];
    for (const auto& vt : cmp.villages) {
      const auto& m = cmp.match.pairs[vt.pair];
      const std::string who = cmp.b_label + "|" + compare::village_field(run.years[k], "code", m.a_row) + "→" +
                              compare::village_field(run.years[k + 1], "code", m.b_row) + "|";
      out.push_back(who + "overall|" + compare::to_string(vt.overall));
      for (size_t i = 0; i < cmp.items.size(); ++i) out.push_back(who + cmp.items[i].id + "|" + compare::to_string(vt.items[i].transition));
    }
  }
  return out;
}

TEST_F(PgCompare, YearsReadBackFromPostgisCompareAsTheirGeoPackages) {
  const fs::path dir = test::scratch_dir();
  synth::SynthParams p;
  p.seed = 3;
  p.villages = 120;
  p.townships = 8;
  p.area_km2 = 1700;
  p.dem_cell_m = 150;
  auto years = synth::synth_years(p, {});
  ASSERT_TRUE(years) << years.error().to_string();
  ASSERT_TRUE(synth::write_synth_years((dir / "county").string(), *years));
  CompareJob from_files, from_pg;
  for (int y : years->years) {
    CheckJob check;
    check.project = (dir / "county" / std::to_string(y) / "project.toml").string();
    check.out_dir = (dir / "checks" / std::to_string(y)).string();
    ASSERT_TRUE(run_check(check)) << y;
    from_files.years.push_back(check.out_dir);
    check.out_dir = pg();
    check.schema = "review_" + std::to_string(y);
    auto written = run_check(check);
    ASSERT_TRUE(written) << written.error().to_string();
    from_pg.years.push_back(pg() + " schemas=" + check.schema);
  }
  from_files.out_dir = (dir / "out_files").string();
  from_pg.out_dir = (dir / "out_pg").string();
  auto a = run_compare(from_files);
  ASSERT_TRUE(a) << a.error().to_string();
  auto b = run_compare(from_pg);
  ASSERT_TRUE(b) << b.error().to_string();
  ASSERT_EQ(b->years.size(), years->years.size());
  for (size_t k = 0; k < b->years.size(); ++k) {
    EXPECT_EQ(b->years[k].label, std::to_string(years->years[k])) << "the year is the schema's";
    EXPECT_TRUE(b->years[k].has_features) << "the recorded project is loaded for the feature evidence";
  }
  EXPECT_EQ(transitions(*a), transitions(*b));
  EXPECT_EQ(a->alerts, b->alerts);
  EXPECT_GT(a->alerts, 0u) << "the synthetic years hold regressions";
  // The causes read the same (the same layers and outcomes behind them).
  for (size_t k = 0; k < a->comparisons.size(); ++k)
    for (size_t v = 0; v < a->comparisons[k].villages.size(); ++v)
      for (size_t i = 0; i < a->comparisons[k].items.size(); ++i)
        EXPECT_EQ(a->comparisons[k].villages[v].items[i].cause, b->comparisons[k].villages[v].items[i].cause);
  EXPECT_TRUE(fs::exists(dir / "out_pg" / "compare.gpkg"));
}

TEST_F(PgCompare, ASchemaWithoutACheckOrWithoutSchemasIsAClearError) {
  s_server->query("CREATE SCHEMA IF NOT EXISTS empty_2024;");
  const std::string secret = pg() + " password=hunter2";
  CompareJob job;
  job.out_dir = (test::scratch_dir() / "out").string();
  job.years = {secret + " schemas=empty_2024", secret + " schemas=empty_2025"};
  auto r = run_compare(job);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().to_string().find("hunter2"), std::string::npos) << r.error().to_string();
  EXPECT_FALSE(fs::exists(job.out_dir)) << "nothing written on an error";
  job.years = {pg(), pg() + " schemas=empty_2024"};
  r = run_compare(job);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::input);
  EXPECT_NE(r.error().to_string().find("schemas="), std::string::npos) << r.error().to_string();
  // A server that cannot be reached is like a missing file (exit 3), its password not shown.
  job.years = {"PG:host=127.0.0.1 port=1 dbname=x password=hunter2 schemas=review_2024", pg() + " schemas=empty_2024"};
  r = run_compare(job);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::io) << r.error().to_string();
  EXPECT_EQ(r.error().to_string().find("hunter2"), std::string::npos) << r.error().to_string();
  job.years = {pg() + " schemas=empty_2024", pg() + " schemas=empty_2024"};
  r = run_compare(job);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::input) << "the same schema twice";
}

}  // namespace
}  // namespace jiuyou::app
