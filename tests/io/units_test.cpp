// Units settled from the values (gis/io/shares.hpp, money_units.hpp): shares and ratios written as
// percentages (参保率 typed as 95 must not pass a "100 %" rule), one township or county in another
// unit than the rest. The units a table states are in units_header_test.cpp.
#include <gtest/gtest.h>

#include "io/units_fixture.hpp"

using namespace jiuyou;
using namespace jiuyou::test::units;

TEST(PercentUnits, APercentColumnTypedAsNumbersIsReadAsPercentAndSaidOnce) {
  for (const OGRFieldType type : {OFTReal, OFTString}) {
    SCOPED_TRACE(type == OFTReal ? "numbers" : "text");
    auto ws = villages_with({{"100", "8.5"}, {"95", "12"}, {"100", "-3"}, {"98.5", "0.5"}, {"0", "10"}}, type);
    ASSERT_TRUE(ws) << ws.error().to_string();
    const auto share = values(*ws, "poor_insured_share");
    ASSERT_EQ(share.size(), 5u);
    EXPECT_DOUBLE_EQ(*share[0], 1.0);
    EXPECT_DOUBLE_EQ(*share[1], 0.95);  // 95 % fails a 100 % rule
    EXPECT_DOUBLE_EQ(*share[3], 0.985);
    EXPECT_DOUBLE_EQ(*share[4], 0.0);
    const auto growth = values(*ws, "income_growth");
    EXPECT_DOUBLE_EQ(*growth[0], 0.085);
    EXPECT_DOUBLE_EQ(*growth[2], -0.03);
    EXPECT_DOUBLE_EQ(*growth[3], 0.005);  // 0.5 % in a percent column of growth
    const Issue* i = find_field_issue(ws->issues, "percent_as_number", "poor_insured_share");
    ASSERT_NE(i, nullptr);
    EXPECT_EQ(i->severity, Severity::warning);
    EXPECT_NE(i->message.find("参保率"), std::string::npos) << i->message;
    EXPECT_NE(i->message.find("100 → 1"), std::string::npos) << i->message;
    EXPECT_NE(find_field_issue(ws->issues, "percent_as_number", "income_growth"), nullptr);
    EXPECT_EQ(find_field_issue(ws->issues, "share_unit_ambiguous", "poor_insured_share"), nullptr);
  }
}

TEST(PercentUnits, FractionsStayFractionsAndNothingIsSaid) {
  auto ws = villages_with({{"1", "0.085"}, {"0.95", "0.12"}, {"1", "-0.03"}, {"12%", "5%"}}, OFTString);
  ASSERT_TRUE(ws) << ws.error().to_string();
  const auto share = values(*ws, "poor_insured_share");
  EXPECT_DOUBLE_EQ(*share[0], 1.0);
  EXPECT_DOUBLE_EQ(*share[1], 0.95);
  EXPECT_DOUBLE_EQ(*share[3], 0.12);
  EXPECT_DOUBLE_EQ(*values(*ws, "income_growth")[3], 0.05);
  for (const char* code : {"percent_as_number", "share_unit_ambiguous", "share_out_of_range", "ratio_above_one"}) {
    EXPECT_EQ(find_field_issue(ws->issues, code, "poor_insured_share"), nullptr) << code;
    EXPECT_EQ(find_field_issue(ws->issues, code, "income_growth"), nullptr) << code;
  }
}

// 1 in a percent column: 1 % or 100 %? Unknown, listed — never a guess either way.
TEST(PercentUnits, AValueBetweenZeroAndOneInAPercentShareColumnIsUnknown) {
  auto ws = villages_with({{"100", "8"}, {"96", "9"}, {"1", "7"}, {"99", "6"}}, OFTReal);
  ASSERT_TRUE(ws) << ws.error().to_string();
  const auto share = values(*ws, "poor_insured_share");
  EXPECT_DOUBLE_EQ(*share[1], 0.96);
  EXPECT_FALSE(share[2].has_value());
  const Issue* i = find_field_issue(ws->issues, "share_unit_ambiguous", "poor_insured_share");
  ASSERT_NE(i, nullptr);
  EXPECT_NE(i->message.find("要素 3"), std::string::npos) << i->message;
}

