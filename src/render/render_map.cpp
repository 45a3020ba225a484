#include "gis/io/schema.hpp"
#include "src/render/render_map.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <sstream>

#include "gis/report/place.hpp"
#include "src/render/basemap.hpp"
#include "src/render/headless_context.hpp"
#include "src/render/layer_words.hpp"
#include "src/render/map_renderer.hpp"
#include "src/render/plan_overlay.hpp"
#include "src/render/offscreen.hpp"
#include "src/render/picture_lod.hpp"
#include "src/render/point_cells.hpp"
#include "src/render/scene.hpp"

namespace jiuyou::render {

Result<std::pair<int, int>> parse_size(const std::string& text) {
  int w = 0, h = 0;
  char x = 0, extra = 0;
  std::istringstream in(text);
  if (!(in >> w >> x >> h) || (x != 'x' && x != 'X') || (in >> extra) || w <= 0 || h <= 0 || w > 16384 || h > 16384)
    return fail(ErrorCode::input, "bad --size '" + text + "'", "write WIDTHxHEIGHT in pixels, e.g. 2000x1400 (at most 16384 a side)");
  return std::pair{w, h};
}

Result<BBox> parse_bbox(const std::string& text) {
  double v[4];
  std::string t = text;
  std::replace(t.begin(), t.end(), ',', ' ');
  std::istringstream in(t);
  char extra = 0;
  if (!(in >> v[0] >> v[1] >> v[2] >> v[3]) || (in >> extra) || !std::isfinite(v[0]) || !std::isfinite(v[1]) || !std::isfinite(v[2]) ||
      !std::isfinite(v[3]) || v[2] <= v[0] || v[3] <= v[1])
    return fail(ErrorCode::input, "bad --bbox '" + text + "'",
                "write minx,miny,maxx,maxy in the project's metric CRS (metres), with max > min");
  return BBox{v[0], v[1], v[2], v[3]};
}

namespace {

// A province overview: thousands of villages drawn whole, with no layers chosen. Facility symbols, lines and fills
// are drawn quiet (faint, unlabelled, out of the legend) so that the villages' colours and the county and township
// boundaries carry the picture; at county scale nothing changes.
bool province_overview(const Workspace& ws, const RenderOptions& o) {
  const FeatureTable* villages = ws.layer(io::target_layer);
  return o.layers.empty() && !o.quiet_base && !o.bbox && villages != nullptr && villages->size() >= k_overview_villages;
}

// The overview says what it leaves out and how to draw the rest (under the legend: o.legend), in the words
// of the layer table: which layers it keeps in full is data there (layer_words.cpp), not a list here.
std::vector<std::string> overview_caption(const Workspace& ws) {
  std::string kept;
  for (const std::string& t : overview_loud_titles()) kept += (kept.empty() ? "" : "、") + t;
  const FeatureTable* villages = ws.layer(io::target_layer);
  return {"概览图（" + std::to_string(villages != nullptr ? villages->size() : 0) + " 个村，≥ " + std::to_string(k_overview_villages) + "）：",
          kept + "按原样画出，",
          "线路淡化，设施点和面状图层未画。",
          "画全：jiuyou render --layers 点名图层",
          "（如 villages,roads,facilities）或 --bbox"};
}

// The width the caption takes at the right (its box: the text and 6 px padding each side), 0 without one.
double caption_width_px(const GlyphAtlas* atlas, const std::vector<std::string>& caption, float pr) {
  if (atlas == nullptr || caption.empty()) return 0;
  float w = 0;
  for (const std::string& l : caption) w = std::max(w, atlas->measure(k_font_legend, l));
  return w + 12.0 * pr;
}

// Lines as under a plan (thin, grey, unlabelled); point symbols and polygon fills left out: at a province's scale a
// faint symbol per facility still covers the small villages' colours.
void quiet_in_overview(LayerStyle& s, GeometryKind kind, float pr) {
  quiet_under_plan(s, kind, pr);
  if (kind == GeometryKind::line) {
    for (Rgba& c : s.colors)
      if (c.a != 0) c.a = 110;  // fainter than under a plan: a province's roads would grey out its villages
    return;
  }
  for (Rgba& c : s.colors) c.a = 0;
  s.look.outline.a = 0;
}

// Thousands of village symbols touch at a province's scale: their white halo, meant to lift a symbol off the base
// map, covered the neighbours and painted the densest part white (tour 11 K6). In the overview the symbols are
// smaller and without halo, and the boundaries the caption promises (drawn as lines) come over them.
void dense_in_overview(LayerStyle& s, std::string_view name, GeometryKind kind, float pr) {
  if (name == io::target_layer && kind == GeometryKind::point) {
    s.look.outline.a = 0;
    s.look.outline_px = 0;
    for (float& w : s.widths) w = std::min(w, 3.0f * pr);
    return;
  }
  if (kind != GeometryKind::polygon || name == io::target_layer) return;
  if (s.look.fill) return;  // a boundary layer is drawn as lines (style.cpp); other polygons keep their place
  s.look.z_order = std::max(s.look.z_order, 95);
  s.look.outline_px *= 0.6f;  // over thousands of small symbols: thin, so the colours still read
}

// Context around what a picture is about (an atlas page's neighbouring townships' villages, tour 16 Q3): quiet as
// under a plan, and areas and symbols in one light grey, unhatched, so no class colour — 可出列's green above all — is
// read as the page's own.
void quiet_as_context(LayerStyle& s, GeometryKind kind, float pr) {
  quiet_under_plan(s, kind, pr);
  if (kind == GeometryKind::line) return;
  for (Rgba& c : s.colors)
    if (c.a != 0) c = {205, 205, 200, 110};
  s.look.hatch = false;
  s.look.outline = {150, 150, 145, 160};
}

// A label is drawn only where its feature is drawn as loud as it: a layer quieted under a plan or in an overview
// (quiet_under_plan: thin, grey, out of the legend) keeps no labels, so a gap's length ("2.95 km") is never left
// standing without its line (tour 15 P12). Labels of transparent features are left out later, by the renderer.
void drop_labels_of_quiet_layers(Scene& scene, const std::vector<uint8_t>& quiet) {
  std::erase_if(scene.labels, [&](const LabelCandidate& c) { return c.layer < quiet.size() && quiet[c.layer] != 0; });
}

}  // namespace

Result<RenderResult> render_map(const Workspace& ws, const RenderOptions& o) {
  if (o.width <= 0 || o.height <= 0) return fail(ErrorCode::input, "image size must be positive");
  for (const std::string& name : o.layers) {
    if (name == "dem" || ws.layer(name)) continue;
    std::string have;
    for (const auto& l : ws.layers) have += (have.empty() ? "" : ", ") + l.name;
    if (ws.dem) have += ", dem";
    return error(ErrorCode::input, "no layer '" + name + "' to render").layer(name).hint("layers here: " + (have.empty() ? "(none)" : have));
  }
  const float pr = o.pixel_ratio > 0 ? o.pixel_ratio : std::clamp(static_cast<float>(std::min(o.width, o.height)) / 1000.0f, 1.0f, 4.0f);

  SceneOptions so;
  so.layers = o.layers;
  so.labels = o.labels;
  so.dem = o.hillshade;
  so.picture_width = o.width;
  so.picture_height = o.height;
  so.picture_bbox = o.bbox;
  Scene scene = build_scene(ws, so);
  StyleOptions st;
  st.color_by = o.color_by;
  st.pixel_ratio = pr;
  std::vector<LayerStyle> styles;
  const bool overview = province_overview(ws, o);
  std::vector<uint8_t> quiet;  // per scene layer: drawn quiet, so unlabelled
  for (const LayerBuckets& b : scene.layers) {
    auto s = style_layer(*ws.layer(b.name), st);
    if (!s) return tl::unexpected(s.error());
    const bool context = std::find(o.quiet_layers.begin(), o.quiet_layers.end(), b.name) != o.quiet_layers.end();
    const bool under_plan = (o.quiet_base && !stays_loud_under_plan(b.name)) || context, in_overview = overview && !stays_loud_in_overview(b.name);
    if (context) quiet_as_context(*s, ws.layer(b.name)->geometry.kind, pr);
    else if (under_plan) quiet_under_plan(*s, ws.layer(b.name)->geometry.kind, pr);
    if (in_overview) quiet_in_overview(*s, ws.layer(b.name)->geometry.kind, pr);
    else if (overview) dense_in_overview(*s, b.name, ws.layer(b.name)->geometry.kind, pr);
    quiet.push_back(under_plan || in_overview ? 1 : 0);
    styles.push_back(std::move(*s));
  }
  drop_labels_of_quiet_layers(scene, quiet);
  if (o.color_by.kind == ColorBy::Kind::item && !ws.layer(io::target_layer))
    return fail(ErrorCode::input, "--color-by " + o.color_by.item + " needs a villages layer");
  // Dense layers: one point symbol per pixel cell, the most severe; one short
  // segment per cell and look (point_cells.hpp).
  const double cell_m = picture_m_per_px(so, scene.bbox);
  for (size_t i = 0; i < scene.layers.size(); ++i) {
    LayerBuckets& b = scene.layers[i];
    if (b.points.size() >= k_point_cells_min) keep_one_point_per_cell(b, cell_m, styles[i]);
    keep_one_short_segment_per_cell(b, cell_m, styles[i]);
  }

  auto ctx = HeadlessContext::create();
  if (!ctx) return tl::unexpected(ctx.error());
  auto renderer = MapRenderer::create();
  if (!renderer) return tl::unexpected(renderer.error());
  renderer->set_scene(scene);
  RenderResult result;
  for (const LayerBuckets& b : scene.layers) result.dropped_vertices += b.dropped_vertices;
  release_geometry(scene);  // on the GPU now; only the labels, extent and origin are read below
  for (size_t i = 0; i < styles.size(); ++i) renderer->set_style(i, styles[i]);

  DrawOptions d;
  d.pixel_ratio = pr;
  d.labels = o.labels;
  d.legend = o.legend;
  d.hillshade = o.hillshade;
  d.title = o.title.empty() ? map_title(ws, o) : o.title;
  if (overview && o.legend) d.caption = overview_caption(ws);
  if (o.labels || o.legend || !d.title.empty()) {
    std::vector<std::string> strings = overlay_strings(scene, styles, d.title);
    strings.insert(strings.end(), d.caption.begin(), d.caption.end());
    auto atlas = GlyphAtlas::build(strings, font_sizes_px(pr));
    if (!atlas) return tl::unexpected(atlas.error());
    renderer->set_atlas(std::move(*atlas));
  }

  auto target = Offscreen::create(o.width, o.height);
  if (!target) return tl::unexpected(target.error());
  target->bind();
  // The map's furniture sits in margins, never over the data's edge: the legend
  // on the right, north arrow (and title) on the left, scale bar at the bottom.
  // The caption sits under the legend, in the same right-hand margin: the map keeps clear of the wider of the two.
  const double legend_w = renderer->legend_width_px(d, o.width, o.height);
  const double right_w = std::max(legend_w, caption_width_px(renderer->atlas(), d.caption, pr));
  const double title_h = d.title.empty() || !renderer->atlas() ? 0 : renderer->atlas()->line_height(k_font_title) + 16 * pr;
  result.camera = Camera::fit_inside(o.bbox ? *o.bbox : scene.bbox, o.width, o.height, scene.origin, 64.0 * pr, 16.0 * pr + title_h,
                                     right_w > 0 ? right_w + 24.0 * pr : 16.0 * pr, 56.0 * pr);
  if (!o.basemap.empty()) {
    const BasemapView view{result.camera.visible_bbox(), ws.metric_crs, o.width, o.height, d.background, o.basemap_opacity};
    auto base = read_basemap(o.basemap, view);
    if (!base) return tl::unexpected(base.error());
    renderer->set_basemap(*base, view.extent);
    d.hillshade = false;  // the basemap is the ground; shading over it would hide it
  }
  renderer->draw(result.camera, d);
  result.image = target->read();
  result.gl_description = ctx->description();
  result.legend_width_px = static_cast<float>(legend_w);
  result.caption = d.caption;
  if (const GlyphAtlas* atlas = renderer->atlas()) {
    for (const PlacedLabel& p : renderer->placed_labels()) {
      const std::string& text = scene.labels[p.candidate].text;
      result.labels.push_back({text, {p.x, p.y, p.x + atlas->measure(k_font_label, text), p.y + atlas->line_height(k_font_label)}});
    }
  }
  result.labels_total = scene.labels.size();
  return result;
}

namespace {

std::string what_the_map_shows(const Workspace& ws, const RenderOptions& o) {
  const FeatureTable* villages = ws.layer(io::target_layer);
  // Villages of several counties: named by their counties, as report.html's title names them.
  const std::string place = report::checked_place(WorkspaceView::of(ws), ws.name);
  if (o.quiet_base) return place + " · 补短板项目（按实施年度）";
  if (o.color_by.kind == ColorBy::Kind::verdict && villages && villages->column("verdict")) return place + " · 贫困村出列评定";
  if (o.color_by.kind == ColorBy::Kind::item) return place + " · 指标 " + (o.color_by.item_title.empty() ? o.color_by.item : o.color_by.item_title);
  return place;
}

}  // namespace

std::string map_title(const Workspace& ws, const RenderOptions& o) {
  if (ws.name.empty()) return o.what_if ? "含规划项目，模拟" : std::string{};
  return what_the_map_shows(ws, o) + (o.what_if ? "（含规划项目，模拟）" : "");
}

}  // namespace jiuyou::render
