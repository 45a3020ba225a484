#pragma once
// Internal to the rule-set loader (rule_set.cpp, rule_set_items.cpp,
// rule_set_params.cpp): limits, typed parameters and the reading of one item.
#include <map>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "gis/indicators/expression.hpp"
#include "gis/indicators/rule_set.hpp"

namespace jiuyou::indicators::rules_detail {

// Parameters by name, each a typed value (number, text or boolean).
using Params = std::map<std::string, Value>;

// [params] of the file, with `overrides` (NAME -> "3%", "0.03", "800m", "true")
// parsed against the declared parameter's type. Errors name the parameter.
Result<Params> read_params(const toml::table& root, const RuleParams& overrides, const std::string& file);

// One [[items]] entry: every key known, of its type and range, applicable to
// the item's kind; texts with ${params} substituted as literals and
// expressions parsed and type-checked against the canonical fields.
Result<Item> read_item(const toml::node& node, const Params& params, const std::string& file);

// Children exist, there is no cycle and all_of/any_of nest at most
// k_max_item_nesting levels; linear in the number of items and children.
Result<void> check_children(const std::vector<Item>& items, const std::string& file);

// "item 'road' (line 12): what", ErrorCode::rules, the file and the key set.
Error item_error(const Item& item, const toml::node* at, const std::string& what, const std::string& key, const std::string& hint,
                 const std::string& file);

}  // namespace jiuyou::indicators::rules_detail
