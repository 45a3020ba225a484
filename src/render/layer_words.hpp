#pragma once
// The canonical layers as data (layer_words.cpp): the Chinese noun a legend or a caption
// uses for each, and whether it keeps its full style when the picture is about something
// else — a province overview (render_map.cpp) or an investment plan over the map
// (plan_overlay.cpp). Adding a layer, or changing which layers carry such a picture, is an
// edit of the table, not of the drawing code. A layer the table does not know is named by
// its own name and drawn quiet in both.
#include <string>
#include <string_view>
#include <vector>

namespace jiuyou::render {

struct LayerWords {
  std::string_view name;          // the canonical layer name ("townships")
  std::string_view title;         // its noun on the map ("乡镇界")
  bool loud_in_overview = false;  // a province overview: the villages and the boundaries carry the picture
  bool loud_under_plan = false;   // under a plan: the villages and the township boundaries
  int boundary = 0;               // an administrative boundary, drawn as a line: 1 township, 2 county (heavier)
};

// The entry of a layer; nullptr for a layer the table does not know.
const LayerWords* layer_words(std::string_view layer_name);
bool stays_loud_in_overview(std::string_view layer_name);
// The nouns of the layers a province overview keeps in full, in the table's order ("村庄", "乡镇界", "县界").
std::vector<std::string> overview_loud_titles();

}  // namespace jiuyou::render
