#pragma once
// Text helpers shared by every report writer (the check's, the relocation
// planner's, the pairing planner's): fixed decimals and HTML escaping.
#include <cstdio>
#include <string>
#include <string_view>

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

}  // namespace jiuyou::util
