// End-to-end runs of `jiuyou solve` (skipped when the binary is not built).
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "support/run_command.hpp"
#include "support/test_paths.hpp"

namespace jiuyou {
namespace {

struct CmdResult {
  int rc = -1;
  std::string out;
};

// stdout only: the tests read its last line.
CmdResult run(const std::string& args) {
  const auto r = test::run_command(test::jiuyou_bin() + " " + args, false);
  return {r.code, r.output};
}

std::string last_line(const std::string& s) {
  std::string t = s;
  while (!t.empty() && t.back() == '\n') t.pop_back();
  const auto pos = t.rfind('\n');
  return pos == std::string::npos ? t : t.substr(pos + 1);
}

#define REQUIRE_JIUYOU()                                                                   \
  do {                                                                                     \
    if (!std::filesystem::exists(test::jiuyou_bin()))                                      \
      GTEST_SKIP() << "needs the jiuyou binary (JIUYOU_BIN=" << test::jiuyou_bin() << ")"; \
  } while (0)

TEST(SolveCommand, PMedianPrintsObjectiveLast) {
  REQUIRE_JIUYOU();
  const auto file = test::scratch_dir() / "line.txt";
  // A path 1-2-3-4 with unit edges; p = 2: medians at 1|2 and 3|4, cost 2.
  std::ofstream(file) << "4 3 2\n1 2 1\n2 3 1\n3 4 1\n";
  const CmdResult r = run("solve pmedian -q " + file.string());
  EXPECT_EQ(r.rc, 0) << r.out;
  EXPECT_EQ(last_line(r.out), "2");
  EXPECT_NE(r.out.find("bound"), std::string::npos);
  EXPECT_NE(r.out.find("gap"), std::string::npos);
  EXPECT_NE(r.out.find("time_s"), std::string::npos);
}

TEST(SolveCommand, CflpExactOnAnOrlibFile) {
  REQUIRE_JIUYOU();
  JIUYOU_REQUIRE_SHARED("testdata/orlib-cap/cap71.txt");
  const auto file = test::shared_dir() / "testdata/orlib-cap/cap71.txt";
  const CmdResult exact = run("solve cflp -q --exact " + file.string());
  EXPECT_EQ(exact.rc, 0) << exact.out;
  EXPECT_NEAR(std::stod(last_line(exact.out)), 932615.75, 1e-3) << exact.out;
  const CmdResult heur = run("solve cflp -q " + file.string());
  EXPECT_EQ(heur.rc, 0) << heur.out;
  EXPECT_LE(std::stod(last_line(heur.out)), 932615.75 * 1.02);
}

TEST(SolveCommand, ErrorsMapToDocumentedExitCodes) {
  REQUIRE_JIUYOU();
  const auto dir = test::scratch_dir();
  EXPECT_EQ(run("solve pmedian -q " + (dir / "missing.txt").string()).rc, 3);
  std::ofstream(dir / "bad.txt") << "3 2 1\n1 2 x\n";
  EXPECT_EQ(run("solve pmedian -q " + (dir / "bad.txt").string()).rc, 4);
  std::ofstream(dir / "tight.txt") << "2 2\n5 1\n5 1\n6\n1 1\n6\n1 1\n";
  EXPECT_EQ(run("solve cflp -q " + (dir / "tight.txt").string()).rc, 8);
  EXPECT_EQ(run("solve cflp -q --max-open 9 " + (dir / "tight.txt").string()).rc, 2);
  EXPECT_EQ(run("solve cflp -q --time-limit -1 " + (dir / "tight.txt").string()).rc, 2);
  EXPECT_EQ(run("solve").rc, 2);
}

// Declared sizes that the file cannot hold, or memory cannot, are format errors (exit 4) that
// name the file, before anything is allocated (they were bad_alloc, exit 70, or gigabytes).
TEST(SolveCommand, HugeDeclaredSizesExitFourNamingTheFile) {
  REQUIRE_JIUYOU();
  const auto dir = test::scratch_dir();
  std::ofstream(dir / "lonely.txt") << "100000 0 1\n";
  std::ofstream(dir / "header.txt") << "20000 10000\n100 5\n";
  for (const char* name : {"lonely.txt", "header.txt"}) {
    const auto r = test::run_command(test::jiuyou_bin() + " solve " + (std::string(name) == "lonely.txt" ? "pmedian" : "cflp") + " -q " +
                                     (dir / name).string());
    EXPECT_EQ(r.code, 4) << r.output;
    EXPECT_NE(r.output.find(name), std::string::npos) << r.output;
  }
}

// A [relocate] number out of range stops the run at once with exit 6 naming the key, and
// writes nothing.
TEST(RelocateCommand, SampleStepOutOfRangeExitsSixNamingTheKey) {
  REQUIRE_JIUYOU();
  const auto demo = test::source_dir() / "data/demo";
  if (!std::filesystem::exists(demo / "project.toml")) GTEST_SKIP() << "no demo county";
  std::ifstream in(demo / "project.toml");
  std::stringstream text;
  text << in.rdbuf();
  std::string toml = text.str();
  for (size_t at = toml.find("path = \""); at != std::string::npos; at = toml.find("path = \"", at + 1))
    toml.insert(at + 8, demo.string() + "/");
  const auto dir = test::scratch_dir();
  std::ofstream(dir / "project.toml") << toml << "\n[relocate]\nsample_step_m = 0.01\n";
  const CmdResult r = run("relocate -q " + (dir / "project.toml").string() + " --out " + (dir / "out").string());
  EXPECT_EQ(r.rc, 6) << r.out;
  EXPECT_FALSE(std::filesystem::exists(dir / "out" / "relocation.gpkg"));
}

}  // namespace
}  // namespace jiuyou
