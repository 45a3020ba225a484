#pragma once
// The basemap on the GPU: one opaque picture (row 0 north) over a rectangle of
// the metric CRS, drawn first, under the terrain and the layers, by the
// program that draws the baked hillshade.
#include <optional>

#include "src/render/gl_objects.hpp"
#include "src/render/image.hpp"
#include "src/render/scene.hpp"
#include "src/render/shader_program.hpp"

namespace jiuyou::render {

class BasemapLayer {
 public:
  void upload(const Image& image, const BBox& extent);
  void clear() {
    m_texture.reset();
    m_extent.reset();
  }
  void draw(const ShaderProgram& shade, Vec2 origin, GLuint empty_vao) const;
  [[nodiscard]] bool present() const { return m_extent.has_value(); }

 private:
  GlTexture m_texture;
  std::optional<BBox> m_extent;
};

}  // namespace jiuyou::render
