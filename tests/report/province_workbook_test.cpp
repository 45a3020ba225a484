// A province's workbook (more villages than WorkbookOptions::province_villages,
// issue #16): written in constant-memory mode, and each item's 依据 column
// keeps the sentences of the cells not met only. Compared cell by cell with the
// county workbook of the same check: nothing else may differ.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include "gis/report/check_report.hpp"
#include "report/check_fixture.hpp"
#include "support/test_paths.hpp"
#include "support/zip_part.hpp"

namespace jiuyou::report {
namespace {

namespace fs = std::filesystem;
using namespace jiuyou::test;

struct Cell {
  size_t col = 0;  // from 0
  std::string value;
};

size_t column_index(const std::string& letters) {
  size_t c = 0;
  for (char ch : letters) c = c * 26 + static_cast<size_t>(ch - 'A' + 1);
  return c - 1;
}

// Every cell of a sheet by its reference ("B7"): inline strings, shared
// strings (resolved) and numbers as their XML text; "" for a styled blank.
std::map<std::string, Cell> sheet_cells(const fs::path& xlsx, int sheet) {
  std::vector<std::string> shared;
  const std::string sst = zip_part(xlsx, "xl/sharedStrings.xml");
  static const std::regex si(R"re(<si><t(?: [^>]*)?>([^<]*)</t></si>)re");
  for (auto it = std::sregex_iterator(sst.begin(), sst.end(), si); it != std::sregex_iterator(); ++it) shared.push_back((*it)[1]);
  const std::string xml = zip_part(xlsx, "xl/worksheets/sheet" + std::to_string(sheet) + ".xml");
  static const std::regex cell(R"re(<c r="([A-Z]+)([0-9]+)"([^>]*?)(?:/>|>(.*?)</c>))re");
  static const std::regex inline_text(R"re(<is><t(?: [^>]*)?>([^<]*)</t></is>)re");
  static const std::regex number(R"re(<v>([^<]*)</v>)re");
  std::map<std::string, Cell> out;
  for (auto it = std::sregex_iterator(xml.begin(), xml.end(), cell); it != std::sregex_iterator(); ++it) {
    const std::string attrs = (*it)[3], body = (*it)[4];
    Cell c{column_index((*it)[1]), {}};
    std::smatch m;
    if (std::regex_search(body, m, inline_text)) {
      c.value = m[1];
    } else if (std::regex_search(body, m, number)) {
      c.value = attrs.find("t=\"s\"") != std::string::npos ? shared.at(std::stoul(m[1])) : std::string(m[1]);
    }
    out[std::string((*it)[1]) + std::string((*it)[2])] = c;
  }
  return out;
}

std::string row_of(const std::string& ref) { return ref.substr(ref.find_first_of("0123456789")); }

struct ProvinceWorkbook : ::testing::Test {
  Workspace ws = fixture_workspace();
  CheckResult res = fixture_result(ws);
  fs::path dir = scratch_dir();
  fs::path county = dir / "county.xlsx", province = dir / "province.xlsx";