// A few shares above 1 among fractions cannot be read either way; a ratio above 1 among
// fractions (growth of 150 %) is possible and kept, but listed.
TEST(PercentUnits, AFewValuesAboveOneAmongFractions) {
  auto ws = villages_with({{"1", "0.1"}, {"0.9", "0.2"}, {"95", "1.5"}, {"0.97", "0.05"}, {"1.5", "0.1"}}, OFTReal);
  ASSERT_TRUE(ws) << ws.error().to_string();
  const auto share = values(*ws, "poor_insured_share");
  EXPECT_DOUBLE_EQ(*share[1], 0.9);
  // A share cannot be 95×: 95 among fractions is 95 % (tour 13 M4); 1.5 (1.5 %? 150 %?) lands nowhere near them.
  ASSERT_TRUE(share[2].has_value());
  EXPECT_DOUBLE_EQ(*share[2], 0.95);
  EXPECT_NE(find_field_issue(ws->issues, "share_hundred_as_percent", "poor_insured_share"), nullptr);
  EXPECT_FALSE(share[4].has_value());
  EXPECT_NE(find_field_issue(ws->issues, "share_out_of_range", "poor_insured_share"), nullptr);
  EXPECT_DOUBLE_EQ(*values(*ws, "income_growth")[2], 1.5);
  EXPECT_NE(find_field_issue(ws->issues, "ratio_above_one", "income_growth"), nullptr);
}

// tour 11 K21/K22: one township filled its rates in percent (11.3 for 11.3 %, 95.5 for 95.5 %) while
// the rest of the county wrote fractions: read as percent, converted, said once naming the township,
// its village count and an example — not used as 1130 % (K21), not thrown away as missing (K22).
TEST(PercentUnits, OneTownshipInPercentAmongFractionsIsConvertedAndNamed) {
  auto ws = townships_with({{"城关镇", {{"1", "0.095"}, {"0.95", "0.12"}, {"1", "0.08"}}},
                            {"白桑关镇", {{"0.98", "0.1"}, {"1", "0.09"}, {"0.9", "-0.02"}}},
                            {"潘河镇", {{"95.5", "11.3"}, {"100", "9.8"}, {"90.1", "12"}, {"1", "0.4"}}}});
  ASSERT_TRUE(ws) << ws.error().to_string();
  const auto growth = values(*ws, "income_growth");
  ASSERT_EQ(growth.size(), 10u);
  EXPECT_DOUBLE_EQ(*growth[0], 0.095) << "the townships in fractions are untouched";
  EXPECT_DOUBLE_EQ(*growth[5], -0.02);
  EXPECT_DOUBLE_EQ(*growth[6], 0.113);
  EXPECT_DOUBLE_EQ(*growth[7], 0.098);
  EXPECT_DOUBLE_EQ(*growth[9], 0.004) << "a growth of 0.4 in a percent township is 0.4 %";
  const auto share = values(*ws, "poor_insured_share");
  EXPECT_DOUBLE_EQ(*share[6], 0.955);
  EXPECT_DOUBLE_EQ(*share[7], 1.0);
  EXPECT_DOUBLE_EQ(*share[0], 1.0);
  EXPECT_FALSE(share[9].has_value()) << "1 among a township's percentages: 1 % or 100 %? unknown";
  const Issue* i = find_field_issue(ws->issues, "percent_by_township", "income_growth");
  ASSERT_NE(i, nullptr);
  EXPECT_EQ(i->severity, Severity::warning);
  EXPECT_NE(i->message.find("潘河镇 4 个村的值按百分数填报（11.3 → 0.113），已换算"), std::string::npos) << i->message;
  EXPECT_NE(i->message.find("增长"), std::string::npos) << "the column as the office named it: " << i->message;
  EXPECT_EQ(count_code(ws->issues, "percent_by_township", "income_growth"), 1u) << "one township, said once";
  i = find_field_issue(ws->issues, "percent_by_township", "poor_insured_share");
  ASSERT_NE(i, nullptr);
  EXPECT_NE(i->message.find("1 个值在 0 到 1 之间"), std::string::npos) << i->message;
  EXPECT_EQ(find_field_issue(ws->issues, "share_out_of_range", "poor_insured_share"), nullptr) << "nothing else is made unknown";
  EXPECT_EQ(find_field_issue(ws->issues, "ratio_above_one", "income_growth"), nullptr);
  // The value made unknown is recorded with the village, for the check's "数据不合理" (not "缺少数据").
  const Issue* cell = find_field_issue(ws->issues, "value_set_unknown", "poor_insured_share");
  ASSERT_NE(cell, nullptr);
  EXPECT_EQ(cell->feature, ws->layer("villages")->fid[9]);
  EXPECT_NE(cell->message.find("1% 还是 100%"), std::string::npos) << cell->message;
}

