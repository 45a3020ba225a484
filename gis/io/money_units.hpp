#pragma once
// Money written in another unit by one township or one county of the project: a county
// table in 元 where one township typed 万元 (5.65 for 56,500 元), or one township typed 元
// under a （万元） column. Read as written, every village of that township passes or fails
// 集体经济收入 on a unit slip, silently (tour 12 L1).
#include "gis/io/project.hpp"
#include "gis/io/schema.hpp"
#include "gis/model/feature_table.hpp"
#include "gis/model/issue_log.hpp"

namespace jiuyou::io {

// For a canonical field of role money, after its values were converted to 元: per township
// (as settle_percent_units groups them), a township whose median (of at least 3 positive
// values) is no village's money in 元 (under 100 元 or over 1,000 万元) while the townships
// whose medians are plausible hold a third of the villages or more (one county of two in 万元): its values are multiplied by the one of
// 10⁴, 10³, 10⁻⁴, 10⁻³ (万元, 千元, and the reverse) that brings its median plausible and
// within 10× of the others' typical median, and said (`money_by_township`, warning): once per
// county where every township of a county (code's first 6 digits) took the same factor,
// otherwise once per township. A township no factor fits is left as read and said
// (`money_township_implausible`).
void settle_money_by_township(FeatureTable& t, const LayerSpec& spec, const CanonicalField& field, IssueLog& log);

}  // namespace jiuyou::io
