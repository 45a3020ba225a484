#pragma once
// Internal to gis/synth: building model tables from the builder's local
// coordinates (shifted to the projected origin).
#include <initializer_list>
#include <numeric>
#include <string>
#include <utility>
#include <vector>

#include "gis/model/feature_table.hpp"
#include "gis/synth/voronoi.hpp"

namespace jiuyou::synth::detail {

// Table builders over local coordinates shifted to the projected origin.
struct TableMaker {
  Vec2 origin;
  void point(FeatureTable& t, Vec2 p) const { t.geometry.add_point_feature(p.x + origin.x, p.y + origin.y); }
  void ring(FeatureTable& t, const Ring& r) const {
    for (const auto& v : r) t.geometry.add_vertex(v.x + origin.x, v.y + origin.y);
    t.geometry.close_ring();
  }
  void polygon(FeatureTable& t, const Ring& r) const {
    ring(t, r);
    t.geometry.close_part();
    t.geometry.close_feature();
  }
  // Shells (CCW) with the holes (CW) inside them, as one (multi)polygon feature.
  void multipolygon(FeatureTable& t, const std::vector<Ring>& rings) const {
    std::vector<const Ring*> shells, holes;
    for (const auto& r : rings) (ring_area(r) > 0 ? shells : holes).push_back(&r);
    for (const Ring* s : shells) {
      ring(t, *s);
      for (const Ring* h : holes)
        if (point_in_ring(*s, h->front())) ring(t, *h);
      t.geometry.close_part();
    }
    t.geometry.close_feature();
  }
};

inline FeatureTable make_table(const std::string& name, const CrsRef& crs, GeometryKind kind,
                        std::initializer_list<std::pair<const char*, FieldType>> fields) {
  FeatureTable t;
  t.name = name;
  t.crs = crs;
  t.geometry.kind = kind;
  for (const auto& [n, ft] : fields) t.columns.emplace_back(n, ft);
  return t;
}

inline void finish_fids(FeatureTable& t) {
  t.fid.resize(t.geometry.feature_count());
  std::iota(t.fid.begin(), t.fid.end(), int64_t{1});
}

inline void push_text_or_null(Column& c, const std::string& s) {
  if (s.empty()) c.push_null();
  else c.push_text(s);
}

}  // namespace jiuyou::synth::detail
