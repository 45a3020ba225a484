#include "gis/io/table_header.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <set>

#include "gis/io/numbers.hpp"
#include "gis/io/vocab.hpp"

namespace jiuyou::io {

namespace {

constexpr size_t k_scan_rows = 30;

size_t non_empty(const std::vector<std::string>& row) {
  return static_cast<size_t>(std::count_if(row.begin(), row.end(), [](const std::string& c) { return !compact_name(c).empty(); }));
}

// The column names the project expects to find in the header.
std::set<std::string> wanted_names(const LayerSpec& spec) {
  std::set<std::string> out;
  for (const auto& [canon, src] : spec.fields) out.insert(compact_name(src));
  for (const std::string* f : {&spec.x_field, &spec.y_field, &spec.wkt_field})
    if (!f->empty()) out.insert(compact_name(*f));
  if (!spec.join_to.empty() && !spec.fields.count(spec.join_key)) out.insert(compact_name(spec.join_key));
  return out;
}

size_t hits(const std::vector<std::string>& row, const std::set<std::string>& wanted) {
  return static_cast<size_t>(std::count_if(row.begin(), row.end(), [&](const std::string& c) { return wanted.count(compact_name(c)) > 0; }));
}

// A row that reads like a header: at least two cells, most of the table's width, all text.
bool header_like(const std::vector<std::string>& row, size_t width) {
  const size_t n = non_empty(row);
  if (n < 2 || n * 10 < width * 6) return false;
  return std::none_of(row.begin(), row.end(), [](const std::string& c) {
    const std::string s = compact_name(c);
    return !s.empty() && parse_number(s, NumberWords{}).has_value();
  });
}

int pick_row(const std::vector<std::vector<std::string>>& rows, const LayerSpec& spec) {
  const auto wanted = wanted_names(spec);
  const size_t scan = std::min(rows.size(), k_scan_rows);
  size_t best = 0, best_hits = 0;
  for (size_t r = 0; r < scan; ++r)
    if (const size_t h = hits(rows[r], wanted); h > best_hits) { best = r; best_hits = h; }
  if (best_hits > 0) return static_cast<int>(best) + 1;
  size_t width = 0;
  for (size_t r = 0; r < scan; ++r) width = std::max(width, non_empty(rows[r]));
  for (size_t r = 0; r < scan; ++r)
    if (header_like(rows[r], width)) return static_cast<int>(r) + 1;
  return 1;
}

// Names for the header row's cells: an empty cell takes the cell above it when
// that row is part of the header (a merged cell spanning two header rows).
std::vector<std::string> header_names(const std::vector<std::vector<std::string>>& rows, size_t h,
                                      std::map<std::string, std::vector<std::string>>& repeated) {
  size_t width = 0;
  for (size_t r = 0; r < std::min(rows.size(), k_scan_rows); ++r) width = std::max(width, rows[r].size());
  const std::vector<std::string>* above = h > 0 && non_empty(rows[h - 1]) >= 2 ? &rows[h - 1] : nullptr;
  std::vector<std::string> names;
  std::set<std::string> seen;
  for (size_t c = 0; c < width; ++c) {
    std::string name = c < rows[h].size() ? compact_name(rows[h][c]) : std::string{};
    if (name.empty() && above && c < above->size()) name = compact_name((*above)[c]);
    if (name.empty()) name = "列" + column_letter(c);
    std::string unique = name;
    if (seen.count(name)) {
      std::vector<std::string>& letters = repeated[name];
      if (letters.empty())
        for (size_t e = 0; e < names.size(); ++e)
          if (names[e] == name) letters.push_back(column_letter(e));
      letters.push_back(column_letter(c));
    }
    for (int k = 2; seen.count(unique); ++k) unique = name + "_" + std::to_string(k);
    seen.insert(unique);
    names.push_back(unique);
  }
  return names;
}

// A row directly under the header whose every non-empty cell (at least two) is a unit word
// of the vocabulary (户, 人, 万元, %, or bracketed: （万元）): the units row of a 统计报表, not
// a village (tour 12 L35). Its units are kept by column name.
void find_units_row(const std::vector<std::vector<std::string>>& rows, const LayerSpec& spec, TableHeader& h) {
  const size_t r = static_cast<size_t>(h.row);  // 0-based: the row after the header
  if (r >= rows.size() || non_empty(rows[r]) < 2) return;
  const auto vocab = load_vocabulary(spec.vocabulary);
  if (!vocab) return;
  auto unit = [&](std::string cell) -> std::string {
    for (const auto& [open, close] : vocab->unit_spellings.brackets)
      if (cell.size() > open.size() + close.size() && cell.rfind(open, 0) == 0 && cell.compare(cell.size() - close.size(), close.size(), close) == 0) {
        cell = cell.substr(open.size(), cell.size() - open.size() - close.size());
        break;
      }
    if (cell == "%" || cell == "\xEF\xBC\x85") return cell;
    for (const auto& [word, f] : vocab->suffixes)
      if (cell == word) return cell;
    return {};
  };
  std::map<std::string, std::string> units;
  for (size_t c = 0; c < rows[r].size(); ++c) {
    const std::string cell = compact_name(rows[r][c]);
    if (cell.empty()) continue;
    const std::string u = unit(cell);
    if (u.empty() || c >= h.names.size()) return;
    units[h.names[c]] = u;
  }
  h.units_row = h.row + 1;
  h.units = std::move(units);
}

// A cell labelling a text column in a 栏次 row: 栏次/序号 or a stem 甲 乙 丙 …, or a letter A B C
// (half or full width). Letters are counted by their place in the alphabet (A = 1), else 0.
bool column_label(const std::string& cell, int* letter) {
  static const std::set<std::string> k_labels = {"甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸", "栏次", "序号", "栏目", "行次", "项目"};
  *letter = 0;
  if (k_labels.count(cell)) return true;
  if (cell.size() == 1 && std::isalpha(static_cast<unsigned char>(cell[0]))) {
    *letter = std::toupper(static_cast<unsigned char>(cell[0])) - 'A' + 1;
    return true;
  }
  if (cell.size() == 3 && cell.compare(0, 2, "\xEF\xBC") == 0) {  // Ａ–Ｚ: EF BC A1–BA, ａ–ｚ: EF BD 81–9A
    const auto b = static_cast<unsigned char>(cell[2]);
    if (b >= 0xA1 && b <= 0xBA) { *letter = b - 0xA1 + 1; return true; }
  }
  if (cell.size() == 3 && cell.compare(0, 2, "\xEF\xBD") == 0) {
    const auto b = static_cast<unsigned char>(cell[2]);
    if (b >= 0x81 && b <= 0x9A) { *letter = b - 0x81 + 1; return true; }
  }
  return false;
}

// The number a 栏次 cell gives its column: 1, 1.0, ①–⑳, （1）, (1), 1.
std::optional<long> column_number(std::string cell) {
  if (cell.size() == 3 && cell.compare(0, 2, "\xE2\x91") == 0) {  // ① U+2460 … ⑳ U+2473: E2 91 A0–B3
    const auto b = static_cast<unsigned char>(cell[2]);
    if (b >= 0xA0 && b <= 0xB3) return b - 0xA0 + 1;
  }
  for (const auto& [open, close] : {std::pair<std::string, std::string>{"（", "）"}, {"(", ")"}})
    if (cell.size() > open.size() + close.size() && cell.rfind(open, 0) == 0 && cell.compare(cell.size() - close.size(), close.size(), close) == 0) {
      cell = cell.substr(open.size(), cell.size() - open.size() - close.size());
      break;
    }
  if (cell.size() > 2 && cell.compare(cell.size() - 2, 2, ".0") == 0) cell.resize(cell.size() - 2);
  else if (cell.size() > 1 && cell.back() == '.') cell.pop_back();
  if (cell.empty() || cell.size() > 3 || !std::all_of(cell.begin(), cell.end(), [](char c) { return c >= '0' && c <= '9'; })) return std::nullopt;
  return std::stol(cell);
}

// A 栏次 row: labels for the text columns, then the number columns numbered 1, 2, 3 … (at
// least three), or letters only (A B C D …, at least three). Not a village (tour 13 M23, tour 14 N6).
bool is_numbers_row(const std::vector<std::string>& cells) {
  long next = 1;
  int letters = 0;
  for (const std::string& raw : cells) {
    const std::string cell = compact_name(raw);
    if (cell.empty()) continue;
    int letter = 0;
    if (next == 1 && column_label(cell, &letter)) {
      if (letter > 0 && letter == letters + 1) ++letters;
      continue;
    }
    const auto n = column_number(cell);
    if (!n || *n != next) return false;
    ++next;
  }
  return next > 3 || (next == 1 && letters >= 3);
}

// A cell that reads as a plain number (a 序号, a code, a figure): the row's leading text ends there.
bool plain_number(const std::string& cell) {
  return !cell.empty() && std::all_of(cell.begin(), cell.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.' || c == '-' || c == ','; });
}

bool ends_with(const std::string& s, const std::string& tail) { return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0; }

// 合计 / 总计 / 小计 / 共计 / 汇总 / 平均 (alone or closing a name: 全县合计, 城关镇小计, 全县平均),
// 其中 (alone or opening a breakdown: 其中：脱贫村), 全县 / 全市 / 全区 alone. 合计村 and 平均镇 are names.
bool summary_label(std::string cell) {
  while (!cell.empty() && (ends_with(cell, "：") || ends_with(cell, ":") || ends_with(cell, "，") || ends_with(cell, ",")))
    cell.resize(cell.size() - (cell.back() == ':' || cell.back() == ',' ? 1 : 3));
  static const std::set<std::string> k_alone = {"其中", "全县", "全市", "全区", "全旗", "总数", "均值"};
  static const std::vector<std::string> k_closing = {"合计", "总计", "小计", "共计", "汇总", "平均", "平均值", "平均数"};
  if (k_alone.count(cell)) return true;
  for (const std::string& w : k_closing)
    if (ends_with(cell, w)) return true;
  for (const std::string& w : {std::string("其中："), std::string("其中:")})
    if (cell.rfind(w, 0) == 0) return true;
  return false;
}

// The 栏次 row directly under the header (or its units row): kept as numbers_row for the header note.
void find_numbers_row(const std::vector<std::vector<std::string>>& rows, TableHeader& h) {
  const size_t r = static_cast<size_t>(std::max(h.row, h.units_row));  // 0-based: the row after the header or its units row
  if (r < rows.size() && is_numbers_row(rows[r])) h.numbers_row = static_cast<int>(r) + 1;
}

}  // namespace

RowClass classify_table_row(const std::vector<std::string>& cells) {
  bool first = true;
  for (const std::string& raw : cells) {  // the row's leading text cells (after a 序号 or code), up to its first figure
    const std::string cell = compact_name(raw);
    if (cell.empty()) continue;
    if (plain_number(cell)) {
      if (first) { first = false; continue; }
      break;
    }
    first = false;
    if (summary_label(cell)) return {RowKind::summary, cell};
  }
  if (!is_numbers_row(cells)) return {};
  std::string shown;
  size_t n = 0;
  for (const std::string& raw : cells)
    if (const std::string cell = compact_name(raw); !cell.empty() && n++ < 4) shown += (shown.empty() ? "" : "、") + cell;
  return {RowKind::numbers, shown + "……"};
}

std::string compact_name(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') { ++i; continue; }
    if (s.substr(i, 3) == "\xE3\x80\x80") { i += 3; continue; }
    out += s[i++];
  }
  return out;
}

std::vector<std::string> split_csv_line(std::string_view line, char sep) {
  std::vector<std::string> cells(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (c == '"') {
      if (quoted && i + 1 < line.size() && line[i + 1] == '"') { cells.back() += '"'; ++i; }
      else quoted = !quoted;
    } else if (c == sep && !quoted) {
      cells.emplace_back();
    } else if (c != '\r' && c != '\n') {
      cells.back() += c;
    }
  }
  return cells;
}

Result<TableHeader> find_table_header(const std::vector<std::vector<std::string>>& rows, const LayerSpec& spec) {
  TableHeader h;
  if (rows.empty()) return h;
  if (spec.header_row > 0) {
    if (static_cast<size_t>(spec.header_row) > rows.size())
      return error(ErrorCode::format, "header_row = " + std::to_string(spec.header_row) + " but the table has only " + std::to_string(rows.size()) + " rows")
          .file(spec.path)
          .layer(spec.name)
          .field("header_row")
          .hint("header_row is the 1-based row number of the column names, as Excel shows it");
    h.row = spec.header_row;
  } else {
    h.row = pick_row(rows, spec);
    h.detected = true;
  }
  h.names = header_names(rows, static_cast<size_t>(h.row - 1), h.repeated);
  find_units_row(rows, spec, h);
  find_numbers_row(rows, h);
  for (size_t r = 0; r + 1 < static_cast<size_t>(h.row) && r < rows.size(); ++r)
    for (const std::string& cell : rows[r])
      if (!cell.empty()) h.title += (h.title.empty() ? "" : " ") + cell;
  return h;
}

std::string column_letter(size_t c) {
  std::string s;
  for (size_t n = c + 1; n > 0; n = (n - 1) / 26) s.insert(s.begin(), static_cast<char>('A' + (n - 1) % 26));
  return s;
}

}  // namespace jiuyou::io
