uniform sampler2D u_atlas;  // R8 glyph coverage, unit 3

in vec2 v_uv;  // x < 0: solid colour; x >= 2: a glyph's halo, x shifted by 2d (d px wide)
flat in vec4 v_color;  // one colour per primitive: flat, not interpolated per pixel
out vec4 o_color;

void main() {
  float coverage;
  if (v_uv.x < 0.0) {
    coverage = 1.0;
  } else if (v_uv.x >= 2.0) {
    // Halo: the glyph dilated by d texels (largest coverage over a 3 x 3 neighbourhood).
    float d = floor(v_uv.x * 0.5);
    vec2 uv = vec2(v_uv.x - 2.0 * d, v_uv.y);
    vec2 step = d / vec2(textureSize(u_atlas, 0));
    coverage = 0.0;
    for (int j = -1; j <= 1; ++j)
      for (int i = -1; i <= 1; ++i) coverage = max(coverage, texture(u_atlas, uv + vec2(i, j) * step).r);
  } else {
    coverage = texture(u_atlas, v_uv).r;
  }
  if (coverage <= 0.0) discard;
  o_color = vec4(v_color.rgb, v_color.a * coverage);
}
