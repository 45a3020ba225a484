#pragma once
// Two years of one county compared: villages matched (village_match.hpp), the
// layers each item reads matched feature by feature (feature_diff.hpp), and per
// matched village and item a transition with its cause in plain Chinese — for
// a regression (返贫风险) what changed on the ground: the nearest qualifying
// feature of last year gone or changed, the attribute that fell.
#include <string>
#include <vector>

#include "gis/compare/feature_diff.hpp"
#include "gis/compare/village_match.hpp"
#include "gis/compare/year.hpp"

namespace jiuyou::compare {

enum class Transition : unsigned char {
  still_pass,         // 持续达标
  improved,           // 新达标（改善）
  regressed,          // 新不达标（返贫风险）
  still_fail_worse,   // 仍不达标，差距扩大
  still_fail_better,  // 仍不达标，差距缩小
  still_fail,         // 仍不达标，差距不变（或无法度量）
  by_standard,        // 出列结论或差距变了，但比较的分项都未变：只因两年的标准不同（exit verdict only）
  by_input,           // 变化只来自基础数据的更换（高程数据、金额单位），非实地变化（year_differences.hpp）
  unverified,         // 原达标，现无法判断（数据不全）: may hide a regression, so it is an alert to verify
  unknown,            // 有一年未知，或村未匹配
};
// A year's label as a reader says it: "2024 年" for a year, the label itself otherwise ("第1期").
std::string year_name(const std::string& label);
const char* to_string(Transition t);     // "still_pass", ...
const char* to_string_zh(Transition t);  // 持续达标, ...

struct ItemPair {
  std::string id, name_zh;
  size_t a_index = 0, b_index = 0;  // in each year's rule set
  bool required = true;             // decides the exit verdict in the later year
};

struct ItemTransition {
  Transition transition = Transition::unknown;
  std::string cause;  // Chinese; for regressed and improved (what changed), empty otherwise
  // by_input only: a distance moved by a split, merged or redrawn village's new extent to a feature still there
  // unchanged — not a 返贫风险, but listed 待乡镇核实 for the township to confirm (tour 11 K27).
  bool ask_township = false;
};

struct VillageTransition {
  size_t pair = 0;                     // index into MatchResult::pairs
  std::vector<ItemTransition> items;   // per Comparison::items
  Transition overall = Transition::unknown;  // of the exit verdict
};

struct CompareOptions {
  MatchOptions match;
  DiffOptions diff;
};

struct Comparison {
  std::string a_label, b_label;
  MatchResult match;
  std::vector<ItemPair> items;            // visible items both rule sets have, in the later year's order
  std::vector<std::string> notes;         // Chinese, said once: rule set changed, items only in one year
  std::vector<VillageTransition> villages;  // one per match pair, same order
  std::vector<LayerDiff> layers;          // the layers both years have, except villages
};

Result<Comparison> compare_years(const YearData& a, const YearData& b, const Crosswalk* crosswalk, const CompareOptions& options = {});

class NetworkPieces;  // reach.hpp

// Cause of a changed cell in Chinese (causes.cpp); `a_item`/`b_item` index each year's rule set.
// `pieces` keeps the later year's network topologies between the cells of one comparison (null: built per cell).
// Whether every village field an attribute expression reads has the same value in both years (an outcome that
// moved anyway moved with the standard, not on the ground).
bool attribute_inputs_unchanged(const YearData& a, const YearData& b, size_t ar, size_t br, const std::string& expression);

// Whether an item judges alike in two rule sets (kind, layer, filters, thresholds, expression, children; not
// `required`, which decides the verdict, not the item's outcome).
bool same_rule(const indicators::RuleSet& ra, const indicators::Item& ia, const indicators::RuleSet& rb, const indicators::Item& ib, size_t depth = 0);
// Whether two rule sets judge and decide alike, whatever their ids say: the same items, each with the same rule
// (same_rule), the same `required` and visibility (tour 12 L32: a copied file keeping the id of the one it came from).
bool same_standard(const indicators::RuleSet& ra, const indicators::RuleSet& rb);
// Whether two expressions or filters say the same once parsed: 50000 and 5e4, >= 1 and >= 1.0, spaces, keyword case,
// == and = (tour 13 M7); texts that do not parse are compared as written (rule_match.cpp).
bool same_expression(const std::string& x, const std::string& y);
// The item of `ra` that `ib` of `rb` stands for: the one of the same id; else, for a copied file that renamed an id
// (tour 13 M16), the one item of `ra` whose id `rb` lacks with the same rule (same_rule), else with the same title —
// each the only such pair both ways; null when none (an item added).
const indicators::Item* counterpart(const indicators::RuleSet& ra, const indicators::RuleSet& rb, const indicators::Item& ib, size_t depth = 0);
// Whether two composite items list the same children, each paired by counterpart.
bool same_children(const indicators::RuleSet& ra, const indicators::Item& ia, const indicators::RuleSet& rb, const indicators::Item& ib, size_t depth);
// The items both rule sets have (paired by counterpart), visible, in the later year's order; the notes say once how
// the two standards differ, which items were paired under another id, and which only one year has.
std::vector<ItemPair> common_items(const YearData& a, const YearData& b, std::vector<std::string>& notes);
// What differs between an item's rule in two rule sets, in Chinese: "标准：村集体经济收入 > 0 → 村集体经济收入 ≥ 5 万元",
// "标准：最远距离 1.0 km → 500 m" (tour 11 K25).
std::string standard_change(const indicators::RuleSet& ra, const indicators::Item& ia, const indicators::RuleSet& rb, const indicators::Item& ib);

std::string explain_change(const YearData& a, const YearData& b, const Comparison& cmp, const VillageMatch& m, size_t a_item, size_t b_item,
                           const CompareOptions& options, NetworkPieces* pieces = nullptr);

// A village several of last year's villages merged into, compared with all of them (merges.cpp, tour 12 L10): an
// item whose outcome is that of the worst predecessor, or whose counts and money are their sum, moved with the
// merge (by_input, said as 合并); true when the exit verdict moved with the merge alone.
bool judge_merge(const YearData& a, const YearData& b, const Comparison& cmp, const VillageMatch& m, VillageTransition& vt);
// A part of a village split in two or more (merges.cpp, tour 13 M10): an attribute item that moved while the
// parts' counts and money taken together judge as the old village did moved with the split (by_input, said as
// 拆分: "拆分后各村合计 村集体经济收入 3.52 万元 + 3.52 万元 = 7.05 万元（拆分前 6.85 万元），按原村范围仍达标…"); true
// when it turned any item so.
bool judge_split(const YearData& a, const YearData& b, const Comparison& cmp, const VillageMatch& m, VillageTransition& vt);
// The exit verdict `t` of one predecessor of a merged village whose verdict stayed (不可出列 both years):
// 仍不达标, never 差距缩小/扩大 measured from the merged village's counts against one predecessor's (tour 12 L10).
Transition merged_gap(const Comparison& cmp, const VillageMatch& m, Transition t);

// How the village's extent changed between the years, said before each of its
// causes (its figures are those of another extent): "与西郝家寨村合并（2026 年）：",
// "由X村拆分（…）：", "村的代码或范围有变化（按位置（范围重叠））（…）："; "" for
// a village matched by its code alone.
std::string boundary_change(const YearData& a, const YearData& b, const Comparison& cmp, const VillageMatch& m);

}  // namespace jiuyou::compare
