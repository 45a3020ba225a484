#pragma once
// The per-kind draws of the scene's layers (polygons, lines, points), one
// function each over a GpuLayer, sharing what a frame sets once: the
// programs, the layer uniform buffer, the view rectangle (only the chunks
// inside it are drawn), the scale (which level of detail), whether the
// framebuffer has depth (line casings as a rim), and the count of primitives
// submitted.
#include <utility>
#include <vector>

#include "src/render/gpu_layer.hpp"
#include "src/render/gpu_types.hpp"
#include "src/render/shader_program.hpp"

namespace jiuyou::render {

struct LayerPrograms {
  const ShaderProgram& fill;
  const ShaderProgram& line;
  const ShaderProgram& point;
};

class LayerPass {
 public:
  struct View {
    float x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // local metres
    double m_per_px = 1;
    bool cull = true;      // false: every chunk (bench-render --reference)
    bool lod = true;       // false: lines at full detail
    bool has_depth = false;
    bool aggregate_points = false;  // zoomed out, one point per screen cell (point_lod.hpp)
  };
  LayerPass(LayerPrograms programs, GLuint layer_ubo, View view) : m_programs(programs), m_layer_ubo(layer_ubo), m_view(view) {}

  // Draws a visible, styled layer with its kind's passes.
  void draw(const GpuLayer& layer);
  [[nodiscard]] size_t primitives() const { return m_primitives; }

 private:
  void draw_polygons(const GpuLayer& l);
  void draw_lines(const GpuLayer& l);
  void draw_points(const GpuLayer& l);
  void draw_segments(const GpuLayer& l, float extra_px);
  void set_uniforms(const LayerUniforms& u) const;
  [[nodiscard]] std::vector<std::pair<uint32_t, uint32_t>> runs_in_view(const std::vector<Chunk>& chunks, float margin_px) const;

  LayerPrograms m_programs;
  GLuint m_layer_ubo;
  View m_view;
  size_t m_primitives = 0;
};

// Reports whether the bound draw framebuffer has a depth buffer.
bool framebuffer_has_depth();

}  // namespace jiuyou::render
