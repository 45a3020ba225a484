#pragma once
// Picking villages under the cursor: a uniform grid over their
// representative points (built once), queried with a radius in metres, so a
// click or a hover costs a few cells, not a scan of every village.
#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

#include "gis/model/feature_table.hpp"

namespace jiuyou::viewer {

class PointGrid {
 public:
  // Indexes the representative point of every non-empty feature with finite coordinates.
  void build(const FeatureTable& table);
  // The nearest indexed row within radius_m of (x, y); polygons containing the point win.
  // With inside_polygons, a polygon containing (x, y) is found even when its centre is farther (a linear scan: clicks only, not hover).
  [[nodiscard]] std::optional<uint32_t> nearest(double x, double y, double radius_m, bool inside_polygons = false) const;
  [[nodiscard]] Vec2 point(uint32_t row) const { return m_points[row]; }
  [[nodiscard]] size_t size() const { return m_points.size(); }

 private:
  [[nodiscard]] int64_t key(int64_t cx, int64_t cy) const { return (cy << 32) ^ (cx & 0xffffffff); }
  const FeatureTable* m_table = nullptr;
  double m_cell = 1000;
  std::vector<Vec2> m_points;  // per row (NaN when not indexed)
  std::unordered_map<int64_t, std::vector<uint32_t>> m_cells;
};

}  // namespace jiuyou::viewer
