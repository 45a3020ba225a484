// The synthetic county: terrain and rivers, township seats and villages in
// the valleys, a road network grown from the trunk road, the utility networks
// along the roads, facilities, hazards, protected areas, the deliberate trap
// villages, and finally the polygons (village cells nesting exactly into
// townships and the county) and the attribute tables.
#include "gis/synth/synth_county.hpp"

#include <algorithm>
#include <functional>
#include <memory>
#include <cmath>
#include <limits>
#include <numeric>
#include <unordered_map>

#include "gis/crs/crs.hpp"
#include "gis/synth/names.hpp"
#include "gis/synth/random.hpp"
#include "gis/synth/terrain.hpp"
#include "gis/synth/voronoi.hpp"

namespace jiuyou::synth {
namespace {

constexpr double k_pi = 3.14159265358979323846;
constexpr uint32_t k_none = std::numeric_limits<uint32_t>::max();
constexpr size_t k_townships_per_county = 900;  // township codes 100–999

double dist(Vec2 a, Vec2 b) { return std::hypot(a.x - b.x, a.y - b.y); }

// Nearest point of segment ab to p.
Vec2 closest_on_segment(Vec2 p, Vec2 a, Vec2 b) {
  const double dx = b.x - a.x, dy = b.y - a.y;
  const double len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0;
  t = std::clamp(t, 0.0, 1.0);
  return {a.x + t * dx, a.y + t * dy};
}

bool segments_cross(Vec2 a, Vec2 b, Vec2 c, Vec2 d) {
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
  SegmentSet(BBox bounds, double cell) : m_grid(bounds, cell) {}
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
    m_rings.push_back(r);
  }
  void set_cell_hint(double c) { m_cell_hint = c; }
  // Distance from p to the nearest segment (0 inside a registered ring); search radius bounded.
  double distance(Vec2 p, double radius, Vec2* nearest_point = nullptr) const {
    for (const auto& r : m_rings)
      if (point_in_ring(r, p)) {
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
std::vector<bool> trunk_connected_paved(const std::vector<Vec2>& net, const std::vector<RoadLine>& roads) {
  auto paved = [&](size_t r) { return roads[r].surface == "asphalt" || roads[r].surface == "concrete"; };
  std::vector<size_t> parent(roads.size());
  std::iota(parent.begin(), parent.end(), size_t{0});
  auto find = [&](size_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  auto unite = [&](size_t a, size_t b) { parent[find(a)] = find(b); };
  BBox bounds;
  for (const auto& p : net) bounds.expand(p.x, p.y);
  std::unordered_map<uint32_t, size_t> vertex_road;
  PointGrid grid(bounds.inflated(10), 400);  // segment midpoints
  std::vector<std::pair<size_t, size_t>> segs;  // road, first vertex index
  double max_len = 0;
  for (size_t r = 0; r < roads.size(); ++r) {
    if (!paved(r)) continue;
    for (size_t i = 0; i < roads[r].v.size(); ++i) {
      const auto [it, fresh] = vertex_road.emplace(roads[r].v[i], r);
      if (!fresh) unite(r, it->second);
      if (i + 1 == roads[r].v.size()) continue;
      const Vec2 a = net[roads[r].v[i]], b = net[roads[r].v[i + 1]];
      grid.insert(static_cast<uint32_t>(segs.size()), {(a.x + b.x) / 2, (a.y + b.y) / 2});
      segs.emplace_back(r, i);
      max_len = std::max(max_len, dist(a, b));
    }
  }
  for (const auto& [r, i] : segs) {
    const Vec2 a = net[roads[r].v[i]], b = net[roads[r].v[i + 1]];
    const bool a_end = i == 0, b_end = i + 2 == roads[r].v.size();
    BBox box;
    box.expand(a.x, a.y);
    box.expand(b.x, b.y);
    grid.visit(box.inflated(max_len / 2 + 1), [&](uint32_t s) {
      const auto& [r2, j] = segs[s];
      if (r2 == r) return;
      const Vec2 c = net[roads[r2].v[j]], d = net[roads[r2].v[j + 1]];
      const bool touch = (a_end && dist(a, closest_on_segment(a, c, d)) <= 1.0) || (b_end && dist(b, closest_on_segment(b, c, d)) <= 1.0);
      if (touch || segments_cross(a, b, c, d)) unite(r, r2);
    });
  }
  std::vector<bool> trunk_root(roads.size(), false);
  for (size_t r = 0; r < roads.size(); ++r)
    if (paved(r) && (roads[r].cls == "national" || roads[r].cls == "provincial" || roads[r].cls == "county")) trunk_root[find(r)] = true;
  std::vector<bool> out(roads.size(), false);
  for (size_t r = 0; r < roads.size(); ++r) out[r] = paved(r) && trunk_root[find(r)];
  return out;
}

class Builder {
 public:
  Builder(const SynthParams& p, const ProgressFn& progress) : m_p(p), m_progress(progress), m_rng(p.seed) {}
  Result<SynthCounty> run();

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
  void build_utilities();
  void build_facilities_hazards_protected();
  void place_traps();
  bool place_distance_trap(const std::string& kind, const std::string& layer, double d, const SegmentSet& avoid,
                           const std::vector<std::pair<Vec2, Vec2>>& anchors, bool from_point, double min_height_diff, double max_height_diff);
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

Ring Builder::star(Vec2 c, double r_mean, double jitter, int n) {
  Ring r;
  const double phase = m_rng.uniform(0, 2 * k_pi);
  std::vector<double> rad(static_cast<size_t>(n));
  for (auto& x : rad) x = r_mean * (1 + jitter * m_rng.uniform(-1, 1));
  // Smooth the radii once so the outline is a blob, not a star.
  std::vector<double> sm(rad.size());
  for (size_t i = 0; i < rad.size(); ++i) sm[i] = (rad[(i + rad.size() - 1) % rad.size()] + 2 * rad[i] + rad[(i + 1) % rad.size()]) / 4;
  for (int i = 0; i < n; ++i) {
    const double a = phase + 2 * k_pi * i / n;
    r.push_back({c.x + std::cos(a) * sm[static_cast<size_t>(i)], c.y + std::sin(a) * sm[static_cast<size_t>(i)]});
  }
  r.push_back(r.front());
  return r;
}

void Builder::place_seats_and_villages(int n_ordinary) {
  Rng rng = m_rng.fork(2);
  const int t = m_p.townships;
  const double seat_spacing = 0.55 * std::sqrt(m_area_m2 / t);
  std::vector<Vec2> seats;
  // County seat: beside the main river, near its middle.
  {
    const auto& main = m_rivers[0].path;
    size_t at = main.size() / 2;
    for (size_t k = 0; k < main.size() && !m_outline.contains(main[at], 3000); ++k) at = (at + 7) % main.size();
    const Vec2 a = main[at], b = main[std::min(at + 1, main.size() - 1)];
    const double len = std::max(1.0, dist(a, b));
    seats.push_back({a.x - (b.y - a.y) / len * 350, a.y + (b.x - a.x) / len * 350});
  }
  for (int attempt = 0; static_cast<int>(seats.size()) < t && attempt < 200000; ++attempt) {
    const double spacing = attempt > 100000 ? seat_spacing * 0.6 : seat_spacing;
    Vec2 p;
    if (attempt < 150000) {
      const auto& r = m_rivers[static_cast<size_t>(rng.integer(0, static_cast<int64_t>(m_rivers.size()) - 1))];
      const size_t i = static_cast<size_t>(rng.integer(0, static_cast<int64_t>(r.path.size()) - 2));
      const Vec2 a = r.path[i], b = r.path[i + 1];
      const double len = std::max(1.0, dist(a, b));
      const double side = rng.chance(0.5) ? 300 : -300;
      p = {a.x - (b.y - a.y) / len * side, a.y + (b.x - a.x) / len * side};
    } else {
      const double ang = rng.uniform(0, 2 * k_pi), rr = std::sqrt(rng.uniform()) * m_outline.r0;
      p = {std::cos(ang) * rr, std::sin(ang) * rr};
    }
    if (!m_outline.contains(p, 0.3 * seat_spacing) || in_zone(p)) continue;
    bool ok = true;
    for (const auto& s : seats)
      if (dist(s, p) < spacing) {
        ok = false;
        break;
      }
    if (ok) seats.push_back(p);
  }
  m_townships.resize(seats.size());
  PointGrid grid(m_bounds, std::max(500.0, m_spacing));
  for (size_t i = 0; i < seats.size(); ++i) {
    Village v;
    v.site = seats[i];
    v.seat = true;
    v.township = static_cast<int>(i);
    m_townships[i].seat = static_cast<int>(m_villages.size());
    grid.insert(static_cast<uint32_t>(m_villages.size()), v.site);
    m_villages.push_back(v);
  }
  // Villages: in the valleys, spaced apart.
  double spacing = 0.55 * m_spacing;
  int failures = 0;
  while (static_cast<int>(m_villages.size()) < n_ordinary) {
    const double ang = rng.uniform(0, 2 * k_pi);
    const double rr = std::sqrt(rng.uniform()) * m_outline.r0 * 1.3;
    const Vec2 p{std::cos(ang) * rr, std::sin(ang) * rr};
    if (!m_outline.contains(p, 0.35 * m_spacing) || in_zone(p)) continue;
    const double rd = m_terrain.river_distance(p);
    const double e = m_terrain.at(p);
    const double w = (0.12 + 0.88 * std::exp(-rd / 1800.0)) * (e > 1900 ? 0.1 : 1.0);
    if (!rng.chance(w)) continue;
    double d = 0;
    if (grid.nearest(p, spacing, [](uint32_t) { return true; }, &d) != k_none) {
      if (++failures > 20000) {
        spacing *= 0.9;
        failures = 0;
      }
      continue;
    }
    Village v;
    v.site = p;
    grid.insert(static_cast<uint32_t>(m_villages.size()), p);
    m_villages.push_back(v);
  }
}

void Builder::assign_townships() {
  // Nearest seat (by a grid over seats).
  PointGrid grid(m_bounds, std::max(1000.0, std::sqrt(m_area_m2 / m_p.townships)));
  for (size_t t = 0; t < m_townships.size(); ++t) grid.insert(static_cast<uint32_t>(t), m_villages[static_cast<size_t>(m_townships[t].seat)].site);
  for (auto& v : m_villages) {
    if (v.seat) continue;
    v.township = static_cast<int>(grid.nearest(v.site, 1e9, [](uint32_t) { return true; }));
  }
}

std::vector<uint32_t> Builder::path_vertices(uint32_t from, Vec2 to_point, uint32_t to_vertex, double amplitude, bool index_new) {
  Rng rng = m_rng.fork(1000003ULL + m_net.size());
  const Vec2 a = m_net[from];
  const Vec2 b = to_vertex != k_none ? m_net[to_vertex] : to_point;
  auto pts = wiggle(rng, a, b, amplitude, 160);
  std::vector<uint32_t> ids{from};
  for (size_t i = 1; i + 1 < pts.size(); ++i) {
    if (index_new) {
      ids.push_back(add_vertex(pts[i]));
    } else {
      ids.push_back(static_cast<uint32_t>(m_net.size()));
      m_net.push_back(pts[i]);
      m_owner.push_back(-1);
    }
  }
  if (to_vertex != k_none) {
    ids.push_back(to_vertex);
  } else if (index_new) {
    ids.push_back(add_vertex(b));
  } else {
    ids.push_back(static_cast<uint32_t>(m_net.size()));
    m_net.push_back(b);
    m_owner.push_back(-1);
  }
  return ids;
}

void Builder::build_roads() {
  Rng rng = m_rng.fork(3);
  m_grid = std::make_unique<PointGrid>(m_bounds, 400);
  auto offset_path = [&](const std::vector<Vec2>& path, double off) {
    std::vector<Vec2> out(path.size());
    for (size_t i = 0; i < path.size(); ++i) {
      const Vec2 a = path[i > 0 ? i - 1 : 0], b = path[std::min(i + 1, path.size() - 1)];
      const double len = std::max(1e-9, dist(a, b));
      out[i] = {path[i].x - (b.y - a.y) / len * off, path[i].y + (b.x - a.x) / len * off};
    }
    return out;
  };
  // Trunk (national road) along the main river; provincial road along the longest tributary.
  {
    const auto pts = offset_path(m_rivers[0].path, 140);
    std::vector<uint32_t> ids;
    for (const auto& p : pts) ids.push_back(add_vertex(p));
    add_road(ids, {{}, "national", "asphalt", "G346", 12.0, -1});
  }
  {
    size_t best = 1;
    for (size_t r = 1; r < m_rivers.size(); ++r)
      if (m_rivers[r].order == 2 && m_rivers[r].path.size() > m_rivers[best].path.size()) best = r;
    const auto pts = offset_path(m_rivers[best].path, -120);
    double d = 0;
    const uint32_t join = m_grid->nearest(pts.front(), 1e9, [](uint32_t) { return true; }, &d);
    std::vector<uint32_t> ids{join};
    for (size_t i = 1; i < pts.size(); ++i) ids.push_back(add_vertex(pts[i]));
    add_road(ids, {{}, "provincial", "asphalt", "S236", 8.5, -1});
  }
  // County roads: every township seat joins the network (nearest seats first).
  std::vector<size_t> order(m_townships.size());
  std::iota(order.begin(), order.end(), 0);
  const Vec2 county_seat = m_villages[static_cast<size_t>(m_townships[0].seat)].site;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return dist(m_villages[static_cast<size_t>(m_townships[a].seat)].site, county_seat) < dist(m_villages[static_cast<size_t>(m_townships[b].seat)].site, county_seat);
  });
  int county_no = 301;
  for (size_t t : order) {
    auto& v = m_villages[static_cast<size_t>(m_townships[t].seat)];
    const uint32_t join = m_grid->nearest(v.site, 1e9, [](uint32_t) { return true; });
    v.site_vertex = add_vertex(v.site);
    auto ids = path_vertices(v.site_vertex, {}, join, 0.12);
    const bool asphalt = rng.chance(0.7);
    const int r = add_road(ids, {{}, "county", asphalt ? "asphalt" : "concrete", "X" + std::to_string(county_no++), asphalt ? 7.0 : 6.5, -1});
    v.access = r;
  }
  // Township roads between neighbouring seats make loops.
  int township_no = 1;
  for (size_t t = 0; t < m_townships.size(); ++t) {
    const auto& a = m_villages[static_cast<size_t>(m_townships[t].seat)];
    size_t best = t;
    double best_d = 1e18;
    for (size_t u = 0; u < m_townships.size(); ++u) {
      if (u == t) continue;
      const double d = dist(a.site, m_villages[static_cast<size_t>(m_townships[u].seat)].site);
      if (d < best_d) {
        best_d = d;
        best = u;
      }
    }
    if (best == t || best < t || !rng.chance(0.6)) continue;
    const auto& b = m_villages[static_cast<size_t>(m_townships[best].seat)];
    auto ids = path_vertices(a.site_vertex, {}, b.site_vertex, 0.15);
    char name[16];
    std::snprintf(name, sizeof name, "Y%03d", township_no++);
    add_road(ids, {{}, "township", "concrete", name, 4.5, -1});
  }
  // Village roads, nearest villages first, each to the nearest network vertex.
  std::vector<size_t> vorder;
  for (size_t i = 0; i < m_villages.size(); ++i)
    if (!m_villages[i].seat && !m_villages[i].trap) vorder.push_back(i);
  std::sort(vorder.begin(), vorder.end(), [&](size_t a, size_t b) {
    const Vec2 sa = m_villages[static_cast<size_t>(m_townships[static_cast<size_t>(m_villages[a].township)].seat)].site;
    const Vec2 sb = m_villages[static_cast<size_t>(m_townships[static_cast<size_t>(m_villages[b].township)].seat)].site;
    const double da = dist(m_villages[a].site, sa), db = dist(m_villages[b].site, sb);
    return da != db ? da < db : a < b;
  });
  for (size_t i : vorder) {
    auto& v = m_villages[i];
    const uint32_t join = m_grid->nearest(v.site, 1e9, [](uint32_t) { return true; });
    v.site_vertex = add_vertex(v.site);
    auto ids = path_vertices(v.site_vertex, {}, join, 0.18);
    const double u = rng.uniform();
    std::string surface = u < 0.70 ? "concrete" : u < 0.75 ? "asphalt" : u < 0.90 ? "gravel" : "earth";
    const double width = surface == "earth" ? rng.uniform(2.5, 3.5) : surface == "gravel" ? rng.uniform(3.0, 4.0) : rng.uniform(3.5, 4.5);
    const int road = add_road(ids, {{}, "village", surface, "", std::round(width * 10) / 10, static_cast<int>(i)});
    v.access = road;
    const int owner = m_owner[join];
    v.parent = owner >= 0 ? m_roads[static_cast<size_t>(owner)].village : -1;
    if (v.parent >= 0 && m_villages[static_cast<size_t>(v.parent)].seat) v.parent = -1;
  }
  // Farm tracks: dead ends of earth or gravel from the villages.
  for (size_t i = 0; i < m_villages.size(); ++i) {
    const auto& v = m_villages[i];
    if (v.site_vertex == k_none || v.trap) continue;
    const int n = rng.poisson(1.4);
    for (int k = 0; k < n; ++k) {
      const double ang = rng.uniform(0, 2 * k_pi), len = rng.uniform(0.25, 0.7) * m_spacing;
      const Vec2 end{v.site.x + std::cos(ang) * len, v.site.y + std::sin(ang) * len};
      if (!m_outline.contains(end, 200)) continue;
      auto ids = path_vertices(v.site_vertex, end, k_none, 0.2);
      add_road(ids, {{}, "other", rng.chance(0.8) ? "earth" : "gravel", "", 2.5, static_cast<int>(i)});
    }
  }
}

void Builder::build_utilities() {
  Rng rng = m_rng.fork(4);
  // Water: a plant at most township seats; pipes along the seat's county road
  // and along village roads of served villages (parents first).
  for (size_t t = 0; t < m_townships.size(); ++t) {
    auto& tw = m_townships[t];
    tw.has_plant = t == 0 || rng.chance(0.85);
    if (!tw.has_plant) continue;
    auto& seat = m_villages[static_cast<size_t>(tw.seat)];
    Point plant;
    plant.p = m_net[seat.site_vertex];
    plant.kind = "plant";
    plant.flag = !(t == 3);  // one township's plant fails the water-quality test
    m_plants.push_back(plant);
    seat.water = true;
    m_pipe_roads.push_back(seat.access);
    m_pipe_safe.push_back(plant.flag);
  }
  std::vector<size_t> order;
  for (size_t i = 0; i < m_villages.size(); ++i)
    if (!m_villages[i].seat && m_villages[i].access >= 0 && !m_villages[i].trap) order.push_back(i);
  // Roads were added parents-first, so road index order is a topological order.
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return m_villages[a].access < m_villages[b].access; });
  for (size_t i : order) {
    auto& v = m_villages[i];
    const auto& tw = m_townships[static_cast<size_t>(v.township)];
    const bool upstream = v.parent >= 0 ? m_villages[static_cast<size_t>(v.parent)].water : tw.has_plant;
    if (upstream && rng.chance(0.86)) {
      v.water = true;
      m_pipe_roads.push_back(v.access);
      m_pipe_safe.push_back(rng.chance(0.95));
    } else if (rng.chance(0.35)) {
      // A spring-fed system serving the village: a service area polygon.
      Area a;
      a.ring = star(v.site, rng.uniform(350, 650), 0.3, 14);
      a.kind = "service_area";
      a.safe = rng.chance(0.9);
      m_water_areas.push_back(std::move(a));
      v.water = true;
    }
  }
  // Power: substations at the county seat and every third township seat; 10 kV
  // lines along trunk, provincial and county roads, and village roads of powered villages.
  for (size_t t = 0; t < m_townships.size(); ++t) {
    if (t != 0 && t % 3 != 1) continue;
    Point s;
    s.p = m_net[m_villages[static_cast<size_t>(m_townships[t].seat)].site_vertex];
    s.kind = "substation";
    s.voltage_kv = t == 0 ? 110 : 35;
    m_power_points.push_back(s);
  }
  for (size_t r = 0; r < m_roads.size(); ++r) {
    const auto& c = m_roads[r].cls;
    if (c == "national" || c == "provincial" || c == "county") m_power_roads.push_back(static_cast<int>(r));
    if (c == "national" || c == "provincial" || c == "county") m_fiber_roads.push_back(static_cast<int>(r));
  }
  for (size_t t = 0; t < m_townships.size(); ++t) m_villages[static_cast<size_t>(m_townships[t].seat)].power = true;
  for (size_t i : order) {
    auto& v = m_villages[i];
    const bool upstream = v.parent >= 0 ? m_villages[static_cast<size_t>(v.parent)].power : true;
    if (upstream && rng.chance(0.94)) {
      v.power = true;
      m_power_roads.push_back(v.access);
    }
    const bool fiber_up = v.parent >= 0 ? m_villages[static_cast<size_t>(v.parent)].fiber : true;
    if (fiber_up && rng.chance(0.62)) {
      v.fiber = true;
      m_fiber_roads.push_back(v.access);
    }
  }
  for (auto& v : m_villages) {
    if (!v.power || v.site_vertex == k_none) continue;
    Point tr;
    tr.p = {m_net[v.site_vertex].x + rng.uniform(-60, 60), m_net[v.site_vertex].y + rng.uniform(-60, 60)};
    tr.kind = "transformer";
    tr.voltage_kv = 10;
    static const double sizes[] = {50, 100, 160, 200, 315, 400};
    tr.value = v.seat ? 630 : sizes[rng.integer(0, 5)];
    m_power_points.push_back(tr);
  }
  // Broadband towers: every seat (4G; 5G too at the county seat and two more),
  // and many villages, on the highest ground nearby; coverage by line of sight.
  auto add_tower = [&](Vec2 near_p, const std::string& tech, double radius) {
    Vec2 best = near_p;
    double best_e = m_terrain.at(near_p);
    for (int k = 0; k < 12; ++k) {
      const double ang = rng.uniform(0, 2 * k_pi), rr = rng.uniform(100, 700);
      const Vec2 q{near_p.x + std::cos(ang) * rr, near_p.y + std::sin(ang) * rr};
      const double e = m_terrain.at(q);
      if (e > best_e) {
        best_e = e;
        best = q;
      }
    }
    Point t;
    t.p = best;
    t.kind = "tower";
    t.tech = tech;
    t.value = radius;
    m_towers.push_back(t);
    // Line-of-sight coverage: along each ray, covered until the terrain first hides the ground.
    const int rays = m_villages.size() > 5000 ? 24 : 48;
    const double h0 = best_e + 35;
    const double step = std::max(60.0, m_terrain.cell_m * 0.75);
    Area a;
    a.kind = "coverage";
    a.tech = tech;
    for (int k = 0; k < rays; ++k) {
      const double ang = 2 * k_pi * k / rays;
      double max_slope = -1e9, reach = step;
      for (double s = step; s <= radius; s += step) {
        const Vec2 q{best.x + std::cos(ang) * s, best.y + std::sin(ang) * s};
        const double ground = m_terrain.at(q);
        const double slope_ground = (ground + 2 - h0) / s;
        if (slope_ground < max_slope - 0.02) break;  // hidden behind a ridge
        max_slope = std::max(max_slope, (ground - h0) / s);
        reach = s;
      }
      a.ring.push_back({best.x + std::cos(ang) * reach, best.y + std::sin(ang) * reach});
    }
    a.ring.push_back(a.ring.front());
    m_coverage.push_back(std::move(a));
  };
  for (size_t t = 0; t < m_townships.size(); ++t) {
    const Vec2 s = m_villages[static_cast<size_t>(m_townships[t].seat)].site;
    add_tower(s, "4g", 3000);
    if (t < 3) add_tower(s, "5g", 800);
  }
  for (const auto& v : m_villages) {
    if (v.seat || v.trap) continue;
    if (rng.chance(0.42)) add_tower(v.site, "4g", 2500);
  }
}

void Builder::build_facilities_hazards_protected() {
  Rng rng = m_rng.fork(5);
  // Landslides on steep slopes near settlements, debris flows in side valleys,
  // flood zones along the main river's lower reaches.
  const int n_slides = std::max(12, static_cast<int>(m_villages.size() / 6));
  for (int k = 0, tries = 0; k < n_slides && tries < n_slides * 200; ++tries) {
    const auto& v = m_villages[static_cast<size_t>(rng.integer(0, static_cast<int64_t>(m_villages.size()) - 1))];
    const double ang = rng.uniform(0, 2 * k_pi), rr = rng.uniform(300, 1500);
    const Vec2 c{v.site.x + std::cos(ang) * rr, v.site.y + std::sin(ang) * rr};
    if (!m_outline.contains(c, 300) || m_terrain.slope_deg(c) < 25) continue;
    Area a;
    a.ring = star(c, rng.uniform(120, 450), 0.35, 16);
    a.kind = rng.chance(0.8) ? "landslide" : rng.chance(0.5) ? "debris_flow" : "collapse";
    a.level = rng.chance(0.25) ? "high" : rng.chance(0.5) ? "medium" : "low";
    m_hazards.push_back(std::move(a));
    ++k;
  }
  // Some villages sit inside a landslide zone (relocation candidates).
  int inside = 0;
  for (size_t i = 0; i < m_villages.size() && inside < std::max(3, static_cast<int>(m_villages.size() / 80)); ++i) {
    const auto& v = m_villages[(i * 7919) % m_villages.size()];
    if (v.seat || v.trap || m_terrain.slope_deg(v.site) < 12) continue;
    Area a;
    a.ring = star(v.site, rng.uniform(300, 600), 0.25, 16);
    a.kind = "landslide";
    a.level = "high";
    m_hazards.push_back(std::move(a));
    ++inside;
  }
  // Flood zones: bands along the main river where the valley is wide and low.
  const auto& main = m_rivers[0].path;
  for (size_t start = 20; start + 40 < main.size(); start += 60) {
    if (!rng.chance(0.6)) continue;
    const size_t end = start + static_cast<size_t>(rng.integer(15, 35));
    const double half = rng.uniform(120, 260);
    Ring left, right;
    for (size_t i = start; i <= end; ++i) {
      const Vec2 a = main[i - 1], b = main[i + 1];
      const double len = std::max(1e-9, dist(a, b));
      const Vec2 n{-(b.y - a.y) / len, (b.x - a.x) / len};
      left.push_back({main[i].x + n.x * half, main[i].y + n.y * half});
      right.push_back({main[i].x - n.x * half, main[i].y - n.y * half});
    }
    Ring ring = right;
    ring.insert(ring.end(), left.rbegin(), left.rend());
    ring.push_back(ring.front());
    // Keep only simple rings (a sharp bend could fold the band).
    bool simple = true;
    for (size_t i = 0; i + 1 < ring.size() && simple; ++i)
      for (size_t j = i + 2; j + 1 < ring.size(); ++j) {
        if (i == 0 && j + 2 == ring.size()) continue;
        if (segments_cross(ring[i], ring[i + 1], ring[j], ring[j + 1])) {
          simple = false;
          break;
        }
      }
    if (!simple) continue;
    if (ring_area(ring) < 0) std::reverse(ring.begin(), ring.end());
    m_hazards.push_back({ring, "flood", rng.chance(0.3) ? "high" : "medium", "", true});
  }
  // Protected: basic farmland on valley floors near villages, ecological red
  // lines on the high ranges, one nature reserve around the highest ground.
  for (const auto& v : m_villages) {
    if (!rng.chance(0.35)) continue;
    const double ang = rng.uniform(0, 2 * k_pi), rr = rng.uniform(200, 700);
    const Vec2 c{v.site.x + std::cos(ang) * rr, v.site.y + std::sin(ang) * rr};
    if (m_terrain.slope_deg(c) > 15) continue;
    m_protected.push_back({star(c, rng.uniform(200, 600), 0.3, 14), "basic_farmland", "", "", true});
  }
  Vec2 top{};
  double top_e = -1;
  std::vector<Vec2> high;
  for (int k = 0; k < 4000; ++k) {
    const double ang = rng.uniform(0, 2 * k_pi), rr = std::sqrt(rng.uniform()) * m_outline.r0;
    const Vec2 p{std::cos(ang) * rr, std::sin(ang) * rr};
    if (!m_outline.contains(p)) continue;
    const double e = m_terrain.at(p);
    if (e > top_e) {
      top_e = e;
      top = p;
    }
    if (e > 1300) high.push_back(p);
  }
  // Ecological red lines on high ground, apart from each other and from the reserve.
  std::vector<Vec2> redlines;
  const size_t want = std::max<size_t>(3, static_cast<size_t>(m_area_m2 / 6e8));
  for (const auto& p : high) {
    if (redlines.size() >= want) break;
    bool apart = dist(p, top) > 12000;
    for (const auto& q : redlines) apart = apart && dist(p, q) > 12000;
    if (!apart) continue;
    redlines.push_back(p);
    m_protected.push_back({star(p, rng.uniform(1500, 4000), 0.35, 24), "ecological_redline", "", "", true});
  }
  if (redlines.empty() && !high.empty()) m_protected.push_back({star(high.front(), 2000, 0.35, 24), "ecological_redline", "", "", true});
  m_protected.push_back({star(top, std::min(9000.0, 0.2 * m_outline.r0), 0.3, 32), "reserve", "", "", true});

  // Facilities per village: service centre, clinic, school, culture venue,
  // market, cooperative — some villages lack some.
  auto near_site = [&](size_t i) {
    const Vec2 s = m_villages[i].site;
    const double ang = rng.uniform(0, 2 * k_pi), rr = rng.uniform(30, 250);
    return Vec2{s.x + std::cos(ang) * rr, s.y + std::sin(ang) * rr};
  };
  for (size_t i = 0; i < m_villages.size(); ++i) {
    const auto& v = m_villages[i];
    auto add = [&](const std::string& kind, double p, bool flag = true) {
      if (!rng.chance(p)) return;
      Point f;
      f.p = near_site(i);
      f.kind = kind;
      f.flag = flag;
      f.village = static_cast<int>(i);
      m_facilities.push_back(f);
    };
    add("service_center", v.seat ? 1.0 : 0.9);
    add("clinic", v.seat ? 1.0 : 0.86, rng.chance(0.9));
    add("school", v.seat ? 1.0 : 0.3);
    add("culture", v.seat ? 1.0 : 0.75);
    add("market", v.seat ? 1.0 : 0.05);
    add("cooperative", 0.5);
  }
}

SegmentSet Builder::segments_of_roads(bool paved_only) const {
  SegmentSet s(m_bounds, 400);
  s.set_cell_hint(400);
  for (const auto& r : m_roads) {
    if (paved_only && r.surface != "asphalt" && r.surface != "concrete") continue;
    for (size_t i = 0; i + 1 < r.v.size(); ++i) s.add(m_net[r.v[i]], m_net[r.v[i + 1]]);
  }
  return s;
}

SegmentSet Builder::segments_of_water() const {
  SegmentSet s(m_bounds, 400);
  s.set_cell_hint(400);
  for (int r : m_pipe_roads)
    for (size_t i = 0; i + 1 < m_roads[static_cast<size_t>(r)].v.size(); ++i) s.add(m_net[m_roads[static_cast<size_t>(r)].v[i]], m_net[m_roads[static_cast<size_t>(r)].v[i + 1]]);
  for (const auto& p : m_plants) s.add_point(p.p);
  for (const auto& a : m_water_areas) s.add_ring(a.ring);
  return s;
}

SegmentSet Builder::segments_of_power() const {
  SegmentSet s(m_bounds, 400);
  s.set_cell_hint(400);
  for (int r : m_power_roads)
    for (size_t i = 0; i + 1 < m_roads[static_cast<size_t>(r)].v.size(); ++i) s.add(m_net[m_roads[static_cast<size_t>(r)].v[i]], m_net[m_roads[static_cast<size_t>(r)].v[i + 1]]);
  for (const auto& p : m_power_points) s.add_point(p.p);
  return s;
}

// GEOS's interior point of a convex polygon (InteriorPointArea): the middle of
// the widest horizontal chord on a scan line between the vertex heights
// nearest the envelope's middle. This is the "village point" the check uses
// for polygon villages (ST_PointOnSurface).
Vec2 point_on_surface(const Ring& ring) {
  BBox env;
  for (const auto& v : ring) env.expand(v.x, v.y);
  double lo = env.min_y, hi = env.max_y;
  const double centre = (lo + hi) / 2;
  for (const auto& v : ring) {
    if (v.y <= centre) {
      if (v.y > lo) lo = v.y;
    } else if (v.y < hi) {
      hi = v.y;
    }
  }
  const double y = (hi + lo) / 2;
  std::vector<double> xs;
  for (size_t i = 0; i + 1 < ring.size(); ++i) {
    const Vec2 p0 = ring[i], p1 = ring[i + 1];
    if (!((p0.y <= y && y <= p1.y) || (p1.y <= y && y <= p0.y))) continue;
    if (p0.y == p1.y) continue;
    if (p0.y == y && p1.y < y) continue;
    if (p1.y == y && p0.y < y) continue;
    if (p0.x == p1.x) {
      xs.push_back(p0.x);
    } else {
      const double m = (p1.y - p0.y) / (p1.x - p0.x);
      xs.push_back(p0.x + (y - p0.y) / m);
    }
  }
  std::sort(xs.begin(), xs.end());
  Vec2 best = ring.front();
  double width = -1;
  for (size_t i = 0; i + 1 < xs.size(); i += 2) {
    if (xs[i + 1] - xs[i] > width) {
      width = xs[i + 1] - xs[i];
      best = {(xs[i] + xs[i + 1]) / 2, y};
    }
  }
  return best;
}

double point_ring_distance(Vec2 p, const Ring& ring) {
  if (point_in_ring(ring, p)) return 0;
  double best = std::numeric_limits<double>::infinity();
  for (size_t i = 0; i + 1 < ring.size(); ++i) best = std::min(best, dist(p, closest_on_segment(p, ring[i], ring[i + 1])));
  return best;
}

// Planar distance between a polygon and a layer (0 when they intersect), as ST_Distance.
double polygon_distance(const Ring& cell, const SegmentSet& set) {
  if (set.intersects(cell)) return 0;
  double best = std::numeric_limits<double>::infinity();
  for (size_t i = 0; i + 1 < cell.size(); ++i) best = std::min(best, set.distance(cell[i], 20000));
  BBox b;
  for (const auto& v : cell) b.expand(v.x, v.y);
  // Segment endpoints nearer to the polygon than its nearest vertex is to the layer.
  set.visit(b.inflated(best), [&](Vec2 a, Vec2 c) { best = std::min({best, point_ring_distance(a, cell), point_ring_distance(c, cell)}); });
  return best;
}

bool Builder::place_distance_trap(const std::string& kind, const std::string& layer, double d, const SegmentSet& avoid,
                                  const std::vector<std::pair<Vec2, Vec2>>& anchors, bool from_point, double min_height_diff, double max_height_diff) {
  Rng rng = m_rng.fork(7000 + m_traps.size() * 131 + static_cast<uint64_t>(d));
  if (anchors.empty()) return false;
  const bool polygons = m_p.village_polygons;
  const Zone* zone = nullptr;
  for (const auto& z : m_zones)
    if (z.target_m == d && layer == "roads") zone = &z;
  for (int attempt = 0; attempt < 6000; ++attempt) {
    size_t pick = static_cast<size_t>(rng.integer(0, static_cast<int64_t>(anchors.size()) - 1));
    if (zone && attempt == 0) {
      // The reserved empty zone: anchor on the trunk segment nearest its centre.
      double best = 1e18;
      for (size_t k = 0; k < anchors.size(); ++k) {
        const double dd = dist(zone->centre, closest_on_segment(zone->centre, anchors[k].first, anchors[k].second));
        if (dd < best) {
          best = dd;
          pick = k;
        }
      }
    }
    const auto& [a, b] = anchors[pick];
    const double len = dist(a, b);
    if (len < 60) continue;
    const double t = zone && attempt == 0 ? std::clamp(((zone->centre.x - a.x) * (b.x - a.x) + (zone->centre.y - a.y) * (b.y - a.y)) / (len * len), 0.05, 0.95)
                                          : rng.uniform(0.3, 0.7);
    const Vec2 foot{a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t};
    double side = rng.chance(0.5) ? 1 : -1;
    if (zone && attempt == 0) side = ((zone->centre.x - foot.x) * -(b.y - a.y) + (zone->centre.y - foot.y) * (b.x - a.x)) > 0 ? 1 : -1;
    const Vec2 n{-(b.y - a.y) / len * side, (b.x - a.x) / len * side};
    const double shield_off = std::min(0.5 * d, 600.0);
    const Vec2 s{foot.x - n.x * shield_off, foot.y - n.y * shield_off};
    const double guess = polygons && !from_point ? 2 * d + shield_off : d;
    const Vec2 p{foot.x + n.x * guess, foot.y + n.y * guess};
    if (!m_outline.contains(p, 2500) || !m_outline.contains(s, 1500)) continue;
    if (!zone && (in_zone(p) || in_zone(s))) continue;
    if (avoid.distance(p, d + 10) < d - 0.01) continue;
    const double dh_foot = std::abs(m_terrain.at(p) - m_terrain.at(foot));
    if (dh_foot < min_height_diff || dh_foot > max_height_diff) continue;
    if (!clear_of_villages(p, 0.5 * m_spacing, 8000) || (polygons && !clear_of_villages(s, 0.35 * m_spacing, 8000))) continue;
    Vec2 site = p;
    Vec2 point = p;  // the point the check measures from (point villages; water)
    if (polygons) {
      std::vector<Vec2> sites;
      sites.reserve(m_villages.size() + 2 + m_ghosts.size());
      for (const auto& v : m_villages) sites.push_back(v.site);
      const auto ti = static_cast<uint32_t>(sites.size());
      sites.push_back(p);
      sites.push_back(s);
      for (const auto& g : m_ghosts) sites.push_back(g);
      SiteGrid grid(sites, m_bounds.inflated(m_outline.r0), std::max(300.0, m_spacing));
      std::vector<Vec2> poly;
      std::vector<int32_t> ids;
      Ring cell;
      auto measure = [&](double off) {
        site = {foot.x + n.x * off, foot.y + n.y * off};
        grid.move(ti, site);
        grid.cell(ti, poly, ids);
        cell.assign(poly.begin(), poly.end());
        cell.push_back(cell.front());
        if (from_point) {
          point = point_on_surface(cell);
          return avoid.distance(point, d + 3000) - d;
        }
        return polygon_distance(cell, avoid) - d;
      };
      // Bracket the root, then regula falsi (Illinois).
      double lo = 0.05 * d, hi = guess;
      double flo = measure(lo), fhi = measure(hi);
      for (int k = 0; k < 12 && fhi < 0; ++k) {
        lo = hi;
        flo = fhi;
        hi *= 1.35;
        fhi = measure(hi);
      }
      if (flo > 0 || fhi < 0) continue;
      double x = hi, fx = fhi;
      int last = 0;
      for (int it = 0; it < 80 && std::abs(fx) > 0.002; ++it) {
        x = (lo * fhi - hi * flo) / (fhi - flo);
        fx = measure(x);
        if ((fx < 0) == (flo < 0)) {
          lo = x;
          flo = fx;
          if (last == -1) fhi /= 2;
          last = -1;
        } else {
          hi = x;
          fhi = fx;
          if (last == 1) flo /= 2;
          last = 1;
        }
      }
      fx = measure(x);
      if (std::abs(fx) > 0.01) continue;
      if (!m_outline.contains(ring_centroid(cell), 1500)) continue;
      // A served-area polygon touching the cell would serve the village.
      bool touches_area = false;
      for (const auto& area : avoid.rings()) {
        for (const auto& v : cell)
          if (point_in_ring(area, v)) touches_area = true;
        for (const auto& v : area)
          if (point_in_ring(cell, v)) touches_area = true;
      }
      if (touches_area) continue;
    } else if (std::abs(avoid.distance(p, d + 10) - d) > 0.01) {
      continue;
    }
    // Height difference between the village point and the closest water (DEM cell values).
    Vec2 closest{};
    const double dd = avoid.distance(point, d + 3000, &closest);
    double dh = std::abs(m_terrain.cell_value(point) - m_terrain.cell_value(closest));
    if (layer == "water") {
      if (dh < min_height_diff || dh > max_height_diff) continue;
      if (min_height_diff > 0) {
        // Every water feature within 800 m must be more than 90 m lower or higher.
        bool all_far = true;
        const double hp = m_terrain.cell_value(point);
        for (const auto& [sa, sb] : avoid.segments()) {
          const double l = dist(sa, sb);
          const int steps = std::max(1, static_cast<int>(l / 10));
          for (int k = 0; k <= steps && all_far; ++k) {
            const Vec2 q{sa.x + (sb.x - sa.x) * k / steps, sa.y + (sb.y - sa.y) * k / steps};
            if (dist(q, point) <= 820 && std::abs(m_terrain.cell_value(q) - hp) <= 85) all_far = false;
          }
          if (!all_far) break;
        }
        if (!all_far) continue;
      }
    }
    (void)dd;
    Village v;
    v.site = site;
    v.trap = true;
    add_village(v);
    const int ti = static_cast<int>(m_villages.size()) - 1;
    TrapVillage tv;
    tv.kind = kind;
    tv.layer = layer;
    tv.distance_m = d;
    tv.height_diff_m = layer == "water" ? dh : 0;
    tv.note = from_point || !polygons ? "distance from the village point (ST_PointOnSurface of the polygon)" : "distance from the village polygon";
    m_traps.push_back(tv);
    m_trap_village.push_back(ti);
    if (polygons) {
      Village shield;
      shield.site = s;
      shield.trap = true;  // no own road or line: the anchor line crosses its polygon
      add_village(shield);
      TrapVillage sv;
      sv.kind = "crossed_by_" + layer;
      sv.layer = layer;
      sv.distance_m = 0;
      sv.note = "its point is " + std::to_string(static_cast<int>(std::lround(shield_off))) + " m from the " + layer +
                " line that crosses its polygon (neighbour of the " + kind + " " + std::to_string(static_cast<int>(d)) + " m trap)";
      m_traps.push_back(sv);
      m_trap_village.push_back(ti + 1);
    }
    return true;
  }
  return false;
}

// The cell a village at p would have among the villages placed so far (cells
// only shrink as villages are added: the final cell lies inside it).
Ring Builder::provisional_cell(Vec2 p) const {
  std::vector<Vec2> sites;
  sites.reserve(m_villages.size() + 1 + m_ghosts.size());
  for (const auto& v : m_villages) sites.push_back(v.site);
  const auto ti = static_cast<uint32_t>(sites.size());
  sites.push_back(p);
  for (const auto& g : m_ghosts) sites.push_back(g);
  const SiteGrid grid(sites, m_bounds.inflated(m_outline.r0), std::max(300.0, m_spacing));
  std::vector<Vec2> poly;
  std::vector<int32_t> ids;
  grid.cell(ti, poly, ids);
  Ring cell(poly.begin(), poly.end());
  if (!cell.empty()) cell.push_back(cell.front());
  return cell;
}

// The farthest place from every road (of `tries` random ones), away from the
// places already rejected; best_d < 0 when none.
Builder::FarSite Builder::far_from_roads(Rng& rng, const SegmentSet& roads, const std::vector<Vec2>& rejected) const {
  FarSite best{{}, -1};
  for (int k = 0; k < 4000; ++k) {
    const double ang = rng.uniform(0, 2 * k_pi), rr = std::sqrt(rng.uniform()) * m_outline.r0;
    const Vec2 p{std::cos(ang) * rr, std::sin(ang) * rr};
    if (!m_outline.contains(p, 3000)) continue;
    if (!clear_of_villages(p, 0.6 * m_spacing, 8000)) continue;
    if (std::any_of(rejected.begin(), rejected.end(), [&](Vec2 q) { return dist(p, q) < 3000; })) continue;
    const double d = roads.distance(p, 5000);
    if (d > best.distance_m) best = {p, d};
    if (d > 3000) break;
  }
  return best;
}

void Builder::place_unconnected_paved_trap() {
  Rng rng = m_rng.fork(8);
  const SegmentSet roads = segments_of_roads(false);
  const SegmentSet paved = segments_of_roads(true);
  std::vector<Vec2> rejected;
  for (int round = 0; round < 8; ++round) {
    const FarSite far = far_from_roads(rng, roads, rejected);
    if (far.distance_m < 1200) return;
    const Vec2 best = far.site;
    // A trap only when no paved road comes near the village's polygon (its final cell is inside this one).
    if (m_p.village_polygons && polygon_distance(provisional_cell(best), paved) < 700) {
      rejected.push_back(best);
      continue;
    }
    // A concrete stretch on the far side from the network: 350 m away, 1.2 km long, touching and crossing no road.
    const uint32_t join = m_grid->nearest(best, 1e9, [](uint32_t) { return true; });
    const Vec2 away{best.x - m_net[join].x, best.y - m_net[join].y};
    const double al = std::max(1e-9, std::hypot(away.x, away.y));
    const Vec2 dir{away.x / al, away.y / al};
    const Vec2 perp{-dir.y, dir.x};
    const Vec2 a{best.x + dir.x * 350 - perp.x * 600, best.y + dir.y * 350 - perp.y * 600};
    const Vec2 b{best.x + dir.x * 350 + perp.x * 600, best.y + dir.y * 350 + perp.y * 600};
    const auto pts = wiggle(rng, a, b, 0.05, 160);
    // Vertices are < 160 m apart: a road crossing the stretch comes within 80 m of one of them.
    if (std::any_of(pts.begin(), pts.end(), [&](Vec2 q) { return roads.distance(q, 200) < 100; })) {
      rejected.push_back(best);
      continue;
    }
    add_unconnected_paved_trap(best, join, pts);
    return;
  }
}

// The trap village at `site`, its only way out an earth road to vertex `join`, and the isolated concrete stretch `pts`.
void Builder::add_unconnected_paved_trap(Vec2 site, uint32_t join, const std::vector<Vec2>& pts) {
  Village u;
  u.site = site;
  u.trap = true;
  const auto ui = static_cast<int>(m_villages.size());
  u.site_vertex = add_vertex(site);
  add_village(u);
  auto ids = path_vertices(m_villages.back().site_vertex, {}, join, 0.15);
  const int access = add_road(ids, {{}, "village", "earth", "", 3.0, ui});
  m_villages.back().access = access;
  m_villages.back().trap = true;
  std::vector<uint32_t> sids;
  for (const auto& p : pts) {
    sids.push_back(static_cast<uint32_t>(m_net.size()));
    m_net.push_back(p);
    m_owner.push_back(-1);
  }
  const int stretch = add_road(sids, {{}, "village", "concrete", "", 3.5, ui});
  m_isolated_roads.push_back(stretch);
  TrapVillage t;
  t.kind = "unconnected_paved";
  t.layer = "roads";
  t.distance_m = 350;
  t.note = "a 1.2 km concrete stretch (touching no other road) passes 350 m from the village point and crosses its polygon; its only connected access is an earth road";
  m_traps.push_back(t);
  m_trap_village.push_back(ui);
}

void Builder::place_traps() {
  // Ghost sites outside the county bound the cells; needed here already.
  const SegmentSet roads = segments_of_roads(false);
  std::vector<std::pair<Vec2, Vec2>> trunk;
  for (const auto& r : m_roads)
    if (r.cls == "national" || r.cls == "provincial" || r.cls == "county")
      for (size_t i = 0; i + 1 < r.v.size(); ++i) trunk.emplace_back(m_net[r.v[i]], m_net[r.v[i + 1]]);
  for (double d : {450.0, 550.0, 1950.0, 2050.0}) place_distance_trap("road_distance", "roads", d, roads, trunk, false, 0, 1e9);
  const SegmentSet water = segments_of_water();
  std::vector<std::pair<Vec2, Vec2>> pipes;
  for (size_t k = 0; k < m_pipe_roads.size(); ++k) {
    if (!m_pipe_safe[k]) continue;
    const auto& r = m_roads[static_cast<size_t>(m_pipe_roads[k])];
    for (size_t i = 0; i + 1 < r.v.size(); ++i) pipes.emplace_back(m_net[r.v[i]], m_net[r.v[i + 1]]);
  }
  for (double d : {790.0, 810.0}) place_distance_trap("water_distance", "water", d, water, pipes, true, 0, 65);
  // Within 800 m horizontally but more than 80 m up the slope: fails the 20-minute fetching rule.
  for (double d : {600.0, 450.0, 700.0, 350.0})
    if (place_distance_trap("water_height", "water", d, water, pipes, true, 95, 700)) break;
  const SegmentSet power = segments_of_power();
  std::vector<std::pair<Vec2, Vec2>> lines;
  for (int ri : m_power_roads) {
    const auto& r = m_roads[static_cast<size_t>(ri)];
    if (r.cls == "village") continue;
    for (size_t i = 0; i + 1 < r.v.size(); ++i) lines.emplace_back(m_net[r.v[i]], m_net[r.v[i + 1]]);
  }
  for (double d : {450.0, 550.0}) place_distance_trap("power_distance", "power", d, power, lines, false, 0, 1e9);
  place_unconnected_paved_trap();
}

// One county holds up to 900 townships (codes 100–999). More townships make
// a province of several counties: each county takes the next 900 townships
// from west to east (by seat), so counties are contiguous strips, and its own
// code (the given code + 1, + 2, ...) prefixes the codes of its townships and villages.
void Builder::assign_counties() {
  const size_t n = m_townships.size();
  m_county_count = static_cast<int>((n + k_townships_per_county - 1) / k_townships_per_county);
  m_township_county.assign(n, 0);
  if (m_county_count <= 1) return;
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), size_t{0});
  auto seat_x = [&](size_t t) { return m_villages[static_cast<size_t>(m_townships[t].seat)].site.x; };
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return seat_x(a) < seat_x(b); });
  for (size_t r = 0; r < n; ++r) m_township_county[order[r]] = static_cast<int>(r / k_townships_per_county);
}

