#include <imgui.h>

#include <algorithm>

#include "src/viewer/panels/panels.hpp"

namespace jiuyou::viewer {

void draw_layers_panel(AppState& s, bool* open) {
  if (!*open) return;
  ImGui::SetNextWindowPos(ImVec2(10, 30), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(ImVec2(290, 300), ImGuiCond_FirstUseEver);
  if (!ImGui::Begin("图层 Layers", open)) {
    ImGui::End();
    return;
  }
  keep_window_inside();
  ImGui::TextDisabled("上方的图层画在最上面");
  draw_basemap_row(s);  // drawn under every layer; listed first so its switch is always in sight
  for (size_t i = 0; i < s.layers.size(); ++i) {
    LayerUi& l = s.layers[i];
    ImGui::PushID(static_cast<int>(i));
    ImGui::Checkbox("##visible", &l.visible);
    ImGui::SameLine();
    ImGui::Text("%s (%zu)", l.title.c_str(), l.features);
    ImGui::SameLine(ImGui::GetWindowWidth() - 70);
    if (ImGui::ArrowButton("##up", ImGuiDir_Up) && i > 0) std::swap(s.layers[i], s.layers[i - 1]);
    ImGui::SameLine();
    if (ImGui::ArrowButton("##down", ImGuiDir_Down) && i + 1 < s.layers.size()) std::swap(s.layers[i], s.layers[i + 1]);
    ImGui::SetNextItemWidth(-70);
    ImGui::SliderFloat("##opacity", &s.layers[i].opacity, 0.0f, 1.0f, "不透明度 %.2f");
    ImGui::SameLine();
    if (ImGui::SmallButton("缩放至")) {
      if (const FeatureTable* t = s.ws.layer(s.layers[i].name)) zoom_to(s, t->bbox());
    }
    // Colours of the layer's classes (its legend entries).
    const size_t ri = s.layers[i].renderer_index;
    if (ri < s.styles.size() && !s.styles[ri].legend.entries.empty() && ImGui::TreeNode("颜色")) {
      const auto& entries = s.styles[ri].legend.entries;
      for (size_t e = 0; e < entries.size(); ++e) {
        const render::Rgba c = entries[e].color;
        float rgb[3] = {c.r / 255.0f, c.g / 255.0f, c.b / 255.0f};
        ImGui::PushID(static_cast<int>(e));
        if (ImGui::ColorEdit3(entries[e].label.c_str(), rgb, ImGuiColorEditFlags_NoInputs)) {
          auto byte = [](float v) { return static_cast<uint8_t>(std::clamp(v, 0.0f, 1.0f) * 255.0f + 0.5f); };
          set_class_color(s, ri, e, {byte(rgb[0]), byte(rgb[1]), byte(rgb[2]), 255});
        }
        ImGui::PopID();
      }
      ImGui::TreePop();
    }
    ImGui::PopID();
  }
  if (s.ws.dem) {
    ImGui::Separator();
    ImGui::TextDisabled("地形晕渲 (DEM %dx%d)", s.ws.dem->width, s.ws.dem->height);
  }
  ImGui::End();
}

}  // namespace jiuyou::viewer
