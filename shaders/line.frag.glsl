flat in vec4 v_color;  // one colour per primitive: flat, not interpolated per pixel
in vec2 v_local;
flat in float v_length_px;
flat in float v_half_width;
flat in float v_dash_px;
out vec4 o_color;

void main() {
  float x = clamp(v_local.x, 0.0, v_length_px);
  float dist = length(v_local - vec2(x, 0.0));
  float coverage = clamp(v_half_width + 0.5 - dist, 0.0, 1.0);
  if (v_dash_px > 0.0 && mod(v_local.x, 2.0 * v_dash_px) > v_dash_px) discard;
  if (coverage <= 0.0) discard;
  o_color = vec4(v_color.rgb, v_color.a * coverage);
}
