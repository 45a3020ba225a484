#pragma once
// A new road (or line) along a least-cost path over the DEM, where no road
// lies within reach: a grid over the window around the village and the
// nearest connected qualifying feature, each cell priced per metre by the
// slope class of its slope (steeper than the build's max_slope: impassable),
// cells inside an avoided zone (hazards, protected areas) impassable, and each
// entry into a river cell charged a bridge. Dijkstra over the 8-neighbour grid
// from the village's cell to the first cell a qualifying feature passes
// through; the path ends on that feature exactly, so the check sees it joined.
#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

#include "gis/invest/costs.hpp"
#include "gis/model/feature_table.hpp"
#include "gis/model/raster.hpp"

namespace jiuyou::invest {

struct CostGrid {
  int width = 0, height = 0;
  double x0 = 0, y0 = 0;  // the lower-left corner
  double cell_m = 1;
  std::vector<double> cost_per_m;  // per cell, row 0 at the bottom; infinity: impassable
  std::vector<uint8_t> river;      // per cell: entering it from a non-river cell needs a bridge
  std::vector<uint8_t> target;     // per cell: a qualifying feature passes through it
  [[nodiscard]] Vec2 centre(int c) const { return {x0 + (c % width + 0.5) * cell_m, y0 + (c / width + 0.5) * cell_m}; }
  [[nodiscard]] int cell_of(Vec2 p) const;  // -1 outside
};

struct GridPath {
  double cost = std::numeric_limits<double>::infinity();  // infinity: no target reachable
  std::vector<int> cells;  // from the start cell to the target cell
  int bridges = 0;
  double length_m = 0;     // centre to centre
};

// Step a -> b (8-neighbours): the distance × the mean of the two cells' cost
// per metre, + bridge_cny when b is a river cell and a is not.
double step_cost(const CostGrid& g, int a, int b, double bridge_cny);
GridPath least_cost_path(const CostGrid& g, int start, double bridge_cny);

// What the grid is built from.
struct TerrainInputs {
  const Raster* dem = nullptr;
  std::vector<const FeatureTable*> avoid;   // polygon layers a path may not cross
  std::vector<const FeatureTable*> rivers;  // line or polygon layers crossed by a bridge
  const FeatureTable* network = nullptr;    // the layer of the qualifying features
  const std::vector<uint8_t>* qualifying = nullptr;
};

struct TerrainRoute {
  std::vector<Vec2> line;  // the village point, the cell centres, the point on the qualifying feature
  double length_m = 0;
  double cost_cny = 0;
  int bridges = 0;
};

// The route from `village` toward `toward` (the nearest qualifying point, to
// place the window); nullopt when no qualifying feature is reachable in it.
std::optional<TerrainRoute> terrain_route(const TerrainInputs& in, const Build& b, Vec2 village, Vec2 toward);

}  // namespace jiuyou::invest
