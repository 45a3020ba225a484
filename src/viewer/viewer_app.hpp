#pragma once
// The viewer's window and main loop: GLFW + OpenGL 3.3 core + Dear ImGui
// 1.86. The map is drawn by render::MapRenderer into the window's default
// framebuffer; ImGui draws the panels over it. Idle frames sleep in
// glfwWaitEventsTimeout. Tests drive frames directly (platform_input =
// false): they set io.MousePos / io.MouseDown / io.MouseWheel themselves.
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gis/model/error.hpp"
#include "gis/model/workspace.hpp"
#include "src/render/image.hpp"
#include "src/viewer/app_state.hpp"

struct GLFWwindow;

namespace jiuyou::viewer {

class SceneLoader;

struct ViewerOptions {
  int width = 1280;
  int height = 800;
  bool platform_input = true;  // false: the caller sets ImGui's io input each frame (tests)
  bool visible = true;
  std::vector<render::ItemInfo> items;  // the rule set's items (names, 九有/四网 membership); empty: column ids shown
  std::vector<std::string> notes;       // shown in the status bar on opening (e.g. the recorded project is gone)
  std::string project_path;             // where the layers come from (the status bar and the check hook say it)
  std::string rule_set;    // the rule set of the shown verdicts (id or path); "" unknown
  // Where the 核查 menu's checks write (<root>/<project>-check-<rule set>); "" beside the project.
  std::string check_root;
  std::optional<YearsView> years;  // a compare result: villages coloured by transition, the 年度变化 panel with its slider
  std::optional<PlanView> plan;    // an investment plan (its layers already in the workspace: plan/plan_view.hpp open_plan)
  std::string basemap;  // offline basemap under the layers (the project's [basemap] or --basemap); "" none
  double basemap_opacity = 1.0;
  // The first frame before the heavy layers (scene_loader.hpp): layers of more vertices than this (not the
  // villages) are built on a worker thread and shown when ready; 0: every layer before the first frame.
  size_t first_frame_max_vertices = 200000;
  std::function<void()> later_layers_gate;  // tests: runs on the worker before it builds (a slow layer)
  // The first frame before the rest of the document (render/document_first.hpp): the workspace given holds
  // the villages and the light layers; this reads the whole document on the worker, which then builds its
  // scene; the viewer puts both in place when ready. `rest_layers`: the layers still to come (the status bar).
  std::function<Result<render::Document>()> rest_of_document;
  std::vector<std::string> rest_layers;
};

class ViewerApp {
 public:
  // Opens the window and makes everything ready. ErrorCode::render when there
  // is no display, no GL 3.3 core context, or no font.
  static Result<std::unique_ptr<ViewerApp>> create(Workspace ws, const ViewerOptions& options);
  ~ViewerApp();
  ViewerApp(const ViewerApp&) = delete;
  ViewerApp& operator=(const ViewerApp&) = delete;

  // One frame: input (platform or the caller's), panels, map, swap. With
  // `capture`, the finished frame (map and panels) is read back before the swap.
  void frame(float dt = 1.0f / 60.0f, render::Image* capture = nullptr);
  // Frames until the window is closed; returns the exit code.
  int run();

  AppState& state() { return *m_state; }
  // Resizes the window (as the user dragging its border would); the next frame lays the panels out inside it.
  void resize(int width, int height);
  [[nodiscard]] bool should_close() const;
  // Layers still being built on the worker (their names; empty once all are shown).
  [[nodiscard]] std::vector<std::string> layers_loading() const;
  // Waits for the worker and shows every layer (frame() does it once the worker is done, without waiting).
  void finish_loading();

 private:
  ViewerApp() = default;
  void handle_map_input();
  void handle_click(Vec2 mouse);
  void village_tooltip() const;
  void draw_select_box() const;
  void draw_planned_roads() const;
  void run_pending_check();
  void rebuild_ui_font();
  Result<void> attach_first_layers();
  GLFWwindow* m_window = nullptr;
  std::unique_ptr<AppState> m_state;
  ViewerOptions m_options;
  bool m_imgui_ready = false;
  int m_busy_frames = 3;  // frames to draw before sleeping again
  std::unique_ptr<SceneLoader> m_loader;  // the heavy layers, while a worker builds them
  std::vector<std::string> m_first_layers;  // drawn from the first frame
};

// `jiuyou view`: opens the window and runs it.
int run_viewer(Workspace ws, const ViewerOptions& options);

}  // namespace jiuyou::viewer
