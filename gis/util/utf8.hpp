#pragma once
// Every text value that reaches an output (XLSX, HTML, GeoPackage) is UTF-8:
// Excel refuses a workbook with one bad byte, a browser shows mojibake, QGIS
// drops the feature. Text is checked after decoding (GBK -> UTF-8), where a
// wrong .cpg or --encoding shows as invalid sequences.
#include <cstddef>
#include <string>
#include <string_view>

#include "gis/model/error.hpp"
#include "gis/model/feature_table.hpp"

namespace jiuyou::util {

// Byte offset of the first invalid UTF-8 sequence (overlong forms, surrogates,
// code points above U+10FFFF, truncated sequences), or npos when `s` is valid.
size_t first_invalid_utf8(std::string_view s);
inline bool is_valid_utf8(std::string_view s) { return first_invalid_utf8(s) == std::string_view::npos; }
// `s` with each invalid sequence replaced by U+FFFD (for messages that quote bad text).
std::string to_valid_utf8(std::string_view s);
// The code point starting at byte `i` of `s`, advancing `i` past it; an
// invalid sequence reads as U+FFFD and advances one byte. `i` < s.size().
char32_t next_code_point(std::string_view s, size_t& i);

// A format error (exit 4) naming `file`, the layer, the feature (source FID)
// and the field of the first text value that is not UTF-8, with the bytes
// shown and a hint on the encoding; success when every text value is valid.
Result<void> require_utf8_text(const FeatureTable& table, const std::string& file);
// The same for one value (a name read from a CSV, ...): `what` names it.
Result<void> require_utf8(std::string_view value, const std::string& file, const std::string& what);

}  // namespace jiuyou::util
