#pragma once
// How far a change on the ground can matter for one item of one village: the
// item's own distance from the rule set (max_distance_m; a coverage item's
// tower radius, or a feature's own radius_m), else only the village's own
// features (a facility linked by village_code or inside the village). For an
// item that needs the network to reach the trunk, a change on the village's
// own piece of network counts too, however far: the features joined to last
// year's nearest qualifying feature in the later year (the stranded piece) and
// the removed or changed ones touching it (the cut). Nothing else is offered
// as a cause: a road removed 30 km away is not "near" the village.
#include <cmath>
#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

#include "gis/compare/aggregate_cache.hpp"
#include "gis/indicators/rule_set.hpp"
#include "gis/model/feature_table.hpp"

namespace jiuyou::compare {

struct LayerDiff;  // feature_diff.hpp

struct ItemReach {
  double radius_m = -1;        // from the village; < 0: only the village's own features
  bool along_network = false;  // require_connected: the village's piece of network counts as well
  bool feature_radius = false; // coverage: a feature's own radius_m, when larger, is its reach
};

// The reach of `item` as its rule set states it.
ItemReach reach_of(const indicators::Item& item);

// The village a cause is measured from: its row in the villages table, its point and code.
struct VillageAt {
  const FeatureTable* villages = nullptr;
  size_t row = 0;
  Vec2 point{NAN, NAN};
  std::string code;
};

// Distance from the village to feature `row` of `t` (0 when the feature is inside
// the village's polygon or the village point inside the feature).
double village_distance(const VillageAt& v, const FeatureTable& t, size_t row);

// True when feature `row` of `t` is within the item's radius of the village (a
// feature's own radius_m widens a coverage item's radius), or, without a radius,
// is the village's own (village_code == the village's code, or inside it).
bool within_radius(const ItemReach& reach, const VillageAt& v, const FeatureTable& t, size_t row, double distance_m);

// The later year's rows of `b` joined (noding at the item's tolerance, over the
// features the item's filter accepts) to row `b_row`: the village's piece of
// network. Empty when the filter cannot be read or the piece is larger than
// `max_features` (then it is the county's network, not a piece cut off).
std::vector<size_t> network_piece(const FeatureTable& b, size_t b_row, const indicators::Item& item, size_t max_features = 5000);

// The later year's pieces of network, one topology per layer, item filter and
// tolerance, built on the first regression that asks and kept for the others
// (building it per regression made the causes O(regressions x roads)). Gives
// the same rows as network_piece; when last year's nearest feature is one this
// year's filter rejects (the rule set changed), it falls back to network_piece.
class NetworkPieces {
 public:
  std::vector<size_t> piece(const FeatureTable& b, size_t b_row, const indicators::Item& item, size_t max_features = 5000);
  // The expressions and county aggregates the causes read, parsed and bound once for the comparison as well.
  AggregateCache expressions;
  // The boxes of `d`'s removed then changed features in the earlier year's layer `a` (empty box: no geometry), once
  // for the comparison: computed per regression they were ~1.6 % of a 100k-village compare.
  const std::vector<BBox>& change_boxes(const LayerDiff& d, const FeatureTable& a);

 private:
  struct Built {
    const FeatureTable* table = nullptr;
    std::string filter;
    double tolerance_m = 0;
    bool readable = false;                 // the filter could be read on the table
    std::vector<uint8_t> mask;             // the filter's rows
    std::vector<int32_t> component;        // per row, -1 outside the mask
    std::vector<uint32_t> component_features;
    std::vector<uint32_t> first;           // per component, its first entry in `rows` (one more at the end)
    std::vector<uint32_t> rows;            // the rows grouped by component, ascending within each
  };
  const Built& built(const FeatureTable& b, const indicators::Item& item);
  std::vector<Built> built_;
  std::unordered_map<const LayerDiff*, std::vector<BBox>> boxes_;
};

// True when feature `a_row` of `a` (a removed or changed feature of the earlier
// year) touches, within `tolerance_m`, one of `rows` of `b`.
// The boxes NetworkPieces::change_boxes keeps, computed afresh.
std::vector<BBox> change_boxes(const LayerDiff& d, const FeatureTable& a);

bool touches_piece(const FeatureTable& a, size_t a_row, const FeatureTable& b, const std::vector<size_t>& rows, double tolerance_m);

// True when feature `a_row` of `a` and feature `b_row` of `b` come within
// `tolerance_m` of each other (a vertex of one near the other; inside a polygon is 0):
// a new hazard polygon over a removed road.
bool features_near(const FeatureTable& a, size_t a_row, const FeatureTable& b, size_t b_row, double tolerance_m);

}  // namespace jiuyou::compare
