// facility: a candidate linked to the village by village_code, inside the
// village polygon, or within max_distance_m (README.md, fourth row). The
// evidence is the facility that made the village pass, else the nearest.
#include "gis/indicators/kinds/kinds.hpp"

namespace jiuyou::indicators::kinds {

namespace {

// Target to one given feature, with the pair of points the distance is measured between.
Nearest measure_to(const Target& t, const FacilityPrepared::Linked& l) {
  Nearest n;
  n.table = l.table;
  n.layer = l.layer;
  n.feature = l.feature;
  const GeometryColumn& g = l.table->geometry;
  if (!t.polygon) {
    n.distance = point_feature_distance(g, l.feature, t.point.x, t.point.y);
    n.from = t.point;
    n.to = n.distance == 0 ? t.point : closest_point(g, l.feature, t.point.x, t.point.y);
  } else if (g.kind == GeometryKind::point) {
    const Vec2 f = g.first_vertex(l.feature);
    n.distance = point_feature_distance(*t.column, t.row, f.x, f.y);
    n.to = f;
    n.from = n.distance == 0 ? f : closest_point(*t.column, t.row, f.x, f.y);
  } else {
    const geos::Shape other = geos::Shape::from_feature(g, l.feature);
    n.distance = t.shape->distance(other);
    const auto pair = t.shape->nearest_points(other);
    n.from = pair.first;
    n.to = pair.second;
  }
  return n;
}

// The nearest of the facilities linked to the target by its code.
Nearest nearest_linked(const FacilityPrepared& p, const Target& t) {
  Nearest best;
  if (t.row + 1 >= p.by_target_begin.size()) return best;
  for (uint32_t k = p.by_target_begin[t.row]; k < p.by_target_begin[t.row + 1]; ++k) {
    const FacilityPrepared::Linked& l = p.by_target[k];
    if (l.table->geometry.is_empty(l.feature)) continue;
    Nearest n = measure_to(t, l);
    if (!best.found() || n.distance < best.distance) best = n;
  }
  return best;
}

// Each target row's linked facilities, looked up by its code once here.
void link_targets(const FeatureTable& targets, FacilityPrepared& f) {
  const Column& code = *f.target_code;
  f.by_target_begin.assign(targets.size() + 1, 0);
  std::string key;
  for (size_t r = 0; r < targets.size(); ++r) {
    f.by_target_begin[r] = static_cast<uint32_t>(f.by_target.size());
    if (code.is_null(r)) continue;
    if (code.type() == FieldType::text) key.assign(code.get_text(r));
    else key = code.as_text(r);
    if (const auto it = f.by_code.find(key); it != f.by_code.end()) f.by_target.insert(f.by_target.end(), it->second.begin(), it->second.end());
  }
  f.by_target_begin[targets.size()] = static_cast<uint32_t>(f.by_target.size());
}

void index_by_code(const PrepareContext& ctx, const Item& item, FacilityPrepared& f) {
  f.target_code = ctx.targets.column("code");
  bool linked = false;
  for (const auto& c : f.candidates) {
    const Column* fc = c.table->column("village_code");
    if (!fc || !f.target_code) continue;
    linked = true;
    for (size_t k = 0; k < c.table->size(); ++k)
      if (c.mask[k] && !fc->is_null(k)) f.by_code[fc->as_text(k)].push_back({c.table, c.layer, static_cast<uint32_t>(k)});
  }
  if (linked)
    link_targets(ctx.targets, f);
  else
    ctx.note(Severity::info, "no_village_code", item.layer, "village_code",
             "rule '" + item.id + "': facilities cannot be linked by village_code (a code column is missing); only location counts", {});
}

}  // namespace

Result<PreparedKind> prepare_facility(const PrepareContext& ctx, const Item& item, PreparedItem&) {
  FacilityPrepared f;
  const GeometryKind kinds[] = {GeometryKind::point, GeometryKind::polygon};
  auto g = group_candidates(ctx, item, kinds, item.filter, "filter", ctx.polygons);
  if (!g) return tl::unexpected<Error>(g.error());
  if (g->applicable == 0) {
    ctx.note(Severity::warning, "filter_unreadable", item.layer, g->missing_field,
             "rule '" + item.id + "' (" + item.name_zh + "): no layer of '" + item.layer + "' can be read with the filter \"" + item.filter +
                 "\": the item is unknown for every village",
             "map the fields the filter reads in the project's [layers." + item.layer + ".fields], or correct the filter");
    return Unjudgeable{"图层 " + item.layer + " 缺少筛选条件所需的字段"};
  }
  f.candidates = std::move(g->yes);
  f.unknown = std::move(g->unknown);
  f.unknown_reason = std::move(g->unknown_reason);
  if (item.link_by_code) index_by_code(ctx, item, f);
  return f;
}

// A facility linked by code this far from its village is a code typed wrong, not a service (tour 18 S24: clinics
// whose 村代码 named villages 20–30 km away made them pass): it does not count, and a village it alone would
// have passed is unknown (README.md, facility row).
constexpr double k_far_link_m = 10000;

void eval_facility(const FacilityPrepared& p, const PreparedItem& pi, const Target& t, ItemResult& out) {
  const Item& item = *pi.item;
  const Nearest linked = item.link_by_code ? nearest_linked(p, t) : Nearest{};
  const Nearest nearest = nearest_of(p.candidates, t);
  if (linked.found() && linked.distance <= k_far_link_m) {
    set_evidence(out, linked);
    out.outcome = Outcome::pass;
    out.note = "村代码关联（" + linked.table->name + " fid " + std::to_string(linked.table->fid[linked.feature]) + "）";
    return;
  }
  set_evidence(out, nearest);
  if (nearest.found() && item.inside_counts && t.polygon && nearest.distance == 0) {
    out.outcome = Outcome::pass;
    out.note = "位于村内";
    return;
  }
  if (nearest.found() && item.max_distance_m >= 0 && nearest.distance <= item.max_distance_m) {
    out.outcome = Outcome::pass;
    out.note = format_distance(nearest.distance) + " 内";
    return;
  }
  Nearest unknown;
  for (const auto& c : p.unknown) nearest_in(c, t, unknown);
  const bool unknown_counts = unknown.found() && ((item.inside_counts && t.polygon && unknown.distance == 0) ||
                                                  (item.max_distance_m >= 0 && unknown.distance <= item.max_distance_m));
  if (unknown_counts) {
    out.outcome = Outcome::unknown;
    out.note = unknown_feature_note(p.unknown_reason, unknown, "设施", item.max_distance_m);
    return;
  }
  if (linked.found()) {
    out.outcome = Outcome::unknown;
    out.note = "村代码关联的" + pi.noun + "（" + linked.table->name + " fid " + std::to_string(linked.table->fid[linked.feature]) + "）在 " +
               format_distance(linked.distance) + " 外，代码可能填错：不能确定";
    return;
  }
  out.outcome = Outcome::fail;
  if (nearest.found() && item.max_distance_m >= 0) out.shortfall = nearest.distance - item.max_distance_m;
  out.note = nearest.found() ? "本村无，最近的" + pi.noun + " " + format_distance(nearest.distance) : "本村无，全县无此类设施";
}

}  // namespace jiuyou::indicators::kinds
