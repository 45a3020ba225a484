#pragma once
// 行政区划代码 checks: 12-digit village codes against their township and county
// prefixes, duplicates, and, when an official list is given (e.g. the NBS 2023
// 统计用区划代码), membership in it.
#include <string>
#include <unordered_map>

#include "gis/model/error.hpp"
#include "gis/model/feature_table.hpp"
#include "gis/model/issue_log.hpp"

namespace jiuyou::io {

struct ReferenceCodes {
  std::string source;
  std::unordered_map<std::string, std::string> name_of;  // code -> official name
};

// A CSV with a header naming `code` and `name` columns (others ignored), UTF-8 or GBK.
Result<ReferenceCodes> read_reference_codes(const std::string& path);

// Appends issues for the table's `code` column (nothing if it has none).
void check_codes(const FeatureTable& table, const ReferenceCodes* reference, IssueLog& log);

}  // namespace jiuyou::io
