// The DEM as a hillshade: computed on the GPU once per DEM (exaggeration and
// background) into a shade texture at the DEM's resolution (u_bake = 1: a quad
// over the whole target), then drawn every frame by the shade program as one
// textured quad over the raster's extent, so a frame samples one texel per
// pixel. u_bake = 2 shades every pixel of every frame (the reference path).
uniform vec4 u_dem_rect;  // min_x, min_y, max_x, max_y in local metres
uniform int u_bake;       // 1: shading pass into the shade texture; 2: shade per pixel (reference)

out vec2 v_uv;  // texture coordinates: v = 0 at the north edge (raster row 0)

void main() {
  float fx = (gl_VertexID & 1) == 0 ? 0.0 : 1.0;
  float fy = (gl_VertexID & 2) == 0 ? 0.0 : 1.0;
  v_uv = vec2(fx, 1.0 - fy);
  if (u_bake == 1) {
    gl_Position = vec4(fx * 2.0 - 1.0, fy * 2.0 - 1.0, 0.0, 1.0);
  } else {
    vec2 p = mix(u_dem_rect.xy, u_dem_rect.zw, vec2(fx, fy));
    gl_Position = u_view_proj * vec4(p, 0.0, 1.0);
  }
}
