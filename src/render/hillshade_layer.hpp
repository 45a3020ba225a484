#pragma once
// The terrain under the layers: the DEM uploaded once (decimated past the
// GPU's texture limit), its shading baked once per exaggeration and
// background into an opaque texture, and drawn one texel per pixel; the
// reference path (bench-render --reference) shades every pixel every frame.
#include <optional>

#include "src/render/gl_objects.hpp"
#include "src/render/map_renderer.hpp"
#include "src/render/scene.hpp"
#include "src/render/shader_program.hpp"

namespace jiuyou::render {

struct HillshadePrograms {
  const ShaderProgram& hillshade;  // bake (u_bake 1) and reference (u_bake 2)
  const ShaderProgram& shade;      // draws the baked texture
};

class HillshadeLayer {
 public:
  // Replaces the DEM (none: nothing drawn); the values are not kept.
  void upload(const std::optional<DemGrid>& dem);
  // Draws the terrain for this frame (nothing without a DEM or with o.hillshade off).
  void draw(HillshadePrograms programs, const DrawOptions& o, Vec2 origin, GLuint empty_vao);
  [[nodiscard]] bool present() const { return m_info.has_value(); }

 private:
  void bake(HillshadePrograms programs, float exaggeration, Rgba background, GLuint empty_vao);

  std::optional<DemGrid> m_info;  // the grid without its values
  GlTexture m_dem, m_shade;
  int m_tex_w = 0, m_tex_h = 0;
  float m_baked_exaggeration = 0;
  Rgba m_baked_background{0, 0, 0, 0};
};

}  // namespace jiuyou::render
