// False alerts from how the data were given, not from the ground (tour 11):
// a duplicate village code is refused, never compared as another village (K26);
// a year whose roads lost `crs = "GCJ-02"` (K19) or whose villages are points
// after a year of polygons (K20) is said once and moves no village; a 撤销 row
// of the crosswalk is no exit lost (K13); features that only moved as a whole
// are matched by FID, not removed and re-added.
#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "gis/app/compare_job.hpp"
#include "gis/compare/compare_report.hpp"
#include "gis/compare/feature_diff.hpp"
#include "gis/compare/year_differences.hpp"
#include "two_years.hpp"

namespace jiuyou::app {
namespace {

namespace fs = std::filesystem;
using compare::Transition;

using test::copy_raw;
using test::write_text;

using test::read_text;


size_t notes_with(const compare::Comparison& cmp, const std::string& text) {
  return static_cast<size_t>(std::count_if(cmp.notes.begin(), cmp.notes.end(), [&](const std::string& n) { return n.find(text) != std::string::npos; }));
}

// No alert and no moved exit verdict; every moved item is by_input with `cause` in its text.
void expect_nothing_moved(const CompareRun& run, const std::string& cause) {
  const auto& cmp = run.comparisons[0];
  size_t by_input = 0;
  for (const auto& vt : cmp.villages) {
    EXPECT_NE(vt.overall, Transition::regressed);
    EXPECT_NE(vt.overall, Transition::improved);
    for (size_t i = 0; i < cmp.items.size(); ++i) {
      const Transition t = vt.items[i].transition;
      EXPECT_TRUE(t != Transition::regressed && t != Transition::improved && t != Transition::still_fail_worse && t != Transition::still_fail_better)
          << cmp.items[i].name_zh << " " << compare::to_string(t) << " " << vt.items[i].cause;
      if (t == Transition::by_input) {
        ++by_input;
        EXPECT_NE(vt.items[i].cause.find(cause), std::string::npos) << vt.items[i].cause;
      }
    }
  }
  EXPECT_GT(by_input, 0u);
  const compare::CompareDocument doc{run.years, run.comparisons, run.notes};
  for (const auto& a : compare::collect_alerts(doc)) ADD_FAILURE() << "an alert from the data's form alone: " << a.village << " " << a.what << " | " << a.cause;
  const compare::ExitChanges c = compare::exit_changes(run.years[0], run.years[1], cmp);
  EXPECT_EQ(c.lost, c.lost_input);
  EXPECT_EQ(c.gained, c.gained_input);
}

// K19: the same files, the later project without the roads' crs = "GCJ-02".
TEST(CompareDataGiven, RoadsInAnUndeclaredDatumOneYearAreSaidOnceAndMoveNoVillage) {
  const fs::path dir = test::scratch_dir();
  const std::string y2025 = copy_raw(dir, "2025"), y2026 = copy_raw(dir, "2026");
  std::string toml = read_text(y2026);
  const size_t at = toml.find("crs = \"GCJ-02\"");
  ASSERT_NE(at, std::string::npos);
  toml.erase(at, toml.find('\n', at) - at);
  write_text(y2026, toml);

  CompareJob job;
  job.years = {y2025, y2026};
  job.out_dir = (dir / "out").string();
  auto run = run_compare(job);
  ASSERT_TRUE(run) << run.error().to_string();
  const auto& cmp = run->comparisons[0];
  EXPECT_EQ(notes_with(cmp, "2026 年的道路图层可能是 GCJ-02 坐标，却没有按 GCJ-02 读入"), 1u);
  for (const auto& d : cmp.layers)
    if (d.layer == "roads") {
      EXPECT_TRUE(d.removed.empty()) << d.removed.size() << " roads read as removed";
      EXPECT_TRUE(d.added.empty()) << d.added.size() << " roads read as added";
      EXPECT_EQ(d.shifted, d.a_to_b.size());
      EXPECT_GT(d.shift_m, 100.0);
    }
  expect_nothing_moved(*run, "可能是 GCJ-02 坐标却没有按其读入");
  EXPECT_NE(read_text(dir / "out" / "compare.html").find("GCJ-02"), std::string::npos);
}

// K20: polygons in 2025, the village points (村点.shp) in 2026.
TEST(CompareDataGiven, VillagePointsAfterAYearOfPolygonsAreSaidOnceAndMoveNoVillage) {
  const fs::path dir = test::scratch_dir();
  const std::string y2025 = copy_raw(dir, "2025"), y2026 = copy_raw(dir, "2026");
  fs::copy_file(fs::path(y2026).parent_path() / "project_points.toml", y2026, fs::copy_options::overwrite_existing);

  CompareJob job;
  job.years = {y2025, y2026};
  job.out_dir = (dir / "out").string();
  auto run = run_compare(job);
  ASSERT_TRUE(run) << run.error().to_string();
  const auto& cmp = run->comparisons[0];
  EXPECT_EQ(notes_with(cmp, "2026 年的村是村点、2025 年是村界：距离口径不同"), 1u);
  EXPECT_EQ(notes_with(cmp, "2026 年检查的提示"), 1u) << "the year's points_for_polygons warning is relayed";
  expect_nothing_moved(*run, "2026 年的村是村点、2025 年是村界");
  EXPECT_NE(read_text(dir / "out" / "compare.html").find("村点"), std::string::npos);
}

// K26: a village code typed as its neighbour's in the later year.
TEST(CompareDataGiven, ADuplicateVillageCodeIsRefusedNamingBothVillages) {
  const fs::path dir = test::scratch_dir();
  const std::string y2025 = test::copy_demo(dir, "2025"), y2026 = test::copy_demo(dir, "2026");
  auto first = load_year(y2025, {}, 0, 0);
  ASSERT_TRUE(first) << first.error().to_string();
  const std::string code0 = compare::village_field(*first, "code", 0), code1 = compare::village_field(*first, "code", 1);
  const std::string name0 = compare::village_field(*first, "name", 0), name1 = compare::village_field(*first, "name", 1);
  test::edit_gpkg((fs::path(y2026).parent_path() / "county.gpkg").string(), {"UPDATE villages SET code = '" + code0 + "' WHERE code = '" + code1 + "'"});

  CompareJob job;
  job.years = {y2025, y2026};
  job.out_dir = (dir / "out").string();
  auto run = run_compare(job);
  ASSERT_FALSE(run) << "two villages of one code were compared";
  const Error& e = run.error();
  EXPECT_EQ(e.code, ErrorCode::format);
  EXPECT_NE(e.message.find("2026: code " + code0 + " is given to two villages"), std::string::npos) << e.to_string();
  EXPECT_NE(e.message.find(name0), std::string::npos) << e.to_string();
  EXPECT_NE(e.message.find(name1), std::string::npos) << e.to_string();
  EXPECT_NE(e.file.find("2026"), std::string::npos) << e.file;
  EXPECT_EQ(e.field, "code");
  EXPECT_GE(e.feature, 0);
  EXPECT_NE(e.hint.find("jiuyou validate"), std::string::npos) << e.hint;
  EXPECT_FALSE(fs::exists(dir / "out" / "compare.html")) << "nothing is written";
}

// K13: an exit-ready village gone in the later year, the crosswalk saying 撤销.
TEST(CompareDataGiven, AVillageTheCrosswalkAbolishesIsNoExitLost) {
  const fs::path dir = test::scratch_dir();
  const std::string y2025 = test::copy_demo(dir, "2025"), y2026 = test::copy_demo(dir, "2026");
  const std::string ready = "420323110201";  // 北赵家咀村, exit-ready
  test::edit_gpkg((fs::path(y2026).parent_path() / "county.gpkg").string(), {"DELETE FROM villages WHERE code = '" + ready + "'"});
  write_text(dir / "cw.csv", "old_code,new_code,kind\n" + ready + ",,撤销\n");

  CompareJob job;
  job.years = {y2025, y2026};
  job.out_dir = (dir / "out").string();
  job.crosswalk = (dir / "cw.csv").string();
  auto run = run_compare(job);
  ASSERT_TRUE(run) << run.error().to_string();
  const auto& cmp = run->comparisons[0];
  bool shown = false;
  for (size_t p = 0; p < cmp.match.pairs.size(); ++p) {
    const auto& m = cmp.match.pairs[p];
    if (m.b_row >= 0 || compare::village_field(run->years[0], "code", m.a_row) != ready) continue;
    shown = true;
    EXPECT_TRUE(m.abolished);
    EXPECT_NE(m.note.find("按对照表第 2 行撤销"), std::string::npos) << m.note;
    EXPECT_NE(cmp.villages[p].overall, Transition::regressed);
  }
  EXPECT_TRUE(shown);
  EXPECT_EQ(notes_with(cmp, "对照表第 2 行记为撤销"), 1u) << "one note to confirm the 撤销";
  const compare::CompareDocument doc{run->years, run->comparisons, run->notes};
  for (const auto& a : compare::collect_alerts(doc)) ADD_FAILURE() << "an alert for an abolished village: " << a.village << " " << a.what;
  EXPECT_EQ(compare::exit_changes(run->years[0], run->years[1], cmp).lost, 0u);
}

// K15: a township polygon redrawn over the whole county (as after a merge) next to a downgraded road
// is no cause: only a layer that lies on the ground (hazards, protected) 压占 a road.
TEST(CompareDataGiven, ARedrawnTownshipBoundaryIsNoCauseOfALostRoad) {
  const fs::path dir = test::scratch_dir();
  const std::string y2025 = test::copy_demo(dir, "2025"), y2026 = test::copy_demo(dir, "2026");
  test::apply_demo_events(y2026);
  GDALAllRegister();
  const std::string gpkg = (fs::path(y2026).parent_path() / "county.gpkg").string();
  auto* ds = static_cast<GDALDataset*>(GDALOpenEx(gpkg.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, nullptr, nullptr, nullptr));
  ASSERT_NE(ds, nullptr);
  OGRLayer* towns = ds->GetLayerByName("townships");
  ASSERT_NE(towns, nullptr);
  OGRFeature* f = towns->GetNextFeature();
  ASSERT_NE(f, nullptr);
  OGRGeometry* wide = f->GetGeometryRef()->Buffer(100000.0);  // metres (CGCS2000 Gauss-Kruger): over every road of the demo
  ASSERT_NE(wide, nullptr);
  f->SetFID(OGRNullFID);
  f->SetGeometryDirectly(wide);
  EXPECT_EQ(towns->CreateFeature(f), OGRERR_NONE);
  OGRFeature::DestroyFeature(f);
  GDALClose(ds);

  CompareJob job;
  job.years = {y2025, y2026};
  job.out_dir = (dir / "out").string();
  auto run = run_compare(job);
  ASSERT_TRUE(run) << run.error().to_string();
  const auto& cmp = run->comparisons[0];
  size_t road_falls = 0;
  for (const auto& vt : cmp.villages)
    for (size_t i = 0; i < cmp.items.size(); ++i) {
      const std::string& c = vt.items[i].cause;
      EXPECT_EQ(c.find("压占"), std::string::npos) << c;
      EXPECT_EQ(c.find("townships"), std::string::npos) << c;
      road_falls += cmp.items[i].id == "road" && vt.items[i].transition == Transition::regressed ? 1 : 0;
    }
  EXPECT_GT(road_falls, 0u) << "the downgraded road regresses no village: nothing tested";
}

// Ten roads, those from row `moved_from` on moved by dx; `earth`: the row whose surface is earth; `bent`: a row whose
// middle vertex moved 30 m more.
FeatureTable shifted_roads(double dx, int earth = 9, int bent = -1, int moved_from = 0) {
  FeatureTable t;
  t.name = "roads";
  t.geometry.kind = GeometryKind::line;
  Column surface("surface", FieldType::text);
  for (int k = 0; k < 10; ++k) {
    t.fid.push_back(100 + k);
    const double x = k * 1000.0 + (k >= moved_from ? dx : 0.0);
    const Vec2 pts[] = {{x, 0}, {x + 50 + (k == bent ? 30 : 0), 400}, {x, 900}};
    t.geometry.add_line_feature(pts);
    surface.push_text(k == earth ? "earth" : "concrete");
  }
  t.columns.push_back(std::move(surface));
  return t;
}

// Features whose shapes moved as a whole, attributes equal: matched by FID, not removed and re-added.
TEST(CompareDataGiven, AFeatureThatOnlyMovedAsAWholeIsMatchedByItsFid) {
  const FeatureTable a = shifted_roads(0, 9);
  const FeatureTable b = shifted_roads(480, 8, 2);  // road 8 downgraded, road 2 reshaped: neither is the same feature moved
  const compare::LayerDiff d = compare::diff_layer(a, b);
  EXPECT_EQ(d.shifted, 7u);
  EXPECT_NEAR(d.shift_m, 480.0, 1e-6);
  EXPECT_EQ(d.a_to_b[0], 0);
  EXPECT_EQ(d.a_to_b[2], -1);
  EXPECT_EQ(d.a_to_b[8], -1);
  EXPECT_EQ(d.a_to_b[9], -1);
  EXPECT_EQ(d.removed.size(), 3u);
  EXPECT_EQ(d.added.size(), 3u);
  EXPECT_TRUE(d.changed.empty());
  // The same layer unmoved: matched by geometry, nothing shifted.
  const compare::LayerDiff same = compare::diff_layer(a, shifted_roads(0, 9));
  EXPECT_EQ(same.shifted, 0u);
  EXPECT_TRUE(same.removed.empty());
  // Four of ten features moved under their FIDs: no datum slip, each is removed and added.
  const compare::LayerDiff few = compare::diff_layer(a, shifted_roads(480, 9, -1, 6));
  EXPECT_EQ(few.shifted, 0u);
  EXPECT_EQ(few.removed.size(), 4u);
  EXPECT_EQ(few.added.size(), 4u);
}

}  // namespace
}  // namespace jiuyou::app
