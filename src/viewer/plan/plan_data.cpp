#include "src/viewer/plan/plan_data.hpp"

#include <algorithm>
#include <cmath>

#include "gis/io/load.hpp"
#include "gis/model/feature_table.hpp"

namespace jiuyou::viewer {
namespace {

constexpr const char* k_hint = "--plan takes the invest.gpkg that jiuyou invest wrote (its tables plan_projects and plan_villages)";

Result<FeatureTable> read_table(const std::string& path, const char* table, std::initializer_list<const char*> needed) {
  io::LayerSpec spec;
  spec.name = table;
  spec.path = path;
  spec.layer = table;
  spec.vocabulary = "none";  // the plan's own words, as written
  IssueLog log;
  auto t = io::read_layer(spec, log);
  if (!t) {
    if (t.error().code == ErrorCode::io) return error(ErrorCode::io, t.error().message).file(path).hint(k_hint);  // not the project's path hint
    return error(ErrorCode::format, "not an investment plan: no readable table " + std::string(table)).file(path).layer(table).hint(k_hint);
  }
  for (const char* c : needed)
    if (t->column(c) == nullptr) return error(ErrorCode::format, "the plan's table lacks a column").file(path).layer(table).field(c).hint(k_hint);
  return t;
}

std::string text(const FeatureTable& t, const char* col, size_t row) {
  const Column* c = t.column(col);
  return c == nullptr || c->is_null(row) ? std::string() : c->as_text(row);
}

int year_of(const FeatureTable& t, const char* col, size_t row) {
  const Column* c = t.column(col);
  const std::optional<double> y = c == nullptr || c->is_null(row) ? std::nullopt : c->number(row);
  return y && std::isfinite(*y) ? static_cast<int>(*y) : 0;
}

std::vector<PlanProject> projects_of(const FeatureTable& t) {
  std::vector<PlanProject> out;
  const Column* cost = t.column("cost_cny");
  for (size_t r = 0; r < t.size(); ++r) {
    PlanProject p;
    p.id = t.fid[r];
    p.kind = text(t, "kind", r);
    p.name = text(t, "name", r);
    p.content = text(t, "content", r);  // written since the viewer shows it; older files: empty
    p.size = text(t, "size", r);
    p.villages = text(t, "villages", r);
    p.items = text(t, "items", r);
    p.cost_cny = cost->is_null(r) ? 0 : cost->number(r).value_or(0);
    p.year = year_of(t, "year", r);
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace

Result<PlanView> read_plan_view(const std::string& invest_gpkg) {
  ASSIGN_OR_RETURN(const FeatureTable projects, read_table(invest_gpkg, "plan_projects", {"name", "cost_cny", "year"}));
  ASSIGN_OR_RETURN(const FeatureTable villages, read_table(invest_gpkg, "plan_villages", {"code", "exit_year"}));
  PlanView plan;
  plan.path = invest_gpkg;
  plan.projects = projects_of(projects);
  for (size_t r = 0; r < villages.size(); ++r) {
    const std::string code = text(villages, "code", r);
    if (code.empty()) continue;
    plan.villages[code] = {text(villages, "name", r), text(villages, "status", r), text(villages, "why_not", r), year_of(villages, "exit_year", r)};
  }
  for (const PlanProject& p : plan.projects)
    if (p.year > 0) plan.years.push_back(p.year);
  std::sort(plan.years.begin(), plan.years.end());
  plan.years.erase(std::unique(plan.years.begin(), plan.years.end()), plan.years.end());
  plan.until = plan.years.empty() ? 0 : plan.years.back();
  return plan;
}

std::vector<YearTotal> year_totals(const PlanView& plan, int until) {
  std::vector<YearTotal> out;
  for (const int y : plan.years)
    if (until == 0 || y <= until) out.push_back({y, 0, 0});
  for (const PlanProject& p : plan.projects) {
    const auto it = std::find_if(out.begin(), out.end(), [&](const YearTotal& t) { return t.year == p.year; });
    if (it == out.end()) continue;
    ++it->projects;
    it->cost_cny += p.cost_cny;
  }
  return out;
}

const PlanProject* plan_project(const PlanView& plan, int64_t id) {
  const auto it = std::find_if(plan.projects.begin(), plan.projects.end(), [&](const PlanProject& p) { return p.id == id; });
  return it == plan.projects.end() ? nullptr : &*it;
}

std::string village_outcome(const PlanVillage& v) {
  if (v.status == "已达标") return "现已可出列";  // its exit_year is the plan's first year
  if (v.exit_year > 0) return std::to_string(v.exit_year) + " 年达到出列条件";
  return "方案内不能出列：" + (v.why_not.empty() ? std::string("原因未记录") : v.why_not);
}

}  // namespace jiuyou::viewer
