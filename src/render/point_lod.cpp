#include "src/render/point_lod.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

namespace jiuyou::render {

namespace {

uint64_t spread32(uint32_t v) {
  uint64_t x = v;
  x = (x | (x << 16)) & 0x0000FFFF0000FFFFull;
  x = (x | (x << 8)) & 0x00FF00FF00FF00FFull;
  x = (x | (x << 4)) & 0x0F0F0F0F0F0F0F0Full;
  x = (x | (x << 2)) & 0x3333333333333333ull;
  x = (x | (x << 1)) & 0x5555555555555555ull;
  return x;
}

struct Extent {
  float min_x = std::numeric_limits<float>::infinity(), min_y = min_x;
  float max_x = -min_x, max_y = -min_x;
};

Extent extent_of(std::span<const PointInstance> pts) {
  Extent e;
  for (const PointInstance& p : pts) {
    e.min_x = std::min(e.min_x, p.center[0]);
    e.min_y = std::min(e.min_y, p.center[1]);
    e.max_x = std::max(e.max_x, p.center[0]);
    e.max_y = std::max(e.max_y, p.center[1]);
  }
  return e;
}

// The points grouped by cells of cell_m metres from the extent's corner, cells in Morton order.
PointCells group_by_cells(std::span<const PointInstance> pts, const Extent& e, double cell_m) {
  std::vector<std::pair<uint64_t, uint32_t>> keys(pts.size());
  for (size_t i = 0; i < pts.size(); ++i) {
    const auto ix = static_cast<uint32_t>(std::floor((pts[i].center[0] - e.min_x) / cell_m));
    const auto iy = static_cast<uint32_t>(std::floor((pts[i].center[1] - e.min_y) / cell_m));
    keys[i] = {spread32(ix) | (spread32(iy) << 1), static_cast<uint32_t>(i)};
  }
  std::sort(keys.begin(), keys.end());
  PointCells cells;
  cells.cell_m = cell_m;
  cells.members.reserve(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    if (i == 0 || keys[i].first != keys[i - 1].first) cells.offsets.push_back(static_cast<uint32_t>(i));
    cells.members.push_back(keys[i].second);
  }
  cells.offsets.push_back(static_cast<uint32_t>(keys.size()));
  return cells;
}

}  // namespace

std::vector<PointCells> build_point_cells(std::span<const PointInstance> pts) {
  std::vector<PointCells> levels;
  if (pts.size() < k_point_lod_min_points) return levels;
  const Extent e = extent_of(pts);
  const double span = std::max<double>({e.max_x - e.min_x, e.max_y - e.min_y, 1.0});
  size_t before = pts.size();
  for (double cell = span / 8192; cell <= span; cell *= 2) {
    PointCells level = group_by_cells(pts, e, cell);
    const size_t n = level.offsets.size() - 1;
    if (n * 10 > before * 9) continue;
    before = n;
    levels.push_back(std::move(level));
    if (n <= 1) break;
  }
  return levels;
}

std::vector<PointInstance> cell_winners(std::span<const PointInstance> pts, const PointCells& cells, const LayerStyle& style) {
  std::vector<std::pair<int, uint32_t>> winners;  // (rank, point) in cell order
  winners.reserve(cells.offsets.empty() ? 0 : cells.offsets.size() - 1);
  for (size_t c = 0; c + 1 < cells.offsets.size(); ++c) {
    int best_rank = -1;
    uint32_t best = 0;
    for (uint32_t k = cells.offsets[c]; k < cells.offsets[c + 1]; ++k) {
      const uint32_t i = cells.members[k];
      const uint32_t f = pts[i].feature;
      const int r = cell_rank(style, f);  // -1: not shown
      if (r < 0) continue;
      if (r > best_rank || (r == best_rank && i > best)) best_rank = r, best = i;
    }
    if (best_rank >= 0) winners.emplace_back(best_rank, best);
  }
  std::stable_sort(winners.begin(), winners.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<PointInstance> out;
  out.reserve(winners.size());
  for (const auto& w : winners) out.push_back(pts[w.second]);
  return out;
}

std::vector<PointInstance> ranked_points(std::span<const PointInstance> pts, const LayerStyle& style) {
  std::vector<std::pair<int, uint32_t>> order;
  order.reserve(pts.size());
  for (size_t i = 0; i < pts.size(); ++i)
    if (const int r = cell_rank(style, pts[i].feature); r >= 0) order.emplace_back(r, static_cast<uint32_t>(i));
  std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<PointInstance> out;
  out.reserve(order.size());
  for (const auto& o : order) out.push_back(pts[o.second]);
  return out;
}

std::vector<Chunk> point_run_chunks(std::span<const PointInstance> pts) {
  std::vector<Chunk> chunks;
  for (size_t b = 0; b < pts.size(); b += k_chunk_size) {
    Chunk c;
    c.begin = static_cast<uint32_t>(b);
    c.end = static_cast<uint32_t>(std::min<size_t>(pts.size(), b + k_chunk_size));
    c.min_x = c.max_x = pts[b].center[0];
    c.min_y = c.max_y = pts[b].center[1];
    for (uint32_t i = c.begin; i < c.end; ++i) {
      c.min_x = std::min(c.min_x, pts[i].center[0]);
      c.max_x = std::max(c.max_x, pts[i].center[0]);
      c.min_y = std::min(c.min_y, pts[i].center[1]);
      c.max_y = std::max(c.max_y, pts[i].center[1]);
    }
    chunks.push_back(c);
  }
  return chunks;
}

}  // namespace jiuyou::render
