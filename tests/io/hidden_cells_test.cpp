// tour 17 R6: hidden rows and columns of a county's statistics sheet. GDAL reads
// them like any other cell, so a stale row hidden instead of deleted silently
// took a village's values (or made them unknown as a duplicate). Hidden data
// rows are read and said; a hidden row repeating a visible row's code is left
// out for the visible one with a warning naming both rows; a mapped column that
// is hidden is warned.
#include <gtest/gtest.h>

#include <xlsxwriter.h>

#include <filesystem>

#include "gis/io/load.hpp"
#include "gis/io/project.hpp"
#include "gis/io/sheet_hidden.hpp"
#include "support/run_command.hpp"
#include "support/test_paths.hpp"

using namespace jiuyou;
namespace fs = std::filesystem;

namespace {

struct Sheet {
  std::vector<int> hidden_rows;  // 0-based sheet rows
  std::vector<int> hidden_columns;
};

// A title row, the header in row 3, then villages; row 7 (1-based) is a stale copy of row 6's village.
void write_stats(const fs::path& path, const Sheet& sheet) {
  lxw_workbook* wb = workbook_new(path.string().c_str());
  lxw_worksheet* ws = workbook_add_worksheet(wb, "统计");
  worksheet_write_string(ws, 0, 0, "九有县贫困村统计表", nullptr);
  const char* header[] = {"村代码", "村名", "贫困人口", "旧贫困人口"};
  for (int c = 0; c < 4; ++c) worksheet_write_string(ws, 2, static_cast<lxw_col_t>(c), header[c], nullptr);
  const struct {
    const char* code;
    const char* name;
    double poor;
  } rows[] = {{"420323100201", "柳林村", 12}, {"420323100202", "石门村", 7}, {"420323100203", "王家湾村", 30}, {"420323100203", "王家湾村", 99}};
  for (int r = 0; r < 4; ++r) {
    const auto row = static_cast<lxw_row_t>(3 + r);
    worksheet_write_string(ws, row, 0, rows[r].code, nullptr);
    worksheet_write_string(ws, row, 1, rows[r].name, nullptr);
    worksheet_write_number(ws, row, 2, rows[r].poor, nullptr);
    worksheet_write_number(ws, row, 3, rows[r].poor + 1, nullptr);
  }
  lxw_row_col_options hide = {.hidden = 1, .level = 0, .collapsed = 0};
  for (int r : sheet.hidden_rows) worksheet_set_row_opt(ws, static_cast<lxw_row_t>(r), LXW_DEF_ROW_HEIGHT, nullptr, &hide);
  for (int c : sheet.hidden_columns) worksheet_set_column_opt(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), 9, nullptr, &hide);
  workbook_close(wb);
}

Result<Workspace> load(const fs::path& dir, const std::string& poor_column = "贫困人口") {
  jiuyou::test::write_text_file(dir / "v.csv",
                                "code,name,x,y\n420323100201,柳林村,110.21,32.2\n420323100202,石门村,110.22,32.2\n420323100203,王家湾村,110.23,32.2\n");
  jiuyou::test::write_text_file(dir / "p.toml", "[layers.villages]\npath = \"v.csv\"\nx = \"x\"\ny = \"y\"\ncrs = \"EPSG:4490\"\n"
                                                "[layers.village_stats]\npath = \"stats.xlsx\"\njoin_to = \"villages\"\n"
                                                "[layers.village_stats.fields]\ncode = \"村代码\"\npoor_population = \"" + poor_column + "\"\n");
  auto p = io::load_project((dir / "p.toml").string());
  if (!p) return tl::unexpected<Error>(p.error());
  return io::load_workspace(*p);
}

std::vector<const Issue*> with_code(const IssueLog& log, const std::string& code) {
  std::vector<const Issue*> out;
  for (const auto& i : log.entries())
    if (i.code == code) out.push_back(&i);
  return out;
}

}  // namespace

TEST(HiddenCells, TheSheetsHiddenRowsAndColumnsAreFound) {
  const fs::path dir = jiuyou::test::scratch_dir();
  write_stats(dir / "stats.xlsx", {{4, 6}, {3}});
  const io::HiddenCells h = io::xlsx_hidden_cells((dir / "stats.xlsx").string(), "统计");
  EXPECT_EQ(h.rows, (std::set<int64_t>{5, 7}));
  EXPECT_EQ(h.columns, (std::set<size_t>{3}));
  EXPECT_TRUE(io::xlsx_hidden_cells((dir / "stats.xlsx").string(), "no such sheet").empty());
  EXPECT_TRUE(io::xlsx_hidden_cells((dir / "missing.xlsx").string(), "统计").empty());
}

TEST(HiddenCells, AHiddenRowRepeatingAVisibleRowsCodeIsLeftOutForTheVisibleOne) {
  const fs::path dir = jiuyou::test::scratch_dir();
  write_stats(dir / "stats.xlsx", {{6}, {}});  // row 7: the stale 王家湾村 (99)
  auto ws = load(dir);
  ASSERT_TRUE(ws) << ws.error().to_string();
  const Column* poor = ws->layer("villages")->column("poor_population");
  ASSERT_NE(poor, nullptr);
  EXPECT_DOUBLE_EQ(*poor->number(2), 30) << "the visible row, not the hidden stale one, and not unknown as a duplicate";
  const auto said = with_code(ws->issues, "hidden_duplicate_row");
  ASSERT_EQ(said.size(), 1u);
  EXPECT_EQ(said[0]->severity, Severity::warning);
  EXPECT_EQ(said[0]->feature, 7);
  EXPECT_NE(said[0]->message.find("第 6 行"), std::string::npos) << said[0]->message;
  EXPECT_TRUE(with_code(ws->issues, "duplicate_join_key").empty());
}

TEST(HiddenCells, HiddenRowsOfVillagesAreReadAndSaidAndAHiddenMappedColumnIsWarned) {
  const fs::path dir = jiuyou::test::scratch_dir();
  write_stats(dir / "stats.xlsx", {{3, 4}, {3}});  // rows 4–5 (柳林村, 石门村) hidden; column D (旧贫困人口) hidden
  {
    auto ws = load(dir);
    ASSERT_TRUE(ws) << ws.error().to_string();
    const Column* poor = ws->layer("villages")->column("poor_population");
    EXPECT_DOUBLE_EQ(*poor->number(0), 12);  // hidden is not deleted: read
    EXPECT_DOUBLE_EQ(*poor->number(1), 7);
    const auto rows = with_code(ws->issues, "hidden_rows");
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_NE(rows[0]->message.find("第 4–5 行"), std::string::npos) << rows[0]->message;
    EXPECT_TRUE(with_code(ws->issues, "hidden_column").empty()) << "the hidden column is not one the project reads";
  }
  auto ws = load(dir, "旧贫困人口");
  ASSERT_TRUE(ws) << ws.error().to_string();
  const auto cols = with_code(ws->issues, "hidden_column");
  ASSERT_EQ(cols.size(), 1u);
  EXPECT_NE(cols[0]->message.find("D 列"), std::string::npos) << cols[0]->message;
}
