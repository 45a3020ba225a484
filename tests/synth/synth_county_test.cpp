// The synthetic county: deterministic, complete (every situation the village
// check must handle is present), and loadable by the project's own loader.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <numeric>
#include <set>

#include "gis/io/load.hpp"
#include "gis/synth/synth_county.hpp"
#include "support/test_paths.hpp"

using namespace jiuyou;
namespace fs = std::filesystem;

namespace {

synth::SynthParams small_params(uint64_t seed) {
  synth::SynthParams p;
  p.seed = seed;
  p.villages = 250;
  p.townships = 17;
  p.area_km2 = 3500;
  p.dem_cell_m = 150;
  return p;
}

// One county shared by the tests that only read it (generation takes a moment).
const synth::SynthCounty& county() {
  static const synth::SynthCounty c = [] {
    auto r = synth::synth_county(small_params(20171));
    if (!r) throw std::runtime_error(r.error().to_string());
    return std::move(*r);
  }();
  return c;
}

bool same_table(const FeatureTable& a, const FeatureTable& b) {
  if (a.size() != b.size() || a.columns.size() != b.columns.size()) return false;
  if (a.geometry.xy != b.geometry.xy || a.geometry.geom_offsets != b.geometry.geom_offsets || a.geometry.ring_offsets != b.geometry.ring_offsets) return false;
  for (size_t c = 0; c < a.columns.size(); ++c)
    for (size_t r = 0; r < a.size(); ++r)
      if (a.columns[c].as_text(r) != b.columns[c].as_text(r) || a.columns[c].is_null(r) != b.columns[c].is_null(r)) return false;
  return true;
}

bool segments_cross(Vec2 a, Vec2 b, Vec2 c, Vec2 d) {
  auto orient = [](Vec2 p, Vec2 q, Vec2 r) { return (q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x); };
  return ((orient(a, b, c) > 0) != (orient(a, b, d) > 0)) && ((orient(c, d, a) > 0) != (orient(c, d, b) > 0));
}

// ST_Distance between feature f of `a` (a polygon or point) and feature g of `b`, from the model's measures.
double feature_distance(const GeometryColumn& a, size_t f, const GeometryColumn& b, size_t g) {
  double best = std::numeric_limits<double>::infinity();
  for (uint32_t p = a.part_begin(f); p < a.part_end(f); ++p)
    for (uint32_t r = a.ring_begin(p); r < a.ring_end(p); ++r)
      for (uint32_t v = a.vertex_begin(r); v < a.vertex_end(r); ++v) best = std::min(best, point_feature_distance(b, g, a.vertex(v).x, a.vertex(v).y));
  for (uint32_t p = b.part_begin(g); p < b.part_end(g); ++p)
    for (uint32_t r = b.ring_begin(p); r < b.ring_end(p); ++r)
      for (uint32_t v = b.vertex_begin(r); v < b.vertex_end(r); ++v) best = std::min(best, point_feature_distance(a, f, b.vertex(v).x, b.vertex(v).y));
  if (a.kind == GeometryKind::polygon && b.kind != GeometryKind::point) {
    for (uint32_t r = a.ring_begin(a.part_begin(f)); r < a.ring_end(a.part_begin(f)); ++r)
      for (uint32_t v = a.vertex_begin(r); v + 1 < a.vertex_end(r); ++v)
        for (uint32_t s = b.ring_begin(b.part_begin(g)); s < b.ring_end(b.part_begin(g)); ++s)
          for (uint32_t w = b.vertex_begin(s); w + 1 < b.vertex_end(s); ++w)
            if (segments_cross(a.vertex(v), a.vertex(v + 1), b.vertex(w), b.vertex(w + 1))) return 0;
  }
  return best;
}

double layer_distance(const FeatureTable& villages, size_t row, const FeatureTable& layer) {
  double best = std::numeric_limits<double>::infinity();
  for (size_t g = 0; g < layer.size(); ++g) best = std::min(best, feature_distance(villages.geometry, row, layer.geometry, g));
  return best;
}

size_t row_of(const FeatureTable& t, const std::string& code) {
  const auto rows = t.find_rows("code", code);
  EXPECT_EQ(rows.size(), 1u) << code;
  return rows.empty() ? 0 : rows[0];
}

}  // namespace

