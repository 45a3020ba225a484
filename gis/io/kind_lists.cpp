#include "gis/io/kind_lists.hpp"

#include <map>
#include <optional>
#include <set>
#include <vector>

#include "gis/io/numbers.hpp"
#include "gis/model/table_rows.hpp"

namespace jiuyou::io {

namespace {

// `text` cut at every separator, each part without surrounding spaces; empty parts dropped.
std::vector<std::string> parts_of(const std::string& text, const std::vector<std::string>& separators) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t cut = std::string::npos, width = 0;
    for (const std::string& s : separators)
      if (const size_t at = text.find(s, start); !s.empty() && at != std::string::npos && at < cut) cut = at, width = s.size();
    std::string part = text.substr(start, cut == std::string::npos ? std::string::npos : cut - start);
    const size_t a = part.find_first_not_of(" \t"), b = part.find_last_not_of(" \t");
    if (a != std::string::npos) out.push_back(part.substr(a, b - a + 1));
    if (cut == std::string::npos) break;
    start = cut + width;
  }
  return out;
}

// The kind a part names: the project's mapping, else the vocabulary's.
std::optional<std::string> kind_of(const std::string& part, const std::map<std::string, std::string>& project, const ValueTable& vt) {
  if (const auto it = project.find(value_key(part)); it != project.end()) return it->second;
  return vt.lookup(part);
}

}  // namespace

void split_listed_kinds(FeatureTable& t, const LayerSpec& spec, const std::string& kind, const Vocabulary& vocab, IssueLog& log) {
  const ValueTable* vt = vocab.table_for(kind, "kind");
  const Column* col = t.column("kind");
  if (vt == nullptr || vt->split.empty() || col == nullptr || col->type() != FieldType::text) return;
  std::map<std::string, std::string> project;
  if (const auto it = spec.values.find("kind"); it != spec.values.end())
    for (const auto& [from, to] : it->second) project[value_key(from)] = to;
  std::vector<size_t> rows;
  std::vector<std::string> kinds;  // the raw kind of each new row
  size_t split = 0;
  std::string example;
  for (size_t r = 0; r < t.size(); ++r) {
    const std::string raw = col->is_null(r) ? std::string() : std::string(col->get_text(r));
    std::vector<std::string> parts = project.count(value_key(raw)) ? std::vector<std::string>{} : parts_of(raw, vt->split);
    std::set<std::string> distinct;
    bool all = parts.size() >= 2;
    for (const std::string& p : parts) {
      const auto k = all ? kind_of(p, project, *vt) : std::nullopt;
      all = all && k.has_value();
      if (k) distinct.insert(*k);
    }
    if (!all || distinct.size() < 2) {
      rows.push_back(r);
      kinds.push_back(raw);
      continue;
    }
    ++split;
    if (example.empty()) example = "「" + raw + "」";
    for (const std::string& p : parts) {
      rows.push_back(r);
      kinds.push_back(p);
    }
  }
  if (split == 0) return;
  const size_t before = t.size();
  t = copy_rows(t, rows);
  Column out("kind", FieldType::text);
  out.reserve(kinds.size());
  for (const std::string& k : kinds) k.empty() ? out.push_null() : out.push_text(k);
  *t.column("kind") = std::move(out);
  Issue i;
  i.severity = Severity::info;
  i.code = "kinds_split";
  i.file = t.source;
  i.layer = t.name;
  i.field = spec.fields.count("kind") ? spec.fields.at("kind") : std::string("kind");
  i.message = "图层 " + t.name + "：" + with_thousands(split) + " 个要素的类型列了几种（如 " + example + "，一处多用），已按每种各一个设施读入（同一位置，" +
              with_thousands(before) + " 个要素读作 " + with_thousands(t.size()) + " 个）";
  i.hint = "若它们其实不是一处多用，把类型改成一种";
  log.add(std::move(i));
}

}  // namespace jiuyou::io
