// `jiuyou compare` on a synthetic province over three years against checking
// it three times (the #15 target: at most 1.5x). The province is written once
// (points, as `jiuyou synth --villages N` makes them); the later years are
// copies with edits (a share of the roads downgraded, of the clinics closed,
// of the incomes lowered) so the comparison has changes to explain. Prints the
// time of the three checks (app::check_in_memory, the pipeline compare uses),
// of the compare (which checks each year itself), the ratio and the findings,
// each as wall time and as this process's CPU time (user + sys: on a loaded
// machine the wall times say more about the neighbours than about us), with
// the load average at the start and the end.
//
//   bench_compare [--villages N] [--seed S] [--dir DIR] [--threads T] [--first-year FOLDER]
//
// Defaults: 100,000 villages, seed 7, a temporary directory (kept with --dir).
// --first-year copies an existing `jiuyou synth` folder as the first year
// instead of writing one (synthesising 100,000 villages takes minutes).
#include <gdal_priv.h>
#include <sys/resource.h>
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

// This process's CPU seconds so far (user + sys).
double cpu_seconds() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  const auto s = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return s(u.ru_utime) + s(u.ru_stime);
}

double load_average() {
  double l[1] = {0};
  return ::getloadavg(l, 1) == 1 ? l[0] : -1;
}

struct Args {
  int villages = 100000;
  uint64_t seed = 7;
  std::string dir;
  std::string first_year;
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
    else if (k == "--first-year") a.first_year = v;
    else {
      std::cerr << "usage: bench_compare [--villages N] [--seed S] [--dir DIR] [--threads T] [--first-year FOLDER]\n";
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
  const auto tw = Clock::now();
  if (args.first_year.empty()) {
    std::cout << "writing a synthetic province of " << args.villages << " villages (seed " << args.seed << ") over three years to " << dir << std::endl;
    make_county(args, dir / "2021");
  } else {
    std::cout << "the first year copied from " << args.first_year << ", the later two made from it, in " << dir << std::endl;
    fs::create_directories(dir);
    fs::copy(args.first_year, dir / "2021", fs::copy_options::recursive);
  }
  std::printf("first year     %.1f s wall\n", since(tw));
  const auto tl = Clock::now();
  make_later_year(dir / "2021", dir / "2022", 97);
  make_later_year(dir / "2022", dir / "2023", 89);
  std::printf("later years    %.1f s wall\nload average   %.1f at the start of the checks\n", since(tl), load_average());
  std::fflush(stdout);
  std::vector<std::string> years;
  for (const char* y : {"2021", "2022", "2023"}) years.push_back((dir / y / "project.toml").string());

  const auto t0 = Clock::now();
  const double c0 = cpu_seconds();
  for (const auto& p : years) {
    app::CheckJob job;
    job.project = p;
    job.threads = args.threads;
    if (auto r = app::check_in_memory(job); !r) {
      std::cerr << r.error().to_string() << "\n";
      return 1;
    }
  }
  const double checks_s = since(t0), checks_cpu = cpu_seconds() - c0;
  std::printf("three checks   %.2f s wall, %.2f s CPU\n", checks_s, checks_cpu);
  std::fflush(stdout);

  app::CompareJob job;
  job.years = years;
  job.out_dir = (dir / "out").string();
  job.threads = args.threads;
  const auto t1 = Clock::now();
  const double c1 = cpu_seconds();
  auto run = app::run_compare(job);
  const double compare_s = since(t1), compare_cpu = cpu_seconds() - c1;
  if (!run) {
    std::cerr << run.error().to_string() << "\n";
    return 1;
  }
  std::printf("compare        %.2f s wall, %.2f s CPU (three checks, matching, feature diffs, causes, outputs)\n", compare_s, compare_cpu);
  std::printf("ratio          %.2f of the CPU, %.2f of the wall time (target <= 1.5)\nload average   %.1f at the end\n", compare_cpu / checks_cpu,
              compare_s / checks_s, load_average());
  for (const auto& c : run->comparisons)
    std::printf("%s -> %s  matched by code %zu; layers diffed %zu\n", c.a_label.c_str(), c.b_label.c_str(), c.match.by_code, c.layers.size());
  std::printf("alerts         %zu\n", run->alerts);
  if (!keep) fs::remove_all(dir);
  return 0;
}