TEST(SynthCounty, SameSeedGivesIdenticalTables) {
  auto a = synth::synth_county(small_params(20171));
  ASSERT_TRUE(a) << a.error().to_string();
  const auto& b = county();
  const auto la = a->layers(), lb = b.layers();
  ASSERT_EQ(la.size(), lb.size());
  for (size_t i = 0; i < la.size(); ++i) EXPECT_TRUE(same_table(*la[i], *lb[i])) << la[i]->name;
  EXPECT_EQ(a->dem.values, b.dem.values);
}

TEST(SynthCounty, DifferentSeedGivesADifferentCounty) {
  auto a = synth::synth_county(small_params(8));
  ASSERT_TRUE(a) << a.error().to_string();
  EXPECT_FALSE(same_table(a->villages, county().villages));
  EXPECT_FALSE(same_table(a->roads, county().roads));
  EXPECT_NE(a->dem.values, county().dem.values);
}

TEST(SynthCounty, CountsAreAsAskedAndInTheZoneCrs) {
  const auto& c = county();
  EXPECT_EQ(c.villages.size(), 250u);
  EXPECT_EQ(c.townships.size(), 17u);
  EXPECT_EQ(c.county.size(), 1u);
  EXPECT_EQ(c.village_points.size(), 250u);
  EXPECT_EQ(c.villages.geometry.kind, GeometryKind::polygon);
  // 110.23°E is in Gauss–Krüger zone 37 (CM 111°E): EPSG:4546; the centre lies west of 500 000 m.
  EXPECT_EQ(c.crs, CrsRef::epsg(4546));
  const BBox b = c.county.bbox();
  EXPECT_LT(b.min_x, 427000);
  EXPECT_GT(b.max_x, 427000);
  EXPECT_GT(b.min_y, 3.50e6);
  EXPECT_LT(b.max_y, 3.64e6);
  // The county polygon has the requested area within 10 %, and the village cells tile it.
  const double county_area = feature_area(c.county.geometry, 0);
  EXPECT_NEAR(county_area / 1e6, 3500, 350);
  double villages_area = 0;
  for (size_t f = 0; f < c.villages.size(); ++f) villages_area += feature_area(c.villages.geometry, f);
  EXPECT_NEAR(villages_area, county_area, county_area * 1e-9);
  double townships_area = 0;
  for (size_t f = 0; f < c.townships.size(); ++f) townships_area += feature_area(c.townships.geometry, f);
  EXPECT_NEAR(townships_area, county_area, county_area * 1e-9);
}

TEST(SynthCounty, CodesAreTwelveDigitsUnderTheirTownship) {
  const auto& c = county();
  std::set<std::string> townships;
  for (size_t r = 0; r < c.townships.size(); ++r) {
    const std::string code = c.townships.column("code")->as_text(r);
    EXPECT_EQ(code.size(), 9u);
    EXPECT_EQ(code.rfind("420323", 0), 0u) << code;
    EXPECT_TRUE(townships.insert(code).second) << "duplicate township code " << code;
  }
  std::set<std::string> codes;
  for (size_t r = 0; r < c.villages.size(); ++r) {
    const std::string code = c.villages.column("code")->as_text(r);
    const std::string township = c.villages.column("township")->as_text(r);
    EXPECT_EQ(code.size(), 12u);
    EXPECT_EQ(code.find_first_not_of("0123456789"), std::string::npos) << code;
    EXPECT_EQ(code.rfind(township, 0), 0u) << code << " not under " << township;
    EXPECT_TRUE(townships.count(township)) << township;
    EXPECT_GE(std::stoi(code.substr(9)), 200) << "village part of " << code << " is a 村 code (200+)";
    EXPECT_TRUE(codes.insert(code).second) << "duplicate village code " << code;
  }
}

TEST(SynthCounty, NamesAreChineseAndUnique) {
  const auto& c = county();
  std::set<std::string> names;
  for (size_t r = 0; r < c.villages.size(); ++r) {
    const std::string name = c.villages.column("name")->as_text(r);
    EXPECT_TRUE(name.ends_with("村")) << name;
    EXPECT_NE(name.find("家"), std::string::npos) << name;
    EXPECT_TRUE(names.insert(name).second) << "duplicate name " << name;
  }
  std::set<std::string> tnames;
  for (size_t r = 0; r < c.townships.size(); ++r) {
    const std::string name = c.townships.column("name")->as_text(r);
    EXPECT_TRUE(name.ends_with("镇") || name.ends_with("乡")) << name;
    EXPECT_TRUE(tnames.insert(name).second) << name;
  }
  EXPECT_TRUE(tnames.count("城关镇"));
}

