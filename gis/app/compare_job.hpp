#pragma once
// `jiuyou compare` as one call: each year loaded and checked with its own rule
// set (a project, checked in memory by the check's own pipeline) or read back
// (a check result folder or its result.gpkg, whose jiuyou_meta names the
// project and rule set), consecutive years compared (gis/compare), and
// compare.gpkg, 回头看.xlsx and compare.html committed as one set.
#include <string>
#include <vector>

#include "gis/compare/transitions.hpp"
#include "gis/model/error.hpp"
#include "gis/model/progress.hpp"

namespace jiuyou::app {

struct CompareJob {
  std::vector<std::string> years;  // oldest first: project .toml / GeoPackage, check result folder or result.gpkg
  std::string out_dir;
  std::string crosswalk;           // optional CSV old_code,new_code,kind
  int threads = 0;
  ProgressFn progress;
};

struct CompareRun {
  std::vector<compare::YearData> years;
  std::vector<compare::Comparison> comparisons;  // years[k] against years[k + 1]
  std::vector<std::string> notes;                // Chinese, said once (coordinate systems converted)
  size_t alerts = 0;                             // alerts listed in 回头看.xlsx (regressions and exit-ready villages now unknown)
  size_t unverified = 0;                         // of which 待核实: passed, now unknown (data missing)
  std::vector<std::string> missing_fields;       // Chinese: a field a year lacks, said once (compare::MissingField::text)
  std::string headline;                          // Chinese: the alerts counted in villages (compare::alert_counts)
  std::vector<std::string> written;
};

const std::vector<std::string>& compare_output_names();

// True for a year given as a PostgreSQL schema that `jiuyou check --out PG:...
// --schema S` wrote: PG:"dbname=... schemas=S" (GDAL's form; one schema).
bool is_pg_year(const std::string& path);

// One year: a project checked in memory, or a check result read back (a
// result.gpkg, its folder, or a PostgreSQL schema as above). Every
// layer in `metric_crs` (empty: the year's own); `index` numbers the year for
// a label when its path names none.
Result<compare::YearData> load_year(const std::string& path, const CrsRef& metric_crs, size_t index, int threads);

Result<CompareRun> run_compare(const CompareJob& job);

}  // namespace jiuyou::app
