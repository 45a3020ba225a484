#pragma once
// The 示意图 of relocation.html: the moving villages, the chosen sites and the
// flows between them, drawn over the county outline and the township
// boundaries (with the townships' names) so that a reader can place them,
// with a scale bar. Inline SVG, north up, no JavaScript.
#include <string>
#include <vector>

#include "gis/model/workspace.hpp"
#include "gis/plan/relocate.hpp"

namespace jiuyou::plan {

// `site_names[i]`: how the page names site i; `ws` (optional) gives the boundaries (its "county" and "townships"
// polygon layers, in the plan's metric CRS). Empty when the plan has nothing to draw.
std::string relocation_sketch(const RelocationPlan& plan, const std::vector<std::string>& site_names, const Workspace* ws);

// A round length for a scale bar on a map `width_m` wide: 1, 2 or 5 × 10^n metres, at most a fifth of the width.
double sketch_scale_length_m(double width_m);

}  // namespace jiuyou::plan
