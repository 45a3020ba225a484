#include "gis/io/project_subset.hpp"

#include <algorithm>

#include "gis/io/vector_source.hpp"

namespace jiuyou::io {

void only_layers(Project& project, const std::vector<std::string>& names) {
  const auto listed = [&](const std::string& name) { return std::find(names.begin(), names.end(), name) != names.end(); };
  std::erase_if(project.layers, [&](const LayerSpec& spec) { return !listed(spec.name) && (spec.join_to.empty() || !listed(spec.join_to)); });
}

Result<std::vector<std::string>> source_columns(const LayerSpec& spec) {
  auto src = open_vector_source(spec);
  if (!src) return tl::unexpected<Error>(src.error());
  return src->names;
}

}  // namespace jiuyou::io
