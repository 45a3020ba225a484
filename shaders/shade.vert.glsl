// The baked hillshade drawn each frame: one quad over the raster's extent.
// (hillshade.* bakes it once per DEM, exaggeration and background.)
uniform vec4 u_dem_rect;  // min_x, min_y, max_x, max_y in local metres

out vec2 v_uv;  // texture coordinates of the shade texture (row 0 south)

void main() {
  float fx = (gl_VertexID & 1) == 0 ? 0.0 : 1.0;
  float fy = (gl_VertexID & 2) == 0 ? 0.0 : 1.0;
  v_uv = vec2(fx, fy);
  vec2 p = mix(u_dem_rect.xy, u_dem_rect.zw, vec2(fx, fy));
  gl_Position = u_view_proj * vec4(p, 0.0, 1.0);
}
