// The recall test of #15: on the synthetic county over three years
// (`synth --years`), every recorded event that changes a verdict is reported
// by `compare` for its village and item with its cause (the feature's id, or
// the village attribute), and no other cell of any village changes (no false
// alerts), for several seeds.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "gis/app/compare_job.hpp"
#include "gis/compare/compare_report.hpp"
#include "gis/compare/reach.hpp"
#include "gis/synth/years.hpp"
#include "support/small_county.hpp"
#include "support/sanitizer.hpp"
#include "support/test_paths.hpp"

namespace jiuyou::app {
namespace {

namespace fs = std::filesystem;
using compare::Transition;

using jiuyou::test::small_county;

// (later year, old code, new code, item) -> the events' evidence: "要素 <fid>" per feature, or the village field's label.
using Key = std::tuple<int, std::string, std::string, std::string>;

std::map<Key, std::vector<std::string>> expected_cells(const std::vector<synth::YearEvent>& events) {
  std::map<Key, std::vector<std::string>> out;
  for (const auto& e : events) {
    if (!e.changes_verdict()) continue;
    const std::string code = e.new_code.empty() ? e.village_code : e.new_code;
    for (const auto& item : e.items)
      out[{e.year, e.village_code, code, item}].push_back(e.layer == "villages" ? std::string() : "要素 " + std::to_string(e.feature_id));
  }
  return out;
}

// Every change a cause offers ("距本村 1.2 km 的道路要素 …") lies within the
// item's reach: its distance at most the rule's distance, unless it is on the
// village's own piece of network ("与本村所在路网相连").
void expect_causes_within_reach(const std::string& cause, const indicators::Item& item) {
  const compare::ItemReach reach = compare::reach_of(item);
  const std::string lead = "距本村 ";
  for (size_t at = cause.find(lead); at != std::string::npos; at = cause.find(lead, at + 1)) {
    const size_t end = cause.find("；", at);
    const std::string entry = cause.substr(at, end == std::string::npos ? std::string::npos : end - at);
    std::istringstream in(entry.substr(lead.size()));
    double value = 0;
    std::string unit, tail;
    in >> value >> unit >> tail;
    if (tail.rfind("的", 0) != 0) continue;  // "去年最近的…，距本村 300 m）": the item's own measure
    if (entry.find("与本村所在路网相连") != std::string::npos) continue;
    ASSERT_GE(reach.radius_m, 0) << item.id << " has no distance: only the village's own features: " << cause;
    const double metres = unit == "km" ? value * 1000 : value;
    EXPECT_LE(metres, std::max(reach.radius_m, item.tower_radius_m) + 50) << item.id << " offers a change beyond its reach: " << entry;
  }
}

void expect_recall_and_no_false_alert(const CompareRun& run, const std::vector<synth::YearEvent>& events) {
  const auto expected = expected_cells(events);
  std::set<Key> seen;
  for (size_t k = 0; k < run.comparisons.size(); ++k) {
    const auto& cmp = run.comparisons[k];
    const int year = std::stoi(cmp.b_label);
    for (const auto& vt : cmp.villages) {
      const auto& m = cmp.match.pairs[vt.pair];
      const std::string old_code = compare::village_field(run.years[k], "code", m.a_row);
      const std::string new_code = compare::village_field(run.years[k + 1], "code", m.b_row);
      for (size_t i = 0; i < cmp.items.size(); ++i) {
        const auto& t = vt.items[i];
        const Key key{year, old_code, new_code, cmp.items[i].id};
        if (t.transition == Transition::by_input) {
          // A merge that moved the village's measuring point: synth records the distance it moves as an event
          // (tour 9 H18); compare reports the cell as a change of where it measures from, never as a false alert.
          // A merged village compared with all its predecessors says the merge (their worst outcome or sum: tour 12 L10).
          const bool moved_point = t.cause.find("距离变化来自合并或范围调整") != std::string::npos;
          const bool merged = t.cause.find("合并前") != std::string::npos && t.cause.find("不是实地变化") != std::string::npos;
          EXPECT_TRUE(moved_point || merged) << old_code << "→" << new_code << " " << cmp.items[i].id << ": " << t.cause;
          if (expected.count(key) > 0) seen.insert(key);
          continue;
        }
        if (t.transition != Transition::regressed && t.transition != Transition::improved) continue;
        auto it = expected.find(key);
        if (it == expected.end()) {
          ADD_FAILURE() << "false alert " << year << " " << old_code << "→" << new_code << " " << cmp.items[i].id << ": " << t.cause;
          continue;
        }
        seen.insert(key);
        const indicators::Item* rule = run.years[k + 1].result.rules.item(cmp.items[i].id);
        if (rule != nullptr) expect_causes_within_reach(t.cause, *rule);
        bool named = false;
        for (const auto& evidence : it->second) named = named || evidence.empty() || t.cause.find(evidence) != std::string::npos;
        EXPECT_TRUE(named) << "wrong cause for " << old_code << " " << cmp.items[i].id << ": " << t.cause;
        EXPECT_FALSE(t.cause.empty()) << old_code << " " << cmp.items[i].id;
      }
    }
  }
  for (const auto& [key, evidence] : expected)
    EXPECT_TRUE(seen.count(key)) << "missed: " << std::get<0>(key) << " " << std::get<1>(key) << "→" << std::get<2>(key) << " " << std::get<3>(key);
}

class CompareRecall : public ::testing::TestWithParam<uint64_t> {};

TEST_P(CompareRecall, EveryVerdictChangingEventReportedWithItsCauseAndNoFalseAlert) {
  const fs::path dir = test::scratch_dir();
  auto years = synth::synth_years(small_county(GetParam()), {});
  ASSERT_TRUE(years) << years.error().to_string();
  ASSERT_TRUE(synth::write_synth_years((dir / "county").string(), *years));
  size_t changing = 0;
  for (const auto& e : years->events) changing += e.changes_verdict() ? 1 : 0;
  ASSERT_GT(changing, 3u) << "the synthetic years hold too few events to test";
  CompareJob job;
  for (int y : years->years) job.years.push_back((dir / "county" / std::to_string(y) / "project.toml").string());
  job.out_dir = (dir / "out").string();
  // With the recorded crosswalk, and without it (merged villages then matched by position).
  for (bool with_crosswalk : {true, false}) {
    job.crosswalk = with_crosswalk ? (dir / "county" / "crosswalk_truth.csv").string() : std::string();
    auto run = run_compare(job);
    ASSERT_TRUE(run) << run.error().to_string();
    ASSERT_EQ(run->comparisons.size(), years->years.size() - 1);
    size_t by_crosswalk = 0, by_geometry = 0, dropped = 0;
    for (const auto& c : run->comparisons) {
      by_crosswalk += c.match.by_crosswalk;
      by_geometry += c.match.by_geometry;
      dropped += c.match.disappeared + c.match.appeared;
    }
    EXPECT_EQ(by_crosswalk, with_crosswalk ? years->crosswalk.size() : 0u);
    EXPECT_EQ(dropped, 0u) << "merged villages are matched to the merged one, not listed as gone";
    if (!with_crosswalk) {
      EXPECT_EQ(by_geometry, years->crosswalk.size());
    }
    expect_recall_and_no_false_alert(*run, years->events);
  }
}

// Under the sanitizers one seed: the others run the same code on other random counties (docs/ci.md).
INSTANTIATE_TEST_SUITE_P(Seeds, CompareRecall, ::testing::ValuesIn(test::all_or_first_under_sanitizers<uint64_t>({3u, 11u, 29u})));

}  // namespace
}  // namespace jiuyou::app
