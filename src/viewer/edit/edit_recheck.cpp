#include "gis/io/schema.hpp"
#include "src/viewer/edit/edit_recheck.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <map>

#include "gis/app/planned.hpp"
#include "gis/report/check_report.hpp"
#include "gis/report/result_names.hpp"
#include "src/viewer/edit/planned_edits.hpp"

namespace jiuyou::viewer {

Result<void> start_edit_session(AppState& s) {
  if (s.project_path.empty())
    return fail(ErrorCode::input, "the shown map has no project to check", "open the project (.toml) or a result.gpkg that records its project");
  app::CheckJob job;
  job.project = s.project_path;
  job.rules = s.rule_set;
  job.metric_crs = s.ws.metric_crs.empty() ? std::string() : s.ws.metric_crs.definition;  // the zone shown, so the geometry lines up
  auto run = app::check_in_memory(job);
  if (!run) return tl::unexpected(run.error());
  auto e = std::make_shared<EditSession>();
  e->base = std::move(*run);
  e->ws = e->base.ws;
  e->rules = s.rule_set;
  auto check = indicators::LocalCheck::start(e->ws, e->base.result.rules);
  if (!check) return tl::unexpected(check.error());
  e->check = std::move(*check);
  s.edit_session = std::move(e);
  return {};
}

namespace {

// The layers to rebuild: those that held planned features and those that hold them now.
std::vector<std::string> layers_to_rebuild(const EditSession& e, const std::vector<PlannedFeature>& done) {
  std::set<std::string> layers = e.edited_layers;
  for (const PlannedFeature& f : done) layers.insert(f.layer);
  return {layers.begin(), layers.end()};
}

// The project's features of those layers, then the planned ones (as `check --with` adds them).
Result<void> apply_edits(EditSession& e, const std::vector<PlannedFeature>& done, const std::vector<std::string>& layers) {
  ASSIGN_OR_RETURN(std::vector<FeatureTable> tables, planned_tables(e.base.ws, done));
  for (const std::string& l : layers) {
    FeatureTable* t = e.ws.layer(l);
    const FeatureTable* b = e.base.ws.layer(l);
    if (t && b) *t = *b;
  }
  e.edited_layers.clear();
  app::PlannedLayers planned;
  planned.layers = std::move(tables);
  ASSIGN_OR_RETURN(const app::PlannedApplied applied, app::apply_planned(e.ws, planned, std::nullopt));
  (void)applied;
  for (const PlannedFeature& f : done) e.edited_layers.insert(f.layer);
  return {};
}

// The new items, verdicts and evidence into the shown villages (same rows: the result keeps the project's order).
Result<void> merge_villages(AppState& s, const EditSession& e) {
  FeatureTable* shown = s.ws.layer(io::target_layer);
  if (!shown) return fail(ErrorCode::internal, "the shown map has no villages layer", "open the project or its check result");
  const FeatureTable fresh = report::villages_result_table(e.ws, e.check->result(), report::Evidence::lean);
  const bool same_rows = fresh.size() == shown->size() && [&] {
    for (size_t r = 0; r < fresh.size(); ++r)
      if (cell_text(fresh, "code", r) != cell_text(*shown, "code", r)) return false;
    return true;
  }();
  if (!same_rows)
    return fail(ErrorCode::format, "the shown villages are not the project's villages in the same order (the result was written from other data)",
                "run 核查 › 运行核查 first, then edit");
  for (Column& c : shown->columns)
    if (const Column* n = fresh.column(c.name()); n && n->type() == c.type()) c = *n;
  s.summary = summarize(*shown, s.items, township_names(s.ws));
  s.style_dirty = true;
  return {};
}

// The gap lines of the new result in place of the shown ones; true when they changed.
bool merge_gaps(AppState& s, const EditSession& e) {
  FeatureTable* shown = s.ws.layer(report::gaps_layer);
  if (!shown) return false;
  FeatureTable fresh = report::gaps_table(e.ws, e.check->result());
  if (fresh.geometry.xy == shown->geometry.xy && fresh.size() == shown->size()) return false;
  fresh.name = shown->name;
  fresh.source = shown->source;
  fresh.source_layer = shown->source_layer;
  *shown = std::move(fresh);
  s.pick_boxes[shown->name].build_for(shown->geometry);  // clicks find the new gap lines
  s.gap_rows.build(s.ws);                                 // and the inspector's 量 buttons
  return true;
}

double cpu_now() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

}  // namespace

Result<LocalRecheckReport> recheck_edits_locally(AppState& s) {
  if (!s.edit_session) TRY(start_edit_session(s));
  EditSession& e = *s.edit_session;
  LocalRecheckReport r;
  const double cpu0 = cpu_now();
  const auto t0 = std::chrono::steady_clock::now();
  const std::vector<std::string> layers = layers_to_rebuild(e, s.edits.done);
  TRY(apply_edits(e, s.edits.done, layers));
  ASSIGN_OR_RETURN(r.stats, e.check->recheck(layers));
  TRY(merge_villages(s, e));
  r.gaps_changed = merge_gaps(s, e);
  r.stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  r.cpu_seconds = cpu_now() - cpu0;
  return r;
}

Result<void> show_recheck(AppState& s, const LocalRecheckReport& r) {
  if (!s.renderer) return {};
  if (r.gaps_changed) {
    std::map<std::string, std::pair<bool, float>> shown;  // layer -> visible, opacity
    for (const LayerUi& l : s.layers) shown[l.name] = {l.visible, l.opacity};
    if (auto ok = attach_renderer(s); !ok) return ok;
    for (LayerUi& l : s.layers)
      if (const auto it = shown.find(l.name); it != shown.end()) std::tie(l.visible, l.opacity) = it->second;
    sync_layers(s);
  }
  restyle_villages(s);
  return {};
}

std::string recheck_message(const LocalRecheckReport& r) {
  char buf[160];
  std::snprintf(buf, sizeof buf, "本地重新核查: %zu 个村, %.1f ms (CPU %.1f ms)", r.stats.villages_rechecked, r.stats.seconds * 1000.0,
                r.cpu_seconds * 1000.0);
  return buf;
}

}  // namespace jiuyou::viewer
