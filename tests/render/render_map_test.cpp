// Pixel tests of the headless renderer (EGL, Mesa llvmpipe here). Each test
// renders the demo county made in code and checks pixels where it matters.
// The PNGs are written under the test scratch directory for a person to look at.
#include "src/render/render_map.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <limits>

#include "render/demo_workspace.hpp"
#include "src/render/headless_context.hpp"
#include "src/render/style.hpp"
#include "support/test_paths.hpp"

namespace jiuyou::render {
namespace {

using demo::k_x0;
using demo::k_y0;

Rgba pixel_at_world(const RenderResult& r, double x, double y) {
  const Vec2 s = r.camera.world_to_screen({x, y});
  return r.image.at(static_cast<int>(std::floor(s.x)), static_cast<int>(std::floor(s.y)));
}

std::string rgb(Rgba c) {
  return "(" + std::to_string(c.r) + "," + std::to_string(c.g) + "," + std::to_string(c.b) + ")";
}

RenderResult render_or_skip_reason(const Workspace& ws, const RenderOptions& o, const char* png_name) {
  auto r = render_map(ws, o);
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().to_string());
  if (!r) return {};
  const auto path = test::scratch_dir() / png_name;
  EXPECT_TRUE(write_png(r->image, path.string()).has_value());
  return std::move(*r);
}

TEST(RenderMap, FailingVillageIsDrawnInTheFailColourAtItsPixel) {
  const Workspace ws = demo::demo_workspace();
  RenderOptions o;
  o.width = 1000;
  o.height = 700;
  const RenderResult r = render_or_skip_reason(ws, o, "verdict.png");
  ASSERT_GT(r.image.width, 0);
  // 石门村 fails three items, 青龙村 one; 白马村 exits.
  const auto& sm = demo::k_villages[2];
  const auto& ql = demo::k_villages[1];
  const auto& bm = demo::k_villages[0];
  EXPECT_EQ(pixel_at_world(r, k_x0 + sm.x, k_y0 + sm.y), verdict_color("fail", 3)) << rgb(pixel_at_world(r, k_x0 + sm.x, k_y0 + sm.y));
  EXPECT_EQ(pixel_at_world(r, k_x0 + ql.x, k_y0 + ql.y), verdict_color("fail", 1));
  EXPECT_EQ(pixel_at_world(r, k_x0 + bm.x, k_y0 + bm.y), verdict_color("exit", 0));
  EXPECT_NE(verdict_color("fail", 3), verdict_color("exit", 0));
}

TEST(RenderMap, ColourByItemUsesTheItemColumn) {
  const Workspace ws = demo::demo_workspace();
  RenderOptions o;
  o.width = 800;
  o.height = 560;
  o.color_by = ColorBy::parse("road_hardened");
  const RenderResult r = render_or_skip_reason(ws, o, "item_road.png");
  ASSERT_GT(r.image.width, 0);
  const auto& ql = demo::k_villages[1];  // road_hardened = fail
  const auto& lt = demo::k_villages[4];  // road_hardened = pass
  EXPECT_EQ(pixel_at_world(r, k_x0 + ql.x, k_y0 + ql.y), item_color("fail"));
  EXPECT_EQ(pixel_at_world(r, k_x0 + lt.x, k_y0 + lt.y), item_color("pass"));
}

TEST(RenderMap, UnknownColourByItemIsAClearInputError) {
  const Workspace ws = demo::demo_workspace();
  RenderOptions o;
  o.color_by = ColorBy::parse("no_such_item");
  auto r = render_map(ws, o);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::input);
  EXPECT_NE(r.error().hint.find("road_hardened"), std::string::npos) << r.error().to_string();
}

TEST(RenderMap, PavedRoadPixelHasThePavedColourAndGravelDiffers) {
  const Workspace ws = demo::demo_workspace();
  RenderOptions o;
  o.width = 1000;
  o.height = 700;
  o.labels = false;
  o.legend = false;
  const RenderResult r = render_or_skip_reason(ws, o, "roads.png");
  ASSERT_GT(r.image.width, 0);
  // The county road's first segment, (0,4300)-(3000,4400): its middle, away from other features.
  const Rgba paved = pixel_at_world(r, k_x0 + 1000, k_y0 + 4300 + 100.0 / 3);
  EXPECT_EQ(paved, road_color("county", "asphalt")) << rgb(paved);
  // The gravel road to 青龙村, half-way.
  const Rgba gravel = pixel_at_world(r, k_x0 + 6350, k_y0 + 4750);
  EXPECT_EQ(gravel, road_color("village", "gravel")) << rgb(gravel);
  EXPECT_NE(road_color("village", "gravel"), road_color("village", "asphalt"));
}

