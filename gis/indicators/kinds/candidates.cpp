// What the distance kinds share: candidates under a filter, nearest-feature
// queries from a point or polygon target, the gap line, and the notes said
// once while preparing.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "gis/indicators/kinds/kinds.hpp"

namespace jiuyou::indicators::kinds {

std::string format_distance(double d) {
  char buf[48];
  if (!std::isfinite(d)) return "无";
  if (d < 1000) std::snprintf(buf, sizeof buf, "%.0f m", d);
  else std::snprintf(buf, sizeof buf, "%.1f km", d / 1000.0);
  return buf;
}

Candidates make_candidates(const FeatureTable* table, int16_t layer, std::vector<uint8_t> mask, bool want_shapes) {
  Candidates c;
  c.table = table;
  c.layer = layer;
  c.mask = std::move(mask);
  const GeometryColumn& g = table->geometry;
  c.any = std::any_of(c.mask.begin(), c.mask.end(), [](uint8_t m) { return m != 0; });
  if (g.kind == GeometryKind::point || g.kind == GeometryKind::line) c.lines.build(g, c.mask);
  std::vector<BBox> boxes;
  for (size_t f = 0; f < table->size(); ++f) {
    if (!c.mask[f] || g.is_empty(f)) continue;
    boxes.push_back(g.feature_bbox(f));
    c.box_feature.push_back(static_cast<uint32_t>(f));
  }
  c.boxes.build(boxes);
  if (want_shapes && g.kind == GeometryKind::polygon) {  // lines and points go through `lines`
    c.shapes.resize(table->size());
    for (size_t f = 0; f < table->size(); ++f)
      if (c.mask[f]) c.shapes[f] = geos::Shape::from_feature(g, f);
  }
  return c;
}

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
        const double t = std::clamp(len2 > 0 ? ((x - ax) * dx + (y - ay) * dy) / len2 : 0.0, 0.0, 1.0);
        const double px = ax + t * dx, py = ay + t * dy;
        const double d = (px - x) * (px - x) + (py - y) * (py - y);
        if (d < best) { best = d; out = {px, py}; }
      }
    }
  return out;
}

namespace {

// Is (distance, table, feature) a better hit than `best`? Ties go to the lower feature of the same table.
bool better(const Nearest& best, double d, const Candidates& c, uint32_t f) {
  return !best.found() || d < best.distance || (d == best.distance && best.table == c.table && f < best.feature);
}
void take(Nearest& best, double d, const Candidates& c, uint32_t f) {
  best.distance = d;
  best.table = c.table;
  best.layer = c.layer;
  best.feature = f;
}

// Polygon candidates from a point: 0 inside, else to the boundary.
void nearest_polygon_from_point(const Candidates& c, const Target& t, Nearest& best) {
  const auto hit = c.boxes.nearest(t.point.x, t.point.y, best.distance, [&](uint32_t i) {
    return point_feature_distance(c.table->geometry, c.box_feature[i], t.point.x, t.point.y);
  });
  if (!hit || !(!best.found() || hit->distance_m < best.distance)) return;
  const uint32_t f = c.box_feature[hit->item];
  take(best, hit->distance_m, c, f);
  best.from = t.point;
  best.to = hit->distance_m == 0 ? t.point : closest_point(c.table->geometry, f, t.point.x, t.point.y);
}

// Polygon candidates from a polygon target (GEOS): widen a box search until something is within the radius.
void nearest_polygon_from_polygon(const Candidates& c, const Target& t, Nearest& best) {
  const BBox all = c.boxes.bounds();
  const double span = std::hypot(std::max(all.max_x, t.box.max_x) - std::min(all.min_x, t.box.min_x),
                                 std::max(all.max_y, t.box.max_y) - std::min(all.min_y, t.box.min_y));
  for (double r = 500;; r *= 4) {
    const double radius = std::min(r, best.distance);
    bool found = false;
    c.boxes.query(t.box.inflated(radius), [&](uint32_t i) {
      const uint32_t f = c.box_feature[i];
      const double d = t.shape->distance(c.shapes[f]);
      if (d <= radius && better(best, d, c, f)) {
        take(best, d, c, f);
        best.from = best.to = Vec2{k_nan, k_nan};  // finish_gap
        found = true;
      }
    });
    if (found || r > span || radius >= best.distance) break;
  }
}

}  // namespace

