// tour 18 S4: a county's statistics as one sheet per township. `layer = "*"` reads
// every sheet whose header has the mapped columns (a 说明 sheet is skipped and
// said); several tables joined onto the villages fill each other's gaps (each had
// blanked the villages the earlier ones had filled), and the villages none covers
// are said once, naming the tables.
#include <gtest/gtest.h>

#include <xlsxwriter.h>

#include <filesystem>

#include "gis/io/load.hpp"
#include "gis/io/project.hpp"
#include "support/run_command.hpp"
#include "support/test_paths.hpp"

using namespace jiuyou;
namespace fs = std::filesystem;

namespace {

struct Row {
  const char* code;
  double poor;
};

void add_sheet(lxw_workbook* wb, const char* name, const std::vector<Row>& rows) {
  lxw_worksheet* ws = workbook_add_worksheet(wb, name);
  worksheet_write_string(ws, 0, 0, (std::string(name) + "贫困村统计表").c_str(), nullptr);
  worksheet_write_string(ws, 2, 0, "村代码", nullptr);
  worksheet_write_string(ws, 2, 1, "贫困人口", nullptr);
  for (size_t r = 0; r < rows.size(); ++r) {
    worksheet_write_string(ws, static_cast<lxw_row_t>(3 + r), 0, rows[r].code, nullptr);
    worksheet_write_number(ws, static_cast<lxw_row_t>(3 + r), 1, rows[r].poor, nullptr);
  }
}

// Villages 201..204: 城关镇 has 201 and 202, 宝丰镇 has 203; nobody has 204.
void write_villages(const fs::path& dir) {
  jiuyou::test::write_text_file(dir / "v.csv",
                                "code,name,x,y\n420323100201,柳林村,110.21,32.2\n420323100202,石门村,110.22,32.2\n"
                                "420323101203,王家湾村,110.23,32.2\n420323101204,新村,110.24,32.2\n");
}

const char* k_villages_toml = "[layers.villages]\npath = \"v.csv\"\nx = \"x\"\ny = \"y\"\ncrs = \"EPSG:4490\"\n";

std::string stats_toml(const std::string& section, const std::string& file, const std::string& layer) {
  return "[layers." + section + "]\npath = \"" + file + "\"\nlayer = \"" + layer + "\"\njoin_to = \"villages\"\n[layers." + section +
         ".fields]\ncode = \"村代码\"\npoor_population = \"贫困人口\"\n";
}

Result<Workspace> load(const fs::path& dir, const std::string& toml) {
  jiuyou::test::write_text_file(dir / "p.toml", toml);
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

void expect_filled(const Workspace& ws) {
  const Column* poor = ws.layer("villages")->column("poor_population");
  ASSERT_NE(poor, nullptr);
  EXPECT_DOUBLE_EQ(*poor->number(0), 12);
  EXPECT_DOUBLE_EQ(*poor->number(1), 7);
  EXPECT_DOUBLE_EQ(*poor->number(2), 30);
  EXPECT_TRUE(poor->is_null(3));
  const auto unmatched = with_code(ws.issues, "join_unmatched");
  ASSERT_EQ(unmatched.size(), 1u) << "said once, not once per sheet";
  EXPECT_NE(unmatched[0]->message.find("1 个"), std::string::npos) << unmatched[0]->message;
  EXPECT_NE(unmatched[0]->message.find("新村"), std::string::npos) << unmatched[0]->message;
}

}  // namespace

TEST(JoinSheets, EverySheetOfATownshipWorkbookIsJoinedAndANoteSheetSkipped) {
  const fs::path dir = jiuyou::test::scratch_dir();
  write_villages(dir);
  lxw_workbook* wb = workbook_new((dir / "统计.xlsx").string().c_str());
  lxw_worksheet* note = workbook_add_worksheet(wb, "说明");
  worksheet_write_string(note, 0, 0, "本表由各乡镇填报，2019 年 12 月", nullptr);
  add_sheet(wb, "城关镇", {{"420323100201", 12}, {"420323100202", 7}});
  add_sheet(wb, "宝丰镇", {{"420323101203", 30}});
  workbook_close(wb);

  auto ws = load(dir, std::string(k_villages_toml) + stats_toml("village_stats", "统计.xlsx", "*"));
  ASSERT_TRUE(ws) << ws.error().to_string();
  expect_filled(*ws);
  const auto skipped = with_code(ws->issues, "sheet_skipped");
  ASSERT_EQ(skipped.size(), 1u);
  EXPECT_NE(skipped[0]->message.find("说明"), std::string::npos) << skipped[0]->message;

  // Without layer: the refusal offers "*".
  auto refused = load(dir, std::string(k_villages_toml) + "[layers.village_stats]\npath = \"统计.xlsx\"\njoin_to = \"villages\"\n"
                                                          "[layers.village_stats.fields]\ncode = \"村代码\"\npoor_population = \"贫困人口\"\n");
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().hint.find("layer = \"*\""), std::string::npos) << refused.error().to_string();
}

