#include "src/render/image.hpp"

#include <stb/stb_image_write.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace jiuyou::render {

Result<void> write_png(const Image& image, const std::string& path) {
  if (image.width <= 0 || image.height <= 0 || image.rgba.size() != static_cast<size_t>(image.width) * static_cast<size_t>(image.height) * 4)
    return fail(ErrorCode::internal, "write_png: image has no pixels");
  namespace fs = std::filesystem;
  const fs::path target(path);
  std::error_code ec;
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  if (!fs::is_directory(dir, ec))
    return error(ErrorCode::io, "output directory does not exist").file(path).hint("create " + dir.string() + " first");
  const fs::path tmp = dir / ("." + target.filename().string() + ".tmp" + std::to_string(::getpid()));
  const int ok = stbi_write_png(tmp.c_str(), image.width, image.height, 4, image.rgba.data(), image.width * 4);
  if (ok == 0) {
    fs::remove(tmp, ec);
    return error(ErrorCode::io, "cannot write PNG").file(path).hint("check that the directory is writable and the disk not full");
  }
  fs::rename(tmp, target, ec);
  if (ec) {
    fs::remove(tmp, ec);
    return error(ErrorCode::io, "cannot rename the temporary PNG into place: " + ec.message()).file(path);
  }
  return {};
}

}  // namespace jiuyou::render
