// tour 14 N6: the rows of a county statistics table that are no village — a 栏次 row numbering
// the columns (栏次, A, B, 1, 2 …; 甲/乙, ①②, （1）) and summary rows (合计, 总计, 小计, 全县合计,
// 其中：, 平均) at the top, the bottom or between townships — are skipped and said once, in
// CSV and DBF alike; a village named 合计村 in a township 平均镇 is a village.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "gis/io/load.hpp"
#include "gis/io/project.hpp"
#include "gis/io/table_header.hpp"
#include "io/gdal_fixture.hpp"
#include "support/test_paths.hpp"

using namespace jiuyou;
namespace fs = std::filesystem;

namespace {

size_t count(const IssueLog& log, const std::string& code) {
  size_t n = 0;
  for (const auto& i : log.entries()) n += i.code == code;
  return n;
}

const Issue* find(const IssueLog& log, const std::string& code) {
  for (const auto& i : log.entries())
    if (i.code == code) return &i;
  return nullptr;
}

std::string warnings(const IssueLog& log) {
  std::string s;
  for (const auto& i : log.entries())
    if (i.severity != Severity::info) s += IssueLog::format(i) + "\n";
  return s;
}

const char* k_villages =
    "code,name,x,y\n420323100201,柳林村,110.21,32.2\n420323100202,石门村,110.22,32.2\n420323101201,合计村,110.23,32.2\n"
    "420323101202,新村,110.24,32.2\n";

// The statistics table's rows, cells in order: 序号, 乡镇, name, code, poor_population, poor_households, collective_income.
using Rows = std::vector<std::vector<std::string>>;
const Rows k_stats = {
    {"栏次", "A", "B", "C", "1", "2", "3"},
    {"合计", "", "", "", "49", "19", "310000"},  // right under the header, as many sheets have it
    {"1", "城关镇", "柳林村", "420323100201", "12", "5", "80000"},
    {"2", "城关镇", "石门村", "420323100202", "7", "3", "60000"},
    {"", "城关镇", "小计", "", "19", "8", "140000"},  // between townships
    {"3", "平均镇", "合计村", "420323101201", "30", "11", "170000"},
    {"4", "平均镇", "新村", "420323101202", "0", "0", "50000"},
    {"", "", "其中：脱贫村", "", "30", "11", "170000"},
    {"全县平均", "", "", "", "16.3", "6.3", "103333"},
    {"", "", "全县合计", "", "49", "19", "310000"},  // at the bottom
};
const char* k_header[] = {"序号", "乡镇", "name", "code", "poor_population", "poor_households", "collective_income"};

Result<Workspace> load_with(const std::string& stats_file, const std::string& fields = "") {
  const fs::path dir = stats_file.empty() ? fs::path() : fs::path(stats_file).parent_path();
  std::ofstream(dir / "v.csv") << k_villages;
  std::ofstream(dir / "p.toml") << "[layers.villages]\npath = \"v.csv\"\nx = \"x\"\ny = \"y\"\ncrs = \"EPSG:4490\"\n"
                                   "[layers.village_stats]\npath = \""
                                << fs::path(stats_file).filename().string() << "\"\njoin_to = \"villages\"\njoin_key = \"code\"\n" << fields;
  auto p = io::load_project((dir / "p.toml").string());
  if (!p) return tl::unexpected<Error>(p.error());
  return io::load_workspace(*p);
}

void expect_only_villages(const Workspace& ws, const std::string& rows_word) {
  const FeatureTable* v = ws.layer("villages");
  ASSERT_NE(v, nullptr);
  ASSERT_EQ(v->size(), 4u);
  const Column* poor = v->column("poor_population");
  ASSERT_NE(poor, nullptr);
  EXPECT_DOUBLE_EQ(*poor->number(0), 12);
  EXPECT_DOUBLE_EQ(*poor->number(1), 7);
  EXPECT_DOUBLE_EQ(*poor->number(2), 30) << "合计村 of 平均镇 is a village";
  EXPECT_DOUBLE_EQ(*poor->number(3), 0);
  EXPECT_EQ(count(ws.issues, "rows_skipped"), 1u) << "said once";
  const Issue* i = find(ws.issues, "rows_skipped");
  ASSERT_NE(i, nullptr);
  EXPECT_EQ(i->severity, Severity::info);
  EXPECT_NE(i->message.find("跳过 6 行"), std::string::npos) << i->message;
  EXPECT_NE(i->message.find(rows_word), std::string::npos) << i->message;
  for (const char* label : {"栏次", "「合计」", "「小计」", "「其中：脱贫村」", "「全县平均」", "「全县合计」"})
    EXPECT_NE(i->message.find(label), std::string::npos) << label << ": " << i->message;
  EXPECT_EQ(i->message.find("合计村"), std::string::npos) << i->message;
  EXPECT_EQ(count(ws.issues, "join_orphans"), 0u) << "a skipped row is never an orphan";
  EXPECT_EQ(warnings(ws.issues), "") << "nothing false to warn about";
}

}  // namespace

