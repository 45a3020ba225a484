#pragma once
// Sanity warnings: results that are probably not what the planner meant,
// added to CheckResult::notes as Severity::warning with stable codes.
//   filter_selects_none / filter_selects_all  a rule filter selects none / all of
//                                             a layer with >= 10 features
//   item_all_pass / item_all_fail             an item passes / fails every one of
//                                             >= 20 targets
//   points_for_polygons                       point targets where the rule set
//                                             assumes polygons (covered share,
//                                             "inside the village")
//   likely_gcj02 / likely_bd09                a network layer sits a systematic
//                                             offset from the targets that the
//                                             GCJ-02/BD-09 correction removes
//   layer_far_from_villages                   a layer's extent lies farther from the
//                                             targets' than any search distance (and
//                                             20 km): a wrong CRS zone, datum or axis
//                                             order; the items reading only such
//                                             layers are unknown (sanity_extent.cpp)
#include <optional>
#include <string>
#include <vector>

#include "gis/indicators/check.hpp"
#include "gis/indicators/kinds/kinds.hpp"

namespace jiuyou::indicators {

// Everything but the offset check, from the finished result.
// `uses`: every filter as the items' preparation applied it (kinds::FilterUse).
void add_sanity_notes(CheckResult& result, std::span<const kinds::FilterUse> uses, const FeatureTable& targets);
// The offset check (needs no result; sets PROJ up only when some median distance
// as loaded exceeds 150 m).
// `prep`: the check's prepared items, whose network indexes give a cheap first bound.
std::vector<Issue> likely_offset_notes(const RuleSet& rules, const WorkspaceView& view, const FeatureTable& targets,
                                       std::span<const kinds::PreparedItem> prep = {});
// The same for polygon villages themselves (sanity_offset_polygons.cpp): the share of the
// point layers' features carrying a village's code (village_code, or code on village
// points) inside their own village, as loaded and with the GCJ-02/BD-09 correction.
std::vector<Issue> likely_offset_polygon_notes(const WorkspaceView& view, const FeatureTable& targets);
// The same for a polygon layer told by the ground it lies on (landslide zones on steep slopes:
// the DEM's median slope at its features' centres, as loaded and corrected; tour 13 M25).
// `fitting`: where given, the polygon layers that lie on such ground as loaded (not to be warned of).
std::vector<Issue> likely_offset_terrain_notes(const WorkspaceView& view, const FeatureTable& targets, std::vector<std::string>* fitting = nullptr);
// All three, one warning per layer (the line layers' first): what `check` adds to its notes and
// `jiuyou validate` to its issue log, so that the two say the same (tour 10 J2).
std::vector<Issue> datum_offset_notes(const RuleSet& rules, const WorkspaceView& view, const FeatureTable& targets,
                                      std::span<const kinds::PreparedItem> prep = {});

// The warning for a datum offset between two layers, one sitting the datum's offset ahead
// of the other: `ahead` is in that datum undeclared, or `behind` declares a datum its data
// are not in. Never advises adding a crs to a layer that has one: it names the declaration
// that looks wrong, and the datum the data look like (tour 12 L19, L29). `measured`: the
// figures that tell it. Used by both offset checks.
struct DatumName {
  const char* name;  // GCJ-02
  const char* code;  // likely_gcj02
};
Issue datum_issue(const FeatureTable& ahead, const FeatureTable& behind, const DatumName& d, const std::string& measured);

// A layer far from the targets (sanity_extent.cpp): the distance beyond which a layer
// is far (the largest search distance of any item, at least 20 km); whether the tables
// of an item's group are far — all of them (the item is unknown for every village) or
// some (a fail is not definite: it becomes unknown), with the reason ("" where none);
// and one warning per far layer naming its file, the distance and the items it affects.
double far_layer_threshold_m(const RuleSet& rules);
struct FarGroup {
  bool all = false;
  std::string reason;  // empty: no table of the group is far
};
FarGroup far_group(const WorkspaceView& view, const FeatureTable& targets, const std::string& layer, double threshold_m);
std::vector<Issue> far_layer_notes(const RuleSet& rules, const WorkspaceView& view, const FeatureTable& targets);

// Villages given as points where the rules measure from village areas: the warning (points_for_polygons) naming
// the items it changes; none for polygon villages or rules that measure nothing from them. check and validate say it.
std::optional<Issue> points_for_polygons_issue(const RuleSet& rules, const FeatureTable& targets);

// The parts, for tests.
void note_filter_selectivity(CheckResult& result, std::span<const kinds::FilterUse> uses);
void note_uniform_items(CheckResult& result);
void note_points_for_polygons(CheckResult& result, const FeatureTable& targets);

}  // namespace jiuyou::indicators
