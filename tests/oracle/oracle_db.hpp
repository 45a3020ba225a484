#pragma once
// The oracle's database side (see oracle_sql.hpp): SQL text helpers, the rule
// filters as PostgreSQL where-clauses, and loading a county's layers and DEM
// into PostGIS. Nothing here calls the engine.

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "gis/indicators/rule_set.hpp"
#include "gis/model/raster.hpp"
#include "tests/oracle/postgis_server.hpp"

namespace jiuyou::oracle {

// ---- small SQL helpers -------------------------------------------------------

inline std::string sql_text(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    out += c;
    if (c == '\'') out += '\'';
  }
  return out + "'";
}

inline std::string sql_num(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

inline std::string sql_ident(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    out += c;
    if (c == '"') out += '"';
  }
  return out + "\"";
}

// The identifiers an OGR SQL filter reads (not keywords, not function names, not inside strings).
inline std::set<std::string> filter_fields(const std::string& text) {
  static const std::set<std::string> keywords = {"and", "or", "not", "in", "is", "null", "like", "ilike", "between", "true", "false"};
  std::set<std::string> out;
  size_t i = 0;
  const size_t n = text.size();
  auto is_id0 = [](char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; };
  auto is_id = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  while (i < n) {
    const char c = text[i];
    if (c == '\'') {
      for (++i; i < n; ++i) {
        if (text[i] == '\'') {
          if (i + 1 < n && text[i + 1] == '\'') {
            ++i;
            continue;
          }
          ++i;
          break;
        }
      }
    } else if (c == '"') {
      const size_t e = text.find('"', i + 1);
      out.insert(text.substr(i + 1, e == std::string::npos ? std::string::npos : e - i - 1));
      i = e == std::string::npos ? n : e + 1;
    } else if (is_id0(c)) {
      size_t e = i;
      while (e < n && is_id(text[e])) ++e;
      std::string word = text.substr(i, e - i);
      size_t k = e;
      while (k < n && std::isspace(static_cast<unsigned char>(text[k]))) ++k;
      std::string lower = word;
      std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
      if (!(k < n && text[k] == '(') && !keywords.count(lower)) out.insert(word);
      i = e;
    } else if (std::isdigit(static_cast<unsigned char>(c))) {
      while (i < n && (std::isalnum(static_cast<unsigned char>(text[i])) || text[i] == '.')) ++i;
    } else {
      ++i;
    }
  }
  return out;
}

// The county of a village code in SQL: the first 6 digits of a 12-digit code, '' otherwise (the engine's groups).
inline std::string pg_county_of(const std::string& code) {
  return "(CASE WHEN " + code + "::text ~ '^[0-9]{12}$' THEN left(" + code + "::text, 6) ELSE '' END)";
}

// OGR SQL where-syntax -> PostgreSQL: `==` -> `=`, county aggregates -> over the villages of the row's own county:
// with `windows`, as the columns l.agg_K of a window query the caller builds (window_aggs[K] is the window
// expression), else as a correlated subquery over public.villages aliased l outside. Everything else of the
// README's subset is PostgreSQL already.
inline std::string pg_expression(const std::string& text, std::vector<std::string>* window_aggs = nullptr) {
  if (text.find("${") != std::string::npos) throw std::runtime_error("unsubstituted rule parameter in '" + text + "'");
  std::string out;
  size_t i = 0;
  const size_t n = text.size();
  while (i < n) {
    const char c = text[i];
    if (c == '\'') {
      size_t e = i + 1;
      for (; e < n; ++e) {
        if (text[e] == '\'') {
          if (e + 1 < n && text[e + 1] == '\'') {
            ++e;
            continue;
          }
          break;
        }
      }
      out += text.substr(i, e + 1 - i);
      i = e + 1;
    } else if (c == '=' && i + 1 < n && text[i + 1] == '=') {
      out += '=';
      i += 2;
    } else if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      size_t e = i;
      while (e < n && (std::isalnum(static_cast<unsigned char>(text[e])) || text[e] == '_')) ++e;
      std::string word = text.substr(i, e - i);
      std::string lower = word;
      std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
      size_t k = e;
      while (k < n && std::isspace(static_cast<unsigned char>(text[k]))) ++k;
      if ((lower == "county_mean" || lower == "county_median" || lower == "county_sum") && k < n && text[k] == '(') {
        const size_t close = text.find(')', k);
        if (close == std::string::npos) throw std::runtime_error("unbalanced aggregate in '" + text + "'");
        std::string field = text.substr(k + 1, close - k - 1);
        field.erase(0, field.find_first_not_of(" \t"));
        field.erase(field.find_last_not_of(" \t") + 1);
        // The engine's groups: one county (or none) among the 12-digit codes: every village; several: the village's
        // county, or the whole run for a village whose code names none.
        const std::string several = "((SELECT count(DISTINCT left(code::text, 6)) FROM public.villages WHERE code::text ~ '^[0-9]{12}$') > 1)";
        const std::string same_county = "(NOT " + several + " OR l.code::text !~ '^[0-9]{12}$' OR " + pg_county_of("w.code") + " = " +
                                        pg_county_of("l.code") + ")";
        if (window_aggs != nullptr && lower != "county_median") {
          const std::string fn = (lower == "county_mean" ? "avg(" : "sum(") + field + ")";
          out += "l.agg_" + std::to_string(window_aggs->size());
          window_aggs->push_back("CASE WHEN " + several + " AND code::text ~ '^[0-9]{12}$' THEN " + fn + " OVER (PARTITION BY " + pg_county_of("code") +
                                 ") ELSE " + fn + " OVER () END");
        } else {
          std::string agg = lower == "county_mean" ? "avg(w." + field + ")"
                            : lower == "county_sum" ? "sum(w." + field + ")"
                                                    : "percentile_cont(0.5) WITHIN GROUP (ORDER BY w." + field + ")";
          out += "(SELECT " + agg + " FROM public.villages w WHERE " + same_county + ")";
        }
        i = close + 1;
      } else {
        out += word;
        i = e;
      }
    } else {
      out += c;
      ++i;
    }
  }
  return out;
}