TEST(SynthCounty, EveryRoadClassAndSurfaceOccurs) {
  const auto& c = county();
  std::set<std::string> classes, surfaces;
  for (size_t r = 0; r < c.roads.size(); ++r) {
    classes.insert(c.roads.column("class")->as_text(r));
    surfaces.insert(c.roads.column("surface")->as_text(r));
    EXPECT_GT(c.roads.column("width_m")->get_real(r), 2.0);
  }
  for (const char* k : {"national", "provincial", "county", "township", "village", "other"}) EXPECT_TRUE(classes.count(k)) << k;
  for (const char* s : {"asphalt", "concrete", "gravel", "earth"}) EXPECT_TRUE(surfaces.count(s)) << s;
}

TEST(SynthCounty, SomePavedStretchTouchesNoOtherRoad) {
  const auto& c = county();
  const auto& g = c.roads.geometry;
  // Components over shared vertices (the generator joins roads at vertices).
  std::vector<size_t> parent(c.roads.size());
  std::iota(parent.begin(), parent.end(), 0);
  std::function<size_t(size_t)> find = [&](size_t x) { return parent[x] == x ? x : parent[x] = find(parent[x]); };
  std::map<std::pair<double, double>, size_t> seen;
  for (size_t f = 0; f < c.roads.size(); ++f)
    for (uint32_t v = g.vertex_begin(g.ring_begin(g.part_begin(f))); v < g.vertex_end(g.ring_begin(g.part_begin(f))); ++v) {
      auto [it, fresh] = seen.try_emplace({g.vertex(v).x, g.vertex(v).y}, f);
      if (!fresh) parent[find(f)] = find(it->second);
    }
  std::map<size_t, std::vector<size_t>> comps;
  for (size_t f = 0; f < c.roads.size(); ++f) comps[find(f)].push_back(f);
  int isolated_paved = 0;
  for (const auto& [root, members] : comps) {
    bool paved = true, trunk = false;
    for (size_t f : members) {
      const std::string s = c.roads.column("surface")->as_text(f), k = c.roads.column("class")->as_text(f);
      paved = paved && (s == "asphalt" || s == "concrete");
      trunk = trunk || k == "national" || k == "provincial" || k == "county";
    }
    if (!paved || trunk) continue;
    // Nothing else comes within 50 m (no crossing, no touching within a noding tolerance).
    double nearest = 1e18;
    for (size_t f : members)
      for (size_t o = 0; o < c.roads.size(); ++o)
        if (find(o) != root) nearest = std::min(nearest, feature_distance(g, f, g, o));
    if (nearest > 50) ++isolated_paved;
  }
  EXPECT_GE(isolated_paved, 1);
}

TEST(SynthCounty, DemLooksLikeTheQinbaMountains) {
  const auto& d = county().dem;
  ASSERT_FALSE(d.empty());
  const auto [lo, hi] = std::minmax_element(d.values.begin(), d.values.end());
  EXPECT_GE(*lo, 150.f);
  EXPECT_LE(*hi, 3000.f);
  EXPECT_GT(*hi - *lo, 1500.f);
  EXPECT_DOUBLE_EQ(d.cell_size_x(), 150.0);
  // The DEM covers the county.
  const BBox db = d.bbox(), cb = county().county.bbox();
  EXPECT_TRUE(db.contains(cb.min_x, cb.min_y) && db.contains(cb.max_x, cb.max_y));
}

