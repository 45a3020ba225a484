// The crosswalk table (old code -> new code, merge / split / rename) read by
// the loader's own table reader (gis/io/text_table): CSV in UTF-8 or GBK,
// XLSX, a title row or two above the header, English or Chinese headers
// (tour 10 H1). The header and kind words other than the canonical English
// ones are data (data/vocab/zh.toml: [fields] "crosswalk.*", [tables.crosswalk_kind]),
// matched ignoring case. A workbook of several sheets: the one sheet whose header
// is a crosswalk's, or the sheet named as FILE:SHEET (tour 11 K17).
#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <string_view>

#include "gis/compare/village_match.hpp"
#include "gis/io/numbers.hpp"
#include "gis/io/table_header.hpp"
#include "gis/io/text_table.hpp"
#include "gis/io/vocab.hpp"

namespace jiuyou::compare {

namespace {

namespace fs = std::filesystem;

constexpr const char* k_vocabulary = "zh";

// The accepted headers of each column and the kind words: canonical English first, then the vocabulary's.
struct Words {
  std::vector<std::string> old_names{"old_code"}, new_names{"new_code"}, kind_names{"kind"};
  io::ValueTable kinds;
};

Result<Words> crosswalk_words() {
  ASSIGN_OR_RETURN(io::Vocabulary v, io::load_vocabulary(k_vocabulary));
  Words w;
  for (auto [field, out] : {std::pair{"old_code", &w.old_names}, std::pair{"new_code", &w.new_names}, std::pair{"kind", &w.kind_names}})
    for (const std::string& n : v.default_columns("crosswalk", field)) out->push_back(n);
  if (const io::ValueTable* t = v.table_for("crosswalk", "kind")) w.kinds = *t;
  for (const char* c : {"rename", "merge", "split", "abolish"})
    if (std::find(w.kinds.canonical.begin(), w.kinds.canonical.end(), c) == w.kinds.canonical.end()) w.kinds.canonical.emplace_back(c);
  return w;
}

std::string slashed(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : " / ") + n;
  return out;
}

std::string headers_hint(const Words& w) {
  std::set<std::string> zh_kinds;
  for (const auto& [k, v] : w.kinds.values)
    if (static_cast<unsigned char>(k[0]) >= 0x80) zh_kinds.insert(k);
  std::string kinds;
  for (const auto& k : zh_kinds) kinds += (kinds.empty() ? "" : " / ") + k;
  return "accepted headers: " + slashed(w.old_names) + "; " + slashed(w.new_names) + "; " + slashed(w.kind_names) +
         " (merge / split / rename / abolish, or " + kinds + "); a name column (name / 名称) may follow; title rows above the header are skipped";
}

std::optional<CrosswalkKind> parse_kind(const Words& w, const std::string& s) {
  if (s.empty()) return CrosswalkKind::rename;
  const auto c = w.kinds.lookup(s);
  if (!c) return std::nullopt;
  if (*c == "merge") return CrosswalkKind::merge;
  if (*c == "split") return CrosswalkKind::split;
  if (*c == "abolish") return CrosswalkKind::abolish;
  return CrosswalkKind::rename;
}

// The column whose header is one of `accepted`, ignoring spaces, line breaks and ASCII case.
int column_of(const std::vector<std::string>& names, const std::vector<std::string>& accepted) {
  for (size_t i = 0; i < names.size(); ++i) {
    const std::string n = io::value_key(io::compact_name(names[i]));
    for (const std::string& a : accepted)
      if (n == io::value_key(a)) return static_cast<int>(i);
  }
  return -1;
}

// A spec for the loader's reader: every accepted header is a name the header row is looked for by.
io::LayerSpec reader_spec(const std::string& path, const std::string& sheet, const Words& w) {
  io::LayerSpec spec;
  spec.name = "crosswalk";
  spec.path = path;
  spec.layer = sheet;
  spec.vocabulary = "none";
  size_t k = 0;
  for (const auto* list : {&w.old_names, &w.new_names, &w.kind_names})
    for (const std::string& n : *list) {
      spec.fields.emplace("h" + std::to_string(k++), n);
      // the reader finds headers as written; the upper-case English form is common too
      std::string upper = n;
      std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
      if (upper != n) spec.fields.emplace("h" + std::to_string(k++), upper);
    }
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

// "FILE:SHEET" when FILE exists and the whole does not; else the path as it is.
std::pair<std::string, std::string> split_sheet(const std::string& path) {
  std::error_code ec;
  if (fs::exists(path, ec)) return {path, ""};
  const size_t colon = path.rfind(':');
  if (colon == std::string::npos || colon < 2 || colon + 1 == path.size()) return {path, ""};
  const std::string file = path.substr(0, colon);
  if (!fs::is_regular_file(file, ec)) return {path, ""};
  return {file, path.substr(colon + 1)};
}

bool has_crosswalk_header(const io::TextTable& t, const Words& w) { return column_of(t.names, w.old_names) >= 0 && column_of(t.names, w.new_names) >= 0; }

std::string sheet_hint(const std::string& file, const std::string& sheet) {
  return "name the sheet after the file: --crosswalk \"" + file + ":" + sheet + "\"";
}

std::vector<std::string> crosswalk_sheets(const std::string& file, const std::vector<std::string>& sheets, const Words& w) {
  std::vector<std::string> found;
  for (const std::string& s : sheets)
    if (auto t = io::read_text_table(reader_spec(file, s, w)); t && has_crosswalk_header(*t, w)) found.push_back(s);
  return found;
}

// The sheet to read: the one named, the one named "crosswalk", the only one, or the one whose header is a crosswalk's.
Result<std::string> pick_sheet(const std::string& file, const std::string& named, const Words& w) {
  const std::vector<std::string> sheets = io::workbook_sheets(file);
  if (!named.empty()) {
    if (sheets.empty() || std::find(sheets.begin(), sheets.end(), named) != sheets.end()) return named;
    return error(ErrorCode::format, "the workbook has no sheet named '" + named + "'").file(file).hint("sheets in this file: " + joined(sheets));
  }
  if (sheets.size() < 2 || std::find(sheets.begin(), sheets.end(), "crosswalk") != sheets.end()) return std::string();
  const std::vector<std::string> found = crosswalk_sheets(file, sheets, w);
  if (found.size() == 1) return found.front();
  if (found.empty())
    return error(ErrorCode::format, "no sheet of the workbook has a crosswalk header (sheets: " + joined(sheets) + ")")
        .file(file)
        .hint(headers_hint(w) + "; or " + sheet_hint(file, sheets.back()));
  return error(ErrorCode::format, "several sheets of the workbook have a crosswalk header: " + joined(found))
      .file(file)
      .hint(sheet_hint(file, found.front()));
}

}  // namespace

Result<Crosswalk> read_crosswalk(const std::string& path) {
  ASSIGN_OR_RETURN(const Words w, crosswalk_words());
  const auto [file, named] = split_sheet(path);
  ASSIGN_OR_RETURN(const std::string sheet, pick_sheet(file, named, w));
  auto read = io::read_text_table(reader_spec(file, sheet, w));
  if (!read) {
    Error e = read.error();
    if (e.code == ErrorCode::io)
      e.hint = "check the path given to --crosswalk (a sheet of a workbook: FILE:SHEET)";
    else
      e.hint = headers_hint(w) + (e.hint.empty() ? "" : "; " + e.hint);
    return tl::unexpected<Error>(e);
  }
  const io::TextTable& t = *read;
  const int c_old = column_of(t.names, w.old_names), c_new = column_of(t.names, w.new_names), c_kind = column_of(t.names, w.kind_names);
  const std::string where = sheet.empty() ? std::string() : "sheet " + sheet + ", ";
  if (c_old < 0 || c_new < 0)
    return error(ErrorCode::format, "the crosswalk header (" + where + "row " + std::to_string(t.header_row) + ": " + joined(t.names) + ") lacks " +
                                        (c_old < 0 ? "the old code column" : "the new code column"))
        .file(file)
        .field(c_old < 0 ? "old_code" : "new_code")
        .hint(sheet.empty() ? headers_hint(w) : [&] {  // a named sheet without the header: the one that has it
          const std::vector<std::string> found = crosswalk_sheets(file, io::workbook_sheets(file), w);
          return found.empty() ? headers_hint(w) : "the sheet with a crosswalk header is " + found.front() + ": --crosswalk \"" + file + ":" + found.front() + "\"";
        }());
  Crosswalk cw;
  cw.file = file;
  for (const io::TextTable::Row& row : t.rows) {
    CrosswalkRow r{cell(row, c_old), cell(row, c_new), CrosswalkKind::rename, row.row};
    const std::string kind_text = cell(row, c_kind);
    const auto kind = parse_kind(w, kind_text);
    const auto old_code = io::normalise_code(r.old_code), new_code = io::normalise_code(r.new_code);
    const bool needs_new = kind != CrosswalkKind::abolish;
    const bool old_bad = r.old_code.empty() || !old_code, new_bad = needs_new && (r.new_code.empty() || !new_code);
    if (!kind || old_bad || new_bad) {
      const int c = !kind ? c_kind : old_bad ? c_old : c_new;
      return error(ErrorCode::format, "crosswalk " + where + "row " + std::to_string(row.row) + ", column " + t.names[static_cast<size_t>(c)] + ": " +
                                          (!kind ? "unknown kind '" + kind_text + "'"
                                                 : "needs an old code" + std::string(needs_new ? " and a new code" : "") + " (digits, stored as text)"))
          .file(file)
          .field(!kind ? "kind" : old_bad ? "old_code" : "new_code")
          .hint("e.g. 421023101001,421088101001,rename; " + headers_hint(w));
    }
    r.old_code = *old_code;
    r.new_code = new_code ? *new_code : std::string();
    r.kind = *kind;
    cw.rows.push_back(std::move(r));
  }
  return cw;
}

}  // namespace jiuyou::compare
