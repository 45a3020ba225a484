#include "gis/pair/assignment.hpp"

#include <algorithm>
#include <cassert>
#include <cstdlib>
#include <limits>
#include <queue>
#include <string>
#include <utility>

// The structure follows the published LAPJV (Jonker & Volgenant 1987, "A
// shortest augmenting path algorithm for dense and sparse linear assignment
// problems"): x[i] is row i's column, y[j] column j's row, v[j] column duals.

namespace jiuyou::pair {
namespace {

constexpr int64_t large = int64_t{1} << 60;
constexpr int64_t cost_limit = int64_t{1} << 50;

// C: the stored cost type (int32_t when every cost fits: half the memory traffic on a matrix far larger
// than the cache; int64_t otherwise). Reduced costs and duals are always int64_t.
template <class C>
struct Lap {
  size_t n = 0;
  const C* c = nullptr;
  std::vector<int32_t> x, y;
  std::vector<int64_t> v;
  std::vector<int32_t> free_rows;

  [[nodiscard]] int64_t at(size_t i, size_t j) const { return int64_t{c[i * n + j]}; }

  // Column reduction and reduction transfer; returns the number of free rows.
  size_t column_reduction_transfer() {
    x.assign(n, -1);
    y.assign(n, 0);
    v.assign(n, large);
    for (size_t i = 0; i < n; ++i) {
      for (size_t j = 0; j < n; ++j) {
        const int64_t cij = at(i, j);
        if (cij < v[j]) {
          v[j] = cij;
          y[j] = static_cast<int32_t>(i);
        }
      }
    }
    std::vector<uint8_t> unique(n, 1);
    for (size_t jj = n; jj-- > 0;) {
      const auto i = static_cast<size_t>(y[jj]);
      if (x[i] < 0) {
        x[i] = static_cast<int32_t>(jj);
      } else {
        unique[i] = 0;
        y[jj] = -1;
      }
    }
    free_rows.clear();
    for (size_t i = 0; i < n; ++i) {
      if (x[i] < 0) {
        free_rows.push_back(static_cast<int32_t>(i));
      } else if (unique[i] != 0) {
        const auto j = static_cast<size_t>(x[i]);
        int64_t m = large;
        for (size_t j2 = 0; j2 < n; ++j2) {
          if (j2 == j) continue;
          const int64_t r = at(i, j2) - v[j2];
          if (r < m) m = r;
        }
        v[j] -= m;
      }
    }
    return free_rows.size();
  }

  // Augmenting row reduction; returns the number of rows still free.
  size_t augmenting_row_reduction(size_t n_free) {
    size_t current = 0;
    size_t new_free = 0;
    size_t rr_cnt = 0;
    while (current < n_free) {
      ++rr_cnt;
      const auto free_i = static_cast<size_t>(free_rows[current++]);
      size_t j1 = 0;
      int64_t v1 = at(free_i, 0) - v[0];
      int64_t j2 = -1;
      int64_t v2 = large;
      for (size_t j = 1; j < n; ++j) {
        const int64_t r = at(free_i, j) - v[j];
        if (r < v2) {
          if (r >= v1) {
            v2 = r;
            j2 = static_cast<int64_t>(j);
          } else {
            v2 = v1;
            v1 = r;
            j2 = static_cast<int64_t>(j1);
            j1 = j;
          }
        }
      }
      int32_t i0 = y[j1];
      const int64_t v1_new = v[j1] - (v2 - v1);
      const bool v1_lowers = v1_new < v[j1];
      // Re-scanning a row whose dual dropped is what makes this phase cheap on
      // average, but on geometric (distance) costs the displacement chains run
      // long; past 2n row scans the rest is left to the augmentation, which is
      // exact either way (25-35% less time on 1000×1000 distance matrices).
      if (rr_cnt < current * n && rr_cnt < 2 * n) {
        if (v1_lowers) {
          v[j1] = v1_new;
        } else if (i0 >= 0 && j2 >= 0) {
          j1 = static_cast<size_t>(j2);
          i0 = y[j1];
        }
        if (i0 >= 0) {
          if (v1_lowers) {
            free_rows[--current] = i0;
          } else {
            free_rows[new_free++] = i0;
          }
        }
      } else if (i0 >= 0) {
        free_rows[new_free++] = i0;
      }
      x[free_i] = static_cast<int32_t>(j1);
      y[j1] = static_cast<int32_t>(free_i);
    }
    return new_free;
  }

