// End-to-end runs of the jiuyou binary: exit codes, messages, outputs.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include "support/run_command.hpp"
#include "support/test_paths.hpp"

namespace fs = std::filesystem;

namespace {

using CliResult = jiuyou::test::CommandResult;  // exit code and stdout + stderr

CliResult run_jiuyou(const std::string& args) { return jiuyou::test::run_command(jiuyou::test::jiuyou_bin() + " " + args); }

void write_text(const fs::path& p, const std::string& text) { jiuyou::test::write_text_file(p, text); }

// A small synthetic county, made once for the suite.
const fs::path& county() {
  static const fs::path dir = [] {
    fs::path d = fs::path(JIUYOU_TEST_TMP) / "cli_county";
    // ctest runs each test in its own process, possibly in parallel: one makes the county, the others wait.
    fs::create_directories(JIUYOU_TEST_TMP);
    const int lock = open((fs::path(JIUYOU_TEST_TMP) / "cli_county.lock").c_str(), O_CREAT | O_RDWR, 0644);
    if (lock >= 0) flock(lock, LOCK_EX);
    if (!fs::exists(d / "project.toml")) {
      fs::remove_all(d);
      const CliResult r = run_jiuyou("synth --out " + d.string() + " --villages 40 --townships 4 --area-km2 400 --seed 11");
      EXPECT_EQ(r.code, 0) << r.output;
    }
    if (lock >= 0) close(lock);  // releases the lock
    return d;
  }();
  return dir;
}

}  // namespace

TEST(Cli, HelpListsTheCommandsAndExitCodes) {
  const CliResult r = run_jiuyou("--help");
  EXPECT_EQ(r.code, 0);
  for (const char* c : {"check", "validate", "info", "export", "synth"}) EXPECT_NE(r.output.find(c), std::string::npos) << c;
  EXPECT_NE(r.output.find("Exit codes"), std::string::npos);
}

TEST(Cli, UnknownOptionIsExitTwo) { EXPECT_EQ(run_jiuyou("validate --frobnicate").code, 2); }

