#include "src/render/text.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>

namespace jiuyou::render {

std::string default_font_path() {
  if (const char* env = std::getenv("JIUYOU_FONT"); env && *env) return env;
  return JIUYOU_FONT_PATH;
}

std::u32string decode_utf8(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    int len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + static_cast<size_t>(len) > s.size()) {
      out.push_back(0xFFFD);
      ++i;
      continue;
    }
    char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    bool ok = true;
    for (int k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + static_cast<size_t>(k)]);
      if ((cc & 0xC0) != 0x80) ok = false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    out.push_back(ok ? cp : 0xFFFD);
    i += ok ? static_cast<size_t>(len) : 1;
  }
  return out;
}

uint32_t pack(Rgba c) { return uint32_t{c.r} | uint32_t{c.g} << 8 | uint32_t{c.b} << 16 | uint32_t{c.a} << 24; }

void UiBatch::rect(float x0, float y0, float x1, float y1, Rgba c) { textured_quad(x0, y0, x1, y1, -1, -1, -1, -1, c); }

void UiBatch::textured_quad(float x0, float y0, float x1, float y1, float u0, float v0, float u1, float v1, Rgba c) {
  const auto base = static_cast<uint32_t>(vertices.size());
  const uint32_t col = pack(c);
  vertices.push_back({{x0, y0}, {u0, v0}, col});
  vertices.push_back({{x1, y0}, {u1, v0}, col});
  vertices.push_back({{x1, y1}, {u1, v1}, col});
  vertices.push_back({{x0, y1}, {u0, v1}, col});
  indices.insert(indices.end(), {base, base + 1, base + 2, base, base + 2, base + 3});
}

void UiBatch::triangle(float ax, float ay, float bx, float by, float cx, float cy, Rgba c) {
  const auto base = static_cast<uint32_t>(vertices.size());
  const uint32_t col = pack(c);
  vertices.push_back({{ax, ay}, {-1, -1}, col});
  vertices.push_back({{bx, by}, {-1, -1}, col});
  vertices.push_back({{cx, cy}, {-1, -1}, col});
  indices.insert(indices.end(), {base, base + 1, base + 2});
}

void UiBatch::line(float ax, float ay, float bx, float by, float w, Rgba c) {
  const float dx = bx - ax, dy = by - ay;
  const float len = std::sqrt(dx * dx + dy * dy);
  if (len <= 0) return;
  const float nx = -dy / len * w / 2, ny = dx / len * w / 2;
  triangle(ax + nx, ay + ny, bx + nx, by + ny, bx - nx, by - ny, c);
  triangle(ax + nx, ay + ny, bx - nx, by - ny, ax - nx, ay - ny, c);
}

void UiBatch::circle(float cx, float cy, float r, Rgba c, int segments) {
  constexpr float k_two_pi = 6.28318530718f;
  for (int i = 0; i < segments; ++i) {
    const float a0 = k_two_pi * static_cast<float>(i) / static_cast<float>(segments);
    const float a1 = k_two_pi * static_cast<float>(i + 1) / static_cast<float>(segments);
    triangle(cx, cy, cx + r * std::cos(a0), cy + r * std::sin(a0), cx + r * std::cos(a1), cy + r * std::sin(a1), c);
  }
}

void UiBatch::ring(float cx, float cy, float r, float w, Rgba c, int segments) {
  constexpr float k_two_pi = 6.28318530718f;
  const float r0 = std::max(r - w / 2, 0.0f), r1 = r + w / 2;
  for (int i = 0; i < segments; ++i) {
    const float a0 = k_two_pi * static_cast<float>(i) / static_cast<float>(segments);
    const float a1 = k_two_pi * static_cast<float>(i + 1) / static_cast<float>(segments);
    const float c0 = std::cos(a0), s0 = std::sin(a0), c1 = std::cos(a1), s1 = std::sin(a1);
    triangle(cx + r0 * c0, cy + r0 * s0, cx + r1 * c0, cy + r1 * s0, cx + r1 * c1, cy + r1 * s1, c);
    triangle(cx + r0 * c0, cy + r0 * s0, cx + r1 * c1, cy + r1 * s1, cx + r0 * c1, cy + r0 * s1, c);
  }
}

struct GlyphAtlas::Impl {
  ImFontAtlas atlas;
  ImVector<ImWchar> ranges;
  std::vector<ImFont*> fonts;
  unsigned char* pixels = nullptr;
  int width = 0, height = 0;
};

