// Selection rings around point features: one screen-aligned quad per point
// (the point program's records), sized for a ring of radius feature_width px
// and stroke width u_params.w px; the fragment stage draws the annulus.
layout(location = 0) in vec2 a_center;   // local metres
layout(location = 1) in uint a_feature;

out vec2 v_offset;  // pixels from the centre
flat out float v_radius;

void main() {
  v_radius = feature_width(a_feature);
  float r = v_radius + 0.5 * u_params.w + 1.0;
  vec2 corner = vec2((gl_VertexID & 1) == 0 ? -r : r, (gl_VertexID & 2) == 0 ? -r : r);
  vec4 c = u_view_proj * vec4(a_center, 0.0, 1.0);
  v_offset = corner;
  gl_Position = v_radius > 0.0 ? c + vec4(corner * 2.0 * u_viewport.zw * c.w, 0.0, 0.0) : k_culled;
}
