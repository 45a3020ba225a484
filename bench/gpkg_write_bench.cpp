// GeoPackage writer benchmark: io::write_layers with its packed R-trees
// (gis/io/gpkg_rtree.cpp) against the same call with GDAL's own spatial index
// (SPATIAL_INDEX=YES: one SQLite R*-tree insert per feature), on tables shaped
// like result.gpkg at 100,000 villages (villages: points, 68 columns; gaps:
// 90,000 lines). Each side runs in a forked child: its own CPU and peak memory.
//
//   build/cc/bench/bench_gpkg_write [VILLAGES] [DIR]
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>

#include "gis/io/write.hpp"

using namespace jiuyou;

namespace {

FeatureTable villages(size_t n) {
  FeatureTable t;
  t.name = "villages";
  t.crs = CrsRef::epsg(4490);
  t.geometry.kind = GeometryKind::point;
  for (int c = 0; c < 68; ++c) t.add_column("c" + std::to_string(c), c < 30 ? FieldType::text : (c < 50 ? FieldType::real : FieldType::integer));
  std::mt19937 rng(1);
  std::uniform_real_distribution<double> u(0, 1);
  for (size_t i = 0; i < n; ++i) {
    t.geometry.add_point_feature(105 + 8 * u(rng), 24 + 6 * u(rng));
    t.fid.push_back(static_cast<int64_t>(i) + 1);
    for (size_t c = 0; c < 68; ++c) {
      Column& col = t.columns[c];
      if (c < 30) col.push_text((i + c) % 3 != 0 ? "达标" : "不达标 缺口 1.2 km");
      else if (c < 50) col.push_real(static_cast<double>(i) * 0.37 + static_cast<double>(c));
      else col.push_int(static_cast<int64_t>((i * 7 + c) % 1000));
    }
  }
  return t;
}

FeatureTable gaps(size_t n) {
  FeatureTable t;
  t.name = "gaps";
  t.crs = CrsRef::epsg(4490);
  t.geometry.kind = GeometryKind::line;
  t.add_column("item", FieldType::text);
  t.add_column("km", FieldType::real);
  std::mt19937 rng(2);
  std::uniform_real_distribution<double> u(0, 1);
  for (size_t i = 0; i < n; ++i) {
    const double x = 105 + 8 * u(rng), y = 24 + 6 * u(rng);
    t.geometry.add_vertex(x, y);
    t.geometry.add_vertex(x + 0.02 * u(rng), y + 0.02 * u(rng));
    t.geometry.close_ring();
    t.geometry.close_part();
    t.geometry.close_feature();
    t.fid.push_back(static_cast<int64_t>(i) + 1);
    t.columns[0].push_text("道路");
    t.columns[1].push_real(u(rng));
  }
  return t;
}

double cpu_seconds(int who) {
  rusage u{};
  getrusage(who, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) * 1e-6;
}

// One side in a child: builds the tables, then times write_layers alone.
void run(const char* label, const std::string& path, size_t n, bool gdal_index) {
  const pid_t pid = fork();
  if (pid == 0) {
    const FeatureTable v = villages(n), g = gaps(n * 9 / 10);
    const FeatureTable* tables[] = {&v, &g};
    io::WriteOptions o;
    if (gdal_index) o.layer_options = {"SPATIAL_INDEX=YES"};
    const double c0 = cpu_seconds(RUSAGE_SELF);
    const auto w0 = std::chrono::steady_clock::now();
    auto ok = io::write_layers(path, tables, o);
    if (!ok) {
      std::fprintf(stderr, "%s\n", ok.error().to_string().c_str());
      _exit(1);
    }
    rusage self{};
    getrusage(RUSAGE_SELF, &self);
    std::printf("%-28s write_layers CPU %6.2f s  wall %6.2f s  peak %6ld MB (tables included)\n", label, cpu_seconds(RUSAGE_SELF) - c0,
                std::chrono::duration<double>(std::chrono::steady_clock::now() - w0).count(), self.ru_maxrss / 1024);
    std::fflush(stdout);
    _exit(0);
  }
  int status = 0;
  waitpid(pid, &status, 0);
}

}  // namespace

int main(int argc, char** argv) {
  const size_t n = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 100000;
  const std::string dir = argc > 2 ? argv[2] : "/tmp";
  run("GDAL's index (per feature)", dir + "/bench_gpkg_gdal.gpkg", n, true);
  run("packed index (jiuyou)", dir + "/bench_gpkg_packed.gpkg", n, false);
  std::filesystem::remove(dir + "/bench_gpkg_gdal.gpkg");
  std::filesystem::remove(dir + "/bench_gpkg_packed.gpkg");
  return 0;
}
