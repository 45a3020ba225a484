// The crosswalk table (old code -> new code, merge / split / rename) read by
// the loader's own table reader (gis/io/text_table): CSV in UTF-8 or GBK,
// XLSX, a title row or two above the header, English or Chinese headers
// (tour 10 H1). Then each row checked against the others (tour 10 H19).
#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <string_view>

#include "gis/compare/village_match.hpp"
#include "gis/io/numbers.hpp"
#include "gis/io/table_header.hpp"
#include "gis/io/text_table.hpp"

namespace jiuyou::compare {

namespace {

// The accepted headers of each column, as found (compact_name: no spaces or line breaks).
constexpr std::array<std::string_view, 6> k_old_names{"old_code", "旧代码", "原代码", "原村代码", "旧村代码", "变更前代码"};
constexpr std::array<std::string_view, 6> k_new_names{"new_code", "新代码", "现代码", "新村代码", "现村代码", "变更后代码"};
constexpr std::array<std::string_view, 4> k_kind_names{"kind", "类型", "变更类型", "变更方式"};
constexpr const char* k_headers_hint =
    "accepted headers: old_code / 旧代码 / 原代码, new_code / 新代码 / 现代码, kind / 类型 / 变更类型 (merge / split / rename / abolish, or "
    "合并 / 拆分 / 更名 / 撤销); a name column (name / 名称) may follow; title rows above the header are skipped";

std::optional<CrosswalkKind> parse_kind(const std::string& s) {
  if (s == "rename" || s == "renamed" || s == "更名" || s.empty()) return CrosswalkKind::rename;
  if (s == "merge" || s == "merged" || s == "合并" || s == "并入") return CrosswalkKind::merge;
  if (s == "split" || s == "拆分") return CrosswalkKind::split;
  if (s == "abolish" || s == "abolished" || s == "撤销" || s == "撤消") return CrosswalkKind::abolish;
  return std::nullopt;
}

template <size_t N>
int column_of(const std::vector<std::string>& names, const std::array<std::string_view, N>& accepted) {
  for (size_t i = 0; i < names.size(); ++i) {
    const std::string n = io::compact_name(names[i]);
    for (std::string_view a : accepted)
      if (n == a || (a == "old_code" && n == "OLD_CODE") || (a == "new_code" && n == "NEW_CODE")) return static_cast<int>(i);
  }
  return -1;
}

// A spec for the loader's reader: every accepted header is a name the header row is looked for by.
io::LayerSpec reader_spec(const std::string& path) {
  io::LayerSpec spec;
  spec.name = "crosswalk";
  spec.path = path;
  spec.vocabulary = "none";
  size_t k = 0;
  for (const auto* list : {&k_old_names, &k_new_names})
    for (std::string_view n : *list) spec.fields.emplace("h" + std::to_string(k++), std::string(n));
  for (std::string_view n : k_kind_names) spec.fields.emplace("h" + std::to_string(k++), std::string(n));
  return spec;
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

std::string cell(const io::TextTable::Row& r, int c) {
  return c < 0 || static_cast<size_t>(c) >= r.cells.size() ? std::string() : io::compact_name(r.cells[static_cast<size_t>(c)]);
}

}  // namespace

Result<Crosswalk> read_crosswalk(const std::string& path) {
  auto read = io::read_text_table(reader_spec(path));
  if (!read) {
    Error e = read.error();
    if (e.code != ErrorCode::io) e.hint = std::string(k_headers_hint) + (e.hint.empty() ? "" : "; " + e.hint);
    return tl::unexpected<Error>(e);
  }
  const io::TextTable& t = *read;
  const int c_old = column_of(t.names, k_old_names), c_new = column_of(t.names, k_new_names), c_kind = column_of(t.names, k_kind_names);
  if (c_old < 0 || c_new < 0)
    return error(ErrorCode::format, "the crosswalk header (row " + std::to_string(t.header_row) + ": " + joined(t.names) + ") lacks " +
                                        (c_old < 0 ? "the old code column" : "the new code column"))
        .file(path)
        .field(c_old < 0 ? "old_code" : "new_code")
        .hint(k_headers_hint);
  Crosswalk cw;
  cw.file = path;
  for (const io::TextTable::Row& row : t.rows) {
    CrosswalkRow r{cell(row, c_old), cell(row, c_new), CrosswalkKind::rename, row.row};
    const std::string kind_text = cell(row, c_kind);
    const auto kind = parse_kind(kind_text);
    const auto old_code = io::normalise_code(r.old_code), new_code = io::normalise_code(r.new_code);
    const bool needs_new = kind != CrosswalkKind::abolish;
    const bool old_bad = r.old_code.empty() || !old_code, new_bad = needs_new && (r.new_code.empty() || !new_code);
    if (!kind || old_bad || new_bad) {
      const int c = !kind ? c_kind : old_bad ? c_old : c_new;
      return error(ErrorCode::format, "crosswalk row " + std::to_string(row.row) + ", column " + t.names[static_cast<size_t>(c)] + ": " +
                                          (!kind ? "unknown kind '" + kind_text + "'"
                                                 : "needs an old code" + std::string(needs_new ? " and a new code" : "") + " (digits, stored as text)"))
          .file(path)
          .field(!kind ? "kind" : old_bad ? "old_code" : "new_code")
          .hint(std::string("e.g. 421023101001,421088101001,rename; ") + k_headers_hint);
    }
    r.old_code = *old_code;
    r.new_code = new_code ? *new_code : std::string();
    r.kind = *kind;
    cw.rows.push_back(std::move(r));
  }
  return cw;
}

}  // namespace jiuyou::compare
