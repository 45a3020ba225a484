#include "gis/synth/voronoi.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <unordered_map>

namespace jiuyou::synth {

SiteGrid::SiteGrid(std::vector<Vec2> sites, BBox bounds, double cell_size) : m_sites(std::move(sites)), m_bounds(bounds), m_cell(cell_size) {
  m_nx = std::max(1, static_cast<int>(std::ceil(bounds.width() / m_cell)));
  m_ny = std::max(1, static_cast<int>(std::ceil(bounds.height() / m_cell)));
  m_buckets.resize(static_cast<size_t>(m_nx) * static_cast<size_t>(m_ny));
  for (uint32_t i = 0; i < m_sites.size(); ++i)
    m_buckets[static_cast<size_t>(bucket_y(m_sites[i].y)) * static_cast<size_t>(m_nx) + static_cast<size_t>(bucket_x(m_sites[i].x))].push_back(i);
}

int SiteGrid::bucket_x(double x) const { return std::clamp(static_cast<int>((x - m_bounds.min_x) / m_cell), 0, m_nx - 1); }
int SiteGrid::bucket_y(double y) const { return std::clamp(static_cast<int>((y - m_bounds.min_y) / m_cell), 0, m_ny - 1); }

void SiteGrid::move(uint32_t site, Vec2 to) {
  auto& from = m_buckets[static_cast<size_t>(bucket_y(m_sites[site].y)) * static_cast<size_t>(m_nx) + static_cast<size_t>(bucket_x(m_sites[site].x))];
  from.erase(std::find(from.begin(), from.end(), site));
  m_sites[site] = to;
  auto& dest = m_buckets[static_cast<size_t>(bucket_y(to.y)) * static_cast<size_t>(m_nx) + static_cast<size_t>(bucket_x(to.x))];
  dest.insert(std::upper_bound(dest.begin(), dest.end(), site), site);
}

void SiteGrid::near(Vec2 p, double radius, std::vector<uint32_t>& out) const {
  out.clear();
  const int x0 = bucket_x(p.x - radius), x1 = bucket_x(p.x + radius);
  const int y0 = bucket_y(p.y - radius), y1 = bucket_y(p.y + radius);
  const double r2 = radius * radius;
  for (int by = y0; by <= y1; ++by)
    for (int bx = x0; bx <= x1; ++bx)
      for (uint32_t s : m_buckets[static_cast<size_t>(by) * static_cast<size_t>(m_nx) + static_cast<size_t>(bx)]) {
        const double dx = m_sites[s].x - p.x, dy = m_sites[s].y - p.y;
        if (dx * dx + dy * dy <= r2) out.push_back(s);
      }
  std::sort(out.begin(), out.end());
}

namespace {

// Keeps the part of the polygon where (p - s)·n <= c; the new edge is `id`.
void clip(std::vector<Vec2>& poly, std::vector<int32_t>& ids, Vec2 s, Vec2 n, double c, int32_t id, std::vector<Vec2>& tmp_v,
          std::vector<int32_t>& tmp_i) {
  tmp_v.clear();
  tmp_i.clear();
  const size_t m = poly.size();
  auto f = [&](Vec2 p) { return (p.x - s.x) * n.x + (p.y - s.y) * n.y - c; };
  for (size_t k = 0; k < m; ++k) {
    const Vec2 a = poly[k];
    const Vec2 b = poly[(k + 1) % m];
    const double fa = f(a), fb = f(b);
    if (fa <= 0) {
      tmp_v.push_back(a);
      tmp_i.push_back(ids[k]);
      if (fb > 0) {
        const double t = fa / (fa - fb);
        tmp_v.push_back({a.x + t * (b.x - a.x), a.y + t * (b.y - a.y)});
        tmp_i.push_back(id);
      }
    } else if (fb <= 0) {
      const double t = fa / (fa - fb);
      tmp_v.push_back({a.x + t * (b.x - a.x), a.y + t * (b.y - a.y)});
      tmp_i.push_back(ids[k]);
    }
  }
  poly.swap(tmp_v);
  ids.swap(tmp_i);
}

}  // namespace

void SiteGrid::cell(uint32_t site, std::vector<Vec2>& poly, std::vector<int32_t>& ids) const {
  const Vec2 s = m_sites[site];
  const double big = 2 * std::max(m_bounds.width(), m_bounds.height()) + 1;
  poly = {{s.x - big, s.y - big}, {s.x + big, s.y - big}, {s.x + big, s.y + big}, {s.x - big, s.y + big}};
  ids = {-1, -2, -3, -4};
  std::vector<Vec2> tmp_v;
  std::vector<int32_t> tmp_i;
  std::vector<std::pair<double, uint32_t>> cand;
  auto max_r2 = [&] {
    double r2 = 0;
    for (const auto& p : poly) r2 = std::max(r2, (p.x - s.x) * (p.x - s.x) + (p.y - s.y) * (p.y - s.y));
    return r2;
  };
  const int cx = bucket_x(s.x), cy = bucket_y(s.y);
  const int max_ring = std::max(m_nx, m_ny);
  double r2 = max_r2();
  for (int ring = 0; ring <= max_ring; ++ring) {
    cand.clear();
    for (int by = cy - ring; by <= cy + ring; ++by) {
      if (by < 0 || by >= m_ny) continue;
      const bool edge_row = by == cy - ring || by == cy + ring;
      for (int bx = cx - ring; bx <= cx + ring; bx += (edge_row ? 1 : 2 * std::max(ring, 1))) {
        if (bx < 0 || bx >= m_nx) continue;
        for (uint32_t j : m_buckets[static_cast<size_t>(by) * static_cast<size_t>(m_nx) + static_cast<size_t>(bx)]) {
          if (j == site) continue;
          const double dx = m_sites[j].x - s.x, dy = m_sites[j].y - s.y;
          cand.emplace_back(dx * dx + dy * dy, j);
        }
        if (ring == 0) break;
      }
    }
    std::sort(cand.begin(), cand.end());
    for (const auto& [d2, j] : cand) {
      if (d2 > 4 * r2) break;
      if (d2 <= 0) continue;  // coincident sites: no bisector
      const Vec2 n{m_sites[j].x - s.x, m_sites[j].y - s.y};
      clip(poly, ids, s, n, d2 / 2, static_cast<int32_t>(j), tmp_v, tmp_i);
      r2 = max_r2();
    }
    const double reach = ring * m_cell;
    if (reach * reach > 4 * r2) break;
  }
}

Ring VoronoiCells::ring(size_t c) const {
  Ring r;
  r.reserve(offsets[c + 1] - offsets[c] + 1);
  for (uint32_t k = offsets[c]; k < offsets[c + 1]; ++k) r.push_back(vertices[vertex_ids[k]]);
  if (!r.empty()) r.push_back(r.front());
  return r;
}

namespace {
uint64_t vertex_key(int64_t a, int64_t b, int64_t c) {
  if (a > b) std::swap(a, b);
  if (b > c) std::swap(b, c);
  if (a > b) std::swap(a, b);
  constexpr int64_t off = 8;
  return (static_cast<uint64_t>(a + off) << 42) | (static_cast<uint64_t>(b + off) << 21) | static_cast<uint64_t>(c + off);
}
}  // namespace

VoronoiCells voronoi_cells(const SiteGrid& grid, size_t n_cells) {
  assert(grid.sites().size() < (1u << 21) - 16);
  VoronoiCells out;
  std::unordered_map<uint64_t, uint32_t> index;
  index.reserve(n_cells * 7);
  std::vector<Vec2> poly;
  std::vector<int32_t> ids;
  out.offsets.reserve(n_cells + 1);
  for (uint32_t i = 0; i < n_cells; ++i) {
    grid.cell(i, poly, ids);
    const size_t m = poly.size();
    for (size_t k = 0; k < m; ++k) {
      // Vertex k lies between edge k-1 (incoming) and edge k (outgoing): the
      // triple of sites that defines it is the same in every cell that has it.
      const int32_t in = ids[(k + m - 1) % m];
      const uint64_t key = vertex_key(i, in, ids[k]);
      auto [it, fresh] = index.try_emplace(key, static_cast<uint32_t>(out.vertices.size()));
      if (fresh) out.vertices.push_back(poly[k]);
      out.vertex_ids.push_back(it->second);
      out.across.push_back(ids[k]);
    }
    out.offsets.push_back(static_cast<uint32_t>(out.vertex_ids.size()));
  }
  return out;
}

std::vector<std::vector<Ring>> union_rings(const VoronoiCells& cells, std::span<const int> group, int n_groups) {
  std::vector<std::unordered_map<uint32_t, uint32_t>> next(static_cast<size_t>(n_groups));
  const size_t n = cells.size();
  for (size_t i = 0; i < n; ++i) {
    const int g = group[i];
    if (g < 0) continue;
    const uint32_t b = cells.offsets[i], e = cells.offsets[i + 1];
    for (uint32_t k = b; k < e; ++k) {
      const int32_t j = cells.across[k];
      const bool boundary = j < 0 || static_cast<size_t>(j) >= n || group[static_cast<size_t>(j)] != g;
      if (!boundary) continue;
      const uint32_t from = cells.vertex_ids[k];
      const uint32_t to = cells.vertex_ids[k + 1 < e ? k + 1 : b];
      next[static_cast<size_t>(g)][from] = to;
    }
  }
  std::vector<std::vector<Ring>> out(static_cast<size_t>(n_groups));
  for (size_t g = 0; g < next.size(); ++g) {
    auto& nx = next[g];
    // Deterministic order: start rings from the smallest vertex id left.
    std::vector<uint32_t> starts;
    starts.reserve(nx.size());
    for (const auto& [from, to] : nx) starts.push_back(from);
    std::sort(starts.begin(), starts.end());
    for (uint32_t start : starts) {
      auto it = nx.find(start);
      if (it == nx.end()) continue;
      Ring ring;
      uint32_t v = start;
      while (true) {
        auto jt = nx.find(v);
        if (jt == nx.end()) break;
        ring.push_back(cells.vertices[v]);
        const uint32_t to = jt->second;
        nx.erase(jt);
        v = to;
        if (v == start) break;
      }
      if (ring.size() >= 3) {
        ring.push_back(ring.front());
        out[g].push_back(std::move(ring));
      }
    }
  }
  return out;
}

double ring_area(const Ring& r) {
  double a = 0;
  for (size_t i = 0; i + 1 < r.size(); ++i) a += r[i].x * r[i + 1].y - r[i + 1].x * r[i].y;
  return a / 2;
}

bool point_in_ring(const Ring& r, Vec2 p) {
  bool inside = false;
  for (size_t i = 0, j = r.size() - 1; i < r.size(); j = i++) {
    if ((r[i].y > p.y) != (r[j].y > p.y) && p.x < (r[j].x - r[i].x) * (p.y - r[i].y) / (r[j].y - r[i].y) + r[i].x) inside = !inside;
  }
  return inside;
}

Vec2 ring_centroid(const Ring& r) {
  double a2 = 0, cx = 0, cy = 0;
  for (size_t i = 0; i + 1 < r.size(); ++i) {
    const double cross = r[i].x * r[i + 1].y - r[i + 1].x * r[i].y;
    a2 += cross;
    cx += (r[i].x + r[i + 1].x) * cross;
    cy += (r[i].y + r[i + 1].y) * cross;
  }
  if (a2 == 0) return r.empty() ? Vec2{} : r.front();
  return {cx / (3 * a2), cy / (3 * a2)};
}

}  // namespace jiuyou::synth
