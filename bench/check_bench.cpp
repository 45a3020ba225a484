// The whole village check (hubei-2017 by default) on a synthetic province,
// ours against the same checks in PostGIS with GiST indexes, in one run on the
// same machine and data. Prints load and check times for both, totals with and
// without loading, the ratios, and peak memory (ours: getrusage of this process;
// PostGIS: VmHWM of the backend that ran the check).
//
//   bench_check [--villages N] [--seed S] [--rules ID] [--dir DIR] [--threads T] [--no-postgis]
//
// Defaults: 100,000 villages (points, as `jiuyou synth --villages 100000` makes them),
// seed 7, hubei-2017, the county written to a temporary directory (kept with --dir).
// The synthetic data is made in a child process so its memory is not counted as ours.
// PostGIS's load is ogr2ogr from the same GeoPackage (COPY, GiST index), the DEM as
// raster tiles, integer columns cast to double, ANALYZE; its check is the oracle's SQL
// (tests/oracle/oracle_sql.hpp), which also gives the agreement table printed at the end.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "gis/indicators/check.hpp"
#include "gis/indicators/rule_set.hpp"
#include "gis/io/load.hpp"
#include "gis/io/project.hpp"
#include "gis/synth/synth_county.hpp"
#include "tests/oracle/compare.hpp"
#include "tests/oracle/oracle_sql.hpp"
#include "tests/oracle/postgis_server.hpp"

namespace fs = std::filesystem;
using namespace jiuyou;
using Clock = std::chrono::steady_clock;

namespace {

double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

long self_peak_kib() {
  rusage ru{};
  ::getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

struct Args {
  int villages = 100000;
  uint64_t seed = 7;
  std::string rules = "hubei-2017";
  std::string dir;
  int threads = 0;
  bool postgis = true;
};

Args parse(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    const std::string k = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::cerr << k << " needs a value\n";
        std::exit(2);
      }
      return argv[++i];
    };
    if (k == "--villages") a.villages = std::stoi(next());
    else if (k == "--seed") a.seed = std::stoull(next());
    else if (k == "--rules") a.rules = next();
    else if (k == "--dir") a.dir = next();
    else if (k == "--threads") a.threads = std::stoi(next());
    else if (k == "--no-postgis") a.postgis = false;
    else {
      std::cerr << "usage: bench_check [--villages N] [--seed S] [--rules ID] [--dir DIR] [--threads T] [--no-postgis]\n";
      std::exit(2);
    }
  }
  return a;
}

// Writes the synthetic county in a child process (its memory is not ours); returns seconds.
double make_county(const Args& a, const fs::path& dir) {
  const auto t0 = Clock::now();
  const pid_t pid = ::fork();
  if (pid == 0) {
    auto p = synth::scaled_params(a.villages);
    p.seed = a.seed;
    auto c = synth::synth_county(p);
    if (!c) {
      std::cerr << "synth: " << c.error().to_string() << "\n";
      ::_exit(1);
    }
    auto w = synth::write_synth_county(dir.string(), *c);
    if (!w) {
      std::cerr << "synth write: " << w.error().to_string() << "\n";
      ::_exit(1);
    }
    ::_exit(0);
  }
  int st = 0;
  ::waitpid(pid, &st, 0);
  if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
    std::cerr << "synthetic county failed\n";
    std::exit(1);
  }
  return since(t0);
}

std::string mib(long kib) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f MiB", static_cast<double>(kib) / 1024.0);
  return kib < 0 ? std::string("?") : std::string(buf);
}

}  // namespace

