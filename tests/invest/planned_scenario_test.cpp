// A check with planned works (`check --with plan.gpkg`) is a what-if: every
// document it writes says so before any number (report.html's title and banner,
// result.xlsx's first sheet, result.gpkg's jiuyou_meta), so that a page
// forwarded on is never taken for the county's present state. A check without
// --with says nothing of the kind.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <string>

#include "gis/app/check_job.hpp"
#include "gis/report/result_meta.hpp"
#include "support/planned_road.hpp"
#include "support/test_paths.hpp"
#include "support/zip_part.hpp"

namespace jiuyou {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

// The sheet names of an .xlsx, in order (xl/workbook.xml).
std::vector<std::string> sheet_names(const fs::path& xlsx) {
  const std::string text = test::zip_part(xlsx, "xl/workbook.xml");
  std::vector<std::string> names;
  const std::regex sheet("<sheet name=\"([^\"]+)\"");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), sheet); it != std::sregex_iterator(); ++it) names.push_back((*it)[1]);
  return names;
}

TEST(PlannedScenario, EveryDocumentOfAWhatIfSaysItIsNotThePresentState) {
  const auto dir = test::scratch_dir();
  app::CheckJob job;
  job.project = (test::source_dir() / "data/demo/project.toml").string();
  job.items = {"road"};
  job.out_dir = (dir / "now").string();
  auto now = app::run_check(job);
  ASSERT_TRUE(now) << now.error().to_string();
  const std::string plan = test::plan_one_road(*now, dir / "plan.gpkg").gpkg;
  ASSERT_FALSE(plan.empty()) << "the demo has a village failing the road item";

  job.planned = plan;
  job.until = 2026;
  job.out_dir = (dir / "whatif").string();
  auto whatif = app::run_check(job);
  ASSERT_TRUE(whatif) << whatif.error().to_string();
  ASSERT_EQ(whatif->planned_added, 1u);

  // The page: a title marked 模拟 and a banner naming the plan, the year and the count.
  const std::string html = slurp(dir / "whatif" / "report.html");
  EXPECT_NE(html.find("<h1>九有县（合成）贫困村出列检查（含规划项目，模拟）</h1>"), std::string::npos);
  EXPECT_NE(html.find("<title>九有县（合成）贫困村出列检查（含规划项目，模拟）</title>"), std::string::npos);
  const size_t banner = html.find("<p class=scenario><b>模拟结果，非现状：</b>");
  ASSERT_NE(banner, std::string::npos);
  EXPECT_LT(banner, html.find("class=kpi")) << "the banner comes before the first number";
  EXPECT_NE(html.find("plan.gpkg，建至 2026 年的 1 项", banner), std::string::npos);

  // The workbook opens on the sheet that says it.
  const auto sheets = sheet_names(dir / "whatif" / "result.xlsx");
  ASSERT_FALSE(sheets.empty());
  EXPECT_EQ(sheets.front(), "模拟说明（非现状）");

  // The GeoPackage records the plan, so compare, render and view can tell.
  auto meta = report::read_result_meta((dir / "whatif" / "result.gpkg").string());
  ASSERT_TRUE(meta) << meta.error().to_string();
  ASSERT_TRUE(meta->has_value());
  EXPECT_EQ((*meta)->extra["with_plan"], fs::absolute(plan).string());
  EXPECT_EQ((*meta)->extra["until"], "2026");
  EXPECT_EQ((*meta)->extra["planned_added"], "1");
  EXPECT_NE((*meta)->extra["scenario"].find("不是现在的实际情况"), std::string::npos);

  // The present state says none of it.
  const std::string plain = slurp(dir / "now" / "report.html");
  EXPECT_EQ(plain.find("模拟"), std::string::npos);
  EXPECT_EQ(sheet_names(dir / "now" / "result.xlsx").front(), "村级结果");
  auto plain_meta = report::read_result_meta((dir / "now" / "result.gpkg").string());
  ASSERT_TRUE(plain_meta && plain_meta->has_value());
  EXPECT_EQ((*plain_meta)->extra.count("with_plan"), 0u);
  EXPECT_EQ((*plain_meta)->extra.count("scenario"), 0u);
}

}  // namespace
}  // namespace jiuyou
