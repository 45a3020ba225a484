#include <imgui.h>

#include <cmath>

#include "src/viewer/panels/panels.hpp"

namespace jiuyou::viewer {

void draw_status_bar(AppState& s, bool* open) {
  if (!*open) return;
  const ImGuiIO& io = ImGui::GetIO();
  const float h = ImGui::GetFrameHeight() + 4;
  ImGui::SetNextWindowPos(ImVec2(0, io.DisplaySize.y - h));
  ImGui::SetNextWindowSize(ImVec2(io.DisplaySize.x, h));
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                                 ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoBringToFrontOnFocus;
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(8, 2));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowMinSize, ImVec2(1, 1));  // the bar is lower than the default minimum: keep it inside the window
  if (ImGui::Begin("##status", nullptr, flags)) {
    if (s.cursor_in_map) {
      ImGui::Text("%s  x %.1f  y %.1f", s.ws.metric_crs.label().c_str(), s.cursor_world.x, s.cursor_world.y);
      if (s.to_wgs84) {
        if (auto ll = s.to_wgs84->transform_point(s.cursor_world)) {
          ImGui::SameLine();
          ImGui::Text("   WGS84  %.6f°E  %.6f°N", ll->x, ll->y);
        }
      }
    } else {
      ImGui::TextDisabled("光标不在地图上");
    }
    ImGui::SameLine();
    ImGui::Text("   1 px = %.2f m", s.camera.m_per_px);
    if (!s.progress.empty()) {  // a note of work under way is not a warning: drawn in the text colour
      ImGui::SameLine();
      ImGui::Text("   %s", s.progress.c_str());
    }
    if (!s.message.empty()) {
      ImGui::SameLine();
      ImGui::TextColored(ImVec4(0.85f, 0.3f, 0.2f, 1), "   %s", s.message.c_str());
    }
  }
  ImGui::End();
  ImGui::PopStyleVar(2);
}

void draw_menu_bar(AppState& s) {
  if (!ImGui::BeginMainMenuBar()) return;
  draw_file_menu(s);
  const bool view_open = ImGui::BeginMenu("视图 View");
  remember_item(s, "视图");
  if (view_open) {
    ImGui::MenuItem("图层", nullptr, &s.show_layers);
    ImGui::MenuItem("查找与筛选", nullptr, &s.show_search);
    ImGui::MenuItem("村庄", nullptr, &s.show_inspector);
    ImGui::MenuItem("汇总", nullptr, &s.show_summary);
    ImGui::MenuItem("图例", nullptr, &s.show_legend);
    ImGui::MenuItem("状态栏", nullptr, &s.show_status);
    if (ImGui::MenuItem("测量", nullptr, &s.show_measure)) s.measuring = s.show_measure;
    ImGui::MenuItem("属性表", nullptr, &s.show_table);
    remember_item(s, "视图/属性表");
    ImGui::MenuItem("规划编辑", nullptr, &s.show_edit);
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("缩放 Zoom")) {
    if (ImGui::MenuItem("全部 (Home)")) zoom_to(s, s.home);
    if (ImGui::MenuItem("所选村庄", nullptr, false, s.selected.has_value())) select_village(s, *s.selected, true);
    if (ImGui::MenuItem("所选要素", nullptr, false, s.picked.has_value())) zoom_to_selection(s);
    if (const FeatureTable* v = s.villages(); v && ImGui::MenuItem("村庄图层")) zoom_to(s, v->bbox());
    ImGui::EndMenu();
  }
  draw_check_menu(s);
  ImGui::TextDisabled("  %s", s.ws.name.c_str());
  ImGui::EndMainMenuBar();
}

}  // namespace jiuyou::viewer
