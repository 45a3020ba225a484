// Candidate search of the pairing planner: the k nearest helpers of each helped
// unit, by brute force for small inputs and over a uniform grid otherwise.
#include <algorithm>
#include <cmath>
#include <numeric>
#include <queue>
#include <utility>

#include "gis/pair/planner.hpp"

namespace jiuyou::pair {

namespace {

using Entry = std::pair<double, uint32_t>;  // (squared distance, site): ordered, so ties go by index

double d2(const Vec2& q, const Vec2& s) {
  const double dx = s.x - q.x;
  const double dy = s.y - q.y;
  return dx * dx + dy * dy;
}

// Every query against every site: the `take` nearest of each.
std::vector<std::vector<uint32_t>> nearest_by_brute_force(const std::vector<Vec2>& sites, const std::vector<Vec2>& queries, size_t take) {
  std::vector<std::vector<uint32_t>> out(queries.size());
  std::vector<Entry> all(sites.size());
  for (size_t q = 0; q < queries.size(); ++q) {
    for (uint32_t s = 0; s < sites.size(); ++s) all[s] = {d2(queries[q], sites[s]), s};
    std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(take), all.end());
    out[q].resize(take);
    for (size_t i = 0; i < take; ++i) out[q][i] = all[i].second;
  }
  return out;
}

// A uniform grid over the sites, about two sites a cell: the sites of cell c are items[start[c] .. start[c + 1]).
struct SiteGrid {
  BBox box;
  double cell = 0;
  int64_t gx = 0, gy = 0;
  std::vector<uint32_t> start, items;

  explicit SiteGrid(const std::vector<Vec2>& sites) {
    const size_t n = sites.size();
    for (const auto& s : sites) box.expand(s.x, s.y);
    const double area = std::max(box.width() * box.height(), 1e-12);
    cell = std::sqrt(2.0 * area / static_cast<double>(n));
    cell = std::max({cell, box.width() / 2048.0, box.height() / 2048.0, 1e-9});
    gx = static_cast<int64_t>(box.width() / cell) + 1;
    gy = static_cast<int64_t>(box.height() / cell) + 1;
    start.assign(static_cast<size_t>(gx * gy) + 1, 0);
    items.resize(n);
    for (const auto& s : sites) {
      auto [cx, cy] = cell_of(s);
      ++start[static_cast<size_t>(cy * gx + cx) + 1];
    }
    std::partial_sum(start.begin(), start.end(), start.begin());
    std::vector<uint32_t> fill(start.begin(), start.end() - 1);
    for (uint32_t s = 0; s < n; ++s) {
      auto [cx, cy] = cell_of(sites[s]);
      items[fill[static_cast<size_t>(cy * gx + cx)]++] = s;
    }
  }

  [[nodiscard]] std::pair<int64_t, int64_t> cell_of(const Vec2& v) const {
    const int64_t cx = std::clamp(static_cast<int64_t>(std::floor((v.x - box.min_x) / cell)), int64_t{0}, gx - 1);
    const int64_t cy = std::clamp(static_cast<int64_t>(std::floor((v.y - box.min_y) / cell)), int64_t{0}, gy - 1);
    return {cx, cy};
  }
};

// The k nearest sites of `v`, nearest first: rings of cells outwards until no farther ring can hold a nearer site.
std::vector<uint32_t> nearest_in_grid(const SiteGrid& grid, const std::vector<Vec2>& sites, const Vec2& v, size_t k) {
  std::priority_queue<Entry> heap;  // the k best so far, worst on top
  auto visit = [&](int64_t x, int64_t y) {
    if (x < 0 || y < 0 || x >= grid.gx || y >= grid.gy) return;
    const auto c = static_cast<size_t>(y * grid.gx + x);
    for (uint32_t i = grid.start[c]; i < grid.start[c + 1]; ++i) {
      const Entry e{d2(v, sites[grid.items[i]]), grid.items[i]};
      if (heap.size() < k) {
        heap.push(e);
      } else if (e < heap.top()) {
        heap.pop();
        heap.push(e);
      }
    }
  };
  const auto [cx, cy] = grid.cell_of(v);
  const int64_t max_ring = std::max(grid.gx, grid.gy);
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
      const double bound = static_cast<double>(ring) * grid.cell;
      if (heap.top().first <= bound * bound) break;
    }
  }
  std::vector<uint32_t> out(heap.size());
  for (size_t i = heap.size(); i-- > 0;) {
    out[i] = heap.top().second;
    heap.pop();
  }
  return out;
}

}  // namespace

std::vector<std::vector<uint32_t>> k_nearest(const std::vector<Vec2>& sites, const std::vector<Vec2>& queries, size_t k) {
  const size_t n = sites.size();
  if (n == 0) return std::vector<std::vector<uint32_t>>(queries.size());
  if (k == 0 || k >= n || n * queries.size() <= 200000) return nearest_by_brute_force(sites, queries, (k == 0 || k >= n) ? n : k);
  const SiteGrid grid(sites);
  std::vector<std::vector<uint32_t>> out(queries.size());
  for (size_t q = 0; q < queries.size(); ++q) out[q] = nearest_in_grid(grid, sites, queries[q], k);
  return out;
}

}  // namespace jiuyou::pair
