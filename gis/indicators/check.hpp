#pragma once
// The village check: every village against every item of a rule set, with
// evidence, and the exit verdict (出列). Pure: const workspace + rules in,
// result out; deterministic; parallel over villages.
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "gis/indicators/rule_set.hpp"
#include "gis/model/error.hpp"
#include "gis/model/issue_log.hpp"
#include "gis/model/progress.hpp"
#include "gis/model/workspace.hpp"

namespace jiuyou::indicators {

// The features of `t` the item's exclude_filter selects (TRUE; a NULL excludes nothing): they count for none of
// its filters. Empty when there is none or `t` lacks a field it reads (an expressway can only be told by a class).
std::vector<uint8_t> excluded_features(const Item& item, const FeatureTable& t);

enum class Outcome : unsigned char { pass, fail, unknown };
const char* to_string(Outcome o);       // "pass" / "fail" / "unknown"
const char* to_string_zh(Outcome o);    // "达标" / "不达标" / "未知"

constexpr double k_nan = std::numeric_limits<double>::quiet_NaN();

struct ItemResult {
  Outcome outcome = Outcome::unknown;
  double distance_m = k_nan;   // network/facility/water: to the nearest qualifying feature
  double share = k_nan;        // coverage: covered share 0..1
  double value = k_nan;        // attribute: the value compared; water: the height difference (m)
  int64_t nearest_fid = -1;    // source FID of the feature the distance was measured to
  int16_t nearest_layer = -1;  // its layer: index into CheckResult::evidence_layers (-1: none)
  int32_t component = -1;      // network component of that feature
  Vec2 from{k_nan, k_nan};     // gap line: from the village ...
  Vec2 to{k_nan, k_nan};       // ... to the nearest qualifying point (metric CRS)
  double unconnected_distance_m = k_nan;  // network: nearest filtered feature that does NOT reach the trunk
  // For a failing cell, how much more is needed, in the unit of the threshold that
  // failed: metres beyond max_distance_m (network, facility, water), metres of height
  // beyond max_vertical_m (water, when the height decided), the share below min_share
  // (coverage, 0..1), the distance of the compared value from the threshold
  // (attribute `a op b` with numbers on both sides: |a - b|). NaN when not meaningful.
  double shortfall = k_nan;
  std::string note;            // evidence in Chinese, e.g. "最近的连通硬化路 2.3 km"
};

struct CheckParams {
  int threads = 0;             // 0: all cores (TBB)
  ProgressFn progress;
  // A subset of the rule set: item ids, or the group words "net4" / "jiuyou" (the
  // items flagged so). Empty: every item. The children of a chosen all_of/any_of
  // are checked with it; items left out are not in the result (CheckResult::partial).
  std::vector<std::string> items;
  // The sanity warnings (sanity.hpp) about the data; a planner checking its own candidate
  // sites, not a county's villages, may turn them off.
  bool sanity_notes = true;
};

struct TownshipSummary {
  std::string township;        // code or name as in the data
  size_t villages = 0;
  size_t exit = 0, fail = 0, unknown = 0;
  std::vector<size_t> item_pass;  // per item (rule order)
  std::vector<size_t> item_fail;
  std::vector<size_t> item_unknown;
};

struct CheckResult {
  RuleSet rules;
  std::string county;                 // workspace name
  CrsRef crs;                         // the metric CRS of the evidence coordinates
  size_t village_count = 0;
  std::vector<ItemResult> cells;      // village-major: cells[v * items + i]
  std::vector<Outcome> verdict;       // per village: pass = may exit
  std::vector<uint16_t> failed_count, unknown_count, net4_count, jiuyou_count;
  std::vector<TownshipSummary> townships;  // sorted by township
  TownshipSummary county_summary;
  std::vector<std::string> evidence_layers;  // layer names that ItemResult::nearest_layer indexes
  IssueLog notes;                     // said once: "layer 'water' missing: item safe_water unknown for every village"
  // Items that could not be judged for any target (a layer or a field they read is
  // missing): unknown everywhere, the reason in notes. The CLI exits 1 (findings).
  size_t unjudgeable_items = 0;
  bool partial = false;                    // CheckParams::items left items out
  std::vector<std::string> skipped_items;  // their ids, in rule order
  double seconds = 0;          // the whole check
  double prepare_seconds = 0;  // of which: filters, networks, indexes and coverage unions, before any village

  [[nodiscard]] size_t item_count() const { return rules.items.size(); }
  [[nodiscard]] const ItemResult& cell(size_t village, size_t item) const { return cells[village * item_count() + item]; }
};

// Every target feature (`targets`: villages, or a planner's candidate sites) against
// every item, reading the other layers and the DEM through `view`. Errors before
// any work (ErrorCode::rules): a filter or expression that does not parse, an item
// id that would overwrite a target field, an unknown id in params.items. Missing
// data is not an error: an item whose layer the view lacks, whose filters read
// fields no layer of its group has, or whose expression reads a field the targets
// lack is unknown for every target, said once in notes (unjudgeable_items).
Result<CheckResult> check_targets(const WorkspaceView& view, const FeatureTable& targets, const RuleSet& rules, const CheckParams& params = {});

// check_targets over the workspace's `villages` layer.
Result<CheckResult> check_villages(const Workspace& workspace, const RuleSet& rules, const CheckParams& params = {});

}  // namespace jiuyou::indicators
