#pragma once
// Internal to gis/synth: the builder of a synthetic county, one member
// function per step, defined in one file per stage:
//   synth_county.cpp      the order of the stages (run), codes of counties
//   stage_settlement.cpp  township seats, villages, trap zones, ghosts, cells
//   stage_networks.cpp    roads, water, power and broadband along them
//   stage_services.cpp    facilities, hazards, protected areas
//   stage_traps.cpp       the deliberate trap villages and their notes
//   stage_attributes.cpp  codes, names and the villages' attributes
//   stage_tables.cpp      the output tables (writing the model)
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <numeric>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "gis/synth/random.hpp"
#include "gis/synth/synth_county.hpp"
#include "gis/synth/terrain.hpp"
#include "gis/synth/voronoi.hpp"

namespace jiuyou::synth::detail {

constexpr double k_pi = 3.14159265358979323846;
constexpr uint32_t k_none = std::numeric_limits<uint32_t>::max();
constexpr size_t k_townships_per_county = 900;  // township codes 100–999

inline double dist(Vec2 a, Vec2 b) { return std::hypot(a.x - b.x, a.y - b.y); }

// Nearest point of segment ab to p.
inline Vec2 closest_on_segment(Vec2 p, Vec2 a, Vec2 b) {
  const double dx = b.x - a.x, dy = b.y - a.y;
  const double len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0;
  t = std::clamp(t, 0.0, 1.0);
  return {a.x + t * dx, a.y + t * dy};
}

inline bool segments_cross(Vec2 a, Vec2 b, Vec2 c, Vec2 d) {
  auto orient = [](Vec2 p, Vec2 q, Vec2 r) { return (q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x); };
  const double o1 = orient(a, b, c), o2 = orient(a, b, d), o3 = orient(c, d, a), o4 = orient(c, d, b);
  return ((o1 > 0) != (o2 > 0)) && ((o3 > 0) != (o4 > 0));
}

// A bucket grid of points (network vertices) for nearest-vertex queries.
class PointGrid {
 public:
  PointGrid(BBox bounds, double cell) : m_bounds(bounds), m_cell(cell) {
    m_nx = std::max(1, static_cast<int>(std::ceil(bounds.width() / cell)));
    m_ny = std::max(1, static_cast<int>(std::ceil(bounds.height() / cell)));
    m_buckets.resize(static_cast<size_t>(m_nx) * static_cast<size_t>(m_ny));
  }
  void insert(uint32_t id, Vec2 p) { m_buckets[bucket(p)].push_back({id, p}); }
  // Nearest point within max_radius (k_none when none); `accept` filters ids.
  template <class F>
  uint32_t nearest(Vec2 p, double max_radius, F accept, double* out_dist = nullptr) const {
    const int bx = bx_of(p.x), by = by_of(p.y);
    uint32_t best = k_none;
    double best_d = max_radius;
    const int max_ring = static_cast<int>(std::ceil(max_radius / m_cell)) + 1;
    for (int ring = 0; ring <= max_ring; ++ring) {
      if (best != k_none && (ring - 1) * m_cell > best_d) break;
      for (int y = by - ring; y <= by + ring; ++y) {
        if (y < 0 || y >= m_ny) continue;
        const bool edge = y == by - ring || y == by + ring;
        for (int x = bx - ring; x <= bx + ring; x += (edge || ring == 0) ? 1 : 2 * ring) {
          if (x < 0 || x >= m_nx) continue;
          for (const auto& [id, q] : m_buckets[static_cast<size_t>(y) * static_cast<size_t>(m_nx) + static_cast<size_t>(x)]) {
            const double d = dist(p, q);
            if (d < best_d && accept(id)) {
              best_d = d;
              best = id;
            }
          }
        }
      }
    }
    if (out_dist) *out_dist = best_d;
    return best;
  }

