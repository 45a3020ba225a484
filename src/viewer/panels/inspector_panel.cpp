#include <imgui.h>

#include "src/viewer/panels/panels.hpp"

namespace jiuyou::viewer {

namespace {
ImVec4 result_color(const std::string& r) {
  if (r == "pass") return ImVec4(0.10f, 0.60f, 0.31f, 1);
  if (r == "fail") return ImVec4(0.84f, 0.19f, 0.15f, 1);
  return ImVec4(0.55f, 0.55f, 0.55f, 1);
}
const char* result_text(const std::string& r) {
  return r == "pass" ? "达标" : r == "fail" ? "不达标" : r == "unknown" ? "待核实" : "—";
}
}  // namespace

void draw_inspector_panel(AppState& s, bool* open) {
  if (!*open) return;
  const FeatureTable* v = s.villages();
  ImGui::SetNextWindowPos(ImVec2(ImGui::GetIO().DisplaySize.x - 430, 30), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(ImVec2(420, 520), ImGuiCond_FirstUseEver);
  if (!ImGui::Begin("村庄 Inspector", open)) {
    ImGui::End();
    return;
  }
  if (!v || !s.selected || *s.selected >= v->size()) {
    ImGui::TextWrapped("点击地图上的村庄查看其九有清单和属性。");
    ImGui::End();
    return;
  }
  const uint32_t row = *s.selected;
  ImGui::Text("%s", cell_text(*v, "name", row).c_str());
  ImGui::SameLine();
  ImGui::TextDisabled("%s", cell_text(*v, "code", row).c_str());
  const std::string verdict = cell_text(*v, "verdict", row);
  if (!verdict.empty()) {
    const char* vt = verdict == "exit" ? "可出列" : verdict == "fail" ? "不能出列" : "待核实";
    ImGui::TextColored(result_color(verdict == "exit" ? "pass" : verdict), "出列评定: %s", vt);
    ImGui::Text("不达标 %s 项, 待核实 %s 项; 四网 %s/4, 九有 %s/9", cell_text(*v, "failed_count", row).c_str(),
                cell_text(*v, "unknown_count", row).c_str(), cell_text(*v, "net4_count", row).c_str(),
                cell_text(*v, "jiuyou_count", row).c_str());
    const std::string missing = cell_text(*v, "missing_items", row);
    if (!missing.empty()) ImGui::TextWrapped("缺: %s", missing.c_str());
  } else {
    ImGui::TextWrapped("没有核查结果: 运行 jiuyou check PROJECT --out DIR, 再打开 DIR/result.gpkg。");
  }
  if (ImGui::Button("缩放至该村")) select_village(s, row, true);
  if (!s.items.empty() && ImGui::CollapsingHeader("九有清单 Checklist", ImGuiTreeNodeFlags_DefaultOpen)) {
    if (ImGui::BeginTable("items", 4, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg)) {
      ImGui::TableSetupColumn("指标");
      ImGui::TableSetupColumn("结果");
      ImGui::TableSetupColumn("距离 m");
      ImGui::TableSetupColumn("最近要素");
      ImGui::TableHeadersRow();
      for (const std::string& item : s.items) {
        const std::string r = cell_text(*v, item, row);
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(item.c_str());
        ImGui::TableNextColumn();
        ImGui::TextColored(result_color(r), "%s", result_text(r));
        ImGui::TableNextColumn();
        const std::string d = cell_text(*v, item + "_distance_m", row);
        if (const Column* c = v->column(item + "_distance_m"); c && c->number(row))
          ImGui::Text("%.0f", *c->number(row));
        else
          ImGui::TextUnformatted(d.empty() ? "—" : d.c_str());
        ImGui::TableNextColumn();
        const std::string fid = cell_text(*v, item + "_nearest_fid", row);
        ImGui::TextUnformatted(fid.empty() ? "—" : fid.c_str());
      }
      ImGui::EndTable();
    }
  }
  if (ImGui::CollapsingHeader("属性 Attributes")) {
    if (ImGui::BeginTable("attrs", 2, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg)) {
      ImGui::TableSetupColumn("字段");
      ImGui::TableSetupColumn("值");
      ImGui::TableHeadersRow();
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted("fid");
      ImGui::TableNextColumn();
      ImGui::Text("%lld", static_cast<long long>(row < v->fid.size() ? v->fid[row] : -1));
      for (const Column& c : v->columns) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(c.name().c_str());
        ImGui::TableNextColumn();
        const std::string t = c.is_null(row) ? "(空)" : c.as_text(row);
        ImGui::TextUnformatted(t.c_str());
      }
      ImGui::EndTable();
    }
  }
  ImGui::End();
}

}  // namespace jiuyou::viewer
