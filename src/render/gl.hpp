#pragma once
// The project's own GL calls: core 3.3 entry points straight from GLVND's
// libOpenGL (GLVND exports every core 3.3 entry point), valid under both EGL (headless) and GLX (viewer).
#ifndef GL_GLEXT_PROTOTYPES
#define GL_GLEXT_PROTOTYPES 1
#endif
#include <GL/gl.h>
#include <GL/glext.h>
