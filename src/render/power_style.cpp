#include "src/render/power_style.hpp"

#include <cmath>
#include <cstdio>

#include <toml++/toml.h>

#include "gis/util/toml_error.hpp"
#include "jiuyou_styles.hpp"
#include "gis/util/general.hpp"

namespace jiuyou::render {

namespace {

constexpr std::string_view k_kv = "{kv}";

std::optional<Rgba> parse_hex_color(std::string_view s) {
  if (s.size() != 7 || s[0] != '#') return std::nullopt;
  const auto hex = [&](size_t i) -> int {
    const auto digit = [](char c) { return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1; };
    const int hi = digit(s[i]), lo = digit(s[i + 1]);
    return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
  };
  const int r = hex(1), g = hex(3), b = hex(5);
  if (r < 0 || g < 0 || b < 0) return std::nullopt;
  return Rgba{static_cast<uint8_t>(r), static_cast<uint8_t>(g), static_cast<uint8_t>(b), 255};
}

// One class table ({label, color, width_px}); `where` names it in errors.
Result<PowerClass> parse_class(const toml::node_view<const toml::node>& node, const std::string& source, const std::string& where) {
  const auto fail = [&](const std::string& what, const std::string& hint) {
    return error(ErrorCode::input, "power style " + where + ": " + what).file(source).hint(hint);
  };
  if (!node.is_table()) return fail("is not a table", "write it as [" + where + "] with label, color and width_px");
  const auto label = node["label"].value<std::string>();
  if (!label || label->empty()) return fail("has no label", "add label = \"...\" (\"{kv}\" stands for the line's voltage)");
  const auto color_text = node["color"].value<std::string>();
  const auto color = color_text ? parse_hex_color(*color_text) : std::nullopt;
  if (!color) return fail("color is missing or not \"#rrggbb\"", "write color = \"#6e1478\"");
  const auto width = node["width_px"].value<double>();
  if (!width || !(*width > 0) || *width > 50) return fail("width_px is missing or not in (0, 50]", "write width_px = 2.0");
  return PowerClass{*label, *color, static_cast<float>(*width)};
}

Result<std::vector<VoltageClass>> parse_voltage_classes(const toml::table& root, const std::string& source) {
  std::vector<VoltageClass> out;
  const toml::array* classes = root["lines"]["class"].as_array();
  if (!classes || classes->empty())
    return error(ErrorCode::input, "power style has no [[lines.class]]").file(source).hint("list the voltage classes as [[lines.class]] tables");
  for (size_t i = 0; i < classes->size(); ++i) {
    const std::string where = "lines.class #" + std::to_string(i + 1);
    const toml::node_view<const toml::node> node{classes->get(i)};
    auto style = parse_class(node, source, where);
    if (!style) return tl::unexpected(style.error());
    const auto lo = node["min_kv"].value<double>(), hi = node["max_kv"].value<double>();
    if (!lo || !hi || !(*lo > 0) || !(*hi > *lo))
      return error(ErrorCode::input, "power style " + where + ": min_kv and max_kv must be numbers with 0 < min_kv < max_kv")
          .file(source)
          .hint("write min_kv = 110 and max_kv = 800 (the class holds min_kv <= kV < max_kv)");
    out.push_back({*lo, *hi, std::move(*style)});
  }
  return out;
}

}  // namespace

Result<PowerStyles> parse_power_styles(std::string_view toml_text, const std::string& source) {
  toml::table root;
  try {
    root = toml::parse(toml_text, source);
  } catch (const toml::parse_error& e) {
    return tl::unexpected(util::toml_syntax_error(e, ErrorCode::input, source, "see data/styles/power.toml for the shape"));
  }
  const toml::table& r = root;
  PowerStyles s;
  auto lines = parse_voltage_classes(r, source);
  if (!lines) return tl::unexpected(lines.error());
  s.lines = std::move(*lines);
  auto unknown_line = parse_class(r["lines"]["unknown"], source, "lines.unknown");
  if (!unknown_line) return tl::unexpected(unknown_line.error());
  s.unknown_line = std::move(*unknown_line);
  auto unknown_point = parse_class(r["points"]["unknown"], source, "points.unknown");
  if (!unknown_point) return tl::unexpected(unknown_point.error());
  s.unknown_point = std::move(*unknown_point);
  if (const toml::table* kinds = r["points"]["kinds"].as_table())
    for (const auto& [key, node] : *kinds) {
      auto c = parse_class(toml::node_view<const toml::node>{&node}, source, "points.kinds." + std::string(key.str()));
      if (!c) return tl::unexpected(c.error());
      s.point_kinds.emplace(std::string(key.str()), std::move(*c));
    }
  return s;
}

const Result<PowerStyles>& power_styles() {
  static const Result<PowerStyles> styles = parse_power_styles(style_source::power_toml, "data/styles/power.toml");
  return styles;
}

std::string format_kv(double kv) { return util::general(kv); }

PowerClass line_class(const PowerStyles& styles, std::optional<double> kv) {
  if (!kv || !std::isfinite(*kv)) return styles.unknown_line;
  for (const VoltageClass& c : styles.lines)
    if (*kv >= c.min_kv && *kv < c.max_kv) {
      PowerClass out = c.style;
      if (const size_t at = out.label.find(k_kv); at != std::string::npos) out.label.replace(at, k_kv.size(), format_kv(*kv));
      return out;
    }
  return styles.unknown_line;
}

PowerClass point_class(const PowerStyles& styles, std::string_view kind) {
  const auto it = styles.point_kinds.find(kind);
  return it == styles.point_kinds.end() ? styles.unknown_point : it->second;
}

std::vector<std::string> power_style_strings(const PowerStyles& styles) {
  std::vector<std::string> out{styles.unknown_line.label, styles.unknown_point.label};
  for (const VoltageClass& c : styles.lines) {
    std::string fixed = c.style.label;
    if (const size_t at = fixed.find(k_kv); at != std::string::npos) fixed.erase(at, k_kv.size());
    out.push_back(fixed);
  }
  for (const auto& [kind, c] : styles.point_kinds) out.push_back(c.label);
  return out;
}

}  // namespace jiuyou::render
