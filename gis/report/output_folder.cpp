#include "gis/report/output_folder.hpp"

#include <filesystem>

namespace jiuyou::report {

namespace fs = std::filesystem;

const std::vector<std::string>& output_gpkg_names() {
  static const std::vector<std::string> names{"result.gpkg", "compare.gpkg", "relocation.gpkg", "links.gpkg", "invest.gpkg"};
  return names;
}

Result<std::string> gpkg_in_folder(const std::string& path, const std::vector<std::string>& names, const std::string& hint) {
  std::error_code ec;
  if (!fs::is_directory(path, ec)) return path;
  std::string looked;
  for (const std::string& name : names) {
    const fs::path gpkg = fs::path(path) / name;
    if (fs::is_regular_file(gpkg, ec)) return gpkg.string();
    looked += (looked.empty() ? "" : ", ") + name;
  }
  return error(ErrorCode::io, names.size() == 1 ? "this folder holds no " + looked : "a folder that holds no output of jiuyou (" + looked + ")")
      .file(path)
      .hint(hint);
}

}  // namespace jiuyou::report