TEST(TableRows, ColumnNumbersRowsInTheirForms) {
  using io::RowKind;
  for (const std::vector<std::string>& row : std::vector<std::vector<std::string>>{
           {"栏次", "A", "B", "1", "2", "3"},
           {"甲", "乙", "1", "2", "3", "4"},
           {"序号", "", "①", "②", "③"},
           {"", "（1）", "（2）", "(3)", "（4）"},
           {"Ａ", "Ｂ", "1.0", "2.0", "3.0"},
           {"栏次", "A", "B", "C", "D"},
       })
    EXPECT_EQ(io::classify_table_row(row).kind, RowKind::numbers) << row[0] << row[1];
  for (const std::vector<std::string>& row : std::vector<std::vector<std::string>>{
           {"1", "城关镇", "柳林村", "12", "5"},
           {"A", "B", "1", "3", "4"},   // numbers not in order
           {"栏次", "A", "1", "2"},     // two numbers only
       })
    EXPECT_NE(io::classify_table_row(row).kind, RowKind::numbers) << row[0] << row[1] << row[2];
}

TEST(TableRows, SummaryRowsAndVillagesNamedLikeThem) {
  using io::RowKind;
  for (const std::vector<std::string>& row : std::vector<std::vector<std::string>>{
           {"合计", "", "120", "45"},
           {"合　计", "", "120"},
           {"", "城关镇", "小计", "", "12"},
           {"", "城关镇小计", "12"},
           {"26", "全县合计", "120"},  // numbered like the villages
           {"总计：", "120"},
           {"其中：脱贫村", "30"},
           {"其中", "30"},
           {"全县平均", "16.3"},
           {"平均", "16.3"},
       })
    EXPECT_EQ(io::classify_table_row(row).kind, RowKind::summary) << row[0] << row[1];
  for (const std::vector<std::string>& row : std::vector<std::vector<std::string>>{
           {"3", "平均镇", "合计村", "420323101201", "30"},
           {"小计村", "12"},
           {"其中村", "12"},
           {"5", "城关镇", "张家村", "120", "高于全县平均"},  // a remark after the figures is no label
           {"5", "城关镇", "张家村", "120", "其中：易地搬迁 12 户"},
       })
    EXPECT_EQ(io::classify_table_row(row).kind, RowKind::data) << row[1] << row[2];
}

TEST(TableRows, CsvStatisticsTableSkipsItsNumbersAndTotalRows) {
  const fs::path dir = jiuyou::test::scratch_dir();
  std::ofstream csv(dir / "s.csv");
  csv << "某某县贫困村统计表,,,,,,\n";
  for (size_t c = 0; c < std::size(k_header); ++c) csv << (c ? "," : "") << k_header[c];
  csv << "\n";
  for (const auto& row : k_stats) {
    for (size_t c = 0; c < row.size(); ++c) csv << (c ? "," : "") << row[c];
    csv << "\n";
  }
  csv.close();
  auto ws = load_with((dir / "s.csv").string());
  ASSERT_TRUE(ws) << ws.error().to_string();
  expect_only_villages(*ws, "第 3 行是栏次行");
  EXPECT_NE(find(ws->issues, "rows_skipped")->message.find("第 4、7、10、11、12 行是合计/小计行"), std::string::npos);
}

