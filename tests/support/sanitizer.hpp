#pragma once
// Whether the test runs in a sanitizer build (the asan preset, CI's second pass),
// where the program runs 3-5 times slower. The slowest tests then take a smaller
// size that still runs the same code (docs/ci.md lists them); a normal build
// keeps the full size, so nothing a test checks is weaker.
#include <initializer_list>
#include <vector>

namespace jiuyou::test {

#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool kSanitized = true;
#else
inline constexpr bool kSanitized = false;
#endif
#else
inline constexpr bool kSanitized = false;
#endif

// The values of a parameterised test (e.g. seeds): all of them in a normal
// build, only the first one under the sanitizers.
template <typename T>
std::vector<T> all_or_first_under_sanitizers(std::initializer_list<T> values) {
  if (kSanitized) return {*values.begin()};
  return values;
}

}  // namespace jiuyou::test
