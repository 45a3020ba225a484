#include "gis/index/spatial_index.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "gis/index/line_index.hpp"

using namespace jiuyou;
using jiuyou::index::Hit;
using jiuyou::index::LineIndex;
using jiuyou::index::SpatialIndex;

namespace {

// n random boxes in a 10 km square, sides up to 200 m; every 17th box is empty (a null geometry).
std::vector<BBox> random_boxes(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> pos(0, 10000), side(0, 200);
  std::vector<BBox> boxes(n);
  for (size_t i = 0; i < n; ++i) {
    if (i % 17 == 5) continue;
    const double x = pos(rng), y = pos(rng);
    boxes[i] = BBox{x, y, x + side(rng), y + side(rng)};
  }
  return boxes;
}

double box_distance(const BBox& b, double x, double y) { return jiuyou::index::bbox_distance(b, x, y); }

// Random polylines of 2..6 vertices in a 5 km square.
GeometryColumn random_lines(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> pos(0, 5000), step(-150, 150);
  std::uniform_int_distribution<int> verts(2, 6);
  GeometryColumn g;
  g.kind = GeometryKind::line;
  for (size_t i = 0; i < n; ++i) {
    double x = pos(rng), y = pos(rng);
    const int k = verts(rng);
    for (int v = 0; v < k; ++v) {
      g.add_vertex(x, y);
      x += step(rng);
      y += step(rng);
    }
    g.close_ring();
    g.close_part();
    g.close_feature();
  }
  return g;
}

}  // namespace

TEST(SpatialIndex, EmptyIndexFindsNothing) {
  SpatialIndex idx;
  idx.build({});
  EXPECT_TRUE(idx.empty());
  EXPECT_TRUE(idx.bounds().empty());
  int calls = 0;
  idx.query(BBox{0, 0, 10, 10}, [&](uint32_t) { ++calls; });
  EXPECT_EQ(calls, 0);
  EXPECT_FALSE(idx.nearest(0, 0, 1e9, [](uint32_t) { return 0.0; }).has_value());
  EXPECT_TRUE(idx.k_nearest(0, 0, 3, 1e9, [](uint32_t) { return 0.0; }).empty());
}

TEST(SpatialIndex, SingleItemAndEmptyBoxesSkipped) {
  const std::vector<BBox> boxes{BBox{}, BBox{10, 10, 20, 20}, BBox{}};
  SpatialIndex idx;
  idx.build(boxes);
  EXPECT_EQ(idx.size(), 1u);
  std::vector<uint32_t> found;
  idx.query(BBox{0, 0, 100, 100}, [&](uint32_t i) { found.push_back(i); });
  EXPECT_EQ(found, std::vector<uint32_t>{1});
  // Touching counts as intersecting.
  found.clear();
  idx.query(BBox{20, 20, 30, 30}, [&](uint32_t i) { found.push_back(i); });
  EXPECT_EQ(found, std::vector<uint32_t>{1});
  // Point (23, 24) is 5 m from the box corner (20, 20).
  const auto hit = idx.nearest(23, 24, 100, [&](uint32_t i) { return box_distance(boxes[i], 23, 24); });
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(hit->item, 1u);
  EXPECT_DOUBLE_EQ(hit->distance_m, 5.0);
  EXPECT_FALSE(idx.nearest(23, 24, 4.9, [&](uint32_t i) { return box_distance(boxes[i], 23, 24); }).has_value());
  // max_distance_m is inclusive.
  EXPECT_TRUE(idx.nearest(23, 24, 5.0, [&](uint32_t i) { return box_distance(boxes[i], 23, 24); }).has_value());
}

