// Joining a statistics table onto the villages: a key whose row cannot be told
// (two different rows with one key, or one key on two villages: 新村 in two
// townships joined by name) leaves those villages' fields unknown and says so;
// it never hands one village's statistics to another.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "gis/io/load.hpp"
#include "gis/io/project.hpp"
#include "support/test_paths.hpp"

using namespace jiuyou;
namespace fs = std::filesystem;

namespace {

size_t count(const IssueLog& log, const std::string& code) {
  size_t n = 0;
  for (const auto& i : log.entries()) n += i.code == code;
  return n;
}

// Four villages as a CSV with coordinates, and a statistics CSV joined on `key`.
Result<Workspace> load_with(const std::string& villages_csv, const std::string& stats_csv, const std::string& key) {
  const fs::path dir = jiuyou::test::scratch_dir();
  std::ofstream(dir / "v.csv") << villages_csv;
  std::ofstream(dir / "s.csv") << stats_csv;
  std::ofstream(dir / "p.toml") << "[layers.villages]\npath = \"v.csv\"\nx = \"x\"\ny = \"y\"\ncrs = \"EPSG:4490\"\n"
                                   "[layers.village_stats]\npath = \"s.csv\"\njoin_to = \"villages\"\njoin_key = \""
                                << key << "\"\n";
  auto p = io::load_project((dir / "p.toml").string());
  if (!p) return tl::unexpected<Error>(p.error());
  return io::load_workspace(*p);
}

const char* k_villages =
    "code,name,x,y\n420323100201,柳林村,110.21,32.2\n420323100202,新村,110.22,32.2\n420323101201,新村,110.23,32.2\n420323101202,石门村,110.24,32.2\n";

std::optional<double> poor(const Workspace& ws, size_t row) {
  const Column* c = ws.layer("villages")->column("poor_population");
  return c->is_null(row) ? std::nullopt : c->number(row);
}

}  // namespace

TEST(Join, TwoVillagesWithOneNameGetNeitherRowOfTheOtherTownship) {
  auto ws = load_with(k_villages, "name,poor_population\n柳林村,12\n新村,30\n石门村,7\n", "name");
  ASSERT_TRUE(ws) << ws.error().to_string();
  EXPECT_DOUBLE_EQ(*poor(*ws, 0), 12);
  EXPECT_FALSE(poor(*ws, 1).has_value());  // whose 30 is it?
  EXPECT_FALSE(poor(*ws, 2).has_value());
  EXPECT_DOUBLE_EQ(*poor(*ws, 3), 7);
  EXPECT_EQ(count(ws->issues, "join_key_shared"), 1u) << "said once, on the sheet's row";
  for (const auto& i : ws->issues.entries())
    if (i.code == "join_key_shared") {
      EXPECT_EQ(i.feature, 3) << "the sheet's line of 新村, not a village's FID";
      EXPECT_NE(i.message.find("要素 3、4"), std::string::npos) << "the two villages: " << i.message;
    }
  EXPECT_EQ(count(ws->issues, "join_orphan_row"), 0u);  // the row was looked at, not lost
}

TEST(Join, ACodeOnTwoDifferentRowsIsUnknownAndOnTwoEqualRowsIsUsedOnce) {
  auto ws = load_with(k_villages, "code,poor_population\n420323100201,12\n420323100202,30\n420323100202,31\n420323101201,5\n420323101201,5\n", "code");
  ASSERT_TRUE(ws) << ws.error().to_string();
  EXPECT_DOUBLE_EQ(*poor(*ws, 0), 12);
  EXPECT_FALSE(poor(*ws, 1).has_value());  // 30 or 31?
  EXPECT_DOUBLE_EQ(*poor(*ws, 2), 5);      // the same row pasted twice
  EXPECT_FALSE(poor(*ws, 3).has_value());  // no row at all
  EXPECT_EQ(count(ws->issues, "duplicate_join_key"), 1u);
  EXPECT_EQ(count(ws->issues, "duplicate_join_row"), 1u);
  EXPECT_EQ(count(ws->issues, "join_unmatched"), 1u);
}

