// Two years' standards compared by what they say, not by their ids (tour 12): a copy of hubei-2017 that keeps
// its id but makes a deciding item 参考, drops an item or lowers a threshold is another standard — the note says
// what differs, a verdict moved only by it is 因标准变化 (L32, L11); a village whose verdict did not move stays
// 仍不达标 (L15).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>

#include "gis/app/compare_job.hpp"
#include "gis/compare/compare_report.hpp"
#include "gis/compare/year_differences.hpp"
#include "compare_runs.hpp"
#include "two_years.hpp"

namespace jiuyou::app::rule_content {
namespace {

namespace fs = std::filesystem;
using compare::Transition;
using indicators::Outcome;

// hubei-2017 copied to dir/name.toml with `edit` applied (its id kept), and the project set to it.
void copied_rules(const fs::path& dir, const std::string& project, const std::string& name, const std::function<void(std::string&)>& edit) {
  std::string rules = test::read_text(test::source_dir() / "data/rules/hubei-2017.toml");
  edit(rules);
  ASSERT_NE(rules.find("id = \"hubei-2017\""), std::string::npos);
  const fs::path file = dir / (name + ".toml");
  std::ofstream(file) << rules;
  std::string text = test::read_text(project);
  const std::string from = "rules = \"hubei-2017\"";
  const size_t at = text.find(from);
  ASSERT_NE(at, std::string::npos);
  text.replace(at, from.size(), "rules = \"" + file.string() + "\"");
  std::ofstream(project) << text;
}

// The item block of `id` in a rule file's text: from its [[items]] to the next.
std::pair<size_t, size_t> item_block(const std::string& rules, const std::string& id) {
  const size_t at = rules.find("id = \"" + id + "\"");
  if (at == std::string::npos) return {std::string::npos, 0};
  const size_t begin = rules.rfind("[[items]]", at);
  const size_t end = rules.find("[[items]]", at);
  return {begin, (end == std::string::npos ? rules.size() : end) - begin};
}

using test::compare_two;

using test::all_notes;

// Same data both years: every verdict that moved moved with the standard, and each unchanged verdict keeps its
// own class (never 因标准变化 for a village 不可出列 in both years).
void expect_standard_alone(const CompareRun& run) {
  const auto& cmp = run.comparisons[0];
  for (const auto& vt : cmp.villages) {
    const auto& m = cmp.match.pairs[vt.pair];
    if (m.a_row < 0 || m.b_row < 0) continue;
    const Outcome va = run.years[0].result.verdict[static_cast<size_t>(m.a_row)], vb = run.years[1].result.verdict[static_cast<size_t>(m.b_row)];
    EXPECT_NE(vt.overall, Transition::improved);
    EXPECT_NE(vt.overall, Transition::regressed);
    if (va == vb && va != Outcome::unknown) {
      EXPECT_NE(vt.overall, Transition::by_standard) << "verdict unchanged, row " << m.b_row;
    }
  }
  const compare::ExitChanges c = compare::exit_changes(run.years[0], run.years[1], cmp);
  EXPECT_EQ(c.gained, c.gained_standard);
  EXPECT_EQ(c.lost, c.lost_standard);
}

TEST(CompareRuleContent, ADecidingItemMadeReferenceUnderTheSameIdIsAStandardChange) {
  const fs::path dir = test::scratch_dir();
  const std::string y2024 = test::copy_demo(dir, "2024"), y2025 = test::copy_demo(dir, "2025");
  copied_rules(dir, y2025, "hubei-adv", [](std::string& rules) {
    const auto [at, n] = item_block(rules, "collective_economy");
    ASSERT_NE(at, std::string::npos);
    rules.insert(at + n, "required = false\n\n");
  });
  auto run = compare_two(dir, y2024, y2025);
  ASSERT_TRUE(run) << run.error().to_string();
  const std::string notes = all_notes(*run);
  EXPECT_NE(notes.find("同名（hubei-2017）但条件不同"), std::string::npos) << notes;
  EXPECT_NE(notes.find("“集体经济收入达到5万元以上” 出列必需 → 参考指标"), std::string::npos) << notes;
  expect_standard_alone(*run);
  const compare::ExitChanges c = compare::exit_changes(run->years[0], run->years[1], run->comparisons[0]);
  EXPECT_GT(c.gained_standard, 0u) << "some demo village fails only on collective income";
}

TEST(CompareRuleContent, AnItemDroppedUnderTheSameIdIsAStandardChange) {
  const fs::path dir = test::scratch_dir();
  const std::string y2024 = test::copy_demo(dir, "2024"), y2025 = test::copy_demo(dir, "2025");
  copied_rules(dir, y2025, "hubei-noig", [](std::string& rules) {
    const auto [at, n] = item_block(rules, "income_growth_above_mean");
    ASSERT_NE(at, std::string::npos);
    rules.erase(at, n);
  });
  auto run = compare_two(dir, y2024, y2025);
  ASSERT_TRUE(run) << run.error().to_string();
  const std::string notes = all_notes(*run);
  EXPECT_NE(notes.find("同名（hubei-2017）但条件不同"), std::string::npos) << notes;
  EXPECT_NE(notes.find("只在 2024 年的标准中"), std::string::npos) << notes;
  expect_standard_alone(*run);
}

// 2025 lowers the collective-income line to 3 万元 under the same id; 范家河村 falls 12.8 → 2 万元 (below either line).
TEST(CompareRuleContent, AThresholdLoweredUnderTheSameIdIsNamedInTheNoteAndTheCause) {
  const fs::path dir = test::scratch_dir();
  const std::string y2024 = test::copy_demo(dir, "2024"), y2025 = test::copy_demo(dir, "2025");
  copied_rules(dir, y2025, "hubei-30k", [](std::string& rules) {
    const size_t at = rules.find("collective_income >= 50000");
    ASSERT_NE(at, std::string::npos);
    rules.replace(at, std::string("collective_income >= 50000").size(), "collective_income >= 30000");
  });
  test::edit_gpkg(test::gpkg_of(y2025), {"UPDATE villages SET collective_income = 20000 WHERE code = '420323203204'"});
  auto run = compare_two(dir, y2024, y2025);
  ASSERT_TRUE(run) << run.error().to_string();
  const std::string notes = all_notes(*run);
  EXPECT_NE(notes.find("“集体经济收入达到5万元以上” 村集体经济收入 ≥ 5 万元 → 村集体经济收入 ≥ 3 万元"), std::string::npos) << notes;
  const auto& cmp = run->comparisons[0];
  size_t k = 0;
  while (k < cmp.items.size() && cmp.items[k].id != "collective_economy") ++k;
  ASSERT_LT(k, cmp.items.size());
  bool seen = false;
  for (const auto& vt : cmp.villages) {
    const auto& m = cmp.match.pairs[vt.pair];
    if (m.b_row < 0 || compare::village_field(run->years[1], "code", m.b_row) != "420323203204") continue;
    seen = true;
    EXPECT_EQ(vt.items[k].transition, Transition::regressed) << vt.items[k].cause;
    EXPECT_NE(vt.items[k].cause.find("≥ 3 万元（按 2025 年的标准判断）"), std::string::npos) << vt.items[k].cause;
  }
  EXPECT_TRUE(seen);
  const std::string page = test::read_text(dir / "out" / "compare.html");
  EXPECT_NE(page.find("集体经济收入达到5万元以上（条件有变，见说明）"), std::string::npos);
  EXPECT_NE(page.find("与其他年份同名但条件不同"), std::string::npos);
}

// The same lowered line with the data unchanged: villages 不可出列 in both years stay in 仍不达标 (L15).
TEST(CompareRuleContent, AnUnchangedVerdictUnderAnotherLineIsNotTheStandards) {
  const fs::path dir = test::scratch_dir();
  const std::string y2024 = test::copy_demo(dir, "2024"), y2025 = test::copy_demo(dir, "2025");
  copied_rules(dir, y2025, "hubei-30k", [](std::string& rules) {
    const size_t at = rules.find("collective_income >= 50000");
    ASSERT_NE(at, std::string::npos);
    rules.replace(at, std::string("collective_income >= 50000").size(), "collective_income >= 30000");
  });
  auto run = compare_two(dir, y2024, y2025);
  ASSERT_TRUE(run) << run.error().to_string();
  expect_standard_alone(*run);
}

}  // namespace
}  // namespace jiuyou::app::rule_content
