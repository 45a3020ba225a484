#pragma once
// "Measure from the village to ...": the evidence of a distance item as a line the
// planner can check by hand. The check's gaps layer holds, for each failing
// distance item, the segment it measured: from the village (its point or the edge
// of its polygon) to the nearest qualifying feature.
#include <optional>
#include <string>

#include "gis/model/workspace.hpp"

namespace jiuyou::viewer {

struct EvidenceLine {
  Vec2 from, to;           // metric CRS
  double recorded_m = 0;   // the distance the check recorded (length_m of the gap line)
};

// The gap line of the village with this code for `item` (an item id); none when the
// layer, the fields or the row are absent (a passing item has no gap line).
std::optional<EvidenceLine> evidence_line(const Workspace& ws, const std::string& village_code, const std::string& item);

}  // namespace jiuyou::viewer
