#pragma once
// A small table read whole as text by the loader's own reader (vector_source):
// CSV in UTF-8 or GBK, XLSX, title rows above the header skipped, header cells
// compacted. For tables that are no layer (a crosswalk of village codes).
#include <string>
#include <vector>

#include "gis/io/project.hpp"
#include "gis/model/error.hpp"

namespace jiuyou::io {

struct TextTable {
  int header_row = 1;              // 1-based row of the header in the file or sheet
  std::vector<std::string> names;  // the header's cells (compact_name), one per column
  struct Row {
    int row = 0;                     // 1-based row in the file or sheet, for messages
    std::vector<std::string> cells;  // decoded UTF-8, one per column ("" when empty)
  };
  std::vector<Row> rows;           // the rows below the header, empty rows left out
};

// `spec.fields` values are the column names the header row is looked for by.
Result<TextTable> read_text_table(const LayerSpec& spec);

// The sheet names of a workbook (XLSX, XLS, ODS) in their order; empty for any other file
// or one that cannot be opened (reading it then says why).
std::vector<std::string> workbook_sheets(const std::string& path);

}  // namespace jiuyou::io
