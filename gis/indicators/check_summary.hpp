#pragma once
// The exit verdict per target and the tallies per township and county, from
// the cells (README.md, "Verdict").
#include "gis/indicators/check.hpp"

namespace jiuyou::indicators {

// Fills verdict, failed/unknown/net4/jiuyou counts, townships and county_summary.
void summarise(CheckResult& result, const FeatureTable& targets);

}  // namespace jiuyou::indicators
