// The DEM as a hillshade: one quad over the raster's extent, shaded per pixel
// from the R32F elevation texture in the fragment stage.
uniform vec4 u_dem_rect;  // min_x, min_y, max_x, max_y in local metres

out vec2 v_uv;  // texture coordinates: v = 0 at the north edge (raster row 0)

void main() {
  float fx = (gl_VertexID & 1) == 0 ? 0.0 : 1.0;
  float fy = (gl_VertexID & 2) == 0 ? 0.0 : 1.0;
  vec2 p = mix(u_dem_rect.xy, u_dem_rect.zw, vec2(fx, fy));
  v_uv = vec2(fx, 1.0 - fy);
  gl_Position = u_view_proj * vec4(p, 0.0, 1.0);
}
