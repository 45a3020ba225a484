// The nearest-allocation local search of the CFLP heuristic (add / drop / swap with exact gains).
#include <cstdint>
#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <numeric>
#include <vector>

#include "gis/plan/cflp_internal.hpp"
#include "gis/plan/tolerance.hpp"

namespace jiuyou::plan::detail {

namespace {

// Local search over open sets where every client is served by its cheapest open facility
// (capacities only as a feasibility check): the moves of uncapacitated facility location —
// add, drop and swap — with their exact gains from each client's cheapest and second-cheapest
// open facility, so a move costs the clients it touches instead of a min-cost flow. A move is
// taken only when no capacity is exceeded afterwards, so the set's nearest allocation stays
// optimal for it. Swaps bring in closed facilities that some client of the dropped one could
// use (locality), not a global shortlist. Returns the final set and its cost, or an empty set
// when the start's nearest allocation already breaks a capacity.
class NearestSearch {
 public:
  NearestSearch(const FacilityInstance& inst, const Columns& col, int32_t max_open)
      : m_inst(inst), m_col(col), m_max_open(max_open), m_n(inst.num_clients()), m_m(inst.num_facilities()) {}

  std::pair<double, std::vector<int32_t>> run(const std::vector<int32_t>& start, const std::function<bool()>& out_of_time) {
    m_open.assign(static_cast<size_t>(m_m), 0);
    for (int32_t i : start) m_open[i] = 1;
    m_count = static_cast<int32_t>(start.size());
    if (!reassign_all() && !repair()) return {std::numeric_limits<double>::infinity(), {}};
    m_delta.assign(static_cast<size_t>(m_m), 0.0);
    m_is_cand.assign(static_cast<size_t>(m_m), 0);
    for (int64_t round = 0;; ++round) {
      if ((round & 7) == 0 && out_of_time && out_of_time()) break;
      Step move{objective_tol(total())};
      best_add(move);
      bucket_clients();
      best_drop(move);
      if (move.kind == Step::none) first_swap(move, out_of_time);
      if (move.kind == Step::none || !apply(move)) break;
    }
    std::vector<int32_t> set;
    for (int32_t i = 0; i < m_m; ++i)
      if (m_open[i]) set.push_back(i);
    return {total(), set};
  }

 private:
  // The best move of a round: what it opens and closes, and what it saves.
  struct Step {
    double gain;  // starts at the smallest gain worth a move
    enum Kind { none, add, drop, swap } kind = none;
    int32_t in = -1, out = -1;
  };

  // Opening the closed facility that saves most, if the count allows and its new clients fit.
  void best_add(Step& move) const {
    if (m_max_open > 0 && m_count >= m_max_open) return;
    for (int32_t k = 0; k < m_m; ++k) {
      if (m_open[k]) continue;
      double g = -m_inst.fixed_cost[k], load = 0.0;
      for (int64_t e = m_col.offset[k]; e < m_col.offset[k + 1]; ++e) {
        const int32_t j = m_col.client[e];
        if (m_col.cost[e] < m_cbest[j]) g += m_cbest[j] - m_col.cost[e], load += m_inst.demand[j];
      }
      if (g > move.gain && fits(load, m_inst.capacity[k])) move.gain = g, move.kind = Step::add, move.in = k;
    }
  }

  // Closing the open facility that saves most, when each of its clients fits at its second choice.
  void best_drop(Step& move) {
    for (int32_t i = 0; i < m_m; ++i) {
      if (!m_open[i] || m_count <= 1) continue;
      double g = m_inst.fixed_cost[i];
      bool ok = true;
      m_touched.clear();
      for (int64_t q = m_of_off[i]; q < m_of_off[i + 1] && ok; ++q) {
        const int32_t j = m_of[q];
        if (m_second[j] < 0) ok = false;
        else {
          g -= m_csecond[j] - m_cbest[j];
          if (m_delta[m_second[j]] == 0.0) m_touched.push_back(m_second[j]);
          m_delta[m_second[j]] += m_inst.demand[j];
        }
      }
      for (int32_t t : m_touched) {
        if (!fits(m_load[t] + m_delta[t], m_inst.capacity[t])) ok = false;
        m_delta[t] = 0.0;
      }
      if (ok && g > move.gain) move.gain = g, move.kind = Step::drop, move.out = i;
    }
  }

