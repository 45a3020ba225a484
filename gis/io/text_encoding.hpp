#pragma once
// Chinese attribute text: legacy GBK/GB18030 files without a .cpg come back as
// raw bytes. Valid UTF-8 is kept; anything else is decoded from the given
// encoding (CP936 by default) and the caller logs that it did so.
#include <string>
#include <string_view>

namespace jiuyou::io {

bool is_valid_utf8(std::string_view s);
// Decodes `s` from `encoding` ("CP936", "GB18030", "GBK", ...) to UTF-8 (iconv); bytes that are no
// character in it become U+FFFD and set `*invalid`.
std::string decode_to_utf8(std::string_view s, const std::string& encoding, bool* invalid = nullptr);

}  // namespace jiuyou::io

namespace jiuyou::io {

// `s` with every invalid UTF-8 sequence replaced by U+FFFD (valid input is returned unchanged).
std::string sanitize_utf8(std::string_view s);

}  // namespace jiuyou::io
