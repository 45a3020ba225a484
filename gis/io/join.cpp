#include "gis/io/join.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "gis/io/load_detail.hpp"
#include "gis/io/numbers.hpp"

namespace jiuyou::io {

namespace {

constexpr size_t k_listed = 200;  // unmatched rows listed one by one (the summary names the first 10)

std::string bare_name(std::string s);

// The key as code text; nullopt where it is null or its digits were lost ("4.20323E+11"
// stands for no one code: never matched to 420323000000). A name key as its bare name: 石门, 石门村 and 石门村委会 are
// one village (tour 20 V1: 100 villages unmatched).
std::optional<std::string> key_text(const Column& key, size_t row) {
  if (key.is_null(row)) return std::nullopt;
  if (key.name() == "name") {
    std::string bare = bare_name(key.as_text(row));
    return bare.empty() ? std::nullopt : std::optional<std::string>(std::move(bare));
  }
  return normalise_code(key.as_text(row));
}

// "420323100201 柳林村" for messages.
std::string row_label(const FeatureTable& t, const Column& key, size_t row) {
  std::string s = key.is_null(row) ? "第 " + std::to_string(t.fid[row]) + " 行（无代码）" : key.as_text(row);
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

// Two rows of the table that say the same (a row pasted twice) rather than two different records.
bool same_row(const FeatureTable& table, size_t a, size_t b) {
  for (const Column& c : table.columns)
    if (c.is_null(a) != c.is_null(b) || (!c.is_null(a) && c.as_text(a) != c.as_text(b))) return false;
  return true;
}

// The table's rows by key. A key on two rows that differ is ambiguous: which row is the
// village's? (Two 新村 in different townships joined by name, or a code typed twice.)
struct KeyedRows {
  std::unordered_map<std::string, size_t> row_of;
  std::unordered_set<std::string> ambiguous;
  std::vector<size_t> keyless;  // rows with no key at all (a 村代码 cell left empty): never joined, said as orphans
};

// Keys whose digits a spreadsheet lost: those rows match no village; said once for the table.
void report_lost_keys(const FeatureTable& table, const std::vector<size_t>& rows, const Column& key, const LayerSpec& spec, IssueLog& log) {
  if (rows.empty()) return;
  std::vector<std::string> labels;
  for (size_t r : rows) labels.push_back("「" + key.as_text(r) + "」");
  add_issue(log, Severity::warning, "code_digits_lost", spec, table.fid[rows.front()], spec.join_key,
            spec.name + " 的连接列 " + spec.join_key + " 中有 " + with_thousands(rows.size()) + " 个代码以科学计数法保存，已丢失位数（" + first_labels(labels) +
                "）：这些行无法对应到村，不会当作别的代码",
            k_code_digits_lost_hint);
}

// Whether row `r` holds a figure but neither a key nor a name: a continuation of the row above (tour 20 M2: a village
// over two rows, 一组 and 二组, its 村代码 and 村名 left blank on the second), not a row of its own.
bool continuation_row(const FeatureTable& table, const Column& key, size_t r) {
  const Column* name = table.column("name");
  if (!key.is_null(r) || (name != nullptr && !name->is_null(r))) return false;
  return std::any_of(table.columns.begin(), table.columns.end(), [&](const Column& c) { return &c != &key && c.is_numeric() && !c.is_null(r); });
}

// Keyless rows right under a keyed row (or under such a continuation) make that key's village ambiguous: which row
// is its figure? Said once per village; the rows are not said again as rows without a code.
void take_continuations(const FeatureTable& table, const Column& key, const LayerSpec& spec, KeyedRows& k, IssueLog& log) {
  std::vector<size_t> kept;
  std::optional<std::string> owner;
  size_t owner_row = 0, last = 0;
  for (size_t r : k.keyless) {
    const bool under = r > 0 && (key_text(key, r - 1).has_value() || (owner && last == r - 1));
    if (!under || !continuation_row(table, key, r)) {
      kept.push_back(r);
      continue;
    }
    if (const auto above = key_text(key, r - 1)) owner = above, owner_row = r - 1;
    last = r;
    if (!k.ambiguous.insert(*owner).second) continue;
    add_issue(log, Severity::warning, "join_continuation_row", spec, table.fid[r], spec.join_key,
              "第 " + std::to_string(table.fid[r]) + " 行没有代码也没有村名，紧接在 " + row_label(table, key, owner_row) +
                  " 的下面，像是该村的第二行（分组填报？）：无法判断哪一行的数属于该村，该村来自这张表的字段记为未知",
              "把该村的数合并为一行（或填在同一行的各列里），或给这一行补上它自己的代码和村名");
  }
  k.keyless = std::move(kept);
}

KeyedRows key_rows(const FeatureTable& table, const Column& key, const LayerSpec& spec, IssueLog& log) {
  KeyedRows k;
  std::vector<size_t> lost;
  // Codes whose digits a spreadsheet lost were made empty when the table was read (and said): those rows are not
  // rows without a code. Only where none was lost is an empty code a row's own (tour 17 R13).
  const bool digits_lost = std::any_of(log.entries().begin(), log.entries().end(),
                                       [&](const Issue& i) { return i.code == "code_digits_lost" && i.layer == spec.name; });
  for (size_t i = 0; i < table.size(); ++i) {
    const auto text = key_text(key, i);
    if (!text) {
      if (!key.is_null(i)) lost.push_back(i);
      else if (!digits_lost) k.keyless.push_back(i);
      continue;
    }
    auto [it, inserted] = k.row_of.emplace(*text, i);
    if (inserted) continue;
    if (same_row(table, it->second, i)) {
      add_issue(log, Severity::info, "duplicate_join_row", spec, table.fid[i], spec.join_key, "代码 " + key.as_text(i) + " 的这一行出现了两次，只用一次");
    } else if (k.ambiguous.insert(*text).second) {
      add_issue(log, Severity::warning, "duplicate_join_key", spec, table.fid[i], spec.join_key,
                "代码 " + key.as_text(i) + " 出现在内容不同的几行上（第一行是要素 " + std::to_string(table.fid[it->second]) +
                    "），无法判断哪一行属于该村：该村来自这张表的字段记为未知",
                "每个代码只保留一行（按代码连接，不要按名称：不同乡镇的村名会重复）");
    }
  }
  report_lost_keys(table, lost, key, spec, log);
  if (!digits_lost) take_continuations(table, key, spec, k, log);
  return k;
}

// The FIDs of the target's features whose key is `text` ("0、250").
std::string features_with(const FeatureTable& target, const Column& tkey, const std::string& text) {
  std::string s;
  for (size_t r = 0; r < target.size(); ++r)
    if (key_text(tkey, r) == text) s += (s.empty() ? "要素 " : "、") + std::to_string(target.fid[r]);
  return s;
}

JoinMatch match_rows(const FeatureTable& target, const Column& tkey, const FeatureTable& table, const Column& key, const LayerSpec& spec, IssueLog& log) {
  const KeyedRows k = key_rows(table, key, spec, log);
  std::unordered_map<std::string, size_t> targets_with;
  for (size_t r = 0; r < target.size(); ++r)
    if (const auto text = key_text(tkey, r)) ++targets_with[*text];
  JoinMatch m;
  m.row_of_target.assign(target.size(), -1);
  std::unordered_set<size_t> used;
  std::unordered_set<std::string> said_shared;
  for (size_t r = 0; r < target.size(); ++r) {
    const auto key_of_target = key_text(tkey, r);
    const std::string text = key_of_target.value_or(std::string());
    auto it = key_of_target ? k.row_of.find(text) : k.row_of.end();
    if (it == k.row_of.end()) { m.unmatched_target.push_back(r); continue; }
    used.insert(it->second);
    if (k.ambiguous.count(text)) continue;  // said with the key
    if (targets_with[text] > 1) {  // two villages with one key: whose row is it? (said once, on the table's row)
      if (said_shared.insert(text).second)
        add_issue(log, Severity::warning, "join_key_shared", spec, table.fid[it->second], spec.join_key,
                  target.name + "（" + target.source + "）中有 " + std::to_string(targets_with[text]) + " 个要素（" + features_with(target, tkey, text) + "）的 " +
                      spec.join_key + " 都是 '" + tkey.as_text(r) + "'，" + spec.name + " 的这一行属于哪一个无法判断：它们来自该表的字段记为未知",
                  spec.join_key == "code" ? "在 " + target.source + " 中核对这几个要素：同一个村的几块村域应当属性相同（会合并为一个村），不同的村应当有不同的代码"
                                          : std::string("按代码连接（join_key = \"code\"），名称在不同乡镇会重复"));
      continue;
    }
    m.row_of_target[r] = static_cast<int>(it->second);
  }
  for (const auto& [key_value, row] : k.row_of)
    if (!used.count(row)) m.orphan_rows.push_back(row);
  m.orphan_rows.insert(m.orphan_rows.end(), k.keyless.begin(), k.keyless.end());  // tour 17 R13: a row without a code is said
  std::sort(m.orphan_rows.begin(), m.orphan_rows.end());
  return m;
}

// The columns that say which feature a row is, not what is measured there: the target's own
// values stand, and the table's are only used to check the join (reject_name_mismatches).
constexpr const char* k_identity_columns[] = {"name"};

bool is_identity_column(const FeatureTable& target, const std::string& column) {
  return target.column(column) && std::find(std::begin(k_identity_columns), std::end(k_identity_columns), column) != std::end(k_identity_columns);
}

// A name as written, without surrounding spaces (ASCII or ideographic), a remark in brackets after it (（贫困村）) or a
// trailing 村/社区/村委会/村民委员会/居委会: "下刘家坪", "下刘家坪村 " and "下刘家坪村民委员会（贫困村）" name the same village.
std::string bare_name(std::string s) {
  auto strip = [&s](std::string_view piece, bool front) {
    if (s.size() < piece.size()) return false;
    if (front ? s.compare(0, piece.size(), piece) != 0 : s.compare(s.size() - piece.size(), piece.size(), piece) != 0) return false;
    s.erase(front ? 0 : s.size() - piece.size(), piece.size());
    return true;
  };
  for (bool again = true; again;) again = strip(" ", true) || strip("\u3000", true) || strip(" ", false) || strip("\u3000", false);
  for (const auto& [open, close] : {std::pair<std::string_view, std::string_view>{"（", "）"}, {"(", ")"}})
    if (s.size() > close.size() && s.ends_with(close))
      if (const size_t at = s.rfind(open); at != std::string::npos && at > 0) s.erase(at);
  // 东闫家河村村委会: the village's full name and then its committee; each ending once, the longest first
  for (std::string_view suffix : {"村民委员会", "村委会", "居民委员会", "居委会", "社区", "村"})
    if (s.size() > suffix.size()) strip(suffix, false);
  return s;
}

// Whether two names are one village's: equal when bare, or one the other with its township in front (茶营镇方家畈村).
bool same_village_name(const std::string& a, const std::string& b) {
  const std::string x = bare_name(a), y = bare_name(b);
  if (x == y) return true;
  const std::string& longer = x.size() > y.size() ? x : y;
  const std::string& shorter = x.size() > y.size() ? y : x;
  if (shorter.empty() || !longer.ends_with(shorter)) return false;
  const std::string_view front = std::string_view(longer).substr(0, longer.size() - shorter.size());
  for (std::string_view unit : {"镇", "乡", "街道", "街道办事处", "办事处"})
    if (front.size() > unit.size() && front.ends_with(unit)) return true;
  return false;
}

// A row joined by code whose name is another village's (a column pasted one row off after a
// sort, a code typed wrong) would judge the village on its neighbour's figures: its fields
// from the table become unknown, and the rows are named.
void reject_name_mismatches(const FeatureTable& target, const Column& tkey, const FeatureTable& table, JoinMatch& m, const LayerSpec& spec, IssueLog& log) {
  const Column* own = target.column("name");
  const Column* theirs = table.column("name");
  if (!own || !theirs || spec.join_key == "name") return;
  std::vector<size_t> rejected;
  std::vector<std::string> labels;
  for (size_t r = 0; r < target.size(); ++r) {
    const int row = m.row_of_target[r];
    if (row < 0 || own->is_null(r) || theirs->is_null(static_cast<size_t>(row))) continue;
    const std::string a = own->as_text(r), b = theirs->as_text(static_cast<size_t>(row));
    if (same_village_name(a, b)) continue;
    rejected.push_back(r);
    labels.push_back(tkey.as_text(r) + " " + a + "（表中：" + b + "）");
    m.row_of_target[r] = -1;
  }
  if (rejected.empty()) return;
  add_issue(log, Severity::warning, "join_name_mismatch", spec, -1, "name",
            spec.name + " 中有 " + with_thousands(rejected.size()) + " 行的村名与 " + target.name + " 中同一代码的村名不同（" + first_labels(labels) +
                "）：可能整列错位或代码填错，这些村来自该表的字段记为未知",
            "核对表格中这些行的代码和村名（排序时是否只排了一列）；村名以 " + target.name + " 为准");
  for (size_t i = 0; i < rejected.size() && i < k_listed; ++i) {
    Issue is;
    is.severity = Severity::warning;
    is.code = "join_name_mismatch_row";
    is.file = target.source;
    is.layer = target.name;
    is.feature = target.fid[rejected[i]];
    is.field = "name";
    is.message = labels[i] + "：村名与表中同一代码的村名不同";
    log.add(std::move(is));
  }
}

// `row` of `from` appended to `out`, whose type may be wider (two sheets typed one column differently).
void append_as(Column& out, const Column& from, size_t row) {
  if (from.type() == out.type()) return out.append_from(from, row);
  if (from.is_null(row)) return out.push_null();
  if (out.type() == FieldType::real && from.number(row)) return out.push_real(*from.number(row));
  out.push_text(from.as_text(row));
}

// The type two tables' columns of one name are joined as: theirs when they agree, real for two kinds of number, else text.
FieldType joined_type(FieldType a, FieldType b) {
  if (a == b) return a;
  const auto numeric = [](FieldType t) { return t == FieldType::integer || t == FieldType::real || t == FieldType::boolean; };
  return numeric(a) && numeric(b) ? FieldType::real : FieldType::text;
}

// Whether two cells say the same (numbers by value: 2 and 2.0 agree).
bool same_value(const Column& a, size_t ra, const Column& b, size_t rb) {
  const auto x = a.number(ra), y = b.number(rb);
  if (x && y) return std::abs(*x - *y) <= 1e-9 * std::max(1.0, std::abs(*x));
  return a.as_text(ra) == b.as_text(rb);
}

// One village's column on which two joined tables disagree, for the warning.
struct Dispute {
  size_t row;
  std::string column, earlier_table, earlier_value, value;
};

// The table's columns onto the target. The joined table's values win over the target's own (the newer statistics)
// where it has a value; where its cell is empty the target's own value stands (tour 20 J1: a blank cell erased the
// village layer's 户籍人口), counted in `kept_own`. Over an earlier joined table's value only where that had none:
// two tables that give different values make it unknown (JoinState).
std::vector<Dispute> copy_columns(FeatureTable& target, const FeatureTable& table, const JoinMatch& m, const LayerSpec& spec, JoinState& state,
                                  size_t& kept_own) {
  std::vector<Dispute> disputes;
  const int here = static_cast<int>(state.names.size()) - 1;
  for (const Column& src : table.columns) {
    if (src.name() == spec.join_key || is_identity_column(target, src.name())) continue;
    const Column* before = target.column(src.name());  // an earlier joined table's, or the target's own
    std::vector<int>& writer = state.writer[src.name()];
    std::vector<uint8_t>& disputed = state.disputed[src.name()];
    writer.resize(target.size(), -1);
    disputed.resize(target.size(), 0);
    Column out(src.name(), before ? joined_type(before->type(), src.type()) : src.type());
    out.reserve(target.size());
    for (size_t r = 0; r < target.size(); ++r) {
      const int row = m.row_of_target[r];
      const bool has = row >= 0 && !src.is_null(static_cast<size_t>(row));
      const bool had = before != nullptr && !before->is_null(r);
      if (disputed[r]) { out.push_null(); continue; }
      if (has && had && writer[r] >= 0 && !same_value(*before, r, src, static_cast<size_t>(row))) {
        disputes.push_back({r, src.name(), state.names[static_cast<size_t>(writer[r])], before->as_text(r), src.as_text(static_cast<size_t>(row))});
        disputed[r] = 1;
        out.push_null();
      } else if (has) {
        append_as(out, src, static_cast<size_t>(row));
        writer[r] = here;
      } else if (had && (row >= 0 || state.written.count(src.name()))) {  // a blank cell, or a row an earlier table had
        append_as(out, *before, r);
        kept_own += row >= 0 && writer[r] < 0 ? 1 : 0;
      } else {
        out.push_null();
      }
    }
    if (Column* existing = target.column(src.name())) *existing = std::move(out);
    else target.columns.push_back(std::move(out));
    state.written.insert(src.name());
  }
  return disputes;
}

// Two tables' different figures for one village, said once per table with examples; the values are unknown.
void report_disputes(const FeatureTable& target, const std::vector<Dispute>& disputes, const LayerSpec& spec, const std::string& this_table, IssueLog& log) {
  if (disputes.empty()) return;
  const Column* tkey = target.column(spec.join_key);
  std::set<size_t> villages;
  std::string examples;
  // The column as the table's header names it (村集体经济收入), with the standard name the rules read.
  const auto header = [&](const std::string& column) {
    const auto it = spec.fields.find(column);
    return it == spec.fields.end() || it->second == column ? column : "「" + it->second + "」（" + column + "）";
  };
  for (const Dispute& d : disputes) {
    if (villages.insert(d.row).second && villages.size() <= 5)
      examples += (examples.empty() ? "" : "；") + (tkey ? row_label(target, *tkey, d.row) : "要素 " + std::to_string(target.fid[d.row])) + " 的 " +
                  header(d.column) + "：" + d.earlier_table + " 为 " + d.earlier_value + "，" + this_table + " 为 " + d.value;
  }
  add_issue(log, Severity::warning, "join_tables_disagree", spec, -1, disputes.front().column,
            std::to_string(villages.size()) + " 个村在两张表中的数不同，无法判断哪个对，这 " + std::to_string(disputes.size()) + " 个数记为未知（" + examples +
                (villages.size() > 5 ? " 等" : "") + "）",
            "在表格中核对这些村、改成一致（如乡镇表已更正而全县汇总表没有），或只读其中一张表（layer = \"工作表名\"）");
}

// The first key of each side, for a table none of whose rows joined ("村图层的代码如 420323100201，表中的如 4203231002010").
std::string example_keys(const FeatureTable& target, const Column& tkey, const FeatureTable& table, const Column& key) {
  const auto first = [](const Column& c) {
    for (size_t r = 0; r < c.size(); ++r)
      if (!c.is_null(r)) return "「" + c.as_text(r) + "」";
    return std::string("（无）");
  };
  return target.name + " 的代码如 " + first(tkey) + "，" + table.name + " 中的如 " + first(key);
}

// Rows without a code whose name is an unmatched village's (tour 17 R13): said, never joined by the name. The row's
// name is its `name` column, else any text cell equal to an unmatched village's name (a 村名 column left unmapped).
std::string keyless_hint(const FeatureTable& target, const Column& tkey, const FeatureTable& table, const Column& key, const JoinMatch& m) {
  const Column* own = target.column("name");
  std::string out;
  for (size_t row : m.orphan_rows) {
    if (!key.is_null(row)) continue;
    std::string name, match;
    for (const Column& c : table.columns) {
      if (c.type() != FieldType::text || c.is_null(row) || (table.column("name") != nullptr && c.name() != "name")) continue;
      const std::string cell = c.as_text(row);
      for (size_t r : m.unmatched_target)
        if (own != nullptr && !own->is_null(r) && own->as_text(r) == cell) name = cell, match = "，村名与 " + row_label(target, tkey, r) + " 相同";
      if (!match.empty() || c.name() == "name") {
        if (name.empty()) name = cell;
        break;
      }
    }
    out += "；表中第 " + std::to_string(table.fid[row]) + " 行没有代码" + (name.empty() ? "" : "（村名「" + name + "」" + match + "）") + "，请补上代码";
  }
  return out;
}

std::vector<std::string> target_labels(const FeatureTable& target, const Column& tkey, const std::vector<size_t>& rows) {
  std::vector<std::string> labels;
  for (size_t r : rows) labels.push_back(tkey.is_null(r) ? "(无代码) fid " + std::to_string(target.fid[r]) : row_label(target, tkey, r));
  return labels;
}

// The first target rows without a row in `tables` ("village_stats", or "城关镇、宝庸坝镇 等 17 张表"), one warning each.
void list_unmatched_rows(const FeatureTable& target, const std::vector<size_t>& rows, const std::vector<std::string>& labels,
                         const std::string& tables, const std::string& join_key, IssueLog& log) {
  for (size_t i = 0; i < rows.size() && i < k_listed; ++i) {
    Issue is;
    is.severity = Severity::warning;
    is.code = "join_unmatched_row";
    is.file = target.source;
    is.layer = target.name;
    is.feature = target.fid[rows[i]];
    is.field = join_key;
    is.message = labels[i] + " 在 " + tables + " 中没有对应的行";
    log.add(std::move(is));
  }
}

// `several`: one of several tables joined onto the target (JoinState), whose villages without a row are said once
// for all of them (report_uncovered); a table none of whose rows joins is said here still.
void report_unmatched(const FeatureTable& target, const Column& tkey, const FeatureTable& table, const Column& key, const JoinMatch& m,
                      const LayerSpec& spec, IssueLog& log, bool several) {
  const bool none = m.unmatched_target.size() == target.size() && table.size() > 0;
  if (!m.unmatched_target.empty() && (!several || none)) {
    const std::vector<std::string> labels = target_labels(target, tkey, m.unmatched_target);
    // A table none of whose rows joins is an input error (tour 17 R14: every statistics item unknown, exit 0).
    add_issue(log, none ? Severity::error : Severity::warning, "join_unmatched", spec, -1, spec.join_key,
              none ? spec.name + " 的 " + with_thousands(table.size()) + " 行没有一行对上 " + target.name + "（" + example_keys(target, tkey, table, key) +
                         "）：该表的字段在每个村都记为未知，检查结果没有用上这张表"
                   : target.name + " 的 " + with_thousands(target.size()) + " 个要素中有 " + with_thousands(m.unmatched_target.size()) + " 个在 " + spec.name +
                         " 中没有对应的行（" + first_labels(labels) + "）；它们来自该表的字段记为未知",
              (spec.join_key == "name" ? std::string("核对两个文件里的村名（村、村委会、社区的有无不要紧）") : "核对两个文件里的代码（12 位数字，没有空格）") +
                  keyless_hint(target, tkey, table, key, m));
    if (!several) list_unmatched_rows(target, m.unmatched_target, labels, spec.name, spec.join_key, log);
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
  JoinState state;
  join_attributes(target, table, spec, log, state);
}

void report_uncovered(const FeatureTable& target, const JoinState& state, const LayerSpec& spec, IssueLog& log) {
  const Column* tkey = target.column(spec.join_key);
  if (state.tables < 2 || tkey == nullptr || state.covered.size() != target.size()) return;
  std::vector<size_t> rows;
  for (size_t r = 0; r < target.size(); ++r)
    if (!state.covered[r]) rows.push_back(r);
  if (rows.empty()) return;
  std::string tables;
  for (size_t i = 0; i < state.names.size() && i < 3; ++i) tables += (tables.empty() ? "" : "、") + state.names[i];
  tables += state.names.size() > 3 ? " 等 " + std::to_string(state.names.size()) + " 张表" : "";
  const std::vector<std::string> labels = target_labels(target, *tkey, rows);
  add_issue(log, Severity::warning, "join_unmatched", spec, -1, spec.join_key,
            target.name + " 的 " + with_thousands(target.size()) + " 个要素中有 " + with_thousands(rows.size()) + " 个在 " + tables +
                " 中都没有对应的行（" + first_labels(labels) + "）；它们来自这些表的字段记为未知",
            "核对这些村的代码（12 位数字，没有空格），或补上它们的行");
  list_unmatched_rows(target, rows, labels, tables, spec.join_key, log);
}

void join_attributes(FeatureTable& target, const FeatureTable& table, const LayerSpec& spec, IssueLog& log, JoinState& state) {
  const Column* key = table.column(spec.join_key);
  const Column* tkey = target.column(spec.join_key);
  if (!key || !tkey) {
    add_issue(log, Severity::error, "join_key_missing", spec, -1, spec.join_key,
              std::string(!key ? spec.name : target.name) + " 中没有连接列 " + spec.join_key + "：这张表没有连接上",
              "在项目文件中写明 join_key = \"...\"，或在 [layers." + spec.name + ".fields] 中指明代码所在的列");
    return;
  }
  JoinMatch m = match_rows(target, *tkey, table, *key, spec, log);
  reject_name_mismatches(target, *tkey, table, m, spec, log);
  report_unmatched(target, *tkey, table, *key, m, spec, log, state.tables > 1);  // before copy_columns: it may move target's columns (and tkey)
  if (state.covered.size() != target.size()) state.covered.assign(target.size(), 0);
  std::vector<uint8_t> here(target.size(), 1);
  for (size_t r : m.unmatched_target) here[r] = 0;
  for (size_t r = 0; r < target.size(); ++r) state.covered[r] |= here[r];
  state.names.push_back(spec.layer.empty() ? spec.name : spec.name + "（" + spec.layer + "）");
  size_t kept_own = 0;
  report_disputes(target, copy_columns(target, table, m, spec, state, kept_own), spec, state.names.back(), log);
  if (kept_own > 0)
    add_issue(log, Severity::info, "join_blank_kept_own", spec, -1, {},
              state.names.back() + " 中有 " + with_thousands(kept_own) + " 个格子是空的，这些村用了 " + target.name + " 自己的同名字段的值");
}

}  // namespace jiuyou::io
