#include <imgui.h>

#include "src/viewer/panels/panels.hpp"

namespace jiuyou::viewer {

void draw_legend_panel(AppState& s, bool* open) {
  if (!*open) return;
  ImGui::SetNextWindowPos(ImVec2(ImGui::GetIO().DisplaySize.x - 260, ImGui::GetIO().DisplaySize.y - 330), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(ImVec2(250, 290), ImGuiCond_FirstUseEver);
  if (!ImGui::Begin("图例 Legend", open)) {
    ImGui::End();
    return;
  }
  for (const LayerUi& l : s.layers) {
    if (!l.visible) continue;
    const auto it = s.legends.find(l.name);
    if (it == s.legends.end()) continue;
    const render::LayerLegend& legend = it->second;
    ImGui::TextUnformatted(legend.title.c_str());
    for (const render::LegendEntry& e : legend.entries) {
      const ImVec4 c(e.color.r / 255.0f, e.color.g / 255.0f, e.color.b / 255.0f, 1.0f);
      ImGui::ColorButton(("##" + e.label).c_str(), c, ImGuiColorEditFlags_NoTooltip, ImVec2(14, 14));
      ImGui::SameLine();
      ImGui::Text("%s (%zu)", e.label.c_str(), e.count);
    }
  }
  ImGui::End();
}

}  // namespace jiuyou::viewer
