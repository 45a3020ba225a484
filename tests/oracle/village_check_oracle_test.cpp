// The village check against its independent implementation in PostGIS SQL
// (tests/oracle/oracle_sql.hpp): village by village, item by item, on the demo
// county and on a 10,000-village synthetic county, for hubei-2017 and the
// other shipped rule sets. A throwaway PostgreSQL + PostGIS cluster is started
// per test process (tests/oracle/postgis_server.hpp). In CI (CI=true) missing
// server binaries fail the tests; elsewhere they skip with what to install.
#include <gtest/gtest.h>

#include <array>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <optional>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "gis/indicators/check.hpp"
#include "gis/indicators/rule_set.hpp"
#include "gis/io/load.hpp"
#include "gis/io/project.hpp"
#include "gis/io/write.hpp"
#include "gis/synth/synth_county.hpp"
#include "support/test_paths.hpp"
#include "tests/oracle/compare.hpp"
#include "tests/oracle/oracle_sql.hpp"
#include "tests/oracle/postgis_server.hpp"

#if defined(__SANITIZE_ADDRESS__)
#define JIUYOU_ORACLE_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define JIUYOU_ORACLE_ASAN 1
#endif
#endif
#ifndef JIUYOU_ORACLE_ASAN
#define JIUYOU_ORACLE_ASAN 0
#endif

namespace fs = std::filesystem;
using namespace jiuyou;

