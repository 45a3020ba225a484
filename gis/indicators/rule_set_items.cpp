// One [[items]] entry of a rule file, read against a table of its keys: each
// key has a type, a range and the kinds it applies to, so a typo, a string
// where a boolean belongs, nan/inf or a negative distance is an error naming
// the item and the key before any work is done.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <unordered_map>
#include <variant>

#include "gis/indicators/rule_set_parse.hpp"
#include "gis/io/schema.hpp"
#include "gis/util/text.hpp"

namespace jiuyou::indicators::rules_detail {

namespace {

using K = ItemKind;
constexpr unsigned bit(K k) { return 1u << static_cast<unsigned>(k); }
constexpr unsigned k_all = 0xFFu;
constexpr unsigned k_layered = bit(K::network_access) | bit(K::coverage) | bit(K::water_convenience) | bit(K::facility);

enum class Check : unsigned char { none, distance, share, expression, id_list };

struct KeySpec {
  const char* key;
  std::variant<std::string Item::*, bool Item::*, double Item::*, std::vector<std::string> Item::*> member;
  unsigned kinds;
  Check check = Check::none;
  double max = 0;  // distances: the largest sensible value
};

// Distances up to 1000 km (a county is far smaller); noding tolerance up to 1 km.
const std::vector<KeySpec>& key_specs() {
  static const std::vector<KeySpec> specs = {
      {"id", &Item::id, k_all},
      {"name_zh", &Item::name_zh, k_all},
      {"name_en", &Item::name_en, k_all},
      {"noun_zh", &Item::noun_zh, k_all},
      {"group", &Item::group, k_all},
      {"kind", &Item::id, k_all},  // read first, separately
      {"source", &Item::source, k_all},
      {"net4", &Item::in_net4, k_all},
      {"jiuyou", &Item::in_jiuyou, k_all},
      {"required", &Item::required, k_all},
      {"visible", &Item::visible, k_all},
      {"layer", &Item::layer, k_layered},
      {"filter", &Item::filter, k_layered, Check::expression},
      {"exclude_filter", &Item::exclude_filter, k_layered, Check::expression},
      {"max_distance_m", &Item::max_distance_m, bit(K::network_access) | bit(K::water_convenience) | bit(K::facility), Check::distance, 1e6},
      {"require_connected", &Item::require_connected, bit(K::network_access)},
      {"trunk_filter", &Item::trunk_filter, bit(K::network_access), Check::expression},
      {"anchor_filter", &Item::anchor_filter, bit(K::network_access), Check::expression},
      {"anchor_distance_m", &Item::anchor_distance_m, bit(K::network_access), Check::distance, 1e6},
      {"tolerance_m", &Item::tolerance_m, bit(K::network_access), Check::distance, 1000},
      {"min_share", &Item::min_share, bit(K::coverage), Check::share},
      {"tower_filter", &Item::tower_filter, bit(K::coverage), Check::expression},
      {"tower_radius_m", &Item::tower_radius_m, bit(K::coverage), Check::distance, 1e6},
      {"fiber_filter", &Item::fiber_filter, bit(K::coverage), Check::expression},
      {"fiber_max_distance_m", &Item::fiber_max_distance_m, bit(K::coverage), Check::distance, 1e6},
      {"max_vertical_m", &Item::max_vertical_m, bit(K::water_convenience), Check::distance, 1e4},
      {"served_filter", &Item::served_filter, bit(K::water_convenience), Check::expression},
      {"link_by_code", &Item::link_by_code, bit(K::facility)},
      {"inside_counts", &Item::inside_counts, bit(K::facility)},
      {"expression", &Item::expression, bit(K::attribute), Check::expression},
      {"children", &Item::children, bit(K::all_of) | bit(K::any_of), Check::id_list},
  };
  return specs;
}

const std::vector<std::pair<std::string, ItemKind>> k_kinds = {
    {"network_access", K::network_access}, {"coverage", K::coverage}, {"water_convenience", K::water_convenience},
    {"facility", K::facility},             {"attribute", K::attribute}, {"all_of", K::all_of},
    {"any_of", K::any_of}};

using util::edit_distance;

// What is wrong with a key that is not in the table, and the hint: a unit
// missing, or the nearest known key.
std::pair<std::string, std::string> unknown_key(const std::string& key, unsigned kind_bit) {
  for (const auto& s : key_specs()) {
    const std::string k(s.key);
    if (k.size() > 2 && k.compare(k.size() - 2, 2, "_m") == 0) {
      const std::string base = k.substr(0, k.size() - 2);
      if (key == base || key.rfind(base + "_", 0) == 0) return {"threshold '" + key + "' has no unit", "write " + k + " (metres)"};
    }
  }
  if (key == "share" || key == "min") return {"threshold '" + key + "' has no unit", "write min_share (a fraction 0..1)"};
  const std::string shown = key.size() > 64 ? key.substr(0, 64) + "…" : key;
  std::string best, known;
  size_t best_d = 3;
  for (const auto& s : key_specs()) {
    if ((s.kinds & kind_bit) == 0) continue;
    known += (known.empty() ? "" : ", ") + std::string(s.key);
    if (key.size() < 64) {
      const size_t d = edit_distance(key, s.key);
      if (d < best_d) { best_d = d; best = s.key; }
    }
  }
  return {"unknown key '" + shown + "'", (best.empty() ? std::string{} : "did you mean '" + best + "'? ") + "keys of this kind: " + known};
}

std::string kind_names(unsigned kinds) {
  std::string out;
  for (const auto& [name, k] : k_kinds)
    if (kinds & bit(k)) out += (out.empty() ? "" : ", ") + name;
  return out;
}

std::string type_name(const toml::node& v) {
  if (v.is_string()) return "the text \"" + v.value_or(std::string{}).substr(0, 40) + "\"";
  if (v.is_boolean()) return "a boolean";
  if (v.is_integer() || v.is_floating_point()) return "a number";
  if (v.is_array()) return "a list";
  if (v.is_table()) return "a table";
  return "a date or time";
}

// 500, 0.25, -5, 1e+300: what the user wrote, readably.
std::string number_text(double d) {
  if (std::isnan(d)) return "nan";
  if (std::isinf(d)) return d > 0 ? "inf" : "-inf";
  char buf[64];
  if (d == std::floor(d) && std::abs(d) < 1e15) {
    std::snprintf(buf, sizeof buf, "%.0f", d);
    return buf;
  }
  std::snprintf(buf, sizeof buf, "%.17g", d);
  return buf;
}

struct Reader {
  Item& item;
  const toml::table& table;
  const Params& params;
  const std::string& file;

