#pragma once
// An investment plan (`jiuyou view PROJECT --plan DIR/invest.gpkg`), as the
// viewer's 投资方案 panel shows it: the projects of plan_projects and the
// villages' outcomes of plan_villages, read from the file `jiuyou invest`
// wrote; the planned features themselves are drawn as render's plan_lines /
// plan_points (src/render/plan_overlay.hpp). No GL, no ImGui: the panel and
// the tests read the same numbers.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "gis/model/error.hpp"

namespace jiuyou::viewer {

struct PlanProject {
  int64_t id = 0;  // plan_projects' FID (the planned features' plan_project)
  std::string kind, name, content, size, villages, items;
  double cost_cny = 0;
  int year = 0;  // 0: no year
};

struct PlanVillage {
  std::string name, status, why_not;
  int exit_year = 0;  // 0: does not exit under the plan
};

struct PlanView {
  std::string path;                            // invest.gpkg
  std::vector<PlanProject> projects;           // in the file's order (by year)
  std::map<std::string, PlanVillage> villages; // by village code
  std::vector<int> years;                      // the projects' years, ascending (0 left out)
  int until = 0;                               // projects of years after this are hidden (the 实施年度 slider)
  bool dirty = true;                           // the plan layers must be restyled (the slider moved)
};

// Reads plan_projects and plan_villages. Errors: the file missing (3), a table
// or one of its columns missing (4: "not an invest.gpkg", with the hint).
// `until` starts at the last year: every project shown.
Result<PlanView> read_plan_view(const std::string& invest_gpkg);

struct YearTotal {
  int year = 0;
  size_t projects = 0;
  double cost_cny = 0;
};
// Projects and cost per year, ascending, for years <= until (all when until is 0).
std::vector<YearTotal> year_totals(const PlanView& plan, int until = 0);

// The project with plan_projects FID `id` (null when none).
const PlanProject* plan_project(const PlanView& plan, int64_t id);

// What the panel says about a village: "2026 年达到出列条件", "现已可出列" or why it never does.
std::string village_outcome(const PlanVillage& v);

}  // namespace jiuyou::viewer
