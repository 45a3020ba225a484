// The relocation allocation at province scale: the capacitated facility-location
// instance jiuyou relocate hands the solver, generated from a seed, solved by the
// Lagrangian heuristic and by CBC (time-limited) in the same run.
//
//   bench_relocate [--villages 5000] [--sites 10000] [--per-village 50]
//                  [--cbc-limit 300] [--seed 1] [--no-cbc] [--cbc-warm] [--cbc-log N] [--trace]
//
// The instance: a 300 x 200 km province with villages in clusters (valleys),
// candidate sites scattered over the same clusters; each village may go to its
// per-village nearest sites within 30 km; households 5..80 per village; a site
// holds 100..1,200 households (its buildable area / 150 m²) and costs 2 M CNY
// plus 0..3 M of network extension; travel costs households x km x 1.3 (detour)
// x 20,000 CNY. The same cost model as gis/plan/relocate.cpp.
//
// Printed, in one table: heuristic objective, its own Lagrangian bound and time;
// CBC's incumbent, best valid bound (none when it reached none), time and
// status; the heuristic's gap to the best bound either found (the goal: within
// 1 % of CBC's best bound) and the time ratio (goal >= 50x): CBC's time to a
// solution as good as the heuristic's over the heuristic's time, or, when CBC
// never got there, at least its limit over the heuristic's time. CBC runs
// alone (no warm start) unless --cbc-warm; --cbc-log 1 shows Clp's and CBC's logs.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "gis/index/spatial_index.hpp"
#include "gis/plan/cflp.hpp"

namespace {

using namespace jiuyou;
using namespace jiuyou::plan;

struct Args {
  int villages = 5000;
  int sites = 10000;
  int per_village = 50;
  double cbc_limit = 300;
  uint64_t seed = 1;
  bool cbc = true;
  bool trace = false;
  int cbc_log = 0;
  bool cbc_warm = false;
};

FacilityInstance generate(const Args& a) {
  std::mt19937_64 rng(a.seed);
  std::uniform_real_distribution<double> ux(0, 300000), uy(0, 200000), u01(0, 1);
  std::normal_distribution<double> spread(0, 6000);
  const int clusters = std::max(1, a.villages / 40);
  std::vector<std::pair<double, double>> centre(static_cast<size_t>(clusters));
  for (auto& c : centre) c = {ux(rng), uy(rng)};
  std::uniform_int_distribution<int> pick(0, clusters - 1);
  auto near_cluster = [&]() {
    const auto& c = centre[static_cast<size_t>(pick(rng))];
    return std::make_pair(c.first + spread(rng), c.second + spread(rng));
  };
  std::vector<std::pair<double, double>> vil(static_cast<size_t>(a.villages)), site(static_cast<size_t>(a.sites));
  for (auto& v : vil) v = near_cluster();
  for (auto& s : site) s = near_cluster();
  FacilityInstance inst;
  inst.name = "relocate-bench";
  std::uniform_int_distribution<int> households(5, 80), capacity(100, 1200);
  for (int j = 0; j < a.villages; ++j) inst.demand.push_back(households(rng));
  for (int i = 0; i < a.sites; ++i) {
    inst.capacity.push_back(capacity(rng));
    inst.fixed_cost.push_back(2e6 + std::floor(3e6 * u01(rng) * u01(rng)));
  }
  std::vector<BBox> boxes;
  for (const auto& s : site) boxes.push_back(BBox{s.first, s.second, s.first, s.second});
  index::SpatialIndex idx;
  idx.build(boxes);
  std::vector<CostEntry> entries;
  std::vector<std::pair<double, int32_t>> near;
  for (int32_t j = 0; j < a.villages; ++j) {
    const auto [x, y] = vil[static_cast<size_t>(j)];
    near.clear();
    idx.query(BBox{x - 30000, y - 30000, x + 30000, y + 30000}, [&](uint32_t i) {
      const double d = std::hypot(site[i].first - x, site[i].second - y) * 1.3;
      if (d <= 30000) near.emplace_back(d, static_cast<int32_t>(i));
    });
    std::sort(near.begin(), near.end());
    if (near.size() > static_cast<size_t>(a.per_village)) near.resize(static_cast<size_t>(a.per_village));
    if (near.empty()) {  // an isolated village: its nearest site, whatever the distance
      double best = 1e300;
      int32_t bi = 0;
      for (int32_t i = 0; i < a.sites; ++i) {
        const double d = std::hypot(site[static_cast<size_t>(i)].first - x, site[static_cast<size_t>(i)].second - y) * 1.3;
        if (d < best) best = d, bi = i;
      }
      near.emplace_back(best, bi);
    }
    for (const auto& [d, i] : near) entries.push_back(CostEntry{j, i, inst.demand[static_cast<size_t>(j)] * d / 1000.0 * 20000.0});
  }
  inst.cost = *CostMatrix::sparse(a.villages, a.sites, std::move(entries));
  return inst;
}

}  // namespace

