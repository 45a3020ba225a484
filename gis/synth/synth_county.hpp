#pragma once
// A realistic synthetic mountain county (or, scaled up, a province) for
// demos, tests and benchmarks: deterministic by seed, in CGCS2000 3-degree
// Gauss–Krüger metres. Every situation the village check must handle occurs:
// villages reached only by gravel or earth roads, paved stretches that touch
// no network, villages beyond the power grid, broadband gaps in deep valleys,
// villages without a clinic, missing attributes, and "trap" villages placed
// just inside and just outside typical thresholds (see SynthCounty::traps).
#include <cstdint>
#include <string>
#include <vector>

#include "gis/model/crs_ref.hpp"
#include "gis/model/error.hpp"
#include "gis/model/feature_table.hpp"
#include "gis/model/progress.hpp"
#include "gis/model/raster.hpp"

namespace jiuyou::synth {

struct SynthParams {
  uint64_t seed = 20171;
  int villages = 250;
  int townships = 17;
  double area_km2 = 3500;
  double center_lon = 110.23;  // 竹山县-like
  double center_lat = 32.23;
  double dem_cell_m = 0;       // 0: chosen from the area (100 m for a county)
  bool village_polygons = true;  // false: villages as points (large benchmarks)
  bool traps = true;           // the deliberate threshold villages
  std::string county_code = "420323";
  std::string county_name = "九有县";
};

// A village placed at a controlled distance from the nearest feature of a
// layer (or another deliberate situation), for checking the checker.
struct TrapVillage {
  std::string code;
  std::string name;
  std::string kind;      // e.g. "road_distance", "unconnected_paved", "crossed_by_road"
  std::string layer;     // the layer the distance is measured to
  double distance_m = -1;  // from the village point (polygon: its centroid); -1 when not a distance
  double height_diff_m = 0;  // water traps: |village - nearest safe water| elevation difference
  std::string note;
};

struct SynthCounty {
  std::string name;
  std::string code;
  CrsRef crs;  // EPSG:4534 + zone - 25
  // One layer per geometry kind (the loader splits mixed layers): water =
  // pipes, water_plants, water_areas (service areas); power = 10 kV lines,
  // power_points = substations and transformers; broadband = coverage
  // polygons, broadband_towers, broadband_fiber. village_points holds each
  // polygon village's point (ST_PointOnSurface of its polygon).
  FeatureTable county, townships, villages, village_points, roads, water, water_plants, water_areas, power, power_points, broadband,
      broadband_towers, broadband_fiber, facilities, hazards, protected_areas;
  Raster dem;
  std::vector<TrapVillage> traps;
  // Per row of `roads`: the road it was cut from (rows of one road share it;
  // roads come in pieces of a few segments). Multi-year edits pave whole roads.
  std::vector<int32_t> road_of_row;

  // The vector layers in writing order (county, townships, villages, ...).
  [[nodiscard]] std::vector<const FeatureTable*> layers() const;
};

// Parameters a user gives only partly: townships and area grow with the
// village count when not given (about 15 villages a township; area with the
// square root, capped to stay inside one Gauss–Krüger zone).
SynthParams scaled_params(int villages, int townships = 0, double area_km2 = 0);

Result<SynthCounty> synth_county(const SynthParams& params, const ProgressFn& progress = {});

// Writes DIR/county.gpkg (every vector layer), DIR/dem.tif, DIR/project.toml
// and DIR/traps.csv (the trap villages), all atomically (nothing is left
// behind on failure).
Result<void> write_synth_county(const std::string& dir, const SynthCounty& county, const ProgressFn& progress = {});
// The project file text for a county written by write_synth_county.
std::string project_toml(const SynthCounty& county);
// The trap villages as CSV: code,name,kind,layer,distance_m,height_diff_m,note.
std::string traps_csv(const SynthCounty& county);

}  // namespace jiuyou::synth
