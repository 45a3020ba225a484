// jiuyou invest PROJECT --budget 2000万 [--years 2025=800万,...] --out DIR: the
// investment plan (补短板). Argument parsing and printing only; the work is app::run_invest.
#include <chrono>
#include <cstdio>
#include <ctime>

#include "gis/app/invest_job.hpp"
#include "gis/invest/money.hpp"
#include "gis/report/check_caveats.hpp"
#include "src/cli/command.hpp"

namespace jiuyou::cli {
namespace {

struct InvestConfig {
  app::InvestJob job;
  std::string budget, years;
  bool quiet = false;
};

int this_year() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  localtime_r(&now, &tm);
  return tm.tm_year + 1900;
}

// An amount as 万 with at most two decimals: "1600万", "1400.5万".
std::string wan(double yuan) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f", yuan / 1e4);
  std::string s = buf;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s + "万";
}

// A bare number ("2000", "2e3") has no 万/亿/元: read in 元, which a county budget under 10万元 hardly is.
bool bare_number(const std::string& text) {
  return !text.empty() && text.find_first_not_of("0123456789.,eE+- ") == std::string::npos;
}

// What the arguments leave in doubt (tour 15 P6): a bare amount under 10万元 (read in 元), years before this one.
void argument_warnings(InvestConfig& cfg, int now) {
  const auto small = [&](const std::string& option, const std::string& text, double cny) {
    if (bare_number(text) && cny > 0 && cny < 1e5)
      cfg.job.warnings_zh.push_back(option + " " + text + " 按 " + text + " 元 计（" + wan(cny) + "元）；若指 " + text + " 万元请写 " + text + "万");
  };
  if (!cfg.budget.empty() && !cfg.job.years.empty() && cfg.years.empty()) small("--budget", cfg.budget, cfg.job.years.front().second);
  if (!cfg.years.empty()) {
    std::string years = cfg.years;  // fullwidth separators as ASCII, as parse_years reads them
    for (const auto& [from, to] : {std::pair{"，", ","}, std::pair{"：", "="}, std::pair{"＝", "="}, std::pair{":", "="}})
      for (size_t p = years.find(from); p != std::string::npos; p = years.find(from, p)) years.replace(p, std::string(from).size(), to);
    size_t at = 0;
    for (const auto& [y, b] : cfg.job.years) {  // the amounts as written, in the order given
      const size_t comma = years.find(',', at);
      const std::string part = years.substr(at, comma == std::string::npos ? std::string::npos : comma - at);
      at = comma == std::string::npos ? years.size() : comma + 1;
      if (const size_t eq = part.find('='); eq != std::string::npos) small("--years " + std::to_string(y), part.substr(eq + 1), b);
    }
  }
  std::string past;
  for (const auto& [y, b] : cfg.job.years)
    if (y < now) past += (past.empty() ? "" : "、") + std::to_string(y);
  if (!past.empty())
    cfg.job.warnings_zh.push_back("--years 含已过去的年度 " + past + "（今年是 " + std::to_string(now) + " 年）：方案按这些年度安排建设和出列年度，请核对年度是否写错");
}

// --budget and --years into (year, CNY): the years as given (their sum equal to
// --budget when both are given), or the whole budget in this year.
Result<void> budgets(InvestConfig& cfg) {
  if (cfg.budget.empty() && cfg.years.empty())
    return error(ErrorCode::input, "give --budget or --years").hint("e.g. --budget 2000万, or --years 2025=800万,2026=800万");
  double total = -1;
  if (!cfg.budget.empty()) {
    ASSIGN_OR_RETURN(total, invest::parse_money(cfg.budget, "--budget"));
  }
  if (cfg.years.empty()) {
    cfg.job.years = {{this_year(), total}};
    return {};
  }
  ASSIGN_OR_RETURN(cfg.job.years, invest::parse_years(cfg.years, "--years"));
  double sum = 0;
  for (const auto& [y, b] : cfg.job.years) sum += b;
  if (total >= 0 && sum > total + 0.5)
    return error(ErrorCode::input, "--years add up to " + wan(sum) + ", more than --budget " + cfg.budget)
        .hint("make the yearly amounts add up to at most the total, or leave out --budget");
  // A total above the years' sum would silently go unplanned: say so instead.
  if (total >= 0 && sum < total - 0.5)
    return error(ErrorCode::input, "--budget " + cfg.budget + " is " + wan(total - sum) + " more than --years, which add up to " + wan(sum) +
                                       "; the rest would not be planned")
        .hint("add a year to --years for the rest, or lower --budget to " + wan(sum) + ", or leave out --budget");
  return {};
}

