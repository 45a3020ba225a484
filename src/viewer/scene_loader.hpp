#pragma once
// The first frame before the heavy layers (issue #16 item 4): a province's
// roads, water, power lines and land-use fills take most of the opening (their
// triangles, segments and levels of detail, then the GPU upload). The viewer
// builds the light layers at once — the villages and every layer of at most
// ViewerOptions::first_frame_max_vertices vertices (boundaries, sites) —
// draws them, and builds the full scene on a worker thread from a copy of
// what drawing needs (geometry and the label columns, the DEM), so edits and
// re-checks on the main thread never race it. When the worker is done the
// main thread uploads the full scene between two frames (GL is single-threaded)
// and keeps each layer's visibility and opacity the user set meanwhile.
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gis/model/error.hpp"
#include "gis/model/workspace.hpp"
#include "src/render/document.hpp"
#include "src/render/scene.hpp"

namespace jiuyou::viewer {

struct AppState;

// Which layers the first frame draws and which come later: the target layer
// (villages) and the DEM-less light layers first; layers of more than
// `max_vertices` vertices later, and the DEM's hillshade with them when any layer
// waits. Nothing later when `max_vertices` is 0 or every layer is light.
struct SceneSplit {
  std::vector<std::string> first, later;  // layer names, workspace order ("dem" in later when deferred)
};
SceneSplit split_for_first_frame(const Workspace& ws, size_t max_vertices);

// What build_scene reads of a workspace, copied: every layer's geometry and fids,
// the columns labels are made from (name, population, failed_count, length_m), the DEM.
Workspace scene_copy(const Workspace& ws);

// Reads the whole document (render/document_first.hpp: the first frame had only the villages and
// the light layers) on the worker; it runs there alone, on nothing the main thread holds.
using ReadDocument = std::function<Result<render::Document>()>;

class SceneLoader {
 public:
  // Starts building the full scene of `ws` (copied now) on a worker thread; `gate`, when set, runs
  // on the worker before it builds (tests: a layer that is slow to build).
  SceneLoader(const Workspace& ws, std::vector<std::string> later, std::function<void()> gate = {});
  // Starts reading the whole document on a worker thread, then building its full scene; `later`
  // names the layers the first frame lacks (the status bar's note).
  SceneLoader(ReadDocument read, std::vector<std::string> later, std::function<void()> gate = {});
  ~SceneLoader();  // waits for the worker
  SceneLoader(const SceneLoader&) = delete;
  SceneLoader& operator=(const SceneLoader&) = delete;

  [[nodiscard]] bool ready() const;
  void wait() const;
  // What the worker made, once ready: the full scene, and the whole document when it read one.
  struct Loaded {
    render::Scene scene;
    std::optional<Result<render::Document>> doc;  // set by the reading constructor (an error: the rest could not be read)
  };
  Loaded take();
  [[nodiscard]] const std::vector<std::string>& later() const { return m_later; }
  [[nodiscard]] bool reads_document() const { return m_reads_document; }

 private:
  std::vector<std::string> m_later;
  bool m_reads_document = false;
  std::future<Loaded> m_scene;
};

// The renderer with the scene of `options` (attach_renderer's with every layer).
Result<void> attach_renderer(AppState& s, const render::SceneOptions& options);
// Uploads `scene` to the renderer and styles its layers (attach_renderer's second half).
Result<void> attach_scene(AppState& s, const render::Scene& scene);
// The worker's full scene in place of the first one: the layers' visibility and opacity kept by name.
Result<void> install_full_scene(AppState& s, const render::Scene& scene);
// The status bar's note while layers are still being built ("正在载入：道路、水系……").
std::string loading_note(const std::vector<std::string>& later);
// The whole document in place of the first layers' (the worker's read): the state rebuilt from it
// (summary, indexes, gap lines), its full scene uploaded, the layers' visibility and opacity, the
// camera and a selection of a village kept (the villages are the same rows).
Result<void> install_document(AppState& s, render::Document doc, const render::Scene& scene);

}  // namespace jiuyou::viewer
