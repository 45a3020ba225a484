// The causes of 回头看 say what happened, in the planner's words (#15, F12,
// F13): on the synthetic county over several years (`synth --years`), every
// cause of a merged village starts with the merge; a road cut by a landslide
// leads with the new hazard area over it; a water source turned unsafe leads
// with that change, not with what stayed the same; no cause and no alert
// carries a program identifier (a field name such as village_code).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>

#include "gis/app/compare_job.hpp"
#include "gis/compare/compare_report.hpp"
#include "gis/synth/years.hpp"
#include "support/small_county.hpp"
#include "support/sanitizer.hpp"
#include "support/test_paths.hpp"

namespace jiuyou::app {
namespace {

namespace fs = std::filesystem;
using compare::Transition;

struct Case {
  uint64_t seed;
  int years, first_year;
};

using jiuyou::test::small_county;

// A run of ASCII letters or underscores of three or more, or with an
// underscore: a program identifier (units such as "m" and "km" are not).
std::string identifier_in(const std::string& text) {
  for (size_t i = 0; i < text.size();) {
    size_t j = i;
    bool underscore = false;
    while (j < text.size() && (std::isalpha(static_cast<unsigned char>(text[j])) != 0 || text[j] == '_')) underscore |= text[j++] == '_';
    if (j - i >= 3 || underscore) return text.substr(i, j - i);
    i = j == i ? i + 1 : j;
  }
  return {};
}

struct Cell {
  int year;
  std::string new_code, item;
  std::string name{};  // the later year's village name (not part of the key)
  bool operator<(const Cell& o) const { return std::tie(year, new_code, item) < std::tie(o.year, o.new_code, o.item); }
};

class CauseWords : public ::testing::TestWithParam<Case> {
 protected:
  void SetUp() override {
    dir_ = test::scratch_dir();
    synth::YearsParams yp;
    yp.years = GetParam().years;
    yp.first_year = GetParam().first_year;
    auto years = synth::synth_years(small_county(GetParam().seed), yp);
    ASSERT_TRUE(years) << years.error().to_string();
    ASSERT_TRUE(synth::write_synth_years((dir_ / "county").string(), *years));
    county_ = std::move(*years);
  }

  CompareRun compare(bool with_crosswalk) {
    CompareJob job;
    for (int y : county_.years) job.years.push_back((dir_ / "county" / std::to_string(y) / "project.toml").string());
    job.out_dir = (dir_ / (with_crosswalk ? "out_x" : "out")).string();
    if (with_crosswalk) job.crosswalk = (dir_ / "county" / "crosswalk_truth.csv").string();
    auto run = run_compare(job);
    EXPECT_TRUE(run) << run.error().to_string();
    return run ? std::move(*run) : CompareRun{};
  }

  // The cause of every regressed or improved cell, by (later year, later code, item).
  static std::map<Cell, std::string> causes(const CompareRun& run) {
    std::map<Cell, std::string> out;
    for (size_t k = 0; k < run.comparisons.size(); ++k) {
      const auto& cmp = run.comparisons[k];
      for (const auto& vt : cmp.villages) {
        const auto& m = cmp.match.pairs[vt.pair];
        for (size_t i = 0; i < cmp.items.size(); ++i)
          if (!vt.items[i].cause.empty())
            out[{std::stoi(cmp.b_label), compare::village_field(run.years[k + 1], "code", m.b_row), cmp.items[i].id,
                 compare::village_field(run.years[k + 1], "name", m.b_row)}] = vt.items[i].cause;
      }
    }
    return out;
  }

