#include "gis/util/data_files.hpp"

#include <algorithm>
#include <cstdlib>
#include <system_error>

namespace fs = std::filesystem;

namespace jiuyou::util {

namespace {

std::optional<fs::path> env_dir(const char* name) {
  const char* v = std::getenv(name);
  if (!v || !*v) return std::nullopt;
  return fs::path(v);
}

// The running binary's folder (Linux: /proc/self/exe), or nothing when unknown.
std::optional<fs::path> binary_dir() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec || exe.empty()) return std::nullopt;
  return exe.parent_path();
}

// True when `inner` lies inside `outer` (both made absolute and normal).
bool is_inside(const fs::path& inner, const fs::path& outer) {
  std::error_code ec;
  const fs::path a = fs::weakly_canonical(inner, ec);
  if (ec) return false;
  const fs::path b = fs::weakly_canonical(outer, ec);
  if (ec || b.empty()) return false;
  auto mismatch = std::mismatch(b.begin(), b.end(), a.begin(), a.end());
  return mismatch.first == b.end();
}

bool is_dir(const fs::path& p) {
  std::error_code ec;
  return fs::is_directory(p, ec);
}

}  // namespace

std::vector<fs::path> data_dirs() {
  std::vector<fs::path> dirs;
  for (const char* name : {"JIUYOU_DATA", "JIUYOU_DATA_DIR"})
    if (auto d = env_dir(name); d && is_dir(*d)) dirs.push_back(*d);
  const auto bin = binary_dir();
  if (bin && is_dir(*bin / ".." / "share" / "jiuyou")) {
    // An installed tree is complete in itself: never mixed with a source tree.
    dirs.push_back((*bin / ".." / "share" / "jiuyou").lexically_normal());
    return dirs;
  }
#if defined(JIUYOU_SOURCE_DIR) && defined(JIUYOU_BINARY_DIR)
  if (bin && is_inside(*bin, fs::path(JIUYOU_BINARY_DIR)) && is_dir(fs::path(JIUYOU_SOURCE_DIR) / "data"))
    dirs.push_back(fs::path(JIUYOU_SOURCE_DIR) / "data");
#endif
  return dirs;
}

std::optional<fs::path> find_data_file(std::string_view kind, std::string_view file_name) {
  std::error_code ec;
  for (const auto& d : data_dirs()) {
    const fs::path p = d / kind / file_name;
    if (fs::is_regular_file(p, ec)) return p;
  }
  return std::nullopt;
}

std::vector<std::string> list_data_files(std::string_view kind, std::string_view extension) {
  std::vector<std::string> out;
  for (const auto& d : data_dirs()) {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(d / kind, ec))
      if (e.path().extension() == extension) out.push_back(e.path().stem().string());
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

bool no_data_dir() { return data_dirs().empty(); }

std::string no_data_dir_hint() {
  std::string looked;
  for (const char* name : {"JIUYOU_DATA", "JIUYOU_DATA_DIR"}) {
    const auto d = env_dir(name);
    looked += std::string(looked.empty() ? "" : "、") + "环境变量 " + name + (d ? "（" + d->string() + "，不是目录）" : "（未设置）");
  }
  if (const auto bin = binary_dir()) looked += "、" + (*bin / ".." / "share" / "jiuyou").lexically_normal().string();
  return "查找过：" + looked + "。请把环境变量 JIUYOU_DATA 设为含 rules/ 和 vocab/ 的目录（安装后在 <安装前缀>/share/jiuyou，源码中在 data/），或从安装目录的 bin/ 运行 jiuyou";
}

std::string data_dirs_text() {
  std::string out;
  for (const auto& d : data_dirs()) out += (out.empty() ? "" : ", ") + d.string();
  return out.empty() ? std::string(k_no_data_dir_message) + "；" + no_data_dir_hint() : out;
}

}  // namespace jiuyou::util
