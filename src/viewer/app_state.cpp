#include "gis/io/schema.hpp"
#include "src/viewer/app_state.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "src/render/scene.hpp"
#include "src/viewer/opening_steps.hpp"
#include "src/viewer/scene_loader.hpp"
#include "src/viewer/map/box_select.hpp"
#include "src/viewer/map/evidence_line.hpp"

namespace jiuyou::viewer {

std::string cell_text(const FeatureTable& t, std::string_view col, size_t row) {
  const Column* c = t.column(col);
  return c && row < c->size() && !c->is_null(row) ? c->as_text(row) : std::string();
}

void load_workspace(AppState& s, Workspace ws) {
  s.ws = std::move(ws);
  s.items.clear();
  s.summary.clear();
  s.drawn_geometry.clear();
  s.pick_boxes.clear();
  s.legends.clear();
  s.styles.clear();
  s.village_index = PointGrid();
  s.village_search = VillageSearch();
  OpeningSteps& steps = OpeningSteps::get();
  s.gap_rows.build(s.ws);
  steps.mark("state: gap lines by village code");
  if (const FeatureTable* v = s.villages()) {
    s.items = render::item_columns(*v);
    s.summary = summarize(*v, s.items, township_names(s.ws));
    steps.mark("state: summary");
    s.village_index.build(*v);
    s.village_search.build(*v);
    if (!v->column("verdict")) s.color_by.kind = render::ColorBy::Kind::plain;
    steps.mark("state: village point grid and search");
  }
  BBox all;
  for (const FeatureTable& layer : s.ws.layers) {
    if (render::drawn_as_arcs(layer)) s.drawn_geometry[layer.name] = render::arcs_in(s.ws, layer);
    const auto arcs = s.drawn_geometry.find(layer.name);
    const FeatureTable& t = arcs != s.drawn_geometry.end() ? arcs->second : layer;  // links bulge beyond their chords
    s.pick_boxes[layer.name].build_for(t.geometry);
    for (size_t i = 0; i + 1 < t.geometry.xy.size(); i += 2)
      if (std::isfinite(t.geometry.xy[i]) && std::isfinite(t.geometry.xy[i + 1])) all.expand(t.geometry.xy[i], t.geometry.xy[i + 1]);
  }
  steps.mark("state: links' arcs, the layers' boxes for clicks, extent");
  if (s.ws.dem && !s.ws.dem->empty()) all.expand(s.ws.dem->bbox());
  s.home = all;
  s.to_wgs84.reset();
  if (!s.ws.metric_crs.empty()) {
    auto t = crs::Transformer::create(s.ws.metric_crs, CrsRef::epsg(4326));
    if (t) s.to_wgs84.emplace(std::move(*t));
  }
}

std::unique_ptr<AppState> make_app_state(Workspace ws, int width, int height) {
  auto s = std::make_unique<AppState>();
  load_workspace(*s, std::move(ws));
  const BBox& all = s->home;
  const Vec2 origin = all.empty() ? Vec2{} : Vec2{std::round((all.min_x + all.max_x) / 2), std::round((all.min_y + all.max_y) / 2)};
  s->camera = render::Camera::fit(all, width, height, origin);
  return s;
}

Result<void> attach_renderer(AppState& s) { return attach_renderer(s, render::SceneOptions{}); }

Result<void> attach_renderer(AppState& s, const render::SceneOptions& options) {
  auto r = render::MapRenderer::create();
  if (!r) return tl::unexpected(r.error());
  s.renderer = std::make_unique<render::MapRenderer>(std::move(*r));
  OpeningSteps& steps = OpeningSteps::get();
  steps.mark("renderer: shaders");
  const render::Scene scene = render::build_scene(s.ws, options);
  steps.mark("scene: buckets, tessellation, levels of detail, labels");
  return attach_scene(s, scene);
}

Result<void> attach_scene(AppState& s, const render::Scene& scene) {
  OpeningSteps& steps = OpeningSteps::get();
  s.renderer->set_scene(scene);
  steps.mark("scene: GPU upload (geometry)");
  render::StyleOptions so;
  so.color_by = s.color_by;
  so.pixel_ratio = s.pixel_ratio;
  std::vector<render::LayerStyle> styles;
  s.layers.clear();
  for (size_t i = 0; i < scene.layers.size(); ++i) {
    const FeatureTable* t = s.ws.layer(scene.layers[i].name);
    auto st = render::style_layer(*t, so);
    if (!st) return tl::unexpected(st.error());
    s.renderer->set_style(i, *st);
    s.layers.push_back({t->name, st->look.title, i, true, 1.0f, t->size()});
    s.legends[t->name] = st->legend;
    styles.push_back(std::move(*st));
  }
  s.styles = styles;
  steps.mark("styles: colours per feature, uploaded");
  // Panel order: top of the map first.
  const auto& order = s.renderer->draw_order();
  std::vector<LayerUi> sorted;
  for (auto it = order.rbegin(); it != order.rend(); ++it)
    for (const LayerUi& l : s.layers)
      if (l.renderer_index == *it) sorted.push_back(l);
  s.layers = std::move(sorted);
  // Glyphs: the map's strings; ImGui's own font is built separately (viewer_app.cpp).
  auto atlas = render::GlyphAtlas::build(render::overlay_strings(scene, styles, s.ws.name), render::font_sizes_px(s.pixel_ratio));
  if (!atlas) return tl::unexpected(atlas.error());
  s.renderer->set_atlas(std::move(*atlas));
  steps.mark("map labels' glyph atlas");
  s.style_dirty = true;
  return {};
}

namespace {
// Every feature drawn in legend class `entry`'s colour takes `color` (its alpha kept); the legend follows.
void recolor_class(render::LayerStyle& st, size_t entry, render::Rgba color) {
  const render::Rgba old = st.legend.entries[entry].color;
  for (render::Rgba& c : st.colors)
    if (c.r == old.r && c.g == old.g && c.b == old.b) c = {color.r, color.g, color.b, c.a};
  st.legend.entries[entry].color = {color.r, color.g, color.b, old.a};
}
}  // namespace

void restyle_villages(AppState& s) {
  s.style_dirty = false;
  const FeatureTable* v = s.villages();
  if (!s.renderer || !v) return;
  render::StyleOptions so;
  so.color_by = s.color_by;
  so.pixel_ratio = s.pixel_ratio;
  auto st = render::style_layer(*v, so);
  if (!st) {
    s.message = st.error().message;
    s.color_by = render::ColorBy::parse("verdict");
    return;
  }
  // The filter hides villages by making them transparent.
  const Column* verdict = v->column("verdict");
  const std::string item = s.filter == VillageFilter::failing_item && s.filter_item >= 0 && static_cast<size_t>(s.filter_item) < s.items.size()
                               ? s.items[static_cast<size_t>(s.filter_item)]
                               : std::string();
  for (size_t i = 0; i < v->size(); ++i) {
    bool keep = true;
    if (s.filter == VillageFilter::failing) keep = verdict && cell_text(*v, "verdict", i) == "fail";
    if (s.filter == VillageFilter::exiting) keep = verdict && cell_text(*v, "verdict", i) == "exit";
    if (s.filter == VillageFilter::failing_item) keep = !item.empty() && cell_text(*v, item, i) == "fail";
    if (!keep) st->colors[i].a = 0;
  }
  recount_legend(*st);
  // The planner's own colours for classes, edited in the layers panel, survive the restyle.
  for (size_t e = 0; e < st->legend.entries.size(); ++e)
    if (const auto it = s.village_class_colors.find(st->legend.entries[e].label); it != s.village_class_colors.end())
      recolor_class(*st, e, it->second);
  s.legends["villages"] = st->legend;
  for (const LayerUi& l : s.layers)
    if (l.name == io::target_layer) {
      s.renderer->set_style(l.renderer_index, *st);
      if (l.renderer_index < s.styles.size()) s.styles[l.renderer_index] = *st;
    }
}

void set_class_color(AppState& s, size_t renderer_index, size_t entry, render::Rgba color) {
  if (renderer_index >= s.styles.size()) return;
  render::LayerStyle& st = s.styles[renderer_index];
  if (entry >= st.legend.entries.size()) return;
  recolor_class(st, entry, color);
  for (const LayerUi& l : s.layers)
    if (l.renderer_index == renderer_index) {
      s.legends[l.name] = st.legend;
      // Villages are restyled from their palette on every colour-by or filter change: keep the edit.
      if (l.name == io::target_layer) s.village_class_colors[st.legend.entries[entry].label] = color;
    }
  if (s.renderer) s.renderer->set_style(renderer_index, st);
}

void hover_highlight(const AppState& s, render::HighlightSet& out) {
  out.points.clear();
  out.paths.clear();
  const FeatureTable* v = s.villages();
  if (!s.hovered || !v || *s.hovered >= v->size() || v->geometry.is_empty(*s.hovered)) return;
  if (v->geometry.kind == GeometryKind::polygon) {
    render::feature_outline(v->geometry, *s.hovered, out);
  } else {
    const Vec2 p = s.village_index.point(*s.hovered);
    if (std::isfinite(p.x) && std::isfinite(p.y)) out.points.push_back(p);
  }
}

void sync_layers(AppState& s) {
  if (!s.renderer) return;
  std::vector<size_t>& order = s.renderer->draw_order();
  order.clear();
  for (auto it = s.layers.rbegin(); it != s.layers.rend(); ++it) {
    order.push_back(it->renderer_index);
    render::LayerState& st = s.renderer->layer_state(it->renderer_index);
    st.visible = it->visible;
    st.opacity = it->opacity;
  }
}

std::vector<uint32_t> search_villages(const FeatureTable& v, std::string_view query, size_t max_results) {
  std::vector<uint32_t> out;
  if (query.empty()) return out;
  const Column* name = v.column("name");
  const Column* code = v.column("code");
  for (size_t i = 0; i < v.size() && out.size() < max_results; ++i) {
    const bool by_name = name && !name->is_null(i) && name->as_text(i).find(query) != std::string::npos;
    const bool by_code = code && !code->is_null(i) && code->as_text(i).rfind(query, 0) == 0;
    if (by_name || by_code) out.push_back(static_cast<uint32_t>(i));
  }
  return out;
}

std::map<std::string, std::string> township_names(const Workspace& ws) {
  std::map<std::string, std::string> out;
  const FeatureTable* t = ws.layer("townships");
  if (!t) return out;
  for (size_t r = 0; r < t->size(); ++r) {
    const std::string code = cell_text(*t, "code", r), name = cell_text(*t, "name", r);
    if (!code.empty() && !name.empty()) out.emplace(code, name);
  }
  return out;
}

std::vector<TownshipSummary> summarize(const FeatureTable& v, const std::vector<std::string>& items,
                                       const std::map<std::string, std::string>& names) {
  std::map<std::string, TownshipSummary> by;  // by the villages' township value
  for (size_t i = 0; i < v.size(); ++i) {
    const std::string t = cell_text(v, "township", i);
    TownshipSummary& s = by[t];
    if (s.pass.empty()) {
      const auto name = names.find(t);
      s.code = t;
      s.township = t.empty() ? "(未知乡镇)" : name != names.end() ? name->second : t;
      s.pass.assign(items.size(), 0);
      s.fail.assign(items.size(), 0);
      s.unknown.assign(items.size(), 0);
    }
    ++s.villages;
    if (cell_text(v, "verdict", i) == "exit") ++s.exits;
    for (size_t k = 0; k < items.size(); ++k) {
      const std::string r = cell_text(v, items[k], i);
      if (r == "pass") ++s.pass[k];
      else if (r == "fail") ++s.fail[k];
      else ++s.unknown[k];
    }
  }
  std::vector<TownshipSummary> out;
  for (auto& [k, s] : by) out.push_back(std::move(s));
  return out;
}

void zoom_to(AppState& s, const BBox& box) {
  const Vec2 origin = s.camera.origin;
  s.camera = render::Camera::fit(box, s.camera.width, s.camera.height, origin, 40.0);
}

void select_village(AppState& s, uint32_t row, bool zoom) {
  const FeatureTable* v = s.villages();
  if (!v || row >= v->size()) return;
  s.selected = row;
  s.picked = FeatureRef{"villages", row};
  if (s.selection_layer != "villages" || std::find(s.selection_rows.begin(), s.selection_rows.end(), row) == s.selection_rows.end()) {
    s.selection_layer = "villages";
    s.selection_rows = {row};
  }
  s.show_inspector = true;
  if (zoom && !v->geometry.is_empty(row)) {
    const Vec2 p = s.village_index.point(row);
    if (std::isfinite(p.x)) {
      BBox b = v->geometry.feature_bbox(row);
      b = b.inflated(std::max({b.width(), b.height(), 1500.0}));
      zoom_to(s, b);
    }
  }
}

}  // namespace jiuyou::viewer

