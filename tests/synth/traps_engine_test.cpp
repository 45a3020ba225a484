// traps.csv against the check engine: on several seeds, the road traps' notes
// state the distances the engine (indicators::check_villages) measures, with
// connectivity as gis/indicators/README.md defines it (paved roads only).
#include <gtest/gtest.h>

#include <cmath>
#include <regex>
#include <string>

#include "gis/indicators/check.hpp"
#include "gis/io/load.hpp"
#include "gis/synth/synth_county.hpp"
#include "support/test_paths.hpp"

using namespace jiuyou;

namespace {

struct Checked {
  synth::SynthCounty county;
  Workspace ws;
  indicators::CheckResult result;
};

Checked check_seed(uint64_t seed) {
  synth::SynthParams p;
  p.seed = seed;
  p.dem_cell_m = 150;
  auto county = synth::synth_county(p);
  if (!county) throw std::runtime_error(county.error().to_string());
  const auto dir = test::scratch_dir() / ("seed" + std::to_string(seed));
  if (auto ok = synth::write_synth_county(dir.string(), *county); !ok) throw std::runtime_error(ok.error().to_string());
  auto project = io::load_project((dir / "project.toml").string());
  if (!project) throw std::runtime_error(project.error().to_string());
  auto ws = io::load_workspace(*project);
  if (!ws) throw std::runtime_error(ws.error().to_string());
  auto rules = indicators::load_rule_set(project->rules);
  if (!rules) throw std::runtime_error(rules.error().to_string());
  auto result = indicators::check_villages(*ws, *rules);
  if (!result) throw std::runtime_error(result.error().to_string());
  return {std::move(*county), std::move(*ws), std::move(*result)};
}

size_t item_index(const indicators::CheckResult& r, const std::string& id) {
  for (size_t i = 0; i < r.rules.items.size(); ++i)
    if (r.rules.items[i].id == id) return i;
  ADD_FAILURE() << "no item " << id;
  return 0;
}

// The number in "... <label> N m away" of a trap note.
double note_distance(const std::string& note, const std::string& label) {
  const std::regex re(label + " (\\d+) m away");
  std::smatch m;
  if (!std::regex_search(note, m, re)) return -1;
  return std::stod(m[1].str());
}

}  // namespace

class TrapsAgainstEngine : public ::testing::TestWithParam<uint64_t> {};

TEST_P(TrapsAgainstEngine, RoadTrapNotesStateWhatTheEngineMeasures) {
  const Checked c = check_seed(GetParam());
  const size_t road = item_index(c.result, "road");
  const FeatureTable* villages = c.ws.layer("villages");
  ASSERT_NE(villages, nullptr);
  int checked = 0;
  for (const auto& t : c.county.traps) {
    if (t.kind != "unconnected_paved" && t.kind != "gravel_only" && t.kind != "earth_only") continue;
    const auto rows = villages->find_rows("code", t.code);
    ASSERT_EQ(rows.size(), 1u) << t.code;
    const auto& cell = c.result.cell(rows[0], road);
    EXPECT_EQ(cell.outcome, indicators::Outcome::fail) << t.kind << " " << t.code << ": " << cell.note;
    if (t.kind == "unconnected_paved") {
      // The nearest road that qualifies: paved and joined to a trunk road through paved roads only.
      const double stated = note_distance(t.note, "the nearest connected paved road is");
      ASSERT_GE(stated, 0) << t.note;
      EXPECT_NEAR(stated, std::floor(cell.distance_m), 1.0) << "seed " << GetParam() << " " << t.code << ": note says " << stated << " m, the engine measures "
                                                              << cell.distance_m << " m";
      // The stretch itself is the nearest paved road, and it is not connected.
      EXPECT_NEAR(cell.unconnected_distance_m, t.distance_m, 0.02) << t.note;
    } else {
      // Gravel/earth only: the nearest paved road of any kind, connected or not.
      const double stated = note_distance(t.note, "the nearest paved road is");
      const double nearest = std::min(cell.distance_m, std::isnan(cell.unconnected_distance_m) ? cell.distance_m : cell.unconnected_distance_m);
      EXPECT_NEAR(stated, std::floor(nearest), 1.0) << t.code << " " << t.note;
      EXPECT_NEAR(t.distance_m, nearest, 0.02) << t.code;
    }
    ++checked;
  }
  EXPECT_GE(checked, 1) << "no road trap on seed " << GetParam();
}

INSTANTIATE_TEST_SUITE_P(Seeds, TrapsAgainstEngine, ::testing::Values(20171u, 3u, 8u, 42u, 2024u));
