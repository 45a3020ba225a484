#include "src/render/document_first.hpp"

#include <algorithm>
#include <filesystem>

#include "gis/indicators/rule_set.hpp"
#include "gis/io/project_subset.hpp"
#include "gis/io/schema.hpp"
#include "gis/report/check_caveats.hpp"
#include "gis/report/output_folder.hpp"
#include "gis/report/result_meta.hpp"
#include "gis/util/contains.hpp"
#include "src/render/planner_layers.hpp"

namespace jiuyou::render {

namespace fs = std::filesystem;

const std::vector<std::string>& first_project_layers() {
  static const std::vector<std::string> names{"county"};  // one outline; the townships of a province are heavy (> 200 000 vertices)
  return names;
}

std::optional<std::vector<std::string>> first_village_columns(const std::string& rule_set, const std::vector<std::string>& result_columns) {
  // what the map's colours, labels, search, summary and the inspector's header and checklist read
  static const std::vector<std::string> fixed{"code", "name", "township", "county", "population", "verdict", "failed_count", "unknown_count", "missing_items"};
  static const std::vector<std::string> read_suffixes{"", "_distance_m", "_nearest_fid"};  // the checklist's result, 距离 and 最近要素
  static const std::vector<std::string> evidence_suffixes{"_distance_m", "_nearest_fid", "_unconnected_m", "_share", "_value", "_note"};
  if (rule_set.empty()) return std::nullopt;
  auto rules = indicators::load_rule_set(rule_set);
  if (!rules) return std::nullopt;
  std::vector<std::string> items;
  for (const indicators::Item& item : rules->items) items.push_back(item.id);  // shown or not: item_columns finds them by their values
  // an item of the result the rule set no longer has (its file edited since): told by its evidence columns
    for (const std::string& column : result_columns)
    if (std::any_of(evidence_suffixes.begin(), evidence_suffixes.end(), [&](const std::string& s) { return util::contains(result_columns, column + s); })) items.push_back(column);
  std::vector<std::string> out = fixed;
  for (const std::string& item : items)
    for (const std::string& suffix : read_suffixes) out.push_back(item + suffix);
  return out;
}

namespace {

// The layers of `project` (tables joined onto others are not layers) that are not in `first`.
void add_later(const io::Project& project, const std::vector<std::string>& first, std::vector<std::string>& later) {
  for (const io::LayerSpec& spec : project.layers)
    if (spec.join_to.empty() && !util::contains(first, spec.name) && !util::contains(later, spec.name)) later.push_back(spec.name);
}

}  // namespace

Result<std::optional<FirstLayers>> open_first_layers(const std::string& given, const io::LoadOptions& load) {
  const auto resolved = report::gpkg_in_folder(given, report::output_gpkg_names(), "give the GeoPackage an output folder holds or a project .toml");
  if (!resolved || fs::path(*resolved).extension() != ".gpkg") return std::nullopt;  // open_document says what is wrong
  const std::string& path = *resolved;
  auto meta = report::read_result_meta(path);
  if (!meta || !*meta || (*meta)->kind != "check") return std::nullopt;
  const std::string& project_path = (*meta)->project_path;
  std::error_code ec;
  if (project_path.empty() || fs::equivalent(project_path, path, ec)) return std::nullopt;
  auto recorded = io::load_project(project_path);
  auto output = io::load_project(path);
  if (!recorded || !output) return std::nullopt;  // open_document notes a gone or broken project
  add_planner_layers(*output);
  if (!output->layer(io::target_layer)) return std::nullopt;

  FirstLayers out;
  std::vector<std::string> first{io::target_layer};
  for (const std::string& name : first_project_layers())
    if (recorded->layer(name)) first.push_back(name);
  add_later(*recorded, first, out.later);
  add_later(*output, first, out.later);
  io::only_layers(*output, {io::target_layer});
  io::only_layers(*recorded, first);

  io::LoadOptions own = load;
  if (own.metric_crs.empty()) own.metric_crs = recorded->metric_crs;  // empty: the zone of the villages, as the project's own are
  io::LayerColumns columns;
  auto result_columns = io::source_columns(*output->layer(io::target_layer));
  if (!result_columns) return tl::unexpected(result_columns.error());
  if (auto c = first_village_columns((*meta)->rule_set, *result_columns)) columns[io::target_layer] = std::move(*c);
  auto villages = io::load_workspace_columns(*output, own, columns);
  if (!villages) return tl::unexpected(villages.error());
  io::LoadOptions outlines = load;
  outlines.metric_crs = villages->metric_crs;
  auto project = io::load_workspace(*recorded, outlines);
  if (!project) return std::nullopt;  // open_document says why
  Document& doc = out.doc;
  doc.ws = std::move(*project);
  doc.ws.metric_crs = villages->metric_crs;
  std::erase_if(doc.ws.layers, [](const FeatureTable& t) { return t.name == io::target_layer; });
  doc.ws.layers.insert(doc.ws.layers.begin(), std::move(villages->layers.front()));
  doc.rule_set = (*meta)->rule_set;
  if (auto c = (*meta)->extra.find(report::k_meta_verdict_caveats); c != (*meta)->extra.end())
    doc.verdict_caveats = report::caveat_effects_of_codes(c->second);
  doc.project_path = project_path;
  if (auto b = io::project_basemap(*recorded); b) doc.basemap = *b;
  return std::optional<FirstLayers>(std::move(out));
}

}  // namespace jiuyou::render
