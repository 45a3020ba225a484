#pragma once
// An attribute table (XLSX/CSV statistics) joined onto a layer by key: the
// table's columns replace or add to the layer's; villages without a row and
// rows matching no village are listed by code and name, not only counted.
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "gis/io/project.hpp"
#include "gis/model/feature_table.hpp"
#include "gis/model/issue_log.hpp"

namespace jiuyou::io {

void join_attributes(FeatureTable& target, const FeatureTable& table, const LayerSpec& spec, IssueLog& log);

// Several tables joined onto one layer (one sheet per township, `layer = "*"`, or several [layers.X] with one
// join_to; tour 18 S4: each table blanked the villages the earlier ones had filled) fill each other's gaps: a column
// an earlier table of the join wrote keeps its value where a later table has no row. The villages none of them
// covers are said once, after the last table (report_uncovered), not once per table.
struct JoinState {
  size_t tables = 1;                // how many tables join onto the target in all (set by the caller first)
  std::set<std::string> written;    // the columns joined tables wrote
  std::vector<uint8_t> covered;     // per target row: some table had its row
  std::vector<std::string> names;   // the tables joined so far
};
void join_attributes(FeatureTable& target, const FeatureTable& table, const LayerSpec& spec, IssueLog& log, JoinState& state);
void report_uncovered(const FeatureTable& target, const JoinState& state, const LayerSpec& spec, IssueLog& log);

}  // namespace jiuyou::io
