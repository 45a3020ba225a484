#pragma once
// The relocation plan's outputs, written together and atomically into one folder:
//   relocation.gpkg   layers sites, excluded, flows, movers (relocation_layers)
//   relocation.xlsx   概要 / 安置点 / 搬迁流向 / 搬迁对象 / 排除地块, in plain Chinese,
//                     money in 万元, sites named by the nearest village with lon/lat
//   relocation.html   the same as a printable A4 document, with a sketch of the
//                     chosen sites and the flows (width by households) over the
//                     county and township boundaries (relocate_sketch.hpp)
// Either every file appears or none (util::AtomicDirectory). The workbook and
// page are written through gis/report (one workbook helper, one stylesheet).
// `ws` (optional): the project's villages name the sites ("郑家坡村东北 1.2 km");
// without it the moving villages do.
#include <string>

#include "gis/model/error.hpp"
#include "gis/model/workspace.hpp"
#include "gis/plan/relocate.hpp"

namespace jiuyou::plan {

Result<void> write_relocation_xlsx(const std::string& path, const RelocationPlan& plan, const Workspace* ws = nullptr);
std::string relocation_html(const RelocationPlan& plan, const Workspace* ws = nullptr);
Result<void> write_relocation_outputs(const std::string& dir, const RelocationPlan& plan, const Workspace* ws = nullptr);

// Plain Chinese for users' documents (public for tests).
std::string mover_reason_zh(const Mover& m);
std::string unplaced_reason_zh(const Unplaced& u, const RelocateParams& params);
// A site's 四网 as the documents say it: "四网齐全", "缺硬化路、宽带，需延伸 35.2 万元".
std::string net4_status_zh(const Site& s);
// "拉格朗日松弛启发式" with what its bound means, "精确求解（CBC）", ...
std::string method_zh(const RelocationPlan& plan);

}  // namespace jiuyou::plan
