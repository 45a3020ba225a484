#pragma once
// A number as people read it in a message: printf's %g (6 significant digits,
// no trailing zeros: 0.5, 400, 1e+06). One spelling for every message that
// quotes a value, a bound or a median.
#include <cstdio>
#include <string>

namespace jiuyou::util {

inline std::string general(double v) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

}  // namespace jiuyou::util
