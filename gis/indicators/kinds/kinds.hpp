#pragma once
// Internal to the check (gis/indicators/check.cpp): each indicator kind of the
// contract (gis/indicators/README.md) as a prepared form and two functions,
// prepare_<kind> (once per item, before any village) and eval_<kind> (one
// cell). One file per kind, in the order of the contract's table:
//   network_access.cpp  coverage.cpp  water.cpp  facility.cpp  attribute.cpp
//   combinators.cpp (all_of / any_of); candidates.cpp holds what they share.
#include <cstdint>
#include <limits>
#include <span>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

#include "gis/geos/shape.hpp"
#include "gis/index/line_index.hpp"
#include "gis/index/spatial_index.hpp"
#include "gis/indicators/check.hpp"
#include "gis/indicators/expression.hpp"

namespace jiuyou::indicators::kinds {

constexpr double k_inf = std::numeric_limits<double>::infinity();

std::string format_distance(double d);  // "320 m", "2.3 km", "无"

// --- candidates: the features of one table an item's filter selects ---------------

struct Candidates {
  const FeatureTable* table = nullptr;
  int16_t layer = -1;               // index of `table` in the view (evidence)
  std::vector<uint8_t> mask;
  index::LineIndex lines;           // point or line features (nearest from a point)
  index::SpatialIndex boxes;        // boxes of the masked features (item = position in box_feature)
  std::vector<uint32_t> box_feature;
  std::vector<geos::Shape> shapes;  // GEOS shapes of masked polygon features (polygon villages only)
  bool any = false;
  std::shared_ptr<const FeatureTable> owned;  // `table`, where the item made it (areas drawn as lines)
};
Candidates make_candidates(const FeatureTable* table, int16_t layer, std::vector<uint8_t> mask, bool want_shapes);

// The target (a village, a site) as the queries need it.
struct Target {
  bool has = false;
  bool polygon = false;
  Vec2 point{k_nan, k_nan};            // the point itself, or the polygon's point on surface
  BBox box;
  const geos::Shape* shape = nullptr;  // polygon targets
  const GeometryColumn* column = nullptr;
  size_t row = 0;
};

struct Nearest {
  double distance = k_inf;
  const FeatureTable* table = nullptr;
  int16_t layer = -1;
  uint32_t feature = 0;
  Vec2 from{k_nan, k_nan};  // where the distance is measured from (the point, or the polygon's edge)
  Vec2 to{k_nan, k_nan};    // the closest point of the feature
  [[nodiscard]] bool found() const { return table != nullptr; }
};
// Nearest masked feature of c to the target; keeps `best` when c has nothing nearer.
void nearest_in(const Candidates& c, const Target& t, Nearest& best);
Nearest nearest_of(std::span<const Candidates> cs, const Target& t);
// Fills the gap line of a hit: from the target's closest point (the polygon edge) to the feature's.
void finish_gap(Nearest& n, const Target& t);
Vec2 closest_point(const GeometryColumn& g, size_t f, double x, double y);
// The evidence fields every distance kind reports for its feature.
void set_evidence(ItemResult& out, const Nearest& n);

// --- preparing ---------------------------------------------------------------------

// The tables of a layer group (`name`, `name_*`) of one geometry kind (README.md, "Layer groups").
std::vector<const FeatureTable*> group_tables(const WorkspaceView& view, const std::string& layer, GeometryKind kind);

// A filter as it was applied to one table, for the sanity warnings (how much it selected).
struct FilterUse {
  const Item* item = nullptr;
  const FeatureTable* table = nullptr;
  std::string filter;
  const char* what = "";
  size_t selected = 0;
  size_t excluded = 0;  // features the filter selects that the item's exclude_filter leaves out
};

// What preparing an item reads and where it says things (once, in rule order).
struct PrepareContext {
  const WorkspaceView& view;
  const FeatureTable& targets;
  const RuleSet& rules;
  bool polygons = false;          // the targets are polygons
  std::vector<Issue>* notes = nullptr;  // this item's notes
  std::vector<FilterUse>* uses = nullptr;  // this item's filters, as applied

