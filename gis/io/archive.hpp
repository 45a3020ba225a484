#pragma once
// A layer inside a .zip archive, as county offices mail shapefiles
// ("村界.zip", "村界.zip/村界.shp", or GDAL's "/vsizip/…/村界.zip/村界.shp"):
// the one dataset in it, or the one the path or the layer's `layer` names. The
// archive is read where it is, never unpacked. Entry names are shown decoded: a
// zip written on Windows stores 村界.shp in GBK (or a Linux one in UTF-8) without
// saying so, and GDAL reads such names as CP437.
#include <optional>
#include <string>
#include <vector>

#include "gis/io/project.hpp"
#include "gis/model/error.hpp"

namespace jiuyou::io {

struct ArchiveMember {
  std::string gdal_path;     // "/vsizip//abs/村界.zip/<entry as GDAL names it>"
  std::string shown;         // "村界.zip/村界.shp" for messages
  bool layer_chose = false;  // the layer's `layer` named this member (so it is not a layer inside it)
};

// Whether `path` names a .zip archive or a member of one (case-insensitive ".zip", optionally under /vsizip/).
bool names_archive(const std::string& path);
// The member to open for `spec`; an error naming the archive and its datasets when
// it holds none, or several and neither the path nor `layer` says which.
Result<ArchiveMember> archive_member(const LayerSpec& spec);
// An entry name as GDAL lists it, decoded for people (GBK or UTF-8 bytes GDAL read as CP437).
std::string shown_entry_name(const std::string& gdal_name);

}  // namespace jiuyou::io
