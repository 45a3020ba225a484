#pragma once
// The township atlas as pages (no drawing here): one page per township of a
// check result, with the township's extent, its villages as table rows (name,
// verdict, the required items it lacks and those still to verify, in the rule set's
// Chinese names) and the workspace clipped to the page, so the map's legend
// lists only what is on the page. atlas_pdf.hpp draws the pages.
#include <functional>
#include <string>
#include <vector>

#include "gis/model/error.hpp"
#include "gis/model/workspace.hpp"
#include "src/render/document.hpp"

namespace jiuyou::render {

struct AtlasRow {
  std::string village;   // name (code when it has none)
  std::string verdict;   // 可出列 / 不可出列 / 待核实 ...
  std::vector<std::string> lacks;    // required items failed (Chinese names; advisory items left out)
  std::vector<std::string> unknown;  // items that could not be judged
};

struct AtlasPage {
  std::string township_code;  // the villages' township value
  std::string township;       // its name (from the townships layer; the code when there is none)
  BBox extent;                // township polygon, else its villages, with a margin (metric CRS)
  std::vector<AtlasRow> rows; // in the villages layer's order
  size_t exit = 0, fail = 0, unknown = 0;  // villages by verdict
};

struct AtlasPlan {
  std::string title;  // county / project name
  std::vector<AtlasPage> pages;  // by township code
  // The check's data problems that change its verdicts (Document::verdict_caveats): said on a first
  // page before the townships, and pointed to from each page's header.
  std::vector<std::string> caveats;
};

// One page per distinct `township` of the villages. Errors (ErrorCode::input)
// name the layer and field: no villages layer, no township column, no verdict
// (not a check result).
Result<AtlasPlan> plan_atlas(const Document& doc);

// The workspace cut to the features whose extent meets `extent` (the DEM kept whole).
Workspace clip_workspace(const Workspace& ws, const BBox& extent);
// The rows of `t` for which `keep(row)` holds, as a table of the same columns.
FeatureTable rows_where(const FeatureTable& t, const std::function<bool(size_t)>& keep);

// The villages of `p`'s township (the rows whose `township` is its code).
FeatureTable township_villages(const FeatureTable& villages, const AtlasPage& p);
// The layer a page draws its neighbouring townships' villages in, as light grey context, not counted.
inline constexpr const char* k_neighbour_villages = "neighbour_villages";
// Leaves the page's own villages in `villages` and only their gap lines in `gaps`; the other villages in the
// frame go to a layer k_neighbour_villages. Returns the context layers made (to be drawn quiet), none when the
// frame holds only the township's villages or the villages have no township.
std::vector<std::string> split_off_neighbours(Workspace& page_ws, const AtlasPage& p);

}  // namespace jiuyou::render
