#include "src/render/map_renderer.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "jiuyou_shaders.hpp"
#include "src/render/chrome.hpp"
#include "src/render/gl.hpp"
#include "src/render/gpu_types.hpp"
#include "src/render/shader_program.hpp"

namespace jiuyou::render {

namespace {

struct GpuLayer {
  std::string name;
  GeometryKind kind = GeometryKind::none;
  size_t feature_count = 0;
  GLuint fill_vao = 0, fill_pos = 0, fill_ids = 0, fill_ebo = 0;
  GLsizei fill_count = 0;
  std::vector<Chunk> fill_chunks;  // triangles
  GLuint seg_vao = 0, seg_vbo = 0;
  GLsizei seg_count = 0;
  std::vector<Chunk> seg_chunks;
  struct Lod {
    double tolerance_m;
    GLuint vao, vbo;
    GLsizei count;
    std::vector<Chunk> chunks;
  };
  std::vector<Lod> lods;  // coarser segments, increasing tolerance
  GLuint pt_vao = 0, pt_vbo = 0;
  GLsizei pt_count = 0;
  std::vector<Chunk> pt_chunks;
  GLuint tex_colors = 0, tex_widths = 0;
  float max_width_px = 0;  // widest line / largest point radius of the style (culling margin)
  LayerLook look;
  LayerLegend legend;
  bool styled = false;
  LayerState state;

  void release() {
    const GLuint vaos[] = {fill_vao, seg_vao, pt_vao};
    glDeleteVertexArrays(3, vaos);
    const GLuint bufs[] = {fill_pos, fill_ids, fill_ebo, seg_vbo, pt_vbo};
    glDeleteBuffers(5, bufs);
    const GLuint texs[] = {tex_colors, tex_widths};
    glDeleteTextures(2, texs);
    for (const Lod& l : lods) {
      glDeleteVertexArrays(1, &l.vao);
      glDeleteBuffers(1, &l.vbo);
    }
  }
};

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

// Quad k as two triangles of a strip: corners 0 1 2, 2 1 3.
std::vector<uint32_t> quad_indices(size_t quads) {
  std::vector<uint32_t> idx(quads * 6);
  for (size_t k = 0; k < quads; ++k) {
    const auto b = static_cast<uint32_t>(4 * k);
    uint32_t* q = &idx[6 * k];
    q[0] = b, q[1] = b + 1, q[2] = b + 2, q[3] = b + 2, q[4] = b + 1, q[5] = b + 3;
  }
  return idx;
}

// Draws quads [b, e) of the bound VAO (its element buffer is the shared quad index buffer).
void draw_quads(uint32_t b, uint32_t e) {
  glDrawElements(GL_TRIANGLES, static_cast<GLsizei>(6 * (e - b)), GL_UNSIGNED_INT, reinterpret_cast<void*>(size_t{b} * 6 * sizeof(uint32_t)));
}

// A VAO over the quad vertices of `records` with the shared quad index buffer;
// `attributes` points the program's attributes into the bound buffer.
template <class Record, class Attributes>
void upload_quads(const std::vector<Record>& records, GLuint quad_ebo, GLuint& vao, GLuint& vbo, Attributes attributes) {
  glGenVertexArrays(1, &vao);
  glBindVertexArray(vao);
  glGenBuffers(1, &vbo);
  glBindBuffer(GL_ARRAY_BUFFER, vbo);
  const std::vector<Record> v = quad_vertices(records);
  glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(v.size() * sizeof(Record)), v.data(), GL_STATIC_DRAW);
  attributes();
  glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, quad_ebo);
}

void float_attribute(unsigned location, int components, size_t stride, size_t offset) {
  glEnableVertexAttribArray(location);
  glVertexAttribPointer(location, components, GL_FLOAT, GL_FALSE, static_cast<GLsizei>(stride), reinterpret_cast<void*>(offset));
}

void uint_attribute(unsigned location, size_t stride, size_t offset) {
  glEnableVertexAttribArray(location);
  glVertexAttribIPointer(location, 1, GL_UNSIGNED_INT, static_cast<GLsizei>(stride), reinterpret_cast<void*>(offset));
}

// The line program's VAO over a segment buffer (four vertices per segment).
void upload_segments(const std::vector<LineSegment>& segs, GLuint quad_ebo, GLuint& vao, GLuint& vbo) {
  upload_quads(segs, quad_ebo, vao, vbo, [] {
    float_attribute(attr::line_p0, 2, sizeof(LineSegment), offsetof(LineSegment, p0));
    float_attribute(attr::line_p1, 2, sizeof(LineSegment), offsetof(LineSegment, p1));
    uint_attribute(attr::line_feature, sizeof(LineSegment), offsetof(LineSegment, feature));
    float_attribute(attr::line_start, 1, sizeof(LineSegment), offsetof(LineSegment, start_m));
  });
}

