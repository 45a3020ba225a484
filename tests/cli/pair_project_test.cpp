// `jiuyou pair PROJECT --key-townships N` reads the project's villages as check does: the county office's
// project keeps poor_population in its 村级统计 table joined onto the villages (data/demo-raw), and the
// command refused it with "layer 'villages' has no field 'poor_population'" (tour 15 P5).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "support/run_command.hpp"
#include "support/test_paths.hpp"

namespace fs = std::filesystem;

TEST(PairProject, KeyTownshipsReadTheJoinedStatisticsOfAnOfficesProject) {
  const fs::path project = jiuyou::test::source_dir() / "data" / "demo-raw" / "project.toml";
  const fs::path out = jiuyou::test::scratch_dir() / "pair-raw";
  const auto r = jiuyou::test::run_command(jiuyou::test::jiuyou_bin() + " pair " + project.string() + " --key-townships 5 --helpers 5 -q --out " +
                                           out.string());
  ASSERT_LE(r.code, 1) << r.output;
  EXPECT_EQ(r.output.find("has no field"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("5 helped units"), std::string::npos) << r.output;
  EXPECT_TRUE(fs::exists(out / "links.gpkg"));
  EXPECT_TRUE(fs::exists(out / "pairs.html"));
}
