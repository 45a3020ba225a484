#pragma once
// An output folder that changes as one set: every file of a run is written
// into a fresh hidden sibling folder, fsynced, and swapped in with one rename
// (renameat2(RENAME_EXCHANGE) when the folder exists, a plain rename when it
// does not). A reader — or a run killed at any moment — sees either the
// complete old set or the complete new set, never a mix; files of the old set
// that this run does not write (map.png after --no-map) are gone with it.
//
//   ASSIGN_OR_RETURN(auto set, OutputSet::open(dir, {.command = "check", .names = {...}}));
//   write_gpkg(set->path("result.gpkg"));  ...
//   TRY(set->commit());
//
// Beside DIR (same parent, so the rename stays on one file system):
//   .DIR.lock               flock'ed while a run writes; a second run fails at once
//                           ("another jiuyou run (pid N) is writing ...", exit 3).
//                           Removed when the run ends (after re-checking, on taking it,
//                           that the path still names the locked file); kill -9 leaves it
//                           unlocked and the next run removes it.
//   .DIR.staging-PID-N      the new set while it is written
//   .DIR.old-PID-N          the old set between the swap and its removal
// SIGINT/SIGTERM while a set is open remove the staging folder and exit 130;
// stale staging/old folders of dead runs (or of a pid reused by a process that
// started after the folder was written) are removed by the next run. An
// existing DIR holding files that this command does not write (data of the
// user, another command's outputs) is refused, never swapped away.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "gis/model/error.hpp"

namespace jiuyou::util {

struct OutputSetSpec {
  std::string command;             // "check": for messages
  std::vector<std::string> names;  // every file name the command may write (the set's vocabulary);
                                   // "NAME/" is a folder the command writes (synth --years: "2024/")
};

// One output file written under a temporary name (AtomicOutput: the atlas's PDF): while it lives, SIGINT/SIGTERM/
// SIGHUP remove that temporary and exit 130, as an OutputSet's staging folder is removed. Only when no OutputSet is
// open (the set's cleanup removes its folder, temporaries and all).
class SignalCleanup {
 public:
  explicit SignalCleanup(const std::string& temp_path);
  ~SignalCleanup();
  SignalCleanup(const SignalCleanup&) = delete;
  SignalCleanup& operator=(const SignalCleanup&) = delete;

 private:
  bool m_armed = false;
};

class OutputSet {
 public:
  // Locks DIR, removes stale temporaries of dead runs, refuses a DIR with foreign
  // files, creates the staging folder and arms the signal cleanup.
  static Result<std::unique_ptr<OutputSet>> open(const std::string& dir, const OutputSetSpec& spec);
  OutputSet(const OutputSet&) = delete;
  OutputSet& operator=(const OutputSet&) = delete;
  ~OutputSet();  // not committed: the staging folder is removed; the lock is released

  [[nodiscard]] const std::string& dir() const { return m_dir; }
  [[nodiscard]] const std::string& staging() const { return m_staging; }
  // Where to write `name` (one of spec.names) now.
  [[nodiscard]] std::string path(std::string_view name) const;
  // fsyncs every file and the staging folder, swaps it in, fsyncs the parent and
  // removes the old set. Test hooks (JIUYOU_TEST_KILL_AT / JIUYOU_TEST_FAIL_AT):
  // "written", "synced", "swapped", "cleaned".
  Result<void> commit();
  // An error from a writer names the staging path: name the final one instead.
  [[nodiscard]] Error rename_in(Error e) const;

 private:
  OutputSet() = default;
  std::string m_dir, m_parent, m_base, m_staging;
  int m_lock_fd = -1;
  bool m_committed = false;
};

// fsync of one file or folder; an io error naming it on failure.
Result<void> fsync_path(const std::string& path, bool directory);

}  // namespace jiuyou::util
