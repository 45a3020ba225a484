#pragma once
// Shared by the viewer's interaction tests: open the demo county in a window
// driven by the test (ImGui 1.86 io set directly), click, capture, look up
// what the window shows at a world coordinate.
#include <gtest/gtest.h>
#include <imgui.h>

#include <cfloat>
#include <cmath>
#include <cstdlib>
#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "render/demo_workspace.hpp"
#include "src/render/image.hpp"
#include "src/viewer/viewer_app.hpp"

namespace jiuyou::viewer {

#define REQUIRE_DISPLAY()                                                                              \
  do {                                                                                                 \
    if (!std::getenv("DISPLAY") || !*std::getenv("DISPLAY"))                                           \
      GTEST_SKIP() << "no X display: run under xvfb-run -a -s \"-screen 0 1280x800x24\" (ctest -L xvfb)"; \
  } while (0)

// Opens a window on the workspace. Xvfb resets itself when its last client leaves (the previous
// test's window), and a connection made during the reset is refused: a few tries, 200 ms apart.
inline ViewerOptions test_options() {
  ViewerOptions o;
  o.width = 1000;
  o.height = 700;
  o.platform_input = false;
  return o;
}

inline std::unique_ptr<ViewerApp> open_workspace(const Workspace& ws, ViewerOptions o = test_options()) {
  o.platform_input = false;
  auto app = ViewerApp::create(ws, o);
  for (int attempt = 1; attempt < 5 && !app && app.error().message.find("display") != std::string::npos; ++attempt) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    app = ViewerApp::create(ws, o);
  }
  EXPECT_TRUE(app.has_value()) << (app ? "" : app.error().to_string());
  return app ? std::move(*app) : nullptr;
}

inline void mouse_at(float x, float y, bool down) {
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = ImVec2(x, y);
  io.MouseDown[0] = down;
}

// One frame, captured (map and panels as the window shows them).
inline render::Image frame_and_capture(ViewerApp& app) {
  render::Image img;
  app.frame(1.0f / 60.0f, &img);
  return img;
}

inline render::Rgba shown_at_world(const AppState& s, const render::Image& img, double x, double y) {
  const Vec2 p = s.camera.world_to_screen({x, y});
  const int px = static_cast<int>(std::floor(p.x)), py = static_cast<int>(std::floor(p.y));
  // A point off the picture (the camera moved away) shows nothing: transparent black.
  if (!(p.x >= 0 && p.y >= 0) || px >= img.width || py >= img.height) return {0, 0, 0, 0};
  return img.at(px, py);
}

// A "links" layer of one existing link, 100 km east-west at northing 2,800 km.
inline FeatureTable one_existing_link() {
  FeatureTable links;
  links.name = "links";
  links.geometry.kind = GeometryKind::line;
  const Vec2 ends[] = {{400000, 2800000}, {500000, 2800000}};
  links.geometry.add_line_feature(ends);
  links.fid = {1};
  Column status("status", FieldType::text);
  status.push_text("existing");
  links.columns = {status};
  return links;
}

inline Vec2 village_screen(const AppState& s, size_t i) {
  const auto& v = demo::k_villages[i];
  const Vec2 p = s.camera.world_to_screen({demo::k_x0 + v.x, demo::k_y0 + v.y});
  const float scale = ImGui::GetIO().DisplayFramebufferScale.x > 0 ? ImGui::GetIO().DisplayFramebufferScale.x : 1.0f;
  return {p.x / scale, p.y / scale};
}

inline std::unique_ptr<ViewerApp> open_demo() { return open_workspace(demo::demo_workspace()); }

// A press and release at window coordinates p (one click), then a frame with the mouse still there.
inline void click_at(ViewerApp& app, Vec2 p) {
  for (bool down : {false, true, false}) {
    mouse_at(static_cast<float>(p.x), static_cast<float>(p.y), down);
    app.frame();
  }
}

// Window coordinates of a world point.
inline Vec2 window_at(const AppState& s, double x, double y) {
  const Vec2 p = s.camera.world_to_screen({x, y});
  const float scale = ImGui::GetIO().DisplayFramebufferScale.x > 0 ? ImGui::GetIO().DisplayFramebufferScale.x : 1.0f;
  return {p.x / scale, p.y / scale};
}

inline void hide_panels(AppState& s) { s.show_layers = s.show_search = s.show_legend = s.show_summary = false; }

}  // namespace jiuyou::viewer
