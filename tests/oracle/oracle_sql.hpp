#pragma once
// The village check written a second time, in PostGIS SQL, straight from
// gis/indicators/README.md: the independent oracle for the engine's
// check_villages() and the peer of bench/check_bench.cpp.
//
// Nothing here calls the engine: the layers go to PostgreSQL through a
// GeoPackage and ogr2ogr, the DEM as raster tiles built from the cell values,
// and every item is one SQL script over the raw tables (filters pasted in as
// PostgreSQL where-clauses, as the README promises they are). Only the rule
// set's parsed fields (item kinds, thresholds, filter texts) are shared.
//
// How each README rule is expressed:
//  - layer groups: an item's layer L is every table named L or L_<anything>;
//    a table lacking a field that a filter reads contributes nothing to that
//    filter's role; rows are split by ST_Dimension (0/1 = distance candidates,
//    2 = coverage / served polygons).
//  - network_access components: candidate lines (each part of a multi-line
//    feature on its own, ST_Dump; the group's tables together) a, b are joined when
//    ST_Intersects(a, b) (crossings, shared vertices), or an endpoint of a
//    (ST_StartPoint/ST_EndPoint) lies within tolerance of b, or
//    vice versa. Endpoint-to-endpoint within tolerance is the special case of
//    endpoint-to-b. This is NOT ST_ClusterDBSCAN(eps := tolerance): DBSCAN
//    also joins two lines whose interiors pass within tolerance without
//    touching and without an endpoint involved (an inner vertex of one near
//    the other), which the README does not. Reachability from the seeds
//    (trunk lines, lines within anchor_distance of an anchor point) is a
//    recursive CTE over the symmetric edge table (breadth-first, UNION dedup).
//  - nearest qualifying feature: KNN `<->` (exact distances for geometry
//    since PostGIS 2.2), the 8 nearest kept so ties (a village nearest to a
//    vertex shared by two roads) can be recognised.
//  - coverage: point village ST_Intersects a polygon, or ST_DWithin a tower
//    with its radius (exact, not the 128-gon); polygon village: area of
//    village ∩ ST_Union(polygons, ST_Buffer(tower, r, 'quad_segs=32')) / area,
//    the union built once for the county and ST_Subdivide'd into disjoint
//    pieces, the village's intersections with the pieces summed.
//  - water: served = ST_Intersects(village, served polygon); else candidates
//    ST_DWithin(c, village point, max_distance) with
//    |DEM(village point) - DEM(ST_ClosestPoint(c, village point))| <=
//    max_vertical; DEM = ST_Value (nearest: the cell containing the point).
//    Nothing in reach fails whatever the heights. A candidate in range whose
//    height is unknown (off the DEM) makes the item unknown instead of fail
//    when no candidate passes. The distance is that of the source the
//    heights were judged on (least difference, then nearer), else the nearest.
//  - facility: the evidence is the nearest facility linked by code, else the
//    nearest candidate.
//  - a feature whose filter is NULL where a candidate would have counted
//    (network, facility; water with nothing in reach) makes a fail unknown.
//  - attribute: the expression as a PostgreSQL condition over the villages
//    table, integer columns cast to double precision (so 3 / 200 is 0.015,
//    not 0), x / 0 is NULL (unknown) instead of an error, county_mean(f) =
//    (SELECT avg(f) FROM villages).
//  - all_of / any_of and the verdict: GROUP BY over the children's rows.
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

#include "tests/oracle/oracle_db.hpp"

namespace jiuyou::oracle {

enum class OracleOutcome : unsigned char { pass, fail, unknown };

inline const char* outcome_name(OracleOutcome o) {
  switch (o) {
    case OracleOutcome::pass: return "pass";
    case OracleOutcome::fail: return "fail";
    case OracleOutcome::unknown: return "unknown";
  }
  return "?";
}

struct OracleCell {
  OracleOutcome outcome = OracleOutcome::unknown;
  double distance_m = std::nan("");
  double share = std::nan("");
  double value = std::nan("");
  double unconnected_m = std::nan("");
  std::vector<std::string> nearest;  // "layer:fid" of the (up to 8) nearest qualifying features, nearest first
  std::vector<double> nearest_d;     // their distances
};

struct OracleRun {
  std::string rules;
  std::vector<std::string> items;                  // rule order
  std::vector<int64_t> village_fids;               // sorted
  std::unordered_map<int64_t, size_t> village_row;  // fid -> index into village_fids
  std::vector<OracleCell> cells;                   // village-major: cells[v * items.size() + i]
  std::vector<OracleOutcome> verdict;
  std::vector<int> net4, jiuyou;
  std::vector<std::pair<std::string, double>> item_seconds;  // server-side time per item (clock_timestamp)
  double seconds = 0;                                        // wall time of the check script
  long backend_vm_hwm_kib = -1;                              // the backend's peak RSS at the end of the script

