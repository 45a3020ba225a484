#pragma once
// A DEM whose heights cannot be metres (tour 17 R20): stored in decimetres or centimetres (integers of 0.1 m,
// common in survey deliveries), its height differences are ten or a hundred times too large, and every item that
// reads heights (垂直距离 to safe water, a site's slope) is wrong without a word. Two signs, cheap to read:
// heights beyond the earth's (above 8,900 m, or below -500 m once common nodata sentinels are left out), and a
// terrain steeper than any county's (the median slope between neighbouring cells above 45°, in a metric grid).
#include <optional>

#include "gis/model/feature_table.hpp"
#include "gis/model/issue_log.hpp"
#include "gis/model/raster.hpp"

namespace jiuyou::io {

// The warning (code dem_implausible_heights, naming the range, the median slope and the likely unit) when the
// DEM's heights cannot be metres; nullopt when they can. `metric_cells`: the grid is in metres (the slope is read
// only then).
std::optional<Issue> implausible_dem_heights(const Raster& dem, bool metric_cells);

// A DEM in feet (or decimetres) over gentle ground passes both signs (tour 17 R20 d4: ×3.28, 24 villages' water
// pass→fail, silent). Where the villages carry their own 海拔 (elevation_m, in the DEM's CRS), the DEM read at the
// villages is compared with it: when it is consistently about 3.28 times (feet) or 10 times (decimetres) the
// villages' figures over at least 20 villages, the same warning with the factor; nullopt otherwise.
std::optional<Issue> dem_heights_against_villages(const Raster& dem, const FeatureTable& villages);

}  // namespace jiuyou::io
