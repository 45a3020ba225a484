// tour 10 J3: a check of villages in two counties prints one line per county under the
// total, and the county lines add up to it (report.html's 小计 rows and result.xlsx's 县小计
// are tested in tests/report/report_texts_test.cpp).
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <string>

#include "support/run_command.hpp"
#include "support/test_paths.hpp"

namespace fs = std::filesystem;

TEST(CheckCounties, TheConsoleSummaryHasALinePerCountyAddingUpToTheTotal) {
  const fs::path dir = jiuyou::test::scratch_dir();
  jiuyou::test::write_text_file(dir / "v.csv",
                                "code,name,township,x,y\n"
                                "420323100201,柳林村,420323100,110.21,32.20\n"
                                "420323100202,桃园村,420323100,110.22,32.21\n"
                                "420323200201,石门村,420323200,110.25,32.22\n"
                                "420324100201,青龙村,420324100,110.31,32.25\n"
                                "420324100202,白马村,420324100,110.32,32.26\n");
  jiuyou::test::write_text_file(dir / "p.toml", "[project]\nname = \"两县\"\n\n[layers.villages]\npath = \"v.csv\"\nx = \"x\"\ny = \"y\"\ncrs = \"EPSG:4490\"\n");
  const auto r = jiuyou::test::run_command(jiuyou::test::jiuyou_bin() + " check --quiet --no-map " + (dir / "p.toml").string() + " --out " +
                                           (dir / "out").string(), false);
  const std::regex total("villages ([0-9]+): may exit \\(可出列\\) ([0-9]+), cannot \\(不可出列\\) ([0-9]+), data missing \\(数据不全\\) ([0-9]+)");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(r.output, m, total)) << r.output;
  EXPECT_EQ(m[1].str(), "5");
  const std::regex county("\\n  (42032[34]) +([0-9]+) townships, villages ([0-9]+): may exit ([0-9]+), cannot ([0-9]+), data missing ([0-9]+)");
  size_t lines = 0, villages = 0, townships = 0, verdicts = 0;
  for (auto it = std::sregex_iterator(r.output.begin(), r.output.end(), county); it != std::sregex_iterator(); ++it) {
    ++lines;
    townships += std::stoul((*it)[2].str());
    villages += std::stoul((*it)[3].str());
    verdicts += std::stoul((*it)[4].str()) + std::stoul((*it)[5].str()) + std::stoul((*it)[6].str());
  }
  EXPECT_EQ(lines, 2u) << r.output;
  EXPECT_EQ(townships, 3u);
  EXPECT_EQ(villages, 5u) << "the county lines add up to the total";
  EXPECT_EQ(verdicts, 5u);
}