TEST(TableRows, DbfStatisticsTableSkipsItsNumbersAndTotalRows) {
  const fs::path dir = jiuyou::test::scratch_dir();
  std::vector<jiuyou::test::FixtureField> fields;
  for (const char* h : {"xh", "town", "name", "code", "poor", "hh", "income"}) fields.push_back({h, OFTString});  // DBF: 10 bytes a name
  std::vector<std::pair<std::string, std::vector<std::string>>> rows;
  for (const auto& row : k_stats) rows.push_back({"", row});
  jiuyou::test::write_fixture("ESRI Shapefile", (dir / "s.dbf").string(), "s", 4490, wkbNone, fields, rows, {"ENCODING=UTF-8"});
  auto ws = load_with((dir / "s.dbf").string(),
                      "[layers.village_stats.fields]\npoor_population = \"poor\"\npoor_households = \"hh\"\ncollective_income = \"income\"\n");
  ASSERT_TRUE(ws) << ws.error().to_string();
  expect_only_villages(*ws, "要素 0 是栏次行");
  EXPECT_NE(find(ws->issues, "rows_skipped")->message.find("要素 1、4、7、8、9 是合计/小计行"), std::string::npos);
}

// tour 17 R23: two columns of one name the project reads (a hidden 贫困人口 of last year left of this year's):
// refused naming both columns, never the first one read silently; a repeated name the project does not read is fine.
TEST(TableRows, TwoColumnsOfANameTheProjectReadsAreRefusedNamingBoth) {
  const fs::path dir = jiuyou::test::scratch_dir();
  const auto write = [&](const std::string& repeated) {
    std::ofstream csv(dir / "s.csv");
    csv << "某某县贫困村统计表,,,,,\n序号,name,code," << repeated << ",poor_population,poor_households\n"
        << "1,柳林村,420323100201,236,12,5\n2,石门村,420323100202,101,7,3\n3,合计村,420323101201,110,30,11\n4,新村,420323101202,20,0,0\n";
  };
  write("poor_population");
  auto ws = load_with((dir / "s.csv").string());
  ASSERT_FALSE(ws);
  EXPECT_EQ(ws.error().field, "poor_population");
  EXPECT_NE(ws.error().message.find("2 columns of the table are named 「poor_population」 (columns D、E)"), std::string::npos) << ws.error().message;
  EXPECT_NE(ws.error().file.find("s.csv"), std::string::npos);
  EXPECT_NE(ws.error().hint.find("rename"), std::string::npos);
  // Repeated under a name the project maps to a canonical field: refused too.
  {
    std::ofstream csv(dir / "s.csv");
    csv << "某某县贫困村统计表,,,,,\n序号,name,code,贫困人口,贫困人口,poor_households\n1,柳林村,420323100201,236,12,5\n";
  }
  auto mapped = load_with((dir / "s.csv").string(), "[layers.village_stats.fields]\npoor_population = \"贫困人口\"\n");
  ASSERT_FALSE(mapped);
  EXPECT_NE(mapped.error().message.find("which the project reads as poor_population"), std::string::npos) << mapped.error().message;
  // A repeated column nobody reads (备注 twice): loads.
  {
    std::ofstream csv(dir / "s.csv");
    csv << "某某县贫困村统计表,,,,,,\n序号,name,code,备注,备注,poor_population,poor_households\n"
        << "1,柳林村,420323100201,a,b,12,5\n2,石门村,420323100202,,,7,3\n3,合计村,420323101201,,,30,11\n4,新村,420323101202,,,0,0\n";
  }
  auto fine = load_with((dir / "s.csv").string());
  ASSERT_TRUE(fine) << fine.error().to_string();
  EXPECT_DOUBLE_EQ(*fine->layer("villages")->column("poor_population")->number(0), 12);
}
