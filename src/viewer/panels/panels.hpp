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
void draw_menu_bar(AppState& s);                     // panels, zoom

}  // namespace jiuyou::viewer
