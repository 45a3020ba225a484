#include <imgui.h>

#include <algorithm>
#include <cstring>
#include <numeric>

#include "gis/indicators/expression.hpp"

#include "src/viewer/panels/panels.hpp"

namespace jiuyou::viewer {

namespace {

void layer_combo(AppState& s) {
  const std::string current = s.table_layer.empty() ? std::string("选择图层") : render::layer_title(s.table_layer) + " (" + s.table_layer + ")";
  ImGui::SetNextItemWidth(260);
  if (!ImGui::BeginCombo("图层##table", current.c_str())) return;
  for (const LayerUi& l : s.layers)
    if (ImGui::Selectable((l.title + " (" + l.name + ")##" + l.name).c_str(), l.name == s.table_layer)) {
      s.table_layer = l.name;
      s.table_dirty = true;
    }
  ImGui::EndCombo();
}

// The filtered rows (recomputed when the layer or the filter changed), then ImGui's sort request
// (column 0 is fid, then the table's columns) applied to their order.
void sort_rows(AppState& s, const FeatureTable& t) {
  ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs();
  if (s.table_dirty) {
    s.table_dirty = false;
    auto rows = filter_table_rows(t, s.table_filter);
    s.table_filter_error = rows ? std::string() : rows.error().message;
    s.table_rows = rows ? std::move(*rows) : *filter_table_rows(t, "");
    if (specs) specs->SpecsDirty = true;
  }
  if (!specs || !specs->SpecsDirty || specs->SpecsCount == 0) return;
  const ImGuiTableColumnSortSpecs& spec = specs->Specs[0];
  sort_table_rows(t, spec.ColumnIndex - 1, spec.SortDirection == ImGuiSortDirection_Descending, s.table_rows);
  specs->SpecsDirty = false;
}

// The filter line (applied on Enter), the count and "选中全部".
void filter_bar(AppState& s, const FeatureTable& t) {
  char buf[512];
  std::strncpy(buf, s.table_filter.c_str(), sizeof buf - 1);
  buf[sizeof buf - 1] = '\0';
  ImGui::SetNextItemWidth(360);
  if (ImGui::InputTextWithHint("##filter", "筛选条件, 如 surface = 'gravel' AND width_m < 4", buf, sizeof buf, ImGuiInputTextFlags_EnterReturnsTrue)) {
    s.table_filter = buf;
    s.table_dirty = true;
  }
  remember_item(s, "属性表/筛选");
  if (ImGui::IsItemHovered()) wrapped_tooltip("与规则集相同的条件写法: = <> < > IN (...) BETWEEN LIKE IS NULL AND OR NOT; 回车应用, 清空显示全部。");
  ImGui::SameLine();
  if (ImGui::Button("选中全部") && !s.table_rows.empty()) select_features(s, t.name, s.table_rows);
  remember_item(s, "属性表/选中全部");
  ImGui::SameLine();
  ImGui::TextDisabled("%zu / %zu 行", s.table_rows.size(), t.size());
  if (!s.table_filter_error.empty()) ImGui::TextColored(ImVec4(0.85f, 0.2f, 0.15f, 1), "筛选条件有误: %s", s.table_filter_error.c_str());
}

void table_rows(AppState& s, const FeatureTable& t) {
  ImGuiListClipper clip;
  clip.Begin(static_cast<int>(s.table_rows.size()));
  while (clip.Step())
    for (int k = clip.DisplayStart; k < clip.DisplayEnd; ++k) {
      const uint32_t row = s.table_rows[static_cast<size_t>(k)];
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      const bool selected = s.selection_layer == t.name && std::find(s.selection_rows.begin(), s.selection_rows.end(), row) != s.selection_rows.end();
      const std::string fid = std::to_string(row < t.fid.size() ? t.fid[row] : -1) + "##row" + std::to_string(row);
      if (ImGui::Selectable(fid.c_str(), selected, ImGuiSelectableFlags_SpanAllColumns)) select_feature(s, {t.name, row});
      for (const Column& c : t.columns) {
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(c.is_null(row) ? "" : c.as_text(row).c_str());
      }
    }
}

}  // namespace

Result<std::vector<uint32_t>> filter_table_rows(const FeatureTable& t, const std::string& where) {
  std::vector<uint32_t> rows;
  if (where.find_first_not_of(" \t") == std::string::npos) {
    rows.resize(t.size());
    std::iota(rows.begin(), rows.end(), 0u);
    return rows;
  }
  auto e = indicators::Expression::parse(where);
  if (!e) return tl::unexpected(e.error());
  if (auto b = e->bind(t, true); !b) return tl::unexpected(b.error());
  for (size_t r = 0; r < t.size(); ++r)
    if (e->test(r) == indicators::Truth::yes) rows.push_back(static_cast<uint32_t>(r));
  return rows;
}

void sort_table_rows(const FeatureTable& t, int column, bool descending, std::vector<uint32_t>& rows) {
  const Column* c = column >= 0 && static_cast<size_t>(column) < t.columns.size() ? &t.columns[static_cast<size_t>(column)] : nullptr;
  const bool text = c && c->type() == FieldType::text;
  auto less = [&](uint32_t a, uint32_t b) {
    if (!c) return t.fid[a] < t.fid[b];
    if (c->is_null(a) != c->is_null(b)) return c->is_null(b);  // nulls last
    if (c->is_null(a)) return false;
    if (text) return c->get_text(a) < c->get_text(b);
    return c->number(a).value_or(0) < c->number(b).value_or(0);
  };
  std::stable_sort(rows.begin(), rows.end(), [&](uint32_t a, uint32_t b) { return descending ? less(b, a) : less(a, b); });
}

void draw_table_panel(AppState& s, bool* open) {
  if (!*open) return;
  ImGui::SetNextWindowPos(ImVec2(320, ImGui::GetIO().DisplaySize.y - 330), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(ImVec2(640, 290), ImGuiCond_FirstUseEver);
  if (!ImGui::Begin("属性表 Table", open)) {
    ImGui::End();
    return;
  }
  keep_window_inside();
  layer_combo(s);
  ImGui::SameLine();
  if (ImGui::Button("缩放至所选") && !s.selection_rows.empty()) zoom_to_selection(s);
  remember_item(s, "属性表/缩放至所选");
  const FeatureTable* t = s.table_layer.empty() ? nullptr : s.ws.layer(s.table_layer);
  if (!t) {
    ImGui::TextDisabled("选择一个图层查看其属性表; 点击表头排序, 点击行选中要素。");
    ImGui::End();
    return;
  }
  filter_bar(s, *t);
  const int columns = static_cast<int>(std::min<size_t>(t->columns.size() + 1, 64));  // ImGui 1.86 tables: at most 64 columns
  const ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_ScrollY | ImGuiTableFlags_ScrollX | ImGuiTableFlags_Resizable |
                                ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders;
  if (ImGui::BeginTable("attribute_table", columns, flags)) {
    ImGui::TableSetupScrollFreeze(1, 1);
    ImGui::TableSetupColumn("fid", ImGuiTableColumnFlags_DefaultSort);
    for (int c = 1; c < columns; ++c) ImGui::TableSetupColumn(t->columns[static_cast<size_t>(c - 1)].name().c_str());
    ImGui::TableHeadersRow();
    sort_rows(s, *t);
    table_rows(s, *t);
    ImGui::EndTable();
  }
  ImGui::End();
}

}  // namespace jiuyou::viewer
