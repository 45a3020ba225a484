#pragma once
// How the two years' geometry was given, besides the ground itself (tour 11
// K19, K20): the villages as polygons one year and as points the other (every
// distance measured from another place), and a layer read in another datum one
// year (GCJ-02 declared, then not: every feature of it offset by a few hundred
// metres). Said once in the notes, relaying the year's own check warning
// (points_for_polygons, likely_gcj02 / likely_bd09); the item changes that come
// from it alone are Transition::by_input (因数据口径变化), as for another DEM.
#include <string>
#include <vector>

#include "gis/compare/transitions.hpp"

namespace jiuyou::compare {

struct ShiftedLayer {
  std::string layer;    // canonical (roads)
  double shift_m = 0;   // the median offset of its features between the years
  std::string datum;    // GCJ-02 / BD-09 when a year's check named it ("" otherwise)
  std::string year;     // the year whose check warned ("" when neither did)
  std::string declared; // the datum that year's project declares for the layer when the check says it is wrong (tour 13 M12)
  std::string hint;     // that year's check's own hint for the fix
};

struct GeometryInputs {
  bool kind_changed = false;  // villages: polygons one year, points the other
  std::string kind_text;      // "2026 年的村是村点、2025 年是村界"
  std::vector<ShiftedLayer> shifted;
  std::vector<std::string> notes;  // Chinese, said once per comparison
};

// diff_layer for a layer one year's check (not the other's) found in an undeclared
// datum (likely_gcj02 / likely_bd09): that year's features are re-read in the datum
// (their coordinates taken back to lon/lat and converted from GCJ-02/BD-09) before
// matching, so that a real change reads 消失/新增/属性变化 and an unchanged feature
// reads unchanged, whatever the FIDs (tour 12 L12). Sets LayerDiff::datum, and
// shifted/shift_m to the matched features and how far the datum moved them. The
// plain diff_layer when neither year or both warned, or the conversion fails.
LayerDiff diff_layer_in_datum(const YearData& a, const YearData& b, const FeatureTable& la, const FeatureTable& lb, const DiffOptions& options);

// A layer counts as shifted when most of its features (and at least 5) were
// matched by FID with the whole shape moved by more than 10 m (LayerDiff::shifted).
GeometryInputs geometry_inputs(const YearData& a, const YearData& b, const std::vector<LayerDiff>& layers);

// A moved item (regressed, improved, gap wider or narrower) measured from the
// village's geometry when the villages' kind changed, or reading a shifted layer
// (or from villages that are themselves shifted), becomes by_input with a cause
// that says which, unless last year's nearest qualifying feature was removed or
// changed (a change on the ground stays one).
void discount_geometry_changes(const YearData& a, const YearData& b, const GeometryInputs& g, const Comparison& cmp, VillageTransition& vt);

}  // namespace jiuyou::compare
