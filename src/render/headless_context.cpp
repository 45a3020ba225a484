#include "src/render/headless_context.hpp"

#include <EGL/egl.h>
#include <EGL/eglext.h>

#include <cstring>
#include <vector>

#include "src/render/gl.hpp"

namespace jiuyou::render {

struct HeadlessContext::Impl {
  EGLDisplay display = EGL_NO_DISPLAY;
  EGLContext context = EGL_NO_CONTEXT;
  EGLSurface surface = EGL_NO_SURFACE;
  std::string description;

  ~Impl() {
    if (display == EGL_NO_DISPLAY) return;
    eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
    if (surface != EGL_NO_SURFACE) eglDestroySurface(display, surface);
    if (context != EGL_NO_CONTEXT) eglDestroyContext(display, context);
    eglTerminate(display);
  }
};

namespace {

bool has_extension(const char* list, const char* name) {
  if (!list) return false;
  const size_t n = std::strlen(name);
  for (const char* p = list; (p = std::strstr(p, name)) != nullptr; p += n)
    if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0')) return true;
  return false;
}

std::string egl_error_text(EGLint e) {
  switch (e) {
    case EGL_NOT_INITIALIZED: return "EGL_NOT_INITIALIZED";
    case EGL_BAD_ACCESS: return "EGL_BAD_ACCESS";
    case EGL_BAD_ALLOC: return "EGL_BAD_ALLOC";
    case EGL_BAD_ATTRIBUTE: return "EGL_BAD_ATTRIBUTE";
    case EGL_BAD_CONFIG: return "EGL_BAD_CONFIG";
    case EGL_BAD_CONTEXT: return "EGL_BAD_CONTEXT";
    case EGL_BAD_DISPLAY: return "EGL_BAD_DISPLAY";
    case EGL_BAD_MATCH: return "EGL_BAD_MATCH";
    case EGL_BAD_PARAMETER: return "EGL_BAD_PARAMETER";
    case EGL_BAD_SURFACE: return "EGL_BAD_SURFACE";
    default: return "EGL error " + std::to_string(e);
  }
}


}  // namespace

HeadlessContext::HeadlessContext(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
HeadlessContext::HeadlessContext(HeadlessContext&&) noexcept = default;
HeadlessContext& HeadlessContext::operator=(HeadlessContext&&) noexcept = default;
HeadlessContext::~HeadlessContext() = default;
const std::string& HeadlessContext::description() const { return m_impl->description; }

Result<HeadlessContext> HeadlessContext::create() {
  std::vector<std::string> tried;
  const char* client_ext = eglQueryString(EGL_NO_DISPLAY, EGL_EXTENSIONS);
  auto get_platform_display = reinterpret_cast<PFNEGLGETPLATFORMDISPLAYEXTPROC>(eglGetProcAddress("eglGetPlatformDisplayEXT"));

  struct Candidate {
    std::string name;
    EGLDisplay display;
  };
  std::vector<Candidate> candidates;
  if (get_platform_display && has_extension(client_ext, "EGL_MESA_platform_surfaceless"))
    candidates.push_back({"Mesa surfaceless", get_platform_display(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, nullptr)});
  if (get_platform_display && has_extension(client_ext, "EGL_EXT_platform_device")) {
    auto query_devices = reinterpret_cast<PFNEGLQUERYDEVICESEXTPROC>(eglGetProcAddress("eglQueryDevicesEXT"));
    if (query_devices) {
      EGLDeviceEXT devices[8];
      EGLint n = 0;
      if (query_devices(8, devices, &n) == EGL_TRUE)
        for (EGLint i = 0; i < n; ++i)
          candidates.push_back({"EGL device " + std::to_string(i), get_platform_display(EGL_PLATFORM_DEVICE_EXT, devices[i], nullptr)});
    }
  }
  candidates.push_back({"default display", eglGetDisplay(EGL_DEFAULT_DISPLAY)});

  for (const Candidate& c : candidates) {
    if (c.display == EGL_NO_DISPLAY) {
      tried.push_back(c.name + ": no display");
      continue;
    }
    auto impl = std::make_unique<Impl>();
    EGLint major = 0, minor = 0;
    if (eglInitialize(c.display, &major, &minor) != EGL_TRUE) {
      tried.push_back(c.name + ": eglInitialize failed (" + egl_error_text(eglGetError()) + ")");
      continue;
    }
    impl->display = c.display;
    if (eglBindAPI(EGL_OPENGL_API) != EGL_TRUE) {
      tried.push_back(c.name + ": no desktop OpenGL API");
      continue;
    }
    const char* display_ext = eglQueryString(c.display, EGL_EXTENSIONS);
    const EGLint context_attribs[] = {EGL_CONTEXT_MAJOR_VERSION, 3, EGL_CONTEXT_MINOR_VERSION, 3, EGL_CONTEXT_OPENGL_PROFILE_MASK,
                                      EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT, EGL_NONE};
    EGLConfig config = EGL_NO_CONFIG_KHR;
    const bool configless = has_extension(display_ext, "EGL_KHR_no_config_context") || has_extension(display_ext, "EGL_MESA_configless_context");
    if (!configless) {
      const EGLint config_attribs[] = {EGL_SURFACE_TYPE, EGL_PBUFFER_BIT, EGL_RENDERABLE_TYPE, EGL_OPENGL_BIT, EGL_RED_SIZE, 8,
                                       EGL_GREEN_SIZE, 8, EGL_BLUE_SIZE, 8, EGL_NONE};
      EGLint count = 0;
      if (eglChooseConfig(c.display, config_attribs, &config, 1, &count) != EGL_TRUE || count < 1) {
        tried.push_back(c.name + ": no OpenGL pbuffer config");
        continue;
      }
    }
    impl->context = eglCreateContext(c.display, config, EGL_NO_CONTEXT, context_attribs);
    if (impl->context == EGL_NO_CONTEXT) {
      tried.push_back(c.name + ": no OpenGL 3.3 core context (" + egl_error_text(eglGetError()) + ")");
      continue;
    }
    if (!has_extension(display_ext, "EGL_KHR_surfaceless_context") && config != EGL_NO_CONFIG_KHR) {
      const EGLint pbuffer_attribs[] = {EGL_WIDTH, 1, EGL_HEIGHT, 1, EGL_NONE};
      impl->surface = eglCreatePbufferSurface(c.display, config, pbuffer_attribs);
    }
    if (eglMakeCurrent(c.display, impl->surface, impl->surface, impl->context) != EGL_TRUE) {
      tried.push_back(c.name + ": eglMakeCurrent failed (" + egl_error_text(eglGetError()) + ")");
      continue;
    }
    const auto* renderer = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
    const auto* version = reinterpret_cast<const char*>(glGetString(GL_VERSION));
    if (!renderer || !version) {
      tried.push_back(c.name + ": context made but glGetString failed (libOpenGL not bound to EGL?)");
      continue;
    }
    impl->description = c.name + ": " + renderer + ", OpenGL " + version;
    return HeadlessContext(std::move(impl));
  }
  std::string msg = "no OpenGL 3.3 core context could be made through EGL";
  for (const auto& t : tried) msg += "; " + t;
  return fail(ErrorCode::render, msg,
              "install Mesa's EGL and llvmpipe (libegl-mesa0 libgl1-mesa-dri) or a GPU driver with EGL; "
              "EGL_PLATFORM=surfaceless forces Mesa's headless platform");
}

}  // namespace jiuyou::render
