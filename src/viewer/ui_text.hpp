#pragma once
// The viewer's own strings, so the font atlas holds every glyph the panels
// can show: ImGui 1.86 bakes only the characters it is given, and a missing
// one draws as '?'. The atlas gets these, the styles' fixed strings
// (render::style_strings), the rule set's item names, and every text value of
// the workspace. tests/viewer/ui_text_test.cpp scans the viewer's and the
// renderer's sources for string literals and fails on a glyph missing from
// the atlas, so a new label cannot slip through.
#include <string>
#include <vector>

namespace jiuyou::viewer {

struct AppState;

// Every fixed string the panels, menus and tooltips show.
const std::vector<std::string>& ui_strings();

// Every string the font must cover for this state: the above, the styles',
// the items' names, layer titles, legend labels and the data's text values.
std::vector<std::string> font_strings(const AppState& s);

}  // namespace jiuyou::viewer
