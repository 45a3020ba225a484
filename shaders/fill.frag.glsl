flat in vec4 v_color;  // one colour per primitive: flat, not interpolated per pixel
out vec4 o_color;

void main() {
  vec4 c = v_color;
  if (u_modes.x == 1) {
    // Hatch: 45° stripes in screen space, 2.5 px wide every 9 px, over a faint fill.
    float s = mod(gl_FragCoord.x + gl_FragCoord.y, 9.0);
    float stripe = 1.0 - smoothstep(2.0, 3.0, s);
    c.a = mix(c.a * 0.25, min(1.0, c.a * 2.5), stripe);
  }
  o_color = c;
}
