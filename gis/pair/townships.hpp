#pragma once
// The township scenario of 结对帮扶 ("沿海发达乡镇结对帮扶30个扶贫开发重点乡镇"):
// from a county's (or synthetic province's) townships and villages, the key
// townships to help and the developed townships that help them, as a pairing
// problem.
//
// Per township, from its villages (villages.township = townships.code):
// population, poor_population, income per head (population-weighted mean of
// income_per_capita) and the collective-income shortfall (the sum over its
// villages of max(0, target - collective_income)).
// - Helped: the `key_townships` townships with the highest poor incidence
//   (poor_population / population), with poor_population and
//   income_shortfall_cny as their need.
// - Helpers: among the rest, the `helpers` townships with the highest income
//   per head, with funds_cny_per_year = funds_share × population × income per
//   head and one partner each.
// Ties go by township code. Positions are the townships' representative points
// in the layer's CRS (planar distances when projected, as the synthetic
// counties are).
#include <string>

#include "gis/model/error.hpp"
#include "gis/model/feature_table.hpp"
#include "gis/pair/pair_model.hpp"

namespace jiuyou::pair {

struct KeyTownshipParams {
  int key_townships = 30;
  int helpers = 40;
  double funds_share = 0.005;                   // of the helper township's residents' income, per year
  double collective_income_target_cny = 50000;  // a village's collective income below this is a shortfall (Hubei 2017)
};

// Errors (ErrorCode::format / input) name the file, layer and field: a missing
// field, a village naming an unknown township, too few townships.
Result<PairProblem> key_township_problem(const FeatureTable& townships, const FeatureTable& villages, const KeyTownshipParams& params = {});

}  // namespace jiuyou::pair