// Village codes are the township's code + 200..999: at most 800 villages a township.
Result<void> Builder::check_township_sizes() const {
  std::vector<size_t> count(m_townships.size(), 0);
  for (const auto& v : m_villages) ++count[static_cast<size_t>(v.township)];
  const size_t most = *std::max_element(count.begin(), count.end());
  if (most > 800)
    return error(ErrorCode::input, "a township would hold " + std::to_string(most) + " villages, more than 3-digit village codes (200–999) allow")
        .hint("raise --townships (about 15 villages a township is typical)");
  return {};
}

void Builder::build_cells() {
  std::vector<Vec2> sites;
  sites.reserve(m_villages.size() + m_ghosts.size());
  for (const auto& v : m_villages) sites.push_back(v.site);
  for (const auto& g : m_ghosts) sites.push_back(g);
  SiteGrid grid(sites, m_bounds.inflated(m_outline.r0), std::max(300.0, m_spacing));
  const VoronoiCells cells = voronoi_cells(grid, m_villages.size());
  m_cells.resize(m_villages.size());
  m_cell_centroid.resize(m_villages.size());
  for (size_t i = 0; i < m_villages.size(); ++i) {
    m_cells[i] = cells.ring(i);
    m_cell_centroid[i] = ring_centroid(m_cells[i]);
  }
  std::vector<int> group(m_villages.size());
  for (size_t i = 0; i < m_villages.size(); ++i) group[i] = m_villages[i].township;
  m_township_rings = union_rings(cells, group, static_cast<int>(m_townships.size()));
  for (size_t i = 0; i < m_villages.size(); ++i) group[i] = m_township_county[static_cast<size_t>(m_villages[i].township)];
  m_county_rings = union_rings(cells, group, m_county_count);
}


