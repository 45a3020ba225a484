#include "gis/compare/feature_diff.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <unordered_map>

#include "gis/io/shares.hpp"

namespace jiuyou::compare {

namespace {

using CellKey = uint64_t;

CellKey cell_key(int64_t cx, int64_t cy) { return (static_cast<uint64_t>(cx) << 32) ^ static_cast<uint64_t>(cy & 0xffffffff); }

// Same vertex count and every vertex within the tolerance.
bool same_geometry(const GeometryColumn& ga, size_t fa, const GeometryColumn& gb, size_t fb, double tol) {
  const size_t va0 = ga.vertex_begin(ga.ring_begin(ga.part_begin(fa)));
  const size_t va1 = ga.vertex_end(ga.ring_end(ga.part_end(fa) - 1) - 1);
  const size_t vb0 = gb.vertex_begin(gb.ring_begin(gb.part_begin(fb)));
  const size_t vb1 = gb.vertex_end(gb.ring_end(gb.part_end(fb) - 1) - 1);
  if (va1 - va0 != vb1 - vb0) return false;
  for (size_t k = 0; k < va1 - va0; ++k) {
    const Vec2 p = ga.vertex(va0 + k), q = gb.vertex(vb0 + k);
    if (std::hypot(p.x - q.x, p.y - q.y) > tol) return false;
  }
  return true;
}

struct Grid {
  double cell;
  std::unordered_map<CellKey, std::vector<int>> rows;
  [[nodiscard]] std::pair<int64_t, int64_t> cell_of(const BBox& b) const {
    return {static_cast<int64_t>(std::floor((b.min_x + b.max_x) / 2 / cell)), static_cast<int64_t>(std::floor((b.min_y + b.max_y) / 2 / cell))};
  }
};

// Pairs of the same FID whose geometry is the same (within `tol`): the year copied or exported again keeps both, so
// most features match here without the grid (issue #15: the grid over 1.7 M features a year was 8 % of a compare).
// A row in the same place of both tables is tried first; else the later year's row of that FID.
void match_same_fid(const FeatureTable& a, const FeatureTable& b, double tol, std::vector<int>& a_to_b, std::vector<char>& taken) {
  if (a.geometry.kind != b.geometry.kind) return;
  std::unordered_map<int64_t, size_t> b_of_fid;
  bool indexed = false;
  for (size_t r = 0; r < a.size(); ++r) {
    if (a.geometry.is_empty(r)) continue;
    size_t c = r;
    if (r >= b.size() || b.fid[r] != a.fid[r]) {
      if (!indexed) {
        b_of_fid.reserve(b.size());
        for (size_t k = 0; k < b.size(); ++k) b_of_fid.emplace(b.fid[k], k);
        indexed = true;
      }
      const auto it = b_of_fid.find(a.fid[r]);
      if (it == b_of_fid.end()) continue;
      c = it->second;
    }
    if (taken[c] != 0 || b.geometry.is_empty(c) || !same_geometry(a.geometry, r, b.geometry, c, tol)) continue;
    a_to_b[r] = static_cast<int>(c);
    taken[c] = 1;
  }
}

void match_by_geometry(const FeatureTable& a, const FeatureTable& b, double tol, std::vector<int>& a_to_b) {
  std::vector<char> taken(b.size(), 0);
  match_same_fid(a, b, tol, a_to_b, taken);
  Grid grid{std::max(tol, 0.01) * 4, {}};
  for (size_t r = 0; r < b.size(); ++r) {
    if (b.geometry.is_empty(r) || taken[r] != 0) continue;
    const auto [cx, cy] = grid.cell_of(b.geometry.feature_bbox(r));
    grid.rows[cell_key(cx, cy)].push_back(static_cast<int>(r));
  }
  for (size_t r = 0; r < a.size() && !grid.rows.empty(); ++r) {
    if (a_to_b[r] >= 0 || a.geometry.is_empty(r) || a.geometry.kind != b.geometry.kind) continue;
    const auto [cx, cy] = grid.cell_of(a.geometry.feature_bbox(r));
    for (int64_t dx = -1; dx <= 1 && a_to_b[r] < 0; ++dx)
      for (int64_t dy = -1; dy <= 1 && a_to_b[r] < 0; ++dy) {
        auto it = grid.rows.find(cell_key(cx + dx, cy + dy));
        if (it == grid.rows.end()) continue;
        for (int c : it->second)
          if (taken[static_cast<size_t>(c)] == 0 && same_geometry(a.geometry, r, b.geometry, static_cast<size_t>(c), tol)) {
            a_to_b[r] = c;
            taken[static_cast<size_t>(c)] = 1;
            break;
          }
      }
  }
}

void match_by_id(const Column& ca, const Column& cb, std::vector<int>& a_to_b) {
  std::unordered_map<std::string, int> rows;
  for (size_t r = 0; r < cb.size(); ++r)
    if (!cb.is_null(r)) rows.emplace(cb.as_text(r), static_cast<int>(r));
  for (size_t r = 0; r < ca.size(); ++r) {
    if (ca.is_null(r)) continue;
    auto it = rows.find(ca.as_text(r));
    if (it != rows.end()) a_to_b[r] = it->second;
  }
}

bool same_value(const Column& ca, size_t ra, const Column& cb, size_t rb) {
  if (ca.is_null(ra) || cb.is_null(rb)) return ca.is_null(ra) == cb.is_null(rb);
  if (ca.is_numeric() && cb.is_numeric()) {
    const double x = *ca.number(ra), y = *cb.number(rb);
    return std::abs(x - y) <= 1e-9 * std::max(1.0, std::max(std::abs(x), std::abs(y)));
  }
  if (!ca.is_numeric() && !cb.is_numeric()) return ca.get_text(ra) == cb.get_text(rb);  // no copy per row (issue #15)
  return ca.as_text(ra) == cb.as_text(rb);
}

// The columns both layers have, the earlier year's order: looked up once per layer, not once per feature.
using ColumnPairs = std::vector<std::pair<const Column*, const Column*>>;
ColumnPairs column_pairs(const FeatureTable& a, const FeatureTable& b) {
  ColumnPairs out;
  for (const Column& ca : a.columns)
    if (const Column* cb = b.column(ca.name())) out.emplace_back(&ca, cb);
  return out;
}

std::vector<FieldChange> field_changes(const ColumnPairs& columns, size_t ra, size_t rb) {
  std::vector<FieldChange> out;
  for (const auto& [ca, cb] : columns)
    if (!same_value(*ca, ra, *cb, rb)) out.push_back({ca->name(), ca->as_text(ra), cb->as_text(rb)});
  return out;
}

std::vector<FieldChange> field_changes(const FeatureTable& a, size_t ra, const FeatureTable& b, size_t rb) {
  return field_changes(column_pairs(a, b), ra, rb);
}

// The offset of every vertex of `fb` from `fa`'s when it is one shift (within `tol` of the first vertex's); nullopt otherwise.
std::optional<Vec2> rigid_shift(const GeometryColumn& ga, size_t fa, const GeometryColumn& gb, size_t fb, double tol) {
  if (ga.kind != gb.kind || ga.is_empty(fa) || gb.is_empty(fb)) return std::nullopt;
  const size_t va0 = ga.vertex_begin(ga.ring_begin(ga.part_begin(fa)));
  const size_t va1 = ga.vertex_end(ga.ring_end(ga.part_end(fa) - 1) - 1);
  const size_t vb0 = gb.vertex_begin(gb.ring_begin(gb.part_begin(fb)));
  const size_t vb1 = gb.vertex_end(gb.ring_end(gb.part_end(fb) - 1) - 1);
  if (va1 - va0 != vb1 - vb0 || va1 == va0) return std::nullopt;
  const Vec2 p0 = ga.vertex(va0), q0 = gb.vertex(vb0);
  const double sx = q0.x - p0.x, sy = q0.y - p0.y;
  for (size_t k = 1; k < va1 - va0; ++k) {
    const Vec2 p = ga.vertex(va0 + k), q = gb.vertex(vb0 + k);
    if (std::hypot(q.x - p.x - sx, q.y - p.y - sy) > tol) return std::nullopt;
  }
  return Vec2{sx, sy};
}

// A datum slip moves a whole layer: FID matches of moved shapes are taken only when at
// least this many, and at least half the layer, moved so (a lone feature moved 1 km
// under its FID is removed and added, as before).
constexpr size_t k_min_shifted = 5;
// A datum moves a county's features by about one vector (GCJ-02 varies by tens of metres over a county): pairs
// whose shift is off the median vector by more than this (plus a tenth of it) are not the same feature (tour 13 M22).
constexpr double k_vector_spread_m = 100;
// How far apart the two readings of a layer may lie for the nearest-feature pairing (BD-09 is about 1 km off).
constexpr double k_search_m = 1500;

using Pairs = std::vector<std::pair<size_t, size_t>>;

// Each coordinate's median (io::median_of's, the upper one of an even count).
Vec2 median_vector(const std::vector<Vec2>& v) {
  std::vector<double> x, y;
  x.reserve(v.size());
  y.reserve(v.size());
  for (const Vec2& p : v) {
    x.push_back(p.x);
    y.push_back(p.y);
  }
  return {io::median_of(std::move(x)), io::median_of(std::move(y))};
}

// The pairs whose shift is about the median one; their shifts (lengths) in `lengths`.
Pairs consistent(const Pairs& pairs, const std::vector<Vec2>& shifts, std::vector<double>& lengths) {
  Pairs out;
  lengths.clear();
  if (pairs.empty()) return out;
  const Vec2 m = median_vector(shifts);
  const double spread = k_vector_spread_m + 0.1 * std::hypot(m.x, m.y);
  for (size_t k = 0; k < pairs.size(); ++k)
    if (std::hypot(shifts[k].x - m.x, shifts[k].y - m.y) <= spread) {
      out.push_back(pairs[k]);
      lengths.push_back(std::hypot(shifts[k].x, shifts[k].y));
    }
  return out;
}

Vec2 centre_of(const GeometryColumn& g, size_t r) {
  const BBox x = g.feature_bbox(r);
  return {(x.min_x + x.max_x) / 2, (x.min_y + x.max_y) / 2};
}

// Features renumbered by a re-export (FID 1.. → 0..) and moved as a whole: each unmatched earlier feature paired
// with the nearest unmatched later one of the same attributes after the layer's median nearest-neighbour shift.
Pairs match_by_offset(const FeatureTable& a, const FeatureTable& b, const std::vector<char>& a_free, const std::vector<char>& b_free, double tol,
                      std::vector<Vec2>& shifts) {
  std::unordered_map<CellKey, std::vector<size_t>> grid;
  const auto cell = [](double v) { return static_cast<int64_t>(std::floor(v / k_search_m)); };
  for (size_t r = 0; r < b.size(); ++r)
    if (b_free[r] != 0 && !b.geometry.is_empty(r)) {
      const Vec2 c = centre_of(b.geometry, r);
      grid[cell_key(cell(c.x), cell(c.y))].push_back(r);
    }
  const auto nearest = [&](Vec2 p, const std::vector<char>& taken) {
    size_t best = b.size();
    double best_d = k_search_m;
    for (int64_t dx = -1; dx <= 1; ++dx)
      for (int64_t dy = -1; dy <= 1; ++dy)
        if (const auto it = grid.find(cell_key(cell(p.x) + dx, cell(p.y) + dy)); it != grid.end())
          for (const size_t r : it->second) {
            const Vec2 c = centre_of(b.geometry, r);
            const double d = std::hypot(c.x - p.x, c.y - p.y);
            if (taken[r] == 0 && d < best_d) {
              best = r;
              best_d = d;
            }
          }
    return best;
  };
  std::vector<char> none(b.size(), 0);
  std::vector<Vec2> guesses;
  for (size_t r = 0; r < a.size(); ++r)
    if (a_free[r] != 0 && !a.geometry.is_empty(r)) {
      const Vec2 p = centre_of(a.geometry, r);
      if (const size_t n = nearest(p, none); n < b.size()) {
        const Vec2 q = centre_of(b.geometry, n);
        guesses.push_back({q.x - p.x, q.y - p.y});
      }
    }
  Pairs out;
  if (guesses.size() < k_min_shifted) return out;
  const Vec2 m = median_vector(guesses);
  std::vector<char> taken(b.size(), 0);
  for (size_t r = 0; r < a.size(); ++r) {
    if (a_free[r] == 0 || a.geometry.is_empty(r)) continue;
    const Vec2 p = centre_of(a.geometry, r);
    const size_t n = nearest({p.x + m.x, p.y + m.y}, taken);
    if (n >= b.size()) continue;
    const std::optional<Vec2> s = rigid_shift(a.geometry, r, b.geometry, n, tol);
    if (!s || !field_changes(a, r, b, n).empty()) continue;
    taken[n] = 1;
    out.emplace_back(r, n);
    shifts.push_back(*s);
  }
  return out;
}

// The features left unmatched, matched by FID when nothing but their position moved (as a whole, all by about
// one vector), else by position after that shift (FIDs renumbered), the layer with them.
void match_shifted(const FeatureTable& a, const FeatureTable& b, double tol, LayerDiff& d) {
  std::unordered_map<int64_t, size_t> b_of_fid;
  std::vector<char> b_free(b.size(), 1), a_free(a.size(), 0);
  for (const int br : d.a_to_b)
    if (br >= 0) b_free[static_cast<size_t>(br)] = 0;
  for (size_t r = 0; r < b.size(); ++r)
    if (b_free[r] != 0) b_of_fid.emplace(b.fid[r], r);
  std::vector<Vec2> shifts;
  Pairs found;
  for (size_t r = 0; r < a.size(); ++r) {
    if (d.a_to_b[r] >= 0) continue;
    a_free[r] = 1;
    const auto it = b_of_fid.find(a.fid[r]);
    if (it == b_of_fid.end()) continue;
    const std::optional<Vec2> s = rigid_shift(a.geometry, r, b.geometry, it->second, tol);
    if (!s || !field_changes(a, r, b, it->second).empty()) continue;
    found.emplace_back(r, it->second);
    shifts.push_back(*s);
  }
  std::vector<double> lengths;
  found = consistent(found, shifts, lengths);
  const auto enough = [&](size_t n) { return n >= k_min_shifted && n * 2 >= a.size(); };
  if (!enough(found.size())) {
    shifts.clear();
    found = consistent(match_by_offset(a, b, a_free, b_free, tol, shifts), shifts, lengths);
  }
  if (!enough(found.size())) return;
  for (const auto& [ra, rb] : found) d.a_to_b[ra] = static_cast<int>(rb);
  d.shifted = lengths.size();
  d.shift_m = io::median_of(std::move(lengths));
}

}  // namespace

namespace {

const FeatureChange* change_at(const std::vector<int>& index, int row, const std::vector<FeatureChange>& changed, const std::vector<FeatureChange>& other) {
  if (row < 0 || static_cast<size_t>(row) >= index.size()) return nullptr;
  const int k = index[static_cast<size_t>(row)];
  if (k > 0) return &changed[static_cast<size_t>(k - 1)];
  if (k < 0) return &other[static_cast<size_t>(-k - 1)];
  return nullptr;
}

void index_changes(LayerDiff& d, size_t a_size, size_t b_size, const FeatureTable& a, const FeatureTable& b) {
  d.a_change.assign(a_size, 0);
  d.b_change.assign(b_size, 0);
  for (size_t k = 0; k < d.changed.size(); ++k) {
    d.a_change[static_cast<size_t>(d.changed[k].a_row)] = static_cast<int>(k) + 1;
    d.b_change[static_cast<size_t>(d.changed[k].b_row)] = static_cast<int>(k) + 1;
  }
  for (size_t k = 0; k < d.removed.size(); ++k) d.a_change[static_cast<size_t>(d.removed[k].a_row)] = -static_cast<int>(k) - 1;
  for (size_t k = 0; k < d.added.size(); ++k) d.b_change[static_cast<size_t>(d.added[k].b_row)] = -static_cast<int>(k) - 1;
  d.a_rows.build(a.fid);
  d.b_rows.build(b.fid);
}

}  // namespace

const FeatureChange* LayerDiff::change_of_a(int a_row) const { return change_at(a_change, a_row, changed, removed); }
const FeatureChange* LayerDiff::change_of_b(int b_row) const { return change_at(b_change, b_row, changed, added); }
int LayerDiff::a_row_of_fid(int64_t fid) const { return a_rows.row(fid); }
int LayerDiff::b_row_of_fid(int64_t fid) const { return b_rows.row(fid); }

void LayerDiff::FidRows::build(const std::vector<int64_t>& fids) {
  sparse.clear();
  count = 0;
  first = fids.empty() ? 0 : fids.front();
  bool dense = true;
  for (size_t r = 0; r < fids.size() && dense; ++r) dense = fids[r] == first + static_cast<int64_t>(r);
  if (dense) {
    count = fids.size();
    return;
  }
  sparse.reserve(fids.size());
  for (size_t r = 0; r < fids.size(); ++r) sparse.emplace(fids[r], static_cast<int>(r));  // the first row of a FID, as before
}

int LayerDiff::FidRows::row(int64_t fid) const {
  if (count > 0 || sparse.empty()) return fid >= first && fid - first < static_cast<int64_t>(count) ? static_cast<int>(fid - first) : -1;
  const auto it = sparse.find(fid);
  return it == sparse.end() ? -1 : it->second;
}

LayerDiff diff_layer(const FeatureTable& a, const FeatureTable& b, const DiffOptions& options) {
  LayerDiff d;
  d.layer = a.name;
  d.a_to_b.assign(a.size(), -1);
  d.matched_by = "geometry";
  for (const auto& f : options.id_fields)
    if (a.column(f) != nullptr && b.column(f) != nullptr) {
      d.matched_by = f;
      match_by_id(*a.column(f), *b.column(f), d.a_to_b);
      break;
    }
  if (d.matched_by == "geometry") match_by_geometry(a, b, options.tolerance_m, d.a_to_b);
  match_shifted(a, b, options.shift_tolerance_m, d);
  std::vector<char> b_seen(b.size(), 0);
  const ColumnPairs columns = column_pairs(a, b);
  for (size_t r = 0; r < a.size(); ++r) {
    const int br = d.a_to_b[r];
    if (br < 0) {
      d.removed.push_back({static_cast<int>(r), -1, {}});
      continue;
    }
    b_seen[static_cast<size_t>(br)] = 1;
    auto fields = field_changes(columns, r, static_cast<size_t>(br));
    if (!fields.empty()) d.changed.push_back({static_cast<int>(r), br, std::move(fields)});
  }
  for (size_t r = 0; r < b.size(); ++r)
    if (b_seen[r] == 0) d.added.push_back({-1, static_cast<int>(r), {}});
  index_changes(d, a.size(), b.size(), a, b);
  return d;
}

}  // namespace jiuyou::compare
