#pragma once
// The viewer's panels: one free function per panel, one file each.
// `open` is the panel's visibility flag in AppState (the close box clears it).
#include "src/viewer/app_state.hpp"

namespace jiuyou::viewer {

void draw_layers_panel(AppState& s, bool* open);     // visibility, order, opacity
void draw_inspector_panel(AppState& s, bool* open);  // the selected village: checklist with evidence, attributes
void draw_search_panel(AppState& s, bool* open);     // search by name/code, colour-by, filter
void draw_summary_panel(AppState& s, bool* open);    // per-township pass bars per item
void draw_legend_panel(AppState& s, bool* open);     // legend of the visible layers
void draw_status_bar(AppState& s, bool* open);       // cursor coordinates, scale, messages
void draw_measure_panel(AppState& s, bool* open);
void draw_table_panel(AppState& s, bool* open);      // a layer's attribute table: sort by a column, select a row, zoom to it
// The rows of t for which `where` (the rules' where-syntax) is true, in row order; every row when it is
// empty. Rows where it is unknown (a NULL) are left out. Errors say what does not parse or which field is missing.
Result<std::vector<uint32_t>> filter_table_rows(const FeatureTable& t, const std::string& where);
// Orders `rows` by column `column` of t (-1: fid), nulls last; stable.
void sort_table_rows(const FeatureTable& t, int column, bool descending, std::vector<uint32_t>& rows);    // distance and area of clicked points (clicks measure while it is on)
void draw_edit_panel(AppState& s, bool* open);       // what-if: draw planned roads, undo/redo, save and re-check
void draw_menu_bar(AppState& s);                     // panels, zoom, check
void draw_check_menu(AppState& s);                   // 核查: run the check, switch the rule set (shown in place)
void draw_file_menu(AppState& s);                    // 文件: export the current view as PNG, the township atlas
void draw_export_dialogs(AppState& s);               // the export and atlas windows the 文件 menu opens (Ctrl+E: export)

// The checklist's 九有 and 四网 counts, counted from its rows (the items the rule
// set marks as members that pass), so the header always agrees with the rows.
struct ChecklistCounts {
  size_t jiuyou_pass = 0, jiuyou_total = 0, net4_pass = 0, net4_total = 0;
};
ChecklistCounts count_checklist(const AppState& s, const FeatureTable& villages, uint32_t row);

// Call right after ImGui::Begin: moves (and if needed shrinks) the current
// window so it stays inside the display below the menu bar, e.g. after the
// main window was made smaller.
void keep_window_inside();
// Records the last item's rectangle under `key` in s.ui_rects (the tests click controls by key).
void remember_item(AppState& s, const std::string& key);
// A tooltip whose text wraps at about 26 characters' width.
void wrapped_tooltip(const char* text);

}  // namespace jiuyou::viewer
