#include "gis/io/schema.hpp"
#include "src/render/document.hpp"

#include <filesystem>

#include "gis/indicators/rule_set.hpp"
#include "gis/report/check_caveats.hpp"
#include "gis/report/output_folder.hpp"
#include "gis/report/result_meta.hpp"
#include "src/render/planner_layers.hpp"

namespace jiuyou::render {

namespace fs = std::filesystem;

namespace {

bool same_file(const std::string& a, const std::string& b) {
  std::error_code ec;
  return fs::equivalent(a, b, ec) && !ec;
}

// The output's layers over the project's: same name replaces, others join (top of the list).
void overlay_layers(Workspace& base, Workspace&& output) {
  for (FeatureTable& t : output.layers) {
    if (FeatureTable* existing = base.layer(t.name))
      *existing = std::move(t);
    else
      base.layers.push_back(std::move(t));
  }
  if (!base.dem && output.dem) base.dem = std::move(output.dem);
}

// The project an output records, loaded; nullopt (with a note) when it is gone or broken.
std::optional<Workspace> load_recorded_project(const std::string& project_path, const io::LoadOptions& load, std::vector<std::string>& notes) {
  auto project = io::load_project(project_path);
  if (!project) {
    notes.push_back("找不到生成此结果的项目 (" + project_path + "): 只显示结果文件中的图层。" + project.error().message);
    return std::nullopt;
  }
  auto ws = io::load_workspace(*project, load);
  if (!ws) {
    notes.push_back("生成此结果的项目 (" + project_path + ") 无法载入: 只显示结果文件中的图层。" + ws.error().message);
    return std::nullopt;
  }
  return std::move(*ws);
}

}  // namespace

std::string planner_title(const Workspace& ws) {
  if (ws.layer("links") || (ws.layer("units") && !ws.layer(io::target_layer))) return "山海协作结对";
  if (ws.layer("flows") || ws.layer("sites") || ws.layer("movers") || ws.layer("excluded")) return "易地扶贫搬迁安置规划";
  return {};
}

std::vector<ItemInfo> items_of_rule_set(const std::string& rule_set) {
  std::vector<ItemInfo> out;
  if (rule_set.empty()) return out;
  auto rules = indicators::load_rule_set(rule_set);
  if (!rules) return out;
  for (const indicators::Item& it : rules->items)
    if (it.visible) out.push_back({it.id, it.name_zh.empty() ? it.id : it.name_zh, it.in_net4, it.in_jiuyou, it.required});
  return out;
}

std::string item_title_in(const std::string& rule_set, const std::string& item) {
  for (const ItemInfo& i : items_of_rule_set(rule_set))
    if (i.id == item) return i.name;
  return item;
}

Result<Document> open_document(const std::string& given, const io::LoadOptions& load) {
  // an output folder stands for the GeoPackage it holds, as compare takes a check's folder
  const auto resolved = report::gpkg_in_folder(given, report::output_gpkg_names(),
                                               "give the GeoPackage an output folder holds (result.gpkg, compare.gpkg, relocation.gpkg, links.gpkg, "
                                               "invest.gpkg) or a project .toml");
  if (!resolved) return tl::unexpected(resolved.error());
  const std::string& path = *resolved;
  auto project = io::load_project(path);
  if (!project) return tl::unexpected(project.error());
  add_planner_layers(*project);  // links/flows/excluded/movers of a planner's GeoPackage
  Document doc;
  doc.rule_set = fs::path(path).extension() == ".toml" ? project->rules : std::string();
  std::optional<Workspace> base;
  if (fs::path(path).extension() == ".gpkg") {
    auto meta = report::read_result_meta(path);
    if (!meta) {
      doc.notes.push_back("结果文件的元数据无法读取: " + meta.error().message);
    } else if (*meta && (*meta)->kind != "invest") {  // an investment plan's layers are planned features: not laid over the project's (render --plan does that)
      doc.rule_set = (*meta)->rule_set;
      if (auto c = (*meta)->extra.find(report::k_meta_verdict_caveats); c != (*meta)->extra.end())
        doc.verdict_caveats = report::caveat_effects_of_codes(c->second);
      const std::string& p = (*meta)->project_path;
      if (!p.empty() && !same_file(p, path)) {
        base = load_recorded_project(p, load, doc.notes);
        if (base) doc.project_path = p;
      }
    }
  }
  io::LoadOptions own = load;
  if (base) own.metric_crs = base->metric_crs;  // the output's layers in the project's CRS
  auto ws = io::load_workspace(*project, own);
  if (!ws) return tl::unexpected(ws.error());
  if (base) {
    const std::string title = planner_title(*ws);
    overlay_layers(*base, std::move(*ws));
    doc.ws = std::move(*base);
    if (!title.empty()) doc.ws.name += " · " + title;
  } else {
    doc.ws = std::move(*ws);
    doc.project_path = fs::path(path).extension() == ".toml" ? path : std::string();
    if (const std::string title = planner_title(doc.ws); !title.empty()) doc.ws.name = title;
  }
  if (fs::path(path).extension() == ".toml") {
    if (auto b = io::project_basemap(*project); b) doc.basemap = *b;
  } else if (!doc.project_path.empty()) {
    auto recorded = io::load_project(doc.project_path);
    if (auto b = recorded ? io::project_basemap(*recorded) : Result<std::optional<io::BasemapSpec>>(std::nullopt); b) doc.basemap = *b;
  }
  return doc;
}

}  // namespace jiuyou::render
