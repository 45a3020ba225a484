#include "src/render/highlight_layer.hpp"

#include <algorithm>
#include <cmath>

#include "src/render/gpu_types.hpp"

namespace jiuyou::render {

namespace {

bool same_points(const std::vector<Vec2>& a, const std::vector<Vec2>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](Vec2 p, Vec2 q) { return p.x == q.x && p.y == q.y; });
}

bool same_set(const HighlightSet& a, const HighlightSet& b) {
  if (!same_points(a.points, b.points) || a.paths.size() != b.paths.size()) return false;
  for (size_t i = 0; i < a.paths.size(); ++i)
    if (!same_points(a.paths[i], b.paths[i])) return false;
  return true;
}

// One stroke of the selection: colour, width (px) of lines and rings, ring radius (px).
struct Stroke {
  Rgba color;
  float width_px;
  float ring_radius_px;
};
// Halo, dark edge, cyan core: the same look the screen-space strokes had.
constexpr Stroke k_strokes[] = {{{255, 255, 255, 170}, 9.0f, 11.0f}, {{15, 30, 60, 255}, 5.0f, 11.0f}, {k_selection_color, 2.5f, 11.0f}};
constexpr float k_widest_px = 9.0f, k_ring_reach_px = 11.0f + 4.5f;  // culling margins

void set_stroke_uniforms(GLuint layer_ubo, const Stroke& s, float width_add_px, float outline_px) {
  LayerUniforms u{};
  u.tint[0] = s.color.r / 255.0f;
  u.tint[1] = s.color.g / 255.0f;
  u.tint[2] = s.color.b / 255.0f;
  u.tint[3] = 1.0f;          // the tint replaces the feature colour
  u.params[0] = 0.0f;        // width from the uniform only
  u.params[1] = width_add_px;
  u.params[2] = s.color.a / 255.0f;
  u.params[3] = outline_px;  // lines: no dash (0); rings: the stroke width
  u.modes[1] = k_feature_texture_width;
  glBindBuffer(GL_UNIFORM_BUFFER, layer_ubo);
  glBufferSubData(GL_UNIFORM_BUFFER, 0, sizeof u, &u);
}

void bind_feature_textures(const GpuLayer& l) {
  glActiveTexture(GL_TEXTURE0 + k_unit_feature_colors);
  glBindTexture(GL_TEXTURE_2D, l.colors.id());
  glActiveTexture(GL_TEXTURE0 + k_unit_feature_widths);
  glBindTexture(GL_TEXTURE_2D, l.widths.id());
}

// Every feature white with width 0: the strokes' uniforms give colour and width.
void upload_plain_style(GpuLayer& l) {
  LayerStyle style;
  style.colors.assign(std::max<size_t>(l.feature_count, 1), Rgba{255, 255, 255, 255});
  style.widths.assign(style.colors.size(), 0.0f);
  upload_style(l, style);
}

// The runs of `p` whose chunks lie in the view grown by `margin_px`.
std::vector<std::pair<uint32_t, uint32_t>> runs_in(const GpuPrimitives& p, const LayerPass::View& v, float margin_px) {
  if (p.count == 0) return {};
  if (!v.cull || p.chunks.empty()) return {{0u, static_cast<uint32_t>(p.count)}};
  return visible_runs(p.chunks, v.x0, v.y0, v.x1, v.y1, static_cast<float>((margin_px + 2) * v.m_per_px));
}

void draw_runs(const GpuPrimitives& p, const std::vector<std::pair<uint32_t, uint32_t>>& runs) {
  glBindVertexArray(p.vao.id());
  for (const auto& [b, e] : runs) draw_quads(b, e);
}

}  // namespace

SelectionBuckets highlight_buckets(const HighlightSet& set, Vec2 origin) {
  FeatureTable lines;
  lines.name = "selection";
  lines.geometry.kind = GeometryKind::line;
  for (const std::vector<Vec2>& path : set.paths) {
    if (path.size() < 2) continue;
    for (const Vec2& p : path) lines.geometry.add_vertex(p.x, p.y);
    lines.geometry.close_ring();
    lines.geometry.close_part();
    lines.geometry.close_feature();
    lines.fid.push_back(static_cast<int64_t>(lines.fid.size()));
  }
  FeatureTable points;
  points.name = "selection_points";
  points.geometry.kind = GeometryKind::point;
  for (const Vec2& p : set.points) {
    points.geometry.add_point_feature(p.x, p.y);
    points.fid.push_back(static_cast<int64_t>(points.fid.size()));
  }
  return {build_buckets(lines, origin), build_buckets(points, origin)};
}

void SelectionLayer::update(const HighlightSet& selection, Vec2 origin) {
  m_rebuilt = false;
  if (m_valid && origin.x == m_origin.x && origin.y == m_origin.y && same_set(selection, m_set)) return;
  m_set = selection;
  upload(origin);
}

void SelectionLayer::upload(Vec2 origin) {
  m_origin = origin;
  m_valid = true;
  m_rebuilt = true;
  const SelectionBuckets b = highlight_buckets(m_set, origin);
  size_t quads = std::max(b.lines.segments.size(), b.points.points.size());
  for (const SegmentLod& lod : b.lines.lods) quads = std::max(quads, lod.segments.size());
  upload_quad_indices(m_quad_ebo, quads);
  m_lines = upload_layer(b.lines, m_quad_ebo.id());
  m_points = upload_layer(b.points, m_quad_ebo.id());
  upload_plain_style(m_lines);
  upload_plain_style(m_points);
}

void SelectionLayer::draw(const ShaderProgram& line, const ShaderProgram& ring, GLuint layer_ubo, const LayerPass::View& view, float pr) const {
  // The coarsest level of the outlines within a pixel at this scale, and the chunks in view (found once for the three strokes).
  const GpuPrimitives* level = &m_lines.segments;
  if (view.lod)
    for (const GpuSegmentLod& lod : m_lines.lods)
      if (lod.tolerance_m <= view.m_per_px) level = &lod;
  const auto line_runs = runs_in(*level, view, k_widest_px * pr / 2);
  const auto point_runs = runs_in(m_points.points, view, k_ring_reach_px * pr);
  if (line_runs.empty() && point_runs.empty()) return;
  for (const Stroke& s : k_strokes) {
    if (!line_runs.empty()) {
      line.use();
      bind_feature_textures(m_lines);
      set_stroke_uniforms(layer_ubo, s, s.width_px * pr, 0.0f);
      draw_runs(*level, line_runs);
    }
    if (!point_runs.empty()) {
      ring.use();
      bind_feature_textures(m_points);
      set_stroke_uniforms(layer_ubo, s, s.ring_radius_px * pr, s.width_px * pr);
      draw_runs(m_points.points, point_runs);
    }
  }
}

}  // namespace jiuyou::render
