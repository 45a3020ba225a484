#include "src/render/scene.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace jiuyou::render {

namespace {

bool finite(double x, double y) { return std::isfinite(x) && std::isfinite(y); }

void add_ring_segments(const GeometryColumn& g, uint32_t r, bool close, Vec2 o, uint32_t id, LayerBuckets& b) {
  const uint32_t v0 = g.vertex_begin(r), v1 = g.vertex_end(r);
  bool have_prev = false;
  double px = 0, py = 0;
  for (uint32_t v = v0; v < v1; ++v) {
    const double x = g.xy[2 * size_t{v}], y = g.xy[2 * size_t{v} + 1];
    if (!finite(x, y)) {
      ++b.dropped_vertices;
      have_prev = false;  // a NaN breaks the line; the rest still draws
      continue;
    }
    b.bbox.expand(x, y);
    if (have_prev && (x != px || y != py))
      b.segments.push_back({{static_cast<float>(px - o.x), static_cast<float>(py - o.y)},
                            {static_cast<float>(x - o.x), static_cast<float>(y - o.y)},
                            id});
    else if (have_prev)
      continue;  // repeated vertex
    px = x, py = y;
    have_prev = true;
  }
  if (close && v1 - v0 >= 3) {
    const double x0 = g.xy[2 * size_t{v0}], y0 = g.xy[2 * size_t{v0} + 1];
    if (have_prev && finite(x0, y0) && (x0 != px || y0 != py))
      b.segments.push_back({{static_cast<float>(px - o.x), static_cast<float>(py - o.y)},
                            {static_cast<float>(x0 - o.x), static_cast<float>(y0 - o.y)},
                            id});
  }
}

// Coarser segments: per feature chain, drop vertices within `tol` of the last kept one.
std::vector<LineSegment> decimate(const std::vector<LineSegment>& in, double tol) {
  std::vector<LineSegment> out;
  const auto tol2 = static_cast<float>(tol * tol);
  size_t i = 0;
  while (i < in.size()) {
    // A chain: consecutive segments of one feature that join end to start.
    size_t j = i + 1;
    while (j < in.size() && in[j].feature == in[i].feature && in[j].p0[0] == in[j - 1].p1[0] && in[j].p0[1] == in[j - 1].p1[1]) ++j;
    float kx = in[i].p0[0], ky = in[i].p0[1];
    for (size_t k = i; k < j; ++k) {
      const float x = in[k].p1[0], y = in[k].p1[1];
      const float dx = x - kx, dy = y - ky;
      if (dx * dx + dy * dy >= tol2 || k + 1 == j) {
        out.push_back({{kx, ky}, {x, y}, in[i].feature});
        kx = x, ky = y;
      }
    }
    i = j;
  }
  return out;
}

}  // namespace

LayerBuckets build_buckets(const FeatureTable& t, Vec2 o) {
  LayerBuckets b;
  b.name = t.name;
  b.kind = t.geometry.kind;
  const GeometryColumn& g = t.geometry;
  b.feature_count = g.feature_count();
  switch (g.kind) {
    case GeometryKind::point:
      b.points.reserve(g.vertex_count());
      for (size_t f = 0; f < g.feature_count(); ++f)
        for (uint32_t p = g.part_begin(f); p < g.part_end(f); ++p)
          for (uint32_t r = g.ring_begin(p); r < g.ring_end(p); ++r)
            for (uint32_t v = g.vertex_begin(r); v < g.vertex_end(r); ++v) {
              const double x = g.xy[2 * size_t{v}], y = g.xy[2 * size_t{v} + 1];
              if (!finite(x, y)) {
                ++b.dropped_vertices;
                continue;
              }
              b.bbox.expand(x, y);
              b.points.push_back({{static_cast<float>(x - o.x), static_cast<float>(y - o.y)}, static_cast<uint32_t>(f)});
            }
      break;
    case GeometryKind::line:
      b.segments.reserve(g.vertex_count());
      for (size_t f = 0; f < g.feature_count(); ++f)
        for (uint32_t p = g.part_begin(f); p < g.part_end(f); ++p)
          for (uint32_t r = g.ring_begin(p); r < g.ring_end(p); ++r) add_ring_segments(g, r, false, o, static_cast<uint32_t>(f), b);
      break;
    case GeometryKind::polygon:
      b.fill = geos::triangulate_polygons(g, o);
      b.segments.reserve(g.vertex_count());
      for (size_t f = 0; f < g.feature_count(); ++f)
        for (uint32_t p = g.part_begin(f); p < g.part_end(f); ++p)
          for (uint32_t r = g.ring_begin(p); r < g.ring_end(p); ++r) add_ring_segments(g, r, true, o, static_cast<uint32_t>(f), b);
      break;
    case GeometryKind::none: break;
  }
  // Levels of detail pay for dense lines only: keep a level when it drops a third of the segments.
  const std::vector<LineSegment>* prev = &b.segments;
  for (double tol : {50.0, 200.0, 800.0, 3200.0}) {
    if (prev->size() < 20000) break;
    std::vector<LineSegment> coarse = decimate(*prev, tol);
    if (coarse.size() * 3 > prev->size() * 2) continue;
    b.lods.push_back({tol, std::move(coarse)});
    prev = &b.lods.back().segments;
  }
  return b;
}