TEST(Join, CodesASpreadsheetShowedAsScientificNotationAreUnknownNotAnotherCode) {
  // Excel shows 420323100201 and 420323100202 as 4.20323E+11: both would become 420323000000.
  auto ws = load_with(k_villages, "code,poor_population\n4.20323E+11,12\n4.20323E+11,30\n4.20323101201E+11,5\n420323101202,7\n", "code");
  ASSERT_TRUE(ws) << ws.error().to_string();
  EXPECT_FALSE(poor(*ws, 0).has_value());
  EXPECT_FALSE(poor(*ws, 1).has_value());
  EXPECT_DOUBLE_EQ(*poor(*ws, 2), 5);  // every digit written: the same code
  EXPECT_DOUBLE_EQ(*poor(*ws, 3), 7);
  EXPECT_EQ(count(ws->issues, "duplicate_join_key"), 0u);  // no made-up 420323000000 shared by two rows
  EXPECT_EQ(count(ws->issues, "join_orphan_row"), 0u);
  EXPECT_EQ(count(ws->issues, "code_digits_lost"), 1u);     // once for the column
  for (const auto& i : ws->issues.entries()) {
    EXPECT_EQ(i.message.find("420323000000"), std::string::npos) << i.message;
    if (i.code != "code_digits_lost") continue;
    EXPECT_NE(i.message.find("4.20323E+11"), std::string::npos) << i.message;  // as the file writes it
    EXPECT_NE(i.hint.find("设为文本"), std::string::npos) << i.hint;
    EXPECT_EQ(i.severity, Severity::warning);
  }
}

TEST(Join, DuplicateKeyIsReportedInChinese) {
  auto ws = load_with(k_villages, "code,poor_population\n420323100202,30\n420323100202,31\n", "code");
  ASSERT_TRUE(ws) << ws.error().to_string();
  for (const auto& i : ws->issues.entries())
    if (i.code == "duplicate_join_key") {
      EXPECT_NE(i.message.find("无法判断"), std::string::npos) << i.message;
      EXPECT_EQ(i.message.find("cannot"), std::string::npos) << i.message;
    }
  EXPECT_EQ(count(ws->issues, "duplicate_join_key"), 1u);
}

TEST(Join, ASheetsNameColumnChecksTheJoinAndNeverRenamesOrBlanksAVillage) {
  // The sheet's 村代码 column was sorted on its own: 石门村's and 柳林村's codes swapped places;
  // 新村 (420323100202) is written without 村 and with a space; 420323101201 has no row at all.
  auto ws = load_with(k_villages,
                      "code,name,poor_population\n420323101202,柳林村,12\n420323100202, 新 ,30\n420323100201,石门村,7\n", "code");
  ASSERT_TRUE(ws) << ws.error().to_string();
  const Column* name = ws->layer("villages")->column("name");
  EXPECT_EQ(name->as_text(0), "柳林村");
  EXPECT_EQ(name->as_text(1), "新村");
  EXPECT_EQ(name->as_text(2), "新村");  // no row: its name stays
  EXPECT_EQ(name->as_text(3), "石门村");
  EXPECT_FALSE(poor(*ws, 0).has_value());  // 7 is 石门村's figure on 柳林村's code: unknown, not 7
  EXPECT_DOUBLE_EQ(*poor(*ws, 1), 30);     // the same village, written differently
  EXPECT_FALSE(poor(*ws, 2).has_value());
  EXPECT_FALSE(poor(*ws, 3).has_value());
  EXPECT_EQ(count(ws->issues, "join_name_mismatch"), 1u);
  EXPECT_EQ(count(ws->issues, "join_name_mismatch_row"), 2u);
  for (const auto& i : ws->issues.entries())
    if (i.code == "join_name_mismatch") {
      EXPECT_NE(i.message.find("420323100201 柳林村（表中：石门村）"), std::string::npos) << i.message;
      EXPECT_EQ(i.severity, Severity::warning);
    }
}

