// A merged village compared with all of its predecessors (tour 12 L10): 北林家湾村 (2 poor households' D-grade
// houses, 3.02 万元 collective income, in both years) merged into 郑家坡村 (0 houses, 5.65 万元) in 2025, the
// merged village's counts and money the sum. Nothing changed on the ground: no 返贫风险, no 改善; the items are
// 合并 with the sums said.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "gis/app/compare_job.hpp"
#include "gis/compare/compare_report.hpp"
#include "gis/compare/transitions.hpp"
#include "two_years.hpp"

namespace jiuyou::app::merges {
namespace {

namespace fs = std::filesystem;
using compare::Transition;

TEST(CompareMerge, AMergedVillageIsComparedWithAllItsPredecessors) {
  const fs::path dir = test::scratch_dir();
  const std::string y2024 = test::copy_demo(dir, "2024"), y2025 = test::copy_demo(dir, "2025");
  for (const auto& y : {y2024, y2025})
    test::edit_gpkg(test::gpkg_of(y), {"UPDATE villages SET unsafe_houses_poor = 2 WHERE code = '420323100205'"});
  test::edit_gpkg(test::gpkg_of(y2025), {"UPDATE villages SET unsafe_houses_poor = 2, collective_income = 86700 WHERE code = '420323100200'",
                                         "DELETE FROM villages WHERE code = '420323100205'"});
  const fs::path crosswalk = dir / "crosswalk.csv";
  std::ofstream(crosswalk) << "old_code,new_code,kind\n420323100205,420323100200,合并\n";
  CompareJob job;
  job.years = {y2024, y2025};
  job.out_dir = (dir / "out").string();
  job.crosswalk = crosswalk.string();
  auto run = run_compare(job);
  ASSERT_TRUE(run) << run.error().to_string();
  const auto& cmp = run->comparisons[0];
  std::map<std::string, size_t> item;
  for (size_t k = 0; k < cmp.items.size(); ++k) item[cmp.items[k].id] = k;
  ASSERT_EQ(item.count("housing") + item.count("collective_economy"), 2u);
  size_t rows = 0, stayed = 0;
  for (const auto& vt : cmp.villages) {
    const auto& m = cmp.match.pairs[vt.pair];
    if (m.b_row < 0 || compare::village_field(run->years[1], "code", m.b_row) != "420323100200") continue;
    ++rows;
    const std::string before = compare::village_field(run->years[0], "code", m.a_row);
    EXPECT_NE(vt.overall, Transition::regressed) << before;
    EXPECT_NE(vt.overall, Transition::improved) << before;
    const auto& housing = vt.items[item["housing"]];
    const auto& income = vt.items[item["collective_economy"]];
    EXPECT_NE(housing.transition, Transition::regressed) << housing.cause;
    EXPECT_NE(income.transition, Transition::improved) << income.cause;
    if (before == "420323100200") {  // 郑家坡村's own figures moved only by the merge
      EXPECT_EQ(housing.transition, Transition::by_input);
      EXPECT_NE(housing.cause.find("合并前各村合计 贫困户危房数 0 户 + 2 户 = 2 户 → 2 户"), std::string::npos) << housing.cause;
    } else {  // 北林家湾村: its income 3.02 → 8.67 万元 is the sum, not a rise
      EXPECT_EQ(income.transition, Transition::by_input);
      EXPECT_NE(income.cause.find("= 8.67 万元 → 8.67 万元"), std::string::npos) << income.cause;
      // 不可出列 before and after: its gap is not measured against the merged village's counts (h-cmp2).
      if (run->years[0].result.verdict[static_cast<size_t>(m.a_row)] == indicators::Outcome::fail &&
          run->years[1].result.verdict[static_cast<size_t>(m.b_row)] == indicators::Outcome::fail) {
        ++stayed;
        EXPECT_EQ(vt.overall, Transition::still_fail) << compare::to_string(vt.overall);
      }
      for (const auto& t : vt.items) {
        EXPECT_NE(t.transition, Transition::still_fail_better) << t.cause;
        EXPECT_NE(t.transition, Transition::still_fail_worse) << t.cause;
      }
    }
  }
  EXPECT_EQ(rows, 2u) << "both predecessors are matched to the merged village";
  // The predecessors read from the match's index of the pairs (issue #15) are those a scan of every pair finds.
  compare::Comparison scanned = cmp;
  scanned.match.indexed = 0;
  size_t merged = 0;
  for (const auto& vt : cmp.villages) {
    const auto& m = cmp.match.pairs[vt.pair];
    if (m.a_row < 0 || m.b_row < 0) continue;
    const Transition gap = compare::merged_gap(cmp, m, Transition::still_fail_better);
    EXPECT_EQ(gap, compare::merged_gap(scanned, m, Transition::still_fail_better));
    merged += gap == Transition::still_fail ? 1 : 0;
    compare::VillageTransition x = vt, y = vt;
    EXPECT_EQ(compare::judge_merge(run->years[0], run->years[1], cmp, m, x), compare::judge_merge(run->years[0], run->years[1], scanned, m, y));
    for (size_t k = 0; k < x.items.size(); ++k) {
      EXPECT_EQ(x.items[k].transition, y.items[k].transition);
      EXPECT_EQ(x.items[k].cause, y.items[k].cause);
    }
  }
  EXPECT_EQ(merged, 2u) << "the two predecessors of 郑家坡村 are found through the index";
  EXPECT_EQ(stayed, 1u) << "北林家湾村 (2 危房, 3.02 万元) cannot exit in 2024, nor can the merged village (2 危房) in 2025";
  const compare::CompareDocument doc{run->years, run->comparisons, run->notes};
  for (const auto& a : compare::collect_alerts(doc))
    EXPECT_NE(a.code, "420323100200") << "a merge alone is no 返贫风险: " << a.what << " | " << a.cause;
}

}  // namespace
}  // namespace jiuyou::app::merges