// A township whose values are mostly above 1 but nowhere near 100× the rest fits neither unit:
// kept out (unknown) and said, never converted nor used as is.
TEST(PercentUnits, ATownshipThatIsNeitherFractionsNorPercentIsKeptOutAndSaid) {
  auto ws = townships_with({{"城关镇", {{"1", "0.095"}, {"0.95", "0.12"}, {"1", "0.08"}}},
                            {"白桑关镇", {{"0.98", "0.1"}, {"1", "0.09"}, {"0.9", "0.11"}}},
                            {"潘河镇", {{"0.97", "1.5"}, {"1", "1.8"}, {"1", "2.1"}}}});
  ASSERT_TRUE(ws) << ws.error().to_string();
  const auto growth = values(*ws, "income_growth");
  EXPECT_FALSE(growth[6].has_value());
  EXPECT_FALSE(growth[8].has_value());
  EXPECT_DOUBLE_EQ(*growth[0], 0.095);
  const Issue* i = find_field_issue(ws->issues, "percent_township_ambiguous", "income_growth");
  ASSERT_NE(i, nullptr);
  EXPECT_NE(i->message.find("潘河镇 3 个村中 3 个值大于 1"), std::string::npos) << i->message;
  EXPECT_NE(i->message.find("无法判断单位，记为未知"), std::string::npos) << i->message;
  EXPECT_EQ(find_field_issue(ws->issues, "percent_by_township", "income_growth"), nullptr);
  EXPECT_EQ(count_code(ws->issues, "value_set_unknown", "income_growth"), 3u);
}

// One village above 1 in a township of fractions is no township in percent: judged on its own
// as before (a share's unknown, a growth's kept and listed).
TEST(PercentUnits, AScatteredValueIsNotATownshipInPercent) {
  auto ws = townships_with({{"城关镇", {{"1", "0.095"}, {"0.95", "0.12"}, {"1", "0.08"}}},
                            {"潘河镇", {{"95", "1.5"}, {"1", "0.1"}, {"0.9", "0.11"}}}});
  ASSERT_TRUE(ws) << ws.error().to_string();
  EXPECT_DOUBLE_EQ(*values(*ws, "poor_insured_share")[3], 0.95) << "a share of 95 among fractions is 95 % (tour 13 M4)";
  EXPECT_DOUBLE_EQ(*values(*ws, "poor_insured_share")[4], 1.0);
  EXPECT_DOUBLE_EQ(*values(*ws, "income_growth")[3], 1.5);
  EXPECT_NE(find_field_issue(ws->issues, "share_hundred_as_percent", "poor_insured_share"), nullptr);
  EXPECT_NE(find_field_issue(ws->issues, "ratio_above_one", "income_growth"), nullptr);
  EXPECT_EQ(find_field_issue(ws->issues, "percent_by_township", "poor_insured_share"), nullptr);
  EXPECT_EQ(find_field_issue(ws->issues, "percent_township_ambiguous", "income_growth"), nullptr);
}

