// The installed program finds its rule sets and vocabularies beside itself
// (<prefix>/share/jiuyou) or in $JIUYOU_DATA, never in the source tree it was
// built from: `cmake --install` into a scratch prefix, then run that binary.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "support/run_command.hpp"
#include "support/test_paths.hpp"

namespace fs = std::filesystem;
using jiuyou::test::quoted;
using jiuyou::test::run_command;

namespace {

// `cmake --install` of this build into `<dir>/prefix`.
fs::path install_into(const fs::path& dir) {
  const fs::path p = dir / "prefix";
  const auto r = run_command(std::string(JIUYOU_CMAKE_COMMAND) + " --install " + quoted(JIUYOU_BUILD_DIR) + " --prefix " + quoted(p));
  EXPECT_EQ(r.code, 0) << r.output;
  return p;
}

// The installed binary run from a scratch folder (never the source tree) with
// JIUYOU_DATA as given (unset when empty).
jiuyou::test::CommandResult run_installed(const fs::path& prefix, const fs::path& cwd, const std::string& args, const fs::path& data = {}) {
  const std::string env = data.empty() ? "env -u JIUYOU_DATA -u JIUYOU_DATA_DIR" : "env -u JIUYOU_DATA_DIR JIUYOU_DATA=" + quoted(data);
  return run_command("cd " + quoted(cwd) + " && " + env + " " + quoted(prefix / "bin" / "jiuyou") + " " + args);
}

std::string check_demo(const fs::path& out, const std::string& rules) {
  return "check " + quoted(jiuyou::test::source_dir() / "data" / "demo" / "project.toml") + " --out " + quoted(out) +
         " --no-map -q --items road" + (rules.empty() ? "" : " --rules " + rules);
}

}  // namespace

TEST(InstalledTree, ChecksWithTheRulesAndVocabularyBesideTheBinary) {
  const fs::path dir = jiuyou::test::scratch_dir();
  const fs::path prefix = install_into(dir);
  EXPECT_TRUE(fs::is_regular_file(prefix / "bin" / "jiuyou"));
  for (const char* f : {"rules/hubei-2017.toml", "rules/national-2016.toml", "vocab/zh.toml"})
    EXPECT_TRUE(fs::is_regular_file(prefix / "share" / "jiuyou" / f)) << f;
  EXPECT_FALSE(fs::exists(prefix / "share" / "jiuyou" / "demo")) << "the sample county stays in the source tree";

  const auto r = run_installed(prefix, dir, check_demo(dir / "out", ""));
  EXPECT_TRUE(r.code == 0 || r.code == 1) << r.output;  // 1: villages with findings
  EXPECT_TRUE(fs::exists(dir / "out" / "result.gpkg")) << r.output;
}

TEST(InstalledTree, NeverFallsBackToTheSourceTree) {
  // A copy of the install without one rule set and without the vocabulary: the
  // source tree still has both, the installed binary must not find them there.
  const fs::path dir = jiuyou::test::scratch_dir();
  const fs::path prefix = install_into(dir);
  fs::remove(prefix / "share" / "jiuyou" / "rules" / "national-2016.toml");
  const std::string bin = quoted(prefix / "bin" / "jiuyou");
  const std::string demo = quoted(jiuyou::test::source_dir() / "data" / "demo" / "project.toml");
  auto r = run_command("cd " + quoted(dir) + " && env -u JIUYOU_DATA -u JIUYOU_DATA_DIR " + bin + " check " + demo +
                       " --out out --no-map -q --rules national-2016");
  EXPECT_EQ(r.code, 7) << r.output;
  EXPECT_NE(r.output.find("no rule set named 'national-2016'"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("hubei-2017"), std::string::npos) << "the hint lists what is shipped: " << r.output;

  fs::remove(prefix / "share" / "jiuyou" / "vocab" / "zh.toml");
  r = run_command("cd " + quoted(dir) + " && env -u JIUYOU_DATA -u JIUYOU_DATA_DIR " + bin + " check " + demo + " --out out --no-map -q");
  EXPECT_EQ(r.code, 6) << r.output;
  EXPECT_NE(r.output.find("no vocabulary named 'zh'"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(dir / "out")) << "nothing written on an error";
}

TEST(InstalledTree, NoDataFolderAtAllIsOneMessageNamingWhereItLookedAndJiuyouData) {
  // The binary copied away from its share/jiuyou (the tour's /tmp/tour/bin/jiuyou):
  // one message about the data folder, not a layer's "no vocabulary named 'zh'".
  const fs::path dir = jiuyou::test::scratch_dir();
  const fs::path prefix = install_into(dir);
  // Outside the build folder (scratch lies inside it, where the source tree's data/ is used).
  const fs::path away = fs::temp_directory_path() / ("jiuyou-no-data-" + std::to_string(::getpid()));
  fs::create_directories(away / "bin");
  fs::copy_file(prefix / "bin" / "jiuyou", away / "bin" / "jiuyou", fs::copy_options::overwrite_existing);
  const std::string bin = quoted(away / "bin" / "jiuyou");
  const std::string demo = quoted(jiuyou::test::source_dir() / "data" / "demo" / "project.toml");
  for (const std::string& cmd : {" validate " + demo, " check " + demo + " --out out --no-map -q"}) {
    auto r = run_command("cd " + quoted(dir) + " && env -u JIUYOU_DATA -u JIUYOU_DATA_DIR " + bin + cmd);
    EXPECT_EQ(r.code, 3) << r.output;
    EXPECT_NE(r.output.find("找不到九有的数据目录"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("JIUYOU_DATA"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find((away / "share" / "jiuyou").lexically_normal().string()), std::string::npos) << "names where it looked: " << r.output;
    EXPECT_EQ(r.output.find("no vocabulary named"), std::string::npos) << r.output;
    EXPECT_EQ(r.output.find("vocabulary'"), std::string::npos) << "no layer or field is blamed: " << r.output;
  }
  EXPECT_FALSE(fs::exists(dir / "out")) << "nothing written on an error";
  fs::remove_all(away);
}

TEST(InstalledTree, JiuyouDataComesFirst) {
  // $JIUYOU_DATA holds a rule set of the user's own, under a name nothing ships.
  const fs::path dir = jiuyou::test::scratch_dir();
  const fs::path prefix = install_into(dir);
  fs::create_directories(dir / "data" / "rules");
  fs::copy_file(prefix / "share" / "jiuyou" / "rules" / "hubei-2017.toml", dir / "data" / "rules" / "county-own.toml");
  auto r = run_installed(prefix, dir, check_demo(dir / "out", "county-own"), dir / "data");
  EXPECT_TRUE(r.code == 0 || r.code == 1) << r.output;
  EXPECT_TRUE(fs::exists(dir / "out" / "result.gpkg")) << r.output;

  r = run_installed(prefix, dir, check_demo(dir / "out2", "county-own"));
  EXPECT_EQ(r.code, 7) << "without JIUYOU_DATA the rule set is unknown: " << r.output;
}
