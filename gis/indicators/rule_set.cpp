#include "gis/indicators/rule_set.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>

#include <toml++/toml.h>

#include "gis/indicators/expression.hpp"

namespace fs = std::filesystem;

namespace jiuyou::indicators {

const char* to_string(ItemKind k) {
  switch (k) {
    case ItemKind::network_access: return "network_access";
    case ItemKind::coverage: return "coverage";
    case ItemKind::water_convenience: return "water_convenience";
    case ItemKind::facility: return "facility";
    case ItemKind::attribute: return "attribute";
    case ItemKind::all_of: return "all_of";
    case ItemKind::any_of: return "any_of";
  }
  return "?";
}

const Item* RuleSet::item(const std::string& item_id) const {
  for (const auto& i : items)
    if (i.id == item_id) return &i;
  return nullptr;
}
size_t RuleSet::net4_total() const {
  return static_cast<size_t>(std::count_if(items.begin(), items.end(), [](const Item& i) { return i.in_net4; }));
}
size_t RuleSet::jiuyou_total() const {
  return static_cast<size_t>(std::count_if(items.begin(), items.end(), [](const Item& i) { return i.in_jiuyou; }));
}

namespace {

const std::vector<std::pair<std::string, ItemKind>> k_kinds = {
    {"network_access", ItemKind::network_access}, {"coverage", ItemKind::coverage}, {"water_convenience", ItemKind::water_convenience},
    {"facility", ItemKind::facility},             {"attribute", ItemKind::attribute}, {"all_of", ItemKind::all_of},
    {"any_of", ItemKind::any_of}};

const std::set<std::string> k_item_keys = {
    "id", "name_zh", "name_en", "group", "kind", "source", "net4", "jiuyou", "required", "visible", "layer", "filter", "max_distance_m",
    "require_connected", "trunk_filter", "anchor_filter", "anchor_distance_m", "tolerance_m", "min_share", "tower_filter", "tower_radius_m",
    "max_vertical_m", "served_filter", "link_by_code", "inside_counts", "expression", "children", "noun_zh"};

std::string substitute(std::string text, const std::map<std::string, std::string>& params, std::string* missing) {
  size_t pos = 0;
  while ((pos = text.find("${", pos)) != std::string::npos) {
    const size_t end = text.find('}', pos);
    if (end == std::string::npos) break;
    const std::string name = text.substr(pos + 2, end - pos - 2);
    auto it = params.find(name);
    if (it == params.end()) {
      *missing = name;
      return text;
    }
    text.replace(pos, end - pos + 1, it->second);
    pos += it->second.size();
  }
  return text;
}

}  // namespace

Result<RuleSet> parse_rule_set(const std::string& text, const std::string& file, const RuleParams& overrides) {
  toml::table tbl;
  try {
    tbl = toml::parse(text, file);
  } catch (const toml::parse_error& e) {
    return error(ErrorCode::rules, std::string("malformed rule file: ") + std::string(e.description()) + " at line " + std::to_string(e.source().begin.line))
        .file(file)
        .hint("rule files are TOML: [rule_set] id = ...; [[items]] id = ..., kind = ...");
  }
  RuleSet rs;
  rs.file = file;
  const auto* head = tbl["rule_set"].as_table();
  if (!head) return error(ErrorCode::rules, "the file has no [rule_set] table").file(file).hint("start with [rule_set] id = \"my-standard\"");
  rs.id = (*head)["id"].value_or(fs::path(file).stem().string());
  rs.name_zh = (*head)["name_zh"].value_or(rs.id);
  rs.name_en = (*head)["name_en"].value_or(rs.id);
  rs.source = (*head)["source"].value_or(std::string{});
  rs.note = (*head)["note"].value_or(std::string{});

  std::map<std::string, std::string> params;
  if (const auto* p = tbl["params"].as_table()) {
    for (const auto& [k, v] : *p) {
      if (auto d = v.value<double>()) {
        std::ostringstream os;
        os << *d;
        params[std::string(k.str())] = os.str();
      } else if (auto s = v.value<std::string>()) {
        params[std::string(k.str())] = "'" + *s + "'";
      }
    }
  }
  for (const auto& [k, v] : overrides) {
    if (!params.count(k))
      return error(ErrorCode::rules, "the rule set has no parameter '" + k + "'").file(file).field(k).hint(params.empty() ? "this rule set takes no parameters" : "see its [params] table");
    params[k] = v;
  }

  const auto* items = tbl["items"].as_array();
  if (!items || items->empty()) return error(ErrorCode::rules, "the rule set has no [[items]]").file(file);
  std::set<std::string> ids;
  for (const auto& node : *items) {
    const auto* it = node.as_table();
    if (!it) return error(ErrorCode::rules, "each [[items]] entry must be a table").file(file);
    Item item;
    item.id = (*it)["id"].value_or(std::string{});
    const std::string where = "line " + std::to_string(it->source().begin.line);
    if (item.id.empty()) return error(ErrorCode::rules, "an item has no id (" + where + ")").file(file).hint("id = \"road\" (letters, digits, _)");
    auto item_error = [&](const std::string& msg, const std::string& field, const std::string& hint) {
      Error e;
      e.code = ErrorCode::rules;
      e.message = "item '" + item.id + "': " + msg;
      e.file = file;
      e.field = field;
      e.hint = hint;
      return tl::unexpected<Error>(e);
    };
    if (!std::all_of(item.id.begin(), item.id.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }))
      return item_error("the id must be letters, digits and _ (it becomes a column name)", "id", "e.g. safe_water");
    if (!ids.insert(item.id).second) return item_error("the id is used twice", "id", "ids must be unique");
    for (const auto& [k, v] : *it) {
      const std::string key(k.str());
      if (k_item_keys.count(key)) continue;
      for (const char* unit_key : {"max_distance_m", "anchor_distance_m", "tolerance_m", "tower_radius_m", "max_vertical_m"}) {
        const std::string base = std::string(unit_key).substr(0, std::string(unit_key).size() - 2);
        if (key == base || key.rfind(base + "_", 0) == 0)
          return item_error("threshold '" + key + "' has no unit", key, std::string("write ") + unit_key + " (metres)");
      }
      if (key == "share" || key == "min") return item_error("threshold '" + key + "' has no unit", key, "write min_share (a fraction 0..1)");
      return item_error("unknown key '" + key + "' (" + where + ")", key, "known keys: id, name_zh, name_en, group, kind, layer, filter, max_distance_m, require_connected, trunk_filter, anchor_filter, min_share, tower_filter, tower_radius_m, max_vertical_m, served_filter, expression, children, net4, jiuyou, required, visible, source");
    }
    const std::string kind = (*it)["kind"].value_or(std::string{});
    auto kit = std::find_if(k_kinds.begin(), k_kinds.end(), [&](const auto& p) { return p.first == kind; });
    if (kit == k_kinds.end())
      return item_error(kind.empty() ? "no kind" : "unknown kind '" + kind + "'", "kind",
                        "kinds: network_access, coverage, water_convenience, facility, attribute, all_of, any_of");
    item.kind = kit->second;
    item.name_zh = (*it)["name_zh"].value_or(item.id);
    item.name_en = (*it)["name_en"].value_or(item.id);
    item.noun_zh = (*it)["noun_zh"].value_or(std::string{});
    item.group = (*it)["group"].value_or(std::string("other"));
    item.source = (*it)["source"].value_or(std::string{});
    item.in_net4 = (*it)["net4"].value_or(false);
    item.in_jiuyou = (*it)["jiuyou"].value_or(false);
    item.required = (*it)["required"].value_or(true);
    item.visible = (*it)["visible"].value_or(true);
    item.layer = (*it)["layer"].value_or(std::string{});
    item.max_distance_m = (*it)["max_distance_m"].value_or(-1.0);
    item.require_connected = (*it)["require_connected"].value_or(false);
    item.anchor_distance_m = (*it)["anchor_distance_m"].value_or(50.0);
    item.tolerance_m = (*it)["tolerance_m"].value_or(1.0);
    item.min_share = (*it)["min_share"].value_or(0.5);
    item.tower_radius_m = (*it)["tower_radius_m"].value_or(-1.0);
    item.max_vertical_m = (*it)["max_vertical_m"].value_or(-1.0);
    item.link_by_code = (*it)["link_by_code"].value_or(true);
    item.inside_counts = (*it)["inside_counts"].value_or(true);
    // Text that may carry ${param}s, checked by parsing.
    struct TextKey { const char* key; std::string* out; };
    const TextKey texts[] = {{"filter", &item.filter}, {"trunk_filter", &item.trunk_filter}, {"anchor_filter", &item.anchor_filter},
                             {"tower_filter", &item.tower_filter}, {"served_filter", &item.served_filter}, {"expression", &item.expression}};
    for (const auto& tk : texts) {
      std::string raw = (*it)[tk.key].value_or(std::string{});
      std::string missing;
      raw = substitute(raw, params, &missing);
      if (!missing.empty()) return item_error("uses ${" + missing + "}, which [params] does not define", tk.key, "add it to [params]");
      if (!raw.empty()) {
        auto parsed = Expression::parse(raw);
        if (!parsed) return item_error(parsed.error().message, tk.key, parsed.error().hint);
      }
      *tk.out = raw;
    }
    if (const auto* kids = (*it)["children"].as_array())
      for (const auto& k : *kids)
        if (auto s = k.value<std::string>()) item.children.push_back(*s);

    // Kind-specific requirements.
    switch (item.kind) {
      case ItemKind::network_access:
        if (item.layer.empty()) return item_error("network_access needs a layer", "layer", "layer = \"roads\"");
        if (item.max_distance_m < 0) return item_error("network_access needs max_distance_m", "max_distance_m", "max_distance_m = 500");
        if (item.require_connected && item.trunk_filter.empty() && item.anchor_filter.empty())
          return item_error("require_connected needs a trunk_filter or an anchor_filter", "trunk_filter", "trunk_filter = \"class IN ('national','provincial','county')\"");
        break;
      case ItemKind::coverage:
        if (item.layer.empty()) return item_error("coverage needs a layer", "layer", "layer = \"broadband\"");
        if (item.filter.empty() && item.tower_filter.empty()) return item_error("coverage needs a filter (polygons) or a tower_filter (points)", "filter", "filter = \"kind = 'coverage'\"");
        if (item.min_share < 0 || item.min_share > 1) return item_error("min_share must be between 0 and 1", "min_share", "min_share = 0.5");
        break;
      case ItemKind::water_convenience:
        if (item.layer.empty()) return item_error("water_convenience needs a layer", "layer", "layer = \"water\"");
        if (item.max_distance_m < 0 && item.served_filter.empty()) return item_error("water_convenience needs max_distance_m or a served_filter", "max_distance_m", "max_distance_m = 800");
        break;
      case ItemKind::facility:
        if (item.layer.empty()) return item_error("facility needs a layer", "layer", "layer = \"facilities\"");
        break;
      case ItemKind::attribute:
        if (item.expression.empty()) return item_error("attribute needs an expression", "expression", "expression = \"collective_income >= 50000\"");
        break;
      case ItemKind::all_of:
      case ItemKind::any_of:
        if (item.children.empty()) return item_error(std::string(to_string(item.kind)) + " needs children", "children", "children = [\"clinic\", \"insured\"]");
        break;
    }
    rs.items.push_back(std::move(item));
  }
  // Children exist and there are no cycles.
  std::function<bool(const std::string&, std::vector<std::string>&)> acyclic = [&](const std::string& id, std::vector<std::string>& stack) {
    if (std::find(stack.begin(), stack.end(), id) != stack.end()) return false;
    stack.push_back(id);
    for (const auto& c : rs.item(id)->children)
      if (!acyclic(c, stack)) return false;
    stack.pop_back();
    return true;
  };
  for (const auto& item : rs.items) {
    for (const auto& c : item.children)
      if (!rs.item(c))
        return error(ErrorCode::rules, "item '" + item.id + "': child '" + c + "' is not an item of this rule set").file(file).field("children");
    std::vector<std::string> stack;
    if (!acyclic(item.id, stack)) return error(ErrorCode::rules, "item '" + item.id + "': its children refer back to it (a cycle)").file(file).field("children");
  }
  return rs;
}

