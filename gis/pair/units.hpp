#pragma once
// Getting units and existing pairs out of tables.
//
// Units layer (canonical fields; a project's [layers.units.fields] maps others):
//   code, name, role (helper/donor/帮扶方/海 or helped/recipient/受扶方/山),
//   funds_cny_per_year, max_partners, jobs           (helpers)
//   poor_population, gap_cost_cny, income_shortfall_cny, need_cny_per_year  (helped units)
// Point or polygon geometry (a polygon stands for its representative point),
// in a geographic CRS (distances on the ellipsoid; GCJ-02/BD-09 converted) or
// a projected one (planar distances).
//
// Pairs table (CSV or any table): helper_code, helped_code, and optionally
// helper_name, helper_lon, helper_lat, helped_name, helped_lon, helped_lat
// (WGS84/CGCS2000 degrees), year, funds_cny_per_year, source. With the
// coordinates, the table alone is a problem (data/pairing/quanzhou_2018.csv).
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "gis/model/error.hpp"
#include "gis/model/feature_table.hpp"
#include "gis/pair/pair_model.hpp"

namespace jiuyou::pair {

// Units from a loaded layer (rows in table order; Unit::row is the FID). `headers`: the project's
// [layers.units.fields] (canonical -> the column as written); a money column whose written name states a
// unit ("年度资金（万元）") is read in it (the check loader's io::unit_in_header) and the problem's basis_zh
// says so.
Result<PairProblem> problem_from_units_table(const FeatureTable& table, const std::map<std::string, std::string>& headers = {});

struct PairsTable {
  std::vector<ExistingPair> pairs;
  std::vector<Unit> units;  // from the coordinate columns, when present (helpers first seen first)
  bool has_positions = false;
  bool by_name = false;              // no code columns: pairs name their units (resolve_pair_names)
  std::vector<std::string> units_zh;  // the units its headers stated and were read in, one sentence each
};

// A table of pairs (ExistingPair::row is the 1-based data row).
Result<PairsTable> pairs_from_table(const FeatureTable& table);
// RFC 4180 CSV (UTF-8, optional BOM, quoted fields) as a table of text columns.
Result<FeatureTable> parse_csv_table(std::string_view text, const std::string& path);
// A pairs file: .csv parsed here, anything else through jiuyou::io::read_layer.
Result<PairsTable> read_pairs(const std::string& path);
// The codes of a names-only table's pairs, by the units' names (tour 12 L24): an error naming the row for a
// name no unit has or two units share.
Result<void> resolve_pair_names(std::vector<ExistingPair>& pairs, const std::vector<Unit>& units, const std::string& path);
// The pairs table as a whole problem: its units, its pairs as existing pairs.
Result<PairProblem> problem_from_pairs(const PairsTable& table, const std::string& path);

}  // namespace jiuyou::pair
