// Unknown, not a false FAIL (issues #17, #18): missing layers, fields and
// values make items unknown with the reason; a subset of items can be checked.
// And evidence that names what it measured (#11 item 6).
#include <gtest/gtest.h>

#include <cmath>

#include "gis/indicators/check.hpp"
#include "tests/indicators/check_builders.hpp"

using namespace jiuyou;
using namespace jiuyou::indicators;
using namespace jiuyou::test;

namespace {

// Roads along y = 0 (asphalt trunk) and two village roads: x = 2000 concrete, x = 4000 surface NULL.
FeatureTable roads_with_unknown_surface() {
  FeatureTable t = make_table("roads", GeometryKind::line);
  col(t, "class", FieldType::text);
  col(t, "surface", FieldType::text);  // (columns may move while they are added: take references after)
  auto& cls = *t.column("class");
  auto& surface = *t.column("surface");
  add_line(t, {{0, 0}, {10000, 0}});
  cls.push_text("county");
  surface.push_text("asphalt");
  add_line(t, {{2000, 0}, {2000, 3000}});
  cls.push_text("village");
  surface.push_text("concrete");
  add_line(t, {{4000, 0}, {4000, 3000}});
  cls.push_text("village");
  surface.push_null();
  return t;
}

const ItemResult& only(const Result<CheckResult>& r, size_t v) { return r->cell(v, 0); }

}  // namespace

TEST(CheckUnknown, RoadOfUnknownSurfaceWithinReachIsUnknownNotFail) {
  Workspace ws;
  // 300 m from the unknown road and 2 km from any paved one; 1.5 km from the unknown one; 300 m from the paved one.
  ws.layers = {point_villages({{4300, 2000}, {5500, 2000}, {2300, 2000}}), roads_with_unknown_surface()};
  auto r = check_villages(ws, rules_with(k_road_rule));
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(only(r, 0).outcome, Outcome::unknown);
  EXPECT_NE(only(r, 0).note.find("路面未知"), std::string::npos) << only(r, 0).note;
  EXPECT_TRUE(std::isnan(only(r, 0).shortfall));
  EXPECT_EQ(only(r, 1).outcome, Outcome::fail);  // the unknown road is out of reach: a definite fail
  EXPECT_DOUBLE_EQ(only(r, 1).shortfall, 1500);  // 2000 m against 500 m (the trunk at y = 0)
  EXPECT_EQ(only(r, 2).outcome, Outcome::pass);
  EXPECT_EQ(r->unjudgeable_items, 0u);
}

TEST(CheckUnknown, PowerLineWithoutVoltageIsUnknown) {
  FeatureTable lines = make_table("power", GeometryKind::line);
  col(lines, "kind", FieldType::text);
  col(lines, "voltage_kv", FieldType::real);
  auto& kind = *lines.column("kind");
  auto& kv = *lines.column("voltage_kv");
  add_line(lines, {{0, 0}, {5000, 0}});
  kind.push_text("line");
  kv.push_null();
  Workspace ws;
  ws.layers = {point_villages({{2500, 500}}), lines};
  auto r = check_villages(ws, rules_with("[[items]]\nid = \"power\"\nkind = \"network_access\"\nlayer = \"power\"\n"
                                         "filter = \"kind = 'line' AND voltage_kv >= 10\"\nmax_distance_m = 1000\n"));
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(only(r, 0).outcome, Outcome::unknown);
  EXPECT_NE(only(r, 0).note.find("电压未知"), std::string::npos) << only(r, 0).note;
}

TEST(CheckUnknown, FilterReadingAFieldNoLayerHasIsUnknownForEveryVillage) {
  Workspace ws;
  ws.layers = {point_villages({{2300, 2000}, {9000, 9000}}), roads()};
  auto r = check_villages(ws, rules_with("[[items]]\nid = \"road\"\nkind = \"network_access\"\nlayer = \"roads\"\n"
                                         "filter = \"colour = 'red'\"\nmax_distance_m = 500\n"));
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(only(r, 0).outcome, Outcome::unknown);
  EXPECT_EQ(only(r, 1).outcome, Outcome::unknown);
  EXPECT_EQ(r->verdict[1], Outcome::unknown);
  EXPECT_EQ(r->unjudgeable_items, 1u);
  EXPECT_EQ(r->notes.count("filter_unreadable"), 1u);
}

TEST(CheckUnknown, TrunkFilterThatCannotBeReadMakesFailsUnknown) {
  Workspace ws;
  FeatureTable rd = roads();
  rd.columns.erase(rd.columns.begin());  // no `class`: which roads are trunk cannot be told
  ws.layers = {point_villages({{2300, 2000}, {9000, 9000}}), rd};
  auto r = check_villages(ws, rules_with(k_road_rule));
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(only(r, 0).outcome, Outcome::unknown);
  EXPECT_EQ(only(r, 1).outcome, Outcome::unknown);
  EXPECT_EQ(r->notes.count("connectivity_unreadable"), 1u);
}

