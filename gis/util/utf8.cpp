#include "gis/util/utf8.hpp"

#include <cstdint>
#include <cstdio>

namespace jiuyou::util {
namespace {

// Length of the valid sequence starting at s[i], or 0 when it is invalid.
size_t valid_sequence_length(std::string_view s, size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return 1;
  size_t n = 0;
  uint32_t cp = 0, min = 0;
  if ((c & 0xE0) == 0xC0) n = 2, cp = c & 0x1Fu, min = 0x80;
  else if ((c & 0xF0) == 0xE0) n = 3, cp = c & 0x0Fu, min = 0x800;
  else if ((c & 0xF8) == 0xF0) n = 4, cp = c & 0x07u, min = 0x10000;
  else return 0;
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    const auto cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (cc & 0x3Fu);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

// The bytes around `at` as hex, for the message ("d6 d0 b9 fa").
std::string hex_bytes(std::string_view s, size_t at) {
  std::string out;
  for (size_t i = at; i < s.size() && i < at + 6; ++i) {
    char b[4];
    std::snprintf(b, sizeof b, "%02x", static_cast<unsigned>(static_cast<unsigned char>(s[i])));
    if (!out.empty()) out += ' ';
    out += b;
  }
  return out;
}

ErrorBuilder not_utf8(std::string_view value, size_t at, const std::string& file) {
  return error(ErrorCode::format, "text is not valid UTF-8 (bytes " + hex_bytes(value, at) + " at byte " + std::to_string(at) + ": \"" +
                                      to_valid_utf8(value) + "\")")
      .file(file)
      .hint("the source's encoding is not what it says: set encoding = \"CP936\" (GBK) for the layer in the project, fix the .cpg "
            "file, or pass --encoding");
}

}  // namespace

size_t first_invalid_utf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const size_t n = valid_sequence_length(s, i);
    if (n == 0) return i;
    i += n;
  }
  return std::string_view::npos;
}

char32_t next_code_point(std::string_view s, size_t& i) {
  const size_t n = valid_sequence_length(s, i);
  if (n == 0) {
    ++i;
    return U'\uFFFD';
  }
  const auto lead = static_cast<unsigned char>(s[i]);
  char32_t cp = n == 1 ? lead : n == 2 ? (lead & 0x1Fu) : n == 3 ? (lead & 0x0Fu) : (lead & 0x07u);
  for (size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3Fu);
  i += n;
  return cp;
}

std::string to_valid_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const size_t n = valid_sequence_length(s, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(s.substr(i, n));
      i += n;
    }
  }
  return out;
}

Result<void> require_utf8_text(const FeatureTable& table, const std::string& file) {
  for (const auto& col : table.columns) {
    if (col.type() != FieldType::text) continue;
    for (size_t row = 0; row < table.size(); ++row) {
      const std::string_view v = col.get_text(row);
      if (const size_t at = first_invalid_utf8(v); at != std::string_view::npos)
        return not_utf8(v, at, file).layer(table.name).feature(row < table.fid.size() ? table.fid[row] : static_cast<int64_t>(row)).field(col.name());
    }
  }
  return {};
}

Result<void> require_utf8(std::string_view value, const std::string& file, const std::string& what) {
  if (const size_t at = first_invalid_utf8(value); at != std::string_view::npos) {
    Error e = not_utf8(value, at, file);
    e.message = what + ": " + e.message;
    return tl::unexpected(e);
  }
  return {};
}

}  // namespace jiuyou::util
