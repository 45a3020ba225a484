#include "src/render/hillshade_layer.hpp"

#include <algorithm>
#include <vector>

#include "src/render/gpu_layer.hpp"
#include "src/render/gpu_types.hpp"

namespace jiuyou::render {

void HillshadeLayer::upload(const std::optional<DemGrid>& dem) {
  m_dem.reset();
  m_shade.reset();
  m_info.reset();
  if (!dem) return;
  const DemGrid& d = *dem;
  GLint max_tex = 0;
  glGetIntegerv(GL_MAX_TEXTURE_SIZE, &max_tex);
  // Decimate a DEM larger than the GPU's texture limit.
  const int step = std::max({1, (d.width + max_tex - 1) / std::max(max_tex, 1), (d.height + max_tex - 1) / std::max(max_tex, 1)});
  const int tw = (d.width + step - 1) / step, th = (d.height + step - 1) / step;
  std::vector<float> texels;
  const float* data = d.values.data();
  if (step > 1) {
    texels.resize(static_cast<size_t>(tw) * static_cast<size_t>(th));
    for (int r = 0; r < th; ++r)
      for (int c = 0; c < tw; ++c)
        texels[static_cast<size_t>(r) * static_cast<size_t>(tw) + static_cast<size_t>(c)] =
            d.values[static_cast<size_t>(r * step) * static_cast<size_t>(d.width) + static_cast<size_t>(c * step)];
    data = texels.data();
  }
  glActiveTexture(GL_TEXTURE0 + k_unit_dem);
  glBindTexture(GL_TEXTURE_2D, m_dem.ensure());
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_R32F, tw, th, 0, GL_RED, GL_FLOAT, data);
  set_texture_params(GL_LINEAR);
  m_tex_w = tw;
  m_tex_h = th;
  DemGrid info;
  info.width = d.width;
  info.height = d.height;
  info.bbox = d.bbox;
  info.cell_x = d.cell_x * step;
  info.cell_y = d.cell_y * step;
  info.min_z = d.min_z;
  info.max_z = d.max_z;
  m_info = std::move(info);
}

// The shading pass: once per DEM, exaggeration and background, into the shade
// texture at the DEM texture's size, opaque (nodata in the background colour).
void HillshadeLayer::bake(HillshadePrograms programs, float exaggeration, Rgba background, GLuint empty_vao) {
  const DemGrid& d = *m_info;
  GLint prev_fbo = 0, prev_viewport[4] = {0, 0, 1, 1};
  glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &prev_fbo);
  glGetIntegerv(GL_VIEWPORT, prev_viewport);
  glActiveTexture(GL_TEXTURE0 + k_unit_shade);
  glBindTexture(GL_TEXTURE_2D, m_shade.ensure());
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, m_tex_w, m_tex_h, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
  set_texture_params(GL_LINEAR);
  GlFramebuffer fbo = GlFramebuffer::make();
  glBindFramebuffer(GL_FRAMEBUFFER, fbo.id());
  glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, m_shade.id(), 0);
  glViewport(0, 0, m_tex_w, m_tex_h);
  glDisable(GL_BLEND);
  glClearColor(0, 0, 0, 0);
  glClear(GL_COLOR_BUFFER_BIT);
  const ShaderProgram& p = programs.hillshade;
  p.use();
  glUniform1i(p.uniform("u_bake"), 1);
  glUniform3f(p.uniform("u_nodata_rgb"), background.r / 255.0f, background.g / 255.0f, background.b / 255.0f);
  glUniform4f(p.uniform("u_dem_params"), static_cast<float>(d.cell_x), static_cast<float>(d.cell_y), exaggeration, 1.0f);
  glUniform2f(p.uniform("u_dem_range"), d.min_z, d.max_z);
  glActiveTexture(GL_TEXTURE0 + k_unit_dem);
  glBindTexture(GL_TEXTURE_2D, m_dem.id());
  glBindVertexArray(empty_vao);
  glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
  glBindFramebuffer(GL_FRAMEBUFFER, static_cast<GLuint>(prev_fbo));
  glViewport(prev_viewport[0], prev_viewport[1], prev_viewport[2], prev_viewport[3]);
  glEnable(GL_BLEND);
  m_baked_exaggeration = exaggeration;
  m_baked_background = background;
}

void HillshadeLayer::draw(HillshadePrograms programs, const DrawOptions& o, Vec2 origin, GLuint empty_vao) {
  if (!m_info || !m_dem || !o.hillshade) return;
  const DemGrid& d = *m_info;
  const float rect[4] = {static_cast<float>(d.bbox.min_x - origin.x), static_cast<float>(d.bbox.min_y - origin.y),
                         static_cast<float>(d.bbox.max_x - origin.x), static_cast<float>(d.bbox.max_y - origin.y)};
  glBindVertexArray(empty_vao);
  if (!o.fast_paths) {
    // Reference path: the shading computed for every pixel of every frame.
    const ShaderProgram& p = programs.hillshade;
    p.use();
    glUniform1i(p.uniform("u_bake"), 2);
    glUniform2f(p.uniform("u_dem_range"), d.min_z, d.max_z);
    glUniform4fv(p.uniform("u_dem_rect"), 1, rect);
    glUniform4f(p.uniform("u_dem_params"), static_cast<float>(d.cell_x), static_cast<float>(d.cell_y), o.vertical_exaggeration,
                o.hillshade_opacity);
    glActiveTexture(GL_TEXTURE0 + k_unit_dem);
    glBindTexture(GL_TEXTURE_2D, m_dem.id());
    glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
    return;
  }
  if (!m_shade || m_baked_exaggeration != o.vertical_exaggeration || !(m_baked_background == o.background))
    bake(programs, o.vertical_exaggeration, o.background, empty_vao);
  // One texel per pixel from the opaque baked shade. Fully opaque over the
  // cleared background it is written, not blended (a software rasteriser then
  // does not read the framebuffer back for every pixel).
  const ShaderProgram& s = programs.shade;
  s.use();
  glUniform4fv(s.uniform("u_dem_rect"), 1, rect);
  glUniform1f(s.uniform("u_opacity"), std::clamp(o.hillshade_opacity, 0.0f, 1.0f));
  glActiveTexture(GL_TEXTURE0 + k_unit_shade);
  glBindTexture(GL_TEXTURE_2D, m_shade.id());
  const bool opaque = o.hillshade_opacity >= 1.0f;
  if (opaque) glDisable(GL_BLEND);
  glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
  if (opaque) glEnable(GL_BLEND);
}

}  // namespace jiuyou::render
