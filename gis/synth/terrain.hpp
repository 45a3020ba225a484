#pragma once
// The synthetic landscape: a county outline (a star-shaped blob of the
// requested area), a river network, and a DEM (fractal value noise with the
// river valleys carved into it). Local metres around the county centre.
#include <cstdint>
#include <vector>

#include "gis/model/geometry.hpp"
#include "gis/synth/random.hpp"

namespace jiuyou::synth {

// r(θ) = r0 (1 + Σ a_k cos(kθ + φ_k)), scaled so the enclosed area is the target.
struct Outline {
  double r0 = 1;
  std::vector<double> amp, phase;  // harmonics k = 2, 3, ...
  [[nodiscard]] double radius(double theta) const;
  [[nodiscard]] bool contains(Vec2 p, double margin_m = 0) const;  // margin > 0: at least that far inside (radially)
  [[nodiscard]] double area() const;
};
Outline make_outline(Rng& rng, double area_m2);

struct River {
  std::vector<Vec2> path;
  std::vector<double> floor_m;  // valley floor elevation per vertex
  int order = 1;                // 1 main, 2 tributary, 3 sub-tributary
  int parent = -1;
};
std::vector<River> make_rivers(Rng& rng, const Outline& outline, double area_m2);

struct Terrain {
  double x0 = 0, y0 = 0;  // top-left corner (local metres)
  double cell_m = 100;
  int width = 0, height = 0;
  std::vector<float> elev;  // row-major from the top
  std::vector<float> river_dist_m;  // distance to the nearest river

  [[nodiscard]] double at(Vec2 p) const;  // bilinear, clamped to the grid
  [[nodiscard]] double cell_value(Vec2 p) const;  // the grid cell holding p, no interpolation (as the check reads the DEM)
  [[nodiscard]] double river_distance(Vec2 p) const;
  [[nodiscard]] double slope_deg(Vec2 p) const;
};
Terrain make_terrain(Rng& rng, const Outline& outline, const std::vector<River>& rivers, double cell_m);

// Midpoint displacement between a and b down to `step_m`, amplitude as a share of the length.
std::vector<Vec2> wiggle(Rng& rng, Vec2 a, Vec2 b, double amplitude, double step_m);
// Chaikin corner cutting, endpoints kept.
std::vector<Vec2> smooth(const std::vector<Vec2>& line, int iterations);

}  // namespace jiuyou::synth
