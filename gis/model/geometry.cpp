#include "gis/model/geometry.hpp"

#include <cassert>
#include <algorithm>
#include <cmath>

namespace jiuyou {

const char* to_string(GeometryKind k) {
  switch (k) {
    case GeometryKind::none: return "none";
    case GeometryKind::point: return "point";
    case GeometryKind::line: return "line";
    case GeometryKind::polygon: return "polygon";
  }
  return "?";
}

void GeometryColumn::reserve(size_t features, size_t vertices) {
  geom_offsets.reserve(features + 1);
  part_offsets.reserve(features + 1);
  ring_offsets.reserve(features + 1);
  xy.reserve(2 * vertices);
}

void GeometryColumn::append_feature(const GeometryColumn& other, size_t f) {
  for (uint32_t p = other.part_begin(f); p < other.part_end(f); ++p) {
    for (uint32_t r = other.ring_begin(p); r < other.ring_end(p); ++r) {
      const auto ring = other.ring_xy(r);
      xy.insert(xy.end(), ring.begin(), ring.end());
      close_ring();
    }
    close_part();
  }
  close_feature();
}

BBox GeometryColumn::feature_bbox(size_t f) const {
  BBox b;
  if (is_empty(f)) return b;
  const size_t v0 = vertex_begin(ring_begin(part_begin(f)));
  const size_t v1 = vertex_begin(ring_begin(part_end(f)));
  for (size_t v = v0; v < v1; ++v) b.expand(xy[2 * v], xy[2 * v + 1]);
  return b;
}

BBox GeometryColumn::bbox() const {
  BBox b;
  for (size_t i = 0; i + 1 < xy.size(); i += 2) b.expand(xy[i], xy[i + 1]);
  return b;
}

bool feature_closed(const GeometryColumn& g, size_t f) {
  for (uint32_t p = g.part_begin(f); p < g.part_end(f); ++p)
    for (uint32_t r = g.ring_begin(p); r < g.ring_end(p); ++r) {
      const uint32_t v0 = g.vertex_begin(r), v1 = g.vertex_end(r);
      if (v1 - v0 < 4 || g.vertex(v0).x != g.vertex(v1 - 1).x || g.vertex(v0).y != g.vertex(v1 - 1).y) return false;
    }
  return true;
}

double ring_signed_area(std::span<const double> r) {
  const size_t n = r.size() / 2;
  if (n < 3) return 0;
  double a = 0;
  for (size_t i = 0, j = n - 1; i < n; j = i++) a += (r[2 * j] * r[2 * i + 1]) - (r[2 * i] * r[2 * j + 1]);
  return a / 2;
}

double feature_area(const GeometryColumn& g, size_t f) {
  if (g.kind != GeometryKind::polygon) return 0;
  double area = 0;
  for (uint32_t p = g.part_begin(f); p < g.part_end(f); ++p) {
    for (uint32_t r = g.ring_begin(p); r < g.ring_end(p); ++r) {
      const double a = std::abs(ring_signed_area(g.ring_xy(r)));
      area += r == g.ring_begin(p) ? a : -a;
    }
  }
  return area;
}

double feature_length(const GeometryColumn& g, size_t f) {
  double len = 0;
  for (uint32_t p = g.part_begin(f); p < g.part_end(f); ++p) {
    for (uint32_t r = g.ring_begin(p); r < g.ring_end(p); ++r) {
      const auto ring = g.ring_xy(r);
      for (size_t i = 2; i + 1 < ring.size(); i += 2) len += std::hypot(ring[i] - ring[i - 2], ring[i + 1] - ring[i - 1]);
    }
  }
  return len;
}

namespace {
bool point_in_ring(std::span<const double> r, double x, double y) {
  bool inside = false;
  const size_t n = r.size() / 2;
  for (size_t i = 0, j = n - 1; i < n; j = i++) {
    const double xi = r[2 * i], yi = r[2 * i + 1], xj = r[2 * j], yj = r[2 * j + 1];
    if (((yi > y) != (yj > y)) && (x < (xj - xi) * (y - yi) / (yj - yi) + xi)) inside = !inside;
  }
  return inside;
}
}  // namespace

bool point_in_feature(const GeometryColumn& g, size_t f, double x, double y) {
  if (g.kind != GeometryKind::polygon) return false;
  for (uint32_t p = g.part_begin(f); p < g.part_end(f); ++p) {
    bool inside = false;
    for (uint32_t r = g.ring_begin(p); r < g.ring_end(p); ++r)
      if (point_in_ring(g.ring_xy(r), x, y)) inside = !inside;
    if (inside) return true;
  }
  return false;
}

double point_segment_distance2(double x, double y, double ax, double ay, double bx, double by) {
  const double dx = bx - ax, dy = by - ay;
  const double len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? ((x - ax) * dx + (y - ay) * dy) / len2 : 0;
  t = t < 0 ? 0 : (t > 1 ? 1 : t);
  const double px = ax + t * dx - x, py = ay + t * dy - y;
  return px * px + py * py;
}

double point_feature_distance(const GeometryColumn& g, size_t f, double x, double y) {
  if (g.is_empty(f)) return std::numeric_limits<double>::infinity();
  if (g.kind == GeometryKind::polygon && point_in_feature(g, f, x, y)) return 0;
  double best = std::numeric_limits<double>::infinity();
  for (uint32_t p = g.part_begin(f); p < g.part_end(f); ++p) {
    for (uint32_t r = g.ring_begin(p); r < g.ring_end(p); ++r) {
      const auto ring = g.ring_xy(r);
      if (ring.size() == 2) {
        best = std::min(best, (ring[0] - x) * (ring[0] - x) + (ring[1] - y) * (ring[1] - y));
        continue;
      }
      for (size_t i = 2; i + 1 < ring.size(); i += 2)
        best = std::min(best, point_segment_distance2(x, y, ring[i - 2], ring[i - 1], ring[i], ring[i + 1]));
    }
  }
  return std::sqrt(best);
}

Vec2 representative_point(const GeometryColumn& g, size_t f) {
  assert(!g.is_empty(f));
  if (g.kind == GeometryKind::point) return g.first_vertex(f);
  if (g.kind == GeometryKind::line) {
    const uint32_t r = g.ring_begin(g.part_begin(f));
    return g.vertex((g.vertex_begin(r) + g.vertex_end(r)) / 2);
  }
  // Polygon: area-weighted centroid of the largest part's shell; if outside, scan a horizontal line.
  uint32_t best_part = g.part_begin(f);
  double best_area = -1;
  for (uint32_t p = g.part_begin(f); p < g.part_end(f); ++p) {
    const double a = std::abs(ring_signed_area(g.ring_xy(g.ring_begin(p))));
    if (a > best_area) { best_area = a; best_part = p; }
  }
  const auto shell = g.ring_xy(g.ring_begin(best_part));
  const size_t n = shell.size() / 2;
  double cx = 0, cy = 0, a2 = 0;
  for (size_t i = 0, j = n - 1; i < n; j = i++) {
    const double cross = shell[2 * j] * shell[2 * i + 1] - shell[2 * i] * shell[2 * j + 1];
    a2 += cross;
    cx += (shell[2 * j] + shell[2 * i]) * cross;
    cy += (shell[2 * j + 1] + shell[2 * i + 1]) * cross;
  }
  if (a2 != 0) { cx /= 3 * a2; cy /= 3 * a2; } else { cx = shell[0]; cy = shell[1]; }
  if (point_in_feature(g, f, cx, cy)) return {cx, cy};
  // Horizontal scan line through cy: midpoint of the widest inside interval.
  std::vector<double> xs;
  for (uint32_t r = g.ring_begin(best_part); r < g.ring_end(best_part); ++r) {
    const auto ring = g.ring_xy(r);
    const size_t m = ring.size() / 2;
    for (size_t i = 0, j = m - 1; i < m; j = i++) {
      const double yi = ring[2 * i + 1], yj = ring[2 * j + 1];
      if ((yi > cy) != (yj > cy)) xs.push_back(ring[2 * i] + (cy - yi) * (ring[2 * j] - ring[2 * i]) / (yj - yi));
    }
  }
  std::sort(xs.begin(), xs.end());
  double best_w = -1;
  Vec2 out{shell[0], shell[1]};
  for (size_t i = 0; i + 1 < xs.size(); i += 2) {
    if (xs[i + 1] - xs[i] > best_w) { best_w = xs[i + 1] - xs[i]; out = {(xs[i] + xs[i + 1]) / 2, cy}; }
  }
  return out;
}

}  // namespace jiuyou
