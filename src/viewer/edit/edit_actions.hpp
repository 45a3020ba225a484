#pragma once
// What the 规划编辑 panel and the map clicks do with the edits: a clicked point
// goes into the draft (a point kind is finished at once), a finished draft, an
// undo or a redo becomes a planned feature and asks for the local re-check, and
// the selected feature can be changed ("所选道路改为 沥青": a planned copy that
// replaces it).
#include <optional>
#include <string>

#include "src/viewer/app_state.hpp"
#include "src/viewer/edit/edit_kinds.hpp"

namespace jiuyou::viewer {

// The kind being drawn (s.draft_kind among edit_kinds(s.ws)); none when none is offered.
std::optional<EditKind> current_edit_kind(const AppState& s);

// A click on the map while drawing: the point joins the draft; a point kind is added at once.
void add_draft_point(AppState& s, Vec2 world);
// The draft as a planned feature of the current kind (a line needs 2 points); false when not.
bool finish_draft(AppState& s);
bool undo_edit(AppState& s);
bool redo_edit(AppState& s);

// Whether the selected feature can take the current kind's choice (it is a feature of
// that layer, and the layer has the choice's field); the reason when not.
bool can_change_selected(const AppState& s, std::string* why = nullptr);
// Adds a planned copy of the selected feature with the current choice, replacing it.
Result<void> change_selected(AppState& s);

// The local re-check an edit asked for (s.pending_local_recheck): re-check, recolour,
// the time in the status bar. Needs the GL context.
void run_local_recheck(AppState& s);

}  // namespace jiuyou::viewer
