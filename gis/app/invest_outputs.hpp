#pragma once
// The outputs of `jiuyou invest`, written into a staging folder (the caller's
// OutputSet): invest.gpkg (the planned features named like the project's
// layers, with `year`, so `check --with invest.gpkg` re-checks the plan; and
// the plan's own tables plan_projects, plan_villages, plan_frontier),
// 项目库.xlsx (the county's project library) and invest.html (the summary in
// plain words, the frontier chart, the map of projects by year, per township,
// the projects by year). One file per output: invest_gpkg.cpp,
// invest_xlsx.cpp, invest_html.cpp (+ invest_map.cpp), sharing invest_rows.hpp.
#include <string>

#include "gis/model/error.hpp"

namespace jiuyou::app {

struct InvestRun;

Result<void> write_invest_outputs(const std::string& dir, const InvestRun& run);

}  // namespace jiuyou::app
