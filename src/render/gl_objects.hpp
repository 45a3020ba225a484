#pragma once
// Owning handles for GL objects (buffers, vertex arrays, textures,
// framebuffers): created on demand, deleted once when the owner goes, moved
// and never copied. Every GL object of the renderer lives in one of these,
// so no draw path has a delete to forget. Needs the context current wherever
// an object is created or destroyed.
#include <utility>

#include "src/render/gl.hpp"

namespace jiuyou::render {

struct GlBufferKind {
  static void create(GLuint* id) { glGenBuffers(1, id); }
  static void destroy(GLuint id) { glDeleteBuffers(1, &id); }
};
struct GlVertexArrayKind {
  static void create(GLuint* id) { glGenVertexArrays(1, id); }
  static void destroy(GLuint id) { glDeleteVertexArrays(1, &id); }
};
struct GlTextureKind {
  static void create(GLuint* id) { glGenTextures(1, id); }
  static void destroy(GLuint id) { glDeleteTextures(1, &id); }
};
struct GlFramebufferKind {
  static void create(GLuint* id) { glGenFramebuffers(1, id); }
  static void destroy(GLuint id) { glDeleteFramebuffers(1, &id); }
};

template <class Kind>
class GlObject {
 public:
  GlObject() = default;
  // A new object of this kind (the name is reserved; binding gives it its type).
  static GlObject make() {
    GlObject o;
    Kind::create(&o.m_id);
    return o;
  }
  GlObject(GlObject&& other) noexcept : m_id(std::exchange(other.m_id, 0)) {}
  GlObject& operator=(GlObject&& other) noexcept {
    if (this != &other) {
      reset();
      m_id = std::exchange(other.m_id, 0);
    }
    return *this;
  }
  GlObject(const GlObject&) = delete;
  GlObject& operator=(const GlObject&) = delete;
  ~GlObject() { reset(); }

  // The object, created on first use.
  GLuint ensure() {
    if (m_id == 0) Kind::create(&m_id);
    return m_id;
  }
  void reset() {
    if (m_id != 0) Kind::destroy(m_id);
    m_id = 0;
  }
  [[nodiscard]] GLuint id() const { return m_id; }
  explicit operator bool() const { return m_id != 0; }

 private:
  GLuint m_id = 0;
};

using GlBuffer = GlObject<GlBufferKind>;
using GlVertexArray = GlObject<GlVertexArrayKind>;
using GlTexture = GlObject<GlTextureKind>;
using GlFramebuffer = GlObject<GlFramebufferKind>;

}  // namespace jiuyou::render
