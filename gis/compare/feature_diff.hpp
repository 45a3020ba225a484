#pragma once
// The features of one layer matched between two years: by a stable id field
// when both years have one (feature_id, id, ...: the list is data in
// DiffOptions), else by geometry (the same vertices within a tolerance). What
// is left is removed (earlier year only) or added (later year only); a matched
// feature whose attributes differ is changed, with the fields that differ.
// Features still unmatched are matched by FID when the shape moved as a whole
// and no attribute differs (counted in LayerDiff::shifted: another datum).
#include <string>
#include <unordered_map>
#include <vector>

#include "gis/model/feature_table.hpp"

namespace jiuyou::compare {

struct DiffOptions {
  std::vector<std::string> id_fields{"feature_id", "osm_id", "uid", "id", "编号"};  // the first both years have
  double tolerance_m = 1.0;                                                      // geometric match: every vertex within
  // A feature left unmatched is matched to the later feature of the same FID when
  // their attributes are all equal and their shapes differ by one shift (every
  // vertex's offset within this of the first one's): the same file read in another
  // datum (GCJ-02 declared one year, not the other) is no layer removed and re-added.
  // Taken only when at least 5 features and half the layer moved so (a datum moves the layer).
  double shift_tolerance_m = 5.0;
};

struct FieldChange {
  std::string field;
  std::string before, after;  // as text ("" for null)
};

struct FeatureChange {
  int a_row = -1, b_row = -1;  // -1: added (a) / removed (b)
  std::vector<FieldChange> fields;  // changed: the fields that differ
};

struct LayerDiff {
  std::string layer;
  std::string matched_by;      // the id field, or "geometry"
  std::vector<int> a_to_b;     // per row of the earlier layer: its row in the later one, -1 removed
  std::vector<FeatureChange> removed, added, changed;
  size_t shifted = 0;          // of the matched features: those matched by FID whose shape moved as a whole (DiffOptions::shift_tolerance_m)
  double shift_m = 0;          // their median shift
  std::string datum;           // "GCJ-02"/"BD-09": one year's features were re-read in this datum before matching (diff_layer_in_datum)
  [[nodiscard]] const FeatureChange* change_of_a(int a_row) const;  // changed or removed entry of that row
  [[nodiscard]] const FeatureChange* change_of_b(int b_row) const;  // changed or added entry of that row
  [[nodiscard]] int a_row_of_fid(int64_t fid) const;                // -1 when no such feature
  [[nodiscard]] int b_row_of_fid(int64_t fid) const;

  // FID -> row, filled by diff_layer: when the FIDs run on one by one (fid == first + row, as read from a
  // GeoPackage) no map at all; else a hash map (issue #15: a map of 1.7 M features a year was a compare's cost).
  struct FidRows {
    int64_t first = 0;
    size_t count = 0;  // dense: rows 0..count-1 hold first..first+count-1
    std::unordered_map<int64_t, int> sparse;
    void build(const std::vector<int64_t>& fids);
    [[nodiscard]] int row(int64_t fid) const;
  };
  // Lookups filled by diff_layer: FID -> row; row -> +1 + index into changed, or -1 - index into removed/added (0: none).
  FidRows a_rows, b_rows;
  std::vector<int> a_change, b_change;
};

LayerDiff diff_layer(const FeatureTable& a, const FeatureTable& b, const DiffOptions& options = {});

}  // namespace jiuyou::compare
