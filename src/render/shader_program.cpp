#include "src/render/shader_program.hpp"

#include <utility>
#include <vector>

#include "jiuyou_shaders.hpp"
#include "src/render/gl.hpp"
#include "src/render/gpu_types.hpp"

namespace jiuyou::render {

std::string assemble_shader(std::string_view body) {
  std::string s;
  s.reserve(k_glsl_version.size() + shader_source::prelude.size() + body.size() + 16);
  s += k_glsl_version;
  s += shader_source::prelude;
  s += "\n#line 1\n";
  s += body;
  return s;
}

namespace {

std::string info_log(GLuint obj, bool program) {
  GLint len = 0;
  if (program)
    glGetProgramiv(obj, GL_INFO_LOG_LENGTH, &len);
  else
    glGetShaderiv(obj, GL_INFO_LOG_LENGTH, &len);
  std::vector<char> buf(static_cast<size_t>(len > 0 ? len : 1), '\0');
  if (program)
    glGetProgramInfoLog(obj, len, nullptr, buf.data());
  else
    glGetShaderInfoLog(obj, len, nullptr, buf.data());
  return std::string(buf.data());
}

Result<GLuint> compile(GLenum stage, std::string_view name, std::string_view body) {
  const std::string text = assemble_shader(body);
  const GLuint s = glCreateShader(stage);
  const char* src = text.c_str();
  glShaderSource(s, 1, &src, nullptr);
  glCompileShader(s);
  GLint ok = 0;
  glGetShaderiv(s, GL_COMPILE_STATUS, &ok);
  if (!ok) {
    const std::string log = info_log(s, false);
    glDeleteShader(s);
    return fail(ErrorCode::render,
                std::string("shader ") + std::string(name) + (stage == GL_VERTEX_SHADER ? ".vert" : ".frag") + " does not compile: " + log,
                "the GL driver must support GLSL 3.30 core");
  }
  return s;
}

}  // namespace

Result<ShaderProgram> ShaderProgram::build(std::string_view name, std::string_view vert_body, std::string_view frag_body) {
  auto vs = compile(GL_VERTEX_SHADER, name, vert_body);
  if (!vs) return tl::unexpected(vs.error());
  auto fs = compile(GL_FRAGMENT_SHADER, name, frag_body);
  if (!fs) {
    glDeleteShader(*vs);
    return tl::unexpected(fs.error());
  }
  ShaderProgram p;
  p.m_id = glCreateProgram();
  glAttachShader(p.m_id, *vs);
  glAttachShader(p.m_id, *fs);
  glLinkProgram(p.m_id);
  glDeleteShader(*vs);
  glDeleteShader(*fs);
  GLint ok = 0;
  glGetProgramiv(p.m_id, GL_LINK_STATUS, &ok);
  if (!ok) return fail(ErrorCode::render, "shader program " + std::string(name) + " does not link: " + info_log(p.m_id, true));
  const GLuint frame = glGetUniformBlockIndex(p.m_id, "Frame");
  if (frame != GL_INVALID_INDEX) glUniformBlockBinding(p.m_id, frame, k_frame_binding);
  const GLuint layer = glGetUniformBlockIndex(p.m_id, "Layer");
  if (layer != GL_INVALID_INDEX) glUniformBlockBinding(p.m_id, layer, k_layer_binding);
  glUseProgram(p.m_id);
  const std::pair<const char*, int> samplers[] = {{"u_feature_colors", k_unit_feature_colors},
                                                  {"u_feature_widths", k_unit_feature_widths},
                                                  {"u_dem", k_unit_dem},
                                                  {"u_atlas", k_unit_atlas},
                                                  {"u_shade", k_unit_shade}};
  for (const auto& [sampler, unit] : samplers) {
    const GLint loc = glGetUniformLocation(p.m_id, sampler);
    if (loc >= 0) glUniform1i(loc, unit);
  }
  glUseProgram(0);
  return p;
}

ShaderProgram::ShaderProgram(ShaderProgram&& o) noexcept : m_id(std::exchange(o.m_id, 0)) {}
ShaderProgram& ShaderProgram::operator=(ShaderProgram&& o) noexcept {
  if (this != &o) {
    if (m_id) glDeleteProgram(m_id);
    m_id = std::exchange(o.m_id, 0);
  }
  return *this;
}
ShaderProgram::~ShaderProgram() {
  if (m_id) glDeleteProgram(m_id);
}

int ShaderProgram::uniform(const char* name) const { return glGetUniformLocation(m_id, name); }
void ShaderProgram::use() const { glUseProgram(m_id); }

}  // namespace jiuyou::render
