#pragma once
// Value vocabularies: how the values of canonical fields are written in a
// county's own files (县道, 水泥, 是/否 ...), as data in data/vocab/<id>.toml
// (format in data/vocab/zh.toml, user guide in docs/data-mapping.md).
// A vocabulary never guesses: a value it does not list maps to nothing.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gis/io/numbers.hpp"
#include "gis/model/error.hpp"

namespace jiuyou::io {

// One table of values, applied to the canonical fields it names.
struct ValueTable {
  std::string name;
  std::vector<std::string> fields;  // "layer.field" (canonical layer kind and field)
  bool boolean = false;             // type = "boolean": values are "true"/"false"
  bool suffix_match = false;        // match = "suffix": the longest listed ending wins
  std::vector<std::string> canonical;             // enum: canonical values, kept as they are
  std::vector<std::string> strip;                 // endings removed when the value is not listed
  // suffix match: words before the ending that say the thing is not there (yet, or any more): 拟建, 在建, 规划 …
  // anywhere before it, 原 at the value's start, 村原 right before the ending (柳林村原卫生室, not 平原村卫生室). Such a
  // value is not listed (unknown, and said), never the thing.
  std::vector<std::string> not_before, not_first, not_ending;
  // marks that separate several values in one cell (「党员群众服务中心、村卫生室」: one building, two functions); the
  // loader reads such a feature once per value (split_listed_kinds). Empty: a cell is one value.
  std::vector<std::string> split;
  std::map<std::string, std::string> prefixes;    // route-number letter -> canonical
  std::map<std::string, std::string> values;      // value_key(source) -> canonical

  [[nodiscard]] bool applies_to(std::string_view layer_kind, std::string_view field) const;
  // The canonical value of `raw`, or nullopt when the table does not list it.
  [[nodiscard]] std::optional<std::string> lookup(std::string_view raw) const;
};

// The money a column of one field plausibly holds, as its median over the villages, in 元
// ([numbers.plausible] in data/vocab/zh.toml; tour 14 N5): a unit that puts the median outside
// [low, high] is not the column's; among the units that fit, the one nearest `typical`.
struct MoneyRange {
  double low = 100;        // 100 元: a village's money typed in 万元 read as 元
  double high = 1e7;       // 1,000 万元
  double typical = 3e4;    // 3 万元
  enum class Size { too_small, plausible, too_large };
  [[nodiscard]] Size size(double yuan) const { return yuan < low ? Size::too_small : yuan > high ? Size::too_large : Size::plausible; }
  [[nodiscard]] bool plausible(double yuan) const { return size(yuan) == Size::plausible; }
  // Of `factors` (tried in order), the one that makes `median` plausible and nearest `target` (default:
  // `typical`) in powers of ten, within `max_gap` of it; 0 where none does. A tie keeps the earlier factor.
  [[nodiscard]] double nearest_factor(double median, const std::vector<double>& factors, double target = 0, double max_gap = 1e9) const;
};

struct Vocabulary {
  std::string id;    // "zh", "none", or a file path
  std::string name;  // said in the issue log: "中文"
  std::vector<std::pair<std::string, double>> suffixes;  // number words, longest first
  UnitSpellings unit_spellings;                          // [numbers.unit_spellings]: how names state units
  std::map<std::string, double> scale;                   // "layer.field" -> factor
  std::map<std::string, MoneyRange> plausible;           // [numbers.plausible] "layer.field" -> its money's (or measure's) range
  // [numbers.quantity_units] "layer.field" -> the unit words of a measured field (电压 in kV: "V" = 0.001), longest first
  std::map<std::string, std::vector<std::pair<std::string, double>>> quantity_units;
  // [numbers] list_separator / list = "max": "500000;220000" is read as its largest number
  std::string list_separator;
  // [fields] "layer.field" -> source columns: the first present is taken when the project maps none
  std::map<std::string, std::vector<std::string>> default_fields;
  std::vector<ValueTable> tables;
  std::string file;  // the .toml it was read from (empty for "none")

  [[nodiscard]] const ValueTable* table_for(std::string_view layer_kind, std::string_view field) const;
  [[nodiscard]] double scale_for(std::string_view layer_kind, std::string_view field) const;
  // The range of a money field (the default MoneyRange where [numbers.plausible] names it not).
  [[nodiscard]] MoneyRange money_range(std::string_view layer_kind, std::string_view field) const;
  // The unit words of a measured field (width_m, voltage_kv, ...); nullptr for a field that has none.
  [[nodiscard]] const std::vector<std::pair<std::string, double>>* units_of(std::string_view layer_kind, std::string_view field) const;
  // The plausible range [numbers.plausible] names for a field; nullptr where it names none.
  [[nodiscard]] const MoneyRange* range_of(std::string_view layer_kind, std::string_view field) const;
  // The source columns [fields] names for a canonical field (empty: none).
  [[nodiscard]] const std::vector<std::string>& default_columns(std::string_view layer_kind, std::string_view field) const;
};

// The key values are matched by: surrounding spaces (also U+3000) removed, ASCII lower-cased.
std::string value_key(std::string_view raw);

Result<Vocabulary> parse_vocabulary(const std::string& text, const std::string& path);
// A shipped vocabulary by id (data/vocab/<id>.toml; found like the rule sets), a
// path to a .toml file, or "none" (an empty vocabulary). Cached per process.
Result<Vocabulary> load_vocabulary(const std::string& id_or_path);
// Ids of the vocabularies shipped in data/vocab.
std::vector<std::string> shipped_vocabularies();

}  // namespace jiuyou::io
