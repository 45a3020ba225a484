#pragma once
// The viewer's selection on the GPU: its outlines (polygon rings, line parts)
// as segments and its points as rings, bucketed as the scene's layers are
// (chunks for culling, coarser levels for zoomed-out views), uploaded once
// when the selection changes and drawn every frame by the line and ring
// programs in three strokes (a wide white halo, a dark edge, a cyan core),
// only the chunks in view. Panning and zooming re-upload nothing: a whole
// county selected costs a few draw calls, not a per-frame rebuild of
// screen-space strokes (the hover and the measuring tool, a few features,
// stay in the overlay).
#include <cstddef>

#include "src/render/gl_objects.hpp"
#include "src/render/gpu_layer.hpp"
#include "src/render/highlight.hpp"
#include "src/render/layer_pass.hpp"
#include "src/render/shader_program.hpp"

namespace jiuyou::render {

// The selection's outlines (one line feature per path) and points, relative
// to `origin` (pure CPU; non-finite vertices dropped, as build_scene does).
struct SelectionBuckets {
  LayerBuckets lines, points;
};
SelectionBuckets highlight_buckets(const HighlightSet& set, Vec2 origin);

class SelectionLayer {
 public:
  // Uploads `selection` when it differs from the one on the GPU (or the origin moved).
  void update(const HighlightSet& selection, Vec2 origin);
  // The halo, edge and core strokes of what lies in `view`; needs the frame and layer uniform buffers bound.
  void draw(const ShaderProgram& line, const ShaderProgram& ring, GLuint layer_ubo, const LayerPass::View& view, float pixel_ratio) const;
  // Whether the last update uploaded (tests: a pan must not).
  [[nodiscard]] bool rebuilt() const { return m_rebuilt; }

 private:
  void upload(Vec2 origin);

  HighlightSet m_set;
  Vec2 m_origin;
  bool m_valid = false, m_rebuilt = false;
  GpuLayer m_lines, m_points;
  GlBuffer m_quad_ebo;
};

}  // namespace jiuyou::render
