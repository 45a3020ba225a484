#include "gis/io/text_encoding.hpp"

#include <iconv.h>

#include <cerrno>

#include "gis/util/utf8.hpp"

namespace jiuyou::io {

// One UTF-8 validator for the whole program (gis/util/utf8).
bool is_valid_utf8(std::string_view s) { return util::is_valid_utf8(s); }

std::string sanitize_utf8(std::string_view s) { return is_valid_utf8(s) ? std::string(s) : util::to_valid_utf8(s); }

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