TEST(SpatialIndex, QueryMatchesBruteForceOnRandomBoxes) {
  const auto boxes = random_boxes(5000, 1);
  SpatialIndex idx;
  idx.build(boxes);
  EXPECT_EQ(idx.size(), static_cast<size_t>(std::count_if(boxes.begin(), boxes.end(), [](const BBox& b) { return !b.empty(); })));
  EXPECT_EQ(idx.size(), 5000u - 294u);  // every 17th box, from index 5, is empty
  std::mt19937 rng(2);
  std::uniform_real_distribution<double> pos(-200, 10200), side(0, 800);
  for (int q = 0; q < 500; ++q) {
    const double x = pos(rng), y = pos(rng);
    const BBox box{x, y, x + side(rng), y + side(rng)};
    std::vector<uint32_t> got;
    idx.query(box, [&](uint32_t i) { got.push_back(i); });
    std::sort(got.begin(), got.end());
    std::vector<uint32_t> want;
    for (uint32_t i = 0; i < boxes.size(); ++i)
      if (!boxes[i].empty() && boxes[i].intersects(box)) want.push_back(i);
    ASSERT_EQ(got, want) << "query " << q;
  }
}

TEST(SpatialIndex, QueryStopsWhenCallbackReturnsFalse) {
  const auto boxes = random_boxes(1000, 3);
  SpatialIndex idx;
  idx.build(boxes);
  int calls = 0;
  idx.query(BBox{0, 0, 10000, 10000}, [&](uint32_t) { return ++calls < 3; });
  EXPECT_EQ(calls, 3);
}

TEST(SpatialIndex, NearestAndKNearestMatchBruteForce) {
  const auto boxes = random_boxes(4000, 4);
  SpatialIndex idx;
  idx.build(boxes);
  std::mt19937 rng(5);
  std::uniform_real_distribution<double> pos(-1000, 11000);
  for (int q = 0; q < 1000; ++q) {
    const double x = pos(rng), y = pos(rng);
    const double max_d = q % 3 == 0 ? 150.0 : 1e9;
    const auto dist = [&](uint32_t i) { return box_distance(boxes[i], x, y); };
    std::vector<Hit> all;
    for (uint32_t i = 0; i < boxes.size(); ++i)
      if (!boxes[i].empty() && dist(i) <= max_d) all.push_back({i, dist(i)});
    std::sort(all.begin(), all.end(), [](const Hit& a, const Hit& b) {
      return a.distance_m != b.distance_m ? a.distance_m < b.distance_m : a.item < b.item;
    });
    const auto hit = idx.nearest(x, y, max_d, dist);
    if (all.empty()) {
      EXPECT_FALSE(hit.has_value());
    } else {
      ASSERT_TRUE(hit.has_value());
      EXPECT_EQ(*hit, all.front()) << "query " << q;
    }
    const auto k = idx.k_nearest(x, y, 7, max_d, dist);
    const std::vector<Hit> want(all.begin(), all.begin() + static_cast<long>(std::min<size_t>(7, all.size())));
    EXPECT_EQ(k, want) << "query " << q;
  }
}

TEST(SpatialIndex, NearestTiesGoToSmallestItem) {
  // Many identical boxes: the answer must be the smallest id whatever the tree order.
  std::vector<BBox> boxes(300, BBox{0, 0, 1, 1});
  boxes[0] = BBox{};  // item 0 is empty and never found
  SpatialIndex idx;
  idx.build(boxes);
  const auto hit = idx.nearest(5, 0.5, 100, [&](uint32_t i) { return box_distance(boxes[i], 5, 0.5); });
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(hit->item, 1u);
  EXPECT_DOUBLE_EQ(hit->distance_m, 4.0);
  const auto k = idx.k_nearest(5, 0.5, 3, 100, [&](uint32_t i) { return box_distance(boxes[i], 5, 0.5); });
  ASSERT_EQ(k.size(), 3u);
  EXPECT_EQ(k[0].item, 1u);
  EXPECT_EQ(k[1].item, 2u);
  EXPECT_EQ(k[2].item, 3u);
}

TEST(SpatialIndex, DistanceFunctionCanFilterItems) {
  // Infinity rejects an item: the nearest accepted one is found instead.
  const std::vector<BBox> boxes{BBox{0, 0, 1, 1}, BBox{10, 0, 11, 1}, BBox{20, 0, 21, 1}};
  SpatialIndex idx;
  idx.build(boxes);
  const auto hit = idx.nearest(0, 0, 1e9, [&](uint32_t i) {
    return i == 0 ? std::numeric_limits<double>::infinity() : box_distance(boxes[i], 0, 0);
  });
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(hit->item, 1u);
  EXPECT_DOUBLE_EQ(hit->distance_m, 10.0);
}

