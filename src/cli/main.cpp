// jiuyou: one binary, subcommands over the same library (see README.md).
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <unistd.h>

#include "src/cli/command.hpp"

namespace jiuyou::cli {

std::vector<CommandInfo>& command_registry() {
  static std::vector<CommandInfo> registry;
  return registry;
}

int report_error(const std::string& command, const Error& error) {
  const Error e = normalize_cancelled(error);
  if (e.code == ErrorCode::cancelled) {
    std::cerr << "jiuyou " << command << ": " << e.to_string() << "; nothing was written\n";
    return exit_code_for(e.code);
  }
  std::cerr << "jiuyou " << command << ": error: " << e.to_string() << "\n";
  return exit_code_for(e.code);
}

std::function<bool(double, std::string_view)> progress_bar(const std::string& command, bool quiet) {
  if (quiet) return {};
  const bool tty = isatty(fileno(stderr)) != 0;
  auto last_stage = std::make_shared<std::string>();
  auto last_pct = std::make_shared<int>(-1);
  return [=](double ratio, std::string_view stage) {
    const int pct = static_cast<int>(std::clamp(ratio, 0.0, 1.0) * 100.0 + 0.5);
    if (tty) {
      if (pct == *last_pct && stage == *last_stage) return true;
      const int filled = pct / 5;
      std::string bar;
      for (int i = 0; i < 20; ++i) bar += i < filled ? "\u2588" : "\u2591";
      std::fprintf(stderr, "\r%s %s %3d%% %-32.*s", command.c_str(), bar.c_str(), pct, static_cast<int>(stage.size()), stage.data());
      if (pct >= 100) std::fputc('\n', stderr);
      std::fflush(stderr);
    } else if (stage != *last_stage) {
      std::fprintf(stderr, "%s: %.*s (%d%%)\n", command.c_str(), static_cast<int>(stage.size()), stage.data(), pct);
    }
    *last_pct = pct;
    *last_stage = std::string(stage);
    return true;
  };
}

}  // namespace jiuyou::cli

int main(int argc, char** argv) {
  using namespace jiuyou::cli;
  CLI::App app{"jiuyou (九有): rural infrastructure planning GIS — village checks (四网/九有, 出列), maps, relocation and pairing planners"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "jiuyou 0.1.0");
  app.footer(
      "Examples:\n"
      "  jiuyou synth --out county                 a synthetic mountain county (GeoPackage + DEM + project)\n"
      "  jiuyou validate data/demo/project.toml    load every layer, print a summary and the issue log\n"
      "  jiuyou check data/demo/project.toml --out out/demo   the village check (四网, 九有, 出列)\n"
      "  jiuyou export counties.gpkg --layer counties --src-crs GCJ-02 --crs EPSG:4490 --to clean.gpkg\n"
      "Exit codes: 0 ok, 1 findings (validate: the issue log has errors), 2 bad arguments,\n"
      "  3 file missing/unwritable, 4 bad layer/field, 5 CRS, 6 project file, 7 rule set, 8 solver, 9 render, 70 internal,\n"
      "  130 interrupted or cancelled (outputs unchanged: docs/outputs.md).");
  auto& registry = command_registry();
  std::sort(registry.begin(), registry.end(), [](const CommandInfo& a, const CommandInfo& b) {
    return a.order != b.order ? a.order < b.order : a.name < b.name;
  });
  std::vector<std::pair<CLI::App*, RunFn>> runs;
  for (auto& c : registry) {
    CLI::App* sub = app.add_subcommand(c.name, c.description);
    runs.emplace_back(sub, c.setup(*sub));
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }
  for (auto& [sub, run] : runs) {
    if (sub->parsed()) {
      try {
        return run();
      } catch (const std::exception& e) {
        std::cerr << "jiuyou " << sub->get_name() << ": internal error: " << e.what()
                  << "\n  hint: this is a bug; please report it with the command line and input\n";
        return 70;
      }
    }
  }
  return 2;
}
