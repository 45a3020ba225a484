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

#include "gis/io/schema.hpp"
#include "gis/crs/crs.hpp"
#include "gis/model/workspace.hpp"
#include "src/render/camera.hpp"
#include "src/render/map_renderer.hpp"
#include "src/render/document.hpp"
#include "src/render/highlight.hpp"
#include "src/render/style.hpp"
#include "src/viewer/edit/planned_edits.hpp"
#include "src/viewer/map/basemap_view.hpp"
#include "src/viewer/map/evidence_line.hpp"
#include "src/viewer/map/feature_pick.hpp"
#include "src/viewer/map/measure.hpp"
#include "src/viewer/map/pick_index.hpp"
#include "src/viewer/plan/plan_data.hpp"
#include "src/viewer/village_search.hpp"

namespace jiuyou::viewer {

struct EditSession;  // edit/edit_recheck.hpp

struct LayerUi {
  std::string name;
  std::string title;
  size_t renderer_index = 0;  // index in the renderer / scene
  bool visible = true;
  float opacity = 1.0f;
  size_t features = 0;
};

struct TownshipSummary {
  std::string township;  // the township's name from the townships layer (the village's value when no township has that code)
  std::string code;      // the villages' township value (a code, or a name in data without codes)
  size_t villages = 0;
  size_t exits = 0;
  std::vector<size_t> pass;  // per item (AppState::items)
  std::vector<size_t> fail;
  std::vector<size_t> unknown;
};

struct UiRect {
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};

enum class VillageFilter : unsigned char { all, failing, failing_item, exiting };

// A compare result shown (years/years_view.hpp): its pairs of years and which is on the map.
struct YearsView {
  std::string path;                // compare.gpkg
  std::vector<std::string> pairs;  // "2024_2025", ... in order
  int shown = 0;                   // index into pairs
  int pending = -1;                // a pair the slider asked for, opened at the start of the next frame
};

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
  // Every selected feature (box select, the table's filter): rows of one layer, `picked` being the first.
  std::string selection_layer;
  std::vector<uint32_t> selection_rows;
  std::optional<Vec2> box_from, box_to;  // a box being dragged (Shift + drag), window coordinates
  std::optional<uint32_t> hovered;
  std::string search;
  std::vector<uint32_t> search_hits;  // recomputed when `search` changes, not per frame
  VillageFilter filter = VillageFilter::all;
  int filter_item = 0;               // index into items when filter == failing_item
  bool style_dirty = true;           // villages restyle needed (colour-by / filter changed)

  // Measuring: while `measuring`, a click adds a point instead of selecting.
  bool measuring = false;
  Measurement measurement;

  // What-if edits (edit/planned_edits.hpp): while `drawing_road`, clicks add points to the
  // draft of a planned feature of kind `draft_kind` (edit/edit_kinds.hpp).
  EditList edits;
  bool drawing_road = false;
  std::vector<Vec2> road_draft;
  int draft_kind = 0;             // index into edit_kinds()
  int draft_choice = 0;           // the kind's choice (facility kind), index into its choices
  bool pending_recheck = false;   // "保存并重新核查": run at the start of the next frame
  bool pending_local_recheck = false;  // an edit was made or undone: re-check the villages it reaches
  std::shared_ptr<EditSession> edit_session;  // the project as checked, kept for the local re-check
  std::string planned_file;       // the planned.gpkg last written ("" none yet)

  // Attribute table: the layer shown and its rows in display order.
  std::string table_layer;
  std::vector<uint32_t> table_rows;
  std::string table_filter;        // where-syntax of the rules (gis/indicators/expression.hpp); "" every row
  std::string table_filter_error;  // why the filter was refused (the table then lists every row)
  bool table_dirty = true;         // rows to recompute (layer or filter changed)

  // Panels.
  bool show_table = false;
  bool show_edit = false;
  bool show_measure = false;
  bool show_layers = true;
  bool show_inspector = false;
  bool show_search = true;
  bool show_summary = false;
  bool show_legend = true;
  bool show_status = true;
  bool show_years = true;

  std::optional<YearsView> years;  // set when a compare result is open (the 年度变化 panel)
  std::optional<PlanView> plan;    // set when an investment plan is shown (plan/plan_view.hpp: the 投资方案 panel)
  bool show_plan = true;

