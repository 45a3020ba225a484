#pragma once
// `jiuyou invest` as one call: the check, candidate projects from its
// failures (gis/invest/candidates.hpp), each confirmed by re-checking with
// all of them built, the budgeted plan with its bound (gis/invest/optimise.hpp),
// the years, a re-check per year that gives each village its exit year, and
// invest.gpkg / 项目库.xlsx / invest.html written as one set.
#include <string>
#include <utility>
#include <vector>

#include "gis/indicators/check.hpp"
#include "gis/invest/candidates.hpp"
#include "gis/invest/costs.hpp"
#include "gis/invest/optimise.hpp"
#include "gis/io/project.hpp"
#include "gis/model/error.hpp"
#include "gis/model/progress.hpp"
#include "gis/model/workspace.hpp"

namespace jiuyou::app {

struct InvestJob {
  std::string project;
  std::string rules;                          // empty: the project's
  std::string costs = "default";              // data/costs/<id>.toml or a path
  std::string out_dir;
  std::vector<std::pair<int, double>> years;  // (year, budget in CNY), years increasing; one entry for a single budget
  std::string objective = "villages";         // villages | poor_population | households
  bool exact = false;                         // CBC's optimum instead of the heuristic
  double time_limit_s = 60;                   // for --exact
  size_t auto_exact_projects = 300;           // at most this many candidates: CBC too (10 s), so small counties get the proven optimum
  size_t frontier_steps = 20;
  ProgressFn progress;
  // What the caller noticed in its arguments (a bare --budget under 10万元, past --years; tour 15 P6),
  // said again at the top of invest.html.
  std::vector<std::string> warnings_zh;
};

struct InvestRun {
  io::Project project;
  Workspace ws;
  indicators::CheckResult check;
  invest::CostTable costs;
  invest::Candidates candidates;
  invest::Instance instance;
  invest::Selection plan;
  invest::Schedule schedule;
  double bound = 0;           // upper bound of the objective within the total budget
  bool exact = false;         // the plan is CBC's proven optimum
  double exact_stopped_s = 0; // --exact was asked and CBC stopped at this time limit (seconds) without proving the optimum; 0 otherwise
  double heuristic_value = 0; // what the greedy alone reached (the plan is the better of it and CBC's)
  std::vector<invest::FrontierPoint> frontier;
  std::string objective = "villages";  // what the plan's value counts (InvestJob::objective)
  double budget = 0;                   // the total of the years' budgets, CNY
  std::vector<std::pair<int, double>> years;  // InvestJob::years (each year's budget, CNY)
  std::string rule_set;                // the rule set id or path the plan was made with
  // What the next 100万元 buys: the best value found for budget + 100万元 and its upper bound.
  double next_value = 0, next_bound = 0;
  // Where 100万元 more buys nothing: the least budget (rounded up to `precision`,
  // 10万元 unless the bisection was cut) at which the method found `value` > the
  // plan's; budget 0 when none was looked for or found. `proven`: every solve was
  // CBC's proven optimum, so no smaller budget (to the precision) reaches more.
  struct NextStep {
    double budget = 0, value = 0, precision = 0;
    bool proven = false;
  } next_step;
  std::vector<int> exit_year;  // per village, from the re-check with the plan built year by year; 0: not exit-ready
  size_t ready_now = 0;        // exit-ready before any construction
  size_t promised_not_passing = 0;  // villages the plan covers that the re-check does not pass (a defect if > 0)
  size_t also_passing = 0;     // villages the re-check passes that the plan did not count (a project helped a neighbour)
  size_t not_judged = 0;       // villages failing now whose missing data leaves them out of the plan (数据不全), not exit-ready under it
  // Per village: how it counts in the objective where that is not obvious
  // (a village with no poor people: 按村数目标计入 / 按贫困人口目标不计); empty otherwise.
  std::vector<std::string> objective_note_zh;
  // Per village: its county's name when the project's villages lie in two or more counties (建设地点 and
  // 各乡镇 name it, tour 11 K33); all empty in a one-county project.
  std::vector<std::string> village_county;
  std::vector<std::string> written;
  // The caller's warnings (InvestJob::warnings_zh), then the cost table's (implausible unit costs):
  // the first lines of invest.html.
  std::vector<std::string> warnings_zh;
};

const std::vector<std::string>& invest_output_names();
Result<InvestRun> run_invest(const InvestJob& job);
// The bound for budget + 100万元 proves that no plan reaches more than this one.
bool next_million_buys_nothing(const InvestRun& run);

// The planned features of the chosen projects (year set), as layers named like
// the project's, each with the project layer's columns (what --with reads).
std::vector<FeatureTable> planned_feature_layers(const InvestRun& run, bool all_candidates);

}  // namespace jiuyou::app
