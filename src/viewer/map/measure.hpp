#pragma once
// Measuring on the map: distance along a polyline and the area it encloses,
// in metres in the project's metric CRS (the workspace's coordinates are
// already there: a Gauss–Krüger grid, so these are grid distances, within
// the zone's scale error of ground distances).
#include <string>
#include <vector>

#include "gis/model/geometry.hpp"

namespace jiuyou::viewer {

struct Measurement {
  std::vector<Vec2> points;  // clicked vertices, metric CRS
  std::string evidence;      // what it checks, when drawn from a check's evidence ("有硬化的通村公路: 核查记录 2.950 km")
  [[nodiscard]] double length_m() const;  // along the polyline
  [[nodiscard]] double area_m2() const;   // of the polygon closing it (0 with fewer than 3 points)
};

// "850.0 m", "2.953 km"; "5,000 m²"-style areas: "m²" under a hectare, "公顷" under 1 km², "km²" above.
std::string format_measured_length(double m);
std::string format_measured_area(double m2);

}  // namespace jiuyou::viewer