TEST(RenderMap, HillshadeIsNotFlat) {
  const Workspace ws = demo::demo_workspace();
  RenderOptions o;
  o.width = 600;
  o.height = 420;
  o.layers = {"dem"};
  o.labels = false;
  o.legend = false;
  const RenderResult r = render_or_skip_reason(ws, o, "hillshade.png");
  ASSERT_GT(r.image.width, 0);
  // Sample a grid inside the DEM: brightness must vary (slopes facing the light vs away).
  double sum = 0, sum2 = 0;
  int n = 0, lo = 255, hi = 0;
  for (double fx = 0.1; fx < 0.95; fx += 0.05)
    for (double fy = 0.1; fy < 0.95; fy += 0.05) {
      const Rgba c = pixel_at_world(r, k_x0 + fx * demo::k_w, k_y0 + fy * demo::k_h);
      const int v = (c.r + c.g + c.b) / 3;
      sum += v, sum2 += double(v) * v, ++n;
      lo = std::min(lo, v), hi = std::max(hi, v);
      EXPECT_NE(c, k_background);  // the DEM covers this point
    }
  const double mean = sum / n, sd = std::sqrt(sum2 / n - mean * mean);
  EXPECT_GT(hi - lo, 60) << "hillshade range " << lo << ".." << hi;
  EXPECT_GT(sd, 8.0);
  // The north-west slope of the hill faces the light: brighter than the south-east slope.
  const Rgba nw = pixel_at_world(r, k_x0 + 2500 - 1200, k_y0 + 2000 + 1200);
  const Rgba se = pixel_at_world(r, k_x0 + 2500 + 1200, k_y0 + 2000 - 1200);
  EXPECT_GT(nw.r + nw.g + nw.b, se.r + se.g + se.b + 60) << rgb(nw) << " vs " << rgb(se);
}

TEST(RenderMap, ChineseLabelPutsInkBesideItsVillage) {
  const Workspace ws = demo::demo_workspace();
  RenderOptions o;
  o.width = 1000;
  o.height = 700;
  const RenderResult r = render_or_skip_reason(ws, o, "labels.png");
  ASSERT_GT(r.image.width, 0);
  // Every village labelled in an uncrowded view, and the gap line (about 240 px long here) its length.
  ASSERT_EQ(r.labels.size(), std::size(demo::k_villages) + 1);
  for (const auto& label : r.labels) {
    // The label box lies within 60 px of its village symbol (the gap's length: of the gap's middle).
    const demo::DemoVillage* v = nullptr;
    for (const auto& dv : demo::k_villages)
      if (label.text == dv.name) v = &dv;
    ASSERT_TRUE(v || label.text == "2.95 km") << label.text;
    const Vec2 s = v ? r.camera.world_to_screen({k_x0 + v->x, k_y0 + v->y}) : r.camera.world_to_screen({k_x0 + 8200, k_y0 + 1500 + 2950 / 2.0});
    const double cx = (label.box.x0 + label.box.x1) / 2, cy = (label.box.y0 + label.box.y1) / 2;
    EXPECT_LT(std::hypot(cx - s.x, cy - s.y), 60.0) << label.text;
    // Dark ink (the text colour is near black) inside the box.
    int ink = 0;
    for (int y = static_cast<int>(label.box.y0); y < static_cast<int>(label.box.y1); ++y)
      for (int x = static_cast<int>(label.box.x0); x < static_cast<int>(label.box.x1); ++x) {
        const Rgba c = r.image.at(x, y);
        if (c.r < 90 && c.g < 90 && c.b < 90) ++ink;
      }
    EXPECT_GT(ink, 20) << label.text << " has no ink";
  }
  // Placed labels never overlap.
  for (size_t i = 0; i < r.labels.size(); ++i)
    for (size_t j = i + 1; j < r.labels.size(); ++j) EXPECT_FALSE(r.labels[i].box.overlaps(r.labels[j].box));
}

