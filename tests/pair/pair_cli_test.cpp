// `jiuyou pair` end to end, when the binary is built (ctest passes JIUYOU_BIN;
// the test skips without it): outputs written, exit codes as documented.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>

#include "support/run_command.hpp"
#include "support/test_paths.hpp"

namespace jiuyou::pair {
namespace {

namespace fs = std::filesystem;

int run(const std::string& args) {
  const std::string cmd = "\"" + test::jiuyou_bin() + "\" pair " + args + " > /dev/null 2>&1";
  const int status = std::system(cmd.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

#define REQUIRE_BINARY()                                                                         \
  do {                                                                                           \
    if (!fs::exists(test::jiuyou_bin())) GTEST_SKIP() << "jiuyou binary not built (JIUYOU_BIN)"; \
  } while (0)

TEST(PairCli, QuanzhouTableGivesLinksWorkbookAndPage) {
  REQUIRE_BINARY();
  const fs::path out = test::scratch_dir() / "quanzhou";
  const std::string csv = (test::source_dir() / "data/pairing/quanzhou_2018.csv").string();
  EXPECT_EQ(run(csv + " --out " + out.string() + " -q"), 0);
  for (const char* f : {"links.gpkg", "pairs.xlsx", "pairs.html"}) EXPECT_TRUE(fs::exists(out / f)) << f;
  const fs::path replan = test::scratch_dir() / "replan";
  EXPECT_EQ(run(csv + " --out " + replan.string() + " --replan --mode one-to-one -q"), 0);
  EXPECT_TRUE(fs::exists(replan / "links.gpkg"));
}

TEST(PairCli, ProjectWithUnitsLayerAndPairSection) {
  REQUIRE_BINARY();
  const fs::path dir = test::scratch_dir();
  std::ofstream(dir / "units.csv") << "code,name,role,lon,lat,funds_cny_per_year,max_partners,poor_population\n"
                                      "350582,晋江市,helper,118.573,24.810,20000000,2,\n"
                                      "350583,南安市,helper,118.382,24.962,10000000,1,\n"
                                      "350821,长汀县,helped,116.356,25.845,,,30000\n"
                                      "350922,古田县,helped,118.738,26.581,,,10000\n"
                                      "350723,光泽县,helped,117.333,27.546,,,5000\n";
  std::ofstream(dir / "pairs.csv") << "helper_code,helped_code,funds_cny_per_year\n350582,350821,20000000\n";
  std::ofstream(dir / "project.toml") << "[project]\nname = \"泉州山海协作\"\n\n[layers.units]\npath = \"units.csv\"\nx = \"lon\"\ny = \"lat\"\n"
                                         "crs = \"EPSG:4490\"\n\n[pair]\nmode = \"capacitated\"\nexisting = \"pairs.csv\"\n";
  EXPECT_EQ(run((dir / "project.toml").string() + " --out " + (dir / "out").string() + " -q"), 0);
  EXPECT_TRUE(fs::exists(dir / "out" / "links.gpkg"));
  std::stringstream page;
  page << std::ifstream(dir / "out" / "pairs.html").rdbuf();
  EXPECT_NE(page.str().find("<h1>泉州山海协作 结对帮扶方案"), std::string::npos) << "the title names the project";
  // Two fixed pairs for 晋江市 in one-to-one mode: infeasible, exit 8, and nothing is written.
  std::ofstream(dir / "pairs_two.csv") << "helper_code,helped_code\n350582,350821\n350582,350922\n";
  EXPECT_EQ(run((dir / "project.toml").string() + " --out " + (dir / "out2").string() + " --existing " + (dir / "pairs_two.csv").string() +
                " --mode one-to-one -q"),
            8)
      << "two fixed pairs for one helper in one-to-one mode are infeasible";
  EXPECT_FALSE(fs::exists(dir / "out2" / "links.gpkg")) << "nothing written on error";
}

TEST(PairCli, TheShippedExampleProjectRunsAsDocumented) {
  REQUIRE_BINARY();
  const fs::path out = test::scratch_dir() / "example";
  const std::string project = (test::source_dir() / "data/pairing/quanzhou_project.toml").string();
  EXPECT_EQ(run(project + " --out " + out.string() + " -q"), 0) << "docs/pairing.md's example";
  std::stringstream page;
  page << std::ifstream(out / "pairs.html").rdbuf();
  EXPECT_NE(page.str().find("泉州市山海协作（示例）"), std::string::npos);
  EXPECT_NE(page.str().find("2000 万元"), std::string::npos) << "晋江市's stated funds";
  const fs::path funds = test::scratch_dir() / "example-funds";
  EXPECT_EQ(run(project + " --out " + funds.string() + " --mode funds --replan -q"), 0) << "the helpers' funds cover the needs shared out of them";
  // Pairs kept: 晋江市's stated 2000 万 to 长汀县 is more than an even share (1262 万); the estimate gives 长汀县 at
  // least that and shares the rest among the others, so no county is left short of money that exists.
  const fs::path kept = test::scratch_dir() / "example-funds-kept";
  EXPECT_EQ(run(project + " --out " + kept.string() + " --mode funds -q"), 0) << "every estimated need is met";
  std::stringstream kept_page;
  kept_page << std::ifstream(kept / "pairs.html").rdbuf();
  EXPECT_NE(kept_page.str().find("另有现有结对写明的 2000 万元/年"), std::string::npos);
  EXPECT_NE(kept_page.str().find("数据来源与估算"), std::string::npos) << "the estimated needs say they are estimates";
}

TEST(PairCli, UnknownCodeIsABadInputExit) {
  REQUIRE_BINARY();
  const fs::path dir = test::scratch_dir();
  std::ofstream(dir / "units.csv") << "code,name,role,lon,lat\n1,A,helper,118.5,24.9\n2,B,helped,116.4,25.8\n";
  std::ofstream(dir / "pairs.csv") << "helper_code,helped_code\n1,3\n";
  EXPECT_EQ(run((dir / "units.csv").string() + " --out " + (dir / "out").string() + " --existing " + (dir / "pairs.csv").string() + " -q"), 2);
}

// A zh vocabulary that cannot be read is an error said once, naming the file and why (review: pair took a failed
// load for an empty vocabulary, so 年度资金（万元） went unread and the Chinese headers unmatched).
TEST(PairCli, AnUnreadableVocabularyIsAnErrorSaidOnce) {
  REQUIRE_BINARY();
  const fs::path dir = test::scratch_dir();
  fs::create_directories(dir / "data" / "vocab");
  test::write_text_file(dir / "data" / "vocab" / "zh.toml", "[vocabulary]\nid = \"zh\"\n[numbers.suffixes\n");
  test::write_text_file(dir / "pairs.csv", "帮扶方代码,受扶方代码,年度资金（万元）,帮扶方经度,帮扶方纬度,受扶方经度,受扶方纬度\n"
                                           "350582,350821,2000,118.57,24.81,116.36,25.85\n");
  const auto r = test::run_command("JIUYOU_DATA=" + test::quoted(dir / "data") + " " + test::quoted(test::jiuyou_bin()) + " pair " +
                                   test::quoted(dir / "pairs.csv") + " --out " + test::quoted(dir / "out") + " -q");
  EXPECT_NE(r.code, 0) << r.output;
  const std::string file = (dir / "data" / "vocab" / "zh.toml").string();
  const size_t at = r.output.find(file);
  EXPECT_NE(at, std::string::npos) << "the error names the vocabulary file: " << r.output;
  EXPECT_EQ(r.output.find(file, at + file.size()), std::string::npos) << "said once: " << r.output;
  EXPECT_FALSE(fs::exists(dir / "out" / "links.gpkg"));
}

}  // namespace
}  // namespace jiuyou::pair
