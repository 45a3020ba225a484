#pragma once
// An investment plan in the viewer (`jiuyou view PROJECT --plan DIR/invest.gpkg`):
// the plan's projects drawn over the check map in their year's colour
// (render's plan_lines / plan_points, legend by year), and the 投资方案 panel:
// a 实施年度 slider (projects up to year Y shown, later ones hidden), the
// projects and cost per year with their total, the clicked project's 项目名称 /
// 建设内容 / 投资 / 受益村 / 解决的指标, the clicked village's year of exit or
// why it does not exit under the plan.
#include <span>
#include <string>
#include <vector>

#include "gis/model/error.hpp"
#include "gis/model/workspace.hpp"
#include "src/viewer/app_state.hpp"
#include "src/viewer/plan/plan_data.hpp"

namespace jiuyou::viewer {

// Adds the plan's projects to `ws` (plan_lines / plan_points in its CRS) and
// reads its tables. Errors as render::add_plan_overlay and read_plan_view; `ws` is
// changed only on success.
Result<PlanView> open_plan(Workspace& ws, const std::string& invest_gpkg);

// Puts the plan in the state: the panel shown, every year's projects shown.
void show_plan_view(AppState& s, PlanView plan);

// Shows the projects of years <= `until` (0: all) and hides the later ones (the slider does this).
void set_plan_until(AppState& s, int until);
// Applies the slider to the plan layers' styles when it moved (before drawing the map).
void restyle_plan(AppState& s);

// The project of the selected plan feature (null when none is selected).
const PlanProject* selected_plan_project(const AppState& s);

void draw_plan_panel(AppState& s, bool* open);

// The panel's fixed strings, and its data's words (for the font atlas).
std::span<const char* const> plan_ui_strings();
std::vector<std::string> plan_font_strings(const AppState& s);

}  // namespace jiuyou::viewer
