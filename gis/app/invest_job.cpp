#include "gis/app/invest_job.hpp"

#include <algorithm>
#include <cmath>

#include "gis/app/inputs.hpp"
#include "gis/app/invest_outputs.hpp"
#include "gis/app/invest_rows.hpp"
#include "gis/app/planned.hpp"
#include "gis/io/load.hpp"
#include "gis/io/schema.hpp"
#include "gis/util/output_set.hpp"

namespace jiuyou::app {
namespace {

// `caveats`: with the check's notes on the data (village points, an undeclared GCJ-02 layer), which the
// plan relays as the check's 请先看 (tour 11 K18); the re-checks with projects built need none.
Result<indicators::CheckResult> check(const Workspace& ws, const indicators::RuleSet& rules, bool caveats = false) {
  indicators::CheckParams cp;
  cp.sanity_notes = caveats;
  return indicators::check_villages(ws, rules, cp);
}

// The check again with `layers` built (up to `until`).
Result<indicators::CheckResult> recheck(const Workspace& ws, const indicators::RuleSet& rules, std::vector<FeatureTable> layers,
                                        std::optional<int> until) {
  Workspace built = ws;
  PlannedLayers planned{"", std::move(layers), std::nullopt};
  TRY(apply_planned(built, planned, until));
  return check(built, rules);
}

// The weight of each village in the objective: 1, or its poor population / households
// (a village without the value counts 0; a villages layer without the field is an error).
Result<std::vector<double>> weights(const Workspace& ws, const io::Project& project, const std::string& objective) {
  const FeatureTable& villages = *ws.layer(io::target_layer);
  std::vector<double> w(villages.size(), 1.0);
  if (objective == "villages") return w;
  const Column* c = villages.column(objective);
  if (c == nullptr || !c->is_numeric())
    return error(ErrorCode::format, "--objective " + objective + " needs the numeric field '" + objective + "' on the villages layer")
        .file(project.layer(io::target_layer) != nullptr ? project.layer(io::target_layer)->path : project.path)
        .layer(io::target_layer)
        .field(objective)
        .hint("map the field in the project ([layers.villages.fields]), or use --objective villages");
  for (size_t v = 0; v < w.size(); ++v) w[v] = std::max(0.0, c->number(v).value_or(0.0));
  return w;
}

// Per village with no poor people (poor_population 0, not missing): how the
// objective counts it, said where the village appears in the plan.
std::vector<std::string> objective_notes(const Workspace& ws, const std::string& objective) {
  const FeatureTable& villages = *ws.layer(io::target_layer);
  std::vector<std::string> out(villages.size());
  const Column* poor = villages.column("poor_population");
  if (poor == nullptr || !poor->is_numeric()) return out;
  const std::string how = objective == "poor_population" ? "按贫困人口目标不计分（只在其他村的工程顺带使其达标时计入）"
                          : objective == "households"    ? "按户数目标计入"
                                                         : "按村数目标计入";
  for (size_t v = 0; v < villages.size(); ++v)
    if (poor->number(v) && *poor->number(v) == 0) out[v] = "本村建档立卡贫困人口为0，" + how;
  return out;
}

// Years increasing, budgets finite and not negative (the CLI parses them so; a front end may not).
Result<void> require_years(const InvestJob& job) {
  if (job.years.empty()) return error(ErrorCode::input, "no budget: give at least one year with its amount").hint("e.g. --budget 2000万 or --years 2025=800万,2026=800万");
  for (size_t t = 0; t < job.years.size(); ++t) {
    if (!std::isfinite(job.years[t].second) || job.years[t].second < 0)
      return error(ErrorCode::input, "the budget of " + std::to_string(job.years[t].first) + " is not an amount ≥ 0").hint("e.g. 2025=800万");
    if (t > 0 && job.years[t].first == job.years[t - 1].first)
      return error(ErrorCode::input, std::to_string(job.years[t].first) + " is given twice").hint("give each year once, with its whole amount");
    if (t > 0 && job.years[t].first < job.years[t - 1].first)
      return error(ErrorCode::input, "the years are out of order (" + std::to_string(job.years[t].first) + " after " + std::to_string(job.years[t - 1].first) + ")")
          .hint("list the years in increasing order, each once");
  }
  if (job.objective != "villages" && job.objective != "poor_population" && job.objective != "households")
    return error(ErrorCode::input, "--objective must be villages, poor_population or households, not '" + job.objective + "'");
  return {};
}

invest::Instance make_instance(const invest::Candidates& c, std::vector<double> weight) {
  invest::Instance inst;
  for (const auto& p : c.projects) inst.cost.push_back(p.cost_cny);
  inst.weight = std::move(weight);
  inst.needs.resize(c.villages.size());
  for (size_t v = 0; v < c.villages.size(); ++v) {
    const auto& vp = c.villages[v];
    if (vp.reach == invest::Reach::ready) continue;
    if (vp.reach != invest::Reach::buildable) {
      inst.needs[v] = {{}};  // a need nothing fixes: never covered
      continue;
    }
    for (const uint32_t k : vp.needs) inst.needs[v].push_back(c.fixers[k]);
  }
  return inst;
}

// The plan for the budget plus 100万元 (for "what the next 100万元 buys"), solved as the plan itself was.
Result<void> next_million(const InvestJob& job, InvestRun& run) {
  const double more = run.budget + 1e6;
  run.next_value = std::max(invest::greedy(run.instance, more).value, run.plan.value);
  ASSIGN_OR_RETURN(run.next_bound, invest::lp_bound(run.instance, more));
  if (job.exact || run.instance.cost.size() <= job.auto_exact_projects) {
    ASSIGN_OR_RETURN(const invest::Exact e, invest::solve_exact(run.instance, more, job.exact ? job.time_limit_s : 10.0));
    run.next_value = std::max(run.next_value, e.best.value);
    run.next_bound = std::min(run.next_bound, std::max(e.bound, run.next_value));
  }
  run.next_bound = std::max({run.next_bound, run.next_value, run.bound});
  return {};
}


// The best plan this run's method finds within `budget`: the greedy's, or CBC's
// where the plan used it (at most 10 s a solve here); `proven` when CBC proved it.
Result<invest::Selection> best_found(const InvestJob& job, const invest::Instance& inst, double budget, bool& proven) {
  invest::Selection best = invest::greedy(inst, budget);
  proven = false;
  if (job.exact || inst.cost.size() <= job.auto_exact_projects) {
    ASSIGN_OR_RETURN(const invest::Exact e, invest::solve_exact(inst, budget, std::min(job.time_limit_s, 10.0)));
    if (e.best.value > best.value || (e.best.value == best.value && e.best.cost < best.cost)) best = e.best;
    proven = e.proven;
  }
  return best;
}

// Where 100万元 more buys nothing: the least budget at which the method finds
// more than the plan, by bisection (to 10万元, at most 12 solves) between
// budget + 100万元 and the first frontier sample that has more.
Result<void> next_step(const InvestJob& job, InvestRun& run) {
  if (run.next_value > run.plan.value + 1e-9) return {};
  const auto up = std::find_if(run.frontier.begin(), run.frontier.end(), [&](const auto& p) { return p.value > run.plan.value + 1e-9; });
  double lo = run.budget + 1e6;
  if (up == run.frontier.end() || up->budget <= lo) return {};
  double hi = up->budget, found = up->value;
  bool lo_proven = next_million_buys_nothing(run);  // nothing more is possible at lo
  for (int solves = 0; hi - lo > 1e5 && solves < 12; ++solves) {
    const double mid = (lo + hi) / 2;
    bool proven = false;
    ASSIGN_OR_RETURN(const invest::Selection sel, best_found(job, run.instance, mid, proven));
    if (sel.value > run.plan.value + 1e-9) hi = sel.cost > lo ? sel.cost : mid, found = sel.value;  // what it costs, not just the budget
    else lo = mid, lo_proven = proven;
  }
  run.next_step = {.budget = std::ceil(hi / 1e5) * 1e5, .value = found, .precision = std::max(1e5, std::ceil((hi - lo) / 1e5) * 1e5), .proven = lo_proven};
  return {};
}

Result<void> choose(const InvestJob& job, InvestRun& run) {
  double total = 0;
  for (const auto& [y, b] : job.years) total += b;
  run.plan = invest::greedy(run.instance, total);
  run.heuristic_value = run.plan.value;
  ASSIGN_OR_RETURN(run.bound, invest::lp_bound(run.instance, total));
  if (job.exact || run.instance.cost.size() <= job.auto_exact_projects) {
    ASSIGN_OR_RETURN(const invest::Exact e, invest::solve_exact(run.instance, total, job.exact ? job.time_limit_s : 10.0));
    if (e.best.value > run.plan.value || (e.best.value == run.plan.value && e.best.cost < run.plan.cost)) run.plan = e.best;
    run.exact = e.proven;
    if (job.exact && !e.proven) run.exact_stopped_s = job.time_limit_s;
    run.bound = std::min(run.bound, std::max(e.bound, run.plan.value));
  }
  run.bound = std::max(run.bound, run.plan.value);
  run.schedule = invest::schedule(run.instance, run.plan, job.years);
  ASSIGN_OR_RETURN(run.frontier, invest::frontier(run.instance, job.frontier_steps));
  run.budget = total;
  TRY(next_million(job, run));
  return next_step(job, run);
}

// Each village's exit year from the check re-run with the plan built up to each year.
Result<void> verify(const InvestJob& job, const indicators::RuleSet& rules, InvestRun& run) {
  run.exit_year.assign(run.check.village_count, 0);
  const std::vector<FeatureTable> layers = planned_feature_layers(run, false);
  for (const auto& [year, budget] : job.years) {
    ASSIGN_OR_RETURN(const indicators::CheckResult r, recheck(run.ws, rules, layers, year));
    for (size_t v = 0; v < r.village_count; ++v)
      if (run.exit_year[v] == 0 && r.verdict[v] == indicators::Outcome::pass) run.exit_year[v] = year;
  }
  for (size_t v = 0; v < run.check.village_count; ++v) {
    const bool promised = run.plan.covered[v] != 0, passes = run.exit_year[v] != 0;
    run.promised_not_passing += promised && !passes;
    run.also_passing += passes && !promised;
    run.ready_now += run.check.verdict[v] == indicators::Outcome::pass;
    run.not_judged += invest_out::left_out_for_data(run, v);
  }
  return {};
}

// Every layer a chosen kind of construction is added to exists in the project.
Result<void> require_target_layers(const InvestRun& run) {
  for (const auto& p : run.candidates.projects) {
    const invest::Build& b = run.costs.builds[p.build];
    if (run.ws.layer(b.into) != nullptr) continue;
    return error(ErrorCode::rules, "[build." + b.item + "] adds its features to layer '" + b.into + "', which the project does not have")
        .file(run.costs.file)
        .field("into")
        .hint("name a layer of the project (e.g. roads, power, water, broadband_towers, facilities), or add that layer to the project (it may be empty)");
  }
  return {};
}

}  // namespace

bool next_million_buys_nothing(const InvestRun& run) {
  const double cap = run.objective == "villages" ? std::floor(run.next_bound + 1e-6) : run.next_bound;  // whole villages
  return cap <= run.plan.value + 1e-9;
}

const std::vector<std::string>& invest_output_names() {
  static const std::vector<std::string> names{"invest.gpkg", "项目库.xlsx", "invest.html"};
  return names;
}

Result<InvestRun> run_invest(const InvestJob& job) {
  InvestRun run;
  run.objective = job.objective;
  run.years = job.years;
  TRY(require_years(job));
  ASSIGN_OR_RETURN(run.project, io::load_project(job.project));
  run.rule_set = job.rules.empty() ? run.project.rules : job.rules;
  ASSIGN_OR_RETURN(const indicators::RuleSet rules, indicators::load_rule_set(run.rule_set));
  ASSIGN_OR_RETURN(run.costs, invest::load_costs(job.costs));
  run.warnings_zh = job.warnings_zh;
  run.warnings_zh.insert(run.warnings_zh.end(), run.costs.warnings_zh.begin(), run.costs.warnings_zh.end());
  std::vector<std::string> inputs = project_inputs(run.project, rules.file);
  inputs.push_back(run.costs.file);
  TRY(refuse_overwriting_inputs(job.out_dir, true, inputs, "--out"));
  ASSIGN_OR_RETURN(auto set, util::OutputSet::open(job.out_dir, {"invest", invest_output_names()}));
  report_progress(job.progress, 0.05, "loading");
  ASSIGN_OR_RETURN(run.ws, io::load_workspace(run.project));
  if (run.ws.layer(io::target_layer) == nullptr || run.ws.layer(io::target_layer)->size() == 0)
    return error(ErrorCode::format, "the project has no villages to plan for").file(run.project.path).layer(io::target_layer);
  report_progress(job.progress, 0.2, "checking");
  ASSIGN_OR_RETURN(run.check, check(run.ws, rules, true));
  report_progress(job.progress, 0.35, "candidate projects");
  ASSIGN_OR_RETURN(run.candidates, invest::make_candidates(run.ws, run.check, run.costs));
  TRY(require_target_layers(run));
  ASSIGN_OR_RETURN(const indicators::CheckResult all_built, recheck(run.ws, rules, planned_feature_layers(run, true), std::nullopt));
  invest::keep_confirmed(run.candidates, all_built);
  ASSIGN_OR_RETURN(std::vector<double> weight, weights(run.ws, run.project, job.objective));
  run.objective_note_zh = objective_notes(run.ws, job.objective);
  run.village_county = invest_out::village_counties(run.ws);
  run.instance = make_instance(run.candidates, std::move(weight));
  report_progress(job.progress, 0.5, "choosing");
  TRY(choose(job, run));
  report_progress(job.progress, 0.7, "re-checking year by year");
  TRY(verify(job, rules, run));
  report_progress(job.progress, 0.9, "writing");
  if (auto ok = write_invest_outputs(set->staging(), run); !ok) return tl::unexpected(set->rename_in(ok.error()));
  run.written = invest_output_names();
  TRY(set->commit());
  report_progress(job.progress, 1.0, "done");
  return run;
}

// ---- the planned features -------------------------------------------------

namespace {

void push_value(Column& col, const invest::FeatureValue* f, const std::string& village_code) {
  if (col.name() == "village_code" && !village_code.empty()) return col.type() == FieldType::text ? col.push_text(village_code) : col.push_null();
  if (f == nullptr) return col.push_null();
  switch (col.type()) {
    case FieldType::text: return col.push_text(f->type == FieldType::text ? f->text : f->type == FieldType::boolean ? (f->flag ? "true" : "false") : std::to_string(f->number));
    case FieldType::boolean: return f->type == FieldType::boolean ? col.push_bool(f->flag) : col.push_null();
    case FieldType::real: return f->type == FieldType::real ? col.push_real(f->number) : col.push_null();
    case FieldType::integer: return f->type == FieldType::real ? col.push_int(static_cast<int64_t>(std::llround(f->number))) : col.push_null();
  }
}

FeatureTable empty_like(const FeatureTable& target, const CrsRef& crs) {
  FeatureTable t;
  t.name = target.name;
  t.crs = crs;
  t.geometry.kind = target.geometry.kind;
  for (const auto& c : target.columns) t.columns.emplace_back(c.name(), c.type());
  t.columns.emplace_back(planned_year_field, FieldType::integer);
  t.columns.emplace_back("plan_project", FieldType::integer);
  return t;
}

}  // namespace

std::vector<FeatureTable> planned_feature_layers(const InvestRun& run, bool all_candidates) {
  std::vector<FeatureTable> out;
  const FeatureTable& villages = *run.ws.layer(io::target_layer);
  const Column* code = villages.column("code");
  for (size_t j = 0; j < run.candidates.projects.size(); ++j) {
    if (!all_candidates && (run.plan.chosen.size() <= j || !run.plan.chosen[j])) continue;
    const auto& p = run.candidates.projects[j];
    const invest::Build& b = run.costs.builds[p.build];
    const FeatureTable* target = run.ws.layer(b.into);
    if (target == nullptr) continue;  // apply_planned would refuse it; make_candidates checked the layers
    auto it = std::find_if(out.begin(), out.end(), [&](const FeatureTable& t) { return t.name == b.into; });
    if (it == out.end()) it = out.insert(out.end(), empty_like(*target, run.ws.metric_crs));
    FeatureTable& t = *it;
    if (p.geometry.size() == 1) t.geometry.add_point_feature(p.geometry[0].x, p.geometry[0].y);
    else t.geometry.add_line_feature(p.geometry);
    t.fid.push_back(static_cast<int64_t>(t.size()) + 1);
    const std::string vcode = code != nullptr && !code->is_null(p.village) ? code->as_text(p.village) : std::string();
    for (auto& col : t.columns) {
      if (col.name() == planned_year_field) {
        const int y = all_candidates || run.schedule.project_year.size() <= j ? 0 : run.schedule.project_year[j];
        y > 0 ? col.push_int(y) : col.push_null();
        continue;
      }
      if (col.name() == "plan_project") { col.push_int(static_cast<int64_t>(j) + 1); continue; }
      const auto f = std::find_if(b.feature.begin(), b.feature.end(), [&](const invest::FeatureValue& v) { return v.field == col.name(); });
      push_value(col, f == b.feature.end() ? nullptr : &*f, vcode);
    }
  }
  return out;
}

}  // namespace jiuyou::app
