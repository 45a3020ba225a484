#pragma once
// The codes of imported OpenStreetMap villages (gis/io internal, for
// osm_import.cpp): the official code where the name matches the code list
// (gis/io/place_match.hpp), otherwise a stable generated id "osm-" + the OSM
// object ("osm-n123456" for node 123456): the same on every import, said once.
#include <string>

#include "gis/io/osm_import.hpp"
#include "gis/model/feature_table.hpp"

namespace jiuyou::io {

// The prefix of generated village ids; gis/io/codes.cpp accepts such ids.
inline constexpr std::string_view k_generated_id_prefix = "osm-";

// Adds `code`, `code_match` and `code_candidates` to the villages; counts and reports into `sum`.
Result<void> assign_village_codes(FeatureTable& villages, const std::string& reference_codes, OsmImportSummary& sum);

}  // namespace jiuyou::io
