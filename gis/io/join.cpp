#include "gis/io/join.hpp"

#include <unordered_map>
#include <unordered_set>

#include "gis/io/load_detail.hpp"
#include "gis/io/numbers.hpp"

namespace jiuyou::io {

namespace {

constexpr size_t k_listed = 200;  // unmatched rows listed one by one (the summary names the first 10)

std::string key_text(const Column& key, size_t row) { return normalise_code(key.as_text(row)); }

// "420323100201 柳林村" for messages.
std::string row_label(const FeatureTable& t, const Column& key, size_t row) {
  std::string s = key.as_text(row);
  if (const Column* name = t.column("name"); name && !name->is_null(row)) s += " " + name->as_text(row);
  return s;
}

std::string first_labels(const std::vector<std::string>& labels) {
  std::string out;
  for (size_t i = 0; i < labels.size() && i < 10; ++i) out += (i ? "，" : "") + labels[i];
  return labels.size() > 10 ? out + " …" : out;
}

struct JoinMatch {
  std::vector<int> row_of_target;        // table row per target row, -1 if none
  std::vector<size_t> unmatched_target;  // target rows without a table row
  std::vector<size_t> orphan_rows;       // table rows matching no target
};

JoinMatch match_rows(const FeatureTable& target, const Column& tkey, const FeatureTable& table, const Column& key, const LayerSpec& spec, IssueLog& log) {
  std::unordered_map<std::string, size_t> row_of;
  for (size_t i = 0; i < table.size(); ++i) {
    if (key.is_null(i)) continue;
    auto [it, inserted] = row_of.emplace(key_text(key, i), i);
    if (!inserted)
      add_issue(log, Severity::warning, "duplicate_join_key", spec, table.fid[i], spec.join_key, "key '" + key.as_text(i) + "' appears more than once; the first row is used");
  }
  JoinMatch m;
  m.row_of_target.assign(target.size(), -1);
  std::unordered_set<size_t> used;
  for (size_t r = 0; r < target.size(); ++r) {
    auto it = tkey.is_null(r) ? row_of.end() : row_of.find(key_text(tkey, r));
    if (it == row_of.end()) { m.unmatched_target.push_back(r); continue; }
    m.row_of_target[r] = static_cast<int>(it->second);
    used.insert(it->second);
  }
  for (const auto& [k, row] : row_of)
    if (!used.count(row)) m.orphan_rows.push_back(row);
  std::sort(m.orphan_rows.begin(), m.orphan_rows.end());
  return m;
}

void copy_columns(FeatureTable& target, const FeatureTable& table, const JoinMatch& m, const LayerSpec& spec) {
  for (const Column& src : table.columns) {
    if (src.name() == spec.join_key) continue;
    Column out(src.name(), src.type());
    out.reserve(target.size());
    for (size_t r = 0; r < target.size(); ++r) {
      if (m.row_of_target[r] < 0) out.push_null();
      else out.append_from(src, static_cast<size_t>(m.row_of_target[r]));
    }
    if (Column* existing = target.column(src.name())) *existing = std::move(out);  // the joined table's values win (the newer statistics)
    else target.columns.push_back(std::move(out));
  }
}

void report_unmatched(const FeatureTable& target, const Column& tkey, const FeatureTable& table, const Column& key, const JoinMatch& m,
                      const LayerSpec& spec, IssueLog& log) {
  if (!m.unmatched_target.empty()) {
    std::vector<std::string> labels;
    for (size_t r : m.unmatched_target) labels.push_back(tkey.is_null(r) ? "(无代码) fid " + std::to_string(target.fid[r]) : row_label(target, tkey, r));
    add_issue(log, Severity::warning, "join_unmatched", spec, -1, spec.join_key,
              target.name + " 的 " + with_thousands(target.size()) + " 个要素中有 " + with_thousands(m.unmatched_target.size()) + " 个在 " + spec.name +
                  " 中没有对应的行（" + first_labels(labels) + "）；它们来自该表的字段记为未知",
              "核对两个文件里的代码（12 位数字，没有空格）");
    for (size_t i = 0; i < m.unmatched_target.size() && i < k_listed; ++i) {
      Issue is;
      is.severity = Severity::warning;
      is.code = "join_unmatched_row";
      is.file = target.source;
      is.layer = target.name;
      is.feature = target.fid[m.unmatched_target[i]];
      is.field = spec.join_key;
      is.message = labels[i] + " 在 " + spec.name + " 中没有对应的行";
      log.add(std::move(is));
    }
  }
  if (!m.orphan_rows.empty()) {
    std::vector<std::string> labels;
    for (size_t r : m.orphan_rows) labels.push_back(row_label(table, key, r));
    add_issue(log, Severity::warning, "join_orphans", spec, -1, spec.join_key,
              spec.name + " 中有 " + with_thousands(m.orphan_rows.size()) + " 行在 " + target.name + " 中找不到（" + first_labels(labels) + "），没有用上");
    for (size_t i = 0; i < m.orphan_rows.size() && i < k_listed; ++i)
      add_issue(log, Severity::warning, "join_orphan_row", spec, table.fid[m.orphan_rows[i]], spec.join_key, labels[i] + " 在 " + target.name + " 中找不到");
  }
}

}  // namespace

void join_attributes(FeatureTable& target, const FeatureTable& table, const LayerSpec& spec, IssueLog& log) {
  const Column* key = table.column(spec.join_key);
  const Column* tkey = target.column(spec.join_key);
  if (!key || !tkey) {
    add_issue(log, Severity::error, "join_key_missing", spec, -1, spec.join_key,
              "the join key is missing in " + std::string(!key ? spec.name : target.name) + "; nothing was joined",
              "set join_key = \"...\" or map the key column in [layers." + spec.name + ".fields]");
    return;
  }
  const JoinMatch m = match_rows(target, *tkey, table, *key, spec, log);
  report_unmatched(target, *tkey, table, *key, m, spec, log);  // before copy_columns: it may move target's columns (and tkey)
  copy_columns(target, table, m, spec);
}

}  // namespace jiuyou::io
