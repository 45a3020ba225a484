// tour 18 S9, S17, S20: connectivity over a layer group and multi-line features.
// Roads delivered as two files (国省干线 in roads, 农村公路 in roads_local) are one
// network; a road layer dissolved into multilines joins a feature's lines only where
// they meet, so an isolated concrete stretch is not "connected" through its feature.
#include <gtest/gtest.h>

#include "gis/indicators/check.hpp"
#include "gis/model/table_rows.hpp"
#include "tests/indicators/check_builders.hpp"

using namespace jiuyou;
using namespace jiuyou::indicators;
using namespace jiuyou::test;

namespace {

// roads() split by class: the trunk in `roads`, the village roads in `roads_local`.
std::pair<FeatureTable, FeatureTable> split_roads() {
  const FeatureTable all = roads();
  FeatureTable trunk = copy_rows(all, std::vector<size_t>{0});
  FeatureTable local = copy_rows(all, std::vector<size_t>{1, 2, 3});
  local.name = "roads_local";
  return {trunk, local};
}

// roads() dissolved by surface: the two concrete roads (the branch off the trunk and the stretch touching nothing)
// as one two-line feature.
FeatureTable dissolved_roads() {
  FeatureTable t = make_table("roads", GeometryKind::line);
  col(t, "class", FieldType::text);
  col(t, "surface", FieldType::text);
  auto one = [&](std::initializer_list<Line> lines, const char* c, const char* s) {
    for (const Line& l : lines) {
      for (const Vec2 p : l) t.geometry.add_vertex(p.x, p.y);
      t.geometry.close_ring();
      t.geometry.close_part();
    }
    t.geometry.close_feature();
    t.fid.push_back(static_cast<int64_t>(t.fid.size()) + 1);
    t.columns[0].push_text(c);
    t.columns[1].push_text(s);
  };
  one({{{0, 0}, {10000, 0}}}, "county", "asphalt");
  one({{{2000, 0}, {2000, 3000}}, {{6000, 2700}, {6000, 3300}}}, "village", "concrete");
  one({{{6000, 0}, {6000, 2600}}}, "village", "gravel");
  return t;
}

}  // namespace

TEST(NetworkGroup, AVillageRoadInOneFileReachesTheTrunkInAnother) {
  auto [trunk, local] = split_roads();
  Workspace ws;
  ws.layers = {point_villages({{2450, 2000}, {6300, 3000}}), trunk, local};
  auto r = check_villages(ws, rules_with(k_road_rule));
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->cell(0, 0).outcome, Outcome::pass) << r->cell(0, 0).note;  // the branch in roads_local meets the trunk in roads
  EXPECT_DOUBLE_EQ(r->cell(0, 0).distance_m, 450);
  EXPECT_EQ(r->cell(1, 0).outcome, Outcome::fail);  // the stretch that touches nothing still does not count
  for (const auto& n : r->notes.entries()) EXPECT_NE(n.code, "network_loose_ends") << n.message;
}

TEST(NetworkGroup, TheLinesOfAMultiLineFeatureJoinOnlyWhereTheyMeet) {
  Workspace ws;
  ws.layers = {point_villages({{2450, 2000}, {6300, 3000}}), dissolved_roads()};
  auto r = check_villages(ws, rules_with(k_road_rule));
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->cell(0, 0).outcome, Outcome::pass);
  EXPECT_EQ(r->cell(0, 0).nearest_fid, 2);  // the FID of the feature the line came from
  const ItemResult& stretch = r->cell(1, 0);
  EXPECT_EQ(stretch.outcome, Outcome::fail) << "the isolated stretch is not connected through its feature";
  EXPECT_DOUBLE_EQ(stretch.unconnected_distance_m, 300);
}

// tour 18 S13: the trunk's surface unknown (瀝青 not in the vocabulary): a village road that reaches the network
// only through it is not "未连通" for certain — the village is unknown, never a false 不达标.
TEST(NetworkGroup, ARoadReachingTheTrunkOnlyThroughARoadOfUnknownSurfaceIsUnknown) {
  FeatureTable r = roads();
  r.column("surface")->set_null(0);  // the county road along y = 0
  Workspace ws;
  ws.layers = {point_villages({{2450, 2000}, {9000, 6000}}), r};
  auto res = check_villages(ws, rules_with(k_road_rule));
  ASSERT_TRUE(res) << res.error().to_string();
  const ItemResult& c = res->cell(0, 0);
  EXPECT_EQ(c.outcome, Outcome::unknown) << c.note;
  EXPECT_NE(c.note.find("能否连到干线"), std::string::npos) << c.note;
  EXPECT_EQ(res->cell(1, 0).outcome, Outcome::fail) << "far from every road: a fail whatever the surface";
}

// tour 18 S10: roads drawn as polygons: the item is unknown with a message that says so, not "map the fields".
TEST(NetworkGroup, RoadsDrawnAsPolygonsAreSaidToBePolygons) {
  FeatureTable r = make_table("roads", GeometryKind::polygon);
  col(r, "class", FieldType::text);
  col(r, "surface", FieldType::text);
  add_square(r, 0, -5, 10000, 5);
  r.column("class")->push_text("county");
  r.column("surface")->push_text("asphalt");
  Workspace ws;
  ws.layers = {point_villages({{2450, 2000}}), r};
  auto res = check_villages(ws, rules_with(k_road_rule));
  ASSERT_TRUE(res) << res.error().to_string();
  EXPECT_EQ(res->cell(0, 0).outcome, Outcome::unknown);
  EXPECT_EQ(res->notes.count("layer_not_lines"), 1u);
}
