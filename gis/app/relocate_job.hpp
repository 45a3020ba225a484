#pragma once
// `jiuyou relocate` as one call: project, [relocate] parameters with the front
// end's overrides, rules, the plan, and relocation.gpkg/.xlsx/.html committed
// as one set.
#include <optional>
#include <string>
#include <vector>

#include "gis/io/project.hpp"
#include "gis/model/error.hpp"
#include "gis/model/progress.hpp"
#include "gis/plan/relocate.hpp"

namespace jiuyou::app {

struct RelocateJob {
  std::string project;
  std::string out_dir;
  std::optional<int> max_sites;        // --k
  bool single_source = false;
  bool no_slope = false;
  bool exact = false;
  std::optional<double> time_limit_s;
  ProgressFn progress;
};

struct RelocateRun {
  io::Project project;
  plan::RelocationPlan plan;
  bool sites_layer = false;  // candidates came from a sites layer (else the grid)
  // Set when there is no plan to write: nobody to relocate, no candidate site
  // left. A finding about the data (exit 1), not an error; nothing is written.
  std::optional<Error> no_plan;
};

const std::vector<std::string>& relocate_output_names();

Result<RelocateRun> run_relocate(const RelocateJob& job);

}  // namespace jiuyou::app
