#include <imgui.h>

#include <algorithm>
#include <iterator>

#include "src/viewer/edit/edit_actions.hpp"
#include "src/viewer/panels/panels.hpp"

namespace jiuyou::viewer {

namespace {

// What to draw: the kinds of data/edit/kinds.toml the project has layers for, and the kind's choice.
void kind_choosers(AppState& s, const std::vector<EditKind>& kinds) {
  const int k = std::clamp(s.draft_kind, 0, static_cast<int>(kinds.size()) - 1);
  ImGui::SetNextItemWidth(170);
  if (ImGui::BeginCombo("要素##edit", kinds[static_cast<size_t>(k)].label.c_str())) {
    for (int i = 0; i < static_cast<int>(kinds.size()); ++i)
      if (ImGui::Selectable(kinds[static_cast<size_t>(i)].label.c_str(), i == k) && i != s.draft_kind) {
        s.draft_kind = i;
        s.draft_choice = 0;
        s.road_draft.clear();
      }
    ImGui::EndCombo();
  }
  remember_item(s, "编辑/要素");
  const EditKind& kind = kinds[static_cast<size_t>(k)];
  if (kind.choices.empty()) return;
  const int c = std::clamp(s.draft_choice, 0, static_cast<int>(kind.choices.size()) - 1);
  ImGui::SetNextItemWidth(170);
  if (ImGui::BeginCombo("属性##edit", kind.choices[static_cast<size_t>(c)].second.c_str())) {
    for (int i = 0; i < static_cast<int>(kind.choices.size()); ++i)
      if (ImGui::Selectable(kind.choices[static_cast<size_t>(i)].second.c_str(), i == c)) s.draft_choice = i;
    ImGui::EndCombo();
  }
}

void edit_buttons(AppState& s, const EditKind& kind) {
  ImGui::BeginDisabled(kind.point || s.road_draft.size() < 2);
  if (ImGui::Button("完成这条线")) finish_draft(s);
  remember_item(s, "编辑/完成");
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(s.edits.done.empty());
  if (ImGui::Button("撤销")) undo_edit(s);
  remember_item(s, "编辑/撤销");
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(s.edits.undone.empty());
  if (ImGui::Button("重做")) redo_edit(s);
  remember_item(s, "编辑/重做");
  ImGui::EndDisabled();
}

// "所选要素改为 ...": the selected feature of the kind's layer takes the chosen value.
void change_button(AppState& s, const EditKind& kind) {
  if (kind.choices.empty()) return;
  std::string why;
  const bool can = can_change_selected(s, &why);
  ImGui::BeginDisabled(!can);
  if (ImGui::Button("所选要素改为此属性")) {
    if (auto ok = change_selected(s); !ok) s.message = ok.error().message;
  }
  remember_item(s, "编辑/改所选");
  ImGui::EndDisabled();
  if (!can && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) wrapped_tooltip(why.c_str());
}

void save_button(AppState& s) {
  ImGui::BeginDisabled(s.project_path.empty());
  if (ImGui::Button("保存并全县重新核查")) s.pending_recheck = true;
  remember_item(s, "编辑/重新核查");
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    wrapped_tooltip("规划要素另存为 项目名-planned.gpkg (不改动项目的数据), 再按 jiuyou check 项目.toml --with 该文件 的同一流程核查全县, 结果在此显示。");
  if (!s.planned_file.empty()) ImGui::TextWrapped("已保存: %s", s.planned_file.c_str());
}

}  // namespace

void draw_edit_panel(AppState& s, bool* open) {
  if (!*open) {
    s.drawing_road = false;
    return;
  }
  ImGui::SetNextWindowPos(ImVec2(20, ImGui::GetIO().DisplaySize.y - 300), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(ImVec2(340, 260), ImGuiCond_FirstUseEver);
  if (!ImGui::Begin("规划编辑 Edit", open)) {
    ImGui::End();
    return;
  }
  keep_window_inside();
  const auto kinds = edit_kinds(s.ws);
  if (!kinds || kinds->empty()) {
    ImGui::TextWrapped("%s", kinds ? "项目没有可加规划要素的图层。" : kinds.error().message.c_str());
    ImGui::End();
    return;
  }
  kind_choosers(s, *kinds);
  const EditKind& kind = (*kinds)[static_cast<size_t>(std::clamp(s.draft_kind, 0, static_cast<int>(kinds->size()) - 1))];
  ImGui::Checkbox(kind.point ? "在地图上点击放置" : "在地图上画 (点击加点)", &s.drawing_road);
  remember_item(s, "编辑/画路");
  ImGui::Text("草图 %zu 个点, 规划要素 %zu 个", s.road_draft.size(), s.edits.done.size());
  edit_buttons(s, kind);
  change_button(s, kind);
  save_button(s);
  ImGui::End();
}

}  // namespace jiuyou::viewer
