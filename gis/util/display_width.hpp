#pragma once
// How many terminal columns text takes, for the tables the commands print
// (jiuyou info, validate, check, pair ...): a Chinese character or fullwidth
// punctuation takes two columns, a combining mark none, so padding by bytes
// (printf "%-20s") leaves columns of Chinese names out of line.
#include <cstddef>
#include <string>
#include <string_view>

namespace jiuyou::util {

// Columns one code point takes: 2 for East Asian wide and fullwidth characters
// (CJK ideographs, kana, hangul, fullwidth forms, CJK punctuation), 0 for
// combining marks, zero-width characters and control characters, else 1.
int code_point_width(char32_t cp);
// Columns UTF-8 text takes; an invalid byte counts as one (it shows as U+FFFD).
size_t display_width(std::string_view utf8);
// `text` followed by spaces up to `columns` display columns (left-aligned cell);
// text already as wide or wider is returned unchanged.
std::string pad_right(std::string_view text, size_t columns);
// Spaces then `text`, up to `columns` display columns (right-aligned cell).
std::string pad_left(std::string_view text, size_t columns);

}  // namespace jiuyou::util