namespace {

oracle::PostgisServer& server() {
  static oracle::PostgisServer s;
  return s;
}

// Stops and removes the cluster when the test program ends.
class PostgisEnvironment : public ::testing::Environment {
 public:
  void TearDown() override { server().stop(); }
};
[[maybe_unused]] const auto* const g_env = ::testing::AddGlobalTestEnvironment(new PostgisEnvironment);

bool in_ci() {
  const char* ci = std::getenv("CI");
  return ci && std::string(ci) == "true";
}

// Starts the server once per process; FAILs in CI and SKIPs elsewhere when PostGIS is missing.
#define JIUYOU_REQUIRE_POSTGIS()                                                                                                    \
  do {                                                                                                                              \
    const std::string missing_ = ::jiuyou::oracle::missing_postgis_tools();                                                         \
    if (!missing_.empty()) {                                                                                                        \
      if (in_ci()) FAIL() << "CI must run the PostGIS oracle, but these are missing:" << missing_ << " (scripts/setup.sh installs them)"; \
      GTEST_SKIP() << "PostGIS peer not installed:" << missing_                                                                     \
                   << ". Install: apt-get install --no-install-recommends postgresql-15-postgis-3 postgresql-client-15 gdal-bin";   \
    }                                                                                                                               \
    try {                                                                                                                           \
      server().start();                                                                                                             \
    } catch (const std::exception& e_) {                                                                                            \
      FAIL() << e_.what();                                                                                                          \
    }                                                                                                                               \
  } while (0)

// Every layer of the workspace (already in the metric CRS) to a GeoPackage, then
// into PostGIS with ogr2ogr; the DEM as raster tiles; then the oracle's helper tables.
void load_into_postgis(const Workspace& ws, const fs::path& scratch) {
  // Start from an empty public schema (one database per process, several counties per test).
  server().query(
      "SET client_min_messages = warning; DROP SCHEMA IF EXISTS oracle CASCADE; DO $$ DECLARE r record; BEGIN FOR r IN SELECT tablename FROM pg_tables "
      "WHERE schemaname = 'public' AND tablename <> 'spatial_ref_sys' LOOP EXECUTE format('DROP TABLE public.%I CASCADE', r.tablename); END LOOP; END $$;");
  std::vector<const FeatureTable*> tables;
  for (const auto& l : ws.layers) tables.push_back(&l);
  const std::string gpkg = (scratch / "oracle_input.gpkg").string();
  auto w = io::write_layers(gpkg, tables);
  if (!w) throw std::runtime_error("write_layers: " + w.error().to_string());
  oracle::load_vectors(server(), gpkg);
  if (ws.dem && !ws.dem->empty()) {
    const int srid = std::stoi(server().query("SELECT Find_SRID('public', 'villages', 'geom');"));
    oracle::load_dem(server(), *ws.dem, srid);
  }
  oracle::prepare_database(server());
}

Workspace load_county(const fs::path& project_path) {
  auto project = io::load_project(project_path.string());
  if (!project) throw std::runtime_error("load_project: " + project.error().to_string());
  auto ws = io::load_workspace(*project);
  if (!ws) throw std::runtime_error("load_workspace: " + ws.error().to_string());
  return std::move(*ws);
}

// A synthetic county written as a user would get it from `jiuyou synth`, then loaded back.
fs::path write_synth(const fs::path& dir, int villages, uint64_t seed) {
  auto params = synth::scaled_params(villages);
  params.seed = seed;
  auto county = synth::synth_county(params);
  if (!county) throw std::runtime_error("synth_county: " + county.error().to_string());
  auto w = synth::write_synth_county(dir.string(), *county);
  if (!w) throw std::runtime_error("write_synth_county: " + w.error().to_string());
  return dir / "project.toml";
}

// Runs engine and oracle for one rule set and checks agreement, printing the table.
void expect_agreement(const Workspace& ws, const std::string& rule_set, const std::string& label) {
  auto rules = indicators::load_rule_set(rule_set);
  ASSERT_TRUE(rules) << rules.error().to_string();
  auto engine = indicators::check_villages(ws, *rules);
  ASSERT_TRUE(engine) << engine.error().to_string();
  const oracle::OracleRun run = oracle::run_check(server(), *rules);
  const oracle::Agreement a = oracle::compare(ws, *engine, run);
  std::cout << "\n== " << label << ": " << a.villages << " villages, engine " << engine->seconds << " s, PostGIS " << run.seconds << " s\n" << a.table();
  for (const auto& c : a.near_threshold_cases) std::cout << "  within 1e-6 of the threshold: " << c << "\n";
  std::string examples;
  for (const auto& e : a.examples) examples += "  " + e + "\n";
  if (!examples.empty()) std::cout << "disagreements (first per item):\n" << examples;
  EXPECT_GT(a.villages, 0u);
  EXPECT_EQ(a.missing_villages, 0u);
  EXPECT_EQ(a.outcome_disagreements(), 0u) << label << "\n" << a.table() << examples;
  EXPECT_EQ(a.evidence_disagreements(), 0u) << label << "\n" << a.table() << examples;
  EXPECT_EQ(a.verdict_disagree, 0u) << label;
  EXPECT_EQ(a.count_disagree, 0u) << label;
}

Raster tiny_dem() {
  Raster r;
  r.name = "dem";
  r.width = 3;
  r.height = 2;
  r.geotransform = {1000, 100, 0, 2000, 0, -100};  // x 1000..1300, y 1800..2000
  r.crs = CrsRef::epsg(4545);
  r.values = {10, 20, 30, 40, 50, 60};
  return r;
}

}  // namespace

// The DEM lookup the oracle uses is the cell containing the point, no interpolation.
TEST(PostgisOracle, DemValueIsTheContainingCell) {
  JIUYOU_REQUIRE_POSTGIS();
  server().query("DROP TABLE IF EXISTS dem;");
  oracle::load_dem(server(), tiny_dem(), 4545);
  const std::string out = server().query(
      "SET client_min_messages = warning;"
      "SELECT ST_Value(rast, 1, ST_SetSRID(ST_MakePoint(1010, 1990), 4545)) FROM dem;"   // row 0 col 0
      "SELECT ST_Value(rast, 1, ST_SetSRID(ST_MakePoint(1199, 1901), 4545)) FROM dem;"   // row 0 col 1, near its corner: no blending
      "SELECT ST_Value(rast, 1, ST_SetSRID(ST_MakePoint(1250, 1850), 4545)) FROM dem;"   // row 1 col 2
      "SELECT ST_Value(rast, 1, ST_SetSRID(ST_MakePoint(1350, 1850), 4545)) IS NULL FROM dem;");  // outside
  EXPECT_EQ(out, "10\n20\n60\nt\n");
}