 // Calls f(id) for every point in the buckets that cover `box`.
  template <class F>
  void visit(const BBox& box, F f) const {
    for (int y = by_of(box.min_y); y <= by_of(box.max_y); ++y)
      for (int x = bx_of(box.min_x); x <= bx_of(box.max_x); ++x)
        for (const auto& [id, q] : m_buckets[static_cast<size_t>(y) * static_cast<size_t>(m_nx) + static_cast<size_t>(x)]) f(id);
  }

 private:
  int bx_of(double x) const { return std::clamp(static_cast<int>((x - m_bounds.min_x) / m_cell), 0, m_nx - 1); }
  int by_of(double y) const { return std::clamp(static_cast<int>((y - m_bounds.min_y) / m_cell), 0, m_ny - 1); }
  size_t bucket(Vec2 p) const { return static_cast<size_t>(by_of(p.y)) * static_cast<size_t>(m_nx) + static_cast<size_t>(bx_of(p.x)); }
  BBox m_bounds;
  double m_cell;
  int m_nx = 1, m_ny = 1;
  std::vector<std::vector<std::pair<uint32_t, Vec2>>> m_buckets;
};

// Segments of one layer for distance queries (bucketed by bbox).
class SegmentSet {
 public:
  SegmentSet(BBox bounds, double cell) : m_grid(bounds, cell), m_ring_grid(bounds, 4 * cell) {}
  void add(Vec2 a, Vec2 b) {
    const auto id = static_cast<uint32_t>(m_segs.size());
    m_segs.push_back({a, b});
    // Register the segment in every bucket its bbox touches via sample points.
    const double len = dist(a, b);
    const int steps = std::max(1, static_cast<int>(len / (m_cell_hint * 0.5)));
    for (int k = 0; k <= steps; ++k) {
      const double t = static_cast<double>(k) / steps;
      m_grid.insert(id, {a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t});
    }
    m_max_len = std::max(m_max_len, len);
  }
  void add_point(Vec2 p) { add(p, p); }
  void add_ring(const Ring& r) {
    for (size_t i = 0; i + 1 < r.size(); ++i) add(r[i], r[i + 1]);
    BBox b;
    for (const auto& v : r) b.expand(v.x, v.y);
    if (!b.empty()) {
      m_ring_grid.insert(static_cast<uint32_t>(m_rings.size()), {(b.min_x + b.max_x) / 2, (b.min_y + b.max_y) / 2});
      m_ring_reach = std::max({m_ring_reach, b.width() / 2, b.height() / 2});
    }
    m_ring_boxes.push_back(b);
    m_rings.push_back(r);
  }
  // True when p lies in a registered ring. Only the rings whose box centre is
  // within reach are tested: a province's water has ~100,000 service areas, and
  // testing them all for every distance made the 500,000-village synthesis hang.
  [[nodiscard]] bool in_ring(Vec2 p) const {
    if (m_rings.empty()) return false;
    bool in = false;
    m_ring_grid.visit(BBox{p.x - m_ring_reach, p.y - m_ring_reach, p.x + m_ring_reach, p.y + m_ring_reach}, [&](uint32_t id) {
      if (!in && m_ring_boxes[id].contains(p.x, p.y) && point_in_ring(m_rings[id], p)) in = true;
    });
    return in;
  }
  void set_cell_hint(double c) { m_cell_hint = c; }
  // Distance from p to the nearest segment (0 inside a registered ring); search radius bounded.
  double distance(Vec2 p, double radius, Vec2* nearest_point = nullptr) const {
    if (in_ring(p)) {
      if (nearest_point) *nearest_point = p;
      return 0;
    }
    double best = std::numeric_limits<double>::infinity();
    Vec2 best_p{};
    // Any segment within r has a sample point within r + cell/2: grow the box until that holds.
    for (double r = m_cell_hint;; r *= 2) {
      m_grid.visit(BBox{p.x - r, p.y - r, p.x + r, p.y + r}, [&](uint32_t id) {
        const auto& s = m_segs[id];
        const Vec2 q = closest_on_segment(p, s.first, s.second);
        const double d = dist(p, q);
        if (d < best) {
          best = d;
          best_p = q;
        }
      });
      if (best + m_cell_hint <= r || r > radius + m_cell_hint) break;
    }
    if (nearest_point) *nearest_point = best_p;
    return best;
  }
  [[nodiscard]] const std::vector<std::pair<Vec2, Vec2>>& segments() const { return m_segs; }
  // Calls f(a, b) for every segment that may come within the box (and some more).
  template <class F>
  void visit(const BBox& box, F f) const {
    m_grid.visit(box.inflated(m_cell_hint), [&](uint32_t id) { f(m_segs[id].first, m_segs[id].second); });
  }
  [[nodiscard]] const std::vector<Ring>& rings() const { return m_rings; }
  [[nodiscard]] const std::vector<BBox>& ring_boxes() const { return m_ring_boxes; }  // per ring, in order
  // True when any segment touches or crosses the ring, or lies inside it.
  [[nodiscard]] bool intersects(const Ring& ring) const {
    BBox b;
    for (const auto& v : ring) b.expand(v.x, v.y);
    bool hit = false;
    m_grid.visit(b.inflated(m_cell_hint), [&](uint32_t id) {
      if (hit) return;
      const auto& [a, c] = m_segs[id];
      if (std::max(a.x, c.x) < b.min_x || std::min(a.x, c.x) > b.max_x || std::max(a.y, c.y) < b.min_y || std::min(a.y, c.y) > b.max_y) return;
      if (point_in_ring(ring, a) || point_in_ring(ring, c)) hit = true;
      for (size_t i = 0; i + 1 < ring.size() && !hit; ++i)
        if (segments_cross(a, c, ring[i], ring[i + 1])) hit = true;
    });
    return hit;
  }

