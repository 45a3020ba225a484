#include "gis/invest/terrain_path.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <queue>

namespace jiuyou::invest {
namespace {

constexpr double k_inf = std::numeric_limits<double>::infinity();
constexpr int k_max_side = 250;  // cells per side of the window at most

// The closest point of feature f (lines) to p.
Vec2 closest_on(const GeometryColumn& g, size_t f, Vec2 p) {
  Vec2 best = g.first_vertex(f);
  double best_d = k_inf;
  for (uint32_t part = g.part_begin(f); part < g.part_end(f); ++part)
    for (uint32_t r = g.ring_begin(part); r < g.ring_end(part); ++r)
      for (uint32_t v = g.vertex_begin(r); v + 1 < g.vertex_end(r); ++v) {
        const Vec2 a = g.vertex(v), b = g.vertex(v + 1);
        const double dx = b.x - a.x, dy = b.y - a.y, len2 = dx * dx + dy * dy;
        const double t = len2 > 0 ? std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / len2, 0.0, 1.0) : 0.0;
        const Vec2 q{a.x + t * dx, a.y + t * dy};
        const double d = std::hypot(q.x - p.x, q.y - p.y);
        if (d < best_d) best_d = d, best = q;
      }
  return best;
}

// Calls mark(cell) for every cell a line feature passes through (sampled at a quarter cell).
void each_line_cell(const CostGrid& grid, const GeometryColumn& g, size_t f, const std::function<void(int)>& mark) {
  for (uint32_t part = g.part_begin(f); part < g.part_end(f); ++part)
    for (uint32_t r = g.ring_begin(part); r < g.ring_end(part); ++r)
      for (uint32_t v = g.vertex_begin(r); v + 1 < g.vertex_end(r); ++v) {
        const Vec2 a = g.vertex(v), b = g.vertex(v + 1);
        const int steps = 1 + static_cast<int>(std::hypot(b.x - a.x, b.y - a.y) / (grid.cell_m / 4));
        for (int s = 0; s <= steps; ++s) {
          const double t = static_cast<double>(s) / steps;
          if (const int c = grid.cell_of({a.x + t * (b.x - a.x), a.y + t * (b.y - a.y)}); c >= 0) mark(c);
        }
      }
}

// Calls mark(cell) for every cell whose centre lies inside a polygon feature.
void each_inside_cell(const CostGrid& grid, const GeometryColumn& g, size_t f, const std::function<void(int)>& mark) {
  const BBox fb = g.feature_bbox(f);
  const int c0 = std::max(0, static_cast<int>((fb.min_x - grid.x0) / grid.cell_m)), c1 = std::min(grid.width - 1, static_cast<int>((fb.max_x - grid.x0) / grid.cell_m));
  const int r0 = std::max(0, static_cast<int>((fb.min_y - grid.y0) / grid.cell_m)), r1 = std::min(grid.height - 1, static_cast<int>((fb.max_y - grid.y0) / grid.cell_m));
  for (int row = r0; row <= r1; ++row)
    for (int col = c0; col <= c1; ++col) {
      const int c = row * grid.width + col;
      const Vec2 p = grid.centre(c);
      if (point_in_feature(g, f, p.x, p.y)) mark(c);
    }
}

// Marks the cells of every feature of `t` meeting the window: lines along them, polygons inside.
void mark_layer(const CostGrid& grid, const BBox& window, const FeatureTable& t, const std::vector<uint8_t>* only, const std::function<void(int)>& mark) {
  for (size_t f = 0; f < t.size(); ++f) {
    if ((only != nullptr && !(*only)[f]) || t.geometry.is_empty(f) || !t.geometry.feature_bbox(f).intersects(window)) continue;
    if (t.geometry.kind == GeometryKind::polygon) each_inside_cell(grid, t.geometry, f, mark);
    else if (t.geometry.kind == GeometryKind::line) each_line_cell(grid, t.geometry, f, mark);
  }
}

// Slope (rise over run) at a cell's centre from the DEM, by central differences; nullopt outside it.
std::optional<double> slope_at(const Raster& dem, Vec2 p, double h) {
  const auto e = dem.sample(p.x + h, p.y), w = dem.sample(p.x - h, p.y), n = dem.sample(p.x, p.y + h), s = dem.sample(p.x, p.y - h);
  if (!e || !w || !n || !s) return std::nullopt;
  return std::hypot((*e - *w) / (2 * h), (*n - *s) / (2 * h));
}

CostGrid make_grid(const TerrainInputs& in, const Build& b, const BBox& window) {
  CostGrid g;
  g.cell_m = std::max({in.dem->cell_size_x(), window.width() / k_max_side, window.height() / k_max_side});
  g.width = std::max(1, static_cast<int>(std::ceil(window.width() / g.cell_m)));
  g.height = std::max(1, static_cast<int>(std::ceil(window.height() / g.cell_m)));
  g.x0 = window.min_x;
  g.y0 = window.min_y;
  const size_t n = static_cast<size_t>(g.width) * static_cast<size_t>(g.height);
  g.cost_per_m.assign(n, k_inf);
  g.river.assign(n, 0);
  g.target.assign(n, 0);
  for (size_t c = 0; c < n; ++c) {
    const auto s = slope_at(*in.dem, g.centre(static_cast<int>(c)), g.cell_m);
    if (s && *s <= b.path.max_slope) g.cost_per_m[c] = b.cost_cny / 1000 * slope_class_factor(b.path.slope_classes, *s);
  }
  for (const FeatureTable* t : in.avoid) mark_layer(g, window, *t, nullptr, [&](int c) { g.cost_per_m[static_cast<size_t>(c)] = k_inf; });
  for (const FeatureTable* t : in.rivers) mark_layer(g, window, *t, nullptr, [&](int c) { g.river[static_cast<size_t>(c)] = 1; });
  mark_layer(g, window, *in.network, in.qualifying, [&](int c) {
    g.target[static_cast<size_t>(c)] = 1;
    if (!std::isfinite(g.cost_per_m[static_cast<size_t>(c)])) g.cost_per_m[static_cast<size_t>(c)] = b.cost_cny / 1000;  // the road is there
  });
  return g;
}

}  // namespace

