#include "gis/io/osm_rules.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <toml++/toml.h>

#include "gis/io/vocab.hpp"

namespace jiuyou::io {

namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool value_matches(const std::string& value, const std::vector<std::string>& wanted) {
  return std::any_of(wanted.begin(), wanted.end(), [&](const std::string& w) {
    if (w == "*") return true;
    if (w.size() > 1 && w.front() == '*') return ends_with(value, std::string_view(w).substr(1));
    return value == w;
  });
}

Error rule_error(const std::string& path, size_t index, const std::string& what) {
  return error(ErrorCode::rules, "import rule " + std::to_string(index + 1) + ": " + what).file(path).hint("see the head of data/vocab/osm.toml and docs/osm.md");
}

// A table of key -> list of strings (match, fields).
Result<std::vector<std::pair<std::string, std::vector<std::string>>>> lists(const toml::table& rule, const char* key, const std::string& path, size_t index) {
  std::vector<std::pair<std::string, std::vector<std::string>>> out;
  const toml::node* n = rule.get(key);
  if (!n) return out;
  const auto* t = n->as_table();
  if (!t) return tl::unexpected<Error>(rule_error(path, index, std::string(key) + " must be a table of lists"));
  for (const auto& [k, v] : *t) {
    const auto* arr = v.as_array();
    if (!arr || arr->empty()) return tl::unexpected<Error>(rule_error(path, index, std::string(key) + "." + std::string(k.str()) + " must be a non-empty list of strings"));
    std::vector<std::string> items;
    for (const auto& e : *arr) {
      if (!e.is_string()) return tl::unexpected<Error>(rule_error(path, index, std::string(key) + "." + std::string(k.str()) + " must be a list of strings"));
      items.push_back(*e.value<std::string>());
    }
    out.emplace_back(std::string(k.str()), std::move(items));
  }
  return out;
}

Result<OsmRule> parse_rule(const toml::table& t, const std::string& path, size_t index) {
  OsmRule r;
  r.layer = t["layer"].value_or(std::string());
  if (r.layer.empty()) return tl::unexpected<Error>(rule_error(path, index, "names no layer (layer = \"roads\")"));
  const std::string geometry = t["geometry"].value_or(std::string());
  if (geometry != "point" && geometry != "line") return tl::unexpected<Error>(rule_error(path, index, "geometry must be \"point\" or \"line\""));
  r.geometry = geometry == "point" ? GeometryKind::point : GeometryKind::line;
  auto match = lists(t, "match", path, index);
  if (!match) return tl::unexpected<Error>(match.error());
  if (match->empty()) return tl::unexpected<Error>(rule_error(path, index, "has no match (match = { highway = [\"track\"] }): it would take every feature"));
  r.match = std::move(*match);
  auto fields = lists(t, "fields", path, index);
  if (!fields) return tl::unexpected<Error>(fields.error());
  r.fields = std::move(*fields);
  if (const toml::node* s = t.get("set")) {
    const auto* st = s->as_table();
    if (!st) return tl::unexpected<Error>(rule_error(path, index, "set must be a table of field = \"value\""));
    for (const auto& [k, v] : *st) {
      if (!v.is_string()) return tl::unexpected<Error>(rule_error(path, index, "set." + std::string(k.str()) + " must be text"));
      r.set.emplace_back(std::string(k.str()), *v.value<std::string>());
    }
  }
  return r;
}

}  // namespace

bool OsmRule::matches(const OsmTags& tags) const {
  return std::all_of(match.begin(), match.end(), [&](const auto& m) {
    auto it = tags.find(m.first);
    return it != tags.end() && value_matches(it->second, m.second);
  });
}

std::map<std::string, std::string> OsmRule::values(const OsmTags& tags) const {
  std::map<std::string, std::string> out;
  for (const auto& [field, keys] : fields)
    for (const auto& k : keys)
      if (auto it = tags.find(k); it != tags.end() && !it->second.empty()) {
        out[field] = it->second;
        break;
      }
  for (const auto& [field, value] : set) out[field] = value;
  return out;
}

std::vector<std::string> OsmRule::field_names() const {
  std::vector<std::string> out;
  for (const auto& f : fields) out.push_back(f.first);
  for (const auto& s : set)
    if (std::find(out.begin(), out.end(), s.first) == out.end()) out.push_back(s.first);
  return out;
}

Result<std::vector<OsmRule>> parse_osm_rules(const std::string& text, const std::string& path) {
  toml::table tbl;
  try {
    tbl = toml::parse(text, path);
  } catch (const toml::parse_error& e) {
    return error(ErrorCode::rules, "malformed vocabulary: " + std::string(e.description()) + " at line " + std::to_string(e.source().begin.line)).file(path);
  }
  const auto* arr = tbl["import"].as_array();
  if (!arr || arr->empty())
    return error(ErrorCode::rules, "the vocabulary has no [[import]] rules: it cannot say which OpenStreetMap features are villages, roads ...").file(path).hint("use vocabulary \"osm\" (data/vocab/osm.toml) or copy its [[import]] rules");
  std::vector<OsmRule> rules;
  for (size_t i = 0; i < arr->size(); ++i) {
    const auto* t = (*arr)[i].as_table();
    if (!t) return tl::unexpected<Error>(rule_error(path, i, "must be a table"));
    auto r = parse_rule(*t, path, i);
    if (!r) return tl::unexpected<Error>(r.error());
    rules.push_back(std::move(*r));
  }
  return rules;
}

Result<std::vector<OsmRule>> load_osm_rules(const std::string& vocabulary) {
  auto vocab = load_vocabulary(vocabulary);
  if (!vocab) return tl::unexpected<Error>(vocab.error());
  if (vocab->file.empty()) return error(ErrorCode::rules, "vocabulary '" + vocabulary + "' has no [[import]] rules").hint("use --vocabulary osm");
  std::ifstream in(vocab->file, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_osm_rules(ss.str(), vocab->file);
}

OsmTags parse_hstore(std::string_view s) {
  OsmTags out;
  size_t i = 0;
  // A quoted string starting at s[i] == '"'; i ends after the closing quote. False when unterminated.
  auto quoted = [&](std::string& into) {
    if (i >= s.size() || s[i] != '"') return false;
    into.clear();
    for (++i; i < s.size(); ++i) {
      if (s[i] == '\\' && i + 1 < s.size()) { into += s[++i]; continue; }
      if (s[i] == '"') { ++i; return true; }
      into += s[i];
    }
    return false;
  };
  std::string key, value;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == ',')) ++i;
    if (i >= s.size() || !quoted(key)) break;
    while (i < s.size() && s[i] == ' ') ++i;
    if (s.substr(i, 2) != "=>") break;
    i += 2;
    while (i < s.size() && s[i] == ' ') ++i;
    if (s.substr(i, 4) == "NULL") { i += 4; continue; }
    if (!quoted(value)) break;
    out[key] = value;
  }
  return out;
}

}  // namespace jiuyou::io
