// The crosswalk as county offices give it and the compare pages' wording
// (tour 11): a workbook with a cover sheet (K17), headers and kinds as data,
// matched ignoring case; rows no pair of years can use are said with their
// likely cause (K34); one resolver for output folders; an abolished township
// by its name (K1); a township rename after its county in a project of two
// (K2); a deciding item that became 数据不全 is 中 (K31).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "gis/app/compare_job.hpp"
#include "gis/compare/compare_report.hpp"
#include "gis/compare/crosswalk_notes.hpp"
#include "gis/report/output_folder.hpp"
#include "gis/report/workbook.hpp"
#include "two_years.hpp"

namespace jiuyou::compare {
namespace {

namespace fs = std::filesystem;

void sheet_of(report::Workbook& wb, const char* name, bool crosswalk) {
  report::Sheet sh = wb.add_sheet(name);
  if (!crosswalk) {
    sh.text(0, 0, "填表说明：每行一个变更的村，旧代码为变更前的村代码");
    return;
  }
  sh.text(0, 0, "某县村级区划变更对照表");
  const char* head[] = {"旧代码", "新代码", "变更类型"};
  for (uint16_t c = 0; c < 3; ++c) sh.text(1, c, head[c]);
  const char* row[] = {"421023101002", "421088101001", "合并"};
  for (uint16_t c = 0; c < 3; ++c) sh.text(2, c, row[c]);
}

std::string workbook(const fs::path& dir, const char* file, std::initializer_list<std::pair<const char*, bool>> sheets) {
  const std::string path = (dir / file).string();
  auto wb = report::Workbook::create(path);
  EXPECT_TRUE(wb) << wb.error().to_string();
  for (const auto& [name, cw] : sheets) sheet_of(*wb, name, cw);
  EXPECT_TRUE(wb->close());
  return path;
}

TEST(CrosswalkInput, AWorkbookWithACoverSheetIsReadFromTheSheetWhoseHeaderIsACrosswalks) {
  const fs::path dir = test::scratch_dir();
  const std::string cover = workbook(dir, "cover.xlsx", {{"填表说明", false}, {"对照表", true}});
  auto cw = read_crosswalk(cover);
  ASSERT_TRUE(cw) << cw.error().to_string();
  ASSERT_EQ(cw->rows.size(), 1u);
  EXPECT_EQ(cw->rows[0].kind, CrosswalkKind::merge);
  EXPECT_EQ(cw->rows[0].line, 3);
  EXPECT_EQ(cw->file, cover);

  const std::string two = workbook(dir, "two.xlsx", {{"说明", false}, {"2023年", true}, {"2024年", true}});
  auto refused = read_crosswalk(two);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("2023年, 2024年"), std::string::npos) << refused.error().message;
  EXPECT_NE(refused.error().hint.find("--crosswalk \"" + two + ":2023年\""), std::string::npos) << refused.error().hint;
  EXPECT_EQ(refused.error().hint.find("layer ="), std::string::npos) << "no project-file key: the crosswalk has none";
  auto named = read_crosswalk(two + ":2024年");
  ASSERT_TRUE(named) << named.error().to_string();
  EXPECT_EQ(named->rows.size(), 1u);
  EXPECT_EQ(named->file, two) << "the file, for the inputs never overwritten";
  auto no_sheet = read_crosswalk(two + ":2025年");
  ASSERT_FALSE(no_sheet);
  EXPECT_NE(no_sheet.error().hint.find("2023年"), std::string::npos) << no_sheet.error().hint;
  auto cover_named = read_crosswalk(cover + ":填表说明");
  ASSERT_FALSE(cover_named);
  EXPECT_NE(cover_named.error().hint.find(cover + ":对照表"), std::string::npos) << "points to the sheet that has the header: " << cover_named.error().hint;
  auto missing = read_crosswalk((dir / "none.xlsx").string() + ":对照表");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::io);
  EXPECT_EQ(missing.error().hint.find("project file"), std::string::npos) << missing.error().hint;
}

TEST(CrosswalkInput, HeadersAndKindsAreMatchedIgnoringCase) {
  const fs::path dir = test::scratch_dir();
  std::ofstream(dir / "mixed.csv") << "Old_Code,NEW_CODE,Kind\n421023101001,421088101001,MERGE\n421023101002,421088101002,撤消\n421023101003,421088101003,Split\n";
  auto cw = read_crosswalk((dir / "mixed.csv").string());
  ASSERT_TRUE(cw) << cw.error().to_string();
  ASSERT_EQ(cw->rows.size(), 3u);
  EXPECT_EQ(cw->rows[0].kind, CrosswalkKind::merge);
  EXPECT_EQ(cw->rows[1].kind, CrosswalkKind::abolish);
  EXPECT_EQ(cw->rows[2].kind, CrosswalkKind::split);
  std::ofstream(dir / "bad.csv") << "原代码,现代码,变更方式\n421023101001,421088101001,迁移\n";
  auto bad = read_crosswalk((dir / "bad.csv").string());
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "kind");
  EXPECT_NE(bad.error().hint.find("撤销"), std::string::npos) << "the kind words of data/vocab are named: " << bad.error().hint;
}

YearData year_of(const std::string& label, std::initializer_list<std::pair<const char*, const char*>> villages) {
  YearData y;
  y.label = label;
  FeatureTable t;
  t.name = "villages";
  t.geometry.kind = GeometryKind::point;
  Column code("code", FieldType::text), name("name", FieldType::text);
  for (const auto& [c, n] : villages) {
    t.fid.push_back(static_cast<int64_t>(t.fid.size()) + 1);
    t.geometry.add_point_feature(0, 0);
    code.push_text(c);
    name.push_text(n);
  }
  t.columns = {std::move(code), std::move(name)};
  y.ws.layers.push_back(std::move(t));
  return y;
}

