// tour 11 K21/K23: check prints the load's unit slips (not only "input data: N issue(s)") and
// puts them on report.html's 请先看 banner: one township's 收入增长率 in percent is converted and named.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include "support/run_command.hpp"
#include "support/test_paths.hpp"

namespace fs = std::filesystem;

namespace {

std::string read_file(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The township (9-digit code) of the first village, whose income_growth is then multiplied by 100.
std::string township_in_percent(const fs::path& gpkg) {
  GDALAllRegister();
  GDALDataset* ds = static_cast<GDALDataset*>(GDALOpenEx(gpkg.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, nullptr, nullptr, nullptr));
  if (ds == nullptr) return {};
  std::string town;
  if (OGRLayer* first = ds->ExecuteSQL("SELECT substr(code, 1, 9) AS t FROM villages ORDER BY code LIMIT 1", nullptr, nullptr)) {
    if (OGRFeature* f = first->GetNextFeature()) {
      town = f->GetFieldAsString(0);
      OGRFeature::DestroyFeature(f);
    }
    ds->ReleaseResultSet(first);
  }
  const std::string update = "UPDATE villages SET income_growth = income_growth * 100 WHERE substr(code, 1, 9) = '" + town + "'";
  if (OGRLayer* done = ds->ExecuteSQL(update.c_str(), nullptr, nullptr)) ds->ReleaseResultSet(done);
  GDALClose(ds);
  return town;
}

}  // namespace

TEST(CheckUnits, ATownshipInPercentIsPrintedAndOpensThePage) {
  const fs::path dir = jiuyou::test::scratch_dir();
  const auto synth = jiuyou::test::run_command(jiuyou::test::jiuyou_bin() + " synth --out " + (dir / "c").string() +
                                               " --villages 40 --townships 4 --area-km2 400 --seed 11");
  ASSERT_EQ(synth.code, 0) << synth.output;
  const std::string town = township_in_percent(dir / "c" / "county.gpkg");
  ASSERT_EQ(town.size(), 9u);
  const auto r = jiuyou::test::run_command(jiuyou::test::jiuyou_bin() + " check " + (dir / "c" / "project.toml").string() + " --out " +
                                           (dir / "out").string() + " --quiet --no-map");
  ASSERT_LE(r.code, 1) << r.output;
  const size_t line = r.output.find("input data: warning percent_by_township");
  ASSERT_NE(line, std::string::npos) << "the slip by its text, on the console: " << r.output;
  EXPECT_NE(r.output.find("乡镇 " + town, line), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("已换算", line), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("issue(s); see"), std::string::npos) << "no bare count: " << r.output;
  const std::string page = read_file(dir / "out" / "report.html");
  const size_t banner = page.find("请先看：以下数据问题会改变本页的结论");
  ASSERT_NE(banner, std::string::npos);
  EXPECT_NE(page.find("按百分数填报，已换算为小数", banner), std::string::npos);
  EXPECT_LT(banner, page.find("<div class=kpi>"));
}

// tour 18 S21: two villages typed with one code are an input error; check writes its outputs but exits 1
// (as validate does), so a script that trusts the exit code does not publish the list unread.
TEST(CheckUnits, InputErrorsMakeTheExitCodeAFinding) {
  const fs::path dir = jiuyou::test::scratch_dir();
  const auto synth = jiuyou::test::run_command(jiuyou::test::jiuyou_bin() + " synth --out " + (dir / "c").string() +
                                               " --villages 40 --townships 4 --area-km2 400 --seed 11");
  ASSERT_EQ(synth.code, 0) << synth.output;
  const std::string check = jiuyou::test::jiuyou_bin() + " check " + (dir / "c" / "project.toml").string() + " --quiet --no-map --out ";
  const auto clean = jiuyou::test::run_command(check + (dir / "clean").string());
  EXPECT_EQ(clean.code, 0) << clean.output;
  GDALAllRegister();
  GDALDataset* ds = static_cast<GDALDataset*>(
      GDALOpenEx((dir / "c" / "county.gpkg").c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, nullptr, nullptr, nullptr));
  ASSERT_NE(ds, nullptr);
  const char* same = "UPDATE villages SET code = (SELECT code FROM villages ORDER BY fid LIMIT 1) WHERE fid = (SELECT max(fid) FROM villages)";
  if (OGRLayer* done = ds->ExecuteSQL(same, nullptr, nullptr)) ds->ReleaseResultSet(done);
  GDALClose(ds);
  const auto r = jiuyou::test::run_command(check + (dir / "out").string());
  EXPECT_EQ(r.code, 1) << r.output;
  EXPECT_NE(r.output.find("input data: error duplicate_code"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("the outputs are written"), std::string::npos) << r.output;
  EXPECT_TRUE(fs::exists(dir / "out" / "result.gpkg"));
  EXPECT_TRUE(fs::exists(dir / "out" / "report.html"));
}