// The point program's VAO over a point buffer (four vertices per point).
void upload_points(const std::vector<PointInstance>& pts, GLuint quad_ebo, GLuint& vao, GLuint& vbo) {
  upload_quads(pts, quad_ebo, vao, vbo, [] {
    float_attribute(attr::point_center, 2, sizeof(PointInstance), offsetof(PointInstance, center));
    uint_attribute(attr::point_feature, sizeof(PointInstance), offsetof(PointInstance, feature));
  });
}

// A VAO with its own vertex and index buffers for the ui program.
void make_ui_vao(GLuint& vao, GLuint& vbo, GLuint& ebo) {
  glGenVertexArrays(1, &vao);
  glGenBuffers(1, &vbo);
  glGenBuffers(1, &ebo);
  glBindVertexArray(vao);
  glBindBuffer(GL_ARRAY_BUFFER, vbo);
  glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, ebo);
  glEnableVertexAttribArray(attr::ui_position);
  glVertexAttribPointer(attr::ui_position, 2, GL_FLOAT, GL_FALSE, sizeof(UiVertex), reinterpret_cast<void*>(offsetof(UiVertex, pos)));
  glEnableVertexAttribArray(attr::ui_uv);
  glVertexAttribPointer(attr::ui_uv, 2, GL_FLOAT, GL_FALSE, sizeof(UiVertex), reinterpret_cast<void*>(offsetof(UiVertex, uv)));
  glEnableVertexAttribArray(attr::ui_color);
  glVertexAttribPointer(attr::ui_color, 4, GL_UNSIGNED_BYTE, GL_TRUE, sizeof(UiVertex), reinterpret_cast<void*>(offsetof(UiVertex, rgba)));
  glBindVertexArray(0);
}

void set_texture_params(GLint filter) {
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, filter);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, filter);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
}

}  // namespace

std::vector<float> font_sizes_px(float pixel_ratio) {
  return {13.0f * pixel_ratio, 13.0f * pixel_ratio, 20.0f * pixel_ratio};
}

std::vector<std::string> overlay_strings(const Scene& scene, const std::vector<LayerStyle>& styles, const std::string& title) {
  std::vector<std::string> s{title, "图例", "北", "N", "地形 (晕渲)", "0123456789 kmN.,-()·→"};
  for (const LabelCandidate& c : scene.labels) s.push_back(c.text);
  for (const LayerStyle& st : styles) {
    s.push_back(st.legend.title);
    for (const LegendEntry& e : st.legend.entries) s.push_back(e.label);
  }
  return s;
}

struct MapRenderer::Impl {
  ShaderProgram fill, line, point, hillshade, shade, ui;
  GLuint frame_ubo = 0, layer_ubo = 0;
  GLuint empty_vao = 0;
  GLuint ui_vao = 0, ui_vbo = 0, ui_ebo = 0;
  GLuint dem_tex = 0, atlas_tex = 0;
  GLuint quad_ebo = 0;  // quad k's two triangles (corners 4k..4k+3), shared by every line and point VAO
  std::vector<GpuLayer> layers;
  std::vector<size_t> order;
  std::vector<std::vector<uint8_t>> hidden;  // per layer, per feature: transparent in its style (its label is not placed)
  std::optional<DemGrid> dem_info;  // values dropped after upload
  Vec2 origin;
  std::vector<LabelCandidate> labels;
  std::vector<PlacedLabel> placed;
  std::optional<GlyphAtlas> atlas;
  UiBatch batch;

  ~Impl() {
    for (GpuLayer& l : layers) l.release();
    const GLuint bufs[] = {frame_ubo, layer_ubo, ui_vbo, ui_ebo, hl_vbo, hl_ebo, quad_ebo};
    glDeleteBuffers(7, bufs);
    const GLuint vaos[] = {empty_vao, ui_vao, hl_vao};
    glDeleteVertexArrays(3, vaos);
    const GLuint texs[] = {dem_tex, atlas_tex, shade_tex};
    glDeleteTextures(3, texs);
  }

  void set_layer_uniforms(const LayerUniforms& u) {
    glBindBuffer(GL_UNIFORM_BUFFER, layer_ubo);
    glBufferSubData(GL_UNIFORM_BUFFER, 0, sizeof u, &u);
  }

  static LayerUniforms layer_uniforms(Rgba tint, float tint_mix, float width_scale, float width_add, float opacity, float w_param,
                                      int pattern) {
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
    glBindTexture(GL_TEXTURE_2D, l.tex_colors);
    glActiveTexture(GL_TEXTURE0 + k_unit_feature_widths);
    glBindTexture(GL_TEXTURE_2D, l.tex_widths);
  }

  // The view in local metres (set per frame) and the chunk runs inside it.
  float view_x0 = 0, view_y0 = 0, view_x1 = 0, view_y1 = 0;
  bool cull = true;
  std::vector<std::pair<uint32_t, uint32_t>> runs_in_view(const std::vector<Chunk>& chunks, float margin_px) const {
    if (!cull) return chunks.empty() ? std::vector<std::pair<uint32_t, uint32_t>>{} : std::vector{std::pair{chunks.front().begin, chunks.back().end}};
    return visible_runs(chunks, view_x0, view_y0, view_x1, view_y1, static_cast<float>((margin_px + 2) * m_per_px));
  }
  size_t drawn_primitives = 0;  // this frame (tests: culling draws less when zoomed in)

