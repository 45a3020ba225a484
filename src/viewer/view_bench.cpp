#include "src/viewer/view_bench.hpp"

#include <imgui.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <map>
#include <sstream>
#include <vector>

#include "src/viewer/opening_steps.hpp"

namespace jiuyou::viewer {

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

double process_cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

double thread_cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

struct Stats {
  double p50 = 0, p90 = 0, max = 0, mean = 0;
};

Stats stats_of(std::vector<double> ms) {
  Stats s;
  if (ms.empty()) return s;
  std::sort(ms.begin(), ms.end());
  auto at = [&](double q) { return ms[std::min(ms.size() - 1, static_cast<size_t>(q * static_cast<double>(ms.size())))]; };
  s.p50 = at(0.5);
  s.p90 = at(0.9);
  s.max = ms.back();
  for (double m : ms) s.mean += m;
  s.mean /= static_cast<double>(ms.size());
  return s;
}

void print_stats(const char* what, const std::vector<double>& ms, double cpu_ms) {
  const Stats s = stats_of(ms);
  std::printf("%s: %zu, p50 %.1f ms, p90 %.1f ms, max %.1f ms, mean %.1f ms", what, ms.size(), s.p50, s.p90, s.max, s.mean);
  if (cpu_ms > 0 && !ms.empty()) std::printf("; process CPU %.1f ms each", cpu_ms / static_cast<double>(ms.size()));
  std::printf("\n");
}

// Zoom in 8 steps towards a point a third of the way in, pan, zoom back out: the bench-render sequence.
void move_camera(render::Camera& c, int i, int frames) {
  const int phase = frames > 0 ? (i * 3) / frames : 0;
  const Vec2 at{c.width / 3.0, c.height / 3.0};
  if (phase == 0) c.zoom_at(at, std::pow(64.0, 3.0 / std::max(frames, 1)));
  else if (phase == 1) c.pan_px(23, -11);
  else c.zoom_at(at, std::pow(64.0, -3.0 / std::max(frames, 1)));
}

void bench_frames(ViewerApp& app, int frames) {
  std::vector<double> ms;
  const double cpu0 = process_cpu_ms();
  for (int i = 0; i < frames; ++i) {
    move_camera(app.state().camera, i, frames);
    const auto t0 = Clock::now();
    app.frame();
    ms.push_back(ms_since(t0));
  }
  print_stats("frames while zooming in, panning and zooming out (map + panels, swapped)", ms, process_cpu_ms() - cpu0);
}

// Villages spread over the table (every n-th row with a point), for the click and the search.
std::vector<uint32_t> sample_villages(const AppState& s, size_t n) {
  std::vector<uint32_t> out;
  const size_t size = s.village_index.size();
  for (size_t k = 0; k < n && size > 0; ++k) {
    const auto row = static_cast<uint32_t>((k * 7919 + 13) % size);
    if (std::isfinite(s.village_index.point(row).x)) out.push_back(row);
  }
  return out;
}

// A click on each village at a township-sized view: pick_any (what a click does), then the frame with the inspector.
void bench_clicks(ViewerApp& app, const std::vector<uint32_t>& rows) {
  AppState& s = app.state();
  std::vector<double> pick_ms, scan_ms, frame_ms;
  size_t right = 0, same = 0;
  for (uint32_t row : rows) {
    const Vec2 p = s.village_index.point(row);
    s.camera.center = p;
    s.camera.m_per_px = 10.0;
    app.frame();
    const Vec2 px = s.camera.world_to_screen(p);
    // The same click without the layers' box indexes (every feature's box looked at): the path before them.
    std::map<std::string, index::SpatialIndex> boxes;
    std::swap(boxes, s.pick_boxes);
    auto t0 = Clock::now();
    const auto scanned = pick_any(s, px);
    scan_ms.push_back(ms_since(t0));
    std::swap(boxes, s.pick_boxes);
    t0 = Clock::now();
    const auto hit = pick_any(s, px);
    if (hit) select_feature(s, *hit);
    pick_ms.push_back(ms_since(t0));
    right += hit && hit->layer == "villages" && hit->row == row ? 1 : 0;
    same += hit == scanned ? 1 : 0;
    t0 = Clock::now();
    app.frame();
    frame_ms.push_back(ms_since(t0));
  }
  print_stats("click on a village: pick (box index per layer)", pick_ms, 0);
  print_stats("click on a village: pick by a scan of every feature (before the index)", scan_ms, 0);
  print_stats("click on a village: the next frame (inspector shown)", frame_ms, 0);
  std::printf("clicks that selected the clicked village: %zu of %zu; the same answer with and without the index: %zu\n", right,
              rows.size(), same);
}

// Searches a planner would type: a village's full name, its first two characters, a township's code prefix, a full code.
void bench_search(ViewerApp& app, const std::vector<uint32_t>& rows) {
  AppState& s = app.state();
  const FeatureTable* v = s.villages();
  if (!v) return;
  std::vector<double> search_ms, scan_ms, frame_ms;
  size_t found = 0, queries = 0, same = 0;
  for (uint32_t row : rows) {
    const std::string name = cell_text(*v, "name", row), code = cell_text(*v, "code", row);
    const std::string prefix = name.substr(0, std::min<size_t>(name.size(), 6));  // two CJK characters
    for (const std::string& q : {name, prefix, code.substr(0, std::min<size_t>(code.size(), 9)), code}) {
      if (q.empty()) continue;
      auto t0 = Clock::now();
      s.search = q;
      s.search_hits = s.village_search.find(q);
      search_ms.push_back(ms_since(t0));
      t0 = Clock::now();
      const std::vector<uint32_t> scanned = search_villages(*v, q);  // the scan before the index
      scan_ms.push_back(ms_since(t0));
      same += scanned == s.search_hits ? 1 : 0;
      ++queries;
      if (q == code || q == name) found += std::find(s.search_hits.begin(), s.search_hits.end(), row) != s.search_hits.end() ? 1 : 0;
      t0 = Clock::now();
      app.frame();
      frame_ms.push_back(ms_since(t0));
    }
  }
  print_stats("search (name, first two characters, 9-digit code prefix, full code): the index", search_ms, 0);
  print_stats("search: the same queries by a scan of every row (before the index)", scan_ms, 0);
  print_stats("search: the next frame (results listed)", frame_ms, 0);
  std::printf("searches by full name or code that listed the village: %zu; the same hits as the scan: %zu of %zu\n", found, same, queries);
  s.search.clear();
  s.search_hits.clear();
}

// What the indexes this viewer builds at opening cost (built again here, timed): search, then the layers' boxes.
void print_index_costs(const AppState& s) {
  auto t0 = Clock::now();
  VillageSearch search;
  if (const FeatureTable* v = s.villages()) search.build(*v);
  const double search_ms = ms_since(t0);
  t0 = Clock::now();
  for (const FeatureTable& layer : s.ws.layers) {
    const auto arcs = s.drawn_geometry.find(layer.name);
    index::SpatialIndex boxes;
    boxes.build_for(arcs != s.drawn_geometry.end() ? arcs->second.geometry : layer.geometry);
  }
  std::printf("of which indexes built at opening: search %.0f ms, the layers' boxes for clicks %.0f ms\n", search_ms, ms_since(t0));
}

}  // namespace