TEST(SpatialIndex, WithinMatchesBruteForce) {
  const auto boxes = random_boxes(3000, 6);
  SpatialIndex idx;
  idx.build(boxes);
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> pos(0, 10000), radius(0, 600);
  for (int q = 0; q < 300; ++q) {
    const double x = pos(rng), y = pos(rng), r = radius(rng);
    const auto dist = [&](uint32_t i) { return box_distance(boxes[i], x, y); };
    const auto got = idx.within(x, y, r, dist);
    std::vector<Hit> want;
    for (uint32_t i = 0; i < boxes.size(); ++i)
      if (!boxes[i].empty() && dist(i) <= r) want.push_back({i, dist(i)});
    std::sort(want.begin(), want.end(), [](const Hit& a, const Hit& b) {
      return a.distance_m != b.distance_m ? a.distance_m < b.distance_m : a.item < b.item;
    });
    ASSERT_EQ(got, want) << "query " << q;
  }
}

TEST(SpatialIndex, BuildForSkipsEmptyFeatures) {
  GeometryColumn g;
  g.kind = GeometryKind::point;
  g.add_point_feature(1, 1);
  g.add_null_feature();
  g.add_point_feature(5, 5);
  SpatialIndex idx;
  idx.build_for(g);
  EXPECT_EQ(idx.size(), 2u);
  const auto hit = idx.nearest(4, 4, 100, [&](uint32_t f) { return point_feature_distance(g, f, 4, 4); });
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(hit->item, 2u);
  EXPECT_DOUBLE_EQ(hit->distance_m, std::sqrt(2.0));
}

TEST(LineIndex, NearestPointOnAnLHandChecked) {
  // An L: (0,0) -> (100,0) -> (100,100); and a far road.
  GeometryColumn g;
  g.kind = GeometryKind::line;
  for (auto [x, y] : {std::pair{0., 0.}, {100., 0.}, {100., 100.}}) g.add_vertex(x, y);
  g.close_ring();
  g.close_part();
  g.close_feature();
  for (auto [x, y] : {std::pair{0., 500.}, {100., 500.}}) g.add_vertex(x, y);
  g.close_ring();
  g.close_part();
  g.close_feature();
  LineIndex idx;
  idx.build(g);
  EXPECT_EQ(idx.segment_count(), 3u);
  const auto hit = idx.nearest(130, 40, 1000);
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(hit->feature, 0u);
  EXPECT_DOUBLE_EQ(hit->distance_m, 30.0);
  EXPECT_DOUBLE_EQ(hit->point.x, 100.0);
  EXPECT_DOUBLE_EQ(hit->point.y, 40.0);
  EXPECT_EQ(hit->vertex, 1u);
  // Beyond the corner: the distance is to the vertex (100, 0).
  const auto corner = idx.nearest(103, -4, 1000);
  ASSERT_TRUE(corner.has_value());
  EXPECT_DOUBLE_EQ(corner->distance_m, 5.0);
  // Only the second road: filtered by a predicate, and by include at build time.
  const auto far = idx.nearest_if(50, 10, 1000, [](uint32_t f) { return f == 1; });
  ASSERT_TRUE(far.has_value());
  EXPECT_EQ(far->feature, 1u);
  EXPECT_DOUBLE_EQ(far->distance_m, 490.0);
  LineIndex only_second;
  const std::vector<uint8_t> include{0, 1};
  only_second.build(g, include);
  EXPECT_EQ(only_second.nearest(50, 10, 1000)->feature, 1u);
  EXPECT_FALSE(only_second.nearest(50, 10, 400).has_value());
  // within: one hit per feature, nearest first.
  const auto near = idx.within(50, 250, 260);
  ASSERT_EQ(near.size(), 2u);
  EXPECT_EQ(near[0].feature, 0u);  // to the L's corner end (100, 100)
  EXPECT_DOUBLE_EQ(near[0].distance_m, std::hypot(50.0, 150.0));
  EXPECT_EQ(near[1].feature, 1u);
  EXPECT_DOUBLE_EQ(near[1].distance_m, 250.0);
}

