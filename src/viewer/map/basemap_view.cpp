#include "src/viewer/map/basemap_view.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "src/render/basemap.hpp"
#include "src/viewer/app_state.hpp"
#include "src/viewer/panels/panels.hpp"

namespace jiuyou::viewer {

namespace {

// The home view grown by half on each side, so a planner can pan around the county.
BBox basemap_extent(const BBox& home) {
  const double w = home.max_x - home.min_x, h = home.max_y - home.min_y;
  return {home.min_x - w / 2, home.min_y - h / 2, home.max_x + w / 2, home.max_y + h / 2};
}

// Texels for the extent: about two per window pixel of the home view, the longest side at most k_basemap_max_px.
std::pair<int, int> basemap_size(const BBox& extent, const render::Camera& cam) {
  const double w = extent.max_x - extent.min_x, h = extent.max_y - extent.min_y;
  const double per_m = 2.0 / std::max(cam.m_per_px, 1e-9);
  const double scale = std::min(per_m, k_basemap_max_px / std::max(w, h));
  return {std::max(1, static_cast<int>(std::lround(w * scale))), std::max(1, static_cast<int>(std::lround(h * scale)))};
}

}  // namespace

void load_basemap(AppState& s) {
  ViewerBasemap& b = s.basemap;
  b.loaded = false;
  b.error.clear();
  if (b.path.empty() || !s.renderer) return;
  if (!(s.home.max_x > s.home.min_x && s.home.max_y > s.home.min_y)) {
    b.error = "图面范围为空，无法读取底图";
    return;
  }
  b.extent = basemap_extent(s.home);
  const auto [w, h] = basemap_size(b.extent, s.camera);
  auto image = render::read_basemap(b.path, {b.extent, s.ws.metric_crs, w, h, render::k_background, b.opacity});
  if (!image) {
    b.error = "底图无法读取: " + image.error().to_string();
    s.message += (s.message.empty() ? "" : "  ") + b.error;
    return;
  }
  b.image = std::move(*image);
  b.loaded = true;
  set_basemap_shown(s, b.shown);
}

bool basemap_drawn(const AppState& s) { return s.basemap.loaded && s.basemap.shown; }

void set_basemap_shown(AppState& s, bool shown) {
  s.basemap.shown = shown;
  if (!s.renderer) return;
  if (basemap_drawn(s))
    s.renderer->set_basemap(s.basemap.image, s.basemap.extent);
  else
    s.renderer->clear_basemap();
}

void draw_basemap_row(AppState& s) {
  const ViewerBasemap& b = s.basemap;
  if (b.path.empty()) return;
  bool shown = b.shown;
  ImGui::BeginDisabled(!b.loaded);
  if (ImGui::Checkbox("##basemap", &shown)) set_basemap_shown(s, shown);
  remember_item(s, "图层/底图");
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::Text("底图 (%s), 画在所有图层下面", std::filesystem::path(b.path).filename().c_str());
  if (!b.error.empty()) ImGui::TextColored(ImVec4(0.75f, 0.1f, 0.1f, 1), "%s", b.error.c_str());
  ImGui::Separator();
}

}  // namespace jiuyou::viewer
