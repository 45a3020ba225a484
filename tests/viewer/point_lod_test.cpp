// The viewer at province scale draws a dense point layer zoomed out as one
// point per screen cell (src/render/point_lod.hpp), and a failing village is
// never hidden by it: every failing village's cell is won by a failing
// village, winners are drawn worst last, and on the screen every failing
// village has a failing dot over it (Xvfb + Mesa).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "gis/io/schema.hpp"
#include "src/render/image.hpp"
#include "src/render/point_lod.hpp"
#include "src/render/style.hpp"
#include "src/viewer/map/feature_pick.hpp"
#include "viewer/viewer_harness.hpp"

namespace jiuyou::viewer {
namespace {

constexpr double k_x0 = 400000, k_y0 = 2800000;

// n villages jittered over 200 x 150 km; every 97th fails (1 to 3 items), every 131st is undecided,
// the rest exit. Many failing villages have passing neighbours closer than a pixel at the overview.
FeatureTable dense_villages(size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> x(0, 200000), y(0, 150000);
  FeatureTable t;
  t.name = std::string(io::target_layer);
  t.geometry.kind = GeometryKind::point;
  Column code("code", FieldType::text), verdict("verdict", FieldType::text), failed("failed_count", FieldType::integer);
  for (size_t i = 0; i < n; ++i) {
    t.geometry.add_point_feature(k_x0 + x(rng), k_y0 + y(rng));
    t.fid.push_back(static_cast<int64_t>(i + 1));
    code.push_text(std::to_string(420000000000 + i));
    const bool fails = i % 97 == 13, unknown = !fails && i % 131 == 7;
    verdict.push_text(fails ? "fail" : unknown ? "unknown" : "exit");
    failed.push_int(fails ? static_cast<int64_t>(1 + i % 3) : 0);
  }
  t.columns = {code, verdict, failed};
  return t;
}

render::LayerStyle verdict_style(const FeatureTable& t) {
  render::StyleOptions o;
  auto st = render::style_layer(t, o);
  EXPECT_TRUE(st.has_value());
  return st ? *st : render::LayerStyle{};
}

TEST(PointLod, EveryFailingVillageWinsItsCellAtEveryLevel) {
  const FeatureTable v = dense_villages(20000, 3);
  const render::LayerBuckets b = render::build_buckets(v, {k_x0, k_y0});
  ASSERT_GE(b.point_cells.size(), 3u);
  render::LayerStyle style = verdict_style(v);
  ASSERT_EQ(style.rank.size(), v.size());
  // The filter hides every 10th village (transparent): it never stands for a cell.
  for (size_t i = 0; i < style.colors.size(); i += 10) style.colors[i].a = 0;
  auto is_failing = [&](uint32_t f) { return cell_text(v, "verdict", f) == "fail"; };
  size_t prev_cells = b.points.size();
  for (const render::PointCells& level : b.point_cells) {
    const size_t cells = level.offsets.size() - 1;
    EXPECT_LE(cells * 10, prev_cells * 9) << "a level keeps at most nine tenths of the one before";
    prev_cells = cells;
    std::vector<uint32_t> members = level.members;
    std::sort(members.begin(), members.end());
    for (size_t i = 0; i < members.size(); ++i) ASSERT_EQ(members[i], i) << "the cells hold every point once";
    const std::vector<render::PointInstance> winners = render::cell_winners(b.points, level, style);
    std::set<uint32_t> won;
    for (const render::PointInstance& w : winners) won.insert(w.feature);
    ASSERT_EQ(won.size(), winners.size());
    size_t shown_cells = 0;
    for (size_t c = 0; c < cells; ++c) {
      bool any_shown = false, any_failing = false;
      uint32_t winner_count = 0;
      int max_rank = -1;
      for (uint32_t k = level.offsets[c]; k < level.offsets[c + 1]; ++k) {
        const uint32_t f = b.points[level.members[k]].feature;
        const bool shown = style.colors[f].a > 0;
        any_shown |= shown;
        if (shown) {
          any_failing |= is_failing(f);
          max_rank = std::max<int>(max_rank, style.rank[f]);
        }
        winner_count += won.count(f) ? 1 : 0;
      }
      shown_cells += any_shown;
      ASSERT_EQ(winner_count, any_shown ? 1u : 0u) << "one winner per cell with a shown village, none otherwise";
      for (uint32_t k = level.offsets[c]; k < level.offsets[c + 1]; ++k) {
        const uint32_t f = b.points[level.members[k]].feature;
        if (!won.count(f)) continue;
        EXPECT_GT(style.colors[f].a, 0) << "a hidden village never stands for its cell";
        EXPECT_EQ(style.rank[f], max_rank) << "the worst shown village wins";
        if (any_failing) {
          EXPECT_TRUE(is_failing(f)) << "a cell with a failing village shows a failing one";
        }
      }
    }
    EXPECT_EQ(winners.size(), shown_cells);
    for (size_t i = 1; i < winners.size(); ++i)
      ASSERT_LE(style.rank[winners[i - 1].feature], style.rank[winners[i].feature]) << "worst drawn last";
  }
  // Few points: no levels (drawn in full always); a still picture (coarsest scale known): none either.
  EXPECT_TRUE(render::build_buckets(dense_villages(render::k_point_lod_min_points - 1, 4), {k_x0, k_y0}).point_cells.empty());
  EXPECT_TRUE(render::build_buckets(v, {k_x0, k_y0}, 50.0).point_cells.empty());
}

bool failing_red(render::Rgba c) { return c.r > 160 && c.g < 140 && c.b < 110; }

// 40,000 dense villages opened as a province, panels and status bar hidden, one frame drawn
// (the point levels are built by then); nullptr where the viewer cannot open.
std::unique_ptr<ViewerApp> open_province() {
  Workspace ws;
  ws.name = "省级合成";
  ws.layers.push_back(dense_villages(40000, 5));
  auto app = open_workspace(ws);
  if (!app) return app;
  hide_panels(app->state());
  app->state().show_status = false;
  frame_and_capture(*app);
  return app;
}

TEST(PointLod, TheOverviewShowsEveryFailingVillageAndDrawsFewerPoints) {
  REQUIRE_DISPLAY();
  auto app = open_province();
  ASSERT_TRUE(app);
  AppState& s = app->state();
  const render::Image img = frame_and_capture(*app);
  ASSERT_GT(img.width, 0);
  const size_t drawn = s.renderer->last_frame_stats().primitives;
  EXPECT_LT(drawn, 40000u) << "zoomed out, one point per screen cell";
  EXPECT_GT(drawn, 1000u);
  const FeatureTable& v = *s.villages();
  size_t failing = 0, seen = 0;
  for (size_t i = 0; i < v.size(); ++i) {
    if (cell_text(v, "verdict", i) != "fail") continue;
    ++failing;
    const Vec2 p = s.camera.world_to_screen(v.geometry.vertex(v.geometry.vertex_begin(v.geometry.ring_begin(v.geometry.part_begin(i)))));
    bool red = false;
    for (int dy = -4; dy <= 4 && !red; ++dy)
      for (int dx = -4; dx <= 4 && !red; ++dx) {
        const int x = static_cast<int>(std::floor(p.x)) + dx, y = static_cast<int>(std::floor(p.y)) + dy;
        if (x >= 0 && y >= 0 && x < img.width && y < img.height) red = failing_red(img.at(x, y));
      }
    seen += red;
    EXPECT_TRUE(red) << "failing village " << i << " has no failing dot within 4 px";
  }
  EXPECT_GT(failing, 300u);
  EXPECT_EQ(seen, failing);
  const std::string png = ::testing::TempDir() + "point_lod_overview.png";
  EXPECT_TRUE(render::write_png(img, png).has_value());
  std::printf("overview: %zu points drawn of 40000, %zu of %zu failing villages under a failing dot; picture %s\n", drawn, seen,
              failing, png.c_str());
  // Zoomed in (a cell wider than 4 px at every level): every point of the view is drawn.
  zoom_to(s, BBox{k_x0 + 90000, k_y0 + 70000, k_x0 + 92000, k_y0 + 71500});
  frame_and_capture(*app);
  size_t in_view = 0;
  const BBox view = s.camera.visible_bbox();
  for (size_t i = 0; i < v.size(); ++i) {
    const Vec2 q = v.geometry.vertex(v.geometry.vertex_begin(v.geometry.ring_begin(v.geometry.part_begin(i))));
    in_view += view.contains(q.x, q.y);
  }
  EXPECT_GE(s.renderer->last_frame_stats().primitives, in_view);
}

// Two dots under the cursor (both at distance 0 from it): the one drawn on top wins; without a draw order the
// lower feature; a feature hidden (not drawn at this level) is never picked, however near.
TEST(PointLod, OfTwoDotsUnderTheCursorThePickTakesTheOneOnTop) {
  FeatureTable t;
  t.name = "villages";
  t.geometry.kind = GeometryKind::point;
  t.geometry.add_point_feature(1000, 1000);  // 0
  t.geometry.add_point_feature(1003, 1000);  // 1: overlaps 0
  t.geometry.add_point_feature(1001, 1000);  // 2: nearest the click, not drawn at this level
  const std::vector<float> sizes(3, 5.5f);
  std::vector<uint8_t> hidden = {0, 0, 0};
  PickLayer l{"villages", &t.geometry, &hidden, &sizes, 1.0, nullptr, nullptr};
  auto pick = [&] { return pick_feature({l}, {1001.5, 1000}, 8.0); };
  ASSERT_TRUE(pick());
  EXPECT_EQ(pick()->ref.row, 0u) << "no draw order: the lower feature";
  const std::vector<uint32_t> one_on_top = {1, 3, 2};  // per feature: its place in the draw order
  l.draw_rank = &one_on_top;
  EXPECT_EQ(pick()->ref.row, 1u) << "the dot drawn on top";
  const std::vector<uint32_t> zero_on_top = {3, 1, 2};
  l.draw_rank = &zero_on_top;
  EXPECT_EQ(pick()->ref.row, 0u);
  hidden = {1, 1, 0};
  EXPECT_EQ(pick()->ref.row, 2u) << "the only one drawn";
  hidden = {1, 1, 1};
  EXPECT_FALSE(pick()) << "nothing drawn: nothing picked";
  const std::vector<uint32_t> short_rank = {0};  // a draw order shorter than the layer: the rest rank 0
  l.draw_rank = &short_rank;
  hidden = {0, 0, 0};
  EXPECT_EQ(pick()->ref.row, 0u);
}

bool near_colour(render::Rgba a, render::Rgba b) { return std::abs(a.r - b.r) <= 3 && std::abs(a.g - b.g) <= 3 && std::abs(a.b - b.b) <= 3; }

// Zoomed out, a click picks the village whose dot the planner sees under the cursor (the worst of its cell, drawn
// on top), not a passing village hidden under a failing dot: at every failing village and at random places, the
// village picked has the colour of the pixel clicked, wherever that pixel is a village's fill; hover names the same one.
TEST(PointLod, AClickZoomedOutPicksTheVillageWhoseDotIsShown) {
  REQUIRE_DISPLAY();
  auto app = open_province();
  ASSERT_TRUE(app);
  AppState& s = app->state();
  const render::Image img = frame_and_capture(*app);
  ASSERT_GT(img.width, 0);
  ASSERT_LT(s.renderer->last_frame_stats().primitives, 40000u) << "the overview draws one dot per cell";
  const FeatureTable& v = *s.villages();
  const LayerUi* layer = nullptr;
  for (const LayerUi& l : s.layers)
    if (l.name == io::target_layer) layer = &l;
  ASSERT_TRUE(layer);
  const std::vector<render::Rgba>& colours = s.styles.at(layer->renderer_index).colors;
  const std::vector<render::Rgba> palette = {render::verdict_color("exit", 0), render::verdict_color("unknown", 0), render::verdict_color("fail", 1),
                                             render::verdict_color("fail", 2), render::verdict_color("fail", 3)};
  std::vector<Vec2> clicks;
  for (size_t i = 0; i < v.size(); ++i)
    if (cell_text(v, "verdict", i) == "fail") clicks.push_back(s.camera.world_to_screen(v.geometry.vertex(v.geometry.vertex_begin(v.geometry.ring_begin(v.geometry.part_begin(i))))));
  const size_t at_failing = clicks.size();
  std::mt19937 rng(11);
  // Random places over the villages' extent (clear of the window's menu bar and edges).
  const Vec2 a = s.camera.world_to_screen({k_x0, k_y0}), b = s.camera.world_to_screen({k_x0 + 200000, k_y0 + 150000});
  std::uniform_real_distribution<double> sx(std::max(std::min(a.x, b.x), 30.0), std::min(std::max(a.x, b.x), img.width - 30.0)),
      sy(std::max(std::min(a.y, b.y), 30.0), std::min(std::max(a.y, b.y), img.height - 30.0));
  for (int k = 0; k < 1500; ++k) clicks.push_back({sx(rng), sy(rng)});
  size_t checked = 0, failing_picked = 0, failing_shown = 0;
  for (size_t k = 0; k < clicks.size(); ++k) {
    const int x = static_cast<int>(std::floor(clicks[k].x)), y = static_cast<int>(std::floor(clicks[k].y));
    if (x < 1 || y < 1 || x + 1 >= img.width || y + 1 >= img.height) continue;
    const render::Rgba shown = img.at(x, y);
    if (std::none_of(palette.begin(), palette.end(), [&](render::Rgba c) { return near_colour(c, shown); })) continue;  // outline, ground
    bool inside = true;  // a pixel inside one dot's fill (its 8 neighbours the same colour), not at the edge between two
    for (int dy = -1; dy <= 1; ++dy)
      for (int dx = -1; dx <= 1; ++dx) inside = inside && near_colour(img.at(x + dx, y + dy), shown);
    if (!inside) continue;
    const auto hit = pick_any(s, {clicks[k].x + 0.5, clicks[k].y + 0.5});
    ASSERT_TRUE(hit) << "a click on a village's dot at " << x << "," << y << " picks nothing";
    ASSERT_EQ(hit->layer, io::target_layer);
    ++checked;
    EXPECT_TRUE(near_colour(colours.at(hit->row), shown)) << "click at " << x << "," << y << " shows " << int(shown.r) << "," << int(shown.g) << ","
                                                          << int(shown.b) << " but picks village " << hit->row << " (" << cell_text(v, "verdict", hit->row) << ")";
    EXPECT_EQ(pick_village(s, {clicks[k].x + 0.5, clicks[k].y + 0.5}, false), std::optional<uint32_t>(hit->row)) << "hover names the village a click picks";
    if (k < at_failing && failing_red(shown)) ++failing_shown, failing_picked += cell_text(v, "verdict", hit->row) == "fail";
  }
  EXPECT_GT(checked, 300u) << "enough clicks land on a village's fill";
  EXPECT_GT(failing_shown, 250u);
  EXPECT_EQ(failing_picked, failing_shown) << "a click on a failing dot picks a failing village";
  std::printf("zoomed-out clicks: %zu on a village's fill, each picked the village of that colour; %zu of %zu on a failing dot picked a failing village\n",
              checked, failing_picked, failing_shown);
  // Zoomed in, every village is drawn and a click at one picks it.
  zoom_to(s, BBox{k_x0 + 90000, k_y0 + 70000, k_x0 + 92000, k_y0 + 71500});
  frame_and_capture(*app);
  size_t picked_self = 0, in_view = 0;
  const BBox view = s.camera.visible_bbox();
  for (size_t i = 0; i < v.size(); ++i) {
    const Vec2 q = v.geometry.vertex(v.geometry.vertex_begin(v.geometry.ring_begin(v.geometry.part_begin(i))));
    if (!view.contains(q.x, q.y)) continue;
    ++in_view;
    const auto hit = pick_any(s, s.camera.world_to_screen(q));
    picked_self += hit && hit->row == i;
  }
  EXPECT_GT(in_view, 0u);
  EXPECT_EQ(picked_self, in_view) << "zoomed in, a click on a village picks it";
}

}  // namespace
}  // namespace jiuyou::viewer
