#pragma once
// Counts that cannot be (G24): a part larger than its whole in one village —
// 贫困户数 9910 of 991 households, 贫困人口 above the population, 搬迁户数 above the
// households (a typo ×10). Each is warned (implausible_count) naming the village, its
// code and both figures; the part is made unknown so that no item is judged on it
// (a "贫困发生率 2304%" is a data error, not a finding). relocate_households is warned
// only: relocate sets it aside itself and says so on its page.
#include "gis/io/schema.hpp"
#include "gis/io/vocab.hpp"
#include "gis/model/feature_table.hpp"
#include "gis/model/issue_log.hpp"

namespace jiuyou::io {

void check_count_pairs(FeatureTable& villages, IssueLog& log);

// Values of one field that cannot be, row by row (tour 18 S12, S25): a negative count, population, amount of money
// or share (a stray minus sign: -93 poor people passed "poor / population < 2 %" and made a village 可出列) — every
// field but a fraction such as a growth rate; and a money value outside the field's plausible range while the
// column's median is inside it (one township typed 万元 into a 元 column: 5.52 元 of collective income). Each is made
// unknown (value_set_unknown for the evidence), one warning per field naming the first villages: negative_value,
// money_row_implausible.
void settle_impossible_rows(FeatureTable& t, const CanonicalField& field, const std::string& column, const MoneyRange& range, IssueLog& log);

// A value the loader made unknown as implausible, recorded for the check's evidence ("数据不合理：…", never
// "缺少数据" for a value that is in the file): an info `value_set_unknown` at the row's feature and field.
void record_value_set_unknown(IssueLog& log, const FeatureTable& t, size_t row, const std::string& field, std::string message);

}  // namespace jiuyou::io
