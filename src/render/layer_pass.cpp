#include "src/render/layer_pass.hpp"

#include "src/render/point_lod.hpp"

namespace jiuyou::render {

namespace {

LayerUniforms layer_uniforms(Rgba tint, float tint_mix, float width_scale, float width_add, float opacity, float w_param, int pattern) {
  LayerUniforms u{};
  u.tint[0] = tint.r / 255.0f;
  u.tint[1] = tint.g / 255.0f;
  u.tint[2] = tint.b / 255.0f;
  u.tint[3] = tint_mix;
  u.params[0] = width_scale;
  u.params[1] = width_add;
  u.params[2] = opacity;
  u.params[3] = w_param;
  u.modes[0] = pattern;
  u.modes[1] = k_feature_texture_width;
  return u;
}

void bind_style(const GpuLayer& l) {
  glActiveTexture(GL_TEXTURE0 + k_unit_feature_colors);
  glBindTexture(GL_TEXTURE_2D, l.colors.id());
  glActiveTexture(GL_TEXTURE0 + k_unit_feature_widths);
  glBindTexture(GL_TEXTURE_2D, l.widths.id());
}

}  // namespace

bool framebuffer_has_depth() {
  GLint fbo = 0;
  glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &fbo);
  const GLenum attachment = fbo == 0 ? GL_DEPTH : GL_DEPTH_ATTACHMENT;
  GLint type = GL_NONE;
  glGetFramebufferAttachmentParameteriv(GL_DRAW_FRAMEBUFFER, attachment, GL_FRAMEBUFFER_ATTACHMENT_OBJECT_TYPE, &type);
  if (type == GL_NONE) return false;
  GLint bits = 0;
  glGetFramebufferAttachmentParameteriv(GL_DRAW_FRAMEBUFFER, attachment, GL_FRAMEBUFFER_ATTACHMENT_DEPTH_SIZE, &bits);
  return bits > 0;
}

void LayerPass::draw(const GpuLayer& l) {
  if (!l.styled || !l.state.visible || l.state.opacity <= 0) return;
  bind_style(l);
  switch (l.kind) {
    case GeometryKind::polygon: draw_polygons(l); break;
    case GeometryKind::line: draw_lines(l); break;
    case GeometryKind::point: draw_points(l); break;
    default: break;
  }
}

void LayerPass::set_uniforms(const LayerUniforms& u) const {
  glBindBuffer(GL_UNIFORM_BUFFER, m_layer_ubo);
  glBufferSubData(GL_UNIFORM_BUFFER, 0, sizeof u, &u);
}

std::vector<std::pair<uint32_t, uint32_t>> LayerPass::runs_in_view(const std::vector<Chunk>& chunks, float margin_px) const {
  if (!m_view.cull)
    return chunks.empty() ? std::vector<std::pair<uint32_t, uint32_t>>{} : std::vector{std::pair{chunks.front().begin, chunks.back().end}};
  return visible_runs(chunks, m_view.x0, m_view.y0, m_view.x1, m_view.y1, static_cast<float>((margin_px + 2) * m_view.m_per_px));
}

// The coarsest level whose tolerance stays within a pixel at this scale,
// only its chunks in view. `extra_px` widens the margin (casings).
void LayerPass::draw_segments(const GpuLayer& l, float extra_px) {
  if (l.segments.count == 0) return;
  const GpuPrimitives* level = &l.segments;
  if (m_view.lod)
    for (const GpuSegmentLod& lod : l.lods)
      if (lod.tolerance_m <= m_view.m_per_px) level = &lod;
  const auto runs = runs_in_view(level->chunks, l.max_width_px / 2 + extra_px);
  if (runs.empty()) return;
  glBindVertexArray(level->vao.id());
  for (const auto& [b, e] : runs) {
    draw_quads(b, e);
    m_primitives += e - b;
  }
}

void LayerPass::draw_polygons(const GpuLayer& l) {
  const float op = l.state.opacity;
  const LayerLook& look = l.look;
  if (l.fill.count > 0 && look.fill) {
    m_programs.fill.use();
    set_uniforms(layer_uniforms({}, 0, 1, 0, op, 0, look.hatch ? 1 : 0));
    glBindVertexArray(l.fill.vao.id());
    for (const auto& [b, e] : runs_in_view(l.fill.chunks, 0)) {
      glDrawElements(GL_TRIANGLES, static_cast<GLsizei>(3 * (e - b)), GL_UNSIGNED_INT, reinterpret_cast<void*>(size_t{b} * 3 * sizeof(uint32_t)));
      m_primitives += e - b;
    }
  }
  if (look.outline_px > 0 && look.outline.a > 0) {
    m_programs.line.use();
    set_uniforms(layer_uniforms(look.outline, 1, 0, look.outline_px, op * look.outline.a / 255.0f, 0, 0));
    draw_segments(l, look.outline_px);
  }
}

void LayerPass::draw_lines(const GpuLayer& l) {
  const float op = l.state.opacity;
  const LayerLook& look = l.look;
  m_programs.line.use();
  // Zoomed out (and with a depth buffer to keep the nearest centre line), the
  // casing is the rim of the one stroke; zoomed in, a wider stroke under the layer.
  const bool rim = look.casing && m_view.has_depth && look.casing_max_m_per_px > 0 && m_view.m_per_px > look.casing_max_m_per_px;
  if (look.casing && !rim) {
    // A wider stroke first, so every casing passes under every line of the layer.
    set_uniforms(layer_uniforms(look.casing_color, 1, 1, look.casing_px, op, look.dash_px, 0));
    draw_segments(l, look.casing_px);
  }
  LayerUniforms u = layer_uniforms({}, 0, 1, 0, op, look.dash_px, 0);
  if (rim) {
    // Half the strokes; the depth test keeps a line's inside over another stroke's rim at joints and crossings.
    u.params[1] = look.casing_px;
    u.casing[0] = look.casing_color.r / 255.0f;
    u.casing[1] = look.casing_color.g / 255.0f;
    u.casing[2] = look.casing_color.b / 255.0f;
    u.casing[3] = look.casing_px;
    glClear(GL_DEPTH_BUFFER_BIT);
    glEnable(GL_DEPTH_TEST);
    glDepthFunc(GL_LESS);
  }
  set_uniforms(u);
  draw_segments(l, rim ? look.casing_px : 0);
  if (rim) glDisable(GL_DEPTH_TEST);
}

void LayerPass::draw_points(const GpuLayer& l) {
  if (l.points.count == 0) return;
  const LayerLook& look = l.look;
  m_programs.point.use();
  LayerUniforms u = layer_uniforms(look.outline, 0, 1, 0, l.state.opacity, look.outline_px, 0);
  u.tint[3] = look.outline.a / 255.0f;  // the point program's tint is the outline colour
  set_uniforms(u);
  // Zoomed out, the coarsest level whose cells are at most k_point_cell_px on screen.
  const GpuPrimitives* level = &l.points;
  if (m_view.aggregate_points)
    if (const GpuPointLevel* a = point_level_at(l, m_view.m_per_px)) level = a;
  if (level->count == 0) return;
  const auto runs = runs_in_view(level->chunks, l.max_width_px + look.outline_px);
  if (runs.empty()) return;
  glBindVertexArray(level->vao.id());
  for (const auto& [b, e] : runs) {
    draw_quads(b, e);
    m_primitives += e - b;
  }
}

}  // namespace jiuyou::render