Scene build_scene(const Workspace& ws, const SceneOptions& options) {
  Scene s;
  auto wanted = [&](const std::string& name) {
    return options.layers.empty() || std::find(options.layers.begin(), options.layers.end(), name) != options.layers.end();
  };
  // The origin: the centre of the finite extent of all wanted layers (whole metres).
  BBox all;
  for (const FeatureTable& t : ws.layers) {
    if (!wanted(t.name)) continue;
    const GeometryColumn& g = t.geometry;
    for (size_t i = 0; i + 1 < g.xy.size(); i += 2)
      if (finite(g.xy[i], g.xy[i + 1])) all.expand(g.xy[i], g.xy[i + 1]);
  }
  const bool want_dem = options.dem && ws.dem && !ws.dem->empty() && wanted("dem");
  if (want_dem) {
    const BBox db = ws.dem->bbox();
    if (finite(db.min_x, db.min_y) && finite(db.max_x, db.max_y)) all.expand(db);
  }
  s.bbox = all;
  s.origin = all.empty() ? Vec2{0, 0} : Vec2{std::round((all.min_x + all.max_x) / 2), std::round((all.min_y + all.max_y) / 2)};

  for (const FeatureTable& t : ws.layers) {
    if (!wanted(t.name) || t.geometry.kind == GeometryKind::none) continue;
    const auto layer_index = static_cast<uint32_t>(s.layers.size());
    s.layers.push_back(build_buckets(t, s.origin));
    if (!options.labels) continue;
    const Column* name = (t.name == "villages" || t.name == "units" || t.name == "townships") ? t.column("name") : nullptr;
    if (!name) continue;
    const Column* pop = t.column("population");
    const Column* failed = t.column("failed_count");
    for (size_t f = 0; f < t.size(); ++f) {
      if (t.geometry.is_empty(f) || name->is_null(f)) continue;
      const Vec2 p = representative_point(t.geometry, f);
      if (!finite(p.x, p.y)) continue;
      std::string text = name->as_text(f);
      if (text.empty()) continue;
      // Failing villages first (they are what a reviewer looks for), then the larger ones.
      float priority = static_cast<float>(pop ? pop->number(f).value_or(0) : 0) / 1e6f;
      if (failed) priority += static_cast<float>(failed->number(f).value_or(0));
      s.labels.push_back({p, std::move(text), layer_index, static_cast<uint32_t>(f), priority});
    }
  }
  std::stable_sort(s.labels.begin(), s.labels.end(), [](const LabelCandidate& a, const LabelCandidate& b) { return a.priority > b.priority; });

  if (want_dem) {
    const Raster& r = *ws.dem;
    DemGrid d;
    d.width = r.width;
    d.height = r.height;
    d.bbox = r.bbox();
    d.cell_x = std::abs(r.cell_size_x()) > 0 ? std::abs(r.cell_size_x()) : 1.0;
    d.cell_y = std::abs(r.cell_size_y()) > 0 ? std::abs(r.cell_size_y()) : 1.0;
    d.values.resize(r.values.size());
    float lo = std::numeric_limits<float>::infinity(), hi = -lo;
    for (size_t i = 0; i < r.values.size(); ++i) {
      const float v = r.values[i];
      const bool bad = !std::isfinite(v) || r.is_nodata(v);
      d.values[i] = bad ? std::numeric_limits<float>::quiet_NaN() : v;
      if (!bad) lo = std::min(lo, v), hi = std::max(hi, v);
    }
    d.min_z = std::isfinite(lo) ? lo : 0;
    d.max_z = std::isfinite(hi) ? hi : 0;
    // A north-up raster with sane cells only; a rotated geotransform is drawn as its bbox.
    if (d.width > 0 && d.height > 0 && std::isfinite(lo)) s.dem = std::move(d);
  }
  return s;
}

}  // namespace jiuyou::render
