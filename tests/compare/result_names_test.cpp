// Check results compared after their project folder moved (#15, F28): the
// documents keep the county's and townships' names the check recorded in
// result.gpkg, never the file's stem ("result 回头看") or 9-digit township codes.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include "gis/app/check_job.hpp"
#include "gis/app/compare_job.hpp"
#include "gis/compare/compare_report.hpp"
#include "two_years.hpp"

namespace jiuyou::app {
namespace {

namespace fs = std::filesystem;

TEST(CompareResultNames, ResultsWhoseProjectMovedKeepTheCountyAndTownshipNames) {
  const fs::path dir = test::scratch_dir();
  const std::string y2021 = test::copy_demo(dir / "county", "2021");
  const std::string y2022 = test::copy_demo(dir / "county", "2022");
  test::apply_demo_events(y2022);
  for (const auto& [project, out] : {std::pair{y2021, "check-2021"}, std::pair{y2022, "check-2022"}}) {
    CheckJob cj;
    cj.project = project;
    cj.out_dir = (dir / out).string();
    ASSERT_TRUE(run_check(cj));
  }
  fs::rename(dir / "county", dir / "county_moved");

  CompareJob job;
  job.years = {(dir / "check-2021").string(), (dir / "check-2022").string()};
  job.out_dir = (dir / "out").string();
  auto run = run_compare(job);
  ASSERT_TRUE(run) << run.error().to_string();
  ASSERT_FALSE(run->years[0].has_features) << "the project was moved: only the results are read";
  for (const auto& y : run->years) {
    EXPECT_EQ(y.ws.name, "九有县（合成）");
    EXPECT_FALSE(y.township_names.empty());
  }
  const compare::CompareDocument doc{run->years, run->comparisons, run->notes};
  const auto alerts = compare::collect_alerts(doc);
  ASSERT_FALSE(alerts.empty());
  const std::regex code(R"(^\d{6,}$)");
  for (const auto& a : alerts) EXPECT_FALSE(std::regex_match(a.township, code)) << "a township named by its code: " << a.township;

  std::ifstream in(dir / "out" / "compare.html");
  const std::string page((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(page.find("<h1>九有县（合成） 回头看"), std::string::npos);
  EXPECT_EQ(page.find("result 回头看"), std::string::npos);
  EXPECT_FALSE(std::regex_search(page, std::regex(R"(<td>\d{9}</td>|<figcaption[^>]*>\d{9}<)"))) << "township codes in the page";
}

}  // namespace
}  // namespace jiuyou::app
