#pragma once
// The one place that writes XLSX (libxlsxwriter stays behind this header):
// a workbook with its cell styles defined once — header, text, wrapped text,
// counts, numbers, percentages, money in 万元, and the pass/fail fills — used
// by the check's, the relocation planner's and the pairing planner's workbooks.
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>

#include "gis/model/error.hpp"

namespace jiuyou::report {

enum class Style : unsigned char {
  plain,     // general
  header,    // bold on light blue, wrapped, centred, thin border
  bold,
  wrap,      // wrapped text, top-aligned
  count,     // 1,234
  number1,   // 1,234.5
  number2,   // 1,234.56
  percent,   // 12.3%  (the cell holds the share 0..1)
  money_wan, // 12.35  (the cell holds 万元; write it with Sheet::money_wan)
  degrees,   // 110.12535 (longitude/latitude)
  // A failing value that two decimals (or one of a percent) would show as its threshold: 4.9999 万元
  // against ≥ 5 万元 reads 4.9999, not 5.00; 94.99% against ≥ 95% reads 94.99%, not 95.0% (the cell
  // holds the exact value, as the sentence beside it says it).
  money_wan_close,  // 4.9999
  percent_close,    // 94.99%
  // The same for metres and percentage points: 500.4 m against ≤ 500 m reads 500.4, not 500; a share
  // 0.01 个百分点 short reads 0.01, not 0.0 (the cell holds the exact value).
  number_close,     // 500.4
};

// The fills of Sheet::colour_by_text: green, red, grey.
struct OutcomeWords {
  const char* good;
  const char* bad;
  const char* grey;
};

class Workbook;
struct WorkbookImpl;

// The cells of one row written by Sheet::rows: as Sheet::text and Sheet::number
// (empty texts and NaN numbers leave the cell blank), each row left to right.
class RowCells {
 public:
  virtual void text(uint16_t col, std::string_view s, Style style = Style::plain) = 0;
  virtual void number(uint16_t col, double v, Style style = Style::number2) = 0;

 protected:
  RowCells() = default;
  RowCells(const RowCells&) = default;
  RowCells& operator=(const RowCells&) = default;
  ~RowCells() = default;
};
using RowFill = std::function<void(uint32_t row, RowCells& cells)>;

// One worksheet; rows and columns count from 0. Empty texts and NaN numbers
// leave the cell blank (so a column of numbers stays summable). A count,
// number1 or number2 cell holds its number rounded to the decimals it shows.
class Sheet {
 public:
  void text(uint32_t row, uint16_t col, std::string_view s, Style style = Style::plain);
  void number(uint32_t row, uint16_t col, double v, Style style = Style::number2);
  // `cny` yuan written as 万元 (cny / 10000) in Style::money_wan.
  void money_wan(uint32_t row, uint16_t col, double cny);
  // The header row at `row`, one cell per name from column 0; frozen below it and, with the rows above it,
  // repeated on every printed page (every sheet prints A4 landscape, one page wide, pages numbered).
  void header(uint32_t row, std::initializer_list<std::string_view> names);
  void header_cell(uint32_t row, uint16_t col, std::string_view name);
  // An empty cell in the header's style (under a label of a two-row header).
  void blank_header(uint32_t row, uint16_t col);
  void merged_header(uint32_t row1, uint16_t col1, uint32_t row2, uint16_t col2, std::string_view name);
  void column_width(uint16_t first, uint16_t last, double width, Style style = Style::plain);
  void row_height(uint32_t row, double height);
  void freeze(uint32_t rows, uint16_t cols);
  void autofilter(uint32_t first_row, uint16_t first_col, uint32_t last_row, uint16_t last_col);
  // Rows first..last (the sheet's last rows, below a header), each filled by `fill`. In a
  // workbook with streamed rows (Workbook::create) they are written when the
  // workbook closes, straight as XML: `fill` and all it reads must live until
  // close(), and a plain cell takes no column style (Sheet::column_width).
  void rows(uint32_t first, uint32_t last, RowFill fill);
  // Conditional fills on a column by its text, so an edited cell recolours itself.
  void colour_by_text(uint32_t first_row, uint32_t last_row, uint16_t col, const OutcomeWords& words);

 private:
  friend class Workbook;
  Sheet(WorkbookImpl* book, void* sheet) : m_book(book), m_sheet(sheet) {}
  WorkbookImpl* m_book;
  void* m_sheet;  // lxw_worksheet
};

class Workbook {
 public:
  // constant_memory: rows go straight to temporary files (for very large
  // sheets); then every sheet must be written row by row: a cell written above
  // the current row is dropped by libxlsxwriter. streamed_rows (constant_memory
  // only): Sheet::rows writes its cells as XML itself and deflates that sheet
  // at a fast level (gis/report/xlsx_stream.hpp), the same cells as
  // libxlsxwriter's, several times cheaper for a province's 村级结果.
  static Result<Workbook> create(const std::string& path, bool constant_memory = false, bool streamed_rows = true);
  Workbook(Workbook&&) noexcept;
  Workbook& operator=(Workbook&&) noexcept;
  Workbook(const Workbook&) = delete;
  Workbook& operator=(const Workbook&) = delete;
  ~Workbook();  // closes (and so writes) a workbook that close() was not called on

  Sheet add_sheet(const std::string& name);
  // Writes the file; an error names the file and says why.
  Result<void> close();

  explicit Workbook(std::unique_ptr<WorkbookImpl> impl);  // made by create()

 private:
  std::unique_ptr<WorkbookImpl> m_impl;
};

}  // namespace jiuyou::report
