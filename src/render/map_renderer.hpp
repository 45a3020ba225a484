#pragma once
// The map renderer shared by `jiuyou render` (EGL, offscreen) and the viewer
// (GLFW window): uploads a Scene's buckets once, per-layer style textures when
// a style changes, and draws a frame for a Camera into the bound framebuffer:
// hillshade, layers in z order, labels, legend, scale bar, north arrow.
// Per frame it draws only the chunks of each layer inside the view (a few
// hundred box tests per layer, runs of consecutive chunks merged into one
// draw call), the hillshade baked once per DEM, and rebuilds the screen-space
// overlay (labels) only when the view or the styles changed; geometry stays
// on the GPU.
#include <memory>
#include <string>
#include <vector>

#include "gis/model/error.hpp"
#include "src/render/camera.hpp"
#include "src/render/highlight.hpp"
#include "src/render/image.hpp"
#include "src/render/labels.hpp"
#include "src/render/scene.hpp"
#include "src/render/style.hpp"
#include "src/render/text.hpp"

namespace jiuyou::render {

struct LayerState {
  bool visible = true;
  float opacity = 1.0f;
};

struct DrawOptions {
  Rgba background = k_background;
  bool hillshade = true;
  float hillshade_opacity = 1.0f;
  float vertical_exaggeration = 2.0f;
  bool labels = true;
  bool legend = true;
  bool scale_bar = true;
  bool north_arrow = true;
  std::string title;         // top-left; empty: none
  std::vector<std::string> caption;  // bottom right, one line each: what the picture leaves out (a province overview); empty: none
  float pixel_ratio = 1.0f;  // sizes of text and overlay
  float top_margin_px = 0;   // space taken by a window's menu bar (viewer)
  float bottom_margin_px = 0;  // space taken by a status bar (viewer)
  // Viewer highlights (metric CRS): the feature under the cursor and the selection.
  HighlightSet hover;
  HighlightSet selection;
  HighlightSet measure;  // the measuring tool's polyline and its points
  // false: every chunk drawn, the overlay rebuilt and the hillshade shaded per
  // pixel every frame (the path before chunking; bench-render --reference).
  bool fast_paths = true;
  // false: lines at full detail at every scale (tests compare the levels of detail with it).
  bool lod = true;
  // true (the viewer): zoomed out, a dense point layer draws one point per screen cell, a failing
  // village winning its cell (point_lod.hpp); false (pictures, tests): every point.
  bool aggregate_points = false;
};

// Font indices in the atlas the renderer expects: label, legend, title.
inline constexpr int k_font_label = 0;
inline constexpr int k_font_legend = 1;
inline constexpr int k_font_title = 2;
std::vector<float> font_sizes_px(float pixel_ratio);

// Every string the overlay and labels may show for this scene and these styles
// (the glyph atlas is built from them).
std::vector<std::string> overlay_strings(const Scene& scene, const std::vector<LayerStyle>& styles, const std::string& title);

// What the last draw did (tests and benchmarks).
struct FrameStats {
  size_t primitives = 0;         // segments, triangles and point instances submitted (after culling)
  bool overlay_rebuilt = false;  // labels placed and overlay rebuilt (false: the view had not changed)
  bool selection_rebuilt = false;  // the selection's outlines uploaded (only when the selection changed)
};

class MapRenderer {
 public:
  // Compiles the programs; needs a current GL 3.3 core context.
  static Result<MapRenderer> create();

  MapRenderer(MapRenderer&&) noexcept;
  MapRenderer& operator=(MapRenderer&&) noexcept;
  MapRenderer(const MapRenderer&) = delete;
  MapRenderer& operator=(const MapRenderer&) = delete;
  ~MapRenderer();

  // Uploads the scene's buckets and the DEM (the scene is not kept; labels are copied).
  void set_scene(const Scene& scene);
  // Uploads the per-feature style of scene layer i (sizes must match its table).
  void set_style(size_t layer, const LayerStyle& style);
  void set_atlas(GlyphAtlas atlas);
  // An opaque picture (row 0 north) over `extent` (metric CRS) drawn under
  // everything else: the offline basemap (basemap.hpp reads it for a view).
  void set_basemap(const Image& image, const BBox& extent);
  void clear_basemap();
  [[nodiscard]] const GlyphAtlas* atlas() const;

  [[nodiscard]] size_t layer_count() const;
  [[nodiscard]] const std::string& layer_name(size_t i) const;
  LayerState& layer_state(size_t i);
  // The features of point layer i a draw at m_per_px with aggregate_points shows (the viewer), in draw order, the
  // last on top: zoomed out one per cell, the worst (point_lod.hpp); zoomed in every shown one, worst last. Null
  // for a layer without levels (every shown feature, in map order). A click picks among these.
  [[nodiscard]] const std::vector<uint32_t>* points_drawn(size_t layer, double m_per_px) const;
  // Draw order (indices into the layers), low first; defaults to the styles' z order.
  std::vector<size_t>& draw_order();

  // Draws a frame into the currently bound framebuffer (viewport = camera size).
  void draw(const Camera& camera, const DrawOptions& options);
  // Labels placed by the last draw (for tests and picking feedback).
  [[nodiscard]] const std::vector<PlacedLabel>& placed_labels() const;
  [[nodiscard]] const std::vector<LabelCandidate>& label_candidates() const;
  [[nodiscard]] FrameStats last_frame_stats() const;
  // Width in pixels of the legend box the next draw would show (0: none), so a
  // picture can keep the map's content out from under it.
  [[nodiscard]] float legend_width_px(const DrawOptions& options, int viewport_w, int viewport_h);

 private:
  struct Impl;
  explicit MapRenderer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

}  // namespace jiuyou::render