namespace {

// A county small enough to check by hand: a county road (trunk), a concrete branch
// ending on it, a concrete stretch touching nothing, a gravel road, a road of unknown surface.
Workspace hand_county() {
  Workspace ws;
  ws.name = "hand";
  ws.metric_crs = CrsRef::epsg(4545);
  FeatureTable villages;
  villages.name = "villages";
  villages.crs = ws.metric_crs;
  villages.geometry.kind = GeometryKind::point;
  villages.add_column("code", FieldType::text);
  villages.add_column("population", FieldType::integer);
  villages.add_column("poor_population", FieldType::integer);
  // A: 300 m north of the branch. B: 100 m from the isolated stretch, 900 m from the branch.
  // C: on the gravel road, 2000 m from any paved road. D: no population figure.
  // E: 200 m from a road of unknown surface (NULL), far from any paved road.
  const std::array<std::array<double, 2>, 5> xy{{{500, 300}, {5000, 100}, {9000, 3000}, {500, 250}, {7200, 2500}}};
  const std::array<const char*, 5> codes{"420323100001", "420323100002", "420323100003", "420323100004", "420323100005"};
  const std::array<int, 5> pops{1000, 500, 300, -1, 400};
  const std::array<int, 5> poors{10, 5, 30, 3, 2};
  for (size_t i = 0; i < 5; ++i) {
    villages.geometry.add_point_feature(xy[i][0], xy[i][1]);
    villages.fid.push_back(static_cast<int64_t>(i + 1));
    villages.columns[0].push_text(codes[i]);
    if (pops[i] < 0)
      villages.columns[1].push_null();
    else
      villages.columns[1].push_int(pops[i]);
    villages.columns[2].push_int(poors[i]);
  }
  FeatureTable roads;
  roads.name = "roads";
  roads.crs = ws.metric_crs;
  roads.geometry.kind = GeometryKind::line;
  roads.add_column("class", FieldType::text);
  roads.add_column("surface", FieldType::text);
  auto add_road = [&](int64_t fid, std::vector<std::array<double, 2>> pts, const char* cls, const char* surface) {
    for (const auto& p : pts) roads.geometry.add_vertex(p[0], p[1]);
    roads.geometry.close_ring();
    roads.geometry.close_part();
    roads.geometry.close_feature();
    roads.fid.push_back(fid);
    roads.columns[0].push_text(cls);
    if (surface) roads.columns[1].push_text(surface);
    else roads.columns[1].push_null();
  };
  add_road(1, {{-1000, -1000}, {10000, -1000}}, "county", "asphalt");     // trunk along y = -1000
  add_road(2, {{0, -1000}, {0, 0}, {1000, 0}}, "village", "concrete");     // branch ending on the trunk
  add_road(3, {{4000, 0}, {6000, 0}}, "village", "concrete");              // isolated paved stretch
  add_road(4, {{9000, -1000}, {9000, 5000}}, "village", "gravel");         // gravel
  add_road(5, {{7000, 2000}, {7000, 3000}}, "village", nullptr);           // surface unknown
  ws.layers.push_back(std::move(villages));
  ws.layers.push_back(std::move(roads));
  return ws;
}

Result<indicators::RuleSet> hand_rules() {
  return indicators::parse_rule_set(R"TOML(
[rule_set]
id = "hand"
name_zh = "手算"
name_en = "by hand"
source = "test"

[[items]]
id = "road"
name_zh = "硬化路"
name_en = "road"
group = "infrastructure"
kind = "network_access"
layer = "roads"
filter = "surface IN ('asphalt', 'concrete')"
max_distance_m = 500
require_connected = true
trunk_filter = "class IN ('national', 'provincial', 'county')"
tolerance_m = 1.0
net4 = true
source = "test"

[[items]]
id = "incidence"
name_zh = "贫困发生率"
name_en = "incidence"
group = "exit"
kind = "attribute"
expression = "poor_population / population < 0.02"
source = "test"
)TOML",
                                          "hand.toml");
}

}  // namespace

