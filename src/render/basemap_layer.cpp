#include "src/render/basemap_layer.hpp"

#include "src/render/gpu_layer.hpp"
#include "src/render/gpu_types.hpp"

namespace jiuyou::render {

void BasemapLayer::upload(const Image& image, const BBox& extent) {
  if (image.width <= 0 || image.height <= 0) return clear();
  glActiveTexture(GL_TEXTURE0 + k_unit_shade);
  glBindTexture(GL_TEXTURE_2D, m_texture.ensure());
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, image.width, image.height, 0, GL_RGBA, GL_UNSIGNED_BYTE, image.rgba.data());
  set_texture_params(GL_LINEAR);
  m_extent = extent;
}

void BasemapLayer::draw(const ShaderProgram& shade, Vec2 origin, GLuint empty_vao) const {
  if (!m_extent || !m_texture) return;
  // The quad's v = 0 edge is the first row uploaded: the picture's north edge.
  const BBox& e = *m_extent;
  const float rect[4] = {static_cast<float>(e.min_x - origin.x), static_cast<float>(e.max_y - origin.y), static_cast<float>(e.max_x - origin.x),
                         static_cast<float>(e.min_y - origin.y)};
  shade.use();
  glUniform4fv(shade.uniform("u_dem_rect"), 1, rect);
  glUniform1f(shade.uniform("u_opacity"), 1.0f);
  glActiveTexture(GL_TEXTURE0 + k_unit_shade);
  glBindTexture(GL_TEXTURE_2D, m_texture.id());
  glBindVertexArray(empty_vao);
  glDisable(GL_BLEND);  // opaque: written, not blended
  glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
  glEnable(GL_BLEND);
}

}  // namespace jiuyou::render
