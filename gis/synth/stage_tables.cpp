// The output tables of the networks and constraints: roads, water, power,
// broadband, facilities, hazards, protected areas and the DEM, in the
// projected CRS (local coordinates shifted to the origin).
#include <functional>

#include "gis/synth/builder.hpp"
#include "gis/synth/table_maker.hpp"

namespace jiuyou::synth::detail {

void Builder::fill_tables(SynthCounty& out) {
  Rng rng = m_rng.fork(9);
  const auto members = assign_codes(rng);
  county_tables(out, members);
  village_tables(out, rng);
  network_tables(out);
  other_tables(out);
  out.traps = m_traps;
}

// Lines split at junctions and every few segments (real road data comes in short pieces).
void Builder::emit_lines(FeatureTable& t, const std::vector<int>& road_ids, const std::function<void(const RoadLine&, size_t)>& attrs) const {
  const int max_segments = m_villages.size() > 20000 ? 2 : 3;
  std::vector<uint8_t> use(m_net.size(), 0);
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
}

void Builder::network_tables(SynthCounty& out) const {
  const TableMaker tm{m_origin};
  out.roads = make_table("roads", m_crs, GeometryKind::line, {{"class", FieldType::text}, {"surface", FieldType::text}, {"width_m", FieldType::real}, {"name", FieldType::text}});
  std::vector<int> all_roads(m_roads.size());
  std::iota(all_roads.begin(), all_roads.end(), 0);
  emit_lines(out.roads, all_roads, [&](const RoadLine& r, size_t k) {
    out.road_of_row.push_back(static_cast<int32_t>(k));
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
}

void Builder::other_tables(SynthCounty& out) const {
  const TableMaker tm{m_origin};
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
}

}  // namespace jiuyou::synth::detail
