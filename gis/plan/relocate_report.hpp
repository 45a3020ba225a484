#pragma once
// The relocation plan's outputs, written together and atomically into one folder:
//   relocation.gpkg   layers sites, excluded, flows, movers (relocation_layers)
//   relocation.xlsx   概要 (plan, bound, gap) / 安置点 (per site) / 搬迁流向 (flows) /
//                     搬迁对象 (movers with the reason) / 排除区 (exclusions and why)
//   relocation.html   the same summary and per-site tables, with an SVG sketch of the
//                     chosen sites and the flows (width by households)
// Either every file appears or none (util::AtomicDirectory).
#include <string>

#include "gis/model/error.hpp"
#include "gis/plan/relocate.hpp"

namespace jiuyou::plan {

Result<void> write_relocation_xlsx(const std::string& path, const RelocationPlan& plan);
std::string relocation_html(const RelocationPlan& plan);
Result<void> write_relocation_outputs(const std::string& dir, const RelocationPlan& plan);

}  // namespace jiuyou::plan
