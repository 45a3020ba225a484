#include "gis/io/osm_project.hpp"

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

namespace jiuyou::io {

namespace {

constexpr std::string_view k_marker = "# Written by jiuyou import-osm";

// A TOML basic string.
std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') { out += "\\n"; continue; }
    out += c;
  }
  return out + "\"";
}

// `target` as the project file will name it: relative to the project's folder where possible.
std::string relative_to_project(const std::string& target, const std::string& project) {
  std::error_code ec;
  const fs::path dir = fs::absolute(project, ec).parent_path();
  const fs::path rel = fs::relative(fs::absolute(target, ec), dir, ec);
  return ec || rel.empty() ? fs::absolute(target, ec).string() : rel.generic_string();
}

}  // namespace

Result<void> check_project_replaceable(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return {};
  std::ifstream in(path, std::ios::binary);
  std::string first;
  std::getline(in, first);
  if (first.rfind(k_marker, 0) == 0) return {};
  return error(ErrorCode::io, "a project file import-osm did not write is in the way; it is left as it is").file(path).hint("name another one: --project osm_project.toml");
}

std::string project_text(const OsmImportJob& job, const Boundary& boundary, const OsmImportSummary& sum) {
  std::string t = std::string(k_marker) + " from " + fs::path(job.extract).filename().string() + " (docs/osm.md); a new import replaces it.\n";
  t += "# Layers OpenStreetMap had nothing for are left out: their items are unknown, not failed.\n";
  for (const auto& l : sum.not_written) t += "#   not in the extract: " + l + "\n";
  t += "[project]\n";
  t += "name = " + quoted(boundary.name.empty() ? fs::path(job.out).stem().string() : boundary.name) + "\n";
  t += "metric_crs = \"auto\"\n";
  t += "rules = " + quoted(job.rules) + "\n";
  if (!job.reference_codes.empty()) t += "reference_codes = " + quoted(relative_to_project(job.reference_codes, sum.project_path)) + "\n";
  const std::string gpkg = quoted(relative_to_project(job.out, sum.project_path));
  std::vector<std::string> layers = {"county"};
  for (const auto& [name, n] : sum.written) layers.push_back(name);
  for (const auto& name : layers) t += "\n[layers." + name + "]\npath = " + gpkg + "\nlayer = " + quoted(name) + "\n";
  return t;
}

}  // namespace jiuyou::io
