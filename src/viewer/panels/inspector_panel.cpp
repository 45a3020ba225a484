#include <imgui.h>

#include <algorithm>

#include "src/viewer/map/evidence_line.hpp"
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

// Every field of one feature (fid first); "(空)" for nulls.
void attribute_table(const FeatureTable& t, uint32_t row) {
  if (!ImGui::BeginTable("attrs", 2, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg)) return;
  ImGui::TableSetupColumn("字段");
  ImGui::TableSetupColumn("值");
  ImGui::TableHeadersRow();
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::TextUnformatted("fid");
  ImGui::TableNextColumn();
  ImGui::Text("%lld", static_cast<long long>(row < t.fid.size() ? t.fid[row] : -1));
  for (const Column& c : t.columns) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(c.name().c_str());
    ImGui::TableNextColumn();
    const std::string v = c.is_null(row) ? "(空)" : c.as_text(row);
    ImGui::TextWrapped("%s", v.c_str());
  }
  ImGui::EndTable();
}

}  // namespace

ChecklistCounts count_checklist(const AppState& s, const FeatureTable& v, uint32_t row) {
  ChecklistCounts c;
  for (const std::string& item : s.items) {
    const render::ItemInfo* info = item_info(s, item);
    const bool pass = cell_text(v, item, row) == "pass";
    if (info && info->jiuyou) ++c.jiuyou_total, c.jiuyou_pass += pass ? 1 : 0;
    if (info && info->net4) ++c.net4_total, c.net4_pass += pass ? 1 : 0;
  }
  return c;
}