  // The coarsest level whose tolerance stays within a pixel at this scale,
  // only its chunks in view. `extra_px` widens the margin (casings).
  void draw_segments(const GpuLayer& l, float extra_px) {
    if (l.seg_count == 0) return;
    GLuint vao = l.seg_vao;
    const std::vector<Chunk>* chunks = &l.seg_chunks;
    if (use_lod)
      for (const GpuLayer::Lod& lod : l.lods)
        if (lod.tolerance_m <= m_per_px) vao = lod.vao, chunks = &lod.chunks;
    const auto runs = runs_in_view(*chunks, l.max_width_px / 2 + extra_px);
    if (runs.empty()) return;
    glBindVertexArray(vao);
    for (const auto& [b, e] : runs) {
      draw_quads(b, e);
      drawn_primitives += e - b;
    }
  }
  double m_per_px = 1;
  bool use_lod = true;
  bool has_depth = false;  // the bound framebuffer has a depth buffer (checked each frame)

  static bool framebuffer_has_depth() {
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

  void draw_layer(const GpuLayer& l) {
    if (!l.styled || !l.state.visible || l.state.opacity <= 0) return;
    bind_style(l);
    const float op = l.state.opacity;
    const LayerLook& look = l.look;
    if (l.kind == GeometryKind::polygon) {
      if (l.fill_count > 0 && look.fill) {
        fill.use();
        set_layer_uniforms(layer_uniforms({}, 0, 1, 0, op, 0, look.hatch ? 1 : 0));
        glBindVertexArray(l.fill_vao);
        for (const auto& [b, e] : runs_in_view(l.fill_chunks, 0)) {
          glDrawElements(GL_TRIANGLES, static_cast<GLsizei>(3 * (e - b)), GL_UNSIGNED_INT,
                         reinterpret_cast<void*>(size_t{b} * 3 * sizeof(uint32_t)));
          drawn_primitives += e - b;
        }
      }
      if (look.outline_px > 0 && look.outline.a > 0) {
        line.use();
        set_layer_uniforms(layer_uniforms(look.outline, 1, 0, look.outline_px, op * look.outline.a / 255.0f, 0, 0));
        draw_segments(l, look.outline_px);
      }
    } else if (l.kind == GeometryKind::line) {
      line.use();
      // Zoomed out (and with a depth buffer to keep the nearest centre line), the
      // casing is the rim of the one stroke; zoomed in, a wider stroke under the layer.
      const bool rim = look.casing && has_depth && look.casing_max_m_per_px > 0 && m_per_px > look.casing_max_m_per_px;
      if (look.casing && !rim) {
        // A wider stroke first, so every casing passes under every line of the layer.
        set_layer_uniforms(layer_uniforms(look.casing_color, 1, 1, look.casing_px, op, look.dash_px, 0));
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
      set_layer_uniforms(u);
      draw_segments(l, rim ? look.casing_px : 0);
      if (rim) glDisable(GL_DEPTH_TEST);
    } else if (l.kind == GeometryKind::point && l.pt_count > 0) {
      point.use();
      LayerUniforms u = layer_uniforms(look.outline, 0, 1, 0, op, look.outline_px, 0);
      u.tint[3] = look.outline.a / 255.0f;  // the point program's tint is the outline colour
      set_layer_uniforms(u);
      const auto runs = runs_in_view(l.pt_chunks, l.max_width_px + look.outline_px);
      if (runs.empty()) return;
      glBindVertexArray(l.pt_vao);
      for (const auto& [b, e] : runs) {
        draw_quads(b, e);
        drawn_primitives += e - b;
      }
    }
  }

  // The shading pass: once per DEM, exaggeration and background, into shade_tex
  // at the DEM texture's size, opaque (nodata in the background colour).
  void bake_hillshade(float exaggeration, Rgba background) {
    const DemGrid& d = *dem_info;
    GLint prev_fbo = 0, prev_viewport[4] = {0, 0, 1, 1};
    glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &prev_fbo);
    glGetIntegerv(GL_VIEWPORT, prev_viewport);
    if (!shade_tex) glGenTextures(1, &shade_tex);
    glActiveTexture(GL_TEXTURE0 + k_unit_shade);
    glBindTexture(GL_TEXTURE_2D, shade_tex);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, dem_tex_w, dem_tex_h, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
    set_texture_params(GL_LINEAR);
    GLuint fbo = 0;
    glGenFramebuffers(1, &fbo);
    glBindFramebuffer(GL_FRAMEBUFFER, fbo);
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, shade_tex, 0);
    glViewport(0, 0, dem_tex_w, dem_tex_h);
    glDisable(GL_BLEND);
    glClearColor(0, 0, 0, 0);
    glClear(GL_COLOR_BUFFER_BIT);
    hillshade.use();
    glUniform1i(hillshade.uniform("u_bake"), 1);
    glUniform3f(hillshade.uniform("u_nodata_rgb"), background.r / 255.0f, background.g / 255.0f, background.b / 255.0f);
    glUniform4f(hillshade.uniform("u_dem_params"), static_cast<float>(d.cell_x), static_cast<float>(d.cell_y), exaggeration, 1.0f);
    glUniform2f(hillshade.uniform("u_dem_range"), d.min_z, d.max_z);
    glActiveTexture(GL_TEXTURE0 + k_unit_dem);
    glBindTexture(GL_TEXTURE_2D, dem_tex);
    glBindVertexArray(empty_vao);
    glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
    glBindFramebuffer(GL_FRAMEBUFFER, static_cast<GLuint>(prev_fbo));
    glDeleteFramebuffers(1, &fbo);
    glViewport(prev_viewport[0], prev_viewport[1], prev_viewport[2], prev_viewport[3]);
    glEnable(GL_BLEND);
    baked_exaggeration = exaggeration;
    baked_background = background;
  }

