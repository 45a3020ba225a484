#include "src/render/chrome.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace jiuyou::render {

namespace {

std::string format_distance(double m) {
  char buf[32];
  if (m >= 1000)
    std::snprintf(buf, sizeof buf, "%g km", m / 1000);
  else
    std::snprintf(buf, sizeof buf, "%g m", m);
  return buf;
}

// The largest 1-2-5 x 10^k metres that fits in max_px.
double nice_scale_length(double m_per_px, double max_px) {
  const double max_m = m_per_px * max_px;
  if (!(max_m > 0) || !std::isfinite(max_m)) return 0;
  const double p = std::pow(10.0, std::floor(std::log10(max_m)));
  for (double f : {5.0, 2.0, 1.0})
    if (f * p <= max_m) return f * p;
  return p;
}

}  // namespace

MapChrome::MapChrome(UiBatch& batch, const GlyphAtlas& atlas, int viewport_w, int viewport_h, const DrawOptions& options)
    : m_batch(batch), m_atlas(atlas), m_viewport_w(viewport_w), m_viewport_h(viewport_h), m_options(options) {}

TextRect MapChrome::legend(const std::vector<const LayerLegend*>& top_first, bool hillshade_row) {
  const GlyphAtlas& a = m_atlas;
  const DrawOptions& o = m_options;
  const float pr = o.pixel_ratio, pad = 8 * pr, sw = 18 * pr, lh = a.line_height(k_font_legend) + 4 * pr;
  struct Row {
    bool header;
    const LegendEntry* e;
    std::string text;
  };
  std::vector<Row> rows;
  rows.push_back({true, nullptr, "图例"});
  if (hillshade_row) rows.push_back({false, nullptr, "地形 (晕渲)"});
  for (const LayerLegend* l : top_first) {
    rows.push_back({true, nullptr, l->title});
    for (const LegendEntry& e : l->entries) rows.push_back({false, &e, e.label + " (" + std::to_string(e.count) + ")"});
  }
  float width = 0;
  for (const Row& r : rows) width = std::max(width, a.measure(k_font_legend, r.text) + (r.header ? 0 : sw + 6 * pr));
  const auto W = static_cast<float>(m_viewport_w), H = static_cast<float>(m_viewport_h);
  const float col_w = width + 2 * pad;
  const float max_rows = std::floor((H - 2 * pad - 20 * pr) / lh);
  if (max_rows < 2) return {};
  // Rows that do not fit the height go on in further columns, to the left; past 60 % of the
  // width a last row says how many classes are not listed: a class is never dropped unsaid.
  const auto per_col_max = static_cast<size_t>(max_rows);
  const size_t max_cols = std::max<size_t>(1, static_cast<size_t>(std::floor(W * 0.6f / col_w)));
  size_t cols = (rows.size() + per_col_max - 1) / per_col_max;
  if (cols > max_cols) {
    cols = max_cols;
    const size_t keep = cols * per_col_max - 1;
    size_t hidden = 0;
    for (size_t i = keep; i < rows.size(); ++i) hidden += !rows[i].header;
    rows.resize(keep);
    rows.push_back({true, nullptr, "…另有 " + std::to_string(hidden) + " 类未列出"});
  }
  const size_t per_col = (rows.size() + cols - 1) / cols;
  const float box_w = static_cast<float>(cols) * col_w;
  const float box_h = static_cast<float>(per_col) * lh + 2 * pad;
  const float x0 = W - box_w - 12 * pr, y0 = 12 * pr;
  m_batch.rect(x0, y0, x0 + box_w, y0 + box_h, {255, 255, 255, 225});
  m_batch.rect(x0, y0, x0 + box_w, y0 + pr, {120, 120, 120, 255});
  m_batch.rect(x0, y0 + box_h - pr, x0 + box_w, y0 + box_h, {120, 120, 120, 255});
  m_batch.rect(x0, y0, x0 + pr, y0 + box_h, {120, 120, 120, 255});
  m_batch.rect(x0 + box_w - pr, y0, x0 + box_w, y0 + box_h, {120, 120, 120, 255});
  for (size_t i = 0; i < rows.size(); ++i) {
    const Row& r = rows[i];
    const float cx = x0 + static_cast<float>(i / per_col) * col_w;
    const float y = y0 + pad + static_cast<float>(i % per_col) * lh;
    if (r.header) {
      a.draw(m_batch, k_font_legend, cx + pad, y + 1 * pr, r.text, {20, 20, 20, 255});
    } else {
      const float sx = cx + pad, sy = y + 2 * pr, sh = lh - 6 * pr;
      if (!r.e) {
        m_batch.rect(sx, sy, sx + sw / 2, sy + sh, {205, 215, 185, 255});
        m_batch.rect(sx + sw / 2, sy, sx + sw, sy + sh, {150, 150, 135, 255});
      } else if (r.e->symbol == Symbol::fill) {
        m_batch.rect(sx, sy, sx + sw, sy + sh, r.e->color);
      } else if (r.e->symbol == Symbol::line) {
        m_batch.line(sx, sy + sh / 2, sx + sw, sy + sh / 2, 3 * pr, r.e->color);
      } else {
        m_batch.circle(sx + sw / 2, sy + sh / 2, sh / 2, {255, 255, 255, 255});
        m_batch.circle(sx + sw / 2, sy + sh / 2, sh / 2 - pr, r.e->color);
      }
      a.draw(m_batch, k_font_legend, sx + sw + 6 * pr, y + 1 * pr, r.text, {40, 40, 40, 255});
    }
  }
  return {x0, y0, x0 + box_w, y0 + box_h};
}

