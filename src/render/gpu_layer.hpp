#pragma once
// One scene layer on the GPU: its buckets uploaded once (fill triangles,
// segments and their coarser levels, point quads, each with its chunks for
// culling) and its per-feature style textures, all in owning GL handles.
// The per-kind draws are in layer_pass.hpp.
#include <string>
#include <vector>

#include "src/render/gl_objects.hpp"
#include "src/render/map_renderer.hpp"
#include "src/render/scene.hpp"
#include "src/render/style.hpp"

namespace jiuyou::render {

// A vertex array over one uploaded primitive buffer and its chunks.
struct GpuPrimitives {
  GlVertexArray vao;
  GlBuffer vertices;
  GLsizei count = 0;  // quads (segments, points) or indices (fill)
  std::vector<Chunk> chunks;
};

struct GpuFill : GpuPrimitives {
  GlBuffer feature_ids;
  GlBuffer indices;
};

struct GpuSegmentLod : GpuPrimitives {
  double tolerance_m = 0;
};

// A zoomed-out level of a point layer: one point per cell (point_lod.hpp), chosen again at each restyle.
struct GpuPointLevel : GpuPrimitives {
  double cell_m = 0;
  std::vector<uint32_t> features;  // the features it draws, in draw order (the last on top): what a click can pick
};

struct GpuLayer {
  std::string name;
  GeometryKind kind = GeometryKind::none;
  size_t feature_count = 0;
  GpuFill fill;                       // polygons: triangles
  GpuPrimitives segments;             // lines and polygon outlines
  std::vector<GpuSegmentLod> lods;    // coarser segments, increasing tolerance
  GpuPrimitives points;
  std::vector<GpuPointLevel> point_levels;  // coarser points, increasing cell; uploaded by upload_style
  std::vector<PointInstance> cpu_points;    // the points and their cells, kept (when there are levels) to choose
  std::vector<PointCells> point_cells;      // each cell's point again when the style changes
  GLuint quad_ebo = 0;                      // the scene's shared quad index buffer (not owned)
  GlTexture colors, widths;           // per-feature style
  float max_width_px = 0;  // widest line / largest point radius of the style (culling margin)
  LayerLook look;
  LayerLegend legend;
  bool styled = false;
  LayerState state;
};

// One element buffer for quads 0..quads-1 (corners 4k..4k+3 as two triangles),
// shared by every line and point vertex array of a scene.
void upload_quad_indices(GlBuffer& quad_ebo, size_t quads);
// The buckets of one layer on the GPU (unstyled).
GpuLayer upload_layer(const LayerBuckets& buckets, GLuint quad_ebo);
// The style textures and look of a layer (style sizes may be shorter than the table: the rest is hidden).
void upload_style(GpuLayer& layer, const LayerStyle& style);

// The level a point layer draws at m_per_px with DrawOptions::aggregate_points: the coarsest whose cells are at
// most k_point_cell_px on screen (point_lod.hpp), level 0 (every shown point, ranked) zoomed in; null without levels.
const GpuPointLevel* point_level_at(const GpuLayer& layer, double m_per_px);

// Linear or nearest filtering, clamped at the edges, for the bound 2D texture.
void set_texture_params(GLint filter);
// A vertex array with its own vertex and index buffers for the ui program.
struct UiBuffers {
  GlVertexArray vao;
  GlBuffer vertices, indices;
};
UiBuffers make_ui_buffers();

// Draws quads [b, e) of the bound vertex array (its element buffer is the shared quad index buffer).
void draw_quads(uint32_t b, uint32_t e);

}  // namespace jiuyou::render
