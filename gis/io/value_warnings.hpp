#pragma once
// The loader's warnings sorted by what they did to the values (tour 15, h-units4). A warning after which
// some values are not as written — made unknown, or rescaled (a township's 万元 turned into 元, a stray %
// read as unknown) — changes answers, so it opens the check's 请先看 (report::caveat_effect names each of
// them; tests/report/load_caveats_test.cpp holds every warning code of the value-reading files to one of
// these two lists, so a new code must be sorted before it ships).
#include <string_view>

namespace jiuyou::io {

// Warnings after which values were made unknown or rescaled, or read in a unit the loader doubts: each is a verdict caveat.
inline constexpr std::string_view k_values_changed_warnings[] = {
    // a money column or township read in another unit than written (values.cpp, money_units.cpp)
    "money_implausibly_small", "money_unit_conflict", "money_unit_doubtful", "money_unit_implausible", "money_by_township",
    // rates and shares (shares.cpp, values.cpp)
    "percent_as_number", "percent_by_township", "percent_header_over_fractions", "share_hundred_as_percent",
    "percent_township_ambiguous", "share_unit_ambiguous", "ratio_unit_ambiguous", "share_out_of_range", "ratio_far_outside", "percent_sign_on_fraction",
    // values that are not numbers or not in the vocabulary, codes that lost digits (values.cpp)
    "text_in_numeric_field", "unmapped_value", "code_digits_lost",
    // a count larger than the whole it is part of; a negative value; one row's money in another unit (count_checks.cpp)
    "implausible_count", "negative_value", "money_row_implausible",
    // statistics-table rows no village gets (join.cpp)
    "join_unmatched", "duplicate_join_key", "join_key_shared", "join_name_mismatch", "join_tables_disagree", "join_continuation_row",
    // a facility or water work whose name says it is not in use (status_words.cpp)
    "status_from_name",
    // a measured field's column in another unit than the field's (quantity_checks.cpp)
    "quantity_unit_implausible",
    // a mapped column with no value at all (load_checks.cpp: formulas saved without their results)
    "mapped_column_empty",
    // a MapInfo TAB's zeros far below the column's other values: empty cells (mapinfo_zeros.cpp)
    "mapinfo_zeros_unknown"};

// Warnings that leave the values as written (said for the planner to check), or that list the rows of one above.
inline constexpr std::string_view k_values_kept_warnings[] = {
    "ratio_above_one", "money_township_implausible", "money_township_far", "field_key_unknown", "values_field_missing",
    "join_unmatched_row", "join_name_mismatch_row", "join_orphans", "join_orphan_row", "value_set_unknown",
    "mapinfo_zeros_ambiguous"};

}  // namespace jiuyou::io
