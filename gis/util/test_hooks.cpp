#include "gis/util/test_hooks.hpp"

#include <csignal>
#include <cstdlib>
#include <cstring>
#include <string>

#include <unistd.h>
#include <cstdio>

namespace jiuyou::util {

Result<void> test_hook(std::string_view step) {
  if (const char* pause_at = std::getenv("JIUYOU_TEST_PAUSE_AT"); pause_at != nullptr && step == pause_at) {
    std::fprintf(stderr, "jiuyou: test hook: paused at %s\n", pause_at);
    std::fflush(stderr);
    for (int i = 0; i < 300; ++i) usleep(100000);  // a signal from the test ends the wait (or the process)
  }
  if (const char* kill_at = std::getenv("JIUYOU_TEST_KILL_AT"); kill_at != nullptr && step == kill_at) std::raise(SIGKILL);
  if (const char* fail_at = std::getenv("JIUYOU_TEST_FAIL_AT"); fail_at != nullptr && step == fail_at)
    return error(ErrorCode::io, "cannot write the outputs (" + std::string(step) + "): " + std::strerror(ENOSPC))
        .hint("free some disk space and run again; the previous outputs are unchanged");
  return {};
}

}  // namespace jiuyou::util
