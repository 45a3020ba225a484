#include "src/render/map_renderer.hpp"

#include <algorithm>
#include <numeric>

#include "jiuyou_shaders.hpp"
#include "src/render/basemap_layer.hpp"
#include "src/render/gpu_layer.hpp"
#include "src/render/gpu_types.hpp"
#include "src/render/highlight_layer.hpp"
#include "src/render/hillshade_layer.hpp"
#include "src/render/layer_pass.hpp"
#include "src/render/overlay_layer.hpp"
#include "src/render/shader_program.hpp"

// The renderer is a list of layers, each with its own upload and draw:
// the offline basemap (basemap_layer), the terrain (hillshade_layer), the scene's layers drawn by kind (gpu_layer
// uploads them, layer_pass draws polygons, lines and points), and the
// screen-space overlay (overlay_layer: labels, chrome, highlights). This file
// only holds them together in the order of a frame.

namespace jiuyou::render {

std::vector<float> font_sizes_px(float pixel_ratio) {
  return {13.0f * pixel_ratio, 13.0f * pixel_ratio, 20.0f * pixel_ratio};
}

std::vector<std::string> overlay_strings(const Scene& scene, const std::vector<LayerStyle>& styles, const std::string& title) {
  std::vector<std::string> s{title, "图例", "北", "N", "地形 (晕渲)", "0123456789 kmN.,-()·→", "…另有 类未列出"};
  for (const LabelCandidate& c : scene.labels) s.push_back(c.text);
  for (const LayerStyle& st : styles) {
    s.push_back(st.legend.title);
    for (const LegendEntry& e : st.legend.entries) s.push_back(e.label);
  }
  return s;
}

struct MapRenderer::Impl {
  ShaderProgram fill, line, point, ring, hillshade, shade, ui;
  GlBuffer frame_ubo, layer_ubo;
  GlVertexArray empty_vao;
  GlBuffer quad_ebo;  // quad k's two triangles (corners 4k..4k+3), shared by every line and point vertex array
  std::vector<GpuLayer> layers;
  std::vector<size_t> order;
  std::vector<std::vector<uint8_t>> hidden;  // per layer, per feature: transparent in its style (its label is not placed)
  Vec2 origin;
  BasemapLayer basemap;
  HillshadeLayer terrain;
  SelectionLayer selection;  // uploaded when the viewer's selection changes
  std::optional<OverlayLayer> overlay;  // made with the programs (needs the context)
  size_t drawn_primitives = 0;
  [[nodiscard]] OverlayInput overlay_input() const { return {layers, order, hidden, terrain.present()}; }
  [[nodiscard]] LayerPass::View layer_view(const Camera& cam, const DrawOptions& o) const {
    const BBox view = cam.visible_bbox();
    return {static_cast<float>(view.min_x - origin.x), static_cast<float>(view.min_y - origin.y), static_cast<float>(view.max_x - origin.x),
            static_cast<float>(view.max_y - origin.y), cam.m_per_px, o.fast_paths, o.lod, framebuffer_has_depth(),
            o.aggregate_points};
  }
};

MapRenderer::MapRenderer(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
MapRenderer::MapRenderer(MapRenderer&&) noexcept = default;
MapRenderer& MapRenderer::operator=(MapRenderer&&) noexcept = default;
MapRenderer::~MapRenderer() = default;

namespace {

template <class Block>
GlBuffer make_uniform_buffer() {
  GlBuffer b = GlBuffer::make();
  glBindBuffer(GL_UNIFORM_BUFFER, b.id());
  glBufferData(GL_UNIFORM_BUFFER, sizeof(Block), nullptr, GL_DYNAMIC_DRAW);
  return b;
}

// Frame state every draw starts from: viewport, blending, no depth test, cleared to the background.
void begin_frame(const Camera& camera, const DrawOptions& options) {
  glViewport(0, 0, camera.width, camera.height);
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_CULL_FACE);
  glDisable(GL_SCISSOR_TEST);
  glEnable(GL_BLEND);
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  glClearColor(options.background.r / 255.0f, options.background.g / 255.0f, options.background.b / 255.0f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  glDepthMask(GL_TRUE);
}

}  // namespace

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
                        {&impl->ring, "ring", src::ring_vert, src::ring_frag},
                        {&impl->hillshade, "hillshade", src::hillshade_vert, src::hillshade_frag},
                        {&impl->shade, "shade", src::shade_vert, src::shade_frag},
                        {&impl->ui, "ui", src::ui_vert, src::ui_frag}};
  for (const P& p : programs) {
    auto built = ShaderProgram::build(p.name, p.vert, p.frag);
    if (!built) return tl::unexpected(built.error());
    *p.out = std::move(*built);
  }
  impl->frame_ubo = make_uniform_buffer<FrameUniforms>();
  impl->layer_ubo = make_uniform_buffer<LayerUniforms>();
  impl->empty_vao = GlVertexArray::make();
  impl->overlay.emplace();
  return MapRenderer(std::move(impl));
}

