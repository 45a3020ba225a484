#pragma once
// Chinese attribute text: legacy GBK/GB18030 files without a .cpg come back as
// raw bytes. Valid UTF-8 is kept; anything else is decoded from the given
// encoding (CP936 by default) and the caller logs that it did so.
#include <string>
#include <string_view>

namespace jiuyou::io {

bool is_valid_utf8(std::string_view s);
// Decodes `s` from `encoding` ("CP936", "GB18030", "GBK", ...) to UTF-8 (GDAL's CPLRecode/iconv).
std::string decode_to_utf8(std::string_view s, const std::string& encoding);

}  // namespace jiuyou::io