TEST(LineIndex, NearestMatchesPointFeatureDistanceOnRandomLines) {
  const auto g = random_lines(3000, 8);
  std::vector<uint8_t> include(g.feature_count(), 1);
  for (size_t f = 0; f < include.size(); f += 3) include[f] = 0;
  LineIndex idx;
  idx.build(g, include);
  std::mt19937 rng(9);
  std::uniform_real_distribution<double> pos(-500, 5500);
  for (int q = 0; q < 1000; ++q) {
    const double x = pos(rng), y = pos(rng);
    const double max_d = q % 4 == 0 ? 40.0 : 1e9;
    double best = std::numeric_limits<double>::infinity();
    uint32_t best_f = 0;
    for (uint32_t f = 0; f < g.feature_count(); ++f) {
      if (!include[f]) continue;
      const double d = point_feature_distance(g, f, x, y);
      if (d < best) {
        best = d;
        best_f = f;
      }
    }
    const auto hit = idx.nearest(x, y, max_d);
    if (best > max_d) {
      EXPECT_FALSE(hit.has_value()) << "query " << q;
      continue;
    }
    ASSERT_TRUE(hit.has_value()) << "query " << q;
    EXPECT_EQ(hit->feature, best_f) << "query " << q;
    EXPECT_NEAR(hit->distance_m, best, 1e-9);
    EXPECT_NEAR(std::hypot(hit->point.x - x, hit->point.y - y), hit->distance_m, 1e-9);
  }
}

TEST(LineIndex, PointLayersIndexEachPoint) {
  GeometryColumn g;
  g.kind = GeometryKind::point;
  g.add_point_feature(0, 0);
  g.add_point_feature(30, 40);
  LineIndex idx;
  idx.build(g);
  const auto hit = idx.nearest(30, 44, 100);
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(hit->feature, 1u);
  EXPECT_DOUBLE_EQ(hit->distance_m, 4.0);
}

TEST(SpatialIndex, NearestFromABoxMatchesBruteForce) {
  const auto boxes = random_boxes(3000, 13);
  SpatialIndex idx;
  idx.build(boxes);
  std::mt19937 rng(14);
  std::uniform_real_distribution<double> pos(-500, 10500), side(0, 300);
  for (int q = 0; q < 500; ++q) {
    const double x = pos(rng), y = pos(rng);
    const BBox from{x, y, x + side(rng), y + side(rng)};
    const auto dist = [&](uint32_t i) { return jiuyou::index::bbox_distance(boxes[i], from); };
    std::optional<Hit> want;
    for (uint32_t i = 0; i < boxes.size(); ++i) {
      if (boxes[i].empty()) continue;
      if (!want || dist(i) < want->distance_m) want = Hit{i, dist(i)};
    }
    const auto got = idx.nearest(from, 1e9, dist);
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(*got, *want) << "query " << q;
  }
}

namespace {

GeometryColumn square(double x0, double y0, double side) {
  GeometryColumn g;
  g.kind = GeometryKind::polygon;
  for (auto [x, y] : {std::pair{x0, y0}, {x0 + side, y0}, {x0 + side, y0 + side}, {x0, y0 + side}, {x0, y0}})
    g.add_vertex(x, y);
  g.close_ring();
  g.close_part();
  g.close_feature();
  return g;
}

// Independent reference: 0 if a line vertex is inside the polygon or two segments
// cross, else the least endpoint-to-segment distance over all segment pairs.
double brute_shape_distance(const GeometryColumn& lines, size_t l, const GeometryColumn& poly, size_t p) {
  const auto segments = [](const GeometryColumn& g, size_t f) {
    std::vector<std::pair<Vec2, Vec2>> out;
    for (uint32_t part = g.part_begin(f); part < g.part_end(f); ++part)
      for (uint32_t r = g.ring_begin(part); r < g.ring_end(part); ++r)
        for (uint32_t v = g.vertex_begin(r); v + 1 < g.vertex_end(r); ++v) out.emplace_back(g.vertex(v), g.vertex(v + 1));
    return out;
  };
  const auto ls = segments(lines, l), ps = segments(poly, p);
  for (const auto& [a, b] : ls)
    if (point_in_feature(poly, p, a.x, a.y) || point_in_feature(poly, p, b.x, b.y)) return 0;
  const auto side = [](Vec2 a, Vec2 b, Vec2 c) { return (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x); };
  double best2 = std::numeric_limits<double>::infinity();
  for (const auto& [a, b] : ls) {
    for (const auto& [c, d] : ps) {
      if (side(a, b, c) * side(a, b, d) < 0 && side(c, d, a) * side(c, d, b) < 0) return 0;
      best2 = std::min({best2, point_segment_distance2(a.x, a.y, c.x, c.y, d.x, d.y),
                        point_segment_distance2(b.x, b.y, c.x, c.y, d.x, d.y),
                        point_segment_distance2(c.x, c.y, a.x, a.y, b.x, b.y),
                        point_segment_distance2(d.x, d.y, a.x, a.y, b.x, b.y)});
    }
  }
  return std::sqrt(best2);
}

}  // namespace

