#pragma once
// "Measure from the village to ...": the evidence of a distance item as a line the
// planner can check by hand. The check's gaps layer holds, for each failing
// distance item, the segment it measured: from the village (its point or the edge
// of its polygon) to the nearest qualifying feature.
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "gis/model/workspace.hpp"

namespace jiuyou::viewer {

struct EvidenceLine {
  Vec2 from, to;           // metric CRS
  double recorded_m = 0;   // the distance the check recorded (length_m of the gap line)
};

// The gap line of the village with this code for `item` (an item id); none when the
// layer, the fields or the row are absent (a passing item has no gap line).
// A scan of every gap line: the reference for the indexed lookup below.
std::optional<EvidenceLine> evidence_line(const Workspace& ws, const std::string& village_code, const std::string& item);

// The gaps layer's rows by village code, built once per document (and again when a
// local re-check replaces the gap lines): the inspector asks for each failing item of
// the shown village every frame, and a province has ~90,000 gap lines.
struct GapRows {
  std::unordered_map<std::string, std::vector<uint32_t>> by_code;  // village code -> gaps rows, in row order

  void build(const Workspace& ws);
  void clear() { by_code.clear(); }
};

// The same answer as the scan, looking only at the rows of that village's code
// (each still checked for its code and item, so a stale index finds nothing rather than a wrong line).
std::optional<EvidenceLine> evidence_line(const Workspace& ws, const GapRows& rows, const std::string& village_code, const std::string& item);

}  // namespace jiuyou::viewer
