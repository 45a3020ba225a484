#include "src/viewer/check/check_in_place.hpp"

#include <filesystem>
#include <map>

#include "gis/app/check_job.hpp"
#include "gis/indicators/rule_set.hpp"
#include "gis/io/write.hpp"

namespace jiuyou::viewer {

namespace fs = std::filesystem;

std::vector<RuleSetChoice> rule_set_choices() {
  std::vector<RuleSetChoice> out;
  for (const std::string& id : indicators::shipped_rule_sets()) {
    auto rules = indicators::load_rule_set(id);
    out.push_back({id, rules && !rules->name_zh.empty() ? rules->name_zh : id});
  }
  return out;
}

std::string check_out_dir(const std::string& project, const std::string& rules, const std::string& check_root) {
  const fs::path p(project);
  const fs::path root = check_root.empty() ? p.parent_path() : fs::path(check_root);
  const std::string tag = rules.empty() ? std::string("project") : fs::path(rules).stem().string();  // an id, or a file's name
  return (root / (p.stem().string() + "-check-" + tag)).string();
}

namespace {

// The selection survives when its layer still has that row (a result's villages keep the project's order).
void keep_valid_selection(AppState& s) {
  const FeatureTable* t = s.picked ? s.ws.layer(s.picked->layer) : nullptr;
  if (!t || s.picked->row >= t->size()) clear_selection(s);
  if (s.hovered && (!s.villages() || *s.hovered >= s.villages()->size())) s.hovered.reset();
  s.search_hits = s.village_search.find(s.search);
  s.table_dirty = true;
  if (s.filter_item < 0 || static_cast<size_t>(s.filter_item) >= s.items.size()) s.filter_item = 0;
}

}  // namespace

Result<void> replace_document(AppState& s, render::Document doc) {
  std::map<std::string, std::pair<bool, float>> shown;  // layer -> visible, opacity
  for (const LayerUi& l : s.layers) shown[l.name] = {l.visible, l.opacity};
  load_workspace(s, std::move(doc.ws));
  s.item_info = render::items_of_rule_set(doc.rule_set);
  s.rule_set = doc.rule_set;
  if (!doc.project_path.empty()) s.project_path = doc.project_path;
  keep_valid_selection(s);
  if (auto r = attach_renderer(s); !r) return r;
  set_basemap_shown(s, s.basemap.shown);  // the new renderer gets the kept basemap picture
  for (LayerUi& l : s.layers)
    if (const auto it = shown.find(l.name); it != shown.end()) std::tie(l.visible, l.opacity) = it->second;
  s.font_dirty = true;
  s.edit_session.reset();  // the local re-check's state belongs to the checked document
  return {};
}

Result<std::string> check_in_place(AppState& s, const std::string& rules, const std::string& planned) {
  if (s.project_path.empty())
    return fail(ErrorCode::input, "the shown map has no project to check",
                "open the project (.toml) or a result.gpkg that records its project");
  app::CheckJob job;
  job.project = s.project_path;
  job.rules = rules;
  job.metric_crs = s.ws.metric_crs.empty() ? std::string() : s.ws.metric_crs.definition;  // the zone shown, so the geometry lines up
  job.out_dir = check_out_dir(s.project_path, rules, s.check_root) + (planned.empty() ? "" : "-with-planned");
  job.planned = planned;
  auto run = app::run_check(job);
  if (!run) return tl::unexpected(run.error());
  const std::string result = (fs::path(job.out_dir) / "result.gpkg").string();
  io::LoadOptions load;
  if (!s.ws.metric_crs.empty()) load.metric_crs = s.ws.metric_crs;
  auto doc = render::open_document(result, load);
  if (!doc) return tl::unexpected(doc.error());
  if (auto r = replace_document(s, std::move(*doc)); !r) return tl::unexpected(r.error());
  return result;
}

}  // namespace jiuyou::viewer

namespace jiuyou::viewer {

Result<std::string> recheck_with_edits(AppState& s) {
  if (s.project_path.empty())
    return fail(ErrorCode::input, "the shown map has no project to check", "open the project (.toml) or a result.gpkg that records its project");
  if (s.edits.done.empty())
    return fail(ErrorCode::input, "there are no planned features to save", "draw a planned feature first, or use 核查 › 运行核查");
  const std::string path = planned_path(s.project_path, s.check_root);
  auto tables = planned_tables(s.ws, s.edits.done);
  if (!tables) return tl::unexpected(tables.error());
  std::vector<const FeatureTable*> layers;
  for (const FeatureTable& t : *tables) layers.push_back(&t);
  if (auto w = io::write_layers(path, layers); !w) return tl::unexpected(w.error());
  s.planned_file = path;
  return check_in_place(s, s.rule_set, path);
}

}  // namespace jiuyou::viewer
