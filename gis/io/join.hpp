#pragma once
// An attribute table (XLSX/CSV statistics) joined onto a layer by key: the
// table's columns replace or add to the layer's; villages without a row and
// rows matching no village are listed by code and name, not only counted.
#include <cstdint>
#include <map>
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
// Two tables that give one village different figures for one column (a township's sheet corrected, the 全县 sheet
// not; tour 20 S1: the tab order decided 3 verdicts) disagree: that value is unknown, never the later table's.
struct JoinState {
  size_t tables = 1;                // how many tables join onto the target in all (set by the caller first)
  std::set<std::string> written;    // the columns joined tables wrote
  std::vector<uint8_t> covered;     // per target row: some table had its row
  std::vector<std::string> names;   // the tables joined so far
  std::map<std::string, std::vector<int>> writer;        // column -> per target row, the index in names of the table its value came from (-1: none)
  std::map<std::string, std::vector<uint8_t>> disputed;  // column -> per target row: two tables disagreed (unknown from then on)
};
void join_attributes(FeatureTable& target, const FeatureTable& table, const LayerSpec& spec, IssueLog& log, JoinState& state);
void report_uncovered(const FeatureTable& target, const JoinState& state, const LayerSpec& spec, IssueLog& log);

}  // namespace jiuyou::io
