// One dropped column mapping is one cause, not hundreds of 返贫风险 (#15, F27):
// the raw demo county twice, the later year's project file without the line
// `qualified_doctor = "合格村医"` (a clerk's edit). compare says once which
// field of which layer the year lacks, how many villages and items it leaves
// unknown, splits the headline into 返贫风险 and 待核实, and each village's
// alert names the field.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>

#include "gis/app/compare_job.hpp"
#include "gis/compare/compare_report.hpp"
#include "support/test_paths.hpp"

namespace jiuyou::app {
namespace {

namespace fs = std::filesystem;

std::string read_text(const fs::path& p) {
  std::ifstream in(p);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// data/demo-raw copied to dir/<year>, with `drop` (a whole line) taken out of its project file.
std::string copy_raw(const fs::path& dir, const std::string& year, const std::string& drop = {}) {
  const fs::path to = dir / year;
  fs::copy(test::source_dir() / "data/demo-raw", to, fs::copy_options::recursive);
  if (!drop.empty()) {
    std::string text = read_text(to / "project.toml");
    const size_t at = text.find(drop + "\n");
    EXPECT_NE(at, std::string::npos) << "the demo project no longer maps " << drop;
    if (at != std::string::npos) text.erase(at, drop.size() + 1);
    std::ofstream(to / "project.toml") << text;
  }
  return (to / "project.toml").string();
}

TEST(CompareMissingField, OneDroppedMappingIsOneCauseSaidOnceAndNamedInEachAlert) {
  const fs::path dir = test::scratch_dir();
  CompareJob job;
  job.years = {copy_raw(dir, "2024"), copy_raw(dir, "2025", "qualified_doctor = \"合格村医\"")};
  job.out_dir = (dir / "out").string();
  auto run = run_compare(job);
  ASSERT_TRUE(run) << run.error().to_string();

  const compare::CompareDocument doc{run->years, run->comparisons, run->notes};
  const auto missing = compare::missing_fields(doc);
  ASSERT_EQ(missing.size(), 1u);
  const auto& m = missing.front();
  EXPECT_EQ(m.layer, "facilities");
  EXPECT_EQ(m.field, "qualified_doctor");
  EXPECT_EQ(m.source_name, "合格村医");
  EXPECT_EQ(m.field_words(), "合格村医（qualified_doctor）");
  EXPECT_GE(m.items.size(), 1u);
  EXPECT_GT(m.villages, 1u);

  // Every alert is one to verify: no regression; each item's alert names the field.
  const auto alerts = compare::collect_alerts(doc);
  ASSERT_EQ(alerts.size(), run->alerts);
  size_t named = 0;
  for (const auto& a : alerts) {
    EXPECT_TRUE(a.unverified) << a.what << " | " << a.cause;
    if (a.item >= 0) {
      EXPECT_NE(a.cause.find("缺少字段 合格村医"), std::string::npos) << a.cause;
      ++named;
    }
  }
  EXPECT_GT(named, 0u);
  const std::string counts = "返贫风险村 0 个（其中去年可出列、今年不可出列或没有此村 0 个），涉及指标 0 项；待核实（数据不全）" + std::to_string(alerts.size()) + " 条";
  EXPECT_EQ(compare::alert_counts(alerts), counts);

  // The page leads with the one cause and the split headline, not "返贫风险 358 条".
  const std::string page = read_text(dir / "out" / "compare.html");
  const size_t summary = page.find("2025 年 公共服务设施图层缺少字段 合格村医（qualified_doctor）");
  ASSERT_NE(summary, std::string::npos);
  EXPECT_NE(page.find("影响 " + std::to_string(m.villages) + " 个村的 " + std::to_string(m.items.size()) + " 项指标"), std::string::npos);
  EXPECT_LT(summary, page.find("<h2>"));
  EXPECT_NE(page.find(counts), std::string::npos);
  EXPECT_FALSE(std::regex_search(page, std::regex("返贫风险 [1-9][0-9]* 条")));
}

// h-units4: a field a joined statistics table gives is told by the table, its file and the column expected (never
// only "村图层缺少字段"), and a field the EARLIER year lacks is noted too — both ways, each with what it does.
TEST(CompareMissingField, AJoinedTablesColumnIsNamedAndEitherYearsLackIsNoted) {
  const std::string drop = "collective_income = \"村集体经济收入（元）\"";
  const std::string named = "村图层的统计表 village_stats（村级统计.xlsx）缺少列「村集体经济收入（元）」（collective_income）";
  for (const bool earlier : {false, true}) {
    const fs::path dir = test::scratch_dir() / (earlier ? "earlier" : "later");
    fs::create_directories(dir);
    CompareJob job;
    job.years = {copy_raw(dir, "2024", earlier ? drop : std::string()), copy_raw(dir, "2025", earlier ? std::string() : drop)};
    job.out_dir = (dir / "out").string();
    auto run = run_compare(job);
    ASSERT_TRUE(run) << run.error().to_string();
    const compare::CompareDocument doc{run->years, run->comparisons, run->notes};
    const auto missing = compare::missing_fields(doc);
    const auto it = std::find_if(missing.begin(), missing.end(), [](const compare::MissingField& m) { return m.field == "collective_income"; });
    ASSERT_NE(it, missing.end()) << "earlier " << earlier;
    EXPECT_EQ(it->earlier, earlier);
    EXPECT_EQ(it->year, earlier ? "2024" : "2025");
    EXPECT_EQ(it->table, "village_stats");
    EXPECT_EQ(it->table_file, "村级统计.xlsx");
    EXPECT_EQ(it->source_name, "村集体经济收入（元）");
    EXPECT_GT(it->villages, 0u);
    const std::string page = read_text(dir / "out" / "compare.html");
    const std::string line = (earlier ? "2024 年 " : "2025 年 ") + named + (earlier ? "（后一年有）" : "（前一年有）");
    EXPECT_NE(page.find(line), std::string::npos) << it->text();
    EXPECT_NE(page.find(earlier ? "这些项两年无法比较（不算改善）" : "这些村由达标变为数据不全"), std::string::npos) << it->text();
    EXPECT_NE(it->text().find("[layers.village_stats.fields] 中 collective_income"), std::string::npos) << it->text();
  }
}

TEST(CompareMissingField, NothingDroppedNothingSaid) {
  const fs::path dir = test::scratch_dir();
  CompareJob job;
  job.years = {copy_raw(dir, "2024"), copy_raw(dir, "2025")};
  job.out_dir = (dir / "out").string();
  auto run = run_compare(job);
  ASSERT_TRUE(run) << run.error().to_string();
  const compare::CompareDocument doc{run->years, run->comparisons, run->notes};
  EXPECT_TRUE(compare::missing_fields(doc).empty());
  EXPECT_EQ(read_text(dir / "out" / "compare.html").find("图层缺少字段"), std::string::npos);
}

}  // namespace
}  // namespace jiuyou::app
