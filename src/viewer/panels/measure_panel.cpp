#include <imgui.h>

#include "src/viewer/panels/panels.hpp"

namespace jiuyou::viewer {

void draw_measure_panel(AppState& s, bool* open) {
  if (!*open) {
    s.measuring = false;
    return;
  }
  ImGui::SetNextWindowPos(ImVec2(ImGui::GetIO().DisplaySize.x / 2 - 150, 40), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(ImVec2(300, 170), ImGuiCond_FirstUseEver);
  if (!ImGui::Begin("测量 Measure", open)) {
    ImGui::End();
    return;
  }
  keep_window_inside();
  ImGui::Checkbox("在地图上点击添加测量点", &s.measuring);
  ImGui::TextDisabled("坐标系 %s (米)", s.ws.metric_crs.label().c_str());
  const Measurement& m = s.measurement;
  if (!m.evidence.empty()) ImGui::TextWrapped("%s", m.evidence.c_str());
  ImGui::Text("%zu 个点", m.points.size());
  ImGui::Text("长度: %s", format_measured_length(m.length_m()).c_str());
  if (m.points.size() >= 3) ImGui::Text("面积 (闭合): %s", format_measured_area(m.area_m2()).c_str());
  if (ImGui::Button("撤销上一点") && !s.measurement.points.empty()) s.measurement.points.pop_back();
  ImGui::SameLine();
  if (ImGui::Button("清除")) s.measurement.points.clear(), s.measurement.evidence.clear();
  ImGui::End();
}

}  // namespace jiuyou::viewer
