#include "gis/indicators/check.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <map>
#include <span>
#include <unordered_map>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include "gis/geos/shape.hpp"
#include "gis/index/line_index.hpp"
#include "gis/index/spatial_index.hpp"
#include "gis/indicators/expression.hpp"
#include "gis/network/topology.hpp"

namespace jiuyou::indicators {

const char* to_string(Outcome o) {
  switch (o) {
    case Outcome::pass: return "pass";
    case Outcome::fail: return "fail";
    case Outcome::unknown: return "unknown";
  }
  return "?";
}
const char* to_string_zh(Outcome o) {
  switch (o) {
    case Outcome::pass: return "达标";
    case Outcome::fail: return "不达标";
    case Outcome::unknown: return "未知";
  }
  return "?";
}

namespace {

constexpr double k_inf = std::numeric_limits<double>::infinity();

std::string format_distance(double d) {
  char buf[48];
  if (!std::isfinite(d)) return "无";
  if (d < 1000) std::snprintf(buf, sizeof buf, "%.0f m", d);
  else std::snprintf(buf, sizeof buf, "%.1f km", d / 1000.0);
  return buf;
}

std::string noun_for(const Item& item) {
  if (item.layer == "roads") return item.require_connected ? "连通硬化路" : "硬化路";
  if (item.layer == "power") return item.require_connected ? "连通电网线路" : "电网线路";
  if (item.layer == "water") return "安全水源";
  if (item.layer == "broadband") return "宽带覆盖";
  if (item.layer == "facilities") return item.name_zh.find("卫生") != std::string::npos ? "卫生室" : "设施";
  return "合格要素";
}

// The tables of a layer group: `name` and `name_*`.
std::vector<const FeatureTable*> group_tables(const WorkspaceView& ws, const std::string& name, GeometryKind kind) {
  std::vector<const FeatureTable*> out;
  for (const FeatureTable* t : ws.layers) {
    const bool member = t->name == name || (t->name.size() > name.size() + 1 && t->name.compare(0, name.size() + 1, name + "_") == 0);
    if (member && t->geometry.kind == kind) out.push_back(t);
  }
  return out;
}

// The index of a layer of the view: what ItemResult::nearest_layer holds.
int16_t layer_index(const WorkspaceView& ws, const FeatureTable* t) {
  for (size_t i = 0; i < ws.layers.size(); ++i)
    if (ws.layers[i] == t) return static_cast<int16_t>(i);
  return -1;
}

// A filter over one table: the mask, or "does not apply" when the table lacks a field it reads.
struct Masked {
  const FeatureTable* table = nullptr;
  std::vector<uint8_t> mask;
};

// Candidate features of one table under one filter, with indexes for the queries.
struct Candidates {
  const FeatureTable* table = nullptr;
  int16_t layer = -1;            // index of table in the view (evidence)
  std::vector<uint8_t> mask;
  index::LineIndex lines;        // point or line features (nearest from a point)
  index::SpatialIndex boxes;     // feature bboxes of the masked features (item = feature)
  std::vector<uint32_t> box_feature;
  std::vector<geos::Shape> shapes;  // GEOS shapes of masked polygon features (polygon villages only)
  bool any = false;
};

void build_candidates(Candidates& c, bool want_shapes) {
  const GeometryColumn& g = c.table->geometry;
  c.any = std::any_of(c.mask.begin(), c.mask.end(), [](uint8_t m) { return m != 0; });
  if (g.kind == GeometryKind::point || g.kind == GeometryKind::line) c.lines.build(g, c.mask);
  std::vector<BBox> boxes;
  for (size_t f = 0; f < c.table->size(); ++f) {
    if (!c.mask[f] || g.is_empty(f)) continue;
    boxes.push_back(g.feature_bbox(f));
    c.box_feature.push_back(static_cast<uint32_t>(f));
  }
  c.boxes.build(boxes);
  if (want_shapes && g.kind == GeometryKind::polygon) {  // lines and points go through `lines`
    c.shapes.resize(c.table->size());
    for (size_t f = 0; f < c.table->size(); ++f)
      if (c.mask[f]) c.shapes[f] = geos::Shape::from_feature(g, f);
  }
}

struct Nearest {
  double distance = k_inf;
  const FeatureTable* table = nullptr;
  int16_t layer = -1;
  uint32_t feature = 0;
  Vec2 to{k_nan, k_nan};
  Vec2 from{k_nan, k_nan};
};

// Closest point of feature f of g to (x, y).
Vec2 closest_point(const GeometryColumn& g, size_t f, double x, double y) {
  double best = k_inf;
  Vec2 out{k_nan, k_nan};
  for (uint32_t p = g.part_begin(f); p < g.part_end(f); ++p)
    for (uint32_t r = g.ring_begin(p); r < g.ring_end(p); ++r) {
      const auto ring = g.ring_xy(r);
      if (ring.size() == 2) {
        const double d = (ring[0] - x) * (ring[0] - x) + (ring[1] - y) * (ring[1] - y);
        if (d < best) { best = d; out = {ring[0], ring[1]}; }
        continue;
      }
      for (size_t i = 2; i + 1 < ring.size(); i += 2) {
        const double ax = ring[i - 2], ay = ring[i - 1], bx = ring[i], by = ring[i + 1];
        const double dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
        double t = len2 > 0 ? ((x - ax) * dx + (y - ay) * dy) / len2 : 0;
        t = std::clamp(t, 0.0, 1.0);
        const double px = ax + t * dx, py = ay + t * dy;
        const double d = (px - x) * (px - x) + (py - y) * (py - y);
        if (d < best) { best = d; out = {px, py}; }
      }
    }
  return out;
}

// The village as the queries need it.
struct VillageGeom {
  bool has = false;
  bool polygon = false;
  Vec2 point{k_nan, k_nan};  // the point itself, or the polygon's point on surface
  BBox box;
  const geos::Shape* shape = nullptr;  // polygon villages
  const GeometryColumn* column = nullptr;  // the villages' geometry column and this village's row
  size_t row = 0;
};

// Nearest masked feature of c to the village: exact (flat arrays for a point
// village, GEOS for a polygon village, widening the search until found).
void nearest_in(const Candidates& c, const VillageGeom& v, Nearest& best) {
  if (!c.any) return;
  if (!v.polygon) {
    if (c.lines.empty()) {
      // polygon candidates from a point: distance 0 inside, else to the boundary
      const auto hit = c.boxes.nearest(v.point.x, v.point.y, best.distance, [&](uint32_t i) {
        return point_feature_distance(c.table->geometry, c.box_feature[i], v.point.x, v.point.y);
      });
      if (hit && (!best.table || hit->distance_m < best.distance)) {
        const uint32_t f = c.box_feature[hit->item];
        best.distance = hit->distance_m;
        best.table = c.table;
        best.layer = c.layer;
        best.feature = f;
        best.from = v.point;
        best.to = hit->distance_m == 0 ? v.point : closest_point(c.table->geometry, f, v.point.x, v.point.y);
      }
      return;
    }
    auto hit = c.lines.nearest(v.point.x, v.point.y, best.distance);
    if (hit && (hit->distance_m < best.distance || (hit->distance_m == best.distance && best.table == c.table && hit->feature < best.feature) ||
                !best.table)) {
      best.distance = hit->distance_m;
      best.table = c.table;
        best.layer = c.layer;
      best.feature = hit->feature;
      best.from = v.point;
      best.to = hit->point;
    }
    return;
  }
  if (!c.lines.empty()) {
    // Lines and points from a polygon village: segment against ring, 0 when crossing or inside.
    auto hit = c.lines.nearest_to_feature(*v.column, v.row, best.distance);
    if (hit && (hit->distance_m < best.distance || (hit->distance_m == best.distance && best.table == c.table && hit->feature < best.feature) ||
                !best.table)) {
      best.distance = hit->distance_m;
      best.table = c.table;
        best.layer = c.layer;
      best.feature = hit->feature;
    }
    return;
  }
  // Polygon candidates from a polygon village (GEOS): widen a box search until something is within the radius.
  const BBox all = c.boxes.bounds();
  const double span = std::hypot(std::max(all.max_x, v.box.max_x) - std::min(all.min_x, v.box.min_x),
                                 std::max(all.max_y, v.box.max_y) - std::min(all.min_y, v.box.min_y));
  for (double r = 500; ; r *= 4) {
    const double radius = std::min(r, best.distance);
    bool found = false;
    c.boxes.query(v.box.inflated(radius), [&](uint32_t i) {
      const uint32_t f = c.box_feature[i];
      const double d = v.shape->distance(c.shapes[f]);
      if (d <= radius && (d < best.distance || (d == best.distance && best.table == c.table && f < best.feature) || !best.table)) {
        best.distance = d;
        best.table = c.table;
        best.layer = c.layer;
        best.feature = f;
        found = true;
      }
    });
    if (found || r > span || radius >= best.distance) break;
  }
}

// Gap line for a nearest hit from a polygon village: from its point on surface to the feature.
void finish_gap(Nearest& n, const VillageGeom& v) {
  if (!n.table) return;
  n.from = v.point;
  n.to = closest_point(n.table->geometry, n.feature, v.point.x, v.point.y);
}

struct Prepared {
  const Item* item = nullptr;
  bool layer_missing = false;
  // network_access / water / facility / coverage candidates
  std::vector<Candidates> primary;       // qualifying (network: connected) / candidates
  std::vector<Candidates> unconnected;   // network: candidates not reaching the trunk
  std::vector<Candidates> served;        // water: served-area polygons; coverage: coverage polygons
  std::vector<Candidates> towers;        // coverage: tower points
  // coverage: every tower's disc (centre, radius, box), and for polygon villages the
  // union of all coverage polygons and discs, built once and cut into small pieces
  std::vector<Vec2> disc_centre;
  std::vector<double> disc_radius;
  index::SpatialIndex disc_boxes;
  std::vector<geos::Shape> cover_pieces;
  index::SpatialIndex piece_boxes;
  // facility link by code
  std::unordered_map<std::string, std::vector<std::pair<const FeatureTable*, uint32_t>>> by_code;
  // attribute
  Expression expression;
  std::vector<size_t> children;
  size_t index = 0;
};


// --- one function per kind: the cell of village v for one prepared item ---------------

// all_of / any_of over the village's already evaluated children.
void eval_composite(const Prepared& p, const RuleSet& rules, std::span<const ItemResult> row, ItemResult& out) {
  const Item& item = *p.item;
  bool any_fail = false, any_unknown = false, any_pass = false;
  std::string notes;
  for (size_t c : p.children) {
    const ItemResult& r = row[c];
    any_fail |= r.outcome == Outcome::fail;
    any_unknown |= r.outcome == Outcome::unknown;
    any_pass |= r.outcome == Outcome::pass;
    if (r.outcome != Outcome::pass) notes += (notes.empty() ? "" : "；") + rules.items[c].name_zh + (r.note.empty() ? "" : ": " + r.note);
  }
  if (item.kind == ItemKind::all_of) out.outcome = any_fail ? Outcome::fail : any_unknown ? Outcome::unknown : Outcome::pass;
  else out.outcome = any_pass ? Outcome::pass : any_unknown ? Outcome::unknown : Outcome::fail;
  if (out.outcome != Outcome::pass) out.note = notes;
}

void eval_attribute(const Prepared& p, const FeatureTable& villages, size_t v, ItemResult& out) {
  const Item& item = *p.item;
  const Truth t = p.expression.test(v);
  out.outcome = t == Truth::yes ? Outcome::pass : t == Truth::no ? Outcome::fail : Outcome::unknown;
  if (!p.expression.fields().empty()) {
    const Column* c = villages.column(p.expression.fields().front());
    if (c) if (auto x = c->number(v)) out.value = *x;
  }
  if (out.outcome == Outcome::unknown) {
    std::string missing;
    for (const auto& f : p.expression.null_fields(v)) missing += (missing.empty() ? "" : ", ") + f;
    out.note = missing.empty() ? "无法计算" : "缺少 " + missing;
  } else if (out.outcome == Outcome::fail) {
    std::string vals;
    for (const auto& f : p.expression.fields()) {
      const Column* c = villages.column(f);
      if (c) vals += (vals.empty() ? "" : ", ") + f + " = " + c->as_text(v);
    }
    out.note = vals + "（要求 " + item.expression + "）";
  }
}

void eval_network_access(const Prepared& p, const VillageGeom& g, ItemResult& out) {
  const Item& item = *p.item;
  Nearest best;
  for (const auto& c : p.primary) nearest_in(c, g, best);
  if (g.polygon) finish_gap(best, g);
  Nearest un;
  for (const auto& c : p.unconnected) nearest_in(c, g, un);
  out.distance_m = best.table ? best.distance : k_nan;
  out.unconnected_distance_m = un.table ? un.distance : k_nan;
  if (best.table) {
    out.nearest_fid = best.table->fid[best.feature];
    out.nearest_layer = best.layer;
    out.from = best.from;
    out.to = best.to;
  }
  out.outcome = best.table && best.distance <= item.max_distance_m ? Outcome::pass : Outcome::fail;
  if (out.outcome == Outcome::fail && best.table) out.shortfall = best.distance - item.max_distance_m;
  const std::string noun = noun_for(item);
  if (out.outcome == Outcome::pass) {
    out.note = noun + " " + format_distance(best.distance);
  } else {
    out.note = "最近的" + noun + " " + format_distance(best.distance) + "（要求 ≤ " + format_distance(item.max_distance_m) + "）";
    if (un.table && un.distance < (best.table ? best.distance : k_inf) && un.distance <= item.max_distance_m)
      out.note += "；" + format_distance(un.distance) + " 处的路段未与干线连通";
  }
}

void eval_water(const Prepared& p, const VillageGeom& g, const Raster* dem, ItemResult& out) {
  const Item& item = *p.item;
  bool served = false;
  for (const auto& c : p.served) {
    c.boxes.query(g.box, [&](uint32_t k) {
      if (served) return;
      const uint32_t f = c.box_feature[k];
      if (g.polygon ? g.shape->intersects(c.shapes[f]) : point_in_feature(c.table->geometry, f, g.point.x, g.point.y)) {
        served = true;
      }
    });
  }
  // Candidates within the horizontal distance, from the village point.
  Nearest best;
  const Vec2 pt = g.point;
  VillageGeom as_point = g;
  as_point.polygon = false;
  for (const auto& c : p.primary) nearest_in(c, as_point, best);
  out.distance_m = best.table ? best.distance : k_nan;
  if (served) {
    // Evidence stays the nearest pipe or plant (README); the served area decides.
    if (best.table) out.nearest_fid = best.table->fid[best.feature];
    out.nearest_layer = best.layer;
    out.outcome = Outcome::pass;
    out.note = "位于安全供水服务区内";
    return;
  }
  if (best.table) {
    out.nearest_fid = best.table->fid[best.feature];
    out.nearest_layer = best.layer;
    out.from = best.from;
    out.to = best.to;
  }
  if (!best.table || item.max_distance_m < 0 || best.distance > item.max_distance_m) {
    out.outcome = Outcome::fail;
    if (best.table && item.max_distance_m >= 0) out.shortfall = best.distance - item.max_distance_m;
    out.note = "最近的安全水源 " + format_distance(best.distance) + "（要求 ≤ " + format_distance(item.max_distance_m) + "）";
    return;
  }
  if (item.max_vertical_m < 0) {
    out.outcome = Outcome::pass;
    out.note = "安全水源 " + format_distance(best.distance);
    return;
  }
  if (!dem) {
    out.outcome = Outcome::unknown;
    out.note = "缺少高程数据 (DEM)";
    return;
  }
  const auto z0 = dem->cell_value(pt.x, pt.y);
  if (!z0) {
    out.outcome = Outcome::unknown;
    out.note = "村庄在高程数据范围外";
    return;
  }
  double best_dz = k_inf;
  bool dz_unknown = false;
  for (const auto& c : p.primary) {
    if (c.lines.empty()) continue;
    for (const auto& hit : c.lines.within(pt.x, pt.y, item.max_distance_m)) {
      const auto z1 = dem->cell_value(hit.point.x, hit.point.y);
      if (!z1) { dz_unknown = true; continue; }
      const double dz = std::abs(*z1 - *z0);
      if (dz < best_dz) {
        best_dz = dz;
        if (dz <= item.max_vertical_m) {
          out.nearest_fid = c.table->fid[hit.feature];
          out.nearest_layer = c.layer;
          out.to = hit.point;
          out.from = pt;
        }
      }
    }
  }
  out.value = std::isfinite(best_dz) ? best_dz : k_nan;
  if (best_dz <= item.max_vertical_m) {
    out.outcome = Outcome::pass;
    char buf[96];
    std::snprintf(buf, sizeof buf, "安全水源 %s，高差 %.0f m", format_distance(best.distance).c_str(), best_dz);
    out.note = buf;
  } else if (dz_unknown) {
    out.outcome = Outcome::unknown;
    out.note = "水源在高程数据范围外";
  } else {
    out.outcome = Outcome::fail;
    out.shortfall = best_dz - item.max_vertical_m;
    char buf[128];
    std::snprintf(buf, sizeof buf, "%s 内的安全水源高差 %.0f m（要求 ≤ %.0f m）", format_distance(item.max_distance_m).c_str(), best_dz, item.max_vertical_m);
    out.note = buf;
  }
}

void eval_facility(const Prepared& p, const VillageGeom& g, const Column* code_col, size_t v, ItemResult& out) {
  const Item& item = *p.item;
  const FeatureTable* linked_table = nullptr;
  uint32_t linked = 0;
  if (code_col && !code_col->is_null(v)) {
    auto it = p.by_code.find(code_col->as_text(v));
    if (it != p.by_code.end() && !it->second.empty()) {
      linked_table = it->second.front().first;
      linked = it->second.front().second;
    }
  }
  Nearest best;
  for (const auto& c : p.primary) nearest_in(c, g, best);
  if (g.polygon) finish_gap(best, g);
  bool pass = false;
  std::string how;
  if (linked_table) {
    pass = true;
    how = "村代码关联（" + linked_table->name + " fid " + std::to_string(linked_table->fid[linked]) + "）";
  }
  if (!pass && best.table && item.inside_counts && g.polygon && best.distance == 0) {
    pass = true;
    how = "位于村内";
  }
  if (!pass && best.table && item.max_distance_m >= 0 && best.distance <= item.max_distance_m) {
    pass = true;
    how = format_distance(best.distance) + " 内";
  }
  if (best.table) {  // evidence: the nearest candidate, whatever decided the item (README)
    out.distance_m = best.distance;
    out.nearest_fid = best.table->fid[best.feature];
    out.nearest_layer = best.layer;
  }
  if (best.table) {
    out.from = best.from;
    out.to = best.to;
  }
  out.outcome = pass ? Outcome::pass : Outcome::fail;
  if (!pass && best.table && item.max_distance_m >= 0) out.shortfall = best.distance - item.max_distance_m;
  out.note = pass ? how : (best.table ? "本村无，最近的" + noun_for(item) + " " + format_distance(best.distance) : "本村无，全县无此类设施");
}

void eval_coverage(const Prepared& p, const VillageGeom& g, const GeometryColumn& vgeom, size_t v, ItemResult& out) {
  const Item& item = *p.item;
  if (!g.polygon) {
    bool in = false;
    for (const auto& c : p.served) {
      c.boxes.query(BBox{g.point.x, g.point.y, g.point.x, g.point.y}, [&](uint32_t k) {
        if (!in && point_in_feature(c.table->geometry, c.box_feature[k], g.point.x, g.point.y)) in = true;
      });
    }
    if (!in) {
      p.disc_boxes.query(BBox{g.point.x, g.point.y, g.point.x, g.point.y}, [&](uint32_t k) {
        if (!in && std::hypot(g.point.x - p.disc_centre[k].x, g.point.y - p.disc_centre[k].y) <= p.disc_radius[k]) in = true;
      });
    }
    out.share = in ? 1.0 : 0.0;
    out.outcome = in ? Outcome::pass : Outcome::fail;
    if (!in) out.shortfall = item.min_share;  // a point is covered or not: the whole share is missing
    out.note = in ? "在覆盖范围内" : "不在覆盖范围内";
  } else {
    // Most villages sit wholly inside one tower's disc: every vertex within the apothem of the
    // 128-gon that ST_Buffer(p, r, 'quad_segs=32') makes means the share is exactly 1.
    bool whole = false;
    const size_t v0 = vgeom.vertex_begin(vgeom.ring_begin(vgeom.part_begin(v)));
    const size_t v1 = vgeom.vertex_begin(vgeom.ring_begin(vgeom.part_end(v)));
    p.disc_boxes.query(g.box, [&](uint32_t k) {
      if (whole) return;
      const double apothem = p.disc_radius[k] * std::cos(M_PI / 128.0) * (1 - 1e-9);
      const Vec2 c = p.disc_centre[k];
      for (size_t q = v0; q < v1; ++q) {
        const Vec2 x = vgeom.vertex(q);
        if (std::hypot(x.x - c.x, x.y - c.y) > apothem) return;
      }
      whole = true;
    });
    if (whole) {
      out.share = 1.0;
      out.outcome = Outcome::pass;
      out.note = "覆盖 100%";
      return;
    }
    // The county's coverage union, cut into pieces that do not overlap: sum the overlaps.
    double covered = 0;
    p.piece_boxes.query(g.box, [&](uint32_t k) { covered += g.shape->intersection_area(p.cover_pieces[k]); });
    const double area = g.shape->area();
    if (!std::isfinite(covered) || !(area > 0)) {
      out.outcome = Outcome::unknown;
      out.note = area > 0 ? "覆盖面积无法计算（几何运算失败）" : "村庄面积为 0";
      return;
    }
    out.share = std::min(1.0, covered / area);
    out.outcome = out.share >= item.min_share ? Outcome::pass : Outcome::fail;
    if (out.outcome == Outcome::fail) out.shortfall = item.min_share - out.share;
    char buf[96];
    std::snprintf(buf, sizeof buf, "覆盖 %.0f%%（要求 ≥ %.0f%%）", out.share * 100, item.min_share * 100);
    out.note = buf;
  }
}

}  // namespace

std::string CheckResult::missing_items_zh(size_t v) const {
  std::string out;
  for (size_t i = 0; i < item_count(); ++i) {
    const Item& item = rules.items[i];
    if (!item.visible || !item.required) continue;
    const ItemResult& c = cell(v, i);
    if (c.outcome == Outcome::pass) continue;
    if (!out.empty()) out += "；";
    out += item.name_zh;
    if (c.outcome == Outcome::unknown) out += "（数据不全" + (c.note.empty() ? std::string{} : ": " + c.note) + "）";
    else if (!c.note.empty()) out += "（" + c.note + "）";
  }
  return out;
}

Result<CheckResult> check_villages(const Workspace& ws, const RuleSet& rules, const CheckParams& params) {
  const FeatureTable* villages = ws.layer("villages");
  if (!villages)
    return error(ErrorCode::format, "the project has no villages layer").file(ws.project_path).hint("add [layers.villages] path = \"...\" to the project");
  return check_targets(WorkspaceView::of(ws), *villages, rules, params);
}

Result<CheckResult> check_targets(const WorkspaceView& ws, const FeatureTable& targets, const RuleSet& rules, const CheckParams& params) {
  const auto t0 = std::chrono::steady_clock::now();
  const FeatureTable* villages = &targets;
  CheckResult result;
  result.rules = rules;
  result.county = ws.name;
  result.crs = ws.metric_crs;
  result.village_count = villages->size();
  for (const FeatureTable* t : ws.layers) result.evidence_layers.push_back(t->name);
  const size_t nv = villages->size();
  const size_t ni = rules.items.size();
  const bool polygons = villages->geometry.kind == GeometryKind::polygon;

  // Notes are collected per item (items are prepared in parallel) and added in rule order.
  std::vector<std::vector<Issue>> item_notes(ni);
  auto note_once = [&](const Item& item, Severity s, const std::string& code, const std::string& layer, const std::string& msg,
                       const std::string& hint) {
    Issue i;
    i.severity = s;
    i.code = code;
    i.file = rules.file;
    i.layer = layer;
    i.message = msg;
    i.hint = hint;
    item_notes[static_cast<size_t>(&item - rules.items.data())].push_back(std::move(i));
  };
  auto rule_error = [&](const Item& item, Error e) {
    e.message = "rule '" + item.id + "' (" + item.name_zh + "): " + e.message;
    if (e.file.empty()) e.file = rules.file;
    return tl::unexpected<Error>(e);
  };

  // --- prepare every item before any work: all errors come first ---------------
  report_progress(params.progress, 0.0, "preparing rules");
  std::vector<Prepared> prep(ni);
  auto mask_table = [&](const Item& item, const FeatureTable* t, const std::string& filter, const char* what) -> Result<std::vector<uint8_t>> {
    auto m = filter_mask(*t, filter);
    if (m) return m;
    if (m.error().code == ErrorCode::rules && !m.error().field.empty()) {
      // A member of the layer group that lacks the field contributes nothing.
      note_once(item, Severity::info, "filter_not_applicable", t->name,
                "rule '" + item.id + "': " + what + " \"" + filter + "\" reads '" + m.error().field + "', which layer '" + t->name + "' lacks; the layer is skipped for this rule",
                {});
      return std::vector<uint8_t>(t->size(), 0);
    }
    return tl::unexpected<Error>(m.error());
  };
  auto masked_group = [&](const Item& item, GeometryKind kind, const std::string& filter, const char* what, std::vector<Candidates>& out,
                          bool shapes) -> Result<void> {
    if (filter.empty()) return {};
    for (const FeatureTable* t : group_tables(ws, item.layer, kind)) {
      auto m = mask_table(item, t, filter, what);
      if (!m) return tl::unexpected<Error>(m.error());
      Candidates c;
      c.table = t;
      c.layer = layer_index(ws, t);
      c.mask = std::move(*m);
      build_candidates(c, shapes);
      out.push_back(std::move(c));
    }
    return {};
  };
  for (size_t i = 0; i < ni; ++i) {
    const Item& item = rules.items[i];
    Prepared& p = prep[i];
    // Item ids become output columns beside the village fields: they must not shadow one.
    for (const auto& c : villages->columns)
      if (c.name() == item.id || c.name() == item.id + "_distance_m" || c.name() == item.id + "_note")
        return error(ErrorCode::rules, "item id '" + item.id + "' is also a field of the villages layer; the result would overwrite it")
            .file(rules.file)
            .field(item.id)
            .hint("rename the item, e.g. id = \"" + item.id + "_ok\"");
    p.item = &item;
    p.index = i;
    for (const auto& c : item.children)
      for (size_t k = 0; k < ni; ++k)
        if (rules.items[k].id == c) p.children.push_back(k);
  }
  // The items' candidates, networks and indexes are independent: build them in parallel.
  tbb::task_arena arena(params.threads > 0 ? params.threads : tbb::task_arena::automatic);
  auto prepare = [&](size_t i) -> Result<void> {
    const Item& item = rules.items[i];
    Prepared& p = prep[i];
    if (item.kind == ItemKind::attribute) {
      auto e = Expression::parse(item.expression);
      if (!e) return rule_error(item, e.error());
      if (auto b = e->bind(*villages); !b) {
        Error err = b.error();
        err.file = rules.file;
        return rule_error(item, err);
      }
      p.expression = std::move(*e);
      return {};
    }
    if (item.kind == ItemKind::all_of || item.kind == ItemKind::any_of) return {};
    bool any_table = false;
    for (const FeatureTable* t : ws.layers)
      if (t->name == item.layer || t->name.rfind(item.layer + "_", 0) == 0) any_table = true;
    if (!any_table) {
      p.layer_missing = true;
      note_once(item, Severity::warning, "layer_missing", item.layer,
                "layer '" + item.layer + "' is not in the project: item '" + item.id + "' (" + item.name_zh + ") is unknown for every village",
                "add [layers." + item.layer + "] to the project");
      return {};
    }
    Result<void> ok;
    switch (item.kind) {
      case ItemKind::network_access: {
        for (const FeatureTable* t : group_tables(ws, item.layer, GeometryKind::line)) {
          auto m = mask_table(item, t, item.filter, "filter");
          if (!m) return rule_error(item, m.error());
          std::vector<uint8_t> qualifying = *m;
          std::vector<uint8_t> unconnected(t->size(), 0);
          if (item.require_connected) {
            network::NodingParams np;
            np.tolerance_m = item.tolerance_m;
            const auto topo = network::build_topology(t->geometry, *m, np);
            std::vector<uint8_t> trunk(t->size(), 0);
            if (!item.trunk_filter.empty()) {
              auto tm = mask_table(item, t, item.trunk_filter, "trunk_filter");
              if (!tm) return rule_error(item, tm.error());
              for (size_t f = 0; f < t->size(); ++f) trunk[f] = (*m)[f] && (*tm)[f];
            }
            std::vector<Vec2> anchors;
            if (!item.anchor_filter.empty()) {
              for (const FeatureTable* pt : group_tables(ws, item.layer, GeometryKind::point)) {
                auto am = mask_table(item, pt, item.anchor_filter, "anchor_filter");
                if (!am) return rule_error(item, am.error());
                for (size_t f = 0; f < pt->size(); ++f)
                  if ((*am)[f] && !pt->geometry.is_empty(f)) anchors.push_back(pt->geometry.first_vertex(f));
              }
            }
            network::ReachParams rp;
            rp.trunk_feature = trunk;
            rp.seats = anchors;
            rp.seat_distance_m = item.anchor_distance_m;
            const auto reach = network::reaches(topo, t->geometry, rp);
            qualifying = network::features_in_flagged_components(topo, reach);
            for (size_t f = 0; f < t->size(); ++f) unconnected[f] = (*m)[f] && !qualifying[f];
            Candidates u;
            u.table = t;
            u.layer = layer_index(ws, t);
            u.mask = std::move(unconnected);
            build_candidates(u, polygons);
            p.unconnected.push_back(std::move(u));
          }
          Candidates c;
          c.table = t;
          c.layer = layer_index(ws, t);
          c.mask = std::move(qualifying);
          build_candidates(c, polygons);
          p.primary.push_back(std::move(c));
        }
        break;
      }
      case ItemKind::water_convenience:
        ok = masked_group(item, GeometryKind::line, item.filter, "filter", p.primary, false);
        if (ok) ok = masked_group(item, GeometryKind::point, item.filter, "filter", p.primary, false);
        if (ok) ok = masked_group(item, GeometryKind::polygon, item.served_filter, "served_filter", p.served, polygons);
        if (ok && item.max_vertical_m >= 0 && !ws.dem)
          note_once(item, Severity::warning, "dem_missing", "dem",
                    "no DEM: item '" + item.id + "' cannot check the height difference; villages outside a served area are unknown",
                    "add [layers.dem] path = \"dem.tif\" to the project");
        break;
      case ItemKind::facility:
        ok = masked_group(item, GeometryKind::point, item.filter, "filter", p.primary, polygons);
        if (ok) ok = masked_group(item, GeometryKind::polygon, item.filter, "filter", p.primary, polygons);
        if (ok && item.link_by_code) {
          const Column* vc = villages->column("code");
          bool linked = false;
          for (const auto& c : p.primary) {
            const Column* fc = c.table->column("village_code");
            if (!fc || !vc) continue;
            linked = true;
            for (size_t f = 0; f < c.table->size(); ++f)
              if (c.mask[f] && !fc->is_null(f)) p.by_code[fc->as_text(f)].emplace_back(c.table, static_cast<uint32_t>(f));
          }
          if (!linked)
            note_once(item, Severity::info, "no_village_code", item.layer,
                      "rule '" + item.id + "': facilities cannot be linked by village_code (a code column is missing); only location counts", {});
        }
        break;
      case ItemKind::coverage:
        ok = masked_group(item, GeometryKind::polygon, item.filter, "filter", p.served, polygons);
        if (ok) ok = masked_group(item, GeometryKind::point, item.tower_filter, "tower_filter", p.towers, false);
        if (ok) {
          std::vector<BBox> boxes;
          std::vector<geos::Shape> discs;
          for (const auto& c : p.towers) {
            const Column* rad = c.table->column("radius_m");
            for (size_t f = 0; f < c.table->size(); ++f) {
              if (!c.mask[f] || c.table->geometry.is_empty(f)) continue;
              const double r = rad && rad->number(f) && *rad->number(f) > 0 ? *rad->number(f) : item.tower_radius_m;
              if (!(r > 0)) continue;
              const Vec2 ctr = c.table->geometry.first_vertex(f);
              if (polygons) discs.push_back(geos::Shape::disc(ctr, r));  // ST_Buffer(p, r, 'quad_segs=32')
              p.disc_centre.push_back(ctr);
              p.disc_radius.push_back(r);
              boxes.push_back(BBox{ctr.x - r, ctr.y - r, ctr.x + r, ctr.y + r});
            }
          }
          p.disc_boxes.build(boxes);
          if (polygons) {
            std::vector<const geos::Shape*> covers;
            for (const auto& c : p.served)
              for (const auto& sh : c.shapes) covers.push_back(&sh);
            for (const auto& d : discs) covers.push_back(&d);
            p.cover_pieces = geos::Shape::union_pieces(covers);
            std::vector<BBox> piece_boxes;
            for (const auto& piece : p.cover_pieces) piece_boxes.push_back(piece.bbox());
            p.piece_boxes.build(piece_boxes);
          }
        }
        break;
      default: break;
    }
    if (!ok) return rule_error(item, ok.error());
    return {};
  };
  std::vector<Result<void>> prepared(ni);
  arena.execute([&] { tbb::parallel_for(size_t{0}, ni, [&](size_t i) { prepared[i] = prepare(i); }); });
  for (size_t i = 0; i < ni; ++i) {
    if (!prepared[i]) return tl::unexpected<Error>(prepared[i].error());
    for (auto& issue : item_notes[i]) result.notes.add(std::move(issue));
  }

  result.prepare_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  // Evaluation order: children before their parents.
  std::vector<size_t> order;
  std::vector<uint8_t> placed(ni, 0);
  std::function<void(size_t)> place = [&](size_t i) {
    if (placed[i]) return;
    placed[i] = 1;
    for (size_t c : prep[i].children) place(c);
    order.push_back(i);
  };
  for (size_t i = 0; i < ni; ++i) place(i);

  // --- village geometry -------------------------------------------------------
  report_progress(params.progress, 0.1, "villages");
  std::vector<VillageGeom> vg(nv);
  std::vector<geos::Shape> vshapes(polygons ? nv : 0);
  arena.execute([&] { tbb::parallel_for(size_t{0}, nv, [&](size_t v) {
    VillageGeom& g = vg[v];
    if (villages->geometry.is_empty(v)) return;
    g.has = true;
    g.polygon = polygons;
    g.box = villages->geometry.feature_bbox(v);
    g.column = &villages->geometry;
    g.row = v;
    if (polygons) {
      vshapes[v] = geos::Shape::from_feature(villages->geometry, v);
      g.shape = &vshapes[v];
      g.point = vshapes[v].point_on_surface();
    } else {
      g.point = villages->geometry.first_vertex(v);
    }
  }); });
  const Column* code_col = villages->column("code");

  // --- per village, per item ---------------------------------------------------
  result.cells.assign(nv * ni, ItemResult{});
  auto eval_village = [&](size_t v) {
    const VillageGeom& g = vg[v];
    const std::span<ItemResult> row(result.cells.data() + v * ni, ni);
    for (size_t i : order) {
      const Prepared& p = prep[i];
      const Item& item = *p.item;
      ItemResult& out = row[i];
      if (item.kind == ItemKind::all_of || item.kind == ItemKind::any_of) {
        eval_composite(p, rules, row, out);
        continue;
      }
      if (item.kind == ItemKind::attribute) {
        eval_attribute(p, *villages, v, out);
        continue;
      }
      if (p.layer_missing) {
        out.outcome = Outcome::unknown;
        out.note = "缺少图层 " + item.layer;
        continue;
      }
      if (!g.has) {
        out.outcome = Outcome::unknown;
        out.note = "村庄无位置";
        continue;
      }
      switch (item.kind) {
        case ItemKind::network_access: eval_network_access(p, g, out); break;
        case ItemKind::water_convenience: eval_water(p, g, ws.dem, out); break;
        case ItemKind::facility: eval_facility(p, g, code_col, v, out); break;
        case ItemKind::coverage: eval_coverage(p, g, villages->geometry, v, out); break;
        default: break;
      }
    }
  };

  report_progress(params.progress, 0.2, "checking villages");
  // Villages are independent: evaluate them in parallel, a block at a time so that
  // progress and cancellation are reported from this thread. GEOS shapes are read
  // concurrently (their envelope caches were filled when they were made); each thread
  // has its own GEOS context.
  // Neighbouring villages one after another (Hilbert order): their queries touch the same
  // index nodes and vertices, which then stay in cache. Results do not depend on the order.
  std::vector<BBox> vboxes(nv);
  for (size_t v = 0; v < nv; ++v) vboxes[v] = vg[v].box;
  const std::vector<uint32_t> visit = index::hilbert_order(vboxes);
  {
    const size_t block = polygons ? 1024 : 16384;
    for (size_t b0 = 0; b0 < nv; b0 += block) {
      const size_t b1 = std::min(nv, b0 + block);
      arena.execute([&] {
        tbb::parallel_for(tbb::blocked_range<size_t>(b0, b1, polygons ? 16 : 256), [&](const tbb::blocked_range<size_t>& range) {
          for (size_t k = range.begin(); k != range.end(); ++k) eval_village(visit[k]);
        });
      });
      if (!report_progress(params.progress, 0.2 + 0.7 * static_cast<double>(b1) / static_cast<double>(std::max<size_t>(nv, 1)), "checking villages"))
        return error(ErrorCode::input, "cancelled");
    }
  }

  // --- verdicts and summaries -------------------------------------------------------
  report_progress(params.progress, 0.9, "summaries");
  result.verdict.assign(nv, Outcome::unknown);
  result.failed_count.assign(nv, 0);
  result.unknown_count.assign(nv, 0);
  result.net4_count.assign(nv, 0);
  result.jiuyou_count.assign(nv, 0);
  for (size_t v = 0; v < nv; ++v) {
    bool fail = false, unknown = false;
    for (size_t i = 0; i < ni; ++i) {
      const Item& item = rules.items[i];
      const Outcome o = result.cells[v * ni + i].outcome;
      if (item.in_net4 && o == Outcome::pass) ++result.net4_count[v];
      if (item.in_jiuyou && o == Outcome::pass) ++result.jiuyou_count[v];
      if (!item.required) continue;
      if (o == Outcome::fail) { fail = true; ++result.failed_count[v]; }
      if (o == Outcome::unknown) { unknown = true; ++result.unknown_count[v]; }
    }
    result.verdict[v] = fail ? Outcome::fail : unknown ? Outcome::unknown : Outcome::pass;
  }
  const Column* township = villages->column("township");
  std::map<std::string, TownshipSummary> by_township;
  auto add_to = [&](TownshipSummary& s, size_t v) {
    if (s.item_pass.empty()) {
      s.item_pass.assign(ni, 0);
      s.item_fail.assign(ni, 0);
      s.item_unknown.assign(ni, 0);
    }
    ++s.villages;
    s.exit += result.verdict[v] == Outcome::pass;
    s.fail += result.verdict[v] == Outcome::fail;
    s.unknown += result.verdict[v] == Outcome::unknown;
    for (size_t i = 0; i < ni; ++i) {
      const Outcome o = result.cells[v * ni + i].outcome;
      (o == Outcome::pass ? s.item_pass : o == Outcome::fail ? s.item_fail : s.item_unknown)[i]++;
    }
  };
  for (size_t v = 0; v < nv; ++v) {
    const std::string key = township && !township->is_null(v) ? township->as_text(v) : std::string("(未知乡镇)");
    TownshipSummary& s = by_township[key];
    s.township = key;
    add_to(s, v);
    add_to(result.county_summary, v);
  }
  result.county_summary.township = ws.name;
  for (auto& [k, s] : by_township) result.townships.push_back(std::move(s));
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  report_progress(params.progress, 1.0, "done");
  return result;
}

}  // namespace jiuyou::indicators
