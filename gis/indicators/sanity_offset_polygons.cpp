// likely_gcj02 / likely_bd09 for polygon villages (sanity_offset.cpp measures the line
// layers from points; a polygon layer is not seen there, its box centres say nothing).
// A village's own points — a point layer's features that carry the village's code
// (`village_code` on facilities, `code` on a village_points layer) — lie inside its
// polygon when both are in the same datum. The share of such points inside their own
// village is measured as loaded, with the villages corrected from GCJ-02 (BD-09), and
// with the same shift the other way. When the correction brings clearly more points
// inside (by a tenth of them and by a quarter) while the opposite shift brings fewer,
// the villages are warned about (or, where the opposite shift is the better one, the
// point layer), with the flag to set.
#include <algorithm>
#include <cstdio>
#include <optional>
#include <string>
#include <functional>
#include <memory>
#include <unordered_map>
#include <utility>
#include <vector>

#include "gis/crs/crs.hpp"
#include "gis/index/line_index.hpp"
#include "gis/indicators/sanity.hpp"

namespace jiuyou::indicators {

namespace {

constexpr size_t k_samples = 2000, k_min_points = 10;
constexpr double k_min_gain = 0.10, k_ratio = 1.25;

// One way of telling where the villages should lie: the share of some sample that agrees
// with the villages, with the villages moved by a shift (the sample moved the other way).
//  * own points: a point layer's features carrying a village's code (village_code on
//    facilities, code on village points), inside their own village's polygon;
//  * shared edges: the villages' boundary vertices lying on (within 5 m of) the boundary of
//    a layer that the villages tile (townships, county): the villages on a township's edge
//    share it. (Villages kilometres across keep most of their settlements' points inside
//    after a 500 m shift; their edges tell the shift at once.)
struct Evidence {
  const FeatureTable* other = nullptr;
  size_t n = 0;
  std::string what;  // "facilities 中带村代码的 821 个点…落在本村的村界内"
  std::function<double(Vec2)> share;  // the agreeing share, the sample moved by the shift
};

const Column* link_column(const FeatureTable& t) {
  if (const Column* c = t.column("village_code")) return c;
  return t.column("code");
}

std::optional<Evidence> own_points(const FeatureTable& targets, const FeatureTable& t, const std::unordered_map<std::string, size_t>& by_code) {
  const Column* c = link_column(t);
  if (!c) return std::nullopt;
  auto points = std::make_shared<std::vector<std::pair<Vec2, size_t>>>();
  const size_t n = t.size(), step = std::max<size_t>(1, n / k_samples);
  for (size_t f = 0; f < n; f += step) {
    if (t.geometry.is_empty(f) || c->is_null(f)) continue;
    if (const auto v = by_code.find(c->as_text(f)); v != by_code.end()) points->emplace_back(t.geometry.first_vertex(f), v->second);
  }
  if (points->size() < k_min_points) return std::nullopt;
  Evidence e{&t, points->size(), t.name + " 中带村代码的 " + std::to_string(points->size()) + " 个点", {}};
  e.share = [&targets, points](Vec2 d) {  // inside the polygon moved by d: the point moved by -d inside the polygon
    size_t inside = 0;
    for (const auto& [p, v] : *points) inside += point_in_feature(targets.geometry, v, p.x - d.x, p.y - d.y);
    return static_cast<double>(inside) / static_cast<double>(points->size());
  };
  return e;
}

constexpr double k_on_edge_m = 5;
std::optional<Evidence> shared_edges(const FeatureTable& targets, const FeatureTable& t) {
  auto edges = std::make_shared<index::LineIndex>();
  edges->build(t.geometry);
  if (edges->empty()) return std::nullopt;
  auto vertices = std::make_shared<std::vector<Vec2>>();
  const GeometryColumn& g = targets.geometry;
  const size_t step = std::max<size_t>(1, g.vertex_count() / k_samples);
  for (size_t v = 0; v < g.vertex_count(); v += step) vertices->push_back(g.vertex(v));
  Evidence e{&t, vertices->size(), "村界的 " + std::to_string(vertices->size()) + " 个边界点中与 " + t.name + " 的界线重合（5 m 内）的", {}};
  e.share = [edges, vertices](Vec2 d) {
    size_t on = 0;
    for (const Vec2 p : *vertices) on += edges->nearest(p.x + d.x, p.y + d.y, k_on_edge_m).has_value();
    return static_cast<double>(on) / static_cast<double>(vertices->size());
  };
  return e;
}

std::string percent(double share) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f%%", share * 100);
  return buf;
}

std::optional<Vec2> correction_at(const CrsRef& metric, const FeatureTable& targets, Vec2 (*to_wgs84)(Vec2)) {
  const BBox b = targets.geometry.bbox();
  const Vec2 centre{(b.min_x + b.max_x) / 2, (b.min_y + b.max_y) / 2};
  auto to_ll = crs::Transformer::create(metric, CrsRef::epsg(4326));
  auto to_m = crs::Transformer::create(CrsRef::epsg(4326), metric);
  if (!to_ll || !to_m) return std::nullopt;
  const auto ll = to_ll->transform_point(centre);
  if (!ll || crs::outside_china(*ll)) return std::nullopt;
  const auto back = to_m->transform_point(to_wgs84(*ll));
  if (!back) return std::nullopt;
  return Vec2{back->x - centre.x, back->y - centre.y};
}

struct Datum : DatumName {
  Vec2 (*to_wgs84)(Vec2);
};

// One piece of evidence for one datum: the verdict, if it points to one.
struct Verdict {
  double loaded = 0, fixed = 0;
  bool villages_off = false;
};
std::optional<Verdict> judge(const Evidence& e, double loaded, Vec2 shift) {
  Verdict v;
  v.loaded = loaded;
  const double villages_fixed = e.share(shift);                // the villages corrected
  const double other_fixed = e.share({-shift.x, -shift.y});    // (or the other layer corrected)
  v.villages_off = villages_fixed >= other_fixed;
  v.fixed = std::max(villages_fixed, other_fixed);
  const double away = std::min(villages_fixed, other_fixed);
  if (!(v.fixed >= v.loaded + k_min_gain && v.fixed >= k_ratio * v.loaded && away <= v.loaded)) return std::nullopt;
  return v;
}

Issue warning(const FeatureTable& targets, const Evidence& e, const Verdict& v, const Datum& d) {
  const FeatureTable& ahead = v.villages_off ? targets : *e.other;
  const FeatureTable& behind = v.villages_off ? *e.other : targets;
  const bool points = e.what.rfind("村界", 0) != 0;
  Issue i = datum_issue(ahead, behind, d,
                        e.what + (points ? "只有 " + percent(v.loaded) + " 落在本村的村界内" : "只占 " + percent(v.loaded)) + "，按 " + d.name + " 纠偏后为 " +
                            percent(v.fixed) + "；各村的距离和范围判断会因此出错");
  if (i.hint.rfind("在项目文件", 0) == 0) i.hint += "（高德、DataV.GeoAtlas 等网络地图的数据多为 GCJ-02）";
  return i;
}

// The layers the villages tile, whose edges some villages share.
constexpr const char* k_tiled_by_villages[] = {"townships", "county"};

std::vector<Evidence> evidence(const WorkspaceView& view, const FeatureTable& targets) {
  std::vector<Evidence> out;
  const Column* code = targets.column("code");
  std::unordered_map<std::string, size_t> by_code;
  for (size_t v = 0; code && v < targets.size(); ++v)
    if (!code->is_null(v) && !targets.geometry.is_empty(v)) by_code.emplace(code->as_text(v), v);
  for (const FeatureTable* t : view.layers)
    if (t && t != &targets && t->geometry.kind == GeometryKind::point && !by_code.empty())
      if (auto e = own_points(targets, *t, by_code)) out.push_back(std::move(*e));
  for (const char* name : k_tiled_by_villages)
    if (const FeatureTable* t = view.layer(name); t && t->geometry.kind == GeometryKind::polygon)
      if (auto e = shared_edges(targets, *t); e && e->n >= k_min_points) out.push_back(std::move(*e));
  return out;
}

}  // namespace

