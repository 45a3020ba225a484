#pragma once
// Flat geometry storage for one table (struct of arrays, GeoArrow-like):
//   feature f has parts   [geom_offsets[f], geom_offsets[f+1])
//   part p    has rings   [part_offsets[p], part_offsets[p+1])
//   ring r    has vertices [ring_offsets[r], ring_offsets[r+1]) in xy (x0,y0,x1,y1,...)
// Points: each point is a part with one ring of one vertex (multipoints have several parts).
// Lines:  each linestring is a part with one ring.
// Polygons: each polygon is a part; ring 0 is the shell, the others holes.
// A feature with no parts has a null or empty geometry.
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

namespace jiuyou {

enum class GeometryKind : unsigned char { none, point, line, polygon };
const char* to_string(GeometryKind k);

struct Vec2 {
  double x = 0;
  double y = 0;
};

struct BBox {
  double min_x = std::numeric_limits<double>::infinity();
  double min_y = std::numeric_limits<double>::infinity();
  double max_x = -std::numeric_limits<double>::infinity();
  double max_y = -std::numeric_limits<double>::infinity();

  [[nodiscard]] bool empty() const { return min_x > max_x || min_y > max_y; }
  void expand(double x, double y) {
    if (x < min_x) min_x = x;
    if (y < min_y) min_y = y;
    if (x > max_x) max_x = x;
    if (y > max_y) max_y = y;
  }
  void expand(const BBox& b) {
    if (b.empty()) return;
    expand(b.min_x, b.min_y);
    expand(b.max_x, b.max_y);
  }
  [[nodiscard]] bool intersects(const BBox& b) const {
    return !(b.min_x > max_x || b.max_x < min_x || b.min_y > max_y || b.max_y < min_y);
  }
  [[nodiscard]] bool contains(double x, double y) const { return x >= min_x && x <= max_x && y >= min_y && y <= max_y; }
  [[nodiscard]] double width() const { return empty() ? 0 : max_x - min_x; }
  [[nodiscard]] double height() const { return empty() ? 0 : max_y - min_y; }
  [[nodiscard]] BBox inflated(double d) const { return empty() ? *this : BBox{min_x - d, min_y - d, max_x + d, max_y + d}; }
};

class GeometryColumn {
 public:
  GeometryKind kind = GeometryKind::none;
  std::vector<double> xy;
  std::vector<uint32_t> geom_offsets{0};
  std::vector<uint32_t> part_offsets{0};
  std::vector<uint32_t> ring_offsets{0};

  // --- building, in order: add_vertex.. close_ring, .. close_part, .. close_feature
  void add_vertex(double x, double y) { xy.push_back(x); xy.push_back(y); }
  void close_ring() { ring_offsets.push_back(static_cast<uint32_t>(xy.size() / 2)); }
  void close_part() { part_offsets.push_back(static_cast<uint32_t>(ring_offsets.size() - 1)); }
  void close_feature() { geom_offsets.push_back(static_cast<uint32_t>(part_offsets.size() - 1)); }
  void add_point_feature(double x, double y) { add_vertex(x, y); close_ring(); close_part(); close_feature(); }
  void add_null_feature() { close_feature(); }
  // A feature of one line (or ring) through `points`.
  void add_line_feature(std::span<const Vec2> points) {
    for (const Vec2 p : points) add_vertex(p.x, p.y);
    close_ring();
    close_part();
    close_feature();
  }
  // One part: the closed rectangle of `b` (then close_feature after the last part).
  void add_box_part(const BBox& b) {
    for (const Vec2 v : {Vec2{b.min_x, b.min_y}, Vec2{b.max_x, b.min_y}, Vec2{b.max_x, b.max_y}, Vec2{b.min_x, b.max_y}, Vec2{b.min_x, b.min_y}})
      add_vertex(v.x, v.y);
    close_ring();
    close_part();
  }
  void reserve(size_t features, size_t vertices);
  // Copy feature f of `other` (same kind) to the end of this column.
  void append_feature(const GeometryColumn& other, size_t f);

  // --- reading
  [[nodiscard]] size_t feature_count() const { return geom_offsets.size() - 1; }
  [[nodiscard]] size_t vertex_count() const { return xy.size() / 2; }
  [[nodiscard]] uint32_t part_begin(size_t f) const { return geom_offsets[f]; }
  [[nodiscard]] uint32_t part_end(size_t f) const { return geom_offsets[f + 1]; }
  [[nodiscard]] uint32_t ring_begin(size_t p) const { return part_offsets[p]; }
  [[nodiscard]] uint32_t ring_end(size_t p) const { return part_offsets[p + 1]; }
  [[nodiscard]] uint32_t vertex_begin(size_t r) const { return ring_offsets[r]; }
  [[nodiscard]] uint32_t vertex_end(size_t r) const { return ring_offsets[r + 1]; }
  [[nodiscard]] bool is_empty(size_t f) const { return part_begin(f) == part_end(f); }
  [[nodiscard]] Vec2 vertex(size_t v) const { return {xy[2 * v], xy[2 * v + 1]}; }
  // The vertices of ring r as a span of x,y pairs.
  [[nodiscard]] std::span<const double> ring_xy(size_t r) const {
    return {xy.data() + 2 * size_t{vertex_begin(r)}, 2 * size_t{vertex_end(r) - vertex_begin(r)}};
  }
  // First vertex of feature f (its point for point layers); only when !is_empty(f).
  [[nodiscard]] Vec2 first_vertex(size_t f) const { return vertex(vertex_begin(ring_begin(part_begin(f)))); }
  [[nodiscard]] BBox feature_bbox(size_t f) const;
  [[nodiscard]] BBox bbox() const;
};

// Measures over the flat arrays (planar; use a metric CRS).
double ring_signed_area(std::span<const double> ring_xy);
double feature_area(const GeometryColumn& g, size_t f);     // polygons: shells minus holes
double feature_length(const GeometryColumn& g, size_t f);   // lines: sum of part lengths
bool point_in_feature(const GeometryColumn& g, size_t f, double x, double y);  // polygons, even-odd per part
// Every ring (line) of feature f ends where it begins, with at least 4 vertices: a line that can be read as the
// polygon it encloses (村界 or 供水范围 drawn as boundary lines).
bool feature_closed(const GeometryColumn& g, size_t f);
// Squared distance from (x,y) to segment (ax,ay)-(bx,by).
double point_segment_distance2(double x, double y, double ax, double ay, double bx, double by);
// Distance from (x,y) to the feature's boundary/lines/points (0 inside a polygon).
double point_feature_distance(const GeometryColumn& g, size_t f, double x, double y);
// A representative point: the point itself, a line's middle vertex, a polygon's interior point (centroid if inside).
Vec2 representative_point(const GeometryColumn& g, size_t f);

}  // namespace jiuyou
