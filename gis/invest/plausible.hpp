#pragma once
// Plausible unit costs (data/costs/plausible.toml, tour 15 P1), as invest names them: the reader and
// the judgement live in gis/util/plausible_ranges.hpp (shared with relocate's [relocate] money and the
// loader's [numbers.plausible], tour 15 H6).
#include "gis/util/plausible_ranges.hpp"

namespace jiuyou::invest {

using util::CostJudgement;
using util::CostRange;
using util::CostRanges;
using util::judge_cost;
using util::load_cost_ranges;
using util::parse_cost_ranges;
using util::plain_number;

}  // namespace jiuyou::invest
