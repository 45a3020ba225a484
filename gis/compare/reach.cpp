// The reach of an item (reach.hpp): the rule set's distance, the village's own
// features, and for a connected item the village's piece of network.
#include "gis/compare/reach.hpp"

#include <algorithm>

#include "gis/compare/feature_diff.hpp"
#include "gis/indicators/expression.hpp"
#include "gis/network/topology.hpp"

namespace jiuyou::compare {

using indicators::ItemKind;

ItemReach reach_of(const indicators::Item& item) {
  ItemReach r;
  switch (item.kind) {
    case ItemKind::network_access:
      r.radius_m = item.max_distance_m;
      r.along_network = item.require_connected;
      break;
    case ItemKind::coverage:
      r.radius_m = std::max({item.max_distance_m, item.tower_radius_m, item.fiber_max_distance_m});
      r.feature_radius = true;
      break;
    case ItemKind::facility:
    case ItemKind::water_convenience: r.radius_m = item.max_distance_m; break;
    default: break;  // attribute and combined items read no features
  }
  return r;
}

double village_distance(const VillageAt& v, const FeatureTable& t, size_t row) {
  if (t.geometry.is_empty(row) || std::isnan(v.point.x)) return HUGE_VAL;
  if (v.villages != nullptr && v.villages->geometry.kind == GeometryKind::polygon && !v.villages->geometry.is_empty(v.row)) {
    const Vec2 p = representative_point(t.geometry, row);
    if (point_in_feature(v.villages->geometry, v.row, p.x, p.y)) return 0;
  }
  return point_feature_distance(t.geometry, row, v.point.x, v.point.y);
}

namespace {

double own_radius(const FeatureTable& t, size_t row) {
  const Column* c = t.column("radius_m");
  if (c == nullptr || !c->is_numeric() || c->is_null(row)) return -1;
  return c->number(row).value_or(-1);
}

bool own_feature(const VillageAt& v, const FeatureTable& t, size_t row, double distance_m) {
  if (distance_m == 0) return true;
  const Column* c = t.column("village_code");
  return c != nullptr && !v.code.empty() && !c->is_null(row) && c->as_text(row) == v.code;
}

}  // namespace

bool within_radius(const ItemReach& reach, const VillageAt& v, const FeatureTable& t, size_t row, double distance_m) {
  if (reach.radius_m < 0) return own_feature(v, t, row, distance_m);
  const double radius = reach.feature_radius ? std::max(reach.radius_m, own_radius(t, row)) : reach.radius_m;
  return distance_m <= radius;
}

std::vector<size_t> network_piece(const FeatureTable& b, size_t b_row, const indicators::Item& item, size_t max_features) {
  if (b.geometry.kind != GeometryKind::line || b_row >= b.size()) return {};
  auto mask = indicators::filter_mask(b, item.filter);
  if (!mask) return {};
  (*mask)[b_row] = 1;  // last year's nearest feature, unchanged: its piece whatever this year's filter says
  network::NodingParams np;
  np.tolerance_m = item.tolerance_m;
  const network::NetworkTopology topo = network::build_topology(b.geometry, *mask, np);
  const int32_t comp = topo.component_of(b_row);
  if (comp < 0 || topo.component_features[static_cast<size_t>(comp)] > max_features) return {};
  std::vector<size_t> rows;
  for (size_t r = 0; r < b.size(); ++r)
    if (topo.component[r] == comp) rows.push_back(r);
  return rows;
}

const NetworkPieces::Built& NetworkPieces::built(const FeatureTable& b, const indicators::Item& item) {
  for (const Built& x : built_)
    if (x.table == &b && x.filter == item.filter && x.tolerance_m == item.tolerance_m) return x;
  Built x;
  x.table = &b;
  x.filter = item.filter;
  x.tolerance_m = item.tolerance_m;
  auto mask = indicators::filter_mask(b, item.filter);
  if (mask) {
    x.readable = true;
    x.mask = std::move(*mask);
    network::NodingParams np;
    np.tolerance_m = item.tolerance_m;
    network::NetworkTopology topo = network::build_topology(b.geometry, x.mask, np);
    x.component = std::move(topo.component);
    x.component_features = std::move(topo.component_features);
    // the rows by component (a counting sort keeps them ascending within each)
    x.first.assign(x.component_features.size() + 1, 0);
    for (const int32_t c : x.component)
      if (c >= 0) ++x.first[static_cast<size_t>(c) + 1];
    for (size_t c = 1; c < x.first.size(); ++c) x.first[c] += x.first[c - 1];
    x.rows.resize(x.first.back());
    std::vector<uint32_t> next(x.first.begin(), x.first.end() - 1);
    for (size_t r = 0; r < x.component.size(); ++r)
      if (x.component[r] >= 0) x.rows[next[static_cast<size_t>(x.component[r])]++] = static_cast<uint32_t>(r);
  }
  built_.push_back(std::move(x));
  return built_.back();
}

std::vector<size_t> NetworkPieces::piece(const FeatureTable& b, size_t b_row, const indicators::Item& item, size_t max_features) {
  if (b.geometry.kind != GeometryKind::line || b_row >= b.size()) return {};
  const Built& x = built(b, item);
  if (!x.readable) return {};
  if (x.mask[b_row] == 0) return network_piece(b, b_row, item, max_features);  // this year's filter drops it: its own topology
  const int32_t comp = x.component[b_row];
  if (comp < 0 || x.component_features[static_cast<size_t>(comp)] > max_features) return {};
  const auto c = static_cast<size_t>(comp);
  return {x.rows.begin() + x.first[c], x.rows.begin() + x.first[c + 1]};
}

namespace {

// Each vertex of feature f of g, and whether one lies within `tol` of feature `row` of `other`.
bool vertex_near(const GeometryColumn& g, size_t f, bool ends_only, const GeometryColumn& other, size_t row, double tol) {
  for (uint32_t p = g.part_begin(f); p < g.part_end(f); ++p)
    for (uint32_t r = g.ring_begin(p); r < g.ring_end(p); ++r) {
      const uint32_t v0 = g.vertex_begin(r), v1 = g.vertex_end(r);
      for (uint32_t k = v0; k < v1; ++k) {
        if (ends_only && k != v0 && k + 1 != v1) continue;
        const Vec2 x = g.vertex(k);
        if (point_feature_distance(other, row, x.x, x.y) <= tol) return true;
      }
    }
  return false;
}

}  // namespace

std::vector<BBox> change_boxes(const LayerDiff& d, const FeatureTable& a) {
  std::vector<BBox> out;
  out.reserve(d.removed.size() + d.changed.size());
  for (const auto* list : {&d.removed, &d.changed})
    for (const FeatureChange& c : *list) {
      const auto row = static_cast<size_t>(c.a_row);
      out.push_back(a.geometry.is_empty(row) ? BBox{} : a.geometry.feature_bbox(row));
    }
  return out;
}

const std::vector<BBox>& NetworkPieces::change_boxes(const LayerDiff& d, const FeatureTable& a) {
  auto it = boxes_.find(&d);
  if (it == boxes_.end()) it = boxes_.emplace(&d, compare::change_boxes(d, a)).first;
  return it->second;
}

bool touches_piece(const FeatureTable& a, size_t a_row, const FeatureTable& b, const std::vector<size_t>& rows, double tolerance_m) {
  if (a.geometry.is_empty(a_row)) return false;
  const double tol = std::max(tolerance_m, 0.0) + 1e-6;
  const BBox box = a.geometry.feature_bbox(a_row).inflated(tol);
  for (size_t r : rows) {
    if (b.geometry.is_empty(r) || !box.intersects(b.geometry.feature_bbox(r))) continue;
    // its vertices on the piece (an end at a junction), or the piece's ends on it (a T-junction)
    if (vertex_near(a.geometry, a_row, false, b.geometry, r, tol) || vertex_near(b.geometry, r, true, a.geometry, a_row, tol)) return true;
  }
  return false;
}

bool features_near(const FeatureTable& a, size_t a_row, const FeatureTable& b, size_t b_row, double tolerance_m) {
  if (a.geometry.is_empty(a_row) || b.geometry.is_empty(b_row)) return false;
  const double tol = std::max(tolerance_m, 0.0) + 1e-6;
  if (!a.geometry.feature_bbox(a_row).inflated(tol).intersects(b.geometry.feature_bbox(b_row))) return false;
  return vertex_near(a.geometry, a_row, false, b.geometry, b_row, tol) || vertex_near(b.geometry, b_row, false, a.geometry, a_row, tol);
}

}  // namespace jiuyou::compare
