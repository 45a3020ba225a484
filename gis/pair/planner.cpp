#include "gis/pair/planner.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <numeric>
#include <queue>
#include <set>
#include <string>
#include <utility>

#include "gis/crs/crs.hpp"
#include "gis/pair/assignment.hpp"
#include "gis/pair/planner_detail.hpp"

namespace jiuyou::pair {

const char* to_string(Role r) { return r == Role::helper ? "helper" : "helped"; }
const char* to_string(PairMode m) {
  switch (m) {
    case PairMode::one_to_one: return "one-to-one";
    case PairMode::capacitated: return "capacitated";
    case PairMode::funds: return "funds";
  }
  return "?";
}
const char* to_string(LinkStatus s) {
  switch (s) {
    case LinkStatus::existing: return "existing";
    case LinkStatus::suggested: return "suggested";
    case LinkStatus::dropped: return "dropped";
  }
  return "?";
}

namespace detail {

std::string describe(const Unit& u) {
  const std::string row = u.row >= 0 ? ", row " + std::to_string(u.row) : std::string();
  return u.name.empty() ? u.code + (row.empty() ? "" : " (" + row.substr(2) + ")") : u.name + " (" + u.code + row + ")";
}

std::string km_text(double m) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f km", m / 1000.0);
  return buf;
}

std::string cny_text(double v) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "¥%.0f", v);
  return buf;
}

bool given(double v) { return !std::isnan(v); }

std::map<std::string, uint32_t> code_index(const PairProblem& p) {
  std::map<std::string, uint32_t> idx;
  for (uint32_t i = 0; i < p.units.size(); ++i) idx.emplace(p.units[i].code, i);
  return idx;
}

ErrorBuilder unit_error(const PairProblem& p, const Unit& u, ErrorCode code, const std::string& message) {
  auto b = error(code, message);
  b.file(p.source).layer("units").feature(u.row);
  return b;
}

ErrorBuilder pair_error(const PairProblem& p, const ExistingPair& e, ErrorCode code, const std::string& message) {
  auto b = error(code, "pairs row " + std::to_string(e.row) + ": " + message);
  b.file(p.pairs_source).layer("pairs").feature(e.row);
  return b;
}

}  // namespace detail

using namespace detail;

