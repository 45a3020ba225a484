// Layers and QGIS styles into a PostGIS schema, in one transaction.
#include "gis/io/pg_write.hpp"

#include <memory>
#include <mutex>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include "gis/io/gdal_scope.hpp"
#include "gis/io/write_detail.hpp"
#include "gis/util/test_hooks.hpp"

namespace jiuyou::io {
namespace {

// The connection string for messages: a password is never printed.
std::string shown_connection(const std::string& conn) {
  std::string out;
  const CPLStringList words(CSLTokenizeString2(conn.c_str(), " ", CSLT_HONOURSTRINGS));
  for (int i = 0; i < words.size(); ++i) {
    std::string w = words[i];
    if (w.rfind("password=", 0) == 0 || w.rfind("PG:password=", 0) == 0) w = w.substr(0, w.find('=') + 1) + "***";
    out += (out.empty() ? "" : " ") + w;
  }
  return out;
}

// A text as an SQL string literal (standard_conforming_strings: only ' doubles).
std::string literal(const std::string& s) {
  std::string out = "'";
  for (const char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

// One statement on the open connection (inside the caller's transaction).
Result<void> execute(GDALDataset& ds, const std::string& sql, const std::string& shown, const std::string& table) {
  CPLErrorReset();
  OGRLayer* rows = ds.ExecuteSQL(sql.c_str(), nullptr, nullptr);
  if (rows != nullptr) ds.ReleaseResultSet(rows);
  if (CPLGetLastErrorType() == CE_Failure || CPLGetLastErrorType() == CE_Fatal)
    return error(ErrorCode::io, "the database refused a statement" + gdal_message()).file(shown).layer(table).hint("check the user's rights on the schema");
  return {};
}

// QGIS's layer_styles (the columns QGIS 3 creates), then this run's styles in place of older ones for the same tables.
Result<void> write_styles(GDALDataset& ds, const PgTarget& target, std::span<const LayerStyle> styles, const std::string& shown) {
  if (styles.empty()) return {};
  TRY(execute(ds,
              "CREATE TABLE IF NOT EXISTS public.layer_styles (id SERIAL PRIMARY KEY, f_table_catalog varchar(256), "
              "f_table_schema varchar(256), f_table_name varchar(256), f_geometry_column varchar(256), stylename text, "
              "styleqml xml, stylesld xml, useasdefault boolean, description text, owner varchar(63) DEFAULT CURRENT_USER, ui xml, "
              "update_time timestamp DEFAULT CURRENT_TIMESTAMP, type varchar)",
              shown, "layer_styles"));
  for (const LayerStyle& st : styles) {
    const std::string column = st.geometry_column.empty() ? "geom" : st.geometry_column;
    TRY(execute(ds, "DELETE FROM public.layer_styles WHERE f_table_schema = " + literal(target.schema) + " AND f_table_name = " + literal(st.table),
                shown, "layer_styles"));
    TRY(execute(ds,
                "INSERT INTO public.layer_styles (f_table_catalog, f_table_schema, f_table_name, f_geometry_column, stylename, styleqml, "
                "stylesld, useasdefault, description, type) VALUES (current_database(), " +
                    literal(target.schema) + ", " + literal(st.table) + ", " + literal(column) + ", " + literal(st.name.empty() ? st.table : st.name) +
                    ", XMLPARSE(DOCUMENT " + literal(st.qml) + "), " + (st.sld.empty() ? std::string("NULL") : "XMLPARSE(DOCUMENT " + literal(st.sld) + ")") +
                    ", " + (st.use_as_default ? "true" : "false") + ", " + literal(st.description) + ", 'vector')",
                shown, "layer_styles"));
  }
  return {};
}

Result<void> write_all(GDALDataset& ds, const PgTarget& target, std::span<const FeatureTable* const> tables, std::span<const LayerStyle> styles,
                       const std::string& shown) {
  TRY(execute(ds, "CREATE SCHEMA IF NOT EXISTS " + target.schema, shown, ""));
  WriteOptions opts;
  opts.driver = "PostgreSQL";
  opts.layer_options = {"SCHEMA=" + target.schema, "OVERWRITE=YES", "GEOMETRY_NAME=geom", "FID=fid", "LAUNDER=NO", "SPATIAL_INDEX=GIST"};
  for (const FeatureTable* t : tables) TRY(detail::write_table(ds, *t, "PostgreSQL", shown, opts, false));
  TRY(write_styles(ds, target, styles, shown));
  return util::test_hook("pg-written");
}

}  // namespace

bool is_pg_target(const std::string& out) { return out.size() >= 3 && (out.rfind("PG:", 0) == 0 || out.rfind("pg:", 0) == 0); }

Result<void> check_schema_name(const std::string& schema) {
  bool ok = !schema.empty() && schema.size() <= 63 && !(schema[0] >= '0' && schema[0] <= '9');
  for (const char c : schema) ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
  if (!ok)
    return error(ErrorCode::input, "the schema name '" + schema + "' is not a plain SQL name")
        .hint("use lower-case letters, digits and _, not starting with a digit, e.g. --schema review_2025");
  return {};
}

Result<void> write_pg_layers(const PgTarget& target, std::span<const FeatureTable* const> tables, std::span<const LayerStyle> styles) {
  static std::once_flag once;
  std::call_once(once, [] { GDALAllRegister(); });
  TRY(check_schema_name(target.schema));
  const std::string shown = shown_connection(target.connection);
  if (!is_pg_target(target.connection))
    return error(ErrorCode::input, "not a PostgreSQL connection").file(shown).hint("write it as PG:\"dbname=... host=...\"");
  QuietGdal quiet;
  CPLConfigOptionSetter copy("PG_USE_COPY", "YES", true);
  const char* open_options[] = {"SCHEMAS", nullptr, nullptr};
  const std::string schemas = "SCHEMAS=" + target.schema;
  open_options[0] = schemas.c_str();
  DatasetPtr ds(GDALDataset::FromHandle(
      GDALOpenEx(target.connection.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, nullptr, open_options, nullptr)));
  if (!ds)
    return error(ErrorCode::io, "cannot connect to the database" + gdal_message())
        .file(shown)
        .hint("check dbname, host, port and user; the server must be running and have PostGIS (CREATE EXTENSION postgis)");
  if (ds->StartTransaction() != OGRERR_NONE) return error(ErrorCode::io, "cannot start a transaction" + gdal_message()).file(shown);
  if (auto ok = write_all(*ds, target, tables, styles, shown); !ok) {
    ds->RollbackTransaction();
    return ok;
  }
  if (ds->CommitTransaction() != OGRERR_NONE)
    return error(ErrorCode::io, "the database did not commit the results" + gdal_message()).file(shown).hint("the previous tables are unchanged");
  return {};
}

}  // namespace jiuyou::io
