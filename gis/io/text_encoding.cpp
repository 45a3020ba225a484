#include "gis/io/text_encoding.hpp"

#include <cpl_conv.h>
#include <cpl_string.h>

namespace jiuyou::io {

bool is_valid_utf8(std::string_view s) {
  size_t i = 0;
  const auto* b = reinterpret_cast<const unsigned char*>(s.data());
  while (i < s.size()) {
    const unsigned char c = b[i];
    size_t n = 0;
    if (c < 0x80) { ++i; continue; }
    if ((c & 0xE0) == 0xC0) { n = 1; if (c < 0xC2) return false; }
    else if ((c & 0xF0) == 0xE0) n = 2;
    else if ((c & 0xF8) == 0xF0) { n = 3; if (c > 0xF4) return false; }
    else return false;
    for (size_t k = 1; k <= n; ++k) {
      if (i + k >= s.size() || (b[i + k] & 0xC0) != 0x80) return false;
    }
    if (n == 2) {
      const unsigned cp = ((c & 0x0Fu) << 12) | ((b[i + 1] & 0x3Fu) << 6) | (b[i + 2] & 0x3Fu);
      if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    } else if (n == 3) {
      const unsigned cp = ((c & 0x07u) << 18) | ((b[i + 1] & 0x3Fu) << 12) | ((b[i + 2] & 0x3Fu) << 6) | (b[i + 3] & 0x3Fu);
      if (cp < 0x10000 || cp > 0x10FFFF) return false;
    }
    i += n + 1;
  }
  return true;
}

std::string decode_to_utf8(std::string_view s, const std::string& encoding) {
  const std::string in(s);
  char* out = CPLRecode(in.c_str(), encoding.empty() ? "CP936" : encoding.c_str(), CPL_ENC_UTF8);
  std::string result = out ? out : in;
  CPLFree(out);
  return result;
}

}  // namespace jiuyou::io