namespace {

constexpr size_t dense_limit = 2000;  // one-to-one: dense assignment up to this many units a side (~170 MB of costs)

// Local planar approximation (km) for candidate search.
std::vector<Vec2> planar_km(const PairProblem& p, const std::vector<uint32_t>& ids, double lat0_deg) {
  std::vector<Vec2> out;
  out.reserve(ids.size());
  const double kx = 111.320 * std::cos(lat0_deg * M_PI / 180.0);
  for (const uint32_t i : ids) {
    const Vec2 q = p.units[i].position;
    if (p.geographic) {
      out.push_back({q.x * kx, q.y * 110.574});
    } else {
      out.push_back({q.x / 1000.0, q.y / 1000.0});
    }
  }
  return out;
}

struct Prepared {
  std::vector<uint32_t> helpers;      // unit indices with spare capacity after fixed pairs
  std::vector<int64_t> spare;         // per entry of helpers
  std::vector<uint32_t> helped;       // unit indices still short of partners
  std::vector<int64_t> short_by;      // per entry of helped
  std::set<std::pair<uint32_t, uint32_t>> fixed;  // (helper unit, helped unit) kept as they are
  std::vector<double> index;          // strength/need index per unit
  bool mismatch = false;
  std::vector<int64_t> penalty;       // per unit (helped): cost of one missing partner
  int64_t capacity_total = 0;         // all helpers' capacity (funds mode: funds units)
  int64_t demand_total = 0;           // all helped units' wanted partners (funds mode: funds units)
  std::vector<double> need_cny;       // funds mode: per unit, the helped unit's need (see funds_needs)
  std::map<std::pair<uint32_t, uint32_t>, double> fixed_funds;  // funds mode: known funds of the fixed pairs
  double capacity_cny = 0, demand_cny = 0;  // funds mode: as PairPlan's
};

int wanted_partners(const PairParams& params) {
  return params.mode == PairMode::one_to_one ? 1 : params.partners_per_helped;
}

// Funds mode: a helper's funds and a helped unit's need, after the fixed pairs' known funds, in whole units.
// Funds are rounded down (the plan never sends more than a helper has); needs are rounded up, so that a need of
// 10.73万 is met by 11 units and "every need is met" is true of the stated figures, not of a rounded-down one.
void prepare_funds(const PairProblem& p, const PairParams& params, Prepared& pr) {
  pr.need_cny = funds_needs(p, params);
  std::vector<double> used(p.units.size(), 0.0);
  if (!params.replan) {
    const auto idx = code_index(p);
    for (const auto& e : p.existing) {
      const uint32_t h = idx.at(e.helper_code);
      const uint32_t r = idx.at(e.helped_code);
      pr.fixed.emplace(h, r);
      if (given(e.funds_cny_per_year)) {
        pr.fixed_funds[{h, r}] = e.funds_cny_per_year;
        used[h] += e.funds_cny_per_year;
        used[r] += e.funds_cny_per_year;
      }
    }
  }
  const double unit = params.funds_unit_cny;
  for (uint32_t i = 0; i < p.units.size(); ++i) {
    const Unit& u = p.units[i];
    const double have = u.role == Role::helper ? u.funds_cny_per_year : pr.need_cny[i];
    const auto whole = [&](double cny) {
      return static_cast<int64_t>(u.role == Role::helper ? std::floor(cny / unit + 1e-9) : std::ceil(cny / unit - 1e-9));
    };
    if (!given(have)) continue;
    const auto total = whole(have);
    const auto left = whole(std::max(0.0, have - used[i]));
    const double planned_cny = used[i] + static_cast<double>(left) * unit;  // stated pairs as stated, the rest in whole units
    if (u.role == Role::helper) {
      pr.capacity_cny += planned_cny;
      pr.capacity_total += total;
      if (left > 0) {
        pr.helpers.push_back(i);
        pr.spare.push_back(left);
      }
    } else {
      pr.demand_cny += left > 0 ? planned_cny : have;
      pr.demand_total += total;
      if (left > 0) {
        pr.helped.push_back(i);
        pr.short_by.push_back(left);
      }
    }
  }
}

Prepared prepare(const PairProblem& p, const PairParams& params) {
  Prepared pr;
  pr.index = strength_indices(p, params);
  pr.mismatch = has_mismatch_term(p);
  // A needier unit costs more to leave out: the penalty scales with its need index (mean 1).
  pr.penalty.assign(p.units.size(), 0);
  for (size_t i = 0; i < p.units.size(); ++i) pr.penalty[i] = std::llround(params.unmet_penalty * cost_units_per_km * pr.index[i]);
  if (params.mode == PairMode::funds) {
    prepare_funds(p, params, pr);
    return pr;
  }
  std::vector<int64_t> used(p.units.size(), 0);
  if (!params.replan) {
    const auto idx = code_index(p);
    for (const auto& e : p.existing) {
      const uint32_t h = idx.at(e.helper_code);
      const uint32_t r = idx.at(e.helped_code);
      pr.fixed.emplace(h, r);
      ++used[h];
      ++used[r];
    }
  }
  for (uint32_t i = 0; i < p.units.size(); ++i) {
    const Unit& u = p.units[i];
    if (u.role == Role::helper) {
      const int64_t cap = helper_capacity(u, params);
      pr.capacity_total += cap;
      if (cap - used[i] > 0) {
        pr.helpers.push_back(i);
        pr.spare.push_back(cap - used[i]);
      }
    } else {
      const int64_t want = wanted_partners(params);
      pr.demand_total += want;
      if (want - used[i] > 0) {
        pr.helped.push_back(i);
        pr.short_by.push_back(want - used[i]);
      }
    }
  }
  return pr;
}

int64_t mismatch_cost(const Prepared& pr, const PairParams& params, uint32_t h, uint32_t r) {
  if (!pr.mismatch) return 0;
  return std::llround(params.mismatch_weight * std::fabs(pr.index[h] - pr.index[r]) * cost_units_per_km);
}

int64_t distance_cost(const PairParams& params, double distance_m) { return std::llround(params.distance_weight * distance_m); }

bool within_reach(const PairParams& params, double distance_m) {
  return params.max_distance_km <= 0 || distance_m <= params.max_distance_km * 1000.0;
}

}  // namespace