void Builder::verify_distance_traps() {
  // Measure every distance trap again on the final polygons: a village added
  // later could have changed a cell. The recorded distance is the measured one.
  const SegmentSet roads = segments_of_roads(false);
  const SegmentSet water = segments_of_water();
  const SegmentSet power = segments_of_power();
  for (size_t k = 0; k < m_traps.size(); ++k) {
    auto& t = m_traps[k];
    if (t.kind != "road_distance" && t.kind != "water_distance" && t.kind != "water_height" && t.kind != "power_distance") continue;
    const auto vi = static_cast<size_t>(m_trap_village[k]);
    const SegmentSet& set = t.layer == "roads" ? roads : t.layer == "water" ? water : power;
    double d;
    if (!m_p.village_polygons) d = set.distance(m_villages[vi].site, 50000);
    else if (t.layer == "water") d = set.distance(point_on_surface(m_cells[vi]), 50000);
    else d = polygon_distance(m_cells[vi], set);
    if (std::abs(d - t.distance_m) > 0.01) t.note += "; target was " + std::to_string(t.distance_m) + " m";
    t.distance_m = std::round(d * 100) / 100;
  }
}

void Builder::mark_road_situations() {
  // Villages reached only by gravel or earth roads: natural ones whose access
  // road joins a trunk/county road directly and whose polygon no paved road crosses.
  const SegmentSet paved = segments_of_roads(true);
  bool have_gravel = false, have_earth = false;
  for (size_t i = 0; i < m_villages.size() && !(have_gravel && have_earth); ++i) {
    const auto& v = m_villages[i];
    if (v.seat || v.trap || v.access < 0 || v.parent >= 0) continue;
    const auto& surface = m_roads[static_cast<size_t>(v.access)].surface;
    if (surface != "gravel" && surface != "earth") continue;
    if ((surface == "gravel" && have_gravel) || (surface == "earth" && have_earth)) continue;
    const double d = m_p.village_polygons ? polygon_distance(m_cells[i], paved) : paved.distance(v.site, 20000);
    if (d < 600) continue;
    (surface == "gravel" ? have_gravel : have_earth) = true;
    TrapVillage t;
    t.kind = surface + "_only";
    t.layer = "roads";
    t.distance_m = std::round(d * 100) / 100;
    t.note = "its only road is " + surface + ", joined to a " + std::string("trunk/county road; the nearest paved road is ") + std::to_string(static_cast<int>(d)) + " m away";
    m_traps.push_back(t);
    m_trap_village.push_back(static_cast<int>(i));
  }
  // The unconnected stretch's distance, measured on the final polygon.
  for (size_t k = 0; k < m_traps.size(); ++k) {
    if (m_traps[k].kind != "unconnected_paved") continue;
    const auto vi = static_cast<size_t>(m_trap_village[k]);
    SegmentSet stretch(m_bounds, 400);
    for (int r : m_isolated_roads)
      for (size_t i = 0; i + 1 < m_roads[static_cast<size_t>(r)].v.size(); ++i) stretch.add(m_net[m_roads[static_cast<size_t>(r)].v[i]], m_net[m_roads[static_cast<size_t>(r)].v[i + 1]]);
    const std::vector<bool> qualifying = trunk_connected_paved(m_net, m_roads);
    SegmentSet connected(m_bounds, 400);
    for (size_t r = 0; r < m_roads.size(); ++r) {
      if (!qualifying[r]) continue;
      const auto& road = m_roads[r];
      for (size_t i = 0; i + 1 < road.v.size(); ++i) connected.add(m_net[road.v[i]], m_net[road.v[i + 1]]);
    }
    const double d_stretch = m_p.village_polygons ? polygon_distance(m_cells[vi], stretch) : stretch.distance(m_villages[vi].site, 20000);
    const double d_connected = m_p.village_polygons ? polygon_distance(m_cells[vi], connected) : connected.distance(m_villages[vi].site, 50000);
    m_traps[k].distance_m = std::round(d_stretch * 100) / 100;
    m_traps[k].note = "a 1.2 km concrete stretch touching no other road lies " + std::to_string(static_cast<int>(d_stretch)) +
                      " m from the village (0 = crosses its polygon); the nearest connected paved road is " + std::to_string(static_cast<int>(d_connected)) +
                      " m away; its own access is an earth road";
  }
}

