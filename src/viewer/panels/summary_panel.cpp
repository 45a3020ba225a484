#include <imgui.h>

#include "src/viewer/panels/panels.hpp"

namespace jiuyou::viewer {

void draw_summary_panel(AppState& s, bool* open) {
  if (!*open) return;
  ImGui::SetNextWindowSize(ImVec2(460, 420), ImGuiCond_FirstUseEver);
  if (!ImGui::Begin("汇总 Summary", open)) {
    ImGui::End();
    return;
  }
  keep_window_inside();
  if (s.items.empty()) {
    ImGui::TextWrapped("没有核查结果。运行 jiuyou check, 再打开 result.gpkg。");
    ImGui::End();
    return;
  }
  size_t villages = 0, exits = 0;
  for (const TownshipSummary& t : s.summary) villages += t.villages, exits += t.exits;
  ImGui::Text("%zu 个村, 可出列 %zu", villages, exits);
  for (const TownshipSummary& t : s.summary) {
    ImGui::PushID(t.code.c_str());
    if (ImGui::TreeNode("##t", "%s  (%zu 村, 可出列 %zu)", t.township.c_str(), t.villages, t.exits)) {
      if (!t.code.empty() && t.code != t.township) ImGui::TextDisabled("乡镇代码 %s", t.code.c_str());
      for (size_t k = 0; k < s.items.size(); ++k) {
        const float share = t.villages ? static_cast<float>(t.pass[k]) / static_cast<float>(t.villages) : 0.0f;
        const std::string overlay = std::to_string(t.pass[k]) + "/" + std::to_string(t.villages) + " 达标";
        ImGui::SetNextItemWidth(200);
        ImGui::ProgressBar(share, ImVec2(200, 0), overlay.c_str());
        ImGui::SameLine();
        ImGui::TextUnformatted(item_name(s, s.items[k]).c_str());
        if (ImGui::IsItemHovered()) wrapped_tooltip(s.items[k].c_str());
      }
      ImGui::TreePop();
    }
    ImGui::PopID();
  }
  ImGui::End();
}

}  // namespace jiuyou::viewer