void nearest_in(const Candidates& c, const Target& t, Nearest& best) {
  if (!c.any) return;
  if (!t.polygon) {
    if (c.lines.empty()) return nearest_polygon_from_point(c, t, best);
    const auto hit = c.lines.nearest(t.point.x, t.point.y, best.distance);
    if (hit && better(best, hit->distance_m, c, hit->feature)) {
      take(best, hit->distance_m, c, hit->feature);
      best.from = t.point;
      best.to = hit->point;
    }
    return;
  }
  if (c.lines.empty()) return nearest_polygon_from_polygon(c, t, best);
  // Lines and points from a polygon target: segment against ring, 0 when crossing or inside.
  const auto hit = c.lines.nearest_to_feature(*t.column, t.row, best.distance);
  if (hit && better(best, hit->distance_m, c, hit->feature)) {
    take(best, hit->distance_m, c, hit->feature);
    best.to = hit->point;  // the feature's point nearest the polygon; finish_gap finds the polygon's
    best.from = Vec2{k_nan, k_nan};
  }
}

Nearest nearest_of(std::span<const Candidates> cs, const Target& t) {
  Nearest best;
  for (const auto& c : cs) nearest_in(c, t, best);
  if (t.polygon) finish_gap(best, t);
  return best;
}

void finish_gap(Nearest& n, const Target& t) {
  if (!n.found() || !t.polygon || std::isfinite(n.from.x)) return;
  if (n.distance == 0) {  // crossing or inside: the gap is empty
    n.to = std::isfinite(n.to.x) ? n.to : t.point;
    n.from = n.to;
    return;
  }
  if (!std::isfinite(n.to.x)) {  // polygon against polygon
    const auto pair = t.shape->nearest_points(geos::Shape::from_feature(n.table->geometry, n.feature));
    n.from = pair.first;
    n.to = pair.second;
    return;
  }
  // The polygon's edge point nearest the feature's nearest point: the pair the distance was measured between.
  n.from = closest_point(*t.column, t.row, n.to.x, n.to.y);
}

void set_evidence(ItemResult& out, const Nearest& n) {
  if (!n.found()) return;
  out.distance_m = n.distance;
  out.nearest_fid = n.table->fid[n.feature];
  out.nearest_layer = n.layer;
  out.from = n.from;
  out.to = n.to;
}

// --- preparing ---------------------------------------------------------------------------

void PrepareContext::note(Severity s, std::string code, std::string layer, std::string field, std::string message, std::string hint) const {
  Issue i;
  i.severity = s;
  i.code = std::move(code);
  i.file = rules.file;
  i.layer = std::move(layer);
  i.field = std::move(field);
  i.message = std::move(message);
  i.hint = std::move(hint);
  notes->push_back(std::move(i));
}

namespace {
bool in_group(const std::string& table, const std::string& layer) {
  return table == layer || (table.size() > layer.size() + 1 && table.compare(0, layer.size() + 1, layer + "_") == 0);
}
}  // namespace

std::vector<const FeatureTable*> group_tables(const WorkspaceView& view, const std::string& layer, GeometryKind kind) {
  std::vector<const FeatureTable*> out;
  for (const FeatureTable* t : view.layers)
    if (in_group(t->name, layer) && t->geometry.kind == kind) out.push_back(t);
  return out;
}

std::vector<const FeatureTable*> PrepareContext::group(const std::string& layer, GeometryKind kind) const { return group_tables(view, layer, kind); }

bool PrepareContext::group_exists(const std::string& layer) const {
  return std::any_of(view.layers.begin(), view.layers.end(), [&](const FeatureTable* t) { return in_group(t->name, layer); });
}

int16_t PrepareContext::layer_index(const FeatureTable* t) const {
  for (size_t i = 0; i < view.layers.size(); ++i)
    if (view.layers[i] == t) return static_cast<int16_t>(i);
  return -1;
}

std::string unknown_reason_zh(const std::string& field) {
  // The Chinese words of the canonical fields a filter reads (the data contract in README.md and gis/io/schema.hpp).
  static const std::map<std::string, std::string> words = {
      {"surface", "路面"}, {"class", "道路等级"}, {"voltage_kv", "电压"}, {"kind", "类型"}, {"safe", "水质安全"},
      {"tech", "网络制式"}, {"qualified_doctor", "合格村医"}, {"radius_m", "覆盖半径"}, {"width_m", "路面宽度"}};
  const auto it = words.find(field);
  return (it == words.end() ? "属性" : it->second) + "未知";
}