int CostGrid::cell_of(Vec2 p) const {
  const double cx = std::floor((p.x - x0) / cell_m), cy = std::floor((p.y - y0) / cell_m);
  if (!(cx >= 0 && cy >= 0 && cx < width && cy < height)) return -1;
  return static_cast<int>(cy) * width + static_cast<int>(cx);
}

double step_cost(const CostGrid& g, int a, int b, double bridge_cny) {
  const double dx = (a % g.width - b % g.width) * g.cell_m, dy = (a / g.width - b / g.width) * g.cell_m;
  const double c = std::hypot(dx, dy) * (g.cost_per_m[static_cast<size_t>(a)] + g.cost_per_m[static_cast<size_t>(b)]) / 2;
  return c + (g.river[static_cast<size_t>(b)] && !g.river[static_cast<size_t>(a)] ? bridge_cny : 0.0);
}

GridPath least_cost_path(const CostGrid& g, int start, double bridge_cny) {
  const size_t n = g.cost_per_m.size();
  std::vector<double> cost(n, k_inf);
  std::vector<int> pred(n, -1);
  using Entry = std::pair<double, int>;
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> heap;
  cost[static_cast<size_t>(start)] = 0;
  heap.emplace(0, start);
  GridPath out;
  while (!heap.empty()) {
    const auto [c, a] = heap.top();
    heap.pop();
    if (c > cost[static_cast<size_t>(a)]) continue;
    if (g.target[static_cast<size_t>(a)]) {
      out.cost = c;
      for (int at = a; at >= 0; at = pred[static_cast<size_t>(at)]) out.cells.push_back(at);
      std::reverse(out.cells.begin(), out.cells.end());
      for (size_t k = 1; k < out.cells.size(); ++k) {
        out.length_m += std::hypot(g.centre(out.cells[k]).x - g.centre(out.cells[k - 1]).x, g.centre(out.cells[k]).y - g.centre(out.cells[k - 1]).y);
        out.bridges += g.river[static_cast<size_t>(out.cells[k])] && !g.river[static_cast<size_t>(out.cells[k - 1])];
      }
      return out;
    }
    const int col = a % g.width, row = a / g.width;
    for (int dy = -1; dy <= 1; ++dy)
      for (int dx = -1; dx <= 1; ++dx) {
        if ((dx == 0 && dy == 0) || col + dx < 0 || col + dx >= g.width || row + dy < 0 || row + dy >= g.height) continue;
        const int b = a + dy * g.width + dx;
        const double nc = c + step_cost(g, a, b, bridge_cny);
        if (nc < cost[static_cast<size_t>(b)]) {
          cost[static_cast<size_t>(b)] = nc;
          pred[static_cast<size_t>(b)] = a;
          heap.emplace(nc, b);
        }
      }
  }
  return out;
}

std::optional<TerrainRoute> terrain_route(const TerrainInputs& in, const Build& b, Vec2 village, Vec2 toward) {
  if (in.dem == nullptr || in.network == nullptr || in.qualifying == nullptr) return std::nullopt;
  BBox window;
  window.expand(village.x, village.y);
  window.expand(toward.x, toward.y);
  window = window.inflated(std::max(b.path.margin_m, 0.5 * std::hypot(toward.x - village.x, toward.y - village.y)));
  CostGrid g = make_grid(in, b, window);
  const int start = g.cell_of(village);
  if (start < 0) return std::nullopt;
  if (!std::isfinite(g.cost_per_m[static_cast<size_t>(start)])) g.cost_per_m[static_cast<size_t>(start)] = b.cost_cny / 1000;  // the village is there
  const GridPath path = least_cost_path(g, start, b.path.bridge_cny);
  if (!std::isfinite(path.cost)) return std::nullopt;
  TerrainRoute r;
  r.line.push_back(village);
  for (size_t k = 1; k < path.cells.size(); ++k) r.line.push_back(g.centre(path.cells[k]));
  // End exactly on the nearest qualifying feature through the last cell.
  const Vec2 last = r.line.back();
  Vec2 end = last;
  double best = k_inf;
  for (size_t f = 0; f < in.network->size(); ++f) {
    if (!(*in.qualifying)[f] || in.network->geometry.is_empty(f) || !in.network->geometry.feature_bbox(f).inflated(2 * g.cell_m).contains(last.x, last.y)) continue;
    const Vec2 q = closest_on(in.network->geometry, f, last);
    if (const double d = std::hypot(q.x - last.x, q.y - last.y); d < best) best = d, end = q;
  }
  if (end.x != last.x || end.y != last.y) r.line.push_back(end);
  for (size_t k = 1; k < r.line.size(); ++k) r.length_m += std::hypot(r.line[k].x - r.line[k - 1].x, r.line[k].y - r.line[k - 1].y);
  r.bridges = path.bridges;
  r.cost_cny = path.cost + (r.length_m - path.length_m) * b.cost_cny / 1000;
  return r;
}

}  // namespace jiuyou::invest
