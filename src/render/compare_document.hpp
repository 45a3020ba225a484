#pragma once
// A `jiuyou compare` result (compare.gpkg) opened for the map: the villages of
// one pair of years with their transition (layer villages_<pair>) over every
// layer of the later year's project (recorded in the file's jiuyou_meta), in
// that project's metric CRS. Used by `jiuyou render` and `jiuyou view`.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "gis/io/load.hpp"
#include "gis/model/error.hpp"
#include "src/render/document.hpp"

namespace jiuyou::render {

struct CompareDocument {
  Document doc;                    // villages = the pair's transition table; the project's other layers
  std::vector<std::string> pairs;  // "2024_2025", ... in order
  size_t shown = 0;                // index into pairs
  std::map<std::string, std::string> item_names;  // item id -> its Chinese name, as compare recorded it
};

// An item's Chinese name for titles and legends: from the later year's rule set,
// else as compare.gpkg recorded it, else "指标" — never the item's id.
std::string item_title(const CompareDocument& cd, const std::string& item);

// The map's villages from a villages_<pair> table, which holds one row per
// matched pair: a merged village is there once per earlier village (each row
// that village's own transitions, the later polygon repeated). Drawn and
// counted once per later village (its code_after), the most severe row kept
// (the legend's order: an alert wins); rows of villages that disappeared
// (no code_after) all stay. The table itself when no later village repeats.
FeatureTable one_row_per_village(const FeatureTable& villages);

// True when `path` is a GeoPackage whose jiuyou_meta says kind "compare".
bool is_compare_output(const std::string& path);

// `pair`: "2024_2025", "2024-2025", the later year "2025", or empty for the
// last pair. An unknown pair is ErrorCode::input listing the pairs there are.
// A recorded project that is gone or broken is a note (the villages still open).
Result<CompareDocument> open_compare_document(const std::string& path, const std::string& pair, const io::LoadOptions& load = {});

// The pair among `pairs` that `wanted` names (as above); nullopt when none.
std::optional<size_t> find_pair(const std::vector<std::string>& pairs, const std::string& wanted);

}  // namespace jiuyou::render
