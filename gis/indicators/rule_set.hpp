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
  // Features this selects count for none of the item's filters (an expressway is no village road, a 2G
  // coverage area no broadband), on the tables that have the fields it reads; a NULL in them excludes nothing.
  std::string exclude_filter;
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
  std::string fiber_filter;        // line features (fibre): one within fiber_max_distance_m serves the village
  double fiber_max_distance_m = -1;
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

// Limits stated up front so that no later stage meets what it cannot handle.
inline constexpr size_t k_max_rule_file_bytes = 4u << 20;  // 4 MiB; the shipped files are < 16 KiB
inline constexpr size_t k_max_items = 1000;                // every item is evaluated for every village
// Each visible item becomes up to 5 columns of result.gpkg; a GeoPackage (SQLite)
// table holds at most 2000 columns, and the village fields and verdicts need room.
inline constexpr size_t k_max_visible_items = 300;
inline constexpr size_t k_max_item_nesting = 32;           // all_of / any_of levels

// `name_or_path`: a shipped rule set id (rules/<id>.toml in $JIUYOU_DATA, the installed
// share/jiuyou or, for an in-tree build, the source's data/: gis/util/data_files.hpp) or a path to a regular .toml file of at most
// k_max_rule_file_bytes. Every item is checked before any work (ErrorCode::rules,
// naming the file, the item and the key): unknown keys (typos) and keys that do not
// apply to the item's kind, values of the wrong type (`required = "no"`), thresholds
// without a unit suffix (_m, _share), distances that are negative or not finite, a
// share outside 0..1, filters and expressions that do not parse or mix types
// (`name > 5`), an attribute expression that is not a condition, unknown child items,
// cycles, too many items.
// `params` override the file's [params]: each value is typed by the parameter's
// declared value (a number: "0.03", "3%", or for a name ending in _m "800", "800m",
// "0.8km"; a boolean: "true"/"false"; text: any text) and substituted for ${name}
// as a literal, never as expression text.
using RuleParams = std::map<std::string, std::string>;
Result<RuleSet> load_rule_set(const std::string& name_or_path, const RuleParams& params = {});
Result<RuleSet> parse_rule_set(const std::string& toml_text, const std::string& file, const RuleParams& params = {});
// The ids of the shipped rule sets.
std::vector<std::string> shipped_rule_sets();

}  // namespace jiuyou::indicators
