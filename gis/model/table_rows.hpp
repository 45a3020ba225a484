#pragma once
// Row subsets of a layer: the atlas clips each layer to a sheet, the synthetic
// years drop removed villages. One copy keeps every attribute, null, FID and
// geometry of the kept rows, so no caller forgets one.
#include <cstddef>
#include <span>

#include "gis/model/feature_table.hpp"

namespace jiuyou {

// The same layer (name, source, CRS, geometry kind, columns with their types)
// holding only `rows` of `t`, in the order given: geometry, FID and every
// value, nulls included, copied. A row past the end throws std::out_of_range.
FeatureTable copy_rows(const FeatureTable& t, std::span<const size_t> rows);

}  // namespace jiuyou
