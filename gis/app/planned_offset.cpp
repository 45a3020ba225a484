#include "gis/app/planned_offset.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "gis/crs/crs.hpp"
#include "gis/index/line_index.hpp"

namespace jiuyou::app {
namespace {

constexpr double k_ratio = 0.8, k_min_gain_m = 40, k_reach_m = 5000;

// Per planned line: the distance from the nearer of its two ends, moved by `shift`, to the existing lines; their median.
double median_end_distance(const FeatureTable& planned, const index::LineIndex& lines, Vec2 shift) {
  std::vector<double> d;
  for (size_t f = 0; f < planned.size(); ++f) {
    if (planned.geometry.is_empty(f)) continue;
    const Vec2 ends[] = {planned.geometry.vertex(planned.geometry.vertex_begin(planned.geometry.ring_begin(planned.geometry.part_begin(f)))),
                         planned.geometry.vertex(planned.geometry.vertex_end(planned.geometry.ring_end(planned.geometry.part_end(f) - 1) - 1) - 1)};
    double best = k_reach_m;
    for (const Vec2 e : ends)
      if (const auto hit = lines.nearest(e.x + shift.x, e.y + shift.y, k_reach_m)) best = std::min(best, hit->distance_m);
    d.push_back(best);
  }
  if (d.empty()) return 0;
  std::nth_element(d.begin(), d.begin() + static_cast<std::ptrdiff_t>(d.size() / 2), d.end());
  return d[d.size() / 2];
}

// What the GCJ-02 correction adds (metres, in `metric`) at `centre`; nullopt outside China or without PROJ.
std::optional<Vec2> gcj02_correction(const CrsRef& metric, Vec2 centre) {
  auto to_ll = crs::Transformer::create(metric, CrsRef::epsg(4326));
  auto to_m = crs::Transformer::create(CrsRef::epsg(4326), metric);
  if (!to_ll || !to_m) return std::nullopt;
  const auto ll = to_ll->transform_point(centre);
  if (!ll || crs::outside_china(*ll)) return std::nullopt;
  const auto back = to_m->transform_point(crs::gcj02_to_wgs84(*ll));
  if (!back) return std::nullopt;
  return Vec2{back->x - centre.x, back->y - centre.y};
}

std::string metres(double m) { return std::to_string(static_cast<long>(std::lround(m / 10) * 10)); }

}  // namespace

std::optional<std::string> likely_gcj02_planned(const FeatureTable& planned, const FeatureTable& existing, const CrsRef& metric) {
  if (planned.geometry.kind != GeometryKind::line || existing.geometry.kind != GeometryKind::line || planned.size() == 0 || metric.empty()) return std::nullopt;
  index::LineIndex lines;
  lines.build(existing.geometry);
  if (lines.empty()) return std::nullopt;
  const double loaded = median_end_distance(planned, lines, {0, 0});
  if (loaded <= k_min_gain_m) return std::nullopt;  // the planned lines meet the network: nothing to correct
  const BBox box = planned.geometry.bbox();
  const auto shift = gcj02_correction(metric, {(box.min_x + box.max_x) / 2, (box.min_y + box.max_y) / 2});
  if (!shift) return std::nullopt;
  const double corrected = median_end_distance(planned, lines, *shift);
  const double opposite = median_end_distance(planned, lines, {-shift->x, -shift->y});
  if (corrected > loaded * k_ratio || loaded - corrected < k_min_gain_m || opposite <= loaded) return std::nullopt;
  return "规划图层“" + planned.name + "”的线端离现有的同类线路约 " + metres(loaded) + " 米，按 GCJ-02（高德、腾讯底图）换算后约 " + metres(corrected) +
         " 米：这些规划线很可能是在 GCJ-02 底图上画的，现在按原坐标计入，位置偏了几百米。如确是，请加 --with-crs GCJ-02 重新检查。";
}

}  // namespace jiuyou::app
