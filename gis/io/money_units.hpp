#pragma once
// Money written in another unit by one township or one county of the project: a county
// table in 元 where one township typed 万元 (5.65 for 56,500 元), or one township typed 元
// under a （万元） column. Read as written, every village of that township passes or fails
// 集体经济收入 on a unit slip, silently (tour 12 L1).
#include "gis/io/project.hpp"
#include "gis/io/schema.hpp"
#include "gis/io/vocab.hpp"
#include "gis/model/feature_table.hpp"
#include "gis/model/issue_log.hpp"

namespace jiuyou::io {

// For a canonical field of role money, after its values were converted to 元: per township
// (as settle_percent_units groups them), a township whose median (of at least 3 positive
// values) is no village's money in 元 (outside the field's `range`: 100 元 .. 200 万元 a village's collective income) while the townships
// whose medians are plausible hold a third of the villages or more (one county of two in 万元): its values are multiplied by the one of
// 10⁴, 10³, 10⁻⁴, 10⁻³ (万元, 千元, and the reverse) that brings its median plausible and
// within 10× of the others' typical median, and said (`money_by_township`, warning): once per
// county where every township of a county (code's first 6 digits) took the same factor,
// otherwise once per township. A township no factor fits is left as read and said
// (`money_township_implausible`).
// Then, among three or more townships with plausible medians, one whose median is 6× or more the
// townships' median (or 1/6 of it or less; rich and poor townships are 2-5× apart) is another unit
// under the same header (千元 typed under （万元）, tour 13 M15): where it is the only one, the others
// agree (within 6×) and a unit of 元, 千元, 万元 explains the factor against `stated` (the unit the
// column was read in, 1 for 元), its values are converted and said (`money_by_township`); otherwise
// each is said, values as read (`money_township_far`).
void settle_money_by_township(FeatureTable& t, const LayerSpec& spec, const CanonicalField& field, double stated, const MoneyRange& range, IssueLog& log);

}  // namespace jiuyou::io