// A label stands only where its line is drawn as loud as it: under a plan (render --plan, atlas --plan) the gap lines
// are quiet, so their lengths go too, while the villages (loud under a plan) keep their names (tour 15 P12).
TEST(RenderMap, QuietLayersUnderAPlanCarryNoLabels) {
  const Workspace ws = demo::demo_workspace();
  RenderOptions o;
  o.width = 1000;
  o.height = 700;
  o.quiet_base = true;
  const RenderResult r = render_or_skip_reason(ws, o, "labels_under_plan.png");
  ASSERT_GT(r.image.width, 0);
  EXPECT_EQ(r.labels.size(), std::size(demo::k_villages));
  for (const auto& label : r.labels) {
    bool village = false;
    for (const auto& dv : demo::k_villages) village = village || label.text == dv.name;
    EXPECT_TRUE(village) << label.text << ": a label of a quiet layer";
  }
  EXPECT_EQ(r.labels_total, std::size(demo::k_villages)) << "the quiet layers' candidates are dropped, not merely crowded out";
}

TEST(RenderMap, LegendScaleBarAndNorthArrowStayOffTheData) {
  const Workspace ws = demo::demo_workspace();
  RenderOptions o;
  o.width = 900;
  o.height = 500;  // wide: the legend's margin decides the scale
  const RenderResult r = render_or_skip_reason(ws, o, "margins.png");
  ASSERT_GT(r.image.width, 0);
  ASSERT_GT(r.legend_width_px, 100.0f);
  const BBox data{k_x0, k_y0, k_x0 + demo::k_w, k_y0 + demo::k_h};
  const Vec2 ne = r.camera.world_to_screen({data.max_x, data.max_y}), sw = r.camera.world_to_screen({data.min_x, data.min_y});
  EXPECT_LT(ne.x, o.width - r.legend_width_px - 12) << "the east edge is left of the legend";
  EXPECT_GT(sw.x, 54) << "the west edge is right of the north arrow";
  EXPECT_LT(sw.y, o.height - 50) << "the south edge is above the scale bar";
  EXPECT_GT(ne.y, 10);
}

TEST(RenderMap, ALegendTallerThanThePictureGoesOnInColumnsBesideTheData) {
  // A legend that does not fit the height used to lose its last classes (hazards, protected
  // areas) without a word; now it takes more columns, and the data stays left of them.
  const Workspace ws = demo::demo_workspace();
  RenderOptions tall;
  tall.width = 900;
  tall.height = 1400;
  const RenderResult one = render_or_skip_reason(ws, tall, "legend_tall.png");
  ASSERT_GT(one.image.width, 0);
  RenderOptions flat = tall;
  flat.width = 1400;
  flat.height = 240;
  const RenderResult cols = render_or_skip_reason(ws, flat, "legend_flat.png");
  ASSERT_GT(cols.image.width, 0);
  EXPECT_GT(cols.legend_width_px, 1.5f * one.legend_width_px) << "the rows went on in a second column";
  const BBox data{k_x0, k_y0, k_x0 + demo::k_w, k_y0 + demo::k_h};
  EXPECT_LT(cols.camera.world_to_screen({data.max_x, data.max_y}).x, flat.width - cols.legend_width_px - 12);
}

TEST(RenderMap, SameInputGivesTheSameBytes) {
  const Workspace ws = demo::demo_workspace();
  RenderOptions o;
  o.width = 400;
  o.height = 300;
  auto a = render_map(ws, o);
  auto b = render_map(ws, o);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->image.rgba, b->image.rgba);
}

