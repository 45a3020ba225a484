#pragma once
// The warnings that change the page's verdicts, repeated at the top of report.html
// (G3): villages as points (distances from one point, 不可出列 overstated), a layer
// probably in GCJ-02/BD-09 or far from the villages. A planner who forwards the
// headline must see them there, not only in the data managers' appendix.
#include <string>

#include "gis/indicators/check.hpp"

namespace jiuyou::report {

// The check's notes whose code is listed as verdict-changing, each with the sentence that
// says what it does to the counts; "" when there are none.
std::string verdict_caveats_html(const indicators::CheckResult& result);

}  // namespace jiuyou::report
