#include "src/viewer/plan/plan_view.hpp"

#include <imgui.h>

#include <algorithm>
#include <utility>

#include "gis/io/schema.hpp"
#include "gis/report/labels.hpp"
#include "src/render/plan_overlay.hpp"
#include "src/viewer/panels/panels.hpp"

namespace jiuyou::viewer {
namespace {

const char* const k_plan_strings[] = {
    "投资方案 Plan", "实施年度", "显示到 %d 年（共 %d 年）", "%d 年  %zu 个项目  %s", "合计  %zu 个项目  %s",
    "点击项目或村庄查看详情", "项目名称", "建设内容", "规模", "投资", "实施年度", "受益村", "解决的指标", "方案中没有这个村",
    "各年度项目与投资（至所选年度）", "方案中没有年度", "%d 年", "现已可出列", "年达到出列条件", "方案内不能出列：", "原因未记录",
};

std::string money(double cny) { return report::value_text(cny, report::Unit::yuan); }

void draw_years(AppState& s, PlanView& plan) {
  if (plan.years.empty()) {
    ImGui::TextUnformatted("方案中没有年度");
    return;
  }
  const auto at = std::find(plan.years.begin(), plan.years.end(), plan.until);
  int k = at == plan.years.end() ? static_cast<int>(plan.years.size()) - 1 : static_cast<int>(at - plan.years.begin());
  const std::string label = std::to_string(plan.years[static_cast<size_t>(k)]) + " 年";
  if (ImGui::SliderInt("实施年度", &k, 0, static_cast<int>(plan.years.size()) - 1, label.c_str(), ImGuiSliderFlags_AlwaysClamp))
    set_plan_until(s, plan.years[static_cast<size_t>(k)]);
  remember_item(s, "投资方案/实施年度");
  ImGui::Separator();
  ImGui::TextUnformatted("各年度项目与投资（至所选年度）");
  size_t n = 0;
  double cost = 0;
  for (const YearTotal& t : year_totals(plan, plan.until)) {
    ImGui::BulletText("%d 年  %zu 个项目  %s", t.year, t.projects, money(t.cost_cny).c_str());
    n += t.projects;
    cost += t.cost_cny;
  }
  ImGui::Text("合计  %zu 个项目  %s", n, money(cost).c_str());
}

void field_line(const char* label, const std::string& value) {
  if (value.empty()) return;
  ImGui::TextWrapped("%s：%s", label, value.c_str());
}

void draw_selected(const AppState& s, const PlanView& plan) {
  ImGui::PushTextWrapPos(0.0f);
  if (const PlanProject* p = selected_plan_project(s)) {
    field_line("项目名称", p->name);
    field_line("建设内容", p->content);
    field_line("规模", p->size);
    field_line("投资", money(p->cost_cny));
    field_line("实施年度", p->year > 0 ? std::to_string(p->year) + " 年" : std::string());
    field_line("受益村", p->villages);
    field_line("解决的指标", p->items);
  } else if (const FeatureTable* v = s.villages(); s.selected && v && *s.selected < v->size()) {
    const auto it = plan.villages.find(cell_text(*v, "code", *s.selected));
    ImGui::TextWrapped("%s：%s", cell_text(*v, "name", *s.selected).c_str(),
                       it == plan.villages.end() ? "方案中没有这个村" : village_outcome(it->second).c_str());
  } else {
    ImGui::TextDisabled("点击项目或村庄查看详情");
  }
  ImGui::PopTextWrapPos();
}

}  // namespace

Result<PlanView> open_plan(Workspace& ws, const std::string& invest_gpkg) {
  ASSIGN_OR_RETURN(PlanView plan, read_plan_view(invest_gpkg));
  TRY(render::add_plan_overlay(ws, invest_gpkg));  // adds its layers only when all of them are read
  return plan;
}

void show_plan_view(AppState& s, PlanView plan) {
  s.plan = std::move(plan);
  s.plan->dirty = true;
  s.show_plan = true;
}

void set_plan_until(AppState& s, int until) {
  if (!s.plan || s.plan->until == until) return;
  s.plan->until = until;
  s.plan->dirty = true;
}

void restyle_plan(AppState& s) {
  if (!s.plan || !s.plan->dirty || !s.renderer) return;
  s.plan->dirty = false;
  render::StyleOptions so;
  so.pixel_ratio = s.pixel_ratio;
  for (const LayerUi& l : s.layers) {
    const FeatureTable* t = s.ws.layer(l.name);
    if (!render::is_plan_layer(l.name) || t == nullptr) continue;
    render::LayerStyle st = render::plan_layer_style(*t, so);
    const Column* year = t->column("year");
    for (size_t f = 0; f < t->size() && f < st.colors.size(); ++f) {
      const double y = year && !year->is_null(f) ? year->number(f).value_or(0) : 0;
      if (s.plan->until > 0 && y > s.plan->until) st.colors[f].a = 0;  // a later year: hidden (and not clickable)
    }
    recount_legend(st);
    s.legends[l.name] = st.legend;
    s.renderer->set_style(l.renderer_index, st);
    if (l.renderer_index < s.styles.size()) s.styles[l.renderer_index] = std::move(st);
  }
}

const PlanProject* selected_plan_project(const AppState& s) {
  if (!s.plan || !s.picked || !render::is_plan_layer(s.picked->layer)) return nullptr;
  const FeatureTable* t = s.ws.layer(s.picked->layer);
  const Column* id = t ? t->column("plan_project") : nullptr;
  if (id == nullptr || s.picked->row >= t->size() || id->is_null(s.picked->row)) return nullptr;
  return plan_project(*s.plan, static_cast<int64_t>(id->number(s.picked->row).value_or(0)));
}

void draw_plan_panel(AppState& s, bool* open) {
  if (!s.plan || !*open) return;
  ImGui::SetNextWindowPos(ImVec2(ImGui::GetIO().DisplaySize.x - 370, ImGui::GetIO().DisplaySize.y - 420), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(ImVec2(360, 380), ImGuiCond_FirstUseEver);
  if (!ImGui::Begin("投资方案 Plan", open)) {
    ImGui::End();
    return;
  }
  keep_window_inside();
  draw_years(s, *s.plan);
  ImGui::Separator();
  draw_selected(s, *s.plan);
  ImGui::End();
}

std::span<const char* const> plan_ui_strings() { return k_plan_strings; }

std::vector<std::string> plan_font_strings(const AppState& s) {
  std::vector<std::string> out;
  if (!s.plan) return out;
  for (const PlanProject& p : s.plan->projects)
    for (const std::string* t : {&p.name, &p.content, &p.size, &p.villages, &p.items}) out.push_back(*t);
  for (const auto& [code, v] : s.plan->villages) {
    out.push_back(v.name);
    out.push_back(v.why_not);
  }
  out.emplace_back("万元亿");
  return out;
}

}  // namespace jiuyou::viewer
