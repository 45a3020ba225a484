// 撤县设区 beyond the county part of the codes (issue #15, tour 13): townships renumbered too (镇 → 街道: 420323 1ab ccc
// → 420399 0ab ccc), the same villages on the same ground under the same names, are matched by name and position and
// said once (M28); a crosswalk given for a merge adds its rows to the six-digit matching, never replaces it (M9).
#include <gtest/gtest.h>

#include <filesystem>

#include "gis/app/compare_job.hpp"
#include "gis/compare/compare_report.hpp"
#include "compare_runs.hpp"
#include "two_years.hpp"

namespace jiuyou::app::renumbered_county {
namespace {

namespace fs = std::filesystem;
using compare::MatchHow;
using compare::Transition;

using test::compare_two;

std::string notes_of(const compare::Comparison& cmp) {
  std::string all;
  for (const auto& n : cmp.notes) all += n + "\n";
  return all;
}

size_t matched(const compare::Comparison& cmp, MatchHow how) {
  size_t n = 0;
  for (const auto& p : cmp.match.pairs) n += p.how == how ? 1 : 0;
  return n;
}

// The SQL that renumbers `field` of `layer`: county 420323 → 420399, township digit 1 → 0 and 2 → 5.
std::string renumber(const std::string& layer, const std::string& field) {
  return "UPDATE " + layer + " SET " + field + " = '420399' || CASE substr(" + field + ", 7, 1) WHEN '1' THEN '0' WHEN '2' THEN '5' ELSE substr(" + field +
         ", 7, 1) END || substr(" + field + ", 8)";
}

TEST(CompareRenumberedCounty, TownshipsRenumberedTooAreMatchedByNameAndGround) {
  const fs::path dir = test::scratch_dir();
  const std::string y2024 = test::copy_demo(dir, "2024"), y2025 = test::copy_demo(dir, "2025");
  test::edit_gpkg(test::gpkg_of(y2025), {renumber("villages", "code"), renumber("villages", "township"), renumber("village_points", "code"),
                                         renumber("village_points", "township"), renumber("townships", "code"), "UPDATE county SET code = '420399'"});
  auto run = compare_two(dir, y2024, y2025);
  ASSERT_TRUE(run) << run.error().to_string();
  const auto& cmp = run->comparisons[0];
  EXPECT_EQ(cmp.match.by_code, 0u);
  EXPECT_EQ(matched(cmp, MatchHow::county_code), run->years[0].villages().size());
  EXPECT_EQ(cmp.match.by_geometry, 0u);
  for (const auto& vt : cmp.villages) {
    EXPECT_NE(vt.overall, Transition::regressed);
    EXPECT_NE(vt.overall, Transition::improved);
  }
  const std::string notes = notes_of(cmp);
  EXPECT_NE(notes.find("2025 年起县代码 420323 → 420399，乡镇代码也重新编排"), std::string::npos) << notes;
  EXPECT_NE(notes.find("250 个村村名相同、位置相同"), std::string::npos) << notes;
  EXPECT_EQ(notes.find("乡镇撤并"), std::string::npos) << notes;
}

// Another county's villages under renumbered codes (names that do not recur): still refused, nothing written.
TEST(CompareRenumberedCounty, OtherVillagesUnderNewCodesAreStillRefused) {
  const fs::path dir = test::scratch_dir();
  const std::string y2024 = test::copy_demo(dir, "2024"), y2025 = test::copy_demo(dir, "2025");
  test::edit_gpkg(test::gpkg_of(y2025), {renumber("villages", "code"), renumber("village_points", "code"), "UPDATE villages SET name = name || '甲'"});
  auto run = compare_two(dir, y2024, y2025);
  ASSERT_FALSE(run);
  EXPECT_NE(run.error().message.find("no code in common"), std::string::npos) << run.error().to_string();
}

// M9: the county renumbered and one village merged into another; the crosswalk gives the merge with the new codes.
TEST(CompareRenumberedCounty, ACrosswalkAddsToTheSixDigitMatching) {
  const fs::path dir = test::scratch_dir();
  const std::string y2024 = test::copy_demo(dir, "2024"), y2025 = test::copy_demo(dir, "2025");
  const std::string six = "'420399' || substr(code, 7)";
  test::edit_gpkg(test::gpkg_of(y2025), {"UPDATE villages SET code = " + six, "UPDATE village_points SET code = " + six,
                                         "UPDATE townships SET code = " + six, "DELETE FROM villages WHERE code = '420399100202'",
                                         "DELETE FROM village_points WHERE code = '420399100202'"});
  const fs::path cw = dir / "cw.csv";
  test::write_text(cw, "old_code,new_code,kind\n420323100202,420399100200,merge\n420323100200,420399100200,merge\n");
  auto run = compare_two(dir, y2024, y2025, cw.string());
  ASSERT_TRUE(run) << run.error().to_string();
  const auto& cmp = run->comparisons[0];
  EXPECT_EQ(matched(cmp, MatchHow::crosswalk), 2u);
  EXPECT_EQ(matched(cmp, MatchHow::county_code), run->years[1].villages().size() - 1);
  EXPECT_EQ(cmp.match.by_geometry, 0u);
  const std::string notes = notes_of(cmp);
  EXPECT_NE(notes.find("2025 年起县代码 420323 → 420399（撤县设区或县代码调整）：村按代码后 6 位匹配 248 个"), std::string::npos) << notes;
}

}  // namespace
}  // namespace jiuyou::app::renumbered_county