int helper_capacity(const Unit& unit, const PairParams& params) {
  if (params.mode == PairMode::one_to_one) return 1;
  return unit.max_partners < 0 ? params.default_max_partners : unit.max_partners;
}

double unit_distance_m(const PairProblem& problem, uint32_t a, uint32_t b) {
  const Vec2 p = problem.units[a].position;
  const Vec2 q = problem.units[b].position;
  if (problem.geographic) return crs::geodesic_distance_m(p, q);
  return std::hypot(p.x - q.x, p.y - q.y);
}

std::vector<double> strength_indices(const PairProblem& problem, const PairParams& params) {
  const size_t n = problem.units.size();
  std::vector<double> sum(n, 0.0);
  std::vector<int> parts(n, 0);
  // One figure: divide by its mean over the units of `role` that give it, and add it in.
  auto add_component = [&](Role role, auto figure) {
    double total = 0;
    size_t count = 0;
    for (size_t i = 0; i < n; ++i) {
      if (problem.units[i].role != role) continue;
      const double v = figure(problem.units[i]);
      if (given(v)) {
        total += v;
        ++count;
      }
    }
    if (count == 0 || total <= 0) return;
    const double mean = total / static_cast<double>(count);
    for (size_t i = 0; i < n; ++i) {
      if (problem.units[i].role != role) continue;
      const double v = figure(problem.units[i]);
      if (given(v)) {
        sum[i] += v / mean;
        ++parts[i];
      }
    }
  };
  auto per_partner = [&](double v, const Unit& u) {
    const int cap = helper_capacity(u, params);
    return given(v) && cap > 0 ? v / cap : std::numeric_limits<double>::quiet_NaN();
  };
  add_component(Role::helper, [&](const Unit& u) { return per_partner(u.funds_cny_per_year, u); });
  add_component(Role::helper, [&](const Unit& u) { return per_partner(u.jobs, u); });
  add_component(Role::helped, [](const Unit& u) { return u.poor_population; });
  add_component(Role::helped, [](const Unit& u) { return u.gap_cost_cny; });
  add_component(Role::helped, [](const Unit& u) { return u.income_shortfall_cny; });
  std::vector<double> index(n, 1.0);
  for (size_t i = 0; i < n; ++i)
    if (parts[i] > 0) index[i] = sum[i] / parts[i];
  return index;
}

bool has_mismatch_term(const PairProblem& problem) {
  bool helper_side = false;
  bool helped_side = false;
  for (const Unit& u : problem.units) {
    if (u.role == Role::helper && (given(u.funds_cny_per_year) || given(u.jobs))) helper_side = true;
    if (u.role == Role::helped && (given(u.poor_population) || given(u.gap_cost_cny) || given(u.income_shortfall_cny)))
      helped_side = true;
  }
  return helper_side && helped_side;
}

