#pragma once
// Everything the viewer knows: the document (workspace), the view (camera),
// the UI (panel flags, selection, search, filter) and the renderer. Panels
// are free functions draw_<name>_panel(AppState&, bool* open) that read and
// change this; the map is redrawn from it every frame.
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gis/crs/crs.hpp"
#include "gis/model/workspace.hpp"
#include "src/render/camera.hpp"
#include "src/render/map_renderer.hpp"
#include "src/render/document.hpp"
#include "src/render/highlight.hpp"
#include "src/render/style.hpp"
#include "src/viewer/map/feature_pick.hpp"
#include "src/viewer/map/measure.hpp"
#include "src/viewer/map/pick_index.hpp"

namespace jiuyou::viewer {

struct LayerUi {
  std::string name;
  std::string title;
  size_t renderer_index = 0;  // index in the renderer / scene
  bool visible = true;
  float opacity = 1.0f;
  size_t features = 0;
};

struct TownshipSummary {
  std::string township;
  size_t villages = 0;
  size_t exits = 0;
  std::vector<size_t> pass;  // per item (AppState::items)
  std::vector<size_t> fail;
  std::vector<size_t> unknown;
};

enum class VillageFilter : unsigned char { all, failing, failing_item, exiting };

struct AppState {
  Workspace ws;
  std::string source;  // what was opened
  render::Camera camera;
  BBox home;           // extent shown by "zoom to all"
  std::unique_ptr<render::MapRenderer> renderer;  // null until a GL context exists
  std::vector<LayerUi> layers;                    // top first (panel order)
  std::vector<std::string> items;                 // item columns of the villages layer (a check result)
  std::vector<render::ItemInfo> item_info;        // the rule set's items (names, 九有/四网); empty: ids only
  std::string project_path;                       // the project the layers come from ("" when unknown)
  render::ColorBy color_by;
  float pixel_ratio = 1.0f;

  // Selection, search, filter.
  std::optional<uint32_t> selected;  // villages row (also in `picked` when a village is selected)
  std::optional<FeatureRef> picked;  // the selected feature of any layer; highlighted until cleared
  std::optional<uint32_t> hovered;
  std::string search;
  std::vector<uint32_t> search_hits;  // recomputed when `search` changes, not per frame
  VillageFilter filter = VillageFilter::all;
  int filter_item = 0;               // index into items when filter == failing_item
  bool style_dirty = true;           // villages restyle needed (colour-by / filter changed)

  // Measuring: while `measuring`, a click adds a point instead of selecting.
  bool measuring = false;
  Measurement measurement;

  // Attribute table: the layer shown and its rows in display order.
  std::string table_layer;
  std::vector<uint32_t> table_rows;

  // Panels.
  bool show_table = false;
  bool show_measure = false;
  bool show_layers = true;
  bool show_inspector = false;
  bool show_search = true;
  bool show_summary = false;
  bool show_legend = true;
  bool show_status = true;

  // Cursor and status.
  bool cursor_in_map = false;
  Vec2 cursor_world;
  std::optional<crs::Transformer> to_wgs84;
  std::vector<TownshipSummary> summary;
  std::map<std::string, render::LayerLegend> legends;  // by layer name, refreshed when a style changes
  std::vector<render::LayerStyle> styles;              // current style per renderer index (colour edits apply here)
  std::map<std::string, render::Rgba> village_class_colors;  // villages: edited class colours by legend label (kept across restyles)
  PointGrid village_index;
  std::map<std::string, FeatureTable> drawn_geometry;  // layers drawn differently from their table (links as arcs), for picking
  std::string message;  // last error or note shown in the status bar
  // The hook for "核查 > 运行核查": runs the shared check pipeline on project_path and
  // returns the result.gpkg it wrote. Null until h-out's gis/app run_check is wired in
  // (src/cli/view_cmd.cpp); the menu item is then disabled and says how to run the check.
  std::function<Result<std::string>(const std::string& project_path)> run_check;

  [[nodiscard]] const FeatureTable* villages() const { return ws.layer("villages"); }
};

// The CPU side of the state for a workspace (no GL needed): layers, items,
// summary, pick index, camera fitted to a width x height viewport.
std::unique_ptr<AppState> make_app_state(Workspace ws, int width, int height);

// Creates the renderer (needs a current GL 3.3 context): scene, styles, glyph atlas.
Result<void> attach_renderer(AppState& s);

// Re-colours villages after a colour-by or filter change (style textures only).
void restyle_villages(AppState& s);
// Recolours one legend class of a layer (by renderer index): every feature drawn
// in the class's colour takes `color` (its alpha kept); the legend follows.
// Village class colours are remembered by class label and applied again after
// a colour-by or filter change restyles the villages.
void set_class_color(AppState& s, size_t renderer_index, size_t entry, render::Rgba color);
// The hover highlight for the renderer: the hovered village's outline (polygons) or ring (points).
void hover_highlight(const AppState& s, render::HighlightSet& out);
// Pushes layer visibility/opacity/order from the panel state into the renderer.
void sync_layers(AppState& s);

// The item's Chinese name (the id when the rule set is unknown) and its rule-set entry (null when unknown).
std::string item_name(const AppState& s, const std::string& id);
const render::ItemInfo* item_info(const AppState& s, const std::string& id);
// Village legend counts of the shown (not filtered out) villages, by class colour.
void recount_legend(render::LayerStyle& style);

// The feature of any visible layer under a screen pixel (≈ 8 px for points and lines).
std::optional<FeatureRef> pick_any(const AppState& s, Vec2 px);
// Where a measuring click lands: the nearest vertex of a shown feature within ≈ 8 px (snapping), else the cursor.
Vec2 measure_point_at(const AppState& s, Vec2 px);
// Selects any feature (a village also sets `selected`); the inspector shows it.
void select_feature(AppState& s, const FeatureRef& ref);
void clear_selection(AppState& s);
// Zooms to the selected feature (a margin around it, at least 1 km across).
void zoom_to_selection(AppState& s);
// The measured polyline for the renderer (closed when it has 3 points or more: the measured area).
void measure_highlight(const AppState& s, render::HighlightSet& out);
// The selection's outline for the renderer.
void selection_highlight(const AppState& s, render::HighlightSet& out);

// The village under a screen pixel (within 8 px of its symbol, or inside its polygon).
std::optional<uint32_t> pick_village(const AppState& s, Vec2 px, bool click);
// Villages whose name contains `query` or whose code starts with it (at most max_results).
std::vector<uint32_t> search_villages(const FeatureTable& villages, std::string_view query, size_t max_results = 200);
// Per-township pass counts of each item.
std::vector<TownshipSummary> summarize(const FeatureTable& villages, const std::vector<std::string>& items);

void select_village(AppState& s, uint32_t row, bool zoom);
void zoom_to(AppState& s, const BBox& box);
// Text of column `col` for a row ("" when null or absent).
std::string cell_text(const FeatureTable& t, std::string_view col, size_t row);

}  // namespace jiuyou::viewer