namespace {

void checklist_row(AppState& s, const FeatureTable& v, uint32_t row, const std::string& item) {
  const std::string r = cell_text(v, item, row);
  const render::ItemInfo* info = item_info(s, item);
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::TextWrapped("%s", item_name(s, item).c_str());
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", item.c_str());
  ImGui::TableNextColumn();
  if (info && info->jiuyou) ImGui::TextColored(ImVec4(0.55f, 0.25f, 0.05f, 1), "九有");
  if (info && info->jiuyou && info->net4) ImGui::SameLine();
  if (info && info->net4) ImGui::TextColored(ImVec4(0.10f, 0.35f, 0.65f, 1), "四网");
  ImGui::TableNextColumn();
  ImGui::TextColored(result_color(r), "%s", result_text(r));
  ImGui::TableNextColumn();
  if (const Column* c = v.column(item + "_distance_m"); c && c->number(row))
    ImGui::Text("%.0f", *c->number(row));
  else
    ImGui::TextUnformatted("—");
  ImGui::TableNextColumn();
  const std::string fid = cell_text(v, item + "_nearest_fid", row);
  ImGui::TextUnformatted(fid.empty() ? "—" : fid.c_str());
  ImGui::TableNextColumn();
  if (evidence_line(s.ws, s.gap_rows, cell_text(v, "code", row), item)) {
    ImGui::PushID(item.c_str());
    if (ImGui::SmallButton("量")) measure_evidence(s, row, item);
    remember_item(s, "检查/量/" + item);
    if (ImGui::IsItemHovered()) wrapped_tooltip("在地图上画出核查量得的距离 (从村到最近的合格要素), 可在测量面板中核对, 也可自己点两端复量。");
    ImGui::PopID();
  } else if (s.rest_loading && r == "fail") {
    ImGui::TextDisabled("载入中");  // the gap lines are read with the rest of the document
    if (ImGui::IsItemHovered()) wrapped_tooltip("核查量得的距离线正在载入, 载入后可在地图上画出。");
  }
}

void checklist(AppState& s, const FeatureTable& v, uint32_t row) {
  if (!ImGui::BeginTable("items", 6, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) return;
  ImGui::TableSetupColumn("指标", ImGuiTableColumnFlags_WidthStretch, 3.0f);
  ImGui::TableSetupColumn("属于", ImGuiTableColumnFlags_WidthStretch, 1.2f);
  ImGui::TableSetupColumn("结果", ImGuiTableColumnFlags_WidthStretch, 1.0f);
  ImGui::TableSetupColumn("距离 m", ImGuiTableColumnFlags_WidthStretch, 1.0f);
  ImGui::TableSetupColumn("最近要素", ImGuiTableColumnFlags_WidthStretch, 1.0f);
  ImGui::TableSetupColumn("核对", ImGuiTableColumnFlags_WidthStretch, 0.6f);
  ImGui::TableHeadersRow();
  for (const std::string& item : s.items) checklist_row(s, v, row, item);
  ImGui::EndTable();
}

// "不达标 3 项, 待核实 1 项; 九有 6/9, 四网 3/4" (parts without data left out).
std::string counts_line(const AppState& s, const FeatureTable& v, uint32_t row) {
  std::string line = "不达标 " + cell_text(v, "failed_count", row) + " 项";
  const std::string unknown = cell_text(v, "unknown_count", row);
  if (!unknown.empty() && unknown != "0") line += ", 待核实 " + unknown + " 项";
  const ChecklistCounts c = count_checklist(s, v, row);
  if (c.jiuyou_total > 0)
    line += "; 九有 " + std::to_string(c.jiuyou_pass) + "/" + std::to_string(c.jiuyou_total) + ", 四网 " + std::to_string(c.net4_pass) + "/" +
            std::to_string(c.net4_total);
  return line;
}

// The legend class a feature is drawn in (its style colour), "" when none matches.
std::string class_label(const AppState& s, const FeatureRef& ref) {
  for (const LayerUi& l : s.layers) {
    if (l.name != ref.layer || l.renderer_index >= s.styles.size()) continue;
    const render::LayerStyle& st = s.styles[l.renderer_index];
    if (ref.row >= st.colors.size()) return {};
    const render::Rgba c = st.colors[ref.row];
    for (const render::LegendEntry& e : st.legend.entries)
      if (e.color.r == c.r && e.color.g == c.g && e.color.b == c.b) return e.label;
  }
  return {};
}

void village_view(AppState& s, const FeatureTable& v, uint32_t row) {
  ImGui::Text("%s", cell_text(v, "name", row).c_str());
  ImGui::SameLine();
  ImGui::TextDisabled("%s", cell_text(v, "code", row).c_str());
  const std::string verdict = cell_text(v, "verdict", row);
  if (!verdict.empty()) {
    const char* vt = verdict == "exit" ? "可出列" : verdict == "fail" ? "不能出列" : "待核实";
    ImGui::TextColored(result_color(verdict == "exit" ? "pass" : verdict), "出列评定: %s", vt);
    ImGui::TextWrapped("%s", counts_line(s, v, row).c_str());
    const std::string missing = cell_text(v, "missing_items", row);
    if (!missing.empty()) ImGui::TextWrapped("缺: %s", missing.c_str());
  } else {
    ImGui::TextWrapped("没有核查结果: 运行 jiuyou check PROJECT --out DIR, 再打开 DIR/result.gpkg。");
  }
  if (ImGui::Button("缩放至该村")) select_village(s, row, true);
  ImGui::SameLine();
  if (ImGui::Button("取消选择")) clear_selection(s);
  ImGui::SameLine();
  if (ImGui::Button("从该村量起")) measure_from_village(s, row);
  if (!s.items.empty() && ImGui::CollapsingHeader("九有清单 Checklist", ImGuiTreeNodeFlags_DefaultOpen)) checklist(s, v, row);
  if (ImGui::CollapsingHeader("属性 Attributes")) {
    if (s.rest_loading) ImGui::TextDisabled("其余字段载入中");  // the first frame read the villages' map and checklist columns only
    attribute_table(v, row);
  }
}

void feature_view(AppState& s, const FeatureRef& ref) {
  const FeatureTable* t = s.ws.layer(ref.layer);
  if (!t || ref.row >= t->size()) return;
  ImGui::Text("%s", render::layer_title(ref.layer).c_str());
  ImGui::SameLine();
  ImGui::TextDisabled("%s #%lld", ref.layer.c_str(), static_cast<long long>(ref.row < t->fid.size() ? t->fid[ref.row] : -1));
  const std::string cls = class_label(s, ref);
  if (!cls.empty()) ImGui::TextWrapped("%s", cls.c_str());
  const std::string name = cell_text(*t, "name", ref.row);
  if (!name.empty()) ImGui::TextWrapped("%s", name.c_str());
  if (ImGui::Button("缩放至要素")) zoom_to_selection(s);
  ImGui::SameLine();
  if (ImGui::Button("取消选择")) clear_selection(s);
  attribute_table(*t, ref.row);
}
}  // namespace

void draw_inspector_panel(AppState& s, bool* open) {
  if (!*open) return;
  const FeatureTable* v = s.villages();
  ImGui::SetNextWindowPos(ImVec2(ImGui::GetIO().DisplaySize.x - 470, 30), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(ImVec2(460, 520), ImGuiCond_FirstUseEver);
  if (!ImGui::Begin("要素 Inspector", open)) {
    ImGui::End();
    return;
  }
  keep_window_inside();
  if (s.picked && s.picked->layer != "villages") {
    feature_view(s, *s.picked);
  } else if (v && s.selected && *s.selected < v->size()) {
    village_view(s, *v, *s.selected);
  } else {
    ImGui::TextWrapped("点击地图上的村庄或任一要素 (设施、道路、线路、基站、安置点、帮扶单位、结对连线) 查看其属性。");
  }
  ImGui::End();
}

}  // namespace jiuyou::viewer