// tour 12 L30: half a township typed 参保率 "100" among fractions: 100 can only be 100 %.
TEST(PercentUnits, AShareOfExactlyHundredAmongFractionsIsHundredPercent) {
  auto ws = townships_with({{"城关镇", {{"1", "0.095"}, {"0.95", "0.12"}, {"1", "0.08"}}},
                            {"潘河镇", {{"100", "0.1"}, {"0.9", "0.11"}, {"100", "0.09"}, {"0.97", "0.1"}}}});
  ASSERT_TRUE(ws) << ws.error().to_string();
  const auto share = values(*ws, "poor_insured_share");
  ASSERT_TRUE(share[3].has_value()) << "not thrown away as 无法判断单位";
  EXPECT_DOUBLE_EQ(*share[3], 1.0);
  EXPECT_DOUBLE_EQ(*share[5], 1.0);
  EXPECT_DOUBLE_EQ(*share[4], 0.9);
  const Issue* i = find_field_issue(ws->issues, "share_hundred_as_percent", "poor_insured_share");
  ASSERT_NE(i, nullptr);
  EXPECT_NE(i->message.find("2 个占比写作 100"), std::string::npos) << i->message;
  EXPECT_EQ(find_field_issue(ws->issues, "share_out_of_range", "poor_insured_share"), nullptr);
  EXPECT_EQ(count_code(ws->issues, "value_set_unknown", "poor_insured_share"), 0u);
}

// tour 12 L1: one township typed 万元 in a column of 元 (or 元 under （万元）): settled per township
// as the shares are, warned and named — never 5.65 元 per village in silence.
TEST(MoneyUnits, OneTownshipInAnotherUnitIsConvertedAndNamed) {
  auto ws = money_by_town("村集体经济收入", {{"420323100", "城关镇", {"56500", "26300", "77100"}},
                                             {"420323101", "白桑关镇", {"61000", "48000", "90000", "0"}},
                                             {"420323103", "福古镇", {"5.65", "2.63", "7.71", "0"}}});
  ASSERT_TRUE(ws) << ws.error().to_string();
  auto income = values(*ws, "collective_income");
  EXPECT_DOUBLE_EQ(*income[0], 56500) << "the townships in 元 are untouched";
  EXPECT_NEAR(*income[7], 56500, 1e-6);
  EXPECT_NEAR(*income[8], 26300, 1e-6);
  EXPECT_DOUBLE_EQ(*income[10], 0);
  const Issue* i = find_field_issue(ws->issues, "money_by_township", "collective_income");
  ASSERT_NE(i, nullptr);
  EXPECT_EQ(i->severity, Severity::warning);
  EXPECT_NE(i->message.find("福古镇 4 个村的值看起来按万元填报"), std::string::npos) << i->message;
  EXPECT_EQ(count_code(ws->issues, "money_by_township", "collective_income"), 1u);
  EXPECT_EQ(find_field_issue(ws->issues, "money_implausibly_small", "collective_income"), nullptr);
  // The other direction: a （万元） column in which one township typed 元.
  ws = money_by_town("村集体经济收入（万元）", {{"420323100", "城关镇", {"5.65", "2.63", "7.71"}},
                                                 {"420323101", "白桑关镇", {"6.1", "4.8", "9"}},
                                                 {"420323103", "福古镇", {"35000", "62000", "48000"}}});
  ASSERT_TRUE(ws) << ws.error().to_string();
  income = values(*ws, "collective_income");
  EXPECT_NEAR(*income[0], 56500, 1e-6);
  EXPECT_NEAR(*income[6], 35000, 1e-6) << "not 35,000 万元";
  i = find_field_issue(ws->issues, "money_by_township", "collective_income");
  ASSERT_NE(i, nullptr);
  EXPECT_NE(i->message.find("福古镇"), std::string::npos) << i->message;
}