// ---- what the database holds -------------------------------------------------

struct DbSchema {
  std::map<std::string, std::set<std::string>> columns;  // table -> columns
  bool has_dem = false;
  int srid = 0;

  [[nodiscard]] bool has(const std::string& table) const { return columns.count(table) > 0; }
  // The tables of a layer group: L itself and L_<anything>, sorted.
  [[nodiscard]] std::vector<std::string> group(const std::string& layer) const {
    std::vector<std::string> out;
    for (const auto& [t, cols] : columns) {
      if (t == layer || (t.size() > layer.size() + 1 && t.compare(0, layer.size() + 1, layer + "_") == 0)) {
        if (cols.count("geom")) out.push_back(t);
      }
    }
    return out;
  }
  // Whether `table` has every field `filter` reads.
  [[nodiscard]] bool can_filter(const std::string& table, const std::string& filter) const {
    const auto it = columns.find(table);
    if (it == columns.end()) return false;
    for (const auto& f : filter_fields(filter))
      if (!it->second.count(f)) return false;
    return true;
  }
};

inline DbSchema read_schema(const PostgisServer& server) {
  DbSchema s;
  std::istringstream in(server.query(
      "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' "
      "AND table_name NOT IN ('spatial_ref_sys', 'geometry_columns', 'geography_columns', 'raster_columns', 'raster_overviews') "
      "AND table_name NOT LIKE 'oracle%' ORDER BY 1, 2;"));
  std::string line;
  while (std::getline(in, line)) {
    const auto tab = line.find('\t');
    if (tab == std::string::npos) continue;
    s.columns[line.substr(0, tab)].insert(line.substr(tab + 1));
  }
  s.has_dem = s.columns.count("dem") && s.columns["dem"].count("rast");
  s.columns.erase("dem");
  if (s.has("villages")) s.srid = std::stoi(server.query("SELECT Find_SRID('public', 'villages', 'geom');"));
  return s;
}

// ---- loading -----------------------------------------------------------------

// Loads layers of a GDAL vector source with ogr2ogr (COPY, GiST index, FIDs kept as `fid`,
// names as they are). `layers`: source layer -> table; empty: every layer under its own name.
inline void load_vectors(const PostgisServer& server, const std::string& source, const std::vector<std::pair<std::string, std::string>>& layers = {},
                         const std::string& t_srs = {}) {
  const std::string base = "ogr2ogr --config PG_USE_COPY YES -f PostgreSQL " + shell_quote("PG:" + server.conninfo()) + " " + shell_quote(source) +
                           " -lco GEOMETRY_NAME=geom -lco FID=fid -lco LAUNDER=NO -lco PRECISION=NO -lco SPATIAL_INDEX=GIST -preserve_fid"
                           " -nlt GEOMETRY -gt 100000" +
                           (t_srs.empty() ? std::string() : " -t_srs " + shell_quote(t_srs));
  auto run = [&](const std::string& cmd) {
    auto r = run_command(cmd);
    if (r.status != 0) throw std::runtime_error("ogr2ogr failed: " + r.output + "\n" + cmd);
  };
  if (layers.empty()) {
    run(base);
  } else {
    for (const auto& [src, table] : layers) run(base + " " + shell_quote(src) + " -nln " + shell_quote(table));
  }
}

