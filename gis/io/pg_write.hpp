#pragma once
// Results into PostGIS (issue #16): layers written into one schema of a
// PostgreSQL database in ONE transaction. Tables of the same names are
// replaced inside it, so a run that fails anywhere (a bad row, a lost
// connection, an interrupt) leaves the previous tables as they were. Each
// layer with a geometry gets a GiST index; the QGIS styles go into
// public.layer_styles (QGIS's own table, created when missing), default for
// their tables, so QGIS opens them coloured.
#include <span>
#include <string>

#include "gis/io/gpkg_styles.hpp"
#include "gis/model/error.hpp"
#include "gis/model/feature_table.hpp"

namespace jiuyou::io {

struct PgTarget {
  std::string connection;  // "PG:dbname=... host=..." (the GDAL form; libpq keywords after PG:)
  std::string schema;      // created when missing; a plain SQL name: [a-z_][a-z0-9_]*, at most 63 characters
};

// "PG:..." names a PostgreSQL database rather than a folder or a file.
bool is_pg_target(const std::string& out);
// A schema name that needs no quoting: lower-case ASCII letters, digits, _; not starting with a digit.
Result<void> check_schema_name(const std::string& schema);

// Writes every table (geometry column `geom`, the FID as `fid`, field names as
// they are) and the styles (LayerStyle::table names one of them) into
// target.schema, all in one transaction. Errors are ErrorCode::io naming the
// connection (without its password) and the table.
Result<void> write_pg_layers(const PgTarget& target, std::span<const FeatureTable* const> tables, std::span<const LayerStyle> styles);

}  // namespace jiuyou::io
