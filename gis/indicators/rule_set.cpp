#include "gis/indicators/rule_set.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <unordered_set>

#include "gis/indicators/rule_set_parse.hpp"
#include "gis/util/data_files.hpp"
#include "gis/util/text.hpp"
#include "gis/util/toml_error.hpp"

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

using rules_detail::Params;

Result<void> check_keys(const toml::table& t, std::initializer_list<const char*> known, const std::string& where, const std::string& file) {
  for (const auto& [k, v] : t) {
    const std::string key(k.str());
    if (std::find_if(known.begin(), known.end(), [&](const char* s) { return key == s; }) != known.end()) continue;
    std::string list;
    for (const char* s : known) list += (list.empty() ? "" : ", ") + std::string(s);
    return error(ErrorCode::rules, where + ": unknown key '" + key.substr(0, 64) + "' (line " + std::to_string(v.source().begin.line) + ")")
        .file(file)
        .field(key.substr(0, 64))
        .hint("known: " + list);
  }
  return {};
}

Result<void> read_head(const toml::table& root, RuleSet& rs) {
  if (auto r = check_keys(root, {"rule_set", "params", "items"}, "the rule file", rs.file); !r) return r;
  const auto* head = root["rule_set"].as_table();
  if (!head) return error(ErrorCode::rules, "the file has no [rule_set] table").file(rs.file).hint("start with [rule_set] id = \"my-standard\"");
  if (auto r = check_keys(*head, {"id", "name_zh", "name_en", "source", "note"}, "[rule_set]", rs.file); !r) return r;
  for (const auto& [k, v] : *head)
    if (!v.is_string())
      return error(ErrorCode::rules, "[rule_set] " + std::string(k.str()) + " must be \"text\" (line " + std::to_string(v.source().begin.line) + ")")
          .file(rs.file)
          .field(std::string(k.str()));
  rs.id = (*head)["id"].value_or(fs::path(rs.file).stem().string());
  rs.name_zh = (*head)["name_zh"].value_or(rs.id);
  rs.name_en = (*head)["name_en"].value_or(rs.id);
  rs.source = (*head)["source"].value_or(std::string{});
  rs.note = (*head)["note"].value_or(std::string{});
  return {};
}

Result<void> read_items(const toml::table& root, const Params& params, RuleSet& rs) {
  const toml::node* node = root.get("items");
  const auto* items = node != nullptr ? node->as_array() : nullptr;
  if (!items || items->empty()) return error(ErrorCode::rules, "the rule set has no [[items]]").file(rs.file).hint("[[items]]\nid = \"road\"\nkind = \"network_access\" ...");
  if (items->size() > k_max_items)
    return error(ErrorCode::rules, "the rule set has " + std::to_string(items->size()) + " items; at most " + std::to_string(k_max_items) + " are supported")
        .file(rs.file)
        .field("items")
        .hint("every item is evaluated for every village; a standard has a few dozen");
  std::unordered_set<std::string> ids;
  size_t visible = 0;
  for (const auto& n : *items) {
    auto item = rules_detail::read_item(n, params, rs.file);
    if (!item) return tl::unexpected<Error>(item.error());
    if (!ids.insert(item->id).second) return tl::unexpected<Error>(rules_detail::item_error(*item, &n, "the id is used twice", "id", "ids must be unique", rs.file));
    visible += item->visible ? 1 : 0;
    rs.items.push_back(std::move(*item));
  }
  if (visible > k_max_visible_items)
    return error(ErrorCode::rules, std::to_string(visible) + " items are visible; at most " + std::to_string(k_max_visible_items) +
                                       " fit in the result (each becomes up to 5 columns of result.gpkg, and a GeoPackage table holds at most 2000 columns)")
        .file(rs.file)
        .field("visible")
        .hint("mark helper items used only inside all_of/any_of with visible = false");
  return rules_detail::check_children(rs.items, rs.file);
}

}  // namespace

Result<RuleSet> parse_rule_set(const std::string& text, const std::string& file, const RuleParams& overrides) {
  if (text.size() > k_max_rule_file_bytes)
    return error(ErrorCode::rules, "the rule file is " + std::to_string(text.size()) + " bytes; at most " + std::to_string(k_max_rule_file_bytes) + " are read")
        .file(file)
        .hint("a rule set is a few kilobytes of TOML: is this the right file?");
  toml::table root;
  try {
    root = toml::parse(text, file);
  } catch (const toml::parse_error& e) {
    return tl::unexpected<Error>(util::toml_syntax_error(e, ErrorCode::rules, file, "rule files are TOML: [rule_set] id = ...; [[items]] id = ..., kind = ...", text));
  }
  RuleSet rs;
  rs.file = file;
  if (auto r = read_head(root, rs); !r) return tl::unexpected<Error>(r.error());
  auto params = rules_detail::read_params(root, overrides, file);
  if (!params) return tl::unexpected<Error>(params.error());
  if (auto r = read_items(root, *params, rs); !r) return tl::unexpected<Error>(r.error());
  return rs;
}

std::vector<std::string> shipped_rule_sets() { return util::list_data_files("rules", ".toml"); }

Result<RuleSet> load_rule_set(const std::string& name_or_path, const RuleParams& params) {
  fs::path path(name_or_path);
  std::error_code ec;
  if (path.extension() != ".toml") {
    const auto found = util::find_data_file("rules", name_or_path + ".toml");
    if (!found && util::no_data_dir()) return error(ErrorCode::io, util::k_no_data_dir_message).hint(util::no_data_dir_hint());
    if (!found) {
      std::string known;
      for (const auto& s : shipped_rule_sets()) known += (known.empty() ? "" : ", ") + s;
      const std::string meant = util::nearest_name(name_or_path, shipped_rule_sets());
      return error(ErrorCode::rules, "no rule set named '" + name_or_path + "'" + (meant.empty() ? "" : " (did you mean '" + meant + "'?)"))
          .hint("shipped: " + (known.empty() ? std::string("none") : known) + " (looked in " + util::data_dirs_text() + "); or give a path to your own .toml");
    }
    path = *found;
  }
  if (!fs::exists(path, ec)) return error(ErrorCode::io, "the rule file does not exist").file(path.string()).hint("check the path");
  if (!fs::is_regular_file(path, ec))
    return error(ErrorCode::rules, "the rule file is not a regular file (a folder or a device)").file(path.string()).hint("give the path of a .toml file");
  std::ifstream in(path, std::ios::binary);
  if (!in) return error(ErrorCode::io, "cannot read the rule file").file(path.string()).hint("check the path and its permissions");
  // Read at most one byte past the limit, so that a file that grows while read is still refused.
  std::string text(k_max_rule_file_bytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(in.gcount()));
  return parse_rule_set(text, path.string(), params);
}

}  // namespace jiuyou::indicators
