#include "gis/synth/synth_target.hpp"

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

namespace jiuyou::synth {
namespace {

// The mark both synth project files carry in their first comment lines.
constexpr const char* kSynthMark = "written by `jiuyou synth";

bool written_by_synth(const fs::path& project_file) {
  std::ifstream in(project_file);
  std::string head(512, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<size_t>(in.gcount()));
  return head.find(kSynthMark) != std::string::npos;
}

// The files a name stands for: a shapefile is its .shp and sidecars.
std::vector<std::string> files_of(const std::string& name) {
  const fs::path p(name);
  if (p.extension() != ".shp") return {name};
  std::vector<std::string> out;
  for (const char* ext : {".shp", ".shx", ".dbf", ".prj", ".cpg"}) out.push_back(fs::path(name).replace_extension(ext).string());
  return out;
}

// The first of `names` present in DIR, or "".
std::string first_present(const fs::path& dir, const std::vector<std::string>& names) {
  std::error_code ec;
  for (const auto& name : names)
    for (const auto& f : files_of(name))
      if (fs::exists(fs::symlink_status(dir / f, ec))) return f;
  return {};
}

}  // namespace

Result<void> refuse_replacing_foreign_county(const std::string& dir, const std::vector<std::string>& names) {
  const std::string clash = first_present(dir, names);
  if (clash.empty() || written_by_synth(fs::path(dir) / "project.toml")) return {};
  return error(ErrorCode::io, "the output folder holds '" + clash +
                                  "', which `jiuyou synth` would replace, and it is not a county that synth wrote (its project.toml does not say so)")
      .file(dir)
      .hint("choose a new or empty --out folder: synth never replaces a county's own files");
}

}  // namespace jiuyou::synth