  tl::unexpected<Error> fail(const toml::node* at, const std::string& what, const std::string& key, const std::string& hint) const {
    return tl::unexpected<Error>(item_error(item, at, what, key, hint, file));
  }
  Result<void> read(const KeySpec& spec, const toml::node& v) const;
  Result<void> read_number(const KeySpec& spec, const toml::node& v, double& out) const;
  Result<void> read_expression(const KeySpec& spec, const toml::node& v, std::string& out) const;
  Result<void> read_ids(const KeySpec& spec, const toml::node& v, std::vector<std::string>& out) const;
};

Result<void> Reader::read(const KeySpec& spec, const toml::node& v) const {
  if (auto* text = std::get_if<std::string Item::*>(&spec.member)) {
    if (spec.check == Check::expression) return read_expression(spec, v, item.*(*text));
    if (!v.is_string()) return fail(&v, std::string(spec.key) + " must be \"text\", not " + type_name(v), spec.key, std::string(spec.key) + " = \"...\"");
    item.*(*text) = *v.value<std::string>();
    return {};
  }
  if (auto* flag = std::get_if<bool Item::*>(&spec.member)) {
    if (!v.is_boolean())
      return fail(&v, std::string(spec.key) + " must be true or false, not " + type_name(v), spec.key, std::string(spec.key) + " = false (without quotes)");
    item.*(*flag) = *v.value<bool>();
    return {};
  }
  if (auto* number = std::get_if<double Item::*>(&spec.member)) return read_number(spec, v, item.*(*number));
  return read_ids(spec, v, item.*std::get<std::vector<std::string> Item::*>(spec.member));
}

Result<void> Reader::read_number(const KeySpec& spec, const toml::node& v, double& out) const {
  const std::string key(spec.key);
  const auto d = v.is_integer() || v.is_floating_point() ? v.value<double>() : std::nullopt;
  if (!d) return fail(&v, key + " must be a number, not " + type_name(v), key, key + " = 500 (without quotes)");
  if (spec.check == Check::share && !(*d >= 0 && *d <= 1))
    return fail(&v, key + " = " + number_text(*d) + " is not a share between 0 and 1", key, "min_share = 0.5 (a fraction: 50 % is 0.5)");
  if (spec.check == Check::distance && !(std::isfinite(*d) && *d >= 0 && *d <= spec.max))
    return fail(&v, key + " = " + number_text(*d) + " is not a distance: it must be a finite number of metres from 0 to " + number_text(spec.max), key, key + " = 500");
  out = *d;
  return {};
}

Result<void> Reader::read_expression(const KeySpec& spec, const toml::node& v, std::string& out) const {
  const std::string key(spec.key);
  if (!v.is_string()) return fail(&v, key + " must be a \"quoted\" expression, not " + type_name(v), key, key + " = \"kind = 'clinic'\"");
  auto text = substitute_params(*v.value<std::string>(), params);
  if (!text) return fail(&v, text.error().message, key, text.error().hint);
  auto parsed = Expression::parse(*text);
  if (!parsed) return fail(&v, parsed.error().message, key, parsed.error().hint);
  // Filters read the item's layer, expressions the villages: typed by the data contract's fields.
  FieldTypes types;
  for (const auto& f : io::canonical_fields(item.kind == K::attribute ? io::target_layer : item.layer)) types.emplace(f.name, f.type);
  if (auto t = parsed->check_types(types, true); !t) return fail(&v, t.error().message, key, t.error().hint);
  out = std::move(*text);
  return {};
}

Result<void> Reader::read_ids(const KeySpec& spec, const toml::node& v, std::vector<std::string>& out) const {
  const std::string key(spec.key);
  const auto* list = v.as_array();
  if (list == nullptr) return fail(&v, key + " must be a list of item ids, not " + type_name(v), key, key + " = [\"clinic\", \"insured\"]");
  for (const auto& k : *list) {
    const auto s = k.value_exact<std::string>();
    if (!s || s->empty()) return fail(&k, key + " must hold item ids (\"text\"), not " + type_name(k), key, key + " = [\"clinic\", \"insured\"]");
    out.push_back(*s);
  }
  return {};
}

Result<void> read_kind(Item& item, const toml::table& it, const std::string& file) {
  const toml::node* node = it.get("kind");
  const std::string kind = node != nullptr ? node->value_or(std::string{}) : std::string{};
  auto kit = std::find_if(k_kinds.begin(), k_kinds.end(), [&](const auto& p) { return p.first == kind; });
  if (kit == k_kinds.end())
    return tl::unexpected<Error>(item_error(item, node != nullptr ? node : &it, kind.empty() ? "no kind" : "unknown kind '" + kind + "'", "kind",
                                            "kinds: " + kind_names(k_all), file));
  item.kind = kit->second;
  return {};
}

// What each kind cannot do without.
Result<void> check_required(const Item& item, const toml::table& it, const std::string& file) {
  auto need = [&](const std::string& what, const std::string& key, const std::string& hint) {
    return tl::unexpected<Error>(item_error(item, &it, what, key, hint, file));
  };
  const std::string kind = to_string(item.kind);
  if ((bit(item.kind) & k_layered) && item.layer.empty()) return need(kind + " needs a layer", "layer", "layer = \"roads\"");
  switch (item.kind) {
    case K::network_access:
      if (item.max_distance_m < 0) return need("network_access needs max_distance_m", "max_distance_m", "max_distance_m = 500");
      if (item.require_connected && item.trunk_filter.empty() && item.anchor_filter.empty())
        return need("require_connected needs a trunk_filter or an anchor_filter", "trunk_filter", "trunk_filter = \"class IN ('national','provincial','county')\"");
      break;
    case K::coverage:
      if (item.filter.empty() && item.tower_filter.empty() && item.fiber_filter.empty())
        return need("coverage needs a filter (polygons), a tower_filter (points) or a fiber_filter (lines)", "filter", "filter = \"kind = 'coverage'\"");
      if (!item.fiber_filter.empty() && item.fiber_max_distance_m < 0)
        return need("fiber_filter needs fiber_max_distance_m (how near a fibre line must pass)", "fiber_max_distance_m", "fiber_max_distance_m = 500");
      if (item.fiber_filter.empty() && item.fiber_max_distance_m >= 0)
        return need("fiber_max_distance_m needs a fiber_filter (which lines are fibre)", "fiber_filter", "fiber_filter = \"kind = 'fiber'\"");
      break;
    case K::water_convenience:
      if (item.max_distance_m < 0 && item.served_filter.empty()) return need("water_convenience needs max_distance_m or a served_filter", "max_distance_m", "max_distance_m = 800");
      if (item.max_vertical_m >= 0 && item.max_distance_m < 0) return need("max_vertical_m needs max_distance_m (how far to look for the source)", "max_distance_m", "max_distance_m = 800");
      break;
    case K::attribute:
      if (item.expression.empty()) return need("attribute needs an expression", "expression", "expression = \"collective_income >= 50000\"");
      break;
    case K::all_of:
    case K::any_of:
      if (item.children.empty()) return need(kind + " needs children", "children", "children = [\"clinic\", \"insured\"]");
      break;
    case K::facility: break;
  }
  return {};
}

}  // namespace

Error item_error(const Item& item, const toml::node* at, const std::string& what, const std::string& key, const std::string& hint,
                 const std::string& file) {
  Error e;
  e.code = ErrorCode::rules;
  const std::string id = item.id.size() > 64 ? item.id.substr(0, 64) + "…" : item.id;
  e.message = "item '" + id + "'" + (at != nullptr ? " (line " + std::to_string(at->source().begin.line) + ")" : std::string{}) + ": " + what;
  e.file = file;
  e.field = key;
  e.hint = hint;
  return e;
}

Result<Item> read_item(const toml::node& node, const Params& params, const std::string& file) {
  Item item;
  const auto* it = node.as_table();
  if (it == nullptr) return tl::unexpected<Error>(item_error(item, &node, "each [[items]] entry must be a table", "items", "[[items]]\nid = \"road\"", file));
  const toml::node* id = it->get("id");
  if (id == nullptr || !id->is_string() || id->value_or(std::string{}).empty())
    return tl::unexpected<Error>(item_error(item, id != nullptr ? id : &node, "an item needs an id (\"text\")", "id", "id = \"road\" (letters, digits, _)", file));
  item.id = *id->value<std::string>();
  if (!std::all_of(item.id.begin(), item.id.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }) || item.id.size() > 60)
    return tl::unexpected<Error>(item_error(item, id, "the id must be at most 60 letters, digits and _ (it becomes a column name)", "id", "e.g. safe_water", file));
  if (auto k = read_kind(item, *it, file); !k) return tl::unexpected<Error>(k.error());
  item.name_zh = item.name_en = item.id;
  item.group = "other";
  const Reader reader{item, *it, params, file};
  // Keys in table order, except that the layer is read first: filters are typed by its fields.
  std::vector<std::pair<std::string, const toml::node*>> keys;
  for (const auto& [k, v] : *it) keys.emplace_back(std::string(k.str()), &v);
  std::stable_partition(keys.begin(), keys.end(), [](const auto& kv) { return kv.first == "layer"; });
  for (const auto& kv : keys) {
    const std::string& key = kv.first;
    const toml::node* v = kv.second;
    const auto& specs = key_specs();
    auto spec = std::find_if(specs.begin(), specs.end(), [&](const KeySpec& s) { return key == s.key; });
    const std::string shown = key.size() > 64 ? key.substr(0, 64) + "…" : key;
    if (spec == specs.end()) {
      const auto [what, hint] = unknown_key(key, bit(item.kind));
      return reader.fail(v, what, shown, hint);
    }
    if ((spec->kinds & bit(item.kind)) == 0)
      return reader.fail(v, "'" + key + "' does not apply to a " + to_string(item.kind) + " item", key, "it is a key of: " + kind_names(spec->kinds));
    if (key == "id" || key == "kind") continue;
    if (auto r = reader.read(*spec, *v); !r) return tl::unexpected<Error>(r.error());
  }
  if (auto r = check_required(item, *it, file); !r) return tl::unexpected<Error>(r.error());
  return item;
}

