#pragma once
// One year of a county as `jiuyou compare` sees it: the loaded layers (villages
// and the network layers the items read) and the check of that year with its
// own rule set. Built by the application layer (gis/app/compare_job) from a
// project checked in memory or from a check result read back; everything in
// gis/compare is a pure function over these.
#include <string>
#include <vector>

#include "gis/indicators/check.hpp"
#include "gis/io/codes.hpp"
#include "gis/model/workspace.hpp"

namespace jiuyou::compare {

struct YearData {
  std::string label;               // "2021" (from the project name or path), shown to users
  std::string source;              // the project file or result the year came from (for messages)
  Workspace ws;                    // villages + every other layer, in the comparison's metric CRS
  indicators::CheckResult result;  // the year's check, villages in ws.layer("villages") order
  io::ReferenceCodes codes;        // the year's official code list (empty when the project names none)
  bool has_features = true;        // false: only the check result was available (no feature evidence)

  [[nodiscard]] const FeatureTable& villages() const { return *ws.layer("villages"); }
};

}  // namespace jiuyou::compare
