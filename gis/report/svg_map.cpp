#include "gis/report/svg_map.hpp"

#include <algorithm>
#include <cmath>

#include "gis/util/text.hpp"

namespace jiuyou::report {

SvgMap::SvgMap(const BBox& box, double width_px, double min_h, double max_h) : box_(box), w_(width_px) {
  if (box_.empty()) box_ = BBox{0, 0, 1, 1};
  const double bw = std::max(box_.width(), 1e-6), bh = std::max(box_.height(), 1e-6);
  h_ = std::clamp(w_ * bh / bw, min_h, max_h);
  k_ = std::min((w_ - 2 * pad_) / bw, (h_ - 2 * pad_) / bh);
}

Vec2 SvgMap::to_px(Vec2 p) const { return {pad_ + (p.x - box_.min_x) * k_, h_ - pad_ - (p.y - box_.min_y) * k_}; }

std::string SvgMap::open(const std::string& attributes) const {
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + util::fixed(w_, 0) + " " + util::fixed(h_, 0) + "\" " + attributes + ">\n";
}

namespace {

// Appends the vertices [b, e) of `g` as "M.. L..", skipping those within half a pixel of the last one kept.
void ring_data(std::string& d, const SvgMap& m, const GeometryColumn& g, uint32_t b, uint32_t e, bool close) {
  Vec2 last{NAN, NAN};
  const size_t start = d.size();
  for (uint32_t v = b; v < e; ++v) {
    const Vec2 p = m.to_px(g.vertex(v));
    if (!std::isfinite(p.x) || !std::isfinite(p.y)) continue;
    if (v + 1 < e && std::abs(p.x - last.x) < 0.5 && std::abs(p.y - last.y) < 0.5) continue;
    d += (d.size() == start ? "M" : "L") + util::fixed(p.x, 1) + " " + util::fixed(p.y, 1);
    last = p;
  }
  if (close && d.size() > start) d += "Z";
}

}  // namespace

std::string SvgMap::path_data(const GeometryColumn& g, size_t f) const {
  if (g.kind != GeometryKind::polygon && g.kind != GeometryKind::line) return {};
  std::string d;
  for (uint32_t p = g.part_begin(f); p < g.part_end(f); ++p)
    for (uint32_t r = g.ring_begin(p); r < g.ring_end(p); ++r) ring_data(d, *this, g, g.vertex_begin(r), g.vertex_end(r), g.kind == GeometryKind::polygon);
  return d;
}

std::string SvgMap::line_data(const Vec2* points, size_t n) const {
  std::string d;
  for (size_t i = 0; i < n; ++i) {
    const Vec2 p = to_px(points[i]);
    d += (i == 0 ? "M" : "L") + util::fixed(p.x, 1) + " " + util::fixed(p.y, 1);
  }
  return d;
}

}  // namespace jiuyou::report
