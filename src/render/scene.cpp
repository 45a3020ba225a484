#include "gis/io/schema.hpp"
#include "gis/report/result_names.hpp"
#include "src/render/scene.hpp"

#include "src/render/point_lod.hpp"
#include "src/render/picture_lod.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>

namespace jiuyou::render {

namespace {

bool finite(double x, double y) { return std::isfinite(x) && std::isfinite(y); }

void add_ring_segments(const GeometryColumn& g, uint32_t r, bool close, Vec2 o, uint32_t id, LayerBuckets& b) {
  const uint32_t v0 = g.vertex_begin(r), v1 = g.vertex_end(r);
  bool have_prev = false;
  double px = 0, py = 0;
  double along = 0;  // metres from the chain's start (the dash phase)
  for (uint32_t v = v0; v < v1; ++v) {
    const double x = g.xy[2 * size_t{v}], y = g.xy[2 * size_t{v} + 1];
    if (!finite(x, y)) {
      ++b.dropped_vertices;
      have_prev = false;  // a NaN breaks the line; the rest still draws
      continue;
    }
    b.bbox.expand(x, y);
    if (have_prev && (x != px || y != py)) {
      b.segments.push_back({{static_cast<float>(px - o.x), static_cast<float>(py - o.y)},
                            {static_cast<float>(x - o.x), static_cast<float>(y - o.y)},
                            id, static_cast<float>(along)});
      along += std::hypot(x - px, y - py);
    } else if (have_prev)
      continue;  // repeated vertex
    px = x, py = y;
    have_prev = true;
  }
  if (close && v1 - v0 >= 3) {
    const double x0 = g.xy[2 * size_t{v0}], y0 = g.xy[2 * size_t{v0} + 1];
    if (have_prev && finite(x0, y0) && (x0 != px || y0 != py))
      b.segments.push_back({{static_cast<float>(px - o.x), static_cast<float>(py - o.y)},
                            {static_cast<float>(x0 - o.x), static_cast<float>(y0 - o.y)},
                            id, static_cast<float>(along)});
  }
}

// Coarser segments: each feature chain (consecutive segments of one feature
// that join end to start) simplified by Douglas-Peucker: a vertex is dropped
// when it lies within `tol` of the chord that replaces it, so a smooth curve
// (a coverage circle, a winding road) keeps only the vertices its shape needs
// at that scale; the chain's ends are always kept.
std::vector<LineSegment> decimate(const std::vector<LineSegment>& in, double tol) {
  std::vector<LineSegment> out;
  const auto tol2 = static_cast<float>(tol * tol);
  std::vector<std::array<float, 2>> pts;
  std::vector<float> along;  // distance along the chain at each point (the dash phase stays)
  std::vector<char> keep;
  std::vector<std::pair<size_t, size_t>> stack;
  size_t i = 0;
  while (i < in.size()) {
    size_t j = i + 1;
    while (j < in.size() && in[j].feature == in[i].feature && in[j].p0[0] == in[j - 1].p1[0] && in[j].p0[1] == in[j - 1].p1[1]) ++j;
    pts.clear();
    along.clear();
    pts.push_back({in[i].p0[0], in[i].p0[1]});
    along.push_back(in[i].start_m);
    for (size_t k = i; k < j; ++k) {
      pts.push_back({in[k].p1[0], in[k].p1[1]});
      along.push_back(in[k].start_m + std::hypot(in[k].p1[0] - in[k].p0[0], in[k].p1[1] - in[k].p0[1]));
    }
    keep.assign(pts.size(), 0);
    keep.front() = keep.back() = 1;
    stack.clear();
    stack.emplace_back(0, pts.size() - 1);
    while (!stack.empty()) {
      const auto [a, b] = stack.back();
      stack.pop_back();
      if (b <= a + 1) continue;
      const float ax = pts[a][0], ay = pts[a][1], dx = pts[b][0] - ax, dy = pts[b][1] - ay;
      const float len2 = dx * dx + dy * dy;
      float worst = -1;
      size_t at = a;
      for (size_t k = a + 1; k < b; ++k) {
        const float px = pts[k][0] - ax, py = pts[k][1] - ay;
        // Squared distance to the chord (to its end points beyond them; a closed ring's chord has length 0).
        const float t = len2 > 0 ? std::clamp((px * dx + py * dy) / len2, 0.0f, 1.0f) : 0.0f;
        const float ex = px - t * dx, ey = py - t * dy, d2 = ex * ex + ey * ey;
        if (d2 > worst) worst = d2, at = k;
      }
      if (worst > tol2) {
        keep[at] = 1;
        stack.emplace_back(a, at);
        stack.emplace_back(at, b);
      }
    }
    size_t last = 0;
    for (size_t k = 1; k < pts.size(); ++k)
      if (keep[k]) {
        out.push_back({{pts[last][0], pts[last][1]}, {pts[k][0], pts[k][1]}, in[i].feature, along[last]});
        last = k;
      }
    i = j;
  }
  return out;
}

// Interleaves the low 16 bits of x and y.
uint32_t morton16(uint32_t x, uint32_t y) {
  auto spread = [](uint32_t v) {
    v &= 0xffff;
    v = (v | (v << 8)) & 0x00ff00ff;
    v = (v | (v << 4)) & 0x0f0f0f0f;
    v = (v | (v << 2)) & 0x33333333;
    v = (v | (v << 1)) & 0x55555555;
    return v;
  };
  return spread(x) | (spread(y) << 1);
}

// Sort order of n primitives along a Morton curve of their centres (ties by index: deterministic).
template <class Centre>
std::vector<uint32_t> morton_order(size_t n, Centre centre) {
  float x0 = std::numeric_limits<float>::infinity(), y0 = x0, x1 = -x0, y1 = -x0;
  for (size_t i = 0; i < n; ++i) {
    const auto [x, y] = centre(i);
    x0 = std::min(x0, x), y0 = std::min(y0, y), x1 = std::max(x1, x), y1 = std::max(y1, y);
  }
  const float sx = x1 > x0 ? 65535.0f / (x1 - x0) : 0.0f, sy = y1 > y0 ? 65535.0f / (y1 - y0) : 0.0f;
  std::vector<std::pair<uint32_t, uint32_t>> keys(n);
  for (size_t i = 0; i < n; ++i) {
    const auto [x, y] = centre(i);
    keys[i] = {morton16(static_cast<uint32_t>((x - x0) * sx), static_cast<uint32_t>((y - y0) * sy)), static_cast<uint32_t>(i)};
  }
  std::sort(keys.begin(), keys.end());
  std::vector<uint32_t> order(n);
  for (size_t i = 0; i < n; ++i) order[i] = keys[i].second;
  return order;
}

// Cuts n sorted primitives into chunks; extent(i, chunk) grows the chunk by primitive i.
template <class Extent>
std::vector<Chunk> make_chunks(size_t n, Extent extent) {
  std::vector<Chunk> chunks;
  for (size_t b = 0; b < n; b += k_chunk_size) {
    Chunk c;
    c.begin = static_cast<uint32_t>(b);
    c.end = static_cast<uint32_t>(std::min<size_t>(n, b + k_chunk_size));
    c.min_x = c.min_y = std::numeric_limits<float>::infinity();
    c.max_x = c.max_y = -std::numeric_limits<float>::infinity();
    for (uint32_t i = c.begin; i < c.end; ++i) extent(i, c);
    chunks.push_back(c);
  }
  return chunks;
}

void grow(Chunk& c, float x, float y) {
  c.min_x = std::min(c.min_x, x), c.min_y = std::min(c.min_y, y);
  c.max_x = std::max(c.max_x, x), c.max_y = std::max(c.max_y, y);
}

std::vector<Chunk> sort_segments(std::vector<LineSegment>& segs) {
  const auto order = morton_order(segs.size(), [&](size_t i) {
    return std::pair{(segs[i].p0[0] + segs[i].p1[0]) * 0.5f, (segs[i].p0[1] + segs[i].p1[1]) * 0.5f};
  });
  std::vector<LineSegment> sorted(segs.size());
  for (size_t i = 0; i < order.size(); ++i) sorted[i] = segs[order[i]];
  segs = std::move(sorted);
  return make_chunks(segs.size(), [&](uint32_t i, Chunk& c) {
    grow(c, segs[i].p0[0], segs[i].p0[1]);
    grow(c, segs[i].p1[0], segs[i].p1[1]);
  });
}

std::vector<Chunk> sort_points(std::vector<PointInstance>& pts) {
  const auto order = morton_order(pts.size(), [&](size_t i) { return std::pair{pts[i].center[0], pts[i].center[1]}; });
  std::vector<PointInstance> sorted(pts.size());
  for (size_t i = 0; i < order.size(); ++i) sorted[i] = pts[order[i]];
  pts = std::move(sorted);
  return make_chunks(pts.size(), [&](uint32_t i, Chunk& c) { grow(c, pts[i].center[0], pts[i].center[1]); });
}

std::vector<Chunk> sort_triangles(geos::TriangleMesh& m) {
  const size_t n = m.triangle_count();
  auto vx = [&](uint32_t v) { return m.xy[2 * size_t{v}]; };
  auto vy = [&](uint32_t v) { return m.xy[2 * size_t{v} + 1]; };
  const auto order = morton_order(n, [&](size_t t) {
    const uint32_t* i = &m.indices[3 * t];
    return std::pair{(vx(i[0]) + vx(i[1]) + vx(i[2])) / 3.0f, (vy(i[0]) + vy(i[1]) + vy(i[2])) / 3.0f};
  });
  std::vector<uint32_t> sorted(m.indices.size());
  for (size_t t = 0; t < n; ++t) std::copy_n(&m.indices[3 * size_t{order[t]}], 3, &sorted[3 * t]);
  m.indices = std::move(sorted);
  return make_chunks(n, [&](uint32_t t, Chunk& c) {
    for (int k = 0; k < 3; ++k) grow(c, vx(m.indices[3 * size_t{t} + k]), vy(m.indices[3 * size_t{t} + k]));
  });
}

}  // namespace

std::vector<std::pair<uint32_t, uint32_t>> visible_runs(const std::vector<Chunk>& chunks, float min_x, float min_y, float max_x,
                                                        float max_y, float margin) {
  std::vector<std::pair<uint32_t, uint32_t>> runs;
  for (const Chunk& c : chunks) {
    if (c.max_x + margin < min_x || c.min_x - margin > max_x || c.max_y + margin < min_y || c.min_y - margin > max_y) continue;
    if (!runs.empty() && runs.back().second == c.begin)
      runs.back().second = c.end;
    else
      runs.emplace_back(c.begin, c.end);
  }
  return runs;
}

namespace {

// The quadratic Bézier from a to b bent by `bend` (fraction of the chord, to the left), as n + 1 points.
std::vector<Vec2> bezier(Vec2 a, Vec2 b, double bend, int n) {
  const double dx = b.x - a.x, dy = b.y - a.y;
  // Control point: the chord's middle pushed along its left normal; the curve's
  // middle lies half-way to it, at bend * length from the chord.
  const double cx = (a.x + b.x) / 2 - dy * 2 * bend, cy = (a.y + b.y) / 2 + dx * 2 * bend;
  std::vector<Vec2> pts;
  pts.reserve(static_cast<size_t>(n) + 1);
  for (int i = 0; i <= n; ++i) {
    const double u = static_cast<double>(i) / n, v = 1 - u;
    pts.push_back({v * v * a.x + 2 * u * v * cx + u * u * b.x, v * v * a.y + 2 * u * v * cy + u * u * b.y});
  }
  return pts;
}

// The smallest distance from the curve to a marker that is not one of its ends.
double clearance(const std::vector<Vec2>& curve, std::span<const Vec2> avoid, double end_radius) {
  double best = std::numeric_limits<double>::infinity();
  const Vec2 a = curve.front(), b = curve.back();
  for (const Vec2& p : avoid) {
    if (std::hypot(p.x - a.x, p.y - a.y) <= end_radius || std::hypot(p.x - b.x, p.y - b.y) <= end_radius) continue;
    for (const Vec2& c : curve) best = std::min(best, std::hypot(p.x - c.x, p.y - c.y));
  }
  return best;
}

// The first bend that keeps the arc 5 % of its length clear of other markers; else the clearest.
std::vector<Vec2> routed_arc(Vec2 a, Vec2 b, double bend, int n, std::span<const Vec2> avoid) {
  const double len = std::hypot(b.x - a.x, b.y - a.y);
  if (avoid.empty() || !(len > 0)) return bezier(a, b, bend, n);
  std::vector<Vec2> best;
  double best_clear = -1;
  for (const double k : {1.0, -1.0, 1.8, -1.8, 2.6, -2.6}) {
    std::vector<Vec2> c = bezier(a, b, bend * k, n);
    const double clear = clearance(c, avoid, 0.01 * len);
    if (clear >= 0.05 * len) return c;
    if (clear > best_clear) best_clear = clear, best = std::move(c);
  }
  return best;
}

}  // namespace

FeatureTable arcs_of(const FeatureTable& t, double bend, int segments, std::span<const Vec2> avoid) {
  FeatureTable out = t;
  out.geometry = GeometryColumn{};
  GeometryColumn& g = out.geometry;
  g.kind = t.geometry.kind;
  const GeometryColumn& in = t.geometry;
  const int n = std::max(segments, 2);
  for (size_t f = 0; f < in.feature_count(); ++f) {
    const bool two_points = in.kind == GeometryKind::line && in.part_end(f) - in.part_begin(f) == 1 &&
                            in.vertex_end(in.ring_begin(in.part_begin(f))) - in.vertex_begin(in.ring_begin(in.part_begin(f))) == 2;
    if (two_points) {
      const Vec2 a = in.first_vertex(f), b = in.vertex(in.vertex_begin(in.ring_begin(in.part_begin(f))) + 1);
      for (const Vec2& p : routed_arc(a, b, bend, n, avoid)) g.add_vertex(p.x, p.y);
      g.close_ring();
      g.close_part();
      g.close_feature();
      continue;
    }
    for (uint32_t p = in.part_begin(f); p < in.part_end(f); ++p) {
      for (uint32_t r = in.ring_begin(p); r < in.ring_end(p); ++r) {
        for (uint32_t v = in.vertex_begin(r); v < in.vertex_end(r); ++v) g.add_vertex(in.xy[2 * size_t{v}], in.xy[2 * size_t{v} + 1]);
        g.close_ring();
      }
      g.close_part();
    }
    g.close_feature();
  }
  return out;
}

namespace {
std::string format_length(double m) {
  char buf[32];
  if (m < 1000) std::snprintf(buf, sizeof buf, "%.0f m", m);
  else std::snprintf(buf, sizeof buf, "%.2f km", m / 1000);
  return buf;
}
}  // namespace

void add_gap_length_labels(const FeatureTable& gaps, uint32_t layer_index, std::vector<LabelCandidate>& out) {
  const Column* length = gaps.column("length_m");
  if (!length) return;
  for (size_t f = 0; f < gaps.size(); ++f) {
    const auto m = length->number(f);
    if (gaps.geometry.is_empty(f) || !m || !(*m > 0)) continue;
    const uint32_t r = gaps.geometry.ring_begin(gaps.geometry.part_begin(f));
    const Vec2 a = gaps.geometry.vertex(gaps.geometry.vertex_begin(r)), b = gaps.geometry.vertex(gaps.geometry.vertex_end(r) - 1);
    const Vec2 mid{(a.x + b.x) / 2, (a.y + b.y) / 2};
    if (!finite(mid.x, mid.y)) continue;
    // Below the village names in priority; shown once the line is at least 80 px long on screen.
    out.push_back({mid, format_length(*m), layer_index, static_cast<uint32_t>(f), -1.0f, *m / 80.0});
  }
}

FeatureTable arcs_in(const Workspace& ws, const FeatureTable& lines) {
  std::vector<Vec2> markers;
  for (const FeatureTable& t : ws.layers) {
    if (t.name != "units" && t.name.rfind("units_", 0) != 0) continue;
    for (size_t f = 0; f < t.size(); ++f)
      if (!t.geometry.is_empty(f)) markers.push_back(representative_point(t.geometry, f));
  }
  return arcs_of(lines, 0.18, 32, markers);
}

bool drawn_as_arcs(const FeatureTable& t) {
  return t.geometry.kind == GeometryKind::line && (t.name == "links" || t.name.rfind("links_", 0) == 0);
}

LayerBuckets build_buckets(const FeatureTable& t, Vec2 o, double coarsest_m_per_px) {
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
    case GeometryKind::polygon: {
      // A still picture of a dense layer: rings simplified to its pixel first (picture_lod.hpp).
      std::optional<GeometryColumn> simple;
      if (coarsest_m_per_px > 0 && g.vertex_count() >= k_picture_simplify_min_vertices) simple = simplified_rings(g, coarsest_m_per_px);
      const GeometryColumn& drawn = simple ? *simple : g;
      b.fill = geos::triangulate_polygons(drawn, o);
      b.segments.reserve(drawn.vertex_count());
      for (size_t f = 0; f < drawn.feature_count(); ++f)
        for (uint32_t p = drawn.part_begin(f); p < drawn.part_end(f); ++p)
          for (uint32_t r = drawn.ring_begin(p); r < drawn.ring_end(p); ++r) add_ring_segments(drawn, r, true, o, static_cast<uint32_t>(f), b);
      break;
    }
    case GeometryKind::none: break;
  }
  // Levels of detail: each level simplifies the one before (Douglas-Peucker at
  // its tolerance); a level is kept when it has at most two thirds of the
  // segments of the level before, so a layer carries only levels that pay.
  // Tolerances double from 5 m, so whatever the zoom, the level drawn is
  // within a pixel (a county's roads digitised every 10-20 m draw a few
  // segments per pixel when the whole county is in view).
  const std::vector<LineSegment>* prev = &b.segments;
  if (prev->size() >= k_lod_min_segments)
    for (double tol = 5.0; tol <= 20000.0; tol *= 2) {
      std::vector<LineSegment> coarse = decimate(*prev, tol);
      if (coarse.size() * 3 > prev->size() * 2) continue;
      b.lods.push_back({tol, std::move(coarse), {}});
      prev = &b.lods.back().segments;
      if (tol <= coarsest_m_per_px) prev = &keep_only_coarsest_level(b);
      if (prev->size() < k_lod_min_segments) break;
    }
  // Spatial order last: the levels above walk each feature's chain in order.
  b.segment_chunks = sort_segments(b.segments);
  for (SegmentLod& lod : b.lods) lod.chunks = sort_segments(lod.segments);
  b.point_chunks = sort_points(b.points);
  if (coarsest_m_per_px <= 0) b.point_cells = build_point_cells(b.points);  // a still picture draws every point
  b.fill_chunks = sort_triangles(b.fill);
  return b;
}

