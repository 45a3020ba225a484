// The trap villages: placed at controlled distances from a layer, the
// unconnected paved stretch, villages reached only by gravel or earth, the
// clinic situations; measured again on the final polygons.
#include "gis/synth/builder.hpp"

#include <functional>
#include <optional>

namespace jiuyou::synth::detail {

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
  const Zone* zone = nullptr;
  for (const auto& z : m_zones)
    if (z.target_m == d && layer == "roads") zone = &z;
  const DistanceTrap trap{kind, layer, d, avoid, from_point, min_height_diff, max_height_diff};
  for (int attempt = 0; attempt < 6000; ++attempt) {
    const auto g = propose_trap(rng, trap, anchors, zone && attempt == 0 ? zone : nullptr, zone != nullptr);
    if (!g) continue;
    Vec2 site = g->p;
    Vec2 point = g->p;  // the point the check measures from (point villages; water)
    if (m_p.village_polygons) {
      if (!fit_trap_cell(trap, *g, site, point)) continue;
    } else if (std::abs(avoid.distance(g->p, d + 10) - d) > 0.01) {
      continue;
    }
    double dh = 0;
    if (!trap_heights_ok(trap, point, dh)) continue;
    add_distance_trap(trap, *g, site, dh);
    return true;
  }
  return false;
}