// tour 9 H23: at province scale every village carried facility symbols drawn at full size over its colour; the
// overview draws every layer but villages, townships and county quiet, so the verdict colours carry the picture.
TEST(RenderMap, AProvinceOverviewKeepsTheVillagesColoursAboveTheFacilities) {
  Workspace ws;
  ws.name = "省";
  FeatureTable v, f;
  v.name = "villages";
  f.name = "facilities";
  v.crs = f.crs = CrsRef::epsg(4545);
  v.geometry.kind = GeometryKind::polygon;  // villages as polygons: their fills lie under every point symbol
  f.geometry.kind = GeometryKind::point;
  Column code("code", FieldType::text), verdict("verdict", FieldType::text), failed("failed_count", FieldType::integer), kind("kind", FieldType::text);
  for (int i = 0; i < 80; ++i)
    for (int j = 0; j < 70; ++j) {
      const double x = 500000 + i * 1000.0, y = 3400000 + j * 1000.0;
      for (const auto& [dx, dy] : {std::pair{0.0, 0.0}, std::pair{1000.0, 0.0}, std::pair{1000.0, 1000.0}, std::pair{0.0, 1000.0}, std::pair{0.0, 0.0}})
        v.geometry.add_vertex(x + dx, y + dy);
      v.geometry.close_ring();
      v.geometry.close_part();
      v.geometry.close_feature();
      f.geometry.add_point_feature(x + 500, y + 500);
      v.fid.push_back(static_cast<int64_t>(v.fid.size()) + 1);
      f.fid.push_back(static_cast<int64_t>(f.fid.size()) + 1);
      code.push_text(std::to_string(420323100000 + v.fid.size()));
      verdict.push_text("fail");
      failed.push_int(3);
      kind.push_text("clinic");
    }
  v.columns = {code, verdict, failed};
  f.columns = {kind};
  ASSERT_GE(v.size(), k_overview_villages);
  ws.layers = {v, f};
  RenderOptions o;
  o.width = 480;
  o.height = 420;
  o.legend = false;
  o.labels = false;
  o.hillshade = false;
  auto differing = [](const RenderResult& x, const RenderResult& y) {
    size_t n = 0;
    for (int yy = 0; yy < x.image.height; ++yy)
      for (int xx = 0; xx < x.image.width; ++xx) n += x.image.at(xx, yy) == y.image.at(xx, yy) ? 0 : 1;
    return n;
  };
  const RenderResult overview = render_or_skip_reason(ws, o, "province_overview.png");
  ASSERT_GT(overview.image.width, 0);
  RenderOptions villages_only = o;
  villages_only.layers = {"villages"};
  const RenderResult alone = render_or_skip_reason(ws, villages_only, "province_villages.png");
  RenderOptions chosen = o;
  chosen.layers = {"villages", "facilities"};  // layers chosen by name: drawn as asked
  const RenderResult full = render_or_skip_reason(ws, chosen, "province_chosen.png");
  EXPECT_EQ(differing(overview, alone), 0u) << "the overview shows the villages' colours as if drawn alone";
  EXPECT_GT(differing(full, alone), 1000u) << "with the layers chosen, the facility symbols are drawn over them";
}

// tour 11 K6: thousands of village points touching each other: their white halos painted the densest part white,
// and the township boundaries lay under them. The overview draws the symbols without halo and the boundaries over them.
TEST(RenderMap, ADenseProvinceOverviewShowsColoursNotHalosAndItsBoundaries) {
  Workspace ws;
  ws.name = "省";
  FeatureTable v, t;
  v.name = "villages";
  t.name = "townships";
  v.crs = t.crs = CrsRef::epsg(4545);
  v.geometry.kind = GeometryKind::point;
  t.geometry.kind = GeometryKind::polygon;
  Column verdict("verdict", FieldType::text), failed("failed_count", FieldType::integer);
  for (size_t k = 0; k < k_overview_villages; ++k) {  // 100 x 50 villages 250 m apart: they touch at 600 px
    v.geometry.add_point_feature(500000 + static_cast<double>(k % 100) * 250.0, 3400000 + static_cast<double>(k / 100) * 250.0);
    v.fid.push_back(static_cast<int64_t>(k) + 1);
    verdict.push_text("fail");
    failed.push_int(3);
  }
  v.columns = {verdict, failed};
  Column code("code", FieldType::text), name("name", FieldType::text);
  for (int half = 0; half < 2; ++half) {  // two townships side by side: their shared edge runs through the villages
    const double x0 = 500000 + half * 12375.0, x1 = x0 + 12375.0;
    for (auto [x, y] : {std::pair{x0, 3400000.0}, {x1, 3400000.0}, {x1, 3412250.0}, {x0, 3412250.0}, {x0, 3400000.0}}) t.geometry.add_vertex(x, y);
    t.geometry.close_ring();
    t.geometry.close_part();
    t.geometry.close_feature();
    t.fid.push_back(half + 1);
    code.push_text(half == 0 ? "420323100" : "420323101");
    name.push_text(half == 0 ? "甲镇" : "乙镇");
  }
  t.columns = {code, name};
  ws.layers = {v, t};
  RenderOptions o;
  o.width = 600;
  o.height = 400;
  o.labels = false;
  o.legend = false;
  o.hillshade = false;
  RenderOptions chosen = o;
  chosen.layers = {"villages", "townships"};  // named: drawn at county style, halos and all
  const RenderResult county_style = render_or_skip_reason(ws, chosen, "province_dense_chosen.png");
  const RenderResult overview = render_or_skip_reason(ws, o, "province_dense_overview.png");  // the picture kept
  ASSERT_GT(overview.image.width, 0);
  // Within the villages' extent (a margin in): pure white pixels (halos) and pixels on the shared edge.
  const BBox data = ws.layers.front().bbox();
  auto count = [&](const RenderResult& r, auto pred) {
    const auto a = r.camera.world_to_screen({data.min_x + 1500, data.max_y - 1500}), b = r.camera.world_to_screen({data.max_x - 1500, data.min_y + 1500});
    size_t n = 0;
    for (int y = static_cast<int>(a.y); y < static_cast<int>(b.y); ++y)
      for (int x = static_cast<int>(a.x); x < static_cast<int>(b.x); ++x) n += pred(r.image.at(x, y), x, y) ? 1 : 0;
    return n;
  };
  const auto white = [](const Rgba& c, int, int) { return c.r > 250 && c.g > 250 && c.b > 250; };
  EXPECT_GT(count(county_style, white), 1000u) << "the county style draws halos: the test sees them";
  EXPECT_LT(count(overview, white), count(county_style, white) / 20) << "the overview's dense part reads in the verdict colour";
  const int edge = static_cast<int>(std::lround(overview.camera.world_to_screen({500000 + 12375.0, 3406000.0}).x));
  // The villages' red is (165,0,38); a thin grey line over it reads greyer: (131,54,72).
  const auto grey_on_edge = [edge](const Rgba& c, int x, int) { return std::abs(x - edge) <= 3 && c.r < 150 && c.r - c.g < 110; };
  EXPECT_GT(count(overview, grey_on_edge), 40u) << "the township boundary is drawn over the villages";
}

