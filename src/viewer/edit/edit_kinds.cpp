#include "src/viewer/edit/edit_kinds.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <toml++/toml.h>

#include "gis/io/vocab.hpp"
#include "gis/util/data_files.hpp"
#include "gis/util/toml_error.hpp"

namespace jiuyou::viewer {

namespace {

ErrorBuilder kinds_error(const std::string& message, const std::string& source) {
  return error(ErrorCode::input, message).file(source).hint("see data/edit/kinds.toml for the shape");
}

std::vector<std::pair<std::string, std::string>> string_pairs(const toml::table* t) {
  std::vector<std::pair<std::string, std::string>> out;
  if (t)
    for (const auto& [k, v] : *t)
      if (const auto s = v.value<std::string>()) out.emplace_back(std::string(k.str()), *s);
  return out;
}

// The canonical values of the vocabulary table, labelled by `labels` (the value where none).
Result<std::vector<std::pair<std::string, std::string>>> choices_of(const io::Vocabulary& vocab, const std::string& table_name, const toml::table* labels,
                                                                    const std::string& source) {
  const auto it = std::find_if(vocab.tables.begin(), vocab.tables.end(), [&](const io::ValueTable& t) { return t.name == table_name; });
  if (it == vocab.tables.end() || it->canonical.empty())
    return kinds_error("choice_table '" + table_name + "' is not an enum table of vocabulary '" + vocab.id + "'", source);
  const auto named = string_pairs(labels);
  std::vector<std::pair<std::string, std::string>> out;
  for (const std::string& v : it->canonical) {
    const auto l = std::find_if(named.begin(), named.end(), [&](const auto& p) { return p.first == v; });
    out.emplace_back(v, l != named.end() ? l->second : v);
  }
  return out;
}

Result<EditKind> parse_kind(const toml::table& k, const io::Vocabulary& vocab, const std::string& source, size_t index) {
  EditKind e;
  e.label = k["label"].value_or(std::string());
  e.layer = k["layer"].value_or(std::string());
  const std::string geometry = k["geometry"].value_or(std::string());
  const std::string where = "[[kind]] " + std::to_string(index + 1);
  if (e.label.empty() || e.layer.empty() || (geometry != "line" && geometry != "point"))
    return kinds_error(where + " needs label, layer and geometry = \"line\" or \"point\"", source);
  e.point = geometry == "point";
  e.values = string_pairs(k["values"].as_table());
  e.choice = k["choice"].value_or(std::string());
  if (!e.choice.empty()) {
    ASSIGN_OR_RETURN(e.choices, choices_of(vocab, k["choice_table"].value_or(std::string()), k["labels"].as_table(), source));
  }
  return e;
}

}  // namespace

Result<std::vector<EditKind>> parse_edit_kinds(std::string_view toml_text, const std::string& source, const std::string& vocabulary) {
  toml::table root;
  try {
    root = toml::parse(toml_text, source);
  } catch (const toml::parse_error& e) {
    return tl::unexpected(util::toml_syntax_error(e, ErrorCode::input, source, "see data/edit/kinds.toml for the shape"));
  }
  ASSIGN_OR_RETURN(const io::Vocabulary vocab, io::load_vocabulary(vocabulary));
  const toml::array* kinds = root["kind"].as_array();
  if (!kinds || kinds->empty()) return kinds_error("no [[kind]] entries", source);
  std::vector<EditKind> out;
  for (size_t i = 0; i < kinds->size(); ++i) {
    const toml::table* k = (*kinds)[i].as_table();
    if (!k) return kinds_error("[[kind]] " + std::to_string(i + 1) + " is not a table", source);
    ASSIGN_OR_RETURN(EditKind e, parse_kind(*k, vocab, source, i));
    out.push_back(std::move(e));
  }
  return out;
}

Result<std::vector<EditKind>> edit_kinds(const Workspace& ws) {
  static const Result<std::vector<EditKind>> shipped = []() -> Result<std::vector<EditKind>> {
    const auto path = util::find_data_file("edit", "kinds.toml");
    if (!path) return fail(ErrorCode::io, "data/edit/kinds.toml was not found in " + util::data_dirs_text(), "reinstall jiuyou or set JIUYOU_DATA");
    std::ifstream in(*path);
    std::stringstream text;
    text << in.rdbuf();
    return parse_edit_kinds(text.str(), path->string());
  }();
  if (!shipped) return shipped;
  std::vector<EditKind> out;
  for (const EditKind& k : *shipped)
    if (ws.layer(k.layer)) out.push_back(k);
  return out;
}

PlannedFeature planned_feature(const EditKind& kind, std::vector<Vec2> points, int choice) {
  PlannedFeature f;
  f.layer = kind.layer;
  if (kind.point && points.size() > 1) points.resize(1);
  f.parts.push_back(std::move(points));
  for (const auto& [field, value] : kind.values) f.values[field] = value;
  if (!kind.choice.empty() && !kind.choices.empty())
    f.values[kind.choice] = kind.choices[static_cast<size_t>(std::clamp(choice, 0, static_cast<int>(kind.choices.size()) - 1))].first;
  return f;
}

}  // namespace jiuyou::viewer
