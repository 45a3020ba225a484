#pragma once
// Tower sites of make_candidates: for a village failing a coverage item whose
// point build has [site], a tower at the highest DEM cell within search_m of
// the village point, fixing every failing village of the item it covers — the
// whole village inside the tower's radius (so the check's disc counts it) and
// its point visible from the mast (GDAL's viewshed over the DEM) — one
// candidate fixing them all, beside each village's own tower.
#include "gis/indicators/check.hpp"
#include "gis/invest/candidates.hpp"
#include "gis/invest/costs.hpp"
#include "gis/model/workspace.hpp"

namespace jiuyou::invest {

Result<void> add_tower_sites(const Workspace& ws, const indicators::CheckResult& check, const CostTable& costs, Candidates& c);

}  // namespace jiuyou::invest
