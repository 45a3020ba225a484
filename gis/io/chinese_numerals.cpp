#include "gis/io/chinese_numerals.hpp"

#include <cmath>
#include <string>
#include <vector>

namespace jiuyou::io {

namespace {

struct Glyph {
  std::string_view text;
  int digit = -1;      // 0..9
  double unit = 0;     // 10, 100, 1000 within a section; 1e4, 1e8 closing one
};

constexpr Glyph k_glyphs[] = {
    {"零", 0}, {"〇", 0}, {"○", 0}, {"一", 1}, {"壹", 1}, {"二", 2}, {"贰", 2}, {"貳", 2}, {"两", 2}, {"兩", 2}, {"三", 3},
    {"叁", 3}, {"參", 3}, {"四", 4}, {"肆", 4}, {"五", 5}, {"伍", 5}, {"六", 6}, {"陆", 6}, {"陸", 6}, {"七", 7}, {"柒", 7},
    {"八", 8}, {"捌", 8}, {"九", 9}, {"玖", 9}, {"十", -1, 10}, {"拾", -1, 10}, {"百", -1, 100}, {"佰", -1, 100},
    {"千", -1, 1000}, {"仟", -1, 1000}, {"万", -1, 1e4}, {"萬", -1, 1e4}, {"亿", -1, 1e8}, {"億", -1, 1e8}};

// The glyphs of `s`, or empty when a character is none of them; `point` is set at the index of 点 (a decimal point).
std::vector<const Glyph*> glyphs_of(std::string_view s, size_t& point) {
  std::vector<const Glyph*> out;
  point = std::string_view::npos;
  for (size_t i = 0; i < s.size();) {
    if (s.substr(i, 3) == "点" || s.substr(i, 3) == "點") {
      if (point != std::string_view::npos) return {};
      point = out.size();
      i += 3;
      continue;
    }
    const Glyph* hit = nullptr;
    for (const Glyph& g : k_glyphs)
      if (s.substr(i, g.text.size()) == g.text) {
        hit = &g;
        break;
      }
    if (hit == nullptr) return {};
    out.push_back(hit);
    i += hit->text.size();
  }
  return out;
}

// 一二〇: digits only, read place by place.
std::optional<double> digit_by_digit(const std::vector<const Glyph*>& gs, size_t from, size_t to) {
  double v = 0;
  for (size_t k = from; k < to; ++k) {
    if (gs[k]->digit < 0) return std::nullopt;
    v = v * 10 + gs[k]->digit;
  }
  return v;
}

// 两千零五, 十二万三千, 一亿二千万: sections closed by 万 and 亿, units within them.
std::optional<double> with_units(const std::vector<const Glyph*>& gs, size_t to) {
  double total = 0, section = 0, pending = -1;  // pending: a digit waiting for its unit
  double last_small = 1e9;                      // units within a section must fall (三百二十, not 三十二百)
  for (size_t k = 0; k < to; ++k) {
    const Glyph& g = *gs[k];
    if (g.digit >= 0) {
      if (pending >= 0 && g.digit != 0 && pending != 0) return std::nullopt;  // 二三 inside a number with units
      pending = g.digit;
      continue;
    }
    if (g.unit < 1e4) {
      if (g.unit >= last_small) return std::nullopt;
      if (pending < 0 && g.unit != 10) return std::nullopt;  // 十二 = 12, but 百 with no digit before it is no number
      section += (pending < 0 ? 1 : pending) * g.unit;
      last_small = g.unit;
      pending = -1;
      continue;
    }
    section += pending < 0 ? 0 : pending;
    if (section == 0 && total == 0) return std::nullopt;  // 万 with nothing before it
    total = g.unit == 1e8 ? (total + section) * g.unit : total + section * g.unit;
    section = 0;
    pending = -1;
    last_small = 1e9;
  }
  return total + section + (pending < 0 ? 0 : pending);
}

}  // namespace

std::optional<double> chinese_number(std::string_view text) {
  bool negative = false;
  if (text.substr(0, 3) == "负" || text.substr(0, 3) == "負") {
    negative = true;
    text.remove_prefix(3);
  }
  size_t point = 0;
  const std::vector<const Glyph*> gs = glyphs_of(text, point);
  if (gs.empty()) return std::nullopt;
  const size_t whole_end = point == std::string_view::npos ? gs.size() : point;
  if (whole_end == 0) return std::nullopt;
  bool units = false;
  for (size_t k = 0; k < whole_end; ++k) units = units || gs[k]->digit < 0;
  auto whole = units ? with_units(gs, whole_end) : digit_by_digit(gs, 0, whole_end);
  if (!whole) return std::nullopt;
  double v = *whole;
  if (point != std::string_view::npos) {  // 三点五: digits after the point, one by one
    if (point == gs.size()) return std::nullopt;
    double scale = 0.1;
    for (size_t k = point; k < gs.size(); ++k, scale /= 10) {
      if (gs[k]->digit < 0) return std::nullopt;
      v += gs[k]->digit * scale;
    }
  }
  return negative ? -v : v;
}

}  // namespace jiuyou::io