namespace jiuyou::viewer {

std::string item_name(const AppState& s, const std::string& id) {
  const render::ItemInfo* i = item_info(s, id);
  return i && !i->name.empty() ? i->name : id;
}

const render::ItemInfo* item_info(const AppState& s, const std::string& id) {
  for (const render::ItemInfo& i : s.item_info)
    if (i.id == id) return &i;
  return nullptr;
}

void recount_legend(render::LayerStyle& st) {
  for (render::LegendEntry& e : st.legend.entries) e.count = 0;
  for (const render::Rgba& c : st.colors) {
    if (c.a == 0) continue;
    for (render::LegendEntry& e : st.legend.entries)
      if (e.color.r == c.r && e.color.g == c.g && e.color.b == c.b) {
        ++e.count;
        break;
      }
  }
  std::erase_if(st.legend.entries, [](const render::LegendEntry& e) { return e.count == 0; });
}

namespace {
// What the picker keeps alive for its layers: filtered-out flags, and draw ranks where a layer draws ranked points.
struct PickScratch {
  std::vector<std::vector<uint8_t>> hidden;
  std::vector<std::vector<uint32_t>> draw_rank;
};

// A point layer drawn by levels (point_lod.hpp): only the features drawn at this scale can be picked, the one on
// top first (zoomed out a failing village's dot stands for its cell; a click on it picks that village).
void pick_what_is_drawn(const std::vector<uint32_t>& drawn, size_t features, std::vector<uint8_t>& hidden, std::vector<uint32_t>& draw_rank) {
  hidden.assign(features, 1);
  draw_rank.assign(features, 0);
  for (size_t k = 0; k < drawn.size(); ++k)
    if (drawn[k] < features) hidden[drawn[k]] = 0, draw_rank[drawn[k]] = static_cast<uint32_t>(k + 1);
}

// The visible layers for picking, top first (their flags kept alive in `scratch` by the caller).
// `only`: that layer alone (empty: every layer).
std::vector<PickLayer> pick_layers(const AppState& s, PickScratch& scratch, std::string_view only = {}) {
  std::vector<PickLayer> layers;
  scratch.hidden.assign(s.layers.size(), {});
  scratch.draw_rank.assign(s.layers.size(), {});
  for (size_t k = 0; k < s.layers.size(); ++k) {  // top of the map first
    const LayerUi& l = s.layers[k];
    const FeatureTable* t = s.ws.layer(l.name);
    if (!l.visible || l.opacity <= 0 || !t || (!only.empty() && l.name != only)) continue;
    const auto drawn = s.drawn_geometry.find(l.name);
    std::vector<uint8_t>& hidden = scratch.hidden[k];
    if (l.renderer_index < s.styles.size())
      for (const render::Rgba& c : s.styles[l.renderer_index].colors) hidden.push_back(c.a == 0 ? 1 : 0);
    const std::vector<uint32_t>* points = s.renderer ? s.renderer->points_drawn(l.renderer_index, s.camera.m_per_px) : nullptr;
    if (points) pick_what_is_drawn(*points, t->size(), hidden, scratch.draw_rank[k]);
    const std::vector<float>* sizes = l.renderer_index < s.styles.size() ? &s.styles[l.renderer_index].widths : nullptr;
    const auto boxes = s.pick_boxes.find(l.name);
    layers.push_back({l.name, drawn != s.drawn_geometry.end() ? &drawn->second.geometry : &t->geometry, &hidden, sizes, s.camera.m_per_px,
                      boxes != s.pick_boxes.end() ? &boxes->second : nullptr, points ? &scratch.draw_rank[k] : nullptr});
  }
  return layers;
}
double pick_tolerance_m(const AppState& s) { return 8.0 * s.pixel_ratio * s.camera.m_per_px; }
}  // namespace

std::optional<uint32_t> pick_village(const AppState& s, Vec2 px, bool click) {
  const FeatureTable* v = s.villages();
  if (!v) return std::nullopt;
  for (const LayerUi& l : s.layers) {
    if (l.name != io::target_layer) continue;
    if (!l.visible) return std::nullopt;
    // Drawn by levels (one dot per cell zoomed out, worst on top): the village whose dot is shown, as a click picks.
    if (s.renderer && s.renderer->points_drawn(l.renderer_index, s.camera.m_per_px)) {
      PickScratch scratch;
      const auto hit = pick_feature(pick_layers(s, scratch, io::target_layer), s.camera.screen_to_world(px), pick_tolerance_m(s));
      return hit ? std::optional<uint32_t>(hit->ref.row) : std::nullopt;
    }
  }
  const Vec2 w = s.camera.screen_to_world(px);
  return s.village_index.nearest(w.x, w.y, 8.0 * s.pixel_ratio * s.camera.m_per_px, click);
}

std::optional<FeatureRef> pick_any(const AppState& s, Vec2 px) {
  PickScratch scratch;
  const auto hit = pick_feature(pick_layers(s, scratch), s.camera.screen_to_world(px), pick_tolerance_m(s));
  if (!hit) return std::nullopt;
  return hit->ref;
}

Vec2 measure_point_at(const AppState& s, Vec2 px) {
  const Vec2 at = s.camera.screen_to_world(px);
  PickScratch scratch;
  return nearest_vertex(pick_layers(s, scratch), at, pick_tolerance_m(s)).value_or(at);
}

void select_feature(AppState& s, const FeatureRef& ref) {
  const FeatureTable* t = s.ws.layer(ref.layer);
  if (!t || ref.row >= t->size()) return;
  s.selection_layer = ref.layer;
  s.selection_rows = {ref.row};
  if (ref.layer == "villages") {
    select_village(s, ref.row, false);
    return;
  }
  s.selected.reset();
  s.picked = ref;
  s.show_inspector = true;
}

void select_features(AppState& s, const std::string& layer, std::vector<uint32_t> rows) {
  const FeatureTable* t = s.ws.layer(layer);
  std::erase_if(rows, [&](uint32_t r) { return !t || r >= t->size(); });
  if (rows.empty()) {
    clear_selection(s);
    return;
  }
  select_feature(s, {layer, rows.front()});  // the inspector shows the first
  s.selection_layer = layer;
  s.selection_rows = std::move(rows);
}

std::string box_select_layer(const AppState& s) {
  if (s.show_table && !s.table_layer.empty() && s.ws.layer(s.table_layer)) return s.table_layer;
  return "villages";
}

void box_select(AppState& s, Vec2 a_px, Vec2 b_px) {
  const std::string layer = box_select_layer(s);
  const FeatureTable* t = s.ws.layer(layer);
  BBox box;
  box.expand(s.camera.screen_to_world(a_px).x, s.camera.screen_to_world(a_px).y);
  box.expand(s.camera.screen_to_world(b_px).x, s.camera.screen_to_world(b_px).y);
  std::vector<uint8_t> hidden;  // filtered out of the map, or the layer hidden: not selectable
  for (const LayerUi& l : s.layers)
    if (l.name == layer) {
      if (!l.visible || l.opacity <= 0 || !t) return;
      if (l.renderer_index < s.styles.size())
        for (const render::Rgba& c : s.styles[l.renderer_index].colors) hidden.push_back(c.a == 0 ? 1 : 0);
    }
  if (!t) return;
  const auto drawn = s.drawn_geometry.find(layer);
  select_features(s, layer, features_in_box(drawn != s.drawn_geometry.end() ? drawn->second.geometry : t->geometry, box, &hidden));
}

void zoom_to_selection(AppState& s) {
  const FeatureTable* t = s.ws.layer(s.selection_layer);
  if (!t) return;
  BBox b;
  for (uint32_t row : s.selection_rows)
    if (row < t->size() && !t->geometry.is_empty(row)) b.expand(t->geometry.feature_bbox(row));
  if (b.empty()) return;
  zoom_to(s, b.inflated(std::max({b.width(), b.height(), 1000.0}) / 2));
}

void clear_selection(AppState& s) {
  s.selected.reset();
  s.picked.reset();
  s.selection_layer.clear();
  s.selection_rows.clear();
}

bool measure_evidence(AppState& s, uint32_t village, const std::string& item) {
  const FeatureTable* v = s.villages();
  if (!v || village >= v->size()) return false;
  const auto line = evidence_line(s.ws, s.gap_rows, cell_text(*v, "code", village), item);
  if (!line) return false;
  s.measurement.points = {line->from, line->to};
  s.measurement.evidence = item_name(s, item) + ": 核查记录 " + format_measured_length(line->recorded_m);
  s.show_measure = true;
  s.measuring = false;  // the line stays as drawn; ticking 在地图上点击添加测量点 adds points
  BBox b;
  b.expand(line->from.x, line->from.y);
  b.expand(line->to.x, line->to.y);
  zoom_to(s, b.inflated(std::max({b.width(), b.height(), 500.0}) / 3));
  return true;
}

void measure_from_village(AppState& s, uint32_t village) {
  const FeatureTable* v = s.villages();
  if (!v || village >= v->size() || v->geometry.is_empty(village)) return;
  s.measurement.points = {representative_point(v->geometry, village)};
  s.measurement.evidence = cell_text(*v, "name", village) + " 起";
  s.show_measure = true;
  s.measuring = true;
}

void measure_highlight(const AppState& s, render::HighlightSet& out) {
  out.points = s.measurement.points;
  out.paths.clear();
  if (s.measurement.points.size() < 2) return;
  out.paths.push_back(s.measurement.points);
  if (s.measurement.points.size() >= 3) out.paths.push_back({s.measurement.points.back(), s.measurement.points.front()});
}

void selection_highlight(const AppState& s, render::HighlightSet& out) {
  out.points.clear();
  out.paths.clear();
  const FeatureTable* t = s.ws.layer(s.selection_layer);
  if (!t) return;
  const auto drawn = s.drawn_geometry.find(s.selection_layer);
  const GeometryColumn& g = drawn != s.drawn_geometry.end() ? drawn->second.geometry : t->geometry;
  for (uint32_t row : s.selection_rows)
    if (row < t->size() && row < g.feature_count()) render::feature_outline(g, row, out);
}

}  // namespace jiuyou::viewer
