#pragma once
// Subcommands register themselves: each src/cli/<name>_cmd.cpp defines a
// static CommandRegistrar, so adding a command touches no shared file.
// A command parses into a config struct, makes one library call, and returns
// an exit code (documented in README.md).
#include <CLI/CLI.hpp>

#include <functional>
#include <string>
#include <vector>

#include "gis/model/error.hpp"

namespace jiuyou::cli {

// Called after CLI11 parsed the arguments; returns the process exit code.
using RunFn = std::function<int()>;
// Adds the subcommand's options to `sub` and returns the function that runs it.
using SetupFn = std::function<RunFn(CLI::App& sub)>;

struct CommandInfo {
  std::string name;
  std::string description;
  int order = 100;  // position in --help
  SetupFn setup;
};

std::vector<CommandInfo>& command_registry();

struct CommandRegistrar {
  CommandRegistrar(std::string name, std::string description, int order, SetupFn setup) {
    command_registry().push_back({std::move(name), std::move(description), order, std::move(setup)});
  }
};

// Range checks for numeric options, applied before any work (a bad value is
// exit 2 naming the option): `number_range` refuses nan/inf and values outside
// [lo, hi]; `whole_range` also refuses fractions.
CLI::Validator number_range(double lo, double hi);
CLI::Validator whole_range(long long lo, long long hi);

// Prints an Error to stderr ("jiuyou <cmd>: error: ...") and returns its exit code
// (a cancellation reported by an older stage is mapped to ErrorCode::cancelled).
int report_error(const std::string& command, const Error& e);

// A terminal progress bar ("check ███████░░░ 70% networks") on stderr when it is a TTY,
// and plain stage lines otherwise (CI logs). Returned function is a ProgressFn.
std::function<bool(double, std::string_view)> progress_bar(const std::string& command, bool quiet);

}  // namespace jiuyou::cli

#include "gis/model/issue_log.hpp"

namespace jiuyou::cli {
// The issue log on stderr: counts per kind, then up to `max_lines` entries (errors first).
void print_issues(const IssueLog& log, size_t max_lines);
}  // namespace jiuyou::cli

