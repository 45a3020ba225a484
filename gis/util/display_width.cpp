#include "gis/util/display_width.hpp"

#include <algorithm>
#include <iterator>

#include "gis/util/utf8.hpp"

namespace jiuyou::util {
namespace {

struct Range {
  char32_t first, last;
};

// Marks drawn on the character before them, and characters that show nothing.
constexpr Range k_zero_width[] = {
    {0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x0610, 0x061A}, {0x064B, 0x065F}, {0x0E31, 0x0E31}, {0x0E34, 0x0E3A},
    {0x0E47, 0x0E4E}, {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF}, {0x200B, 0x200F}, {0x2028, 0x202E}, {0x2060, 0x2064}, {0x20D0, 0x20FF},
    {0x302A, 0x302F}, {0x3099, 0x309A}, {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF}, {0xE0100, 0xE01EF},
};

// East Asian Wide (W) and Fullwidth (F) blocks (Unicode UAX #11), sorted.
constexpr Range k_wide[] = {
    {0x1100, 0x115F},   // Hangul Jamo initial consonants
    {0x2E80, 0x303E},   // CJK radicals, Kangxi radicals, CJK symbols and punctuation (、。「」)
    {0x3041, 0x33FF},   // kana, bopomofo, Hangul compatibility jamo, enclosed CJK, CJK compatibility
    {0x3400, 0x4DBF},   // CJK extension A
    {0x4E00, 0x9FFF},   // CJK unified ideographs
    {0xA000, 0xA4CF},   // Yi
    {0xA960, 0xA97F},   // Hangul Jamo extended A
    {0xAC00, 0xD7A3},   // Hangul syllables
    {0xF900, 0xFAFF},   // CJK compatibility ideographs
    {0xFE10, 0xFE19},   // vertical forms
    {0xFE30, 0xFE6F},   // CJK compatibility forms, small form variants
    {0xFF00, 0xFF60},   // fullwidth forms (，：（）０-９Ａ-Ｚ)
    {0xFFE0, 0xFFE6},   // fullwidth signs (￥)
    {0x1F300, 0x1F64F}, // pictographs, emoticons
    {0x1F900, 0x1F9FF}, // supplemental pictographs
    {0x20000, 0x2FFFD}, // CJK extensions B-F, compatibility supplement
    {0x30000, 0x3FFFD}, // CJK extension G and later
};

template <size_t N>
bool in_ranges(const Range (&ranges)[N], char32_t cp) {
  const auto it = std::upper_bound(std::begin(ranges), std::end(ranges), cp, [](char32_t c, const Range& r) { return c < r.first; });
  return it != std::begin(ranges) && cp <= std::prev(it)->last;
}

}  // namespace

int code_point_width(char32_t cp) {
  if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) return 0;  // control characters
  if (cp < 0x300) return 1;                                // Latin, the common case
  if (in_ranges(k_zero_width, cp)) return 0;
  return in_ranges(k_wide, cp) ? 2 : 1;
}

size_t display_width(std::string_view utf8) {
  size_t width = 0;
  for (size_t i = 0; i < utf8.size();) width += static_cast<size_t>(code_point_width(next_code_point(utf8, i)));
  return width;
}

std::string pad_right(std::string_view text, size_t columns) {
  const size_t width = display_width(text);
  std::string out(text);
  if (width < columns) out.append(columns - width, ' ');
  return out;
}

std::string pad_left(std::string_view text, size_t columns) {
  const size_t width = display_width(text);
  return width < columns ? std::string(columns - width, ' ').append(text) : std::string(text);
}

}  // namespace jiuyou::util
