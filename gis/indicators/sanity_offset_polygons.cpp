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
#include <cmath>
#include <cstdio>
#include <numbers>
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
//  * shared edges: the villages' boundary vertices lying on (within 40 m of) the boundary of
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

// 40 m: the BD-09 correction, taken at one point, is off by up to ±35 m elsewhere in a county
// (its small periodic terms); 5 m found GCJ-02 villages but not BD-09 ones (tour 13 M31).
constexpr double k_on_edge_m = 40;
std::optional<Evidence> shared_edges(const FeatureTable& targets, const FeatureTable& t) {
  auto edges = std::make_shared<index::LineIndex>();
  edges->build(t.geometry);
  if (edges->empty()) return std::nullopt;
  auto vertices = std::make_shared<std::vector<Vec2>>();
  const GeometryColumn& g = targets.geometry;
  const size_t step = std::max<size_t>(1, g.vertex_count() / k_samples);
  for (size_t v = 0; v < g.vertex_count(); v += step) vertices->push_back(g.vertex(v));
  Evidence e{&t, vertices->size(), "村界的 " + std::to_string(vertices->size()) + " 个边界点中与 " + t.name + " 的界线重合（" + std::to_string(static_cast<int>(k_on_edge_m)) + " m 内）的", {}};
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

namespace {

// The ground a polygon layer lies on (tour 13 M25): landslide zones are drawn on steep
// slopes, and moved by a datum's offset (300-1,400 m) they fall on ordinary ground; nothing
// else of the county need lie near them. The median slope of the DEM at the features' box
// centres, as loaded, with the layer corrected, and with the same shift turned by 45°, 90°, ...
constexpr double k_steep_deg = 15, k_steeper = 1.5;

double slope_deg(const Raster& dem, Vec2 p) {
  const double h = std::max(dem.cell_size_x(), dem.cell_size_y());
  const auto e = dem.sample(p.x + h, p.y), w = dem.sample(p.x - h, p.y), n = dem.sample(p.x, p.y + h), s = dem.sample(p.x, p.y - h);
  if (!e || !w || !n || !s) return k_nan;
  return std::atan(std::hypot((*e - *w) / (2 * h), (*n - *s) / (2 * h))) * 180 / std::numbers::pi;
}

// The median slope at the centres moved by `move`; NaN where under half of them are on the DEM.
double median_slope(const Raster& dem, const std::vector<Vec2>& centres, Vec2 move) {
  std::vector<double> v;
  for (const Vec2 c : centres)
    if (const double sl = slope_deg(dem, {c.x + move.x, c.y + move.y}); !std::isnan(sl)) v.push_back(sl);
  if (v.size() * 2 < centres.size() || v.empty()) return k_nan;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
  return v[v.size() / 2];
}

std::string degrees(double d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f°", d);
  return buf;
}

// The corrected median slope of one layer for one datum's (or two datums' difference) shift,
// when it is steep and clearly steeper than as loaded and than under every turned shift.
// `shift`: what the correction adds to the layer's coordinates; `turn`: the shift turned (the
// shift itself when it is zero: as loaded, compared with the datum's offset every way).
std::optional<double> steeper_corrected(const Raster& dem, const std::vector<Vec2>& centres, Vec2 shift, double loaded, std::optional<Vec2> turn = {}) {
  const double fixed = median_slope(dem, centres, shift);
  if (std::isnan(fixed) || fixed < k_steep_deg || fixed < k_steeper * loaded) return std::nullopt;
  const Vec2 v = turn.value_or(shift);
  for (int k = turn ? 0 : 1; k < 8; ++k) {
    const double a = k * std::numbers::pi / 4, c = std::cos(a), sn = std::sin(a);
    const double turned = median_slope(dem, centres, {v.x * c - v.y * sn, v.x * sn + v.y * c});
    if (std::isnan(turned) || fixed < k_steeper * turned) return std::nullopt;
  }
  return fixed;
}

}  // namespace

std::vector<Issue> likely_offset_terrain_notes(const WorkspaceView& view, const FeatureTable& targets, std::vector<std::string>* fitting) {
  std::vector<Issue> out;
  if (view.metric_crs.empty() || !view.dem || view.dem->empty() || targets.size() == 0) return out;
  const Datum datums[] = {{{"GCJ-02", "likely_gcj02"}, &crs::gcj02_to_wgs84}, {{"BD-09", "likely_bd09"}, &crs::bd09_to_wgs84}};
  std::optional<Vec2> shifts[2];
  bool shifts_made = false;
  for (const FeatureTable* t : view.layers) {
    if (!t || t == &targets || t->geometry.kind != GeometryKind::polygon || t->size() < k_min_points) continue;
    std::vector<Vec2> centres;
    const size_t step = std::max<size_t>(1, t->size() / k_samples);
    for (size_t f = 0; f < t->size(); f += step)
      if (!t->geometry.is_empty(f)) {
        const BBox b = t->geometry.feature_bbox(f);
        centres.push_back({(b.min_x + b.max_x) / 2, (b.min_y + b.max_y) / 2});
      }
    const double loaded = median_slope(*view.dem, centres, {0, 0});
    if (std::isnan(loaded)) continue;  // off the DEM
    if (!shifts_made) {
      for (size_t d = 0; d < 2; ++d) shifts[d] = correction_at(view.metric_crs, targets, datums[d].to_wgs84);
      shifts_made = true;
    }
    if (loaded >= k_steep_deg) {  // on steep ground as loaded: it fits as it is when clearly steeper than moved by a datum's offset
      if (fitting && shifts[0] && steeper_corrected(*view.dem, centres, {0, 0}, 0, *shifts[0])) fitting->push_back(t->name);
      continue;
    }
    const std::string_view declared = t->source_crs.kind == CrsRef::Kind::gcj02 ? "GCJ-02" : t->source_crs.kind == CrsRef::Kind::bd09 ? "BD-09" : "";
    std::optional<double> best;
    size_t best_d = 0;
    for (size_t d = 0; d < 2; ++d) {
      const size_t other = declared == datums[0].name ? 0 : declared == datums[1].name ? 1 : 2;
      if (other == d || !shifts[d] || (other < 2 && !shifts[other])) continue;  // a declaration too many is not told by the ground
      const Vec2 shift = other < 2 ? Vec2{shifts[d]->x - shifts[other]->x, shifts[d]->y - shifts[other]->y} : *shifts[d];
      if (const auto fixed = steeper_corrected(*view.dem, centres, shift, loaded); fixed && (!best || *fixed > *best)) best = fixed, best_d = d;
    }
    if (!best) continue;
    const Datum& d = datums[best_d];
    out.push_back(datum_issue(*t, *t, d,
                              "图层 " + t->name + " 各面中心处的地面坡度（中位数，按数字高程模型）为 " + degrees(loaded) + "，按 " + d.name + " 纠偏后为 " +
                                  degrees(*best) + "，而按同样大小的其他方向平移都没有这么陡；这些范围（如滑坡隐患区）应在陡坡上"));
  }
  return out;
}

}  // namespace jiuyou::indicators

namespace jiuyou::indicators {

std::vector<Issue> datum_offset_notes(const RuleSet& rules, const WorkspaceView& view, const FeatureTable& targets,
                                      std::span<const kinds::PreparedItem> prep) {
  std::vector<std::string> fitting;  // polygon layers on the ground they belong on as loaded (landslide zones on steep slopes)
  std::vector<Issue> terrain = likely_offset_terrain_notes(view, targets, &fitting);
  std::vector<Issue> out = likely_offset_notes(rules, view, targets, prep);
  // Their fit as loaded outweighs a boundary's chance alignment with some points.
  std::erase_if(out, [&](const Issue& i) { return std::find(fitting.begin(), fitting.end(), i.layer) != fitting.end(); });
  for (auto& n : likely_offset_polygon_notes(view, targets))
    if (std::none_of(out.begin(), out.end(), [&](const Issue& o) { return o.layer == n.layer; })) out.push_back(std::move(n));
  for (auto& n : terrain)
    if (std::none_of(out.begin(), out.end(), [&](const Issue& o) { return o.layer == n.layer; })) out.push_back(std::move(n));
  return out;
}

}  // namespace jiuyou::indicators
