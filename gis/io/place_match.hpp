#pragma once
// Villages without official codes (OpenStreetMap places have names, not
// 12-digit 统计用区划代码): matched by name to the official code list, within
// the county and, where the place says it, the township. A name is compared
// without its administrative ending (柳林村委会, 柳林村民委员会, 柳林村 and 柳林
// are one name). Never a guess: a name that fits two villages is ambiguous,
// two places that claim one village are both ambiguous, and neither gets a code.
// Pure functions over the list (gis/io/codes.hpp reads it).
#include <string>
#include <string_view>
#include <vector>

#include "gis/io/codes.hpp"

namespace jiuyou::io {

struct PlaceQuery {
  std::string name;
  std::string township;  // a 9-digit township code, a township name, or empty (county-wide)
};

enum class PlaceMatch : unsigned char { matched, ambiguous, unmatched };
const char* to_string_zh(PlaceMatch m);  // "名称对上" / "同名不止一个" / "代码表中无此名"

struct PlaceResult {
  PlaceMatch match = PlaceMatch::unmatched;
  std::string code;                     // matched: the official code
  std::vector<std::string> candidates;  // ambiguous: the codes it could be
};

struct PlaceSummary {
  size_t matched = 0, ambiguous = 0, unmatched = 0;
};

// The name without surrounding spaces and its administrative ending.
std::string place_key(std::string_view name);

// One result per query. `county` (6 digits, may be empty) limits the list to the
// county; township names are read from the list's 9-digit rows where it has them.
std::vector<PlaceResult> match_places(const std::vector<PlaceQuery>& places, const ReferenceCodes& list, const std::string& county);
PlaceSummary summarise(const std::vector<PlaceResult>& results);

}  // namespace jiuyou::io
