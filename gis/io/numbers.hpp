#pragma once
// Numbers and codes as county tables write them: "6.2万", "1,234", "12%",
// codes typed as numbers (4.20324101001E+11, "420324101001.0") or with spaces.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace jiuyou::io {

// How a column name or a table's title block states a unit, as a vocabulary spells it
// ([numbers.unit_spellings] in data/vocab/zh.toml; tour 12 L36, L37).
struct UnitSpellings {
  std::vector<std::pair<std::string, std::string>> brackets;  // （万元） (万元) 【万元】 [万元]
  std::vector<std::string> separators;                        // 收入/万元, 收入_万元, "收入 万元"
  std::vector<std::string> leads;                             // （单位：万元）
  std::vector<std::string> rates;                             // （万元/年）: the unit before it
  std::vector<std::string> title_marks;                       // 金额单位：万元, 单位 万元, 金额：万元
};

struct NumberWords {
  const std::vector<std::pair<std::string, double>>* suffixes = nullptr;  // longest first ("万元" = 1e4)
  bool fraction = false;  // a share 0..1: "12%" -> 0.12 (otherwise a % sign is not a number)
  const UnitSpellings* spellings = nullptr;  // how units are written around names; none: no unit is read from names
};

// The number `text` says, or nullopt (not a number: never read as 0).
std::optional<double> parse_number(std::string_view text, const NumberWords& words);

// A coordinate as GPS readings and village tables write it: decimal degrees (110.0673) or degrees, minutes and
// seconds — 110°04'02.36", 110°04′02.36″, 110度04分02.36秒, 110:04:02.36, with E/N/东经/北纬 (or W/S: negative)
// around it — as decimal degrees (tour 17 R4); nullopt when it is neither (minutes or seconds of 60 or more too).
std::optional<double> parse_coordinate(std::string_view text);

// The unit a column name states for its numbers — "村集体经济收入（万元）",
// "收入(单位：万元)", "参保率（%）" — as the factor a plain number in it is multiplied
// by (万元 -> 1e4; % -> 0.01 and ‰ -> 0.001 where `words.fraction`), with the word; nullopt when the
// name states none (or one not among the suffixes).
struct HeaderUnit {
  std::string word;
  double factor = 1;
  bool from_title = false;  // stated above the header ("金额单位：万元"), not in the column's name
  bool from_units_row = false;  // stated in a units row under the header (户 / 人 / 万元 …)
  bool from_project = false;  // stated by the project ([layers.X.units]): wins over what the table states
  bool above_one_only = false;  // a （%） column of fractions with a few percents: only values beyond ±1 take the unit
};
std::optional<HeaderUnit> unit_in_header(std::string_view column, const NumberWords& words);
// The money unit a table's title block states — "金额单位：万元", "单位：户、人、万元" —
// when it states exactly one (a word of `words.suffixes` ending in 元, or 元 itself, factor 1:
// a title in 元 over a column named （万元） is a conflict to settle); nullopt otherwise.
std::optional<HeaderUnit> money_unit_in_title(std::string_view title, const NumberWords& words);

// A statistical area code as text: spaces removed, "420324101001.0" and
// "4.20324101001E+11" written as the integer they are; other text kept as is.
// nullopt where the digits were lost: scientific notation with fewer digits than
// the code it stands for ("4.20323E+11", a spreadsheet's display of a number), or
// a number too large for a double to hold exactly. Such a value is never turned
// into another code (420323000000): the caller makes it unknown and says so.
std::optional<std::string> normalise_code(std::string_view text);
// A 12-digit 行政村 code padded to 15 digits with 000 by a system that also codes 自然村 (…001, …002 stay as they are),
// or to 18 digits with 000000 (tour 19 T9: a system with 18-digit place codes).
bool padded_code(std::string_view digits);
// A number read from a numeric column as code text (integral: without ".0").
std::string code_from_number(double v);
// The same for a code column: nullopt where the number cannot hold the code's digits.
std::optional<std::string> code_from_real(double v);

// The hint for a code whose digits a spreadsheet lost.
inline constexpr const char* k_code_digits_lost_hint = "该列被表格软件存成了数字，已丢失位数：请把代码列设为文本后重新导出";

// 4067 -> "4,067" (counts in messages).
std::string with_thousands(size_t n);

}  // namespace jiuyou::io