  // Shortest augmenting path from free row start_i; returns the free column reached.
  size_t find_path(size_t start_i, std::vector<int32_t>& pred, std::vector<int64_t>& d, std::vector<size_t>& cols) {
    for (size_t j = 0; j < n; ++j) {
      cols[j] = j;
      pred[j] = static_cast<int32_t>(start_i);
      d[j] = at(start_i, j) - v[j];
    }
    size_t lo = 0;
    size_t hi = 0;
    size_t n_ready = 0;
    int64_t final_j = -1;
    int64_t level = 0;  // the distance of the columns in [lo, hi)
    while (final_j < 0) {
      if (lo == hi) {
        // Collect the columns at the minimum distance into [lo, hi).
        n_ready = lo;
        hi = lo + 1;
        int64_t mind = d[cols[lo]];
        for (size_t k = hi; k < n; ++k) {
          const size_t j = cols[k];
          if (d[j] <= mind) {
            if (d[j] < mind) {
              hi = lo;
              mind = d[j];
            }
            cols[k] = cols[hi];
            cols[hi++] = j;
          }
        }
        level = mind;
        for (size_t k = lo; k < hi; ++k) {
          if (y[cols[k]] < 0) {
            final_j = static_cast<int64_t>(cols[k]);
            break;
          }
        }
      }
      if (final_j < 0) {
        // Scan the rows of the minimum columns.
        while (lo != hi) {
          const size_t j0 = cols[lo++];
          const auto i = static_cast<size_t>(y[j0]);
          const int64_t mind = d[j0];
          const int64_t h = at(i, j0) - v[j0] - mind;
          for (size_t k = hi; k < n; ++k) {
            const size_t j = cols[k];
            const int64_t cred = at(i, j) - v[j] - h;
            if (cred < d[j]) {
              d[j] = cred;
              pred[j] = static_cast<int32_t>(i);
              if (cred == mind) {
                if (y[j] < 0) {
                  final_j = static_cast<int64_t>(j);
                  break;
                }
                cols[k] = cols[hi];
                cols[hi++] = j;
              }
            }
          }
          if (final_j >= 0) break;
        }
      }
    }
    for (size_t k = 0; k < n_ready; ++k) {
      const size_t j = cols[k];
      v[j] += d[j] - level;
    }
    return static_cast<size_t>(final_j);
  }

  // ---- Sparse augmentation over each row's candidate columns ----
  // Per row: columns of least reduced cost (+ those the check adds), with their costs next to them (the
  // matrix is far larger than the cache; reading c(i, j) at scattered j costs a cache miss each).
  struct Arc {
    uint32_t col;
    int64_t cost;
  };
  std::vector<std::vector<Arc>> cand;
  std::vector<int64_t> sd;                  // tentative distance per column (valid when stamp == epoch)
  std::vector<uint32_t> stamp, done;        // epoch a column was reached / scanned
  std::vector<int32_t> spred;
  std::vector<uint32_t> scanned;
  uint32_t epoch = 0;
  using HeapEntry = std::pair<int64_t, uint32_t>;
  std::priority_queue<HeapEntry, std::vector<HeapEntry>, std::greater<>> heap;