void Builder::reserve_zones() {
  // The far road traps (1950/2050 m from the polygon) need about 4 km around
  // the village without any road: keep two such zones free of villages, beside
  // the trunk road (which follows the main river and exists before villages).
  Rng rng = m_rng.fork(12);
  const auto& main = m_rivers[0].path;
  for (double d : {1950.0, 2050.0}) {
    const double off = 2 * d + 600, radius = 2 * d + 300;
    for (int attempt = 0; attempt < 400; ++attempt) {
      const size_t i = static_cast<size_t>(rng.integer(1, static_cast<int64_t>(main.size()) - 2));
      const Vec2 a = main[i - 1], b = main[i + 1];
      const double len = std::max(1e-9, dist(a, b));
      const double side = rng.chance(0.5) ? 1 : -1;
      const Vec2 n{-(b.y - a.y) / len * side, (b.x - a.x) / len * side};
      const Vec2 z{main[i].x + n.x * (off + 140 * side), main[i].y + n.y * (off + 140 * side)};
      if (!m_outline.contains(z, 3000)) continue;
      bool ok = true;
      for (const auto& r : m_rivers) {
        const double need = r.order == 1 ? off - 300 : radius + 400;
        for (size_t k = 0; k + 1 < r.path.size() && ok; ++k)
          if (dist(z, closest_on_segment(z, r.path[k], r.path[k + 1])) < need) ok = false;
        if (!ok) break;
      }
      for (const auto& other : m_zones)
        if (dist(other.centre, z) < other.radius_m + radius + 2000) ok = false;
      if (!ok) continue;
      m_zones.push_back({z, radius, d});
      break;
    }
  }
}