double ms_since_process_start() {
  std::ifstream stat("/proc/self/stat");
  std::ifstream up("/proc/uptime");
  std::string line;
  double uptime_s = 0;
  if (!std::getline(stat, line) || !(up >> uptime_s)) return -1;
  const size_t close = line.rfind(')');  // the command name may hold spaces
  if (close == std::string::npos) return -1;
  std::istringstream rest(line.substr(close + 2));
  std::string field;
  for (int k = 3; k <= 22 && rest >> field; ++k)
    if (k == 22) return (uptime_s - std::stod(field) / static_cast<double>(sysconf(_SC_CLK_TCK))) * 1e3;
  return -1;
}

int run_view_bench(Workspace ws, ViewerOptions options, const ViewBenchConfig& cfg) {
  size_t features = 0;
  for (const FeatureTable& t : ws.layers) features += t.size();
  const size_t villages = ws.layer("villages") ? ws.layer("villages")->size() : 0;
  options.platform_input = false;  // the bench sets the camera itself; no pointer hovering by chance
  const double cpu_load = process_cpu_ms();
  auto t0 = Clock::now();
  auto app = ViewerApp::create(std::move(ws), options);
  if (!app) {
    std::fprintf(stderr, "jiuyou view: error: %s\n", app.error().to_string().c_str());
    return exit_code_for(app.error().code);
  }
  const double create_ms = ms_since(t0), cpu_create = process_cpu_ms() - cpu_load;
  t0 = Clock::now();
  (*app)->frame();
  const double first_ms = ms_since(t0), cpu_first = process_cpu_ms() - cpu_load - cpu_create, main_cpu = thread_cpu_ms();
  std::printf("document: %zu layers' features, %zu villages\n", features, villages);
  std::printf("opening the document (load): %.0f ms (process CPU from the start: %.0f ms)\n", cfg.load_ms, cpu_load);
  std::printf("window, state (summary, indexes), panels' font, scene and GPU upload: %.0f ms (CPU %.0f ms)\n", create_ms, cpu_create);
  std::printf("first frame drawn and swapped: %.0f ms (CPU %.0f ms)\n", first_ms, cpu_first);
  std::printf("time from process start to the first frame: %.0f ms (process CPU time by then, all threads: %.0f ms; "
              "the main thread: %.0f ms)\n",
              ms_since_process_start(), process_cpu_ms(), main_cpu);
  for (const OpeningStep& step : OpeningSteps::get().steps())
    std::printf("  opening step: %s: %.0f ms (CPU %.0f ms)\n", step.what.c_str(), step.wall_ms, step.cpu_ms);
  if (const std::vector<std::string> later = (*app)->layers_loading(); !later.empty()) {
    std::string names;
    for (const std::string& n : later) names += (names.empty() ? "" : ", ") + n;
    const double cpu_before = process_cpu_ms(), main_before = thread_cpu_ms();
    t0 = Clock::now();
    (*app)->finish_loading();
    (*app)->frame();
    std::printf("the layers built on a worker (%s): shown %.0f ms after the first frame (the wait, the upload and a frame: "
                "process CPU %.0f ms, of which the main thread %.0f ms)\n",
                names.c_str(), ms_since(t0), process_cpu_ms() - cpu_before, thread_cpu_ms() - main_before);
    std::printf("time from process start to every layer shown: %.0f ms (process CPU time by then, all threads: %.0f ms)\n",
                ms_since_process_start(), process_cpu_ms());
    size_t all = 0;
    for (const FeatureTable& t : (*app)->state().ws.layers) all += t.size();
    std::printf("document, every layer: %zu layers' features in %zu layers (the first frame: %zu)\n", all, (*app)->state().ws.layers.size(), features);
  }
  print_index_costs((*app)->state());
  std::fflush(stdout);
  if (cfg.frames <= 0) return 0;
  bench_frames(**app, cfg.frames);
  const std::vector<uint32_t> rows = sample_villages((*app)->state(), 20);
  bench_clicks(**app, rows);
  bench_search(**app, rows);
  return 0;
}

}  // namespace jiuyou::viewer
