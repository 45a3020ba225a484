#pragma once
// Money and yearly budgets as planners write them: "2000万", "2000万元",
// "0.2亿", "20000000", "20,000,000", "2,000万", "两千万", "2千万", "一千二百万",
// "贰仟万元" (大写), fullwidth "２０００万"; "2025=800万,2026=800万" (also
// "2025：800万，2026：800万" as a Chinese input method types it).
#include <string>
#include <utility>
#include <vector>

#include "gis/model/error.hpp"

namespace jiuyou::invest {

// CNY; errors (ErrorCode::input) name `option` and the text.
Result<double> parse_money(const std::string& text, const std::string& option);
// (year, CNY) in the order given; years must increase strictly (a year given
// twice is named). Fullwidth ：，＝ and ASCII : are read as = and ,.
Result<std::vector<std::pair<int, double>>> parse_years(const std::string& text, const std::string& option);

}  // namespace jiuyou::invest