void Builder::make_ghosts() {
  // Ghost sites in rings outside the outline bound the border cells, so the
  // county boundary follows the outline in Voronoi edges.
  const double step = 0.8 * m_spacing;
  for (int ring = 1; ring <= 3; ++ring) {
    double theta = 0;
    while (theta < 2 * k_pi) {
      const double r = m_outline.radius(theta) + (ring - 0.55) * step;
      m_ghosts.push_back({std::cos(theta) * r, std::sin(theta) * r});
      theta += step / r;
    }
  }
  const double far = 2.5 * m_outline.r0 + 4 * step;
  for (int k = 0; k < 16; ++k) m_ghosts.push_back({std::cos(2 * k_pi * k / 16) * far, std::sin(2 * k_pi * k / 16) * far});
}

void Builder::make_facility_traps() {
  Rng rng = m_rng.fork(10);
  bool moved = false, nulled = false, unqualified = false;
  std::vector<bool> has_clinic(m_villages.size(), false);
  if (m_p.village_polygons) {
    // Facilities stand inside their own village (cells are convex and hold their site).
    for (auto& f : m_facilities) {
      if (f.village < 0) continue;
      const auto vi = static_cast<size_t>(f.village);
      if (!point_in_ring(m_cells[vi], f.p)) f.p = {0.75 * m_villages[vi].site.x + 0.25 * m_cell_centroid[vi].x, 0.75 * m_villages[vi].site.y + 0.25 * m_cell_centroid[vi].y};
    }
  }
  for (auto& f : m_facilities) {
    if (f.kind != "clinic" || f.village < 0) continue;
    has_clinic[static_cast<size_t>(f.village)] = true;
    const auto vi = static_cast<size_t>(f.village);
    if (m_villages[vi].seat || m_villages[vi].trap) continue;
    if (!moved && m_p.village_polygons && f.flag) {
      // A clinic linked by village_code but standing in the neighbouring village.
      size_t other = vi;
      double best = 1e18;
      for (size_t j = 0; j < m_villages.size(); ++j) {
        if (j == vi || m_villages[j].trap) continue;
        const double dd = dist(m_villages[j].site, m_villages[vi].site);
        if (dd < best) {
          best = dd;
          other = j;
        }
      }
      const Vec2 target = m_cell_centroid[other];
      if (other != vi && !point_in_ring(m_cells[vi], target)) {
        f.p = target;
        moved = true;
        TrapVillage t;
        t.kind = "clinic_outside_polygon";
        t.layer = "facilities";
        t.note = "its clinic (village_code = its code, qualified doctor) stands inside the neighbouring village's polygon";
        m_traps.push_back(t);
        m_trap_village.push_back(static_cast<int>(vi));
        continue;
      }
    }
    if (!nulled && f.flag) {
      f.code_null = true;
      nulled = true;
      TrapVillage t;
      t.kind = "clinic_without_code";
      t.layer = "facilities";
      t.note = "its clinic has no village_code; it lies " + std::string(m_p.village_polygons ? "inside the village polygon" : "within 250 m of the village point");
      m_traps.push_back(t);
      m_trap_village.push_back(static_cast<int>(vi));
      continue;
    }
    if (!unqualified && !f.flag) {
      unqualified = true;
      TrapVillage t;
      t.kind = "clinic_unqualified";
      t.layer = "facilities";
      t.note = "its only clinic has no qualified doctor (qualified_doctor = false)";
      m_traps.push_back(t);
      m_trap_village.push_back(static_cast<int>(vi));
    }
  }
  for (size_t i = 0; i < m_villages.size(); ++i) {
    if (has_clinic[i] || m_villages[i].trap || m_villages[i].seat) continue;
    TrapVillage t;
    t.kind = "no_clinic";
    t.layer = "facilities";
    t.note = "no clinic is linked to it or stands in it";
    m_traps.push_back(t);
    m_trap_village.push_back(static_cast<int>(i));
    break;
  }
  (void)rng;
}

