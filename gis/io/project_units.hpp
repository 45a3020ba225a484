#pragma once
// A column's unit stated by the project, where the table cannot state it:
//   [layers.village_stats.units]
//   collective_income = "万元"     # or the source column: "村集体经济" = "万元"
// A DBF's names hold 10 bytes and it has no title rows (tour 14 N13: 「村集体经济（万元）」 is 18 bytes in
// GBK); a table the office may not change is the same. The project's word wins over the column's name,
// a units row and the title block, and the loader does not guess the unit from the values; values far
// off it are still said (values.cpp).
#include <optional>
#include <string>

#include "gis/io/numbers.hpp"
#include "gis/io/project.hpp"
#include "gis/io/schema.hpp"
#include "gis/io/vocab.hpp"
#include "gis/model/error.hpp"

namespace jiuyou::io {

// Every key of [layers.X.units] names a number field of the layer's kind (by its canonical name or the
// source column mapped to it) and a unit of that field's role: a money word of the vocabulary (元, 百元, 千元,
// 万元, 十万元, 百万元, 千万元, 亿元) for money; %, ‰ or 比例 for shares and rates. Otherwise an error naming the
// project file, the key and the units the field takes.
Result<void> check_project_units(const LayerSpec& spec, const std::string& kind, const Vocabulary& vocab);

// The unit the project states for `field` (from_project set); nullopt where it states none.
std::optional<HeaderUnit> project_unit(const LayerSpec& spec, const CanonicalField& field, const Vocabulary& vocab);

// The project line that states a field's unit: [layers.village_stats.units] collective_income = "万元".
std::string units_key_line(const LayerSpec& spec, const std::string& field, const std::string& unit);

// Whether the layer's format lets a column's name carry a unit and a title sit above the header
// (CSV, XLSX); a DBF, shapefile or GeoPackage does not: only the project key can state it there.
bool names_carry_units(const std::string& source);

}  // namespace jiuyou::io