// tour 12 L1 (one county of two) and L17's lesson: a whole county in 万元 is one warning naming the county.
TEST(MoneyUnits, OneCountyOfTwoInWanIsOneWarningForTheCounty) {
  auto ws = money_by_town("村集体经济收入", {{"420323100", "城关镇", {"56500", "26300", "77100"}},
                                             {"420323101", "白桑关镇", {"61000", "48000", "90000"}},
                                             {"420323102", "太台镇", {"51000", "38000", "70000"}},
                                             {"420324100", "甲镇", {"1.15", "20.54", "6"}},
                                             {"420324101", "乙镇", {"3.2", "5.1", "7"}}});
  ASSERT_TRUE(ws) << ws.error().to_string();
  const auto income = values(*ws, "collective_income");
  EXPECT_NEAR(*income[9], 11500, 1e-6);
  EXPECT_NEAR(*income[12], 32000, 1e-6);
  EXPECT_DOUBLE_EQ(*income[0], 56500);
  EXPECT_EQ(count_code(ws->issues, "money_by_township", "collective_income"), 1u);
  const Issue* i = find_field_issue(ws->issues, "money_by_township", "collective_income");
  ASSERT_NE(i, nullptr);
  EXPECT_NE(i->message.find("县 420324 全部 2 个乡镇"), std::string::npos) << i->message;
}

// tour 12 L14: one growth typed 3.5 (for 3.5 %) among fractions moves the county mean every village
// is compared with: unknown, named, not used; a township at 0.36-1.45 among 0.02-0.17 likewise.
TEST(PercentUnits, AGrowthFarOutsideTheColumnIsUnknownNotUsed) {
  auto ws = townships_with({{"城关镇", {{"1", "0.095"}, {"0.95", "0.12"}, {"1", "0.08"}}},
                            {"潘河镇", {{"1", "3.5"}, {"1", "0.1"}, {"0.9", "0.05"}, {"1", "0.016"}}}});
  ASSERT_TRUE(ws) << ws.error().to_string();
  const auto growth = values(*ws, "income_growth");
  EXPECT_FALSE(growth[3].has_value()) << "3.5 among 0.1s is not used as 350 %";
  EXPECT_DOUBLE_EQ(*growth[4], 0.1);
  const Issue* i = find_field_issue(ws->issues, "ratio_far_outside", "income_growth");
  ASSERT_NE(i, nullptr);
  EXPECT_EQ(i->severity, Severity::warning);
  EXPECT_NE(i->message.find("如 3.5"), std::string::npos) << i->message;
  EXPECT_EQ(find_field_issue(ws->issues, "ratio_above_one", "income_growth"), nullptr);
  EXPECT_EQ(count_code(ws->issues, "value_set_unknown", "income_growth"), 1u);
  // A whole township about 10× the county: neither fractions nor percent, all its values in doubt.
  ws = townships_with({{"城关镇", {{"1", "0.095"}, {"0.95", "0.12"}, {"1", "0.08"}}},
                       {"白桑关镇", {{"1", "0.05"}, {"0.95", "0.17"}, {"1", "0.016"}}},
                       {"潘河镇", {{"1", "0.36"}, {"1", "0.9"}, {"0.9", "1.2"}, {"1", "1.45"}}}});
  ASSERT_TRUE(ws) << ws.error().to_string();
  const auto g2 = values(*ws, "income_growth");
  EXPECT_FALSE(g2[6].has_value()) << "0.36 in a township at ~10× the county is no 36 % growth";
  EXPECT_FALSE(g2[9].has_value());
  EXPECT_DOUBLE_EQ(*g2[0], 0.095);
  i = find_field_issue(ws->issues, "percent_township_ambiguous", "income_growth");
  ASSERT_NE(i, nullptr);
  EXPECT_NE(i->message.find("潘河镇 4 个村中 4 个值（2 个大于 1）"), std::string::npos) << i->message;
}