// The DEM as `dem(rid, rast)`: 32x32 tiles built from the cell values (float32, exact),
// the same geotransform, nodata kept. (raster2pgsql lives in Debian's `postgis` package, which
// the project does not install; this is what it would do.)
inline void load_dem(const PostgisServer& server, const Raster& dem, int srid) {
  std::string sql = "DROP TABLE IF EXISTS dem; CREATE TABLE dem (rid serial PRIMARY KEY, rast raster);\n";
  const auto& gt = dem.geotransform;
  bool any_nan = false;
  for (float v : dem.values) any_nan = any_nan || std::isnan(v);
  std::optional<double> nodata = dem.nodata;
  if (any_nan && !nodata) nodata = -3.0e38;
  const int tile = 32;  // small tiles: ST_Value detoasts the whole tile per call
  server.query(sql);
  sql.clear();
  char buf[32];
  size_t batch_bytes = 0;
  for (int r0 = 0; r0 < dem.height; r0 += tile) {
    for (int c0 = 0; c0 < dem.width; c0 += tile) {
      const int w = std::min(tile, dem.width - c0);
      const int h = std::min(tile, dem.height - r0);
      const double ulx = gt[0] + c0 * gt[1] + r0 * gt[2];
      const double uly = gt[3] + c0 * gt[4] + r0 * gt[5];
      std::string s = "INSERT INTO dem (rast) SELECT ST_SetValues(ST_AddBand(ST_MakeEmptyRaster(" + std::to_string(w) + ", " + std::to_string(h) + ", " +
                      sql_num(ulx) + ", " + sql_num(uly) + ", " + sql_num(gt[1]) + ", " + sql_num(gt[5]) + ", " + sql_num(gt[2]) + ", " + sql_num(gt[4]) +
                      ", " + std::to_string(srid) + "), '32BF'::text, 0::double precision, " + (nodata ? sql_num(*nodata) : std::string("NULL")) +
                      "::double precision), 1, 1, 1, ARRAY[";
      for (int r = 0; r < h; ++r) {
        s += r ? ",[" : "[";
        for (int c = 0; c < w; ++c) {
          float v = dem.at(c0 + c, r0 + r);
          if (std::isnan(v)) v = static_cast<float>(*nodata);
          std::snprintf(buf, sizeof buf, c ? ",%.9g" : "%.9g", static_cast<double>(v));
          s += buf;
        }
        s += "]";
      }
      s += "]::double precision[][]);\n";
      batch_bytes += s.size();
      sql += s;
      if (batch_bytes > (64u << 20)) {
        server.query(sql);
        sql.clear();
        batch_bytes = 0;
      }
    }
  }
  sql += "CREATE INDEX dem_rast_gist ON dem USING gist (ST_ConvexHull(rast)); ANALYZE dem;\n";
  server.query(sql);
}

// After loading: integer columns to double precision (the engine computes in doubles), the
// helper schema (x / 0 -> NULL, DEM lookup), the villages' geometry roles, ANALYZE.
inline void prepare_database(const PostgisServer& server) {
  server.query(R"SQL(
SET client_min_messages = warning;
DO $$ DECLARE r record; BEGIN
  FOR r IN SELECT table_name, column_name FROM information_schema.columns
           WHERE table_schema = 'public' AND column_name <> 'fid'
             AND data_type IN ('smallint', 'integer', 'bigint', 'numeric', 'real')
             AND table_name NOT IN ('spatial_ref_sys') AND table_name NOT LIKE 'oracle%'
             AND table_name IN (SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE')
  LOOP
    EXECUTE format('ALTER TABLE public.%I ALTER COLUMN %I TYPE double precision', r.table_name, r.column_name);
  END LOOP;
END $$;
DROP SCHEMA IF EXISTS oracle CASCADE;
CREATE SCHEMA oracle;
CREATE FUNCTION oracle.safe_div(double precision, double precision) RETURNS double precision
  LANGUAGE sql IMMUTABLE AS 'SELECT CASE WHEN $2 = 0 THEN NULL ELSE $1 OPERATOR(pg_catalog./) $2 END';
CREATE OPERATOR oracle./ (LEFTARG = double precision, RIGHTARG = double precision, FUNCTION = oracle.safe_div);
CREATE TABLE oracle.v AS
  SELECT fid AS vfid, code::text AS code, geom,
         geom IS NOT NULL AND NOT ST_IsEmpty(geom) AS has_geom,
         COALESCE(ST_Dimension(geom) = 2, false) AS is_poly,
         CASE WHEN geom IS NULL OR ST_IsEmpty(geom) THEN NULL
              WHEN ST_Dimension(geom) = 2 THEN ST_PointOnSurface(geom)
              ELSE ST_GeometryN(geom, 1) END AS pt,
         NULL::double precision AS h
  FROM public.villages;
CREATE INDEX ON oracle.v USING gist (geom);
CREATE INDEX ON oracle.v USING gist (pt);
CREATE UNIQUE INDEX ON oracle.v (vfid);
)SQL");
  const DbSchema schema = read_schema(server);
  if (schema.has_dem) {
    server.query(R"SQL(
CREATE FUNCTION oracle.dem_at(p geometry) RETURNS double precision LANGUAGE sql STABLE AS
  'SELECT max(ST_Value(d.rast, 1, p)) FROM public.dem d WHERE ST_ConvexHull(d.rast) && p';
SET client_min_messages = warning;
UPDATE oracle.v SET h = oracle.dem_at(pt) WHERE pt IS NOT NULL;
)SQL");
  }
  server.query("SET client_min_messages = warning; VACUUM ANALYZE;");
}

}  // namespace jiuyou::oracle
