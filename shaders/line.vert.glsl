// Thick anti-aliased strokes: one quad per segment (its four vertices carry
// the same segment; gl_VertexID & 3 is the corner), a capsule extruded here
// in pixel space. The fragment stage measures the distance to
// the segment, which gives round caps and round joins where segments meet.
layout(location = 0) in vec2 a_p0;       // local metres, the same for the quad's 4 vertices
layout(location = 1) in vec2 a_p1;       // local metres
layout(location = 2) in uint a_feature;
layout(location = 3) in float a_start_m; // distance along the feature to p0 (dash phase)

flat out vec4 v_color;
out vec2 v_local;  // pixels: x along the segment from p0, y across
flat out float v_length_px;
flat out float v_half_width;
flat out float v_dash_px;  // dash length (0: solid): the layer's, else the feature's when its width is negative
flat out float v_dash_phase_px;  // where along the dash pattern this segment starts (short segments continue it)

void main() {
  v_color = feature_color(a_feature);
  float width = feature_width(a_feature);
  v_half_width = 0.5 * width;
  v_dash_px = u_params.w > 0.0 ? u_params.w : (feature_dashed(a_feature) ? 8.0 * u_frame_params.y : 0.0);
  v_dash_phase_px = v_dash_px > 0.0 ? mod(a_start_m / max(u_frame_params.x, 1e-6), 2.0 * v_dash_px) : 0.0;
  float r = v_half_width + 1.0;  // one pixel of anti-aliasing fringe
  vec4 c0 = u_view_proj * vec4(a_p0, 0.0, 1.0);
  vec4 c1 = u_view_proj * vec4(a_p1, 0.0, 1.0);
  vec2 s0 = (c0.xy * 0.5 + 0.5) * u_viewport.xy;
  vec2 s1 = (c1.xy * 0.5 + 0.5) * u_viewport.xy;
  vec2 d = s1 - s0;
  float len = length(d);
  vec2 dir = len > 1e-4 ? d / len : vec2(1.0, 0.0);
  vec2 nrm = vec2(-dir.y, dir.x);
  float along = (gl_VertexID & 1) == 0 ? -r : len + r;
  float across = (gl_VertexID & 2) == 0 ? -r : r;
  vec2 p = s0 + dir * along + nrm * across;
  v_local = vec2(along, across);
  v_length_px = len;
  gl_Position = (v_color.a > 0.0 && width > 0.0) ? vec4(p * u_viewport.zw * 2.0 - 1.0, 0.0, 1.0) : k_culled;
}
