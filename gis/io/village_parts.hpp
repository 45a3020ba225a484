#pragma once
// A village stored as several records with one code (a detached part of its land, a
// pasted duplicate): records that agree in every attribute are one village. Polygon
// parts are merged into one multi-part village (a part identical to one already kept
// counts once); a point repeated at the same spot counts once. Each merge is said
// (village_parts_merged, naming the file, the features and the code). Records that
// disagree in some attribute stay apart: check_codes logs them as duplicate_code.
#include "gis/model/feature_table.hpp"
#include "gis/model/issue_log.hpp"

namespace jiuyou::io {

void merge_village_parts(FeatureTable& villages, IssueLog& log);

}  // namespace jiuyou::io