TEST(LineIndex, NearestToAPolygonVillageHandChecked) {
  // Village: the square (0,0)-(100,100). Roads: 0 passes 30 m east; 1 crosses the village;
  // 2 lies wholly inside it; 3 is a point 5 m north of the NW corner.
  GeometryColumn roads;
  roads.kind = GeometryKind::line;
  const auto add = [&](std::initializer_list<std::pair<double, double>> pts) {
    for (auto [x, y] : pts) roads.add_vertex(x, y);
    roads.close_ring();
    roads.close_part();
    roads.close_feature();
  };
  add({{130, -50}, {130, 150}});
  add({{-50, 50}, {150, 60}});
  add({{40, 40}, {60, 60}});
  add({{0, 105}});
  const auto village = square(0, 0, 100);
  LineIndex idx;

  const std::vector<uint8_t> only_east{1, 0, 0, 0};
  idx.build(roads, only_east);
  auto hit = idx.nearest_to_feature(village, 0, 1000);
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(hit->feature, 0u);
  EXPECT_DOUBLE_EQ(hit->distance_m, 30.0);
  EXPECT_DOUBLE_EQ(hit->point.x, 130.0);
  EXPECT_FALSE(idx.nearest_to_feature(village, 0, 29.0).has_value());

  const std::vector<uint8_t> crossing{1, 1, 0, 0};
  idx.build(roads, crossing);
  hit = idx.nearest_to_feature(village, 0, 1000);
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(hit->feature, 1u);
  EXPECT_DOUBLE_EQ(hit->distance_m, 0.0);

  const std::vector<uint8_t> inside{1, 0, 1, 0};
  idx.build(roads, inside);
  hit = idx.nearest_to_feature(village, 0, 1000);
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(hit->feature, 2u);
  EXPECT_DOUBLE_EQ(hit->distance_m, 0.0);

  const std::vector<uint8_t> point{1, 0, 0, 1};
  idx.build(roads, point);
  hit = idx.nearest_to_feature(village, 0, 1000);
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(hit->feature, 3u);
  EXPECT_DOUBLE_EQ(hit->distance_m, 5.0);
}

TEST(LineIndex, NearestToPolygonsMatchesBruteForce) {
  const auto roads = random_lines(1500, 15);
  LineIndex idx;
  idx.build(roads);
  std::mt19937 rng(16);
  std::uniform_real_distribution<double> pos(-300, 5300), side(5, 120);
  for (int q = 0; q < 150; ++q) {
    const auto village = square(pos(rng), pos(rng), side(rng));
    double best = std::numeric_limits<double>::infinity();
    for (size_t f = 0; f < roads.feature_count(); ++f) best = std::min(best, brute_shape_distance(roads, f, village, 0));
    const auto hit = idx.nearest_to_feature(village, 0, 1e9);
    ASSERT_TRUE(hit.has_value());
    EXPECT_NEAR(hit->distance_m, best, 1e-9) << "query " << q;
    EXPECT_NEAR(brute_shape_distance(roads, hit->feature, village, 0), hit->distance_m, 1e-9);
    EXPECT_NEAR(hit->distance_m, point_feature_distance(village, 0, hit->point.x, hit->point.y), 1e-6) << "query " << q;
  }
}