// tour 12 L17: one county of two in percent: one warning for the county, not one per township
// each saying "县内其他乡镇按小数填报" (false there).
TEST(PercentUnits, OneCountyOfTwoInPercentIsOneWarningForTheCounty) {
  const fs::path dir = jiuyou::test::scratch_dir();
  std::vector<std::pair<std::string, std::vector<std::string>>> rows;
  const std::vector<std::pair<std::string, std::vector<std::string>>> towns = {
      {"420323100", {"0.095", "0.12", "0.08"}}, {"420323101", {"0.1", "0.09", "0.11"}}, {"420324100", {"6.05", "11.3", "9.8"}}, {"420324101", {"8.2", "10.1", "7.7"}}};
  for (const auto& [prefix, growth] : towns)
    for (size_t i = 0; i < growth.size(); ++i)
      rows.push_back({"POINT (110.2" + std::to_string(rows.size()) + " 32.2)", {prefix + std::to_string(200 + i), growth[i]}});
  write_fixture("GPKG", (dir / "v.gpkg").string(), "villages", 4490, wkbPoint, {{"code", OFTString}, {"增长", OFTReal}}, rows);
  std::ofstream(dir / "p.toml") << "[layers.villages]\npath = \"v.gpkg\"\n[layers.villages.fields]\nincome_growth = \"增长\"\n";
  auto p = io::load_project((dir / "p.toml").string());
  ASSERT_TRUE(p) << p.error().to_string();
  auto ws = io::load_workspace(*p);
  ASSERT_TRUE(ws) << ws.error().to_string();
  const auto growth = values(*ws, "income_growth");
  EXPECT_DOUBLE_EQ(*growth[6], 0.0605);
  EXPECT_DOUBLE_EQ(*growth[0], 0.095);
  EXPECT_EQ(count_code(ws->issues, "percent_by_township", "income_growth"), 1u);
  const Issue* i = find_field_issue(ws->issues, "percent_by_township", "income_growth");
  ASSERT_NE(i, nullptr);
  EXPECT_NE(i->message.find("县 420324 全部 2 个乡镇（6 个村）的值按百分数填报"), std::string::npos) << i->message;
  EXPECT_EQ(i->message.find("县内其他乡镇按小数填报"), std::string::npos) << i->message;
}

// tour 13 M4: shares beyond 1 among fractions (参保率 95 where 0.95 was meant) can only be percents:
// read so, listed once; a share far below the rest as a percent (2 → 0.02 among 0.9s) is not guessed.
TEST(PercentUnits, ASharePercentAmongFractionsIsReadAsPercentAndSaid) {
  auto ws = townships_with({{"城关镇", {{"0.958", "0.095"}, {"0.95", "0.12"}, {"1", "0.08"}, {"87.5", "0.1"}}},
                            {"潘河镇", {{"95", "0.1"}, {"0.9", "0.11"}, {"0.92", "0.09"}, {"0.88", "0.1"}, {"2", "0.1"}}}});
  ASSERT_TRUE(ws) << ws.error().to_string();
  const auto share = values(*ws, "poor_insured_share");
  EXPECT_DOUBLE_EQ(*share[3], 0.875);
  EXPECT_DOUBLE_EQ(*share[4], 0.95);
  EXPECT_DOUBLE_EQ(*share[0], 0.958) << "the fractions are untouched";
  EXPECT_FALSE(share[8].has_value()) << "2 is neither 2 % nor 200 % of a 参保率 among 0.9s";
  const Issue* i = find_field_issue(ws->issues, "share_hundred_as_percent", "poor_insured_share");
  ASSERT_NE(i, nullptr);
  EXPECT_EQ(i->severity, Severity::warning);
  EXPECT_NE(i->message.find("2 个占比大于 1"), std::string::npos) << i->message;
  EXPECT_NE(i->message.find("87.5 → 0.875"), std::string::npos) << i->message;
  EXPECT_EQ(count_code(ws->issues, "share_hundred_as_percent", "poor_insured_share"), 1u);
  EXPECT_NE(find_field_issue(ws->issues, "share_out_of_range", "poor_insured_share"), nullptr);
}