TEST(Join, AFieldKeyOneTypoFromAStandardNameIsWarnedWithTheNameMeant) {
  const fs::path dir = jiuyou::test::scratch_dir();
  std::ofstream(dir / "v.csv") << "村代码,贫困人口,备注,x,y\n420323100201,12,甲,110.21,32.2\n";
  std::ofstream(dir / "p.toml") << "[layers.villages]\npath = \"v.csv\"\nx = \"x\"\ny = \"y\"\ncrs = \"EPSG:4490\"\n"
                                   "[layers.villages.fields]\ncode = \"村代码\"\npoor_populaton = \"贫困人口\"\nremark = \"备注\"\n";
  auto p = io::load_project((dir / "p.toml").string());
  ASSERT_TRUE(p) << p.error().to_string();
  auto ws = io::load_workspace(*p);
  ASSERT_TRUE(ws) << ws.error().to_string();
  ASSERT_EQ(count(ws->issues, "field_key_unknown"), 1u);
  EXPECT_EQ(ws->issues.entries().size(), 1u);  // remark: the county's own field, read as written
  for (const auto& i : ws->issues.entries()) {
    if (i.code == "field_key_unknown") {
      EXPECT_EQ(i.severity, Severity::warning);
      EXPECT_NE(i.message.find("是不是 poor_population"), std::string::npos) << i.message;
      EXPECT_EQ(i.field, "贫困人口");
      EXPECT_NE(i.hint.find("poor_population = \"贫困人口\""), std::string::npos) << i.hint;
    }
  }
}

// tour 17 R13, R14: a code printed with dashes joins; a row without a code is said, with the village its name
// names, and never joined by the name; a table none of whose rows joins says so with a key of each side.
TEST(Join, DashedCodesJoinAndARowWithoutACodeIsSaidWithTheVillageItsNameNames) {
  auto ws = load_with(k_villages, "code,name,poor_population\n420323-100-201,柳林村,12\n420323100202,新村,30\n,石门村,7\n", "code");
  ASSERT_TRUE(ws) << ws.error().to_string();
  EXPECT_DOUBLE_EQ(*poor(*ws, 0), 12) << "420323-100-201 is 420323100201";
  EXPECT_DOUBLE_EQ(*poor(*ws, 1), 30);
  EXPECT_FALSE(poor(*ws, 3).has_value()) << "石门村 is never joined by its name";
  bool orphan = false, hinted = false;
  for (const auto& i : ws->issues.entries()) {
    if (i.code == "join_orphan_row") orphan |= i.message.find("第 4 行（无代码） 石门村") != std::string::npos;
    if (i.code == "join_unmatched") hinted |= i.hint.find("表中第 4 行没有代码（村名「石门村」，村名与 420323101202 石门村 相同）") != std::string::npos;
  }
  EXPECT_TRUE(orphan);
  EXPECT_TRUE(hinted);
}

// A table none of whose rows joins is an input error (check then exits 1), with a key of each side.
TEST(Join, ATableNoRowOfWhichJoinsSaysSoWithAKeyOfEachSide) {
  auto ws = load_with(k_villages, "code,poor_population\n420323100201007,12\n420323100202009,30\n", "code");
  ASSERT_TRUE(ws) << ws.error().to_string();
  bool said = false;
  for (const auto& i : ws->issues.entries())
    if (i.code == "join_unmatched") {
      said = true;
      EXPECT_EQ(i.severity, Severity::error);
      EXPECT_NE(i.message.find("village_stats 的 2 行没有一行对上 villages"), std::string::npos) << i.message;
      EXPECT_NE(i.message.find("「420323100201」"), std::string::npos) << i.message;
      EXPECT_NE(i.message.find("「420323100201007」"), std::string::npos) << i.message;
    }
  EXPECT_TRUE(said);
  EXPECT_EQ(count(ws->issues, "code_padded"), 0u) << "…007 and …009 are 自然村 codes, not padding";
}