// The oracle on the hand-built county, with the distances worked out by hand.
TEST(PostgisOracle, HandBuiltRoadsGiveHandCheckedDistances) {
  JIUYOU_REQUIRE_POSTGIS();
  const Workspace ws = hand_county();
  const fs::path scratch = test::scratch_dir();
  ASSERT_NO_THROW(load_into_postgis(ws, scratch));
  auto rules = hand_rules();
  ASSERT_TRUE(rules) << rules.error().to_string();
  const oracle::OracleRun run = oracle::run_check(server(), *rules);
  ASSERT_EQ(run.village_fids.size(), 5u);
  const auto& a = run.cell(run.village_row.at(1), 0);
  EXPECT_EQ(a.outcome, oracle::OracleOutcome::pass);
  EXPECT_NEAR(a.distance_m, 300, 1e-9);
  ASSERT_FALSE(a.nearest.empty());
  EXPECT_EQ(a.nearest.front(), "roads:2");
  EXPECT_NEAR(a.unconnected_m, std::hypot(3500.0, 300.0), 1e-9);
  const auto& b = run.cell(run.village_row.at(2), 0);
  EXPECT_EQ(b.outcome, oracle::OracleOutcome::fail);  // the paved stretch 100 m away connects to nothing
  EXPECT_NEAR(b.distance_m, 1100, 1e-9);              // to the county road at y = -1000
  EXPECT_NEAR(b.unconnected_m, 100, 1e-9);
  const auto& c = run.cell(run.village_row.at(3), 0);
  EXPECT_EQ(c.outcome, oracle::OracleOutcome::fail);  // gravel does not count
  EXPECT_NEAR(c.distance_m, 4000, 1e-9);
  // A road of unknown surface within reach: unknown, not fail (README, "Filters").
  EXPECT_EQ(run.cell(run.village_row.at(5), 0).outcome, oracle::OracleOutcome::unknown);
  // incidence: 1 % pass, 1 % pass, 10 % fail, NULL population unknown (not integer division: 10 / 1000 = 0.01)
  EXPECT_EQ(run.cell(run.village_row.at(1), 1).outcome, oracle::OracleOutcome::pass);
  EXPECT_EQ(run.cell(run.village_row.at(2), 1).outcome, oracle::OracleOutcome::pass);
  EXPECT_EQ(run.cell(run.village_row.at(3), 1).outcome, oracle::OracleOutcome::fail);
  EXPECT_EQ(run.cell(run.village_row.at(4), 1).outcome, oracle::OracleOutcome::unknown);
  EXPECT_EQ(run.verdict[run.village_row.at(1)], oracle::OracleOutcome::pass);
  EXPECT_EQ(run.verdict[run.village_row.at(2)], oracle::OracleOutcome::fail);
  EXPECT_EQ(run.net4[run.village_row.at(1)], 1);

  // And the engine agrees on the same little county.
  auto engine = indicators::check_villages(ws, *rules);
  ASSERT_TRUE(engine) << engine.error().to_string();
  const auto agreement = oracle::compare(ws, *engine, run);
  std::string examples;
  for (const auto& e : agreement.examples) examples += "  " + e + "\n";
  EXPECT_EQ(agreement.outcome_disagreements() + agreement.evidence_disagreements(), 0u) << agreement.table() << examples;
}

// The demo county (data/demo/project.toml), every shipped rule set.
TEST(VillageCheckOracle, DemoCountyAgreesVillageByVillage) {
  JIUYOU_REQUIRE_POSTGIS();
  const fs::path demo = test::source_dir() / "data/demo/project.toml";
  const fs::path scratch = test::scratch_dir();
  fs::path project = demo;
  std::string label = "demo county";
  if (!fs::exists(demo)) {
    // Until the demo county is committed: the default synthetic county (250 polygon villages, every trap).
    project = write_synth(scratch / "county", 250, 20171);
    label = "synthetic 250-village county (data/demo absent)";
  }
  const Workspace ws = load_county(project);
  ASSERT_NO_THROW(load_into_postgis(ws, scratch));
  for (const char* rules : {"hubei-2017", "national-2016", "shaanxi-2017", "guangxi"}) {
    SCOPED_TRACE(rules);
    expect_agreement(ws, rules, label + ", " + rules);
  }
}

