#pragma once
// A layer: dense rows 0..n-1, the source FID kept, one flat geometry column,
// typed attribute columns, and the CRS its coordinates are in.
#include <string>
#include <string_view>
#include <vector>

#include "gis/model/column.hpp"
#include "gis/model/crs_ref.hpp"
#include "gis/model/geometry.hpp"

namespace jiuyou {

struct FeatureTable {
  std::string name;          // canonical layer name: villages, roads, water, ...
  std::string source;        // file path or connection string as the project gave it
  std::string source_layer;  // layer name inside the source
  CrsRef crs;                // the CRS of the coordinates now
  CrsRef source_crs;         // the CRS they were read in (reports say what was converted)
  GeometryColumn geometry;
  std::vector<int64_t> fid;  // source FID per row
  std::vector<Column> columns;

  [[nodiscard]] size_t size() const { return fid.size(); }
  [[nodiscard]] int column_index(std::string_view col) const;
  [[nodiscard]] const Column* column(std::string_view col) const;
  [[nodiscard]] Column* column(std::string_view col);
  // Adds a column filled with nulls for the existing rows; returns it.
  Column& add_column(std::string col, FieldType type);
  [[nodiscard]] BBox bbox() const { return geometry.bbox(); }
  // Rows whose `key` column equals `value` (text compare via as_text).
  [[nodiscard]] std::vector<uint32_t> find_rows(std::string_view key, std::string_view value) const;
};

}  // namespace jiuyou
