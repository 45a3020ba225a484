#include "src/render/gpu_layer.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>

#include "src/render/gpu_types.hpp"
#include "src/render/point_lod.hpp"

namespace jiuyou::render {

namespace {

// Lines and points are quads of four vertices that carry the same record
// (LineSegment, PointInstance): one ordinary indexed draw per run of chunks,
// no instancing. Software rasterisers (Mesa llvmpipe) run the vertex pipeline
// once per instance, so a million 4-vertex instances cost about a million
// pipeline passes; as plain vertices they go through in wide batches, and a
// GPU sees the same triangles. The vertex stage finds its corner in
// gl_VertexID & 3 (the index buffer numbers quad k's corners 4k..4k+3).
template <class Record>
std::vector<Record> quad_vertices(const std::vector<Record>& records) {
  std::vector<Record> v;
  v.reserve(records.size() * 4);
  for (const Record& r : records) v.insert(v.end(), 4, r);
  return v;
}

void float_attribute(unsigned location, int components, size_t stride, size_t offset) {
  glEnableVertexAttribArray(location);
  glVertexAttribPointer(location, components, GL_FLOAT, GL_FALSE, static_cast<GLsizei>(stride), reinterpret_cast<void*>(offset));
}

void uint_attribute(unsigned location, size_t stride, size_t offset) {
  glEnableVertexAttribArray(location);
  glVertexAttribIPointer(location, 1, GL_UNSIGNED_INT, static_cast<GLsizei>(stride), reinterpret_cast<void*>(offset));
}

template <class T>
void buffer_data(GLenum target, GlBuffer& buffer, const std::vector<T>& data, GLenum usage) {
  glBindBuffer(target, buffer.ensure());
  glBufferData(target, static_cast<GLsizeiptr>(data.size() * sizeof(T)), data.data(), usage);
}

// A vertex array over the quad vertices of `records` with the shared quad
// index buffer; `attributes` points the program's attributes into the bound buffer.
template <class Record, class Attributes>
void upload_quads(const std::vector<Record>& records, GLuint quad_ebo, GpuPrimitives& out, Attributes attributes) {
  glBindVertexArray(out.vao.ensure());
  buffer_data(GL_ARRAY_BUFFER, out.vertices, quad_vertices(records), GL_STATIC_DRAW);
  attributes();
  glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, quad_ebo);
  out.count = static_cast<GLsizei>(records.size());
}

// The line program's vertex array over a segment buffer (four vertices per segment).
void upload_segments(const std::vector<LineSegment>& segs, const std::vector<Chunk>& chunks, GLuint quad_ebo, GpuPrimitives& out) {
  upload_quads(segs, quad_ebo, out, [] {
    float_attribute(attr::line_p0, 2, sizeof(LineSegment), offsetof(LineSegment, p0));
    float_attribute(attr::line_p1, 2, sizeof(LineSegment), offsetof(LineSegment, p1));
    uint_attribute(attr::line_feature, sizeof(LineSegment), offsetof(LineSegment, feature));
    float_attribute(attr::line_start, 1, sizeof(LineSegment), offsetof(LineSegment, start_m));
  });
  out.chunks = chunks;
}

// The point program's vertex array over a point buffer (four vertices per point).
void upload_points(const std::vector<PointInstance>& pts, const std::vector<Chunk>& chunks, GLuint quad_ebo, GpuPrimitives& out) {
  upload_quads(pts, quad_ebo, out, [] {
    float_attribute(attr::point_center, 2, sizeof(PointInstance), offsetof(PointInstance, center));
    uint_attribute(attr::point_feature, sizeof(PointInstance), offsetof(PointInstance, feature));
  });
  out.chunks = chunks;
}

void upload_fill(const LayerBuckets& b, GpuFill& out) {
  glBindVertexArray(out.vao.ensure());
  buffer_data(GL_ARRAY_BUFFER, out.vertices, b.fill.xy, GL_STATIC_DRAW);
  glEnableVertexAttribArray(attr::fill_position);
  glVertexAttribPointer(attr::fill_position, 2, GL_FLOAT, GL_FALSE, 8, nullptr);
  buffer_data(GL_ARRAY_BUFFER, out.feature_ids, b.fill.feature_ids, GL_STATIC_DRAW);
  glEnableVertexAttribArray(attr::fill_feature);
  glVertexAttribIPointer(attr::fill_feature, 1, GL_UNSIGNED_INT, 4, nullptr);
  buffer_data(GL_ELEMENT_ARRAY_BUFFER, out.indices, b.fill.indices, GL_STATIC_DRAW);
  out.count = static_cast<GLsizei>(b.fill.indices.size());
  out.chunks = b.fill_chunks;
}

// One per-feature texture (k_feature_texture_width texels a row).
template <class T>
void upload_feature_texture(GlTexture& tex, int unit, GLint internal, GLenum format, GLenum type, const std::vector<T>& texels, int rows) {
  glActiveTexture(GL_TEXTURE0 + static_cast<GLenum>(unit));
  glBindTexture(GL_TEXTURE_2D, tex.ensure());
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
  glTexImage2D(GL_TEXTURE_2D, 0, internal, k_feature_texture_width, rows, 0, format, type, texels.data());
  set_texture_params(GL_NEAREST);
}

}  // namespace

