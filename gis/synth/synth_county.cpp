// The synthetic county: terrain and rivers, township seats and villages in
// the valleys, a road network grown from the trunk road, the utility networks
// along the roads, facilities, hazards, protected areas, the deliberate trap
// villages, and finally the polygons (village cells nesting exactly into
// townships and the county) and the attribute tables.
#include "gis/synth/synth_county.hpp"

#include "gis/crs/crs.hpp"
#include "gis/synth/builder.hpp"

namespace jiuyou::synth {
namespace detail {

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

// Parameters that the codes, the zone and the memory can hold (ErrorCode::input, with a hint).
Result<void> Builder::check_params() const {
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
  if (!(m_p.dem_cell_m >= 0) || !std::isfinite(m_p.dem_cell_m))
    return error(ErrorCode::input, "the DEM cell size must be a positive number of metres").hint("--dem-cell 100");
  // The DEM covers about 1.6 times the county's area (its bounding box); 60 million cells are about 240 MB.
  if (m_p.dem_cell_m > 0 && 1.6 * m_p.area_km2 * 1e6 / (m_p.dem_cell_m * m_p.dem_cell_m) > 60e6)
    return error(ErrorCode::input, "a " + std::to_string(static_cast<int>(m_p.dem_cell_m)) + " m DEM over " + std::to_string(static_cast<long long>(m_p.area_km2)) +
                                       " km² would have more than 60 million cells")
        .hint("use a coarser --dem-cell (or leave it out: it is chosen from the area)");
  return {};
}

// The outline, rivers and DEM in local metres around the county centre, projected to its Gauss–Krüger zone.
Result<void> Builder::build_terrain() {
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
  return {};
}

Result<SynthCounty> Builder::run() {
  if (auto ok = check_params(); !ok) return tl::unexpected(ok.error());
  if (!stage(0.0, "terrain")) return error(ErrorCode::input, "cancelled");
  if (auto ok = build_terrain(); !ok) return tl::unexpected(ok.error());

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

}  // namespace detail

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

Result<SynthCounty> synth_county(const SynthParams& params, const ProgressFn& progress) { return detail::Builder(params, progress).run(); }

}  // namespace jiuyou::synth
