// tour 18 S8: road segments digitised without snapping (ends 1.2 m apart, tolerance 1 m) broke the network into
// pieces and turned 79 villages' road pass into fail without a word. loose_ends finds such ends.
#include "gis/network/loose_ends.hpp"

#include <gtest/gtest.h>

#include "support/table_builders.hpp"

using namespace jiuyou;
using namespace jiuyou::network;

namespace {

// `n` segments along y = 0, each 100 m long, consecutive ones `gap` metres apart.
GeometryColumn chain(int n, double gap) {
  GeometryColumn g;
  g.kind = GeometryKind::line;
  for (int i = 0; i < n; ++i) {
    const double x0 = i * (100 + gap);
    jiuyou::test::add_line(g, {{x0, 0}, {x0 + 100, 0}});
  }
  return g;
}

LooseEnds ends_of(const GeometryColumn& g, double tolerance = 1.0) {
  NodingParams np;
  np.tolerance_m = tolerance;
  return loose_ends(g, build_topology(g, {}, np), tolerance, 10);
}

}  // namespace

TEST(LooseEnds, SegmentsNotSnappedByMoreThanTheToleranceAreMany) {
  const LooseEnds l = ends_of(chain(30, 1.2));
  EXPECT_EQ(l.endpoints, 60u);
  EXPECT_EQ(l.near_misses, 58u);  // every end but the chain's two outer ones
  EXPECT_TRUE(l.many());
  EXPECT_NEAR(l.gap_p90_m, 1.2, 1e-9);
  ASSERT_TRUE(l.example.has_value());
}

TEST(LooseEnds, SnappedSegmentsAndGapsWithinToleranceOrFarAwayAreNone) {
  EXPECT_EQ(ends_of(chain(30, 0.0)).near_misses, 0u);   // joined
  EXPECT_EQ(ends_of(chain(30, 0.8)).near_misses, 0u);   // joined within the tolerance
  EXPECT_EQ(ends_of(chain(30, 50.0)).near_misses, 0u);  // far apart: separate roads, not a digitising slip
  EXPECT_FALSE(ends_of(chain(30, 1.2), 2.0).many());   // the tolerance raised as the warning says
}

TEST(LooseEnds, OneDeadEndNearAnotherRoadIsNotMany) {
  GeometryColumn g = chain(40, 0.0);
  jiuyou::test::add_line(g, {{550, 3}, {550, 200}});  // a spur ending 3 m short of the main road, mid-segment
  const LooseEnds l = ends_of(g);
  EXPECT_EQ(l.near_misses, 1u);
  EXPECT_FALSE(l.many());
}