// tour 17 R14, tour 19 T7: 12-digit codes padded to 15 with 000 (a system that also codes 自然村) are read as their
// first 12, said once per column; a 自然村 row (…001) stays as written and joins nothing (an orphan, said).
TEST(Join, FifteenDigitCodesEndingIn000JoinOnTheirFirstTwelve) {
  auto ws = load_with(k_villages, "code,poor_population\n420323100201000,12\n420323100202000,30\n420323101201000,8\n420323101202,5\n420323101202001,2\n", "code");
  ASSERT_TRUE(ws) << ws.error().to_string();
  EXPECT_DOUBLE_EQ(*poor(*ws, 0), 12);
  EXPECT_DOUBLE_EQ(*poor(*ws, 3), 5);
  EXPECT_EQ(count(ws->issues, "join_unmatched"), 0u);
  EXPECT_EQ(count(ws->issues, "code_padded"), 1u);
  EXPECT_EQ(count(ws->issues, "join_orphan_row"), 1u) << "the 自然村 row 420323101202001";
}

// tour 19 T9: 18-digit codes (the 12 with 000000 appended) join on their first 12 as well; an 18-digit code with
// other digits at its end stays as written (and joins nothing).
TEST(Join, EighteenDigitCodesEndingIn000000JoinOnTheirFirstTwelve) {
  auto ws = load_with(k_villages, "code,poor_population\n420323100201000000,12\n420323100202000000,30\n420323101201000000,8\n420323101202000001,5\n", "code");
  ASSERT_TRUE(ws) << ws.error().to_string();
  EXPECT_DOUBLE_EQ(*poor(*ws, 0), 12);
  EXPECT_DOUBLE_EQ(*poor(*ws, 2), 8);
  EXPECT_FALSE(poor(*ws, 3));
  EXPECT_EQ(count(ws->issues, "code_padded"), 1u);
  bool said = false;
  for (const auto& i : ws->issues.entries())
    if (i.code == "code_padded") said = i.message.find("18 位末六位为 000000") != std::string::npos && i.message.find("3 个") != std::string::npos;
  EXPECT_TRUE(said);
}

// tour 17 R18: a mapped column with no value at all (formulas saved without their results read empty) is said,
// naming the column, instead of every village silently lacking the field.
TEST(Join, AMappedColumnWithNoValueAtAllIsSaid) {
  const fs::path dir = jiuyou::test::scratch_dir();
  std::ofstream(dir / "v.csv") << k_villages;
  std::ofstream(dir / "s.csv") << "code,贫困人口,户数\n420323100201,,5\n420323100202,,3\n420323101201,,4\n420323101202,,2\n";
  std::ofstream(dir / "p.toml") << "[layers.villages]\npath = \"v.csv\"\nx = \"x\"\ny = \"y\"\ncrs = \"EPSG:4490\"\n"
                                   "[layers.village_stats]\npath = \"s.csv\"\njoin_to = \"villages\"\njoin_key = \"code\"\n"
                                   "[layers.village_stats.fields]\npoor_population = \"贫困人口\"\npoor_households = \"户数\"\n";
  auto p = io::load_project((dir / "p.toml").string());
  ASSERT_TRUE(p) << p.error().to_string();
  auto ws = io::load_workspace(*p);
  ASSERT_TRUE(ws) << ws.error().to_string();
  EXPECT_EQ(count(ws->issues, "mapped_column_empty"), 1u) << "户数 has values";
  for (const auto& i : ws->issues.entries())
    if (i.code == "mapped_column_empty") {
      EXPECT_EQ(i.field, "poor_population");
      EXPECT_NE(i.message.find("列「贫困人口」"), std::string::npos) << i.message;
      EXPECT_NE(i.hint.find("公式"), std::string::npos) << i.hint;
    }
}

