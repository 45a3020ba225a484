#include "gis/app/planned.hpp"

#include <algorithm>

#include "gis/crs/crs.hpp"
#include "gis/io/describe.hpp"
#include "gis/io/load.hpp"
#include "gis/io/schema.hpp"

namespace jiuyou::app {
namespace {

std::string layer_list(const Workspace& ws) {
  std::string s;
  for (const auto& l : ws.layers)
    if (l.name != io::target_layer) s += (s.empty() ? "" : ", ") + l.name;
  return s;
}

ErrorBuilder planned_error(const std::string& message, const PlannedLayers& planned, const FeatureTable& layer) {
  return error(ErrorCode::format, message).file(planned.path.empty() ? layer.source : planned.path).layer(layer.name);
}

// The layer must exist in the project and hold the same kind of geometry.
Result<const FeatureTable*> target_of(const Workspace& ws, const PlannedLayers& planned, const FeatureTable& p) {
  const FeatureTable* target = ws.layer(p.name);
  if (target == nullptr || p.name == io::target_layer)
    return planned_error("planned layer '" + p.name + "' is not a layer of the project that can receive planned features", planned, p)
        .hint("name planned layers like the project's other layers (" + layer_list(ws) + "); an investment plan's own tables are named plan_*");
  const bool kinds_differ = target->geometry.kind != GeometryKind::none && p.geometry.kind != GeometryKind::none &&
                            target->geometry.kind != p.geometry.kind;
  if (kinds_differ)
    return planned_error(std::string("planned layer '") + p.name + "' holds " + to_string(p.geometry.kind) + " geometries, the project's layer holds " +
                             to_string(target->geometry.kind),
                         planned, p)
        .hint("a layer holds one geometry kind: put planned lines, points and areas in the layers the project uses for them");
  return target;
}

// Every canonical field the project's layer has must be in the planned layer
// (a planned road without `surface` would silently count as of unknown surface).
Result<void> require_fields(const FeatureTable& target, const PlannedLayers& planned, const FeatureTable& p) {
  for (const auto& f : io::canonical_fields(io::canonical_kind(target.name))) {
    if (target.column(f.name) == nullptr || p.column(f.name) != nullptr) continue;
    return planned_error("planned layer '" + p.name + "' lacks the field '" + f.name + "' (" + f.description + ") that the project's layer has", planned, p)
        .field(f.name)
        .hint("write the planned features in the canonical schema of the layer, e.g. roads: class, surface, width_m");
  }
  return {};
}

Result<void> require_year_type(const PlannedLayers& planned, const FeatureTable& p) {
  const Column* year = p.column(planned_year_field);
  if (year == nullptr || year->type() == FieldType::integer) return {};
  return planned_error("the field 'year' of planned layer '" + p.name + "' is " + to_string(year->type()) + ", not an integer", planned, p)
      .field(planned_year_field)
      .hint("year is the calendar year the feature is built (e.g. 2026), an integer field; leave it out for features that are always applied");
}

bool applies(const FeatureTable& p, size_t row, std::optional<int> until) {
  const Column* year = p.column(planned_year_field);
  if (!until || year == nullptr || year->is_null(row)) return true;
  return year->get_int(row) <= *until;
}

// Row `row` of `from` (any type) onto the end of `to`, converted to `to`'s type.
void append_value(Column& to, const Column* from, size_t row) {
  if (from == nullptr || from->is_null(row)) return to.push_null();
  if (from->type() == to.type()) return to.append_from(*from, row);
  if (to.type() == FieldType::text) return to.push_text(from->as_text(row));
  const std::optional<double> v = from->number(row);
  if (!v) return to.push_null();
  if (to.type() == FieldType::real) return to.push_real(*v);
  if (to.type() == FieldType::boolean) return to.push_bool(*v != 0);
  to.push_int(static_cast<int64_t>(*v));
}

int64_t next_fid(const FeatureTable& t) {
  int64_t m = 0;
  for (const int64_t f : t.fid) m = std::max(m, f);
  return m + 1;
}

size_t append_rows(FeatureTable& target, const FeatureTable& p, std::optional<int> until) {
  if (target.geometry.kind == GeometryKind::none) target.geometry.kind = p.geometry.kind;
  int64_t fid = next_fid(target);
  size_t added = 0;
  for (size_t r = 0; r < p.size(); ++r) {
    if (!applies(p, r, until)) continue;
    target.geometry.append_feature(p.geometry, r);
    target.fid.push_back(fid++);
    for (auto& c : target.columns) append_value(c, p.column(c.name()), r);
    ++added;
  }
  return added;
}

// The planned layer in the workspace's CRS (a copy; the input is not changed).
Result<FeatureTable> in_metric(const Workspace& ws, const PlannedLayers& planned, const FeatureTable& p) {
  FeatureTable t = p;
  if (ws.metric_crs.empty() || t.size() == 0 || t.crs == ws.metric_crs) return t;
  if (t.crs.empty())
    return error(ErrorCode::crs, "planned layer '" + p.name + "' has no coordinate reference system")
        .file(planned.path.empty() ? p.source : planned.path)
        .layer(p.name)
        .hint("write the planned layer with its CRS (a GeoPackage layer always has one)");
  if (auto ok = crs::transform_table(t, ws.metric_crs); !ok) {
    Error e = ok.error();
    e.file = planned.path.empty() ? p.source : planned.path;
    e.layer = p.name;
    return tl::unexpected(e);
  }
  return t;
}

}  // namespace

Result<PlannedLayers> read_planned(const std::string& path) {
  ASSIGN_OR_RETURN(const io::SourceInfo info, io::describe_source(path));
  PlannedLayers planned;
  planned.path = path;
  IssueLog log;
  for (const auto& l : info.layers) {
    if (l.name.rfind(plan_table_prefix, 0) == 0) continue;
    io::LayerSpec spec;
    spec.name = l.name;
    spec.path = path;
    spec.layer = l.name;
    ASSIGN_OR_RETURN(FeatureTable t, io::read_layer(spec, log));
    planned.layers.push_back(std::move(t));
  }
  if (planned.layers.empty())
    return error(ErrorCode::format, "the file holds no planned layers").file(path).hint("planned layers are named like the project's layers: roads, power, water, ...");
  return planned;
}

Result<PlannedApplied> apply_planned(Workspace& ws, const PlannedLayers& planned, std::optional<int> until) {
  // Validate and convert everything first: the workspace changes only when all is well.
  std::vector<std::pair<FeatureTable*, FeatureTable>> ready;
  for (const auto& p : planned.layers) {
    ASSIGN_OR_RETURN(const FeatureTable* target, target_of(ws, planned, p));
    TRY(require_fields(*target, planned, p));
    TRY(require_year_type(planned, p));
    ASSIGN_OR_RETURN(FeatureTable t, in_metric(ws, planned, p));
    ready.emplace_back(ws.layer(p.name), std::move(t));
  }
  PlannedApplied applied;
  for (auto& [target, p] : ready) {
    const size_t n = append_rows(*target, p, until);
    applied.added += n;
    applied.later += p.size() - n;
    if (n > 0 && std::find(applied.layers.begin(), applied.layers.end(), target->name) == applied.layers.end()) applied.layers.push_back(target->name);
  }
  return applied;
}

}  // namespace jiuyou::app
