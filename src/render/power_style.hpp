#pragma once
// Power network classes as data (data/styles/power.toml, embedded at build
// time): a line's class and legend label come from its own voltage_kv
// ("输电线路 500 kV", "10千伏配电线路"), a point's from its kind; a value no
// class holds (absent, 0, out of range) gets its own "unknown" style, never a
// default class.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gis/model/error.hpp"
#include "src/render/image.hpp"

namespace jiuyou::render {

struct PowerClass {
  std::string label;  // "{kv}" is replaced by the feature's voltage
  Rgba color;
  float width_px = 1;  // line width / point radius at pixel ratio 1
};

struct VoltageClass {
  double min_kv = 0, max_kv = 0;  // holds min_kv <= kv < max_kv
  PowerClass style;
};

struct PowerStyles {
  std::vector<VoltageClass> lines;  // as listed in the file
  PowerClass unknown_line;
  std::map<std::string, PowerClass, std::less<>> point_kinds;
  PowerClass unknown_point;
};

// Parses a power style table; errors name `source`, the entry and the field.
Result<PowerStyles> parse_power_styles(std::string_view toml_text, const std::string& source);
// The table shipped in data/styles/power.toml (parsed once).
const Result<PowerStyles>& power_styles();

// A line's class: its label with the voltage filled in (the unknown style without a voltage a class holds).
PowerClass line_class(const PowerStyles& styles, std::optional<double> kv);
// A point's class by its kind (lower case); the unknown style for a kind not listed.
PowerClass point_class(const PowerStyles& styles, std::string_view kind);
// 500 → "500", 0.4 → "0.4", 10.5 → "10.5".
std::string format_kv(double kv);
// The fixed text of every label (what the glyph atlas needs besides digits).
std::vector<std::string> power_style_strings(const PowerStyles& styles);

}  // namespace jiuyou::render