// tour 10 J4: the overview says on the picture that it is one, what it leaves out and how to get the full picture;
// the map keeps clear of the caption; layers chosen by name: no overview, no caption.
TEST(RenderMap, AProvinceOverviewSaysSoInACaption) {
  Workspace ws;
  ws.name = "省";
  FeatureTable v;
  v.name = "villages";
  v.crs = CrsRef::epsg(4545);
  v.geometry.kind = GeometryKind::point;
  Column verdict("verdict", FieldType::text), failed("failed_count", FieldType::integer);
  for (size_t k = 0; k < k_overview_villages; ++k) {
    v.geometry.add_point_feature(500000 + static_cast<double>(k % 80) * 1000.0, 3400000 + static_cast<double>(k / 80) * 1000.0);
    v.fid.push_back(static_cast<int64_t>(k) + 1);
    verdict.push_text(k % 3 == 0 ? "fail" : "exit");
    failed.push_int(k % 3 == 0 ? 1 : 0);
  }
  v.columns = {verdict, failed};
  ws.layers = {v};
  RenderOptions o;
  o.width = 900;
  o.height = 700;
  o.labels = false;
  o.hillshade = false;
  const RenderResult r = render_or_skip_reason(ws, o, "province_overview_caption.png");
  ASSERT_GT(r.image.width, 0);
  ASSERT_FALSE(r.caption.empty());
  std::string text;
  for (const std::string& l : r.caption) text += l;
  EXPECT_NE(text.find("概览图（5000 个村"), std::string::npos) << text;
  EXPECT_NE(text.find("村庄、乡镇界、县界按原样画出"), std::string::npos) << "the loud layers, from the layer table: " << text;
  EXPECT_NE(text.find("--layers"), std::string::npos) << "how to get the full picture: " << text;
  // Drawn: dark text pixels in the bottom-right corner, right of every village.
  const BBox data = ws.layers.front().bbox();
  const int east = static_cast<int>(std::ceil(r.camera.world_to_screen({data.max_x, data.min_y}).x));
  size_t ink = 0;
  for (int y = r.image.height * 3 / 4; y < r.image.height; ++y)
    for (int x = east + 4; x < r.image.width; ++x) {
      const Rgba c = r.image.at(x, y);
      ink += c.r < 90 && c.g < 90 && c.b < 90 ? 1 : 0;
    }
  EXPECT_GT(ink, 200u) << "the caption's text lies right of the villages, bottom right";
  RenderOptions chosen = o;
  chosen.layers = {"villages"};
  const RenderResult full = render_or_skip_reason(ws, chosen, "province_chosen_caption.png");
  EXPECT_TRUE(full.caption.empty()) << "layers named: the full picture, nothing to say";
  RenderOptions no_legend = o;
  no_legend.legend = false;
  const RenderResult bare = render_or_skip_reason(ws, no_legend, "province_bare.png");
  EXPECT_TRUE(bare.caption.empty()) << "the caption belongs to the legend";
}

