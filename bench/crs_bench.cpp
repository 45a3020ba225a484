// Coordinate transformation speed: jiuyou::crs::Transformer against plain
// PROJ on the same 1M points, and the cost of the GCJ-02 offset on top.
//
//   bench_crs                      # all, then the ratios
//   bench_crs --benchmark_filter=Proj
//
// Peer: PROJ's proj_create_crs_to_crs + proj_normalize_for_visualization +
// proj_trans_generic, EPSG:4326 -> EPSG:4546 (CGCS2000 GK zone 37), which is
// exactly what Transformer runs after undoing the offset.
#include <benchmark/benchmark.h>
#include <proj.h>

#include <cstdio>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "gis/crs/crs.hpp"

namespace {

using jiuyou::CrsRef;
using jiuyou::crs::Transformer;

constexpr size_t point_count = 1'000'000;

// 1M lon/lat points spread over zone 37 (109.5–112.5 °E) in Hubei's latitudes, fixed seed.
const std::vector<double>& zone37_lonlat() {
  static const std::vector<double> xy = [] {
    std::mt19937_64 rng(20171001);
    std::uniform_real_distribution<double> lon(109.5, 112.5);
    std::uniform_real_distribution<double> lat(29.0, 33.3);
    std::vector<double> v;
    v.reserve(2 * point_count);
    for (size_t i = 0; i < point_count; ++i) {
      v.push_back(lon(rng));
      v.push_back(lat(rng));
    }
    return v;
  }();
  return xy;
}

void run_transformer(benchmark::State& state, const char* from, const char* to) {
  auto t = Transformer::create(CrsRef::parse(from), CrsRef::parse(to));
  if (!t) {
    state.SkipWithError(t.error().to_string().c_str());
    return;
  }
  std::vector<double> xy;
  for (auto _ : state) {
    state.PauseTiming();
    xy = zone37_lonlat();
    state.ResumeTiming();
    const size_t failed = t->transform(xy);
    benchmark::DoNotOptimize(failed);
    benchmark::DoNotOptimize(xy.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * point_count));
}

void BM_JiuyouGcj02ToGk37(benchmark::State& state) { run_transformer(state, "GCJ-02", "EPSG:4546"); }
void BM_JiuyouWgs84ToGk37(benchmark::State& state) { run_transformer(state, "EPSG:4326", "EPSG:4546"); }

void BM_ProjWgs84ToGk37(benchmark::State& state) {
  PJ_CONTEXT* ctx = proj_context_create();
  PJ* raw = proj_create_crs_to_crs(ctx, "EPSG:4326", "EPSG:4546", nullptr);
  PJ* op = raw ? proj_normalize_for_visualization(ctx, raw) : nullptr;
  if (!op) {
    state.SkipWithError("PROJ cannot create EPSG:4326 -> EPSG:4546");
  } else {
    std::vector<double> xy;
    for (auto _ : state) {
      state.PauseTiming();
      xy = zone37_lonlat();
      state.ResumeTiming();
      const size_t n = xy.size() / 2;
      proj_trans_generic(op, PJ_FWD, xy.data(), 2 * sizeof(double), n, xy.data() + 1, 2 * sizeof(double), n, nullptr, 0,
                         0, nullptr, 0, 0);
      benchmark::DoNotOptimize(xy.data());
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * point_count));
  }
  proj_destroy(op);
  proj_destroy(raw);
  proj_context_destroy(ctx);
}

void BM_Gcj02ToWgs84Formula(benchmark::State& state) {
  const std::vector<double>& in = zone37_lonlat();
  for (auto _ : state) {
    double sum = 0;
    for (size_t i = 0; i < in.size(); i += 2) {
      const jiuyou::Vec2 p = jiuyou::crs::gcj02_to_wgs84({in[i], in[i + 1]});
      sum += p.x + p.y;
    }
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * point_count));
}

BENCHMARK(BM_ProjWgs84ToGk37)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_JiuyouWgs84ToGk37)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_JiuyouGcj02ToGk37)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Gcj02ToWgs84Formula)->Unit(benchmark::kMillisecond);

// Console output as usual, plus each benchmark's times kept for the ratios
// (the median when repeated). CPU time is printed too: on a shared machine
// it is the steadier of the two.
class RatioReporter : public benchmark::ConsoleReporter {
 public:
  struct Times {
    double real = 0;
    double cpu = 0;
  };
  std::map<std::string, Times> times;
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& r : runs) {
      if (r.error_occurred) continue;
      if (r.run_type == Run::RT_Aggregate && r.aggregate_name != "median") continue;
      times[r.run_name.function_name] = {r.GetAdjustedRealTime(), r.GetAdjustedCPUTime()};
    }
    ConsoleReporter::ReportRuns(runs);
  }
};

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  auto ratio = [&](const char* a, const char* b) {
    const auto ia = reporter.times.find(a);
    const auto ib = reporter.times.find(b);
    if (ia == reporter.times.end() || ib == reporter.times.end() || ib->second.real <= 0 || ib->second.cpu <= 0) return;
    std::printf("%-24s / %-20s  wall %.2f  cpu %.2f\n", a, b, ia->second.real / ib->second.real,
                ia->second.cpu / ib->second.cpu);
  };
  std::printf("\nratios, 1M points (lower is faster; 1.00 = plain PROJ):\n");
  ratio("BM_JiuyouWgs84ToGk37", "BM_ProjWgs84ToGk37");
  ratio("BM_JiuyouGcj02ToGk37", "BM_ProjWgs84ToGk37");
  ratio("BM_Gcj02ToWgs84Formula", "BM_ProjWgs84ToGk37");
  return 0;
}
