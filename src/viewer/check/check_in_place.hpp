#pragma once
// The viewer's 核查 menu: the project is checked through the shared pipeline
// (app::run_check, exactly as `jiuyou check`) under the rule set the planner
// picks, and the result.gpkg it wrote is opened in place of the document: the
// same window, view, panels and selection, the villages recoloured by the new
// verdicts and the checklist naming the new rule set's items.
#include <string>
#include <vector>

#include "src/render/document.hpp"
#include "src/viewer/app_state.hpp"

namespace jiuyou::viewer {

struct RuleSetChoice {
  std::string id;       // national-2016
  std::string name_zh;  // 国家贫困村退出标准（2016）; the id when the file does not load
};
// The shipped rule sets, for the menu.
std::vector<RuleSetChoice> rule_set_choices();

// Where the check of `project` under `rules` writes: `<root>/<project stem>-check-<rule set>`,
// root being `check_root` or, when that is empty, the project's folder.
std::string check_out_dir(const std::string& project, const std::string& rules, const std::string& check_root);

// Puts an opened document in place of the shown one: layers (visibility and opacity
// kept by name), items and their names, summary, legends; the camera and the panels
// stay; the selection stays when its feature still exists. Needs the GL context
// (the renderer is rebuilt). The UI font is marked for a rebuild.
Result<void> replace_document(AppState& s, render::Document doc);

// Checks s.project_path under `rules` (an id or a path; "" the project's own) and
// shows the result in place. Returns the result.gpkg written. On an error the shown
// document is unchanged.
// With `planned` (a planned.gpkg), its features are added first, as `check --with`.
Result<std::string> check_in_place(AppState& s, const std::string& rules, const std::string& planned = {});

// Saves the planned features of s.edits (planned_path, one layer per edited project layer) and checks the project with them in place.
Result<std::string> recheck_with_edits(AppState& s);

}  // namespace jiuyou::viewer
