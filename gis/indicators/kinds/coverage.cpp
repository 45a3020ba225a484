// coverage: a point target inside a coverage polygon or a tower's disc; a
// polygon target's covered share >= min_share; or a fibre line within
// fiber_max_distance_m of the target (README.md, second row).
#include <cmath>
#include <cstdio>

#include "gis/indicators/kinds/kinds.hpp"

namespace jiuyou::indicators::kinds {

namespace {

// Every tower's disc (radius_m, else tower_radius_m); for polygon targets also as a GEOS shape (`shapes` given).
void add_discs(const std::vector<Candidates>& towers, const Item& item, Discs& c, std::vector<geos::Shape>* shapes) {
  std::vector<BBox> boxes;
  for (const auto& t : towers) {
    const Column* rad = t.table->column("radius_m");
    for (size_t f = 0; f < t.table->size(); ++f) {
      if (!t.mask[f] || t.table->geometry.is_empty(f)) continue;
      const double r = rad && rad->number(f) && *rad->number(f) > 0 ? *rad->number(f) : item.tower_radius_m;
      if (!(r > 0)) continue;
      const Vec2 ctr = t.table->geometry.first_vertex(f);
      if (shapes != nullptr) shapes->push_back(geos::Shape::disc(ctr, r));  // ST_Buffer(p, r, 'quad_segs=32')
      c.centre.push_back(ctr);
      c.radius.push_back(r);
      boxes.push_back(BBox{ctr.x - r, ctr.y - r, ctr.x + r, ctr.y + r});
    }
  }
  c.boxes.build(boxes);
}

// The union of coverage polygons and discs, built once, cut into pieces that do not overlap.
void build_union(CoveragePrepared& c, const std::vector<geos::Shape>& discs) {
  std::vector<const geos::Shape*> covers;
  for (const auto& p : c.polygons)
    for (const auto& sh : p.shapes) covers.push_back(&sh);
  for (const auto& d : discs) covers.push_back(&d);
  c.cover_pieces = geos::Shape::union_pieces(covers);
  std::vector<BBox> boxes;
  for (const auto& piece : c.cover_pieces) boxes.push_back(piece.bbox());
  c.piece_boxes.build(boxes);
}

bool point_covered(const CoveragePrepared& p, Vec2 x) {
  bool in = false;
  for (const auto& c : p.polygons)
    c.boxes.query(BBox{x.x, x.y, x.x, x.y}, [&](uint32_t k) {
      if (!in && point_in_feature(c.table->geometry, c.box_feature[k], x.x, x.y)) in = true;
    });
  if (!in)
    p.discs.boxes.query(BBox{x.x, x.y, x.x, x.y}, [&](uint32_t k) {
      if (!in && std::hypot(x.x - p.discs.centre[k].x, x.y - p.discs.centre[k].y) <= p.discs.radius[k]) in = true;
    });
  return in;
}

// Whether a coverage area or tower the data cannot tell (its filter reads a NULL) reaches the target: touches it
// (ST_Intersects), or the tower is within its radius of it (ST_DWithin).
bool unknown_reaches(const CoveragePrepared& p, const Target& t) {
  for (const auto& c : p.polygons_unknown) {
    Nearest n;
    nearest_in(c, t, n);
    if (n.found() && n.distance <= 0) return true;
  }
  bool hit = false;
  p.discs_unknown.boxes.query(t.box, [&](uint32_t k) {
    if (hit) return;
    const Vec2 c = p.discs_unknown.centre[k];
    const double d = t.polygon ? t.shape->distance(geos::Shape::point(c)) : std::hypot(t.point.x - c.x, t.point.y - c.y);
    hit = d <= p.discs_unknown.radius[k];
  });
  return hit;
}

// Most villages sit wholly inside one tower's disc: every vertex within the apothem of the
// 128-gon that ST_Buffer(p, r, 'quad_segs=32') makes means the share is exactly 1.
bool inside_one_disc(const CoveragePrepared& p, const Target& t) {
  const GeometryColumn& g = *t.column;
  const size_t v0 = g.vertex_begin(g.ring_begin(g.part_begin(t.row)));
  const size_t v1 = g.vertex_begin(g.ring_begin(g.part_end(t.row)));
  bool whole = false;
  p.discs.boxes.query(t.box, [&](uint32_t k) {
    if (whole) return;
    const double apothem = p.discs.radius[k] * std::cos(M_PI / 128.0) * (1 - 1e-9);
    const Vec2 c = p.discs.centre[k];
    for (size_t q = v0; q < v1; ++q) {
      const Vec2 x = g.vertex(q);
      if (std::hypot(x.x - c.x, x.y - c.y) > apothem) return;
    }
    whole = true;
  });
  return whole;
}

// The fibre alternative: the nearest fibre line (evidence), and whether it serves the target.
// A line whose fiber_filter reads a NULL within the distance makes a fail unknown.
struct FibreVerdict {
  bool serves = false;
  std::string unknown_note;  // set when only an unreadable line could have served
};

FibreVerdict judge_fibre(const CoveragePrepared& p, const Item& item, const Target& t, ItemResult& out) {
  FibreVerdict v;
  if (item.fiber_filter.empty()) return v;
  const Nearest best = nearest_of(p.fibres, t);
  set_evidence(out, best);
  v.serves = best.found() && best.distance <= item.fiber_max_distance_m;
  if (v.serves) return v;
  Nearest unknown;
  for (const auto& c : p.fibre_unknown) nearest_in(c, t, unknown);
  if (unknown.found() && unknown.distance <= item.fiber_max_distance_m)
    v.unknown_note = unknown_feature_note(p.fibre_unknown_reason, unknown, "线路", item.fiber_max_distance_m);
  return v;
}

// "；光缆 320 m（要求 ≤ 500 m）" after the share, "；光缆 无" when there is none.
std::string fibre_text(const Item& item, const ItemResult& out, bool serves) {
  if (item.fiber_filter.empty()) return {};
  const double d = std::isfinite(out.distance_m) ? out.distance_m : k_inf;
  if (serves) return "；光缆 " + format_distance(d) + "，光纤到村";
  return "；最近的光缆 " + format_distance(d) + "（要求 ≤ " + format_distance(item.fiber_max_distance_m) + "）";
}

// The covered share of the target (point: 0 or 1); NaN with a note when it cannot be computed.
// `whole`: inside one tower's disc (no area computed).
double covered_share(const CoveragePrepared& p, const Target& t, std::string& why, bool& whole) {
  if (!t.polygon) return point_covered(p, t.point) ? 1.0 : 0.0;
  whole = inside_one_disc(p, t);
  if (whole) return 1.0;
  double covered = 0;  // the pieces do not overlap: sum the overlaps
  p.piece_boxes.query(t.box, [&](uint32_t k) { covered += t.shape->intersection_area(p.cover_pieces[k]); });
  const double area = t.shape->area();
  if (!std::isfinite(covered) || !(area > 0)) {
    why = area > 0 ? "覆盖面积无法计算（几何运算失败）" : "村庄面积为 0";
    return k_nan;
  }
  return std::min(1.0, covered / area);
}

}  // namespace

Result<PreparedKind> prepare_coverage(const PrepareContext& ctx, const Item& item, PreparedItem& p) {
  CoveragePrepared c;
  const GeometryKind poly[] = {GeometryKind::polygon};
  const GeometryKind pts[] = {GeometryKind::point};
  const GeometryKind lines[] = {GeometryKind::line};
  GroupCandidates polys, towers, fibres;
  if (!item.filter.empty()) {
    auto g = group_candidates(ctx, item, poly, item.filter, "filter", ctx.polygons);
    if (!g) return tl::unexpected<Error>(g.error());
    polys = std::move(*g);
    auto drawn = areas_drawn_as_lines(ctx, item, item.filter, "覆盖范围条件");
    if (!drawn) return tl::unexpected<Error>(drawn.error());
    take_areas(polys, std::move(drawn->areas));
  }
  if (!item.tower_filter.empty()) {
    auto g = group_candidates(ctx, item, pts, item.tower_filter, "tower_filter", false);
    if (!g) return tl::unexpected<Error>(g.error());
    towers = std::move(*g);
  }
  if (!item.fiber_filter.empty()) {
    auto g = group_candidates(ctx, item, lines, item.fiber_filter, "fiber_filter", false);
    if (!g) return tl::unexpected<Error>(g.error());
    fibres = std::move(*g);
  }
  if (polys.applicable == 0 && towers.applicable == 0 && fibres.applicable == 0) {
    std::string missing = polys.missing_field.empty() ? towers.missing_field : polys.missing_field;
    if (missing.empty()) missing = fibres.missing_field;
    ctx.note(Severity::warning, "filter_unreadable", item.layer, missing,
             "rule '" + item.id + "' (" + item.name_zh + "): no layer of '" + item.layer + "' can be read with its filters: the item is unknown for every village",
             "map the fields the filters read in the project's [layers." + item.layer + ".fields], or correct the filters");
    return Unjudgeable{"图层 " + item.layer + " 缺少覆盖范围、基站或光缆的字段"};
  }
  const auto unread = [](const GroupCandidates& g) { return g.tables > 0 && g.applicable == 0; };
  if (unread(polys) || unread(towers) || unread(fibres)) p.fail_unknown = "部分覆盖数据的字段缺失，无法确认未覆盖";
  c.polygons = std::move(polys.yes);
  c.polygons_unknown = std::move(polys.unknown);
  c.unknown_reason = !polys.unknown_reason.empty() ? polys.unknown_reason : towers.unknown_reason;
  c.fibres = std::move(fibres.yes);
  c.fibre_unknown = std::move(fibres.unknown);
  c.fibre_unknown_reason = fibres.unknown_reason;
  std::vector<geos::Shape> discs;
  add_discs(towers.yes, item, c.discs, ctx.polygons ? &discs : nullptr);
  add_discs(towers.unknown, item, c.discs_unknown, nullptr);
  if (ctx.polygons) build_union(c, discs);
  return c;
}

void eval_coverage(const CoveragePrepared& p, const PreparedItem& pi, const Target& t, ItemResult& out) {
  const Item& item = *pi.item;
  const FibreVerdict fibre = judge_fibre(p, item, t, out);
  std::string why;
  bool whole = false;
  out.share = covered_share(p, t, why, whole);
  if (std::isnan(out.share) && !fibre.serves) {
    out.outcome = Outcome::unknown;
    out.note = why;
    return;
  }
  const bool covered = !std::isnan(out.share) && (t.polygon ? out.share >= item.min_share : out.share > 0);
  if (t.polygon && !std::isnan(out.share)) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "覆盖 %.0f%%（要求 ≥ %.0f%%）", out.share * 100, item.min_share * 100);
    out.note = whole ? "覆盖 100%" : buf;
  } else if (!t.polygon) {
    out.note = covered ? "在覆盖范围内" : "不在覆盖范围内";
  } else {
    out.note = why;
  }
  out.note += fibre_text(item, out, fibre.serves);
  if (covered || fibre.serves) {
    out.outcome = Outcome::pass;
    return;
  }
  out.outcome = Outcome::fail;
  out.shortfall = t.polygon ? item.min_share - out.share : item.min_share;  // a point is covered or not: the whole share is missing
  if (!fibre.unknown_note.empty()) {
    out.outcome = Outcome::unknown;
    out.shortfall = k_nan;
    out.note += "；" + fibre.unknown_note;
  } else if (unknown_reaches(p, t)) {
    out.outcome = Outcome::unknown;
    out.shortfall = k_nan;
    out.note += "；" + p.unknown_reason + "：有覆盖范围或基站无法判断是否算宽带（如制式「2G/3G/4G」），它够得着本村";
  }
}

}  // namespace jiuyou::indicators::kinds
