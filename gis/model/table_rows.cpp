#include "gis/model/table_rows.hpp"

#include <stdexcept>
#include <string>

namespace jiuyou {

FeatureTable copy_rows(const FeatureTable& t, std::span<const size_t> rows) {
  FeatureTable out;
  out.name = t.name;
  out.source = t.source;
  out.source_layer = t.source_layer;
  out.crs = t.crs;
  out.source_crs = t.source_crs;
  out.geometry.kind = t.geometry.kind;
  out.fid.reserve(rows.size());
  out.columns.reserve(t.columns.size());
  for (const Column& c : t.columns) {
    out.columns.emplace_back(c.name(), c.type());
    out.columns.back().reserve(rows.size());
  }
  for (const size_t r : rows) {
    if (r >= t.size())
      throw std::out_of_range("copy_rows: row " + std::to_string(r) + " of layer " + t.name + " with " + std::to_string(t.size()) + " rows");
    out.geometry.append_feature(t.geometry, r);
    out.fid.push_back(t.fid[r]);
    for (size_t k = 0; k < t.columns.size(); ++k) out.columns[k].append_from(t.columns[k], r);
  }
  return out;
}

}  // namespace jiuyou
