#pragma once
// QGIS layer styles stored inside a GeoPackage: the `layer_styles` table that
// QGIS itself reads and writes (f_table_catalog, f_table_schema, f_table_name,
// f_geometry_column, styleName, styleQML, styleSLD, useAsDefault, description,
// owner, ui, update_time). A style with useAsDefault = 1 is applied when the
// layer is opened, so the file opens coloured.
#include <span>
#include <string>

#include "gis/model/error.hpp"

namespace jiuyou::io {

struct LayerStyle {
  std::string table;            // the layer the style is for (f_table_name)
  std::string geometry_column;  // empty: the layer's own geometry column, looked up in the file
  std::string name;             // styleName
  std::string qml;              // styleQML: a QGIS .qml document
  std::string sld;              // styleSLD: an OGC SLD document (may be empty)
  std::string description;
  bool use_as_default = true;
};

// Adds the styles to the GeoPackage at `gpkg_path` (an existing file, opened
// for update), creating `layer_styles` when the file has none and registering it
// in gpkg_contents as an attribute table, as QGIS does. Every named table must
// exist in the file. On failure the file may hold a partial table: write styles
// into a temporary file and rename it into place afterwards.
Result<void> write_layer_styles(const std::string& gpkg_path, std::span<const LayerStyle> styles);

}  // namespace jiuyou::io
