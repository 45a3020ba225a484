#include "src/render/overlay_layer.hpp"

#include <algorithm>

#include "src/render/chrome.hpp"
#include "src/render/gpu_types.hpp"
#include "src/render/highlight.hpp"

namespace jiuyou::render {

namespace {

// The legend's layers, top of the map first (visible and styled, with entries).
std::vector<const LayerLegend*> legends_top_first(const OverlayInput& in) {
  std::vector<const LayerLegend*> out;
  for (auto it = in.order.rbegin(); it != in.order.rend(); ++it) {
    const GpuLayer& l = in.layers[*it];
    if (l.styled && l.state.visible && !l.legend.entries.empty()) out.push_back(&l.legend);
  }
  return out;
}

void upload_batch(const UiBuffers& b, const UiBatch& batch) {
  glBindVertexArray(b.vao.id());
  glBindBuffer(GL_ARRAY_BUFFER, b.vertices.id());
  glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(batch.vertices.size() * sizeof(UiVertex)), batch.vertices.data(), GL_STREAM_DRAW);
  glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, b.indices.id());
  glBufferData(GL_ELEMENT_ARRAY_BUFFER, static_cast<GLsizeiptr>(batch.indices.size() * sizeof(uint32_t)), batch.indices.data(),
               GL_STREAM_DRAW);
}

void draw_batch(const ShaderProgram& ui, GLuint atlas_tex, const UiBuffers& b, const UiBatch& batch) {
  ui.use();
  glActiveTexture(GL_TEXTURE0 + k_unit_atlas);
  glBindTexture(GL_TEXTURE_2D, atlas_tex);
  glBindVertexArray(b.vao.id());
  glDrawElements(GL_TRIANGLES, static_cast<GLsizei>(batch.indices.size()), GL_UNSIGNED_INT, nullptr);
}

}  // namespace

void OverlayLayer::set_labels(std::vector<LabelCandidate> labels) {
  m_labels = std::move(labels);
  invalidate();
}

void OverlayLayer::set_atlas(GlyphAtlas atlas) {
  glActiveTexture(GL_TEXTURE0 + k_unit_atlas);
  glBindTexture(GL_TEXTURE_2D, m_atlas_tex.ensure());
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, atlas.width(), atlas.height(), 0, GL_RED, GL_UNSIGNED_BYTE, atlas.pixels());
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
  set_texture_params(GL_LINEAR);
  m_atlas = std::move(atlas);
  invalidate();
}

OverlayLayer::Key OverlayLayer::key_for(const Camera& cam, const DrawOptions& o, const OverlayInput& in) const {
  Key key{cam.center.x,  cam.center.y, cam.m_per_px, cam.width,       cam.height,      o.title,      o.caption,    o.pixel_ratio,
          o.top_margin_px, o.bottom_margin_px, o.labels, o.legend, o.scale_bar, o.north_arrow, in.hillshade && o.hillshade,
          {},            in.order,     m_version};
  key.visible.reserve(in.layers.size());
  for (const GpuLayer& l : in.layers) key.visible.push_back(static_cast<char>(l.state.visible && l.styled && l.state.opacity > 0));
  return key;
}

void OverlayLayer::draw(const ShaderProgram& ui, const Camera& cam, const DrawOptions& o, const OverlayInput& in) {
  m_viewport_w = cam.width;
  m_viewport_h = cam.height;
  Key key = key_for(cam, o, in);
  m_rebuilt = !(o.fast_paths && m_valid && key == m_key);
  if (m_rebuilt) {
    m_key = std::move(key);
    m_valid = true;
    build(cam, o, in);
    upload_batch(m_ui, m_batch);
  }
  if (!m_batch.indices.empty()) draw_batch(ui, m_atlas_tex.id(), m_ui, m_batch);
}

TextRect OverlayLayer::legend_box(const DrawOptions& o, const OverlayInput& in, int viewport_w, int viewport_h) {
  if (!m_atlas || !o.legend) return {};
  UiBatch scratch;
  return MapChrome(scratch, *m_atlas, viewport_w, viewport_h, o).legend(legends_top_first(in), in.hillshade && o.hillshade);
}