 private:
  PointGrid m_grid;
  std::vector<std::pair<Vec2, Vec2>> m_segs;
  std::vector<Ring> m_rings;
  std::vector<BBox> m_ring_boxes;
  PointGrid m_ring_grid;   // ring box centres
  double m_ring_reach = 0; // the largest half width or height of a ring's box
  double m_cell_hint = 500;
  double m_max_len = 0;
};

struct RoadLine {
  std::vector<uint32_t> v;  // network vertex ids
  std::string cls, surface, name;
  double width_m = 3.5;
  int village = -1;  // the village this access road or track serves
};

struct Village {
  Vec2 site;
  int township = 0;
  bool seat = false;
  bool trap = false;      // placed at a controlled distance: no road, water or power of its own
  int access = -1;        // road index of its access road
  int parent = -1;        // village its access road joins (-1: a trunk/county road)
  uint32_t site_vertex = k_none;
  bool water = false, power = false, fiber = false;
  std::string code, name;
};

struct Township {
  int seat = -1;  // village index
  std::string code, name, county_code;
  bool town = true;
  bool industry_scale = true;
  bool has_plant = true;
};

struct Point {
  Vec2 p;
  std::string kind, tech;
  double value = 0;  // radius_m, capacity_kva or voltage
  double voltage_kv = 0;
  bool flag = true;   // safe / qualified_doctor
  int village = -1;
  bool code_null = false;
};

struct Area {
  Ring ring;
  std::string kind, level, tech;
  bool safe = true;
};


// Which roads qualify for the road item of gis/indicators/README.md: paved
// (asphalt/concrete) and in a component of paved roads that holds a trunk
// road (national/provincial/county). Components join paved roads only: at
// shared vertices, where segments cross, and where an endpoint lies within
// 1 m of another paved segment. Earth and gravel roads connect nothing.
std::vector<bool> trunk_connected_paved(const std::vector<Vec2>& net, const std::vector<RoadLine>& roads);

// GEOS's interior point of a convex polygon (ST_PointOnSurface): the village point the check uses.
Vec2 point_on_surface(const Ring& ring);
double point_ring_distance(Vec2 p, const Ring& ring);
// Planar distance between a polygon and a layer (0 when they intersect), as ST_Distance.
double polygon_distance(const Ring& cell, const SegmentSet& set);

// The attribute traps: a village whose figures sit exactly at or just below a threshold, or are missing.
enum class Special { none, incidence_at_2, incidence_below_2, income_at_50k, income_below_50k, no_population, no_income, no_growth, no_industry, no_insurance };

class Builder {
 public:
  Builder(const SynthParams& p, const ProgressFn& progress) : m_p(p), m_progress(progress), m_rng(p.seed) {}
  Result<SynthCounty> run();

