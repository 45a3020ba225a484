#include <imgui.h>

#include "src/viewer/panels/panels.hpp"

namespace jiuyou::viewer {

namespace {
// The swatch as the map shows it: the class colour at its own opacity times
// the layer's, over the map's background (translucent fills such as 缺2项 and
// 缺3项 look in the legend as they do on the map).
ImVec4 swatch_color(render::Rgba c, render::Symbol symbol, float layer_opacity) {
  const float a = (symbol == render::Symbol::fill ? c.a / 255.0f : 1.0f) * layer_opacity;
  const render::Rgba bg = render::k_background;
  auto mix = [a](uint8_t fg, uint8_t back) { return (a * fg + (1 - a) * back) / 255.0f; };
  return ImVec4(mix(c.r, bg.r), mix(c.g, bg.g), mix(c.b, bg.b), 1.0f);
}
}  // namespace

void draw_legend_panel(AppState& s, bool* open) {
  if (!*open) return;
  ImGui::SetNextWindowPos(ImVec2(ImGui::GetIO().DisplaySize.x - 260, ImGui::GetIO().DisplaySize.y - 330), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(ImVec2(250, 290), ImGuiCond_FirstUseEver);
  if (!ImGui::Begin("图例 Legend", open)) {
    ImGui::End();
    return;
  }
  keep_window_inside();
  for (const LayerUi& l : s.layers) {
    if (!l.visible) continue;
    const auto it = s.legends.find(l.name);
    if (it == s.legends.end()) continue;
    const render::LayerLegend& legend = it->second;
    ImGui::TextUnformatted(legend.title.c_str());
    for (const render::LegendEntry& e : legend.entries) {
      ImGui::ColorButton(("##" + legend.title + e.label).c_str(), swatch_color(e.color, e.symbol, l.opacity), ImGuiColorEditFlags_NoTooltip,
                         ImVec2(14, 14));
      ImGui::SameLine();
      ImGui::Text("%s (%zu)", e.label.c_str(), e.count);
    }
  }
  ImGui::End();
}

}  // namespace jiuyou::viewer
