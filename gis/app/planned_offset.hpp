#pragma once
// Planned lines drawn on a GCJ-02 basemap (高德, 腾讯) but delivered as
// WGS84/CGCS2000 sit a systematic 300–700 m off. A planned road or line
// meets the network it extends at one of its ends; when the ends lie well
// off the project's layer of the same name as given, and much nearer once
// the GCJ-02 correction is applied (and not nearer with the opposite
// shift), the planned layer is likely GCJ-02: `check --with-crs GCJ-02`
// declares it. The same test the loader runs on the project's own layers
// (gis/indicators/sanity_offset.cpp), on the planned lines' ends.
#include <optional>
#include <string>

#include "gis/model/crs_ref.hpp"
#include "gis/model/feature_table.hpp"

namespace jiuyou::app {

// `planned` and `existing` in the metric CRS `metric`. A Chinese warning (what
// was measured and the option to give), or nullopt.
std::optional<std::string> likely_gcj02_planned(const FeatureTable& planned, const FeatureTable& existing, const CrsRef& metric);

}  // namespace jiuyou::app
