#pragma once
// A village stored as several records with one code (a detached part of its land, a
// pasted duplicate): records that agree in every attribute are one village. Polygon
// parts are merged into one multi-part village (a part identical to one already kept
// counts once); a point repeated at the same spot counts once. Each merge is said
// (village_parts_merged, naming the file, the features and the code). Records that
// disagree in some attribute stay apart: check_codes logs them as duplicate_code.
#include "gis/model/error.hpp"
#include "gis/model/feature_table.hpp"
#include "gis/model/issue_log.hpp"

namespace jiuyou::io {

void merge_village_parts(FeatureTable& villages, IssueLog& log);

// A village layer of lines (tour 18 S18: a design institute's DXF 村界 of closed polylines, or a 面转线 export, was
// measured from the boundary line: 216 villages differ, every 可出列 lost, no word). Closed lines become the
// polygons they enclose (repaired like any polygon), said once (`village_lines_as_polygons`); a layer with lines
// that do not close is refused: villages are polygons (村界) or points (村委会驻地).
Result<void> settle_village_lines(FeatureTable& villages, IssueLog& log);

// Polygons of the village layer with neither code nor name and under 2 % of a typical village's area (tour 18 S11:
// slivers an overlay or clip left became ten nameless villages 不可出列, a page of the atlas, and widened the county
// mean's uncertainty): not villages, left out and said (`village_slivers_dropped`).
void drop_village_slivers(FeatureTable& villages, IssueLog& log);

// Features of the village layer whose 12-digit code ends in 000: a township's or the county's own code (村级 codes
// run from 001), so the county or township outline a 村界 file often carries (tour 18 g_county: 九有县 420323000000
// became a 251st village, 数据不全, under 县不明). Left out and said (`village_layer_admin_units`) while they are
// a few among the villages; a layer of them all is left alone (check_codes says what is wrong with it).
void drop_admin_units(FeatureTable& villages, IssueLog& log);

// Village polygons that overlap their neighbours by more than 1 % of the smaller one's area (tour 18 S6: villages
// buffered 30–150 m changed 4–19 villages' items with nothing said; a village reaching into its neighbour finds the
// neighbour's road): a warning `village_overlaps` with the count and one pair. A province is sampled (1,000 villages,
// each against its neighbours). Likewise gaps (tour 18 g_gap: villages shrunk 100 m changed 8 villages' items): when
// a tenth or more of the sampled villages touch no neighbour but lie within 600 m of one, `village_gaps`.
void note_village_overlaps(const FeatureTable& villages, IssueLog& log);

}  // namespace jiuyou::io
