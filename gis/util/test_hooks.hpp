#pragma once
// Fault injection for the robustness tests (tests/robustness/), read from the
// environment at named steps of a command's commit:
//   JIUYOU_TEST_KILL_AT=<step>  the process raises SIGKILL there (a crash, a power cut)
//   JIUYOU_TEST_FAIL_AT=<step>  the step fails as a full disk would (ENOSPC)
//   JIUYOU_TEST_PAUSE_AT=<step> prints "paused at <step>" to stderr and waits 30 s
//                               (for a signal or a second run from the test)
// Steps: "writing" (after the first output file), "written", "synced",
// "swapped", "cleaned" (see OutputSet::commit). Unset: no effect.
#include <string_view>

#include "gis/model/error.hpp"

namespace jiuyou::util {

Result<void> test_hook(std::string_view step);

}  // namespace jiuyou::util
