#pragma once
// Runs a shell command line for an end-to-end test and keeps what it printed
// (stdout and stderr together) and its exit status; and writes a small text file.
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace jiuyou::test {

struct CommandResult {
  int code = -1;       // the exit status; -1 when the command did not exit normally
  std::string output;  // stdout and stderr
};

// `with_stderr` false: stderr is left out of `output` (thrown away).
inline CommandResult run_command(const std::string& command_line, bool with_stderr = true) {
  const std::string cmd = command_line + (with_stderr ? " 2>&1" : " 2>/dev/null");
  CommandResult r;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  std::array<char, 4096> buf{};
  size_t n = 0;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.output.append(buf.data(), n);
  const int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

inline void write_text_file(const std::filesystem::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
}

// A path quoted for the shell.
inline std::string quoted(const std::filesystem::path& p) { return "'" + p.string() + "'"; }

}  // namespace jiuyou::test
