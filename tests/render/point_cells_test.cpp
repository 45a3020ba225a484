// A still picture keeps one point symbol per pixel cell where a layer is
// denser than its pixels (src/render/point_cells.hpp); the symbol kept is the
// most severe in the cell, so a failing village is never hidden.
#include "src/render/point_cells.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "src/render/render_map.hpp"

namespace jiuyou::render {
namespace {

struct Village {
  double x, y;
  const char* verdict;
  int failed;
};

FeatureTable villages(const std::vector<Village>& vs) {
  FeatureTable t;
  t.name = "villages";
  t.geometry.kind = GeometryKind::point;
  t.add_column("verdict", FieldType::text);
  t.add_column("failed_count", FieldType::integer);
  Column& verdict = *t.column("verdict");  // after both: adding a column moves the others
  Column& failed = *t.column("failed_count");
  for (size_t i = 0; i < vs.size(); ++i) {
    t.geometry.add_vertex(vs[i].x, vs[i].y);
    t.geometry.close_ring();
    t.geometry.close_part();
    t.geometry.close_feature();
    t.fid.push_back(static_cast<int64_t>(i));
    verdict.push_text(vs[i].verdict);
    failed.push_int(vs[i].failed);
  }
  return t;
}

LayerStyle visible(size_t n) {
  LayerStyle s;
  s.colors.assign(n, Rgba{26, 152, 80, 255});
  s.widths.assign(n, 5.5f);
  return s;
}

// The layer's own style (style_layer): the ranks every shared cell uses (style.hpp cell_rank).
LayerStyle styled(const FeatureTable& t, ColorBy by = {}) {
  StyleOptions o;
  o.color_by = std::move(by);
  auto s = style_layer(t, o);
  EXPECT_TRUE(s.has_value());
  return s ? std::move(*s) : LayerStyle{};
}

std::vector<int> ranks_of(const LayerStyle& s) {
  std::vector<int> r;
  for (uint32_t f = 0; f < s.colors.size(); ++f) r.push_back(cell_rank(s, f));
  return r;
}

std::vector<uint32_t> kept_features(const LayerBuckets& b) {
  std::vector<uint32_t> f;
  for (const PointInstance& p : b.points) f.push_back(p.feature);
  std::sort(f.begin(), f.end());
  return f;
}

TEST(PointCells, AFailAmongPassesInOneCellIsTheSymbolKept) {
  // Cell of 100 m: five passes and one fail (1 failed item) in [0,100)^2, in
  // the middle of the draw order; another cell with passes only.
  const FeatureTable t = villages({{10, 10, "exit", 0},
                                   {20, 30, "exit", 0},
                                   {50, 50, "fail", 1},
                                   {60, 70, "exit", 0},
                                   {90, 90, "exit", 0},
                                   {95, 5, "unknown", 0},
                                   {150, 10, "exit", 0},
                                   {160, 20, "exit", 0}});
  LayerBuckets b = build_buckets(t, {0, 0});
  EXPECT_EQ(keep_one_point_per_cell(b, 100.0, styled(t), 0), 6u);
  EXPECT_EQ(kept_features(b), (std::vector<uint32_t>{2, 7})) << "the fail wins its cell; the passes' cell keeps the last drawn";
}

TEST(PointCells, RankPutsMoreFailedItemsAboveFewerAboveUnknownAbovePass) {
  const FeatureTable t = villages({{0, 0, "exit", 0}, {0, 0, "unknown", 0}, {0, 0, "fail", 1}, {0, 0, "fail", 3}, {0, 0, "FAIL", 2}, {0, 0, "fail", 7}});
  const std::vector<int> s = ranks_of(styled(t));
  EXPECT_LT(s[0], s[1]);
  EXPECT_LT(s[1], s[2]);
  EXPECT_LT(s[2], s[4]);
  EXPECT_LT(s[4], s[3]);
  EXPECT_LT(s[3], s[5]) << "more failed items above fewer beyond the palette's 3+ too";
  EXPECT_EQ(verdict_rank("fail", std::nan("")), verdict_rank("fail", 1)) << "a missing count reads as one failed item";
  EXPECT_EQ(verdict_rank("fail", 1e300), verdict_rank("fail", 200)) << "a huge count is clamped, never wraps";
  EXPECT_GT(verdict_rank("fail", -5), verdict_rank("unknown", 0));
  // Coloured by an item: fail above unknown above no data above pass.
  FeatureTable items = t;
  Column road("road", FieldType::text);
  for (const char* v : {"pass", "unknown", "fail", "pass", "unknown"}) road.push_text(v);
  road.push_null();
  items.columns.push_back(road);
  ColorBy by_road;
  by_road.kind = ColorBy::Kind::item;
  by_road.item = "road";
  const std::vector<int> r = ranks_of(styled(items, by_road));
  EXPECT_GT(r[2], r[1]);
  EXPECT_GT(r[1], r[5]);
  EXPECT_GT(r[5], r[0]);
  // Plain, and another layer: no ranking, and a hidden symbol never wins a cell.
  EXPECT_EQ(ranks_of(styled(t, ColorBy::parse("none"))), std::vector<int>(t.size(), 0));
  FeatureTable schools = t;
  schools.name = "schools";
  LayerStyle s2 = visible(t.size());
  s2.colors[4].a = 0;
  EXPECT_EQ(cell_rank(s2, 0), cell_rank(s2, 3));
  EXPECT_EQ(cell_rank(s2, 4), -1);
  EXPECT_EQ(cell_rank(s2, 99), -1) << "beyond the style: not shown";
  s2.colors.pop_back();  // the last feature is now beyond the style: hidden too
  LayerBuckets b = build_buckets(schools, {0, 0});
  keep_one_point_per_cell(b, 10.0, s2, 0);
  EXPECT_EQ(kept_features(b), (std::vector<uint32_t>{3})) << "the last visible one drawn";
}

// A compare map (--color-by transition): 返贫风险 wins its cell over every other class.
TEST(PointCells, TransitionRankPutsRegressionsFirst) {
  FeatureTable t = villages({{10, 10, "exit", 0}, {20, 20, "exit", 0}, {30, 30, "exit", 0}, {40, 40, "exit", 0},
                             {50, 50, "exit", 0}, {60, 60, "exit", 0}, {70, 70, "exit", 0}});
  Column overall("overall", FieldType::text), how("match_how", FieldType::text);
  const std::vector<std::pair<const char*, const char*>> rows = {{"still_pass", "code"}, {"improved", "code"}, {"regressed", "code"},
      {"still_fail_worse", "code"}, {"unknown", "code"}, {"", "appeared"}, {"unverified", "code"}};
  for (const auto& [o, h] : rows) overall.push_text(o), how.push_text(h);
  t.columns.push_back(overall);
  t.columns.push_back(how);
  const LayerStyle st = styled(t, ColorBy::parse("transition"));
  const std::vector<int> r = ranks_of(st);
  EXPECT_EQ(r[0], 0) << "仍达标 lowest";
  EXPECT_GT(r[2], r[6]) << "返贫风险 above 待核实";
  EXPECT_GT(r[6], r[3]) << "待核实 above 仍未达标";
  EXPECT_GT(r[3], r[4]) << "仍未达标 above 无法比较";
  EXPECT_GT(r[4], r[5]) << "无法比较 above 新增";
  EXPECT_GT(r[5], r[1]) << "新增 above 改善";
  EXPECT_GT(r[1], r[0]) << "改善 above 仍达标";
  LayerBuckets b = build_buckets(t, {0, 0});
  EXPECT_EQ(keep_one_point_per_cell(b, 100.0, st, 0), 6u);
  EXPECT_EQ(kept_features(b), (std::vector<uint32_t>{2})) << "the regression is the village the cell shows";
}

TEST(PointCells, SmallLayersAndNoScaleAreLeftAlone) {
  const FeatureTable t = villages({{10, 10, "exit", 0}, {11, 11, "fail", 1}, {12, 12, "exit", 0}});
  const LayerStyle st = styled(t);
  LayerBuckets b = build_buckets(t, {0, 0});
  EXPECT_EQ(keep_one_point_per_cell(b, 100.0, st), 0u) << "fewer than k_point_cells_min";
  EXPECT_EQ(keep_one_point_per_cell(b, 0.0, st, 0), 0u) << "no picture scale";
  EXPECT_EQ(b.points.size(), 3u);
}

TEST(PointCells, EveryCellKeepsOneInDrawOrderAndTheChunksCoverThem) {
  // 60,000 points, 6 per 50 m cell (a 100 x 100 grid of cells).
  std::vector<Village> vs;
  for (int cy = 0; cy < 100; ++cy)
    for (int cx = 0; cx < 100; ++cx)
      for (int k = 0; k < 6; ++k) vs.push_back({cx * 50.0 + 5 + k * 7, cy * 50.0 + 5 + k * 6, k == 3 && cx == cy ? "fail" : "exit", k == 3 ? 2 : 0});
  const FeatureTable t = villages(vs);
  LayerBuckets b = build_buckets(t, {0, 0});
  const LayerBuckets before = b;
  EXPECT_EQ(keep_one_point_per_cell(b, 50.0, styled(t)), 50'000u);
  ASSERT_EQ(b.points.size(), 10'000u);
  size_t fails = 0;
  for (const PointInstance& p : b.points) fails += vs[p.feature].verdict == std::string("fail");
  EXPECT_EQ(fails, 100u) << "every failing village's cell shows it";
  // Draw order is the full layer's, with the others left out.
  size_t j = 0;
  for (const PointInstance& p : b.points) {
    while (j < before.points.size() && before.points[j].feature != p.feature) ++j;
    ASSERT_LT(j, before.points.size()) << "feature " << p.feature << " out of order";
  }
  uint32_t next = 0;
  for (const Chunk& c : b.point_chunks) {
    EXPECT_EQ(c.begin, next);
    for (uint32_t i = c.begin; i < c.end; ++i) {
      EXPECT_GE(b.points[i].center[0], c.min_x);
      EXPECT_LE(b.points[i].center[0], c.max_x);
      EXPECT_GE(b.points[i].center[1], c.min_y);
      EXPECT_LE(b.points[i].center[1], c.max_y);
    }
    next = c.end;
  }
  EXPECT_EQ(next, b.points.size());
}

TEST(PointCells, ShortSegmentsOnePerCellAndLookLongOnesAllKept) {
  auto seg = [](float x0, float y0, float x1, float y1, uint32_t f) { return LineSegment{{x0, y0}, {x1, y1}, f, 0}; };
  LayerBuckets b;
  b.kind = GeometryKind::line;
  // Cell 100 m. Features 0, 1: same look; 2: another colour; 3: the same look, long.
  b.segments = {seg(10, 10, 20, 20, 0), seg(30, 30, 40, 35, 1), seg(50, 50, 55, 60, 2), seg(0, 0, 250, 0, 3), seg(150, 10, 160, 20, 0)};
  SegmentLod lod;
  lod.tolerance_m = 200;
  lod.segments = {seg(10, 10, 20, 20, 0), seg(30, 30, 40, 35, 1), seg(0, 0, 250, 0, 3)};
  b.lods.push_back(lod);
  LayerStyle st;
  st.colors = {Rgba{10, 10, 10, 255}, Rgba{10, 10, 10, 255}, Rgba{200, 0, 0, 255}, Rgba{10, 10, 10, 255}};
  st.widths = {2, 2, 2, 2};
  EXPECT_EQ(keep_one_short_segment_per_cell(b, 100.0, st, 0), 2u);
  std::vector<uint32_t> kept;
  for (const LineSegment& s : b.segments) kept.push_back(s.feature);
  EXPECT_EQ(kept, (std::vector<uint32_t>{1, 2, 3, 0})) << "the later of two of one look in a cell, another look, the long one, another cell";
  ASSERT_EQ(b.lods[0].segments.size(), 2u) << "the levels of detail too";
  EXPECT_EQ(b.lods[0].segments[0].feature, 1u);
  ASSERT_EQ(b.segment_chunks.size(), 1u);
  EXPECT_EQ(b.segment_chunks[0].end, 4u);
  EXPECT_EQ(b.segment_chunks[0].max_x, 250.0f);
  // Another width is another look.
  st.widths[1] = 4;
  LayerBuckets c;
  c.segments = {seg(10, 10, 20, 20, 0), seg(30, 30, 40, 35, 1)};
  EXPECT_EQ(keep_one_short_segment_per_cell(c, 100.0, st, 0), 0u);
  EXPECT_EQ(keep_one_short_segment_per_cell(c, 100.0, st), 0u) << "fewer than k_segment_cells_min: left alone";
}

TEST(PointCells, TheMapShowsAFailHiddenUnderPassesInItsPixel) {
  // A province-like grid of passing villages and, at one place, a failing one
  // drawn first and four passing ones drawn over it at the same spot: drawn
  // in full, the fail is covered; the picture shows it.
  std::vector<Village> vs;
  for (int y = 0; y < 160; ++y)
    for (int x = 0; x < 160; ++x)
      if (std::hypot(x - 80.2, y - 80.2) > 4) vs.push_back({x * 1000.0, y * 1000.0, "exit", 0});  // clear around the spot
  const size_t fail_at = vs.size();
  vs.push_back({80'200.0, 80'200.0, "fail", 1});
  for (int k = 0; k < 4; ++k) vs.push_back({80'200.0, 80'200.0, "exit", 0});
  Workspace ws;
  ws.layers.push_back(villages(vs));
  RenderOptions o;
  o.width = 800;
  o.height = 600;
  o.labels = false;
  o.legend = false;
  o.hillshade = false;
  auto r = render_map(ws, o);
  ASSERT_TRUE(r.has_value()) << r.error().to_string();
  const Rgba fail = verdict_color("fail", 1);
  const auto at = r->camera.world_to_screen({vs[fail_at].x, vs[fail_at].y});
  const int px = static_cast<int>(std::lround(at.x)), py = static_cast<int>(std::lround(at.y));
  ASSERT_TRUE(px > 1 && py > 1 && px < o.width - 1 && py < o.height - 1);
  bool seen = false;
  for (int dy = -1; dy <= 1; ++dy)
    for (int dx = -1; dx <= 1; ++dx) {
      const Rgba c = r->image.at(px + dx, py + dy);
      const auto near = [](uint8_t got, uint8_t want) { return std::abs(static_cast<int>(got) - static_cast<int>(want)) <= 8; };
      seen = seen || (near(c.r, fail.r) && near(c.g, fail.g) && near(c.b, fail.b));
    }
  EXPECT_TRUE(seen) << "the failing village's colour at its pixel";
}

}  // namespace
}  // namespace jiuyou::render
