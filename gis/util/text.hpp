#pragma once
// Text helpers shared by every report writer (the check's, the relocation
// planner's, the pairing planner's): fixed decimals and HTML escaping; and the
// edit distance the project and rule loaders use to suggest a mistyped key.
#include <algorithm>
#include <cstdio>
#include <string>
#include <cstdint>
#include <string_view>
#include <vector>

namespace jiuyou::util {

// v with exactly `decimals` digits after the point ("%.*f").
inline std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

// Text safe inside HTML elements and quoted attributes: & < > " ' escaped.
inline std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

// Levenshtein distance between two keys ("feilds" -> "fields": 2).
inline size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

// The known name a misspelt one most likely meant ("" when none is close): the least edit
// distance, at most 3 and under half the name's length, or a known name that the
// misspelt one begins (max_slope -> max_slope_deg).
template <class Names>
std::string nearest_name(std::string_view name, const Names& known) {
  std::string best;
  size_t best_d = SIZE_MAX;
  for (const auto& k : known) {
    const std::string_view kv(k);
    size_t d = edit_distance(name, kv);
    if (name.size() >= 4 && kv.size() > name.size() && kv.substr(0, name.size()) == name) d = std::min<size_t>(d, 1);
    if (d < best_d && d <= 3 && 2 * d < std::max(name.size(), kv.size())) best_d = d, best = std::string(kv);
  }
  return best;
}

}  // namespace jiuyou::util