 private:
  [[nodiscard]] Result<void> check_params() const;
  Result<void> build_terrain();

 private:
  bool stage(double r, std::string_view s) { return report_progress(m_progress, r, s); }
  void place_seats_and_villages(int n_ordinary);
  void assign_townships();
  uint32_t add_vertex(Vec2 p) {
    const auto id = static_cast<uint32_t>(m_net.size());
    m_net.push_back(p);
    m_owner.push_back(-1);
    m_grid->insert(id, p);
    return id;
  }
  // Adds a road from vertex `from` (existing) along `path` (new points) to `to` (existing or k_none).
  int add_road(const std::vector<uint32_t>& ids, RoadLine line) {
    line.v = ids;
    const int r = static_cast<int>(m_roads.size());
    for (uint32_t id : ids)
      if (m_owner[id] < 0) m_owner[id] = r;
    m_roads.push_back(std::move(line));
    return r;
  }
  std::vector<uint32_t> path_vertices(uint32_t from, Vec2 to_point, uint32_t to_vertex, double amplitude, bool index_new = true);
  void build_roads();
  void build_trunk_roads();
  void build_seat_roads(Rng& rng);
  void build_village_roads(Rng& rng);
  void build_utilities();
  std::vector<size_t> build_water(Rng& rng);
  void build_power(Rng& rng, const std::vector<size_t>& order);
  void build_towers(Rng& rng);
  void add_tower(Rng& rng, Vec2 near_p, const std::string& tech, double radius);
  [[nodiscard]] Area line_of_sight(Vec2 best, double best_e, const std::string& tech, double radius) const;
  void build_facilities_hazards_protected();
  void build_hazards(Rng& rng);
  void build_protected(Rng& rng);
  void build_facilities(Rng& rng);
  void place_traps();
  bool place_distance_trap(const std::string& kind, const std::string& layer, double d, const SegmentSet& avoid,
                           const std::vector<std::pair<Vec2, Vec2>>& anchors, bool from_point, double min_height_diff, double max_height_diff);
  // A distance trap being placed: its kind, layer, target distance and what it is measured to.
  struct DistanceTrap {
    const std::string& kind;
    const std::string& layer;
    double d;
    const SegmentSet& avoid;
    bool from_point;
    double min_height_diff, max_height_diff;
  };
  struct TrapGeometry {
    Vec2 foot, n, s, p;  // foot on the anchor, normal, shield site, trap site
    double shield_off = 0, guess = 0;
  };
  struct Zone;
  std::optional<TrapGeometry> propose_trap(Rng& rng, const DistanceTrap& trap, const std::vector<std::pair<Vec2, Vec2>>& anchors, const Zone* zone,
                                           bool zoned) const;
  bool fit_trap_cell(const DistanceTrap& trap, const TrapGeometry& g, Vec2& site, Vec2& point) const;
  static bool solve_offset(const std::function<double(double)>& f, double lo, double hi);
  bool trap_heights_ok(const DistanceTrap& trap, Vec2 point, double& dh) const;
  void add_distance_trap(const DistanceTrap& trap, const TrapGeometry& g, Vec2 site, double dh);
  void place_unconnected_paved_trap();
  struct FarSite {
    Vec2 site;
    double distance_m;
  };
  FarSite far_from_roads(Rng& rng, const SegmentSet& roads, const std::vector<Vec2>& rejected) const;
  [[nodiscard]] Ring provisional_cell(Vec2 p) const;
  void add_unconnected_paved_trap(Vec2 site, uint32_t join, const std::vector<Vec2>& pts);
  void mark_road_situations();
  void verify_distance_traps();
  void make_ghosts();
  void make_facility_traps();
  void build_cells();
  void fill_tables(SynthCounty& out);
  // stage_attributes.cpp
  std::vector<std::vector<size_t>> assign_codes(Rng& rng);
  void county_tables(SynthCounty& out, const std::vector<std::vector<size_t>>& members) const;
  [[nodiscard]] std::vector<bool> villages_in_hazards() const;
  std::vector<Special> attribute_traps();
  void village_tables(SynthCounty& out, Rng& rng);
  // stage_tables.cpp
  void emit_lines(FeatureTable& t, const std::vector<int>& road_ids, const std::function<void(const RoadLine&, size_t)>& attrs) const;
  void network_tables(SynthCounty& out) const;
  void other_tables(SynthCounty& out) const;
  Vec2 village_point(size_t v) const { return m_p.village_polygons && v < m_cell_centroid.size() ? m_cell_centroid[v] : m_villages[v].site; }
  SegmentSet segments_of_roads(bool paved_only) const;
  SegmentSet segments_of_water() const;
  SegmentSet segments_of_power() const;
  Ring star(Vec2 c, double r_mean, double jitter, int n);

