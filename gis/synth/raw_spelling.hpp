#pragma once
// The words a county office writes for the canonical values, per spelling
// variant of a raw county: data, read by the table builders, the XLSX writer
// and the project writer. Internal to gis/synth.
#include <string>
#include <string_view>
#include <vector>

#include "gis/synth/raw_county.hpp"

namespace jiuyou::synth {

// A canonical value and the office's spellings of it (used in turn, row by row).
struct Words {
  std::string canonical;
  std::vector<std::string> spellings;
};

// A spelling the built-in vocabularies may not know: the project maps it
// explicitly ([layers.LAYER.values.FIELD] "spelling" = "canonical").
struct ExplicitValue {
  std::string layer, field, spelling, canonical;
};

struct Spellings {
  std::vector<Words> road_class, surface, facility;
  std::string yes, no;
  bool class_from_route = false;  // no 等级 column: the class is read from 路线编号's prefix
  bool money_as_text = false;     // money cells typed as text with thousands separators ("52,300")
  int header_row = 0;             // written in the project (1-based); 0: left to the loader's detection
  std::vector<ExplicitValue> explicit_values;
};

const Spellings& spellings(RawSpelling s);

// The spelling of `canonical` for row `row` ("" when the list has no such value).
std::string spell(const std::vector<Words>& words, std::string_view canonical, size_t row);

// Office field names (GBK: at most 10 bytes in a DBF, so at most 5 characters).
namespace raw_field {
inline constexpr const char* code = "村代码";
inline constexpr const char* name = "村名";
inline constexpr const char* township_code = "乡镇代码";
inline constexpr const char* township = "乡镇";
inline constexpr const char* population = "户籍人口";
inline constexpr const char* households = "户数";
inline constexpr const char* elevation = "海拔";
inline constexpr const char* road_class = "等级";
inline constexpr const char* route = "路线编号";
inline constexpr const char* surface = "路面";
inline constexpr const char* width = "路宽";
inline constexpr const char* facility_name = "名称";
inline constexpr const char* facility_kind = "类型";
inline constexpr const char* doctor = "合格村医";
}  // namespace raw_field

// One column of the statistics workbook: its header, the clean column it comes from, and how it is typed.
struct StatColumn {
  enum class Kind : unsigned char { text, count, money, ratio, boolean };
  std::string header;
  std::string canonical;
  Kind kind;
};
const std::vector<StatColumn>& stat_columns();

// A thematic layer as the bureau delivers it: each clean column under the
// bureau's name, text values in its words, booleans as the spelling's yes/no.
struct ThemeColumn {
  std::string canonical, office;
  std::vector<Words> words;  // empty: the values as they are
};
struct ThemeLayer {
  std::string layer;
  std::vector<ThemeColumn> columns;
};
const std::vector<ThemeLayer>& theme_layers();

}  // namespace jiuyou::synth