void MapRenderer::set_scene(const Scene& scene) {
  Impl& m = *m_impl;
  m.layers.clear();
  m.hidden.clear();
  m.origin = scene.origin;
  // One index buffer for every quad buffer of the scene, sized for the largest.
  size_t quads = 0;
  for (const LayerBuckets& b : scene.layers) {
    quads = std::max({quads, b.segments.size(), b.points.size()});
    for (const SegmentLod& lod : b.lods) quads = std::max(quads, lod.segments.size());
  }
  upload_quad_indices(m.quad_ebo, quads);
  for (const LayerBuckets& b : scene.layers) m.layers.push_back(upload_layer(b, m.quad_ebo.id()));
  m.order.resize(m.layers.size());
  std::iota(m.order.begin(), m.order.end(), size_t{0});
  m.overlay->set_labels(scene.labels);
  m.terrain.upload(scene.dem);
}

void MapRenderer::set_style(size_t i, const LayerStyle& style) {
  Impl& m = *m_impl;
  upload_style(m.layers.at(i), style);
  if (m.hidden.size() < m.layers.size()) m.hidden.resize(m.layers.size());
  std::vector<uint8_t>& hidden = m.hidden[i];
  hidden.assign(style.colors.size(), 0);
  for (size_t f = 0; f < style.colors.size(); ++f) hidden[f] = style.colors[f].a == 0 ? 1 : 0;
  m.overlay->invalidate();
  // Keep the draw order by z.
  std::stable_sort(m.order.begin(), m.order.end(), [&](size_t a, size_t b) { return m.layers[a].look.z_order < m.layers[b].look.z_order; });
}

void MapRenderer::set_basemap(const Image& image, const BBox& extent) { m_impl->basemap.upload(image, extent); }
void MapRenderer::clear_basemap() { m_impl->basemap.clear(); }
void MapRenderer::set_atlas(GlyphAtlas atlas) { m_impl->overlay->set_atlas(std::move(atlas)); }
const GlyphAtlas* MapRenderer::atlas() const { return m_impl->overlay->atlas(); }
size_t MapRenderer::layer_count() const { return m_impl->layers.size(); }
const std::string& MapRenderer::layer_name(size_t i) const { return m_impl->layers.at(i).name; }
LayerState& MapRenderer::layer_state(size_t i) { return m_impl->layers.at(i).state; }
const std::vector<uint32_t>* MapRenderer::points_drawn(size_t i, double m_per_px) const {
  if (i >= m_impl->layers.size()) return nullptr;
  const GpuPointLevel* level = point_level_at(m_impl->layers[i], m_per_px);
  return level ? &level->features : nullptr;
}
std::vector<size_t>& MapRenderer::draw_order() { return m_impl->order; }
const std::vector<PlacedLabel>& MapRenderer::placed_labels() const { return m_impl->overlay->placed(); }
const std::vector<LabelCandidate>& MapRenderer::label_candidates() const { return m_impl->overlay->labels(); }
FrameStats MapRenderer::last_frame_stats() const {
  return {m_impl->drawn_primitives, m_impl->overlay->rebuilt(), m_impl->selection.rebuilt()};
}

float MapRenderer::legend_width_px(const DrawOptions& options, int viewport_w, int viewport_h) {
  Impl& m = *m_impl;
  // In the picture's own viewport: a legend taller than it takes a second column.
  const TextRect box = m.overlay->legend_box(options, m.overlay_input(), viewport_w, viewport_h);
  return box.x1 - box.x0;
}

void MapRenderer::draw(const Camera& camera, const DrawOptions& options) {
  Impl& m = *m_impl;
  begin_frame(camera, options);
  Camera cam = camera;
  cam.origin = m.origin;
  const FrameUniforms fu = cam.uniforms(options.pixel_ratio);
  glBindBuffer(GL_UNIFORM_BUFFER, m.frame_ubo.id());
  glBufferSubData(GL_UNIFORM_BUFFER, 0, sizeof fu, &fu);
  glBindBufferBase(GL_UNIFORM_BUFFER, k_frame_binding, m.frame_ubo.id());
  glBindBufferBase(GL_UNIFORM_BUFFER, k_layer_binding, m.layer_ubo.id());
  m.basemap.draw(m.shade, m.origin, m.empty_vao.id());
  m.terrain.draw({m.hillshade, m.shade}, options, m.origin, m.empty_vao.id());
  LayerPass pass({m.fill, m.line, m.point}, m.layer_ubo.id(), m.layer_view(cam, options));
  for (size_t i : m.order) pass.draw(m.layers[i]);
  m.drawn_primitives = pass.primitives();
  m.overlay->draw(m.ui, cam, options, m.overlay_input());
  // The selection over everything (as the viewer always drew it), then the hover and the measurement over it.
  m.selection.update(options.selection, m.origin);
  m.selection.draw(m.line, m.ring, m.layer_ubo.id(), m.layer_view(cam, options), options.pixel_ratio);
  m.overlay->draw_highlight(m.ui, cam, options);
  glBindVertexArray(0);
  glUseProgram(0);
}

}  // namespace jiuyou::render
