// jiuyou solve: the planners' optimisers on standard benchmark files
// (OR-Library pmed and cap formats), so anyone can hold them against
// published optima. Prints objective, bound, gap and time; the LAST line is
// the objective alone (for scripts).
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "gis/plan/cflp.hpp"
#include "gis/plan/orlib.hpp"
#include "gis/plan/pmedian.hpp"
#include "src/cli/command.hpp"

namespace jiuyou::cli {
namespace {

struct SolveConfig {
  std::string file;
  bool exact = false;
  bool single_source = false;
  int32_t max_open = 0;
  double time_limit_s = 0.0;
  uint64_t seed = 1;
  std::optional<double> capacity;  // for OR-Library files that write the word "capacity"
  bool quiet = false;
};

std::string number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.12g", v);
  return buf;
}

void print_solution(const std::string& header, const plan::FacilitySolution& sol) {
  std::printf("%s\n", header.c_str());
  std::printf("method     %s\n", sol.method.c_str());
  std::printf("open       %zu facilities\n", sol.open.size());
  std::printf("objective  %s (fixed %s + allocation %s)\n", number(sol.objective).c_str(), number(sol.fixed_cost).c_str(),
              number(sol.assignment_cost).c_str());
  std::printf("bound      %s\n", number(sol.lower_bound).c_str());
  std::printf("gap        %.4f%%%s\n", 100.0 * sol.gap(), sol.proven_optimal ? " (proven optimal)" : "");
  std::printf("time_s     %.3f\n", sol.seconds);
  std::printf("%s\n", number(sol.objective).c_str());
}

Result<void> check_common(const SolveConfig& cfg) {
  if (cfg.time_limit_s < 0.0)
    return error(ErrorCode::input, "--time-limit must be >= 0 seconds").hint("0 means no limit");
  if (cfg.max_open < 0) return error(ErrorCode::input, "--max-open must be >= 0").hint("0 means no limit");
  return {};
}

int run_pmedian(const SolveConfig& cfg) {
  if (auto ok = check_common(cfg); !ok) return report_error("solve", ok.error());
  auto prob = plan::read_orlib_pmedian(cfg.file);
  if (!prob) return report_error("solve", prob.error());
  plan::PMedianParams params;
  params.p = prob->p;
  params.seed = cfg.seed;
  params.time_limit_s = cfg.time_limit_s;
  auto sol = plan::solve_pmedian(prob->instance, params, progress_bar("solve", cfg.quiet));
  if (!sol) {
    Error e = sol.error();
    if (e.file.empty()) e.file = cfg.file;
    return report_error("solve", e);
  }
  print_solution("instance   " + prob->instance.name + " (p-median: n = " + std::to_string(prob->instance.num_clients()) +
                     ", p = " + std::to_string(prob->p) + ")",
                 *sol);
  return 0;
}

int run_cflp(const SolveConfig& cfg) {
  if (auto ok = check_common(cfg); !ok) return report_error("solve", ok.error());
  plan::CapReadOptions opt;
  opt.capacity_value = cfg.capacity;
  auto inst = plan::read_orlib_cap(cfg.file, opt);
  if (!inst) return report_error("solve", inst.error());
  plan::CflpParams params;
  params.single_source = cfg.single_source;
  params.max_open = cfg.max_open;
  params.seed = cfg.seed;
  params.time_limit_s = cfg.time_limit_s;
  if (params.max_open > inst->num_facilities()) {
    return report_error("solve", error(ErrorCode::input, "--max-open " + std::to_string(params.max_open) +
                                                             " is larger than the " + std::to_string(inst->num_facilities()) +
                                                             " candidate facilities")
                                     .file(cfg.file)
                                     .hint("use at most the number of candidates, or 0 for no limit"));
  }
  auto progress = progress_bar("solve", cfg.quiet);
  auto sol = cfg.exact ? plan::solve_cflp_exact(*inst, params, progress) : plan::solve_cflp_heuristic(*inst, params, progress);
  if (!sol) {
    Error e = sol.error();
    if (e.file.empty()) e.file = cfg.file;
    return report_error("solve", e);
  }
  std::string header = "instance   " + inst->name + " (capacitated facility location, " +
                       (cfg.single_source ? "single-source" : "multi-source") + ": m = " +
                       std::to_string(inst->num_facilities()) + " facilities, n = " + std::to_string(inst->num_clients()) +
                       " clients";
  if (cfg.max_open > 0) header += ", at most " + std::to_string(cfg.max_open) + " open";
  print_solution(header + ")", *sol);
  return 0;
}

const CommandRegistrar reg{
    "solve", "Run the location optimisers on OR-Library files (p-median, capacitated facility location)", 90,
    [](CLI::App& sub) {
      auto cfg = std::make_shared<SolveConfig>();
      sub.require_subcommand(1);
      sub.footer(
          "The last line printed is the objective alone. Exit codes: 0 ok, 2 bad arguments, 3 file missing,\n"
          "  4 malformed file (the message names the line), 8 solver failure (e.g. not enough capacity).");
      CLI::App* pm = sub.add_subcommand("pmedian", "p-median (OR-Library pmed format: 'n m p', then edges 'i j c')");
      pm->add_option("file", cfg->file, "OR-Library pmed file")->required();
      pm->add_option("--time-limit", cfg->time_limit_s, "stop the search after S seconds (0: no limit)");
      pm->add_option("--seed", cfg->seed, "random seed (results are reproducible for a seed)");
      pm->add_flag("--quiet,-q", cfg->quiet, "no progress on stderr");

      CLI::App* cf = sub.add_subcommand("cflp", "capacitated facility location (OR-Library cap format)");
      cf->add_option("file", cfg->file, "OR-Library cap file")->required();
      cf->add_flag("--exact", cfg->exact, "solve exactly with CBC (warm-started by the heuristic)");
      cf->add_option("--time-limit", cfg->time_limit_s, "time limit in seconds (0: none); exact mode returns CBC's best and bound");
      cf->add_flag("--single-source", cfg->single_source, "serve each client from one facility (no split demand)");
      cf->add_option("--max-open", cfg->max_open, "open at most K facilities (0: no limit)");
      cf->add_option("--capacity", cfg->capacity, "capacity for files that write the word 'capacity' (capa/capb/capc)");
      cf->add_option("--seed", cfg->seed, "random seed");
      cf->add_flag("--quiet,-q", cfg->quiet, "no progress on stderr");

      return [cfg, pm, cf]() -> int {
        if (pm->parsed()) return run_pmedian(*cfg);
        if (cf->parsed()) return run_cflp(*cfg);
        return 2;
      };
    }};

}  // namespace
}  // namespace jiuyou::cli