namespace {

struct ModelParts {
  PairFlowModel model;
  Prepared pr;
};

Result<ModelParts> build_model(const PairProblem& p, const PairParams& params) {
  if (auto ok = validate_problem(p, params); !ok) return tl::unexpected(ok.error());
  ModelParts mp;
  mp.pr = prepare(p, params);
  const Prepared& pr = mp.pr;
  PairFlowModel& m = mp.model;
  m.helper_units = pr.helpers;
  m.helped_units = pr.helped;
  m.problem.supply = pr.spare;
  m.problem.demand = pr.short_by;
  for (const uint32_t ru : pr.helped) m.problem.shortage_cost.push_back(pr.penalty[ru]);
  double lat0 = 0;
  for (const Unit& u : p.units) lat0 += u.position.y;
  lat0 = p.units.empty() ? 0 : lat0 / static_cast<double>(p.units.size());
  const auto sites = planar_km(p, pr.helpers, lat0);
  const auto queries = planar_km(p, pr.helped, lat0);
  const size_t k = params.mode == PairMode::one_to_one && std::max(pr.helpers.size(), pr.helped.size()) <= dense_limit
                       ? 0
                       : static_cast<size_t>(params.candidates);
  const auto near = k_nearest(sites, queries, k);
  const bool funds = params.mode == PairMode::funds;
  for (uint32_t r = 0; r < pr.helped.size(); ++r) {
    for (const uint32_t h : near[r]) {
      const uint32_t hu = pr.helpers[h];
      const uint32_t ru = pr.helped[r];
      // A fixed pair takes no second partner slot; in funds mode it may carry more money.
      if (!funds && pr.fixed.count({hu, ru}) != 0) continue;
      const double dist = unit_distance_m(p, hu, ru);
      if (!within_reach(params, dist)) continue;
      const int64_t cd = distance_cost(params, dist);
      // Funds mode, pairs kept: a standing pair that states no money is paid first (cost 0), so that it keeps
      // carrying its helper's funds instead of standing with 0 万元 while the money goes to a new pair (tour 11 K9).
      const bool standing_unstated = funds && pr.fixed.count({hu, ru}) != 0 && pr.fixed_funds.count({hu, ru}) == 0;
      const int64_t cost = standing_unstated ? 0 : cd + mismatch_cost(pr, params, hu, ru);
      m.problem.arcs.push_back({h, r, cost, funds ? pr.short_by[r] : 1});
      m.arc_cost_distance.push_back(cd);
    }
  }
  return mp;
}

}  // namespace

Result<PairFlowModel> build_flow_model(const PairProblem& problem, const PairParams& params) {
  auto mp = build_model(problem, params);
  if (!mp) return tl::unexpected(mp.error());
  return std::move(mp->model);
}

