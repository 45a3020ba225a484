// network_access: the nearest qualifying feature within max_distance_m;
// qualifying = candidate (filter TRUE) and, with require_connected, in a
// component that reaches the trunk or an anchor (README.md, first row).
#include <algorithm>
#include <cmath>
#include <cstdio>

#include <memory>
#include <optional>

#include "gis/indicators/kinds/kinds.hpp"
#include "gis/model/table_rows.hpp"
#include "gis/network/loose_ends.hpp"
#include "gis/network/topology.hpp"
#include "gis/util/general.hpp"

namespace jiuyou::indicators::kinds {

namespace {

// The anchors of the group (substations): points of the layer with anchor_filter TRUE.
struct Anchors {
  std::vector<Vec2> points;
  bool readable = false;  // some point table could be read with the filter
};
Result<Anchors> anchors_of(const PrepareContext& ctx, const Item& item) {
  Anchors a;
  if (item.anchor_filter.empty()) return a;
  for (const FeatureTable* pt : ctx.group(item.layer, GeometryKind::point)) {
    auto f = apply_filter(ctx, item, *pt, item.anchor_filter, "anchor_filter");
    if (!f) return tl::unexpected<Error>(f.error());
    if (!f->applies) continue;
    a.readable = true;
    for (size_t k = 0; k < pt->size(); ++k)
      if (f->yes[k] && !pt->geometry.is_empty(k)) a.points.push_back(pt->geometry.first_vertex(k));
  }
  return a;
}

// Ends that nearly meet another piece of the network (tour 18 S8: segments 1.2 m apart turned 79 villages' road
// pass into fail with nothing said): a warning with the count, the gap that would join most of them and one place.
void note_loose_ends(const PrepareContext& ctx, const Item& item, const GeometryColumn& lines, const network::NetworkTopology& topo) {
  const double probe_m = std::max(10.0, 10 * item.tolerance_m);
  const network::LooseEnds loose = network::loose_ends(lines, topo, item.tolerance_m, probe_m);
  if (!loose.many()) return;
  char gap[32], where[64];
  std::snprintf(gap, sizeof gap, "%.1f", loose.gap_p90_m);
  const std::string enough = util::general(std::ceil(loose.gap_p90_m + 0.5));  // a tolerance that joins them, with room
  std::snprintf(where, sizeof where, "(%.0f, %.0f)", loose.example->x, loose.example->y);
  ctx.note(Severity::warning, "network_loose_ends", item.layer, {},
           "图层 " + item.layer + " 中有 " + std::to_string(loose.near_misses) + " 个线段端点（查看了 " + std::to_string(loose.endpoints) +
               " 个）离另一段线只有几米却没有接上（超过连通容差 " + util::general(item.tolerance_m) + " 米；九成在 " + gap + " 米以内），如 " + where +
               "：“" + item.name_zh + "”的连通判断把断开的各段当作互不相连，会把本该连通的村判为不达标",
           "在 GIS 里把线段端点捕捉接上（拓扑检查），或在规则文件中把该项的 tolerance_m 放宽到 " + enough +
               " 米（复制规则文件修改，见 docs/rule-sets.md）后重新检查");
}

// What the item measures to, as the rule names it ("硬化路"), else the layer.
std::string pi_noun(const Item& item) { return item.noun_zh.empty() ? item.layer : item.noun_zh; }

// One line table of the group as the group's topology takes it: one line per feature (a multi-line feature's
// parts as features of their own, attributes and FID repeated), with its candidate and trunk flags.
struct GroupTable {
  const FeatureTable* source = nullptr;
  int16_t layer = -1;
  std::shared_ptr<const FeatureTable> lines;  // `source` itself, or its parts apart
  std::vector<uint8_t> yes, trunk;            // per feature of *lines
  std::vector<uint8_t> maybe;                 // the filter is unknown (a NULL surface): might be a candidate
  std::vector<uint8_t> maybe_trunk;           // the trunk filter is TRUE or unknown: might be trunk
};

size_t ring_count(const GeometryColumn& g, size_t f) {
  size_t n = 0;
  for (uint32_t p = g.part_begin(f); p < g.part_end(f); ++p) n += g.ring_end(p) - g.ring_begin(p);
  return n;
}

// Appends feature f's rings of `g` to `out` as the parts of one feature (closed by the caller), or ring `only`.
void append_rings(GeometryColumn& out, const GeometryColumn& g, size_t f, std::optional<uint32_t> only = std::nullopt) {
  for (uint32_t p = g.part_begin(f); p < g.part_end(f); ++p)
    for (uint32_t r = g.ring_begin(p); r < g.ring_end(p); ++r) {
      if (only && r != *only) continue;
      for (uint32_t v = g.vertex_begin(r); v < g.vertex_end(r); ++v) out.add_vertex(g.xy[2 * size_t{v}], g.xy[2 * size_t{v} + 1]);
      out.close_ring();
      out.close_part();
    }
}

// `t` with each line of a multi-line feature as a feature (tour 18 S9: roads dissolved into 11 multilines made
// every isolated village road "connected" through its own feature); `t` itself when every feature is one line.
std::shared_ptr<const FeatureTable> lines_apart(const FeatureTable* t, std::vector<size_t>& row_of) {
  const GeometryColumn& g = t->geometry;
  row_of.clear();
  bool multi = false;
  for (size_t f = 0; f < t->size() && !multi; ++f) multi = ring_count(g, f) > 1;
  if (!multi) return std::shared_ptr<const FeatureTable>(t, [](const FeatureTable*) {});
  GeometryColumn apart;
  apart.kind = GeometryKind::line;
  for (size_t f = 0; f < t->size(); ++f) {
    if (g.is_empty(f)) {
      row_of.push_back(f);
      apart.add_null_feature();
      continue;
    }
    for (uint32_t p = g.part_begin(f); p < g.part_end(f); ++p)
      for (uint32_t r = g.ring_begin(p); r < g.ring_end(p); ++r) {
        row_of.push_back(f);
        append_rings(apart, g, f, r);
        apart.close_feature();
      }
  }
  auto out = std::make_shared<FeatureTable>(copy_rows(*t, row_of));
  out->geometry = std::move(apart);
  return out;
}

// The group's line tables with their filters applied; the features whose filter is unknown go to n.unknown.
Result<std::vector<GroupTable>> group_tables(const PrepareContext& ctx, const Item& item, const std::vector<const FeatureTable*>& tables,
                                             NetworkPrepared& n, bool& trunk_readable) {
  std::vector<GroupTable> out;
  for (const FeatureTable* t : tables) {
    auto f = apply_filter(ctx, item, *t, item.filter, "filter");
    if (!f) return tl::unexpected<Error>(f.error());
    if (!f->applies) continue;
    GroupTable g;
    g.source = t;
    g.layer = ctx.layer_index(t);
    const std::vector<uint8_t> maybe = f->unknown;
    if (!f->unknown_field.empty()) {
      if (n.unknown_reason.empty()) n.unknown_reason = unknown_reason_zh(f->unknown_field);
      n.unknown.push_back(make_candidates(t, g.layer, std::move(f->unknown), ctx.polygons));
    }
    std::vector<uint8_t> trunk(t->size(), 0), maybe_trunk(t->size(), 0);
    if (!item.trunk_filter.empty()) {
      auto tm = apply_filter(ctx, item, *t, item.trunk_filter, "trunk_filter");
      if (!tm) return tl::unexpected<Error>(tm.error());
      if (tm->applies) {
        trunk_readable = true;
        for (size_t k = 0; k < t->size(); ++k) {
          trunk[k] = f->yes[k] && tm->yes[k];
          maybe_trunk[k] = tm->yes[k] || (k < tm->unknown.size() && tm->unknown[k]);
        }
      }
    }
    std::vector<size_t> row_of;
    g.lines = lines_apart(t, row_of);
    const auto at = [&](size_t k) { return row_of.empty() ? k : row_of[k]; };
    for (size_t k = 0; k < g.lines->size(); ++k) {
      g.yes.push_back(f->yes[at(k)]);
      g.trunk.push_back(trunk[at(k)]);
      g.maybe.push_back(at(k) < maybe.size() ? maybe[at(k)] : 0);
      g.maybe_trunk.push_back(maybe_trunk[at(k)]);
    }
    out.push_back(std::move(g));
  }
  return out;
}

// The candidates that reach the trunk only through lines whose filter is unknown (a trunk road of unmapped surface
// 瀝青; tour 18 S13: 56 villages failed as "未连通", one 可出列 lost, against the README's "never a false 不达标"): the
// group's topology again with those lines in, and those lines or lines of unknown class as possible trunk.
// A village that fails but has such a candidate within reach is unknown (n.maybe_connected, eval below).
void note_maybe_connected(const PrepareContext& ctx, const Item& item, const std::vector<GroupTable>& group, const GeometryColumn& strict,
                          const std::vector<std::pair<uint32_t, uint32_t>>& owner, const std::vector<uint8_t>& qualifying, const Anchors& anchors,
                          NetworkPrepared& n) {
  const bool any_maybe = std::any_of(group.begin(), group.end(), [](const GroupTable& g) {
    for (size_t k = 0; k < g.maybe.size(); ++k)
      if (g.maybe[k] || (g.yes[k] && g.maybe_trunk[k] && !g.trunk[k])) return true;
    return false;
  });
  if (!any_maybe) return;
  GeometryColumn all = strict;  // the strict lines first, in `owner` order, then the lines that might be candidates
  std::vector<uint8_t> trunk;
  for (const auto& [gi, f] : owner) trunk.push_back(group[gi].maybe_trunk[f]);
  for (const GroupTable& g : group)
    for (size_t f = 0; f < g.lines->size(); ++f) {
      if (!g.maybe[f] || g.lines->geometry.is_empty(f)) continue;
      append_rings(all, g.lines->geometry, f);
      all.close_feature();
      trunk.push_back(g.maybe_trunk[f]);
    }
  network::NodingParams np;
  np.tolerance_m = item.tolerance_m;
  const auto topo = network::build_topology(all, {}, np);
  network::ReachParams rp;
  rp.trunk_feature = trunk;
  rp.seats = anchors.points;
  rp.seat_distance_m = item.anchor_distance_m;
  const std::vector<uint8_t> might = network::features_in_flagged_components(topo, network::reaches(topo, all, rp));
  std::vector<std::vector<uint8_t>> masks(group.size());
  for (size_t gi = 0; gi < group.size(); ++gi) masks[gi].assign(group[gi].lines->size(), 0);
  bool some = false;
  for (size_t k = 0; k < owner.size(); ++k)
    if (might[k] && !qualifying[k]) masks[owner[k].first][owner[k].second] = 1, some = true;
  if (!some) return;
  for (size_t gi = 0; gi < group.size(); ++gi)
    n.maybe_connected.push_back(make_candidates(group[gi].lines.get(), group[gi].layer, std::move(masks[gi]), ctx.polygons));
}

// The connected candidates of an item with require_connected, over every line table of its group at once (tour 18
// S17, S20: roads or 10 kV lines delivered as two files were never joined across them; the oracle always joined them).
Result<void> prepare_connected(const PrepareContext& ctx, const Item& item, const std::vector<const FeatureTable*>& tables, const Anchors& anchors,
                               NetworkPrepared& n, bool& trunk_readable) {
  ASSIGN_OR_RETURN(std::vector<GroupTable> group, group_tables(ctx, item, tables, n, trunk_readable));
  GeometryColumn all;
  all.kind = GeometryKind::line;
  std::vector<std::pair<uint32_t, uint32_t>> owner;  // (group table, feature) per line of `all`
  std::vector<uint8_t> trunk;
  for (size_t gi = 0; gi < group.size(); ++gi) {
    const FeatureTable& t = *group[gi].lines;
    for (size_t f = 0; f < t.size(); ++f) {
      if (!group[gi].yes[f] || t.geometry.is_empty(f)) continue;
      append_rings(all, t.geometry, f);
      all.close_feature();
      owner.emplace_back(static_cast<uint32_t>(gi), static_cast<uint32_t>(f));
      trunk.push_back(group[gi].trunk[f]);
    }
  }
  network::NodingParams np;
  np.tolerance_m = item.tolerance_m;
  const auto topo = network::build_topology(all, {}, np);
  note_loose_ends(ctx, item, all, topo);
  network::ReachParams rp;
  rp.trunk_feature = trunk;
  rp.seats = anchors.points;
  rp.seat_distance_m = item.anchor_distance_m;
  const std::vector<uint8_t> qualifying = network::features_in_flagged_components(topo, network::reaches(topo, all, rp));
  std::vector<std::vector<uint8_t>> yes(group.size()), no(group.size());
  std::vector<std::vector<int32_t>> component(group.size());
  for (size_t gi = 0; gi < group.size(); ++gi) {
    yes[gi].assign(group[gi].lines->size(), 0);
    no[gi].assign(group[gi].lines->size(), 0);
    component[gi].assign(group[gi].lines->size(), -1);
  }
  for (size_t k = 0; k < owner.size(); ++k) {
    const auto [gi, f] = owner[k];
    (qualifying[k] ? yes : no)[gi][f] = 1;
    component[gi][f] = topo.component[k];
  }
  note_maybe_connected(ctx, item, group, all, owner, qualifying, anchors, n);
  for (size_t gi = 0; gi < group.size(); ++gi) {
    const FeatureTable* lines = group[gi].lines.get();
    if (lines != group[gi].source) n.owned.push_back(group[gi].lines);
    n.unconnected.push_back(make_candidates(lines, group[gi].layer, std::move(no[gi]), ctx.polygons));
    n.component.push_back(std::move(component[gi]));
    n.qualifying.push_back(make_candidates(lines, group[gi].layer, std::move(yes[gi]), ctx.polygons));
  }
  return {};
}

// The candidates of an item without require_connected: every line of the group within reach counts.
Result<void> prepare_unconnected(const PrepareContext& ctx, const Item& item, const std::vector<const FeatureTable*>& tables, NetworkPrepared& n) {
  for (const FeatureTable* t : tables) {
    auto f = apply_filter(ctx, item, *t, item.filter, "filter");
    if (!f) return tl::unexpected<Error>(f.error());
    if (!f->applies) continue;
    const int16_t layer = ctx.layer_index(t);
    if (!f->unknown_field.empty()) {
      if (n.unknown_reason.empty()) n.unknown_reason = unknown_reason_zh(f->unknown_field);
      n.unknown.push_back(make_candidates(t, layer, std::move(f->unknown), ctx.polygons));
    }
    n.component.emplace_back();
    n.qualifying.push_back(make_candidates(t, layer, std::move(f->yes), ctx.polygons));
  }
  return {};
}

}  // namespace

Result<PreparedKind> prepare_network_access(const PrepareContext& ctx, const Item& item, PreparedItem& p) {
  NetworkPrepared n;
  auto anchors = anchors_of(ctx, item);
  if (!anchors) return tl::unexpected<Error>(anchors.error());
  bool trunk_readable = false;
  const auto tables = ctx.group(item.layer, GeometryKind::line);
  TRY(item.require_connected ? prepare_connected(ctx, item, tables, *anchors, n, trunk_readable) : prepare_unconnected(ctx, item, tables, n));
  if (tables.empty() && !ctx.group(item.layer, GeometryKind::polygon).empty()) {  // roads digitised as polygons (tour 18 S10)
    size_t polygons = 0;
    for (const FeatureTable* t : ctx.group(item.layer, GeometryKind::polygon)) polygons += t->size();
    ctx.note(Severity::warning, "layer_not_lines", item.layer, {},
             "图层 " + item.layer + " 是面（" + std::to_string(polygons) + " 个面），“" + item.name_zh + "”量的是到线（" + pi_noun(item) +
                 "）的距离和连通：这一项在各村都记为未知",
             "给出中心线图层；面的边界线不是" + pi_noun(item) + "（两条边线之间不连通），不要直接“面转线”");
    return Unjudgeable{"图层 " + item.layer + " 是面，不是线"};
  }
  if (n.qualifying.empty()) {
    const std::string why = tables.empty() ? "图层 " + item.layer + " 没有线要素" : "图层 " + item.layer + " 缺少筛选条件所需的字段";
    ctx.note(Severity::warning, "filter_unreadable", item.layer, {},
             "rule '" + item.id + "' (" + item.name_zh + "): no line layer of '" + item.layer + "' can be read with the filter \"" + item.filter +
                 "\": the item is unknown for every village",
             "map the fields the filter reads in the project's [layers." + item.layer + ".fields], or correct the filter");
    return Unjudgeable{why};
  }
  if (item.require_connected && !trunk_readable && !anchors->readable) {
    p.fail_unknown = "无法判断是否与干线连通（干线或接入点的字段缺失）";
    ctx.note(Severity::warning, "connectivity_unreadable", item.layer, {},
             "rule '" + item.id + "': neither trunk_filter \"" + item.trunk_filter + "\" nor anchor_filter \"" + item.anchor_filter +
                 "\" can be read on layer '" + item.layer + "': villages that are not reached are unknown, not failed",
             "map the fields the filters read, or add the anchor points (e.g. " + item.layer + "_points)");
  }
  return n;
}

void eval_network_access(const NetworkPrepared& p, const PreparedItem& pi, const Target& t, ItemResult& out) {
  const Item& item = *pi.item;
  const Nearest best = nearest_of(p.qualifying, t);
  set_evidence(out, best);
  if (best.found())
    for (size_t k = 0; k < p.qualifying.size(); ++k)
      if (p.qualifying[k].table == best.table && !p.component[k].empty()) out.component = p.component[k][best.feature];
  Nearest un;
  for (const auto& c : p.unconnected) nearest_in(c, t, un);
  out.unconnected_distance_m = un.found() ? un.distance : k_nan;
  const std::string noun = (item.require_connected ? "连通" : "") + pi.noun;
  if (best.found() && best.distance <= item.max_distance_m) {
    out.outcome = Outcome::pass;
    out.note = noun + " " + format_distance(best.distance);
    return;
  }
  Nearest unknown;
  for (const auto& c : p.unknown) nearest_in(c, t, unknown);
  if (unknown.found() && unknown.distance <= item.max_distance_m) {
    out.outcome = Outcome::unknown;
    out.note = unknown_feature_note(p.unknown_reason, unknown, "要素", item.max_distance_m);
    return;
  }
  Nearest maybe;
  for (const auto& c : p.maybe_connected) nearest_in(c, t, maybe);
  if (maybe.found() && maybe.distance <= item.max_distance_m) {
    out.outcome = Outcome::unknown;
    out.note = format_distance(maybe.distance) + " 处的" + pi.noun + "能否连到干线，取决于筛选字段未知的线路（如路面未填）：不达标不能确定";
    return;
  }
  out.outcome = Outcome::fail;
  if (best.found()) out.shortfall = best.distance - item.max_distance_m;
  out.note = "最近的" + noun + " " + format_distance(best.distance) + "（要求 ≤ " + format_distance(item.max_distance_m) + "）";
  if (un.found() && un.distance < (best.found() ? best.distance : k_inf) && un.distance <= item.max_distance_m)
    out.note += "；" + format_distance(un.distance) + " 处的" + pi.noun + "未与干线连通";
}

}  // namespace jiuyou::indicators::kinds
