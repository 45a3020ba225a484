// Rule parameters are typed values: the file's [params] declares each one with
// its default (a number, a boolean or text), and an override ("--param
// incidence_max=3%") must be a value of that type, with a unit where the
// parameter has one. Never expression text: "0.03 OR TRUE" is an error.
#include <charconv>
#include <cmath>

#include "gis/indicators/rule_set_parse.hpp"

namespace jiuyou::indicators::rules_detail {

namespace {

std::string trim(std::string s) {
  const char* ws = " \t\r\n";
  s.erase(0, s.find_first_not_of(ws));
  s.erase(s.find_last_not_of(ws) + 1);
  return s;
}

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

Error param_error(const std::string& name, const std::string& what, const std::string& hint, const std::string& file) {
  Error e;
  e.code = ErrorCode::rules;
  e.message = "parameter '" + name + "': " + what;
  e.file = file;
  e.field = name;
  e.hint = hint;
  return e;
}

// "0.03", "3%"; for a distance (name ends in _m) "800", "800m", "0.8km".
Result<double> parse_number(const std::string& name, const std::string& text, const std::string& file) {
  const bool distance = ends_with(name, "_m");
  const std::string hint = distance ? "a distance in metres, e.g. " + name + "=800 or " + name + "=800m or " + name + "=0.8km"
                                    : "a number, e.g. " + name + "=0.03 or " + name + "=3%";
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  const std::string unit = ec == std::errc() ? trim(std::string(end, text.data() + text.size())) : std::string{};
  double scale = 0;
  if (unit.empty()) scale = 1;
  else if (unit == "%" && !distance) scale = 0.01;
  else if (unit == "m" && distance) scale = 1;
  else if (unit == "km" && distance) scale = 1000;
  if (ec != std::errc() || scale == 0 || !std::isfinite(v * scale))
    return tl::unexpected<Error>(param_error(name, "'" + text + "' is not " + (distance ? "a distance" : "a number"), hint, file));
  return v * scale;
}

}  // namespace

Result<Params> read_params(const toml::table& root, const RuleParams& overrides, const std::string& file) {
  Params params;
  const toml::node* section = root.get("params");
  if (section != nullptr && !section->is_table())
    return tl::unexpected<Error>(param_error("params", "[params] must be a table", "[params]\nincidence_max = 0.02", file));
  if (const auto* p = section != nullptr ? section->as_table() : nullptr) {
    for (const auto& [k, v] : *p) {
      const std::string name(k.str());
      Value value;
      if (auto b = v.value_exact<bool>()) {
        value.type = Value::Type::boolean;
        value.boolean = *b;
      } else if (auto s = v.value_exact<std::string>()) {
        value.type = Value::Type::text;
        value.text = *s;
      } else if (auto d = v.value<double>(); d && (v.is_integer() || v.is_floating_point()) && std::isfinite(*d)) {
        value.type = Value::Type::number;
        value.number = *d;
      } else {
        return tl::unexpected<Error>(param_error(name, "a parameter is a finite number, true/false or \"text\" (line " + std::to_string(v.source().begin.line) + ")",
                                                 "e.g. incidence_max = 0.02", file));
      }
      params[name] = value;
    }
  }
  for (const auto& [name, raw] : overrides) {
    auto it = params.find(name);
    if (it == params.end()) {
      std::string known;
      for (const auto& [n, v] : params) known += (known.empty() ? "" : ", ") + n;
      return tl::unexpected<Error>(param_error(name, "the rule set has no parameter '" + name + "'",
                                               params.empty() ? "this rule set takes no parameters" : "its parameters: " + known, file));
    }
    const std::string text = trim(raw);
    Value& value = it->second;
    if (value.type == Value::Type::number) {
      auto d = parse_number(name, text, file);
      if (!d) return tl::unexpected<Error>(d.error());
      value.number = *d;
    } else if (value.type == Value::Type::boolean) {
      if (text != "true" && text != "false")
        return tl::unexpected<Error>(param_error(name, "'" + text + "' is not true or false", name + "=true or " + name + "=false", file));
      value.boolean = text == "true";
    } else {
      value.text = raw;  // text parameters take any text; it becomes one quoted literal
    }
  }
  return params;
}

}  // namespace jiuyou::indicators::rules_detail