int main(int argc, char** argv) {
  Args a;
  for (int k = 1; k < argc; ++k) {
    const std::string s = argv[k];
    auto next = [&]() -> const char* {
      if (k + 1 >= argc) {
        std::fprintf(stderr, "%s needs a value\n", s.c_str());
        std::exit(2);
      }
      return argv[++k];
    };
    if (s == "--villages") a.villages = std::atoi(next());
    else if (s == "--sites") a.sites = std::atoi(next());
    else if (s == "--per-village") a.per_village = std::atoi(next());
    else if (s == "--cbc-limit") a.cbc_limit = std::atof(next());
    else if (s == "--seed") a.seed = std::strtoull(next(), nullptr, 10);
    else if (s == "--no-cbc") a.cbc = false;
    else if (s == "--trace") a.trace = true;
    else if (s == "--cbc-log") a.cbc_log = std::atoi(next());
    else if (s == "--cbc-warm") a.cbc_warm = true;
    else {
      std::fprintf(stderr, "usage: bench_relocate [--villages N] [--sites M] [--per-village K] [--cbc-limit S] [--seed N] [--no-cbc] [--cbc-warm] [--cbc-log N] [--trace]\n");
      return 2;
    }
  }
  if (a.villages <= 0 || a.sites <= 0 || a.per_village <= 0) {
    std::fprintf(stderr, "sizes must be > 0\n");
    return 2;
  }
  const auto t0 = std::chrono::steady_clock::now();
  const FacilityInstance inst = generate(a);
  double cap = 0;
  for (double c : inst.capacity) cap += c;
  std::printf("instance    %d villages (%.0f households), %d candidate sites (capacity %.0f), %lld allowed pairs, generated in %.2f s\n",
              a.villages, inst.total_demand(), a.sites, cap, static_cast<long long>(inst.cost.num_entries()),
              std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());

  CflpParams hp;
  const auto th = std::chrono::steady_clock::now();
  const std::clock_t hc0 = std::clock();
  auto heur = solve_cflp_heuristic(inst, hp, [&](double r, std::string_view stage) {
    if (a.trace)
      std::printf("  %6.2f s  %3.0f %%  %.*s\n", std::chrono::duration<double>(std::chrono::steady_clock::now() - th).count(), 100 * r,
                  static_cast<int>(stage.size()), stage.data());
    return true;
  });
  const double h_cpu = static_cast<double>(std::clock() - hc0) / CLOCKS_PER_SEC;
  if (!heur) {
    std::fprintf(stderr, "heuristic: %s\n", heur.error().to_string().c_str());
    return 1;
  }
  std::printf("heuristic   objective %.0f  own bound %.0f  gap %.3f %%  open %zu  %.2f s  [%s]\n", heur->objective, heur->lower_bound,
              100.0 * heur->gap(), heur->open.size(), heur->seconds, heur->method.c_str());
  if (!a.cbc) return 0;

  CflpParams cp;
  cp.time_limit_s = a.cbc_limit;
  cp.mip_log_level = a.cbc_log;
  cp.mip_warm_start = a.cbc_warm;
  CflpMipReport rep;
  std::fflush(stdout);
  auto exact = solve_cflp_exact(inst, cp, {}, &rep);
  if (!exact) {
    std::printf("cbc         %s\n", exact.error().to_string().c_str());
    if (rep.status.empty()) return 1;  // failed before it ran (not a time limit): nothing to compare
  }
  const double h_obj = heur->objective;
  const double h_t = std::max(1e-9, heur->seconds);
  const bool cbc_bound = rep.has_bound;
  const double best_bound = cbc_bound ? std::max(rep.bound, heur->lower_bound) : heur->lower_bound;
  std::printf("\n%-22s %18s %18s %10s  %s\n", "", "objective", "lower bound", "time s", "status");
  std::printf("%-22s %18.0f %18.0f %10.2f  %s, gap to own bound %.3f %%; CPU %.2f s (all threads)\n", "heuristic", h_obj, heur->lower_bound,
              heur->seconds, heur->method.c_str(), 100.0 * heur->gap(), h_cpu);
  char label[64];
  std::snprintf(label, sizeof label, "CBC (%s, limit %.0f s)", a.cbc_warm ? "warm" : "alone", a.cbc_limit);
  const std::string inc = rep.has_incumbent ? std::to_string(static_cast<long long>(std::llround(rep.incumbent))) : "none";
  const std::string bnd = cbc_bound ? std::to_string(static_cast<long long>(std::llround(rep.bound))) : "none";
  std::printf("%-22s %18s %18s %10.2f  %s; nodes %lld; CPU %.2f s\n", label, inc.c_str(), bnd.c_str(), rep.seconds, rep.status.c_str(),
              static_cast<long long>(rep.nodes), rep.cpu_seconds);
  std::printf("%-22s build %.2f s, root LP %.2f s (%s), best incumbent at %s s\n", "  CBC phases", rep.build_seconds, rep.root_lp_seconds,
              rep.root_lp_solved ? "solved" : "not solved", rep.has_incumbent ? std::to_string(rep.incumbent_seconds).c_str() : "-");
  std::printf("%-22s %18s %18.0f %10s  max(heuristic's Lagrangian bound, CBC's bound)%s\n", "best bound", "", best_bound, "",
              cbc_bound ? "" : " (CBC reached no valid bound)");
  std::printf("%-22s %.3f %% (goal <= 1 %%)\n", "heuristic vs bound", 100.0 * (h_obj - best_bound) / h_obj);
  if (rep.has_incumbent)
    std::printf("%-22s %+.3f %% (negative: the heuristic is better)\n", "heuristic vs CBC inc.", 100.0 * (h_obj - rep.incumbent) / rep.incumbent);
  // CBC's time to a solution at least as good as the heuristic's.
  // (Wall clock, and CPU: CBC is single-threaded, the heuristic uses every core.)
  const CflpIncumbent* reach = nullptr;
  for (const auto& inc_k : rep.incumbents)
    if (inc_k.objective <= h_obj * (1 + 1e-9)) {
      reach = &inc_k;
      break;
    }
  const double h_c = std::max(1e-9, h_cpu);
  if (a.cbc_warm)
    std::printf("%-22s not measured with --cbc-warm (CBC starts from the heuristic's solution)\n", "time ratio");
  else if (reach != nullptr)
    std::printf("%-22s CBC reached the heuristic's objective after %.2f s (CPU %.2f s): %.1fx wall, %.1fx CPU (goal >= 50x)\n", "time ratio",
                reach->seconds, reach->cpu_seconds, reach->seconds / h_t, reach->cpu_seconds / h_c);
  else
    std::printf("%-22s CBC did not reach the heuristic's objective within %.2f s (CPU %.2f s): >= %.1fx wall, >= %.1fx CPU (goal >= 50x)\n",
                "time ratio", rep.seconds, rep.cpu_seconds, rep.seconds / h_t, rep.cpu_seconds / h_c);
  if (!a.cbc_warm && rep.has_incumbent && rep.incumbent <= h_obj * (1 + 1e-9))
    std::printf("%-22s CBC's best (%s) after %.2f s: %.1fx the heuristic's time\n", "", rep.status == "optimal" ? "the optimum" : "its incumbent",
                rep.incumbent_seconds, rep.incumbent_seconds / h_t);
  else if (!a.cbc_warm && rep.has_incumbent)
    std::printf("%-22s CBC's best (found after %.2f s) is worse than the heuristic's\n", "", rep.incumbent_seconds);
  if (!rep.incumbents.empty()) {
    std::printf("%-22s", "CBC incumbents");
    for (const auto& inc_k : rep.incumbents) std::printf(" %.0f@%.1fs", inc_k.objective, inc_k.seconds);
    std::printf("\n");
  }
  return 0;
}
