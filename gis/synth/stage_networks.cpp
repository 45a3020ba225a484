// Networks: the roads grown from the trunk road, water pipes, 10 kV lines and
// fibre along the roads of served villages, towers with line-of-sight coverage.
#include "gis/synth/builder.hpp"

#include <unordered_map>

namespace jiuyou::synth::detail {

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

namespace {

// A path offset sideways by `off` metres (left positive).
std::vector<Vec2> offset_path(const std::vector<Vec2>& path, double off) {
  std::vector<Vec2> out(path.size());
  for (size_t i = 0; i < path.size(); ++i) {
    const Vec2 a = path[i > 0 ? i - 1 : 0], b = path[std::min(i + 1, path.size() - 1)];
    const double len = std::max(1e-9, dist(a, b));
    out[i] = {path[i].x - (b.y - a.y) / len * off, path[i].y + (b.x - a.x) / len * off};
  }
  return out;
}

}  // namespace

void Builder::build_roads() {
  Rng rng = m_rng.fork(3);
  m_grid = std::make_unique<PointGrid>(m_bounds, 400);
  build_trunk_roads();
  build_seat_roads(rng);
  build_village_roads(rng);
}

void Builder::build_trunk_roads() {
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
}

void Builder::build_seat_roads(Rng& rng) {
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
}

void Builder::build_village_roads(Rng& rng) {
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
  const std::vector<size_t> order = build_water(rng);
  build_power(rng, order);
  build_towers(rng);
}

// Water: a plant at most township seats; pipes along the seat's county road
// and along village roads of served villages (parents first). Returns the
// ordinary villages with roads, parents first.
std::vector<size_t> Builder::build_water(Rng& rng) {
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
  return order;
}

void Builder::build_power(Rng& rng, const std::vector<size_t>& order) {
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
}

void Builder::build_towers(Rng& rng) {
  // Broadband towers: every seat (4G; 5G too at the county seat and two more),
  // and many villages, on the highest ground nearby; coverage by line of sight.
  for (size_t t = 0; t < m_townships.size(); ++t) {
    const Vec2 s = m_villages[static_cast<size_t>(m_townships[t].seat)].site;
    add_tower(rng, s, "4g", 3000);
    if (t < 3) add_tower(rng, s, "5g", 800);
  }
  for (const auto& v : m_villages) {
    if (v.seat || v.trap) continue;
    if (rng.chance(0.42)) add_tower(rng, v.site, "4g", 2500);
  }
}

// A tower on the highest ground within 700 m of `near_p`, and its coverage.
void Builder::add_tower(Rng& rng, Vec2 near_p, const std::string& tech, double radius) {
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
  m_coverage.push_back(line_of_sight(best, best_e, tech, radius));
}

// Line-of-sight coverage: along each ray, covered until the terrain first hides the ground.
Area Builder::line_of_sight(Vec2 best, double best_e, const std::string& tech, double radius) const {
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
  return a;
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

}  // namespace jiuyou::synth::detail
