#pragma once
// C++ mirrors of the shader interface (shaders/README.md): uniform blocks in
// std140 layout, attribute locations, texture units. A size mismatch fails
// the build, not the picture.
#include <cstdint>

namespace jiuyou::render {

// layout(std140) uniform Frame, binding point 0.
struct FrameUniforms {
  float view_proj[16];    // column-major mat4: local metres -> clip space
  float viewport[4];      // width_px, height_px, 1/width_px, 1/height_px
  float frame_params[4];  // metres per pixel, pixel ratio, unused, unused
};
static_assert(sizeof(FrameUniforms) == 96, "Frame block is 96 bytes in std140");

// layout(std140) uniform Layer, binding point 1.
struct LayerUniforms {
  float tint[4];     // fill/line: rgb mixed in by a; point: outline colour
  float params[4];   // width scale, width add px, opacity, dash px (lines) / outline px (points)
  int32_t modes[4];  // pattern (0 none, 1 hatch), feature texture width, unused, unused
  float casing[4];   // lines: rgb of a casing drawn in the same stroke, a = its width px (0: none)
};
static_assert(sizeof(LayerUniforms) == 64, "Layer block is 64 bytes in std140");

inline constexpr unsigned k_frame_binding = 0;
inline constexpr unsigned k_layer_binding = 1;

// Texture units.
inline constexpr int k_unit_feature_colors = 0;
inline constexpr int k_unit_feature_widths = 1;
inline constexpr int k_unit_dem = 2;
inline constexpr int k_unit_atlas = 3;
inline constexpr int k_unit_shade = 4;  // the hillshade baked from the DEM (RGBA8)

// Width of the per-feature style textures in texels (rows = ceil(n / width)).
inline constexpr int k_feature_texture_width = 1024;

// Attribute locations.
namespace attr {
inline constexpr unsigned fill_position = 0, fill_feature = 1;
inline constexpr unsigned line_p0 = 0, line_p1 = 1, line_feature = 2, line_start = 3;
inline constexpr unsigned point_center = 0, point_feature = 1;
inline constexpr unsigned ui_position = 0, ui_uv = 1, ui_color = 2;
}  // namespace attr

// Per-instance record of the line program: one segment.
struct LineSegment {
  float p0[2];
  float p1[2];
  uint32_t feature;
  float start_m = 0;  // distance along the feature's chain to p0: dashes run on across segments
};
static_assert(sizeof(LineSegment) == 24);

// Per-instance record of the point program.
struct PointInstance {
  float center[2];
  uint32_t feature;
};
static_assert(sizeof(PointInstance) == 12);

// Vertex of the ui program (labels, legend, scale bar, north arrow).
struct UiVertex {
  float pos[2];
  float uv[2];  // uv.x < 0: solid colour
  uint32_t rgba;  // R in the lowest byte
};
static_assert(sizeof(UiVertex) == 20);

}  // namespace jiuyou::render
