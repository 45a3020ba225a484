// `jiuyou compare` on a synthetic province over three years against checking
// it three times (the #15 target: at most 1.5x). The province is written once
// (points, as `jiuyou synth --villages N` makes them); the later years are
// copies with edits (a share of the roads downgraded, of the clinics closed,
// of the incomes lowered) so the comparison has changes to explain. Prints the
// time of the three checks (app::check_in_memory, the pipeline compare uses),
// of the compare (which checks each year itself), the ratio and the findings.
//
//   bench_compare [--villages N] [--seed S] [--dir DIR] [--threads T]
//
// Defaults: 100,000 villages, seed 7, a temporary directory (kept with --dir).
#include <gdal_priv.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "gis/app/check_job.hpp"
#include "gis/app/compare_job.hpp"
#include "gis/synth/synth_county.hpp"

namespace fs = std::filesystem;
using namespace jiuyou;
using Clock = std::chrono::steady_clock;

namespace {

double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

struct Args {
  int villages = 100000;
  uint64_t seed = 7;
  std::string dir;
  int threads = 0;
};

Args parse(int argc, char** argv) {
  Args a;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i], v = argv[i + 1];
    if (k == "--villages") a.villages = std::stoi(v);
    else if (k == "--seed") a.seed = std::stoull(v);
    else if (k == "--dir") a.dir = v;
    else if (k == "--threads") a.threads = std::stoi(v);
    else {
      std::cerr << "usage: bench_compare [--villages N] [--seed S] [--dir DIR] [--threads T]\n";
      std::exit(2);
    }
  }
  return a;
}

// The first year, written in a child process (its memory is not ours).
void make_county(const Args& a, const fs::path& dir) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    auto p = synth::scaled_params(a.villages);
    p.seed = a.seed;
    auto c = synth::synth_county(p);
    const bool ok = c && synth::write_synth_county(dir.string(), *c);
    if (!ok) std::cerr << "synthetic county failed\n";
    ::_exit(ok ? 0 : 1);
  }
  int st = 0;
  ::waitpid(pid, &st, 0);
  if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) std::exit(1);
}

// A later year: the folder copied, then every `step`-th road downgraded, clinic closed and income lowered.
void make_later_year(const fs::path& from, const fs::path& to, int step) {
  fs::copy(from, to, fs::copy_options::recursive);
  const std::string gpkg = (to / "county.gpkg").string();
  auto* ds = static_cast<GDALDataset*>(GDALOpenEx(gpkg.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, nullptr, nullptr, nullptr));
  if (ds == nullptr) std::exit(1);
  const std::string s = std::to_string(step);
  for (const std::string& sql : {"UPDATE roads SET surface = 'earth' WHERE fid % " + s + " = 0",
                                "DELETE FROM facilities WHERE kind = 'clinic' AND fid % " + s + " = 0",
                                "UPDATE villages SET collective_income = collective_income / 3 WHERE fid % " + s + " = 0"}) {
    OGRLayer* r = ds->ExecuteSQL(sql.c_str(), nullptr, nullptr);
    if (r != nullptr) ds->ReleaseResultSet(r);
  }
  GDALClose(ds);
}

}  // namespace

int main(int argc, char** argv) {
  const Args args = parse(argc, argv);
  GDALAllRegister();
  const bool keep = !args.dir.empty();
  const fs::path dir = keep ? fs::path(args.dir) : fs::temp_directory_path() / ("jiuyou_bench_compare_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  std::cout << "writing a synthetic province of " << args.villages << " villages (seed " << args.seed << ") over three years to " << dir << "\n";
  make_county(args, dir / "2021");
  make_later_year(dir / "2021", dir / "2022", 97);
  make_later_year(dir / "2022", dir / "2023", 89);
  std::vector<std::string> years;
  for (const char* y : {"2021", "2022", "2023"}) years.push_back((dir / y / "project.toml").string());

  const auto t0 = Clock::now();
  for (const auto& p : years) {
    app::CheckJob job;
    job.project = p;
    job.threads = args.threads;
    if (auto r = app::check_in_memory(job); !r) {
      std::cerr << r.error().to_string() << "\n";
      return 1;
    }
  }
  const double checks_s = since(t0);

  app::CompareJob job;
  job.years = years;
  job.out_dir = (dir / "out").string();
  job.threads = args.threads;
  const auto t1 = Clock::now();
  auto run = app::run_compare(job);
  const double compare_s = since(t1);
  if (!run) {
    std::cerr << run.error().to_string() << "\n";
    return 1;
  }
  std::printf("three checks   %.2f s\ncompare        %.2f s (three checks, matching, feature diffs, causes, outputs)\nratio          %.2f (target <= 1.5)\n",
              checks_s, compare_s, compare_s / checks_s);
  for (const auto& c : run->comparisons)
    std::printf("%s -> %s  matched by code %zu; layers diffed %zu\n", c.a_label.c_str(), c.b_label.c_str(), c.match.by_code, c.layers.size());
  std::printf("alerts         %zu\n", run->alerts);
  if (!keep) fs::remove_all(dir);
  return 0;
}
