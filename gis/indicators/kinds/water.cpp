// water_convenience: inside a served area, or a safe source within
// max_distance_m of the village point whose height differs by at most
// max_vertical_m (DEM cells, no interpolation) (README.md, third row).
#include <cmath>
#include <cstdio>

#include "gis/indicators/kinds/kinds.hpp"

namespace jiuyou::indicators::kinds {

namespace {

bool in_served_area(const WaterPrepared& p, const Target& t) {
  bool served = false;
  for (const auto& c : p.served)
    c.boxes.query(t.box, [&](uint32_t k) {
      if (served) return;
      const uint32_t f = c.box_feature[k];
      served = t.polygon ? t.shape->intersects(c.shapes[f]) : point_in_feature(c.table->geometry, f, t.point.x, t.point.y);
    });
  return served;
}

// The in-range source with the least height difference (ties: the nearer one).
struct BestHeight {
  double dz = k_inf;
  Nearest source;
  bool some_unknown = false;  // a source in range lies off the DEM
};
BestHeight best_height(const WaterPrepared& p, Vec2 pt, double z0, double max_distance_m) {
  BestHeight b;
  for (const auto& c : p.sources) {
    if (c.lines.empty()) continue;
    for (const auto& hit : c.lines.within(pt.x, pt.y, max_distance_m)) {
      const auto z1 = p.dem->cell_value(hit.point.x, hit.point.y);
      if (!z1) {
        b.some_unknown = true;
        continue;
      }
      const double dz = std::abs(*z1 - z0);
      if (dz < b.dz || (dz == b.dz && hit.distance_m < b.source.distance)) {
        b.dz = dz;
        b.source.distance = hit.distance_m;
        b.source.table = c.table;
        b.source.layer = c.layer;
        b.source.feature = hit.feature;
        b.source.from = pt;
        b.source.to = hit.point;
      }
    }
  }
  return b;
}

std::string water_note(const char* fmt, double a, double b, double c = 0) {
  char buf[160];
  std::snprintf(buf, sizeof buf, fmt, a, b, c);
  return buf;
}

}  // namespace

Result<PreparedKind> prepare_water(const PrepareContext& ctx, const Item& item, PreparedItem& p) {
  WaterPrepared w;
  const GeometryKind source_kinds[] = {GeometryKind::line, GeometryKind::point};
  const GeometryKind area_kinds[] = {GeometryKind::polygon};
  auto sources = group_candidates(ctx, item, source_kinds, item.filter, "filter", false);
  if (!sources) return tl::unexpected<Error>(sources.error());
  GroupCandidates served;
  if (!item.served_filter.empty()) {
    auto s = group_candidates(ctx, item, area_kinds, item.served_filter, "served_filter", ctx.polygons);
    if (!s) return tl::unexpected<Error>(s.error());
    served = std::move(*s);
    auto drawn = areas_drawn_as_lines(ctx, item, item.served_filter, "供水范围条件");
    if (!drawn) return tl::unexpected<Error>(drawn.error());
    take_areas(served, std::move(drawn->areas));
  }
  if (sources->applicable == 0 && served.applicable == 0) {
    ctx.note(Severity::warning, "filter_unreadable", item.layer, sources->missing_field,
             "rule '" + item.id + "' (" + item.name_zh + "): no layer of '" + item.layer + "' can be read with its filters: the item is unknown for every village",
             "map the fields the filters read in the project's [layers." + item.layer + ".fields], or correct the filters");
    return Unjudgeable{"图层 " + item.layer + " 缺少水源或供水范围的字段"};
  }
  if (sources->applicable == 0 || (served.tables > 0 && served.applicable == 0)) p.fail_unknown = "部分供水数据的字段缺失，无法确认不达标";
  if (item.max_vertical_m >= 0 && !ctx.view.dem)
    ctx.note(Severity::warning, "dem_missing", "dem", {},
             dem_absence_zh(ctx.view.dem_unused) + "：指标 " + item.name_zh + "（" + item.id + "）无法检查与水源的高差，不在供水范围内的村记为未知",
             dem_absence_hint(ctx.view.dem_unused));
  w.sources = std::move(sources->yes);
  w.unknown = std::move(sources->unknown);
  w.unknown_reason = std::move(sources->unknown_reason);
  w.served = std::move(served.yes);
  w.dem = ctx.view.dem;
  return w;
}

void eval_water(const WaterPrepared& p, const PreparedItem& pi, const Target& t, ItemResult& out) {
  const Item& item = *pi.item;
  Target as_point = t;  // distances and heights from the village point
  as_point.polygon = false;
  const Nearest nearest = nearest_of(p.sources, as_point);
  set_evidence(out, nearest);
  if (in_served_area(p, t)) {  // the served area decides; the evidence stays the nearest source, with no gap line
    out.from = out.to = Vec2{k_nan, k_nan};
    out.outcome = Outcome::pass;
    out.note = "位于安全供水服务区内";
    return;
  }
  const std::string& noun = pi.noun;
  if (!nearest.found() || item.max_distance_m < 0 || nearest.distance > item.max_distance_m) {
    // Nothing within reach: fail whatever the heights (README: not unknown without a DEM).
    Nearest unknown;
    for (const auto& c : p.unknown) nearest_in(c, as_point, unknown);
    if (unknown.found() && unknown.distance <= item.max_distance_m) {
      out.outcome = Outcome::unknown;
      out.note = unknown_feature_note(p.unknown_reason, unknown, "水源", item.max_distance_m);
      return;
    }
    out.outcome = Outcome::fail;
    if (nearest.found() && item.max_distance_m >= 0) out.shortfall = nearest.distance - item.max_distance_m;
    out.note = "最近的" + noun + " " + format_distance(nearest.distance) + "（要求 ≤ " + format_distance(item.max_distance_m) + "）";
    return;
  }
  if (item.max_vertical_m < 0) {
    out.outcome = Outcome::pass;
    out.note = noun + " " + format_distance(nearest.distance);
    return;
  }
  if (!p.dem) {
    out.outcome = Outcome::unknown;
    out.note = "缺少高程数据 (DEM)";
    return;
  }
  const auto z0 = p.dem->cell_value(t.point.x, t.point.y);
  if (!z0) {
    out.outcome = Outcome::unknown;
    out.note = "村庄在高程数据范围外";
    return;
  }
  const BestHeight b = best_height(p, t.point, *z0, item.max_distance_m);
  if (b.source.found()) {  // the evidence is the source the height was judged on
    set_evidence(out, b.source);
    out.value = b.dz;
  }
  if (b.dz <= item.max_vertical_m) {
    out.outcome = Outcome::pass;
    out.note = noun + " " + format_distance(b.source.distance) + water_note("，高差 %.0f m", b.dz, 0);
  } else if (b.some_unknown) {
    out.outcome = Outcome::unknown;
    out.note = "水源在高程数据范围外";
  } else {
    out.outcome = Outcome::fail;
    out.shortfall = b.dz - item.max_vertical_m;
    out.note = format_distance(item.max_distance_m) + " 内的" + noun + water_note("高差 %.0f m（要求 ≤ %.0f m）", b.dz, item.max_vertical_m);
  }
}

}  // namespace jiuyou::indicators::kinds
