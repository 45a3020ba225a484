#pragma once
// Indicator standards are data: data/rules/<id>.toml, one file per standard
// (Hubei 2017 九有, national 2016, Shaanxi 2017, Guangxi 十一有一低于, or a
// user's own). Each item names its kind, its layer, an attribute filter in OGR
// SQL where-syntax, thresholds with units, and its source.
#include <map>
#include <string>
#include <vector>

#include "gis/model/error.hpp"

namespace jiuyou::indicators {

enum class ItemKind : unsigned char {
  network_access,     // distance to the nearest (connected) feature of a filtered network layer
  coverage,           // share of the village inside coverage polygons / tower discs
  water_convenience,  // safe water within a horizontal and a vertical distance (DEM), or inside a served area
  facility,           // a facility of a kind linked by village_code, inside the village, or within a distance
  attribute,          // an expression over the village's fields (with county aggregates)
  all_of,             // every child item passes
  any_of,             // at least one child item passes
};
const char* to_string(ItemKind k);

struct Item {
  std::string id;        // snake_case, also the output column name
  std::string name_zh;   // 有硬化的通村公路
  std::string name_en;   // Hardened road into the village
  std::string noun_zh;   // what the evidence calls a qualifying feature: 硬化路, 安全水源, 10千伏线路 (optional)
  std::string group;     // industry / infrastructure / public_service / exit
  ItemKind kind = ItemKind::attribute;
  std::string source;    // where the standard says so
  bool in_net4 = false;  // one of 四网
  bool in_jiuyou = false;  // one of 九有
  bool required = true;  // part of the exit verdict (advisory items are reported but do not decide)
  bool visible = true;   // false for helper items used only inside all_of/any_of

  // network_access, coverage, facility, water_convenience
  std::string layer;
  std::string filter;              // OGR SQL where-syntax over that layer's fields
  double max_distance_m = -1;      // < 0: not used
  // network_access
  bool require_connected = false;  // the feature must be in a component that reaches the trunk
  std::string trunk_filter;        // which features of the (filtered) network are trunk
  std::string anchor_filter;       // or: points of the layer (substations) a component must pass near
  double anchor_distance_m = 50;
  double tolerance_m = 1.0;        // noding tolerance
  // coverage
  double min_share = 0.5;          // polygon villages: covered share needed
  std::string tower_filter;        // point features that cover a disc
  double tower_radius_m = -1;      // default radius when the feature has no radius_m
  // water_convenience
  double max_vertical_m = -1;      // needs the DEM
  std::string served_filter;       // polygons inside which water counts as supplied
  // facility
  bool link_by_code = true;        // facilities.village_code == villages.code
  bool inside_counts = true;       // a facility inside the village polygon counts
  // attribute
  std::string expression;
  // all_of / any_of
  std::vector<std::string> children;
};

struct RuleSet {
  std::string id;        // hubei-2017
  std::string name_zh;
  std::string name_en;
  std::string source;    // the document the standard comes from
  std::string note;      // e.g. "the membership of 九有 is one reading of the text"
  std::string file;      // where it was loaded from
  std::vector<Item> items;

  [[nodiscard]] const Item* item(const std::string& item_id) const;
  [[nodiscard]] size_t net4_total() const;
  [[nodiscard]] size_t jiuyou_total() const;
};

// `name_or_path`: a shipped rule set id (data/rules/<id>.toml under JIUYOU_SOURCE_DIR or
// beside the binary's share dir) or a path to a .toml file. Every item is checked
// before any work: unknown kind, missing layer/filter/threshold, a threshold without
// a unit suffix (_m, _share), a filter that does not parse, unknown child items, cycles.
// `params` override the file's [params] (substituted for ${name} in expressions and filters).
using RuleParams = std::map<std::string, std::string>;
Result<RuleSet> load_rule_set(const std::string& name_or_path, const RuleParams& params = {});
Result<RuleSet> parse_rule_set(const std::string& toml_text, const std::string& file, const RuleParams& params = {});
// The ids of the shipped rule sets.
std::vector<std::string> shipped_rule_sets();

}  // namespace jiuyou::indicators