// tour 13 M14 (the mirror of tour 12 L14): under 收入增长率（%）, every township typed percents but one,
// which typed fractions. Read ÷100 again (0.07 %) they would drag the county mean down; kept as
// fractions, warned once naming the township by its name (M30: the table's 乡镇 column).
TEST(PercentUnits, OneTownshipInFractionsUnderAPercentHeaderKeepsItsFractions) {
  auto ws = towns_by_code("income_growth", "收入增长率（%）",
                          {{"420323100", "城关镇", {"8.41", "6.2", "9.5", "7.7"}},
                           {"420323101", "白桑关镇", {"10.1", "5.5", "8.8"}},
                           {"420323102", "太台镇", {"7.9", "9.2", "6.6"}},
                           {"420323103", "福古镇", {"0.0719", "0.065", "0.081", "0.07"}}});
  ASSERT_TRUE(ws) << ws.error().to_string();
  const auto growth = values(*ws, "income_growth");
  EXPECT_NEAR(*growth[0], 0.0841, 1e-12) << "the townships in percent take the header's %";
  EXPECT_NEAR(*growth[9], 0.066, 1e-12);
  EXPECT_NEAR(*growth[10], 0.0719, 1e-12) << "not 0.000719";
  EXPECT_NEAR(*growth[13], 0.07, 1e-12);
  const Issue* i = find_field_issue(ws->issues, "percent_header_over_fractions", "income_growth");
  ASSERT_NE(i, nullptr);
  EXPECT_EQ(i->severity, Severity::warning);
  EXPECT_NE(i->message.find("福古镇（420323103） 4 个村的值是小数"), std::string::npos) << i->message;
  EXPECT_NE(i->hint.find("福古镇（420323103）"), std::string::npos) << i->hint;
  EXPECT_EQ(count_code(ws->issues, "percent_header_over_fractions", "income_growth"), 1u);
  // A township with low growth (0.5-2 %, 4-17× below the rest) is a poor year, not fractions.
  ws = towns_by_code("income_growth", "收入增长率（%）",
                     {{"420323100", "城关镇", {"8.41", "6.2", "9.5", "7.7"}},
                      {"420323101", "白桑关镇", {"10.1", "5.5", "8.8"}},
                      {"420323103", "福古镇", {"0.5", "1.2", "2", "0.8"}}});
  ASSERT_TRUE(ws) << ws.error().to_string();
  EXPECT_NEAR(*values(*ws, "income_growth")[7], 0.005, 1e-12);
  EXPECT_EQ(find_field_issue(ws->issues, "percent_header_over_fractions", "income_growth"), nullptr);
}

