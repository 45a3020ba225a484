#pragma once
// Terrain derivatives through GDAL's DEM processing (gdaldem), so that slope is
// computed the way every GIS computes it (Horn's 3x3 kernel) rather than by
// hand-written code. The DEM is handed to GDAL as an in-memory dataset.
#include "gis/model/error.hpp"
#include "gis/model/raster.hpp"

namespace jiuyou::io {

// Slope in degrees per DEM cell (GDALDEMProcessing "slope", Horn, edges
// computed, horizontal and vertical units both metres: the DEM must be in a
// metric CRS). Cells on or next to nodata are nodata (-9999) in the result.
Result<Raster> dem_slope_deg(const Raster& dem);

}  // namespace jiuyou::io
