#pragma once
// What invest.gpkg, 项目库.xlsx and invest.html share (internal to the
// invest outputs): a chosen project in the county's words, the projects in
// year order, and a village's standing under the plan.
#include <cstddef>
#include <string>
#include <vector>

#include "gis/app/invest_job.hpp"
#include "gis/model/error.hpp"
#include "gis/report/check_evidence.hpp"

namespace jiuyou::app::invest_out {

using Names = report::detail::EvidenceWriter;  // village and township names, as the check's reports

std::string fmt(const char* format, double v);

// A project row as the county's project library writes it.
struct ProjectRow {
  std::string name, content, place, scale, villages, items;
  double cost = 0, poor = 0;
  int year = 0;
};
ProjectRow project_row(const InvestRun& run, size_t project, const Names& names);

// The chosen projects, by year.
std::vector<size_t> chosen_by_year(const InvestRun& run);

// Per plan year (F21): its budget, what the plan spends in it, and what is carried over to the next
// year (the budget plus what was carried in, less the spending), CNY; `total`: the sums, carried = the last year's.
struct YearRow {
  int year = 0;
  double budget = 0, spent = 0, carried = 0;
};
struct YearTable {
  std::vector<YearRow> rows;
  YearRow total;
};
YearTable year_table(const InvestRun& run);

// `values` rounded to `decimals` places so that they add up to their own total rounded the same way
// (largest remainder: each is rounded down, and the units left over go to the largest remainders,
// the first of equal ones first). Non-finite values: plain rounding.
std::vector<double> round_to_total(const std::vector<double>& values, int decimals);

// Per village: its county's name (the county layer's, else the code's first 6 digits) when the villages'
// codes lie in two or more counties the county layer knows; all empty in a one-county project (tour 11 K33).
std::vector<std::string> village_counties(const Workspace& ws);

// Per township: villages, exit-ready now and with the plan, the plan's money there (projects are
// counted in the township of the village they are built in); by township code (the least village code).
// A township is its 9-digit code (the villages' township field, else their codes' prefix), never its
// name: two counties' 城关镇 are two rows (tour 11 K33).
struct TownshipRow {
  std::string township;  // its name; "" when the village has none
  std::string label;     // as the tables show it: the name, with its county and code where the name repeats
  std::string county;    // InvestRun::village_county of its villages ("" in a one-county project)
  bool subtotal = false; // a county's 小计 row (several counties): the sum of the township rows above it
  size_t villages = 0, now = 0, plan = 0;
  double cost_cny = 0;
  double cost_wan = 0;  // rounded to 0.01 万元 so that the rows add up to the 合计 row exactly
};
struct TownshipTable {
  std::vector<TownshipRow> rows;  // several counties: each county's townships, then its 小计 row
  TownshipRow total;  // township "合计"; cost_wan: the unrounded sum rounded to 0.01 万元
  std::vector<std::string> village_label;  // per village: its township's label, as the rows say it (tour 12 L13)
};
TownshipTable township_table(const InvestRun& run, const Names& names);

// 已达标 / 可通过工程达标 / 工程不能单独解决 / 缺数据，无法规划.
const char* reach_zh(invest::Reach r);

// A village the plan leaves out for missing data (InvestRun::not_judged counts them): it does not
// exit now or under the plan, and a deciding item of it lacks data. That is not the check's
// 数据不全 (report.html), which holds only villages with no failing deciding item: a village that
// fails one item and lacks data for another is 不可出列 there, and left out here (tour 10 H20).
bool left_out_for_data(const InvestRun& run, size_t village);
struct LeftOutForData {
  size_t data_missing = 0;  // the check's verdict 数据不全
  size_t failing = 0;       // the check's verdict 不可出列 (a failing item, and another without data)
};
LeftOutForData left_out_for_data_by_verdict(const InvestRun& run);
// Why a village does not exit under the plan ("预算内未安排", or what else it needs); empty when it does;
// followed by how the objective counts it where that is not obvious (InvestRun::objective_note_zh).
std::string why_not(const InvestRun& run, size_t village);

// What the check's 请先看 caveats (report::verdict_caveats) mean for the plan, after their sentences.
inline constexpr const char* k_caveats_plan_zh =
    "本方案按检查量出的距离安排路、线、管和设施，上述问题改正前的项目、投资和出列村数都可能不准，请改正数据后重新检查、重新规划。";

// Each output file (a staging folder's path; the caller commits the set).
Result<void> write_gpkg(const std::string& path, const InvestRun& run, const Names& names);
Result<void> write_xlsx(const std::string& path, const InvestRun& run, const Names& names);
Result<void> write_html(const std::string& path, const InvestRun& run, const Names& names);
// The map of invest.html: villages by outcome, projects by year, township boundaries.
std::string plan_map_svg(const InvestRun& run, const Names& names);

}  // namespace jiuyou::app::invest_out
