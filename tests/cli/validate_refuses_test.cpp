// G1b: validate refuses what the commands refuse — a misspelt rule set, a misspelt
// [relocate] or [pair] key — with the name that was meant, and the same exit code.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <utility>

#include "support/run_command.hpp"
#include "support/test_paths.hpp"

namespace fs = std::filesystem;

namespace {

// A one-village project with `extra` TOML appended; validate's exit code and output.
jiuyou::test::CommandResult validate_with(const std::string& extra) {
  const fs::path dir = jiuyou::test::scratch_dir();
  jiuyou::test::write_text_file(dir / "v.csv", "code,name,x,y\n420323100201,柳林村,110.21,32.2\n");
  jiuyou::test::write_text_file(dir / "p.toml", extra + "\n[layers.villages]\npath = \"v.csv\"\nx = \"x\"\ny = \"y\"\ncrs = \"EPSG:4490\"\n");
  return jiuyou::test::run_command(jiuyou::test::jiuyou_bin() + " validate --quiet " + (dir / "p.toml").string());
}

}  // namespace

TEST(ValidateRefuses, AMisspeltRuleSetWithTheNameMeant) {
  const auto r = validate_with("[project]\nrules = \"hubei2017\"");
  EXPECT_EQ(r.code, 7) << r.output;
  EXPECT_NE(r.output.find("hubei2017"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("did you mean 'hubei-2017'"), std::string::npos) << r.output;
}

TEST(ValidateRefuses, AMisspeltRelocateKeyWithTheKeyMeant) {
  const auto r = validate_with("[relocate]\nmax_slope = 25");
  EXPECT_EQ(r.code, 6) << r.output;
  EXPECT_NE(r.output.find("max_slope"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("did you mean 'max_slope_deg'"), std::string::npos) << r.output;
}

TEST(ValidateRefuses, AMisspeltPairKey) {
  const auto r = validate_with("[pair]\nmod = \"funds\"");
  EXPECT_EQ(r.code, 6) << r.output;
  EXPECT_NE(r.output.find("mod"), std::string::npos) << r.output;
}

TEST(ValidateRefuses, TheRightNamesPass) {
  const auto r = validate_with("[project]\nrules = \"hubei-2017\"\n[relocate]\nmax_slope_deg = 25");
  EXPECT_LE(r.code, 1) << r.output;
  EXPECT_NE(r.output.find("villages"), std::string::npos) << r.output;
}

// A misspelt table is refused, never skipped for the defaults (tour 11 K8):
// [pairs], [Pair], [relocation] each with the table meant and the known ones.
TEST(ValidateRefuses, AMisspeltTableWithTheTableMeant) {
  for (const auto& [table, meant] : {std::pair<std::string, std::string>{"pairs", "pair"}, {"Pair", "pair"}, {"relocation", "relocate"}}) {
    const auto r = validate_with("[" + table + "]\nmode = \"funds\"");
    EXPECT_EQ(r.code, 6) << table << ": " << r.output;
    EXPECT_NE(r.output.find("unknown table [" + table + "]"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("did you mean '" + meant + "'"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("project, layers, basemap, pair, relocate"), std::string::npos) << r.output;
  }
}

// Every command that reads a project refuses it the same way, before any work.
TEST(ValidateRefuses, EveryCommandRefusesAMisspeltTable) {
  const fs::path dir = jiuyou::test::scratch_dir();
  jiuyou::test::write_text_file(dir / "v.csv", "code,name,x,y\n420323100201,柳林村,110.21,32.2\n");
  const std::string p = (dir / "p.toml").string(), q = (dir / "q.toml").string();
  for (const auto& f : {p, q})
    jiuyou::test::write_text_file(f, "[relocation]\nmax_sites = 2\n[layers.villages]\npath = \"v.csv\"\nx = \"x\"\ny = \"y\"\ncrs = \"EPSG:4490\"\n");
  const std::string out = " --quiet --out " + (dir / "out").string();
  for (const std::string& cmd : {"check " + p + out, "relocate " + p + out, "pair " + p + out, "invest " + p + " --budget 100万" + out,
                                 "compare " + p + " " + q + out}) {
    const auto r = jiuyou::test::run_command(jiuyou::test::jiuyou_bin() + " " + cmd);
    EXPECT_EQ(r.code, 6) << cmd << ": " << r.output;
    EXPECT_NE(r.output.find("did you mean 'relocate'"), std::string::npos) << cmd << ": " << r.output;
    EXPECT_FALSE(fs::exists(dir / "out")) << cmd << " wrote output";
  }
}
