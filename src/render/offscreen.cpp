#include "src/render/offscreen.hpp"

#include <cstring>
#include <utility>

#include "src/render/gl.hpp"

namespace jiuyou::render {

Result<Offscreen> Offscreen::create(int width, int height) {
  GLint max_size = 0;
  glGetIntegerv(GL_MAX_RENDERBUFFER_SIZE, &max_size);
  if (width <= 0 || height <= 0 || width > max_size || height > max_size)
    return fail(ErrorCode::input, "image size " + std::to_string(width) + "x" + std::to_string(height) + " is not possible",
                "this GL allows up to " + std::to_string(max_size) + " pixels a side");
  Offscreen o;
  o.m_width = width;
  o.m_height = height;
  glGenFramebuffers(1, &o.m_fbo);
  glGenRenderbuffers(1, &o.m_color);
  glBindRenderbuffer(GL_RENDERBUFFER, o.m_color);
  glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, width, height);
  // Depth: road casings drawn as the rim of one stroke keep the nearest centre line (map_renderer.cpp).
  glGenRenderbuffers(1, &o.m_depth);
  glBindRenderbuffer(GL_RENDERBUFFER, o.m_depth);
  glRenderbufferStorage(GL_RENDERBUFFER, GL_DEPTH_COMPONENT24, width, height);
  glBindFramebuffer(GL_FRAMEBUFFER, o.m_fbo);
  glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, o.m_color);
  glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_ATTACHMENT, GL_RENDERBUFFER, o.m_depth);
  const GLenum status = glCheckFramebufferStatus(GL_FRAMEBUFFER);
  if (status != GL_FRAMEBUFFER_COMPLETE)
    return fail(ErrorCode::render, "offscreen framebuffer incomplete (status " + std::to_string(status) + ")");
  return o;
}

Offscreen::Offscreen(Offscreen&& o) noexcept
    : m_fbo(std::exchange(o.m_fbo, 0)),
      m_color(std::exchange(o.m_color, 0)),
      m_depth(std::exchange(o.m_depth, 0)),
      m_width(o.m_width),
      m_height(o.m_height) {}

Offscreen& Offscreen::operator=(Offscreen&& o) noexcept {
  if (this != &o) {
    release();
    m_fbo = std::exchange(o.m_fbo, 0);
    m_color = std::exchange(o.m_color, 0);
    m_depth = std::exchange(o.m_depth, 0);
    m_width = o.m_width;
    m_height = o.m_height;
  }
  return *this;
}

Offscreen::~Offscreen() { release(); }

void Offscreen::release() {
  if (m_fbo) glDeleteFramebuffers(1, &m_fbo);
  if (m_color) glDeleteRenderbuffers(1, &m_color);
  if (m_depth) glDeleteRenderbuffers(1, &m_depth);
  m_fbo = m_color = m_depth = 0;
}

void Offscreen::bind() const {
  glBindFramebuffer(GL_FRAMEBUFFER, m_fbo);
  glViewport(0, 0, m_width, m_height);
}

Image Offscreen::read() const {
  Image img;
  img.width = m_width;
  img.height = m_height;
  img.rgba.resize(static_cast<size_t>(m_width) * static_cast<size_t>(m_height) * 4);
  glBindFramebuffer(GL_READ_FRAMEBUFFER, m_fbo);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, m_width, m_height, GL_RGBA, GL_UNSIGNED_BYTE, img.rgba.data());
  // GL's rows start at the bottom; images start at the top.
  const size_t row = static_cast<size_t>(m_width) * 4;
  std::vector<uint8_t> tmp(row);
  for (int y = 0; y < m_height / 2; ++y) {
    uint8_t* a = img.rgba.data() + static_cast<size_t>(y) * row;
    uint8_t* b = img.rgba.data() + static_cast<size_t>(m_height - 1 - y) * row;
    std::memcpy(tmp.data(), a, row);
    std::memcpy(a, b, row);
    std::memcpy(b, tmp.data(), row);
  }
  return img;
}

}  // namespace jiuyou::render
