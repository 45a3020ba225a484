// `jiuyou view PROJECT --bench N` (what docs/viewer.md's province figures come from): it opens the
// window, draws, clicks and searches, and says that the indexed click and search answer what the
// scans before them answered. Correctness only: the times it prints are not checked.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "support/run_command.hpp"
#include "support/test_paths.hpp"

namespace jiuyou::viewer {
namespace {

TEST(ViewBench, OpensDrawsClicksAndSearchesTheDemoAndTheIndexesAgreeWithTheScans) {
  if (!std::getenv("DISPLAY") || !*std::getenv("DISPLAY"))
    GTEST_SKIP() << "no X display: run under xvfb-run -a -s \"-screen 0 1280x800x24\" (ctest -L xvfb)";
  const auto project = test::source_dir() / "data" / "demo" / "project.toml";
  const auto r = test::run_command(test::jiuyou_bin() + " view " + test::quoted(project) + " --bench 3 -q --width 900 --height 600");
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("250 villages"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("time from process start to the first frame: "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("frames while zooming in, panning and zooming out (map + panels, swapped): 3,"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("the same answer with and without the index: 20"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("searches by full name or code that listed the village: 40; the same hits as the scan: 80 of 80"),
            std::string::npos)
      << r.output;
}

TEST(ViewBench, ABadFrameCountOrAMissingFileIsRefused) {
  const auto r = test::run_command(test::jiuyou_bin() + " view " + test::quoted(test::source_dir() / "no-such-project.toml") + " --bench 3 -q");
  EXPECT_EQ(r.code, 3) << r.output;
  const auto bad = test::run_command(test::jiuyou_bin() + " view x.toml --bench many");
  EXPECT_EQ(bad.code, 2) << bad.output;
}

}  // namespace
}  // namespace jiuyou::viewer
