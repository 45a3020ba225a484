#pragma once
// A project: which layers to load from where, field mappings, CRS and
// encoding overrides. Read from a TOML file (paths relative to it), or made
// from a GeoPackage whose layer names are canonical (no project file needed).
//
//   [project]
//   name = "某某县"
//   metric_crs = "auto"            # or "EPSG:4546"; auto = CGCS2000 3° GK zone of the data
//   rules = "hubei-2017"
//   reference_codes = "codes.csv"   # optional: official code list (columns code,name)
//
//   [layers.villages]
//   path = "county.gpkg"            # any GDAL source; "PG:dbname=..." for PostGIS
//   layer = "villages"              # default: the only layer, or the table of this name
//   crs = "GCJ-02"                  # override: EPSG:n, GCJ-02, BD-09, WKT
//   encoding = "CP936"              # legacy shapefiles without .cpg
//   vocabulary = "zh"               # value vocabulary (data/vocab/zh.toml; default), "none", or a .toml path
//   header_row = 3                  # XLSX/CSV: 1-based row of the header (detected when absent)
//   [layers.villages.fields]        # canonical = "source column"
//   population = "人口"
//   [layers.villages.values.has_leading_industry]   # source value = canonical value (wins over the vocabulary)
//   "有（茶叶）" = true
//   [layers.villages.units]         # a column's unit, where the table cannot state it (a DBF's 10-byte names):
//   collective_income = "万元"      # field or source column = 元/百元/千元/万元/十万元/百万元/千万元/亿元, %, ‰ or 比例
//
//   [layers.village_stats]          # attribute table joined onto another layer by key
//   path = "stats.xlsx"
//   join_to = "villages"
//   join_key = "code"
//
//   [layers.facilities]             # CSV with coordinates
//   path = "facilities.csv"
//   x = "lon"
//   y = "lat"                       # or wkt = "WKT"
//   crs = "EPSG:4490"
//
// Sections other than [project] and [layers.*] (e.g. [relocate], [pair]) belong
// to the stages that read them from Project::toml_text.
#include <map>
#include <string>
#include <vector>

#include "gis/model/crs_ref.hpp"
#include "gis/model/error.hpp"

namespace jiuyou::io {

struct LayerSpec {
  std::string name;    // canonical layer name (the [layers.NAME] key)
  std::string path;    // resolved against the project directory (unless PG: or absolute)
  std::string layer;   // layer inside the source; empty: same name as `name` if present, else the only layer
  CrsRef crs;          // override of what the source declares
  std::string encoding;
  std::map<std::string, std::string> fields;  // canonical -> source column
  std::string vocabulary = "zh";               // data/vocab/<id>.toml, "none", or a path
  int header_row = 0;                          // XLSX/CSV header row (1-based); 0: detect it
  // field -> (source value -> canonical value; booleans as "true"/"false"), keys as written
  std::map<std::string, std::map<std::string, std::string>> values;
  // field (canonical name or source column) -> unit word as written ("万元", "%", "‰", "比例"): wins over what the table
  // states of the unit (name, units row, title); checked against the vocabulary when the layer is read (values.cpp)
  std::map<std::string, std::string> units;
  std::string project_file;                    // the project file that declared the layer (for messages about its keys)
  std::string kind;                            // canonical layer kind whose fields apply; empty: from the name
  std::string x_field, y_field, wkt_field;    // CSV/XLSX coordinates
  std::string join_to;                         // attribute table joined onto this layer
  std::string join_key = "code";
  [[nodiscard]] bool is_raster() const;        // by extension (.tif/.tiff/.img/.vrt/.asc) or name == "dem"
};

struct Project {
  std::string path;   // the project file (or the GeoPackage it was made from)
  std::string dir;    // its directory
  std::string name;
  CrsRef metric_crs;  // empty or "auto": pick the Gauss–Krüger zone
  std::string rules = "hubei-2017";
  std::string reference_codes;
  std::vector<LayerSpec> layers;
  std::string toml_text;  // the whole file, for stages with their own sections

  [[nodiscard]] const LayerSpec* layer(const std::string& layer_name) const;
};

// A .toml project file, or a GeoPackage / other GDAL source opened directly
// (its canonical layer names become the project's layers).
Result<Project> load_project(const std::string& path);
Result<Project> parse_project_toml(const std::string& text, const std::string& path);

// The canonical layer names of the data contract (gis/io/schema.hpp).
const std::vector<std::string>& canonical_layer_names();

}  // namespace jiuyou::io
