in vec2 v_offset;
flat in float v_radius;
out vec4 o_color;

// An anti-aliased annulus of centre radius v_radius and width u_params.w in the layer's tint.
void main() {
  float d = abs(length(v_offset) - v_radius);
  float coverage = clamp(0.5 * u_params.w + 0.5 - d, 0.0, 1.0);
  if (coverage <= 0.0) discard;
  o_color = vec4(u_tint.rgb, u_tint.a * u_params.z * coverage);
}
