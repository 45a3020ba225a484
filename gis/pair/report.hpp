#pragma once
// What a pairing plan gives a planner: a links layer (helper -> helped as
// lines) and a units layer for GIS and the viewer, and tables in Chinese per
// helper and per helped unit, as XLSX and HTML.
#include <string>
#include <vector>

#include "gis/model/error.hpp"
#include "gis/model/feature_table.hpp"
#include "gis/pair/pair_model.hpp"

namespace jiuyou::pair {

struct HelperSummary {
  uint32_t unit = 0;
  int partners = 0;                    // existing + suggested
  int capacity = 0;                    // partners it can take
  double committed_cny_per_year = 0;   // funds on its links (known or split); NaN when no link's funds are known
  std::string partner_names;           // "长汀县 (350821), ..."
};

struct HelpedSummary {
  uint32_t unit = 0;
  int helpers = 0;
  double received_cny_per_year = 0;   // NaN when no link's funds are known
  std::string helper_names;
  std::string left_out_reason;  // empty when it has its partners
};

struct PlanSummary {
  std::vector<HelperSummary> helpers;  // in unit order
  std::vector<HelpedSummary> helped;   // in unit order
};

PlanSummary summarise_plan(const PairProblem& problem, const PairPlan& plan, const PairParams& params);

// Layer "links": one line per link, from the helper's position to the helped
// unit's, in problem.crs (EPSG:4490 lon/lat, or the metric CRS). Fields:
// helper_code, helper_name, helped_code, helped_name, status
// (existing/suggested/dropped), existing (1 for an existing pair, kept or
// dropped; 0 for a suggestion), funds_cny_per_year, distance_km,
// cost_distance, cost_mismatch, cost_total (km-equivalent), pairs_row.
FeatureTable links_table(const PairProblem& problem, const PairPlan& plan);
// Layer "units": points with code, name, role, partners, capacity,
// funds_cny_per_year, pair_funds_cny_per_year (committed by a helper /
// received by a helped unit), need figures, need_cny_per_year (funds mode:
// the need planned with), funds_missing_cny (funds mode), left_out, reason.
FeatureTable units_table(const PairProblem& problem, const PairPlan& plan, const PairParams& params);

// The plan in plain Chinese, from its counts (the reports' summary), and why a
// helped unit is short (its LeftOut's cause and candidate), in Chinese.
std::string plan_summary_zh(const PairProblem& problem, const PairPlan& plan, const PairParams& params);
std::string left_out_reason_zh(const PairProblem& problem, const LeftOut& left_out, const PairParams& params);

// Workbook: sheets 帮扶方 (per helper), 受扶方 (per helped unit), 结对明细 (links), 说明 (summary);
// money in 万元 a year. Written through gis/report's workbook helper.
Result<void> write_pairs_xlsx(const std::string& path, const PairProblem& problem, const PairPlan& plan, const PairParams& params);
// A self-contained HTML page: summary, a map (inline SVG), the three tables.
std::string pairs_html(const PairProblem& problem, const PairPlan& plan, const PairParams& params);

// DIR/links.gpkg (layers links and units), DIR/pairs.xlsx, DIR/pairs.html:
// all written under temporary names and renamed together at the end.
Result<void> write_pair_outputs(const std::string& dir, const PairProblem& problem, const PairPlan& plan, const PairParams& params);

}  // namespace jiuyou::pair