  // First improving swap: drop i, open a closed facility in some client of i's row before its second.
  void first_swap(Step& move, const std::function<bool()>& out_of_time) {
    for (int32_t i = 0; i < m_m && move.kind == Step::none; ++i) {
      if (!m_open[i]) continue;
      if ((i & 63) == 0 && out_of_time && out_of_time()) break;
      m_cands.clear();
      for (int64_t q = m_of_off[i]; q < m_of_off[i + 1]; ++q) {
        const int32_t j = m_of[q];
        const auto fac = m_inst.cost.facilities_of(j);
        const auto cost = m_inst.cost.costs_of(j);
        for (size_t e = 0; e < fac.size() && (m_second[j] < 0 || cost[e] < m_csecond[j]); ++e)
          if (!m_open[fac[e]] && !m_is_cand[fac[e]]) m_is_cand[fac[e]] = 1, m_cands.push_back(fac[e]);
      }
      for (int32_t k : m_cands) m_is_cand[k] = 0;
      for (int32_t k : m_cands) {
        const double g = swap_gain(i, k, m_delta, m_touched);
        if (g > move.gain) {
          move.gain = g, move.kind = Step::swap, move.in = k, move.out = i;
          break;
        }
      }
    }
  }

  // Takes the move; false (and undone) if the allocation breaks a capacity, which every check above rules out.
  bool apply(const Step& move) {
    if (move.out >= 0) m_open[move.out] = 0, --m_count;
    if (move.in >= 0) m_open[move.in] = 1, ++m_count;
    if (reassign_all()) return true;
    if (move.in >= 0) m_open[move.in] = 0, --m_count;
    if (move.out >= 0) m_open[move.out] = 1, ++m_count;
    reassign_all();
    return false;
  }

  // Cheapest and second-cheapest open facility per client, and loads; false when a client has
  // no open facility or a capacity is exceeded.
  bool reassign_all() {
    m_best.assign(static_cast<size_t>(m_n), -1);
    m_second.assign(static_cast<size_t>(m_n), -1);
    m_cbest.assign(static_cast<size_t>(m_n), std::numeric_limits<double>::infinity());
    m_csecond.assign(static_cast<size_t>(m_n), std::numeric_limits<double>::infinity());
    m_load.assign(static_cast<size_t>(m_m), 0.0);
    for (int32_t j = 0; j < m_n; ++j) {
      const auto fac = m_inst.cost.facilities_of(j);
      const auto cost = m_inst.cost.costs_of(j);
      for (size_t e = 0; e < fac.size(); ++e) {
        if (!m_open[fac[e]]) continue;
        if (m_best[j] < 0) {
          m_best[j] = fac[e], m_cbest[j] = cost[e];
        } else {
          m_second[j] = fac[e], m_csecond[j] = cost[e];
          break;
        }
      }
      if (m_best[j] < 0) return false;
      m_load[m_best[j]] += m_inst.demand[j];
    }
    for (int32_t i = 0; i < m_m; ++i)
      if (!fits(m_load[i], m_inst.capacity[i])) return false;
    return true;
  }