TEST(SynthCounty, TrapVillagesSitAtTheirStatedDistances) {
  const auto& c = county();
  std::map<std::string, std::vector<double>> by_kind;
  for (const auto& t : c.traps) {
    EXPECT_FALSE(t.code.empty()) << t.kind;
    if (t.kind != "road_distance" && t.kind != "power_distance" && t.kind != "water_distance" && t.kind != "water_height") continue;
    by_kind[t.kind].push_back(t.distance_m);
    const size_t row = row_of(c.villages, t.code);
    if (t.kind == "road_distance") {
      EXPECT_NEAR(layer_distance(c.villages, row, c.roads), t.distance_m, 0.02) << t.code;
    } else if (t.kind == "power_distance") {
      double d = layer_distance(c.villages, row, c.power);
      d = std::min(d, layer_distance(c.villages, row, c.power_points));
      EXPECT_NEAR(d, t.distance_m, 0.02) << t.code;
    } else {
      // Water is measured from the village point (ST_PointOnSurface), which village_points holds.
      const size_t prow = row_of(c.village_points, t.code);
      double d = layer_distance(c.village_points, prow, c.water);
      d = std::min(d, layer_distance(c.village_points, prow, c.water_plants));
      EXPECT_NEAR(d, t.distance_m, 0.02) << t.code;
      for (size_t a = 0; a < c.water_areas.size(); ++a) EXPECT_GT(feature_distance(c.villages.geometry, row, c.water_areas.geometry, a), 0) << t.code;
      if (t.kind == "water_height") {
        EXPECT_GT(t.height_diff_m, 80);
      } else {
        EXPECT_LT(t.height_diff_m, 80);
      }
    }
  }
  auto near_any = [&](const std::string& kind, double want) {
    for (double d : by_kind[kind])
      if (std::abs(d - want) < 0.05) return true;
    return false;
  };
  for (double d : {450.0, 550.0, 1950.0, 2050.0}) EXPECT_TRUE(near_any("road_distance", d)) << d;
  for (double d : {790.0, 810.0}) EXPECT_TRUE(near_any("water_distance", d)) << d;
  for (double d : {450.0, 550.0}) EXPECT_TRUE(near_any("power_distance", d)) << d;
}

TEST(SynthCounty, EverySituationTheCheckMustHandleOccurs) {
  const auto& c = county();
  std::set<std::string> kinds;
  for (const auto& t : c.traps) kinds.insert(t.kind);
  for (const char* k : {"unconnected_paved", "crossed_by_roads", "incidence_at_threshold", "collective_income_at_threshold", "missing_population",
                        "missing_collective_income", "missing_income_growth", "clinic_outside_polygon", "no_clinic"})
    EXPECT_TRUE(kinds.count(k)) << k;
  // A polygon village crossed by a road: distance 0 although its point is hundreds of metres away.
  for (const auto& t : c.traps)
    if (t.kind == "crossed_by_roads") {
      EXPECT_EQ(layer_distance(c.villages, row_of(c.villages, t.code), c.roads), 0.0);
    }
  // Missing attributes are nulls, not zeros.
  for (const auto& t : c.traps) {
    if (t.kind == "missing_population") {
      EXPECT_TRUE(c.villages.column("population")->is_null(row_of(c.villages, t.code)));
    }
  }
  // Unserved villages: some village polygon is far from every water pipe, plant and service area.
  size_t far_from_water = 0, far_from_power = 0, uncovered = 0;
  for (size_t r = 0; r < c.villages.size(); ++r) {
    if (layer_distance(c.villages, r, c.water) > 1000 && layer_distance(c.villages, r, c.water_areas) > 1000) ++far_from_water;
    if (layer_distance(c.villages, r, c.power) > 1000) ++far_from_power;
    const auto& pts = c.village_points;
    const Vec2 p = pts.geometry.first_vertex(r);
    bool covered = false;
    for (size_t a = 0; a < c.broadband.size() && !covered; ++a) covered = point_in_feature(c.broadband.geometry, a, p.x, p.y);
    if (!covered) ++uncovered;
  }
  EXPECT_GT(far_from_water, 0u);
  EXPECT_GT(far_from_power, 0u);
  EXPECT_GT(uncovered, 0u);
  // Hazards of both kinds, protected areas of every kind.
  std::set<std::string> hz, pr;
  for (size_t r = 0; r < c.hazards.size(); ++r) hz.insert(c.hazards.column("kind")->as_text(r));
  for (size_t r = 0; r < c.protected_areas.size(); ++r) pr.insert(c.protected_areas.column("kind")->as_text(r));
  EXPECT_TRUE(hz.count("landslide"));
  EXPECT_TRUE(hz.count("flood"));
  for (const char* k : {"basic_farmland", "ecological_redline", "reserve"}) EXPECT_TRUE(pr.count(k)) << k;
}

