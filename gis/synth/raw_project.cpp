// The project file of a raw county: every difference from the clean county is
// said with the loader's mapping features only (field and value mappings, the
// built-in Chinese vocabularies, crs = "GCJ-02"): no pre-cleaning.
#include <algorithm>
#include <sstream>

#include "gis/synth/raw_county.hpp"
#include "gis/synth/raw_spelling.hpp"

namespace jiuyou::synth {
namespace {

void layer(std::ostringstream& out, const std::string& name, const std::string& path, const std::string& source_layer = {}) {
  out << "\n[layers." << name << "]\npath = \"" << path << "\"\n";
  if (!source_layer.empty()) out << "layer = \"" << source_layer << "\"\n";
}

void fields(std::ostringstream& out, const std::string& name, std::initializer_list<std::pair<const char*, const char*>> mapping) {
  out << "[layers." << name << ".fields]\n";
  for (const auto& [canonical, source] : mapping) out << canonical << " = \"" << source << "\"\n";
}

// [layers.L.values.F] for the spellings the built-in vocabularies may lack.
void explicit_values(std::ostringstream& out, const Spellings& words, const std::string& name) {
  std::string field;
  for (const auto& v : words.explicit_values) {
    if (v.layer != name) continue;
    if (v.field != field) out << "[layers." << name << ".values." << v.field << "]\n";
    field = v.field;
    out << '"' << v.spelling << "\" = \"" << v.canonical << "\"\n";
  }
}

void village_layers(std::ostringstream& out, const Spellings& words, bool village_points) {
  layer(out, "villages", village_points ? RawFiles::village_points : RawFiles::villages);
  out << "# a GBK shapefile without .cpg: the loader detects the encoding (and says so)\n";
  fields(out, "villages",
         {{"code", raw_field::code}, {"name", raw_field::name}, {"township", raw_field::township_code}, {"population", raw_field::population},
          {"households", raw_field::households}, {"elevation_m", raw_field::elevation}});
  layer(out, "village_stats", RawFiles::stats);
  out << "join_to = \"villages\"\n";
  if (words.header_row > 0) out << "header_row = " << words.header_row << "\n";
  else out << "# the header row (under the title) is detected\n";
  out << "[layers.village_stats.fields]\n";
  for (const auto& c : stat_columns())
    if (!c.canonical.empty() && c.canonical != "name") out << c.canonical << " = \"" << c.header << "\"\n";
}

void road_and_facility_layers(std::ostringstream& out, const Spellings& words) {
  layer(out, "roads", RawFiles::roads);
  out << "crs = \"GCJ-02\"            # Amap data: WGS84 shifted by 300-700 m; nothing in the file says so\n"
      << "vocabulary = \"zh\"          # 县道 -> county, 水泥 -> concrete, ... (the default)\n";
  if (words.class_from_route)
    fields(out, "roads", {{"class", raw_field::route}, {"surface", raw_field::surface}, {"width_m", raw_field::width}});
  else
    fields(out, "roads", {{"class", raw_field::road_class}, {"surface", raw_field::surface}, {"width_m", raw_field::width}, {"name", raw_field::route}});
  explicit_values(out, words, "roads");
  layer(out, "facilities", RawFiles::facilities);
  fields(out, "facilities", {{"kind", raw_field::facility_kind}, {"village_code", raw_field::code}, {"qualified_doctor", raw_field::doctor}, {"name", raw_field::facility_name}});
  explicit_values(out, words, "facilities");
}

}  // namespace

std::string raw_project_toml(const SynthCounty& county, const RawParams& params, bool village_points) {
  const Spellings& words = spellings(params.spelling);
  std::ostringstream out;
  out << "# " << county.name << " as a county office holds it (written by `jiuyou synth --raw`; see docs/demo-raw.md).\n"
      << "# Only the loader's mappings are used: field names, value words, the GCJ-02 flag; nothing was cleaned beforehand.\n"
      << (village_points ? "# Villages as points (村点.shp): distances are measured from the point.\n" : "")
      << "[project]\n"
      << "name = \"" << county.name << "（原始数据）\"\n"
      << "metric_crs = \"" << county.crs.definition << "\"\n"
      << "rules = \"hubei-2017\"\n";
  layer(out, "county", RawFiles::county);
  fields(out, "county", {{"code", "县代码"}, {"name", "县名"}});
  layer(out, "townships", RawFiles::townships);
  fields(out, "townships", {{"code", raw_field::township_code}, {"name", "乡镇名称"}});
  village_layers(out, words, village_points);
  road_and_facility_layers(out, words);
  out << "\n# Water, power, broadband, hazards and protected areas as the bureaus deliver them.";
  for (const auto& theme : theme_layers()) {
    const auto written = county.layers();
    if (std::none_of(written.begin(), written.end(), [&](const FeatureTable* t) { return t->name == theme.layer; })) continue;
    layer(out, theme.layer, RawFiles::networks, theme.layer);
    out << "[layers." << theme.layer << ".fields]\n";
    for (const auto& c : theme.columns)
      if (c.canonical != c.office) out << c.canonical << " = \"" << c.office << "\"\n";
  }
  layer(out, "dem", RawFiles::dem);
  return out.str();
}

}  // namespace jiuyou::synth
