// Screen-space overlay: labels, legend, scale bar, north arrow. Positions in
// pixels from the top-left corner; uv < 0 means a solid colour.
layout(location = 0) in vec2 a_position;
layout(location = 1) in vec2 a_uv;
layout(location = 2) in vec4 a_color;  // normalised RGBA8

out vec2 v_uv;
flat out vec4 v_color;

void main() {
  v_uv = a_uv;
  v_color = a_color;
  gl_Position = vec4(a_position.x * 2.0 * u_viewport.z - 1.0, 1.0 - a_position.y * 2.0 * u_viewport.w, 0.0, 1.0);
}
