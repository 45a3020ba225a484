#pragma once
// Whether a range holds a value: std::ranges::contains before C++23 (g++ 12 lacks it).
#include <algorithm>

namespace jiuyou::util {

template <class Range, class T>
bool contains(const Range& range, const T& value) {
  return std::ranges::find(range, value) != std::ranges::end(range);
}

}  // namespace jiuyou::util
