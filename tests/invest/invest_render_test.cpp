// `jiuyou render ... --plan DIR/invest.gpkg` draws the plan's projects by year
// over the map: the picture gains pixels of the first year's colour (the
// palette invest.html uses), and a file that is not a plan is refused with
// nothing written. Skipped where no OpenGL context can be made (exit 9).
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <gdal_priv.h>
#include <sys/wait.h>

#include "support/run_command.hpp"
#include "support/test_paths.hpp"

namespace jiuyou {
namespace {

namespace fs = std::filesystem;

using CliResult = test::CommandResult;  // exit code and stdout + stderr

CliResult run_jiuyou(const std::string& args) { return test::run_command(test::jiuyou_bin() + " " + args); }

// Pixels within a few levels of (r, g, b) in a PNG (read through GDAL).
size_t pixels_like(const fs::path& png, int r, int g, int b) {
  GDALAllRegister();
  std::unique_ptr<GDALDataset> ds(GDALDataset::Open(png.c_str(), GDAL_OF_RASTER));
  if (!ds || ds->GetRasterCount() < 3) return 0;
  const int w = ds->GetRasterXSize(), h = ds->GetRasterYSize();
  std::vector<uint8_t> px(static_cast<size_t>(w) * static_cast<size_t>(h) * 3);
  int bands[] = {1, 2, 3};
  if (ds->RasterIO(GF_Read, 0, 0, w, h, px.data(), w, h, GDT_Byte, 3, bands, 3, 3 * w, 1, nullptr) != CE_None) return 0;
  size_t n = 0;
  for (size_t i = 0; i < px.size(); i += 3) n += std::abs(px[i] - r) <= 6 && std::abs(px[i + 1] - g) <= 6 && std::abs(px[i + 2] - b) <= 6;
  return n;
}

// Builds without the renderer (no OpenGL/EGL packages) have no render command.
bool have_render() { return run_jiuyou("--help").output.find(" render ") != std::string::npos; }

TEST(InvestRender, PlanProjectsAreDrawnInTheirYearsColour) {
  if (!have_render()) GTEST_SKIP() << "this build has no render command";
  const fs::path d = test::scratch_dir();
  const std::string demo = (test::source_dir() / "data/demo/project.toml").string();
  const CliResult plan = run_jiuyou("invest " + demo + " --budget 2000万 --years 2025=800万,2026=800万,2027=400万 --out " + (d / "plan").string());
  ASSERT_EQ(plan.code, 0) << plan.output;
  const std::string common = " --size 1000x700 --no-labels -q --out ";
  const CliResult plain = run_jiuyou("render " + demo + common + (d / "plain.png").string());
  if (plain.code == 9) GTEST_SKIP() << "no OpenGL context here: " << plain.output;
  ASSERT_EQ(plain.code, 0) << plain.output;
  const CliResult with = run_jiuyou("render " + demo + " --plan " + (d / "plan" / "invest.gpkg").string() + common + (d / "plan.png").string());
  ASSERT_EQ(with.code, 0) << with.output;
  const size_t before = pixels_like(d / "plain.png", 31, 119, 180), after = pixels_like(d / "plan.png", 31, 119, 180);
  EXPECT_GT(after, before + 50) << "the 2025 projects in blue (31,119,180): " << before << " -> " << after;
}

TEST(InvestRender, AFileThatIsNotAPlanIsRefusedAndNothingIsWritten) {
  if (!have_render()) GTEST_SKIP() << "this build has no render command";
  const fs::path d = test::scratch_dir();
  const std::string demo = (test::source_dir() / "data/demo/project.toml").string();
  CliResult r = run_jiuyou("render " + demo + " --plan " + (test::source_dir() / "data/demo/county.gpkg").string() + " -q --out " + (d / "a.png").string());
  EXPECT_EQ(r.code, 4) << r.output;
  EXPECT_NE(r.output.find("no planned projects"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(d / "a.png"));
  r = run_jiuyou("render " + demo + " --plan " + (d / "missing.gpkg").string() + " -q --out " + (d / "b.png").string());
  EXPECT_EQ(r.code, 3) << r.output;
  EXPECT_FALSE(fs::exists(d / "b.png"));
}

}  // namespace
}  // namespace jiuyou
