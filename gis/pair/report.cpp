#include "gis/pair/report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <sstream>

#include "gis/io/write.hpp"
#include "gis/pair/planner.hpp"
#include "gis/report/html_page.hpp"
#include "gis/report/labels.hpp"
#include "gis/report/workbook.hpp"
#include "gis/util/atomic_file.hpp"
#include "gis/util/text.hpp"

namespace jiuyou::pair {
namespace {

using util::fixed;
using report::html_escape;
using report::Sheet;
using report::Style;
using report::td;
using report::td_num;

bool given(double v) { return !std::isnan(v); }

std::string label(const Unit& u) { return u.name.empty() ? u.code : u.name + " (" + u.code + ")"; }

const char* status_zh(LinkStatus s) {
  switch (s) {
    case LinkStatus::existing: return "现有";
    case LinkStatus::suggested: return "建议";
    case LinkStatus::dropped: return "建议调整";
  }
  return "";
}



void push_real_or_null(Column& c, double v) {
  if (given(v)) {
    c.push_real(v);
  } else {
    c.push_null();
  }
}

}  // namespace

PlanSummary summarise_plan(const PairProblem& problem, const PairPlan& plan, const PairParams& params) {
  PlanSummary s;
  std::map<uint32_t, size_t> helper_row, helped_row;
  for (uint32_t i = 0; i < problem.units.size(); ++i) {
    const Unit& u = problem.units[i];
    if (u.role == Role::helper) {
      helper_row[i] = s.helpers.size();
      HelperSummary h;
      h.unit = i;
      h.capacity = helper_capacity(u, params);
      s.helpers.push_back(h);
    } else {
      helped_row[i] = s.helped.size();
      HelpedSummary r;
      r.unit = i;
      s.helped.push_back(r);
    }
  }
  for (const Link& l : plan.links) {
    if (l.status == LinkStatus::dropped) continue;
    auto& h = s.helpers[helper_row.at(l.helper)];
    auto& r = s.helped[helped_row.at(l.helped)];
    ++h.partners;
    ++r.helpers;
    if (given(l.funds_cny_per_year)) {
      h.committed_cny_per_year += l.funds_cny_per_year;
      r.received_cny_per_year += l.funds_cny_per_year;
    }
    h.partner_names += (h.partner_names.empty() ? "" : "、") + label(problem.units[l.helped]);
    r.helper_names += (r.helper_names.empty() ? "" : "、") + label(problem.units[l.helper]);
  }
  for (const LeftOut& lo : plan.left_out) s.helped[helped_row.at(lo.helped)].left_out_reason = lo.reason;
  // A unit with partners none of whose funds are known gets no "0": the figure is unknown, not nothing.
  std::map<uint32_t, bool> known;
  for (const Link& l : plan.links)
    if (l.status != LinkStatus::dropped && given(l.funds_cny_per_year)) known[l.helper] = known[l.helped] = true;
  const double unknown = std::numeric_limits<double>::quiet_NaN();
  for (auto& h : s.helpers)
    if (h.partners > 0 && !known[h.unit]) h.committed_cny_per_year = unknown;
  for (auto& r : s.helped)
    if (r.helpers > 0 && !known[r.unit]) r.received_cny_per_year = unknown;
  return s;
}

FeatureTable links_table(const PairProblem& problem, const PairPlan& plan) {
  FeatureTable t;
  t.name = "links";
  t.source = problem.source;
  t.crs = problem.crs;
  t.geometry.kind = GeometryKind::line;
  t.columns.reserve(12);  // the references below stay valid
  auto& helper_code = t.add_column("helper_code", FieldType::text);
  auto& helper_name = t.add_column("helper_name", FieldType::text);
  auto& helped_code = t.add_column("helped_code", FieldType::text);
  auto& helped_name = t.add_column("helped_name", FieldType::text);
  auto& status = t.add_column("status", FieldType::text);
  auto& existing = t.add_column("existing", FieldType::integer);
  auto& funds = t.add_column("funds_cny_per_year", FieldType::real);
  auto& distance = t.add_column("distance_km", FieldType::real);
  auto& cost_distance = t.add_column("cost_distance", FieldType::real);
  auto& cost_mismatch = t.add_column("cost_mismatch", FieldType::real);
  auto& cost_total = t.add_column("cost_total", FieldType::real);
  auto& row = t.add_column("pairs_row", FieldType::integer);
  for (size_t i = 0; i < plan.links.size(); ++i) {
    const Link& l = plan.links[i];
    const Unit& h = problem.units[l.helper];
    const Unit& r = problem.units[l.helped];
    t.fid.push_back(static_cast<int64_t>(i) + 1);
    t.geometry.add_vertex(h.position.x, h.position.y);
    t.geometry.add_vertex(r.position.x, r.position.y);
    t.geometry.close_ring();
    t.geometry.close_part();
    t.geometry.close_feature();
    helper_code.push_text(h.code);
    helper_name.push_text(h.name);
    helped_code.push_text(r.code);
    helped_name.push_text(r.name);
    status.push_text(to_string(l.status));
    existing.push_int(l.status == LinkStatus::suggested ? 0 : 1);
    push_real_or_null(funds, l.funds_cny_per_year);
    distance.push_real(l.distance_m / 1000.0);
    cost_distance.push_real(static_cast<double>(l.cost_distance) / cost_units_per_km);
    cost_mismatch.push_real(static_cast<double>(l.cost_mismatch) / cost_units_per_km);
    cost_total.push_real(static_cast<double>(l.cost_total()) / cost_units_per_km);
    if (l.existing_row >= 0) {
      row.push_int(l.existing_row);
    } else {
      row.push_null();
    }
  }
  return t;
}

FeatureTable units_table(const PairProblem& problem, const PairPlan& plan, const PairParams& params) {
  const PlanSummary s = summarise_plan(problem, plan, params);
  FeatureTable t;
  t.name = "units";
  t.source = problem.source;
  t.crs = problem.crs;
  t.geometry.kind = GeometryKind::point;
  t.columns.reserve(14);  // the references below stay valid
  auto& code = t.add_column("code", FieldType::text);
  auto& name = t.add_column("name", FieldType::text);
  auto& role = t.add_column("role", FieldType::text);
  auto& partners = t.add_column("partners", FieldType::integer);
  auto& capacity = t.add_column("capacity", FieldType::integer);
  auto& funds = t.add_column("funds_cny_per_year", FieldType::real);
  auto& flow = t.add_column("pair_funds_cny_per_year", FieldType::real);
  auto& poor = t.add_column("poor_population", FieldType::real);
  auto& gap = t.add_column("gap_cost_cny", FieldType::real);
  auto& shortfall = t.add_column("income_shortfall_cny", FieldType::real);
  auto& need = t.add_column("need_cny_per_year", FieldType::real);
  auto& missing = t.add_column("funds_missing_cny", FieldType::real);
  auto& left_out = t.add_column("left_out", FieldType::boolean);
  auto& reason = t.add_column("reason", FieldType::text);
  std::vector<double> funds_missing(problem.units.size(), 0.0);
  for (const LeftOut& lo : plan.left_out) funds_missing[lo.helped] = lo.funds_missing_cny;
  const bool funds_mode = !plan.funds_need_cny.empty();
  size_t hi = 0, ri = 0;
  for (uint32_t i = 0; i < problem.units.size(); ++i) {
    const Unit& u = problem.units[i];
    t.fid.push_back(i + 1);
    t.geometry.add_point_feature(u.position.x, u.position.y);
    code.push_text(u.code);
    name.push_text(u.name);
    role.push_text(to_string(u.role));
    push_real_or_null(funds, u.funds_cny_per_year);
    push_real_or_null(poor, u.poor_population);
    push_real_or_null(gap, u.gap_cost_cny);
    push_real_or_null(shortfall, u.income_shortfall_cny);
    if (funds_mode && u.role == Role::helped) {
      push_real_or_null(need, plan.funds_need_cny[i]);
      missing.push_real(funds_missing[i]);
    } else {
      push_real_or_null(need, u.need_cny_per_year);
      missing.push_null();
    }
    if (u.role == Role::helper) {
      const auto& h = s.helpers[hi++];
      partners.push_int(h.partners);
      capacity.push_int(h.capacity);
      push_real_or_null(flow, h.committed_cny_per_year);
      left_out.push_bool(false);
      reason.push_null();
    } else {
      const auto& r = s.helped[ri++];
      partners.push_int(r.helpers);
      capacity.push_null();
      push_real_or_null(flow, r.received_cny_per_year);
      left_out.push_bool(!r.left_out_reason.empty());
      if (r.left_out_reason.empty()) {
        reason.push_null();
      } else {
        reason.push_text(r.left_out_reason);
      }
    }
  }
  return t;
}


namespace {

std::string wan(double cny) { return report::value_text(cny, report::Unit::yuan); }

// Where a helped unit's funds need comes from (funds mode), as funds_needs takes it.
const char* need_basis_zh(const Unit& u) {
  if (given(u.need_cny_per_year)) return "所填";
  const bool income = given(u.income_shortfall_cny), gap = given(u.gap_cost_cny);
  if (income && gap) return "集体收入缺口＋基础设施缺口";
  if (income) return "集体收入缺口";
  if (gap) return "基础设施缺口";
  return "估算：按需要指数分摊";
}

// How the units' figures were derived (PairProblem::basis_zh) and, in funds mode, how the needs nobody stated were
// estimated: the page and the workbook say each estimate is one.
std::vector<std::string> basis_lines(const PairProblem& problem, const PairParams& params) {
  std::vector<std::string> out = problem.basis_zh;
  if (params.mode != PairMode::funds) return out;
  const bool estimated = std::any_of(problem.units.begin(), problem.units.end(), [](const Unit& u) {
    return u.role == Role::helped && !given(u.need_cny_per_year) && !given(u.income_shortfall_cny) && !given(u.gap_cost_cny);
  });
  if (estimated)
    out.push_back("没有写明资金需要（也没有集体收入缺口、基础设施缺口）的受扶方，其需要是估算值：有受扶方写明需要时，按写明需要的平均数乘以需要指数；"
                  "都没有写明时，把帮扶方可出资的总额按需要指数（贫困人口等，没有这些数字时均分）分给各受扶方，现有结对上写明的资金不少于其分得的数。");
  return out;
}

bool any_unit(const PairProblem& problem, Role role, double Unit::*field) {
  return std::any_of(problem.units.begin(), problem.units.end(), [&](const Unit& u) { return u.role == role && given(u.*field); });
}

std::string funds_text(const Unit& u) {
  return given(u.funds_cny_per_year) ? wan(u.funds_cny_per_year) + (u.funds_estimated ? "（估算）" : "") : "—";
}

std::string wan_or_dash(double cny) { return given(cny) ? wan(cny) : "—"; }

std::string incidence_text(const Unit& u) {
  return given(u.poor_population) && given(u.population) && u.population > 0 ? fixed(u.poor_population / u.population * 100, 1) + "%" : "—";
}


const char* mode_zh(PairMode m) {
  switch (m) {
    case PairMode::one_to_one: return "一对一结对";
    case PairMode::capacitated: return "按帮扶能力一帮多";
    case PairMode::funds: return "按资金调度";
  }
  return "";
}

// Partners, or funds (in funds units) as 万元 a year.
std::string amount_zh(int64_t n, bool funds, const PairParams& params) {
  return funds ? wan(static_cast<double>(n) * params.funds_unit_cny) + "/年" : std::to_string(n) + " 对";
}

std::string solver_zh(const std::string& solver) {
  if (solver.find("assignment") != std::string::npos) return "最优指派（一对一，总成本最低）";
  if (solver.find("NetworkSimplex") != std::string::npos || solver.find("flow") != std::string::npos) return "最小费用流（总成本最低）";
  return "最优化计算";
}

size_t count_links(const PairPlan& plan, LinkStatus s) {
  return static_cast<size_t>(std::count_if(plan.links.begin(), plan.links.end(), [&](const Link& l) { return l.status == s; }));
}

// One row per helped unit: its Chinese reason when it is short.
std::vector<std::string> reasons_zh(const PairProblem& problem, const PairPlan& plan, const PairParams& params) {
  std::vector<std::string> why(problem.units.size());
  for (const LeftOut& lo : plan.left_out) why[lo.helped] = left_out_reason_zh(problem, lo, params);
  return why;
}

}  // namespace

std::string left_out_reason_zh(const PairProblem& problem, const LeftOut& lo, const PairParams& params) {
  const bool funds = params.mode == PairMode::funds;
  std::string s = funds ? "每年尚缺 " + wan(lo.funds_missing_cny) : "还缺 " + std::to_string(lo.partners_missing) + " 个帮扶方";
  const std::string who = lo.candidate_helper >= 0 ? label(problem.units[static_cast<size_t>(lo.candidate_helper)]) : std::string();
  const std::string km = std::isfinite(lo.candidate_km) ? util::fixed(lo.candidate_km, 1) + " km" : std::string("—");
  switch (lo.cause) {
    case LeftOutCause::no_helper_in_reach:
      return s + (params.max_distance_km > 0 ? "：" + util::fixed(params.max_distance_km, 0) + " km 内没有还有余力的帮扶方"
                                             : "：现有结对之后，已没有还有余力的帮扶方");
    case LeftOutCause::helpers_full:
      return s + "：可选的 " + std::to_string(lo.candidates) + " 个帮扶方都已" + (funds ? "没有余钱" : "结满") + "（最近的是" + who + "，相距 " + km + "）";
    case LeftOutCause::too_costly:
      return s + "：最合适的空闲帮扶方" + who + "相距 " + km + "，结对成本高于“不结对”的代价，可调低距离权重或调高未结对代价";
  }
  return s;
}

namespace {

// Funds mode: the helped units' needs as stated and, where whole funds units make it more, as planned.
std::string need_total_zh(const PairProblem& problem, const PairPlan& plan, const PairParams& params) {
  double stated = 0;
  for (uint32_t i = 0; i < problem.units.size() && i < plan.funds_need_cny.size(); ++i)
    if (problem.units[i].role == Role::helped && given(plan.funds_need_cny[i])) stated += plan.funds_need_cny[i];
  const double planned = plan.demand_cny;
  std::string s = wan(stated) + "/年";
  if (std::abs(planned - stated) >= 0.5) s += "，按 " + wan(params.funds_unit_cny) + " 取整计 " + wan(planned) + "/年";
  return s;
}

// Funds mode: the helpers' funds as stated and, where whole funds units make it less, as dispatched — so that the
// headline and the 帮扶方 sheet's 年度资金 column agree (tour 11 K24: 11347 said, 11360 in the column).
std::string capacity_total_zh(const PairProblem& problem, const PairPlan& plan, const PairParams& params) {
  double stated = 0;
  for (const Unit& u : problem.units)
    if (u.role == Role::helper && given(u.funds_cny_per_year)) stated += u.funds_cny_per_year;
  const double dispatched = plan.capacity_cny;
  if (std::abs(dispatched - stated) < 0.5) return wan(dispatched) + "/年";
  return wan(stated) + "/年，按 " + wan(params.funds_unit_cny) + " 整单位调度 " + wan(dispatched) + "/年";
}

// Funds mode, pairs kept: the money the kept pairs state (outside the plan's flow), and the kept pairs that carry
// nothing (their helper's money went to cheaper units): "（另有现有结对写明的 2000 万元/年；现有结对中 7 对…）".
// Re-planning: the kept pairs' money is part of the flow, so nothing is added.
std::string kept_pairs_funds_zh(const PairProblem& problem, const PairPlan& plan, const PairParams& params) {
  if (params.replan) return {};
  double stated = 0;
  for (const auto& e : problem.existing)
    if (given(e.funds_cny_per_year)) stated += e.funds_cny_per_year;
  const auto without = std::count_if(plan.links.begin(), plan.links.end(), [](const Link& l) {
    return l.status == LinkStatus::existing && !(given(l.funds_cny_per_year) && l.funds_cny_per_year > 0);
  });
  std::string s;
  if (stated > 0) s += "另有现有结对写明的 " + wan(stated) + "/年";
  if (without > 0)
    s += (s.empty() ? "" : "；") + std::string("现有结对中 ") + std::to_string(without) +
         " 对没有写明资金，本方案也没有经它们调度资金（其帮扶方的资金调往了成本更低的受扶方；如需保留这些结对的资金，请在现有结对表中写明）";
  return s.empty() ? s : "（" + s + "）";
}

// Re-planning (partner modes): what the standing pairs cost against what the plan's pairs cost, on one scale.
std::string replan_gain_zh(const PairPlan& plan) {
  int64_t before = 0, after = 0;
  size_t n_before = 0, n_after = 0;
  for (const Link& l : plan.links) {
    if (l.existing_row >= 0) {
      before += l.cost_total();
      ++n_before;
    }
    if (l.status != LinkStatus::dropped) {
      after += l.cost_total();
      ++n_after;
    }
  }
  if (n_before == 0) return {};
  const double b = static_cast<double>(before) / cost_units_per_km, a = static_cast<double>(after) / cost_units_per_km;
  std::string s = "现有 " + std::to_string(n_before) + " 对结对的成本合计 " + fixed(b, 1) + "（折合公里），方案 " + std::to_string(n_after) +
                  " 对合计 " + fixed(a, 1);
  if (b > 0) s += std::string(a <= b ? "，降低 " : "，增加 ") + fixed(std::abs(b - a) / b * 100, 1) + "%";
  return s + "。";
}

}  // namespace

std::string plan_summary_zh(const PairProblem& problem, const PairPlan& plan, const PairParams& params) {
  const bool funds = params.mode == PairMode::funds;
  const size_t helpers = static_cast<size_t>(std::count_if(problem.units.begin(), problem.units.end(), [](const Unit& u) { return u.role == Role::helper; }));
  std::string s = "帮扶方 " + std::to_string(helpers) + " 个（" + (funds ? "可出资 " + capacity_total_zh(problem, plan, params) : "可结对 " + amount_zh(plan.capacity_total, false, params)) +
                  "），受扶方 " + std::to_string(problem.units.size() - helpers) + " 个（" +
                  (funds ? "需要 " + need_total_zh(problem, plan, params) : "需结对 " + amount_zh(plan.demand_total, false, params)) + "）。方式：" + mode_zh(params.mode) + (params.replan ? "，现有结对重新规划" : "，现有结对保留") +
                  "。结果：现有结对 " + std::to_string(count_links(plan, LinkStatus::existing)) + " 对，建议新增 " +
                  std::to_string(count_links(plan, LinkStatus::suggested)) + " 对";
  if (params.replan) s += "，建议调整的现有结对 " + std::to_string(count_links(plan, LinkStatus::dropped)) + " 对";
  s += "。";
  if (params.replan && !funds) s += replan_gain_zh(plan);
  if (funds) s += "方案每年调度资金 " + amount_zh(plan.moved_total, true, params) + kept_pairs_funds_zh(problem, plan, params) + "。";
  if (plan.left_out.empty()) return s + (funds ? "所有受扶方的资金需要都已满足。" : "所有受扶方都有了帮扶方。");
  s += std::to_string(plan.left_out.size()) + " 个受扶方" + (funds ? "资金不足" : "未能结对");
  if (funds && plan.capacity_cny + 0.5 < plan.demand_cny) return s + "：帮扶能力总量不足，差 " + wan(plan.demand_cny - plan.capacity_cny) + "/年。";
  if (!funds && plan.capacity_total < plan.demand_total)
    return s + "：帮扶能力总量不足，差 " + amount_zh(plan.demand_total - plan.capacity_total, funds, params) + "。";
  return s + "：帮扶能力总量够，缺口来自距离或成本，原因见“受扶方”表。";
}

namespace {

// A 万元 cell holding the value rounded as its two decimals show it (tour 11 K29: 99.3237 behind "99.32"),
// as docs/pairing.md promises; a share likewise to the 0.1 % its cell shows.
void money_cell(Sheet& sh, uint32_t r, uint16_t c, double cny) {
  if (std::isfinite(cny)) sh.number(r, c, std::round(cny / 100.0) / 100.0, Style::money_wan);
}
double share_as_shown(double v) { return std::round(v * 1000.0) / 1000.0; }

void helpers_sheet(report::Workbook& wb, const PairProblem& problem, const PairParams& params, const PlanSummary& s) {
  Sheet sh = wb.add_sheet("帮扶方");
  sh.header(0, {"代码", "名称", "结对数", "可结对数", "年度资金（万元）", "结对资金（万元/年）", "结对对象", "人均收入（元）", "年度资金依据"});
  uint32_t r = 1;
  for (const auto& h : s.helpers) {
    const Unit& u = problem.units[h.unit];
    sh.text(r, 0, u.code);
    sh.text(r, 1, u.name);
    sh.number(r, 2, h.partners, Style::count);
    if (params.mode == PairMode::funds) {
      sh.text(r, 3, "不限（按资金）");
    } else {
      sh.number(r, 3, h.capacity, Style::count);
    }
    money_cell(sh, r, 4, u.funds_cny_per_year);
    money_cell(sh, r, 5, h.committed_cny_per_year);
    sh.text(r, 6, h.partner_names);
    sh.number(r, 7, u.income_per_capita_cny, Style::count);
    sh.text(r++, 8, !given(u.funds_cny_per_year) ? "未填" : u.funds_estimated ? "估算（见“说明”）" : "所填");
  }
  sh.column_width(0, 1, 12);
  sh.column_width(2, 5, 14);
  sh.column_width(6, 6, 48);
  sh.column_width(7, 8, 16);
}

void helped_sheet(report::Workbook& wb, const PairProblem& problem, const PairPlan& plan, const PairParams& params, const PlanSummary& s) {
  Sheet sh = wb.add_sheet("受扶方");
  sh.header(0, {"代码", "名称", "帮扶方数", "获得资金（万元/年）", "贫困人口", "基础设施缺口（万元）", "集体收入缺口（万元）", "帮扶方", "未结对原因",
                "资金需要（万元/年）", "需要的依据", "贫困发生率"});
  const bool funds = params.mode == PairMode::funds;
  const auto why = reasons_zh(problem, plan, params);
  uint32_t r = 1;
  for (const auto& h : s.helped) {
    const Unit& u = problem.units[h.unit];
    sh.text(r, 0, u.code);
    sh.text(r, 1, u.name);
    sh.number(r, 2, h.helpers, Style::count);
    money_cell(sh, r, 3, h.received_cny_per_year);
    sh.number(r, 4, u.poor_population, Style::count);
    money_cell(sh, r, 5, u.gap_cost_cny);
    money_cell(sh, r, 6, u.income_shortfall_cny);
    sh.text(r, 7, h.helper_names);
    sh.text(r, 8, why[h.unit], Style::wrap);
    if (funds) {
      money_cell(sh, r, 9, plan.funds_need_cny[h.unit]);
      sh.text(r, 10, need_basis_zh(u));
    }
    if (given(u.population) && u.population > 0 && given(u.poor_population)) sh.number(r, 11, share_as_shown(u.poor_population / u.population), Style::percent);
    ++r;
  }
  sh.column_width(0, 1, 12);
  sh.column_width(2, 6, 16);
  sh.column_width(7, 7, 36);
  sh.column_width(8, 8, 60);
  sh.column_width(9, 11, 16);
}

void links_sheet(report::Workbook& wb, const PairProblem& problem, const PairPlan& plan) {
  Sheet sh = wb.add_sheet("结对明细");
  sh.header(0, {"帮扶方代码", "帮扶方", "受扶方代码", "受扶方", "状态", "距离（km）", "资金（万元/年）", "距离成本", "匹配成本", "总成本（折合公里）"});
  uint32_t r = 1;
  for (const Link& l : plan.links) {
    const Unit& h = problem.units[l.helper];
    const Unit& u = problem.units[l.helped];
    sh.text(r, 0, h.code);
    sh.text(r, 1, h.name);
    sh.text(r, 2, u.code);
    sh.text(r, 3, u.name);
    sh.text(r, 4, status_zh(l.status));
    sh.number(r, 5, l.distance_m / 1000.0, Style::number1);
    money_cell(sh, r, 6, l.funds_cny_per_year);
    sh.number(r, 7, static_cast<double>(l.cost_distance) / cost_units_per_km, Style::number1);
    sh.number(r, 8, static_cast<double>(l.cost_mismatch) / cost_units_per_km, Style::number1);
    sh.number(r++, 9, static_cast<double>(l.cost_total()) / cost_units_per_km, Style::number1);
  }
  sh.column_width(0, 9, 13);
}

void notes_sheet(report::Workbook& wb, const PairProblem& problem, const PairPlan& plan, const PairParams& params) {
  Sheet sh = wb.add_sheet("说明");
  const std::pair<std::string, std::string> lines[] = {
      {"概要", plan_summary_zh(problem, plan, params)},
      {"计算方法", solver_zh(plan.solver)},
      {"结对方式", mode_zh(params.mode)},
      {"距离权重", util::fixed(params.distance_weight, 3) + "（每公里）"},
      {"匹配权重", util::fixed(params.mismatch_weight, 3) + "（需要与能力不匹配时的成本）"},
      {"未结对的代价", util::fixed(params.unmet_penalty, 0) + "（折合公里）"},
      {"总成本", util::fixed(static_cast<double>(plan.total_cost) / cost_units_per_km, 1) + "（折合公里；距离和不匹配都折算成公里）"},
  };
  uint32_t r = 0;
  for (const auto& [k, v] : lines) {
    sh.text(r, 0, k, Style::header);
    sh.text(r++, 1, v, Style::wrap);
  }
  for (const auto& line : basis_lines(problem, params)) {
    sh.text(r, 0, "数据来源与估算", Style::header);
    sh.text(r++, 1, line, Style::wrap);
  }
  sh.column_width(0, 0, 18);
  sh.column_width(1, 1, 100);
}

}  // namespace

Result<void> write_pairs_xlsx(const std::string& path, const PairProblem& problem, const PairPlan& plan, const PairParams& params) {
  const PlanSummary s = summarise_plan(problem, plan, params);
  auto wb = report::Workbook::create(path);
  if (!wb) return tl::unexpected(wb.error());
  helpers_sheet(*wb, problem, params, s);
  helped_sheet(*wb, problem, plan, params, s);
  links_sheet(*wb, problem, plan);
  notes_sheet(*wb, problem, plan, params);
  return wb->close();
}

namespace {

// Positions scaled into an SVG box (lon scaled by cos(lat) so shapes are right).
void pairs_map(std::ostringstream& o, const PairProblem& problem, const PairPlan& plan) {
  BBox box;
  for (const Unit& u : problem.units) box.expand(u.position.x, u.position.y);
  if (box.empty()) return;
  const double kx = problem.geographic ? std::cos((box.min_y + box.max_y) / 2 * M_PI / 180.0) : 1.0;
  const double w = std::max(box.width() * kx, 1e-9), h = std::max(box.height(), 1e-9);
  const double size = 640, pad = 40;
  const double scale = (size - 2 * pad) / std::max(w, h);
  auto sx = [&](double x) { return util::fixed(pad + (x - box.min_x) * kx * scale, 1); };
  auto sy = [&](double y) { return util::fixed(pad + (box.max_y - y) * scale, 1); };
  o << "<h2>示意图</h2>\n<div class=map><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " << util::fixed(2 * pad + w * scale, 0) << " "
    << util::fixed(2 * pad + h * scale, 0) << "\" style=\"width:100%;max-height:150mm;border:1px solid #ccc;background:#fbfbf8\">\n";
  for (const Link& l : plan.links) {
    const Vec2 a = problem.units[l.helper].position, b = problem.units[l.helped].position;
    const char* style = l.status == LinkStatus::existing    ? "stroke=\"#1f4e79\" stroke-width=\"2\""
                        : l.status == LinkStatus::suggested ? "stroke=\"#c55a11\" stroke-width=\"2\" stroke-dasharray=\"6 3\""
                                                            : "stroke=\"#999\" stroke-width=\"1\" stroke-dasharray=\"2 3\"";
    o << "<line x1=\"" << sx(a.x) << "\" y1=\"" << sy(a.y) << "\" x2=\"" << sx(b.x) << "\" y2=\"" << sy(b.y) << "\" " << style << "/>\n";
  }
  std::vector<bool> out(problem.units.size(), false);
  for (const LeftOut& lo : plan.left_out) out[lo.helped] = true;
  const bool labels = problem.units.size() <= 200;
  for (uint32_t i = 0; i < problem.units.size(); ++i) {
    const Unit& u = problem.units[i];
    const char* fill = u.role == Role::helper ? "#2e75b6" : out[i] ? "#ff0000" : "#70ad47";
    o << "<circle cx=\"" << sx(u.position.x) << "\" cy=\"" << sy(u.position.y) << "\" r=\"4\" fill=\"" << fill << "\"/>\n";
    if (labels)
      o << "<text x=\"" << util::fixed(pad + (u.position.x - box.min_x) * kx * scale + 6, 1) << "\" y=\""
        << util::fixed(pad + (box.max_y - u.position.y) * scale + 4, 1) << "\" font-size=\"11\">" << html_escape(u.name.empty() ? u.code : u.name)
        << "</text>\n";
  }
  o << "</svg></div>\n<p class=legend><span><i class=sw style=\"background:#2e75b6\"></i>帮扶方</span><span><i class=sw style=\"background:#70ad47\"></i>"
       "受扶方</span><span><i class=sw style=\"background:#ff0000\"></i>未结对的受扶方</span><span>实线：现有结对</span><span>橙色虚线：建议新增</span>"
       "<span>灰色点线：建议调整的现有结对</span></p>\n";
}

void helpers_table(std::ostringstream& o, const PairProblem& problem, const PairParams& params, const PlanSummary& s) {
  const bool funds = params.mode == PairMode::funds;
  const bool income = any_unit(problem, Role::helper, &Unit::income_per_capita_cny);
  std::vector<std::string> head{"名称", funds ? "结对数" : "结对数 / 可结对数"};
  if (income) head.emplace_back("人均收入");
  head.insert(head.end(), {"年度资金", "结对资金（每年）", "结对对象"});
  o << "<h2>帮扶方</h2>\n<table>" << report::table_head(head);
  for (const auto& h : s.helpers) {
    const Unit& u = problem.units[h.unit];
    o << "<tr>" << td(label(u)) << td_num(funds ? std::to_string(h.partners) : std::to_string(h.partners) + " / " + std::to_string(h.capacity));
    if (income) o << td_num(given(u.income_per_capita_cny) ? fixed(u.income_per_capita_cny, 0) + " 元" : "—");
    o << td_num(funds_text(u)) << td_num(wan_or_dash(h.committed_cny_per_year)) << td(h.partner_names) << "</tr>\n";
  }
  o << "</table>\n";
}

void helped_table(std::ostringstream& o, const PairProblem& problem, const PairPlan& plan, const PairParams& params, const PlanSummary& s) {
  const bool funds = params.mode == PairMode::funds;
  const bool incidence = any_unit(problem, Role::helped, &Unit::population);
  std::vector<std::string> head{"名称", "帮扶方数"};
  if (funds) head.insert(head.end(), {"资金需要（每年）", "需要的依据"});
  head.insert(head.end(), {"获得资金（每年）", "贫困人口"});
  if (incidence) head.emplace_back("贫困发生率");
  head.insert(head.end(), {"帮扶方", "未结对原因"});
  o << "<h2>受扶方</h2>\n<table>" << report::table_head(head);
  const auto why = reasons_zh(problem, plan, params);
  for (const auto& h : s.helped) {
    const Unit& u = problem.units[h.unit];
    o << "<tr" << (why[h.unit].empty() ? "" : " class=warn") << ">" << td(label(u)) << td_num(std::to_string(h.helpers));
    if (funds) o << td_num(wan_or_dash(plan.funds_need_cny[h.unit])) << td(need_basis_zh(u));
    o << td_num(wan_or_dash(h.received_cny_per_year)) << td_num(given(u.poor_population) ? fixed(u.poor_population, 0) + " 人" : "—");
    if (incidence) o << td_num(incidence_text(u));
    o << td(h.helper_names) << td(why[h.unit]) << "</tr>\n";
  }
  o << "</table>\n";
}

void links_table_html(std::ostringstream& o, const PairProblem& problem, const PairPlan& plan) {
  o << "<h2>结对明细</h2>\n<table>"
    << report::table_head({"帮扶方", "受扶方", "状态", "距离", "资金（每年）", "距离成本", "匹配成本", "总成本（折合公里）"});
  auto km = [](int64_t cost) { return td_num(fixed(static_cast<double>(cost) / cost_units_per_km, 1)); };
  for (const Link& l : plan.links)
    o << "<tr>" << td(label(problem.units[l.helper])) << td(label(problem.units[l.helped])) << td(status_zh(l.status))
      << td_num(fixed(l.distance_m / 1000.0, 1) + " km") << td_num(wan_or_dash(l.funds_cny_per_year)) << km(l.cost_distance)
      << km(l.cost_mismatch) << km(l.cost_total()) << "</tr>\n";
  o << "</table>\n";
}

void basis_list(std::ostringstream& o, const PairProblem& problem, const PairParams& params) {
  const std::vector<std::string> lines = basis_lines(problem, params);
  if (lines.empty()) return;
  o << "<p class=note>数据来源与估算：</p>\n<ul class=note>";
  for (const auto& line : lines) o << "<li>" << html_escape(line) << "</li>";
  o << "</ul>\n";
}

}  // namespace

std::string pairs_html(const PairProblem& problem, const PairPlan& plan, const PairParams& params) {
  const PlanSummary s = summarise_plan(problem, plan, params);
  std::ostringstream o;
  o << "<div class=summary>\n<h1>" << html_escape(problem.area_name.empty() ? std::string() : problem.area_name + " ")
    << "结对帮扶方案（山海协作 / 对口帮扶）</h1>\n<p>" << html_escape(plan_summary_zh(problem, plan, params)) << "</p>\n"
    << "<p class=note>计算方法：" << html_escape(solver_zh(plan.solver)) << "。成本把距离和“需要与能力不匹配”都折算成公里（距离权重 "
    << util::fixed(params.distance_weight, 2) << "/公里，匹配权重 " << util::fixed(params.mismatch_weight, 0) << "，一个受扶方未结对的代价折合 "
    << util::fixed(params.unmet_penalty, 0) << " 公里）"
    << (params.mode == PairMode::funds ? "；按资金调度时，一条结对的成本是每 " + wan(params.funds_unit_cny) + " 的成本乘以调度的份数" : std::string())
    << "。</p>\n";
  basis_list(o, problem, params);
  pairs_map(o, problem, plan);
  o << "</div>\n";
  helpers_table(o, problem, params, s);
  helped_table(o, problem, plan, params, s);
  links_table_html(o, problem, plan);
  return report::html_page((problem.area_name.empty() ? std::string() : problem.area_name + " ") + "结对帮扶方案", o.str());  // whose plan (tour 11 K14)
}

Result<void> write_pair_outputs(const std::string& dir, const PairProblem& problem, const PairPlan& plan, const PairParams& params) {
  util::AtomicDirectory out(dir);
  if (auto ok = out.prepare(); !ok) return ok;
  const FeatureTable links = links_table(problem, plan);
  const FeatureTable units = units_table(problem, plan, params);
  const FeatureTable* layers[] = {&links, &units};
  if (auto ok = io::write_layers(out.add("links.gpkg"), layers); !ok) return ok;
  if (auto ok = write_pairs_xlsx(out.add("pairs.xlsx"), problem, plan, params); !ok) return ok;
  if (auto ok = report::write_text_file(out.add("pairs.html"), pairs_html(problem, plan, params)); !ok) return ok;
  return out.commit();
}

}  // namespace jiuyou::pair
