// The investment plan (#13) on synthetic counties: the greedy heuristic with
// its LP bound against CBC's branch and bound on the same instance, in the
// same run. For each size a county is written by gis/synth (as `jiuyou synth
// --villages N`), `jiuyou invest` runs on it once (app::run_invest: check,
// candidate projects, confirmation re-check, plan, year-by-year re-check,
// outputs; CBC off), and the instance it built is then solved again, timed:
//   heuristic + bound  invest::greedy and invest::lp_bound (what invest does by default)
//   CBC                invest::solve_exact (what --exact does), time-limited
// Printed per size: candidates, villages exit-ready now, the heuristic's plan,
// the bound and the gap, CBC's plan, bound and status, both times and their
// ratio (CBC over heuristic + bound), and the whole invest run's time.
//
//   bench_invest [--villages 2000] [--large] [--budget 1e8] [--cbc-limit 120] [--seed 5] [--dir DIR]
//
// --large adds the 10,000-village case (budget 5 x the 2,000-village one).
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "gis/app/invest_job.hpp"
#include "gis/synth/synth_county.hpp"

namespace fs = std::filesystem;
using namespace jiuyou;
using Clock = std::chrono::steady_clock;

namespace {

double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

struct Args {
  std::vector<int> villages{2000};
  double budget = 1e8;  // CNY for 2,000 villages; scaled with the county's size
  double cbc_limit = 120;
  uint64_t seed = 5;
  std::string dir;
};

Args parse(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    std::string k = argv[i];
    if (k == "--large") {
      a.villages.push_back(10000);
      continue;
    }
    const bool has_value = i + 1 < argc;
    const std::string v = has_value ? argv[++i] : "";
    if (!has_value) k = "";
    if (k == "--villages") a.villages = {std::stoi(v)};
    else if (k == "--budget") a.budget = std::stod(v);
    else if (k == "--cbc-limit") a.cbc_limit = std::stod(v);
    else if (k == "--seed") a.seed = std::stoull(v);
    else if (k == "--dir") a.dir = v;
    else {
      std::cerr << "usage: bench_invest [--villages N] [--large] [--budget CNY] [--cbc-limit S] [--seed S] [--dir DIR]\n";
      std::exit(2);
    }
  }
  return a;
}

// The county, written in a child process (its memory is not the plan's).
void make_county(int villages, uint64_t seed, const fs::path& dir) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    auto p = synth::scaled_params(villages);
    p.seed = seed;
    auto c = synth::synth_county(p);
    const bool ok = c && synth::write_synth_county(dir.string(), *c);
    if (!ok) std::cerr << "synthetic county failed" << (c ? "" : ": " + c.error().to_string()) << "\n";
    ::_exit(ok ? 0 : 1);
  }
  int st = 0;
  ::waitpid(pid, &st, 0);
  if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) std::exit(1);
}

struct Row {
  int villages = 0;
  double budget = 0, invest_s = 0;
  size_t candidates = 0, ready = 0;
  double h_value = 0, h_bound = 0, h_s = 0;
  double c_value = 0, c_bound = 0, c_s = 0;
  bool proven = false;
};

bool measure(const Args& a, int villages, const fs::path& dir, Row& row) {
  row.villages = villages;
  row.budget = a.budget * villages / 2000.0;
  make_county(villages, a.seed, dir / "county");
  app::InvestJob job;
  job.project = (dir / "county" / "project.toml").string();
  job.out_dir = (dir / "plan").string();
  job.years = {{2025, row.budget}};
  job.auto_exact_projects = 0;
  const auto t0 = Clock::now();
  auto run = app::run_invest(job);
  row.invest_s = since(t0);
  if (!run) {
    std::cerr << run.error().to_string() << "\n";
    return false;
  }
  row.candidates = run->instance.cost.size();
  row.ready = run->ready_now;
  const auto t1 = Clock::now();
  row.h_value = invest::greedy(run->instance, row.budget).value;
  auto bound = invest::lp_bound(run->instance, row.budget);
  row.h_s = since(t1);
  if (!bound) return false;
  row.h_bound = std::max(*bound, row.h_value);
  const auto t2 = Clock::now();
  auto exact = invest::solve_exact(run->instance, row.budget, a.cbc_limit);
  row.c_s = since(t2);
  if (!exact) {
    std::cerr << exact.error().to_string() << "\n";
    return false;
  }
  row.c_value = exact->best.value;
  row.c_bound = exact->bound;
  row.proven = exact->proven;
  return true;
}

void print(const Row& r) {
  const double gap = r.h_bound > 0 ? 100 * (r.h_bound - r.h_value) / r.h_bound : 0;
  std::printf("%6d villages, budget %.0f 万元: %zu candidates, %zu exit-ready now; jiuyou invest (CBC off) %.1f s in all\n", r.villages, r.budget / 1e4,
              r.candidates, r.ready, r.invest_s);
  std::printf("  heuristic + bound  value %.0f  bound %.2f  gap %.2f %%  %.3f s\n", r.h_value, r.h_bound, gap, r.h_s);
  std::printf("  CBC                value %.0f  bound %.2f  %s  %.3f s\n", r.c_value, r.c_bound, r.proven ? "proven optimal" : "time limit", r.c_s);
  std::printf("  ratio CBC / heuristic %.1fx; heuristic %s CBC's value\n", r.c_s / std::max(r.h_s, 1e-6),
              r.h_value >= r.c_value ? (r.h_value > r.c_value ? "above" : "equals") : "below");
}

}  // namespace

int main(int argc, char** argv) {
  const Args args = parse(argc, argv);
  const bool keep = !args.dir.empty();
  const fs::path root = keep ? fs::path(args.dir) : fs::temp_directory_path() / ("jiuyou_bench_invest_" + std::to_string(::getpid()));
  bool ok = true;
  for (const int n : args.villages) {
    const fs::path dir = root / std::to_string(n);
    fs::remove_all(dir);
    Row row;
    if (!measure(args, n, dir, row)) {
      ok = false;
      continue;
    }
    print(row);
    std::fflush(stdout);
  }
  if (!keep) fs::remove_all(root);
  return ok ? 0 : 1;
}
