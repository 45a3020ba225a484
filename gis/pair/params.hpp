#pragma once
// The [pair] section of a project file (TOML). Every key is optional; the
// defaults are those of PairParams (pair_model.hpp):
//
//   [pair]
//   mode = "capacitated"        # or "one-to-one", or "funds" (money as the flow)
//   replan = false              # true: existing pairs are re-planned, not kept
//   distance_weight = 1.0       # cost per km between the two units
//   mismatch_weight = 100.0     # cost per unit of need/capacity mismatch (100: like 100 km)
//   unmet_penalty = 5000.0      # cost of one missing partner (km-equivalent), × the unit's need index
//   candidates = 50             # nearest helpers considered per helped unit (0: all)
//   max_distance_km = 0         # no link longer than this (0: no limit)
//   partners_per_helped = 1     # helpers each helped unit should get
//   default_max_partners = 1    # partners a helper takes when its max_partners is not given
//   funds_unit_cny = 10000      # funds mode: amounts are whole multiples of this (¥10,000 = 1 万元)
//   existing = "pairs.csv"      # existing pairs table, relative to the project file
#include <string>
#include <string_view>

#include "gis/model/error.hpp"
#include "gis/pair/pair_model.hpp"

namespace jiuyou::pair {

struct PairSettings {
  PairParams params;
  std::string existing_pairs;  // as written in the file (resolve against the project directory)
};

// Parses the [pair] section of `toml_text` on top of `defaults`. A missing
// section gives the defaults. Unknown keys, wrong types and out-of-range
// values are ErrorCode::project errors naming `path` and the key.
Result<PairSettings> parse_pair_settings(std::string_view toml_text, const std::string& path, const PairSettings& defaults = {});

// "one-to-one" / "one_to_one" / "assignment"; "capacitated" / "many-to-many" / "flow"; "funds" / "funds-flow".
Result<PairMode> parse_pair_mode(std::string_view text);

}  // namespace jiuyou::pair