namespace {

// The solver's answer in model indices.
struct Chosen {
  std::vector<std::pair<uint32_t, uint32_t>> pairs;  // (helper index, helped index) of suggested links
  std::vector<int64_t> flow;                         // per pair: partners (1) or funds units
  std::vector<int64_t> unmet;                        // per helped index: partners or funds units short
};

// One-to-one, small: rows helped (+ idle-helper dummies), columns helpers (+ left-out
// dummies); costs clamped at the penalty, so a pair dearer than leaving out is never chosen.
Result<Chosen> solve_dense(const PairFlowModel& m, PairPlan& plan) {
  const size_t nh = m.helper_units.size();
  const size_t nr = m.helped_units.size();
  const size_t n = std::max(nh, nr);
  std::vector<int64_t> cost(n * n, 0);
  for (size_t r = 0; r < n; ++r)
    for (size_t h = 0; h < n; ++h) cost[r * n + h] = r < nr ? m.problem.shortage_cost[r] : 0;
  for (const auto& arc : m.problem.arcs) cost[size_t{arc.to} * n + arc.from] = std::min(arc.cost, m.problem.shortage_cost[arc.to]);
  ASSIGN_OR_RETURN(const auto sol, solve_assignment(cost, n));
  std::vector<int64_t> arc_cost_of(nh * nr, -1);
  for (const auto& arc : m.problem.arcs) arc_cost_of[size_t{arc.to} * nh + arc.from] = arc.cost;
  Chosen out;
  out.unmet.assign(nr, 0);
  for (size_t r = 0; r < nr; ++r) {
    const auto h = static_cast<size_t>(sol.col_of_row[r]);
    const int64_t c = h < nh ? arc_cost_of[r * nh + h] : -1;
    if (h < nh && c >= 0 && c < m.problem.shortage_cost[r]) {
      out.pairs.emplace_back(static_cast<uint32_t>(h), static_cast<uint32_t>(r));
    } else {
      out.unmet[r] = 1;
    }
  }
  out.flow.assign(out.pairs.size(), 1);
  plan.optimised_cost = sol.cost;
  plan.solver = "Jonker-Volgenant dense assignment (" + std::to_string(n) + "×" + std::to_string(n) + ")";
  return out;
}

// Every other case: a min-cost flow of partners (or funds units) over the candidate links.
Result<Chosen> solve_flow(const PairFlowModel& m, const PairParams& params, PairPlan& plan) {
  ASSIGN_OR_RETURN(const auto sol, solve_transport(m.problem));
  Chosen out;
  for (size_t a = 0; a < m.problem.arcs.size(); ++a) {
    if (sol.flow[a] > 0) {
      out.pairs.emplace_back(m.problem.arcs[a].from, m.problem.arcs[a].to);
      out.flow.push_back(sol.flow[a]);
    }
  }
  out.unmet = sol.unmet;
  plan.optimised_cost = sol.cost;
  const std::string arcs = std::to_string(m.problem.arcs.size()) + " candidate links)";
  plan.solver = params.mode == PairMode::funds
                    ? "LEMON NetworkSimplex min-cost flow of funds (units of " + cny_text(params.funds_unit_cny) + ", " + arcs
                    : "LEMON NetworkSimplex min-cost flow (" + arcs;
  return out;
}

using UnitPair = std::pair<uint32_t, uint32_t>;  // (helper unit, helped unit)

// A link with its distance and costs; in funds mode with the money on it and costs per unit of it.
struct LinkMaker {
  const PairProblem& p;
  const PairParams& params;
  const Prepared& pr;
  std::map<UnitPair, int64_t> flow_of;  // funds units the plan sends over a pair