TEST(SynthCounty, AttributesHaveRealisticRanges) {
  const auto& c = county();
  const auto& v = c.villages;
  for (size_t r = 0; r < v.size(); ++r) {
    const auto pop = v.column("population")->number(r);
    const auto poor = v.column("poor_population")->number(r);
    if (pop && poor) {
      EXPECT_GE(*poor / *pop, 0.0);
      EXPECT_LE(*poor / *pop, 0.16);
    }
    if (const auto inc = v.column("collective_income")->number(r)) {
      EXPECT_GE(*inc, 10000);
      EXPECT_LE(*inc, 200000);
    }
    if (const auto share = v.column("poor_insured_share")->number(r)) {
      EXPECT_GE(*share, 0.0);
      EXPECT_LE(*share, 1.0);
    }
    EXPECT_LE(v.column("poor_households_with_project")->get_int(r), v.column("poor_households")->get_int(r));
  }
}

TEST(SynthCounty, PointsModeForLargeCounties) {
  auto p = small_params(3);
  p.village_polygons = false;
  auto c = synth::synth_county(p);
  ASSERT_TRUE(c) << c.error().to_string();
  EXPECT_EQ(c->villages.geometry.kind, GeometryKind::point);
  EXPECT_EQ(c->villages.size(), 250u);
  EXPECT_EQ(c->village_points.size(), 0u);
  for (const auto& t : c->traps) {
    if (t.kind == "road_distance") {
      EXPECT_NEAR(layer_distance(c->villages, row_of(c->villages, t.code), c->roads), t.distance_m, 0.02);
    }
  }
  const auto scaled = synth::scaled_params(100000);
  EXPECT_FALSE(scaled.village_polygons);
  EXPECT_GE(scaled.townships, 100000 / 20);
  EXPECT_LE(scaled.area_km2, 60000);
}

TEST(SynthCounty, BadParametersAreInputErrors) {
  auto p = small_params(1);
  p.villages = 0;
  auto r = synth::synth_county(p);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::input);
  p = small_params(1);
  p.county_code = "42032";
  r = synth::synth_county(p);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::input);
  p = small_params(1);
  p.townships = 1;
  p.villages = 1000;
  r = synth::synth_county(p);
  ASSERT_FALSE(r);
  EXPECT_FALSE(r.error().hint.empty());
}

TEST(WriteSynthCounty, WritesAProjectTheLoaderReadsBack) {
  const auto dir = test::scratch_dir() / "county";
  const auto& c = county();
  auto ok = synth::write_synth_county(dir.string(), c);
  ASSERT_TRUE(ok) << ok.error().to_string();
  std::set<std::string> files;
  for (const auto& e : fs::directory_iterator(dir)) files.insert(e.path().filename().string());
  EXPECT_EQ(files, (std::set<std::string>{"county.gpkg", "dem.tif", "project.toml", "traps.csv"}));

  auto project = io::load_project((dir / "project.toml").string());
  ASSERT_TRUE(project) << project.error().to_string();
  EXPECT_EQ(project->rules, "hubei-2017");
  auto ws = io::load_workspace(*project);
  ASSERT_TRUE(ws) << ws.error().to_string();
  for (const FeatureTable* t : c.layers()) {
    const FeatureTable* back = ws->layer(t->name);
    ASSERT_NE(back, nullptr) << t->name;
    EXPECT_EQ(back->size(), t->size()) << t->name;
  }
  const FeatureTable* villages = ws->layer("villages");
  ASSERT_NE(villages, nullptr);
  EXPECT_EQ(villages->column("code")->as_text(0), c.villages.column("code")->as_text(0));
  EXPECT_EQ(villages->column("name")->as_text(0), c.villages.column("name")->as_text(0));
  ASSERT_TRUE(ws->dem.has_value());
  EXPECT_EQ(ws->dem->width, c.dem.width);
  EXPECT_EQ(ws->dem->values, c.dem.values);
  EXPECT_EQ(ws->issues.count(Severity::error), 0u);
}

TEST(WriteSynthCounty, UnwritableFolderIsAnIoErrorAndLeavesNothing) {
  const auto dir = test::scratch_dir();
  const auto file = dir / "a_file";
  { std::ofstream(file) << "x"; }
  auto ok = synth::write_synth_county((file / "county").string(), county());
  ASSERT_FALSE(ok);
  EXPECT_EQ(ok.error().code, ErrorCode::io);
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);
}
