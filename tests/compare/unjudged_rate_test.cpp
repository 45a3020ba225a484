// A year that could not judge an item has no rate (tour 13 M8 follow-up): compare.html draws no 0 % bar for it but
// "数据不全（…图层为空）" hatched grey, keeps the other year's bar, and says beside the year's exit count that it
// cannot be compared; 回头看.xlsx's 各指标达标率 says the same in words; an item one year's standard lacks is
// 无法比较 there, not 0 %.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "compare_runs.hpp"
#include "gis/compare/compare_report.hpp"
#include "support/zip_part.hpp"
#include "two_years.hpp"

namespace jiuyou::app::unjudged_rate_tests {
namespace {

namespace fs = std::filesystem;

size_t count_of(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

// Every string of the workbook's sheets (shared or inline).
std::string workbook_text(const fs::path& xlsx) {
  std::string all = test::zip_part(xlsx, "xl/workbook.xml") + test::zip_part(xlsx, "xl/sharedStrings.xml");
  for (int s = 1; s <= 8; ++s) all += test::zip_part(xlsx, "xl/worksheets/sheet" + std::to_string(s) + ".xml");
  return all;
}

TEST(CompareUnjudgedRate, AnEmptyLayerIsDataMissingNotZeroPercent) {
  const fs::path dir = test::scratch_dir();
  const std::string y2024 = test::copy_demo(dir, "2024"), y2025 = test::copy_demo(dir, "2025");
  test::edit_gpkg(test::gpkg_of(y2025), {"DELETE FROM facilities"});
  auto run = test::compare_two(dir, y2024, y2025);
  ASSERT_TRUE(run) << run.error().to_string();
  const compare::CompareDocument doc{run->years, run->comparisons, run->notes};
  const auto missing = compare::missing_fields(doc);
  size_t facility_items = 0;  // items reading facilities (their own layer, a child's): no rate in 2025
  for (const auto& it : run->years[1].result.rules.items) {
    if (!it.visible) continue;
    const compare::YearRate later = compare::year_rate(doc, 1, missing, it), earlier = compare::year_rate(doc, 0, missing, it);
    if (later.gap.empty()) {
      EXPECT_NE(it.layer, "facilities") << it.id;
      continue;
    }
    EXPECT_EQ(later.gap, "数据不全（公共服务设施图层为空）") << it.id;
    EXPECT_TRUE(earlier.gap.empty()) << it.id << " " << earlier.gap;
    EXPECT_GT(earlier.rate, 0.0) << it.id << ": the other year's bar is kept";
    ++facility_items;
  }
  ASSERT_GE(facility_items, 3u);
  for (const auto& it : run->years[1].result.rules.items) {  // a layer both years have: a rate
    if (it.visible && it.layer == "roads") {
      EXPECT_TRUE(compare::year_rate(doc, 1, missing, it).gap.empty()) << it.id;
    }
  }

  const std::string page = test::read_text(dir / "out" / "compare.html");
  EXPECT_EQ(count_of(page, "2025 年 数据不全（公共服务设施图层为空）"), 2 * facility_items) << "a tooltip and a label per item, no bar";
  EXPECT_NE(page.find("url(#gap)"), std::string::npos);
  EXPECT_EQ(count_of(page, "<pattern id=\"gap\""), 1u) << "one pattern per page";
  EXPECT_NE(page.find("数据不全或无法比较（该年未能判断，不是 0 %）"), std::string::npos) << "the legend says what the hatching is";
  EXPECT_NE(page.find("（数据不全：公共服务设施图层为空，不能据此比较）"), std::string::npos) << "the year's exit count";
  EXPECT_NE(page.find("2025 年数据不全（公共服务设施图层为空）：该年各乡镇的可出列村数不能与其他年份比较"), std::string::npos);

  const std::string book = workbook_text(dir / "out" / "回头看.xlsx");
  EXPECT_NE(book.find("各指标达标率"), std::string::npos);
  EXPECT_GE(count_of(book, "数据不全（公共服务设施图层为空）"), 1u) << "the rate sheet says it in words";
}

TEST(CompareUnjudgedRate, BothYearsJudgedDrawNoHatching) {
  const fs::path dir = test::scratch_dir();
  const std::string y2024 = test::copy_demo(dir, "2024"), y2025 = test::copy_demo(dir, "2025");
  auto run = test::compare_two(dir, y2024, y2025);
  ASSERT_TRUE(run) << run.error().to_string();
  const std::string page = test::read_text(dir / "out" / "compare.html");
  EXPECT_EQ(page.find("数据不全（公共"), std::string::npos);
  EXPECT_EQ(page.find("（数据不全："), std::string::npos);
  EXPECT_EQ(page.find("url(#gap)"), std::string::npos);
  EXPECT_EQ(page.find("无法比较（"), std::string::npos);
}

TEST(CompareUnjudgedRate, AnItemOneStandardLacksIsNotComparableNotZero) {
  const fs::path dir = test::scratch_dir();
  const std::string y2024 = test::copy_demo(dir, "2024"), y2025 = test::copy_demo(dir, "2025");
  // 2024's rule file lacks the income-growth item (same id, hubei-2017); 2025 has it.
  std::string rules = test::read_text(test::source_dir() / "data/rules/hubei-2017.toml");
  const size_t at = rules.find("id = \"income_growth_above_mean\"");
  ASSERT_NE(at, std::string::npos);
  const size_t begin = rules.rfind("[[items]]", at), end = rules.find("[[items]]", at);
  rules.erase(begin, (end == std::string::npos ? rules.size() : end) - begin);
  const fs::path file = dir / "hubei-noig.toml";
  test::write_text(file, rules);
  std::string project = test::read_text(y2024);
  const std::string from = "rules = \"hubei-2017\"";
  ASSERT_NE(project.find(from), std::string::npos);
  project.replace(project.find(from), from.size(), "rules = \"" + file.string() + "\"");
  test::write_text(y2024, project);

  auto run = test::compare_two(dir, y2024, y2025);
  ASSERT_TRUE(run) << run.error().to_string();
  const compare::CompareDocument doc{run->years, run->comparisons, run->notes};
  const indicators::Item* item = run->years[1].result.rules.item("income_growth_above_mean");
  ASSERT_NE(item, nullptr);
  const auto missing = compare::missing_fields(doc);
  EXPECT_EQ(compare::year_rate(doc, 0, missing, *item).gap, "无法比较（该年标准没有此项）");
  EXPECT_TRUE(compare::year_rate(doc, 1, missing, *item).gap.empty());
  const std::string page = test::read_text(dir / "out" / "compare.html");
  EXPECT_EQ(count_of(page, "2024 年 无法比较（该年标准没有此项）"), 2u);
  EXPECT_EQ(page.find("（数据不全："), std::string::npos) << "no layer gap: the exit counts stand";
  EXPECT_NE(workbook_text(dir / "out" / "回头看.xlsx").find("无法比较（该年标准没有此项）"), std::string::npos);
}

}  // namespace
}  // namespace jiuyou::app::unjudged_rate_tests
