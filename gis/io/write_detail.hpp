#pragma once
// Inside gis/io only: one model table as a new layer of an open GDAL dataset
// (write.cpp's writer, shared with the PostGIS writer, pg_write.cpp).
#include <string>

#include "gis/io/write.hpp"

class GDALDataset;

namespace jiuyou::io::detail {

// Creates the layer (table.name) with table.columns and writes every row; FIDs
// kept where the driver stores them (GPKG, GeoJSON, PostgreSQL) and unique.
// own_transaction: one transaction around the rows of this layer; false when
// the caller holds one around several layers. Errors name `path` and the layer.
Result<void> write_table(GDALDataset& ds, const FeatureTable& table, const std::string& driver, const std::string& path,
                         const WriteOptions& options, bool own_transaction);

}  // namespace jiuyou::io::detail
