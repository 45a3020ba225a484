// Shared by every stage of every program. The GLSL version line is injected by
// the renderer (src/render/shader_program.cpp) in front of this prelude.
// Blocks and samplers are listed in shaders/README.md and mirrored in
// src/render/gpu_types.hpp (static_assert on their sizes).

// Binding point 0: one per frame.
layout(std140) uniform Frame {
  mat4 u_view_proj;     // local metres (relative to the scene origin) -> clip space
  vec4 u_viewport;      // width_px, height_px, 1/width_px, 1/height_px
  vec4 u_frame_params;  // x: metres per pixel, y: pixel ratio (label/width scale), zw: unused
};

// Binding point 1: one per draw call (a layer pass).
layout(std140) uniform Layer {
  vec4 u_tint;    // fill/line: rgb mixed into the feature colour by a; point: outline colour
  vec4 u_params;  // x: width scale, y: width add (px), z: opacity, w: line dash length px / point outline px
  ivec4 u_modes;  // x: pattern (0 none, 1 hatch), y: feature texture width in texels, zw: unused
  vec4 u_casing;  // lines: rgb of a casing drawn inside the same stroke, w its width px added to the line (0: none)
};

// Per-feature style, indexed by the feature id carried by each vertex.
uniform sampler2D u_feature_colors;  // RGBA8, unit 0
uniform sampler2D u_feature_widths;  // R32F, unit 1: line width px / point radius px

ivec2 feature_texel(uint id) {
  int w = max(u_modes.y, 1);
  return ivec2(int(id) % w, int(id) / w);
}

// The feature's own colour with the layer opacity applied.
vec4 feature_base_color(uint id) {
  vec4 c = texelFetch(u_feature_colors, feature_texel(id), 0);
  c.a *= u_params.z;
  return c;
}

// The feature's colour tinted by the layer (outlines, casings) with the layer opacity applied.
vec4 feature_color(uint id) {
  vec4 c = texelFetch(u_feature_colors, feature_texel(id), 0);
  c.rgb = mix(c.rgb, u_tint.rgb, u_tint.a);
  c.a *= u_params.z;
  return c;
}

// A negative width marks a dashed line feature (existing vs suggested links in one layer); the size is its magnitude.
float feature_width(uint id) {
  return abs(texelFetch(u_feature_widths, feature_texel(id), 0).r) * u_params.x + u_params.y;
}

bool feature_dashed(uint id) {
  return texelFetch(u_feature_widths, feature_texel(id), 0).r < 0.0;
}

// Clip-space position that no rasteriser draws (hidden features).
const vec4 k_culled = vec4(2.0, 2.0, 2.0, 1.0);
