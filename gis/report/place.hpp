#pragma once
// The place a check's documents are about: the project's name for one county;
// for villages of several counties, those counties by name.
#include <functional>
#include <map>
#include <string>

#include <vector>

#include "gis/indicators/check.hpp"
#include "gis/model/workspace.hpp"

namespace jiuyou::report {

// `name` unless the villages' codes lie in two or more counties of the project's
// county layer; then those counties, by its `name` (its code where it has none):
// "九有县、九有县（2）", beyond three "甲县、乙县等 5 个县". A county prefix the
// layer does not know is a data error (io::check_codes says it), not a county.
std::string checked_place(const WorkspaceView& ws, const std::string& name);

// Where a township is, to tell same-named townships apart (two 城关镇 of a
// prefecture-wide run): its 9-digit code (the villages' township field when it is
// one, else the prefix of its first village's code; empty when neither) and its
// county (the county layer's name for the code's first 6 digits, else those digits).
struct TownshipPlace {
  std::string code;
  std::string county;
};
// Keyed by the township as the villages' township field holds it.
std::map<std::string, TownshipPlace> township_places(const WorkspaceView& ws);

// Each township (keyed as the villages' township field holds it) as the documents name it: `name_of(key)`, and
// where two townships of the run share that name, its county (when they lie in different counties) and code:
// "城关镇（九有县，420323100）". One function so the workbook, the page and the atlas say the same (tour 11 K5).
std::map<std::string, std::string> township_labels(const WorkspaceView& ws, const std::vector<std::string>& keys,
                                                   const std::function<std::string(const std::string&)>& name_of);

// The check's township summaries added up per county (the county of each township as township_places names it;
// "县不明" where it has none), in the order the counties first appear among the townships. One entry for a
// one-county run; the documents show a 各县汇总 only when there are two or more.
struct CountyTotals {
  std::string county;
  indicators::TownshipSummary sum;  // `township` holds the county's name
  size_t townships = 0;
  std::vector<size_t> members;  // its townships: indices into result.townships, in their order
};
std::vector<CountyTotals> county_totals(const WorkspaceView& ws, const indicators::CheckResult& result);

}  // namespace jiuyou::report
