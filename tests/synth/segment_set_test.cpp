// The synthesiser's SegmentSet: "inside a registered ring" (a served area)
// answers from an index of the rings' boxes, and must say exactly what testing
// every ring said: 0 inside any ring, the nearest segment's distance outside.
#include <gtest/gtest.h>

#include <cmath>

#include "gis/synth/builder.hpp"

namespace segment_set_test {

using jiuyou::BBox;
using jiuyou::Vec2;
using jiuyou::synth::Ring;
using jiuyou::synth::detail::SegmentSet;

Ring square(double cx, double cy, double half) {
  return {{cx - half, cy - half}, {cx + half, cy - half}, {cx + half, cy + half}, {cx - half, cy + half}, {cx - half, cy - half}};
}

BBox bounds() { return BBox{0, 0, 100000, 100000}; }

TEST(SegmentSet, InsideAnyRingIsDistanceZeroOutsideTheNearestSegment) {
  SegmentSet set(bounds(), 500);
  set.add_ring(square(10000, 10000, 1000));
  set.add_ring(square(50000, 50000, 200));
  set.add(Vec2{70000, 0}, Vec2{70000, 100000});
  Vec2 at{};
  EXPECT_EQ(set.distance({10500, 9500}, 50000, &at), 0.0);
  EXPECT_EQ(at.x, 10500);
  EXPECT_EQ(at.y, 9500);
  EXPECT_EQ(set.distance({50100, 49900}, 50000), 0.0);
  EXPECT_EQ(set.in_ring({11000, 11000}), jiuyou::synth::point_in_ring(square(10000, 10000, 1000), {11000, 11000}));  // a corner: as the ring test says
  // Outside every ring: the nearest segment (a ring's edge counts as a segment).
  EXPECT_NEAR(set.distance({60000, 50000}, 50000), 9800.0, 1e-6);   // the small square's east edge at 50200
  EXPECT_NEAR(set.distance({69000, 90000}, 50000), 1000.0, 1e-6);   // the line at x = 70000
  EXPECT_FALSE(set.in_ring({12000, 10000}));
}

TEST(SegmentSet, AFarCentredLargeRingIsStillFoundAmongManySmallOnes) {
  // Many small rings and one large one whose centre is far from the point
  // tested: the index must look as far as the largest ring reaches.
  SegmentSet set(bounds(), 500);
  for (int i = 0; i < 40; ++i)
    for (int j = 0; j < 40; ++j) set.add_ring(square(1000 + i * 2000, 1000 + j * 2000, 100));
  set.add_ring(square(60000, 60000, 30000));  // covers 30000..90000 both ways
  EXPECT_TRUE(set.in_ring({31000, 89000}));    // 29 km from its centre, near its corner
  EXPECT_EQ(set.distance({31000, 89000}, 50000), 0.0);
  EXPECT_TRUE(set.in_ring({1050, 1050}));      // a small one
  EXPECT_FALSE(set.in_ring({1500, 1500}));     // between small ones, outside the large one
  EXPECT_NEAR(set.distance({1500, 1500}, 50000), std::hypot(400.0, 400.0), 1e-6);
}

TEST(SegmentSet, RingsOutsideTheGridsBoundsAndEmptyRings) {
  SegmentSet set(BBox{0, 0, 10000, 10000}, 500);
  set.add_ring(Ring{});                          // no vertices: holds nothing
  set.add_ring(square(-3000, 5000, 4000));       // centre left of the bounds, reaches x = 1000
  EXPECT_TRUE(set.in_ring({500, 5000}));
  EXPECT_EQ(set.distance({500, 5000}, 5000), 0.0);
  EXPECT_FALSE(set.in_ring({1500, 5000}));
  EXPECT_EQ(set.rings().size(), set.ring_boxes().size());
  EXPECT_TRUE(set.ring_boxes()[0].empty());
}

}  // namespace segment_set_test
