// Candidate search of the pairing planner: the k nearest helpers of each helped
// unit, by brute force for small inputs and over a uniform grid otherwise.
#include <algorithm>
#include <cmath>
#include <numeric>
#include <queue>
#include <utility>

#include "gis/pair/planner.hpp"

namespace jiuyou::pair {

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
}  // namespace jiuyou::pair