  Link operator()(uint32_t hu, uint32_t ru, LinkStatus status, int64_t row) const {
    Link l;
    l.helper = hu;
    l.helped = ru;
    l.status = status;
    l.distance_m = unit_distance_m(p, hu, ru);
    l.cost_distance = distance_cost(params, l.distance_m);
    l.cost_mismatch = mismatch_cost(pr, params, hu, ru);
    l.existing_row = row;
    if (params.mode == PairMode::funds) {
      // The money on the link: the fixed pair's known funds plus what the plan adds.
      double cny = 0;
      if (status == LinkStatus::dropped) {
        for (const auto& e : p.existing)
          if (e.row == row && given(e.funds_cny_per_year)) cny = e.funds_cny_per_year;
      } else {
        if (auto it = pr.fixed_funds.find({hu, ru}); it != pr.fixed_funds.end()) cny += it->second;
        if (auto it = flow_of.find({hu, ru}); it != flow_of.end()) cny += static_cast<double>(it->second) * params.funds_unit_cny;
      }
      const double units = cny / params.funds_unit_cny;
      l.funds_cny_per_year = cny;
      l.cost_distance = std::llround(static_cast<double>(l.cost_distance) * units);
      l.cost_mismatch = std::llround(static_cast<double>(l.cost_mismatch) * units);
    }
    return l;
  }
};

// Links: existing (kept, or compared with when re-planning), then suggested, then dropped.
void add_links(const PairProblem& p, const PairParams& params, const ModelParts& built, const Chosen& chosen, PairPlan& plan) {
  const PairFlowModel& m = built.model;
  LinkMaker make_link{p, params, built.pr, {}};
  std::set<UnitPair> suggested;
  for (size_t c = 0; c < chosen.pairs.size(); ++c) {
    const UnitPair key{m.helper_units[chosen.pairs[c].first], m.helped_units[chosen.pairs[c].second]};
    suggested.insert(key);
    make_link.flow_of[key] = chosen.flow[c];
  }
  const auto idx = code_index(p);
  std::vector<Link> dropped;
  for (const auto& e : p.existing) {
    const uint32_t hu = idx.at(e.helper_code);
    const uint32_t ru = idx.at(e.helped_code);
    if (!params.replan || suggested.count({hu, ru}) != 0) {
      plan.links.push_back(make_link(hu, ru, LinkStatus::existing, e.row));
      suggested.erase({hu, ru});
    } else {
      dropped.push_back(make_link(hu, ru, LinkStatus::dropped, e.row));
    }
  }
  for (const auto& [hu, ru] : suggested) plan.links.push_back(make_link(hu, ru, LinkStatus::suggested, -1));
  std::stable_sort(plan.links.begin() + static_cast<std::ptrdiff_t>(plan.links.size() - suggested.size()), plan.links.end(),
                   [](const Link& a, const Link& b) { return std::pair{a.helped, a.helper} < std::pair{b.helped, b.helper}; });
  plan.links.insert(plan.links.end(), dropped.begin(), dropped.end());
}

// Partner modes: a pair's known funds, else the helper's funds left after its known pairs, split evenly.
void share_helper_funds(const PairProblem& p, std::vector<Link>& links) {
  const auto idx = code_index(p);
  std::map<UnitPair, const ExistingPair*> existing_of;
  for (const auto& e : p.existing) existing_of[{idx.at(e.helper_code), idx.at(e.helped_code)}] = &e;
  std::map<uint32_t, std::pair<double, int>> known_and_open;  // helper -> (known funds, links without a figure)
  for (auto& l : links) {
    if (l.status == LinkStatus::dropped) continue;
    auto it = existing_of.find({l.helper, l.helped});
    const bool known = it != existing_of.end() && given(it->second->funds_cny_per_year);
    auto& ko = known_and_open[l.helper];
    if (known) {
      l.funds_cny_per_year = it->second->funds_cny_per_year;
      ko.first += l.funds_cny_per_year;
    } else {
      ++ko.second;
    }
  }
  for (auto& l : links) {
    auto it = existing_of.find({l.helper, l.helped});
    if (l.status == LinkStatus::dropped) {
      if (it != existing_of.end()) l.funds_cny_per_year = it->second->funds_cny_per_year;
      continue;
    }
    if (given(l.funds_cny_per_year)) continue;
    const Unit& h = p.units[l.helper];
    const auto& ko = known_and_open[l.helper];
    if (given(h.funds_cny_per_year) && ko.second > 0) l.funds_cny_per_year = std::max(0.0, h.funds_cny_per_year - ko.first) / ko.second;
  }
}

// "3 partners" or "¥25000": an amount in the mode's units.
std::string amount_text(const PairParams& params, int64_t units) {
  return params.mode == PairMode::funds ? cny_text(static_cast<double>(units) * params.funds_unit_cny) : std::to_string(units) + " partners";
}

// Why a helped unit with candidate links is left out: every candidate helper full, or the cheapest free one too dear.
void explain_with_candidates(const PairProblem& p, const PairParams& params, const ModelParts& built, const std::vector<uint32_t>& arcs,
                             const std::vector<int64_t>& spare_after, size_t r, const std::string& uncovered, LeftOut& lo) {
  const PairFlowModel& m = built.model;
  const bool funds = params.mode == PairMode::funds;
  uint32_t best_free = UINT32_MAX;
  uint32_t nearest = arcs.front();
  for (const uint32_t a : arcs) {
    const auto& arc = m.problem.arcs[a];
    if (m.arc_cost_distance[a] < m.arc_cost_distance[nearest]) nearest = a;
    if (spare_after[arc.from] > 0 && (best_free == UINT32_MAX || arc.cost < m.problem.arcs[best_free].cost)) best_free = a;
  }
  const auto& near_arc = m.problem.arcs[nearest];
  const Unit& near_helper = p.units[m.helper_units[near_arc.from]];
  if (best_free == UINT32_MAX) {
    lo.cause = LeftOutCause::helpers_full;
    lo.candidate_helper = m.helper_units[near_arc.from];
    lo.candidate_km = unit_distance_m(p, m.helper_units[near_arc.from], lo.helped) / 1000.0;
    lo.reason = uncovered + "capacity short: all " + std::to_string(arcs.size()) + " candidate helpers are " + (funds ? "spent" : "taken") +
                " (nearest " + describe(near_helper) + ", " + km_text(unit_distance_m(p, m.helper_units[near_arc.from], lo.helped)) +
                "); helpers " + (funds ? "give " : "can take ") + amount_text(params, built.pr.capacity_total) + " in all, helped units " +
                (funds ? "need " : "want ") + amount_text(params, built.pr.demand_total);
    return;
  }
  const auto& arc = m.problem.arcs[best_free];
  lo.cause = LeftOutCause::too_costly;
  lo.candidate_helper = m.helper_units[arc.from];
  lo.candidate_km = unit_distance_m(p, m.helper_units[arc.from], lo.helped) / 1000.0;
  lo.reason = uncovered + "the cheapest free candidate, " + describe(p.units[m.helper_units[arc.from]]) + " (" +
              km_text(unit_distance_m(p, m.helper_units[arc.from], lo.helped)) + "), costs " + std::to_string(arc.cost / 1000) +
              " ≥ its unmet penalty " + std::to_string(m.problem.shortage_cost[r] / 1000) + " (km-equivalent)";
}

// Who is left out, how much short, and why.
std::vector<LeftOut> left_out_units(const PairProblem& p, const PairParams& params, const ModelParts& built, const Chosen& chosen) {
  const PairFlowModel& m = built.model;
  const bool funds = params.mode == PairMode::funds;
  std::vector<int64_t> spare_after = built.pr.spare;
  for (size_t c = 0; c < chosen.pairs.size(); ++c) spare_after[chosen.pairs[c].first] -= chosen.flow[c];
  std::vector<std::vector<uint32_t>> arcs_of(m.helped_units.size());
  for (uint32_t a = 0; a < m.problem.arcs.size(); ++a) arcs_of[m.problem.arcs[a].to].push_back(a);
  std::vector<LeftOut> out;
  for (size_t r = 0; r < m.helped_units.size(); ++r) {
    if (chosen.unmet[r] == 0) continue;
    LeftOut lo;
    lo.helped = m.helped_units[r];
    if (funds) {
      lo.funds_missing_cny = static_cast<double>(chosen.unmet[r]) * params.funds_unit_cny;
    } else {
      lo.partners_missing = static_cast<int>(chosen.unmet[r]);
    }
    const auto& arcs = arcs_of[r];
    const std::string uncovered =
        funds ? cny_text(lo.funds_missing_cny) + " of its " + cny_text(built.pr.need_cny[lo.helped]) + " a year uncovered: " : std::string();
    lo.candidates = static_cast<int>(arcs.size());
    if (arcs.empty()) {
      lo.cause = LeftOutCause::no_helper_in_reach;
      lo.reason = uncovered + (params.max_distance_km > 0 ? "no helper with spare capacity within max_distance_km = " +
                                                                std::to_string(static_cast<int>(params.max_distance_km)) + " km"
                                                          : "no helper has spare capacity left after the fixed pairs");
    } else {
      explain_with_candidates(p, params, built, arcs, spare_after, r, uncovered, lo);
    }
    out.push_back(std::move(lo));
  }
  return out;
}

// The plan in a few sentences: units and capacity, links by status, cost, what is short.
std::string summary_text(const PairProblem& p, const PairParams& params, const Prepared& pr, const Chosen& chosen, const PairPlan& plan) {
  const bool funds = params.mode == PairMode::funds;
  auto amount = [&](int64_t units) { return amount_text(params, units); };
  size_t n_existing = 0, n_suggested = 0, n_dropped = 0;
  for (const auto& l : plan.links) {
    n_existing += l.status == LinkStatus::existing;
    n_suggested += l.status == LinkStatus::suggested;
    n_dropped += l.status == LinkStatus::dropped;
  }
  size_t n_helpers = 0;
  for (const Unit& u : p.units) n_helpers += u.role == Role::helper;
  std::string s = std::to_string(n_helpers) + " helpers (" + (funds ? "funds " : "capacity ") + amount(pr.capacity_total) +
                  (funds ? " a year), " : "), ") + std::to_string(p.units.size() - n_helpers) + " helped units (" +
                  (funds ? "needing " : "wanting ") + amount(pr.demand_total) + (funds ? " a year); mode " : "); mode ") + to_string(params.mode) + (params.replan ? ", existing pairs re-planned" : ", existing pairs kept") +
                  ". " + std::to_string(n_existing) + " existing, " + std::to_string(n_suggested) + " suggested";
  if (params.replan) s += ", " + std::to_string(n_dropped) + " existing dropped";
  s += " links; total cost " + std::to_string(plan.total_cost / 1000) + " km-equivalent.";
  if (funds) {
    int64_t moved = 0;
    for (const int64_t f : chosen.flow) moved += f;
    s += " The plan moves " + amount(moved) + " a year.";
  }
  if (plan.left_out.empty()) return s + (funds ? " Every helped unit's need is covered." : " Every helped unit has its partners.");
  int64_t short_total = 0;
  for (const int64_t u : chosen.unmet) short_total += u;
  s += " " + std::to_string(plan.left_out.size()) + (funds ? " helped units short of funds, " : " helped units left out, ") + amount(short_total) +
       " short";
  if (pr.capacity_total < pr.demand_total)
    s += ": capacity short by " + amount(pr.demand_total - pr.capacity_total);
  else
    s += " (capacity suffices in total; see the reasons per unit)";
  return s + ".";
}

}  // namespace

