#pragma once
// Running `jiuyou compare` on two years from a test, and every note it made — one copy for the compare tests
// (duplicates: five files carried their own).
#include <filesystem>
#include <string>

#include "gis/app/compare_job.hpp"

namespace jiuyou::test {

// The comparison of years `a` and `b` (projects or check results), written under dir/out.
inline Result<app::CompareRun> compare_two(const std::filesystem::path& dir, const std::string& a, const std::string& b,
                                           const std::string& crosswalk = {}) {
  app::CompareJob job;
  job.years = {a, b};
  job.crosswalk = crosswalk;
  job.out_dir = (dir / "out").string();
  return app::run_compare(job);
}

// The run's notes and its first comparison's, one per line.
inline std::string all_notes(const app::CompareRun& run) {
  std::string all;
  for (const auto& n : run.notes) all += n + "\n";
  for (const auto& n : run.comparisons[0].notes) all += n + "\n";
  return all;
}

}  // namespace jiuyou::test
