#pragma once
// A segment-level index over chosen features of a geometry column: the
// nearest point on any segment of those features, for network-access
// distances ("how far is the village from the nearest paved road").
//
// Line features index their segments; polygon features their ring segments
// (the boundary: a point inside a polygon is NOT at distance 0 here, use
// point_in_feature for that); point features one zero-length segment per
// point. The index keeps a pointer to the column: the column must outlive
// it and must not change. Queries are const and thread-safe.
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "gis/index/spatial_index.hpp"
#include "gis/model/geometry.hpp"

namespace jiuyou::index {

struct LineHit {
  uint32_t feature = 0;   // row in the column
  double distance_m = 0;  // from the query point to `point`
  Vec2 point;             // nearest point on the feature
  uint32_t vertex = 0;    // the segment that holds `point` runs from vertex `vertex` to the next one
};

class LineIndex {
 public:
  // Indexes the features f of g with include[f] != 0 (all features when include is empty).
  void build(const GeometryColumn& g, std::span<const uint8_t> include = {});

  [[nodiscard]] size_t segment_count() const { return m_seg_a.size(); }
  [[nodiscard]] bool empty() const { return m_seg_a.empty(); }

  // The nearest indexed feature within max_distance_m (inclusive). Equal
  // distances go to the smallest feature id (then the first segment).
  [[nodiscard]] std::optional<LineHit> nearest(double x, double y, double max_distance_m) const {
    return nearest_if(x, y, max_distance_m, [](uint32_t) { return true; });
  }
  // As nearest(), among indexed features for which accept(feature) is true.
  template <class Accept>
  [[nodiscard]] std::optional<LineHit> nearest_if(double x, double y, double max_distance_m, Accept&& accept) const;

  // The nearest indexed feature to feature f of another column (a village
  // polygon, a site): for a polygon 0 when an indexed line crosses it or lies
  // inside it, otherwise the least distance between the two shapes' segments.
  // LineHit::point is the nearest point on the indexed feature.
  [[nodiscard]] std::optional<LineHit> nearest_to_feature(const GeometryColumn& other, size_t f,
                                                          double max_distance_m) const {
    return nearest_to_feature_if(other, f, max_distance_m, [](uint32_t) { return true; });
  }
  template <class Accept>
  [[nodiscard]] std::optional<LineHit> nearest_to_feature_if(const GeometryColumn& other, size_t f,
                                                             double max_distance_m, Accept&& accept) const;

  // One hit per indexed feature within radius_m (its nearest point), sorted by (distance, feature).
  [[nodiscard]] std::vector<LineHit> within(double x, double y, double radius_m) const;

  // Distance from (x,y) to segment s, and the nearest point on it.
  [[nodiscard]] double segment_distance(uint32_t s, double x, double y, Vec2* nearest_point = nullptr) const;
  // Distance from feature f of `other` to segment s, and the nearest point on the segment.
  // With a finite limit the answer is exact when it is <= limit; otherwise it is
  // only known to exceed the limit (edges of f farther than that are skipped).
  [[nodiscard]] double segment_feature_distance(uint32_t s, const GeometryColumn& other, size_t f,
                                                Vec2* nearest_point = nullptr,
                                                double limit = std::numeric_limits<double>::infinity()) const;
  [[nodiscard]] uint32_t segment_feature(uint32_t s) const { return m_seg_feature[s]; }

 private:
  const GeometryColumn* m_geom = nullptr;
  std::vector<uint32_t> m_seg_a;        // first vertex of each segment
  std::vector<uint32_t> m_seg_b;        // second vertex (== a for a point)
  std::vector<uint32_t> m_seg_feature;  // feature of each segment; segments are in feature order
  SpatialIndex m_index;                 // over segment boxes; item = segment id
};

template <class Accept>
std::optional<LineHit> LineIndex::nearest_if(double x, double y, double max_distance_m, Accept&& accept) const {
  // Segments are numbered in feature order, so the smallest segment id among
  // equal distances belongs to the smallest feature id.
  const auto hit = m_index.nearest(x, y, max_distance_m, [&](uint32_t s) {
    return accept(m_seg_feature[s]) ? segment_distance(s, x, y) : std::numeric_limits<double>::infinity();
  });
  if (!hit) return std::nullopt;
  LineHit out;
  out.feature = m_seg_feature[hit->item];
  out.vertex = m_seg_a[hit->item];
  out.distance_m = segment_distance(hit->item, x, y, &out.point);
  return out;
}

template <class Accept>
std::optional<LineHit> LineIndex::nearest_to_feature_if(const GeometryColumn& other, size_t f, double max_distance_m,
                                                        Accept&& accept) const {
  if (other.is_empty(f)) return std::nullopt;
  const auto hit = m_index.nearest(other.feature_bbox(f), max_distance_m, [&](uint32_t s, double limit) {
    return accept(m_seg_feature[s]) ? segment_feature_distance(s, other, f, nullptr, limit) : std::numeric_limits<double>::infinity();
  });
  if (!hit) return std::nullopt;
  LineHit out;
  out.feature = m_seg_feature[hit->item];
  out.vertex = m_seg_a[hit->item];
  out.distance_m = segment_feature_distance(hit->item, other, f, &out.point);
  return out;
}

}  // namespace jiuyou::index
