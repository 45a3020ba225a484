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

namespace {

constexpr size_t dense_limit = 2000;  // one-to-one: dense assignment up to this many units a side (~170 MB of costs)

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
};

int wanted_partners(const PairParams& params) {
  return params.mode == PairMode::one_to_one ? 1 : params.partners_per_helped;
}

// Funds mode: a helper's funds and a helped unit's need, after the fixed pairs' known funds, in whole units
// (rounded down: the plan never sends more than a helper has or a unit needs).
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
    const auto total = static_cast<int64_t>(std::floor(have / unit + 1e-9));
    const auto left = static_cast<int64_t>(std::floor(std::max(0.0, have - used[i]) / unit + 1e-9));
    if (u.role == Role::helper) {
      pr.capacity_total += total;
      if (left > 0) {
        pr.helpers.push_back(i);
        pr.spare.push_back(left);
      }
    } else {
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

std::vector<double> funds_needs(const PairProblem& problem, const PairParams& params) {
  const size_t n = problem.units.size();
  std::vector<double> need(n, std::numeric_limits<double>::quiet_NaN());
  double stated_total = 0;
  size_t stated = 0;
  for (size_t i = 0; i < n; ++i) {
    const Unit& u = problem.units[i];
    if (u.role != Role::helped) continue;
    if (given(u.need_cny_per_year)) {
      need[i] = u.need_cny_per_year;
    } else if (given(u.income_shortfall_cny) || given(u.gap_cost_cny)) {
      need[i] = (given(u.income_shortfall_cny) ? u.income_shortfall_cny : 0.0) + (given(u.gap_cost_cny) ? u.gap_cost_cny : 0.0);
    } else {
      continue;
    }
    stated_total += need[i];
    ++stated;
  }
  const std::vector<double> index = strength_indices(problem, params);
  double index_total = 0;
  double funds_total = 0;
  for (size_t i = 0; i < n; ++i) {
    const Unit& u = problem.units[i];
    if (u.role == Role::helped && !given(need[i])) index_total += index[i];
    if (u.role == Role::helper && given(u.funds_cny_per_year)) funds_total += u.funds_cny_per_year;
  }
  for (size_t i = 0; i < n; ++i) {
    if (problem.units[i].role != Role::helped || given(need[i])) continue;
    if (stated > 0) {
      need[i] = stated_total / static_cast<double>(stated) * index[i];
    } else {
      need[i] = index_total > 0 ? funds_total * index[i] / index_total : 0.0;
    }
  }
  return need;
}

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

Result<void> validate_problem(const PairProblem& p, const PairParams& params) {
  if (p.units.empty())
    return error(ErrorCode::input, "no units to pair").file(p.source).hint("the units layer needs rows with code, name and role");
  std::map<std::string, uint32_t> seen;
  size_t helpers = 0;
  size_t helped = 0;
  for (uint32_t i = 0; i < p.units.size(); ++i) {
    const Unit& u = p.units[i];
    if (u.code.empty()) return unit_error(p, u, ErrorCode::input, "unit '" + u.name + "' has no code").field("code");
    auto [it, inserted] = seen.emplace(u.code, i);
    if (!inserted)
      return unit_error(p, u, ErrorCode::input, "code " + u.code + " appears twice: " + describe(p.units[it->second]) + " and " + describe(u))
          .field("code")
          .hint("every unit needs its own code");
    if (!std::isfinite(u.position.x) || !std::isfinite(u.position.y))
      return unit_error(p, u, ErrorCode::input, describe(u) + " has no position").hint("give it a point or polygon geometry");
    if (p.geographic && (std::fabs(u.position.x) > 180 || std::fabs(u.position.y) > 90))
      return unit_error(p, u, ErrorCode::input, describe(u) + " lies outside lon/lat range")
          .hint("lon first, then lat, in degrees");
    const std::pair<const char*, double> figures[] = {{"funds_cny_per_year", u.funds_cny_per_year},
                                                      {"jobs", u.jobs},
                                                      {"poor_population", u.poor_population},
                                                      {"gap_cost_cny", u.gap_cost_cny},
                                                      {"income_shortfall_cny", u.income_shortfall_cny},
                                                      {"need_cny_per_year", u.need_cny_per_year}};
    for (const auto& [field, value] : figures) {
      if (given(value) && !(value >= 0 && std::isfinite(value)))
        return unit_error(p, u, ErrorCode::input, describe(u) + ": " + field + " must be a number >= 0, got " + std::to_string(value))
            .field(field);
    }
    if (u.role == Role::helper) {
      ++helpers;
      if (params.mode == PairMode::funds) {
        if (!given(u.funds_cny_per_year))
          return unit_error(p, u, ErrorCode::input, "helper " + describe(u) + " has no funds_cny_per_year: funds mode moves money, so every helper needs its funds")
              .field("funds_cny_per_year")
              .hint("give the helper's funds per year, or use --mode capacitated to plan partner counts");
        if (u.funds_cny_per_year < params.funds_unit_cny)
          return unit_error(p, u, ErrorCode::input,
                            "helper " + describe(u) + " has zero capacity: funds_cny_per_year " + cny_text(u.funds_cny_per_year) +
                                " is less than one funds unit (" + cny_text(params.funds_unit_cny) + ")")
              .field("funds_cny_per_year")
              .hint("give it its funds per year, lower [pair] funds_unit_cny, or take it out of the units");
        continue;
      }
      if (u.max_partners == 0 || (given(u.funds_cny_per_year) && u.funds_cny_per_year == 0 && u.max_partners <= 0))
        return unit_error(p, u, ErrorCode::input,
                          "helper " + describe(u) + " has zero capacity (" +
                              (u.max_partners == 0 ? std::string("max_partners = 0") : std::string("funds_cny_per_year = 0")) +
                              "): it cannot take any partner")
            .field(u.max_partners == 0 ? "max_partners" : "funds_cny_per_year")
            .hint("give it max_partners >= 1 (and its funds), or take it out of the units");
    } else {
      ++helped;
    }
  }
  if (helpers == 0) return error(ErrorCode::input, "no helper units (role helper) among the units").file(p.source).field("role");
  if (helped == 0) return error(ErrorCode::input, "no helped units (role helped) among the units").file(p.source).field("role");

  std::set<std::pair<std::string, std::string>> pairs_seen;
  std::map<uint32_t, std::vector<const ExistingPair*>> by_helper, by_helped;
  for (const auto& e : p.existing) {
    auto h = seen.find(e.helper_code);
    auto r = seen.find(e.helped_code);
    if (h == seen.end())
      return pair_error(p, e, ErrorCode::input, "helper code '" + e.helper_code + "' is not among the units")
          .field("helper_code")
          .hint("check the code against the units layer (6-digit county, 9-digit township, 12-digit village codes)");
    if (r == seen.end())
      return pair_error(p, e, ErrorCode::input, "helped code '" + e.helped_code + "' is not among the units")
          .field("helped_code")
          .hint("check the code against the units layer (6-digit county, 9-digit township, 12-digit village codes)");
    if (p.units[h->second].role != Role::helper)
      return pair_error(p, e, ErrorCode::input, describe(p.units[h->second]) + " is a helped unit, not a helper").field("helper_code");
    if (p.units[r->second].role != Role::helped)
      return pair_error(p, e, ErrorCode::input, describe(p.units[r->second]) + " is a helper, not a helped unit").field("helped_code");
    if (!pairs_seen.emplace(e.helper_code, e.helped_code).second)
      return pair_error(p, e, ErrorCode::input, "the pair " + e.helper_code + " -> " + e.helped_code + " is listed twice");
    if (given(e.funds_cny_per_year) && !(e.funds_cny_per_year >= 0 && std::isfinite(e.funds_cny_per_year)))
      return pair_error(p, e, ErrorCode::input, "funds_cny_per_year must be a number >= 0").field("funds_cny_per_year");
    by_helper[h->second].push_back(&e);
    by_helped[r->second].push_back(&e);
  }
  if (params.replan) return {};

  auto rows_text = [](const std::vector<const ExistingPair*>& list) {
    std::string s;
    for (size_t i = 0; i < list.size(); ++i) s += (i == 0 ? "" : i + 1 == list.size() ? " and " : ", ") + std::to_string(list[i]->row);
    return s;
  };
  for (const auto& [h, list] : by_helper) {
    const Unit& u = p.units[h];
    const int cap = helper_capacity(u, params);
    if (params.mode != PairMode::funds && static_cast<int>(list.size()) > cap)
      return pair_error(p, *list.back(), ErrorCode::solver,
                        "infeasible fixed pairs: helper " + describe(u) + " can take " + std::to_string(cap) +
                            (cap == 1 ? " partner" : " partners") + " (" +
                            (params.mode == PairMode::one_to_one ? std::string("one-to-one mode")
                                                                 : u.max_partners < 0 ? "default_max_partners" : "max_partners") +
                            ") but rows " + rows_text(list) + " pair it with " + std::to_string(list.size()) + ": " +
                            std::to_string(list.size() - static_cast<size_t>(cap)) + " short")
          .field("helper_code")
          .hint("raise max_partners of " + u.code + ", use --mode capacitated, or re-plan the pairs (--replan)");
    if (given(u.funds_cny_per_year)) {
      double committed = 0;
      for (const auto* e : list)
        if (given(e->funds_cny_per_year)) committed += e->funds_cny_per_year;
      if (committed > u.funds_cny_per_year + 0.5)
        return pair_error(p, *list.back(), ErrorCode::solver,
                          "infeasible fixed pairs: helper " + describe(u) + " has " + cny_text(u.funds_cny_per_year) +
                              " a year but rows " + rows_text(list) + " commit " + cny_text(committed) + ": " +
                              cny_text(committed - u.funds_cny_per_year) + " short")
            .field("funds_cny_per_year")
            .hint("raise the helper's funds_cny_per_year or correct the pairs' funds");
    }
  }
  if (params.mode == PairMode::one_to_one) {
    for (const auto& [r, list] : by_helped) {
      if (list.size() > 1)
        return pair_error(p, *list.back(), ErrorCode::solver,
                          "infeasible fixed pairs in one-to-one mode: " + describe(p.units[r]) + " has " +
                              std::to_string(list.size()) + " helpers (rows " + rows_text(list) + "), one allowed")
            .field("helped_code")
            .hint("use --mode capacitated, or re-plan the pairs (--replan)");
    }
  }
  return {};
}

std::vector<std::vector<uint32_t>> k_nearest(const std::vector<Vec2>& sites, const std::vector<Vec2>& queries, size_t k) {
  std::vector<std::vector<uint32_t>> out(queries.size());
  const size_t n = sites.size();
  if (n == 0) return out;
  auto d2 = [&](const Vec2& q, uint32_t s) {
    const double dx = sites[s].x - q.x;
    const double dy = sites[s].y - q.y;
    return dx * dx + dy * dy;
  };
  using Entry = std::pair<double, uint32_t>;  // (squared distance, site): ordered, so ties go by index
  if (k == 0 || k >= n || n * queries.size() <= 200000) {
    const size_t take = (k == 0 || k >= n) ? n : k;
    std::vector<Entry> all(n);
    for (size_t q = 0; q < queries.size(); ++q) {
      for (uint32_t s = 0; s < n; ++s) all[s] = {d2(queries[q], s), s};
      std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(take), all.end());
      out[q].resize(take);
      for (size_t i = 0; i < take; ++i) out[q][i] = all[i].second;
    }
    return out;
  }
  // Uniform grid over the sites, about two sites a cell.
  BBox box;
  for (const auto& s : sites) box.expand(s.x, s.y);
  const double area = std::max(box.width() * box.height(), 1e-12);
  double cell = std::sqrt(2.0 * area / static_cast<double>(n));
  cell = std::max({cell, box.width() / 2048.0, box.height() / 2048.0, 1e-9});
  const auto gx = static_cast<int64_t>(box.width() / cell) + 1;
  const auto gy = static_cast<int64_t>(box.height() / cell) + 1;
  auto cell_of = [&](const Vec2& v) {
    const int64_t cx = std::clamp(static_cast<int64_t>(std::floor((v.x - box.min_x) / cell)), int64_t{0}, gx - 1);
    const int64_t cy = std::clamp(static_cast<int64_t>(std::floor((v.y - box.min_y) / cell)), int64_t{0}, gy - 1);
    return std::pair{cx, cy};
  };
  std::vector<uint32_t> start(static_cast<size_t>(gx * gy) + 1, 0), items(n);
  for (const auto& s : sites) {
    auto [cx, cy] = cell_of(s);
    ++start[static_cast<size_t>(cy * gx + cx) + 1];
  }
  std::partial_sum(start.begin(), start.end(), start.begin());
  {
    std::vector<uint32_t> fill(start.begin(), start.end() - 1);
    for (uint32_t s = 0; s < n; ++s) {
      auto [cx, cy] = cell_of(sites[s]);
      items[fill[static_cast<size_t>(cy * gx + cx)]++] = s;
    }
  }
  std::priority_queue<Entry> heap;  // the k best so far, worst on top
  for (size_t q = 0; q < queries.size(); ++q) {
    const Vec2 v = queries[q];
    auto [cx, cy] = cell_of(v);
    auto visit = [&](int64_t x, int64_t y) {
      if (x < 0 || y < 0 || x >= gx || y >= gy) return;
      const auto c = static_cast<size_t>(y * gx + x);
      for (uint32_t i = start[c]; i < start[c + 1]; ++i) {
        const Entry e{d2(v, items[i]), items[i]};
        if (heap.size() < k) {
          heap.push(e);
        } else if (e < heap.top()) {
          heap.pop();
          heap.push(e);
        }
      }
    };
    const int64_t max_ring = std::max(gx, gy);
    for (int64_t ring = 0; ring <= max_ring; ++ring) {
      if (ring == 0) {
        visit(cx, cy);
      } else {
        for (int64_t x = cx - ring; x <= cx + ring; ++x) {
          visit(x, cy - ring);
          visit(x, cy + ring);
        }
        for (int64_t y = cy - ring + 1; y <= cy + ring - 1; ++y) {
          visit(cx - ring, y);
          visit(cx + ring, y);
        }
      }
      // Every site in a farther ring is at least ring × cell away.
      if (heap.size() == k) {
        const double bound = static_cast<double>(ring) * cell;
        if (heap.top().first <= bound * bound) break;
      }
    }
    out[q].resize(heap.size());
    for (size_t i = heap.size(); i-- > 0;) {
      out[q][i] = heap.top().second;
      heap.pop();
    }
  }
  return out;
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
      const int64_t cost = cd + mismatch_cost(pr, params, hu, ru);
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

Result<PairPlan> plan_pairs(const PairProblem& p, const PairParams& params) {
  auto built = build_model(p, params);
  if (!built) return tl::unexpected(built.error());
  const PairFlowModel& m = built->model;
  const Prepared& pr = built->pr;
  const size_t nh = m.helper_units.size();
  const size_t nr = m.helped_units.size();

  // Suggested (source, sink) pairs and unmet demand per sink.
  std::vector<std::pair<uint32_t, uint32_t>> chosen;
  std::vector<int64_t> chosen_flow;  // per chosen pair: partners (1) or funds units
  std::vector<int64_t> unmet(nr, 0);
  const bool funds = params.mode == PairMode::funds;
  PairPlan plan;
  const bool dense = params.mode == PairMode::one_to_one && std::max(nh, nr) <= dense_limit;
  if (dense) {
    // Rows: helped (+ idle-helper dummies), columns: helpers (+ left-out dummies); costs clamped at the penalty.
    const size_t n = std::max(nh, nr);
    std::vector<int64_t> cost(n * n, 0);
    for (size_t r = 0; r < n; ++r)
      for (size_t h = 0; h < n; ++h) cost[r * n + h] = r < nr ? m.problem.shortage_cost[r] : 0;
    for (const auto& arc : m.problem.arcs) cost[size_t{arc.to} * n + arc.from] = std::min(arc.cost, m.problem.shortage_cost[arc.to]);
    auto sol = solve_assignment(cost, n);
    if (!sol) return tl::unexpected(sol.error());
    std::vector<int64_t> arc_cost_of(nh * nr, -1);
    for (const auto& arc : m.problem.arcs) arc_cost_of[size_t{arc.to} * nh + arc.from] = arc.cost;
    for (size_t r = 0; r < nr; ++r) {
      const auto h = static_cast<size_t>(sol->col_of_row[r]);
      const int64_t c = h < nh ? arc_cost_of[r * nh + h] : -1;
      if (h < nh && c >= 0 && c < m.problem.shortage_cost[r]) {
        chosen.emplace_back(static_cast<uint32_t>(h), static_cast<uint32_t>(r));
      } else {
        unmet[r] = 1;
      }
    }
    plan.optimised_cost = sol->cost;
    plan.solver = "Jonker-Volgenant dense assignment (" + std::to_string(n) + "×" + std::to_string(n) + ")";
  } else {
    auto sol = solve_transport(m.problem);
    if (!sol) return tl::unexpected(sol.error());
    for (size_t a = 0; a < m.problem.arcs.size(); ++a) {
      if (sol->flow[a] > 0) {
        chosen.emplace_back(m.problem.arcs[a].from, m.problem.arcs[a].to);
        chosen_flow.push_back(sol->flow[a]);
      }
    }
    unmet = sol->unmet;
    plan.optimised_cost = sol->cost;
    plan.solver = funds ? "LEMON NetworkSimplex min-cost flow of funds (units of " + cny_text(params.funds_unit_cny) + ", " +
                              std::to_string(m.problem.arcs.size()) + " candidate links)"
                        : "LEMON NetworkSimplex min-cost flow (" + std::to_string(m.problem.arcs.size()) + " candidate links)";
  }
  chosen_flow.resize(chosen.size(), 1);
  if (funds) plan.funds_need_cny = pr.need_cny;

  // Links: existing (kept, or compared with when re-planning), then suggested, then dropped.
  const auto idx = code_index(p);
  std::set<std::pair<uint32_t, uint32_t>> suggested;
  std::map<std::pair<uint32_t, uint32_t>, int64_t> flow_of;  // (helper unit, helped unit) -> funds units sent
  for (size_t c = 0; c < chosen.size(); ++c) {
    const std::pair<uint32_t, uint32_t> key{m.helper_units[chosen[c].first], m.helped_units[chosen[c].second]};
    suggested.insert(key);
    flow_of[key] = chosen_flow[c];
  }
  auto make_link = [&](uint32_t hu, uint32_t ru, LinkStatus status, int64_t row) {
    Link l;
    l.helper = hu;
    l.helped = ru;
    l.status = status;
    l.distance_m = unit_distance_m(p, hu, ru);
    l.cost_distance = distance_cost(params, l.distance_m);
    l.cost_mismatch = mismatch_cost(pr, params, hu, ru);
    l.existing_row = row;
    if (funds) {
      // The money on the link: the fixed pair's known funds plus what the plan adds; costs per unit of it.
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
  };
  std::vector<Link> dropped;
  std::map<std::pair<uint32_t, uint32_t>, const ExistingPair*> existing_of;
  for (const auto& e : p.existing) {
    const uint32_t hu = idx.at(e.helper_code);
    const uint32_t ru = idx.at(e.helped_code);
    existing_of[{hu, ru}] = &e;
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

  // Funds: a pair's known figure, else the helper's funds left after its known pairs, split evenly.
  std::map<uint32_t, std::pair<double, int>> known_and_open;  // helper -> (known funds, links without a figure)
  for (auto& l : plan.links) {
    if (funds || l.status == LinkStatus::dropped) continue;
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
  for (auto& l : plan.links) {
    if (funds) continue;
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

  // Costs.
  int64_t links_cost = 0;
  for (const auto& l : plan.links)
    if (l.status != LinkStatus::dropped) links_cost += l.cost_total();
  int64_t partners_short = 0;
  for (size_t r = 0; r < nr; ++r) partners_short += unmet[r];
  int64_t penalties = 0;
  for (size_t r = 0; r < nr; ++r) penalties += unmet[r] * m.problem.shortage_cost[r];
  plan.total_cost = links_cost + penalties;

  // Who is left out, and why.
  std::vector<int64_t> spare_after = pr.spare;
  for (size_t c = 0; c < chosen.size(); ++c) spare_after[chosen[c].first] -= chosen_flow[c];
  const double unit_cny = params.funds_unit_cny;
  auto amount = [&](int64_t units) { return funds ? cny_text(static_cast<double>(units) * unit_cny) : std::to_string(units) + " partners"; };
  std::vector<std::vector<uint32_t>> arcs_of(nr);
  for (uint32_t a = 0; a < m.problem.arcs.size(); ++a) arcs_of[m.problem.arcs[a].to].push_back(a);
  for (size_t r = 0; r < nr; ++r) {
    if (unmet[r] == 0) continue;
    LeftOut lo;
    lo.helped = m.helped_units[r];
    if (funds) {
      lo.funds_missing_cny = static_cast<double>(unmet[r]) * unit_cny;
    } else {
      lo.partners_missing = static_cast<int>(unmet[r]);
    }
    const auto& arcs = arcs_of[r];
    const std::string uncovered =
        funds ? cny_text(lo.funds_missing_cny) + " of its " + cny_text(pr.need_cny[lo.helped]) + " a year uncovered: " : std::string();
    lo.candidates = static_cast<int>(arcs.size());
    if (arcs.empty()) {
      lo.cause = LeftOutCause::no_helper_in_reach;
      lo.reason = uncovered + (params.max_distance_km > 0 ? "no helper with spare capacity within max_distance_km = " +
                                                                std::to_string(static_cast<int>(params.max_distance_km)) + " km"
                                                          : "no helper has spare capacity left after the fixed pairs");
    } else {
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
        lo.reason = uncovered + "capacity short: all " + std::to_string(arcs.size()) + " candidate helpers are " +
                    (funds ? "spent" : "taken") + " (nearest " + describe(near_helper) + ", " +
                    km_text(unit_distance_m(p, m.helper_units[near_arc.from], lo.helped)) + "); helpers " +
                    (funds ? "give " : "can take ") + amount(pr.capacity_total) + " in all, helped units " + (funds ? "need " : "want ") +
                    amount(pr.demand_total);
      } else {
        const auto& arc = m.problem.arcs[best_free];
        lo.cause = LeftOutCause::too_costly;
        lo.candidate_helper = m.helper_units[arc.from];
        lo.candidate_km = unit_distance_m(p, m.helper_units[arc.from], lo.helped) / 1000.0;
        lo.reason = uncovered + "the cheapest free candidate, " + describe(p.units[m.helper_units[arc.from]]) + " (" +
                    km_text(unit_distance_m(p, m.helper_units[arc.from], lo.helped)) + "), costs " + std::to_string(arc.cost / 1000) +
                    " ≥ its unmet penalty " + std::to_string(m.problem.shortage_cost[r] / 1000) + " (km-equivalent)";
      }
    }
    plan.left_out.push_back(std::move(lo));
  }

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
    for (const int64_t f : chosen_flow) moved += f;
    s += " The plan moves " + amount(moved) + " a year.";
  }
  if (plan.left_out.empty()) {
    s += funds ? " Every helped unit's need is covered." : " Every helped unit has its partners.";
  } else {
    s += " " + std::to_string(plan.left_out.size()) + (funds ? " helped units short of funds, " : " helped units left out, ") +
         amount(partners_short) + " short";
    if (pr.capacity_total < pr.demand_total)
      s += ": capacity short by " + amount(pr.demand_total - pr.capacity_total);
    else
      s += " (capacity suffices in total; see the reasons per unit)";
    s += ".";
  }
  plan.summary = std::move(s);
  plan.capacity_total = pr.capacity_total;
  plan.demand_total = pr.demand_total;
  for (const int64_t f : chosen_flow) plan.moved_total += funds ? f : 0;
  return plan;
}

}  // namespace jiuyou::pair
