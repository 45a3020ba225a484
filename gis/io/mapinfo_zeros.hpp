#pragma once
// MapInfo TAB cannot store an empty number: GDAL reads an empty numeric cell of a .tab as 0 (tour 19 T12: a village
// without 村集体经济收入 failed with "0 万元", and the 0 moved the county mean). A canonical numeric column of a TAB
// layer whose zeros are few and far below its other values has those zeros made unknown, with one warning naming the
// column, how many and which features; few zeros next to small values (0 poor people where others have 2) are kept
// and warned of; many zeros (or only zeros: a county without relocation) are kept, said as an info.
#include "gis/io/project.hpp"
#include "gis/model/feature_table.hpp"
#include "gis/model/issue_log.hpp"

namespace jiuyou::io {

// Whether GDAL read the layer with its MapInfo driver (.tab/.mif): numbers there have no empty value.
bool numbers_have_no_empty(const char* gdal_driver);

// Before the values are typed: the layer's canonical integer/real columns settled as above. At most one zero in 20
// numbers counts as few; far below: the smallest other magnitude is at least 0.15 × their median.
void settle_mapinfo_zeros(FeatureTable& t, const LayerSpec& spec, IssueLog& log);

}  // namespace jiuyou::io