  // Where capacities bind (the nearest allocation overloads some facility), the same moves are
  // ranked by their uncapacitated gains and only the best few are costed exactly (`exact`: a
  // min-cost flow per set); the first that truly improves is taken.
 public:
  std::pair<double, std::vector<int32_t>> run_verified(const std::vector<int32_t>& start,
                                                       const std::function<double(const std::vector<int32_t>&)>& exact,
                                                       const std::function<bool()>& out_of_time, int32_t verify = 6) {
    m_open.assign(static_cast<size_t>(m_m), 0);
    for (int32_t i : start) m_open[i] = 1;
    m_count = static_cast<int32_t>(start.size());
    reassign_all();
    for (int32_t j = 0; j < m_n; ++j)
      if (m_best[j] < 0) return {std::numeric_limits<double>::infinity(), {}};
    std::vector<int32_t> cur(start);
    std::sort(cur.begin(), cur.end());
    double cur_cost = exact(cur);
    if (!std::isfinite(cur_cost)) return {cur_cost, {}};
    struct Move {
      double gain;
      int32_t in, out;
    };
    std::vector<Move> moves;
    std::vector<double> delta(static_cast<size_t>(m_m), 0.0);
    std::vector<int32_t> touched, cands;
    std::vector<char> is_cand(static_cast<size_t>(m_m), 0);
    while (!(out_of_time && out_of_time())) {
      moves.clear();
      if (m_max_open <= 0 || m_count < m_max_open) {
        for (int32_t k = 0; k < m_m; ++k) {
          if (m_open[k]) continue;
          double g = -m_inst.fixed_cost[k];
          bool any = false;
          for (int64_t e = m_col.offset[k]; e < m_col.offset[k + 1]; ++e) {
            const int32_t j = m_col.client[e];
            if (m_col.cost[e] < m_cbest[j]) g += m_cbest[j] - m_col.cost[e], any = true;
          }
          if (any) moves.push_back(Move{g, k, -1});
        }
      }
      bucket_clients();
      for (int32_t i = 0; i < m_m; ++i) {
        if (!m_open[i] || m_count <= 1) continue;
        double g = m_inst.fixed_cost[i];
        for (int64_t q = m_of_off[i]; q < m_of_off[i + 1]; ++q) {
          const int32_t j = m_of[q];
          g -= m_second[j] < 0 ? std::numeric_limits<double>::infinity() : m_csecond[j] - m_cbest[j];
        }
        if (std::isfinite(g)) moves.push_back(Move{g, -1, i});
        cands.clear();
        for (int64_t q = m_of_off[i]; q < m_of_off[i + 1]; ++q) {
          const auto fac = m_inst.cost.facilities_of(m_of[q]);
          int taken = 0;
          for (size_t e = 0; e < fac.size() && taken < 4; ++e) {
            if (m_open[fac[e]]) continue;
            ++taken;
            if (!is_cand[fac[e]]) is_cand[fac[e]] = 1, cands.push_back(fac[e]);
          }
        }
        for (int32_t k : cands) is_cand[k] = 0;
        for (int32_t k : cands) {
          const double g2 = swap_gain(i, k, delta, touched, false);
          if (std::isfinite(g2)) moves.push_back(Move{g2, k, i});
        }
      }
      const size_t top = std::min(moves.size(), static_cast<size_t>(std::max(1, verify)));
      std::partial_sort(moves.begin(), moves.begin() + static_cast<std::ptrdiff_t>(top), moves.end(),
                        [](const Move& a, const Move& b) { return a.gain > b.gain; });
      bool improved = false;
      for (size_t t = 0; t < top && !improved; ++t) {
        std::vector<int32_t> cand;
        for (int32_t i : cur)
          if (i != moves[t].out) cand.push_back(i);
        if (moves[t].in >= 0) cand.push_back(moves[t].in);
        std::sort(cand.begin(), cand.end());
        const double c = exact(cand);
        if (improves(c, cur_cost)) {
          if (moves[t].out >= 0) m_open[moves[t].out] = 0, --m_count;
          if (moves[t].in >= 0) m_open[moves[t].in] = 1, ++m_count;
          reassign_all();
          cur = std::move(cand);
          cur_cost = c;
          improved = true;
        }
      }
      if (!improved) break;
    }
    return {cur_cost, cur};
  }

 private:
  // The start's nearest allocation overloads some facility: open, one at a time, the closed
  // facility that takes the most excess off overloaded ones (ties: the larger add gain), among the
  // first closed facilities in their clients' rows, without overloading itself. False when no
  // such facility is left (or K is reached).
  bool repair() {
    std::vector<char> is_cand(static_cast<size_t>(m_m), 0);
    std::vector<int32_t> cands;
    for (int32_t guard = 0; guard < m_m; ++guard) {
      bool unserved = false;
      for (int32_t j = 0; j < m_n; ++j) unserved = unserved || m_best[j] < 0;
      if (unserved) return false;
      std::vector<double> excess(static_cast<size_t>(m_m), 0.0);
      bool over = false;
      for (int32_t i = 0; i < m_m; ++i)
        if (m_open[i] && !fits(m_load[i], m_inst.capacity[i])) excess[i] = m_load[i] - m_inst.capacity[i], over = true;
      if (!over) return true;
      if (m_max_open > 0 && m_count >= m_max_open) return false;
      cands.clear();
      for (int32_t j = 0; j < m_n; ++j) {
        if (excess[m_best[j]] <= 0.0) continue;
        const auto fac = m_inst.cost.facilities_of(j);
        int taken = 0;
        for (size_t e = 0; e < fac.size() && taken < 8; ++e) {
          if (m_open[fac[e]]) continue;
          ++taken;
          if (!is_cand[fac[e]]) is_cand[fac[e]] = 1, cands.push_back(fac[e]);
        }
      }
      for (int32_t k : cands) is_cand[k] = 0;
      int32_t best_k = -1;
      double best_r = 0.0, best_g = -std::numeric_limits<double>::infinity();
      std::vector<double> moved(static_cast<size_t>(m_m), 0.0);
      std::vector<int32_t> from;
      for (int32_t k : cands) {
        double g = -m_inst.fixed_cost[k], load = 0.0;
        from.clear();
        for (int64_t e = m_col.offset[k]; e < m_col.offset[k + 1]; ++e) {
          const int32_t j = m_col.client[e];
          if (m_col.cost[e] >= m_cbest[j]) continue;
          g += m_cbest[j] - m_col.cost[e];
          load += m_inst.demand[j];
          if (moved[m_best[j]] == 0.0) from.push_back(m_best[j]);
          moved[m_best[j]] += m_inst.demand[j];
        }
        double r = 0.0;
        for (int32_t i : from) r += std::min(excess[i], moved[i]), moved[i] = 0.0;
        if (!fits(load, m_inst.capacity[k])) continue;
        if (r > best_r + k_feasibility_tol || (r > k_feasibility_tol && std::abs(r - best_r) <= k_feasibility_tol && g > best_g)) best_r = r, best_g = g, best_k = k;
      }
      if (best_k < 0) return false;
      m_open[best_k] = 1;
      ++m_count;
      if (reassign_all()) return true;
    }
    return false;
  }

