// libFuzzer target: numbers, coordinates and codes as county tables write them (gis/io/numbers.hpp), Chinese numerals
// (gis/io/chinese_numerals.hpp) among them. Every input must end in a value or "not a number", never a crash, a hang,
// a read past the text or a number that is not finite.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "gis/io/chinese_numerals.hpp"
#include "gis/io/numbers.hpp"

using namespace jiuyou::io;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::vector<std::pair<std::string, double>> suffixes = {{"万元", 1e4}, {"千元", 1e3}, {"元", 1}, {"万", 1e4}, {"亿", 1e8}};
  const std::string text(reinterpret_cast<const char*>(data), size);
  for (const bool fraction : {false, true})
    if (const auto v = parse_number(text, NumberWords{&suffixes, fraction}); v && !std::isfinite(*v)) std::abort();
  if (const auto v = chinese_number(text); v && !std::isfinite(*v)) std::abort();
  if (const auto v = parse_coordinate(text); v && !std::isfinite(*v)) std::abort();
  (void)normalise_code(text);
  return 0;
}