TextRect MapChrome::scale_bar(const Camera& cam) {
  const GlyphAtlas& a = m_atlas;
  const DrawOptions& o = m_options;
  const float pr = o.pixel_ratio;
  const double len_m = nice_scale_length(cam.m_per_px, 180.0 * pr);
  if (len_m <= 0) return {};
  const auto len_px = static_cast<float>(len_m / cam.m_per_px);
  const float x0 = 16 * pr, h = 6 * pr;
  const float y1 = static_cast<float>(m_viewport_h) - 16 * pr - o.bottom_margin_px, y0 = y1 - h;
  const float text_h = a.line_height(k_font_legend);
  const std::string end_label = format_distance(len_m);
  const float box_x1 = x0 + len_px + a.measure(k_font_legend, end_label) / 2 + 8 * pr;
  m_batch.rect(x0 - 8 * pr, y0 - text_h - 8 * pr, box_x1, y1 + 6 * pr, {255, 255, 255, 200});
  for (int i = 0; i < 4; ++i) {
    const float a0 = x0 + len_px * static_cast<float>(i) / 4, a1 = x0 + len_px * static_cast<float>(i + 1) / 4;
    m_batch.rect(a0, y0, a1, y1, i % 2 == 0 ? Rgba{30, 30, 30, 255} : Rgba{255, 255, 255, 255});
  }
  m_batch.rect(x0, y0, x0 + len_px, y0 + pr, {30, 30, 30, 255});
  m_batch.rect(x0, y1 - pr, x0 + len_px, y1, {30, 30, 30, 255});
  a.draw(m_batch, k_font_legend, x0 - a.measure(k_font_legend, "0") / 2, y0 - text_h - 2 * pr, "0", {30, 30, 30, 255});
  a.draw(m_batch, k_font_legend, x0 + len_px - a.measure(k_font_legend, end_label) / 2, y0 - text_h - 2 * pr, end_label, {30, 30, 30, 255});
  return {x0 - 8 * pr, y0 - text_h - 8 * pr, box_x1, y1 + 6 * pr};
}

TextRect MapChrome::caption(const std::vector<std::string>& lines) {
  const GlyphAtlas& a = m_atlas;
  const float pr = m_options.pixel_ratio, pad = 6 * pr, lh = a.line_height(k_font_legend) + 3 * pr;
  float width = 0;
  for (const std::string& l : lines) width = std::max(width, a.measure(k_font_legend, l));
  const float x1 = static_cast<float>(m_viewport_w) - 12 * pr, y1 = static_cast<float>(m_viewport_h) - 10 * pr - m_options.bottom_margin_px;
  const float x0 = x1 - width - 2 * pad, y0 = y1 - static_cast<float>(lines.size()) * lh - 2 * pad;
  m_batch.rect(x0, y0, x1, y1, {255, 255, 255, 225});
  m_batch.rect(x0, y0, x1, y0 + pr, {120, 120, 120, 255});
  for (size_t i = 0; i < lines.size(); ++i)
    a.draw(m_batch, k_font_legend, x0 + pad, y0 + pad + static_cast<float>(i) * lh + 1 * pr, lines[i], {40, 40, 40, 255});
  return {x0, y0, x1, y1};
}

TextRect MapChrome::north_arrow(float top) {
  const GlyphAtlas& a = m_atlas;
  const DrawOptions& o = m_options;
  const float pr = o.pixel_ratio;
  const float cx = 34 * pr, h = 34 * pr, w = 12 * pr;
  const float y_text = top + 6 * pr;
  const float th = a.line_height(k_font_legend);
  const float tip = y_text + th + 2 * pr, base = tip + h;
  m_batch.rect(cx - 20 * pr, top, cx + 20 * pr, base + 8 * pr, {255, 255, 255, 170});
  a.draw(m_batch, k_font_legend, cx - a.measure(k_font_legend, "北") / 2, y_text, "北", {20, 20, 20, 255});
  m_batch.triangle(cx, tip, cx - w, base, cx, base - h * 0.3f, {30, 30, 30, 255});
  m_batch.triangle(cx, tip, cx, base - h * 0.3f, cx + w, base, {150, 150, 150, 255});
  return {cx - 20 * pr, top, cx + 20 * pr, base + 8 * pr};
}

}  // namespace jiuyou::render
