#include "src/viewer/years/years_view.hpp"

#include <imgui.h>

#include <algorithm>
#include <utility>

#include "src/render/compare_document.hpp"
#include "src/render/transition_style.hpp"
#include "src/viewer/check/check_in_place.hpp"
#include "src/viewer/panels/panels.hpp"

namespace jiuyou::viewer {

namespace {

constexpr std::string_view k_cause_suffix = "_cause";

const char* const k_years_strings[] = {
    "年度变化 Years", "年份", "比较结果只有一对年份: ", "点击村庄查看变化及原因", "总体: ", "无法打开 ", "各类村数", "未匹配",
};

void colour_by_transition(AppState& s) {
  s.color_by = render::ColorBy::parse("transition");
  s.color_by.item_title = render::pair_title(s.years->pairs[static_cast<size_t>(s.years->shown)]);
  s.style_dirty = true;
}

void draw_counts(const AppState& s) {
  const auto it = s.legends.find("villages");
  if (it == s.legends.end()) return;
  ImGui::TextUnformatted("各类村数");
  for (const render::LegendEntry& e : it->second.entries) ImGui::BulletText("%s  %zu", e.label.c_str(), e.count);
}

void draw_selected(const AppState& s) {
  const FeatureTable* v = s.villages();
  if (!s.selected || v == nullptr || *s.selected >= v->size()) {
    ImGui::TextDisabled("点击村庄查看变化及原因");
    return;
  }
  const uint32_t row = *s.selected;
  ImGui::Text("%s  %s", cell_text(*v, "name", row).c_str(), cell_text(*v, "code_after", row).c_str());
  ImGui::Text("总体: %s", cell_text(*v, "overall_zh", row).c_str());
  ImGui::PushTextWrapPos(0.0f);
  if (const std::string note = cell_text(*v, "match_note", row); !note.empty()) ImGui::TextUnformatted(note.c_str());
  for (const CauseLine& line : village_causes(s, row)) {  // BulletText does not wrap: a bullet, then wrapped text
    ImGui::Bullet();
    ImGui::TextWrapped("%s: %s", line.item.c_str(), line.cause.c_str());
  }
  ImGui::PopTextWrapPos();
}

}  // namespace

std::span<const char* const> years_ui_strings() { return k_years_strings; }

void show_years_view(AppState& s, YearsView view) {
  if (view.pairs.empty()) return;
  view.shown = std::clamp(view.shown, 0, static_cast<int>(view.pairs.size()) - 1);
  s.years = std::move(view);
  s.show_years = true;
  colour_by_transition(s);
}

void run_pending_year(AppState& s) {
  if (!s.years || s.years->pending < 0) return;
  const int k = std::exchange(s.years->pending, -1);
  if (k == s.years->shown || static_cast<size_t>(k) >= s.years->pairs.size()) return;
  io::LoadOptions load;
  if (!s.ws.metric_crs.empty()) load.metric_crs = s.ws.metric_crs;  // the zone shown, so the years line up
  const std::string& pair = s.years->pairs[static_cast<size_t>(k)];
  auto cd = render::open_compare_document(s.years->path, pair, load);
  const std::vector<std::string> notes = cd ? cd->doc.notes : std::vector<std::string>{};  // said once the pair is shown
  auto replaced = cd ? replace_document(s, std::move(cd->doc)) : Result<void>(tl::unexpected(cd.error()));
  if (!replaced) {
    s.message = "无法打开 " + render::pair_title(pair) + ": " + replaced.error().message;
    s.font_dirty = true;
    return;
  }
  s.message.clear();
  for (const std::string& note : notes) s.message += (s.message.empty() ? "" : "  ") + note;
  s.years->shown = k;
  colour_by_transition(s);
}

std::vector<CauseLine> village_causes(const AppState& s, uint32_t row) {
  std::vector<CauseLine> out;
  const FeatureTable* v = s.villages();
  if (v == nullptr || row >= v->size()) return out;
  for (const Column& c : v->columns) {
    const std::string& name = c.name();
    if (name.size() <= k_cause_suffix.size() || name.compare(name.size() - k_cause_suffix.size(), k_cause_suffix.size(), k_cause_suffix) != 0) continue;
    if (c.is_null(row)) continue;
    std::string cause = c.as_text(row);
    if (!cause.empty()) out.push_back({item_name(s, name.substr(0, name.size() - k_cause_suffix.size())), std::move(cause)});
  }
  return out;
}

void draw_years_panel(AppState& s, bool* open) {
  if (!s.years || !*open) return;
  YearsView& y = *s.years;
  ImGui::SetNextWindowPos(ImVec2(10, ImGui::GetIO().DisplaySize.y - 330), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(ImVec2(340, 290), ImGuiCond_FirstUseEver);
  if (!ImGui::Begin("年度变化 Years", open)) {
    ImGui::End();
    return;
  }
  keep_window_inside();
  int k = y.pending >= 0 ? y.pending : y.shown;
  const std::string title = render::pair_title(y.pairs[static_cast<size_t>(k)]);
  if (y.pairs.size() > 1) {
    if (ImGui::SliderInt("年份", &k, 0, static_cast<int>(y.pairs.size()) - 1, title.c_str(), ImGuiSliderFlags_AlwaysClamp)) y.pending = k;
    remember_item(s, "年度变化/年份");
  } else {
    ImGui::Text("比较结果只有一对年份: %s", title.c_str());
  }
  ImGui::Separator();
  draw_counts(s);
  ImGui::Separator();
  draw_selected(s);
  ImGui::End();
}

}  // namespace jiuyou::viewer
