#pragma once
// The header row of a county's XLSX/CSV table: often below a title row or two
// ("某某县2019年贫困村统计表"), sometimes with merged header cells. Found as
// the row holding the most of the project's mapped column names, else the
// first row of mostly non-empty text; header_row = N forces it.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "gis/io/project.hpp"
#include "gis/model/error.hpp"

namespace jiuyou::io {

struct TableHeader {
  int row = 1;                     // 1-based row of the header
  std::vector<std::string> names;  // one per column; empty cells named from the cell above (merged) or "列C"
  bool detected = false;           // false: header_row given, or row 1 by default
  std::string title;               // the cells above the header row, joined by spaces ("填报单位：…　金额单位：万元")
  int units_row = 0;               // 1-based row of a units row directly under the header (户 / 人 / 万元 …), 0: none
  std::map<std::string, std::string> units;  // header name -> the unit its units-row cell states
  int numbers_row = 0;             // 1-based row of a 栏次 row under the header (甲 乙 丙 1 2 3 …), 0: none
  std::map<std::string, std::vector<std::string>> repeated;  // a name two or more columns share -> their letters ("C", "H")
};

// `rows`: the first rows of the table, cells as (decoded) text.
Result<TableHeader> find_table_header(const std::vector<std::vector<std::string>>& rows, const LayerSpec& spec);
// A data row of a statistics table that is no village (tour 14 N6): a 栏次 row numbering the
// columns (栏次/序号, 甲 乙 丙 or A B C for the text columns, then 1 2 3 …, ① ② ③ or （1）（2）…),
// or a summary row (合计, 总计, 小计, 全县合计, 城关镇小计, 其中：, 平均 …) in its leading text cells.
// A village named 合计村 or a township 平均镇 is data.
enum class RowKind { data, numbers, summary };
struct RowClass {
  RowKind kind = RowKind::data;
  std::string label;  // the cell that made it a summary row ("城关镇小计"), or the 栏次 row's first cells
};
RowClass classify_table_row(const std::vector<std::string>& cells);

// A header cell without spaces and line breaks ("贫困\n人口" -> "贫困人口").
std::string compact_name(std::string_view s);
// A column's letter as a spreadsheet shows it (0 -> "A", 27 -> "AB").
std::string column_letter(size_t c);
// Splits one CSV line into cells (quotes honoured; `sep` ',' ';' or '\t').
std::vector<std::string> split_csv_line(std::string_view line, char sep);

}  // namespace jiuyou::io
