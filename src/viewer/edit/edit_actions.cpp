#include "src/viewer/edit/edit_actions.hpp"

#include <algorithm>

#include "src/viewer/edit/edit_recheck.hpp"

namespace jiuyou::viewer {

std::optional<EditKind> current_edit_kind(const AppState& s) {
  auto kinds = edit_kinds(s.ws);
  if (!kinds || kinds->empty()) return std::nullopt;
  return (*kinds)[static_cast<size_t>(std::clamp(s.draft_kind, 0, static_cast<int>(kinds->size()) - 1))];
}

void add_draft_point(AppState& s, Vec2 world) {
  s.road_draft.push_back(world);
  const std::optional<EditKind> k = current_edit_kind(s);
  if (k && k->point) finish_draft(s);
}

bool finish_draft(AppState& s) {
  const std::optional<EditKind> k = current_edit_kind(s);
  if (!k || s.road_draft.empty() || (!k->point && s.road_draft.size() < 2)) return false;
  s.edits.add(planned_feature(*k, s.road_draft, s.draft_choice));
  s.road_draft.clear();
  s.pending_local_recheck = true;
  return true;
}

bool undo_edit(AppState& s) {
  if (!s.edits.undo()) return false;
  s.pending_local_recheck = true;
  return true;
}

bool redo_edit(AppState& s) {
  if (!s.edits.redo()) return false;
  s.pending_local_recheck = true;
  return true;
}

bool can_change_selected(const AppState& s, std::string* why) {
  const std::optional<EditKind> k = current_edit_kind(s);
  auto say = [&](const char* text) {
    if (why) *why = text;
    return false;
  };
  if (!k || k->choice.empty()) return say("该类要素没有可改的属性");
  if (!s.picked || s.picked->layer != k->layer) return say("先在地图上选中一个该图层的要素");
  const FeatureTable* t = s.ws.layer(k->layer);
  if (!t || !t->column(k->choice) || s.picked->row >= t->size()) return say("该图层没有这个属性");
  return true;
}

Result<void> change_selected(AppState& s) {
  std::string why;
  if (!can_change_selected(s, &why)) return fail(ErrorCode::input, why);
  const EditKind k = *current_edit_kind(s);
  const FeatureTable& shown = *s.ws.layer(k.layer);
  const int64_t fid = shown.fid[s.picked->row];
  for (const PlannedFeature& f : s.edits.done)
    if (f.layer == k.layer && f.replaces == fid) return fail(ErrorCode::input, "该要素已有规划修改, 先撤销那一步再改");
  const std::string value = k.choices[static_cast<size_t>(std::clamp(s.draft_choice, 0, static_cast<int>(k.choices.size()) - 1))].first;
  s.edits.add(replacement_of(shown, s.picked->row, {{k.choice, value}}));
  s.pending_local_recheck = true;
  return {};
}

void run_local_recheck(AppState& s) {
  s.pending_local_recheck = false;
  auto r = recheck_edits_locally(s);
  if (!r) {
    s.message = "本地重新核查失败: " + r.error().message;
    return;
  }
  if (auto shown = show_recheck(s, *r); !shown) {
    s.message = "重新着色失败: " + shown.error().message;
    return;
  }
  s.message = recheck_message(*r);
}

}  // namespace jiuyou::viewer