  void draw_hillshade(const DrawOptions& o) {
    if (!dem_info || !dem_tex || !o.hillshade) return;
    const DemGrid& d = *dem_info;
    const float rect[4] = {static_cast<float>(d.bbox.min_x - origin.x), static_cast<float>(d.bbox.min_y - origin.y),
                           static_cast<float>(d.bbox.max_x - origin.x), static_cast<float>(d.bbox.max_y - origin.y)};
    glBindVertexArray(empty_vao);
    if (!o.fast_paths) {
      // Reference path: the shading computed for every pixel of every frame.
      hillshade.use();
      glUniform1i(hillshade.uniform("u_bake"), 2);
      glUniform2f(hillshade.uniform("u_dem_range"), d.min_z, d.max_z);
      glUniform4fv(hillshade.uniform("u_dem_rect"), 1, rect);
      glUniform4f(hillshade.uniform("u_dem_params"), static_cast<float>(d.cell_x), static_cast<float>(d.cell_y), o.vertical_exaggeration,
                  o.hillshade_opacity);
      glActiveTexture(GL_TEXTURE0 + k_unit_dem);
      glBindTexture(GL_TEXTURE_2D, dem_tex);
      glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
      return;
    }
    if (!shade_tex || baked_exaggeration != o.vertical_exaggeration || !(baked_background == o.background))
      bake_hillshade(o.vertical_exaggeration, o.background);
    // One texel per pixel from the opaque baked shade. Fully opaque over the
    // cleared background it is written, not blended (a software rasteriser then
    // does not read the framebuffer back for every pixel).
    shade.use();
    glUniform4fv(shade.uniform("u_dem_rect"), 1, rect);
    glUniform1f(shade.uniform("u_opacity"), std::clamp(o.hillshade_opacity, 0.0f, 1.0f));
    glActiveTexture(GL_TEXTURE0 + k_unit_shade);
    glBindTexture(GL_TEXTURE_2D, shade_tex);
    const bool opaque = o.hillshade_opacity >= 1.0f;
    if (opaque) glDisable(GL_BLEND);
    glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
    if (opaque) glEnable(GL_BLEND);
  }
  GLuint shade_tex = 0;
  int dem_tex_w = 0, dem_tex_h = 0;
  float baked_exaggeration = 0;
  Rgba baked_background{0, 0, 0, 0};

  // Legend at the top right; returns its box.
  // The map's chrome for this frame (legend, scale bar, north arrow), drawn into `batch`.
  MapChrome chrome_for(const DrawOptions& o) { return MapChrome(batch, *atlas, viewport_w, viewport_h, o); }
  // The legend's layers, top of the map first (visible and styled, with entries).
  std::vector<const LayerLegend*> legends_top_first() const {
    std::vector<const LayerLegend*> out;
    for (auto it = order.rbegin(); it != order.rend(); ++it) {
      const GpuLayer& l = layers[*it];
      if (l.styled && l.state.visible && !l.legend.entries.empty()) out.push_back(&l.legend);
    }
    return out;
  }
  TextRect build_legend(const DrawOptions& o) { return chrome_for(o).legend(legends_top_first(), dem_info && o.hillshade); }

  // What the overlay (labels, legend, scale bar, north arrow, title) depends on:
  // when none of it changed since the last frame, the last batch is drawn again.
  struct OverlayKey {
    double cx = 0, cy = 0, m_per_px = 0;
    int w = 0, h = 0;
    std::string title;
    float pixel_ratio = 0, top = 0, bottom = 0;
    bool labels = false, legend = false, scale_bar = false, north_arrow = false, hillshade = false;
    std::vector<char> visible;
    std::vector<size_t> order;
    uint64_t version = 0;
    bool operator==(const OverlayKey&) const = default;
  };
  OverlayKey overlay_key;
  bool overlay_valid = false;
  uint64_t overlay_version = 0;  // bumped by set_scene, set_style, set_atlas
  bool overlay_rebuilt = false;