// The title box at the top left; returns the height below it where the north arrow starts.
float OverlayLayer::build_title(const DrawOptions& o, std::vector<TextRect>& obstacles) {
  const float pr = o.pixel_ratio;
  float top = 10 * pr + o.top_margin_px;
  if (o.title.empty()) return top;
  const float tw = m_atlas->measure(k_font_title, o.title);
  const float th = m_atlas->line_height(k_font_title);
  m_batch.rect(10 * pr, top, 10 * pr + tw + 16 * pr, top + th + 10 * pr, {255, 255, 255, 200});
  m_atlas->draw(m_batch, k_font_title, 18 * pr, top + 5 * pr, o.title, {20, 20, 20, 255});
  obstacles.push_back({10 * pr, top, 10 * pr + tw + 16 * pr, top + th + 10 * pr});
  return top + th + 16 * pr;
}

void OverlayLayer::place_map_labels(const Camera& cam, const DrawOptions& o, const OverlayInput& in, const std::vector<TextRect>& obstacles) {
  std::vector<bool> visible(in.layers.size());
  for (size_t i = 0; i < in.layers.size(); ++i) visible[i] = in.layers[i].state.visible && in.layers[i].styled;
  const float pr = o.pixel_ratio;
  LabelPlacementOptions lo;
  lo.font = k_font_label;
  lo.anchor_gap_px = 8 * pr;
  lo.symbol_px = 5 * pr;
  lo.hidden = &in.hidden;
  m_placed = place_labels(m_labels, visible, cam, *m_atlas, obstacles, lo);
  for (const PlacedLabel& p : m_placed)
    m_atlas->draw_with_halo(m_batch, k_font_label, p.x, p.y, m_labels[p.candidate].text, {25, 25, 25, 255}, {255, 255, 255, 235},
                            std::max(1.0f, pr));
}

void OverlayLayer::build(const Camera& cam, const DrawOptions& o, const OverlayInput& in) {
  m_batch.clear();
  m_placed.clear();
  if (!m_atlas) return;
  // Title, north arrow, scale bar, caption and legend are built first so labels avoid them; they draw over the labels.
  std::vector<TextRect> obstacles;
  const float top = build_title(o, obstacles);
  MapChrome chrome(m_batch, *m_atlas, m_viewport_w, m_viewport_h, o);
  if (o.north_arrow) obstacles.push_back(chrome.north_arrow(top));
  if (o.scale_bar) obstacles.push_back(chrome.scale_bar(cam));
  if (!o.caption.empty()) obstacles.push_back(chrome.caption(o.caption));
  if (o.legend) obstacles.push_back(chrome.legend(legends_top_first(in), in.hillshade && o.hillshade));
  UiBatch chrome_batch = std::move(m_batch);
  m_batch.clear();
  if (o.labels && !m_labels.empty()) place_map_labels(cam, o, in, obstacles);
  // Chrome over labels.
  const auto base = static_cast<uint32_t>(m_batch.vertices.size());
  m_batch.vertices.insert(m_batch.vertices.end(), chrome_batch.vertices.begin(), chrome_batch.vertices.end());
  for (uint32_t i : chrome_batch.indices) m_batch.indices.push_back(base + i);
}

// The hover and measure highlights: a few screen-space strokes, rebuilt every frame (the selection is a GPU layer: highlight_layer).
void OverlayLayer::draw_highlight(const ShaderProgram& ui, const Camera& cam, const DrawOptions& o) {
  const auto none = [](const HighlightSet& h) { return h.points.empty() && h.paths.empty(); };
  if (none(o.hover) && none(o.measure)) return;
  m_highlight.clear();
  build_hover_strokes(m_highlight, cam, o.hover, o.pixel_ratio);
  build_measure_strokes(m_highlight, cam, o.measure, o.pixel_ratio);
  if (m_highlight.indices.empty()) return;
  if (!m_highlight_buffers) m_highlight_buffers = make_ui_buffers();
  upload_batch(*m_highlight_buffers, m_highlight);
  draw_batch(ui, m_atlas_tex.id(), *m_highlight_buffers, m_highlight);
}

}  // namespace jiuyou::render