  // Each row's k columns of least c(i, j) - v[j] under the current duals, its own column included. Built
  // for every row at once, right after the reductions, so that each assigned row's column is the least
  // reduced cost of its list (the invariant the Dijkstra below relies on).
  void build_candidates(size_t k) {
    cand.assign(n, {});
    std::vector<std::pair<int64_t, uint32_t>> best;  // sorted ascending, at most k
    best.reserve(k + 1);
    for (size_t i = 0; i < n; ++i) {
      best.clear();
      const C* ci = c + i * n;
      int64_t worst = large;
      for (size_t j = 0; j < n; ++j) {
        const int64_t r = ci[j] - v[j];
        if (best.size() < k || r < worst) {
          auto pos = std::upper_bound(best.begin(), best.end(), std::pair{r, static_cast<uint32_t>(j)});
          best.insert(pos, {r, static_cast<uint32_t>(j)});
          if (best.size() > k) best.pop_back();
          if (best.size() == k) worst = best.back().first;
        }
      }
      auto& list = cand[i];
      list.reserve(k + 1);
      bool has_own = x[i] < 0;
      for (const auto& b : best) {
        list.push_back({b.second, ci[b.second]});
        has_own = has_own || b.second == static_cast<uint32_t>(x[i]);
      }
      if (!has_own) list.push_back({static_cast<uint32_t>(x[i]), ci[x[i]]});
    }
    sd.assign(n, 0);
    stamp.assign(n, 0);
    done.assign(n, 0);
    spred.assign(n, -1);
    scanned.reserve(n);
  }

  // Dijkstra from free row s over the candidate arcs; the free column reached, or -1 when none is reachable.
  int64_t sparse_find_path(size_t s) {
    ++epoch;
    heap = {};
    scanned.clear();
    auto relax = [&](size_t i, int64_t h) {
      for (const auto [j, cij] : cand[i]) {
        if (done[j] == epoch) continue;
        const int64_t r = cij - v[j] - h;
        if (stamp[j] != epoch || r < sd[j]) {
          stamp[j] = epoch;
          sd[j] = r;
          spred[j] = static_cast<int32_t>(i);
          heap.emplace(r, j);
        }
      }
    };
    relax(s, 0);
    while (!heap.empty()) {
      const auto [dj, j] = heap.top();
      heap.pop();
      if (done[j] == epoch || dj != sd[j]) continue;
      if (y[j] < 0) {
        for (const uint32_t k : scanned) v[k] += sd[k] - dj;
        return j;
      }
      done[j] = epoch;
      scanned.push_back(j);
      const auto i = static_cast<size_t>(y[j]);
      relax(i, at(i, j) - v[j] - dj);
    }
    return -1;
  }

  // Augments every free row over the candidate arcs. A free row that reaches no free column gets every
  // column as a candidate (a free row's list needs no invariant) and then always reaches one; false only
  // if even that fails (a bug; the caller falls back to the dense augmentation).
  size_t rows_widened = 0;
  bool sparse_augment(std::vector<int32_t>& rows) {
    for (const int32_t free_row : rows) {
      const auto free_i = static_cast<size_t>(free_row);
      int64_t found = sparse_find_path(free_i);
      if (found < 0) {
        auto& list = cand[free_i];
        list.clear();
        list.reserve(n);
        for (size_t j = 0; j < n; ++j) list.push_back({static_cast<uint32_t>(j), at(free_i, j)});
        ++rows_widened;
        found = sparse_find_path(free_i);
      }
      if (found < 0) return false;
      auto j = static_cast<size_t>(found);
      for (;;) {
        const auto i = static_cast<size_t>(spred[j]);
        y[j] = static_cast<int32_t>(i);
        const int32_t previous = x[i];
        x[i] = static_cast<int32_t>(j);
        if (i == free_i) break;
        j = static_cast<size_t>(previous);
      }
    }
    return true;
  }

  // The optimality certificate on the whole matrix: rows where some column has a reduced cost below the
  // row's own get those columns as candidates and are freed. Returns the freed rows.
  std::vector<int32_t> check_and_free() {
    std::vector<int32_t> freed;
    for (size_t i = 0; i < n; ++i) {
      const auto xi = static_cast<size_t>(x[i]);
      const C* ci = c + i * n;
      const int64_t u = ci[xi] - v[xi];
      bool bad = false;
      for (size_t j = 0; j < n; ++j) bad |= ci[j] - v[j] < u;
      if (!bad) continue;
      auto& list = cand[i];
      for (size_t j = 0; j < n; ++j) {
        if (ci[j] - v[j] >= u) continue;
        const auto col = static_cast<uint32_t>(j);
        if (std::none_of(list.begin(), list.end(), [col](const Arc& a) { return a.col == col; })) list.push_back({col, ci[j]});
      }
      freed.push_back(static_cast<int32_t>(i));
    }
    for (const int32_t i : freed) {
      y[static_cast<size_t>(x[static_cast<size_t>(i)])] = -1;
      x[static_cast<size_t>(i)] = -1;
    }
    return freed;
  }

