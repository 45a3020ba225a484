#include "gis/report/result_meta.hpp"

#include <filesystem>

#include "gis/io/load.hpp"
#include "gis/model/issue_log.hpp"

namespace jiuyou::report {

namespace fs = std::filesystem;

namespace {

void add_row(FeatureTable& t, Column& key, Column& value, const std::string& k, const std::string& v) {
  t.fid.push_back(static_cast<int64_t>(t.fid.size()) + 1);
  t.geometry.add_null_feature();
  key.push_text(k);
  value.push_text(v);
}

std::string absolute_of(const std::string& path) {
  std::error_code ec;
  const fs::path p = fs::absolute(path, ec);
  return ec ? path : p.lexically_normal().string();
}

// The recorded project as a path that exists now (absolute, else relative to the GeoPackage).
std::string resolve_project(const std::string& absolute, const std::string& relative, const std::string& gpkg_path) {
  std::error_code ec;
  if (!absolute.empty() && fs::exists(absolute, ec)) return absolute;
  if (!relative.empty()) {
    const fs::path beside = (fs::path(gpkg_path).parent_path() / relative).lexically_normal();
    if (fs::exists(beside, ec)) return beside.string();
  }
  return absolute;
}

}  // namespace

FeatureTable result_meta_table(const ResultMeta& meta, const std::string& output_dir) {
  FeatureTable t;
  t.name = k_result_meta_layer;
  t.geometry.kind = GeometryKind::none;
  Column key("key", FieldType::text), value("value", FieldType::text);
  const std::string project = meta.project_path.empty() ? std::string() : absolute_of(meta.project_path);
  add_row(t, key, value, "project", project);
  if (!project.empty() && !output_dir.empty()) {
    std::error_code ec;
    const fs::path rel = fs::relative(project, absolute_of(output_dir), ec);
    if (!ec && !rel.empty()) add_row(t, key, value, "project_relative", rel.string());
  }
  add_row(t, key, value, "rule_set", meta.rule_set);
  add_row(t, key, value, "kind", meta.kind);
  for (const auto& [k, v] : meta.extra)
    if (k != "project" && k != "project_relative" && k != "rule_set" && k != "kind") add_row(t, key, value, k, v);
  t.columns = {std::move(key), std::move(value)};
  return t;
}

Result<std::optional<ResultMeta>> read_result_meta(const std::string& gpkg_path) {
  io::LayerSpec spec;
  spec.name = k_result_meta_layer;
  spec.path = gpkg_path;
  spec.layer = k_result_meta_layer;
  IssueLog log;
  auto t = io::read_layer(spec, log);
  if (!t) {
    // Only "no such layer" means an older result (or a user's own file); a missing or unreadable file is an error.
    if (t.error().message.rfind("no layer named", 0) == 0) return std::optional<ResultMeta>();
    return tl::unexpected(t.error());
  }
  const Column* key = t->column("key");
  const Column* value = t->column("value");
  if (!key || !value)
    return error(ErrorCode::format, "the metadata table has no key/value columns")
        .file(gpkg_path)
        .layer(k_result_meta_layer)
        .field(key ? "value" : "key")
        .hint("the table is written by jiuyou check; delete it to open the file as plain layers");
  ResultMeta m;
  std::string relative;
  for (size_t i = 0; i < t->size(); ++i) {
    if (key->is_null(i)) continue;
    const std::string k = key->as_text(i);
    const std::string v = value->is_null(i) ? std::string() : value->as_text(i);
    if (k == "project") m.project_path = v;
    else if (k == "project_relative") relative = v;
    else if (k == "rule_set") m.rule_set = v;
    else if (k == "kind") m.kind = v;
    else m.extra[k] = v;
  }
  m.project_path = resolve_project(m.project_path, relative, gpkg_path);
  return std::optional<ResultMeta>(std::move(m));
}

}  // namespace jiuyou::report
