// Load benchmark: jiuyou's loader (decode, check, repair, canonical types,
// reprojection to the metric CRS) against a plain GDAL/OGR read loop over the
// same layers (every feature, every field, every coordinate copied out), in
// the same run. Each side runs in a forked child so peak memory is its own.
//
//   jiuyou synth --out /tmp/prov --villages 100000 --points
//   build/release/bench/bench_load /tmp/prov/project.toml [repeats]
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include "gis/io/load.hpp"

namespace {

struct Figures {
  double seconds = 0;
  long peak_kib = 0;
  size_t features = 0;
};

// Runs fn in a child; returns wall seconds and the child's peak RSS.
template <class Fn>
Figures in_child(Fn&& fn) {
  int pipefd[2];
  if (pipe(pipefd) != 0) std::exit(2);
  const pid_t pid = fork();
  if (pid == 0) {
    close(pipefd[0]);
    const auto t0 = std::chrono::steady_clock::now();
    const size_t n = fn();
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    struct rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    Figures f{s, ru.ru_maxrss, n};
    if (write(pipefd[1], &f, sizeof f) != sizeof f) _exit(3);
    _exit(0);
  }
  close(pipefd[1]);
  Figures f;
  if (read(pipefd[0], &f, sizeof f) != sizeof f) std::fprintf(stderr, "child failed\n");
  close(pipefd[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  return f;
}

size_t raw_ogr(const jiuyou::io::Project& project) {
  GDALAllRegister();
  size_t n = 0;
  std::vector<double> xy;
  std::vector<std::string> texts;
  for (const auto& spec : project.layers) {
    if (spec.is_raster()) continue;
    auto* ds = static_cast<GDALDataset*>(GDALOpenEx(spec.path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
    if (!ds) continue;
    OGRLayer* l = spec.layer.empty() ? ds->GetLayerByName(spec.name.c_str()) : ds->GetLayerByName(spec.layer.c_str());
    if (!l) { GDALClose(ds); continue; }
    const int nf = l->GetLayerDefn()->GetFieldCount();
    for (auto& f : *l) {
      for (int i = 0; i < nf; ++i) texts.emplace_back(f->GetFieldAsString(i));
      if (const OGRGeometry* g = f->GetGeometryRef()) {
        // Walk every coordinate through the generic interface.
        struct Collect : OGRDefaultConstGeometryVisitor {
          std::vector<double>* out;
          using OGRDefaultConstGeometryVisitor::visit;
          void visit(const OGRPoint* p) override { out->push_back(p->getX()); out->push_back(p->getY()); }
        } v;
        v.out = &xy;
        g->accept(&v);
      }
      ++n;
    }
    GDALClose(ds);
  }
  std::fprintf(stderr, "raw OGR: %zu coordinates, %zu values\n", xy.size() / 2, texts.size());
  return n;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s PROJECT.toml [repeats]\n  make one with: jiuyou synth --out DIR --villages 100000 --points\n", argv[0]);
    return 2;
  }
  const int repeats = argc > 2 ? std::atoi(argv[2]) : 3;
  auto project = jiuyou::io::load_project(argv[1]);
  if (!project) {
    std::fprintf(stderr, "%s\n", project.error().to_string().c_str());
    return 3;
  }
  std::printf("%-34s %9s %10s %12s\n", "loader", "seconds", "peak MiB", "features");
  double best_raw = 1e30, best_ours = 1e30, best_noproj = 1e30;
  for (int r = 0; r < repeats; ++r) {
    const Figures raw = in_child([&] { return raw_ogr(*project); });
    const Figures ours = in_child([&] {
      auto ws = jiuyou::io::load_workspace(*project);
      if (!ws) { std::fprintf(stderr, "%s\n", ws.error().to_string().c_str()); return size_t{0}; }
      size_t n = 0;
      for (const auto& t : ws->layers) n += t.size();
      return n;
    });
    const Figures noproj = in_child([&] {
      jiuyou::io::LoadOptions o;
      o.reproject = false;
      auto ws = jiuyou::io::load_workspace(*project, o);
      size_t n = 0;
      if (ws) for (const auto& t : ws->layers) n += t.size();
      return n;
    });
    std::printf("%-34s %9.2f %10.1f %12zu\n", "raw OGR loop (peer)", raw.seconds, raw.peak_kib / 1024.0, raw.features);
    std::printf("%-34s %9.2f %10.1f %12zu\n", "jiuyou load_workspace", ours.seconds, ours.peak_kib / 1024.0, ours.features);
    std::printf("%-34s %9.2f %10.1f %12zu\n", "jiuyou, no reprojection", noproj.seconds, noproj.peak_kib / 1024.0, noproj.features);
    best_raw = std::min(best_raw, raw.seconds);
    best_ours = std::min(best_ours, ours.seconds);
    best_noproj = std::min(best_noproj, noproj.seconds);
  }
  std::printf("best of %d: jiuyou / raw OGR = %.2fx (without reprojection %.2fx); goal <= 1.5x\n", repeats, best_ours / best_raw, best_noproj / best_raw);
  return 0;
}