Scene build_scene(const Workspace& ws, const SceneOptions& options) {
  Scene s;
  auto wanted = [&](const std::string& name) {
    return options.layers.empty() || std::find(options.layers.begin(), options.layers.end(), name) != options.layers.end();
  };
  // The origin: the centre of the finite extent of all wanted layers (whole metres).
  // Links are drawn as arcs: their curves, not their chords, are the extent.
  std::vector<std::optional<FeatureTable>> arcs(ws.layers.size());
  for (size_t i = 0; i < ws.layers.size(); ++i)
    if (wanted(ws.layers[i].name) && drawn_as_arcs(ws.layers[i])) arcs[i] = arcs_in(ws, ws.layers[i]);
  auto drawn = [&](size_t i) -> const FeatureTable& { return arcs[i] ? *arcs[i] : ws.layers[i]; };
  BBox all;
  for (size_t li = 0; li < ws.layers.size(); ++li) {
    const FeatureTable& t = drawn(li);
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

  for (size_t li = 0; li < ws.layers.size(); ++li) {
    const FeatureTable& t = drawn(li);
    if (!wanted(t.name) || t.geometry.kind == GeometryKind::none) continue;
    const auto layer_index = static_cast<uint32_t>(s.layers.size());
    s.layers.push_back(build_buckets(t, s.origin, picture_m_per_px(options, all)));
    if (!options.labels) continue;
    if (t.name == report::gaps_layer) {
      add_gap_length_labels(t, layer_index, s.labels);
      continue;
    }
    const Column* name = (t.name == io::target_layer || t.name == "units" || t.name == "townships") ? t.column("name") : nullptr;
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
    // The texture's row 0 is north and column 0 west: a south-up raster (positive
    // y pixel size) is flipped vertically, an east-to-west one horizontally.
    const bool flip_rows = r.geotransform[5] > 0, flip_cols = r.geotransform[1] < 0;
    const auto w = static_cast<size_t>(std::max(r.width, 0)), h = static_cast<size_t>(std::max(r.height, 0));
    d.values.assign(w * h, std::numeric_limits<float>::quiet_NaN());  // a short value array leaves nodata, never an overread
    float lo = std::numeric_limits<float>::infinity(), hi = -lo;
    for (size_t i = 0; i < r.values.size() && i < w * h; ++i) {
      const float v = r.values[i];
      const bool bad = !std::isfinite(v) || r.is_nodata(v);
      const size_t row = i / w, col = i % w;
      const size_t to = (flip_rows ? h - 1 - row : row) * w + (flip_cols ? w - 1 - col : col);
      d.values[to] = bad ? std::numeric_limits<float>::quiet_NaN() : v;
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
