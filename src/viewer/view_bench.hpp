#pragma once
// `jiuyou view --bench`: how fast the viewer opens and answers on a large
// document, measured in the viewer itself (the window, ImGui's panels and
// the map, as a planner sees them): time from process start to the first
// swapped frame, then full frames while the camera zooms in, pans and
// zooms out, a click on villages (pick + inspector frame) and searches
// (the index + the results frame). Prints the figures and closes.
#include <string>

#include "gis/model/workspace.hpp"
#include "src/viewer/viewer_app.hpp"

namespace jiuyou::viewer {

struct ViewBenchConfig {
  int frames = 60;         // frames of the zoom / pan sequence; 0: only the first frame
  double load_ms = 0;      // opening the document (the caller's), reported as part of the start
};

// Milliseconds since this process started (from /proc; 10 ms resolution), or -1 where unknown.
double ms_since_process_start();

// Opens the viewer on `ws`, prints the figures to stdout and returns the exit code
// (0, or the viewer's error code when there is no window).
int run_view_bench(Workspace ws, ViewerOptions options, const ViewBenchConfig& cfg);

}  // namespace jiuyou::viewer
