#pragma once
// An attribute table (XLSX/CSV statistics) joined onto a layer by key: the
// table's columns replace or add to the layer's; villages without a row and
// rows matching no village are listed by code and name, not only counted.
#include "gis/io/project.hpp"
#include "gis/model/feature_table.hpp"
#include "gis/model/issue_log.hpp"

namespace jiuyou::io {

void join_attributes(FeatureTable& target, const FeatureTable& table, const LayerSpec& spec, IssueLog& log);

}  // namespace jiuyou::io
