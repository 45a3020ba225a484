#include "gis/io/archive.hpp"

#include <iconv.h>

#include <algorithm>
#include <cctype>
#include <filesystem>

#include <cpl_conv.h>
#include <cpl_string.h>
#include <cpl_vsi.h>

#include "gis/io/text_encoding.hpp"

namespace fs = std::filesystem;

namespace jiuyou::io {

namespace {

constexpr std::string_view k_vsizip = "/vsizip/";

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// Where ".zip" ends in `path` (followed by the end or '/'), or npos.
size_t zip_end(const std::string& path) {
  const std::string l = lower(path);
  for (size_t at = l.find(".zip"); at != std::string::npos; at = l.find(".zip", at + 1)) {
    const size_t end = at + 4;
    if (end == l.size() || l[end] == '/') return end;
  }
  return std::string::npos;
}

// `s` (UTF-8) in `encoding`'s bytes; nullopt when a character has none there.
std::optional<std::string> encode_from_utf8(const std::string& s, const char* encoding) {
  iconv_t cd = iconv_open(encoding, "UTF-8");
  if (cd == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
  std::string in = s, out(s.size() * 4 + 4, '\0');
  char* src = in.data();
  char* dst = out.data();
  size_t left = in.size(), room = out.size();
  const size_t r = iconv(cd, &src, &left, &dst, &room);
  iconv_close(cd);
  if (r == static_cast<size_t>(-1) || left != 0) return std::nullopt;
  out.resize(out.size() - room);
  return out;
}

bool is_dataset_entry(const std::string& name) {
  static const char* const kinds[] = {".shp", ".gpkg", ".geojson", ".json", ".csv", ".tsv", ".txt", ".xlsx", ".xlsm",
                                      ".xls", ".ods", ".kml", ".fgb", ".gml", ".tab", ".mif", ".sqlite", ".dbf"};
  const std::string ext = lower(fs::path(name).extension().string());
  return std::any_of(std::begin(kinds), std::end(kinds), [&](const char* k) { return ext == k; });
}

std::string stem_of(const std::string& name) { return fs::path(name).stem().string(); }

// The datasets in the archive as GDAL names its entries: a .dbf only where no .shp shares its name.
std::vector<std::string> dataset_entries(const std::string& vsi_root) {
  std::vector<std::string> all;
  if (char** list = VSIReadDirRecursive(vsi_root.c_str())) {
    for (char** p = list; *p; ++p) all.emplace_back(*p);
    CSLDestroy(list);
  }
  std::vector<std::string> out;
  for (const auto& e : all) {
    if (e.empty() || e.back() == '/' || e.rfind("__MACOSX", 0) == 0 || !is_dataset_entry(e)) continue;
    if (lower(fs::path(e).extension().string()) == ".dbf") {
      const std::string shp = lower(fs::path(e).replace_extension(".shp").string());
      if (std::any_of(all.begin(), all.end(), [&](const std::string& o) { return lower(o) == shp; })) continue;
    }
    out.push_back(e);
  }
  return out;
}

std::string list_shown(const std::vector<std::string>& entries) {
  std::string out;
  for (const auto& e : entries) out += (out.empty() ? "" : "、") + shown_entry_name(e);
  return out;
}

bool same_name(const std::string& entry, const std::string& wanted) {
  const std::string shown = shown_entry_name(entry);
  return shown == wanted || entry == wanted || fs::path(shown).filename().string() == wanted;
}

}  // namespace

bool names_archive(const std::string& path) { return path.rfind("PG:", 0) != 0 && zip_end(path) != std::string::npos; }

std::string shown_entry_name(const std::string& gdal_name) {
  const auto raw = encode_from_utf8(gdal_name, "CP437");
  if (!raw || *raw == gdal_name) return gdal_name;
  if (is_valid_utf8(*raw)) return *raw;
  bool invalid = false;
  std::string gbk = decode_to_utf8(*raw, "GB18030", &invalid);
  return invalid ? gdal_name : gbk;
}

Result<ArchiveMember> archive_member(const LayerSpec& spec) {
  std::string path = spec.path;
  if (path.rfind(k_vsizip, 0) == 0) path.erase(0, k_vsizip.size());
  const size_t end = zip_end(path);
  std::string archive = path.substr(0, end);
  if (fs::path(archive).is_relative() && !spec.project_file.empty())  // "/vsizip/村界.zip/…": beside the project, as other paths
    archive = (fs::path(spec.project_file).parent_path() / archive).string();
  const std::string inner = end < path.size() ? path.substr(end + 1) : std::string{};
  std::error_code ec;
  if (!fs::is_regular_file(archive, ec))
    return error(ErrorCode::io, "no such file").file(archive).layer(spec.name).hint("check the path in the project file (paths are relative to it)");
  const std::string root = std::string(k_vsizip) + fs::absolute(archive, ec).string();
  const auto entries = dataset_entries(root);
  const auto shown_archive = fs::path(archive).filename().string();
  if (entries.empty())
    return error(ErrorCode::format, "the archive holds no GIS file (Shapefile, GeoPackage, GeoJSON, CSV, XLSX, …)")
        .file(archive)
        .layer(spec.name)
        .hint("is it the right archive? a .rar or .7z has to be unpacked (or re-packed as .zip) first");
  auto member = [&](const std::string& e, bool layer_chose) {
    return ArchiveMember{root + "/" + e, shown_archive + "/" + shown_entry_name(e), layer_chose};
  };
  if (!inner.empty()) {
    for (const auto& e : entries)
      if (same_name(e, inner)) return member(e, false);
    return error(ErrorCode::format, "the archive has no file named 「" + inner + "」")
        .file(archive)
        .layer(spec.name)
        .hint("files in it: " + list_shown(entries));
  }
  if (entries.size() == 1) return member(entries.front(), false);
  for (const auto& e : entries)
    if (!spec.layer.empty() && (stem_of(shown_entry_name(e)) == spec.layer || same_name(e, spec.layer))) return member(e, true);
  return error(ErrorCode::format, "the archive holds " + std::to_string(entries.size()) + " GIS files; which one is this layer?")
      .file(archive)
      .layer(spec.name)
      .hint("say it in the path, e.g. path = \"" + shown_archive + "/" + shown_entry_name(entries.front()) + "\"; files in it: " + list_shown(entries));
}

}  // namespace jiuyou::io
