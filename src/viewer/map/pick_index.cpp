#include "src/viewer/map/pick_index.hpp"

#include <cmath>
#include <limits>

namespace jiuyou::viewer {

void PointGrid::build(const FeatureTable& t) {
  m_table = &t;
  m_cells.clear();
  m_points.assign(t.size(), Vec2{std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN()});
  BBox box;
  size_t n = 0;
  for (size_t f = 0; f < t.size(); ++f) {
    if (t.geometry.is_empty(f)) continue;
    const Vec2 p = representative_point(t.geometry, f);
    if (!std::isfinite(p.x) || !std::isfinite(p.y)) continue;
    m_points[f] = p;
    box.expand(p.x, p.y);
    ++n;
  }
  // About four points per cell on average.
  const double area = std::max(box.width() * box.height(), 1.0);
  m_cell = n > 0 ? std::max(std::sqrt(area * 4.0 / static_cast<double>(n)), 1.0) : 1000.0;
  for (size_t f = 0; f < t.size(); ++f) {
    const Vec2 p = m_points[f];
    if (!std::isfinite(p.x)) continue;
    m_cells[key(static_cast<int64_t>(std::floor(p.x / m_cell)), static_cast<int64_t>(std::floor(p.y / m_cell)))].push_back(
        static_cast<uint32_t>(f));
  }
}

std::optional<uint32_t> PointGrid::nearest(double x, double y, double radius_m, bool inside_polygons) const {
  if (!m_table || !std::isfinite(x) || !std::isfinite(y) || !(radius_m > 0)) return std::nullopt;
  // A polygon village under the cursor is the answer whatever the distance to its centre.
  const bool polygons = inside_polygons && m_table->geometry.kind == GeometryKind::polygon;
  const double r = std::min(radius_m, m_cell * 64);
  const auto cx0 = static_cast<int64_t>(std::floor((x - r) / m_cell)), cx1 = static_cast<int64_t>(std::floor((x + r) / m_cell));
  const auto cy0 = static_cast<int64_t>(std::floor((y - r) / m_cell)), cy1 = static_cast<int64_t>(std::floor((y + r) / m_cell));
  std::optional<uint32_t> best;
  double best_d2 = r * r;
  for (int64_t cy = cy0; cy <= cy1; ++cy)
    for (int64_t cx = cx0; cx <= cx1; ++cx) {
      const auto it = m_cells.find(key(cx, cy));
      if (it == m_cells.end()) continue;
      for (uint32_t row : it->second) {
        const double dx = m_points[row].x - x, dy = m_points[row].y - y;
        const double d2 = dx * dx + dy * dy;
        if (d2 <= best_d2) best_d2 = d2, best = row;
      }
    }
  if (!best && polygons) {
    // Inside a polygon whose centre is farther than the radius: test the polygons near the cursor.
    // Cheap enough on a click; polygons are villages, a few thousand at most per county.
    for (size_t f = 0; f < m_table->size(); ++f)
      if (m_table->geometry.feature_bbox(f).contains(x, y) && point_in_feature(m_table->geometry, f, x, y)) return static_cast<uint32_t>(f);
  }
  return best;
}

}  // namespace jiuyou::viewer
