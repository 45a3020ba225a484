#pragma once
// The check and the planners write GeoPackages whose overlay layers have no
// canonical name (check: gaps beside villages; pairing: links beside units;
// relocation: flows, excluded, movers beside sites), so opening such a file directly would show only half of it. This
// adds those that the file holds to a project made from it; a project .toml
// names its layers itself and is left alone. An absent layer (a relocation
// output without flows) is simply not added.
#include <string>
#include <vector>

#include "gis/io/project.hpp"

namespace jiuyou::render {

// Overlay layers looked for: gaps, links, flows, excluded, movers.
const std::vector<std::string>& planner_layer_names();

// Returns the names added.
std::vector<std::string> add_planner_layers(io::Project& project);

}  // namespace jiuyou::render
