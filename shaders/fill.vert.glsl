// Polygon fills: triangles from gis/geos/triangulate, one feature id per vertex.
layout(location = 0) in vec2 a_position;  // local metres
layout(location = 1) in uint a_feature;   // row in the layer's table

flat out vec4 v_color;

void main() {
  v_color = feature_color(a_feature);
  gl_Position = v_color.a > 0.0 ? u_view_proj * vec4(a_position, 0.0, 1.0) : k_culled;
}
