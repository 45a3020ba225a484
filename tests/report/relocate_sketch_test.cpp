// relocation.html's 示意图 places the moves on the county: the county outline
// and the township boundaries (with their names) under the moving villages,
// sites and flows, and a scale bar; without boundaries (none in the project,
// or a county table without geometry) the sketch still draws what moves
// (tour 15 P14).
#include <gtest/gtest.h>

#include <cmath>
#include <regex>
#include <string>

#include "gis/plan/relocate_report.hpp"
#include "gis/plan/relocate_sketch.hpp"

namespace jiuyou {
namespace {

// Two movers and one chosen site inside 甲乡 of a 20 km × 12 km county (乙乡 its eastern half).
plan::RelocationPlan sketch_plan() {
  plan::RelocationPlan p;
  p.crs = CrsRef::epsg(4546);
  plan::Mover a;
  a.code = "420323100200";
  a.name = "郑家坡村";
  a.point = {402000, 3502000};
  a.households = 12;
  plan::Mover b = a;
  b.code = "420323100201";
  b.name = "上肖家庄村";
  b.point = {405000, 3504000};
  b.households = 30;
  p.movers = {a, b};
  plan::Site s;
  s.label = "G12-34";
  s.point = {403000, 3503000};
  s.capacity = 50;
  s.assigned = 42;
  s.considered = s.chosen = true;
  p.sites = {s};
  p.flows = {{0, 0, 12, 1.4, true}, {1, 0, 30, 2.2, false}};
  p.households = p.placed = 42;
  return p;
}

FeatureTable boxes(const char* layer, std::initializer_list<std::tuple<const char*, BBox>> features) {
  FeatureTable t;
  t.name = layer;
  t.crs = CrsRef::epsg(4546);
  t.geometry.kind = GeometryKind::polygon;
  Column name("name", FieldType::text);
  for (const auto& [n, b] : features) {
    for (const auto& [x, y] : {std::pair{b.min_x, b.min_y}, {b.max_x, b.min_y}, {b.max_x, b.max_y}, {b.min_x, b.max_y}, {b.min_x, b.min_y}}) t.geometry.add_vertex(x, y);
    t.geometry.close_ring();
    t.geometry.close_part();
    t.geometry.close_feature();
    t.fid.push_back(static_cast<int64_t>(t.fid.size()) + 1);
    name.push_text(n);
  }
  t.columns = {name};
  return t;
}

Workspace county_of_two_townships() {
  Workspace ws;
  ws.layers.push_back(boxes("county", {{"九有县", BBox{400000, 3500000, 420000, 3512000}}}));
  ws.layers.push_back(boxes("townships", {{"甲乡", BBox{400000, 3500000, 410000, 3512000}}, {"乙乡", BBox{410000, 3500000, 420000, 3512000}}}));
  return ws;
}

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(RelocationSketch, TheCountyAndItsTownshipsLieUnderTheMoves) {
  const auto p = sketch_plan();
  const Workspace ws = county_of_two_townships();
  const std::string svg = plan::relocation_sketch(p, {"郑家坡村东北 1.4 km"}, &ws);
  EXPECT_EQ(count(svg, "<path class=\"county\""), 1u);
  EXPECT_EQ(count(svg, "<path class=\"township\""), 2u) << "乙乡 has no move in it but is part of the county drawn";
  EXPECT_NE(svg.find(">甲乡</text>"), std::string::npos);
  EXPECT_NE(svg.find(">乙乡</text>"), std::string::npos);
  EXPECT_NE(svg.find("郑家坡村东北 1.4 km"), std::string::npos);
  EXPECT_NE(svg.find("深灰线：县界"), std::string::npos);
  EXPECT_NE(svg.find("乡镇界"), std::string::npos);
  // Boundaries first (underneath), then the flows, villages and sites over them.
  EXPECT_LT(svg.find("class=\"township\""), svg.find("<line"));
  EXPECT_LT(svg.find("<line"), svg.find("<circle"));
  // The whole county is in view, not only the corner where the moves are: its outline spans the picture (640 px wide).
  std::smatch m;
  const std::string county = svg.substr(svg.find("<path class=\"county\""), 200);
  ASSERT_TRUE(std::regex_search(county, m, std::regex("d=\"M([0-9.]+) [0-9.]+L([0-9.]+) ")));
  EXPECT_NEAR(std::stod(m[1]), 10, 1);
  EXPECT_GT(std::stod(m[2]) - std::stod(m[1]), 580);
  // A scale bar of a round length: 20 km across → 2 km (a fifth of the width or less).
  EXPECT_NE(svg.find("class=\"scale\""), std::string::npos);
  EXPECT_NE(svg.find(">2 km</text>"), std::string::npos);
  // And on the page.
  EXPECT_NE(plan::relocation_html(p, &ws).find("<path class=\"county\""), std::string::npos);
}

TEST(RelocationSketch, WithoutBoundariesTheMovesAreStillDrawn) {
  const auto p = sketch_plan();
  for (const bool table_without_geometry : {false, true}) {
    Workspace ws;
    if (table_without_geometry) {
      FeatureTable county;
      county.name = "county";
      county.geometry.add_null_feature();
      county.fid.push_back(1);
      ws.layers.push_back(std::move(county));
    }
    const std::string svg = plan::relocation_sketch(p, {"G12-34"}, &ws);
    EXPECT_EQ(svg.find("<path class=\"county\""), std::string::npos);
    EXPECT_EQ(svg.find("乡镇界"), std::string::npos) << "the legend names no boundary it did not draw";
    EXPECT_EQ(count(svg, "<circle"), 2u);
    EXPECT_NE(svg.find("class=\"scale\""), std::string::npos);
  }
  EXPECT_EQ(count(plan::relocation_sketch(p, {"G12-34"}, nullptr), "<circle"), 2u);
  EXPECT_EQ(plan::relocation_sketch(plan::RelocationPlan{}, {}, nullptr), "") << "nothing to draw, no sketch";
}

TEST(RelocationSketch, ScaleBarsAreRoundLengths) {
  EXPECT_EQ(plan::sketch_scale_length_m(20000), 2000);
  EXPECT_EQ(plan::sketch_scale_length_m(37000), 5000);
  EXPECT_EQ(plan::sketch_scale_length_m(9000), 1000);
  EXPECT_EQ(plan::sketch_scale_length_m(3000), 500);
  EXPECT_EQ(plan::sketch_scale_length_m(0), 1);
  EXPECT_EQ(plan::sketch_scale_length_m(std::nan("")), 1);
}

}  // namespace
}  // namespace jiuyou