namespace {

// Table builders over local coordinates shifted to the projected origin.
struct TableMaker {
  Vec2 origin;
  void point(FeatureTable& t, Vec2 p) const { t.geometry.add_point_feature(p.x + origin.x, p.y + origin.y); }
  void ring(FeatureTable& t, const Ring& r) const {
    for (const auto& v : r) t.geometry.add_vertex(v.x + origin.x, v.y + origin.y);
    t.geometry.close_ring();
  }
  void polygon(FeatureTable& t, const Ring& r) const {
    ring(t, r);
    t.geometry.close_part();
    t.geometry.close_feature();
  }
  // Shells (CCW) with the holes (CW) inside them, as one (multi)polygon feature.
  void multipolygon(FeatureTable& t, const std::vector<Ring>& rings) const {
    std::vector<const Ring*> shells, holes;
    for (const auto& r : rings) (ring_area(r) > 0 ? shells : holes).push_back(&r);
    for (const Ring* s : shells) {
      ring(t, *s);
      for (const Ring* h : holes)
        if (point_in_ring(*s, h->front())) ring(t, *h);
      t.geometry.close_part();
    }
    t.geometry.close_feature();
  }
};

FeatureTable make_table(const std::string& name, const CrsRef& crs, GeometryKind kind,
                        std::initializer_list<std::pair<const char*, FieldType>> fields) {
  FeatureTable t;
  t.name = name;
  t.crs = crs;
  t.geometry.kind = kind;
  for (const auto& [n, ft] : fields) t.columns.emplace_back(n, ft);
  return t;
}

void finish_fids(FeatureTable& t) {
  t.fid.resize(t.geometry.feature_count());
  std::iota(t.fid.begin(), t.fid.end(), int64_t{1});
}

void push_text_or_null(Column& c, const std::string& s) {
  if (s.empty()) c.push_null();
  else c.push_text(s);
}

}  // namespace

