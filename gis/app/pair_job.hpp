#pragma once
// `jiuyou pair` as one call. What kind of input it was given (a project, a
// units layer, a pairs CSV with seat coordinates, the key-township scenario)
// is decided here, once; links.gpkg, pairs.xlsx and pairs.html are committed
// as one set.
#include <optional>
#include <string>
#include <vector>

#include "gis/model/error.hpp"
#include "gis/model/progress.hpp"
#include "gis/pair/params.hpp"
#include "gis/pair/planner.hpp"

namespace jiuyou::app {

struct PairJob {
  std::string input;     // project .toml, a units layer (any GDAL source), or a pairs CSV with seat coordinates
  std::string out_dir;
  std::string existing;  // pairs table; default: [pair] existing of the project
  std::string mode;      // overrides [pair] mode
  bool replan = false;
  std::optional<int> candidates;
  std::optional<double> max_distance_km;
  std::optional<double> funds_unit_cny;
  int key_townships = 0;  // > 0: the township scenario from the input's townships and villages layers
  int helper_townships = 40;
  ProgressFn progress;
};

struct PairRun {
  pair::PairProblem problem;
  pair::PairParams params;
  pair::PairPlan plan;
};

const std::vector<std::string>& pair_output_names();

Result<PairRun> run_pair(const PairJob& job);

}  // namespace jiuyou::app
