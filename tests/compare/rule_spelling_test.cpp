// Two years' standards read by what they say, not how they are written (issue #15, tour 13): a copied rule file
// that renames an item's id still compares that item (M16: a real 集体经济收入 slip kept); one that writes its
// numbers otherwise (5e4, 1.0, no spaces) is the same standard (M7); one whose id and name alone changed is said to
// differ only in name (M21).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>

#include "gis/app/compare_job.hpp"
#include "gis/compare/compare_report.hpp"
#include "gis/compare/transitions.hpp"
#include "compare_runs.hpp"
#include "two_years.hpp"

namespace jiuyou::app::rule_spelling {
namespace {

namespace fs = std::filesystem;
using compare::Transition;

// hubei-2017 copied to dir/name.toml with every (from, to) replaced once, and the project set to it.
void copied_rules(const fs::path& dir, const std::string& project, const std::string& name, const std::vector<std::pair<std::string, std::string>>& edits) {
  std::string rules = test::read_text(test::source_dir() / "data/rules/hubei-2017.toml");
  for (const auto& [from, to] : edits) {
    const size_t at = rules.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    rules.replace(at, from.size(), to);
  }
  const fs::path file = dir / (name + ".toml");
  std::ofstream(file) << rules;
  std::string text = test::read_text(project);
  const std::string from = "rules = \"hubei-2017\"";
  const size_t at = text.find(from);
  ASSERT_NE(at, std::string::npos);
  text.replace(at, from.size(), "rules = \"" + file.string() + "\"");
  std::ofstream(project) << text;
}

using test::compare_two;

using test::all_notes;

TEST(CompareRuleSpelling, ExpressionsAreComparedAsParsed) {
  EXPECT_TRUE(compare::same_expression("collective_income >= 50000", "collective_income>=5e4"));
  EXPECT_TRUE(compare::same_expression("poor_insured_share >= 1", "poor_insured_share >= 1.0"));
  EXPECT_TRUE(compare::same_expression("kind = 'clinic' and qualified_doctor", "kind == 'clinic' AND qualified_doctor"));
  EXPECT_FALSE(compare::same_expression("collective_income >= 50000", "collective_income >= 30000"));
  EXPECT_FALSE(compare::same_expression("kind = 'clinic'", "kind = 'Clinic'"));
  EXPECT_FALSE(compare::same_expression("a > b", "b > a"));
}

// M16: 2025's copy renames collective_economy; 范家河村 (420323203204) falls from 12.8 to 2 万元 — still an alert.
TEST(CompareRuleSpelling, AnItemRenamedInACopiedFileIsComparedAsTheSameItem) {
  const fs::path dir = test::scratch_dir();
  const std::string y2024 = test::copy_demo(dir, "2024"), y2025 = test::copy_demo(dir, "2025");
  copied_rules(dir, y2025, "hubei-rid", {{"id = \"collective_economy\"", "id = \"collective_income_5w\""}});
  test::edit_gpkg(test::gpkg_of(y2025), {"UPDATE villages SET collective_income = 20000 WHERE code = '420323203204'"});
  auto run = compare_two(dir, y2024, y2025);
  ASSERT_TRUE(run) << run.error().to_string();
  const std::string notes = all_notes(*run);
  EXPECT_EQ(notes.find("只在"), std::string::npos) << notes;
  EXPECT_EQ(notes.find("标准不同"), std::string::npos) << notes;
  EXPECT_NE(notes.find("2025 年的 collective_income_5w 与 2024 年的 collective_economy 内容相同，按同一项比较"), std::string::npos) << notes;
  const auto& cmp = run->comparisons[0];
  size_t k = 0;
  while (k < cmp.items.size() && cmp.items[k].id != "collective_income_5w") ++k;
  ASSERT_LT(k, cmp.items.size());
  EXPECT_EQ(run->years[0].result.rules.items[cmp.items[k].a_index].id, "collective_economy");
  bool seen = false;
  for (const auto& vt : cmp.villages) {
    const auto& m = cmp.match.pairs[vt.pair];
    if (m.b_row < 0 || compare::village_field(run->years[1], "code", m.b_row) != "420323203204") continue;
    seen = true;
    EXPECT_EQ(vt.items[k].transition, Transition::regressed) << vt.items[k].cause;
  }
  EXPECT_TRUE(seen);
}

// An item really replaced (another id, another title, another line) stays said as only in one year.
TEST(CompareRuleSpelling, AnItemReplacedByAnotherStaysOnlyInOneYear) {
  const fs::path dir = test::scratch_dir();
  const std::string y2024 = test::copy_demo(dir, "2024"), y2025 = test::copy_demo(dir, "2025");
  copied_rules(dir, y2025, "hubei-new", {{"id = \"collective_economy\"", "id = \"collective_income_3w\""},
                                        {"name_zh = \"集体经济收入达到5万元以上\"", "name_zh = \"集体经济收入达到3万元以上\""},
                                        {"collective_income >= 50000", "collective_income >= 30000"}});
  auto run = compare_two(dir, y2024, y2025);
  ASSERT_TRUE(run) << run.error().to_string();
  const std::string notes = all_notes(*run);
  EXPECT_NE(notes.find("指标“集体经济收入达到3万元以上”只在 2025 年的标准中"), std::string::npos) << notes;
  EXPECT_NE(notes.find("指标“集体经济收入达到5万元以上”只在 2024 年的标准中"), std::string::npos) << notes;
  EXPECT_EQ(notes.find("按同一项比较"), std::string::npos) << notes;
}

// M7: the same file with its numbers written otherwise and spaces taken out is the same standard: no note.
TEST(CompareRuleSpelling, NumbersWrittenOtherwiseAreTheSameStandard) {
  const fs::path dir = test::scratch_dir();
  const std::string y2024 = test::copy_demo(dir, "2024"), y2025 = test::copy_demo(dir, "2025");
  copied_rules(dir, y2025, "hubei-fmt", {{"collective_income >= 50000", "collective_income>=5e4"}, {"poor_insured_share >= 1", "poor_insured_share >= 1.0"}});
  auto run = compare_two(dir, y2024, y2025);
  ASSERT_TRUE(run) << run.error().to_string();
  EXPECT_TRUE(compare::same_standard(run->years[0].result.rules, run->years[1].result.rules));
  const std::string notes = all_notes(*run);
  EXPECT_EQ(notes.find("标准不同"), std::string::npos) << notes;
  EXPECT_EQ(notes.find("两年标准"), std::string::npos) << notes;
  for (const auto& vt : run->comparisons[0].villages) EXPECT_NE(vt.overall, Transition::by_standard);
  EXPECT_EQ(test::read_text(dir / "out" / "compare.html").find("条件有变"), std::string::npos);
}

// M21: another id and name over the same content: one standard, said to differ in name only.
TEST(CompareRuleSpelling, ARuleSetRenamedAloneIsSaidToDifferInNameOnly) {
  const fs::path dir = test::scratch_dir();
  const std::string y2024 = test::copy_demo(dir, "2024"), y2025 = test::copy_demo(dir, "2025");
  copied_rules(dir, y2025, "zhushan", {{"id = \"hubei-2017\"", "id = \"zhushan-2026\""},
                                      {"name_zh = \"湖北省贫困村出列标准（九有，2017）\"", "name_zh = \"竹山县贫困村出列标准（2026 年复核用）\""}});
  auto run = compare_two(dir, y2024, y2025);
  ASSERT_TRUE(run) << run.error().to_string();
  const std::string notes = all_notes(*run);
  EXPECT_NE(notes.find("两年标准名称不同，但各项条件相同"), std::string::npos) << notes;
  EXPECT_NE(notes.find("“竹山县贫困村出列标准（2026 年复核用）”（zhushan-2026）"), std::string::npos) << notes;
  EXPECT_EQ(notes.find("两年使用的标准不同"), std::string::npos) << notes;
  for (const auto& vt : run->comparisons[0].villages) EXPECT_NE(vt.overall, Transition::by_standard);
}

// h-units4: a copy that only adds an item says exactly that — the added item's title — and that the other items are
// judged alike; never "两年使用的标准不同" (which would send the planner looking for a changed line).
TEST(CompareRuleSpelling, AnAddedItemAloneIsSaidAsTheOneDifference) {
  const fs::path dir = test::scratch_dir();
  const std::string y2024 = test::copy_demo(dir, "2024"), y2025 = test::copy_demo(dir, "2025");
  copied_rules(dir, y2025, "hubei-plus",
               {{"[[items]]\nid = \"collective_economy\"",
                 "[[items]]\nid = \"collective_income_10w\"\nname_zh = \"集体经济收入达到10万元以上\"\nname_en = \"Collective income 100,000\"\n"
                 "group = \"exit\"\nkind = \"attribute\"\nexpression = \"collective_income >= 100000\"\nrequired = false\n\n[[items]]\nid = \"collective_economy\""}});
  auto run = compare_two(dir, y2024, y2025);
  ASSERT_TRUE(run) << run.error().to_string();
  const std::string notes = all_notes(*run);
  EXPECT_NE(notes.find("两年的标准只差在：2025 年的标准增加了指标“集体经济收入达到10万元以上”"), std::string::npos) << notes;
  EXPECT_NE(notes.find("其余指标两年条件相同，按同一标准判断"), std::string::npos) << notes;
  EXPECT_EQ(notes.find("标准不同"), std::string::npos) << notes;
  EXPECT_EQ(notes.find("条件不同"), std::string::npos) << notes;
  // An added item together with a changed line is no longer the one difference: the changed line is said.
  const fs::path dir2 = dir / "changed";
  fs::create_directories(dir2);
  const std::string z2024 = test::copy_demo(dir2, "2024"), z2025 = test::copy_demo(dir2, "2025");
  copied_rules(dir2, z2025, "hubei-plus2",
               {{"[[items]]\nid = \"collective_economy\"",
                 "[[items]]\nid = \"collective_income_10w\"\nname_zh = \"集体经济收入达到10万元以上\"\nname_en = \"Collective income 100,000\"\n"
                 "group = \"exit\"\nkind = \"attribute\"\nexpression = \"collective_income >= 100000\"\nrequired = false\n\n[[items]]\nid = \"collective_economy\""},
                {"collective_income >= 50000", "collective_income >= 30000"}});
  auto run2 = compare_two(dir2, z2024, z2025);
  ASSERT_TRUE(run2) << run2.error().to_string();
  const std::string notes2 = all_notes(*run2);
  EXPECT_EQ(notes2.find("两年的标准只差在"), std::string::npos) << notes2;
  EXPECT_NE(notes2.find("条件不同"), std::string::npos) << notes2;
}

}  // namespace
}  // namespace jiuyou::app::rule_spelling
