#include "src/viewer/map/measure.hpp"

#include <cmath>
#include <cstdio>

namespace jiuyou::viewer {

double Measurement::length_m() const {
  double sum = 0;
  for (size_t i = 0; i + 1 < points.size(); ++i) sum += std::hypot(points[i + 1].x - points[i].x, points[i + 1].y - points[i].y);
  return sum;
}

double Measurement::area_m2() const {
  if (points.size() < 3) return 0;
  // Shoelace about the first vertex (coordinates are large: subtract it to keep precision).
  const Vec2 o = points.front();
  double twice = 0;
  for (size_t i = 0; i < points.size(); ++i) {
    const Vec2 a = points[i], b = points[(i + 1) % points.size()];
    twice += (a.x - o.x) * (b.y - o.y) - (b.x - o.x) * (a.y - o.y);
  }
  return std::abs(twice) / 2;
}

std::string format_measured_length(double m) {
  char buf[48];
  if (m < 1000) std::snprintf(buf, sizeof buf, "%.1f m", m);
  else std::snprintf(buf, sizeof buf, "%.3f km", m / 1000);
  return buf;
}

std::string format_measured_area(double m2) {
  char buf[48];
  if (m2 < 1e4) std::snprintf(buf, sizeof buf, "%.0f m²", m2);
  else if (m2 < 1e6) std::snprintf(buf, sizeof buf, "%.2f 公顷", m2 / 1e4);
  else std::snprintf(buf, sizeof buf, "%.3f km²", m2 / 1e6);
  return buf;
}

}  // namespace jiuyou::viewer
