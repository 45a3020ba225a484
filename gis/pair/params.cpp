#include "gis/pair/params.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "gis/util/text.hpp"
#include "gis/util/toml_error.hpp"

namespace jiuyou::pair {

Result<PairMode> parse_pair_mode(std::string_view text) {
  if (text == "one-to-one" || text == "one_to_one" || text == "assignment") return PairMode::one_to_one;
  if (text == "capacitated" || text == "many-to-many" || text == "flow") return PairMode::capacitated;
  if (text == "funds" || text == "funds-flow" || text == "funds_flow") return PairMode::funds;
  return error(ErrorCode::input, "unknown pairing mode '" + std::string(text) + "'").hint("use one-to-one, capacitated or funds");
}

namespace {

ErrorBuilder bad_key(const std::string& path, const std::string& key, const std::string& what) {
  return error(ErrorCode::project, "[pair] " + key + ": " + what).file(path).field(key);
}

}  // namespace

Result<PairSettings> parse_pair_settings(std::string_view toml_text, const std::string& path, const PairSettings& defaults) {
  toml::table root;
  try {
    root = toml::parse(toml_text, path);
  } catch (const toml::parse_error& e) {
    return tl::unexpected<Error>(util::toml_syntax_error(
        e, ErrorCode::project, path, "[pair] in the project file is TOML: mode = \"one-to-one\", candidates = 5 ...", toml_text));
  }
  PairSettings out = defaults;
  const toml::node* section = root.get("pair");
  if (section == nullptr) return out;
  const toml::table* t = section->as_table();
  if (t == nullptr) return error(ErrorCode::project, "[pair] must be a table").file(path).field("pair");

  // A misspelt key gets the "did you mean" the [relocate] and [layers] tables give (tour 10 J15).
  static const std::vector<std::string> known = {"mode", "replan", "distance_weight", "mismatch_weight", "unmet_penalty", "candidates",
                                                 "max_distance_km", "partners_per_helped", "default_max_partners", "funds_unit_cny", "existing"};
  for (const auto& [key, value] : *t) {
    (void)value;
    const std::string k(key.str());
    if (std::find(known.begin(), known.end(), k) != known.end()) continue;
    const std::string meant = util::nearest_name(k, known);
    std::string all;
    for (const auto& n : known) all += (all.empty() ? "" : ", ") + n;
    return bad_key(path, k, "unknown key").hint((meant.empty() ? std::string() : "did you mean '" + meant + "'? ") + "known keys: " + all);
  }

  auto number = [&](const char* key, double& dst, double min_value) -> Result<void> {
    const toml::node* n = t->get(key);
    if (n == nullptr) return {};
    std::optional<double> v;
    if (auto i = n->value_exact<int64_t>()) v = static_cast<double>(*i);
    if (auto d = n->value_exact<double>()) v = *d;
    if (!v) return bad_key(path, key, "expected a number");
    if (!std::isfinite(*v) || *v < min_value)
      return bad_key(path, key, "must be a finite number >= " + std::to_string(static_cast<int>(min_value)) + ", got " + std::to_string(*v));
    dst = *v;
    return {};
  };
  auto integer = [&](const char* key, int& dst, int min_value) -> Result<void> {
    const toml::node* n = t->get(key);
    if (n == nullptr) return {};
    auto v = n->value_exact<int64_t>();
    if (!v) return bad_key(path, key, "expected an integer");
    if (*v < min_value || *v > 1000000)
      return bad_key(path, key, "must lie in " + std::to_string(min_value) + "..1000000, got " + std::to_string(*v));
    dst = static_cast<int>(*v);
    return {};
  };

  PairParams& p = out.params;
  if (const toml::node* n = t->get("mode")) {
    auto s = n->value_exact<std::string>();
    if (!s) return bad_key(path, "mode", "expected a string").hint("one-to-one or capacitated");
    auto m = parse_pair_mode(*s);
    if (!m) return bad_key(path, "mode", m.error().message).hint(m.error().hint);
    p.mode = *m;
  }
  if (const toml::node* n = t->get("replan")) {
    auto b = n->value_exact<bool>();
    if (!b) return bad_key(path, "replan", "expected true or false");
    p.replan = *b;
  }
  if (const toml::node* n = t->get("existing")) {
    auto s = n->value_exact<std::string>();
    if (!s) return bad_key(path, "existing", "expected a path (string)");
    out.existing_pairs = *s;
  }
  for (auto r : {number("distance_weight", p.distance_weight, 0), number("mismatch_weight", p.mismatch_weight, 0),
                 number("unmet_penalty", p.unmet_penalty, 0), number("max_distance_km", p.max_distance_km, 0),
                 integer("candidates", p.candidates, 0), integer("partners_per_helped", p.partners_per_helped, 1),
                 integer("default_max_partners", p.default_max_partners, 1), number("funds_unit_cny", p.funds_unit_cny, 1)}) {
    if (!r) return tl::unexpected(r.error());
  }
  return out;
}

}  // namespace jiuyou::pair