// Model, solve, links (with their funds), costs, who is left out and why, summary.
Result<PairPlan> plan_pairs(const PairProblem& p, const PairParams& params) {
  ASSIGN_OR_RETURN(const ModelParts built, build_model(p, params));
  const PairFlowModel& m = built.model;
  const bool funds = params.mode == PairMode::funds;
  PairPlan plan;
  const bool dense = params.mode == PairMode::one_to_one && std::max(m.helper_units.size(), m.helped_units.size()) <= dense_limit;
  ASSIGN_OR_RETURN(const Chosen chosen, dense ? solve_dense(m, plan) : solve_flow(m, params, plan));
  if (funds) plan.funds_need_cny = built.pr.need_cny;
  add_links(p, params, built, chosen, plan);
  if (!funds) share_helper_funds(p, plan.links);
  int64_t links_cost = 0;
  for (const auto& l : plan.links)
    if (l.status != LinkStatus::dropped) links_cost += l.cost_total();
  int64_t penalties = 0;
  for (size_t r = 0; r < m.helped_units.size(); ++r) penalties += chosen.unmet[r] * m.problem.shortage_cost[r];
  plan.total_cost = links_cost + penalties;
  plan.left_out = left_out_units(p, params, built, chosen);
  plan.summary = summary_text(p, params, built.pr, chosen, plan);
  plan.capacity_total = built.pr.capacity_total;
  plan.demand_total = built.pr.demand_total;
  plan.capacity_cny = built.pr.capacity_cny;
  plan.demand_cny = built.pr.demand_cny;
  for (const int64_t f : chosen.flow) plan.moved_total += funds ? f : 0;
  return plan;
}

}  // namespace jiuyou::pair
