// Attributes: the codes and names of townships and villages, the villages'
// figures (population, poverty, income, industry, insurance, housing), and
// the attribute traps placed among them.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "gis/synth/builder.hpp"
#include "gis/synth/names.hpp"
#include "gis/synth/table_maker.hpp"

namespace jiuyou::synth::detail {
namespace {

struct VillageFigures {
  int64_t pop, households, poor, poor_hh;
  double income, per_capita, growth;
  bool industry;
  int64_t with_project, coops;
  double insured;
  int64_t unsafe, relocate;
};

// The village's figures, drawn in a fixed order (same seed, same county).
VillageFigures draw_figures(Rng& rng, const Village& v, Special special, bool in_hazard) {
  int64_t pop = std::clamp<int64_t>(std::llround(rng.lognormal(v.seat ? 3500 : 1450, 0.45)), 280, 9000);
  const double u = rng.uniform();
  double incidence = u < 0.03 ? 0.0 : u < 0.70 ? rng.uniform(0.002, 0.0195) : u < 0.90 ? rng.uniform(0.02, 0.05) : rng.uniform(0.05, 0.15);
  if (special == Special::incidence_at_2 || special == Special::incidence_below_2) {
    pop = 1500;
    incidence = special == Special::incidence_at_2 ? 0.02 : 29.0 / 1500.0;
  }
  const int64_t households = std::llround(static_cast<double>(pop) / rng.uniform(2.7, 3.5));
  const int64_t poor = std::llround(static_cast<double>(pop) * incidence);
  const int64_t poor_hh = poor == 0 ? 0 : static_cast<int64_t>(std::ceil(static_cast<double>(poor) / rng.uniform(2.2, 3.0)));
  double income = std::clamp(std::round(rng.lognormal(56000, 0.6) / 100) * 100, 10000.0, 200000.0);
  if (special == Special::income_at_50k) income = 50000;
  if (special == Special::income_below_50k) income = 49999;
  const double per_capita = std::clamp(std::round(rng.normal(9600, 1800)), 5000.0, 16000.0);
  const double growth = std::clamp(std::round(rng.normal(0.095, 0.025) * 10000) / 10000, 0.01, 0.2);
  const bool industry = rng.chance(0.78);
  const int64_t with_project = rng.chance(0.85) ? poor_hh : static_cast<int64_t>(std::floor(static_cast<double>(poor_hh) * rng.uniform(0.5, 0.95)));
  const int64_t coops = rng.poisson(1.6);
  const double insured = rng.chance(0.9) ? 1.0 : std::round(rng.uniform(0.9, 0.995) * 1000) / 1000;
  const int64_t unsafe = rng.chance(0.85) ? 0 : rng.integer(1, 5);
  const int64_t relocate = in_hazard ? rng.integer(5, 40) : rng.chance(0.25) ? rng.integer(1, 12) : 0;
  return {pop, households, poor, poor_hh, income, per_capita, growth, industry, with_project, coops, insured, unsafe, relocate};
}

void push_village_row(std::vector<Column>& vc, const Village& v, const Township& tw, Special special, const VillageFigures& f, double elevation) {
  vc[0].push_text(v.code);
  vc[1].push_text(v.name);
  vc[2].push_text(tw.code);
  if (special == Special::no_population) vc[3].push_null();
  else vc[3].push_int(f.pop);
  vc[4].push_int(f.households);
  vc[5].push_int(f.poor);
  vc[6].push_int(f.poor_hh);
  if (special == Special::no_income) vc[7].push_null();
  else vc[7].push_real(f.income);
  vc[8].push_real(f.per_capita);
  if (special == Special::no_growth) vc[9].push_null();
  else vc[9].push_real(f.growth);
  if (special == Special::no_industry) vc[10].push_null();
  else vc[10].push_bool(f.industry);
  vc[11].push_bool(tw.industry_scale);
  vc[12].push_int(f.with_project);
  if (special == Special::no_industry) vc[13].push_null();
  else vc[13].push_int(f.coops);
  if (special == Special::no_insurance) vc[14].push_null();
  else vc[14].push_real(f.insured);
  vc[15].push_int(f.unsafe);
  vc[16].push_int(f.relocate);
  vc[17].push_real(elevation);
}

}  // namespace

// Codes and names: 12-digit codes, each with the code of its own county:
// townships 镇 100–199 and 乡 200–999 (up to 900 a county), villages 200+
// within their township, seat first, then north to south. Returns the
// villages of each township in code order.
std::vector<std::vector<size_t>> Builder::assign_codes(Rng& rng) {
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
  return members;
}

void Builder::county_tables(SynthCounty& out, const std::vector<std::vector<size_t>>& members) const {
  const TableMaker tm{m_origin};
  const int base_county = std::stoi(m_p.county_code);
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
}

// Villages inside a landslide, debris-flow or collapse zone (relocation candidates).
std::vector<bool> Builder::villages_in_hazards() const {
  std::vector<bool> in_hazard(m_villages.size(), false);
  for (const auto& h : m_hazards) {
    if (h.kind == "flood") continue;
    BBox hb;
    for (const auto& v : h.ring) hb.expand(v.x, v.y);
    m_village_grid->visit(hb, [&](uint32_t i) {
      if (point_in_ring(h.ring, m_villages[i].site)) in_hazard[i] = true;
    });
  }
  return in_hazard;
}

// Attribute traps: chosen among ordinary villages, spread over the list.
std::vector<Special> Builder::attribute_traps() {
  std::vector<size_t> ordinary;
  std::vector<bool> already(m_villages.size(), false);
  for (int vi : m_trap_village) already[static_cast<size_t>(vi)] = true;
  for (size_t i = 0; i < m_villages.size(); ++i)
    if (!m_villages[i].seat && !m_villages[i].trap && !already[i]) ordinary.push_back(i);
  auto pick_ordinary = [&](size_t k) { return ordinary.empty() ? k_none : static_cast<uint32_t>(ordinary[(k * 37 + 11) % ordinary.size()]); };
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
  return special;
}

void Builder::village_tables(SynthCounty& out, Rng& rng) {
  const TableMaker tm{m_origin};
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
  const std::vector<bool> in_hazard = villages_in_hazards();
  const std::vector<Special> special = attribute_traps();
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
    const VillageFigures f = draw_figures(rng, v, special[i], in_hazard[i]);
    push_village_row(vc, v, tw, special[i], f, std::round(m_terrain.at(polys ? point_on_surface(m_cells[i]) : v.site)));
  }
  finish_fids(out.villages);
  if (polys) finish_fids(out.village_points);
}

}  // namespace jiuyou::synth::detail
