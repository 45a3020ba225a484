#include "gis/io/schema.hpp"
#include "src/render/compare_document.hpp"

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <unordered_map>

#include "gis/compare/compare_report.hpp"
#include "gis/model/table_rows.hpp"
#include "gis/report/result_meta.hpp"
#include "src/render/transition_style.hpp"

namespace jiuyou::render {

namespace fs = std::filesystem;

namespace {

std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  for (std::string s; std::getline(in, s, ',');)
    if (!s.empty()) out.push_back(s);
  return out;
}

std::string joined(const std::vector<std::string>& pairs) {
  std::string out;
  for (const auto& p : pairs) out += (out.empty() ? "" : ", ") + p;
  return out;
}

// The later year's project (its own key, else the latest year's), loaded; nullopt with a note when gone.
std::optional<Workspace> load_base(const report::ResultMeta& meta, const std::string& later, const io::LoadOptions& load, Document& doc) {
  const auto it = meta.extra.find(std::string(compare::k_meta_project_of) + later);
  std::error_code ec;
  const std::string path = it != meta.extra.end() && fs::exists(it->second, ec) ? it->second : meta.project_path;
  if (path.empty()) {
    doc.notes.push_back("比较结果未记录项目 (由检查结果比较而来): 只显示村庄。");
    return std::nullopt;
  }
  auto project = io::load_project(path);
  auto ws = project ? io::load_workspace(*project, load) : Result<Workspace>(tl::unexpected(project.error()));
  if (!ws) {
    doc.notes.push_back("找不到或无法载入 " + later + " 年的项目 (" + path + "): 只显示村庄。" + ws.error().message);
    return std::nullopt;
  }
  doc.project_path = path;
  doc.rule_set = project->rules;
  return std::move(*ws);
}

// The pair's villages layer of compare.gpkg, named "villages", in `crs` (empty: the file's own).
Result<FeatureTable> load_pair_villages(const std::string& path, const std::string& pair, const CrsRef& crs) {
  io::Project p;
  p.path = path;
  p.dir = fs::path(path).parent_path().string();
  p.name = fs::path(path).stem().string();
  io::LayerSpec spec;
  spec.name = std::string(compare::k_compare_villages_prefix) + pair;
  spec.path = path;
  spec.layer = spec.name;
  p.layers.push_back(spec);
  io::LoadOptions own;
  own.metric_crs = crs;
  ASSIGN_OR_RETURN(Workspace ws, io::load_workspace(p, own));
  FeatureTable* t = ws.layer(spec.name);
  if (t == nullptr) return error(ErrorCode::format, "the compare result has no villages of this pair").file(path).layer(spec.name);
  FeatureTable out = std::move(*t);
  out.name = "villages";
  return out;
}

// How severe a row's class is: its place in the legend (the alerts first).
size_t severity_rank(const FeatureTable& t, size_t row) {
  const std::vector<std::string>& order = transition_labels();
  const std::string label = village_transition(t, row).label;
  return static_cast<size_t>(std::find(order.begin(), order.end(), label) - order.begin());
}

}  // namespace

FeatureTable one_row_per_village(const FeatureTable& villages) {
  const Column* after = villages.column("code_after");
  if (after == nullptr) return villages;
  std::unordered_map<std::string, size_t> kept_of;  // later code -> its place in `kept`
  std::vector<size_t> kept;
  for (size_t r = 0; r < villages.size(); ++r) {
    const std::string code = after->is_null(r) ? std::string() : after->as_text(r);
    if (code.empty()) {  // a village that disappeared: drawn where it was, each one
      kept.push_back(r);
      continue;
    }
    const auto [it, fresh] = kept_of.try_emplace(code, kept.size());
    if (fresh) kept.push_back(r);
    else if (severity_rank(villages, r) < severity_rank(villages, kept[it->second])) kept[it->second] = r;
  }
  if (kept.size() == villages.size()) return villages;
  return copy_rows(villages, kept);
}

bool is_compare_output(const std::string& path) {
  if (fs::path(path).extension() != ".gpkg") return false;
  auto meta = report::read_result_meta(path);
  return meta && *meta && (*meta)->kind == compare::k_compare_kind;
}

std::optional<size_t> find_pair(const std::vector<std::string>& pairs, const std::string& wanted) {
  if (pairs.empty()) return std::nullopt;
  if (wanted.empty()) return pairs.size() - 1;
  std::string w = wanted;
  for (char& c : w)
    if (c == '-') c = '_';
  for (size_t i = 0; i < pairs.size(); ++i) {
    const std::string& p = pairs[i];
    if (p == w || (p.size() > w.size() && p.compare(p.size() - w.size(), w.size(), w) == 0 && p[p.size() - w.size() - 1] == '_')) return i;
  }
  return std::nullopt;
}

std::string item_title(const CompareDocument& cd, const std::string& item) {
  if (const std::string named = item_title_in(cd.doc.rule_set, item); named != item) return named;
  const auto it = cd.item_names.find(item);
  return it != cd.item_names.end() ? it->second : std::string("指标");
}

Result<CompareDocument> open_compare_document(const std::string& path, const std::string& pair, const io::LoadOptions& load) {
  ASSIGN_OR_RETURN(auto meta, report::read_result_meta(path));
  if (!meta || meta->kind != compare::k_compare_kind)
    return error(ErrorCode::input, "not a result of `jiuyou compare` (no compare metadata)").file(path).hint("give the compare.gpkg that `jiuyou compare --out DIR` wrote");
  CompareDocument cd;
  cd.pairs = split_commas(meta->extra[std::string(compare::k_meta_pairs)]);
  const auto shown = find_pair(cd.pairs, pair);
  if (!shown)
    return error(ErrorCode::input, cd.pairs.empty() ? "the compare result lists no pair of years" : "no pair of years '" + pair + "' in this compare result")
        .file(path)
        .hint("pairs here: " + (cd.pairs.empty() ? std::string("(none)") : joined(cd.pairs)) + "; e.g. --pair 2024-2025");
  cd.shown = *shown;
  const std::string name_key(compare::k_meta_item_name);
  for (const auto& [key, value] : meta->extra)
    if (key.rfind(name_key, 0) == 0 && !value.empty()) cd.item_names[key.substr(name_key.size())] = value;
  const std::string& chosen = cd.pairs[cd.shown];
  const std::string later = chosen.substr(chosen.find('_') + 1);
  std::optional<Workspace> base = load_base(*meta, later, load, cd.doc);
  ASSIGN_OR_RETURN(FeatureTable villages, load_pair_villages(path, chosen, base ? base->metric_crs : load.metric_crs));
  if (!base) {
    base.emplace();
    base->name = fs::path(path).parent_path().filename().string();
    base->metric_crs = villages.crs;
  }
  std::erase_if(base->layers, [](const FeatureTable& l) { return l.name == io::target_layer; });
  base->layers.push_back(one_row_per_village(villages));
  base->name += " · 年度变化 " + pair_title(chosen);
  cd.doc.ws = std::move(*base);
  return cd;
}

}  // namespace jiuyou::render
