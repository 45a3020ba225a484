#include "gis/io/han_fold.hpp"

#include <algorithm>
#include <memory>

#include <unicode/translit.h>
#include <unicode/unistr.h>

namespace jiuyou::io {

namespace {

// The process's transliterator, built once (ICU parses its rules then); each thread uses a clone, since a
// Transliterator is not promised to be safe across threads.
const icu::Transliterator* prototype() {
  static const std::unique_ptr<icu::Transliterator> t = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> made(icu::Transliterator::createInstance("Traditional-Simplified", UTRANS_FORWARD, status));
    return U_SUCCESS(status) ? std::move(made) : nullptr;
  }();
  return t.get();
}

const icu::Transliterator* this_threads() {
  thread_local const std::unique_ptr<icu::Transliterator> mine(prototype() != nullptr ? prototype()->clone() : nullptr);
  return mine.get();
}

}  // namespace

std::string simplified_han(std::string_view utf8) {
  const bool ascii = std::all_of(utf8.begin(), utf8.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  const icu::Transliterator* t = ascii ? nullptr : this_threads();
  if (t == nullptr) return std::string(utf8);  // ICU's data without the transliterator: nothing is folded
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  t->transliterate(u);
  std::string out;
  u.toUTF8String(out);
  return out;
}

}  // namespace jiuyou::io
