#pragma once
// A measured field (电压 voltage_kv, 覆盖半径 radius_m, 路宽 width_m, 容量 capacity_kva) whose column cannot be in the
// field's unit once read (tour 17 R9, R10): voltages of 10000 kV are volts, tower radii of 2.5 m are kilometres.
// Either is a silent wrong verdict (400 V lines counted as ≥ 10 kV; every tower covering nothing), so the column's
// values are made unknown — never rescaled by a guess — and one warning names the column, its values, the unit they
// look like and the [layers.X.units] key that states it.
#include "gis/io/project.hpp"
#include "gis/io/schema.hpp"
#include "gis/io/vocab.hpp"
#include "gis/model/feature_table.hpp"
#include "gis/model/issue_log.hpp"

namespace jiuyou::io {

// For a field with a plausible range and unit words in the vocabulary ([numbers.plausible],
// [numbers.quantity_units]): the median of its positive values below the range or a value above it makes the whole
// column unknown, with a `quantity_unit_implausible` warning. Other fields: nothing.
void settle_quantity_unit(FeatureTable& t, const LayerSpec& spec, const CanonicalField& field, const Vocabulary& vocab, IssueLog& log);

}  // namespace jiuyou::io