// tour 20 J1: a blank cell of the joined table keeps the village layer's own value of the field (it erased it: 6
// villages' 户籍人口 lost, 3 可出列 → 数据不全); a value in the table still wins; a village without a row is as before.
TEST(Join, ABlankCellKeepsTheLayersOwnValueAndAValueWins) {
  auto ws = load_with("code,name,x,y,poor_population\n420323100201,柳林村,110.21,32.2,40\n420323100202,新村,110.22,32.2,41\n"
                      "420323101201,王家湾村,110.23,32.2,42\n420323101202,石门村,110.24,32.2,43\n",
                      "code,poor_population\n420323100201,12\n420323100202,\n420323101201,5\n", "code");
  ASSERT_TRUE(ws) << ws.error().to_string();
  EXPECT_DOUBLE_EQ(*poor(*ws, 0), 12);  // the table's value wins (the newer statistics)
  EXPECT_DOUBLE_EQ(*poor(*ws, 1), 41);  // blank in the table: the layer's own
  EXPECT_DOUBLE_EQ(*poor(*ws, 2), 5);
  EXPECT_FALSE(poor(*ws, 3)) << "no row in the table: unknown, said by join_unmatched";
  EXPECT_EQ(count(ws->issues, "join_blank_kept_own"), 1u);
}

// tour 20 V1, V3: a village's name as tables write it — without 村, with 村委会 or 村民委员会, with its township in front,
// with a remark in brackets — is the village's name: a name join matches it, and a code join's name check accepts it.
// A different village's name is still a mismatch.
TEST(Join, ANamesUsualAdditionsAreTheSameVillage) {
  auto by_name = load_with(k_villages, "name,poor_population\n柳林,12\n石门村民委员会,7\n", "name");
  ASSERT_TRUE(by_name) << by_name.error().to_string();
  EXPECT_DOUBLE_EQ(*poor(*by_name, 0), 12);
  EXPECT_DOUBLE_EQ(*poor(*by_name, 3), 7);
  auto by_code = load_with(k_villages,
                           "code,name,poor_population\n420323100201,城关镇柳林村,12\n420323100202,新村（贫困村）,30\n420323101201,新村村委会,5\n"
                           "420323101202,柳林村,9\n",
                           "code");
  ASSERT_TRUE(by_code) << by_code.error().to_string();
  EXPECT_DOUBLE_EQ(*poor(*by_code, 0), 12);
  EXPECT_DOUBLE_EQ(*poor(*by_code, 1), 30);
  EXPECT_DOUBLE_EQ(*poor(*by_code, 2), 5);
  EXPECT_FALSE(poor(*by_code, 3)) << "石门村's code with 柳林村's name: a shifted row";
  EXPECT_EQ(count(by_code->issues, "join_name_mismatch"), 1u);
}

// tour 20 M2 (second form): a village over two rows (一组, 二组) with its code and name left blank on the second row
// was judged on its first row alone. Whose figure is it: the village's table fields are unknown, said once; a row
// with a name but no code is still a row of its own (said as a row without a code), and a blank row is nothing.
TEST(Join, ACodelessNamelessRowUnderAVillageMakesItsFiguresUnknown) {
  auto ws = load_with(k_villages,
                      "code,name,group,poor_population\n420323100201,柳林村,一组,12\n,,二组,9\n,,三组,4\n420323100202,新村,,30\n,,,\n420323101201,新村,,5\n"
                      ",石门村,,7\n",
                      "code");
  ASSERT_TRUE(ws) << ws.error().to_string();
  EXPECT_FALSE(poor(*ws, 0).has_value()) << "12, 9 or 4 (or 25)?";
  EXPECT_DOUBLE_EQ(*poor(*ws, 1), 30) << "a blank row under it is nothing";
  EXPECT_DOUBLE_EQ(*poor(*ws, 2), 5);
  EXPECT_EQ(count(ws->issues, "join_continuation_row"), 1u) << "once for 柳林村";
  for (const auto& i : ws->issues.entries()) {
    if (i.code == "join_continuation_row") {
      EXPECT_NE(i.message.find("柳林村"), std::string::npos) << i.message;
    }
  }
  EXPECT_EQ(count(ws->issues, "join_orphan_row"), 1u) << "石门村 without a code, not the two group rows";
}
