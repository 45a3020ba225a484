#include <imgui.h>

#include <algorithm>
#include <iterator>

#include "src/viewer/panels/panels.hpp"

namespace jiuyou::viewer {

namespace {

struct SurfaceChoice {
  const char* value;  // canonical (gis/io/schema.cpp: roads.surface)
  const char* label;
};
constexpr SurfaceChoice k_surfaces[] = {{"asphalt", "沥青"}, {"concrete", "水泥"}, {"gravel", "砂石"}, {"earth", "土路"}};

void finish_road(AppState& s) {
  const int k = std::clamp(s.draft_surface, 0, static_cast<int>(std::size(k_surfaces)) - 1);
  s.edits.add({s.road_draft, k_surfaces[k].value, "village"});
  s.road_draft.clear();
}

void edit_buttons(AppState& s) {
  ImGui::BeginDisabled(s.road_draft.size() < 2);
  if (ImGui::Button("完成这条路")) finish_road(s);
  remember_item(s, "编辑/完成");
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(s.edits.done.empty());
  if (ImGui::Button("撤销")) s.edits.undo();
  remember_item(s, "编辑/撤销");
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(s.edits.undone.empty());
  if (ImGui::Button("重做")) s.edits.redo();
  remember_item(s, "编辑/重做");
  ImGui::EndDisabled();
}

}  // namespace

void draw_edit_panel(AppState& s, bool* open) {
  if (!*open) {
    s.drawing_road = false;
    return;
  }
  ImGui::SetNextWindowPos(ImVec2(20, ImGui::GetIO().DisplaySize.y - 260), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(ImVec2(330, 220), ImGuiCond_FirstUseEver);
  if (!ImGui::Begin("规划编辑 Edit", open)) {
    ImGui::End();
    return;
  }
  keep_window_inside();
  ImGui::Checkbox("画规划道路 (在地图上点击加点)", &s.drawing_road);
  remember_item(s, "编辑/画路");
  ImGui::SetNextItemWidth(120);
  const int k = std::clamp(s.draft_surface, 0, static_cast<int>(std::size(k_surfaces)) - 1);
  if (ImGui::BeginCombo("路面", k_surfaces[k].label)) {
    for (int i = 0; i < static_cast<int>(std::size(k_surfaces)); ++i)
      if (ImGui::Selectable(k_surfaces[i].label, i == k)) s.draft_surface = i;
    ImGui::EndCombo();
  }
  ImGui::Text("草图 %zu 个点, 规划道路 %zu 条", s.road_draft.size(), s.edits.done.size());
  edit_buttons(s);
  ImGui::BeginDisabled(s.project_path.empty());
  if (ImGui::Button("保存并重新核查")) s.pending_recheck = true;
  remember_item(s, "编辑/重新核查");
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    wrapped_tooltip("规划道路另存为 项目名-planned.gpkg (不改动项目的数据), 再按 jiuyou check 项目.toml --with 该文件 的同一流程核查, 结果在此显示。");
  if (!s.planned_file.empty()) ImGui::TextWrapped("已保存: %s", s.planned_file.c_str());
  ImGui::End();
}

}  // namespace jiuyou::viewer