Result<void> check_children(const std::vector<Item>& items, const std::string& file) {
  std::unordered_map<std::string, size_t> index;
  for (size_t i = 0; i < items.size(); ++i) index.emplace(items[i].id, i);
  std::vector<std::vector<size_t>> kids(items.size());
  for (size_t i = 0; i < items.size(); ++i)
    for (const auto& c : items[i].children) {
      auto it = index.find(c);
      if (it == index.end())
        return tl::unexpected<Error>(item_error(items[i], nullptr, "child '" + c.substr(0, 64) + "' is not an item of this rule set", "children", "children name other items' ids", file));
      kids[i].push_back(it->second);
    }
  // Depth-first with an explicit stack: 0 unseen, 1 on the path, 2 done (depth known).
  std::vector<uint8_t> state(items.size(), 0);
  std::vector<size_t> depth(items.size(), 1);
  for (size_t root = 0; root < items.size(); ++root) {
    if (state[root] != 0) continue;
    std::vector<std::pair<size_t, size_t>> stack{{root, 0}};  // item, next child
    state[root] = 1;
    while (!stack.empty()) {
      auto& [i, next] = stack.back();
      if (next < kids[i].size()) {
        const size_t c = kids[i][next++];
        if (state[c] == 1)
          return tl::unexpected<Error>(item_error(items[c], nullptr, "its children refer back to it (a cycle through '" + items[i].id + "')", "children", "an all_of/any_of item cannot contain itself", file));
        if (state[c] == 0) {
          state[c] = 1;
          stack.emplace_back(c, 0);
        }
        continue;
      }
      for (size_t c : kids[i]) depth[i] = std::max(depth[i], depth[c] + 1);
      if (depth[i] > k_max_item_nesting)
        return tl::unexpected<Error>(item_error(items[i], nullptr, "all_of/any_of items nest more than " + std::to_string(k_max_item_nesting) + " levels deep", "children",
                                                "flatten the chain: one all_of item can list many children", file));
      state[i] = 2;
      stack.pop_back();
    }
  }
  return {};
}

}  // namespace jiuyou::indicators::rules_detail
