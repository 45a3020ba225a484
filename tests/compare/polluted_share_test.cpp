// compare's own rule for a rate filled in percent by one township (find_rescaled
// for shares, judge_polluted for the county mean it pollutes), reached on two
// years built in memory: the loader settles such a township first
// (percent_by_township), so the project-based tests never get here.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "gis/compare/transitions.hpp"
#include "gis/compare/year_differences.hpp"

namespace jiuyou::compare {
namespace polluted_share {  // named: the test sources may be built as one unity file
namespace {

using indicators::Item;
using indicators::ItemKind;
using indicators::ItemResult;
using indicators::Outcome;

// Two townships of five villages each: 420323100 (villages …201–205) and 420323101 (…211–215).
struct V {
  std::string code, township;
  double growth;
};

FeatureTable villages(const std::vector<V>& rows) {
  FeatureTable t;
  t.name = "villages";
  t.geometry.kind = GeometryKind::point;
  Column code("code", FieldType::text), name("name", FieldType::text), township("township", FieldType::text), growth("income_growth", FieldType::real);
  for (size_t r = 0; r < rows.size(); ++r) {
    t.fid.push_back(static_cast<int64_t>(r) + 1);
    t.geometry.add_point_feature(1000.0 * static_cast<double>(r), 0);
    code.push_text(rows[r].code);
    name.push_text("村" + rows[r].code.substr(9));
    township.push_text(rows[r].township);
    growth.push_real(rows[r].growth);
  }
  t.columns = {std::move(code), std::move(name), std::move(township), std::move(growth)};
  return t;
}

Item growth_item() {
  Item i;
  i.id = "income_growth_above_mean";
  i.name_zh = "人均可支配收入增幅高于全县平均";
  i.kind = ItemKind::attribute;
  i.expression = "income_growth >= county_mean(income_growth)";
  return i;
}

// The year as its check would judge it: each village against the mean of the values as given.
YearData year_of(const std::string& label, const std::vector<V>& rows) {
  YearData y;
  y.label = label;
  y.ws.name = "九有县";
  y.ws.layers.push_back(villages(rows));
  y.result.rules.id = "test";
  y.result.rules.items = {growth_item()};
  y.result.village_count = rows.size();
  double mean = 0;
  for (const V& v : rows) mean += v.growth / static_cast<double>(rows.size());
  for (const V& v : rows) {
    ItemResult c;
    c.outcome = v.growth >= mean ? Outcome::pass : Outcome::fail;
    c.value = v.growth;
    y.result.cells.push_back(c);
    y.result.verdict.push_back(c.outcome);
    y.result.failed_count.push_back(c.outcome == Outcome::fail ? 1 : 0);
    y.result.unknown_count.push_back(0);
  }
  return y;
}

std::vector<V> county(double percent_factor_101) {
  const double g100[] = {0.05, 0.07, 0.09, 0.12, 0.13}, g101[] = {0.08, 0.09, 0.10, 0.11, 0.12};
  std::vector<V> rows;
  for (int k = 0; k < 5; ++k) rows.push_back({"42032310020" + std::to_string(k + 1), "420323100", g100[k]});
  for (int k = 0; k < 5; ++k) rows.push_back({"42032310121" + std::to_string(k + 1), "420323101", g101[k] * percent_factor_101});
  return rows;
}

const VillageTransition& transition_of(const Comparison& cmp, const std::string& code, const YearData& b) {
  const Column* c = b.villages().column("code");
  for (const VillageTransition& vt : cmp.villages) {
    const int row = cmp.match.pairs[vt.pair].b_row;
    if (row >= 0 && c->as_text(static_cast<size_t>(row)) == code) return vt;
  }
  static const VillageTransition none;
  ADD_FAILURE() << "no village " << code;
  return none;
}

// 2026: township 420323101 typed its rates in percent (8 … 12 for 0.08 … 0.12). Its own
// villages' changes are the unit's; the other township's villages that passed against
// 2025's mean fail against 2026's polluted one (≈ 5.1) — 因数据口径变化, judged on the
// mean converted back, not 返贫风险.
TEST(ComparePollutedShare, OneTownshipInPercentIsFoundAndItsPollutedMeanMovesNoOtherVillage) {
  const YearData a = year_of("2025", county(1)), b = year_of("2026", county(100));
  auto cmp = compare_years(a, b, nullptr);
  ASSERT_TRUE(cmp) << cmp.error().message;
  const InputDifferences d = input_differences(a, b, cmp->match, cmp->items);
  ASSERT_EQ(d.rescaled.size(), 1u);
  EXPECT_DOUBLE_EQ(d.rescaled[0].factor, 100.0);
  EXPECT_FALSE(d.rescaled[0].lone);
  EXPECT_EQ(d.rescaled[0].b_rows, (std::vector<size_t>{5, 6, 7, 8, 9})) << "only the township in percent";
  ASSERT_EQ(d.polluted.size(), 1u);
  EXPECT_EQ(d.polluted[0].call, "county_mean(income_growth)");
  ASSERT_EQ(d.polluted[0].outcome.size(), 10u);
  EXPECT_EQ(d.polluted[0].outcome[3], Outcome::pass) << "0.12 against the mean converted back (0.096)";
  bool said = false;
  for (const std::string& n : cmp->notes) said = said || (n.find("百分数") != std::string::npos && n.find("420323101") != std::string::npos);
  EXPECT_TRUE(said) << "the township's percent said once in the notes";

  // 420323100204 (0.12 both years) passed in 2025 and fails against the polluted mean.
  ASSERT_EQ(b.result.cell(3, 0).outcome, Outcome::fail);
  const VillageTransition& moved = transition_of(*cmp, "420323100204", b);
  EXPECT_EQ(moved.items[0].transition, Transition::by_input) << moved.items[0].cause;
  EXPECT_NE(moved.items[0].cause.find("受"), std::string::npos) << moved.items[0].cause;
  EXPECT_NE(moved.items[0].cause.find("数据口径变化影响"), std::string::npos) << moved.items[0].cause;
  EXPECT_NE(moved.items[0].cause.find("结论未变"), std::string::npos) << moved.items[0].cause;
  EXPECT_NE(moved.overall, Transition::regressed);
  for (const VillageTransition& vt : cmp->villages)
    EXPECT_NE(vt.items[0].transition, Transition::regressed) << "no village is a 返贫风险 for the township's percent: " << vt.items[0].cause;
}

// A real fall outside the township is still a fall: 420323100205 from 0.13 to 0.03, below
// the mean even converted back.
TEST(ComparePollutedShare, ARealFallBesideThePercentTownshipStaysARegression) {
  std::vector<V> later = county(100);
  later[4].growth = 0.03;
  const YearData a = year_of("2025", county(1)), b = year_of("2026", later);
  auto cmp = compare_years(a, b, nullptr);
  ASSERT_TRUE(cmp) << cmp.error().message;
  const VillageTransition& fell = transition_of(*cmp, "420323100205", b);
  EXPECT_EQ(fell.items[0].transition, Transition::regressed) << fell.items[0].cause;
  const VillageTransition& kept = transition_of(*cmp, "420323100204", b);
  EXPECT_EQ(kept.items[0].transition, Transition::by_input) << kept.items[0].cause;
}

}  // namespace
}  // namespace polluted_share
}  // namespace jiuyou::compare
