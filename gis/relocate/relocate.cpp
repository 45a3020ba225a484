// plan_relocation: the steps of stages.hpp in order, each a small input and output.
#include <algorithm>
#include <cstdio>

#include "gis/indicators/sanity.hpp"
#include "gis/io/schema.hpp"
#include "gis/plan/cflp.hpp"
#include "gis/relocate/stages.hpp"

namespace jiuyou::plan {

const char* to_string(Exclusion e) {
  switch (e) {
    case Exclusion::hazard: return "hazard";
    case Exclusion::hazard_buffer: return "hazard_buffer";
    case Exclusion::flood: return "flood";
    case Exclusion::ecological_redline: return "ecological_redline";
    case Exclusion::reserve: return "reserve";
    case Exclusion::basic_farmland: return "basic_farmland";
    case Exclusion::slope: return "slope";
    case Exclusion::altitude: return "altitude";
    case Exclusion::outside_dem: return "outside_dem";
  }
  return "?";
}

const char* to_string_zh(Exclusion e) {
  switch (e) {
    case Exclusion::hazard: return "地质灾害区";
    case Exclusion::hazard_buffer: return "地质灾害缓冲区";
    case Exclusion::flood: return "洪涝区";
    case Exclusion::ecological_redline: return "生态保护红线";
    case Exclusion::reserve: return "自然保护区";
    case Exclusion::basic_farmland: return "永久基本农田";
    case Exclusion::slope: return "坡度超限";
    case Exclusion::altitude: return "海拔超限";
    case Exclusion::outside_dem: return "无高程数据";
  }
  return "?";
}

namespace {

using namespace detail;

// Nobody qualifies: a finding about the data (exit 1), not a bad argument.
ErrorBuilder nobody_moves(const RelocateParams& p) {
  std::string kinds;
  for (const auto& k : p.mover_hazard_kinds) kinds += (kinds.empty() ? "" : "/") + k;
  return error(ErrorCode::finding, "nobody to relocate: no village has relocate_households > 0" +
                                       (kinds.empty() ? std::string() : ", lies in a " + kinds + " zone") +
                                       (p.small_village_max_households > 0 ? ", or is a small village of high poverty incidence" : "") +
                                       "; nothing was planned")
      .layer(io::target_layer)
      .hint("fill relocate_households for the villages that move, or check the hazards layer and [relocate.rules]");
}

// No candidate survived: say how many there were, of which kind, and what excluded them.
ErrorBuilder no_site_left(const Workspace& ws, const RelocationPlan& plan, Mask reasons) {
  const bool grid = ws.layer("sites") == nullptr;
  const std::string what = grid ? "grid cells of " + std::to_string(static_cast<int>(plan.params.grid_cell_m)) + " m within " +
                                      std::to_string(static_cast<int>(plan.params.max_travel_km)) + " km of a mover"
                                : "features of the sites layer";
  if (plan.candidates == 0)
    return error(ErrorCode::finding, "no candidate site: there are no " + what)
        .layer(grid ? "county" : "sites")
        .hint(grid ? "check the county layer's extent and max_travel_km" : "the sites layer has no feature with a geometry");
  const std::string why = reasons != 0 ? "every one breaks a hard exclusion somewhere in its area (" + mask_text(reasons, false) +
                                             ") or keeps less than one household's contiguous buildable area"
                                       : "every one keeps less than one household's contiguous buildable area";
  return error(ErrorCode::finding, "no candidate site is left: of " + std::to_string(plan.candidates) + " " + what + ", " + why +
                                       "; the excluded areas are listed by reason")
      .hint("give a sites layer, raise max_travel_km, or check the hazards/protected layers and the DEM");
}

// Candidates, their exclusions and capacity: the sites and the excluded areas.
Result<Mask> screen(const Workspace& ws, const FeatureTable* hazards, const RelocateParams& p, RelocationPlan& plan, const Terrain& terrain) {
  auto cands = lay_out_candidates(ws, plan.movers, p);
  if (!cands) return tl::unexpected(cands.error());
  plan.candidates = static_cast<int64_t>(cands->size());
  const Zones zones = build_zones(ws, hazards, p, plan.notes);
  Screened screened = screen_candidates(*cands, zones, terrain, p);
  plan.sites = std::move(screened.sites);
  plan.excluded = std::move(screened.excluded);
  plan.samples_excluded = screened.samples_excluded;
  return screened.reasons;
}

// The allocation: instance, solution, flows.
Result<void> allocate(const ReachTable& reach, const RelocateParams& p, const Scoring& scoring, RelocationPlan& plan) {
  auto problem = build_instance(reach, p, plan);
  if (!problem) return tl::unexpected(problem.error());
  if (!*problem) return {};
  auto sol = solve_allocation(**problem, p);
  if (!sol) return tl::unexpected(sol.error());
  apply_solution(**problem, *sol, reach, p, scoring, plan);
  return {};
}

void closing_notes(RelocationPlan& plan) {
  std::sort(plan.unplaced.begin(), plan.unplaced.end(), [](const Unplaced& a, const Unplaced& b) { return a.mover < b.mover; });
  if (plan.placed < plan.households)
    note(plan.notes, Severity::warning, "unplaced", std::to_string(plan.households) + " 户中有 " + std::to_string(plan.households - plan.placed) +
                                                        " 户未能安置，原因见“搬迁对象”表；可放宽搬迁距离（max_travel_km）、增加候选地块或允许更多安置点后重新计算");
  if (plan.stopped_by_time_limit) {
    char buf[512];
    std::snprintf(buf, sizeof buf,
                  "计算到时间上限（%g 秒）停止：本方案是找到的最好方案，未证明是最优（与下界相差 %.2f%%）；需要时可加大时间上限（--time-limit）重新计算",
                  plan.params.time_limit_s, 100.0 * plan.gap);
    note(plan.notes, Severity::warning, "not_proven", buf);
  }
}

}  // namespace

std::vector<Issue> relocate_param_warnings(const RelocateParams& p) {
  std::vector<Issue> out;
  for (const auto& w : p.warnings_zh) {  // [relocate] money outside its plausible range
    Issue i;
    i.severity = Severity::warning;
    i.code = "cost_implausible";
    i.field = "relocate";
    i.message = w;
    i.hint = "核实 [relocate] 中的单价（以元计），确认无误可不改";
    out.push_back(std::move(i));
  }
  return out;
}

Result<RelocationPlan> plan_relocation(const Workspace& ws, const indicators::RuleSet& rules, const RelocateParams& p,
                                       const ProgressFn& progress) {
  if (auto ok = validate_relocate_params(p, {}); !ok) return tl::unexpected(ok.error());
  RelocationPlan plan;
  plan.crs = ws.metric_crs;
  plan.params = p;
  const FeatureTable* villages = ws.layer(io::target_layer);
  if (villages == nullptr || villages->size() == 0)
    return error(ErrorCode::format, "the project has no villages: nobody to relocate").layer(io::target_layer).hint("add [layers.villages] with a relocate_households field");
  // A layer in an undeclared GCJ-02/BD-09 moves villages onto hazards and sites off them: said first, in the
  // very words check says it (one function: likely_gcj02 / likely_bd09, tour 12 L28).
  for (auto& n : indicators::datum_offset_notes(rules, WorkspaceView::of(ws), *villages)) plan.notes.add(std::move(n));
  for (Issue& i : relocate_param_warnings(p)) plan.notes.add(std::move(i));  // read before the figures they price
  auto terrain = load_terrain(ws, p, plan.slope_used, plan.notes);
  if (!terrain) return tl::unexpected(terrain.error());

  if (!report_progress(progress, 0.05, "movers")) return cancelled_error("movers");
  std::optional<FeatureTable> hazard_circles;
  const FeatureTable* hazards = hazard_zones(ws, p, hazard_circles, plan.notes);
  MoversOut movers = find_movers(ws, hazards, p, plan.notes);
  plan.movers = std::move(movers.movers);
  plan.households = movers.households;
  if (plan.movers.empty()) return nobody_moves(p);

  if (!report_progress(progress, 0.15, "exclusions")) return cancelled_error("exclusions");
  auto reasons = screen(ws, hazards, p, plan, *terrain);
  if (!reasons) return tl::unexpected(reasons.error());
  if (plan.sites.empty()) return no_site_left(ws, plan, *reasons);
  if (p.max_sites > 0 && static_cast<size_t>(p.max_sites) > plan.sites.size())
    return error(ErrorCode::input, "K = " + std::to_string(p.max_sites) + " sites asked for, but only " + std::to_string(plan.sites.size()) + " of " +
                                       std::to_string(plan.candidates) + " candidates are left after the exclusions")
        .hint("use --k " + std::to_string(plan.sites.size()) + " or less (or 0: as many as pay off)");

  if (!report_progress(progress, 0.35, "travel distances")) return cancelled_error("travel distances");
  ReachTable reach = measure_travel(ws, plan.movers, plan.sites, p, plan.notes);
  const std::vector<uint32_t> considered = keep_nearest_sites(reach, plan.sites.size(), p);
  for (uint32_t i : considered) plan.sites[i].considered = true;

  if (!report_progress(progress, 0.55, "四网 of the sites")) return cancelled_error("四网 of the sites");
  auto scoring = check_sites(ws, rules, p, considered, reach, plan);
  if (!scoring) return tl::unexpected(scoring.error());

  if (!report_progress(progress, 0.7, "allocation")) return cancelled_error("allocation");
  if (auto ok = allocate(reach, p, *scoring, plan); !ok) return tl::unexpected(ok.error());
  closing_notes(plan);
  report_progress(progress, 1.0, "done");
  return plan;
}

}  // namespace jiuyou::plan
