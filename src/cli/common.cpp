#include <algorithm>
#include <iostream>
#include <map>

#include "src/cli/command.hpp"

namespace jiuyou::cli {

void print_issues(const IssueLog& log, size_t max_lines) {
  if (log.empty()) {
    std::cerr << "issues: none\n";
    return;
  }
  std::map<std::pair<int, std::string>, size_t> kinds;
  for (const auto& i : log.entries()) ++kinds[{-static_cast<int>(i.severity), i.code}];
  std::cerr << "issues: " << log.entries().size() << " (" << log.count(Severity::error) << " errors, " << log.count(Severity::warning)
            << " warnings, " << log.count(Severity::info) << " notes)\n";
  for (const auto& [k, n] : kinds) std::cerr << "  " << to_string(static_cast<Severity>(-k.first)) << " " << k.second << ": " << n << "\n";
  std::vector<const Issue*> sorted;
  for (const auto& i : log.entries()) sorted.push_back(&i);
  std::stable_sort(sorted.begin(), sorted.end(), [](const Issue* a, const Issue* b) { return a->severity > b->severity; });
  const size_t shown = std::min(max_lines, sorted.size());
  for (size_t k = 0; k < shown; ++k) std::cerr << "  " << IssueLog::format(*sorted[k]) << "\n";
  if (shown < sorted.size()) std::cerr << "  ... " << sorted.size() - shown << " more (use --max-issues N to see more)\n";
}

}  // namespace jiuyou::cli