std::vector<Issue> likely_offset_polygon_notes(const WorkspaceView& view, const FeatureTable& targets) {
  std::vector<Issue> out;
  if (view.metric_crs.empty() || targets.geometry.kind != GeometryKind::polygon || targets.size() == 0) return out;
  std::vector<Evidence> all = evidence(view, targets);
  std::vector<std::pair<const Evidence*, double>> open;  // with the share as loaded
  // Most counties stop here, without the PROJ set-up: the points lie inside, the edges meet.
  for (const Evidence& e : all)
    if (const double loaded = e.share({0, 0}); loaded <= 1 - k_min_gain) open.emplace_back(&e, loaded);
  if (open.empty()) return out;
  // The datum and evidence whose correction explains the most: one warning (GCJ-02
  // half-corrects BD-09 data, so the best, not the first, is named). A datum's score: the
  // shares after its correction, summed over the evidence it explains.
  const Datum datums[] = {{{"GCJ-02", "likely_gcj02"}, &crs::gcj02_to_wgs84}, {{"BD-09", "likely_bd09"}, &crs::bd09_to_wgs84}};
  std::optional<Issue> best;
  double best_score = 0;
  for (const Datum& d : datums) {
    const auto shift = correction_at(view.metric_crs, targets, d.to_wgs84);
    if (!shift) return out;
    double score = 0, top = -1;
    std::optional<Issue> named;
    for (const auto& [e, loaded] : open)
      if (const auto v = judge(*e, loaded, *shift)) {
        score += v->fixed - v->loaded;
        if (v->fixed - v->loaded > top) top = v->fixed - v->loaded, named = warning(targets, *e, *v, d);
      }
    if (named && score > best_score) best_score = score, best = std::move(named);
  }
  if (best) out.push_back(std::move(*best));
  return out;
}

}  // namespace jiuyou::indicators

namespace jiuyou::indicators {

std::vector<Issue> datum_offset_notes(const RuleSet& rules, const WorkspaceView& view, const FeatureTable& targets,
                                      std::span<const kinds::PreparedItem> prep) {
  std::vector<Issue> out = likely_offset_notes(rules, view, targets, prep);
  for (auto& n : likely_offset_polygon_notes(view, targets))
    if (std::none_of(out.begin(), out.end(), [&](const Issue& o) { return o.layer == n.layer; })) out.push_back(std::move(n));
  return out;
}

}  // namespace jiuyou::indicators