TEST(RenderMap, BadGeometryNeverCrashes) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  Workspace ws;
  ws.name = "bad";
  FeatureTable pts;
  pts.name = "villages";
  pts.geometry.kind = GeometryKind::point;
  pts.geometry.add_point_feature(nan, 3400000);
  pts.geometry.add_point_feature(500000, 3400000);  // the only finite point: zero extent
  pts.geometry.add_null_feature();
  pts.fid = {1, 2, 3};
  FeatureTable lines;
  lines.name = "roads";
  lines.geometry.kind = GeometryKind::line;
  lines.geometry.add_vertex(499990, 3399990);
  lines.geometry.add_vertex(nan, nan);
  lines.geometry.add_vertex(500010, 3400010);
  lines.geometry.close_ring();
  lines.geometry.close_part();
  lines.geometry.close_feature();
  lines.fid = {1};
  FeatureTable polys;
  polys.name = "hazards";
  polys.geometry.kind = GeometryKind::polygon;
  polys.geometry.add_vertex(500000, 3400000);
  polys.geometry.add_vertex(500000, 3400000);
  polys.geometry.add_vertex(500000, 3400000);
  polys.geometry.close_ring();
  polys.geometry.close_part();
  polys.geometry.close_feature();
  polys.fid = {1};
  FeatureTable empty;
  empty.name = "water";
  empty.geometry.kind = GeometryKind::line;
  ws.layers = {pts, lines, polys, empty};
  RenderOptions o;
  o.width = 300;
  o.height = 200;
  o.legend = false;
  auto r = render_map(ws, o);
  ASSERT_TRUE(r.has_value()) << r.error().to_string();
  EXPECT_TRUE(write_png(r->image, (test::scratch_dir() / "bad_input.png").string()).has_value());
  EXPECT_EQ(r->dropped_vertices, 2u);  // the NaN point and the NaN line vertex
  // The finite village is drawn at the centre of the finite extent.
  EXPECT_EQ(pixel_at_world(*r, 500000, 3400000), k_village_plain);
}

TEST(RenderMap, ErrorsForBadOptions) {
  const Workspace ws = demo::demo_workspace();
  RenderOptions o;
  o.layers = {"rivers"};
  auto r = render_map(ws, o);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::input);
  EXPECT_NE(r.error().hint.find("villages"), std::string::npos);
  EXPECT_FALSE(parse_size("2000by1400").has_value());
  EXPECT_FALSE(parse_size("0x10").has_value());
  ASSERT_TRUE(parse_size("2000x1400").has_value());
  EXPECT_EQ(parse_size("2000x1400")->second, 1400);
  EXPECT_FALSE(parse_bbox("1,2,3").has_value());
  EXPECT_FALSE(parse_bbox("3,2,1,4").has_value());
  ASSERT_TRUE(parse_bbox("1,2,3,4").has_value());
  EXPECT_EQ(parse_bbox("1,2,3,4")->max_y, 4);
}

TEST(RenderMap, PngWriteIsAtomicAndReportsBadDirectories) {
  Image img;
  img.width = 2;
  img.height = 2;
  img.rgba.assign(16, 200);
  const auto dir = test::scratch_dir();
  ASSERT_TRUE(write_png(img, (dir / "a.png").string()).has_value());
  EXPECT_TRUE(std::filesystem::exists(dir / "a.png"));
  size_t files = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir)) ++files;
  EXPECT_EQ(files, 1u) << "no temporary file left behind";
  auto bad = write_png(img, (dir / "missing" / "b.png").string());
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code, ErrorCode::io);
}

// No EGL vendor at all: a clear ErrorCode::render, not a crash. Runs in a
// fresh process (threadsafe death test re-executes the binary) so GLVND reads the variable.
TEST(HeadlessContextDeathTest, NoEglGivesRenderError) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(
      {
        setenv("__EGL_VENDOR_LIBRARY_FILENAMES", "/nonexistent/egl_vendor.json", 1);
        setenv("__EGL_VENDOR_LIBRARY_DIRS", "/nonexistent", 1);
        auto ctx = HeadlessContext::create();
        std::exit(!ctx && ctx.error().code == ErrorCode::render && ctx.error().message.find("OpenGL 3.3") != std::string::npos ? 9 : 1);
      },
      ::testing::ExitedWithCode(9), "");
}

}  // namespace
}  // namespace jiuyou::render
