#pragma once
// The renderer's frame-time benchmark: a synthetic province (roads as
// random-walk polylines, small polygons, labelled village points with
// verdicts, a DEM) rendered headless while the camera pans and zooms.
// Each frame ends with glFinish, so the time covers the GPU's work too.
#include <string>
#include <vector>

#include "gis/model/error.hpp"
#include "gis/model/workspace.hpp"

namespace jiuyou::render {

struct RenderBenchConfig {
  size_t line_vertices = 1'000'000;
  size_t polygons = 100'000;
  size_t points = 100'000;
  int width = 1280;
  int height = 800;
  int frames = 120;
  bool labels = true;
  bool reference = false;  // the path before chunking: no culling, overlay and hillshade redone every frame
  bool breakdown = false;  // also run the sequence once with each layer (and the hillshade, the labels) left out
  // Also run the sequence with nothing, one feature and every feature of this
  // layer selected (the viewer's selection highlight); empty: not run.
  std::string selection_layer;
  std::string basemap;  // also run the sequence with this offline basemap under the map (read once for the whole extent)
  unsigned seed = 1;
};

// What one part of the picture costs: the mean frame time of the same
// sequence without it, subtracted from the mean with everything.
struct PartCost {
  std::string name;
  size_t primitives = 0;   // segments + triangles + points in its buffers
  double mean_without_ms = 0;
  double cost_ms = 0;      // mean with everything - mean without it
  double cpu_without_ms = 0;  // the same in process CPU time per frame
  double cpu_cost_ms = 0;
};

struct RenderBenchResult {
  std::string gl_description;
  double build_scene_ms = 0;   // triangulation and buckets (CPU)
  double first_frame_ms = 0;   // from the workspace in memory to the first finished frame (scene, styles, atlas, upload, draw)
  double p50_ms = 0, p90_ms = 0, p99_ms = 0, max_ms = 0, mean_ms = 0;
  size_t triangles = 0, segments = 0, points = 0;
  double mean_primitives = 0;  // drawn per frame after culling
  double cpu_ms_per_frame = 0;  // process CPU time (caller + llvmpipe's threads) per frame
  std::vector<double> frame_ms;
  std::vector<PartCost> parts;  // with cfg.breakdown
  // With cfg.selection_layer / cfg.basemap: the same sequence in the same run
  // ("no selection", "one selected", "all N selected"; "no basemap", "basemap").
  struct Variant {
    std::string name;
    double mean_ms = 0;
    double cpu_ms_per_frame = 0;
  };
  std::vector<Variant> variants;
};

// The synthetic province (deterministic for a seed).
Workspace make_bench_workspace(const RenderBenchConfig& cfg);
// The synthetic province of `cfg`, rendered.
Result<RenderBenchResult> run_render_bench(const RenderBenchConfig& cfg);
// Any workspace (a real project) through the same pan/zoom sequence; the
// sizes in `cfg` other than width, height, frames and labels are not used.
Result<RenderBenchResult> run_render_bench(const Workspace& ws, const RenderBenchConfig& cfg);

}  // namespace jiuyou::render