  void bucket_clients() {
    m_of_off.assign(static_cast<size_t>(m_m) + 1, 0);
    for (int32_t j = 0; j < m_n; ++j) ++m_of_off[static_cast<size_t>(m_best[j]) + 1];
    std::partial_sum(m_of_off.begin(), m_of_off.end(), m_of_off.begin());
    m_of.resize(static_cast<size_t>(m_n));
    std::vector<int64_t> pos(m_of_off.begin(), m_of_off.end() - 1);
    for (int32_t j = 0; j < m_n; ++j) m_of[static_cast<size_t>(pos[m_best[j]]++)] = j;
  }

  // Gain of closing i and opening k (clients of i move to k or their second; others to k when cheaper).
  double swap_gain(int32_t i, int32_t k, std::vector<double>& delta, std::vector<int32_t>& touched, bool check_capacity = true) {
    double g = m_inst.fixed_cost[i] - m_inst.fixed_cost[k];
    touched.clear();
    auto move = [&](int32_t from, int32_t to, double d) {
      if (delta[from] == 0.0 && std::find(touched.begin(), touched.end(), from) == touched.end()) touched.push_back(from);
      if (delta[to] == 0.0 && std::find(touched.begin(), touched.end(), to) == touched.end()) touched.push_back(to);
      delta[from] -= d;
      delta[to] += d;
    };
    bool ok = true;
    for (int64_t q = m_of_off[i]; q < m_of_off[i + 1]; ++q) {
      const int32_t j = m_of[q];
      const double ck = m_inst.cost.cost(j, k);
      if (ck <= m_csecond[j]) {
        g -= ck - m_cbest[j];
        move(i, k, m_inst.demand[j]);
      } else if (m_second[j] >= 0) {
        g -= m_csecond[j] - m_cbest[j];
        move(i, m_second[j], m_inst.demand[j]);
      } else {
        ok = false;
      }
    }
    for (int64_t e = m_col.offset[k]; e < m_col.offset[k + 1]; ++e) {
      const int32_t j = m_col.client[e];
      if (m_best[j] == i || m_col.cost[e] >= m_cbest[j]) continue;
      g += m_cbest[j] - m_col.cost[e];
      move(m_best[j], k, m_inst.demand[j]);
    }
    for (int32_t t : touched) {
      if (check_capacity && t != i && !fits(m_load[t] + delta[t], m_inst.capacity[t])) ok = false;
      delta[t] = 0.0;
    }
    return ok ? g : -std::numeric_limits<double>::infinity();
  }

  [[nodiscard]] double total() const {
    double t = 0.0;
    for (int32_t i = 0; i < m_m; ++i)
      if (m_open[i]) t += m_inst.fixed_cost[i];
    for (int32_t j = 0; j < m_n; ++j) t += m_cbest[j];
    return t;
  }

  const FacilityInstance& m_inst;
  const Columns& m_col;
  int32_t m_max_open;
  int32_t m_n, m_m;
  int32_t m_count = 0;
  std::vector<char> m_open;
  std::vector<int32_t> m_best, m_second;
  std::vector<double> m_cbest, m_csecond, m_load;
  std::vector<int64_t> m_of_off;
  std::vector<int32_t> m_of;
  // Scratch of the move search, kept between rounds: load change per facility
  // (zero between uses), the facilities it touched, swap candidates.
  std::vector<double> m_delta;
  std::vector<int32_t> m_touched;
  std::vector<char> m_is_cand;
  std::vector<int32_t> m_cands;
};
}  // namespace

SetAndCost nearest_search(const FacilityInstance& inst, const Columns& col, int32_t max_open, const std::vector<int32_t>& start,
                          const std::function<bool()>& out_of_time) {
  NearestSearch search(inst, col, max_open);
  return search.run(start, out_of_time);
}

SetAndCost nearest_search_verified(const FacilityInstance& inst, const Columns& col, int32_t max_open, const std::vector<int32_t>& start,
                                   const std::function<double(const std::vector<int32_t>&)>& exact,
                                   const std::function<bool()>& out_of_time) {
  NearestSearch search(inst, col, max_open);
  return search.run_verified(start, exact, out_of_time);
}

}  // namespace jiuyou::plan::detail
