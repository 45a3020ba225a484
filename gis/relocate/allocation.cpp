// The allocation: the capacitated facility-location instance over the sites some village can
// reach (a dummy facility holds the unplaced when K = 0), solved by the Lagrangian heuristic or
// by CBC from the heuristic's plan, and the solution turned into flows, unplaced households
// and chosen sites.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "gis/plan/cflp.hpp"
#include "gis/plan/time_limit.hpp"
#include "gis/relocate/stages.hpp"

namespace jiuyou::plan::detail {

namespace {

// With K: too little capacity among the K largest sites is an error that says how many
// households and from which villages.
Result<void> check_capacity_for_k(const AllocationProblem& a, const ReachTable& reach, const RelocateParams& p, const RelocationPlan& plan) {
  const double demand = a.inst.total_demand();
  std::vector<double> caps(a.inst.capacity);
  std::sort(caps.rbegin(), caps.rend());
  double top = 0;
  for (size_t k = 0; k < caps.size() && k < static_cast<size_t>(p.max_sites); ++k) top += caps[k];
  if (top >= demand) return {};
  std::vector<std::pair<double, uint32_t>> worst;
  for (uint32_t j : a.client_mover) {
    double c = 0;
    for (const auto& r : reach[j]) c += static_cast<double>(plan.sites[r.site].capacity);
    worst.emplace_back(c / static_cast<double>(plan.movers[j].households), j);
  }
  std::sort(worst.begin(), worst.end());
  std::string where;
  for (size_t k = 0; k < worst.size() && k < 8; ++k) {
    const Mover& m = plan.movers[worst[k].second];
    where += (k ? ", " : "") + (m.name.empty() ? m.code : m.name + " " + m.code) + " (" + std::to_string(m.households) + " households)";
  }
  return error(ErrorCode::solver, "capacity too small: " + std::to_string(static_cast<int64_t>(demand - top)) + " of " +
                                      std::to_string(static_cast<int64_t>(demand)) + " households cannot be placed at K = " +
                                      std::to_string(p.max_sites) + " sites (the " + std::to_string(p.max_sites) + " largest reachable sites hold " +
                                      std::to_string(static_cast<int64_t>(top)) + "); villages with the least room within reach: " + where)
      .hint("raise --k, max_travel_km or the buildable area, or run with K = 0 to place whom the sites can hold");
}

// Clients (movers with a site in reach) and facilities (those sites, in site order so the
// instance does not depend on the village order); movers with none are unplaced.
void clients_and_facilities(const ReachTable& reach, const RelocateParams& p, RelocationPlan& plan, AllocationProblem& a) {
  std::vector<int32_t> fac_of_site(plan.sites.size(), -1);
  for (size_t j = 0; j < plan.movers.size(); ++j) {
    if (reach[j].empty()) {
      plan.unplaced.push_back(Unplaced{static_cast<uint32_t>(j), plan.movers[j].households,
                                       "no buildable site within " + std::to_string(static_cast<int>(p.max_travel_km)) + " km"});
      continue;
    }
    a.client_mover.push_back(static_cast<uint32_t>(j));
    for (const auto& r : reach[j]) {
      if (fac_of_site[r.site] >= 0) continue;
      fac_of_site[r.site] = static_cast<int32_t>(a.site_of_fac.size());
      a.site_of_fac.push_back(r.site);
    }
  }
  std::sort(a.site_of_fac.begin(), a.site_of_fac.end());
}

}  // namespace

Result<std::optional<AllocationProblem>> build_instance(const ReachTable& reach, const RelocateParams& p, RelocationPlan& plan) {
  AllocationProblem a;
  clients_and_facilities(reach, p, plan, a);
  if (a.client_mover.empty()) return std::optional<AllocationProblem>{};
  std::vector<int32_t> fac_of_site(plan.sites.size(), -1);
  for (size_t f = 0; f < a.site_of_fac.size(); ++f) fac_of_site[a.site_of_fac[f]] = static_cast<int32_t>(f);
  a.inst.name = "relocate";
  a.with_dummy = p.max_sites == 0;
  const auto nf = static_cast<int32_t>(a.site_of_fac.size() + (a.with_dummy ? 1 : 0));
  const auto nc = static_cast<int32_t>(a.client_mover.size());
  std::vector<CostEntry> entries;
  double demand = 0;
  for (int32_t c = 0; c < nc; ++c) {
    const uint32_t j = a.client_mover[static_cast<size_t>(c)];
    const auto h = static_cast<double>(plan.movers[j].households);
    a.inst.demand.push_back(h);
    demand += h;
    for (const auto& r : reach[j]) entries.push_back(CostEntry{c, fac_of_site[r.site], h * r.km * p.cny_per_household_km});
    if (a.with_dummy) entries.push_back(CostEntry{c, nf - 1, h * p.unplaced_cny_per_household});
  }
  for (uint32_t s : a.site_of_fac) {
    a.inst.fixed_cost.push_back(plan.sites[s].fixed_cny);
    a.inst.capacity.push_back(static_cast<double>(plan.sites[s].capacity));
  }
  if (a.with_dummy) {
    a.inst.fixed_cost.push_back(0);
    a.inst.capacity.push_back(demand);  // a finite slot: unlimited capacity with a huge penalty stalled the min-cost flow
  }
  if (p.max_sites > 0)
    if (auto ok = check_capacity_for_k(a, reach, p, plan); !ok) return tl::unexpected(ok.error());
  auto cm = CostMatrix::sparse(nc, nf, std::move(entries));
  if (!cm) return tl::unexpected(cm.error());
  a.inst.cost = std::move(*cm);
  return std::optional<AllocationProblem>(std::move(a));
}

Result<FacilitySolution> solve_allocation(const AllocationProblem& a, const RelocateParams& p) {
  CflpParams cp;
  cp.single_source = p.single_source;
  cp.max_open = a.with_dummy ? 0 : p.max_sites;
  cp.time_limit_s = p.time_limit_s;
  if (!p.exact) return solve_cflp_heuristic(a.inst, cp);
  // Exact: the heuristic's whole plan first (its work is bounded by its iteration counts, not
  // by the clock), then CBC from it within the time limit; a limit too short for CBC returns
  // the heuristic's plan, not proven, instead of a worse one.
  const TimeLimit limit(p.time_limit_s);
  CflpParams hp = cp;
  hp.time_limit_s = 0;
  auto h = solve_cflp_heuristic(a.inst, hp);
  if (!h || h->proven_optimal) return h;
  if (limit.limited() && limit.seconds_left() <= 0) {
    h->stopped_by_time_limit = true;
    return h;
  }
  cp.time_limit_s = limit.limited() ? limit.seconds_left() : 0.0;
  return solve_cflp_exact_from(a.inst, *h, cp);
}

namespace {

// Households of each allocation, rounded per village so they sum to the village's households.
void add_flows(const AllocationProblem& a, const FacilitySolution& sol, const ReachTable& reach, const RelocateParams& p,
               RelocationPlan& plan, std::vector<int64_t>& unplaced_of) {
  const auto nf = a.inst.num_facilities();
  std::vector<int64_t> left(plan.movers.size());
  for (size_t j = 0; j < plan.movers.size(); ++j) left[j] = plan.movers[j].households;
  const auto& allocs = sol.allocations;
  for (size_t k = 0; k < allocs.size(); ++k) {
    const auto& al = allocs[k];
    const uint32_t j = a.client_mover[static_cast<size_t>(al.client)];
    const bool last_of_client = k + 1 == allocs.size() || allocs[k + 1].client != al.client;
    const int64_t n =
        last_of_client ? left[j] : std::min(left[j], static_cast<int64_t>(std::llround(al.share * static_cast<double>(plan.movers[j].households))));
    left[j] -= n;
    if (n <= 0) continue;
    if (a.with_dummy && al.facility == nf - 1) {
      unplaced_of[j] += n;
      continue;
    }
    const uint32_t s = a.site_of_fac[static_cast<size_t>(al.facility)];
    double km = 0;
    bool by_net = false;
    for (const auto& r : reach[j])
      if (r.site == s) km = r.km, by_net = r.network;
    plan.flows.push_back(Flow{j, s, n, km, by_net});
    plan.sites[s].chosen = true;
    plan.sites[s].assigned += n;
    plan.placed += n;
    plan.travel_cny += static_cast<double>(n) * km * p.cny_per_household_km;
  }
}

// Full sites, or a site with room that costs more to open than leaving them (the penalty)?
void add_unplaced(const std::vector<int64_t>& unplaced_of, const ReachTable& reach, const RelocateParams& p, RelocationPlan& plan) {
  for (size_t j = 0; j < plan.movers.size(); ++j) {
    if (unplaced_of[j] <= 0) continue;
    int64_t room = 0;
    for (const auto& r : reach[j]) room = std::max(room, plan.sites[r.site].capacity - plan.sites[r.site].assigned);
    char buf[240];
    if (room >= unplaced_of[j])
      std::snprintf(buf, sizeof buf,
                    "cost: opening or reaching a site within %.0f km costs more than the unplaced penalty (%.0f CNY/household); raise "
                    "unplaced_cny_per_household to force a place",
                    p.max_travel_km, p.unplaced_cny_per_household);
    else
      std::snprintf(buf, sizeof buf, "capacity: the sites within %.0f km are full", p.max_travel_km);
    plan.unplaced.push_back(Unplaced{static_cast<uint32_t>(j), unplaced_of[j], buf});
  }
}

}  // namespace

void apply_solution(const AllocationProblem& a, const FacilitySolution& sol, const ReachTable& reach, const RelocateParams& p,
                    const Scoring& scoring, RelocationPlan& plan) {
  plan.method = sol.method;
  plan.proven_optimal = sol.proven_optimal;
  plan.stopped_by_time_limit = sol.stopped_by_time_limit;
  plan.solve_seconds = sol.seconds;
  plan.lower_bound_cny = sol.lower_bound;
  plan.gap = sol.gap();
  std::vector<int64_t> unplaced_of(plan.movers.size(), 0);
  add_flows(a, sol, reach, p, plan, unplaced_of);
  add_unplaced(unplaced_of, reach, p, plan);
  const auto nf = a.inst.num_facilities();
  for (int32_t f : sol.open)
    if (!(a.with_dummy && f == nf - 1)) plan.sites[a.site_of_fac[static_cast<size_t>(f)]].chosen = true;
  for (const auto& s : plan.sites)
    if (s.chosen) plan.site_cny += s.fixed_cny;
  // A chosen site's fields distance: over the households it actually holds.
  std::vector<double> held(plan.sites.size(), 0.0), held_km(plan.sites.size(), 0.0);
  for (const auto& f : plan.flows) {
    held[f.site] += static_cast<double>(f.households);
    held_km[f.site] += static_cast<double>(f.households) * f.distance_km;
  }
  for (size_t i = 0; i < plan.sites.size(); ++i)
    if (plan.sites[i].chosen && held[i] > 0) {
      plan.sites[i].fields_km = held_km[i] / held[i];
      scoring.score(plan.sites[i]);
    }
  for (const int64_t n : unplaced_of) plan.unplaced_cny += static_cast<double>(n) * p.unplaced_cny_per_household;
  plan.objective_cny = plan.travel_cny + plan.site_cny + plan.unplaced_cny;
}

}  // namespace jiuyou::plan::detail
