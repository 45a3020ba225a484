uniform sampler2D u_atlas;  // R8 glyph coverage, unit 3

in vec2 v_uv;
in vec4 v_color;
out vec4 o_color;

void main() {
  float coverage = v_uv.x < 0.0 ? 1.0 : texture(u_atlas, v_uv).r;
  if (coverage <= 0.0) discard;
  o_color = vec4(v_color.rgb, v_color.a * coverage);
}