  void draw_overlay(const Camera& cam, const DrawOptions& o) {
    OverlayKey key{cam.center.x, cam.center.y, cam.m_per_px, viewport_w, viewport_h, o.title, o.pixel_ratio, o.top_margin_px,
                   o.bottom_margin_px, o.labels, o.legend, o.scale_bar, o.north_arrow, o.hillshade && dem_info.has_value(), {}, order,
                   overlay_version};
    key.visible.reserve(layers.size());
    for (const GpuLayer& l : layers) key.visible.push_back(static_cast<char>(l.state.visible && l.styled && l.state.opacity > 0));
    overlay_rebuilt = !(o.fast_paths && overlay_valid && key == overlay_key);
    if (overlay_rebuilt) {
      overlay_key = std::move(key);
      overlay_valid = true;
      build_overlay(cam, o);
      upload_overlay();
    }
    if (batch.indices.empty()) return;
    ui.use();
    glActiveTexture(GL_TEXTURE0 + k_unit_atlas);
    glBindTexture(GL_TEXTURE_2D, atlas_tex);
    glBindVertexArray(ui_vao);
    glDrawElements(GL_TRIANGLES, static_cast<GLsizei>(batch.indices.size()), GL_UNSIGNED_INT, nullptr);
  }

  // The hover and selection highlights: a few screen-space strokes, rebuilt every frame (a few features, not the map).
  UiBatch highlight;
  void draw_highlight(const Camera& cam, const DrawOptions& o) {
    const auto none = [](const HighlightSet& h) { return h.points.empty() && h.paths.empty(); };
    if (none(o.hover) && none(o.selection) && none(o.measure)) return;
    highlight.clear();
    build_highlights(highlight, cam, o.hover, o.selection, o.pixel_ratio);
    build_measure_strokes(highlight, cam, o.measure, o.pixel_ratio);
    if (highlight.indices.empty()) return;
    if (!hl_vao) make_ui_vao(hl_vao, hl_vbo, hl_ebo);  // its own buffers: the cached overlay stays uploaded
    ui.use();
    glActiveTexture(GL_TEXTURE0 + k_unit_atlas);
    glBindTexture(GL_TEXTURE_2D, atlas_tex);
    glBindVertexArray(hl_vao);
    glBindBuffer(GL_ARRAY_BUFFER, hl_vbo);
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(highlight.vertices.size() * sizeof(UiVertex)), highlight.vertices.data(),
                 GL_STREAM_DRAW);
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, hl_ebo);
    glBufferData(GL_ELEMENT_ARRAY_BUFFER, static_cast<GLsizeiptr>(highlight.indices.size() * sizeof(uint32_t)), highlight.indices.data(),
                 GL_STREAM_DRAW);
    glDrawElements(GL_TRIANGLES, static_cast<GLsizei>(highlight.indices.size()), GL_UNSIGNED_INT, nullptr);
  }
  GLuint hl_vao = 0, hl_vbo = 0, hl_ebo = 0;

  void upload_overlay() {
    glBindVertexArray(ui_vao);
    glBindBuffer(GL_ARRAY_BUFFER, ui_vbo);
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(batch.vertices.size() * sizeof(UiVertex)), batch.vertices.data(), GL_STREAM_DRAW);
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, ui_ebo);
    glBufferData(GL_ELEMENT_ARRAY_BUFFER, static_cast<GLsizeiptr>(batch.indices.size() * sizeof(uint32_t)), batch.indices.data(),
                 GL_STREAM_DRAW);
  }

  void build_overlay(const Camera& cam, const DrawOptions& o) {
    batch.clear();
    placed.clear();
    if (!atlas) return;
    const float pr = o.pixel_ratio;
    std::vector<TextRect> obstacles;
    float top = 10 * pr + o.top_margin_px;
    if (!o.title.empty()) {
      const float tw = atlas->measure(k_font_title, o.title);
      const float th = atlas->line_height(k_font_title);
      batch.rect(10 * pr, top, 10 * pr + tw + 16 * pr, top + th + 10 * pr, {255, 255, 255, 200});
      atlas->draw(batch, k_font_title, 18 * pr, top + 5 * pr, o.title, {20, 20, 20, 255});
      obstacles.push_back({10 * pr, top, 10 * pr + tw + 16 * pr, top + th + 10 * pr});
      top += th + 16 * pr;
    }
    // Title, north arrow, scale bar and legend are built first so labels avoid them; they draw over the labels.
    if (o.north_arrow) obstacles.push_back(chrome_for(o).north_arrow(top));
    if (o.scale_bar) obstacles.push_back(chrome_for(o).scale_bar(cam));
    if (o.legend) obstacles.push_back(build_legend(o));
    UiBatch chrome = std::move(batch);
    batch.clear();
    if (o.labels && !labels.empty()) {
      std::vector<bool> visible(layers.size());
      for (size_t i = 0; i < layers.size(); ++i) visible[i] = layers[i].state.visible && layers[i].styled;
      LabelPlacementOptions lo;
      lo.font = k_font_label;
      lo.anchor_gap_px = 8 * pr;
      lo.symbol_px = 5 * pr;
      lo.hidden = &hidden;
      placed = place_labels(labels, visible, cam, *atlas, obstacles, lo);
      for (const PlacedLabel& p : placed)
        atlas->draw_with_halo(batch, k_font_label, p.x, p.y, labels[p.candidate].text, {25, 25, 25, 255}, {255, 255, 255, 235},
                              std::max(1.0f, pr));
    }
    // Chrome over labels.
    const auto base = static_cast<uint32_t>(batch.vertices.size());
    batch.vertices.insert(batch.vertices.end(), chrome.vertices.begin(), chrome.vertices.end());
    for (uint32_t i : chrome.indices) batch.indices.push_back(base + i);
  }

  int viewport_w = 1, viewport_h = 1;
};

