flat in vec4 v_color;  // one colour per primitive: flat, not interpolated per pixel
in vec2 v_local;
flat in float v_length_px;
flat in float v_half_width;
flat in float v_dash_px;
flat in float v_dash_phase_px;
out vec4 o_color;

void main() {
  float x = clamp(v_local.x, 0.0, v_length_px);
  float dist = length(v_local - vec2(x, 0.0));
  float coverage = clamp(v_half_width + 0.5 - dist, 0.0, 1.0);
  if (v_dash_px > 0.0 && mod(v_local.x + v_dash_phase_px, 2.0 * v_dash_px) > v_dash_px) discard;
  if (coverage <= 0.0) discard;
  vec3 rgb = v_color.rgb;
  if (u_casing.w > 0.0) {
    // The casing as the stroke's rim: the line's own colour inside, the casing's
    // outside. The depth is the distance from the centre line relative to the
    // half width, and the renderer keeps the nearest (GL_LESS): where strokes
    // overlap (joints, crossings) a line's inside wins over another's rim, as a
    // casing drawn under the whole layer would look.
    float inner = clamp(v_half_width - 0.5 * u_casing.w + 0.5 - dist, 0.0, 1.0);
    rgb = mix(u_casing.rgb, rgb, inner);
    gl_FragDepth = clamp(dist / (v_half_width + 1.0), 0.0, 1.0);
  } else {
    gl_FragDepth = gl_FragCoord.z;
  }
  o_color = vec4(rgb, v_color.a * coverage);
}