TEST(CrosswalkInput, RowsNoPairOfYearsCanUseAreSaidWithTheLikelyCause) {
  std::vector<YearData> years;
  years.push_back(year_of("2025", {{"420323111200", "大胡家垭村"}, {"420323111202", "甲村"}, {"420323111203", "乙村"}}));
  years.push_back(year_of("2026", {{"420323111200", "大胡家垭村"}, {"420323111224", "丙村"}, {"420323111225", "丁村"}}));
  const Crosswalk cw{"cw.csv",
                     {{"420323111224", "420323111202", CrosswalkKind::rename, 2},   // columns swapped
                      {"420323111200", "420323111224", CrosswalkKind::merge, 3},    // the old village still exists
                      {"420323111203", "420323111225", CrosswalkKind::merge, 4}}};  // used
  const auto notes = unused_crosswalk_rows(cw, years);
  ASSERT_EQ(notes.size(), 2u);
  EXPECT_NE(notes[0].find("对照表第 2 行"), std::string::npos) << notes[0];
  EXPECT_NE(notes[0].find("旧代码 420323111224 只出现在 2026 年、新代码 420323111202 只出现在 2025 年，旧/新两列是否填反？"), std::string::npos) << notes[0];
  EXPECT_NE(notes[1].find("对照表第 3 行"), std::string::npos) << notes[1];
  EXPECT_NE(notes[1].find("大胡家垭村 420323111200 在 2026 年仍是一个村"), std::string::npos) << notes[1];
  EXPECT_NE(notes[1].find("合并没有生效"), std::string::npos) << notes[1];
}

TEST(OutputFolder, AFolderStandsForTheFirstGeoPackageItHolds) {
  const fs::path dir = test::scratch_dir();
  fs::create_directories(dir / "plan");
  std::ofstream(dir / "plan" / "relocation.gpkg") << "x";
  auto any = report::gpkg_in_folder((dir / "plan").string(), report::output_gpkg_names(), "hint");
  ASSERT_TRUE(any) << any.error().to_string();
  EXPECT_EQ(*any, (dir / "plan" / "relocation.gpkg").string());
  auto check_only = report::gpkg_in_folder((dir / "plan").string(), {"result.gpkg"}, "give a check result folder");
  ASSERT_FALSE(check_only);
  EXPECT_EQ(check_only.error().code, ErrorCode::io);
  EXPECT_EQ(check_only.error().file, (dir / "plan").string());
  EXPECT_NE(check_only.error().message.find("result.gpkg"), std::string::npos);
  EXPECT_EQ(check_only.error().hint, "give a check result folder");
  const std::string toml = (dir / "project.toml").string();
  EXPECT_EQ(*report::gpkg_in_folder(toml, report::output_gpkg_names(), "hint"), toml) << "a path that is no folder is itself";
}

using test::read_text;

// Two counties (the demo's 420323105 township recoded to 420324); in 2025 城关镇 (420323100) merged
// into 龙水镇, 龙水镇 (420323101) renamed, and 420323102's collective income not given.
TEST(CompareWording, TownshipsByNameAndCountyAndAnUnverifiedDecidingItemIsMedium) {
  const fs::path dir = test::scratch_dir();
  const std::string y2024 = test::copy_demo(dir, "2024"), y2025 = test::copy_demo(dir, "2025");
  const auto gpkg_of = [](const std::string& project) { return (fs::path(project).parent_path() / "county.gpkg").string(); };
  for (const auto& y : {y2024, y2025})
    test::edit_gpkg(gpkg_of(y), {"UPDATE villages SET code = '420324' || substr(code, 7) WHERE township = '420323105'"});
  test::edit_gpkg(gpkg_of(y2025), {"UPDATE villages SET township = '420323101' WHERE township = '420323100'", "DELETE FROM townships WHERE code = '420323100'",
                                   "UPDATE townships SET name = '长丰湾乡' WHERE code = '420323101'",
                                   "UPDATE villages SET collective_income = NULL WHERE township = '420323102'"});
  app::CompareJob job;
  job.years = {y2024, y2025};
  job.out_dir = (dir / "out").string();
  auto run = app::run_compare(job);
  ASSERT_TRUE(run) << run.error().to_string();
  const CompareDocument doc{run->years, run->comparisons, run->notes};
  const auto counties = document_counties(doc);
  ASSERT_EQ(counties.size(), 2u);
  const std::string county = counties.at("420323");
  size_t renamed = 0;
  for (const auto& n : run->comparisons[0].notes) renamed += n.find("乡镇更名：" + county + "龙水镇 → 长丰湾乡") != std::string::npos ? 1 : 0;
  EXPECT_EQ(renamed, 1u) << "K2: the rename after its county";
  const std::string page = read_text(dir / "out" / "compare.html");
  EXPECT_EQ(page.find("420323100<"), std::string::npos) << "K1: the abolished township by its name, not its code";
  EXPECT_NE(page.find(county + " 城关镇<"), std::string::npos) << "K1: named as in 2024";
  size_t unverified = 0;
  for (const Alert& a : collect_alerts(doc)) {
    if (!a.unverified || a.item < 0) continue;
    const bool required = doc.comparisons[0].items[static_cast<size_t>(a.item)].required;
    EXPECT_EQ(a.severity, required ? 2 : 1) << a.village << " " << a.item_name;
    unverified += required ? 1 : 0;
  }
  EXPECT_GT(unverified, 0u) << "K31: a deciding item became 数据不全 in 420323102";
}

}  // namespace
}  // namespace jiuyou::compare