MapRenderer::MapRenderer(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
MapRenderer::MapRenderer(MapRenderer&&) noexcept = default;
MapRenderer& MapRenderer::operator=(MapRenderer&&) noexcept = default;
MapRenderer::~MapRenderer() = default;

Result<MapRenderer> MapRenderer::create() {
  namespace src = shader_source;
  auto impl = std::make_unique<Impl>();
  struct P {
    ShaderProgram* out;
    const char* name;
    std::string_view vert, frag;
  };
  const P programs[] = {{&impl->fill, "fill", src::fill_vert, src::fill_frag},
                        {&impl->line, "line", src::line_vert, src::line_frag},
                        {&impl->point, "point", src::point_vert, src::point_frag},
                        {&impl->hillshade, "hillshade", src::hillshade_vert, src::hillshade_frag},
                        {&impl->shade, "shade", src::shade_vert, src::shade_frag},
                        {&impl->ui, "ui", src::ui_vert, src::ui_frag}};
  for (const P& p : programs) {
    auto built = ShaderProgram::build(p.name, p.vert, p.frag);
    if (!built) return tl::unexpected(built.error());
    *p.out = std::move(*built);
  }
  glGenBuffers(1, &impl->frame_ubo);
  glBindBuffer(GL_UNIFORM_BUFFER, impl->frame_ubo);
  glBufferData(GL_UNIFORM_BUFFER, sizeof(FrameUniforms), nullptr, GL_DYNAMIC_DRAW);
  glGenBuffers(1, &impl->layer_ubo);
  glBindBuffer(GL_UNIFORM_BUFFER, impl->layer_ubo);
  glBufferData(GL_UNIFORM_BUFFER, sizeof(LayerUniforms), nullptr, GL_DYNAMIC_DRAW);
  glGenVertexArrays(1, &impl->empty_vao);
  make_ui_vao(impl->ui_vao, impl->ui_vbo, impl->ui_ebo);
  return MapRenderer(std::move(impl));
}

void MapRenderer::set_scene(const Scene& scene) {
  Impl& m = *m_impl;
  for (GpuLayer& l : m.layers) l.release();
  m.layers.clear();
  m.hidden.clear();
  m.origin = scene.origin;
  // One index buffer for every quad buffer of the scene, sized for the largest.
  size_t quads = 0;
  for (const LayerBuckets& b : scene.layers) {
    quads = std::max({quads, b.segments.size(), b.points.size()});
    for (const SegmentLod& lod : b.lods) quads = std::max(quads, lod.segments.size());
  }
  if (!m.quad_ebo) glGenBuffers(1, &m.quad_ebo);
  glBindVertexArray(0);
  glBindBuffer(GL_ARRAY_BUFFER, m.quad_ebo);  // filled through a neutral target; each VAO binds it as its element buffer
  const std::vector<uint32_t> qi = quad_indices(quads);
  glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(qi.size() * sizeof(uint32_t)), qi.data(), GL_STATIC_DRAW);
  m.labels = scene.labels;
  for (const LayerBuckets& b : scene.layers) {
    GpuLayer l;
    l.name = b.name;
    l.kind = b.kind;
    l.feature_count = b.feature_count;
    if (!b.fill.indices.empty()) {
      glGenVertexArrays(1, &l.fill_vao);
      glBindVertexArray(l.fill_vao);
      glGenBuffers(1, &l.fill_pos);
      glBindBuffer(GL_ARRAY_BUFFER, l.fill_pos);
      glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(b.fill.xy.size() * sizeof(float)), b.fill.xy.data(), GL_STATIC_DRAW);
      glEnableVertexAttribArray(attr::fill_position);
      glVertexAttribPointer(attr::fill_position, 2, GL_FLOAT, GL_FALSE, 8, nullptr);
      glGenBuffers(1, &l.fill_ids);
      glBindBuffer(GL_ARRAY_BUFFER, l.fill_ids);
      glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(b.fill.feature_ids.size() * sizeof(uint32_t)), b.fill.feature_ids.data(),
                   GL_STATIC_DRAW);
      glEnableVertexAttribArray(attr::fill_feature);
      glVertexAttribIPointer(attr::fill_feature, 1, GL_UNSIGNED_INT, 4, nullptr);
      glGenBuffers(1, &l.fill_ebo);
      glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, l.fill_ebo);
      glBufferData(GL_ELEMENT_ARRAY_BUFFER, static_cast<GLsizeiptr>(b.fill.indices.size() * sizeof(uint32_t)), b.fill.indices.data(),
                   GL_STATIC_DRAW);
      l.fill_count = static_cast<GLsizei>(b.fill.indices.size());
      l.fill_chunks = b.fill_chunks;
    }
    if (!b.segments.empty()) {
      upload_segments(b.segments, m.quad_ebo, l.seg_vao, l.seg_vbo);
      l.seg_count = static_cast<GLsizei>(b.segments.size());
      l.seg_chunks = b.segment_chunks;
    }
    for (const SegmentLod& lod : b.lods) {
      GpuLayer::Lod g{lod.tolerance_m, 0, 0, static_cast<GLsizei>(lod.segments.size()), lod.chunks};
      upload_segments(lod.segments, m.quad_ebo, g.vao, g.vbo);
      l.lods.push_back(std::move(g));
    }
    if (!b.points.empty()) {
      upload_points(b.points, m.quad_ebo, l.pt_vao, l.pt_vbo);
      l.pt_count = static_cast<GLsizei>(b.points.size());
      l.pt_chunks = b.point_chunks;
    }
    glBindVertexArray(0);
    m.layers.push_back(std::move(l));
  }
  m.order.resize(m.layers.size());
  std::iota(m.order.begin(), m.order.end(), size_t{0});

  if (m.dem_tex) glDeleteTextures(1, &m.dem_tex);
  if (m.shade_tex) glDeleteTextures(1, &m.shade_tex);
  m.dem_tex = m.shade_tex = 0;
  ++m.overlay_version;
  m.dem_info.reset();
  if (scene.dem) {
    const DemGrid& d = *scene.dem;
    GLint max_tex = 0;
    glGetIntegerv(GL_MAX_TEXTURE_SIZE, &max_tex);
    // Decimate a DEM larger than the GPU's texture limit.
    const int step = std::max({1, (d.width + max_tex - 1) / std::max(max_tex, 1), (d.height + max_tex - 1) / std::max(max_tex, 1)});
    const int tw = (d.width + step - 1) / step, th = (d.height + step - 1) / step;
    std::vector<float> texels;
    const float* data = d.values.data();
    if (step > 1) {
      texels.resize(static_cast<size_t>(tw) * static_cast<size_t>(th));
      for (int r = 0; r < th; ++r)
        for (int c = 0; c < tw; ++c)
          texels[static_cast<size_t>(r) * static_cast<size_t>(tw) + static_cast<size_t>(c)] =
              d.values[static_cast<size_t>(r * step) * static_cast<size_t>(d.width) + static_cast<size_t>(c * step)];
      data = texels.data();
    }
    glGenTextures(1, &m.dem_tex);
    glActiveTexture(GL_TEXTURE0 + k_unit_dem);
    glBindTexture(GL_TEXTURE_2D, m.dem_tex);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_R32F, tw, th, 0, GL_RED, GL_FLOAT, data);
    set_texture_params(GL_LINEAR);
    m.dem_tex_w = tw;
    m.dem_tex_h = th;
    DemGrid info = d;
    info.values.clear();
    info.values.shrink_to_fit();
    info.cell_x *= step;
    info.cell_y *= step;
    m.dem_info = std::move(info);
  }
}

