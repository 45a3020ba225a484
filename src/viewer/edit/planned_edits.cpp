#include "src/viewer/edit/planned_edits.hpp"

#include <filesystem>

namespace jiuyou::viewer {

void EditList::add(PlannedRoad road) {
  done.push_back(std::move(road));
  undone.clear();
}

bool EditList::undo() {
  if (done.empty()) return false;
  undone.push_back(std::move(done.back()));
  done.pop_back();
  return true;
}

bool EditList::redo() {
  if (undone.empty()) return false;
  done.push_back(std::move(undone.back()));
  undone.pop_back();
  return true;
}

FeatureTable planned_roads_table(const FeatureTable& project_roads, const std::vector<PlannedRoad>& roads) {
  FeatureTable t;
  t.name = "roads";
  t.crs = project_roads.crs;
  t.geometry.kind = GeometryKind::line;
  for (const Column& c : project_roads.columns) t.columns.emplace_back(c.name(), c.type());
  for (const char* needed : {"surface", "class"})
    if (!t.column(needed)) t.columns.emplace_back(needed, FieldType::text);
  for (const PlannedRoad& r : roads) {
    t.geometry.add_line_feature(r.points);
    t.fid.push_back(static_cast<int64_t>(t.fid.size()) + 1);
    for (Column& c : t.columns) {
      if (c.name() == "surface" && c.type() == FieldType::text) c.push_text(r.surface);
      else if (c.name() == "class" && c.type() == FieldType::text && !r.road_class.empty()) c.push_text(r.road_class);
      else c.push_null();
    }
  }
  return t;
}

std::string planned_path(const std::string& project, const std::string& check_root) {
  const std::filesystem::path p(project);
  const std::filesystem::path root = check_root.empty() ? p.parent_path() : std::filesystem::path(check_root);
  return (root / (p.stem().string() + "-planned.gpkg")).string();
}

}  // namespace jiuyou::viewer
