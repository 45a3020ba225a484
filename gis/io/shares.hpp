#pragma once
// Shares and ratios written as percentages: a county table writes 参保率 as 95
// (meaning 95 %) as often as 0.95 or "95%". Read as a number, 95 would pass a
// "100 %" rule as easily as 100, so the unit of each column is settled from all
// its values, and what was decided is said once.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "gis/io/project.hpp"
#include "gis/io/schema.hpp"
#include "gis/model/feature_table.hpp"
#include "gis/model/issue_log.hpp"

namespace jiuyou::io {

// For a canonical field of role share (0..1) or fraction (a ratio such as growth),
// after its values were converted to numbers:
// - no value beyond ±1: fractions, nothing to do;
// - most non-zero values beyond ±1 (and none beyond 100 %, 1000 % for a ratio): a
//   percentage column, every value divided by 100 (`percent_as_number`, warning);
//   in a share column a value in (0, 1] is then ambiguous (1 % or 100 %?) and
//   becomes unknown, listed (`share_unit_ambiguous`);
// - otherwise, per township (the township column, else the code's first 9 digits): a
//   township most of whose values lie beyond ±1 at ~100× (25-400×) the median of the
//   townships without any was filled in percent: divided, one warning naming it
//   (`percent_by_township`; a share's (0, 1] there unknown); not ~100×: its values beyond
//   ±1 unknown (`percent_township_ambiguous`) (tour 11 K21, K22);
// - a share beyond 1 (up to 100) among fractions can only be a percent (100 is 100 %, 95 is 95 %:
//   a share never exceeds 1): read as one where that lands among the fractions (at least a fifth of
//   their median), listed once (`share_hundred_as_percent`, tour 12 L30, tour 13 M4);
// - a few values beyond ±1 left in a column of fractions: a share's become unknown
//   (`share_out_of_range`); a ratio's are kept and listed (`ratio_above_one`).
// Each value made unknown is also recorded for its village (`value_set_unknown`, info:
// the value and what is wrong), so the check says "数据不合理", not "缺少数据".
// The township a village row belongs to: its township column (code or name), else the
// first 9 digits of its 12-digit code; "" when neither is known.
std::string township_of(const FeatureTable& t, size_t r);
// The county of a village row: its 12-digit code's first 6 digits; "" when unknown.
std::string county_of(const FeatureTable& t, size_t r);
// One township's numbers of a column, as the unit settlers (percent here, money in money_units.cpp) group them.
struct TownshipValues {
  std::string county;         // county_of its rows ("" unknown)
  std::string name;           // township_of its rows
  std::vector<size_t> rows;   // rows holding a number
  std::vector<double> values;  // those numbers, row by row
};
// The column's numbers by township, keyed by county and township (two counties' 城关镇 are two
// townships); rows without a number or a township are in none.
std::map<std::string, TownshipValues> group_by_township(const FeatureTable& t, const Column& c);
// The median of `v` (the upper one of an even count); `v` must not be empty.
double median_of(std::vector<double> v);
// One warning about a column of `t`, naming its file, layer and field (the unit settlers' voice).
void warn_on_column(IssueLog& log, const FeatureTable& t, const CanonicalField& f, const char* code, std::string message, std::string hint);
// "乡镇 420323103" for a township code, the name as it is otherwise.
std::string township_label(const std::string& key);
// How a warning names township `g` of table `t`: "福古镇（420323103）" where it is known by its code and
// a text column of the table names it the same on all its rows (the table's 乡镇 column, not mapped,
// tour 13 M30); township_label(g.name) otherwise.
std::string township_label(const FeatureTable& t, const TownshipValues& g);

// Under a column whose name (or units row) states % (`stated` words where), most of whose townships typed
// percents (8.41): a township whose values lie ~100× (25-400×) below theirs, most within ±1, typed fractions
// anyway (0.0719): read as the header says they would be 0.07 %, moving the county mean (tour 13 M14). Its
// values within ±1 keep their fractions (the returned rows are marked; empty: none), said once per township
// by name (percent_header_over_fractions). `plain` holds each row's plain number (nullopt where none).
std::vector<char> fraction_townships_under_percent(const FeatureTable& t, const CanonicalField& field, const std::string& stated,
                                                   const std::vector<std::optional<double>>& plain, IssueLog& log);

void settle_percent_units(FeatureTable& t, const LayerSpec& spec, const CanonicalField& field, IssueLog& log);

// A share or ratio column read as percent (a「%」header, or most values beyond 1), its values now fractions: a value
// read as 1 % or less is in doubt — a share's where the column's typical share is at least 50 % (参保率 1 for 全部参保
// among 90–100, tour 20 N1: read as 1 %, three villages failed), a ratio's where 100 times it is a typical value (增长率
// 0.09 among 8–10 %, tour 20 N2: the county mean fell) — and becomes unknown, listed (share_unit_ambiguous,
// ratio_unit_ambiguous), each village told. Rows in `own_sign` wrote their own % (1%) and are kept.
void unknown_fractions_among_percents(const FeatureTable& t, const CanonicalField& field, const std::string& label, Column& c,
                                        const std::set<size_t>& own_sign, IssueLog& log);
// "0.0841%" among rates read 0.0841 (8.41 %) and the like (tour 14 N8): a value written with its own % sign
// whose number is near the column's median read as a fraction (within 3×) while its % reading is 30× or more
// below that median: a fraction typed with a % after it, or a percent 100× too small; which one the office
// knows. `out` is the converted column; `signed_rows` the rows written with a % (row, as written). Such values
// become unknown, said once (percent_sign_on_fraction); a column of fewer than 5 numbers is not judged. Returns
// the values (as written) made unknown, so the mapped-values line says 未知 for them, not the number dropped.
std::set<std::string> unknown_percent_on_fractions(const FeatureTable& t, const CanonicalField& field, const std::string& label, Column& out,
                                                   const std::vector<std::pair<size_t, std::string>>& signed_rows, IssueLog& log);

}  // namespace jiuyou::io