// A candidate: the foot on an anchor segment, the trap's site `p` beyond it
// and the shield village `s` on the other side (nullopt: try again). In the
// reserved empty zone (`zone`), the first attempt anchors on the segment nearest its centre.
std::optional<Builder::TrapGeometry> Builder::propose_trap(Rng& rng, const DistanceTrap& trap, const std::vector<std::pair<Vec2, Vec2>>& anchors,
                                                           const Zone* zone, bool zoned) const {
  const double d = trap.d;
  size_t pick = static_cast<size_t>(rng.integer(0, static_cast<int64_t>(anchors.size()) - 1));
  if (zone) {
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
  if (len < 60) return std::nullopt;
  const double t = zone ? std::clamp(((zone->centre.x - a.x) * (b.x - a.x) + (zone->centre.y - a.y) * (b.y - a.y)) / (len * len), 0.05, 0.95)
                        : rng.uniform(0.3, 0.7);
  TrapGeometry g;
  g.foot = {a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t};
  double side = rng.chance(0.5) ? 1 : -1;
  if (zone) side = ((zone->centre.x - g.foot.x) * -(b.y - a.y) + (zone->centre.y - g.foot.y) * (b.x - a.x)) > 0 ? 1 : -1;
  g.n = {-(b.y - a.y) / len * side, (b.x - a.x) / len * side};
  g.shield_off = std::min(0.5 * d, 600.0);
  g.s = {g.foot.x - g.n.x * g.shield_off, g.foot.y - g.n.y * g.shield_off};
  g.guess = m_p.village_polygons && !trap.from_point ? 2 * d + g.shield_off : d;
  g.p = {g.foot.x + g.n.x * g.guess, g.foot.y + g.n.y * g.guess};
  if (!m_outline.contains(g.p, 2500) || !m_outline.contains(g.s, 1500)) return std::nullopt;
  if (!zoned && (in_zone(g.p) || in_zone(g.s))) return std::nullopt;
  if (trap.avoid.distance(g.p, d + 10) < d - 0.01) return std::nullopt;
  const double dh_foot = std::abs(m_terrain.at(g.p) - m_terrain.at(g.foot));
  if (dh_foot < trap.min_height_diff || dh_foot > trap.max_height_diff) return std::nullopt;
  if (!clear_of_villages(g.p, 0.5 * m_spacing, 8000) || (m_p.village_polygons && !clear_of_villages(g.s, 0.35 * m_spacing, 8000))) return std::nullopt;
  return g;
}

// Moves the trap village along the normal until its cell (among all villages,
// the shield and the ghosts) lies exactly d from the layer (regula falsi,
// Illinois). False when no such place keeps the cell inside the county and
// away from served-area polygons.
bool Builder::fit_trap_cell(const DistanceTrap& trap, const TrapGeometry& g, Vec2& site, Vec2& point) const {
  const double d = trap.d;
  std::vector<Vec2> sites;
  sites.reserve(m_villages.size() + 2 + m_ghosts.size());
  for (const auto& v : m_villages) sites.push_back(v.site);
  const auto ti = static_cast<uint32_t>(sites.size());
  sites.push_back(g.p);
  sites.push_back(g.s);
  for (const auto& gh : m_ghosts) sites.push_back(gh);
  SiteGrid grid(sites, m_bounds.inflated(m_outline.r0), std::max(300.0, m_spacing));
  std::vector<Vec2> poly;
  std::vector<int32_t> ids;
  Ring cell;
  auto measure = [&](double off) {
    site = {g.foot.x + g.n.x * off, g.foot.y + g.n.y * off};
    grid.move(ti, site);
    grid.cell(ti, poly, ids);
    cell.assign(poly.begin(), poly.end());
    cell.push_back(cell.front());
    if (trap.from_point) {
      point = point_on_surface(cell);
      return trap.avoid.distance(point, d + 3000) - d;
    }
    return polygon_distance(cell, trap.avoid) - d;
  };
  if (!solve_offset(measure, 0.05 * d, g.guess)) return false;
  if (!m_outline.contains(ring_centroid(cell), 1500)) return false;
  // A served-area polygon touching the cell would serve the village.
  BBox cell_box;
  for (const auto& v : cell) cell_box.expand(v.x, v.y);
  const auto& areas = trap.avoid.rings();
  for (size_t k = 0; k < areas.size(); ++k) {
    if (!trap.avoid.ring_boxes()[k].intersects(cell_box)) continue;  // apart: neither holds a vertex of the other
    const Ring& area = areas[k];
    for (const auto& v : cell)
      if (point_in_ring(area, v)) return false;
    for (const auto& v : area)
      if (point_in_ring(cell, v)) return false;
  }
  return true;
}

// Brackets the root of f from [lo, hi] outwards, then regula falsi (Illinois);
// true when f at the last offset tried is within 1 cm of 0 (f leaves its state there).
bool Builder::solve_offset(const std::function<double(double)>& f, double lo, double hi) {
  double flo = f(lo), fhi = f(hi);
  for (int k = 0; k < 12 && fhi < 0; ++k) {
    lo = hi;
    flo = fhi;
    hi *= 1.35;
    fhi = f(hi);
  }
  if (flo > 0 || fhi < 0) return false;
  double x = hi, fx = fhi;
  int last = 0;
  for (int it = 0; it < 80 && std::abs(fx) > 0.002; ++it) {
    x = (lo * fhi - hi * flo) / (fhi - flo);
    fx = f(x);
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
  fx = f(x);
  return std::abs(fx) <= 0.01;
}

// The height difference between the village point and the closest feature
// (DEM cell values); for water within the trap's bounds, and for the
// 20-minute trap every water feature within 800 m more than 90 m up or down.
bool Builder::trap_heights_ok(const DistanceTrap& trap, Vec2 point, double& dh) const {
  Vec2 closest{};
  trap.avoid.distance(point, trap.d + 3000, &closest);
  dh = std::abs(m_terrain.cell_value(point) - m_terrain.cell_value(closest));
  if (trap.layer != "water") return true;
  if (dh < trap.min_height_diff || dh > trap.max_height_diff) return false;
  if (trap.min_height_diff <= 0) return true;
  const double hp = m_terrain.cell_value(point);
  for (const auto& [sa, sb] : trap.avoid.segments()) {
    const double l = dist(sa, sb);
    const int steps = std::max(1, static_cast<int>(l / 10));
    for (int k = 0; k <= steps; ++k) {
      const Vec2 q{sa.x + (sb.x - sa.x) * k / steps, sa.y + (sb.y - sa.y) * k / steps};
      if (dist(q, point) <= 820 && std::abs(m_terrain.cell_value(q) - hp) <= 85) return false;
    }
  }
  return true;
}

// The trap village at `site` and, for polygon villages, the shield village
// whose polygon the anchor line crosses ("crossed_by_..."), with their notes.
void Builder::add_distance_trap(const DistanceTrap& trap, const TrapGeometry& g, Vec2 site, double dh) {
  const bool polygons = m_p.village_polygons;
  Village v;
  v.site = site;
  v.trap = true;
  add_village(v);
  const int ti = static_cast<int>(m_villages.size()) - 1;
  TrapVillage tv;
  tv.kind = trap.kind;
  tv.layer = trap.layer;
  tv.distance_m = trap.d;
  tv.height_diff_m = trap.layer == "water" ? dh : 0;
  tv.note = trap.from_point || !polygons ? "distance from the village point (ST_PointOnSurface of the polygon)" : "distance from the village polygon";
  m_traps.push_back(tv);
  m_trap_village.push_back(ti);
  if (!polygons) return;
  Village shield;
  shield.site = g.s;
  shield.trap = true;  // no own road or line: the anchor line crosses its polygon
  add_village(shield);
  TrapVillage sv;
  sv.kind = "crossed_by_" + trap.layer;
  sv.layer = trap.layer;
  sv.distance_m = 0;
  sv.note = "its point is " + std::to_string(static_cast<int>(std::lround(g.shield_off))) + " m from the " + trap.layer +
            " line that crosses its polygon (neighbour of the " + trap.kind + " " + std::to_string(static_cast<int>(trap.d)) + " m trap)";
  m_traps.push_back(sv);
  m_trap_village.push_back(ti + 1);
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

}  // namespace jiuyou::synth::detail
