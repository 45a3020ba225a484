#pragma once
// Traditional Chinese characters folded to simplified ones (縣道 → 县道, 瀝青 → 沥青, 村衛生室 → 村卫生室), so a
// file typed on a 繁体 Windows or by a surveyor trained in Hong Kong or Taiwan meets the same vocabulary (tour 18
// S13: every 縣道 and 瀝青 was unknown, and 82 villages' roads failed). ICU's Traditional-Simplified
// transliterator does the work; this is its thin adapter.
#include <string>
#include <string_view>

namespace jiuyou::io {

// `utf8` with its traditional characters replaced by simplified ones; ASCII-only text is returned as it is
// without calling ICU. Thread-safe (one transliterator per thread).
std::string simplified_han(std::string_view utf8);

}  // namespace jiuyou::io
