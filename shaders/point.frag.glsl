flat in vec4 v_color;  // one colour per primitive: flat, not interpolated per pixel
in vec2 v_offset;
flat in float v_radius;
out vec4 o_color;

void main() {
  float d = length(v_offset);
  float outer = clamp(v_radius + u_params.w + 0.5 - d, 0.0, 1.0);
  if (outer <= 0.0) discard;
  float inner = clamp(v_radius + 0.5 - d, 0.0, 1.0);
  // The outline is as translucent as the symbol (v_color.a carries the layer opacity already):
  // faint symbols such as candidate sites keep a faint rim instead of a white blob.
  float own_alpha = u_params.z > 0.0 ? v_color.a / u_params.z : 0.0;
  vec4 c = mix(vec4(u_tint.rgb, u_tint.a * u_params.z * own_alpha), v_color, inner);
  o_color = vec4(c.rgb, c.a * outer);
}
