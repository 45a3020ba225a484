// One texel per pixel, nothing else: the shade texture is opaque (nodata was
// baked as the background colour), so an opaque hillshade is written without
// blending and a translucent one blends with u_opacity.
uniform sampler2D u_shade;  // RGBA8 baked shade, unit 4; row 0 south
uniform float u_opacity;

in vec2 v_uv;
out vec4 o_color;

void main() {
  o_color = vec4(texture(u_shade, v_uv).rgb, u_opacity);
}