int main(int argc, char** argv) {
  const Args args = parse(argc, argv);
  fs::path dir = args.dir;
  bool remove_dir = false;
  if (dir.empty()) {
    std::string tmpl = (fs::temp_directory_path() / "jiuyou-check-bench-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) return 1;
    dir = tmpl;
    remove_dir = true;
  }
  double synth_s = 0;
  if (!fs::exists(dir / "project.toml")) {
    std::cout << "writing a synthetic province of " << args.villages << " villages (seed " << args.seed << ") to " << dir << " ..." << std::flush;
    synth_s = make_county(args, dir);
    std::cout << " " << synth_s << " s\n";
  } else {
    std::cout << "using " << dir / "project.toml" << "\n";
  }

  // ---- ours ----
  auto t0 = Clock::now();
  auto project = io::load_project((dir / "project.toml").string());
  if (!project) {
    std::cerr << project.error().to_string() << "\n";
    return 1;
  }
  auto ws = io::load_workspace(*project);
  if (!ws) {
    std::cerr << ws.error().to_string() << "\n";
    return 1;
  }
  const double our_load = since(t0);
  t0 = Clock::now();
  auto rules = indicators::load_rule_set(args.rules);
  if (!rules) {
    std::cerr << rules.error().to_string() << "\n";
    return 1;
  }
  indicators::CheckParams params;
  params.threads = args.threads;
  auto result = indicators::check_villages(*ws, *rules, params);
  if (!result) {
    std::cerr << result.error().to_string() << "\n";
    return 1;
  }
  const double our_check = since(t0);
  const long our_peak = self_peak_kib();
  size_t features = 0;
  for (const auto& l : ws->layers) features += l.size();
  std::cout << "ours: " << ws->layer("villages")->size() << " villages, " << features << " features in " << ws->layers.size() << " layers; load "
            << our_load << " s, check " << our_check << " s (preparing rules, networks and indexes "
            << result->prepare_seconds << " s, villages " << result->seconds - result->prepare_seconds << " s)\n";

  if (!args.postgis) {
    if (remove_dir) fs::remove_all(dir);
    return 0;
  }

  // ---- PostGIS ----
  oracle::PostgisServer server;
  try {
    server.start();
  } catch (const std::exception& e) {
    std::cerr << e.what() << "\n";
    return 1;
  }
  t0 = Clock::now();
  std::string t_srs;
  if (ws->metric_crs.kind == CrsRef::Kind::proj) t_srs = ws->metric_crs.definition;
  for (const auto& spec : project->layers) {
    if (spec.is_raster() || !spec.join_to.empty()) continue;
    std::string layer = spec.layer.empty() ? spec.name : spec.layer;
    oracle::load_vectors(server, spec.path, {{layer, spec.name}}, t_srs);
  }
  const double pg_vectors = since(t0);
  auto t1 = Clock::now();
  if (ws->dem && !ws->dem->empty()) {
    const int srid = std::stoi(server.query("SELECT Find_SRID('public', 'villages', 'geom');"));
    oracle::load_dem(server, *ws->dem, srid);
  }
  const double pg_dem = since(t1);
  t1 = Clock::now();
  oracle::prepare_database(server);
  const double pg_prepare = since(t1);
  const double pg_load = since(t0);
  std::cout << "PostGIS load: vectors " << pg_vectors << " s, DEM " << pg_dem << " s, casts/village table/ANALYZE " << pg_prepare << " s\n";
  oracle::OracleRun run;
  try {
    run = oracle::run_check(server, *rules);
  } catch (const std::exception& e) {
    std::cerr << e.what() << "\n";
    return 1;
  }
  const double pg_check = run.seconds;

  std::printf("\n%-34s %12s %12s %10s\n", ("village check, " + args.rules).c_str(), "jiuyou", "PostGIS", "PostGIS/us");
  auto row = [](const char* what, double ours, double theirs) { std::printf("%-34s %11.2fs %11.2fs %9.1fx\n", what, ours, theirs, theirs / ours); };
  row("load", our_load, pg_load);
  row("check", our_check, pg_check);
  row("total with loading", our_load + our_check, pg_load + pg_check);
  std::printf("%-34s %12s %12s\n", "peak memory", mib(our_peak).c_str(), mib(run.backend_vm_hwm_kib).c_str());
  std::printf("(%zu villages, %zu features; %u hardware threads; our peak is this process's max RSS, PostGIS's the check backend's VmHWM)\n",
              ws->layer("villages")->size(), features, std::thread::hardware_concurrency());
  std::printf("\nPostGIS time per item (server clock):\n");
  for (const auto& [item, s] : run.item_seconds) std::printf("  %-24s %8.2fs\n", item.c_str(), s);

  const auto agreement = oracle::compare(*ws, *result, run, 3);
  std::cout << "\nagreement, village by village:\n" << agreement.table();
  for (const auto& e : agreement.examples) std::cout << "  " << e << "\n";
  server.stop();
  if (remove_dir) fs::remove_all(dir);
  return 0;
}
