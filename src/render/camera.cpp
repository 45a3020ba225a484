#include "src/render/camera.hpp"

#include <algorithm>
#include <cmath>

namespace jiuyou::render {

namespace {
constexpr double k_min_m_per_px = 1e-3;  // 1 mm: beyond this float offsets stop resolving
constexpr double k_max_m_per_px = 1e5;   // 100 km per pixel: a continent in a window
}  // namespace

Camera Camera::fit(const BBox& box, int width, int height, Vec2 origin, double margin_px) {
  Camera c;
  c.width = std::max(width, 1);
  c.height = std::max(height, 1);
  c.origin = origin;
  const bool finite = !box.empty() && std::isfinite(box.min_x) && std::isfinite(box.min_y) && std::isfinite(box.max_x) && std::isfinite(box.max_y);
  if (!finite) {
    c.center = origin;
    c.m_per_px = 1000.0 / c.width;
    return c;
  }
  c.center = {(box.min_x + box.max_x) / 2, (box.min_y + box.max_y) / 2};
  const double usable_w = std::max(c.width - 2 * margin_px, 1.0);
  const double usable_h = std::max(c.height - 2 * margin_px, 1.0);
  double mpp = std::max(box.width() / usable_w, box.height() / usable_h);
  if (!(mpp > 0)) mpp = 1000.0 / c.width;  // a single point or zero-extent layer
  c.m_per_px = std::clamp(mpp, k_min_m_per_px, k_max_m_per_px);
  return c;
}

Camera Camera::fit_inside(const BBox& box, int width, int height, Vec2 origin, double left_px, double top_px, double right_px,
                          double bottom_px) {
  const double w = std::max(width, 1), h = std::max(height, 1);
  // Margins that leave too little room (a tiny image) shrink together to a tenth of each side.
  const double sx = left_px + right_px > 0.9 * w ? 0.9 * w / (left_px + right_px) : 1.0;
  const double sy = top_px + bottom_px > 0.9 * h ? 0.9 * h / (top_px + bottom_px) : 1.0;
  left_px *= sx, right_px *= sx, top_px *= sy, bottom_px *= sy;
  Camera c = fit(box, width, height, origin, 0.0);
  const bool finite = !box.empty() && std::isfinite(box.min_x) && std::isfinite(box.max_x) && std::isfinite(box.min_y) && std::isfinite(box.max_y);
  if (!finite) return c;
  const double usable_w = std::max(w - left_px - right_px, 1.0), usable_h = std::max(h - top_px - bottom_px, 1.0);
  double mpp = std::max(box.width() / usable_w, box.height() / usable_h);
  if (!(mpp > 0)) mpp = c.m_per_px;
  c.m_per_px = std::clamp(mpp, k_min_m_per_px, k_max_m_per_px);
  // The box's centre goes to the centre of the free area.
  const double cx_px = left_px + usable_w / 2, cy_px = top_px + usable_h / 2;
  c.center = {(box.min_x + box.max_x) / 2 - (cx_px - w / 2) * c.m_per_px, (box.min_y + box.max_y) / 2 + (cy_px - h / 2) * c.m_per_px};
  return c;
}

Vec2 Camera::world_to_screen(Vec2 w) const {
  return {width / 2.0 + (w.x - center.x) / m_per_px, height / 2.0 - (w.y - center.y) / m_per_px};
}

Vec2 Camera::screen_to_world(Vec2 px) const {
  return {center.x + (px.x - width / 2.0) * m_per_px, center.y - (px.y - height / 2.0) * m_per_px};
}

BBox Camera::visible_bbox() const {
  const Vec2 a = screen_to_world({0, static_cast<double>(height)});
  const Vec2 b = screen_to_world({static_cast<double>(width), 0});
  return {a.x, a.y, b.x, b.y};
}

void Camera::zoom_at(Vec2 px, double factor) {
  if (!(factor > 0) || !std::isfinite(factor)) return;
  const Vec2 anchor = screen_to_world(px);
  m_per_px = std::clamp(m_per_px / factor, k_min_m_per_px, k_max_m_per_px);
  // Put `anchor` back under `px`.
  center.x = anchor.x - (px.x - width / 2.0) * m_per_px;
  center.y = anchor.y + (px.y - height / 2.0) * m_per_px;
}

void Camera::pan_px(double dx, double dy) {
  center.x -= dx * m_per_px;
  center.y += dy * m_per_px;
}

FrameUniforms Camera::uniforms(float pixel_ratio) const {
  FrameUniforms u{};
  // clip = (local - (center - origin)) * 2 / (m_per_px * size)
  const double sx = 2.0 / (m_per_px * width);
  const double sy = 2.0 / (m_per_px * height);
  const double tx = -(center.x - origin.x) * sx;
  const double ty = -(center.y - origin.y) * sy;
  u.view_proj[0] = static_cast<float>(sx);
  u.view_proj[5] = static_cast<float>(sy);
  u.view_proj[10] = 1.0f;
  u.view_proj[12] = static_cast<float>(tx);
  u.view_proj[13] = static_cast<float>(ty);
  u.view_proj[15] = 1.0f;
  u.viewport[0] = static_cast<float>(width);
  u.viewport[1] = static_cast<float>(height);
  u.viewport[2] = 1.0f / static_cast<float>(width);
  u.viewport[3] = 1.0f / static_cast<float>(height);
  u.frame_params[0] = static_cast<float>(m_per_px);
  u.frame_params[1] = pixel_ratio;
  return u;
}

}  // namespace jiuyou::render