  void augment(size_t n_free) {
    std::vector<int32_t> pred(n);
    std::vector<int64_t> d(n);
    std::vector<size_t> cols(n);
    for (size_t f = 0; f < n_free; ++f) {
      const auto free_i = static_cast<size_t>(free_rows[f]);
      size_t j = find_path(free_i, pred, d, cols);
      for (;;) {
        const auto i = static_cast<size_t>(pred[j]);
        y[j] = static_cast<int32_t>(i);
        const auto previous = static_cast<size_t>(x[i] < 0 ? 0 : x[i]);
        const bool was_free = x[i] < 0;
        x[i] = static_cast<int32_t>(j);
        if (i == free_i) break;
        assert(!was_free);
        (void)was_free;
        j = previous;
      }
    }
  }
};

template <class C>
void solve_lap(const C* cost, size_t n, const AssignmentOptions& options, AssignmentResult& result) {
  Lap<C> lap;
  lap.n = n;
  lap.c = cost;
  auto reductions = [&] {
    size_t n_free = lap.column_reduction_transfer();
    for (int pass = 0; pass < 2 && n_free > 0; ++pass) n_free = lap.augmenting_row_reduction(n_free);
    return n_free;
  };
  size_t n_free = reductions();
  bool solved = n_free == 0;
  if (!solved && options.candidates > 0 && options.candidates < n) {
    // Sparse augmentation, certified on the whole matrix; a few rounds at most, else the dense path.
    lap.build_candidates(options.candidates);
    std::vector<int32_t> rows(lap.free_rows.begin(), lap.free_rows.begin() + static_cast<std::ptrdiff_t>(n_free));
    constexpr int max_rounds = 16;
    for (int round = 1; round <= max_rounds && !rows.empty(); ++round) {
      result.sparse_rounds = round;
      if (!lap.sparse_augment(rows)) break;
      rows = lap.check_and_free();
      solved = rows.empty();
    }
    result.rows_widened = lap.rows_widened;
    if (!solved) {
      result.dense_fallback = true;
      n_free = reductions();
    }
  }
  if (!solved && n_free > 0) lap.augment(n_free);
  result.col_of_row = std::move(lap.x);
}

}  // namespace

Result<AssignmentResult> solve_assignment(std::span<const int64_t> cost, size_t n, const AssignmentOptions& options) {
  if (cost.size() != n * n)
    return error(ErrorCode::internal, "assignment: cost matrix has " + std::to_string(cost.size()) + " entries, expected " +
                                          std::to_string(n) + "×" + std::to_string(n));
  int64_t lo = 0;
  int64_t hi = 0;
  for (const int64_t c : cost) {
    lo = std::min(lo, c);
    hi = std::max(hi, c);
  }
  for (const int64_t c : {lo, hi}) {
    if (c <= -cost_limit || c >= cost_limit)
      return error(ErrorCode::input, "assignment: a cost of " + std::to_string(c) + " is outside ±2^50")
          .hint("scale the weights down");
  }
  AssignmentResult result;
  if (n == 0) return result;
  if (n == 1) {
    result.col_of_row = {0};
    result.cost = cost[0];
    return result;
  }
  if (lo >= INT32_MIN / 2 && hi <= INT32_MAX / 2) {
    const std::vector<int32_t> narrow(cost.begin(), cost.end());
    solve_lap<int32_t>(narrow.data(), n, options, result);
  } else {
    solve_lap<int64_t>(cost.data(), n, options, result);
  }
  result.cost = 0;
  for (size_t i = 0; i < n; ++i) {
    assert(result.col_of_row[i] >= 0);
    result.cost += cost[i * n + static_cast<size_t>(result.col_of_row[i])];
  }
  return result;
}

}  // namespace jiuyou::pair
