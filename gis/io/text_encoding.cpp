#include "gis/io/text_encoding.hpp"

#include <iconv.h>

#include <cerrno>

namespace jiuyou::io {

namespace {

// The length of the valid UTF-8 sequence at `i`, or 0 if the bytes there are not one.
size_t utf8_sequence(std::string_view s, size_t i) {
  const auto* b = reinterpret_cast<const unsigned char*>(s.data());
  const unsigned char c = b[i];
  size_t n = 0;
  if (c < 0x80) return 1;
  if ((c & 0xE0) == 0xC0) { n = 1; if (c < 0xC2) return 0; }
  else if ((c & 0xF0) == 0xE0) n = 2;
  else if ((c & 0xF8) == 0xF0) { n = 3; if (c > 0xF4) return 0; }
  else return 0;
  for (size_t k = 1; k <= n; ++k)
    if (i + k >= s.size() || (b[i + k] & 0xC0) != 0x80) return 0;
  if (n == 2) {
    const unsigned cp = ((c & 0x0Fu) << 12) | ((b[i + 1] & 0x3Fu) << 6) | (b[i + 2] & 0x3Fu);
    if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  } else if (n == 3) {
    const unsigned cp = ((c & 0x07u) << 18) | ((b[i + 1] & 0x3Fu) << 12) | ((b[i + 2] & 0x3Fu) << 6) | (b[i + 3] & 0x3Fu);
    if (cp < 0x10000 || cp > 0x10FFFF) return 0;
  }
  return n + 1;
}

}  // namespace

bool is_valid_utf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const size_t n = utf8_sequence(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::string sanitize_utf8(std::string_view s) {
  if (is_valid_utf8(s)) return std::string(s);
  std::string out;
  out.reserve(s.size() + 8);
  for (size_t i = 0; i < s.size();) {
    const size_t n = utf8_sequence(s, i);
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

std::string decode_to_utf8(std::string_view s, const std::string& encoding, bool* invalid) {
  iconv_t cd = iconv_open("UTF-8", encoding.empty() ? "CP936" : encoding.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    if (invalid) *invalid = true;
    return sanitize_utf8(s);
  }
  std::string out;
  std::string in(s);
  char* src = in.data();
  size_t left = in.size();
  char buf[4096];
  while (left > 0) {
    char* dst = buf;
    size_t room = sizeof buf;
    const size_t r = iconv(cd, &src, &left, &dst, &room);
    out.append(buf, static_cast<size_t>(dst - buf));
    if (r == static_cast<size_t>(-1) && errno != E2BIG) {  // EILSEQ/EINVAL: a byte that is no character here
      out += "\xEF\xBF\xBD";
      if (invalid) *invalid = true;
      ++src;
      --left;
    }
  }
  iconv_close(cd);
  return out;
}

}  // namespace jiuyou::io
