#include <imgui.h>

#include <algorithm>
#include <cstring>

#include "src/viewer/panels/panels.hpp"

namespace jiuyou::viewer {

namespace {

// Items by their Chinese names; the id shows in the tooltip.
bool item_selectable(const AppState& s, const std::string& item, bool selected) {
  const bool clicked = ImGui::Selectable((item_name(s, item) + "##" + item).c_str(), selected);
  if (ImGui::IsItemHovered()) wrapped_tooltip(item.c_str());
  return clicked;
}

void colour_by_combo(AppState& s, const FeatureTable* v) {
  const bool has_verdict = v && v->column("verdict");
  const std::string current = s.color_by.kind == render::ColorBy::Kind::verdict ? "出列评定"
                              : s.color_by.kind == render::ColorBy::Kind::plain ? "单色"
                                                                                 : item_name(s, s.color_by.item);
  ImGui::TextUnformatted("着色");
  ImGui::SetNextItemWidth(-1);
  if (!ImGui::BeginCombo("##colour_by", current.c_str())) return;
  if (has_verdict && ImGui::Selectable("出列评定", s.color_by.kind == render::ColorBy::Kind::verdict)) {
    s.color_by = render::ColorBy::parse("verdict");
    s.style_dirty = true;
  }
  if (ImGui::Selectable("单色", s.color_by.kind == render::ColorBy::Kind::plain)) {
    s.color_by = render::ColorBy::parse("none");
    s.style_dirty = true;
  }
  for (const std::string& item : s.items)
    if (item_selectable(s, item, s.color_by.kind == render::ColorBy::Kind::item && s.color_by.item == item)) {
      s.color_by = render::ColorBy::parse(item);
      s.color_by.item_title = item_name(s, item);
      s.style_dirty = true;
    }
  ImGui::EndCombo();
}

void filter_combos(AppState& s) {
  int f = static_cast<int>(s.filter);
  const char* filters[] = {"全部村庄", "不能出列的", "某项不达标的", "可出列的"};
  ImGui::TextUnformatted("筛选 (地图、标注和图例计数)");
  ImGui::SetNextItemWidth(-1);
  if (ImGui::Combo("##filter", &f, filters, 4)) {
    s.filter = static_cast<VillageFilter>(f);
    s.style_dirty = true;
  }
  if (s.filter != VillageFilter::failing_item || s.items.empty()) return;
  s.filter_item = std::clamp(s.filter_item, 0, static_cast<int>(s.items.size()) - 1);
  ImGui::SetNextItemWidth(-1);
  if (!ImGui::BeginCombo("##filter_item", item_name(s, s.items[static_cast<size_t>(s.filter_item)]).c_str())) return;
  for (size_t k = 0; k < s.items.size(); ++k)
    if (item_selectable(s, s.items[k], static_cast<int>(k) == s.filter_item)) {
      s.filter_item = static_cast<int>(k);
      s.style_dirty = true;
    }
  ImGui::EndCombo();
}

}  // namespace

void draw_search_panel(AppState& s, bool* open) {
  if (!*open) return;
  const FeatureTable* v = s.villages();
  ImGui::SetNextWindowPos(ImVec2(10, 340), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(ImVec2(290, 330), ImGuiCond_FirstUseEver);
  if (!ImGui::Begin("查找与筛选 Search", open)) {
    ImGui::End();
    return;
  }
  keep_window_inside();
  colour_by_combo(s, v);
  filter_combos(s);
  ImGui::Separator();
  // Search.
  char buf[128];
  std::strncpy(buf, s.search.c_str(), sizeof buf - 1);
  buf[sizeof buf - 1] = '\0';
  if (ImGui::InputTextWithHint("##search", "村名或 12 位代码", buf, sizeof buf)) {
    s.search = buf;
    s.search_hits = s.village_search.find(s.search);
  }
  if (v && !s.search.empty()) {
    const std::vector<uint32_t>& hits = s.search_hits;
    ImGui::TextDisabled("%zu 个结果%s", hits.size(), hits.size() >= 200 ? " (仅显示前 200)" : "");
    if (ImGui::BeginChild("hits")) {
      ImGuiListClipper clip;
      clip.Begin(static_cast<int>(hits.size()));
      while (clip.Step())
        for (int k = clip.DisplayStart; k < clip.DisplayEnd; ++k) {
          const uint32_t row = hits[static_cast<size_t>(k)];
          const std::string label = cell_text(*v, "name", row) + "  " + cell_text(*v, "code", row) + "##" + std::to_string(row);
          if (ImGui::Selectable(label.c_str(), s.selected && *s.selected == row)) select_village(s, row, true);
        }
    }
    ImGui::EndChild();
  }
  ImGui::End();
}

}  // namespace jiuyou::viewer
