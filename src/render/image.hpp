#pragma once
// An RGBA8 picture, rows top-down, and its atomic PNG write.
#include <cstdint>
#include <string>
#include <vector>

#include "gis/model/error.hpp"

namespace jiuyou::render {

struct Rgba {
  uint8_t r = 0, g = 0, b = 0, a = 255;
  friend bool operator==(const Rgba&, const Rgba&) = default;
};

struct Image {
  int width = 0;
  int height = 0;
  std::vector<uint8_t> rgba;  // width * height * 4, row 0 at the top

  [[nodiscard]] Rgba at(int x, int y) const {
    const size_t i = (static_cast<size_t>(y) * static_cast<size_t>(width) + static_cast<size_t>(x)) * 4;
    return {rgba[i], rgba[i + 1], rgba[i + 2], rgba[i + 3]};
  }
};

// Writes `image` as PNG to `path` through a temporary file in the same
// directory renamed at the end: a reader never sees half a picture.
Result<void> write_png(const Image& image, const std::string& path);

}  // namespace jiuyou::render