  void note(Severity s, std::string code, std::string layer, std::string field, std::string message, std::string hint) const;
  // The tables of a layer group (`name`, `name_*`) of one geometry kind.
  [[nodiscard]] std::vector<const FeatureTable*> group(const std::string& layer, GeometryKind kind) const;
  [[nodiscard]] bool group_exists(const std::string& layer) const;
  [[nodiscard]] int16_t layer_index(const FeatureTable* t) const;
};

// A filter over one table, three-valued: features where it is TRUE, and where it is
// unknown (a NULL in a field it reads: "路面未知"). A table that lacks a field the
// filter reads does not apply (said once).
struct FilterResult {
  bool applies = false;
  std::vector<uint8_t> yes;
  std::vector<uint8_t> unknown;
  std::string unknown_field;      // the field most often NULL among the unknown features
  std::string missing_field;      // when it does not apply
};
Result<FilterResult> apply_filter(const PrepareContext& ctx, const Item& item, const FeatureTable& t, const std::string& filter, const char* what);

// Candidates of every table of the group under a filter: the qualifying ones, and
// those whose filter is unknown (kept apart so a fail near them is unknown).
struct GroupCandidates {
  std::vector<Candidates> yes;
  std::vector<Candidates> unknown;
  std::string unknown_reason;     // "路面未知" when some feature's filter read a NULL
  size_t tables = 0;              // tables of the group of these kinds
  size_t applicable = 0;          // of which the filter could be read on
  std::string missing_field;      // a field the filter reads that a table lacked
};
Result<GroupCandidates> group_candidates(const PrepareContext& ctx, const Item& item, std::span<const GeometryKind> kinds, const std::string& filter,
                                         const char* what, bool want_shapes);
// Areas a county drew as their boundary lines (供水范围 or 覆盖范围 after 面转线; tour 18 bline: 17 villages' water
// pass→fail): the group's line features that the item's area filter selects, read as the polygons their closed lines
// enclose (tables the candidates own), with a warning; an open line encloses nothing: counted and said, not read.
struct AreaLines {
  GroupCandidates areas;
  size_t closed = 0, open = 0;
  size_t pieced = 0, pieced_areas = 0;  // open lines that enclose areas together (面转线 in pieces), and the areas
};
Result<AreaLines> areas_drawn_as_lines(const PrepareContext& ctx, const Item& item, const std::string& filter, const char* what);
// `into` with the areas read from lines added.
void take_areas(GroupCandidates& into, GroupCandidates&& areas);
// "路面未知" for a field; the Chinese word of a canonical field.
std::string unknown_reason_zh(const std::string& field);
// Why an item is unknown, naming the feature so a clerk can find it: "路面未知：距本村 0 m 的道路
// （roads 图层，编号 631）路面未填或未能识别，无法判断是否达标（要求 ≤ 500 m）".
// `what`: the feature's word ("道路", "设施", "水源"); max_distance_m < 0: no limit to state.
std::string unknown_feature_note(const std::string& reason, const Nearest& n, const char* what, double max_distance_m);

// --- the prepared kinds --------------------------------------------------------------

// An item that cannot be judged from the data (a layer or field is missing): unknown for every target.
struct Unjudgeable {
  std::string reason_zh;
};

struct NetworkPrepared {
  std::vector<Candidates> qualifying;    // candidates (connected to the trunk when required)
  std::vector<Candidates> unconnected;   // candidates that do not reach it
  std::vector<Candidates> unknown;       // features whose filter is unknown
  std::string unknown_reason;
  std::vector<std::vector<int32_t>> component;  // per qualifying table: component of each feature (-1: none); one numbering for the group
  std::vector<std::shared_ptr<const FeatureTable>> owned;  // tables the candidates point into that no layer holds (multi-line features apart)
  std::vector<Candidates> maybe_connected;  // candidates that reach the trunk only through lines whose filter is unknown
};

// Towers' discs: centre, radius, and their boxes indexed.
struct Discs {
  std::vector<Vec2> centre;
  std::vector<double> radius;
  index::SpatialIndex boxes;
};

struct CoveragePrepared {
  std::vector<Candidates> polygons;      // coverage polygons
  Discs discs;                           // tower discs
  std::vector<Candidates> polygons_unknown;  // coverage polygons and towers whose filter reads a NULL (「2G/3G/4G」):
  Discs discs_unknown;                       // where one reaches a village that fails, the fail is unknown
  std::string unknown_reason;
  std::vector<geos::Shape> cover_pieces; // polygon targets: the union of polygons and discs, cut in pieces
  index::SpatialIndex piece_boxes;
  std::vector<Candidates> fibres;        // fibre lines (fiber_filter TRUE)
  std::vector<Candidates> fibre_unknown; // lines whose fiber_filter reads a NULL
  std::string fibre_unknown_reason;
};

struct WaterPrepared {
  std::vector<Candidates> sources;       // pipes and plants
  std::vector<Candidates> served;        // served-area polygons
  std::vector<Candidates> unknown;       // sources whose filter is unknown
  std::string unknown_reason;
  const Raster* dem = nullptr;
};

struct FacilityPrepared {
  std::vector<Candidates> candidates;
  std::vector<Candidates> unknown;
  std::string unknown_reason;
  struct Linked {
    const FeatureTable* table;
    int16_t layer;
    uint32_t feature;
  };
  std::unordered_map<std::string, std::vector<Linked>> by_code;
  const Column* target_code = nullptr;
  // by_code per target row, resolved once when prepared (the check looks a
  // village's facilities up by its row, not by hashing its code per item):
  // target row r's are by_target[by_target_begin[r] .. by_target_begin[r + 1]).
  std::vector<uint32_t> by_target_begin;
  std::vector<Linked> by_target;
};

struct AttributePrepared {
  Expression expression;
  Expression lhs, rhs;                   // `a op b`: the two sides, for the shortfall
  bool comparison = false;
};

struct CombinatorPrepared {
  std::vector<size_t> children;
  bool all = true;                       // all_of; else any_of
};

using PreparedKind = std::variant<Unjudgeable, NetworkPrepared, CoveragePrepared, WaterPrepared, FacilityPrepared, AttributePrepared, CombinatorPrepared>;

struct PreparedItem {
  const Item* item = nullptr;
  std::string noun;                // the item's noun in evidence: noun_zh, else a generic word
  std::string fail_unknown;        // when set, a fail is unknown: part of the data could not be read
  PreparedKind kind;
};

Result<PreparedKind> prepare_network_access(const PrepareContext& ctx, const Item& item, PreparedItem& p);
Result<PreparedKind> prepare_coverage(const PrepareContext& ctx, const Item& item, PreparedItem& p);
Result<PreparedKind> prepare_water(const PrepareContext& ctx, const Item& item, PreparedItem& p);
Result<PreparedKind> prepare_facility(const PrepareContext& ctx, const Item& item, PreparedItem& p);
Result<PreparedKind> prepare_attribute(const PrepareContext& ctx, const Item& item, PreparedItem& p);
PreparedKind prepare_combinator(const RuleSet& rules, const Item& item);

// --- evaluating one cell ----------------------------------------------------------------

void eval_network_access(const NetworkPrepared& p, const PreparedItem& pi, const Target& t, ItemResult& out);
void eval_coverage(const CoveragePrepared& p, const PreparedItem& pi, const Target& t, ItemResult& out);
void eval_water(const WaterPrepared& p, const PreparedItem& pi, const Target& t, ItemResult& out);
void eval_facility(const FacilityPrepared& p, const PreparedItem& pi, const Target& t, ItemResult& out);
void eval_attribute(const AttributePrepared& p, const Item& item, const FeatureTable& targets, size_t row, ItemResult& out);
void eval_combinator(const CombinatorPrepared& p, const RuleSet& rules, std::span<const ItemResult> row, ItemResult& out);

}  // namespace jiuyou::indicators::kinds
