#pragma once
// The classes of layers drawn by their `kind` field (hazard zones, protected
// areas, facilities) as data: data/styles/kinds.toml, embedded at build time.
// Each class has its own label and colour; a kind the table does not list
// gets the layer's "unknown" class, never some other kind's look.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "gis/model/error.hpp"
#include "src/render/image.hpp"

namespace jiuyou::render {

struct KindClass {
  std::string kind;   // as the data writes it, lower case (empty: the unknown class)
  std::string label;  // the legend's words
  Rgba color;         // alpha included
};

struct KindStyle {
  std::vector<KindClass> classes;  // legend order
  KindClass unknown;
};

using KindStyles = std::map<std::string, KindStyle, std::less<>>;  // layer -> its classes

// Parses a kind style table; errors name `source`, the layer, the class and the field.
Result<KindStyles> parse_kind_styles(std::string_view toml_text, const std::string& source);
// The table shipped in data/styles/kinds.toml (parsed once).
const Result<KindStyles>& kind_styles();

// The class of `kind` (lower case) in a layer's style: the unknown class when none is listed.
const KindClass& kind_class(const KindStyle& style, std::string_view kind);
// The labels in legend order (the unknown class last).
std::vector<std::string> kind_legend_order(const KindStyle& style);
// Every label of the table (for the glyph atlas).
std::vector<std::string> kind_style_strings(const KindStyles& styles);

}  // namespace jiuyou::render
