#pragma once
// `jiuyou import-osm`: an OpenStreetMap extract clipped to a county and
// written as canonical layers (villages, roads, power, power_points,
// facilities, water_plants, broadband_towers, county) plus a project file
// ready for `jiuyou check`. Which tags say what is data: the [[import]] rules
// and value tables of data/vocab/osm.toml (docs/osm.md). Values no table lists
// become unknown and are reported, never guessed; a layer the extract has no
// feature for is not written, so its items are unknown rather than failed.
#include <map>
#include <string>
#include <vector>

#include "gis/io/place_match.hpp"
#include "gis/model/error.hpp"
#include "gis/model/issue_log.hpp"

namespace jiuyou::io {

struct OsmImportJob {
  std::string extract;          // .osm, .osm.pbf, or GeoJSON whose properties are OSM tags
  std::string boundary;         // county polygon: path or path:layer (any CRS it declares)
  std::string out;              // the GeoPackage written (replaced as a whole; never an input)
  std::string project;          // the project file; empty: project.toml beside `out`
  std::string vocabulary = "osm";
  std::string reference_codes;  // official code list (code,name CSV); empty: no matching
  std::string county_code;      // 6-digit prefix the matching keeps to; empty: from the boundary's adcode/code
  std::string rules = "hubei-2017";
};

struct OsmImportSummary {
  size_t read = 0;                        // features in the extract
  size_t outside = 0;                     // matched a rule but lay outside the boundary
  std::map<std::string, size_t> written;  // layer -> features
  std::vector<std::string> not_written;   // layers no feature was found for
  size_t generated_ids = 0;               // villages given an osm-… id
  PlaceSummary places;
  bool matched_names = false;             // a code list was given
  std::string county_code;
  std::string project_path;
  IssueLog log;                           // unmapped values, the generated ids, ambiguous places
};

Result<OsmImportSummary> import_osm(const OsmImportJob& job);

}  // namespace jiuyou::io
