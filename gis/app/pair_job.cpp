#include "gis/io/schema.hpp"
#include "gis/app/pair_job.hpp"

#include <algorithm>
#include <map>

#include <cctype>
#include <filesystem>

#include "gis/app/inputs.hpp"
#include "gis/io/load.hpp"
#include "gis/io/project_subset.hpp"
#include "gis/pair/report.hpp"
#include "gis/pair/townships.hpp"
#include "gis/pair/units.hpp"
#include "gis/report/check_caveats.hpp"
#include "gis/util/output_set.hpp"
#include "gis/util/test_hooks.hpp"
#include "gis/util/utf8.hpp"

namespace fs = std::filesystem;

namespace jiuyou::app {
namespace {

using Loaded = std::pair<pair::PairProblem, pair::PairSettings>;

std::string lower_ext(const std::string& path) {
  std::string e = fs::path(path).extension().string();
  for (auto& c : e) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return e;
}

// [pair] of a project file, with existing_pairs taken relative to the project.
Result<pair::PairSettings> project_settings(const io::Project& project) {
  ASSIGN_OR_RETURN(pair::PairSettings s, pair::parse_pair_settings(project.toml_text, project.path));
  if (!s.existing_pairs.empty() && fs::path(s.existing_pairs).is_relative()) s.existing_pairs = (fs::path(project.dir) / s.existing_pairs).string();
  return s;
}

Result<FeatureTable> read_checked(const io::LayerSpec& spec) {
  IssueLog log;
  ASSIGN_OR_RETURN(FeatureTable table, io::read_layer(spec, log));
  TRY(util::require_utf8_text(table, spec.path));
  return table;
}

io::LayerSpec file_layer(const std::string& name, const std::string& path) {
  io::LayerSpec spec;
  spec.name = name;
  spec.path = path;
  return spec;
}

// The name of the county a GeoPackage holds (its "county" layer's names, as jiuyou synth writes it), or "".
std::string county_name_in(const std::string& gpkg) {
  IssueLog log;
  auto county = io::read_layer(file_layer("county", gpkg), log);
  if (!county || county->size() == 0) return {};
  const Column* name = county->column("name");
  if (name == nullptr) return {};
  // Several counties (two synth counties appended): all of them, as check's documents name them (tour 11 K14).
  std::string out;
  for (size_t r = 0; r < county->size(); ++r)
    if (!name->is_null(r)) out += (out.empty() ? "" : "、") + util::to_valid_utf8(name->as_text(r));
  return out;
}

// Key townships of several counties: a name two units share (two counties' 永铺镇) is led by its county's name
// (the county layer's, by the code's first 6 digits), else followed by its code, so that a pair never reads
// "永铺镇 → 青山镇" twice (tour 11 K29/K33).
void name_counties(pair::PairProblem& p, const io::LayerSpec& county_spec) {
  std::map<std::string, size_t> named;
  for (const pair::Unit& u : p.units) ++named[u.name];
  if (std::none_of(named.begin(), named.end(), [](const auto& n) { return n.second > 1; })) return;
  IssueLog log;
  std::map<std::string, std::string> county_of;
  if (auto county = io::read_layer(county_spec, log); county && county->column("code") != nullptr && county->column("name") != nullptr)
    for (size_t r = 0; r < county->size(); ++r) county_of[county->column("code")->as_text(r)] = util::to_valid_utf8(county->column("name")->as_text(r));
  for (pair::Unit& u : p.units) {
    if (named[u.name] < 2) continue;
    const auto it = u.code.size() >= 6 ? county_of.find(u.code.substr(0, 6)) : county_of.end();
    u.name = it != county_of.end() && !it->second.empty() ? it->second + u.name : u.name + "（" + u.code + "）";
  }
}

struct KeyTownshipLayers {
  FeatureTable townships, villages;
  std::vector<std::string> warnings_zh;  // load issues that change a figure (a unit read against its header, codes that did not join)
};

Result<KeyTownshipLayers> file_layers(const io::LayerSpec& townships, const io::LayerSpec& villages) {
  KeyTownshipLayers out;
  ASSIGN_OR_RETURN(out.townships, read_checked(townships));
  ASSIGN_OR_RETURN(out.villages, read_checked(villages));
  return out;
}

// A project's townships and villages as the check reads them: the statistics tables joined onto the villages,
// their vocabularies and units applied (tour 15 P5: an office's poor_population comes from its 村级统计 table),
// each layer in its own CRS as a file's would be. The load's warnings that change a figure travel with the plan.
Result<KeyTownshipLayers> project_layers(const io::Project& project) {
  io::Project part = project;
  io::only_layers(part, {"townships", io::target_layer});
  io::LoadOptions options;
  options.reproject = false;
  ASSIGN_OR_RETURN(Workspace ws, io::load_workspace(part, options));
  KeyTownshipLayers out;
  out.townships = std::move(*ws.layer("townships"));
  out.villages = std::move(*ws.layer(io::target_layer));
  TRY(util::require_utf8_text(out.townships, out.townships.source));
  TRY(util::require_utf8_text(out.villages, out.villages.source));
  for (const Issue& i : ws.issues.entries())
    if (!report::caveat_effect(i.code).empty()) out.warnings_zh.push_back(i.message);
  return out;
}

// The key-township scenario: townships and villages layers of a project or a GeoPackage (jiuyou synth's county.gpkg).
Result<Loaded> load_key_townships(const PairJob& job, const std::optional<io::Project>& project) {
  pair::PairSettings settings;
  io::LayerSpec townships_spec = file_layer("townships", job.input), villages_spec = file_layer(io::target_layer, job.input);
  if (project) {
    ASSIGN_OR_RETURN(settings, project_settings(*project));
    const io::LayerSpec* t = project->layer("townships");
    const io::LayerSpec* v = project->layer(io::target_layer);
    if (t == nullptr || v == nullptr)
      return error(ErrorCode::project, std::string("the project has no ") + (t == nullptr ? "townships" : "villages") + " layer")
          .file(project->path)
          .hint("--key-townships needs [layers.townships] and [layers.villages] (villages.township = townships.code)");
  } else {
    settings.params.mode = pair::PairMode::one_to_one;  // 结对帮扶: one developed township per key township
  }
  ASSIGN_OR_RETURN(KeyTownshipLayers layers, project ? project_layers(*project) : file_layers(townships_spec, villages_spec));
  pair::KeyTownshipParams kp;
  kp.key_townships = job.key_townships;
  kp.helpers = job.helper_townships;
  ASSIGN_OR_RETURN(pair::PairProblem problem, pair::key_township_problem(layers.townships, layers.villages, kp));
  for (const std::string& w : layers.warnings_zh) problem.warnings_zh.push_back(w), problem.basis_zh.push_back(w);
  problem.area_name = project ? project->name : county_name_in(job.input);
  const io::LayerSpec* county = project ? project->layer("county") : nullptr;
  name_counties(problem, county != nullptr ? *county : file_layer("county", job.input));
  return Loaded{std::move(problem), settings};
}

Result<Loaded> load_project_units(const io::Project& project) {
  ASSIGN_OR_RETURN(pair::PairSettings settings, project_settings(project));
  const io::LayerSpec* spec = project.layer("units");
  if (spec == nullptr)
    return error(ErrorCode::project, "the project has no units layer").file(project.path).hint("add [layers.units] with path = \"units.gpkg\" (fields code, name, role, ...)");
  ASSIGN_OR_RETURN(const FeatureTable table, read_checked(*spec));
  ASSIGN_OR_RETURN(pair::PairProblem problem, pair::problem_from_units_table(table, spec->fields));
  problem.area_name = project.name;
  return Loaded{std::move(problem), settings};
}

// A pairs table with seat coordinates stands for its own units; any other CSV (or GDAL source) is a units table.
Result<Loaded> load_units_file(const PairJob& job) {
  const bool csv = lower_ext(job.input) == ".csv";
  if (csv) {
    auto pairs = pair::read_pairs(job.input);
    if (pairs && pairs->has_positions) {
      ASSIGN_OR_RETURN(pair::PairProblem problem, pair::problem_from_pairs(*pairs, job.input));
      return Loaded{std::move(problem), {}};
    }
    if (!pairs && pairs.error().field != "helper_code" && pairs.error().field != "helped_code") return tl::unexpected(pairs.error());
  }
  io::LayerSpec spec = file_layer("units", job.input);
  if (csv) {
    spec.x_field = "lon";
    spec.y_field = "lat";
    spec.crs = CrsRef::epsg(4490);
  }
  ASSIGN_OR_RETURN(const FeatureTable table, read_checked(spec));
  ASSIGN_OR_RETURN(pair::PairProblem problem, pair::problem_from_units_table(table));
  return Loaded{std::move(problem), {}};
}

// Names and codes reach the workbook and the page: UTF-8 or a named error.
Result<void> require_utf8_units(const pair::PairProblem& problem) {
  for (const auto& u : problem.units) {
    TRY(util::require_utf8(u.code, problem.source, "unit code"));
    TRY(util::require_utf8(u.name, problem.source, "name of unit " + util::to_valid_utf8(u.code)));
  }
  return {};
}

Result<void> apply_overrides(const PairJob& job, pair::PairParams& params) {
  if (!job.mode.empty()) {
    ASSIGN_OR_RETURN(params.mode, pair::parse_pair_mode(job.mode));
  }
  if (job.replan) params.replan = true;
  if (job.candidates) params.candidates = *job.candidates;
  if (job.max_distance_km) params.max_distance_km = *job.max_distance_km;
  if (job.funds_unit_cny) params.funds_unit_cny = *job.funds_unit_cny;
  return {};
}

}  // namespace

const std::vector<std::string>& pair_output_names() {
  static const std::vector<std::string> names{"links.gpkg", "pairs.xlsx", "pairs.html"};
  return names;
}

Result<PairRun> run_pair(const PairJob& job) {
  report_progress(job.progress, 0.0, "loading units");
  std::optional<io::Project> project;
  if (lower_ext(job.input) == ".toml") {
    ASSIGN_OR_RETURN(project, io::load_project(job.input));
  }
  Result<Loaded> loaded = job.key_townships > 0 ? load_key_townships(job, project) : project ? load_project_units(*project) : load_units_file(job);
  if (!loaded) return tl::unexpected(loaded.error());
  PairRun run{std::move(loaded->first), std::move(loaded->second.params), {}};
  TRY(require_utf8_units(run.problem));
  TRY(apply_overrides(job, run.params));
  const std::string existing = !job.existing.empty() ? job.existing : loaded->second.existing_pairs;
  std::vector<std::string> inputs = project ? project_inputs(*project, {}) : std::vector<std::string>{job.input};
  if (!existing.empty()) inputs.push_back(existing);
  TRY(refuse_overwriting_inputs(job.out_dir, true, inputs, "--out"));
  ASSIGN_OR_RETURN(auto set, util::OutputSet::open(job.out_dir, {"pair", pair_output_names()}));
  if (!existing.empty()) {
    report_progress(job.progress, 0.2, "reading existing pairs");
    ASSIGN_OR_RETURN(const pair::PairsTable pairs, pair::read_pairs(existing));
    run.problem.existing = pairs.pairs;
    run.problem.pairs_source = existing;
    if (pairs.by_name) {
      TRY(pair::resolve_pair_names(run.problem.existing, run.problem.units, existing));
      run.problem.basis_zh.push_back("现有结对表只写了名称，已按单位表的名称对应到代码（每个名称只对应一个单位）");
    }
    run.problem.basis_zh.insert(run.problem.basis_zh.end(), pairs.units_zh.begin(), pairs.units_zh.end());
  }
  report_progress(job.progress, 0.3, "planning");
  auto planned = pair::plan_pairs(run.problem, run.params);
  if (!planned) return tl::unexpected(normalize_cancelled(planned.error()));
  run.plan = std::move(*planned);
  report_progress(job.progress, 0.8, "writing outputs");
  TRY(util::test_hook("writing"));
  if (auto ok = pair::write_pair_outputs(set->staging(), run.problem, run.plan, run.params); !ok) return tl::unexpected(set->rename_in(ok.error()));
  TRY(set->commit());
  report_progress(job.progress, 1.0, "done");
  return run;
}

}  // namespace jiuyou::app