std::string unknown_feature_note(const std::string& reason, const Nearest& n, const char* what, double max_distance_m) {
  static const std::string unknown = "未知";
  const bool suffixed = reason.size() > unknown.size() && reason.compare(reason.size() - unknown.size(), unknown.size(), unknown) == 0;
  const std::string field = suffixed ? reason.substr(0, reason.size() - unknown.size()) : std::string("属性");
  std::string where;
  if (n.table != nullptr) {
    const int64_t fid = n.feature < n.table->fid.size() ? n.table->fid[n.feature] : static_cast<int64_t>(n.feature);
    where = "（" + n.table->name + " 图层，编号 " + std::to_string(fid) + "）";
  }
  std::string note = reason + "：距本村 " + format_distance(n.distance) + " 的" + what + where + field + "未填或未能识别，无法判断是否达标";
  if (max_distance_m >= 0) note += "（要求 ≤ " + format_distance(max_distance_m) + "）";
  return note;
}

Result<FilterResult> apply_filter(const PrepareContext& ctx, const Item& item, const FeatureTable& t, const std::string& filter, const char* what) {
  FilterResult r;
  if (filter.empty()) {
    r.applies = true;
    r.yes.assign(t.size(), 1);
    r.unknown.assign(t.size(), 0);
    return r;
  }
  auto e = Expression::parse(filter);
  if (!e) return tl::unexpected<Error>(e.error());
  if (auto b = e->bind(t); !b) {
    if (b.error().code != ErrorCode::rules || b.error().field.empty()) return tl::unexpected<Error>(b.error());
    r.missing_field = b.error().field;
    ctx.note(Severity::info, "filter_not_applicable", t.name, r.missing_field,
             "rule '" + item.id + "': " + what + " \"" + filter + "\" reads '" + r.missing_field + "', which layer '" + t.name +
                 "' lacks; the layer is skipped for this rule",
             b.error().hint);
    return r;
  }
  r.applies = true;
  r.yes.assign(t.size(), 0);
  r.unknown.assign(t.size(), 0);
  const std::vector<uint8_t> excluded = excluded_features(item, t);
  std::map<std::string, size_t> null_count;
  size_t left_out = 0;
  for (size_t f = 0; f < t.size(); ++f) {
    const Truth x = e->test(f);
    if (!excluded.empty() && excluded[f]) {
      left_out += x == Truth::yes;
      continue;
    }
    r.yes[f] = x == Truth::yes;
    if (x != Truth::unknown) continue;
    r.unknown[f] = 1;
    for (const auto& field : e->null_fields(f)) ++null_count[field];
  }
  if (ctx.uses)
    ctx.uses->push_back({&item, &t, filter, what, static_cast<size_t>(std::count(r.yes.begin(), r.yes.end(), uint8_t{1})), left_out});
  size_t most = 0;
  for (const auto& [field, n] : null_count)
    if (n > most) { most = n; r.unknown_field = field; }
  return r;
}

Result<GroupCandidates> group_candidates(const PrepareContext& ctx, const Item& item, std::span<const GeometryKind> kinds, const std::string& filter,
                                         const char* what, bool want_shapes) {
  GroupCandidates g;
  for (GeometryKind kind : kinds)
    for (const FeatureTable* t : ctx.group(item.layer, kind)) {
      ++g.tables;
      auto f = apply_filter(ctx, item, *t, filter, what);
      if (!f) return tl::unexpected<Error>(f.error());
      if (!f->applies) {
        g.missing_field = f->missing_field;
        continue;
      }
      ++g.applicable;
      const int16_t layer = ctx.layer_index(t);
      if (!f->unknown_field.empty()) {
        if (g.unknown_reason.empty()) g.unknown_reason = unknown_reason_zh(f->unknown_field);
        g.unknown.push_back(make_candidates(t, layer, std::move(f->unknown), want_shapes));
      }
      g.yes.push_back(make_candidates(t, layer, std::move(f->yes), want_shapes));
    }
  return g;
}

}  // namespace jiuyou::indicators::kinds
