#pragma once
// One reading of a rule expression that is a single comparison, `a op b`
// ("collective_income >= 50000", "income_growth > county_mean(income_growth)"):
// the check uses it to report the gap of an attribute item, the report to say
// the value against its standard. Anything else (AND/OR/NOT/IN/LIKE/BETWEEN/IS
// at the top level, two comparisons) is no single comparison.
#include <optional>
#include <string>
#include <string_view>

namespace jiuyou::indicators {

struct Comparison {
  std::string left;   // trimmed text before the operator
  std::string op;     // < <= > >= = == <> !=
  std::string right;  // trimmed text after it
};

std::optional<Comparison> split_comparison(std::string_view expression);

}  // namespace jiuyou::indicators
