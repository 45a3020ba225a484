#pragma once
// Readers for J.E. Beasley's OR-Library formats, so the solvers can be held
// against published instances (OR-Library pmed1-40 and cap41-cap134, with their known optima):
//   pmed: "n m p", then m edges "i j c" (1-based, undirected); distances are
//         all-pairs shortest paths; a repeated edge i-j: the LAST one holds.
//   cap:  "m n", m lines "capacity fixed_cost", then per customer its demand
//         and m costs (of serving ALL its demand from each warehouse), the
//         costs possibly wrapped over several lines.
// Errors name the file and line.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "gis/model/error.hpp"
#include "gis/plan/facility_instance.hpp"

namespace jiuyou::plan {

struct PMedianProblem {
  FacilityInstance instance;  // n clients = n candidates, demand 1, no fixed cost, uncapacitated
  int32_t p = 0;
};

Result<PMedianProblem> parse_orlib_pmedian(std::string_view text, const std::string& source);
Result<PMedianProblem> read_orlib_pmedian(const std::filesystem::path& path);

struct CapReadOptions {
  // OR-Library's large cap files (capa/capb/capc) write the word "capacity"
  // instead of a number and leave the value to the user: this supplies it.
  std::optional<double> capacity_value;
};

Result<FacilityInstance> parse_orlib_cap(std::string_view text, const std::string& source,
                                         const CapReadOptions& options = {});
Result<FacilityInstance> read_orlib_cap(const std::filesystem::path& path, const CapReadOptions& options = {});

// All-pairs shortest path lengths of an undirected graph with n vertices
// (0-based edges {u, v, length}); +infinity where unreachable. Row-major n x n.
struct GraphEdge {
  int32_t u = 0;
  int32_t v = 0;
  double length = 0.0;
};
std::vector<double> all_pairs_shortest_paths(int32_t n, const std::vector<GraphEdge>& edges);

}  // namespace jiuyou::plan
