#pragma once
// GLSL programs built from the embedded shaders/ sources. The one place the
// #version line is injected (k_glsl_version), in front of shaders/prelude.glsl.
#include <string>
#include <string_view>

#include "gis/model/error.hpp"

namespace jiuyou::render {

inline constexpr std::string_view k_glsl_version = "#version 330 core\n";

// The full text handed to the compiler for one stage: version, prelude, body.
std::string assemble_shader(std::string_view body);

class ShaderProgram {
 public:
  // Compiles and links; binds the Frame/Layer blocks to their binding points
  // and the samplers to their units. Errors (ErrorCode::render) quote the
  // driver's log and name the program.
  static Result<ShaderProgram> build(std::string_view name, std::string_view vert_body, std::string_view frag_body);

  ShaderProgram() = default;
  ShaderProgram(ShaderProgram&&) noexcept;
  ShaderProgram& operator=(ShaderProgram&&) noexcept;
  ShaderProgram(const ShaderProgram&) = delete;
  ShaderProgram& operator=(const ShaderProgram&) = delete;
  ~ShaderProgram();

  [[nodiscard]] unsigned id() const { return m_id; }
  [[nodiscard]] int uniform(const char* name) const;
  void use() const;

 private:
  unsigned m_id = 0;
};

}  // namespace jiuyou::render
