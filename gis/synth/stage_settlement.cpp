// Settlement: the outline star, township seats beside the rivers, villages in
// the valleys, the empty zones of the far road traps, the ghost sites that
// bound the border cells, and the Voronoi cells of the villages.
#include "gis/synth/builder.hpp"

namespace jiuyou::synth::detail {

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

}  // namespace jiuyou::synth::detail
