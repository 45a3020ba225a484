// A merged village on the year-on-year map (#15): compare.gpkg's
// villages_<pair> holds one row per matched pair, so a village merged from two
// is there twice (the later polygon, each earlier village's own transitions).
// The map draws and counts it once: the legend's total is the later year's
// village count (plus the villages that disappeared), the most severe row kept.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>

#include "gis/app/compare_job.hpp"
#include "gis/compare/compare_report.hpp"
#include "gis/synth/years.hpp"
#include "render/demo_workspace.hpp"
#include "src/render/compare_document.hpp"
#include "src/render/style.hpp"
#include "src/render/transition_style.hpp"
#include "support/small_county.hpp"
#include "support/test_paths.hpp"

namespace jiuyou::render {
namespace {

namespace fs = std::filesystem;

std::string cell(const FeatureTable& t, const char* col, size_t row) {
  const Column* c = t.column(col);
  return c != nullptr && row < t.size() && !c->is_null(row) ? c->as_text(row) : std::string("<none>");
}

// Five demo villages as a villages_<pair> table: rows 0 and 1 are the two
// earlier villages of one merged village (code_after the same; row 1 lost an
// item), row 2 a village kept, row 3 and row 4 villages that disappeared (no code_after).
FeatureTable merged_rows() {
  FeatureTable t = demo::demo_villages();
  const char* after[] = {"420323100201", "420323100201", "420323100202", nullptr, nullptr};
  const char* before[] = {"420323100201", "420323100209", "420323100202", "420323100203", "420323100204"};
  const char* how[] = {"code", "crosswalk", "code", "disappeared", "disappeared"};
  const char* road[] = {"still_pass", "regressed", "improved", "unknown", "unknown"};
  Column ca("code_after", FieldType::text), cb("code_before", FieldType::text), m("match_how", FieldType::text);
  Column o("overall", FieldType::text), r("road_link", FieldType::text), cause("road_link_cause", FieldType::text);
  for (size_t i = 0; i < t.size(); ++i) {
    const size_t k = i % 5;
    if (after[k] == nullptr) ca.push_null();
    else ca.push_text(after[k]);
    cb.push_text(before[k]);
    m.push_text(how[k]);
    o.push_text(k < 3 ? "still_fail" : "unknown");
    r.push_text(road[k]);
    if (k == 1) cause.push_text("与白马村合并（2026 年）：去年最近的硬化路已不存在");
    else cause.push_null();
  }
  for (Column* c : {&ca, &cb, &m, &o, &r, &cause}) t.columns.push_back(std::move(*c));
  return t;
}

TEST(CompareRows, AMergedVillageIsOneRowOnTheMapItsAlertKept) {
  const FeatureTable t = merged_rows();
  ASSERT_EQ(t.size(), 5u);
  const FeatureTable map = one_row_per_village(t);
  ASSERT_EQ(map.size(), 4u);  // the merged village once, both villages that disappeared
  EXPECT_EQ(cell(map, "code_after", 0), "420323100201");
  EXPECT_EQ(cell(map, "code_before", 0), "420323100209") << "the row with the alert wins";
  EXPECT_EQ(cell(map, "road_link", 0), "regressed");
  EXPECT_EQ(map.fid[0], t.fid[1]);
  EXPECT_EQ(cell(map, "code_after", 1), "420323100202");
  EXPECT_EQ(cell(map, "match_how", 2), "disappeared");
  EXPECT_EQ(cell(map, "match_how", 3), "disappeared");
  EXPECT_FALSE(map.geometry.is_empty(0));

  StyleOptions o;
  o.color_by = ColorBy::parse("transition");
  auto s = style_layer(map, o);
  ASSERT_TRUE(s) << s.error().to_string();
  size_t total = 0;
  for (const auto& e : s->legend.entries) total += e.count;
  EXPECT_EQ(total, 4u);
}

TEST(CompareRows, ATableWithoutRepeatsOrLaterCodesIsLeftAsItIs) {
  EXPECT_EQ(one_row_per_village(demo::demo_villages()).size(), demo::demo_villages().size()) << "no code_after: not a compare table";
  // Each later code once: nothing to fold.
  FeatureTable distinct = demo::demo_villages();
  Column ca("code_after", FieldType::text);
  for (size_t i = 0; i < distinct.size(); ++i) ca.push_text("42032310020" + std::to_string(i));
  distinct.columns.push_back(std::move(ca));
  EXPECT_EQ(one_row_per_village(distinct).size(), distinct.size());
}

// The synthetic county over three years with its merge (seed 21): on the map of
// 2025→2026 the legend counts each 2026 village once.
TEST(CompareRows, TheLegendOfAPairWithAMergeCountsTheLaterYearsVillages) {
  const fs::path dir = test::scratch_dir();
  synth::YearsParams yp;
  yp.years = 3;
  auto years = synth::synth_years(test::small_county(21), yp);
  ASSERT_TRUE(years) << years.error().to_string();
  ASSERT_TRUE(synth::write_synth_years((dir / "county").string(), *years));
  for (const bool with_crosswalk : {false, true}) {
    app::CompareJob job;
    for (int y : years->years) job.years.push_back((dir / "county" / std::to_string(y) / "project.toml").string());
    job.out_dir = (dir / (with_crosswalk ? "out_x" : "out")).string();
    if (with_crosswalk) job.crosswalk = (dir / "county" / "crosswalk_truth.csv").string();
    auto run = app::run_compare(job);
    ASSERT_TRUE(run) << run.error().to_string();
    const compare::Comparison& last = run->comparisons.back();
    const size_t later = run->years.back().villages().size();
    size_t gone = 0;
    std::map<int, int> pairs_of_later;
    for (const auto& m : last.match.pairs) {
      if (m.b_row < 0) ++gone;
      else ++pairs_of_later[m.b_row];
    }
    bool merged = false;
    for (const auto& [row, n] : pairs_of_later) merged = merged || n > 1;
    ASSERT_TRUE(merged) << "seed 21 merges two villages in the last year";
    ASSERT_GT(last.match.pairs.size(), later + gone) << "compare.gpkg has a row per pair";

    auto cd = open_compare_document((fs::path(job.out_dir) / "compare.gpkg").string(), "");
    ASSERT_TRUE(cd) << cd.error().to_string();
    const FeatureTable* v = cd->doc.ws.layer("villages");
    ASSERT_NE(v, nullptr);
    EXPECT_EQ(v->size(), later + gone);
    StyleOptions o;
    o.color_by = ColorBy::parse("transition");
    auto s = style_layer(*v, o);
    ASSERT_TRUE(s) << s.error().to_string();
    size_t total = 0;
    for (const auto& e : s->legend.entries) total += e.count;
    EXPECT_EQ(total, later + gone) << (with_crosswalk ? "with" : "without") << " the crosswalk";
  }
}

}  // namespace
}  // namespace jiuyou::render