void Builder::fill_tables(SynthCounty& out) {
  const TableMaker tm{m_origin};
  Rng rng = m_rng.fork(9);
  // --- codes and names: 12-digit codes, each with the code of its own county:
  // townships 镇 100–199 and 乡 200–999 (up to 900 a county), villages 200+ within their township.
  const int base_county = std::stoi(m_p.county_code);
  std::vector<std::vector<size_t>> members(m_townships.size());
  for (size_t i = 0; i < m_villages.size(); ++i) members[static_cast<size_t>(m_villages[i].township)].push_back(i);
  std::vector<std::unique_ptr<NameMaker>> names(static_cast<size_t>(m_county_count));
  std::vector<size_t> in_county(static_cast<size_t>(m_county_count), 0), next(static_cast<size_t>(m_county_count), 0);
  for (int c : m_township_county) ++in_county[static_cast<size_t>(c)];
  for (size_t t = 0; t < m_townships.size(); ++t) {
    const auto c = static_cast<size_t>(m_township_county[t]);
    const size_t k = next[c]++;
    if (!names[c]) names[c] = std::make_unique<NameMaker>(m_rng.fork(100 + c));
    const size_t towns = std::min<size_t>(100, (in_county[c] * 65 + 99) / 100);
    auto& tw = m_townships[t];
    tw.county_code = std::to_string(base_county + static_cast<int>(c));
    tw.town = k < towns;
    const size_t local = tw.town ? 100 + k : 200 + (k - towns);
    char buf[8];
    std::snprintf(buf, sizeof buf, "%03zu", local);
    tw.code = tw.county_code + buf;
    tw.name = names[c]->township(t == 0, tw.town);
    tw.industry_scale = rng.chance(0.82);
    // Seat first, then by position (north to south) so codes read like a map.
    auto& mem = members[t];
    std::sort(mem.begin(), mem.end(), [&](size_t a, size_t b) {
      if (m_villages[a].seat != m_villages[b].seat) return m_villages[a].seat;
      if (m_villages[a].site.y != m_villages[b].site.y) return m_villages[a].site.y > m_villages[b].site.y;
      return a < b;
    });
    for (size_t j = 0; j < mem.size(); ++j) {
      auto& v = m_villages[mem[j]];
      std::snprintf(buf, sizeof buf, "%03zu", 200 + j);
      v.code = tw.code + buf;
      v.name = names[c]->village();
    }
  }
  for (size_t k = 0; k < m_traps.size(); ++k) {
    const auto& v = m_villages[static_cast<size_t>(m_trap_village[k])];
    m_traps[k].code = v.code;
    m_traps[k].name = v.name;
  }

  // --- county and townships
  out.county = make_table("county", m_crs, GeometryKind::polygon, {{"code", FieldType::text}, {"name", FieldType::text}, {"area_km2", FieldType::real}});
  for (size_t c = 0; c < m_county_rings.size(); ++c) {
    tm.multipolygon(out.county, m_county_rings[c]);
    double county_area = 0;
    for (const auto& r : m_county_rings[c]) county_area += ring_area(r);
    out.county.columns[0].push_text(std::to_string(base_county + static_cast<int>(c)));
    out.county.columns[1].push_text(c == 0 ? m_p.county_name : m_p.county_name + "（" + std::to_string(c + 1) + "）");
    out.county.columns[2].push_real(std::round(county_area / 1e4) / 100);
  }
  finish_fids(out.county);

  out.townships = make_table("townships", m_crs, GeometryKind::polygon,
                             {{"code", FieldType::text}, {"name", FieldType::text}, {"county", FieldType::text}, {"kind", FieldType::text},
                              {"seat_village", FieldType::text}, {"villages", FieldType::integer}, {"area_km2", FieldType::real}});
  for (size_t t = 0; t < m_townships.size(); ++t) {
    const auto& tw = m_townships[t];
    tm.multipolygon(out.townships, m_township_rings[t]);
    double a = 0;
    for (const auto& r : m_township_rings[t]) a += ring_area(r);
    out.townships.columns[0].push_text(tw.code);
    out.townships.columns[1].push_text(tw.name);
    out.townships.columns[2].push_text(tw.county_code);
    out.townships.columns[3].push_text(tw.town ? "town" : "township");
    out.townships.columns[4].push_text(m_villages[static_cast<size_t>(tw.seat)].code);
    out.townships.columns[5].push_int(static_cast<int64_t>(members[t].size()));
    out.townships.columns[6].push_real(std::round(a / 1e4) / 100);
  }
  finish_fids(out.townships);

  // --- villages with the canonical fields
  const bool polys = m_p.village_polygons;
  out.villages = make_table("villages", m_crs, polys ? GeometryKind::polygon : GeometryKind::point,
                            {{"code", FieldType::text},
                             {"name", FieldType::text},
                             {"township", FieldType::text},
                             {"population", FieldType::integer},
                             {"households", FieldType::integer},
                             {"poor_population", FieldType::integer},
                             {"poor_households", FieldType::integer},
                             {"collective_income", FieldType::real},
                             {"income_per_capita", FieldType::real},
                             {"income_growth", FieldType::real},
                             {"has_leading_industry", FieldType::boolean},
                             {"township_industry_scale", FieldType::boolean},
                             {"poor_households_with_project", FieldType::integer},
                             {"cooperatives", FieldType::integer},
                             {"poor_insured_share", FieldType::real},
                             {"unsafe_houses_poor", FieldType::integer},
                             {"relocate_households", FieldType::integer},
                             {"elevation_m", FieldType::real}});
  std::vector<bool> in_hazard(m_villages.size(), false);
  for (const auto& h : m_hazards) {
    if (h.kind == "flood") continue;
    BBox hb;
    for (const auto& v : h.ring) hb.expand(v.x, v.y);
    m_village_grid->visit(hb, [&](uint32_t i) {
      if (point_in_ring(h.ring, m_villages[i].site)) in_hazard[i] = true;
    });
  }
  // Attribute traps: chosen among ordinary villages, spread over the list.
  std::vector<size_t> ordinary;
  std::vector<bool> already(m_villages.size(), false);
  for (int vi : m_trap_village) already[static_cast<size_t>(vi)] = true;
  for (size_t i = 0; i < m_villages.size(); ++i)
    if (!m_villages[i].seat && !m_villages[i].trap && !already[i]) ordinary.push_back(i);
  auto pick_ordinary = [&](size_t k) { return ordinary.empty() ? k_none : static_cast<uint32_t>(ordinary[(k * 37 + 11) % ordinary.size()]); };
  enum class Special { none, incidence_at_2, incidence_below_2, income_at_50k, income_below_50k, no_population, no_income, no_growth, no_industry, no_insurance };
  std::vector<Special> special(m_villages.size(), Special::none);
  if (m_p.traps && ordinary.size() > 20) {
    const Special order[] = {Special::incidence_at_2, Special::incidence_below_2, Special::income_at_50k, Special::income_below_50k,
                             Special::no_population, Special::no_income, Special::no_growth, Special::no_industry, Special::no_insurance};
    const char* kinds[] = {"incidence_at_threshold", "incidence_below_threshold", "collective_income_at_threshold", "collective_income_below_threshold",
                           "missing_population", "missing_collective_income", "missing_income_growth", "missing_industry", "missing_insurance"};
    const char* notes[] = {"population 1500, poor_population 30: incidence exactly 2.00 % (not below 2 %)",
                           "population 1500, poor_population 29: incidence 1.93 %",
                           "collective_income exactly 50000 (the threshold is >= 50000)",
                           "collective_income 49999",
                           "population is null: incidence is unknown",
                           "collective_income is null",
                           "income_growth is null: the growth item is unknown",
                           "has_leading_industry and cooperatives are null",
                           "poor_insured_share is null"};
    for (size_t k = 0; k < std::size(order); ++k) {
      uint32_t vi = pick_ordinary(k);
      while (vi != k_none && (special[vi] != Special::none || already[vi] || m_villages[vi].trap || m_villages[vi].seat))
        vi = static_cast<uint32_t>((vi + 1) % m_villages.size());
      if (vi == k_none) continue;
      special[vi] = order[k];
      TrapVillage t;
      t.kind = kinds[k];
      t.layer = "villages";
      t.code = m_villages[vi].code;
      t.name = m_villages[vi].name;
      t.note = notes[k];
      m_traps.push_back(t);
      m_trap_village.push_back(static_cast<int>(vi));
    }
  }
  auto& vc = out.villages.columns;
  if (polys) {
    out.village_points = make_table("village_points", m_crs, GeometryKind::point, {{"code", FieldType::text}, {"name", FieldType::text}, {"township", FieldType::text}});
  }
  for (size_t i = 0; i < m_villages.size(); ++i) {
    const auto& v = m_villages[i];
    const auto& tw = m_townships[static_cast<size_t>(v.township)];
    if (polys) {
      tm.polygon(out.villages, m_cells[i]);
      tm.point(out.village_points, point_on_surface(m_cells[i]));
      out.village_points.columns[0].push_text(v.code);
      out.village_points.columns[1].push_text(v.name);
      out.village_points.columns[2].push_text(tw.code);
    } else {
      tm.point(out.villages, v.site);
    }
    int64_t pop = std::clamp<int64_t>(std::llround(rng.lognormal(v.seat ? 3500 : 1450, 0.45)), 280, 9000);
    const double u = rng.uniform();
    double incidence = u < 0.03 ? 0.0 : u < 0.70 ? rng.uniform(0.002, 0.0195) : u < 0.90 ? rng.uniform(0.02, 0.05) : rng.uniform(0.05, 0.15);
    if (special[i] == Special::incidence_at_2 || special[i] == Special::incidence_below_2) {
      pop = 1500;
      incidence = special[i] == Special::incidence_at_2 ? 0.02 : 29.0 / 1500.0;
    }
    const int64_t households = std::llround(static_cast<double>(pop) / rng.uniform(2.7, 3.5));
    const int64_t poor = std::llround(static_cast<double>(pop) * incidence);
    const int64_t poor_hh = poor == 0 ? 0 : static_cast<int64_t>(std::ceil(static_cast<double>(poor) / rng.uniform(2.2, 3.0)));
    double income = std::clamp(std::round(rng.lognormal(56000, 0.6) / 100) * 100, 10000.0, 200000.0);
    if (special[i] == Special::income_at_50k) income = 50000;
    if (special[i] == Special::income_below_50k) income = 49999;
    const double per_capita = std::clamp(std::round(rng.normal(9600, 1800)), 5000.0, 16000.0);
    const double growth = std::clamp(std::round(rng.normal(0.095, 0.025) * 10000) / 10000, 0.01, 0.2);
    const bool industry = rng.chance(0.78);
    const int64_t with_project = rng.chance(0.85) ? poor_hh : static_cast<int64_t>(std::floor(static_cast<double>(poor_hh) * rng.uniform(0.5, 0.95)));
    const int64_t coops = rng.poisson(1.6);
    const double insured = rng.chance(0.9) ? 1.0 : std::round(rng.uniform(0.9, 0.995) * 1000) / 1000;
    const int64_t unsafe = rng.chance(0.85) ? 0 : rng.integer(1, 5);
    const int64_t relocate = in_hazard[i] ? rng.integer(5, 40) : rng.chance(0.25) ? rng.integer(1, 12) : 0;
    vc[0].push_text(v.code);
    vc[1].push_text(v.name);
    vc[2].push_text(tw.code);
    if (special[i] == Special::no_population) vc[3].push_null();
    else vc[3].push_int(pop);
    vc[4].push_int(households);
    vc[5].push_int(poor);
    vc[6].push_int(poor_hh);
    if (special[i] == Special::no_income) vc[7].push_null();
    else vc[7].push_real(income);
    vc[8].push_real(per_capita);
    if (special[i] == Special::no_growth) vc[9].push_null();
    else vc[9].push_real(growth);
    if (special[i] == Special::no_industry) vc[10].push_null();
    else vc[10].push_bool(industry);
    vc[11].push_bool(tw.industry_scale);
    vc[12].push_int(with_project);
    if (special[i] == Special::no_industry) vc[13].push_null();
    else vc[13].push_int(coops);
    if (special[i] == Special::no_insurance) vc[14].push_null();
    else vc[14].push_real(insured);
    vc[15].push_int(unsafe);
    vc[16].push_int(relocate);
    vc[17].push_real(std::round(m_terrain.at(polys ? point_on_surface(m_cells[i]) : v.site)));
  }
  finish_fids(out.villages);
  if (polys) finish_fids(out.village_points);

  // --- lines: split at junctions and every few segments (real road data comes in short pieces)
  const int max_segments = m_villages.size() > 20000 ? 2 : 3;
  std::vector<uint8_t> use(m_net.size(), 0);
  auto emit_lines = [&](FeatureTable& t, const std::vector<int>& road_ids, const std::function<void(const RoadLine&, size_t)>& attrs) {
    std::fill(use.begin(), use.end(), 0);
    for (int r : road_ids)
      for (uint32_t v : m_roads[static_cast<size_t>(r)].v) use[v] = static_cast<uint8_t>(std::min(255, use[v] + 1));
    for (size_t k = 0; k < road_ids.size(); ++k) {
      const auto& road = m_roads[static_cast<size_t>(road_ids[k])];
      size_t start = 0;
      for (size_t i = 1; i < road.v.size(); ++i) {
        const bool last = i + 1 == road.v.size();
        if (last || i - start >= static_cast<size_t>(max_segments) || use[road.v[i]] > 1) {
          for (size_t j = start; j <= i; ++j) t.geometry.add_vertex(m_net[road.v[j]].x + m_origin.x, m_net[road.v[j]].y + m_origin.y);
          t.geometry.close_ring();
          t.geometry.close_part();
          t.geometry.close_feature();
          attrs(road, k);
          start = i;
        }
      }
    }
    finish_fids(t);
  };
  out.roads = make_table("roads", m_crs, GeometryKind::line, {{"class", FieldType::text}, {"surface", FieldType::text}, {"width_m", FieldType::real}, {"name", FieldType::text}});
  std::vector<int> all_roads(m_roads.size());
  std::iota(all_roads.begin(), all_roads.end(), 0);
  emit_lines(out.roads, all_roads, [&](const RoadLine& r, size_t) {
    out.roads.columns[0].push_text(r.cls);
    out.roads.columns[1].push_text(r.surface);
    out.roads.columns[2].push_real(r.width_m);
    push_text_or_null(out.roads.columns[3], r.name);
  });

  // --- water: pipes (lines), plants (points), service areas (polygons)
  out.water = make_table("water", m_crs, GeometryKind::line, {{"kind", FieldType::text}, {"safe", FieldType::boolean}});
  emit_lines(out.water, m_pipe_roads, [&](const RoadLine&, size_t k) {
    out.water.columns[0].push_text("pipe");
    out.water.columns[1].push_bool(m_pipe_safe[k]);
  });
  out.water_plants = make_table("water_plants", m_crs, GeometryKind::point, {{"kind", FieldType::text}, {"safe", FieldType::boolean}});
  for (const auto& p : m_plants) {
    tm.point(out.water_plants, p.p);
    out.water_plants.columns[0].push_text("plant");
    out.water_plants.columns[1].push_bool(p.flag);
  }
  finish_fids(out.water_plants);
  out.water_areas = make_table("water_areas", m_crs, GeometryKind::polygon, {{"kind", FieldType::text}, {"safe", FieldType::boolean}});
  for (const auto& a : m_water_areas) {
    tm.polygon(out.water_areas, a.ring);
    out.water_areas.columns[0].push_text(a.kind);
    out.water_areas.columns[1].push_bool(a.safe);
  }
  finish_fids(out.water_areas);

  // --- power: 10 kV lines, substations and transformers
  out.power = make_table("power", m_crs, GeometryKind::line, {{"kind", FieldType::text}, {"voltage_kv", FieldType::real}, {"capacity_kva", FieldType::real}});
  emit_lines(out.power, m_power_roads, [&](const RoadLine&, size_t) {
    out.power.columns[0].push_text("line");
    out.power.columns[1].push_real(10);
    out.power.columns[2].push_null();
  });
  out.power_points = make_table("power_points", m_crs, GeometryKind::point, {{"kind", FieldType::text}, {"voltage_kv", FieldType::real}, {"capacity_kva", FieldType::real}});
  for (const auto& p : m_power_points) {
    tm.point(out.power_points, p.p);
    out.power_points.columns[0].push_text(p.kind);
    out.power_points.columns[1].push_real(p.voltage_kv);
    if (p.kind == "transformer") out.power_points.columns[2].push_real(p.value);
    else out.power_points.columns[2].push_null();
  }
  finish_fids(out.power_points);

  // --- broadband: coverage polygons, towers, fibre
  out.broadband = make_table("broadband", m_crs, GeometryKind::polygon, {{"kind", FieldType::text}, {"tech", FieldType::text}});
  for (const auto& a : m_coverage) {
    tm.polygon(out.broadband, a.ring);
    out.broadband.columns[0].push_text("coverage");
    out.broadband.columns[1].push_text(a.tech);
  }
  finish_fids(out.broadband);
  out.broadband_towers = make_table("broadband_towers", m_crs, GeometryKind::point, {{"kind", FieldType::text}, {"tech", FieldType::text}, {"radius_m", FieldType::real}});
  for (const auto& t : m_towers) {
    tm.point(out.broadband_towers, t.p);
    out.broadband_towers.columns[0].push_text("tower");
    out.broadband_towers.columns[1].push_text(t.tech);
    out.broadband_towers.columns[2].push_real(t.value);
  }
  finish_fids(out.broadband_towers);
  out.broadband_fiber = make_table("broadband_fiber", m_crs, GeometryKind::line, {{"kind", FieldType::text}, {"tech", FieldType::text}});
  emit_lines(out.broadband_fiber, m_fiber_roads, [&](const RoadLine&, size_t) {
    out.broadband_fiber.columns[0].push_text("fiber");
    out.broadband_fiber.columns[1].push_text("fiber");
  });

  // --- facilities, hazards, protected areas
  out.facilities = make_table("facilities", m_crs, GeometryKind::point,
                              {{"kind", FieldType::text}, {"village_code", FieldType::text}, {"qualified_doctor", FieldType::boolean}});
  for (const auto& f : m_facilities) {
    tm.point(out.facilities, f.p);
    out.facilities.columns[0].push_text(f.kind);
    if (f.code_null || f.village < 0) out.facilities.columns[1].push_null();
    else out.facilities.columns[1].push_text(m_villages[static_cast<size_t>(f.village)].code);
    if (f.kind == "clinic") out.facilities.columns[2].push_bool(f.flag);
    else out.facilities.columns[2].push_null();
  }
  finish_fids(out.facilities);
  out.hazards = make_table("hazards", m_crs, GeometryKind::polygon, {{"kind", FieldType::text}, {"level", FieldType::text}});
  for (const auto& h : m_hazards) {
    tm.polygon(out.hazards, h.ring);
    out.hazards.columns[0].push_text(h.kind);
    out.hazards.columns[1].push_text(h.level);
  }
  finish_fids(out.hazards);
  out.protected_areas = make_table("protected", m_crs, GeometryKind::polygon, {{"kind", FieldType::text}});
  for (const auto& a : m_protected) {
    tm.polygon(out.protected_areas, a.ring);
    out.protected_areas.columns[0].push_text(a.kind);
  }
  finish_fids(out.protected_areas);

  // --- DEM
  out.dem.name = "dem";
  out.dem.width = m_terrain.width;
  out.dem.height = m_terrain.height;
  out.dem.geotransform = {m_terrain.x0 + m_origin.x, m_terrain.cell_m, 0, m_terrain.y0 + m_origin.y, 0, -m_terrain.cell_m};
  out.dem.crs = m_crs;
  out.dem.values = m_terrain.elev;
  out.dem.nodata = -9999.0;
  out.traps = m_traps;
}

