// libFuzzer target: the rule-set loader on arbitrary text (TOML syntax, keys,
// values, parameters, expressions, children). An input whose first line is
// "#param VALUE" also overrides the parameter x with VALUE, as --param does.
#include <cstddef>
#include <cstdint>
#include <string>

#include "gis/indicators/rule_set.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  jiuyou::indicators::RuleParams params;
  if (text.rfind("#param ", 0) == 0) params["x"] = text.substr(7, text.find('\n') == std::string::npos ? std::string::npos : text.find('\n') - 7);
  auto rs = jiuyou::indicators::parse_rule_set(text, "fuzz.toml", params);
  if (rs) {
    (void)rs->net4_total();
    (void)rs->jiuyou_total();
  } else {
    (void)rs.error().to_string();
  }
  return 0;
}
