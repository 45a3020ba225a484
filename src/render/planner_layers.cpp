#include "src/render/planner_layers.hpp"

#include <filesystem>

#include "gis/io/load.hpp"
#include "gis/model/issue_log.hpp"

namespace jiuyou::render {

const std::vector<std::string>& planner_layer_names() {
  static const std::vector<std::string> names = {"gaps", "links", "flows", "excluded", "movers"};
  return names;
}

std::vector<std::string> add_planner_layers(io::Project& project) {
  std::vector<std::string> added;
  if (std::filesystem::path(project.path).extension() == ".toml") return added;
  for (const std::string& name : planner_layer_names()) {
    if (project.layer(name)) continue;
    io::LayerSpec spec;
    spec.name = name;
    spec.path = project.path;
    spec.layer = name;
    IssueLog log;
    if (!io::read_layer(spec, log)) continue;  // the file has no such layer
    project.layers.push_back(std::move(spec));
    added.push_back(name);
  }
  return added;
}

}  // namespace jiuyou::render