void print_summary(const app::InvestRun& r) {
  size_t exit = 0;
  for (const int y : r.exit_year) exit += y > 0;
  size_t chosen = 0;
  for (const auto c : r.plan.chosen) chosen += c;
  std::printf("%s: %zu villages, %zu exit-ready now; with the plan %zu (re-checked year by year)\n", r.ws.name.c_str(), r.check.village_count, r.ready_now, exit);
  std::printf("projects: %zu candidates, %zu chosen, cost %.1f 万元; objective %.0f (heuristic alone %.0f), bound %.2f, gap %.2f%%%s\n",
              r.candidates.projects.size(), chosen, r.plan.cost / 1e4, r.plan.value, r.heuristic_value, r.bound,
              r.bound > 0 ? 100 * (r.bound - r.plan.value) / r.bound : 0.0, r.exact ? " (proven optimal by CBC)" : "");
  if (r.exact_stopped_s > 0)
    std::printf("--exact: CBC stopped at its %.0f s time limit without proving the optimum; this is the best plan found (--time-limit to give it longer)\n", r.exact_stopped_s);
  // The check's 请先看 first (tour 11 K18): the plan builds on the distances they distort.
  for (const auto& c : report::verdict_caveats(r.check, &r.ws.issues)) {
    std::fprintf(stderr, "jiuyou invest: warning: %s\n", c.effect.c_str());
    for (const auto& d : c.details) std::fprintf(stderr, "  %s\n", d.c_str());
  }
  for (const auto& w : r.costs.warnings_zh) std::fprintf(stderr, "jiuyou invest: warning: %s\n", w.c_str());
  for (const auto& n : r.candidates.notes) std::fprintf(stderr, "jiuyou invest: note: %s\n", n.c_str());
  if (r.not_judged > 0) std::fprintf(stderr, "jiuyou invest: %zu village(s) have missing data and are not planned for (数据不全)\n", r.not_judged);
  const size_t load_problems = r.ws.issues.count(Severity::error) + r.ws.issues.count(Severity::warning);
  if (load_problems > 0) std::fprintf(stderr, "input data: %zu problem(s); see `jiuyou validate %s`\n", load_problems, r.project.path.c_str());
  if (r.promised_not_passing > 0)
    std::fprintf(stderr, "jiuyou invest: warning: %zu village(s) the plan counts do not pass the re-check; their exit_year is empty\n", r.promised_not_passing);
  if (r.also_passing > 0) std::printf("the re-check passes %zu more village(s) than the plan counted (a project also served them)\n", r.also_passing);
}

int run(InvestConfig& cfg) {
  if (auto ok = budgets(cfg); !ok) return report_error("invest", ok.error());
  argument_warnings(cfg, this_year());
  for (const auto& w : cfg.job.warnings_zh) std::fprintf(stderr, "jiuyou invest: warning: %s\n", w.c_str());
  cfg.job.progress = progress_bar("invest", cfg.quiet);
  auto r = app::run_invest(cfg.job);
  if (!r) return report_error("invest", r.error());
  print_summary(*r);
  std::printf("outputs: %s/invest.gpkg, 项目库.xlsx, invest.html\n", cfg.job.out_dir.c_str());
  return 0;
}

const CommandRegistrar reg{"invest", "The investment plan (补短板): which roads, lines, pipes, towers and rooms to build, in which year, to let the most villages exit within the budget", 15, [](CLI::App& sub) {
  auto cfg = std::make_shared<InvestConfig>();
  sub.add_option("project", cfg->job.project, "project .toml, or a GeoPackage with canonical layer names")->required();
  sub.add_option("--out", cfg->job.out_dir, "output folder (invest.gpkg, 项目库.xlsx, invest.html), replaced as one set")->required();
  sub.add_option("--budget", cfg->budget, "total budget, e.g. 2000万, 0.2亿, 两千万, 20000000 (yuan)");
  sub.add_option("--years", cfg->years, "budget per year, e.g. 2025=800万,2026=800万,2027=400万 (unspent money carries over)");
  sub.add_option("--costs", cfg->job.costs, "unit costs: default (data/costs/default.toml) or a .toml path");
  sub.add_option("--rules", cfg->job.rules, "rule set (default: the project's)");
  sub.add_option("--objective", cfg->job.objective, "what to maximise: villages, poor_population or households")
      ->check(CLI::IsMember({"villages", "poor_population", "households"}));
  sub.add_flag("--exact", cfg->job.exact, "the proven optimum through CBC (within --time-limit) instead of the heuristic");
  sub.add_option("--time-limit", cfg->job.time_limit_s, "seconds for --exact (default 60)")->check(CLI::Range(1.0, 86400.0));
  sub.add_flag("-q,--quiet", cfg->quiet, "no progress output");
  sub.footer("Exit: 0 the plan was written; 2 bad arguments (a budget that is not an amount, years out of order or given twice, --budget unequal to the sum of --years);\n"
             "  3-7 input, rule or cost-file errors (nothing written); 8 solver. See docs/invest.md.\n"
             "Example: jiuyou invest data/demo/project.toml --years 2025=800万,2026=800万,2027=400万 --out out/invest");
  return [cfg] { return run(*cfg); };
}};

}  // namespace
}  // namespace jiuyou::cli
