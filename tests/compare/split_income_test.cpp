// tour 13 M10: a village split in two whose collective income is divided between the parts (92200 元 → 46100 元
// each) moved with the split — the parts together still have the old village's income: 因数据口径变化 with the
// split named (拆分后各村合计 …), never a 返贫风险 "slipped back" with merge wording.
#include <gtest/gtest.h>

#include <filesystem>

#include "gis/app/compare_job.hpp"
#include "gis/compare/compare_report.hpp"
#include "two_years.hpp"

namespace jiuyou::app::split_income_tests {
namespace {

namespace fs = std::filesystem;
using compare::Transition;

constexpr const char* k_old = "420323111200";  // 前张家岗村, 9.22 万元

// The later year with 前张家岗村 split into 420323111230 / 420323111231 (same polygon and point), its income halved
// (`part_income` each).
void split_village(const std::string& project, double part_income) {
  const std::string cols = "geom, name, township, population, households, poor_population, poor_households, collective_income, income_per_capita, "
                           "income_growth, has_leading_industry, township_industry_scale, poor_households_with_project, cooperatives, "
                           "poor_insured_share, unsafe_houses_poor, relocate_households, elevation_m";
  const std::string income = std::to_string(part_income);
  test::edit_gpkg(test::gpkg_of(project),
                  {"INSERT INTO villages (code, " + cols + ") SELECT '420323111231', " + cols + " FROM villages WHERE code = '" + k_old + "'",
                   "UPDATE villages SET name = '前张家岗东村', collective_income = " + income + " WHERE code = '420323111231'",
                   "UPDATE villages SET code = '420323111230', name = '前张家岗西村', collective_income = " + income + " WHERE code = '" + k_old + "'",
                   "INSERT INTO village_points (code, geom, name, township) SELECT '420323111231', geom, '前张家岗东村', township FROM village_points WHERE code = '" +
                       std::string(k_old) + "'",
                   "UPDATE village_points SET code = '420323111230', name = '前张家岗西村' WHERE code = '" + std::string(k_old) + "'"});
}

Result<CompareRun> run_split(const fs::path& dir, double part_income) {
  const std::string y2024 = test::copy_demo(dir, "2024"), y2025 = test::copy_demo(dir, "2025");
  split_village(y2025, part_income);
  test::write_text(dir / "cw.csv", std::string("old_code,new_code,kind\n") + k_old + ",420323111230,split\n" + k_old + ",420323111231,split\n");
  CompareJob job;
  job.years = {y2024, y2025};
  job.crosswalk = (dir / "cw.csv").string();
  job.out_dir = (dir / "out").string();
  return run_compare(job);
}

// The transitions of the income item for the two parts, and their overall ones.
std::vector<const compare::VillageTransition*> parts(const CompareRun& run, size_t& income_item) {
  const auto& cmp = run.comparisons[0];
  const auto& b = run.years[1];
  income_item = cmp.items.size();
  for (size_t i = 0; i < cmp.items.size(); ++i)
    if (b.result.rules.items[cmp.items[i].b_index].expression.find("collective_income") != std::string::npos) income_item = i;
  std::vector<const compare::VillageTransition*> out;
  for (const auto& vt : cmp.villages) {
    const auto& m = cmp.match.pairs[vt.pair];
    if (m.a_row >= 0 && m.b_row >= 0 && compare::village_field(run.years[0], "code", m.a_row) == k_old) out.push_back(&vt);
  }
  return out;
}

TEST(CompareSplitIncome, IncomeDividedBetweenThePartsMovedWithTheSplitNotOnTheGround) {
  const fs::path dir = test::scratch_dir();
  auto run = run_split(dir, 46100);
  ASSERT_TRUE(run) << run.error().to_string();
  size_t income = 0;
  const auto split = parts(*run, income);
  ASSERT_EQ(split.size(), 2u);
  ASSERT_LT(income, run->comparisons[0].items.size());
  for (const auto* vt : split) {
    EXPECT_NE(vt->overall, Transition::regressed);
    EXPECT_EQ(vt->items[income].transition, Transition::by_input);
    EXPECT_NE(vt->items[income].cause.find("由前张家岗村拆分（2025 年）：拆分后各村合计 村集体经济收入 "), std::string::npos) << vt->items[income].cause;
    EXPECT_NE(vt->items[income].cause.find("（拆分前 9.22 万元），按原村范围仍达标"), std::string::npos) << vt->items[income].cause;
    EXPECT_NE(vt->items[income].cause.find("行政区划调整"), std::string::npos) << vt->items[income].cause;
  }
  const compare::CompareDocument doc{run->years, run->comparisons, run->notes};
  const std::string income_name = run->years[1].result.rules.items[run->comparisons[0].items[income].b_index].name_zh;
  for (const auto& a : compare::collect_alerts(doc)) {
    if (a.code.rfind("42032311123", 0) != 0) continue;
    EXPECT_NE(a.item_name, income_name) << a.what << " " << a.cause;
    EXPECT_FALSE(a.item == -1 && a.severity == 3) << a.what << " " << a.cause;  // no 去年可出列、今年不可出列 from the split
    EXPECT_EQ(a.verify.find("合并"), std::string::npos) << a.verify;
  }
}

// The parts together below the old figure (2 × 2 万元 < 9.22 万元): a fall on the ground, still a 返贫风险.
TEST(CompareSplitIncome, PartsThatTogetherFellAreStillARegression) {
  const fs::path dir = test::scratch_dir();
  auto run = run_split(dir, 20000);
  ASSERT_TRUE(run) << run.error().to_string();
  size_t income = 0;
  const auto split = parts(*run, income);
  ASSERT_EQ(split.size(), 2u);
  for (const auto* vt : split) EXPECT_EQ(vt->items[income].transition, Transition::regressed);
}

}  // namespace
}  // namespace jiuyou::app::split_income_tests
