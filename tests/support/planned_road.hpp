#pragma once
// A planned work for what-if checks (check --with): one concrete village road,
// to be built in 2026, along the gap line of the first village of a check that
// fails the road item — the shortest road that makes that village pass.
#include <filesystem>
#include <string>

#include "gis/app/check_job.hpp"
#include "gis/io/write.hpp"

namespace jiuyou::test {

struct PlannedRoad {
  std::string gpkg;  // the GeoPackage written; empty when no village fails the road item or it cannot be written
  size_t village = 0;  // the village it serves (row of the check's villages)
  size_t item = 0;     // the road item's index in the check's rules
};

inline PlannedRoad plan_one_road(const app::CheckRun& run, const std::filesystem::path& gpkg) {
  const auto& r = run.result;
  PlannedRoad out{{}, 0, r.item_count()};
  for (size_t i = 0; i < r.item_count(); ++i)
    if (r.rules.items[i].id == "road") out.item = i;
  if (out.item == r.item_count()) return out;
  while (out.village < r.village_count && r.cell(out.village, out.item).outcome != indicators::Outcome::fail) ++out.village;
  if (out.village == r.village_count) return out;
  FeatureTable planned;
  planned.name = "roads";
  planned.crs = run.ws.metric_crs;
  planned.geometry.kind = GeometryKind::line;
  planned.columns.emplace_back("class", FieldType::text);
  planned.columns.emplace_back("surface", FieldType::text);
  planned.columns.emplace_back("width_m", FieldType::real);
  planned.columns.emplace_back("year", FieldType::integer);
  const auto& cell = r.cell(out.village, out.item);
  const Vec2 gap[] = {cell.from, cell.to};
  planned.geometry.add_line_feature(gap);
  planned.fid.push_back(1);
  planned.column("class")->push_text("village");
  planned.column("surface")->push_text("concrete");
  planned.column("width_m")->push_real(4.5);
  planned.column("year")->push_int(2026);
  if (io::write_layer(gpkg.string(), planned)) out.gpkg = gpkg.string();
  return out;
}

}  // namespace jiuyou::test
