// The output tables: codes and names, the villages' attributes (with the
// attribute traps), and every layer in the projected CRS.
#include "gis/synth/builder.hpp"

#include <functional>

#include "gis/synth/names.hpp"

namespace jiuyou::synth::detail {

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

}  // namespace jiuyou::synth::detail
