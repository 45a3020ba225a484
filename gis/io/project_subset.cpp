#include "gis/io/project_subset.hpp"

#include <algorithm>

#include "gis/io/vector_source.hpp"
#include "gis/util/contains.hpp"

namespace jiuyou::io {

void only_layers(Project& project, const std::vector<std::string>& names) {
  std::erase_if(project.layers, [&](const LayerSpec& spec) { return !util::contains(names, spec.name) && (spec.join_to.empty() || !util::contains(names, spec.join_to)); });
}

Result<std::vector<std::string>> source_columns(const LayerSpec& spec) {
  auto src = open_vector_source(spec);
  if (!src) return tl::unexpected<Error>(src.error());
  return src->names;
}

}  // namespace jiuyou::io
