#include "gis/geos/shape.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <thread>
#include <vector>

namespace jiuyou::geos {
namespace {

Shape square(double x0, double y0, double side) {
  GeometryColumn g;
  g.kind = GeometryKind::polygon;
  for (auto [x, y] : {std::pair{x0, y0}, {x0 + side, y0}, {x0 + side, y0 + side}, {x0, y0 + side}, {x0, y0}}) g.add_vertex(x, y);
  g.close_ring();
  g.close_part();
  g.close_feature();
  return Shape::from_feature(g, 0);
}

std::vector<const Shape*> pointers(const std::vector<Shape>& v) {
  std::vector<const Shape*> out;
  for (const auto& s : v) out.push_back(&s);
  return out;
}

}  // namespace

TEST(Shape, UnionPiecesAreSmallDisjointAndAddUpToTheUnion) {
  // 300 overlapping tower discs (128-gons): the union has thousands of vertices.
  std::mt19937 rng(5);
  std::uniform_real_distribution<double> pos(0, 20000), rad(300, 1500);
  std::vector<Shape> discs;
  for (int i = 0; i < 300; ++i) discs.push_back(Shape::disc({pos(rng), pos(rng)}, rad(rng)));
  const auto covers = pointers(discs);
  const auto pieces = Shape::union_pieces(covers, 256);
  ASSERT_GT(pieces.size(), 10u);
  double sum = 0;
  for (const auto& p : pieces) {
    EXPECT_LE(p.vertex_count(), 256u);
    sum += p.area();
  }
  // The pieces cover the same area as the union: a village's covered share is the sum over pieces.
  const Shape everything = square(-5000, -5000, 30000);
  const double union_area = Shape::covered_share(everything, covers) * everything.area();
  EXPECT_NEAR(sum, union_area, 1e-6 * union_area);
  // Pairwise overlaps have no area.
  for (size_t i = 0; i < pieces.size(); ++i)
    for (size_t j = i + 1; j < pieces.size(); ++j) {
      const BBox a = pieces[i].bbox(), b = pieces[j].bbox();
      if (!a.intersects(b)) continue;
      EXPECT_LT(pieces[i].intersection_area(pieces[j]), 1e-6) << i << " " << j;
    }
  // For any village: share from the pieces equals the share from the union.
  std::uniform_real_distribution<double> side(200, 3000);
  for (int q = 0; q < 50; ++q) {
    const Shape v = square(pos(rng), pos(rng), side(rng));
    double covered = 0;
    for (const auto& p : pieces) covered += v.intersection_area(p);
    EXPECT_NEAR(covered / v.area(), Shape::covered_share(v, covers), 1e-9) << "village " << q;
  }
}

TEST(Shape, UnionPiecesOfNothingIsEmptyAndOfOneSmallShapeIsItself) {
  EXPECT_TRUE(Shape::union_pieces({}).empty());
  const Shape s = square(0, 0, 100);
  const Shape* one[] = {&s};
  const auto pieces = Shape::union_pieces(one);
  ASSERT_EQ(pieces.size(), 1u);
  EXPECT_DOUBLE_EQ(pieces[0].area(), 10000.0);
  EXPECT_DOUBLE_EQ(s.bbox().max_x, 100.0);
  EXPECT_EQ(s.vertex_count(), 5u);
}

TEST(Shape, SharedShapesGiveTheSameAnswersFromManyThreads) {
  // The check reads village and coverage shapes from several threads at once.
  std::vector<Shape> discs;
  for (int i = 0; i < 40; ++i) discs.push_back(Shape::disc({i * 300.0, (i % 7) * 250.0}, 400));
  const auto pieces = Shape::union_pieces(pointers(discs), 128);
  std::vector<Shape> villages;
  for (int i = 0; i < 60; ++i) villages.push_back(square(i * 200.0 - 300, (i % 5) * 300.0 - 200, 350));
  auto run = [&](std::vector<double>& out) {
    out.clear();
    for (const auto& v : villages) {
      double c = 0;
      for (const auto& p : pieces) c += v.intersection_area(p);
      out.push_back(c + v.distance(discs[0]) + (v.intersects(discs[5]) ? 1e9 : 0));
    }
  };
  std::vector<double> expected;
  run(expected);
  std::vector<std::vector<double>> got(4);
  std::vector<std::thread> threads;
  for (auto& g : got) threads.emplace_back([&run, &g] { run(g); });
  for (auto& t : threads) t.join();
  for (const auto& g : got) EXPECT_EQ(g, expected);
}

}  // namespace jiuyou::geos
