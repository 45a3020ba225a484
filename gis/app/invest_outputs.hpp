#pragma once
// The outputs of `jiuyou invest`, written into a staging folder (the caller's
// OutputSet): invest.gpkg (the planned features named like the project's
// layers, with `year`, so `check --with invest.gpkg` re-checks the plan; and
// the plan's own tables plan_projects, plan_villages, plan_frontier),
// 项目库.xlsx (the county's project library) and invest.html (the frontier as
// an SVG chart, the plan by year).
#include <string>

#include "gis/model/error.hpp"

namespace jiuyou::app {

struct InvestRun;

Result<void> write_invest_outputs(const std::string& dir, const InvestRun& run);

}  // namespace jiuyou::app
