#include "gis/app/planned.hpp"

#include <algorithm>
#include <set>

#include "gis/app/plan_county.hpp"
#include "gis/app/planned_offset.hpp"
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

// `replaces` (optional, integer): the FID of the project's feature in the same layer
// that the planned feature supersedes ("what if we pave this road"); it must exist.
Result<void> require_replaces(const FeatureTable& target, const PlannedLayers& planned, const FeatureTable& p) {
  const Column* rep = p.column(planned_replaces_field);
  if (rep == nullptr) return {};
  if (rep->type() != FieldType::integer)
    return planned_error("the field 'replaces' of planned layer '" + p.name + "' is " + to_string(rep->type()) + ", not an integer", planned, p)
        .field(planned_replaces_field)
        .hint("replaces is the FID of the project's feature that the planned feature supersedes; leave it empty for a new feature");
  const std::set<int64_t> fids(target.fid.begin(), target.fid.end());
  for (size_t r = 0; r < p.size(); ++r) {
    if (rep->is_null(r) || fids.count(rep->get_int(r))) continue;
    return planned_error("planned feature " + std::to_string(p.fid[r]) + " of layer '" + p.name + "' replaces feature " +
                             std::to_string(rep->get_int(r)) + ", which the project's layer does not have",
                         planned, p)
        .field(planned_replaces_field)
        .hint("the source data changed since the plan was drawn: draw the edit again, or clear its 'replaces'");
  }
  return {};
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

// The FIDs of the features that the applied planned features replace.
std::set<int64_t> replaced_fids(const FeatureTable& p, std::optional<int> until) {
  std::set<int64_t> out;
  const Column* rep = p.column(planned_replaces_field);
  for (size_t r = 0; rep != nullptr && r < p.size(); ++r)
    if (!rep->is_null(r) && applies(p, r, until)) out.insert(rep->get_int(r));
  return out;
}

// Removes the rows whose FID is in `fids` (the others keep their order and FIDs).
size_t drop_rows(FeatureTable& t, const std::set<int64_t>& fids) {
  if (fids.empty()) return 0;
  FeatureTable kept;
  kept.geometry.kind = t.geometry.kind;
  for (const Column& c : t.columns) kept.columns.emplace_back(c.name(), c.type());
  for (size_t r = 0; r < t.size(); ++r) {
    if (fids.count(t.fid[r])) continue;
    kept.geometry.append_feature(t.geometry, r);
    kept.fid.push_back(t.fid[r]);
    for (size_t c = 0; c < t.columns.size(); ++c) kept.columns[c].append_from(t.columns[c], r);
  }
  const size_t dropped = t.size() - kept.size();
  t.geometry = std::move(kept.geometry);
  t.fid = std::move(kept.fid);
  t.columns = std::move(kept.columns);
  return dropped;
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
    if (l.name == report::k_result_meta_layer) {
      ASSIGN_OR_RETURN(planned.meta, report::read_result_meta(path));
      continue;
    }
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

Result<void> declare_planned_crs(PlannedLayers& planned, const std::string& crs_text) {
  if (crs_text.empty()) return {};
  const CrsRef declared = CrsRef::parse(crs_text);
  if (declared.empty() || !crs::check_known(declared))
    return error(ErrorCode::crs, "--with-crs: unknown coordinate reference system '" + crs_text + "'")
        .file(planned.path)
        .hint("e.g. --with-crs GCJ-02 (高德、腾讯), BD-09 (百度), EPSG:4490 (CGCS2000)");
  for (FeatureTable& t : planned.layers) t.crs = declared;
  return {};
}

Result<PlannedApplied> apply_planned(Workspace& ws, const PlannedLayers& planned, std::optional<int> until) {
  // Validate and convert everything first: the workspace changes only when all is well.
  PlannedApplied applied;
  TRY(require_plan_of_county(planned.meta, planned.path, ws, applied.warnings_zh));
  std::vector<std::pair<FeatureTable*, FeatureTable>> ready;
  for (const auto& p : planned.layers) {
    ASSIGN_OR_RETURN(const FeatureTable* target, target_of(ws, planned, p));
    TRY(require_fields(*target, planned, p));
    TRY(require_year_type(planned, p));
    TRY(require_replaces(*target, planned, p));
    ASSIGN_OR_RETURN(FeatureTable t, in_metric(ws, planned, p));
    for (std::string& w : planned_outside_villages(t, ws)) applied.warnings_zh.push_back(std::move(w));
    if (auto w = likely_gcj02_planned(t, *target, ws.metric_crs)) applied.warnings_zh.push_back(std::move(*w));
    ready.emplace_back(ws.layer(p.name), std::move(t));
  }
  for (auto& [target, p] : ready) {
    applied.replaced += drop_rows(*target, replaced_fids(p, until));
    const size_t n = append_rows(*target, p, until);
    applied.added += n;
    applied.later += p.size() - n;
    if (n > 0 && std::find(applied.layers.begin(), applied.layers.end(), target->name) == applied.layers.end()) applied.layers.push_back(target->name);
  }
  return applied;
}

}  // namespace jiuyou::app
