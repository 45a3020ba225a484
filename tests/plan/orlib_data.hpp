#pragma once
// Helpers for the OR-Library reference runs: the published optima and which
// instances to run. Optimised builds run all 20 pmed and 8 cap instances;
// debug builds (the ASan+UBSan CI job is one) run a small subset so the suite
// stays fast. JIUYOU_PLAN_QUICK=1 forces the subset, JIUYOU_PLAN_QUICK=0 the
// full set.
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "support/test_paths.hpp"

namespace jiuyou::test {

// optima.txt: "name value" lines; lines whose second token is not a number are skipped.
inline std::map<std::string, double> read_optima(const std::filesystem::path& file) {
  std::map<std::string, double> out;
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream ss(line);
    std::string name;
    double value = 0.0;
    if (ss >> name >> value) out[name] = value;
  }
  return out;
}

inline bool plan_quick() {
  const char* q = std::getenv("JIUYOU_PLAN_QUICK");
  if (q != nullptr && *q != '\0') return std::string(q) != "0";
#ifdef NDEBUG
  return false;
#else
  return true;
#endif
}

inline std::vector<std::string> pmed_instances() {
  std::vector<std::string> out;
  for (int k = 1; k <= 20; ++k)
    if (!plan_quick() || k == 1 || k == 7 || k == 13) out.push_back("pmed" + std::to_string(k));
  return out;
}

inline std::vector<std::string> cap_instances() {
  if (plan_quick()) return {"cap71", "cap104"};
  return {"cap71", "cap72", "cap73", "cap74", "cap101", "cap102", "cap103", "cap104"};
}

}  // namespace jiuyou::test