namespace {

// A star-shaped (non-convex) polygon of 7..40 vertices around (cx, cy), radius 20..r,
// with a square hole of side r/4 at the centre (the star always contains it).
GeometryColumn star_with_hole(std::mt19937& rng, double cx, double cy, double r) {
  std::uniform_int_distribution<int> verts(7, 40);
  std::uniform_real_distribution<double> rad(0.45 * r, r);
  GeometryColumn g;
  g.kind = GeometryKind::polygon;
  const int n = verts(rng);
  Vec2 first{};
  for (int k = 0; k < n; ++k) {
    const double a = 2 * M_PI * k / n, rr = rad(rng);
    const Vec2 p{cx + rr * std::cos(a), cy + rr * std::sin(a)};
    if (k == 0) first = p;
    g.add_vertex(p.x, p.y);
  }
  g.add_vertex(first.x, first.y);
  g.close_ring();
  const double h = r / 8;
  for (auto [x, y] : {std::pair{cx - h, cy - h}, {cx - h, cy + h}, {cx + h, cy + h}, {cx + h, cy - h}, {cx - h, cy - h}}) g.add_vertex(x, y);
  g.close_ring();
  g.close_part();
  g.close_feature();
  return g;
}

}  // namespace

TEST(LineIndex, NearestToNonConvexPolygonsWithHolesMatchesBruteForceAtEveryLimit) {
  // The search passes its current limit to the segment-to-polygon distance, which then
  // skips polygon edges that cannot be nearer: answers must stay exact, including roads
  // lying in the hole (not inside the village) and roads inside the star's arms.
  const auto roads = random_lines(2000, 23);
  LineIndex idx;
  idx.build(roads);
  std::mt19937 rng(24);
  std::uniform_real_distribution<double> pos(0, 5000), size(30, 400);
  for (int q = 0; q < 200; ++q) {
    const auto village = star_with_hole(rng, pos(rng), pos(rng), size(rng));
    double best = std::numeric_limits<double>::infinity();
    size_t best_f = 0;
    for (size_t f = 0; f < roads.feature_count(); ++f) {
      const double d = brute_shape_distance(roads, f, village, 0);
      if (d < best) { best = d; best_f = f; }
    }
    const auto hit = idx.nearest_to_feature(village, 0, 1e9);
    ASSERT_TRUE(hit.has_value());
    EXPECT_NEAR(hit->distance_m, best, 1e-9) << "query " << q;
    if (best > 0) {
      EXPECT_EQ(hit->feature, best_f) << "query " << q;
    }
    // Limits just below and at the answer.
    if (best > 1e-6) {
      EXPECT_FALSE(idx.nearest_to_feature(village, 0, best * (1 - 1e-9)).has_value()) << "query " << q;
    }
    EXPECT_TRUE(idx.nearest_to_feature(village, 0, best).has_value()) << "query " << q;
  }
}

TEST(SpatialIndex, HilbertOrderIsAPermutationWithEmptyBoxesLast) {
  const auto boxes = random_boxes(3000, 31);
  const auto order = jiuyou::index::hilbert_order(boxes);
  ASSERT_EQ(order.size(), boxes.size());
  std::vector<uint8_t> seen(boxes.size(), 0);
  bool in_empty_tail = false;
  for (const uint32_t i : order) {
    ASSERT_LT(i, boxes.size());
    EXPECT_EQ(seen[i], 0) << i;
    seen[i] = 1;
    if (boxes[i].empty()) in_empty_tail = true;
    else EXPECT_FALSE(in_empty_tail) << "a non-empty box after an empty one";
  }
  // Neighbours in the order are near in space: the mean step is far below a random pair's distance.
  double step = 0;
  size_t steps = 0;
  for (size_t k = 1; k < order.size(); ++k) {
    const BBox &a = boxes[order[k - 1]], &b = boxes[order[k]];
    if (a.empty() || b.empty()) continue;
    step += std::hypot(a.min_x - b.min_x, a.min_y - b.min_y);
    ++steps;
  }
  EXPECT_LT(step / static_cast<double>(steps), 1000.0);  // random pairs in a 10 km square: ~5,200 m
}