  SynthParams m_p;
  ProgressFn m_progress;
  Rng m_rng;
  double m_area_m2 = 0;
  double m_spacing = 0;  // typical distance between villages
  Vec2 m_origin;         // projected coordinates of the local origin
  CrsRef m_crs;
  Outline m_outline;
  std::vector<River> m_rivers;
  Terrain m_terrain;
  BBox m_bounds;
  std::vector<Village> m_villages;
  std::vector<Township> m_townships;
  std::vector<Vec2> m_net;
  std::vector<int> m_owner;  // road that created each vertex
  std::unique_ptr<PointGrid> m_grid;
  std::vector<RoadLine> m_roads;
  std::vector<int> m_pipe_roads, m_power_roads, m_fiber_roads;  // road geometries reused by utilities
  std::vector<bool> m_pipe_safe;
  std::vector<Point> m_plants, m_power_points, m_towers, m_facilities;
  std::vector<Area> m_water_areas, m_coverage, m_hazards, m_protected;
  std::vector<int> m_isolated_roads;  // roads deliberately touching nothing
  std::vector<TrapVillage> m_traps;
  std::vector<int> m_trap_village;   // village index of each trap
  // cells
  std::vector<Ring> m_cells;
  std::vector<Vec2> m_cell_centroid;
  std::vector<std::vector<Ring>> m_county_rings;  // per county (one, unless the townships overflow one county's codes)
  std::vector<std::vector<Ring>> m_township_rings;
  std::vector<int> m_township_county;  // county index of each township
  int m_county_count = 1;
  void assign_counties();
  [[nodiscard]] Result<void> check_township_sizes() const;
  std::vector<Vec2> m_ghosts;
  // Empty zones kept for the far road traps (no village inside): centre, radius, target distance.
  struct Zone {
    Vec2 centre;
    double radius_m;
    double target_m;
  };
  std::vector<Zone> m_zones;
  std::unique_ptr<PointGrid> m_village_grid;  // villages, for spacing checks while traps are placed
  std::vector<Vec2> m_trap_sites;
  void add_village(const Village& v) {
    if (m_village_grid) m_village_grid->insert(static_cast<uint32_t>(m_villages.size()), v.site);
    if (v.trap) m_trap_sites.push_back(v.site);
    m_villages.push_back(v);
  }
  // No village within `spacing` of p and no trap village within `trap_spacing`.
  [[nodiscard]] bool clear_of_villages(Vec2 p, double spacing, double trap_spacing) const {
    for (const auto& t : m_trap_sites)
      if (dist(t, p) < trap_spacing) return false;
    return m_village_grid->nearest(p, spacing, [](uint32_t) { return true; }) == k_none;
  }
  void reserve_zones();
  [[nodiscard]] bool in_zone(Vec2 p) const {
    for (const auto& z : m_zones)
      if (dist(p, z.centre) < z.radius_m) return true;
    return false;
  }
};

}  // namespace jiuyou::synth::detail
