#pragma once
// Running the jiuyou binary as a careless or hostile user would: with signals,
// fault-injection hooks (gis/util/test_hooks.hpp), resource limits and a
// second run at the same time; and looking at the output folder afterwards.
#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "support/test_paths.hpp"

namespace jiuyou::robust {

namespace fs = std::filesystem;

struct RunResult {
  int code = -1;     // exit status, or -1 when killed
  int signal = 0;    // the signal that ended it, if any
  std::string output;  // stdout and stderr
};

struct Spawn {
  std::vector<std::string> args;                  // after the binary
  std::vector<std::pair<std::string, std::string>> env;  // added to the environment
  std::string cwd;                                // empty: the test's
  long file_size_limit = -1;                      // RLIMIT_FSIZE in bytes (SIGXFSZ ignored: writes fail with EFBIG)
};

// A started process whose stdout+stderr are read through a pipe.
class Process {
 public:
  explicit Process(const Spawn& spawn);
  ~Process();
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;
  // Reads output until `text` appears (true) or the process ends / `seconds` pass (false).
  bool wait_for(const std::string& text, double seconds = 60);
  void send(int sig);
  RunResult finish();  // reads the rest and waits

 private:
  int m_pid = -1, m_fd = -1;
  std::string m_output;
};

RunResult run(const Spawn& spawn);
RunResult run(const std::vector<std::string>& args);

// The synthetic county every robustness test reads (made once per build, shared).
const fs::path& county();
// A copy of the county in `dir` (project.toml, county.gpkg, dem.tif).
fs::path copy_county(const fs::path& dir);

// name -> file contents of every entry of a folder (subfolders as "<dir>").
std::map<std::string, std::string> snapshot(const fs::path& dir);
// Names in `parent` that look like a jiuyou temporary of `base` (staging, old, tmp).
std::vector<std::string> temporaries(const fs::path& parent, const std::string& base);
std::string read_file(const fs::path& p);
void write_file(const fs::path& p, const std::string& text);
bool contains(const std::string& haystack, const std::string& needle);

// The files `jiuyou check` writes; map.png only when this build renders and a GL context is there.
bool is_complete_check_set(const fs::path& dir);

}  // namespace jiuyou::robust
