// A layer (main or companion) one year lacks or delivers with no feature while the other year has features in it
// (tour 13 M8, M24, M29): the items reading it are 待核实 / 无法比较 for every village with ONE note naming the
// layer, the year and the file — never 返贫风险, never a feature "已不存在". A layer that lost most features but not
// all is a real change.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "gis/app/compare_job.hpp"
#include "gis/compare/compare_report.hpp"
#include "two_years.hpp"

namespace jiuyou::app::layer_gap_tests {
namespace {

namespace fs = std::filesystem;
using compare::Transition;

Result<CompareRun> run_years(const fs::path& dir, const std::vector<std::string>& years) {
  CompareJob job;
  job.years = years;
  job.out_dir = (dir / "out").string();
  return run_compare(job);
}

void drop_layer(const std::string& project, const std::string& layer) {
  std::string text = test::read_text(project);
  const size_t at = text.find("[layers." + layer + "]");
  ASSERT_NE(at, std::string::npos) << layer;
  text.erase(at, text.find("[layers.", at + 1) - at);
  test::write_text(project, text);
}

// Items of comparison `k` reading `layer` (its companions included): none regressed or improved, and no village
// lost or gained its exit by them.
void expect_no_change_from(const CompareRun& run, size_t k, const std::string& layer) {
  const auto& cmp = run.comparisons[k];
  const auto& b = run.years[k + 1];
  for (const auto& vt : cmp.villages) {
    EXPECT_NE(vt.overall, Transition::regressed) << k;
    EXPECT_NE(vt.overall, Transition::improved) << k;
    for (size_t i = 0; i < cmp.items.size(); ++i) {
      const auto& item = b.result.rules.items[cmp.items[i].b_index];
      if (item.layer != layer) continue;
      EXPECT_NE(vt.items[i].transition, Transition::regressed) << item.id;
      EXPECT_NE(vt.items[i].transition, Transition::improved) << item.id;
    }
  }
}

std::vector<compare::MissingField> gaps_of(const CompareRun& run) {
  const compare::CompareDocument doc{run.years, run.comparisons, run.notes};
  std::vector<compare::MissingField> out;
  for (auto& m : compare::missing_fields(doc))
    if (m.field.empty()) out.push_back(m);
  return out;
}

TEST(CompareLayerGap, AnEmptyLayerIsOneNoteAndItsItemsAreUnverifiedNeverRegressed) {
  const fs::path dir = test::scratch_dir();
  const std::string y2024 = test::copy_demo(dir, "2024"), y2025 = test::copy_demo(dir, "2025");
  test::edit_gpkg(test::gpkg_of(y2025), {"DELETE FROM facilities"});
  auto run = run_years(dir, {y2024, y2025});
  ASSERT_TRUE(run) << run.error().to_string();
  expect_no_change_from(*run, 0, "facilities");
  const auto gaps = gaps_of(*run);
  ASSERT_EQ(gaps.size(), 1u);
  EXPECT_TRUE(gaps[0].empty);
  EXPECT_EQ(gaps[0].layer, "facilities");
  EXPECT_GT(gaps[0].villages, 0u);
  EXPECT_NE(gaps[0].text().find("2025 年公共服务设施图层没有任何要素（前一年有 "), std::string::npos) << gaps[0].text();
  EXPECT_NE(gaps[0].text().find("county.gpkg"), std::string::npos) << gaps[0].text();
  EXPECT_NE(gaps[0].text().find("不作返贫风险"), std::string::npos) << gaps[0].text();
  for (const auto& l : run->comparisons[0].layers) EXPECT_NE(l.layer, "facilities");  // no feature listed 消失
  const compare::CompareDocument doc{run->years, run->comparisons, run->notes};
  size_t unverified = 0;
  for (const auto& a : compare::collect_alerts(doc)) {
    EXPECT_TRUE(a.unverified) << a.what << " " << a.cause;
    EXPECT_EQ(a.cause.find("已不存在"), std::string::npos) << a.cause;
    unverified += a.cause.find("公共服务设施图层没有任何要素") != std::string::npos ? 1 : 0;
  }
  EXPECT_GT(unverified, 0u);
}

TEST(CompareLayerGap, ADroppedCompanionLayerIsSaidOnceAndMovesNoVerdict) {
  for (const std::string layer : {"water_areas", "broadband_towers"}) {
    const fs::path dir = test::scratch_dir();
    const std::string y2024 = test::copy_demo(dir, "2024"), y2025 = test::copy_demo(dir, "2025");
    drop_layer(y2025, layer);
    auto run = run_years(dir, {y2024, y2025});
    ASSERT_TRUE(run) << run.error().to_string();
    const std::string main = layer.substr(0, layer.find('_'));
    expect_no_change_from(*run, 0, main);
    const auto gaps = gaps_of(*run);
    ASSERT_EQ(gaps.size(), 1u) << layer;
    EXPECT_EQ(gaps[0].layer, layer);
    EXPECT_FALSE(gaps[0].empty);
    EXPECT_NE(gaps[0].text().find("2025 年项目中没有"), std::string::npos) << gaps[0].text();
    EXPECT_NE(gaps[0].text().find("[layers." + layer + "]"), std::string::npos) << gaps[0].text();
    EXPECT_NE(gaps[0].text().find("project.toml"), std::string::npos) << gaps[0].text();
  }
}

// 2024 and 2026 have facilities; 2025 drops the layer (first run) or delivers it empty (second): the middle year's
// gap is said for both comparisons, the first 待核实, the second 无法比较 (no false 改善 when the layer comes back).
TEST(CompareLayerGap, AGapInTheMiddleOfThreeYearsIsSaidForBothComparisons) {
  for (const bool empty : {false, true}) {
    const fs::path dir = test::scratch_dir();
    const std::string y2024 = test::copy_demo(dir, "2024"), y2025 = test::copy_demo(dir, "2025"), y2026 = test::copy_demo(dir, "2026");
    if (empty)
      test::edit_gpkg(test::gpkg_of(y2025), {"DELETE FROM facilities"});
    else
      drop_layer(y2025, "facilities");
    auto run = run_years(dir, {y2024, y2025, y2026});
    ASSERT_TRUE(run) << run.error().to_string();
    expect_no_change_from(*run, 0, "facilities");
    expect_no_change_from(*run, 1, "facilities");
    const auto gaps = gaps_of(*run);
    ASSERT_EQ(gaps.size(), 2u) << empty;
    EXPECT_EQ(gaps[0].comparison, 0u);
    EXPECT_FALSE(gaps[0].earlier);
    EXPECT_EQ(gaps[1].comparison, 1u);
    EXPECT_TRUE(gaps[1].earlier);
    EXPECT_EQ(gaps[1].year, "2025");
    EXPECT_NE(gaps[1].text().find("（后一年有"), std::string::npos) << gaps[1].text();
    EXPECT_NE(gaps[1].text().find("两年无法比较"), std::string::npos) << gaps[1].text();
    size_t unknown = 0;
    for (const auto& vt : run->comparisons[1].villages)
      for (const auto& t : vt.items) unknown += t.transition == Transition::unknown ? 1 : 0;
    EXPECT_GT(unknown, 0u);
  }
}

// All facilities but one gone: the layer still delivers, and what it lost is a change on the ground.
TEST(CompareLayerGap, ALayerThatLostMostButNotAllFeaturesIsARealChange) {
  const fs::path dir = test::scratch_dir();
  const std::string y2024 = test::copy_demo(dir, "2024"), y2025 = test::copy_demo(dir, "2025");
  test::edit_gpkg(test::gpkg_of(y2025), {"DELETE FROM facilities WHERE fid <> (SELECT MIN(fid) FROM facilities)"});
  auto run = run_years(dir, {y2024, y2025});
  ASSERT_TRUE(run) << run.error().to_string();
  EXPECT_TRUE(gaps_of(*run).empty());
  size_t regressed = 0;
  for (const auto& vt : run->comparisons[0].villages)
    for (const auto& t : vt.items) regressed += t.transition == Transition::regressed ? 1 : 0;
  EXPECT_GT(regressed, 0u);
}

}  // namespace
}  // namespace jiuyou::app::layer_gap_tests
