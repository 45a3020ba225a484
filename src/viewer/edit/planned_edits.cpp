#include "src/viewer/edit/planned_edits.hpp"

#include <charconv>
#include <filesystem>

#include "gis/app/planned.hpp"

namespace jiuyou::viewer {

PlannedFeature planned_road(std::vector<Vec2> points, const std::string& surface, const std::string& road_class) {
  PlannedFeature f;
  f.layer = "roads";
  f.parts.push_back(std::move(points));
  f.values["surface"] = surface;
  if (!road_class.empty()) f.values["class"] = road_class;
  return f;
}

void EditList::add(PlannedFeature f) {
  done.push_back(std::move(f));
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

namespace {

// `text` onto the end of `c`, converted to its type; false when it does not convert.
bool push_value(Column& c, const std::string& text) {
  const char* b = text.data();
  const char* e = b + text.size();
  switch (c.type()) {
    case FieldType::integer: {
      int64_t v = 0;
      if (std::from_chars(b, e, v).ptr != e) return false;
      c.push_int(v);
      return true;
    }
    case FieldType::real: {
      double v = 0;
      if (std::from_chars(b, e, v).ptr != e) return false;
      c.push_real(v);
      return true;
    }
    case FieldType::boolean:
      if (text != "true" && text != "false" && text != "1" && text != "0") return false;
      c.push_bool(text == "true" || text == "1");
      return true;
    default:
      c.push_text(text);
      return true;
  }
}

void add_geometry(GeometryColumn& g, const PlannedFeature& f) {
  if (g.kind == GeometryKind::point && !f.parts.empty() && !f.parts[0].empty()) return g.add_point_feature(f.parts[0][0].x, f.parts[0][0].y);
  for (const auto& part : f.parts) {
    for (const Vec2 p : part) g.add_vertex(p.x, p.y);
    g.close_ring();
    g.close_part();
  }
  g.close_feature();
}

}  // namespace

Result<FeatureTable> planned_table(const FeatureTable& project_layer, const std::vector<PlannedFeature>& features) {
  FeatureTable t;
  t.name = project_layer.name;
  t.crs = project_layer.crs;
  t.geometry.kind = project_layer.geometry.kind;
  for (const Column& c : project_layer.columns)
    if (c.name() != app::planned_replaces_field && c.name() != app::planned_year_field) t.columns.emplace_back(c.name(), c.type());
  t.columns.emplace_back(app::planned_replaces_field, FieldType::integer);
  for (const PlannedFeature& f : features) {
    if (f.layer != t.name) continue;
    add_geometry(t.geometry, f);
    t.fid.push_back(static_cast<int64_t>(t.fid.size()) + 1);
    for (Column& c : t.columns) {
      if (c.name() == app::planned_replaces_field) {
        f.replaces ? c.push_int(*f.replaces) : c.push_null();
        continue;
      }
      const auto v = f.values.find(c.name());
      if (v == f.values.end() || v->second.empty()) {
        c.push_null();
      } else if (!push_value(c, v->second)) {
        return error(ErrorCode::format, "planned feature " + std::to_string(t.fid.back()) + ": '" + v->second + "' is not a value of the " +
                                            to_string(c.type()) + " field '" + c.name() + "'")
            .layer(t.name)
            .field(c.name())
            .hint("enter a number for numeric fields, true/false for yes-no fields");
      }
    }
  }
  return t;
}

Result<std::vector<FeatureTable>> planned_tables(const Workspace& project, const std::vector<PlannedFeature>& features) {
  std::vector<FeatureTable> out;
  for (const FeatureTable& layer : project.layers) {
    std::vector<PlannedFeature> mine;
    for (const PlannedFeature& f : features)
      if (f.layer == layer.name) mine.push_back(f);
    if (mine.empty()) continue;
    ASSIGN_OR_RETURN(FeatureTable t, planned_table(layer, mine));
    out.push_back(std::move(t));
  }
  for (const PlannedFeature& f : features)
    if (!project.layer(f.layer))
      return error(ErrorCode::input, "the project has no layer '" + f.layer + "' to add the planned feature to")
          .layer(f.layer)
          .hint("add [layers." + f.layer + "] to the project");
  return out;
}

PlannedFeature replacement_of(const FeatureTable& layer, size_t row, const std::map<std::string, std::string>& values) {
  PlannedFeature f;
  f.layer = layer.name;
  f.replaces = layer.fid[row];
  const GeometryColumn& g = layer.geometry;
  for (uint32_t p = g.part_begin(row); p < g.part_end(row); ++p)
    for (uint32_t r = g.ring_begin(p); r < g.ring_end(p); ++r) {
      std::vector<Vec2> pts;
      for (uint32_t v = g.vertex_begin(r); v < g.vertex_end(r); ++v) pts.push_back(g.vertex(v));
      f.parts.push_back(std::move(pts));
    }
  for (const Column& c : layer.columns)
    if (!c.is_null(row)) f.values[c.name()] = c.as_text(row);
  for (const auto& [k, v] : values) f.values[k] = v;
  return f;
}

std::string planned_path(const std::string& project, const std::string& check_root) {
  const std::filesystem::path p(project);
  const std::filesystem::path root = check_root.empty() ? p.parent_path() : std::filesystem::path(check_root);
  return (root / (p.stem().string() + "-planned.gpkg")).string();
}

}  // namespace jiuyou::viewer
