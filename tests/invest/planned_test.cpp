// Planned features (gis/app/planned.hpp): appended to the project's layers
// before the check, validated first (nothing half-applied), and the check with
// `--with` sees them.
#include <gtest/gtest.h>

#include <filesystem>

#include "gis/app/check_job.hpp"
#include "gis/app/planned.hpp"
#include "gis/io/write.hpp"
#include "support/planned_road.hpp"
#include "support/test_paths.hpp"

namespace jiuyou {
namespace {

FeatureTable roads_table(const char* name = "roads") {
  FeatureTable t;
  t.name = name;
  t.crs = CrsRef::parse("EPSG:4546");
  t.geometry.kind = GeometryKind::line;
  t.columns.emplace_back("class", FieldType::text);
  t.columns.emplace_back("surface", FieldType::text);
  return t;
}

void add_road(FeatureTable& t, double x0, double x1, const char* surface, std::optional<int64_t> year = {}) {
  const Vec2 pts[] = {{x0, 0}, {x1, 0}};
  t.geometry.add_line_feature(pts);
  t.fid.push_back(static_cast<int64_t>(t.size()) + 1);
  t.column("class")->push_text("village");
  t.column("surface")->push_text(surface);
  if (Column* y = t.column("year")) year ? y->push_int(*year) : y->push_null();
}

Workspace small_workspace() {
  Workspace ws;
  ws.metric_crs = CrsRef::parse("EPSG:4546");
  FeatureTable roads = roads_table();
  add_road(roads, 0, 100, "gravel");
  add_road(roads, 100, 200, "concrete");
  roads.fid = {7, 9};
  ws.layers.push_back(std::move(roads));
  FeatureTable villages;
  villages.name = "villages";
  villages.crs = ws.metric_crs;
  villages.geometry.kind = GeometryKind::point;
  villages.geometry.add_point_feature(50, 50);
  villages.fid.push_back(1);
  ws.layers.push_back(std::move(villages));
  return ws;
}

app::PlannedLayers planned_roads() {
  FeatureTable p = roads_table();
  p.columns.emplace_back("year", FieldType::integer);
  add_road(p, 300, 400, "concrete", 2025);
  add_road(p, 400, 500, "asphalt", 2027);
  add_road(p, 500, 600, "concrete");
  return {"planned.gpkg", {std::move(p)}, std::nullopt};
}

TEST(Planned, AppendsFeaturesOfTheYearsUpToUntilWithNewFids) {
  Workspace ws = small_workspace();
  auto applied = app::apply_planned(ws, planned_roads(), 2026);
  ASSERT_TRUE(applied) << applied.error().to_string();
  EXPECT_EQ(applied->added, 2u);  // 2025 and the one without a year
  EXPECT_EQ(applied->later, 1u);  // 2027
  const FeatureTable& roads = *ws.layer("roads");
  ASSERT_EQ(roads.size(), 4u);
  EXPECT_EQ(roads.fid[2], 10);  // after the largest FID of the layer
  EXPECT_EQ(roads.fid[3], 11);
  EXPECT_EQ(roads.column("surface")->get_text(2), "concrete");
  EXPECT_EQ(roads.column("surface")->get_text(3), "concrete");
  EXPECT_DOUBLE_EQ(roads.geometry.first_vertex(3).x, 500);
  EXPECT_EQ(roads.geometry.feature_count(), 4u);
  EXPECT_EQ(roads.column("year"), nullptr);  // the project's layer keeps its own columns
  ASSERT_EQ(applied->layers.size(), 1u);
  EXPECT_EQ(applied->layers[0], "roads");
}

TEST(Planned, WithoutUntilEveryFeatureIsApplied) {
  Workspace ws = small_workspace();
  auto applied = app::apply_planned(ws, planned_roads(), std::nullopt);
  ASSERT_TRUE(applied) << applied.error().to_string();
  EXPECT_EQ(applied->added, 3u);
  EXPECT_EQ(applied->later, 0u);
  EXPECT_EQ(ws.layer("roads")->size(), 5u);
}

void expect_refused(app::PlannedLayers planned, const std::string& words, const std::string& field = {}) {
  Workspace ws = small_workspace();
  auto applied = app::apply_planned(ws, planned, std::nullopt);
  ASSERT_FALSE(applied);
  EXPECT_EQ(applied.error().code, ErrorCode::format) << applied.error().to_string();
  EXPECT_NE(applied.error().message.find(words), std::string::npos) << applied.error().message;
  EXPECT_EQ(applied.error().file, "planned.gpkg");
  EXPECT_FALSE(applied.error().hint.empty());
  if (!field.empty()) {
    EXPECT_EQ(applied.error().field, field);
  }
  EXPECT_EQ(ws.layer("roads")->size(), 2u) << "nothing is appended when a layer is refused";
}

TEST(Planned, AnUnknownLayerIsRefusedAndNothingIsAppended) {
  app::PlannedLayers p = planned_roads();
  p.layers.push_back(roads_table("raods"));  // a typo: never silently ignored
  expect_refused(p, "'raods' is not a layer of the project");
}

TEST(Planned, VillagesAreNotPlannedFeatures) {
  app::PlannedLayers p;
  p.path = "planned.gpkg";
  FeatureTable v;
  v.name = "villages";
  v.geometry.kind = GeometryKind::point;
  p.layers.push_back(std::move(v));
  expect_refused(p, "'villages' is not a layer of the project that can receive");
}

TEST(Planned, AnotherGeometryKindIsRefused) {
  app::PlannedLayers p = planned_roads();
  FeatureTable pts = roads_table();
  pts.geometry.kind = GeometryKind::point;
  pts.geometry.add_point_feature(1, 1);
  pts.fid.push_back(1);
  pts.column("class")->push_text("village");
  pts.column("surface")->push_text("concrete");
  p.layers.push_back(std::move(pts));
  expect_refused(p, "holds point geometries, the project's layer holds line");
}

TEST(Planned, AMissingCanonicalFieldIsRefusedNamingIt) {
  app::PlannedLayers p = planned_roads();
  p.layers[0].columns.erase(p.layers[0].columns.begin() + 1);  // surface
  expect_refused(p, "lacks the field 'surface'", "surface");
}

TEST(Planned, AYearThatIsNotAnIntegerIsRefused) {
  app::PlannedLayers p = planned_roads();
  FeatureTable t = roads_table();
  t.columns.emplace_back("year", FieldType::text);
  add_road(t, 0, 1, "concrete");
  t.column("year")->push_text("明年");
  p.layers = {std::move(t)};
  expect_refused(p, "not an integer", "year");
}

// The check with --with: a village failing the road item passes once the gap
// line to the connected paved network is planned as a concrete road, and only
// from the year it is built.
TEST(PlannedCheck, APlannedRoadAlongTheGapLineMakesTheVillagePass) {
  const auto demo = test::source_dir() / "data/demo/project.toml";
  const auto dir = test::scratch_dir();
  app::CheckJob job;
  job.project = demo.string();
  job.items = {"road"};
  job.out_dir = (dir / "before").string();
  auto before = app::run_check(job);
  ASSERT_TRUE(before) << before.error().to_string();
  const auto& r = before->result;
  const test::PlannedRoad plan = test::plan_one_road(*before, dir / "planned.gpkg");
  ASSERT_FALSE(plan.gpkg.empty()) << "the demo has villages failing the road item";
  const size_t road = plan.item, v = plan.village;
  const std::string gpkg = plan.gpkg;

  job.planned = gpkg;
  job.out_dir = (dir / "after").string();
  auto after = app::run_check(job);
  ASSERT_TRUE(after) << after.error().to_string();
  EXPECT_EQ(after->planned_added, 1u);
  EXPECT_EQ(after->result.cell(v, road).outcome, indicators::Outcome::pass);
  size_t changed = 0;
  for (size_t w = 0; w < r.village_count; ++w) changed += after->result.cell(w, road).outcome != r.cell(w, road).outcome;
  EXPECT_GE(changed, 1u);

  job.until = 2025;
  job.out_dir = (dir / "earlier").string();
  auto earlier = app::run_check(job);
  ASSERT_TRUE(earlier) << earlier.error().to_string();
  EXPECT_EQ(earlier->planned_added, 0u);
  EXPECT_EQ(earlier->planned_later, 1u);
  EXPECT_EQ(earlier->result.cell(v, road).outcome, indicators::Outcome::fail);
}

TEST(PlannedCheck, ABadPlannedFileWritesNothing) {
  const auto demo = test::source_dir() / "data/demo/project.toml";
  const auto dir = test::scratch_dir();
  FeatureTable bad = roads_table("rivers");
  add_road(bad, 0, 1, "concrete");
  const std::string gpkg = (dir / "planned.gpkg").string();
  ASSERT_TRUE(io::write_layer(gpkg, bad));
  app::CheckJob job;
  job.project = demo.string();
  job.planned = gpkg;
  job.out_dir = (dir / "out").string();
  auto run = app::run_check(job);
  ASSERT_FALSE(run);
  EXPECT_EQ(run.error().code, ErrorCode::format);
  EXPECT_EQ(run.error().layer, "rivers");
  EXPECT_EQ(run.error().file, gpkg);
  EXPECT_FALSE(std::filesystem::exists(dir / "out" / "result.gpkg"));
}

}  // namespace
}  // namespace jiuyou
