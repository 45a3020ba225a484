#pragma once
// Crosswalk rows that no pair of consecutive years can use, said with the row
// and the likely cause (tour 11 K34): the old and new columns swapped (the old
// code only in the later year, the new only in the earlier), or a merge whose
// old village is still a village of the later year (matched to itself by code).
#include <string>
#include <vector>

#include "gis/compare/village_match.hpp"

namespace jiuyou::compare {

// One Chinese note per unused row, in row order: "对照表第 2 行未使用：…".
std::vector<std::string> unused_crosswalk_rows(const Crosswalk& crosswalk, const std::vector<YearData>& years);

}  // namespace jiuyou::compare
