#pragma once
// Numbers written in Chinese numerals, as a statistics table typed by hand may hold them: 一百二十 (120), 三十五,
// 两千零五 (2005), 十二万 (120000), 三点五 (3.5), 负五 (−5), the financial forms 壹佰贰拾 (120), and digit by digit
// 一二〇 (120). Before, each was "not a number" and the village's item unknown.
#include <optional>
#include <string_view>

namespace jiuyou::io {

// The number `text` says in Chinese numerals, or nullopt when any character of it is no numeral (never a guess).
std::optional<double> chinese_number(std::string_view text);

}  // namespace jiuyou::io
