// Areas drawn as lines (kinds.hpp, areas_drawn_as_lines): a served area or a coverage area whose layer was turned
// into boundary lines is read as the polygons the lines enclose, and said.
#include "gis/geos/dissolve.hpp"
#include "gis/geos/repair.hpp"
#include "gis/indicators/kinds/kinds.hpp"

namespace jiuyou::indicators::kinds {

namespace {

// Boundary pieces that close only together (面转线 in pieces, arcs of a MultiLineString; tour 19 T2): the polygons
// they enclose, as one more row carrying the first piece's attributes; the pieces that enclose nothing stay open.
void add_pieced_areas(const FeatureTable& t, const std::vector<size_t>& open_rows, FeatureTable& poly, std::vector<uint8_t>& chosen, AreaLines& out) {
  const size_t faces = open_rows.empty() ? 0 : geos::append_polygonized(t.geometry, open_rows, poly.geometry);
  if (faces == 0) {
    out.open += open_rows.size();
    return;
  }
  out.pieced += open_rows.size();
  out.pieced_areas += faces;
  poly.fid.push_back(t.fid[open_rows.front()]);
  for (size_t c = 0; c < poly.columns.size(); ++c) poly.columns[c].append_from(t.columns[c], open_rows.front());
  chosen.push_back(1);
}

// The features of `t` that `e` selects, as polygons: each closed line the ring of one part; rows not selected (or
// open) stay empty so the rows keep the source's numbering.
std::shared_ptr<FeatureTable> as_polygons(const FeatureTable& t, std::vector<uint8_t>& chosen, AreaLines& out) {
  auto poly = std::make_shared<FeatureTable>();
  poly->name = t.name;
  poly->source = t.source;
  poly->source_layer = t.source_layer;
  poly->crs = t.crs;
  poly->source_crs = t.source_crs;
  poly->fid = t.fid;
  poly->columns = t.columns;
  poly->geometry.kind = GeometryKind::polygon;
  std::vector<size_t> open_rows;
  GeometryColumn ring;
  for (size_t f = 0; f < t.size(); ++f) {
    if (chosen[f] && !feature_closed(t.geometry, f)) {
      chosen[f] = 0;
      open_rows.push_back(f);
    }
    if (!chosen[f]) {
      poly->geometry.add_null_feature();
      continue;
    }
    ring = GeometryColumn{};
    ring.kind = GeometryKind::line;
    ring.append_feature(t.geometry, f);
    ring.kind = GeometryKind::polygon;
    std::string reason;
    geos::append_valid(ring, 0, poly->geometry, &reason);
    ++out.closed;
  }
  add_pieced_areas(t, open_rows, *poly, chosen, out);
  return poly;
}

}  // namespace

Result<AreaLines> areas_drawn_as_lines(const PrepareContext& ctx, const Item& item, const std::string& filter, const char* what) {
  AreaLines out;
  if (filter.empty()) return out;
  auto e = Expression::parse(filter);
  if (!e) return tl::unexpected<Error>(e.error());
  std::string layers;
  for (const FeatureTable* t : ctx.group(item.layer, GeometryKind::line)) {
    if (!e->bind(*t)) continue;  // a field the filter reads is absent: pipes or fibre, not areas
    std::vector<uint8_t> chosen(t->size(), 0);
    const std::vector<uint8_t> excluded = excluded_features(item, *t);
    bool any = false;
    for (size_t f = 0; f < t->size(); ++f)
      any |= (chosen[f] = e->test(f) == Truth::yes && !t->geometry.is_empty(f) && (excluded.empty() || !excluded[f])) != 0;
    if (!any) continue;
    const size_t before = out.closed + out.open + out.pieced;
    std::shared_ptr<FeatureTable> poly = as_polygons(*t, chosen, out);
    layers += (layers.empty() ? "" : "、") + t->name + "（" + std::to_string(out.closed + out.open + out.pieced - before) + " 条）";
    ++out.areas.tables;
    ++out.areas.applicable;
    Candidates c = make_candidates(poly.get(), ctx.layer_index(t), std::move(chosen), ctx.polygons);
    c.owned = std::move(poly);
    out.areas.yes.push_back(std::move(c));
  }
  if (out.closed + out.open + out.pieced == 0) return out;
  ctx.note(Severity::warning, "areas_as_lines", item.layer, {},
           "“" + item.name_zh + "”的范围（" + what + " \"" + filter + "\"）是线而不是面：图层 " + layers + "。" +
               (out.closed > 0 ? "已把 " + std::to_string(out.closed) + " 条闭合线围成的范围当作面读入" : std::string("没有一条自身闭合")) +
               (out.pieced > 0 ? "；" + std::to_string(out.pieced) + " 段首尾相接的线围成了 " + std::to_string(out.pieced_areas) + " 个范围，也已读入" : std::string{}) +
               (out.open > 0 ? "；" + std::to_string(out.open) + " 条不闭合，围不出范围，没有计入（它们若是范围的边界，附近的村可能被误判为不在范围内）" : std::string{}),
           "范围最好直接给面图层：在 GIS 里把线转为面（QGIS：“线转面”；ogr2ogr -nlt POLYGON）后重新检查");
  return out;
}

void take_areas(GroupCandidates& into, GroupCandidates&& areas) {
  for (Candidates& c : areas.yes) into.yes.push_back(std::move(c));
  into.tables += areas.tables;
  into.applicable += areas.applicable;
}

}  // namespace jiuyou::indicators::kinds
