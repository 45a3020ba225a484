#pragma once
// Which rows and columns of an XLSX sheet are hidden (tour 17 R6). GDAL's XLSX
// driver reads hidden cells like any other and does not say which they are;
// offices hide a stale row instead of deleting it, and a reviewer checks what
// Excel shows. Read from the sheet's own XML (xl/workbook.xml, its relations,
// xl/worksheets/sheetN.xml) through GDAL's /vsizip/.
#include <cstdint>
#include <set>
#include <string>
#include <vector>

namespace jiuyou::io {

// A merged range of cells (`<mergeCell ref="C5:C9"/>`): Excel shows its top-left value over the whole range, GDAL
// reads it in the top-left cell only (tour 20 M1, M2: a township's 是 merged over its villages reached one of them).
struct MergedRange {
  int64_t first_row = 0, last_row = 0;      // 1-based sheet rows
  size_t first_column = 0, last_column = 0;  // 0-based column indices
};

struct HiddenCells {
  std::set<int64_t> rows;  // 1-based sheet rows (a table row's FID)
  std::set<size_t> columns;  // 0-based column indices
  std::vector<MergedRange> merged;  // every merged range of the sheet
  [[nodiscard]] bool empty() const { return rows.empty() && columns.empty() && merged.empty(); }
};

// The hidden rows and columns of sheet `sheet` of the XLSX at `path` (a file or a /vsi path); none when unreadable.
HiddenCells xlsx_hidden_cells(const std::string& path, const std::string& sheet);

// The names of the XLSX's hidden sheets (state="hidden" or "veryHidden": last year's copy kept out of sight, tour 20
// S2); none when unreadable.
std::set<std::string> xlsx_hidden_sheets(const std::string& path);

}  // namespace jiuyou::io