// tour 13 M15: under （万元）, one township typed 千元 (46.6 for 46,600 元): 10× every other township,
// still a "plausible" village income. The only one, the rest agreeing: read in 千元, said, naming
// the township as the table does (M30).
TEST(MoneyUnits, OneTownshipTenTimesTheRestUnderTheSameHeaderIsSettledAndSaid) {
  auto ws = towns_by_code("collective_income", "村集体经济收入（万元）",
                          {{"420323100", "城关镇", {"5.65", "2.63", "7.71"}},
                           {"420323101", "白桑关镇", {"6.1", "4.8", "9"}},
                           {"420323102", "太台镇", {"4.2", "5.5", "6.3"}},
                           {"420323103", "福古镇", {"46.6", "52", "38.5", "0"}}});
  ASSERT_TRUE(ws) << ws.error().to_string();
  const auto income = values(*ws, "collective_income");
  EXPECT_NEAR(*income[0], 56500, 1e-6) << "the other townships are untouched";
  EXPECT_NEAR(*income[9], 46600, 1e-6) << "not 466,000 元";
  EXPECT_NEAR(*income[11], 38500, 1e-6);
  const Issue* i = find_field_issue(ws->issues, "money_by_township", "collective_income");
  ASSERT_NE(i, nullptr);
  EXPECT_EQ(i->severity, Severity::warning);
  EXPECT_NE(i->message.find("福古镇（420323103） 4 个村"), std::string::npos) << i->message;
  EXPECT_NE(i->message.find("是全县乡镇中位数（61000 元）的约 8 倍"), std::string::npos) << i->message;
  EXPECT_NE(i->message.find("按千元填报"), std::string::npos) << i->message;
  EXPECT_EQ(find_field_issue(ws->issues, "money_township_far", "collective_income"), nullptr);
  // Two townships 10× the rest: which unit is whose is not the loader's to guess — each said, read as written.
  ws = towns_by_code("collective_income", "村集体经济收入（万元）",
                     {{"420323100", "城关镇", {"5.65", "2.63", "7.71"}},
                      {"420323101", "白桑关镇", {"6.1", "4.8", "9"}},
                      {"420323102", "太台镇", {"4.2", "5.5", "6.3"}},
                      {"420323103", "福古镇", {"46.6", "52", "38.5"}},
                      {"420323104", "潘河镇", {"61", "44", "70"}}});
  ASSERT_TRUE(ws) << ws.error().to_string();
  EXPECT_NEAR(*values(*ws, "collective_income")[9], 466000, 1e-6);
  EXPECT_EQ(count_code(ws->issues, "money_township_far", "collective_income"), 2u);
  EXPECT_EQ(find_field_issue(ws->issues, "money_by_township", "collective_income"), nullptr);
  // In 元, a township 10× the rest has no unit to explain it (十元 is none): said, not converted.
  ws = towns_by_code("collective_income", "村集体经济收入",
                     {{"420323100", "城关镇", {"56500", "26300", "77100"}},
                      {"420323101", "白桑关镇", {"61000", "48000", "90000"}},
                      {"420323102", "太台镇", {"42000", "55000", "63000"}},
                      {"420323103", "福古镇", {"466000", "520000", "385000"}}});
  ASSERT_TRUE(ws) << ws.error().to_string();
  EXPECT_NEAR(*values(*ws, "collective_income")[9], 466000, 1e-6);
  const Issue* far = find_field_issue(ws->issues, "money_township_far", "collective_income");
  ASSERT_NE(far, nullptr);
  EXPECT_NE(far->message.find("福古镇（420323103）"), std::string::npos) << far->message;
}

// The other side of M15: a county's rich township (3-5× the others) is rich, not in another unit.
TEST(MoneyUnits, ARichTownshipIsNeitherConvertedNorWarned) {
  for (const std::vector<std::string>& rich : {std::vector<std::string>{"17", "19.5", "15"}, std::vector<std::string>{"28", "31", "25"},
                                              std::vector<std::string>{"1.2", "1.6", "2"}}) {
    auto ws = towns_by_code("collective_income", "村集体经济收入（万元）",
                            {{"420323100", "城关镇", {"5.65", "2.63", "7.71"}},
                             {"420323101", "白桑关镇", {"6.1", "4.8", "9"}},
                             {"420323102", "太台镇", {"4.2", "5.5", "6.3"}},
                             {"420323103", "福古镇", rich}});
    ASSERT_TRUE(ws) << ws.error().to_string();
    EXPECT_NEAR(*values(*ws, "collective_income")[9], std::stod(rich[0]) * 1e4, 1e-6) << rich[0];
    for (const char* code : {"money_by_township", "money_township_far", "money_township_implausible", "money_implausibly_small"})
      EXPECT_EQ(find_field_issue(ws->issues, code, "collective_income"), nullptr) << code << " for " << rich[0];
  }
}
