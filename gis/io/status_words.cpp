#include "gis/io/status_words.hpp"

#include <algorithm>
#include <vector>

#include "gis/io/numbers.hpp"
#include "gis/io/schema.hpp"

namespace jiuyou::io {

namespace {

constexpr const char* k_not_in_use = "not_in_use";

// The name column: the project's `name`, else the first of the vocabulary's name columns the table has; nullptr
// where there is none, or it is the column the kind was read from (a name read as the kind says so itself).
const Column* name_column(const FeatureTable& t, const LayerSpec& spec, const std::string& kind, const Vocabulary& vocab, std::string& shown) {
  const auto source_of = [&](const std::string& field) {
    const auto it = spec.fields.find(field);
    return it == spec.fields.end() ? field : it->second;
  };
  const Column* c = t.column("name");
  shown = source_of("name");
  for (const std::string& column : vocab.default_columns(kind, "name")) {
    if (c != nullptr) break;
    c = t.column(column);
    shown = column;
  }
  if (c == nullptr || c->type() != FieldType::text) return nullptr;
  return shown == source_of("kind") ? nullptr : c;
}

// The first not-there word `name` holds, or "".
std::string absent_word(std::string_view name, const std::vector<std::string>& words) {
  for (const std::string& w : words)
    if (!w.empty() && name.find(w) != std::string_view::npos) return w;
  return {};
}

}  // namespace

void status_from_name(FeatureTable& t, const LayerSpec& spec, const std::string& kind, const Vocabulary& vocab, IssueLog& log) {
  const auto& fields = canonical_fields(kind);
  if (std::none_of(fields.begin(), fields.end(), [](const CanonicalField& f) { return f.name == "status"; })) return;
  const ValueTable* kinds = vocab.table_for(kind, "kind");
  if (kinds == nullptr || kinds->not_before.empty()) return;
  std::string shown;
  const Column* name = name_column(t, spec, kind, vocab, shown);
  if (name == nullptr) return;
  const Column* status = t.column("status");
  std::vector<size_t> rows;
  std::vector<std::string> examples;
  for (size_t r = 0; r < t.size(); ++r) {
    if ((status != nullptr && !status->is_null(r)) || name->is_null(r)) continue;
    const std::string_view n = name->get_text(r);
    if (absent_word(n, kinds->not_before).empty()) continue;
    rows.push_back(r);
    if (examples.size() < 3) examples.push_back("「" + std::string(n) + "」");
  }
  if (rows.empty()) return;
  Column out("status", FieldType::text);
  out.reserve(t.size());
  size_t next = 0;
  for (size_t r = 0; r < t.size(); ++r) {
    if (next < rows.size() && rows[next] == r) {
      out.push_text(k_not_in_use);
      ++next;
    } else if (status != nullptr && !status->is_null(r)) {
      out.push_text(status->get_text(r));
    } else {
      out.push_null();
    }
  }
  if (Column* had = t.column("status")) *had = std::move(out);
  else t.columns.push_back(std::move(out));
  std::string list;
  for (const std::string& e : examples) list += (list.empty() ? "" : "、") + e;
  Issue i;
  i.severity = Severity::warning;
  i.code = "status_from_name";
  i.file = t.source;
  i.layer = t.name;
  i.field = shown;
  i.message = "图层 " + t.name + "：" + with_thousands(rows.size()) + " 个要素的名称（列「" + shown + "」）说它未在使用，如 " + list + (rows.size() > examples.size() ? " 等" : "") +
              "：按「未使用」（status = not_in_use）读入，规则的排除条件不计它们";
  i.hint = "若它们已在使用，改正名称；有状态列的，在 [layers." + spec.name + ".fields] 映射 status = \"状态\"";
  log.add(std::move(i));
}

}  // namespace jiuyou::io