void MapRenderer::set_style(size_t i, const LayerStyle& style) {
  GpuLayer& l = m_impl->layers.at(i);
  const size_t n = std::max<size_t>(l.feature_count, 1);
  const int w = k_feature_texture_width;
  const int rows = static_cast<int>((n + static_cast<size_t>(w) - 1) / static_cast<size_t>(w));
  std::vector<Rgba> colors(static_cast<size_t>(w) * static_cast<size_t>(rows), Rgba{0, 0, 0, 0});
  std::vector<float> widths(colors.size(), 0.0f);
  std::copy_n(style.colors.begin(), std::min(style.colors.size(), colors.size()), colors.begin());
  std::copy_n(style.widths.begin(), std::min(style.widths.size(), widths.size()), widths.begin());
  if (!l.tex_colors) glGenTextures(1, &l.tex_colors);
  if (!l.tex_widths) glGenTextures(1, &l.tex_widths);
  glActiveTexture(GL_TEXTURE0 + k_unit_feature_colors);
  glBindTexture(GL_TEXTURE_2D, l.tex_colors);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, w, rows, 0, GL_RGBA, GL_UNSIGNED_BYTE, colors.data());
  set_texture_params(GL_NEAREST);
  glActiveTexture(GL_TEXTURE0 + k_unit_feature_widths);
  glBindTexture(GL_TEXTURE_2D, l.tex_widths);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_R32F, w, rows, 0, GL_RED, GL_FLOAT, widths.data());
  set_texture_params(GL_NEAREST);
  l.look = style.look;
  l.legend = style.legend;
  if (m_impl->hidden.size() < m_impl->layers.size()) m_impl->hidden.resize(m_impl->layers.size());
  std::vector<uint8_t>& hidden = m_impl->hidden[i];
  hidden.assign(style.colors.size(), 0);
  for (size_t f = 0; f < style.colors.size(); ++f) hidden[f] = style.colors[f].a == 0 ? 1 : 0;
  l.styled = true;
  l.max_width_px = 0;
  for (float v : style.widths)
    if (std::isfinite(v)) l.max_width_px = std::max(l.max_width_px, std::abs(v));
  ++m_impl->overlay_version;
  // Keep the draw order by z.
  std::stable_sort(m_impl->order.begin(), m_impl->order.end(),
                   [&](size_t a, size_t b) { return m_impl->layers[a].look.z_order < m_impl->layers[b].look.z_order; });
}

