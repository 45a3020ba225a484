#pragma once
// The screen-space layer over the map: labels placed around the chrome
// (title, north arrow, scale bar, legend, built by MapChrome), rebuilt only
// when what it depends on changed (OverlayKey), and the viewer's highlights
// (hover, measure) rebuilt every frame in their own buffers.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "src/render/gpu_layer.hpp"
#include "src/render/labels.hpp"
#include "src/render/shader_program.hpp"
#include "src/render/text.hpp"

namespace jiuyou::render {

// What one frame's overlay reads of the layers.
struct OverlayInput {
  const std::vector<GpuLayer>& layers;
  const std::vector<size_t>& order;                    // draw order, low first
  const std::vector<std::vector<uint8_t>>& hidden;    // per layer, per feature: no label
  bool hillshade = false;                              // a terrain row in the legend
};

class OverlayLayer {
 public:
  OverlayLayer() : m_ui(make_ui_buffers()) {}

  void set_labels(std::vector<LabelCandidate> labels);
  void set_atlas(GlyphAtlas atlas);
  // Something the overlay shows changed (scene, style, atlas): rebuild at the next draw.
  void invalidate() { ++m_version; }

  // Draws labels and chrome (rebuilt if the view or the input changed).
  void draw(const ShaderProgram& ui, const Camera& camera, const DrawOptions& o, const OverlayInput& in);
  // The hover and measure strokes (rebuilt every frame), drawn last: over the selection.
  void draw_highlight(const ShaderProgram& ui, const Camera& cam, const DrawOptions& o);
  // The legend box the next draw would show for a viewport of this size (a tall one cuts no rows).
  TextRect legend_box(const DrawOptions& o, const OverlayInput& in, int viewport_w, int viewport_h);

  [[nodiscard]] const GlyphAtlas* atlas() const { return m_atlas ? &*m_atlas : nullptr; }
  [[nodiscard]] const std::vector<PlacedLabel>& placed() const { return m_placed; }
  [[nodiscard]] const std::vector<LabelCandidate>& labels() const { return m_labels; }
  [[nodiscard]] bool rebuilt() const { return m_rebuilt; }

 private:
  // What the overlay depends on: when none of it changed since the last
  // frame, the last batch is drawn again.
  struct Key {
    double cx = 0, cy = 0, m_per_px = 0;
    int w = 0, h = 0;
    std::string title;
    std::vector<std::string> caption;
    float pixel_ratio = 0, top = 0, bottom = 0;
    bool labels = false, legend = false, scale_bar = false, north_arrow = false, hillshade = false;
    std::vector<char> visible;
    std::vector<size_t> order;
    uint64_t version = 0;
    bool operator==(const Key&) const = default;
  };
  Key key_for(const Camera& cam, const DrawOptions& o, const OverlayInput& in) const;
  void build(const Camera& cam, const DrawOptions& o, const OverlayInput& in);
  void place_map_labels(const Camera& cam, const DrawOptions& o, const OverlayInput& in, const std::vector<TextRect>& obstacles);
  float build_title(const DrawOptions& o, std::vector<TextRect>& obstacles);

  std::vector<LabelCandidate> m_labels;
  std::vector<PlacedLabel> m_placed;
  std::optional<GlyphAtlas> m_atlas;
  GlTexture m_atlas_tex;
  UiBatch m_batch;
  UiBuffers m_ui;
  UiBatch m_highlight;
  std::optional<UiBuffers> m_highlight_buffers;  // made on the first highlight; the cached overlay stays uploaded
  Key m_key;
  bool m_valid = false;
  uint64_t m_version = 0;
  bool m_rebuilt = false;
  int m_viewport_w = 1, m_viewport_h = 1;
};

}  // namespace jiuyou::render
