#pragma once
// Steps of read_layer shared between gis/io/load_vector.cpp, load_checks.cpp
// and load.cpp (gis/io internal).
#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <ogr_spatialref.h>

#include "gis/io/project.hpp"
#include "gis/io/table_header.hpp"
#include "gis/model/crs_ref.hpp"
#include "gis/model/error.hpp"
#include "gis/model/feature_table.hpp"
#include "gis/model/issue_log.hpp"

namespace jiuyou::io {

struct VectorSource;

// GDAL errors (CE_Failure and worse) raised while a layer was read.
struct GdalFailures {
  size_t count = 0;
  std::string first;
};

// What reading the features found, for the checks and the once-per-layer messages.
struct ReadStats {
  size_t read = 0;  // features read (data rows of a table)
  size_t repaired = 0, empty = 0, out_of_range = 0, swapped = 0, non_finite = 0;
  size_t in_range = 0;                    // features of a geographic layer whose coordinates are degrees
  size_t looks_swapped = 0;               // out-of-range features whose x and y read as latitude, longitude
  IssueLog out_of_range_issues;           // held back: when no feature is in range, the layer is refused instead
  std::vector<int64_t> other_kind_fids;  // features of another geometry kind (the first 20)
  size_t other_kind = 0;
  bool decoded = false;       // some text was not UTF-8 and was decoded
  bool invalid_text = false;  // some bytes were not text even decoded (replaced by U+FFFD)
  bool has_geom = false;
  bool geographic = false;
  std::vector<std::pair<int64_t, RowClass>> skipped_rows;  // 栏次 and 合计 rows of a table, skipped (the first 20)
  size_t skipped_numbers = 0, skipped_summaries = 0;
};

// One feature's geometry being read.
struct GeometryRead {
  GeometryKind kind = GeometryKind::none;  // the layer's
  GeometryColumn scratch;
  size_t parts = 0;
  bool finite = true;
  bool other_kind = false;  // it has a geometry, of another kind than the layer's
};

// read_layer keeping only the columns `only` names (canonical names; nullptr: every column).
Result<FeatureTable> read_layer_columns(const LayerSpec& spec, IssueLog& log, const std::vector<std::string>* only);
// The columns a load wants of a layer (nullptr: all).
using ColumnsOf = std::function<const std::vector<std::string>*(const LayerSpec&)>;
// Every table with join_to read and joined onto its target among `layers` (gis/io/join_tables.cpp).
Result<void> join_tables(std::vector<FeatureTable>& layers, const std::vector<const LayerSpec*>& joins, IssueLog& log, const ColumnsOf& only);

void add_issue(IssueLog& log, Severity s, std::string code, const LayerSpec& spec, int64_t fid, std::string field, std::string message,
               std::string hint = {});
// The CRS a layer's coordinates are in: the project's override, else the file's.
Result<CrsRef> layer_crs(const LayerSpec& spec, const OGRSpatialReference* srs, bool has_geometry);
// A project `crs` that means other than the file's own CRS (tour 17 R3: a zone number written wrong in the project
// moved a layer 200 km without a word): a warning naming both and how far apart they put `sample` (a point of the
// layer in its own coordinates) — `crs_overrides_file` — or an info when that is under 1 km (a datum apart).
// Hidden rows and columns of an XLSX sheet (VectorSource::hidden): a mapped column that is hidden and the hidden
// data rows are said; the hidden rows to leave out (a joined table's hidden row repeating a visible row's key) returned.
struct VectorSource;
std::set<int64_t> screen_hidden_cells(const LayerSpec& spec, VectorSource& src, IssueLog& log);
// A shapefile's .dbf records flagged deleted, which GDAL skips (tour 18 S22: two villages vanished, said only as
// "统计表有 2 行找不到村"): one warning naming them (`dbf_deleted_records`).
void note_deleted_records(const LayerSpec& spec, const VectorSource& src, IssueLog& log);
void note_crs_override(const LayerSpec& spec, const OGRSpatialReference* declared, std::optional<Vec2> sample, IssueLog& log);
// Range checks, MakeValid repair, then the geometry appended to t.geometry (null when dropped).
void store_geometry(const LayerSpec& spec, int64_t fid, GeometryRead& g, FeatureTable& t, ReadStats& st, IssueLog& log);
// A read that GDAL broke off (a damaged file) or that returned fewer features
// than the layer holds is an error naming the file, layer and count read.
Result<void> check_complete(const LayerSpec& spec, const VectorSource& src, const ReadStats& st, const GdalFailures& failures);
// A geographic layer none of whose coordinates are degrees (a projected file
// declared GCJ-02, metres read as degrees) is refused as a whole, naming the
// layer and what its coordinates look like; otherwise the held-back
// per-feature out-of-range issues go to the log.
Result<void> check_degrees(const LayerSpec& spec, const OGRSpatialReference* file_srs, const ReadStats& st, IssueLog& log);
// A column the project maps ([layers.X.fields]) that holds no value at all (tour 17 R18: formulas saved without their
// results read empty; a column left blank): one `mapped_column_empty` warning each, naming the column.
void report_empty_mapped_columns(const FeatureTable& t, const LayerSpec& spec, IssueLog& log);
// The once-per-layer messages: decoded text, header row, other kinds, empty geometries, degrees.
void report_read(const LayerSpec& spec, const VectorSource& src, const FeatureTable& t, const ReadStats& st, IssueLog& log);

// normalise_schema for a table whose units row (户 / 人 / 万元 … under the header, tour 12 L35)
// states units by column: `column_units` compact header name -> unit word, applied to a
// number column whose name states none, before the title block's money unit.
Result<void> normalise_schema_with_units(FeatureTable& t, const LayerSpec& spec, IssueLog& log, std::string_view title_block,
                                         const std::map<std::string, std::string>& column_units);

}  // namespace jiuyou::io
