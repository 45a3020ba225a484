#pragma once
// [basemap] of project.toml: an offline basemap drawn under the maps of view,
// render and atlas (an .mbtiles file, an XYZ tile folder or a georeferenced
// raster; nothing is fetched from the network, so URLs are refused). The
// section is checked when the project is read (gis/io/project.cpp).
#include <optional>
#include <string>

#include "gis/model/error.hpp"

namespace jiuyou::io {

struct Project;

struct BasemapSpec {
  std::string path;      // resolved against the project's folder
  double opacity = 1.0;  // 0..1 over the map's background
};

// The project's [basemap] (none for a project without the section, or a GeoPackage opened directly).
// Errors (ErrorCode::project) name the key: no path, a URL, an opacity outside 0..1, an unknown key.
Result<std::optional<BasemapSpec>> project_basemap(const Project& project);

}  // namespace jiuyou::io
