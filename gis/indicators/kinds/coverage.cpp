// coverage: a point target inside a coverage polygon or a tower's disc; a
// polygon target's covered share >= min_share (README.md, second row).
#include <cmath>
#include <cstdio>

#include "gis/indicators/kinds/kinds.hpp"

namespace jiuyou::indicators::kinds {

namespace {

// Every tower's disc (radius_m, else tower_radius_m); for polygon targets also as a GEOS shape.
void add_discs(const std::vector<Candidates>& towers, const Item& item, bool polygons, CoveragePrepared& c, std::vector<geos::Shape>& shapes) {
  std::vector<BBox> boxes;
  for (const auto& t : towers) {
    const Column* rad = t.table->column("radius_m");
    for (size_t f = 0; f < t.table->size(); ++f) {
      if (!t.mask[f] || t.table->geometry.is_empty(f)) continue;
      const double r = rad && rad->number(f) && *rad->number(f) > 0 ? *rad->number(f) : item.tower_radius_m;
      if (!(r > 0)) continue;
      const Vec2 ctr = t.table->geometry.first_vertex(f);
      if (polygons) shapes.push_back(geos::Shape::disc(ctr, r));  // ST_Buffer(p, r, 'quad_segs=32')
      c.disc_centre.push_back(ctr);
      c.disc_radius.push_back(r);
      boxes.push_back(BBox{ctr.x - r, ctr.y - r, ctr.x + r, ctr.y + r});
    }
  }
  c.disc_boxes.build(boxes);
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
    p.disc_boxes.query(BBox{x.x, x.y, x.x, x.y}, [&](uint32_t k) {
      if (!in && std::hypot(x.x - p.disc_centre[k].x, x.y - p.disc_centre[k].y) <= p.disc_radius[k]) in = true;
    });
  return in;
}

// Most villages sit wholly inside one tower's disc: every vertex within the apothem of the
// 128-gon that ST_Buffer(p, r, 'quad_segs=32') makes means the share is exactly 1.
bool inside_one_disc(const CoveragePrepared& p, const Target& t) {
  const GeometryColumn& g = *t.column;
  const size_t v0 = g.vertex_begin(g.ring_begin(g.part_begin(t.row)));
  const size_t v1 = g.vertex_begin(g.ring_begin(g.part_end(t.row)));
  bool whole = false;
  p.disc_boxes.query(t.box, [&](uint32_t k) {
    if (whole) return;
    const double apothem = p.disc_radius[k] * std::cos(M_PI / 128.0) * (1 - 1e-9);
    const Vec2 c = p.disc_centre[k];
    for (size_t q = v0; q < v1; ++q) {
      const Vec2 x = g.vertex(q);
      if (std::hypot(x.x - c.x, x.y - c.y) > apothem) return;
    }
    whole = true;
  });
  return whole;
}

}  // namespace

Result<PreparedKind> prepare_coverage(const PrepareContext& ctx, const Item& item, PreparedItem& p) {
  CoveragePrepared c;
  const GeometryKind poly[] = {GeometryKind::polygon};
  const GeometryKind pts[] = {GeometryKind::point};
  GroupCandidates polys, towers;
  if (!item.filter.empty()) {
    auto g = group_candidates(ctx, item, poly, item.filter, "filter", ctx.polygons);
    if (!g) return tl::unexpected<Error>(g.error());
    polys = std::move(*g);
  }
  if (!item.tower_filter.empty()) {
    auto g = group_candidates(ctx, item, pts, item.tower_filter, "tower_filter", false);
    if (!g) return tl::unexpected<Error>(g.error());
    towers = std::move(*g);
  }
  if (polys.applicable == 0 && towers.applicable == 0) {
    ctx.note(Severity::warning, "filter_unreadable", item.layer, polys.missing_field.empty() ? towers.missing_field : polys.missing_field,
             "rule '" + item.id + "' (" + item.name_zh + "): no layer of '" + item.layer + "' can be read with its filters: the item is unknown for every village",
             "map the fields the filters read in the project's [layers." + item.layer + ".fields], or correct the filters");
    return Unjudgeable{"图层 " + item.layer + " 缺少覆盖范围或基站的字段"};
  }
  if ((polys.tables > 0 && polys.applicable == 0) || (towers.tables > 0 && towers.applicable == 0))
    p.fail_unknown = "部分覆盖数据的字段缺失，无法确认未覆盖";
  c.polygons = std::move(polys.yes);
  std::vector<geos::Shape> discs;
  add_discs(towers.yes, item, ctx.polygons, c, discs);
  if (ctx.polygons) build_union(c, discs);
  return c;
}

void eval_coverage(const CoveragePrepared& p, const Item& item, const Target& t, ItemResult& out) {
  if (!t.polygon) {
    const bool in = point_covered(p, t.point);
    out.share = in ? 1.0 : 0.0;
    out.outcome = in ? Outcome::pass : Outcome::fail;
    if (!in) out.shortfall = item.min_share;  // a point is covered or not: the whole share is missing
    out.note = in ? "在覆盖范围内" : "不在覆盖范围内";
    return;
  }
  if (inside_one_disc(p, t)) {
    out.share = 1.0;
    out.outcome = Outcome::pass;
    out.note = "覆盖 100%";
    return;
  }
  double covered = 0;  // the pieces do not overlap: sum the overlaps
  p.piece_boxes.query(t.box, [&](uint32_t k) { covered += t.shape->intersection_area(p.cover_pieces[k]); });
  const double area = t.shape->area();
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

}  // namespace jiuyou::indicators::kinds