  [[nodiscard]] const OracleCell& cell(size_t v, size_t i) const { return cells[v * items.size() + i]; }
};

// ---- the check, item by item -------------------------------------------------

namespace detail {

// The item's exclude_filter on table `t`: rows it is TRUE on count for none of the item's filters; nothing on a
// table lacking a field it reads, and a NULL excludes nothing.
inline std::string keep(const DbSchema& db, const std::string& t, const std::string& exclude) {
  if (exclude.empty() || !db.can_filter(t, exclude)) return {};
  return " AND NOT COALESCE((" + pg_expression(exclude) + "), false)";
}

// UNION ALL of `select_list` over the tables of a layer group that can evaluate
// `filter` (and `extra_fields`), restricted to rows of the given dimensions, less the rows `exclude` selects.
inline std::string group_rows(const DbSchema& db, const std::string& layer, const std::string& filter, const std::string& dims, const std::string& exclude,
                              const std::string& select_list, const std::vector<std::string>& extra_filters = {}) {
  std::string out;
  for (const auto& t : db.group(layer)) {
    if (!db.can_filter(t, filter)) continue;
    bool ok = true;
    for (const auto& f : extra_filters) ok = ok && db.can_filter(t, f);
    if (!ok) continue;
    std::string sel = select_list;
    // ${table} -> the table name as text
    for (size_t p = sel.find("${table}"); p != std::string::npos; p = sel.find("${table}")) sel.replace(p, 8, sql_text(t));
    if (!out.empty()) out += "\n  UNION ALL ";
    out += "SELECT " + sel + " FROM public." + sql_ident(t) + " l WHERE l.geom IS NOT NULL AND NOT ST_IsEmpty(l.geom) AND ST_Dimension(l.geom) IN (" + dims +
           ")" + (filter.empty() ? std::string() : " AND (" + pg_expression(filter) + ")") + keep(db, t, exclude);
  }
  return out;
}

// Features of the group whose filter is NULL (it reads a NULL: a road of unknown
// surface): not candidates, but where one would have counted a fail is unknown.
inline std::string null_rows(const DbSchema& db, const std::string& layer, const std::string& filter, const std::string& dims, const std::string& exclude) {
  if (filter.empty()) return {};
  std::string out;
  for (const auto& t : db.group(layer)) {
    if (!db.can_filter(t, filter)) continue;
    if (!out.empty()) out += "\n  UNION ALL ";
    out += "SELECT l.geom FROM public." + sql_ident(t) + " l WHERE l.geom IS NOT NULL AND NOT ST_IsEmpty(l.geom) AND ST_Dimension(l.geom) IN (" + dims +
           ") AND (" + pg_expression(filter) + ") IS NULL" + keep(db, t, exclude);
  }
  return out;
}

// A table oc_nul of those features (possibly empty), indexed.
inline std::string null_table(const DbSchema& db, const std::string& layer, const std::string& filter, const std::string& dims, const std::string& exclude) {
  const std::string rows = null_rows(db, layer, filter, dims, exclude);
  return "DROP TABLE IF EXISTS oc_nul;\nCREATE UNLOGGED TABLE oc_nul (geom geometry);\n" + (rows.empty() ? std::string() : "INSERT INTO oc_nul " + rows + ";\n") +
         "CREATE INDEX ON oc_nul USING gist (geom); ANALYZE oc_nul;\n";
}

inline std::string knn8(const std::string& table, const std::string& from) {
  return "LEFT JOIN LATERAL (SELECT min(k.d) AS d, array_agg(k.tag ORDER BY k.d, k.tag) AS tags, array_agg(k.d ORDER BY k.d, k.tag) AS ds FROM "
         "(SELECT q.lyr || ':' || q.fid AS tag, ST_Distance(q.geom, " + from + ") AS d FROM " + table + " q ORDER BY q.geom <-> " + from +
         " LIMIT 8) k) n ON v.has_geom";
}

inline std::string all_unknown(const std::string& id) {
  return "INSERT INTO oracle.result (item, vfid, outcome) SELECT " + sql_text(id) + ", vfid, 'unknown' FROM oracle.v;\n";
}

//  - a candidate that reaches the trunk only through lines whose filter is NULL (a trunk road of unknown surface),
//    or through lines whose trunk filter is NULL taken as trunk, makes a fail within its reach unknown: the same
//    reach over oc_cand plus the NULL-filter lines (each part, ST_Dump), trunk = trunk filter IS NOT FALSE (oc_maybe).
inline std::string maybe_connected_sql(const indicators::Item& it, const DbSchema& db) {
  const std::string tol = sql_num(it.tolerance_m);
  std::string s = "DROP TABLE IF EXISTS oc_opt, oc_oedge, oc_oreach, oc_maybe;\n"
                  "CREATE UNLOGGED TABLE oc_opt (oid serial, cid int, geom geometry, trunk boolean, ends geometry);\n"
                  "INSERT INTO oc_opt (cid, geom, trunk, ends) SELECT cid, geom, trunk OR trunk_maybe, ends FROM oc_cand;\n";
  for (const auto& t : db.group(it.layer)) {
    if (!db.can_filter(t, it.filter) || it.filter.empty()) continue;
    const std::string trunk = !it.trunk_filter.empty() && db.can_filter(t, it.trunk_filter) ? "((" + pg_expression(it.trunk_filter) + ") IS NOT FALSE)" : "false";
    s += "INSERT INTO oc_opt (cid, geom, trunk, ends) SELECT NULL, d.geom, " + trunk + ", ST_Collect(ST_StartPoint(d.geom), ST_EndPoint(d.geom)) FROM public." +
         sql_ident(t) + " l CROSS JOIN LATERAL ST_Dump(l.geom) d WHERE l.geom IS NOT NULL AND NOT ST_IsEmpty(l.geom) AND ST_Dimension(l.geom) = 1 AND (" +
         pg_expression(it.filter) + ") IS NULL" + keep(db, t, it.exclude_filter) + ";\n";
  }
  s += "CREATE INDEX ON oc_opt USING gist (geom); ANALYZE oc_opt;\n";
  if (!it.anchor_filter.empty()) {
    const std::string anchors = group_rows(db, it.layer, it.anchor_filter, "0", it.exclude_filter, "l.geom");
    if (!anchors.empty())
      s += "UPDATE oc_opt o SET trunk = true WHERE NOT trunk AND EXISTS (SELECT 1 FROM (" + anchors + ") a WHERE ST_DWithin(a.geom, o.geom, " +
           sql_num(it.anchor_distance_m) + "));\n";
  }
  s += "CREATE UNLOGGED TABLE oc_oedge AS SELECT a.oid AS a, b.oid AS b FROM oc_opt a JOIN oc_opt b ON a.oid < b.oid AND ST_DWithin(a.geom, b.geom, " + tol +
       ") WHERE ST_Intersects(a.geom, b.geom) OR ST_DWithin(a.ends, b.geom, " + tol + ") OR ST_DWithin(b.ends, a.geom, " + tol + ");\n";
  s += "INSERT INTO oc_oedge SELECT b, a FROM oc_oedge;\nCREATE INDEX ON oc_oedge (a); ANALYZE oc_oedge;\n";
  s += "SET enable_hashjoin = off; SET enable_mergejoin = off;\n";
  s += "CREATE UNLOGGED TABLE oc_oreach AS WITH RECURSIVE r(oid) AS (SELECT oid FROM oc_opt WHERE trunk UNION SELECT e.b FROM r JOIN oc_oedge e ON e.a = r.oid) "
       "SELECT oid FROM r;\n";
  s += "RESET enable_hashjoin; RESET enable_mergejoin;\nCREATE UNIQUE INDEX ON oc_oreach (oid); ANALYZE oc_oreach;\n";
  s += "CREATE UNLOGGED TABLE oc_maybe AS SELECT c.geom FROM oc_cand c JOIN oc_opt o ON o.cid = c.cid WHERE EXISTS (SELECT 1 FROM oc_oreach r WHERE r.oid = o.oid) "
       "AND NOT EXISTS (SELECT 1 FROM oc_reach q WHERE q.cid = c.cid);\n";
  s += "CREATE INDEX ON oc_maybe USING gist (geom); ANALYZE oc_maybe;\n";
  return s;
}

inline std::string network_access_sql(const indicators::Item& it, const DbSchema& db) {
  const std::string id = sql_text(it.id);
  const std::string cand = group_rows(db, it.layer, it.filter, it.require_connected ? "1" : "0, 1", it.exclude_filter, "${table} AS lyr, l.fid, l.geom" +
      std::string(it.require_connected ? ", false AS trunk" : ""));
  if (db.group(it.layer).empty()) return all_unknown(it.id);
  std::string s;
  s += "DROP TABLE IF EXISTS oc_cand, oc_edge, oc_reach, oc_qual, oc_unq;\n";
  s += "CREATE UNLOGGED TABLE oc_cand (cid serial, lyr text, fid bigint, geom geometry, trunk boolean, ends geometry, trunk_maybe boolean DEFAULT false);\n";
  if (!cand.empty()) {
    if (it.require_connected) {
      // trunk per table (a table lacking a trunk field contributes no trunk)
      for (const auto& t : db.group(it.layer)) {
        if (!db.can_filter(t, it.filter)) continue;
        const std::string trunk = !it.trunk_filter.empty() && db.can_filter(t, it.trunk_filter) ? "((" + pg_expression(it.trunk_filter) + ") IS TRUE)" : "false";
        // one candidate per line: a multi-line feature's parts are joined only where they meet (tour 18 S9)
        const std::string trunk_maybe =
            !it.trunk_filter.empty() && db.can_filter(t, it.trunk_filter) ? "((" + pg_expression(it.trunk_filter) + ") IS NULL)" : "false";
        s += "INSERT INTO oc_cand (lyr, fid, geom, trunk, ends, trunk_maybe) SELECT " + sql_text(t) + ", l.fid, d.geom, " + trunk +
             ", ST_Collect(ST_StartPoint(d.geom), ST_EndPoint(d.geom)), " + trunk_maybe +
             " FROM public." + sql_ident(t) +
             " l CROSS JOIN LATERAL ST_Dump(l.geom) d WHERE l.geom IS NOT NULL AND NOT ST_IsEmpty(l.geom) AND ST_Dimension(l.geom) = 1 AND (" +
             pg_expression(it.filter) + ")" + keep(db, t, it.exclude_filter) + ";\n";
      }
    } else {
      s += "INSERT INTO oc_cand (lyr, fid, geom) " + group_rows(db, it.layer, it.filter, "0, 1", it.exclude_filter, "${table}, l.fid, l.geom") + ";\n";
    }
  }
  // No index on cid: the planner would AND it into the self-join below (a.cid < b.cid) and go quadratic.
  s += "CREATE INDEX ON oc_cand USING gist (geom); ANALYZE oc_cand;\n";
  if (it.require_connected) {
    // anchors: point rows of the group with anchor_filter TRUE
    if (!it.anchor_filter.empty()) {
      const std::string anchors = group_rows(db, it.layer, it.anchor_filter, "0", it.exclude_filter, "l.geom");
      if (!anchors.empty()) {
        s += "CREATE UNLOGGED TABLE oc_anchor AS " + anchors + ";\nCREATE INDEX ON oc_anchor USING gist (geom); ANALYZE oc_anchor;\n";
        s += "UPDATE oc_cand c SET trunk = true WHERE NOT trunk AND EXISTS (SELECT 1 FROM oc_anchor a WHERE ST_DWithin(a.geom, c.geom, " + sql_num(it.anchor_distance_m) +
             "));\nDROP TABLE oc_anchor;\nANALYZE oc_cand;\n";
      }
    }
    const std::string tol = sql_num(it.tolerance_m);
    s += "CREATE UNLOGGED TABLE oc_edge AS SELECT a.cid AS a, b.cid AS b FROM oc_cand a JOIN oc_cand b ON a.cid < b.cid AND ST_DWithin(a.geom, b.geom, " + tol +
         ") WHERE ST_Intersects(a.geom, b.geom) OR ST_DWithin(a.ends, b.geom, " + tol + ") OR ST_DWithin(b.ends, a.geom, " + tol + ");\n";
    s += "INSERT INTO oc_edge SELECT b, a FROM oc_edge;\nCREATE INDEX ON oc_edge (a); ANALYZE oc_edge;\n";
    s += "SET enable_hashjoin = off; SET enable_mergejoin = off;\n";
    s += "CREATE UNLOGGED TABLE oc_reach AS WITH RECURSIVE r(cid) AS (SELECT cid FROM oc_cand WHERE trunk UNION SELECT e.b FROM r JOIN oc_edge e ON e.a = r.cid) "
         "SELECT cid FROM r;\n";
    s += "RESET enable_hashjoin; RESET enable_mergejoin;\nCREATE UNIQUE INDEX ON oc_reach (cid); ANALYZE oc_reach;\n";
    s += "CREATE UNLOGGED TABLE oc_qual AS SELECT c.lyr, c.fid, c.geom FROM oc_cand c WHERE EXISTS (SELECT 1 FROM oc_reach r WHERE r.cid = c.cid);\n";
    s += "CREATE UNLOGGED TABLE oc_unq AS SELECT c.lyr, c.fid, c.geom FROM oc_cand c WHERE NOT EXISTS (SELECT 1 FROM oc_reach r WHERE r.cid = c.cid);\n";
    s += "CREATE INDEX ON oc_unq USING gist (geom); ANALYZE oc_unq;\n";
    s += maybe_connected_sql(it, db);
  } else {
    s += "CREATE UNLOGGED TABLE oc_qual AS SELECT lyr, fid, geom FROM oc_cand;\n";
    s += "DROP TABLE IF EXISTS oc_maybe;\nCREATE UNLOGGED TABLE oc_maybe (geom geometry);\n";
  }
  s += "CREATE INDEX ON oc_qual USING gist (geom); ANALYZE oc_qual;\n";
  s += null_table(db, it.layer, it.filter, "1", it.exclude_filter);
  s += "INSERT INTO oracle.result (item, vfid, outcome, distance_m, nearest, nearest_d, unconnected_m) SELECT " + id +
       ", v.vfid, CASE WHEN NOT v.has_geom THEN 'unknown' WHEN n.d <= " + sql_num(it.max_distance_m) +
       " THEN 'pass' WHEN EXISTS (SELECT 1 FROM oc_nul z WHERE ST_DWithin(z.geom, v.geom, " + sql_num(it.max_distance_m) +
       ")) THEN 'unknown' WHEN EXISTS (SELECT 1 FROM oc_maybe m WHERE ST_DWithin(m.geom, v.geom, " + sql_num(it.max_distance_m) +
       ")) THEN 'unknown' ELSE 'fail' END, n.d, n.tags, n.ds, " + (it.require_connected ? std::string("u.d") : std::string("NULL")) + " FROM oracle.v v " +
       knn8("oc_qual", "v.geom") +
       (it.require_connected ? " LEFT JOIN LATERAL (SELECT ST_Distance(q.geom, v.geom) AS d FROM oc_unq q ORDER BY q.geom <-> v.geom LIMIT 1) u ON v.has_geom"
                             : "") +
       ";\n";
  return s;
}

inline std::string coverage_sql(const indicators::Item& it, const DbSchema& db) {
  if (db.group(it.layer).empty()) return all_unknown(it.id);
  const std::string id = sql_text(it.id);
  std::string s = "DROP TABLE IF EXISTS oc_poly, oc_tower, oc_cov, oc_covu, oc_polyu, oc_toweru;\n";
  s += "CREATE UNLOGGED TABLE oc_poly (geom geometry);\nCREATE UNLOGGED TABLE oc_tower (geom geometry, r double precision);\n";
  s += "CREATE UNLOGGED TABLE oc_polyu (geom geometry);\nCREATE UNLOGGED TABLE oc_toweru (geom geometry, r double precision);\n";
  const std::string polys = group_rows(db, it.layer, it.filter, "2", it.exclude_filter, "l.geom");
  if (!polys.empty()) s += "INSERT INTO oc_poly " + polys + ";\n";
  // Coverage areas and towers whose filter is NULL (「2G/3G/4G」): where one reaches a failing village, unknown.
  const std::string polys_u = null_rows(db, it.layer, it.filter, "2", it.exclude_filter);
  if (!polys_u.empty()) s += "INSERT INTO oc_polyu " + polys_u + ";\n";
  if (!it.tower_filter.empty()) {
    for (const auto& t : db.group(it.layer)) {
      if (!db.can_filter(t, it.tower_filter)) continue;
      const bool has_r = db.columns.at(t).count("radius_m") > 0;
      const std::string def = it.tower_radius_m > 0 ? sql_num(it.tower_radius_m) : std::string("NULL");
      const std::string r = has_r ? "CASE WHEN l.radius_m > 0 THEN l.radius_m ELSE " + def + " END" : def;
      const std::string rows = " FROM public." + sql_ident(t) + " l WHERE l.geom IS NOT NULL AND NOT ST_IsEmpty(l.geom) AND ST_Dimension(l.geom) = 0 AND (" +
                               pg_expression(it.tower_filter) + ")";
      s += "INSERT INTO oc_tower SELECT l.geom, " + r + rows + keep(db, t, it.exclude_filter) + " AND " + r + " > 0;\n";
      s += "INSERT INTO oc_toweru SELECT l.geom, " + r + rows + " IS NULL" + keep(db, t, it.exclude_filter) + " AND " + r + " > 0;\n";
    }
  }
  s += "CREATE INDEX ON oc_polyu USING gist (geom); CREATE INDEX ON oc_toweru USING gist (geom); ANALYZE oc_polyu; ANALYZE oc_toweru;\n";
  const std::string reached_unknown = "(EXISTS (SELECT 1 FROM oc_polyu p WHERE ST_Intersects(p.geom, v.geom)) OR "
                                      "EXISTS (SELECT 1 FROM oc_toweru t WHERE ST_DWithin(t.geom, v.geom, t.r)))";
  s += "CREATE INDEX ON oc_poly USING gist (geom); CREATE INDEX ON oc_tower USING gist (geom); ANALYZE oc_poly; ANALYZE oc_tower;\n";
  s += "CREATE UNLOGGED TABLE oc_cov AS SELECT geom FROM oc_poly UNION ALL SELECT ST_Buffer(geom, r, 'quad_segs=32') FROM oc_tower;\n";
  // The union of all coverage once, cut into small disjoint pieces: a village's covered area is
  // the sum of its intersections with the pieces (the same region as intersecting the union).
  s += "CREATE UNLOGGED TABLE oc_covu AS SELECT ST_Subdivide(u, 128) AS geom FROM (SELECT ST_Union(geom) AS u FROM oc_cov) x WHERE u IS NOT NULL;\n";
  s += "CREATE INDEX ON oc_covu USING gist (geom); ANALYZE oc_covu;\n";
  const std::string covered = "CASE WHEN v.is_poly THEN sh.share >= " + sql_num(it.min_share) +
                              " ELSE EXISTS (SELECT 1 FROM oc_poly p WHERE ST_Intersects(p.geom, v.geom)) "
                              "OR EXISTS (SELECT 1 FROM oc_tower t WHERE ST_DWithin(t.geom, v.geom, t.r)) END";
  const std::string share_join = " LEFT JOIN LATERAL (SELECT COALESCE(sum(ST_Area(ST_Intersection(c.geom, v.geom))) / NULLIF(ST_Area(v.geom), 0), 0) AS share "
                                 "FROM oc_covu c WHERE ST_Intersects(c.geom, v.geom)) sh ON v.is_poly";
  if (it.fiber_filter.empty()) {
    s += "INSERT INTO oracle.result (item, vfid, outcome, share) SELECT " + id + ", v.vfid, CASE WHEN NOT v.has_geom THEN 'unknown' WHEN " + covered +
         " THEN 'pass' WHEN " + reached_unknown + " THEN 'unknown' ELSE 'fail' END, sh.share FROM oracle.v v" + share_join + ";\n";
    return s;
  }
  // Fibre (光纤到村): a line of the group with fiber_filter TRUE within fiber_max_distance_m of the
  // village passes it; a line whose filter reads a NULL within that distance makes a fail unknown.
  const std::string fd = sql_num(it.fiber_max_distance_m);
  s += "DROP TABLE IF EXISTS oc_fib;\nCREATE UNLOGGED TABLE oc_fib (lyr text, fid bigint, geom geometry);\n";
  const std::string fib = group_rows(db, it.layer, it.fiber_filter, "1", it.exclude_filter, "${table} AS lyr, l.fid, l.geom");
  if (!fib.empty()) s += "INSERT INTO oc_fib " + fib + ";\n";
  s += "CREATE INDEX ON oc_fib USING gist (geom); ANALYZE oc_fib;\n";
  s += null_table(db, it.layer, it.fiber_filter, "1", it.exclude_filter);
  s += "INSERT INTO oracle.result (item, vfid, outcome, share, distance_m, nearest, nearest_d) SELECT " + id +
       ", v.vfid, CASE WHEN NOT v.has_geom THEN 'unknown' WHEN " + covered + " THEN 'pass' WHEN n.d <= " + fd +
       " THEN 'pass' WHEN EXISTS (SELECT 1 FROM oc_nul z WHERE ST_DWithin(z.geom, v.geom, " + fd + ")) THEN 'unknown' WHEN " + reached_unknown +
       " THEN 'unknown' ELSE 'fail' END, sh.share, n.d, n.tags, n.ds "
       "FROM oracle.v v" + share_join + " " + knn8("oc_fib", "v.geom") + ";\n";
  return s;
}

inline std::string water_sql(const indicators::Item& it, const DbSchema& db) {
  if (db.group(it.layer).empty()) return all_unknown(it.id);
  const std::string id = sql_text(it.id);
  std::string s = "DROP TABLE IF EXISTS oc_wc, oc_ws;\n";
  s += "CREATE UNLOGGED TABLE oc_wc (lyr text, fid bigint, geom geometry, h double precision);\nCREATE UNLOGGED TABLE oc_ws (geom geometry);\n";
  const std::string cand = group_rows(db, it.layer, it.filter, "0, 1", it.exclude_filter, "${table}, l.fid, l.geom, NULL::double precision");
  if (!cand.empty()) s += "INSERT INTO oc_wc " + cand + ";\n";
  if (!it.served_filter.empty()) {
    const std::string served = group_rows(db, it.layer, it.served_filter, "2", it.exclude_filter, "l.geom");
    if (!served.empty()) s += "INSERT INTO oc_ws " + served + ";\n";
  }
  s += "CREATE INDEX ON oc_wc USING gist (geom); CREATE INDEX ON oc_ws USING gist (geom); ANALYZE oc_wc; ANALYZE oc_ws;\n";
  const bool vertical = it.max_vertical_m >= 0;
  const std::string maxd = sql_num(it.max_distance_m);
  std::string w;
  // best_d: the distance of the source the heights were judged on (least height difference, then the nearer).
  if (vertical && db.has_dem) {
    w = "LEFT JOIN LATERAL (SELECT count(*) AS n, min(abs(v.h - x.hc)) AS best, count(*) FILTER (WHERE x.hc IS NULL) AS n_unknown, "
        "(array_agg(x.d ORDER BY abs(v.h - x.hc), x.d) FILTER (WHERE x.hc IS NOT NULL AND v.h IS NOT NULL))[1] AS best_d FROM "
        "(SELECT oracle.dem_at(ST_ClosestPoint(c.geom, v.pt)) AS hc, ST_Distance(c.geom, v.pt) AS d FROM oc_wc c WHERE ST_DWithin(c.geom, v.pt, " + maxd +
        ")) x) w ON v.has_geom";
  } else {
    w = "LEFT JOIN LATERAL (SELECT count(*) AS n, NULL::double precision AS best, 0 AS n_unknown, NULL::double precision AS best_d FROM oc_wc c "
        "WHERE ST_DWithin(c.geom, v.pt, " + maxd + ")) w ON v.has_geom";
  }
  s += null_table(db, it.layer, it.filter, "0, 1", it.exclude_filter);
  // Nothing in reach fails whatever the heights (README), unless a source of unknown safety is in reach.
  const std::string served = "EXISTS (SELECT 1 FROM oc_ws s WHERE ST_Intersects(s.geom, v.geom))";
  std::string outcome = "CASE WHEN NOT v.has_geom THEN 'unknown' WHEN " + served + " THEN 'pass' WHEN w.n = 0 THEN CASE WHEN EXISTS "
                        "(SELECT 1 FROM oc_nul z WHERE ST_DWithin(z.geom, v.pt, " + maxd + ")) THEN 'unknown' ELSE 'fail' END ";
  if (vertical) {
    if (!db.has_dem) {
      outcome += "ELSE 'unknown' END";
    } else {
      outcome += "WHEN v.h IS NULL THEN 'unknown' WHEN w.best <= " + sql_num(it.max_vertical_m) + " THEN 'pass' WHEN w.n_unknown > 0 THEN 'unknown' ELSE 'fail' END";
    }
  } else {
    outcome += "ELSE 'pass' END";
  }
  s += "INSERT INTO oracle.result (item, vfid, outcome, distance_m, value, nearest, nearest_d) SELECT " + id + ", v.vfid, " + outcome +
       ", CASE WHEN " + served + " THEN n.d ELSE COALESCE(w.best_d, n.d) END, w.best, n.tags, n.ds FROM oracle.v v " + w + " " + knn8("oc_wc", "v.pt") + ";\n";
  return s;
}

inline std::string facility_sql(const indicators::Item& it, const DbSchema& db) {
  if (db.group(it.layer).empty()) return all_unknown(it.id);
  const std::string id = sql_text(it.id);
  std::string s = "DROP TABLE IF EXISTS oc_fc;\nCREATE UNLOGGED TABLE oc_fc (lyr text, fid bigint, geom geometry, vcode text);\n";
  for (const auto& t : db.group(it.layer)) {
    if (!db.can_filter(t, it.filter)) continue;
    const std::string vcode = db.columns.at(t).count("village_code") ? "l.village_code::text" : "NULL::text";
    s += "INSERT INTO oc_fc SELECT " + sql_text(t) + ", l.fid, l.geom, " + vcode + " FROM public." + sql_ident(t) +
         " l WHERE l.geom IS NOT NULL AND NOT ST_IsEmpty(l.geom) AND ST_Dimension(l.geom) IN (0, 1)" +
         (it.filter.empty() ? std::string() : " AND (" + pg_expression(it.filter) + ")") + keep(db, t, it.exclude_filter) + ";\n";
  }
  s += "CREATE INDEX ON oc_fc USING gist (geom); CREATE INDEX ON oc_fc (vcode); ANALYZE oc_fc;\n";
  std::string outcome = "CASE WHEN NOT v.has_geom THEN 'unknown' ";
  // a code link counts within 10 km of the village (farther: a code typed wrong; README.md, facility row)
  if (it.link_by_code) outcome += "WHEN EXISTS (SELECT 1 FROM oc_fc c WHERE c.vcode = v.code AND ST_DWithin(c.geom, v.geom, 10000)) THEN 'pass' ";
  if (it.inside_counts) outcome += "WHEN v.is_poly AND EXISTS (SELECT 1 FROM oc_fc c WHERE ST_Intersects(c.geom, v.geom)) THEN 'pass' ";
  if (it.max_distance_m >= 0) outcome += "WHEN EXISTS (SELECT 1 FROM oc_fc c WHERE ST_DWithin(c.geom, v.geom, " + sql_num(it.max_distance_m) + ")) THEN 'pass' ";
  // A facility whose filter is NULL where one would have counted: unknown.
  s += null_table(db, it.layer, it.filter, "0, 1", it.exclude_filter);
  std::string would_count = "false";
  if (it.inside_counts) would_count += " OR (v.is_poly AND ST_Intersects(z.geom, v.geom))";
  if (it.max_distance_m >= 0) would_count += " OR ST_DWithin(z.geom, v.geom, " + sql_num(it.max_distance_m) + ")";
  outcome += "WHEN EXISTS (SELECT 1 FROM oc_nul z WHERE " + would_count + ") THEN 'unknown' ";
  if (it.link_by_code) outcome += "WHEN EXISTS (SELECT 1 FROM oc_fc c WHERE c.vcode = v.code) THEN 'unknown' ";
  outcome += "ELSE 'fail' END";
  // The evidence is the facility that made the village pass: the nearest linked one, else the nearest candidate.
  std::string linked = "LEFT JOIN LATERAL (SELECT NULL::double precision AS d, NULL::text[] AS tags, NULL::double precision[] AS ds) lk ON true";
  if (it.link_by_code)
    linked = "LEFT JOIN LATERAL (SELECT min(k.d) AS d, array_agg(k.tag ORDER BY k.d, k.tag) AS tags, array_agg(k.d ORDER BY k.d, k.tag) AS ds FROM "
             "(SELECT c.lyr || ':' || c.fid AS tag, ST_Distance(c.geom, v.geom) AS d FROM oc_fc c WHERE c.vcode = v.code AND ST_DWithin(c.geom, v.geom, 10000)) k) lk "
             "ON v.has_geom";
  s += "INSERT INTO oracle.result (item, vfid, outcome, distance_m, nearest, nearest_d) SELECT " + id + ", v.vfid, " + outcome +
       ", COALESCE(lk.d, n.d), CASE WHEN lk.d IS NOT NULL THEN lk.tags ELSE n.tags END, CASE WHEN lk.d IS NOT NULL THEN lk.ds ELSE n.ds END FROM oracle.v v " +
       linked + " " + knn8("oc_fc", "v.geom") + ";\n";
  return s;
}

inline std::string attribute_sql(const indicators::Item& it, const DbSchema& db) {
  if (!db.has("villages")) return all_unknown(it.id);
  // County aggregates over each village's own county, as window columns of the villages.
  std::vector<std::string> windows;
  const std::string e = "(" + pg_expression(it.expression, &windows) + ")";
  std::string from = "public.villages l";
  if (!windows.empty()) {
    from = "(SELECT v.*";
    for (size_t k = 0; k < windows.size(); ++k) from += ", " + windows[k] + " AS agg_" + std::to_string(k);
    from += " FROM public.villages v) l";
  }
  return "INSERT INTO oracle.result (item, vfid, outcome) SELECT " + sql_text(it.id) + ", l.fid, CASE WHEN " + e + " IS TRUE THEN 'pass' WHEN " + e +
         " IS FALSE THEN 'fail' ELSE 'unknown' END FROM " + from + ";\n";
}

inline std::string composite_sql(const indicators::Item& it) {
  std::string in;
  for (const auto& c : it.children) in += (in.empty() ? "" : ", ") + sql_text(c);
  const std::string outcome = it.kind == indicators::ItemKind::all_of
                                  ? "CASE WHEN bool_or(outcome = 'fail') THEN 'fail' WHEN bool_or(outcome = 'unknown') THEN 'unknown' ELSE 'pass' END"
                                  : "CASE WHEN bool_or(outcome = 'pass') THEN 'pass' WHEN bool_or(outcome = 'unknown') THEN 'unknown' ELSE 'fail' END";
  return "INSERT INTO oracle.result (item, vfid, outcome) SELECT " + sql_text(it.id) + ", vfid, " + outcome + " FROM oracle.result WHERE item IN (" + in +
         ") GROUP BY vfid;\n";
}

}  // namespace detail

// The whole check as one script (one session). Items are run children first.
inline std::string check_script(const indicators::RuleSet& rules, const DbSchema& db) {
  std::string s = "SET client_min_messages = warning;\nSET search_path = oracle, public, pg_catalog;\n";
  s += "DROP TABLE IF EXISTS oracle.result, oracle.items, oracle.timing, oracle.verdict;\n";
  s += "CREATE TABLE oracle.result (item text, vfid bigint, outcome text, distance_m double precision, share double precision, value double precision, "
       "nearest text[], nearest_d double precision[], unconnected_m double precision);\n";
  s += "CREATE TABLE oracle.timing (item text, at timestamptz);\nCREATE TABLE oracle.items (item text, required boolean, net4 boolean, jiuyou boolean);\n";
  for (const auto& it : rules.items)
    s += "INSERT INTO oracle.items VALUES (" + sql_text(it.id) + ", " + (it.required ? "true" : "false") + ", " + (it.in_net4 ? "true" : "false") + ", " +
         (it.in_jiuyou ? "true" : "false") + ");\n";
  s += "INSERT INTO oracle.timing VALUES ('', clock_timestamp());\n";
  std::set<std::string> done;
  std::vector<const indicators::Item*> order;
  while (order.size() < rules.items.size()) {
    const size_t before = order.size();
    for (const auto& it : rules.items) {
      if (done.count(it.id)) continue;
      bool ready = true;
      for (const auto& c : it.children) ready = ready && done.count(c);
      if (!ready) continue;
      order.push_back(&it);
      done.insert(it.id);
    }
    if (order.size() == before) throw std::runtime_error("rule set " + rules.id + ": cyclic or unknown children");
  }
  using indicators::ItemKind;
  for (const auto* it : order) {
    switch (it->kind) {
      case ItemKind::network_access: s += detail::network_access_sql(*it, db); break;
      case ItemKind::coverage: s += detail::coverage_sql(*it, db); break;
      case ItemKind::water_convenience: s += detail::water_sql(*it, db); break;
      case ItemKind::facility: s += detail::facility_sql(*it, db); break;
      case ItemKind::attribute: s += detail::attribute_sql(*it, db); break;
      case ItemKind::all_of:
      case ItemKind::any_of: s += detail::composite_sql(*it); break;
    }
    s += "INSERT INTO oracle.timing VALUES (" + sql_text(it->id) + ", clock_timestamp());\n";
  }
  s += "CREATE TABLE oracle.verdict AS SELECT r.vfid, CASE WHEN count(*) FILTER (WHERE i.required AND r.outcome = 'fail') > 0 THEN 'fail' "
       "WHEN count(*) FILTER (WHERE i.required AND r.outcome = 'unknown') > 0 THEN 'unknown' ELSE 'pass' END AS verdict, "
       "count(*) FILTER (WHERE i.net4 AND r.outcome = 'pass') AS net4, count(*) FILTER (WHERE i.jiuyou AND r.outcome = 'pass') AS jiuyou "
       "FROM oracle.result r JOIN oracle.items i USING (item) GROUP BY r.vfid;\n";
  s += "INSERT INTO oracle.timing VALUES ('verdict', clock_timestamp());\n";
  return s;
}

namespace detail {

inline double parse_double(const std::string& f) { return f == "\\N" || f.empty() ? std::nan("") : std::strtod(f.c_str(), nullptr); }

inline std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  size_t b = 0;
  for (;;) {
    const size_t e = s.find(sep, b);
    out.push_back(s.substr(b, e == std::string::npos ? std::string::npos : e - b));
    if (e == std::string::npos) break;
    b = e + 1;
  }
  return out;
}

inline OracleOutcome parse_outcome(const std::string& s) {
  if (s == "pass") return OracleOutcome::pass;
  if (s == "fail") return OracleOutcome::fail;
  return OracleOutcome::unknown;
}

}  // namespace detail

