#pragma once
// The what-if re-check at once (#14 item 4): the project is loaded as `jiuyou
// check` loads it (app::check_in_memory) once, when the planner first edits;
// after every edit (add, undo, redo) the layers the edits touch are rebuilt
// from the project's own features plus the planned ones (app::apply_planned,
// as `check --with`), and only the villages the change can reach are checked
// again (indicators::LocalCheck). Their verdicts, items and gap lines replace
// the shown ones and the map is recoloured; the status bar says how long the
// re-check took.
#include <memory>
#include <set>
#include <string>

#include "gis/app/check_job.hpp"
#include "gis/indicators/recheck_local.hpp"
#include "src/viewer/app_state.hpp"

namespace jiuyou::viewer {

struct EditSession {
  app::CheckRun base;        // the project as loaded for the check, never edited
  Workspace ws;              // base + the applied edits: what the local check reads
  std::unique_ptr<indicators::LocalCheck> check;
  std::set<std::string> edited_layers;  // layers that hold planned features now (undo resets them)
  std::string rules;                    // the rule set checked (an id or a path; "" the project's)
};

struct LocalRecheckReport {
  indicators::RecheckStats stats;
  double cpu_seconds = 0;  // process CPU time of the re-check (all threads)
  bool gaps_changed = false;
};

// Loads the project and checks it in full under s.rule_set, once (kept in s.edit_session).
Result<void> start_edit_session(AppState& s);

// Applies s.edits.done to the session's workspace, re-checks locally and puts the
// new verdicts, items and gap lines into the shown villages and gaps layers (the
// renderer is not touched: see show_recheck). Starts the session when there is none.
Result<LocalRecheckReport> recheck_edits_locally(AppState& s);

// Recolours the villages and, when the gap lines changed, rebuilds the map's layers
// (visibility and opacity kept). Needs the GL context.
Result<void> show_recheck(AppState& s, const LocalRecheckReport& r);

// The status bar's sentence: "本地重新核查: 12 个村, 3.2 ms (CPU 4.1 ms)".
std::string recheck_message(const LocalRecheckReport& r);

}  // namespace jiuyou::viewer
