#pragma once
// Internal to workbook.cpp (issue #16): the rows of a very large sheet written
// straight as worksheet XML into the .xlsx that libxlsxwriter has closed.
//
// libxlsxwriter's constant-memory mode formats every cell with fprintf into a
// temporary file and deflates the whole sheet at zlib's default level, which
// it does not let a caller change; at 100,000 villages that was most of the
// workbook's ~14 s of CPU. A streamed sheet is closed by libxlsxwriter with
// its header rows only (its views, columns, filter and conditional fills as
// usual); its zip is then rewritten through minizip (libxlsxwriter's own zip
// library): every other part copied as it is
// compressed, the sheet's XML with the rows inserted before </sheetData>,
// formatted as libxlsxwriter formats a constant-memory row (inline strings,
// numbers as %.16G, the same escapes) and deflated at a fast level. The
// decompressed parts are byte for byte those libxlsxwriter writes
// (tests/report/workbook_stream_test.cpp).
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "gis/model/error.hpp"
#include "gis/report/workbook.hpp"

namespace jiuyou::report::detail {

// The rows first..last of one sheet, filled when the workbook is closed.
struct StreamedRows {
  std::string part;  // the sheet's member of the zip: "xl/worksheets/sheet1.xml"
  uint32_t first = 0, last = 0;
  RowFill fill;
};

// The value a number cell holds: rounded as its style shows it (workbook.cpp); both ways of writing use it.
double as_shown(double v, Style style);

// The `s` attribute of a cell per Style (libxlsxwriter's xf index; 0: none).
inline constexpr size_t k_style_count = static_cast<size_t>(Style::number_close) + 1;  // the last Style, plus one
using StyleIndexes = std::array<int32_t, k_style_count>;  // one per report::Style

// Rewrites the closed workbook at `path` with the rows of `sheets` inserted.
// The new zip is written beside it (path + ".rows") and renamed over it; on an
// error `path` is left as libxlsxwriter closed it (it is an output's temporary file).
Result<void> insert_streamed_rows(const std::string& path, const std::vector<StreamedRows>& sheets, const StyleIndexes& xf);

}  // namespace jiuyou::report::detail