TEST(Cli, MissingProjectFileIsExitThreeAndNamesIt) {
  const CliResult r = run_jiuyou("validate /nonexistent/project.toml");
  EXPECT_EQ(r.code, 3);
  EXPECT_NE(r.output.find("/nonexistent/project.toml"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("hint:"), std::string::npos);
}

TEST(Cli, MalformedProjectIsExitSixWithTheLine) {
  const fs::path dir = jiuyou::test::scratch_dir();
  write_text(dir / "p.toml", "[project]\nname = \"x\"\n[layers.villages\npath = \"v.gpkg\"\n");
  const CliResult r = run_jiuyou("validate " + (dir / "p.toml").string());
  EXPECT_EQ(r.code, 6) << r.output;
  EXPECT_NE(r.output.find("TOML syntax error at line 3"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("line 3"), std::string::npos) << r.output;
}

TEST(Cli, UnknownCrsIsExitFive) {
  const fs::path dir = jiuyou::test::scratch_dir();
  write_text(dir / "p.toml", "[layers.villages]\npath = \"" + (county() / "county.gpkg").string() + "\"\ncrs = \"EPSG:999999\"\n");
  const CliResult r = run_jiuyou("validate " + (dir / "p.toml").string());
  EXPECT_EQ(r.code, 5) << r.output;
  EXPECT_NE(r.output.find("999999"), std::string::npos);
  EXPECT_NE(r.output.find("villages"), std::string::npos);
}

TEST(Cli, ValidateSummarisesTheSyntheticCounty) {
  const CliResult r = run_jiuyou("validate " + (county() / "project.toml").string());
  EXPECT_LE(r.code, 1) << r.output;
  EXPECT_NE(r.output.find("villages"), std::string::npos);
  EXPECT_NE(r.output.find("EPSG:4546"), std::string::npos) << r.output;  // zone 37 for 110.23 E
  EXPECT_NE(r.output.find("dem"), std::string::npos);
}

// What `jiuyou relocate` warns about its [relocate] money (a price outside its plausible range, no unit slip),
// validate says too: it is where a planner checks a project first.
TEST(Cli, ValidateSaysTheRelocationPricesRelocateWouldWarnAbout) {
  std::ifstream in(county() / "project.toml");
  std::string toml((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_EQ(toml.find("[relocate]"), std::string::npos);
  const fs::path project = county() / "validate_relocate_money.toml";  // beside the layers its paths name
  write_text(project, toml + "\n[relocate]\nfixed_cost_per_site = 150000000\n");
  const CliResult r = run_jiuyou("validate " + project.string());
  EXPECT_LE(r.code, 1) << r.output;
  EXPECT_NE(r.output.find("cost_implausible"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("fixed_cost_per_site = 150000000 元"), std::string::npos) << r.output;
  fs::remove(project);
}

TEST(Cli, CheckWritesEveryOutputAndASummary) {
  const fs::path out = jiuyou::test::scratch_dir() / "out";
  const CliResult r = run_jiuyou("check " + (county() / "project.toml").string() + " --out " + out.string() + " --quiet");
  ASSERT_EQ(r.code, 0) << r.output;
  for (const char* f : {"result.gpkg", "result.xlsx", "report.html"}) EXPECT_TRUE(fs::exists(out / f)) << f;
  EXPECT_NE(r.output.find("villages 40"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("有硬化的通村公路"), std::string::npos);
  for (const auto& e : fs::directory_iterator(out)) EXPECT_EQ(e.path().filename().string().find(".tmp"), std::string::npos) << e.path();
}

TEST(Cli, BadRuleFileStopsBeforeAnyWorkAndWritesNothing) {
  const fs::path dir = jiuyou::test::scratch_dir();
  write_text(dir / "r.toml", "[rule_set]\nid = \"mine\"\n[[items]]\nid = \"road\"\nkind = \"road_access\"\n");
  const CliResult r = run_jiuyou("check " + (county() / "project.toml").string() + " --rules " + (dir / "r.toml").string() + " --out " + (dir / "out").string());
  EXPECT_EQ(r.code, 7) << r.output;
  EXPECT_NE(r.output.find("r.toml"), std::string::npos);
  EXPECT_NE(r.output.find("'road'"), std::string::npos);
  EXPECT_FALSE(fs::exists(dir / "out"));
}

TEST(Cli, RuleReadingAMissingFieldNamesItemAndField) {
  const fs::path dir = jiuyou::test::scratch_dir();
  write_text(dir / "r.toml", "[rule_set]\nid = \"mine\"\n[[items]]\nid = \"wealth\"\nkind = \"attribute\"\nexpression = \"gdp_per_capita > 1\"\n");
  const CliResult r = run_jiuyou("check " + (county() / "project.toml").string() + " --rules " + (dir / "r.toml").string() + " --out " + (dir / "out").string() + " -q");
  // A planner's own rule reading a field the villages lack: the item is unknown for
  // every village, the reason is named, and the check exits 1 (a finding).
  EXPECT_EQ(r.code, 1) << r.output;
  EXPECT_NE(r.output.find("gdp_per_capita"), std::string::npos);
  EXPECT_NE(r.output.find("wealth"), std::string::npos);
  EXPECT_NE(r.output.find("could not be judged"), std::string::npos) << r.output;
}

TEST(Cli, UnwritableOutputIsExitThreeAndLeavesTheInputAlone) {
  const auto gpkg = county() / "county.gpkg";
  const auto before = fs::last_write_time(gpkg);
  const CliResult r = run_jiuyou("check " + (county() / "project.toml").string() + " --out /proc/jiuyou-cannot-write-here -q --no-map");
  EXPECT_EQ(r.code, 3) << r.output;
  EXPECT_EQ(fs::last_write_time(gpkg), before);
}

TEST(Cli, InfoListsLayersAndFields) {
  const CliResult r = run_jiuyou("info " + (county() / "county.gpkg").string());
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("layer villages"), std::string::npos);
  EXPECT_NE(r.output.find("poor_population"), std::string::npos);
}

TEST(Cli, ExportConvertsGcj02CountiesToCgcs2000) {
  JIUYOU_REQUIRE_SHARED("data/admin_hubei_fujian_gcj02.gpkg");
  const fs::path out = jiuyou::test::scratch_dir() / "counties_cgcs2000.gpkg";
  const CliResult r = run_jiuyou("export " + (jiuyou::test::shared_dir() / "data/admin_hubei_fujian_gcj02.gpkg").string() +
                    " --layer counties --src-crs GCJ-02 --crs EPSG:4490 --to " + out.string());
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_TRUE(fs::exists(out));
  EXPECT_NE(r.output.find("wrote 188 features"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("invalid_geometry_repaired: 32"), std::string::npos) << r.output;
  const CliResult info = run_jiuyou("info " + out.string());
  EXPECT_NE(info.output.find("EPSG:4490"), std::string::npos) << info.output;
}
