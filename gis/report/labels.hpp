#pragma once
// Words for users' documents, kept as data (labels.cpp): the Chinese label and
// unit of the canonical village fields and of common derived quantities
// ("poor_population / population" is 贫困发生率), the Chinese words for
// feature kinds, and a translation of rule expressions and filters into
// plain Chinese ("collective_income >= 50000" -> "村集体经济收入 ≥ 5 万元").
#include <string>
#include <string_view>

namespace jiuyou::report {

enum class Unit : unsigned char {
  none,     // a plain number
  yuan,     // money in 元: shown in 万元
  share,    // 0..1: shown as a percentage
  persons,  // 人
  households,  // 户
  pieces,   // 个
  boolean,  // 是/否
};

struct FieldLabel {
  std::string_view field;  // field name or expression text (spaces as in the rule files)
  std::string_view label;  // 村集体经济收入
  Unit unit = Unit::none;
};

// The label of a field or derived quantity; nullptr when the table has none.
const FieldLabel* field_label(std::string_view field_or_expression);
// The label, or the field itself when the table has none.
std::string label_of(std::string_view field_or_expression);

// A sentence with the labelled field names in it replaced by their labels ("缺少 collective_income" -> "缺少
// 村集体经济收入"): for an engine's note shown to planners. Names without a label stay as they are.
std::string fields_in_words(std::string_view text);

// Chinese for a feature kind value ("clinic" -> 卫生室); the value itself when unknown.
std::string kind_label(std::string_view kind);

// A value in its unit: 4.2 万元, 3.1%, 12 户, 是/否, 0.0841 -> "8.4%".
std::string value_text(double v, Unit unit);
// `v` as value_text writes it, with as many more decimals as it takes not to read as `versus` (a threshold):
// 49,999 元 against 5 万元 is "4.9999 万元", never "5 万元" (tour 12 L6).
std::string value_text_apart(double v, Unit unit, double versus);
// A difference in the value's unit: 0.8 万元, 1.1 个百分点, 2 户; never 0 for a gap that is not (差 1 元, tour 12 L6).
std::string difference_text(double d, Unit unit);

// A rule expression or filter in Chinese words: field names by their labels,
// county_mean(f) as 全县平均<label>, operators as ≥ ≤ ≠ 且 或, quoted kind values by
// their Chinese words, money thresholds in 万元 and shares in %.
std::string expression_zh(std::string_view expression);

}  // namespace jiuyou::report