void MapRenderer::set_atlas(GlyphAtlas atlas) {
  Impl& m = *m_impl;
  if (!m.atlas_tex) glGenTextures(1, &m.atlas_tex);
  glActiveTexture(GL_TEXTURE0 + k_unit_atlas);
  glBindTexture(GL_TEXTURE_2D, m.atlas_tex);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, atlas.width(), atlas.height(), 0, GL_RED, GL_UNSIGNED_BYTE, atlas.pixels());
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
  set_texture_params(GL_LINEAR);
  m.atlas = std::move(atlas);
  ++m.overlay_version;
}

const GlyphAtlas* MapRenderer::atlas() const { return m_impl->atlas ? &*m_impl->atlas : nullptr; }
size_t MapRenderer::layer_count() const { return m_impl->layers.size(); }
const std::string& MapRenderer::layer_name(size_t i) const { return m_impl->layers.at(i).name; }
LayerState& MapRenderer::layer_state(size_t i) { return m_impl->layers.at(i).state; }
std::vector<size_t>& MapRenderer::draw_order() { return m_impl->order; }
const std::vector<PlacedLabel>& MapRenderer::placed_labels() const { return m_impl->placed; }
float MapRenderer::legend_width_px(const DrawOptions& options) {
  Impl& m = *m_impl;
  if (!m.atlas || !options.legend) return 0;
  UiBatch saved = std::move(m.batch);
  m.batch.clear();
  const int vw = m.viewport_w, vh = m.viewport_h;
  m.viewport_w = m.viewport_h = 16384;  // no rows cut for height
  const TextRect box = m.build_legend(options);
  m.viewport_w = vw, m.viewport_h = vh;
  m.batch = std::move(saved);
  return box.x1 - box.x0;
}

FrameStats MapRenderer::last_frame_stats() const { return {m_impl->drawn_primitives, m_impl->overlay_rebuilt}; }
const std::vector<LabelCandidate>& MapRenderer::label_candidates() const { return m_impl->labels; }

void MapRenderer::draw(const Camera& camera, const DrawOptions& options) {
  Impl& m = *m_impl;
  m.viewport_w = camera.width;
  m.viewport_h = camera.height;
  glViewport(0, 0, camera.width, camera.height);
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_CULL_FACE);
  glDisable(GL_SCISSOR_TEST);
  glEnable(GL_BLEND);
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  glClearColor(options.background.r / 255.0f, options.background.g / 255.0f, options.background.b / 255.0f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  Camera cam = camera;
  cam.origin = m.origin;
  m.m_per_px = cam.m_per_px;
  const BBox view = cam.visible_bbox();
  m.view_x0 = static_cast<float>(view.min_x - m.origin.x), m.view_y0 = static_cast<float>(view.min_y - m.origin.y);
  m.view_x1 = static_cast<float>(view.max_x - m.origin.x), m.view_y1 = static_cast<float>(view.max_y - m.origin.y);
  m.drawn_primitives = 0;
  m.cull = options.fast_paths;
  m.use_lod = options.lod;
  m.has_depth = Impl::framebuffer_has_depth();
  glDepthMask(GL_TRUE);
  const FrameUniforms fu = cam.uniforms(options.pixel_ratio);
  glBindBuffer(GL_UNIFORM_BUFFER, m.frame_ubo);
  glBufferSubData(GL_UNIFORM_BUFFER, 0, sizeof fu, &fu);
  glBindBufferBase(GL_UNIFORM_BUFFER, k_frame_binding, m.frame_ubo);
  glBindBufferBase(GL_UNIFORM_BUFFER, k_layer_binding, m.layer_ubo);
  m.draw_hillshade(options);
  for (size_t i : m.order) m.draw_layer(m.layers[i]);
  m.draw_overlay(cam, options);
  m.draw_highlight(cam, options);
  glBindVertexArray(0);
  glUseProgram(0);
}

}  // namespace jiuyou::render
