#include "src/viewer/map/export_view.hpp"

// GL first (its prototypes), then GLFW without its own GL header.
#include "src/render/gl.hpp"
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <cmath>

#include "src/render/atlas.hpp"
#include "src/render/document.hpp"
#include "src/render/offscreen.hpp"
#include "src/viewer/app_state.hpp"

namespace jiuyou::viewer {

namespace {

// A style with every width in pixels times k (lines, point radii, outlines, casings, dashes).
render::LayerStyle scaled(const render::LayerStyle& st, float k) {
  render::LayerStyle out = st;
  for (float& w : out.widths) w *= k;
  out.look.outline_px *= k;
  out.look.casing_px *= k;
  out.look.dash_px *= k;
  return out;
}

// The renderer's styles and glyph atlas at k times the window's sizes (k = 1: back to the window's).
Result<void> set_look_scale(AppState& s, float k) {
  for (size_t i = 0; i < s.styles.size() && i < s.renderer->layer_count(); ++i) s.renderer->set_style(i, scaled(s.styles[i], k));
  std::vector<std::string> strings = render::overlay_strings(render::Scene{}, s.styles, s.ws.name);
  for (const render::LabelCandidate& c : s.renderer->label_candidates()) strings.push_back(c.text);
  auto atlas = render::GlyphAtlas::build(strings, render::font_sizes_px(s.pixel_ratio * k));
  if (!atlas) return tl::unexpected(atlas.error());
  s.renderer->set_atlas(std::move(*atlas));
  sync_layers(s);  // set_style sorts the draw order by z: the panel's order again
  return {};
}

// The window's camera over k times the pixels: the same centre and extent.
render::Camera scaled_camera(const render::Camera& c, double k) {
  render::Camera out = c;
  out.width = static_cast<int>(std::lround(c.width * k));
  out.height = static_cast<int>(std::lround(c.height * k));
  out.m_per_px = c.m_per_px * c.width / out.width;
  return out;
}

}  // namespace

Result<ExportedView> export_view_png(AppState& s, const std::string& path, double dpi) {
  if (!(dpi >= k_export_min_dpi && dpi <= k_export_max_dpi))
    return error(ErrorCode::input, "the DPI must be between 72 and 600").hint("96 is the screen's size, 300 prints well");
  if (!s.renderer) return fail(ErrorCode::render, "no map to export", "open a project or a check result first");
  const double k = dpi / 96.0;
  const render::Camera cam = scaled_camera(s.camera, k);
  auto target = render::Offscreen::create(cam.width, cam.height);
  if (!target) return tl::unexpected(target.error());
  if (auto ok = set_look_scale(s, static_cast<float>(k)); !ok) return tl::unexpected(ok.error());
  target->bind();
  render::DrawOptions d;
  d.pixel_ratio = static_cast<float>(s.pixel_ratio * k);
  d.title = s.ws.name;
  d.hillshade = !basemap_drawn(s);
  selection_highlight(s, d.selection);
  measure_highlight(s, d.measure);
  s.renderer->draw(cam, d);
  const render::Image image = target->read();
  auto restored = set_look_scale(s, 1.0f);
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  if (!restored) return tl::unexpected(restored.error());
  if (auto written = render::write_png(image, path); !written) return tl::unexpected(written.error());
  return ExportedView{image.width, image.height};
}

Result<render::AtlasWritten> write_township_atlas(const AppState& s, const std::string& path, render::Paper paper, double dpi) {
  render::Document doc;
  doc.ws = s.ws;
  doc.rule_set = s.rule_set;
  doc.project_path = s.project_path;
  auto plan = render::plan_atlas(doc);
  if (!plan) return tl::unexpected(plan.error());
  render::AtlasOptions o;
  o.paper = paper;
  o.map_dpi = dpi;
  if (s.basemap.loaded) o.basemap = s.basemap.path, o.basemap_opacity = s.basemap.opacity;
  // The atlas draws in its own (EGL) context, which cannot be made current while the window's is.
  GLFWwindow* window = glfwGetCurrentContext();
  glfwMakeContextCurrent(nullptr);
  auto written = render::write_atlas_pdf(s.ws, *plan, path, o);
  glfwMakeContextCurrent(window);
  return written;
}

}  // namespace jiuyou::viewer
