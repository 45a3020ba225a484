// The hazard zones relocation avoids and moves villages out of: the hazards layer's polygons as they are;
// a layer of points (地质灾害隐患点, the form a 自然资源局 often delivers) as circles of hazard_point_radius_m
// around each point, said in a note with the radius and how to change it. A layer of lines is not a zone:
// said, and not used. Tour 15 P4: a points layer was reported as "no hazards layer" and its points ignored.
#include <cmath>
#include <numbers>
#include <string>

#include "gis/relocate/stages.hpp"

namespace jiuyou::plan {
namespace {

constexpr int k_circle_vertices = 48;  // within 0.3 % of the circle's area

FeatureTable circles_around(const FeatureTable& points, double radius_m) {
  FeatureTable out = points;  // the columns (kind, name, ...) and fids as the layer has them
  GeometryColumn g;
  g.kind = GeometryKind::polygon;
  g.reserve(points.size(), points.size() * (k_circle_vertices + 1));
  for (size_t f = 0; f < points.size(); ++f) {
    if (points.geometry.is_empty(f)) {
      g.add_null_feature();
      continue;
    }
    for (uint32_t part = points.geometry.part_begin(f); part < points.geometry.part_end(f); ++part) {
      const Vec2 c = points.geometry.vertex(points.geometry.vertex_begin(points.geometry.ring_begin(part)));
      for (int i = 0; i <= k_circle_vertices; ++i) {
        const double a = 2 * std::numbers::pi * (i % k_circle_vertices) / k_circle_vertices;
        g.add_vertex(c.x + radius_m * std::cos(a), c.y + radius_m * std::sin(a));
      }
      g.close_ring();
      g.close_part();
    }
    g.close_feature();
  }
  out.geometry = std::move(g);
  return out;
}

std::string metres(double m) { return std::to_string(static_cast<long long>(std::lround(m))); }

}  // namespace

namespace detail {

const FeatureTable* hazard_zones(const Workspace& ws, const RelocateParams& p, std::optional<FeatureTable>& circles, IssueLog& notes) {
  const FeatureTable* h = ws.layer("hazards");
  if (h == nullptr || h->geometry.kind == GeometryKind::polygon) return h;
  if (h->geometry.kind == GeometryKind::point) {
    circles = circles_around(*h, p.hazard_point_radius_m);
    note(notes, Severity::warning, "hazard_points_as_zones",
         "灾害隐患区图层（hazards）是点图层（" + std::to_string(h->size()) + " 个隐患点），没有隐患区范围：每个隐患点按半径 " +
             metres(p.hazard_point_radius_m) + " 米的圆作为隐患区（地质灾害区再向外避让 " + metres(p.hazard_buffer_m) +
             " 米），村在隐患区内的比例按这些圆计算；有隐患区范围面图层时请改用面图层，或在项目文件 [relocate] 中用 hazard_point_radius_m 设定影响半径",
         "hazards");
    return &*circles;
  }
  note(notes, Severity::warning, "hazard_layer_not_zones",
       "灾害隐患区图层（hazards）是" + std::string(h->geometry.kind == GeometryKind::line ? "线" : "无几何") +
           "图层，不是隐患区范围：安置点没有避开地质灾害区和洪涝区的检查，选定的安置点须实地核实；请提供隐患区面图层或隐患点图层",
       "hazards");
  return nullptr;
}

}  // namespace detail

}  // namespace jiuyou::plan
