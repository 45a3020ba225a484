uniform sampler2D u_dem;    // R32F elevation metres, unit 2; NaN = nodata
uniform vec4 u_dem_params;  // x: cell width m, y: cell height m, z: vertical exaggeration, w: opacity
uniform vec2 u_dem_range;   // min, max elevation for the tint
uniform int u_bake;         // 1: shading pass (into the shade texture, drawn by shade.*); 2: shade per pixel (reference path)
uniform vec3 u_nodata_rgb;  // the bake's colour for nodata: the map's background

in vec2 v_uv;
out vec4 o_color;

void main() {
  vec2 texel = 1.0 / vec2(textureSize(u_dem, 0));
  float z = texture(u_dem, v_uv).r;
  float zw = texture(u_dem, v_uv - vec2(texel.x, 0.0)).r;
  float ze = texture(u_dem, v_uv + vec2(texel.x, 0.0)).r;
  float zn = texture(u_dem, v_uv - vec2(0.0, texel.y)).r;
  float zs = texture(u_dem, v_uv + vec2(0.0, texel.y)).r;
  if (isnan(z) || isnan(zw) || isnan(ze) || isnan(zn) || isnan(zs)) {
    if (u_bake == 2) discard;
    o_color = vec4(u_nodata_rgb, 1.0);  // baked opaque: the frame's draw needs no alpha test
    return;
  }
  float dzdx = (ze - zw) / (2.0 * u_dem_params.x) * u_dem_params.z;
  float dzdy = (zn - zs) / (2.0 * u_dem_params.y) * u_dem_params.z;
  vec3 n = normalize(vec3(-dzdx, -dzdy, 1.0));
  // Light from the north-west (azimuth 315°), 45° above the horizon.
  const vec3 light = vec3(-0.5, 0.5, 0.70710678);
  float shade = max(dot(n, light), 0.0);
  float t = clamp((z - u_dem_range.x) / max(u_dem_range.y - u_dem_range.x, 1e-3), 0.0, 1.0);
  vec3 low = vec3(0.80, 0.87, 0.74);
  vec3 mid = vec3(0.94, 0.90, 0.76);
  vec3 high = vec3(0.86, 0.80, 0.73);
  vec3 tint = t < 0.5 ? mix(low, mid, t * 2.0) : mix(mid, high, t * 2.0 - 1.0);
  o_color = vec4(clamp(tint * (0.55 + 0.6 * shade), 0.0, 1.0), u_bake == 2 ? u_dem_params.w : 1.0);
}
