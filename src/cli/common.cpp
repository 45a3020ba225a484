#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <string>

#include "src/cli/command.hpp"
#include "gis/util/general.hpp"

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

namespace jiuyou::cli {
namespace {

std::string format_bound(double v) { return util::general(v); }

// "" when `text` is a finite number in [lo, hi] (whole when `whole`), else why not.
std::string check_number(const std::string& text, double lo, double hi, bool whole) {
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || *end != '\0') return "'" + text + "' is not a number";
  if (!std::isfinite(v)) return "'" + text + "' is not a finite number";
  if (whole && v != std::floor(v)) return "'" + text + "' is not a whole number";
  if (v < lo || v > hi) return "'" + text + "' is out of range: allowed " + format_bound(lo) + " to " + format_bound(hi);
  return {};
}

}  // namespace

CLI::Validator number_range(double lo, double hi) {
  return CLI::Validator([=](std::string& s) { return check_number(s, lo, hi, false); }, "NUMBER in [" + format_bound(lo) + ", " + format_bound(hi) + "]");
}

CLI::Validator whole_range(long long lo, long long hi) {
  return CLI::Validator([=](std::string& s) { return check_number(s, static_cast<double>(lo), static_cast<double>(hi), true); },
                        "INT in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
}

}  // namespace jiuyou::cli
