#pragma once
// A framebuffer object to draw into without a window (RGBA8 colour, no
// depth: the map is drawn in painter's order), and its read-back.
#include "gis/model/error.hpp"
#include "src/render/image.hpp"

namespace jiuyou::render {

class Offscreen {
 public:
  // Needs a current GL context. Fails (ErrorCode::render) when the size is
  // beyond GL_MAX_RENDERBUFFER_SIZE or the FBO is incomplete.
  static Result<Offscreen> create(int width, int height);

  Offscreen(Offscreen&&) noexcept;
  Offscreen& operator=(Offscreen&&) noexcept;
  Offscreen(const Offscreen&) = delete;
  Offscreen& operator=(const Offscreen&) = delete;
  ~Offscreen();

  void bind() const;  // as the draw framebuffer, viewport set to its size
  // Reads the pixels back (glReadPixels, rows flipped to top-down).
  [[nodiscard]] Image read() const;
  [[nodiscard]] int width() const { return m_width; }
  [[nodiscard]] int height() const { return m_height; }

 private:
  Offscreen() = default;
  void release();
  unsigned m_fbo = 0;
  unsigned m_color = 0;
  unsigned m_depth = 0;  // 24-bit depth (one-stroke road casings)
  int m_width = 0;
  int m_height = 0;
};

}  // namespace jiuyou::render
