#pragma once
// Text for the map: a glyph atlas built with Dear ImGui's font atlas builder
// (no window, no ImGui context) from the strings actually shown, in a CJK
// font (wqy-microhei), and the screen-space batch that labels, legend,
// scale bar and north arrow are drawn with (one draw call, ui program).
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "gis/model/error.hpp"
#include "src/render/gpu_types.hpp"
#include "src/render/image.hpp"

namespace jiuyou::render {

// Font path: $JIUYOU_FONT if set, else the Debian wqy-microhei path.
std::string default_font_path();

// Decodes UTF-8 to code points (invalid bytes become U+FFFD).
std::u32string decode_utf8(std::string_view s);

struct TextRect {
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  [[nodiscard]] bool overlaps(const TextRect& o) const { return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1; }
};

class UiBatch {
 public:
  void clear() {
    vertices.clear();
    indices.clear();
  }
  void rect(float x0, float y0, float x1, float y1, Rgba c);
  void triangle(float ax, float ay, float bx, float by, float cx, float cy, Rgba c);
  // A stroke of width w between two points (a quad).
  void line(float ax, float ay, float bx, float by, float w, Rgba c);
  void circle(float cx, float cy, float r, Rgba c, int segments = 20);
  // An annulus centred on radius r, w pixels wide.
  void ring(float cx, float cy, float r, float w, Rgba c, int segments = 32);
  void textured_quad(float x0, float y0, float x1, float y1, float u0, float v0, float u1, float v1, Rgba c);

  std::vector<UiVertex> vertices;
  std::vector<uint32_t> indices;
};

// Widest label halo in pixels (the atlas pads its glyphs for it).
inline constexpr int k_max_halo_px = 2;

class GlyphAtlas {
 public:
  // Sizes are pixel heights, one font per size (index = position in sizes).
  // Glyphs: ASCII plus every code point in `strings`. Fails with
  // ErrorCode::render when the font file is missing or unreadable.
  static Result<GlyphAtlas> build(const std::vector<std::string>& strings, const std::vector<float>& sizes_px,
                                  const std::string& font_path = default_font_path());

  GlyphAtlas(GlyphAtlas&&) noexcept;
  GlyphAtlas& operator=(GlyphAtlas&&) noexcept;
  GlyphAtlas(const GlyphAtlas&) = delete;
  GlyphAtlas& operator=(const GlyphAtlas&) = delete;
  ~GlyphAtlas();

  [[nodiscard]] int width() const;
  [[nodiscard]] int height() const;
  [[nodiscard]] const uint8_t* pixels() const;  // R8 coverage, width*height
  [[nodiscard]] float line_height(int font) const;
  [[nodiscard]] float measure(int font, std::string_view utf8) const;
  // True when every code point of the text has a glyph (else missing ones draw as '?').
  [[nodiscard]] bool covers(int font, std::string_view utf8) const;
  // Appends the glyph quads of `utf8` with its top-left at (x, y); returns its box.
  TextRect draw(UiBatch& batch, int font, float x, float y, std::string_view utf8, Rgba color) const;
  // The same with a halo of `halo` around the glyphs (labels over busy maps),
  // halo_px rounded, 1 to k_max_halo_px: one extra quad per glyph.
  TextRect draw_with_halo(UiBatch& batch, int font, float x, float y, std::string_view utf8, Rgba color, Rgba halo,
                          float halo_px = 1.0f) const;

 private:
  struct Impl;
  explicit GlyphAtlas(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

}  // namespace jiuyou::render