  void SetUp() override {
    // 4 villages: at the bound the workbook is still a county's; one under it, a province's.
    ASSERT_TRUE(write_check_xlsx(county.string(), WorkspaceView::of(ws), res, WorkbookOptions{{}, 4}));
    ASSERT_TRUE(write_check_xlsx(province.string(), WorkspaceView::of(ws), res, WorkbookOptions{{}, 3}));
  }
};

TEST_F(ProvinceWorkbook, LeavesOutOnlyTheSentencesOfPassedItems) {
  const auto full = sheet_cells(county, 1), brief = sheet_cells(province, 1);
  ASSERT_FALSE(full.empty());
  // The province's sheet is written in constant-memory mode: inline strings, no table of strings.
  EXPECT_TRUE(zip_part(province, "xl/sharedStrings.xml").empty());
  EXPECT_FALSE(zip_part(county, "xl/sharedStrings.xml").empty());

  std::map<size_t, std::string> evidence_heading;  // column -> the county's heading
  for (const auto& [ref, c] : full)
    if (row_of(ref) == "1" && c.value.ends_with(" 依据")) evidence_heading[c.col] = c.value;
  ASSERT_GE(evidence_heading.size(), 4u);
  size_t dropped = 0, kept = 0;
  for (const auto& [ref, c] : full) {
    const auto heading = evidence_heading.find(c.col);
    const auto b = brief.find(ref);
    if (heading != evidence_heading.end() && row_of(ref) == "1") {
      ASSERT_NE(b, brief.end()) << ref;
      EXPECT_EQ(b->second.value, heading->second + "（仅不达标、未知）");
      continue;
    }
    if (heading != evidence_heading.end()) {
      // The outcome is the column left of its sentence.
      const auto outcome = std::find_if(full.begin(), full.end(), [&](const auto& o) { return row_of(o.first) == row_of(ref) && o.second.col + 1 == c.col; });
      ASSERT_NE(outcome, full.end()) << ref;
      if (outcome->second.value == "达标") {
        EXPECT_TRUE(b == brief.end() || b->second.value.empty()) << ref << " " << c.value;
        ++dropped;
        continue;
      }
      ++kept;
    }
    ASSERT_NE(b, brief.end()) << ref << " " << c.value;
    EXPECT_EQ(b->second.value, c.value) << ref;
  }
  EXPECT_GT(dropped, 0u);
  EXPECT_GT(kept, 0u);
  for (const auto& [ref, c] : brief) EXPECT_TRUE(full.count(ref) == 1) << "a cell only the province has: " << ref << " " << c.value;
  // The numbers beside a passed item's sentence stay: the first village's road at 120 m.
  bool road_distance = false;
  for (const auto& [ref, c] : brief) road_distance = road_distance || (row_of(ref) == "2" && c.value == "120");
  EXPECT_TRUE(road_distance);
}

TEST_F(ProvinceWorkbook, SaysWhatItLeftOutAndWhereItIs) {
  std::string county_rules, province_rules;
  for (const auto& [ref, c] : sheet_cells(county, 4)) county_rules += c.value + "\n";
  for (const auto& [ref, c] : sheet_cells(province, 4)) province_rules += c.value + "\n";
  EXPECT_EQ(county_rules.find("村级结果的依据"), std::string::npos);
  EXPECT_NE(province_rules.find("村级结果的依据"), std::string::npos);
  EXPECT_NE(province_rules.find("村数超过 3 个，村级结果的“依据”列只写不达标和未知的项"), std::string::npos);
  EXPECT_NE(province_rules.find("--evidence full"), std::string::npos);
}

// Constant-memory mode drops a cell written above the current row: every
// header of 乡镇汇总 and the summaries must be there as in the county's workbook.
TEST_F(ProvinceWorkbook, TheSummarySheetsKeepEveryCell) {
  for (int sheet : {2, 3}) {
    const auto full = sheet_cells(county, sheet), brief = sheet_cells(province, sheet);
    ASSERT_FALSE(full.empty());
    EXPECT_EQ(brief.size(), full.size()) << "sheet " << sheet;
    for (const auto& [ref, c] : full) {
      const auto b = brief.find(ref);
      ASSERT_NE(b, brief.end()) << "sheet " << sheet << " " << ref << " " << c.value;
      EXPECT_EQ(b->second.value, c.value) << "sheet " << sheet << " " << ref;
    }
  }
  std::string headers;
  for (const auto& [ref, c] : sheet_cells(province, 2))
    if (row_of(ref) == "1" || row_of(ref) == "2") headers += c.value + "|";
  for (const char* h : {"乡镇代码", "乡镇", "县", "村数", "可出列", "不可出列", "数据不全", "出列率", "有硬化的通村公路", "达标率"})
    EXPECT_NE(headers.find(std::string(h) + "|"), std::string::npos) << h;
  EXPECT_TRUE(std::regex_search(zip_part(province, "xl/worksheets/sheet2.xml"), std::regex(R"re(<row r="1"[^>]* ht="45")re")));
}

}  // namespace
}  // namespace jiuyou::report
