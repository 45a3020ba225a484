#include "src/render/kind_style.hpp"

#include <toml++/toml.h>

#include "gis/util/toml_error.hpp"
#include "jiuyou_styles.hpp"

namespace jiuyou::render {

namespace {

std::optional<Rgba> kind_hex_color(std::string_view s) {
  if (s.size() != 7 || s[0] != '#') return std::nullopt;
  const auto digit = [](char c) { return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1; };
  int v[3];
  for (int i = 0; i < 3; ++i) {
    const int hi = digit(s[1 + 2 * i]), lo = digit(s[2 + 2 * i]);
    if (hi < 0 || lo < 0) return std::nullopt;
    v[i] = hi * 16 + lo;
  }
  return Rgba{static_cast<uint8_t>(v[0]), static_cast<uint8_t>(v[1]), static_cast<uint8_t>(v[2]), 255};
}

// One class ({kind, label, color, alpha}); `where` names it in errors ("hazards.class #2").
Result<KindClass> parse_kind_class(const toml::node_view<const toml::node>& node, const std::string& source, const std::string& where, bool needs_kind) {
  const auto fail = [&](const std::string& what, const std::string& hint) { return error(ErrorCode::input, "kind style " + where + ": " + what).file(source).hint(hint); };
  if (!node.is_table()) return fail("is not a table", "write it as a table with kind, label, color and alpha");
  KindClass c;
  if (needs_kind) {
    const auto kind = node["kind"].value<std::string>();
    if (!kind || kind->empty()) return fail("has no kind", "add kind = \"landslide\" (the value of the layer's kind field, lower case)");
    c.kind = *kind;
  }
  const auto label = node["label"].value<std::string>();
  if (!label || label->empty()) return fail("has no label", "add label = \"滑坡\" (the legend's words)");
  c.label = *label;
  const auto text = node["color"].value<std::string>();
  const auto color = text ? kind_hex_color(*text) : std::nullopt;
  if (!color) return fail("color is missing or not \"#rrggbb\"", "write color = \"#d2322a\"");
  c.color = *color;
  const auto alpha = node["alpha"].value<int64_t>();
  if (!alpha || *alpha < 1 || *alpha > 255) return fail("alpha is missing or not in 1-255", "write alpha = 200 (255: opaque)");
  c.color.a = static_cast<uint8_t>(*alpha);
  return c;
}

Result<KindStyle> parse_layer(const toml::table& layer, const std::string& layer_name, const std::string& source) {
  KindStyle s;
  const toml::array* classes = layer["class"].as_array();
  if (classes == nullptr || classes->empty())
    return error(ErrorCode::input, "kind style " + layer_name + " has no [[" + layer_name + ".class]]").file(source).hint("list the layer's kinds as [[" + layer_name + ".class]] tables");
  for (size_t i = 0; i < classes->size(); ++i) {
    ASSIGN_OR_RETURN(KindClass c, parse_kind_class(toml::node_view<const toml::node>{classes->get(i)}, source, layer_name + ".class #" + std::to_string(i + 1), true));
    for (const KindClass& before : s.classes)
      if (before.kind == c.kind || before.label == c.label)
        return error(ErrorCode::input, "kind style " + layer_name + ": kind '" + c.kind + "' (" + c.label + ") is listed twice or shares a label").file(source).hint("give each kind one class with its own label");
    s.classes.push_back(std::move(c));
  }
  ASSIGN_OR_RETURN(s.unknown, parse_kind_class(toml::node_view<const toml::node>{layer.get("unknown")}, source, layer_name + ".unknown", false));
  return s;
}

}  // namespace

Result<KindStyles> parse_kind_styles(std::string_view toml_text, const std::string& source) {
  toml::table root;
  try {
    root = toml::parse(toml_text, source);
  } catch (const toml::parse_error& e) {
    return tl::unexpected(util::toml_syntax_error(e, ErrorCode::input, source, "see data/styles/kinds.toml for the shape"));
  }
  KindStyles out;
  for (const auto& [key, node] : root) {
    const std::string name(key.str());
    const toml::table* layer = node.as_table();
    if (layer == nullptr) return error(ErrorCode::input, "kind style '" + name + "' is not a layer's table").file(source).hint("write [[" + name + ".class]] tables and a [" + name + ".unknown]");
    ASSIGN_OR_RETURN(KindStyle s, parse_layer(*layer, name, source));
    out.emplace(name, std::move(s));
  }
  return out;
}

const Result<KindStyles>& kind_styles() {
  static const Result<KindStyles> styles = parse_kind_styles(style_source::kinds_toml, "data/styles/kinds.toml");
  return styles;
}

const KindClass& kind_class(const KindStyle& style, std::string_view kind) {
  for (const KindClass& c : style.classes)
    if (c.kind == kind) return c;
  return style.unknown;
}

std::vector<std::string> kind_legend_order(const KindStyle& style) {
  std::vector<std::string> out;
  for (const KindClass& c : style.classes) out.push_back(c.label);
  out.push_back(style.unknown.label);
  return out;
}

std::vector<std::string> kind_style_strings(const KindStyles& styles) {
  std::vector<std::string> out;
  for (const auto& [layer, s] : styles) {
    const std::vector<std::string> labels = kind_legend_order(s);
    out.insert(out.end(), labels.begin(), labels.end());
  }
  return out;
}

}  // namespace jiuyou::render