// Runs the check script and reads every cell back.
inline OracleRun run_check(const PostgisServer& server, const indicators::RuleSet& rules) {
  const DbSchema db = read_schema(server);
  if (!db.has("villages")) throw std::runtime_error("no villages table in the database");
  OracleRun run;
  run.rules = rules.id;
  for (const auto& it : rules.items) run.items.push_back(it.id);
  std::string script = check_script(rules, db);
  // The backend's peak memory, read while the session is still open.
  script += "SELECT pg_backend_pid() AS backend_pid \\gset\n\\setenv ORACLE_PID :backend_pid\n\\! grep VmHWM /proc/$ORACLE_PID/status\n";
  const auto t0 = std::chrono::steady_clock::now();
  const std::string out = server.query(script);
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (const auto p = out.find("VmHWM:"); p != std::string::npos) run.backend_vm_hwm_kib = std::strtol(out.c_str() + p + 6, nullptr, 10);

  // villages
  {
    std::istringstream in(server.query("SELECT vfid FROM oracle.v ORDER BY vfid;"));
    std::string line;
    while (std::getline(in, line))
      if (!line.empty()) run.village_fids.push_back(std::stoll(line));
    for (size_t i = 0; i < run.village_fids.size(); ++i) run.village_row[run.village_fids[i]] = i;
  }
  std::unordered_map<std::string, size_t> item_index;
  for (size_t i = 0; i < run.items.size(); ++i) item_index[run.items[i]] = i;
  run.cells.assign(run.village_fids.size() * run.items.size(), OracleCell{});
  {
    std::istringstream in(server.query(
        "COPY (SELECT item, vfid, outcome, distance_m, share, value, unconnected_m, array_to_string(nearest, ' '), array_to_string(nearest_d, ' ') "
        "FROM oracle.result) TO STDOUT;"));
    std::string line;
    while (std::getline(in, line)) {
      const auto f = detail::split(line, '\t');
      if (f.size() < 9) continue;
      const auto ii = item_index.find(f[0]);
      const auto vi = run.village_row.find(std::stoll(f[1]));
      if (ii == item_index.end() || vi == run.village_row.end()) continue;
      OracleCell& c = run.cells[vi->second * run.items.size() + ii->second];
      c.outcome = detail::parse_outcome(f[2]);
      c.distance_m = detail::parse_double(f[3]);
      c.share = detail::parse_double(f[4]);
      c.value = detail::parse_double(f[5]);
      c.unconnected_m = detail::parse_double(f[6]);
      if (f[7] != "\\N" && !f[7].empty()) c.nearest = detail::split(f[7], ' ');
      if (f[8] != "\\N" && !f[8].empty())
        for (const auto& d : detail::split(f[8], ' ')) c.nearest_d.push_back(detail::parse_double(d));
    }
  }
  run.verdict.assign(run.village_fids.size(), OracleOutcome::unknown);
  run.net4.assign(run.village_fids.size(), 0);
  run.jiuyou.assign(run.village_fids.size(), 0);
  {
    std::istringstream in(server.query("COPY (SELECT vfid, verdict, net4, jiuyou FROM oracle.verdict) TO STDOUT;"));
    std::string line;
    while (std::getline(in, line)) {
      const auto f = detail::split(line, '\t');
      if (f.size() < 4) continue;
      const auto vi = run.village_row.find(std::stoll(f[0]));
      if (vi == run.village_row.end()) continue;
      run.verdict[vi->second] = detail::parse_outcome(f[1]);
      run.net4[vi->second] = std::stoi(f[2]);
      run.jiuyou[vi->second] = std::stoi(f[3]);
    }
  }
  {
    std::istringstream in(server.query(
        "SELECT item, extract(epoch FROM at - lag(at) OVER (ORDER BY at)) FROM oracle.timing ORDER BY at;"));
    std::string line;
    while (std::getline(in, line)) {
      const auto f = detail::split(line, '\t');
      if (f.size() == 2 && !f[0].empty() && !f[1].empty()) run.item_seconds.emplace_back(f[0], std::strtod(f[1].c_str(), nullptr));
    }
  }
  return run;
}

}  // namespace jiuyou::oracle
