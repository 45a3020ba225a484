#include "src/viewer/viewer_app.hpp"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "src/render/gl.hpp"
#include "src/render/text.hpp"
#include "src/viewer/check/check_in_place.hpp"
#include "src/viewer/edit/edit_actions.hpp"
#include "src/viewer/opening_steps.hpp"
#include "src/viewer/scene_loader.hpp"
#include "src/viewer/panels/panels.hpp"
#include "src/viewer/ui_text.hpp"
#include "src/viewer/plan/plan_view.hpp"
#include "src/viewer/years/years_view.hpp"

namespace jiuyou::viewer {

namespace {

std::string g_glfw_error;
void on_glfw_error(int code, const char* text) { g_glfw_error = "GLFW error " + std::to_string(code) + ": " + text; }

// ImGui's font: wqy-microhei with the common simplified characters plus every
// character the viewer can show (ui_text.hpp: panels, styles, items, data).
bool load_ui_font(const AppState& s) {
  ImGuiIO& io = ImGui::GetIO();
  const std::string path = render::default_font_path();
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return false;
  ImFontGlyphRangesBuilder b;
  b.AddRanges(io.Fonts->GetGlyphRangesChineseSimplifiedCommon());
  b.AddRanges(io.Fonts->GetGlyphRangesDefault());
  for (const std::string& text : font_strings(s)) b.AddText(text.data(), text.data() + text.size());
  for (ImWchar symbol : {0x2192, 0x2264, 0x2265, 0x2248}) b.AddChar(symbol);  // → ≤ ≥ ≈ of legends, captions and evidence
  static ImVector<ImWchar> ranges;  // must outlive the atlas build
  ranges.clear();
  b.BuildRanges(&ranges);
  ImFontConfig cfg;
  cfg.OversampleH = 1;
  cfg.OversampleV = 1;
  return io.Fonts->AddFontFromFileTTF(path.c_str(), 16.0f, &cfg, ranges.Data) != nullptr;
}

}  // namespace

Result<std::unique_ptr<ViewerApp>> ViewerApp::create(Workspace ws, const ViewerOptions& options) {
  OpeningSteps::get().begin();
  glfwSetErrorCallback(on_glfw_error);
  if (!glfwInit())
    return fail(ErrorCode::render, "cannot start GLFW: " + g_glfw_error,
                "the viewer needs a display (X11/Wayland); for pictures without one use `jiuyou render`, for tests xvfb-run");
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  glfwWindowHint(GLFW_VISIBLE, options.visible ? GLFW_TRUE : GLFW_FALSE);
  glfwWindowHint(GLFW_DEPTH_BITS, 24);  // one-stroke road casings keep the nearest centre line (the renderer falls back without)
  const std::string title = "九有 Jiuyou — " + (ws.name.empty() ? std::string("map") : ws.name);
  GLFWwindow* window = glfwCreateWindow(options.width, options.height, title.c_str(), nullptr, nullptr);
  if (!window) {
    const std::string why = g_glfw_error;
    glfwTerminate();
    return fail(ErrorCode::render, "no OpenGL 3.3 core window: " + why, "update the GL driver (Mesa 20+ gives 3.3 core with llvmpipe)");
  }
  glfwMakeContextCurrent(window);
  glfwSwapInterval(1);

  OpeningSteps::get().mark("window and GL context");
  std::unique_ptr<ViewerApp> app(new ViewerApp());
  app->m_window = window;
  app->m_options = options;
  int fw = 0, fh = 0;
  glfwGetFramebufferSize(window, &fw, &fh);
  app->m_state = make_app_state(std::move(ws), std::max(fw, 1), std::max(fh, 1));
  app->m_state->item_info = options.items;
  app->m_state->project_path = options.project_path;
  app->m_state->rule_set = options.rule_set;
  app->m_state->check_root = options.check_root;
  if (options.years) show_years_view(*app->m_state, *options.years);
  if (options.plan) show_plan_view(*app->m_state, *options.plan);
  app->m_state->basemap.path = options.basemap;
  app->m_state->basemap.opacity = options.basemap_opacity;
  for (const std::string& note : options.notes) app->m_state->message += (app->m_state->message.empty() ? "" : "  ") + note;
  const SceneSplit split = options.rest_of_document ? SceneSplit{} : split_for_first_frame(app->m_state->ws, options.first_frame_max_vertices);
  if (options.rest_of_document) {  // the rest of the document is read and built on the worker
    app->m_loader = std::make_unique<SceneLoader>(options.rest_of_document, options.rest_layers, options.later_layers_gate);
    app->m_state->rest_loading = true;
    app->m_state->progress = loading_note(options.rest_layers);
  } else if (!split.later.empty()) {  // the heavy layers start building now, beside the font and the first frame
    app->m_loader = std::make_unique<SceneLoader>(app->m_state->ws, split.later, options.later_layers_gate);
    app->m_first_layers = split.first;
    app->m_state->progress = loading_note(split.later);
    OpeningSteps::get().mark("heavy layers copied for the worker");
  }

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;  // no imgui.ini beside the user's data
  ImGui::StyleColorsLight();
  OpeningSteps::get().mark("state: views (years, plan), ImGui");
  if (!load_ui_font(*app->m_state)) {
    ImGui::DestroyContext();
    return fail(ErrorCode::render, "cannot load the CJK font " + render::default_font_path(),
                "install fonts-wqy-microhei or set JIUYOU_FONT to a TrueType font with Chinese glyphs");
  }
  OpeningSteps::get().mark("panels' font: glyph ranges (each character of the data once)");
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init("#version 330 core");
  app->m_imgui_ready = true;
  if (auto r = app->attach_first_layers(); !r) return tl::unexpected(r.error());
  load_basemap(*app->m_state);
  OpeningSteps::get().mark("basemap");
  return app;
}

Result<void> ViewerApp::attach_first_layers() {
  if (!m_loader || m_loader->reads_document()) return attach_renderer(*m_state);
  render::SceneOptions first;
  first.layers = m_first_layers;
  return attach_renderer(*m_state, first);
}

std::vector<std::string> ViewerApp::layers_loading() const { return m_loader ? m_loader->later() : std::vector<std::string>{}; }

void ViewerApp::finish_loading() {
  if (!m_loader) return;
  std::unique_ptr<SceneLoader> loader = std::move(m_loader);
  loader->wait();
  SceneLoader::Loaded loaded = loader->take();
  AppState& s = *m_state;
  s.progress.clear();
  if (loader->reads_document()) {  // the whole document in place of the first layers
    s.rest_loading = false;
    if (!*loaded.doc) {
      s.message = "其余图层无法载入（地图只有村和县界）: " + loaded.doc->error().to_string();
      return;
    }
    if (!s.renderer) return;
    if (auto r = install_document(s, std::move(**loaded.doc), loaded.scene); !r) s.message = r.error().to_string();
    m_busy_frames = 3;
    return;
  }
  const render::Scene& scene = loaded.scene;
  // A re-check meanwhile drew every layer from the workspace as it is now: the worker's copy is older.
  const bool shown_already = std::any_of(s.layers.begin(), s.layers.end(), [&](const LayerUi& l) {
    return std::find(loader->later().begin(), loader->later().end(), l.name) != loader->later().end();
  });
  if (shown_already || !s.renderer) return;
  if (auto r = install_full_scene(s, scene); !r) s.message = r.error().to_string();
  m_busy_frames = 3;
}

ViewerApp::~ViewerApp() {
  m_loader.reset();  // the worker finishes before the workspace it copied goes
  if (m_state) m_state->renderer.reset();  // GL objects go while the context is current
  if (m_imgui_ready) {
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
  }
  if (m_window) glfwDestroyWindow(m_window);
  glfwTerminate();
}

void ViewerApp::resize(int width, int height) {
  glfwSetWindowSize(m_window, width, height);
  glfwPollEvents();
}

bool ViewerApp::should_close() const { return glfwWindowShouldClose(m_window) != 0; }

void ViewerApp::handle_map_input() {
  AppState& s = *m_state;
  ImGuiIO& io = ImGui::GetIO();
  // Window coordinates -> framebuffer pixels (HiDPI).
  const float sx = io.DisplayFramebufferScale.x > 0 ? io.DisplayFramebufferScale.x : 1.0f;
  const float sy = io.DisplayFramebufferScale.y > 0 ? io.DisplayFramebufferScale.y : 1.0f;
  const Vec2 mouse{io.MousePos.x * sx, io.MousePos.y * sy};
  const bool mouse_valid = ImGui::IsMousePosValid();
  s.cursor_in_map = mouse_valid && !io.WantCaptureMouse;
  if (s.box_from && ImGui::IsMouseReleased(ImGuiMouseButton_Left)) {  // Shift + drag: box select
    box_select(s, *s.box_from, mouse_valid ? mouse : *s.box_to);
    s.box_from.reset();
    s.box_to.reset();
    return;
  }
  if (!s.cursor_in_map) {
    s.hovered.reset();
    return;
  }
  s.cursor_world = s.camera.screen_to_world(mouse);
  if (io.MouseWheel != 0.0f) s.camera.zoom_at(mouse, std::pow(1.25, static_cast<double>(io.MouseWheel)));
  if (ImGui::IsMouseDragging(ImGuiMouseButton_Left, 3.0f)) {
    if (io.KeyShift && !s.box_from) s.box_from = Vec2{io.MouseClickedPos[0].x * sx, io.MouseClickedPos[0].y * sy};
    if (s.box_from) s.box_to = mouse;
    else s.camera.pan_px(io.MouseDelta.x * sx, io.MouseDelta.y * sy);
  }
  if (ImGui::IsMouseReleased(ImGuiMouseButton_Left) && io.MouseDragMaxDistanceSqr[0] < 9.0f) handle_click(mouse);
  s.hovered = pick_village(s, mouse, false);
  if (s.hovered && !ImGui::IsMouseDown(ImGuiMouseButton_Left)) village_tooltip();
  // Keyboard: arrows pan, page up/down zoom, Home shows everything.
  if (!io.WantCaptureKeyboard) {
    const double step = 80.0;
    if (ImGui::IsKeyPressed(io.KeyMap[ImGuiKey_LeftArrow])) s.camera.pan_px(step, 0);
    if (ImGui::IsKeyPressed(io.KeyMap[ImGuiKey_RightArrow])) s.camera.pan_px(-step, 0);
    if (ImGui::IsKeyPressed(io.KeyMap[ImGuiKey_UpArrow])) s.camera.pan_px(0, step);
    if (ImGui::IsKeyPressed(io.KeyMap[ImGuiKey_DownArrow])) s.camera.pan_px(0, -step);
    const Vec2 centre{s.camera.width / 2.0, s.camera.height / 2.0};
    if (ImGui::IsKeyPressed(io.KeyMap[ImGuiKey_PageUp])) s.camera.zoom_at(centre, 1.5);
    if (ImGui::IsKeyPressed(io.KeyMap[ImGuiKey_PageDown])) s.camera.zoom_at(centre, 1 / 1.5);
    if (ImGui::IsKeyPressed(io.KeyMap[ImGuiKey_Home])) zoom_to(s, s.home);
  }
}

// A click selects the feature under the cursor (any visible layer), or clears the selection.
void ViewerApp::handle_click(Vec2 mouse) {
  AppState& s = *m_state;
  if (s.drawing_road && s.show_edit) {
    add_draft_point(s, measure_point_at(s, mouse));  // snapped to a shown vertex: joins the network
    return;
  }
  if (s.measuring && s.show_measure) {
    s.measurement.points.push_back(measure_point_at(s, mouse));
    return;
  }
  if (const auto hit = pick_any(s, mouse))
    select_feature(s, *hit);
  else
    clear_selection(s);
}

// The box being dragged (Shift + drag), over the map.
void ViewerApp::draw_select_box() const {
  const AppState& s = *m_state;
  if (!s.box_from || !s.box_to) return;
  const ImGuiIO& io = ImGui::GetIO();
  const float sx = io.DisplayFramebufferScale.x > 0 ? io.DisplayFramebufferScale.x : 1.0f;
  const float sy = io.DisplayFramebufferScale.y > 0 ? io.DisplayFramebufferScale.y : 1.0f;
  const ImVec2 a(static_cast<float>(s.box_from->x) / sx, static_cast<float>(s.box_from->y) / sy);
  const ImVec2 b(static_cast<float>(s.box_to->x) / sx, static_cast<float>(s.box_to->y) / sy);
  ImDrawList* dl = ImGui::GetForegroundDrawList();
  dl->AddRectFilled(ImVec2(std::min(a.x, b.x), std::min(a.y, b.y)), ImVec2(std::max(a.x, b.x), std::max(a.y, b.y)), IM_COL32(0, 190, 255, 40));
  dl->AddRect(ImVec2(std::min(a.x, b.x), std::min(a.y, b.y)), ImVec2(std::max(a.x, b.x), std::max(a.y, b.y)), IM_COL32(0, 120, 200, 255), 0, 0, 1.5f);
}

// Planned roads (the edits, and the one being drawn) over the map: they are not in the
// project's layers (the re-check adds them from planned.gpkg), so they are drawn here.
void ViewerApp::draw_planned_roads() const {
  const AppState& s = *m_state;
  const ImGuiIO& io = ImGui::GetIO();
  const float sx = io.DisplayFramebufferScale.x > 0 ? io.DisplayFramebufferScale.x : 1.0f;
  const float sy = io.DisplayFramebufferScale.y > 0 ? io.DisplayFramebufferScale.y : 1.0f;
  ImDrawList* dl = ImGui::GetBackgroundDrawList();
  auto polyline = [&](const std::vector<Vec2>& pts, ImU32 color, float width) {
    for (size_t i = 0; i + 1 < pts.size(); ++i) {
      const Vec2 a = s.camera.world_to_screen(pts[i]), b = s.camera.world_to_screen(pts[i + 1]);
      dl->AddLine(ImVec2(static_cast<float>(a.x) / sx, static_cast<float>(a.y) / sy), ImVec2(static_cast<float>(b.x) / sx, static_cast<float>(b.y) / sy), color, width);
    }
    for (const Vec2& p : pts) {
      const Vec2 q = s.camera.world_to_screen(p);
      dl->AddCircleFilled(ImVec2(static_cast<float>(q.x) / sx, static_cast<float>(q.y) / sy), width * 0.8f, color);
    }
  };
  for (const PlannedFeature& f : s.edits.done)
    for (const auto& part : f.parts) polyline(part, IM_COL32(150, 40, 160, 230), part.size() == 1 ? 7.0f : 4.0f);
  polyline(s.road_draft, IM_COL32(150, 40, 160, 140), 2.5f);
}

void ViewerApp::village_tooltip() const {
  const AppState& s = *m_state;
  const FeatureTable* v = s.villages();
  const uint32_t row = *s.hovered;
  const std::string verdict = cell_text(*v, "verdict", row);
  const std::string missing = cell_text(*v, "missing_items", row);
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 26.0f);  // long lists of missing items wrap instead of running off the screen
  ImGui::Text("%s  %s", cell_text(*v, "name", row).c_str(), cell_text(*v, "code", row).c_str());
  if (!verdict.empty()) ImGui::TextUnformatted(verdict == "exit" ? "可出列" : verdict == "fail" ? "不能出列" : "待核实");
  if (!missing.empty()) ImGui::TextWrapped("缺: %s", missing.c_str());
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

// A check the 核查 menu asked for: run between frames (it replaces the document, the renderer
// and the UI font), the outcome said in the status bar.
void ViewerApp::run_pending_check() {
  AppState& s = *m_state;
  const bool asked = s.pending_local_recheck || s.pending_check || s.pending_recheck;
  if (asked && s.rest_loading) {  // a check works on the whole document: it runs once that is read
    if (m_loader && s.progress.find("核查") == std::string::npos) s.progress = loading_note(m_loader->later()) + "  核查在载入完成后运行";
    return;
  }
  if (s.pending_local_recheck) run_local_recheck(s);  // an edit: only the villages it reaches (edit/edit_actions.hpp)
  if (!s.pending_check && !s.pending_recheck) return;
  const std::string rules = s.pending_check.value_or(s.rule_set);
  const bool with_edits = s.pending_recheck;
  s.pending_check.reset();
  s.pending_recheck = false;
  auto written = with_edits ? recheck_with_edits(s) : check_in_place(s, rules);
  s.message = written ? "核查完成 (" + (s.rule_set.empty() ? std::string("项目的规则集") : s.rule_set) + "), 结果已写入 " + *written
                      : "核查失败: " + written.error().message;
  rebuild_ui_font();  // the new items' names and the message
}

void ViewerApp::rebuild_ui_font() {
  AppState& s = *m_state;
  s.font_dirty = false;
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  ImGui::GetIO().Fonts->Clear();
  if (!load_ui_font(s)) s.message += "  (界面字体无法重新载入)";
  ImGui_ImplOpenGL3_CreateFontsTexture();
}

void ViewerApp::frame(float dt, render::Image* capture) {
  AppState& s = *m_state;
  if (m_loader && m_loader->ready()) finish_loading();
  run_pending_check();
  run_pending_year(s);
  if (s.font_dirty) rebuild_ui_font();
  int fw = 0, fh = 0, ww = 0, wh = 0;
  glfwGetFramebufferSize(m_window, &fw, &fh);
  glfwGetWindowSize(m_window, &ww, &wh);
  ImGui_ImplOpenGL3_NewFrame();
  ImGuiIO& io = ImGui::GetIO();
  if (m_options.platform_input) {
    ImGui_ImplGlfw_NewFrame();
  } else {
    io.DisplaySize = ImVec2(static_cast<float>(std::max(ww, 1)), static_cast<float>(std::max(wh, 1)));
    io.DisplayFramebufferScale = ImVec2(ww > 0 ? static_cast<float>(fw) / static_cast<float>(ww) : 1.0f,
                                        wh > 0 ? static_cast<float>(fh) / static_cast<float>(wh) : 1.0f);
    io.DeltaTime = dt;
  }
  ImGui::NewFrame();
  // The camera keeps its centre and scale when the window is resized.
  s.camera.width = std::max(fw, 1);
  s.camera.height = std::max(fh, 1);
  draw_menu_bar(s);
  draw_layers_panel(s, &s.show_layers);
  draw_search_panel(s, &s.show_search);
  draw_summary_panel(s, &s.show_summary);
  draw_legend_panel(s, &s.show_legend);
  draw_inspector_panel(s, &s.show_inspector);
  draw_status_bar(s, &s.show_status);
  draw_measure_panel(s, &s.show_measure);
  draw_table_panel(s, &s.show_table);
  draw_edit_panel(s, &s.show_edit);
  draw_years_panel(s, &s.show_years);
  draw_plan_panel(s, &s.show_plan);
  draw_export_dialogs(s);
  handle_map_input();
  draw_select_box();
  draw_planned_roads();
  ImGui::Render();

  if (s.style_dirty) restyle_villages(s);
  restyle_plan(s);
  sync_layers(s);
  render::DrawOptions d;
  d.pixel_ratio = s.pixel_ratio;
  d.legend = false;  // the legend is a panel here
  d.top_margin_px = (ImGui::GetFrameHeight() + 2) * io.DisplayFramebufferScale.y;            // menu bar
  d.bottom_margin_px = s.show_status ? (ImGui::GetFrameHeight() + 4) * io.DisplayFramebufferScale.y : 0;  // status bar
  d.hillshade = !basemap_drawn(s);  // the basemap is the ground, as in render and atlas
  d.aggregate_points = true;        // zoomed out, one village dot per screen cell, a failing one winning it
  hover_highlight(s, d.hover);
  selection_highlight(s, d.selection);
  measure_highlight(s, d.measure);
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  if (s.renderer) s.renderer->draw(s.camera, d);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  if (capture) {
    capture->width = std::max(fw, 1);
    capture->height = std::max(fh, 1);
    capture->rgba.assign(static_cast<size_t>(capture->width) * static_cast<size_t>(capture->height) * 4, 0);
    glReadBuffer(GL_BACK);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, capture->width, capture->height, GL_RGBA, GL_UNSIGNED_BYTE, capture->rgba.data());
    const size_t row = static_cast<size_t>(capture->width) * 4;
    for (int y = 0; y < capture->height / 2; ++y)
      std::swap_ranges(capture->rgba.begin() + static_cast<std::ptrdiff_t>(static_cast<size_t>(y) * row),
                       capture->rgba.begin() + static_cast<std::ptrdiff_t>(static_cast<size_t>(y + 1) * row),
                       capture->rgba.begin() + static_cast<std::ptrdiff_t>(static_cast<size_t>(capture->height - 1 - y) * row));
  }
  glfwSwapBuffers(m_window);
}

int ViewerApp::run() {
  while (!should_close()) {
    // Draw a few frames after any input (ImGui settles over two or three), then sleep until input arrives.
    if (m_busy_frames > 0)
      glfwPollEvents();
    else
      glfwWaitEventsTimeout(0.5);
    frame(ImGui::GetIO().DeltaTime > 0 ? ImGui::GetIO().DeltaTime : 1.0f / 60.0f);
    const ImGuiIO& io = ImGui::GetIO();
    const bool active = io.MouseDelta.x != 0 || io.MouseDelta.y != 0 || io.MouseWheel != 0 || ImGui::IsAnyMouseDown() ||
                        io.InputQueueCharacters.Size > 0 || ImGui::IsAnyItemActive();
    m_busy_frames = active ? 3 : std::max(m_busy_frames - 1, 0);
  }
  return 0;
}

int run_viewer(Workspace ws, const ViewerOptions& options) {
  auto app = ViewerApp::create(std::move(ws), options);
  if (!app) {
    std::fprintf(stderr, "jiuyou view: error: %s\n", app.error().to_string().c_str());
    return exit_code_for(app.error().code);
  }
  return (*app)->run();
}

}  // namespace jiuyou::viewer
