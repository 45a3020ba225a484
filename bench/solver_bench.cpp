// Whole-program benchmark of the location optimisers against published
// optima and against CBC on the same instances, in one run:
//   bench_solver [SHARED_DIR] [--pmed-only | --cap-only]
// p-median: OR-Library pmed1..20 (instance, optimum, found, gap, bound, time).
// CFLP: OR-Library cap71..cap104, the Lagrangian heuristic next to CBC exact
// (time ratio), plus single-source and at-most-K runs of both.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "gis/plan/cflp.hpp"
#include "gis/plan/orlib.hpp"
#include "gis/plan/pmedian.hpp"

namespace {

using namespace jiuyou::plan;

std::map<std::string, double> read_optima(const std::filesystem::path& file) {
  std::map<std::string, double> out;
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream ss(line);
    std::string name;
    double v = 0.0;
    if (ss >> name >> v) out[name] = v;
  }
  return out;
}

int bench_pmed(const std::filesystem::path& dir) {
  const auto optima = read_optima(dir / "optima.txt");
  std::printf("\np-median (OR-Library pmed): greedy + fast interchange + ILS, Lagrangian bound\n");
  std::printf("%-8s %5s %4s %9s %9s %8s %9s %8s %8s\n", "instance", "n", "p", "optimum", "found", "gap%", "bound",
              "bgap%", "time_s");
  int hits = 0;
  int count = 0;
  double total_s = 0.0;
  double worst = 0.0;
  for (int k = 1; k <= 20; ++k) {
    const std::string name = "pmed" + std::to_string(k);
    auto prob = read_orlib_pmedian(dir / (name + ".txt"));
    if (!prob) {
      std::fprintf(stderr, "%s\n", prob.error().to_string().c_str());
      return 1;
    }
    PMedianParams params;
    params.p = prob->p;
    auto sol = solve_pmedian(prob->instance, params);
    if (!sol) {
      std::fprintf(stderr, "%s: %s\n", name.c_str(), sol.error().to_string().c_str());
      return 1;
    }
    const double opt = optima.count(name) ? optima.at(name) : 0.0;
    const double gap = opt > 0 ? (sol->objective - opt) / opt : 0.0;
    worst = std::max(worst, gap);
    hits += sol->objective <= opt + 1e-6 ? 1 : 0;
    ++count;
    total_s += sol->seconds;
    std::printf("%-8s %5d %4d %9.0f %9.0f %8.3f %9.0f %8.3f %8.3f\n", name.c_str(), prob->instance.num_clients(), prob->p,
                opt, sol->objective, 100.0 * gap, sol->lower_bound, 100.0 * sol->gap(), sol->seconds);
  }
  std::printf("optimum reached on %d of %d; worst gap %.3f%%; total %.2f s\n", hits, count, 100.0 * worst, total_s);
  return 0;
}

int bench_cap(const std::filesystem::path& dir) {
  const auto optima = read_optima(dir / "optima.txt");
  const char* names[] = {"cap71", "cap72", "cap73", "cap74", "cap101", "cap102", "cap103", "cap104"};
  std::printf("\ncapacitated facility location (OR-Library cap, multi-source): heuristic vs CBC exact\n");
  std::printf("%-8s %13s %13s %7s %13s %7s %7s %13s %7s %7s\n", "instance", "optimum", "heuristic", "gap%", "lag_bound",
              "bgap%", "h_s", "cbc", "cbc_s", "ratio");
  for (const char* name : names) {
    auto inst = read_orlib_cap(dir / (std::string(name) + ".txt"));
    if (!inst) {
      std::fprintf(stderr, "%s\n", inst.error().to_string().c_str());
      return 1;
    }
    const double opt = optima.count(name) ? optima.at(name) : 0.0;
    auto heur = solve_cflp_heuristic(*inst, {});
    auto exact = solve_cflp_exact(*inst, {});
    if (!heur || !exact) {
      std::fprintf(stderr, "%s: solver failed\n", name);
      return 1;
    }
    std::printf("%-8s %13.3f %13.3f %7.3f %13.3f %7.3f %7.3f %13.3f %7.3f %6.1fx\n", name, opt, heur->objective,
                100.0 * (heur->objective - opt) / opt, heur->lower_bound, 100.0 * heur->gap(), heur->seconds,
                exact->objective, exact->seconds, exact->seconds / std::max(1e-6, heur->seconds));
  }
  // Variants the relocation planner uses: villages kept whole, and at most K sites.
  std::printf("\nvariants (no published optima; CBC proves them): single-source, and at most K = 3 open\n");
  std::printf("%-8s %-14s %13s %13s %7s %13s %7s %7s\n", "instance", "variant", "heuristic", "cbc", "gap%", "lag_bound",
              "h_s", "cbc_s");
  for (const char* name : {"cap71", "cap101"}) {
    auto inst = read_orlib_cap(dir / (std::string(name) + ".txt"));
    if (!inst) return 1;
    for (int variant = 0; variant < 2; ++variant) {
      CflpParams params;
      if (variant == 0) params.single_source = true;
      if (variant == 1) params.max_open = 3;
      params.time_limit_s = 60.0;
      auto heur = solve_cflp_heuristic(*inst, params);
      auto exact = solve_cflp_exact(*inst, params);
      if (!heur || !exact) {
        std::fprintf(stderr, "%s: solver failed\n", name);
        return 1;
      }
      std::printf("%-8s %-14s %13.3f %13.3f %7.3f %13.3f %7.3f %7.3f%s\n", name, variant == 0 ? "single-source" : "max_open=3",
                  heur->objective, exact->objective, 100.0 * (heur->objective - exact->objective) / exact->objective,
                  heur->lower_bound, heur->seconds, exact->seconds, exact->proven_optimal ? "" : " (cbc not proven)");
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::filesystem::path shared = std::filesystem::path(JIUYOU_SOURCE_DIR) / ".." / "shared";
  bool pmed = true;
  bool cap = true;
  for (int a = 1; a < argc; ++a) {
    if (std::strcmp(argv[a], "--pmed-only") == 0) cap = false;
    else if (std::strcmp(argv[a], "--cap-only") == 0) pmed = false;
    else shared = argv[a];
  }
  const auto td = shared / "testdata";
  if (!std::filesystem::exists(td / "orlib-pmed" / "optima.txt")) {
    std::fprintf(stderr, "bench_solver: no OR-Library data under %s (give the shared directory as the first argument)\n",
                 td.string().c_str());
    return 3;
  }
  benchmark::DoNotOptimize(td);
  int rc = 0;
  if (pmed) rc |= bench_pmed(td / "orlib-pmed");
  if (cap) rc |= bench_cap(td / "orlib-cap");
  return rc;
}
