#pragma once
// What converting one canonical field (gis/io/values.cpp) works on and counts, shared with the once-per-field
// messages that report it (gis/io/values_reports.cpp).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gis/io/money_units.hpp"
#include "gis/io/project.hpp"
#include "gis/io/schema.hpp"
#include "gis/io/vocab.hpp"
#include "gis/model/feature_table.hpp"
#include "gis/model/issue_log.hpp"

namespace jiuyou::io::values_detail {

// What one field's conversion did, for the once-per-field messages.
struct FieldStats {
  std::map<std::pair<std::string, std::string>, size_t> by_project, by_vocab;  // (source, canonical) -> count
  std::map<std::string, size_t> unmapped;                                      // source value -> count
  std::map<std::string, size_t> digits_lost;                                   // code as written -> count ("4.20323E+11")
  size_t padded = 0;                                                           // 15 (18)-digit codes ending 000 (000000), read as their first 12
  std::string padded_example;
  std::vector<int64_t> unmapped_fids;                                          // the first few
  std::map<std::string, std::string> simplified;                               // as written -> its traditional characters folded (ICU, once per value)
  std::vector<std::pair<size_t, std::string>> own_percent;                     // (row, as written) of values with their own % sign
  size_t nonnull = 0, converted = 0;
  std::optional<HeaderUnit> header_unit;  // the unit the column name states, where it scaled numbers
  size_t header_scaled = 0;
  std::string header_example;             // "6.2 → 62000"

  void bad(const std::string& raw, int64_t fid) {
    ++unmapped[raw];
    if (unmapped_fids.size() < 8) unmapped_fids.push_back(fid);
  }
};

// One canonical field being converted.
struct FieldJob {
  const FeatureTable& table;
  const LayerSpec& spec;
  const std::string& kind;
  const CanonicalField& field;
  const Vocabulary& vocab;
  const ValueTable* vocab_table = nullptr;
  std::map<std::string, std::string> project;  // value_key(source) -> canonical
  std::optional<HeaderUnit> header_unit;       // the unit the source column's name (or the title block) states
  std::string_view title_block;                // the table's text above its header row
  const std::map<std::string, std::string>* column_units = nullptr;  // a units row's unit by compact column name
  std::vector<char> own_unit_rows;  // rows whose plain numbers do not take header_unit (a township's fractions under （%）)
  MoneyRange range;                 // what a money field's median plausibly is ([numbers.plausible])
  std::optional<HeaderUnit> project_unit;  // the unit [layers.X.units] states: wins over the table's statements
  std::optional<ValueTable> project_endings = {};  // the project's keys as endings, where the vocabulary table matches by ending
};

// "villages.collective_income（列「集体收入」）"
std::string column_label(const FieldJob& job);
// "a, b, c"
std::string join_list(const std::vector<std::string>& items);

// The once-per-field messages: values mapped (values_mapped), the unit a header stated (unit_from_header), codes read
// on their first 12 or that lost digits (code_padded, code_digits_lost), values nothing maps (unmapped_value,
// text_in_numeric_field).
void report_mapped(const FieldJob& job, const FieldStats& st, IssueLog& log);
void report_header_unit(const FieldJob& job, const FieldStats& st, IssueLog& log);
void report_digits_lost(const FieldJob& job, const FieldStats& st, IssueLog& log);
void report_unmapped(const FieldJob& job, const FieldStats& st, IssueLog& log);

}  // namespace jiuyou::io::values_detail
