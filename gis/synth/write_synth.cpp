// Writing a synthetic county: one GeoPackage, the DEM and a project file,
// committed together (temporary names first, renamed at the end).
#include <cstdio>
#include <sstream>

#include "gis/io/write.hpp"
#include "gis/synth/synth_county.hpp"
#include "gis/synth/synth_target.hpp"
#include "gis/util/atomic_file.hpp"

namespace jiuyou::synth {

std::string project_toml(const SynthCounty& county) {
  std::ostringstream out;
  out << "# A synthetic county written by `jiuyou synth` (see data/demo/README.md).\n"
      << "# Layers are one geometry kind each: water = pipes, water_plants, water_areas (service areas);\n"
      << "# power = 10 kV lines, power_points = substations and transformers; broadband = coverage\n"
      << "# polygons, broadband_towers (radius_m), broadband_fiber. village_points: each polygon village's point.\n"
      << "[project]\n"
      << "name = \"" << county.name << "（合成）\"\n"
      << "metric_crs = \"" << county.crs.definition << "\"\n"
      << "rules = \"hubei-2017\"\n";
  for (const FeatureTable* t : county.layers()) {
    out << "\n[layers." << t->name << "]\n"
        << "path = \"county.gpkg\"\n"
        << "layer = \"" << t->name << "\"\n";
  }
  out << "\n[layers.dem]\n"
      << "path = \"dem.tif\"\n";
  return out.str();
}

std::string traps_csv(const SynthCounty& county) {
  std::ostringstream out;
  out << "code,name,kind,layer,distance_m,height_diff_m,note\n";
  char num[64];
  for (const auto& t : county.traps) {
    out << t.code << ',' << t.name << ',' << t.kind << ',' << t.layer << ',';
    if (t.distance_m >= 0) {
      std::snprintf(num, sizeof num, "%.2f", t.distance_m);
      out << num;
    }
    out << ',';
    if (t.height_diff_m > 0) {
      std::snprintf(num, sizeof num, "%.0f", t.height_diff_m);
      out << num;
    }
    std::string note = t.note;
    for (auto& ch : note)
      if (ch == '"') ch = '\'';
    out << ",\"" << note << "\"\n";
  }
  return out.str();
}

Result<void> write_synth_county(const std::string& dir, const SynthCounty& county, const ProgressFn& progress) {
  if (auto ok = refuse_replacing_foreign_county(dir, {"county.gpkg", "dem.tif", "project.toml", "traps.csv"}); !ok) return ok;
  util::AtomicDirectory outputs(dir);
  if (auto ok = outputs.prepare(); !ok) return ok;
  if (!report_progress(progress, 0.0, "writing county.gpkg")) return error(ErrorCode::input, "cancelled");
  const auto layers = county.layers();
  if (auto ok = io::write_layers(outputs.add("county.gpkg"), layers); !ok) return ok;
  if (!report_progress(progress, 0.7, "writing dem.tif")) return error(ErrorCode::input, "cancelled");
  if (auto ok = io::write_geotiff(outputs.add("dem.tif"), county.dem); !ok) return ok;
  if (auto ok = util::write_file_atomic(outputs.add("project.toml"), project_toml(county)); !ok) return ok;
  if (auto ok = util::write_file_atomic(outputs.add("traps.csv"), traps_csv(county)); !ok) return ok;
  if (auto ok = outputs.commit(); !ok) return ok;
  report_progress(progress, 1.0, "written");
  return {};
}

}  // namespace jiuyou::synth