void upload_quad_indices(GlBuffer& quad_ebo, size_t quads) {
  std::vector<uint32_t> idx(quads * 6);
  for (size_t k = 0; k < quads; ++k) {
    const auto b = static_cast<uint32_t>(4 * k);
    uint32_t* q = &idx[6 * k];
    q[0] = b, q[1] = b + 1, q[2] = b + 2, q[3] = b + 2, q[4] = b + 1, q[5] = b + 3;
  }
  glBindVertexArray(0);
  // Filled through a neutral target; each vertex array binds it as its element buffer.
  buffer_data(GL_ARRAY_BUFFER, quad_ebo, idx, GL_STATIC_DRAW);
}

GpuLayer upload_layer(const LayerBuckets& b, GLuint quad_ebo) {
  GpuLayer l;
  l.name = b.name;
  l.kind = b.kind;
  l.feature_count = b.feature_count;
  if (!b.fill.indices.empty()) upload_fill(b, l.fill);
  if (!b.segments.empty()) upload_segments(b.segments, b.segment_chunks, quad_ebo, l.segments);
  for (const SegmentLod& lod : b.lods) {
    GpuSegmentLod g;
    g.tolerance_m = lod.tolerance_m;
    upload_segments(lod.segments, lod.chunks, quad_ebo, g);
    l.lods.push_back(std::move(g));
  }
  if (!b.points.empty()) upload_points(b.points, b.point_chunks, quad_ebo, l.points);
  if (!b.point_cells.empty()) {
    l.cpu_points = b.points;
    l.point_cells = b.point_cells;
  }
  l.quad_ebo = quad_ebo;
  glBindVertexArray(0);
  return l;
}

namespace {

// Each zoomed-out level's points under this style (the winner of each cell).
// Level 0 (cell 0 m) is every shown point, worst drawn last; then one point per cell.
void upload_point_levels(GpuLayer& l, const LayerStyle& style) {
  l.point_levels.resize(l.point_cells.size() + 1);
  for (size_t k = 0; k < l.point_levels.size(); ++k) {
    const std::vector<PointInstance> pts =
        k == 0 ? ranked_points(l.cpu_points, style) : cell_winners(l.cpu_points, l.point_cells[k - 1], style);
    GpuPointLevel& g = l.point_levels[k];
    g.cell_m = k == 0 ? 0.0 : l.point_cells[k - 1].cell_m;
    g.features.clear();
    g.features.reserve(pts.size());
    for (const PointInstance& p : pts) g.features.push_back(p.feature);
    upload_points(pts, point_run_chunks(pts), l.quad_ebo, g);
  }
  glBindVertexArray(0);
}

}  // namespace

const GpuPointLevel* point_level_at(const GpuLayer& l, double m_per_px) {
  const GpuPointLevel* level = nullptr;
  for (const GpuPointLevel& a : l.point_levels)
    if (a.cell_m <= k_point_cell_px * m_per_px) level = &a;
  return level;
}

void upload_style(GpuLayer& l, const LayerStyle& style) {
  const size_t n = std::max<size_t>(l.feature_count, 1);
  const auto w = static_cast<size_t>(k_feature_texture_width);
  const size_t rows = (n + w - 1) / w;
  std::vector<Rgba> colors(w * rows, Rgba{0, 0, 0, 0});
  std::vector<float> widths(colors.size(), 0.0f);
  std::copy_n(style.colors.begin(), std::min(style.colors.size(), colors.size()), colors.begin());
  std::copy_n(style.widths.begin(), std::min(style.widths.size(), widths.size()), widths.begin());
  upload_feature_texture(l.colors, k_unit_feature_colors, GL_RGBA8, GL_RGBA, GL_UNSIGNED_BYTE, colors, static_cast<int>(rows));
  upload_feature_texture(l.widths, k_unit_feature_widths, GL_R32F, GL_RED, GL_FLOAT, widths, static_cast<int>(rows));
  l.look = style.look;
  l.legend = style.legend;
  l.styled = true;
  if (!l.point_cells.empty()) upload_point_levels(l, style);
  l.max_width_px = 0;
  for (float v : style.widths)
    if (std::isfinite(v)) l.max_width_px = std::max(l.max_width_px, std::abs(v));
}

void set_texture_params(GLint filter) {
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, filter);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, filter);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
}

UiBuffers make_ui_buffers() {
  UiBuffers u;
  glBindVertexArray(u.vao.ensure());
  glBindBuffer(GL_ARRAY_BUFFER, u.vertices.ensure());
  glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, u.indices.ensure());
  glEnableVertexAttribArray(attr::ui_position);
  glVertexAttribPointer(attr::ui_position, 2, GL_FLOAT, GL_FALSE, sizeof(UiVertex), reinterpret_cast<void*>(offsetof(UiVertex, pos)));
  glEnableVertexAttribArray(attr::ui_uv);
  glVertexAttribPointer(attr::ui_uv, 2, GL_FLOAT, GL_FALSE, sizeof(UiVertex), reinterpret_cast<void*>(offsetof(UiVertex, uv)));
  glEnableVertexAttribArray(attr::ui_color);
  glVertexAttribPointer(attr::ui_color, 4, GL_UNSIGNED_BYTE, GL_TRUE, sizeof(UiVertex), reinterpret_cast<void*>(offsetof(UiVertex, rgba)));
  glBindVertexArray(0);
  return u;
}

void draw_quads(uint32_t b, uint32_t e) {
  glDrawElements(GL_TRIANGLES, static_cast<GLsizei>(6 * (e - b)), GL_UNSIGNED_INT, reinterpret_cast<void*>(size_t{b} * 6 * sizeof(uint32_t)));
}

}  // namespace jiuyou::render