GlyphAtlas::GlyphAtlas(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
GlyphAtlas::GlyphAtlas(GlyphAtlas&&) noexcept = default;
GlyphAtlas& GlyphAtlas::operator=(GlyphAtlas&&) noexcept = default;
GlyphAtlas::~GlyphAtlas() = default;

Result<GlyphAtlas> GlyphAtlas::build(const std::vector<std::string>& strings, const std::vector<float>& sizes_px, const std::string& font_path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(font_path, ec))
    return error(ErrorCode::render, "font not found").file(font_path).hint("install fonts-wqy-microhei, or set JIUYOU_FONT to a CJK TrueType font");
  auto impl = std::make_unique<Impl>();
  ImFontGlyphRangesBuilder builder;
  builder.AddRanges(impl->atlas.GetGlyphRangesDefault());  // Basic Latin + Latin-1
  for (const std::string& s : strings)
    for (char32_t cp : decode_utf8(s))
      if (cp <= 0xFFFF) builder.AddChar(static_cast<ImWchar>(cp));
  builder.AddChar(0x2192);  // → in legend text
  builder.BuildRanges(&impl->ranges);
  impl->atlas.Flags |= ImFontAtlasFlags_NoMouseCursors;
  // Room around each glyph for the halo's taps (grown quad + neighbourhood), so no tap reaches another glyph.
  impl->atlas.TexGlyphPadding = 2 * k_max_halo_px + 1;
  for (float size : sizes_px) {
    ImFontConfig cfg;
    cfg.OversampleH = 1;
    cfg.OversampleV = 1;
    cfg.PixelSnapH = true;
    ImFont* f = impl->atlas.AddFontFromFileTTF(font_path.c_str(), size, &cfg, impl->ranges.Data);
    if (!f) return error(ErrorCode::render, "cannot read font").file(font_path).hint("set JIUYOU_FONT to a readable TrueType/OpenType font");
    impl->fonts.push_back(f);
  }
  if (!impl->atlas.Build()) return error(ErrorCode::render, "cannot build the glyph atlas").file(font_path);
  impl->atlas.GetTexDataAsAlpha8(&impl->pixels, &impl->width, &impl->height);
  return GlyphAtlas(std::move(impl));
}

int GlyphAtlas::width() const { return m_impl->width; }
int GlyphAtlas::height() const { return m_impl->height; }
const uint8_t* GlyphAtlas::pixels() const { return m_impl->pixels; }
float GlyphAtlas::line_height(int font) const { return m_impl->fonts[static_cast<size_t>(font)]->FontSize; }

namespace {
const ImFontGlyph* glyph_for(const ImFont* f, char32_t cp) {
  const ImFontGlyph* g = cp <= 0xFFFF ? f->FindGlyphNoFallback(static_cast<ImWchar>(cp)) : nullptr;
  return g ? g : f->FindGlyphNoFallback('?');
}
}  // namespace

float GlyphAtlas::measure(int font, std::string_view utf8) const {
  const ImFont* f = m_impl->fonts[static_cast<size_t>(font)];
  float w = 0;
  for (char32_t cp : decode_utf8(utf8))
    if (const ImFontGlyph* g = glyph_for(f, cp)) w += g->AdvanceX;
  return w;
}

bool GlyphAtlas::covers(int font, std::string_view utf8) const {
  const ImFont* f = m_impl->fonts[static_cast<size_t>(font)];
  for (char32_t cp : decode_utf8(utf8))
    if (cp > 0xFFFF || !f->FindGlyphNoFallback(static_cast<ImWchar>(cp))) return false;
  return true;
}

namespace {
// Calls quad(glyph, pen_x, y) for each visible glyph of `utf8` laid out from
// (x, y) rounded to whole pixels; returns the text's box.
template <class Quad>
TextRect lay_out(const ImFont* f, float x, float y, std::string_view utf8, Quad quad) {
  x = std::round(x);
  y = std::round(y);
  float pen = x;
  for (char32_t cp : decode_utf8(utf8)) {
    const ImFontGlyph* g = glyph_for(f, cp);
    if (!g) continue;
    if (g->Visible) quad(*g, pen, y);
    pen += g->AdvanceX;
  }
  return {x, y, pen, y + f->FontSize};
}
}  // namespace

TextRect GlyphAtlas::draw(UiBatch& batch, int font, float x, float y, std::string_view utf8, Rgba color) const {
  return lay_out(m_impl->fonts[static_cast<size_t>(font)], x, y, utf8, [&](const ImFontGlyph& g, float pen, float top) {
    batch.textured_quad(pen + g.X0, top + g.Y0, pen + g.X1, top + g.Y1, g.U0, g.V0, g.U1, g.V1, color);
  });
}

TextRect GlyphAtlas::draw_with_halo(UiBatch& batch, int font, float x, float y, std::string_view utf8, Rgba color, Rgba halo,
                                    float halo_px) const {
  // One halo quad per glyph, grown by d px; the ui program takes the largest
  // coverage of a 3 x 3 neighbourhood d texels apart (u shifted by 2d marks it).
  // Eight offset copies of the text did the same with eight times the quads
  // and blended fragments.
  const float d = std::clamp(std::round(halo_px), 1.0f, static_cast<float>(k_max_halo_px));
  const float du = d / static_cast<float>(m_impl->width), dv = d / static_cast<float>(m_impl->height), shift = 2 * d;
  lay_out(m_impl->fonts[static_cast<size_t>(font)], x, y, utf8, [&](const ImFontGlyph& g, float pen, float top) {
    batch.textured_quad(pen + g.X0 - d, top + g.Y0 - d, pen + g.X1 + d, top + g.Y1 + d, g.U0 - du + shift, g.V0 - dv, g.U1 + du + shift,
                        g.V1 + dv, halo);
  });
  TextRect r = draw(batch, font, x, y, utf8, color);
  r.x0 -= d, r.y0 -= d, r.x1 += d, r.y1 += d;
  return r;
}

}  // namespace jiuyou::render