TEST(JoinSheets, TwoTablesOntoTheVillagesFillEachOthersGaps) {
  const fs::path dir = jiuyou::test::scratch_dir();
  write_villages(dir);
  for (const auto& [file, sheet, rows] : {std::tuple<const char*, const char*, std::vector<Row>>{"城关镇.xlsx", "城关镇", {{"420323100201", 12}, {"420323100202", 7}}},
                                          std::tuple<const char*, const char*, std::vector<Row>>{"宝丰镇.xlsx", "宝丰镇", {{"420323101203", 30}}}}) {
    lxw_workbook* wb = workbook_new((dir / file).string().c_str());
    add_sheet(wb, sheet, rows);
    workbook_close(wb);
  }
  auto ws = load(dir, std::string(k_villages_toml) + stats_toml("stats_a", "城关镇.xlsx", "城关镇") + stats_toml("stats_b", "宝丰镇.xlsx", "宝丰镇"));
  ASSERT_TRUE(ws) << ws.error().to_string();
  expect_filled(*ws);
  const auto unmatched = with_code(ws->issues, "join_unmatched");
  ASSERT_EQ(unmatched.size(), 1u);
  EXPECT_NE(unmatched[0]->message.find("stats_a（城关镇）、stats_b（宝丰镇）"), std::string::npos) << unmatched[0]->message;
}

// tour 20 S2: a hidden sheet (last year's copy) is not read by layer = "*", and said; its figures overrode this
// year's (6 false 可出列).
TEST(JoinSheets, AHiddenSheetIsNotReadAndIsSaid) {
  const fs::path dir = jiuyou::test::scratch_dir();
  write_villages(dir);
  lxw_workbook* wb = workbook_new((dir / "统计.xlsx").string().c_str());
  add_sheet(wb, "城关镇", {{"420323100201", 12}, {"420323100202", 7}});
  add_sheet(wb, "宝丰镇", {{"420323101203", 30}});
  add_sheet(wb, "上年", {{"420323100201", 99}, {"420323100202", 99}, {"420323101203", 99}});
  worksheet_hide(workbook_get_worksheet_by_name(wb, "上年"));
  workbook_close(wb);
  auto ws = load(dir, std::string(k_villages_toml) + stats_toml("village_stats", "统计.xlsx", "*"));
  ASSERT_TRUE(ws) << ws.error().to_string();
  expect_filled(*ws);
  const auto hidden = with_code(ws->issues, "hidden_sheet_skipped");
  ASSERT_EQ(hidden.size(), 1u);
  EXPECT_EQ(hidden[0]->severity, Severity::warning);
  EXPECT_NE(hidden[0]->message.find("上年"), std::string::npos) << hidden[0]->message;
}

// tour 20 S1: one village in two sheets with different figures (a township's sheet corrected, the 全县 sheet not): the
// value is unknown and said, whatever the tab order; rows that agree are used; a blank cell keeps the other's value.
TEST(JoinSheets, TwoSheetsThatDisagreeOnAVillageMakeItsValueUnknownInEitherOrder) {
  for (const bool county_last : {true, false}) {
    SCOPED_TRACE(county_last ? "全县 last" : "全县 first");
    const fs::path dir = jiuyou::test::scratch_dir();
    write_villages(dir);
    lxw_workbook* wb = workbook_new((dir / "统计.xlsx").string().c_str());
    const std::vector<Row> county = {{"420323100201", 12}, {"420323100202", 5}, {"420323101203", 30}};
    if (!county_last) add_sheet(wb, "全县", county);
    add_sheet(wb, "城关镇", {{"420323100201", 12}, {"420323100202", 7}});  // 石门村 corrected: 5 → 7
    add_sheet(wb, "宝丰镇", {{"420323101203", 30}});
    if (county_last) add_sheet(wb, "全县", county);
    workbook_close(wb);
    auto ws = load(dir, std::string(k_villages_toml) + stats_toml("village_stats", "统计.xlsx", "*"));
    ASSERT_TRUE(ws) << ws.error().to_string();
    const Column* poor = ws->layer("villages")->column("poor_population");
    EXPECT_DOUBLE_EQ(*poor->number(0), 12);  // the sheets agree
    EXPECT_TRUE(poor->is_null(1)) << "5 or 7: which one cannot be told";
    EXPECT_DOUBLE_EQ(*poor->number(2), 30);
    const auto said = with_code(ws->issues, "join_tables_disagree");
    ASSERT_EQ(said.size(), 1u);
    EXPECT_NE(said[0]->message.find("石门村"), std::string::npos) << said[0]->message;
    EXPECT_NE(said[0]->message.find("为 5"), std::string::npos) << said[0]->message;
    EXPECT_NE(said[0]->message.find("为 7"), std::string::npos) << said[0]->message;
  }
}

