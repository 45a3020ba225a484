#pragma once
// The synthetic county the way a county office holds it ("raw"): villages as a
// GBK shapefile without .cpg and with Chinese field names, roads as an
// Amap-style GCJ-02 GeoJSON with Chinese 等级/路面 values, the village
// statistics in an XLSX with a title row and 是/否 columns, facilities named
// in Chinese. The project files that come with it use only the loader's
// mapping features (field and value mappings, built-in Chinese vocabularies,
// crs = "GCJ-02"); checked, they give the same verdicts as the clean county.
#include <string>

#include "gis/model/error.hpp"
#include "gis/model/feature_table.hpp"
#include "gis/model/progress.hpp"
#include "gis/synth/synth_county.hpp"

namespace jiuyou::synth {

// Which spellings of the Chinese vocabularies the files use.
enum class RawSpelling : unsigned char {
  common,  // 是/否, 沥青/水泥/砂石/土路, 县道/乡道/村道, 村卫生室; money typed as text with thousands separators
  other,   // 有/无, 柏油/砼/水泥混凝土/泥结碎石, the class read from route numbers (X012), 卫生室; numbers typed as numbers
};

struct RawParams {
  RawSpelling spelling = RawSpelling::common;
};

// The files a raw county consists of (names inside the folder).
struct RawFiles {
  static constexpr const char* county = "县界.shp";
  static constexpr const char* townships = "乡镇界.shp";
  static constexpr const char* villages = "村界.shp";
  static constexpr const char* village_points = "村点.shp";
  static constexpr const char* stats = "村级统计.xlsx";
  static constexpr const char* roads = "公路_高德.geojson";
  static constexpr const char* facilities = "设施点.shp";
  static constexpr const char* networks = "专题图层.gpkg";  // water, power, broadband, hazards, protected: Chinese field names and words
  static constexpr const char* dem = "dem.tif";
  static constexpr const char* project = "project.toml";                // villages as polygons
  static constexpr const char* project_points = "project_points.toml";  // villages as points
};

// Writes the raw county into DIR (the files of RawFiles), atomically.
Result<void> write_raw_county(const std::string& dir, const SynthCounty& county, const RawParams& params = {}, const ProgressFn& progress = {});

// The project file for a raw county; `village_points`: the variant that reads 村点.shp.
std::string raw_project_toml(const SynthCounty& county, const RawParams& params, bool village_points);

// --- the pieces, for tests ---------------------------------------------------

// The office's tables (Chinese field names and values), geometry as in `county`.
FeatureTable raw_villages(const SynthCounty& county, bool as_points);
FeatureTable raw_roads(const SynthCounty& county, const RawParams& params);  // still in the county's CRS
FeatureTable raw_facilities(const SynthCounty& county, const RawParams& params);
struct ThemeLayer;
// A water, power, broadband, hazard or protected-area layer in the bureau's words.
FeatureTable raw_theme(const FeatureTable& src, const ThemeLayer& theme, const RawParams& params);

// Moves a table from the county's projected CRS to GCJ-02 longitude/latitude
// (through CGCS2000 lon/lat, then the GCJ-02 offset). The result's crs says
// EPSG:4326, as Amap's GeoJSON does (it declares nothing).
Result<void> to_gcj02(FeatureTable& table);

// Makes a shapefile look like one written by older GIS software in a Chinese
// office: removes its .cpg and clears the DBF's language driver byte, so
// nothing in the files says that the text is GBK.
Result<void> strip_encoding_marks(const std::string& shp_path);

}  // namespace jiuyou::synth
