#pragma once
// A headless OpenGL 3.3 core context through EGL, no X server: Mesa's
// surfaceless platform (llvmpipe here), the NVIDIA driver through
// EGL_EXT_platform_device, or the default display as a last resort.
// Configless where EGL_KHR_no_config_context allows, else a 1x1 pbuffer.
// Drawing goes to an Offscreen framebuffer; the context only has to exist.
#include <memory>
#include <string>

#include "gis/model/error.hpp"

namespace jiuyou::render {

class HeadlessContext {
 public:
  // Creates the context and makes it current on this thread.
  // Fails with ErrorCode::render naming every platform tried.
  static Result<HeadlessContext> create();

  HeadlessContext(HeadlessContext&&) noexcept;
  HeadlessContext& operator=(HeadlessContext&&) noexcept;
  HeadlessContext(const HeadlessContext&) = delete;
  HeadlessContext& operator=(const HeadlessContext&) = delete;
  ~HeadlessContext();

  // "Mesa surfaceless: llvmpipe (LLVM 15.0.6, 256 bits), OpenGL 4.5 (Core Profile) Mesa 22.3.6"
  [[nodiscard]] const std::string& description() const;

 private:
  struct Impl;
  explicit HeadlessContext(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

}  // namespace jiuyou::render