// tour 20 M1, M2: a cell merged down over several rows is what Excel shows in each of them: a township's 是 merged over
// its villages reaches every one (it reached the first only: 233 villages unknown), and a 村代码 merged over a
// village's two rows gives both rows the code, so the village is not judged on its first row alone (3 false 可出列):
// two rows that differ under one code are unknown and said.
TEST(JoinSheets, MergedCellsReachEveryRowTheyCover) {
  const fs::path dir = jiuyou::test::scratch_dir();
  write_villages(dir);
  lxw_workbook* wb = workbook_new((dir / "统计.xlsx").string().c_str());
  lxw_worksheet* ws = workbook_add_worksheet(wb, "全县");
  worksheet_write_string(ws, 0, 0, "贫困村统计表", nullptr);
  const char* header[] = {"村代码", "贫困人口", "乡有产业规模"};
  for (lxw_col_t c = 0; c < 3; ++c) worksheet_write_string(ws, 2, c, header[c], nullptr);
  // rows 4–5: 柳林村, 石门村 of 城关镇, the township's 是 merged over both
  worksheet_write_string(ws, 3, 0, "420323100201", nullptr);
  worksheet_write_number(ws, 3, 1, 12, nullptr);
  worksheet_write_string(ws, 4, 0, "420323100202", nullptr);
  worksheet_write_number(ws, 4, 1, 7, nullptr);
  worksheet_merge_range(ws, 3, 2, 4, 2, "是", nullptr);
  // rows 6–7: 王家湾村 in two rows (一组, 二组), its code merged over both
  worksheet_merge_range(ws, 5, 0, 6, 0, "420323101203", nullptr);
  worksheet_write_number(ws, 5, 1, 1, nullptr);
  worksheet_write_number(ws, 6, 1, 29, nullptr);
  worksheet_write_string(ws, 5, 2, "否", nullptr);
  worksheet_write_string(ws, 6, 2, "否", nullptr);
  workbook_close(wb);
  auto loaded = load(dir, std::string(k_villages_toml) + stats_toml("village_stats", "统计.xlsx", "全县") + "township_industry_scale = \"乡有产业规模\"\n");
  ASSERT_TRUE(loaded) << loaded.error().to_string();
  const FeatureTable* v = loaded->layer("villages");
  const Column* scale = v->column("township_industry_scale");
  ASSERT_NE(scale, nullptr);
  EXPECT_TRUE(scale->get_bool(0));
  ASSERT_FALSE(scale->is_null(1)) << "the merged 是 reaches 石门村's row too";
  EXPECT_TRUE(scale->get_bool(1));
  EXPECT_TRUE(v->column("poor_population")->is_null(2)) << "1 or 29 (or 30): not the first row alone";
  EXPECT_EQ(with_code(loaded->issues, "duplicate_join_key").size(), 1u);
  EXPECT_EQ(with_code(loaded->issues, "merged_cells_filled").size(), 1u);
}

// tour 20 H3: a mapped header merged over two sub-columns (贫困人口 over 2016年底 | 2017年底) was read as the first,
// last year's (99 villages' incidence pass→fail): refused, naming the columns. A header cell merged over an empty
// column (a wide cell) is read as before.
TEST(JoinSheets, AMappedHeaderMergedOverTwoFilledColumnsIsRefused) {
  const fs::path dir = jiuyou::test::scratch_dir();
  write_villages(dir);
  for (const bool second_filled : {true, false}) {
    SCOPED_TRACE(second_filled ? "2016年底 | 2017年底" : "a wide cell");
    lxw_workbook* wb = workbook_new((dir / "统计.xlsx").string().c_str());
    lxw_worksheet* ws = workbook_add_worksheet(wb, "全县");
    worksheet_write_string(ws, 0, 0, "贫困村统计表", nullptr);
    worksheet_write_string(ws, 2, 0, "村代码", nullptr);
    worksheet_merge_range(ws, 2, 1, 2, 2, "贫困人口", nullptr);
    worksheet_write_string(ws, 2, 3, "集体收入", nullptr);
    if (second_filled) {
      worksheet_write_string(ws, 3, 1, "2016年底", nullptr);
      worksheet_write_string(ws, 3, 2, "2017年底", nullptr);
    }
    const char* codes[] = {"420323100201", "420323100202", "420323101203"};
    for (lxw_row_t r = 0; r < 3; ++r) {
      worksheet_write_string(ws, 4 + r, 0, codes[r], nullptr);
      worksheet_write_number(ws, 4 + r, 1, 40.0 + r, nullptr);
      if (second_filled) worksheet_write_number(ws, 4 + r, 2, 10.0 + r, nullptr);
      worksheet_write_number(ws, 4 + r, 3, 50000, nullptr);
    }
    workbook_close(wb);
    auto loaded = load(dir, std::string(k_villages_toml) + stats_toml("village_stats", "统计.xlsx", "全县"));
    if (second_filled) {
      ASSERT_FALSE(loaded);
      EXPECT_EQ(loaded.error().field, "poor_population");
      EXPECT_NE(loaded.error().message.find("B–C"), std::string::npos) << loaded.error().to_string();
      EXPECT_NE(loaded.error().hint.find("取消表头 B–C 的合并"), std::string::npos) << loaded.error().hint;
    } else {
      ASSERT_TRUE(loaded) << loaded.error().to_string();
      EXPECT_DOUBLE_EQ(*loaded->layer("villages")->column("poor_population")->number(0), 40);
    }
  }
}
