#pragma once
// A `jiuyou compare` result in the viewer (`jiuyou view compare.gpkg`): the
// villages coloured by their transition between two years (返贫风险 red, 改善
// green, ...), and the 年度变化 panel: a 年份 slider that switches which pair
// of years is shown (each pair over its later year's project), the number of
// villages in each class, and for the selected village its overall change and
// the cause sentence of every item that changed.
#include <span>
#include <string>
#include <vector>

#include "src/viewer/app_state.hpp"

namespace jiuyou::viewer {

// Puts a compare result's view in the state: villages coloured by transition, the panel shown.
void show_years_view(AppState& s, YearsView view);

// Opens the pair the slider asked for. Between frames: it replaces the
// document (layers, renderer, font); a failure is said in the status bar and
// the shown pair stays.
void run_pending_year(AppState& s);

// For the village at `row`: one line per item that changed, its name and the cause.
struct CauseLine {
  std::string item;
  std::string cause;
};
std::vector<CauseLine> village_causes(const AppState& s, uint32_t row);

void draw_years_panel(AppState& s, bool* open);

// The panel's fixed strings (for the font atlas).
std::span<const char* const> years_ui_strings();

}  // namespace jiuyou::viewer
