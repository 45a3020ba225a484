#include "gis/model/crs_ref.hpp"

#include <algorithm>
#include <cctype>

namespace jiuyou {

namespace {
std::string normalise(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '-' || c == '_' || c == ' ') continue;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}
std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}
}  // namespace

CrsRef CrsRef::parse(std::string_view text) {
  text = trim(text);
  CrsRef r;
  if (text.empty()) return r;
  const std::string n = normalise(text);
  if (n == "gcj02" || n == "mars" || n == "gcj") {
    r.kind = Kind::gcj02;
    r.definition = "GCJ-02";
  } else if (n == "bd09" || n == "baidu" || n == "bd09ll") {
    r.kind = Kind::bd09;
    r.definition = "BD-09";
  } else {
    r.kind = Kind::proj;
    r.definition = std::string(text);
  }
  return r;
}

CrsRef CrsRef::epsg(int code) {
  CrsRef r;
  r.kind = Kind::proj;
  r.definition = "EPSG:" + std::to_string(code);
  return r;
}

std::string CrsRef::label() const {
  switch (kind) {
    case Kind::none: return "(none)";
    case Kind::gcj02: return "GCJ-02";
    case Kind::bd09: return "BD-09";
    case Kind::proj: break;
  }
  // WKT: take the quoted name after the first '['.
  const auto open = definition.find('[');
  if (open != std::string::npos) {
    const auto q1 = definition.find('"', open);
    const auto q2 = q1 == std::string::npos ? q1 : definition.find('"', q1 + 1);
    if (q2 != std::string::npos) return definition.substr(q1 + 1, std::min<size_t>(q2 - q1 - 1, 60));
  }
  return definition.size() > 60 ? definition.substr(0, 60) + "..." : definition;
}

}  // namespace jiuyou
