// Point symbols: one screen-aligned quad per point sized in pixels (its four
// vertices carry the same point; gl_VertexID & 3 is the corner); the fragment
// stage draws an anti-aliased SDF circle with an outline.
layout(location = 0) in vec2 a_center;   // local metres
layout(location = 1) in uint a_feature;

flat out vec4 v_color;
out vec2 v_offset;  // pixels from the centre
flat out float v_radius;

void main() {
  v_color = feature_base_color(a_feature);  // u_tint is the outline colour here
  v_radius = feature_width(a_feature);
  float r = v_radius + u_params.w + 1.0;
  vec2 corner = vec2((gl_VertexID & 1) == 0 ? -r : r, (gl_VertexID & 2) == 0 ? -r : r);
  vec4 c = u_view_proj * vec4(a_center, 0.0, 1.0);
  v_offset = corner;
  gl_Position = (v_color.a > 0.0 && v_radius > 0.0) ? c + vec4(corner * 2.0 * u_viewport.zw * c.w, 0.0, 0.0) : k_culled;
}
