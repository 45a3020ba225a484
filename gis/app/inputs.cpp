#include "gis/app/inputs.hpp"

#include <filesystem>
#include <system_error>

#include "gis/report/output_folder.hpp"
#include "gis/report/result_meta.hpp"
#include "gis/util/utf8.hpp"

namespace fs = std::filesystem;

namespace jiuyou::app {
namespace {

// A path on this machine's disk (not PG:, /vsizip/... or a URL).
bool on_disk(const std::string& path) { return !path.empty() && path.find(':') == std::string::npos && path.rfind("/vsi", 0) != 0; }

fs::path resolved(const std::string& path) {
  std::error_code ec;
  fs::path p = fs::weakly_canonical(fs::absolute(path, ec), ec);
  return ec ? fs::absolute(path) : p;
}

// `inner` is `outer` or lies below it.
bool within(const fs::path& inner, const fs::path& outer) {
  const fs::path rel = inner.lexically_relative(outer);
  return !rel.empty() && *rel.begin() != "..";
}

bool same_file(const fs::path& a, const fs::path& b) {
  std::error_code ec;
  return fs::exists(a, ec) && fs::exists(b, ec) && fs::equivalent(a, b, ec);
}

}  // namespace

std::vector<std::string> project_inputs(const io::Project& project, const std::string& rule_file) {
  std::vector<std::string> inputs{project.path};
  for (const auto& layer : project.layers) inputs.push_back(layer.path);
  if (!project.reference_codes.empty()) {
    const fs::path codes(project.reference_codes);
    inputs.push_back(codes.is_relative() ? (fs::path(project.dir) / codes).string() : codes.string());
  }
  if (!rule_file.empty()) inputs.push_back(rule_file);
  return inputs;
}

std::vector<std::string> document_inputs(const std::string& input, const std::string& project_path) {
  std::vector<std::string> inputs{input};
  if (project_path.empty()) return inputs;
  auto project = io::load_project(project_path);
  if (!project) return inputs;  // a recorded project that is gone: nothing of it is read
  for (std::string& p : project_inputs(*project, "")) inputs.push_back(std::move(p));
  return inputs;
}

Result<void> refuse_overwriting_inputs(const std::string& output, bool output_is_folder, const std::vector<std::string>& inputs,
                                       const std::string& option) {
  const fs::path out = resolved(output);
  for (const auto& input : inputs) {
    if (!on_disk(input)) continue;
    const fs::path in = resolved(input);
    std::error_code ec;
    const bool clash = out == in || same_file(out, in) || (output_is_folder && within(in, out)) || (fs::is_directory(in, ec) && within(out, in));
    if (!clash) continue;
    const std::string how = out == in || same_file(out, in) ? "is" : output_is_folder && within(in, out) ? "contains" : "lies inside";
    return error(ErrorCode::input, option + " " + how + " an input of this run (" + input + "); writing there would destroy it")
        .file(output)
        .hint(output_is_folder ? "choose an output folder that holds none of the inputs" : "write to another file name");
  }
  return {};
}

Result<void> refuse_writing_into_output_set(const std::string& output, const std::string& option) {
  if (!on_disk(output)) return {};
  const fs::path folder = resolved(output).parent_path();
  for (const std::string& name : report::output_gpkg_names()) {
    std::error_code ec;
    if (!fs::is_regular_file(folder / name, ec)) continue;
    const auto meta = report::read_result_meta((folder / name).string());
    const std::string kind = meta && *meta && !(*meta)->kind.empty() ? (*meta)->kind : "";
    const std::string run = kind.empty() ? "a jiuyou run" : "`jiuyou " + kind + "`";
    const fs::path beside = folder.parent_path() / (folder.filename().string() + "_" + resolved(output).filename().string());
    return error(ErrorCode::input, option + " lies in the output folder of " + run + " (" + folder.string() + ", which holds " + name +
                                       "); that folder is one set, replaced as a whole by its next run: a file written there would replace one of "
                                       "its outputs or stand in that run's way")
        .file(output)
        .hint("write beside the folder, not into it: " + option + " " + beside.string());
  }
  return {};
}

Result<void> require_utf8_layers(const Workspace& ws, const io::Project& project) {
  for (const auto& table : ws.layers) {
    const io::LayerSpec* spec = project.layer(table.name);
    TRY(util::require_utf8_text(table, spec != nullptr ? spec->path : project.path));
  }
  return {};
}

}  // namespace jiuyou::app