TEST(CheckSubset, ItemsAndGroupWordsChooseWhatIsChecked) {
  Workspace ws;
  FeatureTable v = point_villages({{2300, 2000}});
  col(v, "cooperatives", FieldType::real).push_real(0);
  ws.layers = {v, roads()};
  const RuleSet rules = rules_with(std::string(k_road_rule) +
                                   "[[items]]\nid = \"coop\"\nkind = \"attribute\"\nexpression = \"cooperatives >= 1\"\n");
  CheckParams p;
  p.items = {"net4"};
  auto r = check_villages(ws, rules, p);
  ASSERT_TRUE(r) << r.error().to_string();
  ASSERT_EQ(r->item_count(), 1u);
  EXPECT_EQ(r->rules.items[0].id, "road");
  EXPECT_TRUE(r->partial);
  EXPECT_EQ(r->skipped_items, std::vector<std::string>{"coop"});
  EXPECT_EQ(r->notes.count("partial_check"), 1u);
  EXPECT_EQ(r->verdict[0], Outcome::pass);  // over the checked items only
  p.items = {"coop"};
  r = check_villages(ws, rules, p);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->verdict[0], Outcome::fail);
  EXPECT_DOUBLE_EQ(r->cell(0, 0).shortfall, 1);  // one cooperative short
  p.items = {"nonsense"};
  r = check_villages(ws, rules, p);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::rules);
  EXPECT_NE(r.error().hint.find("road"), std::string::npos);
  p.items = {};
  r = check_villages(ws, rules, p);
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->partial);
}

TEST(CheckSubset, ChildrenOfAChosenCombinatorAreChecked) {
  Workspace ws;
  FeatureTable v = point_villages({{0, 0}});
  col(v, "cooperatives", FieldType::real).push_real(2);
  ws.layers = {v};
  CheckParams p;
  p.items = {"industry"};
  auto r = check_villages(ws, rules_with("[[items]]\nid = \"coop\"\nkind = \"attribute\"\nexpression = \"cooperatives >= 1\"\nrequired = false\n"
                                         "[[items]]\nid = \"other\"\nkind = \"attribute\"\nexpression = \"cooperatives >= 5\"\n"
                                         "[[items]]\nid = \"industry\"\nkind = \"all_of\"\nchildren = [\"coop\"]\n"),
                         p);
  ASSERT_TRUE(r) << r.error().to_string();
  ASSERT_EQ(r->item_count(), 2u);
  EXPECT_EQ(r->cell(0, 1).outcome, Outcome::pass);
  EXPECT_EQ(r->skipped_items, std::vector<std::string>{"other"});
}

namespace {
// DEM 0..2000 m, elevation = x / 10.
Raster ramp_dem() {
  Raster r;
  r.width = 40;
  r.height = 40;
  r.geotransform = {0, 100, 0, 2000, 0, -100};
  r.crs = CrsRef::epsg(4546);
  r.values.resize(1600);
  for (int y = 0; y < 40; ++y)
    for (int x = 0; x < 40; ++x) r.values[static_cast<size_t>(y) * 40 + static_cast<size_t>(x)] = static_cast<float>(x * 100 + 50) / 10.0f;
  return r;
}
}  // namespace

TEST(CheckEvidence, WaterNamesTheSourceWhoseDistanceItReports) {
  FeatureTable pipes = make_table("water", GeometryKind::line);
  col(pipes, "kind", FieldType::text);
  col(pipes, "safe", FieldType::boolean);
  auto& kind = *pipes.column("kind");
  auto& safe = *pipes.column("safe");
  add_line(pipes, {{1050, 0}, {1050, 2000}});  // 300 m east of the village, 30 m higher
  kind.push_text("pipe");
  safe.push_bool(true);
  add_line(pipes, {{700, 1600}, {800, 1600}});  // 600 m north, same height
  kind.push_text("pipe");
  safe.push_bool(true);
  Workspace ws;
  ws.dem = ramp_dem();
  ws.layers = {point_villages({{750, 1000}, {5000, 5000}}), pipes};
  auto r = check_villages(ws, rules_with("[[items]]\nid = \"safe_water\"\nkind = \"water_convenience\"\nlayer = \"water\"\n"
                                         "filter = \"safe AND kind IN ('pipe', 'plant')\"\nmax_distance_m = 800\nmax_vertical_m = 20\n"));
  ASSERT_TRUE(r) << r.error().to_string();
  const ItemResult& c = r->cell(0, 0);
  EXPECT_EQ(c.outcome, Outcome::pass);
  EXPECT_EQ(c.nearest_fid, 2);  // the flat pipe decided: its FID, its distance, its height difference
  EXPECT_NEAR(c.distance_m, 600, 1e-9);
  EXPECT_NEAR(c.value, 0, 1e-9);
  EXPECT_DOUBLE_EQ(c.to.y, 1600);
  // Off the DEM, but nothing within 800 m: fail, not unknown (README).
  EXPECT_EQ(r->cell(1, 0).outcome, Outcome::fail);
  EXPECT_GT(r->cell(1, 0).shortfall, 0);
}

TEST(CheckEvidence, NetworkComponentAndGapFromThePolygonEdge) {
  FeatureTable v = make_table("villages", GeometryKind::polygon);
  add_square(v, 2600, 1000, 3000, 2000);  // 600 m east of the village road x = 2000
  Workspace ws;
  ws.layers = {v, roads()};
  auto r = check_villages(ws, rules_with(k_road_rule));
  ASSERT_TRUE(r) << r.error().to_string();
  const ItemResult& c = r->cell(0, 0);
  EXPECT_EQ(c.outcome, Outcome::fail);
  EXPECT_GE(c.component, 0);
  EXPECT_DOUBLE_EQ(c.from.x, 2600);  // the gap starts on the polygon's edge ...
  EXPECT_DOUBLE_EQ(c.to.x, 2000);    // ... and ends on the road
  EXPECT_DOUBLE_EQ(std::hypot(c.to.x - c.from.x, c.to.y - c.from.y), c.distance_m);
  EXPECT_DOUBLE_EQ(c.shortfall, 100);
}