  fs::path dir_;
  synth::CountyYears county_;
};

TEST_P(CauseWords, EveryCauseOfAMergedVillageStartsWithTheMergeAndNoCauseCarriesAnIdentifier) {
  std::map<std::pair<int, std::string>, std::set<std::string>> merged;  // (year, new code) -> old names' codes
  for (const auto& e : county_.events)
    if (e.kind == "villages_merged") merged[{e.year, e.new_code}].insert(e.village_code);
  ASSERT_FALSE(merged.empty()) << "the synthetic years hold no merge to test";
  for (bool with_crosswalk : {true, false}) {
    const CompareRun run = compare(with_crosswalk);
    ASSERT_FALSE(run.comparisons.empty());
    size_t merged_causes = 0;
    for (const auto& [cell, cause] : causes(run)) {
      EXPECT_EQ(identifier_in(cause), "") << cell.new_code << " " << cell.item << ": " << cause;
      if (merged.count({cell.year, cell.new_code}) == 0) continue;
      ++merged_causes;
      // The merged village keeps the larger one's name: that one's row says 与<the smaller>合并, the smaller's row
      // 原<the smaller>并入本村, never 与<itself>合并 (tour 10 J6).
      const bool with_other = cause.rfind("与", 0) == 0 && cause.find("合并（" + std::to_string(cell.year) + " 年）：") != std::string::npos;
      const bool into_it = cause.rfind("原", 0) == 0 && cause.find("并入本村（" + std::to_string(cell.year) + " 年）：") != std::string::npos;
      EXPECT_TRUE(with_other || into_it) << "a merged village's cause starts with the merge: " << cause;
      EXPECT_EQ(cause.find("与" + cell.name + "合并"), std::string::npos) << "a village merged with itself: " << cause;
      EXPECT_EQ(cause.find("改善"), std::string::npos) << "a facility relinked by the merge is no improvement: " << cause;
    }
    EXPECT_GT(merged_causes, 0u) << "the merge changes no verdict: nothing tested";
    // The alerts of the merged villages tell the reviewer to check the merged 台账 first.
    const compare::CompareDocument doc{run.years, run.comparisons, run.notes};
    for (const auto& a : compare::collect_alerts(doc)) {
      EXPECT_EQ(identifier_in(a.what + a.cause + a.verify), "") << a.code << " " << a.what << " | " << a.cause << " | " << a.verify;
      if (merged.count({std::stoi(run.comparisons[a.comparison].b_label), a.code}) == 0) continue;
      EXPECT_TRUE(a.cause.find("合并") != std::string::npos || a.cause.find("并入本村") != std::string::npos) << a.cause;
      EXPECT_EQ(a.verify.rfind("先核对", 0), 0u) << a.verify;
      EXPECT_NE(a.verify.find("台账"), std::string::npos) << a.verify;
    }
  }
}

TEST_P(CauseWords, ARoadCutByALandslideLeadsWithTheNewHazardAndAnUnsafeSourceWithItsChange) {
  const auto all = causes(compare(true));
  size_t cuts = 0, unsafe = 0;
  const auto& events = county_.events;
  for (size_t k = 0; k < events.size(); ++k) {
    const auto& e = events[k];
    if (e.kind == "landslide_cut" && e.layer == "roads" && !e.village_code.empty() && e.changes_verdict()) {
      // the slide drawn over the cut road is the next event of the same edit
      ASSERT_LT(k + 1, events.size());
      ASSERT_EQ(events[k + 1].layer, "hazards");
      const auto it = all.find({e.year, e.village_code, "road"});
      ASSERT_NE(it, all.end()) << "missed the cut road of " << e.village_code;
      const std::string lead = "新增地质灾害隐患区（滑坡，要素 " + std::to_string(events[k + 1].feature_id) + "）压占";
      EXPECT_EQ(it->second.rfind(lead, 0), 0u) << "expected to start with " << lead << ": " << it->second;
      const size_t still = it->second.find("仍在且属性未变");
      if (still != std::string::npos) {
        EXPECT_LT(it->second.find("要素 " + std::to_string(e.feature_id)), still) << it->second;
      }
      ++cuts;
    }
    if (e.kind == "water_unsafe" && e.changes_verdict()) {
      const auto it = all.find({e.year, e.village_code, "safe_water"});
      ASSERT_NE(it, all.end()) << "missed the unsafe water of " << e.village_code;
      const size_t named = it->second.find("要素 " + std::to_string(e.feature_id));
      ASSERT_NE(named, std::string::npos) << it->second;
      EXPECT_LT(named, it->second.find("仍在且属性未变")) << "the change leads, not what stayed: " << it->second;
      EXPECT_NE(it->second.find("水质安全 是 → 否"), std::string::npos) << it->second;
      ++unsafe;
    }
  }
  EXPECT_GT(cuts + unsafe, 0u) << "the synthetic years hold no cut road and no unsafe water to test";
  // improvements elsewhere (a road paved far away) never explain a fall
  for (const auto& [cell, cause] : all)
    if (cell.item == "road" && cause.find("已不存在") != std::string::npos) {
      EXPECT_EQ(cause.find("土路 → "), std::string::npos) << cause;
    }
}

// compare.html at a glance (F14): a township renamed is said with both names; each
// year its own colour; the longest item name fits left of the bars; the short
// cells of the alert table stay on one line.
TEST_P(CauseWords, ThePageNamesTheTownshipRenameAndGivesEachYearItsColour) {
  const CompareRun run = compare(true);
  std::ifstream in(dir_ / "out_x" / "compare.html");
  const std::string page((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  size_t renames = 0;
  for (const auto& e : county_.events)
    if (e.kind == "township_renamed") {
      EXPECT_NE(page.find("乡镇更名：" + e.before + " → " + e.after + "（" + std::to_string(e.year) + " 年起"), std::string::npos) << e.before;
      ++renames;
    }
  EXPECT_GT(renames, 0u);
  std::set<std::string> colours;
  const std::string swatch = "height:12px;background:";
  for (size_t at = page.find(swatch); at != std::string::npos; at = page.find(swatch, at + 1)) colours.insert(page.substr(at + swatch.size(), 7));
  EXPECT_EQ(colours.size(), county_.years.size()) << "a year's colour repeats";
  EXPECT_NE(page.find("<td style=\"white-space:nowrap\">"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Seeds, CauseWords,
                         ::testing::ValuesIn(test::all_or_first_under_sanitizers<Case>({{21u, 3, 2024}, {7u, 4, 2019}, {3u, 3, 2024}})),
                         [](const ::testing::TestParamInfo<Case>& p) { return "seed" + std::to_string(p.param.seed); });

}  // namespace
}  // namespace jiuyou::app
