// Pairing arcs keep clear of unrelated unit markers (#14 item 4): a link whose
// usual bend would pass through another unit bends the other way.
#include <gtest/gtest.h>

#include <cmath>

#include "src/render/scene.hpp"

namespace jiuyou::render {
namespace {

FeatureTable one_link(Vec2 a, Vec2 b) {
  FeatureTable links;
  links.name = "links";
  links.geometry.kind = GeometryKind::line;
  links.geometry.add_vertex(a.x, a.y);
  links.geometry.add_vertex(b.x, b.y);
  links.geometry.close_ring();
  links.geometry.close_part();
  links.geometry.close_feature();
  links.fid = {1};
  return links;
}

FeatureTable units_at(std::initializer_list<Vec2> pts) {
  FeatureTable units;
  units.name = "units";
  units.geometry.kind = GeometryKind::point;
  for (const Vec2& p : pts) {
    units.geometry.add_point_feature(p.x, p.y);
    units.fid.push_back(static_cast<int64_t>(units.fid.size()) + 1);
  }
  return units;
}

Vec2 middle(const FeatureTable& arcs) {
  const GeometryColumn& g = arcs.geometry;
  const uint32_t r = g.ring_begin(g.part_begin(0));
  return g.vertex(g.vertex_begin(r) + (g.vertex_end(r) - g.vertex_begin(r)) / 2);
}

double min_distance(const FeatureTable& arcs, Vec2 p) {
  double d = INFINITY;
  for (size_t i = 0; i + 1 < arcs.geometry.xy.size(); i += 2) d = std::min(d, std::hypot(arcs.geometry.xy[i] - p.x, arcs.geometry.xy[i + 1] - p.y));
  return d;
}

TEST(Arcs, BendAwayFromAnUnrelatedUnit) {
  Workspace ws;
  ws.layers = {one_link({0, 0}, {100000, 0})};
  // Without other units the arc bulges to the left of travel: north, 18 km at the middle.
  ws.layers.push_back(units_at({{0, 0}, {100000, 0}}));
  const FeatureTable plain = arcs_in(ws, ws.layers[0]);
  EXPECT_NEAR(middle(plain).y, 18000, 1);
  // A third unit right on that curve: the arc bends south instead and keeps 5 km (5 %) away from it.
  ws.layers[1] = units_at({{0, 0}, {100000, 0}, {50000, 18000}});
  const FeatureTable routed = arcs_in(ws, ws.layers[0]);
  EXPECT_NEAR(middle(routed).y, -18000, 1);
  EXPECT_GE(min_distance(routed, {50000, 18000}), 5000);
  // Its ends stay on the units it links.
  EXPECT_DOUBLE_EQ(routed.geometry.xy[0], 0);
  EXPECT_DOUBLE_EQ(routed.geometry.xy[routed.geometry.xy.size() - 2], 100000);
}

TEST(Arcs, UnitsOnBothSidesTakeAWiderBend) {
  Workspace ws;
  ws.layers = {one_link({0, 0}, {100000, 0}), units_at({{0, 0}, {100000, 0}, {50000, 18000}, {50000, -18000}})};
  const FeatureTable routed = arcs_in(ws, ws.layers[0]);
  EXPECT_GE(min_distance(routed, {50000, 18000}), 5000);
  EXPECT_GE(min_distance(routed, {50000, -18000}), 5000);
}

}  // namespace
}  // namespace jiuyou::render