namespace {

// Rewrites text column `field` of `t` row by row (`f` gives the new value, nullopt for NULL; it sees the old one);
// adds the column when absent. Returns how many rows changed.
size_t rewrite_text(FeatureTable& t, const std::string& field, const std::function<std::optional<std::string>(size_t, const std::optional<std::string>&)>& f) {
  Column* old = t.column(field);
  Column out(field, FieldType::text);
  size_t changed = 0;
  for (size_t row = 0; row < t.size(); ++row) {
    const std::optional<std::string> was = old != nullptr && !old->is_null(row) ? std::optional<std::string>(old->as_text(row)) : std::nullopt;
    const std::optional<std::string> now = f(row, was);
    changed += now != was;
    now ? out.push_text(*now) : out.push_null();
  }
  if (old != nullptr) *old = std::move(out);
  else t.columns.push_back(std::move(out));
  return changed;
}

}  // namespace

// exclude_filter and NULL-filter coverage (tour 20 R1, B1, B2) against the oracle: the demo county with every
// fourth trunk road an expressway and every seventh road's class blank, coverage areas of 2G and of no 制式, and
// towers of unknown and of 3G 制式.
TEST(VillageCheckOracle, ExpresswaysAnd2GCoverageAgreeVillageByVillage) {
  JIUYOU_REQUIRE_POSTGIS();
  const fs::path demo = test::source_dir() / "data/demo/project.toml";
  const fs::path scratch = test::scratch_dir();
  Workspace ws = load_county(fs::exists(demo) ? demo : write_synth(scratch / "county", 250, 20171));
  size_t roads = 0, areas = 0, towers = 0;
  for (FeatureTable& l : ws.layers) {
    if (l.name == "roads")
      roads = rewrite_text(l, "class", [](size_t row, const std::optional<std::string>& was) -> std::optional<std::string> {
        if (row % 7 == 0) return std::nullopt;
        const bool trunk = was == "national" || was == "provincial" || was == "county";
        return trunk && row % 4 == 0 ? std::optional<std::string>("expressway") : was;
      });
    if (l.name == "broadband")
      areas = rewrite_text(l, "tech", [](size_t row, const std::optional<std::string>& was) -> std::optional<std::string> {
        if (row % 3 == 0) return "2g";
        return row % 5 == 0 ? std::nullopt : was;
      });
    if (l.name == "broadband_towers")
      towers = rewrite_text(l, "tech", [](size_t row, const std::optional<std::string>& was) -> std::optional<std::string> {
        if (row % 4 == 0) return std::nullopt;
        return row % 6 == 0 ? std::optional<std::string>("3g") : was;
      });
  }
  ASSERT_GT(roads, 0u);
  ASSERT_GT(areas, 0u);
  ASSERT_GT(towers, 0u);
  ASSERT_NO_THROW(load_into_postgis(ws, scratch));
  for (const char* rules : {"hubei-2017", "national-2016"}) {
    SCOPED_TRACE(rules);
    expect_agreement(ws, rules, std::string("demo county with expressways and 2G coverage, ") + rules);
  }
}

// A 10,000-village synthetic county (seed 7), hubei-2017 (the other rule sets reuse the
// same item kinds and run on the demo county above). Under AddressSanitizer the engine
// is ~10x slower, so the county has 2,000 villages there.
TEST(VillageCheckOracle, SyntheticCounty10000AgreesVillageByVillage) {
  JIUYOU_REQUIRE_POSTGIS();
  const int villages = JIUYOU_ORACLE_ASAN ? 2000 : 10000;
  const fs::path scratch = test::scratch_dir();
  const Workspace ws = load_county(write_synth(scratch / "county", villages, 7));
  ASSERT_NO_THROW(load_into_postgis(ws, scratch));
  expect_agreement(ws, "hubei-2017", "synthetic " + std::to_string(villages) + "-village county (seed 7), hubei-2017");
}