std::vector<std::string> shipped_rule_sets() {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(fs::path(JIUYOU_SOURCE_DIR) / "data" / "rules", ec))
    if (e.path().extension() == ".toml") out.push_back(e.path().stem().string());
  std::sort(out.begin(), out.end());
  return out;
}

Result<RuleSet> load_rule_set(const std::string& name_or_path, const RuleParams& params) {
  fs::path path(name_or_path);
  std::error_code ec;
  if (path.extension() != ".toml") {
    const fs::path candidates[] = {fs::path(JIUYOU_SOURCE_DIR) / "data" / "rules" / (name_or_path + ".toml"),
                                   fs::path("data") / "rules" / (name_or_path + ".toml")};
    path.clear();
    for (const auto& c : candidates)
      if (fs::exists(c, ec)) { path = c; break; }
    if (path.empty()) {
      std::string known;
      for (const auto& s : shipped_rule_sets()) known += (known.empty() ? "" : ", ") + s;
      return error(ErrorCode::rules, "no rule set named '" + name_or_path + "'").hint("shipped: " + known + "; or give a path to your own .toml");
    }
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return error(ErrorCode::io, "cannot read the rule file").file(path.string()).hint("check the path");
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_rule_set(ss.str(), path.string(), params);
}

}  // namespace jiuyou::indicators
