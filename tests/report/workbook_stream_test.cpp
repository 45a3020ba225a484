// Streamed rows (issue #16): a constant-memory workbook whose Sheet::rows are
// written as XML by gis/report/xlsx_stream.cpp holds, part by part once
// unzipped, the same bytes as the workbook libxlsxwriter writes itself from
// the same calls: texts that need escaping, control characters, a NUL,
// leading and trailing spaces, numbers of every size, blanks, styles.
#include <gtest/gtest.h>
#include <minizip/unzip.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <regex>
#include <stdexcept>
#include <string>
#include <vector>

#include "gis/report/workbook.hpp"
#include "support/test_paths.hpp"
#include "support/zip_part.hpp"

namespace jiuyou::report {
namespace {

namespace fs = std::filesystem;
using namespace jiuyou::test;

const std::vector<std::string>& texts() {
  static const std::vector<std::string> t{
      "达标", "", " leading", "trailing ", "a&b<c>d\"e'f", "ctl\x01\x1f", "tab\tinside", "\ttab first", "newline\n", "\r",
      std::string("nul\0after", 9), std::string("\0first", 6), "\x7f", "第 3 个村：最近的连通硬化路 1.3 km，差 0.8 km", " ", "&amp;"};
  return t;
}

const std::vector<double>& numbers() {
  static const std::vector<double> n{0.0, -0.0, 0.1 + 0.2, 1e20, 1e-7, 123456789.125, 3, 1234.5678901234567, -42.25,
                                     std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(), 1.0 / 3.0, 9.87654321e-300};
  return n;
}

// Three sheets; the streamed one second, with a header, filter and fills.
void write_book(const fs::path& path, bool streamed, bool out_of_order = false) {
  auto wb = Workbook::create(path.string(), true, streamed);
  ASSERT_TRUE(wb) << wb.error().message;
  Sheet first = wb->add_sheet("说明");
  first.text(0, 0, "模拟结果", Style::bold);
  Sheet sh = wb->add_sheet("村级结果");
  for (uint16_t c = 0; c < 30; ++c) sh.header_cell(0, c, "列 " + std::to_string(c));
  sh.row_height(0, 45);
  sh.freeze(1, 2);
  constexpr uint32_t rows = 120;
  sh.rows(1, rows, [out_of_order](uint32_t r, RowCells& row) {
    const auto& t = texts();
    const auto& n = numbers();
    if (r % 17 == 0) return;  // an empty row
    row.text(0, t[r % t.size()]);
    row.text(1, t[(r + 3) % t.size()], Style::wrap);
    row.text(2, t[(r + 7) % t.size()], Style::header);
    row.number(3, n[r % n.size()]);
    row.number(4, n[(r + 5) % n.size()], Style::count);
    row.number(5, n[(r + 2) % n.size()], Style::percent);
    if (r % 3 == 0) row.number(7, static_cast<double>(r) * 1000.5, Style::money_wan);
    row.number(26, r, Style::plain);
    row.text(27, std::to_string(r) + "/9");
    row.number(28, static_cast<double>(r) * 0.123456789, Style::number1);  // held rounded as shown, both ways
    row.number(29, static_cast<double>(r) * 0.987654321, Style::number2);
    if (out_of_order) row.text(1, "again");
  });
  sh.colour_by_text(1, rows, 0, OutcomeWords{"达标", "不达标", "未知"});
  sh.autofilter(0, 0, rows, 29);
  sh.column_width(0, 0, 15);
  Sheet last = wb->add_sheet("汇总");
  last.header(0, {"项目", "村数"});
  last.text(1, 0, "全县");
  last.number(1, 1, 120, Style::count);
  auto closed = wb->close();
  if (out_of_order) {
    EXPECT_FALSE(closed);
  } else {
    ASSERT_TRUE(closed) << closed.error().message;
  }
}

// The creation time in docProps/core.xml differs from run to run.
std::string without_times(std::string xml) {
  static const std::regex time(R"re(<dcterms:(created|modified)[^>]*>[^<]*</dcterms:(created|modified)>)re");
  return std::regex_replace(xml, time, "");
}

TEST(WorkbookStream, EveryPartEqualsLibxlsxwritersOwn) {
  const fs::path dir = scratch_dir();
  const fs::path own = dir / "libxlsxwriter.xlsx", streamed = dir / "streamed.xlsx";
  write_book(own, false);
  write_book(streamed, true);
  for (const char* part : {"[Content_Types].xml", "_rels/.rels", "xl/_rels/workbook.xml.rels", "xl/workbook.xml", "xl/styles.xml",
                           "xl/theme/theme1.xml", "docProps/app.xml", "docProps/core.xml", "xl/worksheets/sheet1.xml",
                           "xl/worksheets/sheet2.xml", "xl/worksheets/sheet3.xml"}) {
    const std::string a = without_times(zip_part(own, part)), b = without_times(zip_part(streamed, part));
    ASSERT_FALSE(a.empty()) << part;
    EXPECT_EQ(a, b) << part;
  }
  // The rows are there: the last row's count and a text that needed escaping.
  const std::string sheet = zip_part(streamed, "xl/worksheets/sheet2.xml");
  EXPECT_NE(sheet.find("<row r=\"121\">"), std::string::npos);
  EXPECT_NE(sheet.find("a&amp;b&lt;c&gt;d\"e'f"), std::string::npos);
  EXPECT_NE(sheet.find("<t xml:space=\"preserve\"> leading</t>"), std::string::npos);
  EXPECT_EQ(sheet.find("<row r=\"18\">"), std::string::npos);  // the empty row
}

// The rewritten zip (minizip) reads back member by
// member with every checksum right, through minizip and, where installed, unzip -t.
TEST(WorkbookStream, TheRewrittenZipReadsBackWithItsChecksums) {
  const fs::path path = scratch_dir() / "streamed.xlsx";
  write_book(path, true);
  unzFile in = unzOpen64(path.string().c_str());
  ASSERT_NE(in, nullptr);
  int members = 0;
  for (int rc = unzGoToFirstFile(in); rc != UNZ_END_OF_LIST_OF_FILE; rc = unzGoToNextFile(in)) {
    ASSERT_EQ(rc, UNZ_OK);
    char name[256];
    unz_file_info64 info{};
    ASSERT_EQ(unzGetCurrentFileInfo64(in, &info, name, sizeof name, nullptr, 0, nullptr, 0), UNZ_OK);
    ASSERT_EQ(unzOpenCurrentFile(in), UNZ_OK) << name;
    char buf[4096];
    uint64_t size = 0;
    int n = 0;
    while ((n = unzReadCurrentFile(in, buf, sizeof buf)) > 0) size += static_cast<uint64_t>(n);
    EXPECT_EQ(n, 0) << name;
    EXPECT_EQ(size, info.uncompressed_size) << name;
    EXPECT_EQ(unzCloseCurrentFile(in), UNZ_OK) << name;  // UNZ_CRCERROR on a wrong checksum
    ++members;
  }
  unzClose(in);
  EXPECT_EQ(members, 11);
  EXPECT_FALSE(fs::exists(path.string() + ".rows"));
  if (std::system("unzip -v >/dev/null 2>&1") == 0) {
    EXPECT_EQ(std::system(("unzip -tq '" + path.string() + "' >/dev/null").c_str()), 0);
  }
}

TEST(WorkbookStream, CellsOutOfColumnOrderAreAnError) {
  const fs::path dir = scratch_dir();
  write_book(dir / "bad.xlsx", true, true);
}

// libxlsxwriter's <dimension> is taken from the cells it wrote: a streamed
// sheet needs a row above its streamed rows, and says so instead of guessing.
TEST(WorkbookStream, StreamedRowsWithoutAHeaderAreAnError) {
  const fs::path path = scratch_dir() / "no_header.xlsx";
  auto wb = Workbook::create(path.string(), true, true);
  ASSERT_TRUE(wb);
  Sheet sh = wb->add_sheet("村级结果");
  sh.rows(1, 3, [](uint32_t r, RowCells& row) { row.number(0, r); });
  auto closed = wb->close();
  ASSERT_FALSE(closed);
  EXPECT_NE(closed.error().hint.find("header"), std::string::npos);
}

// A row filler that throws leaves neither an open zip nor the half-written new
// zip beside the workbook (checked for leaks under ASan).
TEST(WorkbookStream, AThrowingRowFillerLeavesNoNewZipBehind) {
  const fs::path dir = scratch_dir();
  auto wb = Workbook::create((dir / "throws.xlsx").string(), true, true);
  ASSERT_TRUE(wb);
  Sheet sh = wb->add_sheet("村级结果");
  sh.header(0, {"村"});
  sh.rows(1, 50, [](uint32_t r, RowCells& row) {
    if (r == 40) throw std::runtime_error("filler");
    row.number(0, r);
  });
  EXPECT_THROW((void)wb->close(), std::runtime_error);
  for (const auto& entry : fs::directory_iterator(dir)) EXPECT_EQ(entry.path().extension(), ".xlsx") << entry.path();
}

}  // namespace
}  // namespace jiuyou::report