  // Cursor and status.
  bool cursor_in_map = false;
  Vec2 cursor_world;
  std::optional<crs::Transformer> to_wgs84;
  std::vector<TownshipSummary> summary;
  std::map<std::string, render::LayerLegend> legends;  // by layer name, refreshed when a style changes
  std::vector<render::LayerStyle> styles;              // current style per renderer index (colour edits apply here)
  std::map<std::string, render::Rgba> village_class_colors;  // villages: edited class colours by legend label (kept across restyles)
  PointGrid village_index;
  std::map<std::string, index::SpatialIndex> pick_boxes;  // per layer: its features' boxes as drawn, for clicks
  VillageSearch village_search;  // the search box's index over names and codes, built with the document
  GapRows gap_rows;              // the gaps layer's rows by village code (the inspector's 量 buttons)
  std::map<std::string, FeatureTable> drawn_geometry;  // layers drawn differently from their table (links as arcs), for picking
  std::string message;   // last error or note shown in the status bar (drawn in the warning colour)
  std::string progress;  // work under way ("正在载入图层：…"), drawn plainly beside the message
  bool rest_loading = false;  // only the villages and light layers are read yet (the gap lines, other layers come): answers that need them say 正在载入
  // 核查 (check_in_place.hpp): the rule set of the shown verdicts (an id or a path; "" unknown),
  // where the menu's checks write ("" beside the project), and a check the menu asked for,
  // run at the start of the next frame (it replaces the document and the UI font).
  std::string rule_set;
  std::string check_root;
  std::optional<std::string> pending_check;  // the rule set to check with
  bool font_dirty = false;                   // the UI font must be rebuilt (new item names, new data text)
  // Where some controls were last drawn (window coordinates), by a stable key such as
  // "核查/national-2016": the interaction tests click them as a planner would.
  std::map<std::string, UiRect> ui_rects;
  // 文件 menu (panels/file_menu.cpp): the offline basemap, and the export and atlas dialogs.
  ViewerBasemap basemap;
  bool show_export = false;
  bool show_atlas = false;

  [[nodiscard]] const FeatureTable* villages() const { return ws.layer(io::target_layer); }
};

// The CPU side of the state for a workspace (no GL needed): layers, items,
// summary, pick index, camera fitted to a width x height viewport.
std::unique_ptr<AppState> make_app_state(Workspace ws, int width, int height);
// Puts `ws` in place of the document's workspace (items, summary, pick index, extent);
// the view, panels and selection are left to the caller.
void load_workspace(AppState& s, Workspace ws);

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
// Selects rows of one layer (box select, the table's filtered rows); none clears the selection.
void select_features(AppState& s, const std::string& layer, std::vector<uint32_t> rows);
// The layer a box selects from: the attribute table's layer when it is shown, else the villages.
std::string box_select_layer(const AppState& s);
// Selects what the box between two screen pixels touches in box_select_layer (shown features only).
void box_select(AppState& s, Vec2 a_px, Vec2 b_px);
// Zooms to the selected features (a margin around them, at least 1 km across).
void zoom_to_selection(AppState& s);
// "Measure from the village to ...": draws the check's evidence line of `item` for the village (from the
// village to the nearest qualifying feature) as a measurement, opens the measure panel and zooms to it.
// False when the check recorded no such line (the item passes, or no gaps layer).
bool measure_evidence(AppState& s, uint32_t village, const std::string& item);
// Starts a measurement at the village (its point, or its polygon's representative point).
void measure_from_village(AppState& s, uint32_t village);
// The measured polyline for the renderer (closed when it has 3 points or more: the measured area).
void measure_highlight(const AppState& s, render::HighlightSet& out);
// The selection's outline for the renderer.
void selection_highlight(const AppState& s, render::HighlightSet& out);

// The village under a screen pixel (within 8 px of its symbol, or inside its polygon).
std::optional<uint32_t> pick_village(const AppState& s, Vec2 px, bool click);
// Villages whose name contains `query` or whose code starts with it (at most max_results), by a scan of
// every row: the reference for AppState::village_search, which answers the same from its index.
std::vector<uint32_t> search_villages(const FeatureTable& villages, std::string_view query, size_t max_results = 200);
// Township code -> Chinese name, from the townships layer's code and name fields (empty without that layer).
std::map<std::string, std::string> township_names(const Workspace& ws);
// Per-township pass counts of each item, named by `names` (code -> name), in the order of the
// villages' township values (codes: the official order).
std::vector<TownshipSummary> summarize(const FeatureTable& villages, const std::vector<std::string>& items,
                                       const std::map<std::string, std::string>& names = {});

void select_village(AppState& s, uint32_t row, bool zoom);
void zoom_to(AppState& s, const BBox& box);
// Text of column `col` for a row ("" when null or absent).
std::string cell_text(const FeatureTable& t, std::string_view col, size_t row);

}  // namespace jiuyou::viewer