Result<SynthCounty> Builder::run() {
  if (m_p.villages < 1) return error(ErrorCode::input, "the county needs at least one village").hint("--villages 250");
  if (m_p.townships < 1 || m_p.townships > m_p.villages)
    return error(ErrorCode::input, "townships must be between 1 and the number of villages").hint("--townships 17");
  if (!(m_p.area_km2 >= 10) || m_p.area_km2 > 400000) return error(ErrorCode::input, "area must be between 10 and 400000 km²").hint("--area-km2 3500");
  if (m_p.county_code.size() != 6 || m_p.county_code.find_first_not_of("0123456789") != std::string::npos)
    return error(ErrorCode::input, "the county code must have 6 digits (province 2, city 2, county 2)").hint("e.g. 420323");
  const size_t chunks = (static_cast<size_t>(m_p.townships) + k_townships_per_county - 1) / k_townships_per_county;
  if (std::stoi(m_p.county_code) % 100 + static_cast<int>(chunks) > 100)
    return error(ErrorCode::input, std::to_string(m_p.townships) + " townships need " + std::to_string(chunks) + " county codes after " + m_p.county_code + ", more than the code range holds")
        .hint("use fewer townships or a county code ending in a smaller number");
  if (static_cast<double>(m_p.villages) / m_p.townships > 400)
    return error(ErrorCode::input, "more than 400 villages per township do not fit 3-digit village codes").hint("raise --townships (about 15 villages a township is typical)");

  if (!stage(0.0, "terrain")) return error(ErrorCode::input, "cancelled");
  m_area_m2 = m_p.area_km2 * 1e6;
  m_spacing = std::sqrt(m_area_m2 / m_p.villages);
  const int zone = crs::gauss_kruger_zone(m_p.center_lon);
  m_crs = crs::gauss_kruger_crs(zone);
  {
    auto tr = crs::Transformer::create(CrsRef::epsg(4490), m_crs);
    if (!tr) return tl::unexpected(tr.error());
    double xy[2] = {m_p.center_lon, m_p.center_lat};
    if (tr->transform(std::span<double>(xy, 2)) != 0 || !std::isfinite(xy[0]))
      return error(ErrorCode::crs, "cannot place the county centre in " + m_crs.label()).hint("check --center-lon/--center-lat");
    m_origin = {std::round(xy[0]), std::round(xy[1])};
  }
  Rng outline_rng = m_rng.fork(1);
  m_outline = make_outline(outline_rng, m_area_m2);
  m_rivers = make_rivers(outline_rng, m_outline, m_area_m2);
  double cell = m_p.dem_cell_m > 0 ? m_p.dem_cell_m : std::max(100.0, std::round(std::sqrt(m_area_m2 / 400000.0) / 10) * 10);
  Rng terrain_rng = m_rng.fork(6);
  m_terrain = make_terrain(terrain_rng, m_outline, m_rivers, cell);
  m_bounds = {m_terrain.x0, m_terrain.y0 - m_terrain.height * cell, m_terrain.x0 + m_terrain.width * cell, m_terrain.y0};
  make_ghosts();

  if (!stage(0.25, "villages")) return error(ErrorCode::input, "cancelled");
  const bool traps = m_p.traps && m_p.villages >= 80;
  const int reserve = traps ? 22 : 0;
  if (traps) reserve_zones();
  place_seats_and_villages(m_p.villages - reserve);
  assign_townships();
  if (!stage(0.35, "roads")) return error(ErrorCode::input, "cancelled");
  build_roads();
  if (!stage(0.5, "water, power, broadband")) return error(ErrorCode::input, "cancelled");
  build_utilities();
  build_facilities_hazards_protected();
  m_village_grid = std::make_unique<PointGrid>(m_bounds, std::max(500.0, m_spacing));
  for (size_t i = 0; i < m_villages.size(); ++i) m_village_grid->insert(static_cast<uint32_t>(i), m_villages[i].site);
  if (traps) {
    if (!stage(0.6, "trap villages")) return error(ErrorCode::input, "cancelled");
    place_traps();
  }
  // Fill up to the requested count with ordinary villages that have no road
  // (remote hamlets), so the count is exact whatever the traps used.
  if (static_cast<int>(m_villages.size()) < m_p.villages) {
    Rng rng = m_rng.fork(11);
    int guard = 0;
    while (static_cast<int>(m_villages.size()) < m_p.villages && guard++ < 1000000) {
      const double ang = rng.uniform(0, 2 * k_pi), rr = std::sqrt(rng.uniform()) * m_outline.r0 * 1.3;
      const Vec2 p{std::cos(ang) * rr, std::sin(ang) * rr};
      if (!m_outline.contains(p, 0.4 * m_spacing)) continue;
      if (!clear_of_villages(p, 0.45 * m_spacing, 8000)) continue;
      Village v;
      v.site = p;  // a remote hamlet: no road, water or power of its own
      add_village(v);
    }
  }
  assign_townships();
  if (auto ok = check_township_sizes(); !ok) return tl::unexpected(ok.error());
  assign_counties();
  if (!stage(0.7, "polygons")) return error(ErrorCode::input, "cancelled");
  build_cells();
  if (traps) {
    verify_distance_traps();
    mark_road_situations();
    make_facility_traps();
  }
  if (!stage(0.85, "tables")) return error(ErrorCode::input, "cancelled");
  SynthCounty out;
  out.name = m_p.county_name;
  out.code = m_p.county_code;
  out.crs = m_crs;
  fill_tables(out);
  stage(1.0, "done");
  return out;
}

}  // namespace

std::vector<const FeatureTable*> SynthCounty::layers() const {
  std::vector<const FeatureTable*> out;
  for (const FeatureTable* t : {&county, &townships, &villages, &village_points, &roads, &water, &water_plants, &water_areas, &power, &power_points,
                                &broadband, &broadband_towers, &broadband_fiber, &facilities, &hazards, &protected_areas})
    if (t->size() > 0) out.push_back(t);
  return out;
}

SynthParams scaled_params(int villages, int townships, double area_km2) {
  SynthParams p;
  p.villages = villages;
  const double scale = std::max(1.0, static_cast<double>(villages) / 250.0);
  p.townships = townships > 0 ? townships : std::max(1, std::min(villages, static_cast<int>(std::lround(17 * scale))));
  p.area_km2 = area_km2 > 0 ? area_km2 : std::min(60000.0, 3500 * std::sqrt(scale));
  p.village_polygons = villages <= 20000;
  return p;
}

Result<SynthCounty> synth_county(const SynthParams& params, const ProgressFn& progress) { return Builder(params, progress).run(); }

}  // namespace jiuyou::synth
