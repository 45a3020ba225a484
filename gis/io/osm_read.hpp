#pragma once
// Reading an OpenStreetMap extract and a county boundary through GDAL
// (gis/io internal, for osm_import.cpp): .osm / .osm.pbf through GDAL's OSM
// driver (tags without a column of their own come from other_tags), and
// GeoJSON exports (Overpass, osmtogeojson) whose properties are the tags.
#include <functional>
#include <memory>
#include <string>

#include <ogrsf_frmts.h>

#include "gis/io/osm_rules.hpp"
#include "gis/model/error.hpp"

namespace jiuyou::io {

struct OgrGeometryDeleter {
  void operator()(OGRGeometry* g) const { OGRGeometryFactory::destroyGeometry(g); }
};
using OgrGeometryPtr = std::unique_ptr<OGRGeometry, OgrGeometryDeleter>;

struct OsmFeature {
  std::string id;  // "n123" (node), "w45" (way), "r6" (relation); empty when the source gives none
  OsmTags tags;
  const OGRGeometry* geometry = nullptr;  // lon/lat (WGS 84), owned by the reader
};

// Calls `fn` for every feature of the extract; returns how many were read.
Result<size_t> read_osm_extract(const std::string& path, const std::function<void(const OsmFeature&)>& fn);

struct Boundary {
  OgrGeometryPtr shape;     // the union of the layer's polygons, lon/lat (WGS 84)
  std::string name;         // the first feature's name field, if any
  std::string county_code;  // a 6-digit adcode/code field, if any
  std::string path, layer;
};

// "county.gpkg" or "county.gpkg:layer" (default: the first polygon layer).
Result<Boundary> read_boundary(const std::string& path_and_layer);

}  // namespace jiuyou::io
