#include "gis/invest/optimise.hpp"

#include <algorithm>
#include <limits>
#include <numeric>

namespace jiuyou::invest {
namespace {

bool fixed(const std::vector<uint32_t>& alternatives, const std::vector<uint8_t>& chosen) {
  return std::any_of(alternatives.begin(), alternatives.end(), [&](uint32_t j) { return chosen[j] != 0; });
}

// How many needs a project fixes (for the share-aware choice of alternatives).
std::vector<double> uses(const Instance& inst) {
  std::vector<double> u(inst.cost.size(), 0);
  for (const auto& v : inst.needs)
    for (const auto& alts : v)
      for (const uint32_t j : alts) u[j] += 1;
  return u;
}

// The projects that would complete village v on top of `chosen`: per need the
// cheapest alternative, or (`per_use` given) the one cheapest per need it fixes.
std::vector<uint32_t> completion(const Instance& inst, size_t v, const std::vector<uint8_t>& chosen, double& cost,
                                 const std::vector<double>* per_use = nullptr) {
  std::vector<uint32_t> add;
  cost = 0;
  auto price = [&](uint32_t j) { return per_use ? inst.cost[j] / std::max(1.0, (*per_use)[j]) : inst.cost[j]; };
  for (const auto& alts : inst.needs[v]) {
    if (fixed(alts, chosen) || alts.empty()) continue;
    const uint32_t j = *std::min_element(alts.begin(), alts.end(), [&](uint32_t a, uint32_t b) { return price(a) < price(b); });
    if (std::find(add.begin(), add.end(), j) == add.end()) {
      add.push_back(j);
      cost += inst.cost[j];
    }
  }
  return add;
}

bool complete(const Instance& inst, size_t v, const std::vector<uint8_t>& chosen) {
  return std::all_of(inst.needs[v].begin(), inst.needs[v].end(), [&](const auto& alts) { return fixed(alts, chosen); });
}

// Villages whose needs all have an alternative (the others can never be covered).
std::vector<uint32_t> reachable(const Instance& inst) {
  std::vector<uint32_t> r;
  for (uint32_t v = 0; v < inst.needs.size(); ++v)
    if (std::all_of(inst.needs[v].begin(), inst.needs[v].end(), [](const auto& a) { return !a.empty(); })) r.push_back(v);
  return r;
}

// Repeatedly completes the village with the best score that still fits.
// ratio: value gained (every village the projects complete) per CNY; else least cost first.
Selection greedy_by(const Instance& inst, double budget, bool ratio, bool share_aware) {
  std::vector<uint8_t> chosen(inst.cost.size(), 0);
  const std::vector<double> per_use = uses(inst);
  const std::vector<uint32_t> cand = reachable(inst);
  std::vector<std::vector<uint32_t>> touches(inst.cost.size());  // project -> the villages with a need it fixes
  for (uint32_t v = 0; v < inst.needs.size(); ++v)
    for (const auto& alts : inst.needs[v])
      for (const uint32_t j : alts)
        if (touches[j].empty() || touches[j].back() != v) touches[j].push_back(v);
  std::vector<uint8_t> done(inst.needs.size(), 0);
  double left = budget;
  for (;;) {
    double best_score = -1, best_cost = 0;
    std::vector<uint32_t> best_add;
    for (const uint32_t v : cand) {
      if (done[v] || (done[v] = complete(inst, v, chosen) ? 1 : 0)) continue;
      double c = 0;
      std::vector<uint32_t> add = completion(inst, v, chosen, c, share_aware ? &per_use : nullptr);
      if (c > left + 1e-6) add = completion(inst, v, chosen, c);  // the cheapest completion may still fit
      if (c > left + 1e-6) continue;
      double gain = inst.weight[v];
      if (ratio) {
        for (const uint32_t j : add) chosen[j] = 1;
        gain = 0;  // the villages these projects complete (not those complete already)
        std::vector<uint32_t> seen;
        for (const uint32_t j : add)
          for (const uint32_t w : touches[j])
            if (!done[w] && std::find(seen.begin(), seen.end(), w) == seen.end()) {
              seen.push_back(w);
              gain += complete(inst, w, chosen) ? inst.weight[w] : 0;
            }
        for (const uint32_t j : add) chosen[j] = 0;
      }
      const double score = ratio ? gain / std::max(c, 1.0) : inst.weight[v] / std::max(c, 1.0);
      if (score > best_score || (score == best_score && c < best_cost)) {
        best_score = score;
        best_cost = c;
        best_add = std::move(add);
      }
    }
    if (best_score < 0) break;
    for (const uint32_t j : best_add) chosen[j] = 1;
    left -= best_cost;
  }
  return evaluate(inst, std::move(chosen));
}

}  // namespace

Selection evaluate(const Instance& inst, std::vector<uint8_t> chosen) {
  Selection s;
  s.chosen = std::move(chosen);
  s.covered.assign(inst.needs.size(), 0);
  for (size_t j = 0; j < inst.cost.size(); ++j) s.cost += s.chosen[j] ? inst.cost[j] : 0;
  for (size_t v = 0; v < inst.needs.size(); ++v) {
    s.covered[v] = complete(inst, v, s.chosen) ? 1 : 0;
    s.value += s.covered[v] ? inst.weight[v] : 0;
  }
  return s;
}

// The best of four greedy rules (gain per CNY or least cost first; cheapest
// alternatives or cheapest per need fixed): more value, then less cost.
Selection greedy(const Instance& inst, double budget) {
  Selection best;
  bool first = true;
  for (const bool ratio : {true, false})
    for (const bool shared : {true, false}) {
      Selection s = greedy_by(inst, budget, ratio, shared);
      if (first || s.value > best.value || (s.value == best.value && s.cost < best.cost)) best = std::move(s);
      first = false;
    }
  return best;
}

Result<std::vector<FrontierPoint>> frontier(const Instance& inst, size_t steps) {
  std::vector<uint8_t> all(inst.cost.size(), 0);
  for (const uint32_t v : reachable(inst)) {
    double c = 0;
    for (const uint32_t j : completion(inst, v, all, c)) all[j] = 1;
  }
  const double full = evaluate(inst, all).cost;
  std::vector<FrontierPoint> out;
  double best = 0;
  for (size_t s = 0; s <= steps; ++s) {
    FrontierPoint p;
    p.budget = full * static_cast<double>(s) / static_cast<double>(std::max<size_t>(steps, 1));
    best = std::max(best, greedy(inst, p.budget).value);
    if (s == steps) best = std::max(best, evaluate(inst, all).value);
    p.value = best;
    ASSIGN_OR_RETURN(p.bound, lp_bound(inst, p.budget));
    p.bound = std::max(p.bound, p.value);
    out.push_back(p);
  }
  return out;
}

Schedule schedule(const Instance& inst, const Selection& sel, const std::vector<std::pair<int, double>>& years) {
  Schedule s;
  s.project_year.assign(inst.cost.size(), 0);
  s.village_year.assign(inst.needs.size(), 0);
  if (years.empty()) return s;
  // Villages by the cost of their own projects, cheapest first: they exit earliest.
  std::vector<uint32_t> order;
  std::vector<double> own(inst.needs.size(), 0);
  for (uint32_t v = 0; v < inst.needs.size(); ++v) {
    if (!sel.covered[v]) continue;
    order.push_back(v);
    for (const auto& alts : inst.needs[v])
      for (const uint32_t j : alts)
        if (sel.chosen[j]) { own[v] += inst.cost[j]; break; }
  }
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return own[a] < own[b]; });
  std::vector<double> spent(years.size(), 0);
  // Spending c in year t keeps every later year's cumulative spend within its cumulative budget.
  auto fits = [&](size_t t, double c) {
    double budget = 0, used = 0;
    for (size_t u = 0; u < years.size(); ++u) {
      budget += years[u].second;
      used += spent[u] + (u == t ? c : 0);
      if (u >= t && used > budget + 1e-6) return false;
    }
    return true;
  };
  auto earliest = [&](double c) {
    for (size_t t = 0; t < years.size(); ++t)
      if (fits(t, c)) return t;
    return years.size() - 1;  // the total fits (the selection was made within it)
  };
  auto place = [&](uint32_t j) {
    if (s.project_year[j] != 0) return;
    const size_t t = earliest(inst.cost[j]);
    spent[t] += inst.cost[j];
    s.project_year[j] = years[t].first;
  };
  for (const uint32_t v : order)
    for (const auto& alts : inst.needs[v]) {
      const auto it = std::find_if(alts.begin(), alts.end(), [&](uint32_t j) { return sel.chosen[j] && s.project_year[j] != 0; });
      if (it == alts.end())
        for (const uint32_t j : alts)
          if (sel.chosen[j]) { place(j); break; }
    }
  for (size_t j = 0; j < inst.cost.size(); ++j)
    if (sel.chosen[j]) place(static_cast<uint32_t>(j));
  for (const uint32_t v : order) {
    int y = years.front().first;
    for (const auto& alts : inst.needs[v]) {
      int first = std::numeric_limits<int>::max();
      for (const uint32_t j : alts)
        if (sel.chosen[j]) first = std::min(first, s.project_year[j]);
      y = std::max(y, first);
    }
    s.village_year[v] = y;
  }
  return s;
}

}  // namespace jiuyou::invest
