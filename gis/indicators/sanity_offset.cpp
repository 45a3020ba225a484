// likely_gcj02 / likely_bd09: a layer (or the targets) stored in GCJ-02/BD-09 but
// loaded as WGS84/CGCS2000 sits a systematic 300–700 m off. Every line and polygon
// layer is measured, whatever its role (roads, water pipes, hazard zones, protected
// land: tour 12 L5, L31). A low quantile (20th percentile) of the distance from
// reference points to the layer's nearest feature (a polygon's boundary) is measured
// as loaded, with the GCJ-02 (BD-09) correction applied to the layer, with the same
// shift the other way and turned by 45°, 90°, ...; the correction is a near-constant
// shift over a county, taken at the centre of the targets. When the correction brings
// the points close (within half the shift; closer by a fifth and 40 m than as loaded)
// and clearly closer than every other shift of that size, the layer is warned about,
// with the flag to set; a layer that declares a datum is never told to add one: the
// declaration is named (datum_issue, tour 12 L19, L29).
// The reference points are the targets' points and every point layer of the
// project (facilities, water plants, towers...), which sit by the roads in the
// datum they were surveyed in: for polygon villages, whose box centres say little
// (a village road ends at the settlement, not at the middle of the village's land),
// the only ones; and a point layer itself stored in GCJ-02 is found this way.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <numbers>
#include <optional>
#include <span>
#include <variant>

#include "gis/crs/crs.hpp"
#include "gis/indicators/kinds/kinds.hpp"
#include "gis/indicators/sanity.hpp"

namespace jiuyou::indicators {

namespace {

constexpr size_t k_samples = 2000;
constexpr double k_ratio = 0.8, k_min_gain_m = 40, k_centre_fit_m = 60;

// Sampled features (up to 2,000, evenly through the table): their rows and a point of each:
// the point, or the centre of a polygon's box where the box is under 200 m across (the
// centre of a village's land a few km across says nothing of a 300-700 m offset).
constexpr double k_max_box_m = 200;
struct Samples {
  const FeatureTable* table = nullptr;
  std::vector<size_t> rows;
  std::vector<Vec2> points;
  bool centres = false;  // the box centres of a polygon layer's features, whatever their size (below)
};
Samples sample_points(const FeatureTable& t) {
  Samples s;
  s.table = &t;
  const size_t n = t.size(), step = std::max<size_t>(1, n / k_samples);
  for (size_t v = 0; v < n; v += step) {
    if (t.geometry.is_empty(v)) continue;
    if (t.geometry.kind == GeometryKind::point) {
      s.points.push_back(t.geometry.first_vertex(v));
    } else {
      const BBox b = t.geometry.feature_bbox(v);
      if (b.max_x - b.min_x > k_max_box_m || b.max_y - b.min_y > k_max_box_m) continue;
      s.points.push_back({(b.min_x + b.max_x) / 2, (b.min_y + b.max_y) / 2});
    }
    s.rows.push_back(v);
  }
  return s;
}

// The box centres of a polygon layer's features of any size, measured to the point layers only:
// a coverage area drawn around its tower, a water service area around the village it serves,
// are centred on a point of another layer, however large they are (tour 13 M5, M26, M27).
Samples sample_centres(const FeatureTable& t) {
  Samples s;
  s.table = &t;
  s.centres = true;
  const size_t n = t.size(), step = std::max<size_t>(1, n / k_samples);
  for (size_t v = 0; v < n; v += step) {
    if (t.geometry.is_empty(v)) continue;
    const BBox b = t.geometry.feature_bbox(v);
    s.points.push_back({(b.min_x + b.max_x) / 2, (b.min_y + b.max_y) / 2});
    s.rows.push_back(v);
  }
  return s;
}

// The centre of the targets' extent (sampled), where the corrections are taken.
Vec2 targets_centre(const FeatureTable& targets) {
  BBox box;
  const size_t n = targets.size(), step = std::max<size_t>(1, n / k_samples);
  for (size_t v = 0; v < n; v += step)
    if (!targets.geometry.is_empty(v)) {
      const BBox b = targets.geometry.feature_bbox(v);
      box.expand(b.min_x, b.min_y);
      box.expand(b.max_x, b.max_y);
    }
  return {(box.min_x + box.max_x) / 2, (box.min_y + box.max_y) / 2};
}

// The metric shift each correction makes at `centre` (what is added to data stored in that
// datum); one pair of transformers for all (creating them costs PROJ database look-ups).
std::vector<std::optional<Vec2>> corrections_at(const CrsRef& metric, Vec2 centre, std::span<Vec2 (*const)(Vec2)> to_wgs84) {
  std::vector<std::optional<Vec2>> out(to_wgs84.size());
  auto to_ll = crs::Transformer::create(metric, CrsRef::epsg(4326));
  if (!to_ll) return out;
  const auto ll = to_ll->transform_point(centre);
  if (!ll || crs::outside_china(*ll)) return out;
  auto to_m = crs::Transformer::create(CrsRef::epsg(4326), metric);
  if (!to_m) return out;
  for (size_t k = 0; k < to_wgs84.size(); ++k)
    if (const auto back = to_m->transform_point(to_wgs84[k](*ll))) out[k] = Vec2{back->x - centre.x, back->y - centre.y};
  return out;
}

// A low quantile (the 20th percentile) of the distance from the sampled targets' points
// (a polygon's box centre), moved by `shift`, to the nearest line. Points rather than
// polygons: a road crossing a polygon gives 0 whatever the offset. A low quantile rather
// than the median: the villages near a road tell an offset best.
double low_quantile_distance(const index::LineIndex& lines, const Samples& s, Vec2 shift) {
  std::vector<double> d;
  for (const Vec2 p : s.points)
    if (const auto hit = lines.nearest(p.x + shift.x, p.y + shift.y, kinds::k_inf)) d.push_back(hit->distance_m);
  if (d.empty()) return k_nan;
  std::nth_element(d.begin(), d.begin() + static_cast<std::ptrdiff_t>(d.size() / 5), d.end());
  return d[d.size() / 5];
}

// Whether low_quantile_distance(lines, s, shift) is at most `limit`, from searches
// bounded by it (cheap where the points are far from the layer, most layers of a
// county, and where many are close): more than a fifth of the points that the
// unbounded search measures (every point with finite coordinates: the index is not
// empty) lie within it. False when the quantile is above the limit or there is none.
bool low_quantile_within(const index::LineIndex& lines, const Samples& s, Vec2 shift, double limit) {
  size_t measured = 0;
  for (const Vec2 p : s.points) measured += std::isfinite(p.x + shift.x) && std::isfinite(p.y + shift.y);
  const size_t needed = measured / 5 + 1;
  size_t within = 0;
  for (size_t k = 0; k < s.points.size() && within < needed; ++k)
    within += lines.nearest(s.points[k].x + shift.x, s.points[k].y + shift.y, limit).has_value();
  return within >= needed;
}

std::string metres(double m) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f m", m);
  return buf;
}

struct Datum : DatumName {
  Vec2 (*to_wgs84)(Vec2);
};

std::string_view declared_datum(const FeatureTable& t) {
  switch (t.source_crs.kind) {
    case CrsRef::Kind::gcj02: return "GCJ-02";
    case CrsRef::Kind::bd09: return "BD-09";
    default: return {};
  }
}

}  // namespace

Issue datum_issue(const FeatureTable& ahead, const FeatureTable& behind, const DatumName& d, const std::string& measured) {
  Issue i;
  i.severity = Severity::warning;
  i.code = d.code;
  const std::string_view ahead_declared = declared_datum(ahead), behind_declared = declared_datum(behind);
  const FeatureTable& off = behind_declared == d.name ? behind : ahead;
  i.file = off.source;  // the data file to fix, not the rule set
  i.layer = off.name;
  const std::string layer = "[layers." + off.name + "]";
  if (behind_declared == d.name) {  // a declaration too many (tour 12 L19): never "add" to a layer that has one
    i.message = "图层 " + behind.name + " 声明为 " + d.name + "，但按原坐标读才与图层 " + ahead.name + " 吻合" +
                (ahead_declared.empty() ? "（或 " + ahead.name + " 是 " + d.name + " 坐标却未声明）" : std::string()) + "：" + measured;
    i.hint = "请先核对项目文件 " + layer + " 的 crs：数据若已是 WGS84/CGCS2000（例如已纠偏的副本），删去 crs = \"" + d.name + "\"";
  } else if (!ahead_declared.empty() && ahead_declared != d.name) {  // BD-09 declared as GCJ-02 (L29)
    i.message = "图层 " + ahead.name + " 声明为 " + std::string(ahead_declared) + "，但坐标看来是 " + d.name + "：" + measured;
    i.hint = "请把项目文件 [layers." + ahead.name + "] 的 crs 改为 \"" + d.name + "\"";
  } else if (!ahead_declared.empty()) {  // declared and still off: the declaration is not the fix
    i.message = "图层 " + ahead.name + " 已声明为 " + d.name + "，纠偏后仍整体偏移：" + measured;
    i.hint = "请核对项目文件 " + layer + " 的 crs 与数据来源（是否已纠偏过一次，或图层 " + behind.name + " 的坐标系有误）";
  } else if (ahead.source_crs.kind == CrsRef::Kind::proj) {  // read as EPSG:4490 / 4326 / a .prj's CRS (tour 14 N9): that is what is wrong
    i.message = "图层 " + ahead.name + " 按 " + ahead.source_crs.label() + " 读入（项目文件的 crs 或数据文件自带的坐标系），但坐标看来是 " + d.name + "：" + measured;
    i.hint = "在项目文件的 " + layer + " 中写 crs = \"" + d.name + "\"（已有 crs 一行时，把它改为这样）";
  } else {
    i.message = "图层 " + ahead.name + " 可能是 " + d.name + " 坐标却未声明：" + measured;
    // The project may already hold a crs line for the layer (a wrong "EPSG:4326", tour 13 M6): a
    // second one is a TOML error, so the hint says to change it where there is one.
    i.hint = "在项目文件的 " + layer + " 中写 crs = \"" + d.name + "\"（已有 crs 一行时，把它改为这样）";
  }
  return i;
}

namespace {

// A warning found for one table and one datum: the layer ahead where a declaration was
// named instead of it (else ""), and the distance the correction leaves (the datum that
// leaves less is named: GCJ-02 data lie within BD-09's offset too, tour 13 M27).
struct Found {
  Issue issue;
  std::string blame;
  double fixed = 0;
};

// What a reference set measures: "图层 facilities 的点到 roads 最近要素的距离",
// "图层 broadband 各面的中心到 broadband_towers 最近点的距离".
std::string measured_what(const Samples& pts, const FeatureTable& t) {
  if (pts.centres) return "图层 " + pts.table->name + " 各面的中心到图层 " + t.name + " 最近点的距离";
  return "图层 " + pts.table->name + " 的点到 " + t.name + " 最近要素的距离";
}

// One line table against the targets, for one datum: the warning, if any.
std::optional<Found> check_table(const FeatureTable& t, const index::LineIndex& lines, const Samples& pts, const std::function<double()>& loaded_of,
                                 Vec2 shift, const Datum& d, bool may_name_points, const std::function<bool(Vec2, double)>& agrees_elsewhere) {
  // Only a correction that brings the points within half the shift can warn (below):
  // two searches bounded by that settle most layers before any unbounded one (issue #16).
  const double size = std::hypot(shift.x, shift.y);
  if (!low_quantile_within(lines, pts, {-shift.x, -shift.y}, 0.5 * size) && !low_quantile_within(lines, pts, shift, 0.5 * size)) return std::nullopt;
  const double loaded = loaded_of();
  // The layer stored in the datum comes closer when corrected and moves away when
  // shifted the other way; a layer in the right datum moves away both ways.
  const double layer_fixed = low_quantile_distance(lines, pts, {-shift.x, -shift.y});  // the layer corrected
  const double other_way = low_quantile_distance(lines, pts, {shift.x, shift.y});      // (or the targets corrected)
  const bool layer_is_off = layer_fixed <= other_way;
  const double fixed = std::min(layer_fixed, other_way), away = std::max(layer_fixed, other_way);
  if (!(fixed < k_ratio * loaded && loaded - fixed > k_min_gain_m && fixed < k_ratio * away)) return std::nullopt;
  // The point layers sit by the networks; a layer of another role (broadband lines, zones) may
  // lie at any fixed offset from some of them, which says nothing of the points' datum.
  if (!layer_is_off && !may_name_points && declared_datum(t) != d.name) return std::nullopt;
  // Now that every layer is measured, not only the networks the points sit by (tour 12 L5, L31):
  // a layer merely near some of the points comes a little closer under some shift or other. A
  // datum offset brings the points close (within half the offset), and only under its own
  // shift: the same shift turned by 45°, 90°, ... brings them nowhere as close.
  if (fixed > 0.5 * size) return std::nullopt;
  // Polygons centred on points (a coverage disc on its tower) fit to a few tens of metres once
  // corrected; a chance fit of unrelated layers (protected plots near facilities) does not, nor is
  // it half as close as under every turned shift (tour 13 M27).
  if (pts.centres && fixed > k_centre_fit_m) return std::nullopt;
  const double ratio = pts.centres ? 0.5 : k_ratio;
  const Vec2 best = layer_is_off ? Vec2{-shift.x, -shift.y} : shift;
  for (int k = 1; k < 8; ++k) {
    if (k == 4) continue;  // the other way, measured above
    const double a = k * std::numbers::pi / 4, c = std::cos(a), sn = std::sin(a);
    if (fixed >= ratio * low_quantile_distance(lines, pts, {best.x * c - best.y * sn, best.x * sn + best.y * c})) return std::nullopt;
  }
  // The layer that sits the datum's offset ahead (`ahead`) is in that datum undeclared, or
  // the other one declares a datum its data are not in (read as loaded, it would agree).
  const FeatureTable& ahead = layer_is_off ? t : *pts.table;
  const FeatureTable& behind = layer_is_off ? *pts.table : t;
  // A layer of another role blamed on one point layer's word: not when another point layer
  // sits as close to it as loaded, and clearly farther corrected (it agrees with the layer as it is).
  if (!may_name_points && &ahead == &t && agrees_elsewhere(best, fixed)) return std::nullopt;
  Found f;
  f.issue = datum_issue(ahead, behind, d, measured_what(pts, t) + "（第 20 百分位）为 " + metres(loaded) + "，按 " + d.name + " 纠偏后为 " + metres(fixed));
  f.blame = f.issue.layer == ahead.name ? std::string() : ahead.name;
  f.fixed = fixed;
  return f;
}

// A first, cheap bound from the indexes the network items already built (the features whose
// filter is TRUE or NULL): the distance to all features is at most the distance to these.
double prepared_bound(std::span<const kinds::PreparedItem> prep, const FeatureTable* t, const Samples& s) {
  std::vector<const kinds::Candidates*> sets;
  for (const auto& p : prep)
    if (const auto* n = std::get_if<kinds::NetworkPrepared>(&p.kind))
      for (const auto* group : {&n->qualifying, &n->unconnected, &n->unknown})
        for (const auto& c : *group)
          if (c.table == t && !c.lines.empty()) sets.push_back(&c);
  if (sets.empty()) return k_nan;
  std::vector<double> d;
  for (size_t k = 0; k < s.rows.size(); ++k) {
    double best = kinds::k_inf;
    for (const auto* c : sets) {
      const auto hit = c->lines.nearest(s.points[k].x, s.points[k].y, best);
      if (hit) best = std::min(best, hit->distance_m);
    }
    d.push_back(best);
  }
  std::nth_element(d.begin(), d.begin() + static_cast<std::ptrdiff_t>(d.size() / 5), d.end());
  return d[d.size() / 5];
}

}  // namespace

namespace {

// The point sets to measure from (each of at least 10 points): the targets' points, and
// every point layer of the project (for polygon villages the only usable ones; a facility
// layer downloaded from a web map is itself found off the roads this way); then the
// centres of every polygon layer's features, measured to the point layers (sample_centres).
std::vector<Samples> reference_points(const WorkspaceView& view, const FeatureTable& targets) {
  std::vector<Samples> refs;
  const auto add = [&](Samples s) {
    if (s.rows.size() >= 10) refs.push_back(std::move(s));
  };
  add(sample_points(targets));
  for (const FeatureTable* t : view.layers)
    if (t && t != &targets && t->geometry.kind == GeometryKind::point) add(sample_points(*t));
  for (const FeatureTable* t : view.layers)
    if (t && t != &targets && t->geometry.kind == GeometryKind::polygon) add(sample_centres(*t));
  return refs;
}

// Whether table t is measured from reference set s: a line or polygon layer (its lines, its
// boundary) from points; a point layer from the polygon centres of another layer.
bool measured_pair(const FeatureTable& t, const Samples& s) {
  if (s.table == &t) return false;
  return (t.geometry.kind == GeometryKind::point) == s.centres;
}

// The layers measured, each once (with how many the network items measure to: the first):
// the line layers the network items measure to first,
// then every other line or polygon layer of the project, whatever its role (water pipes
// read by a coverage item, hazards and protected areas read by relocate, ...: tour 12
// L5, L31), its boundary measured for a polygon; then the point layers, from the polygon
// centres (tour 13 M5, M26). The targets are left to sanity_offset_polygons.cpp.
std::vector<const FeatureTable*> measured_tables(const RuleSet& rules, const WorkspaceView& view, const FeatureTable& targets, size_t& networks) {
  std::vector<const FeatureTable*> tables;
  const auto add = [&](const FeatureTable* t) {
    if (t && t != &targets && t->size() >= 10 && std::find(tables.begin(), tables.end(), t) == tables.end()) tables.push_back(t);
  };
  for (const auto& item : rules.items)
    if (item.kind == ItemKind::network_access)
      for (const FeatureTable* t : kinds::group_tables(view, item.layer, GeometryKind::line)) add(t);
  networks = tables.size();
  for (const FeatureTable* t : view.layers)
    if (t && (t->geometry.kind == GeometryKind::line || t->geometry.kind == GeometryKind::polygon)) add(t);
  for (const FeatureTable* t : view.layers)  // the towers, plants... the polygon centres are measured to
    if (t && t->geometry.kind == GeometryKind::point) add(t);
  return tables;
}

// One line layer measured from one reference set, as loaded (its quantile over 40 m;
// NaN until check_table needs the number).
struct Measured {
  size_t table = 0, ref = 0;
  double loaded = k_nan;
};

}  // namespace

std::vector<Issue> likely_offset_notes(const RuleSet& rules, const WorkspaceView& view, const FeatureTable& targets,
                                       std::span<const kinds::PreparedItem> prep) {
  std::vector<Issue> out;
  if (view.metric_crs.empty() || targets.size() == 0) return out;
  const std::vector<Samples> refs = reference_points(view, targets);
  if (refs.empty()) return out;
  const Vec2 centre = targets_centre(targets);
  const Datum datums[] = {{{"GCJ-02", "likely_gcj02"}, &crs::gcj02_to_wgs84}, {{"BD-09", "likely_bd09"}, &crs::bd09_to_wgs84}};
  size_t networks = 0;
  const std::vector<const FeatureTable*> tables = measured_tables(rules, view, targets, networks);
  // As loaded first: a correction cannot remove more than 40 m from a quantile that is
  // smaller, and most counties stop here, without the PROJ set-up.
  std::vector<index::LineIndex> lines(tables.size());
  std::vector<Measured> suspicious;
  // The layers a polygon centre sits on a point of as loaded (a coverage area on its tower): they
  // agree with each other as they are, and are not blamed on a boundary's chance alignment (M27).
  std::vector<const FeatureTable*> centred;
  for (size_t k = 0; k < tables.size(); ++k) {
    const size_t before = suspicious.size();
    for (size_t r = 0; r < refs.size(); ++r) {
      if (!measured_pair(*tables[k], refs[r])) continue;
      if (refs[r].table == &targets && prepared_bound(prep, tables[k], refs[r]) <= k_min_gain_m) continue;  // cannot be off from the targets
      if (lines[k].empty()) lines[k].build(tables[k]->geometry);
      if (lines[k].empty()) break;
      // As loaded within 40 m: not off. Otherwise the quantile itself only when a correction may warn (check_table).
      if (!low_quantile_within(lines[k], refs[r], {0, 0}, k_min_gain_m)) suspicious.push_back({k, r});
      else if (refs[r].centres) centred.insert(centred.end(), {tables[k], refs[r].table});
    }
    if (suspicious.size() == before) lines[k] = index::LineIndex();  // not measured again: its index goes (issue #16: all of them at once were 160 MB)
  }
  if (suspicious.empty()) return out;
  // The centres first: one-to-one evidence, where a boundary may lie at any distance from a point.
  std::stable_partition(suspicious.begin(), suspicious.end(), [&](const Measured& m) { return refs[m.ref].centres; });
  const auto is_centred = [&](const FeatureTable* t) { return std::find(centred.begin(), centred.end(), t) != centred.end(); };
  Vec2 (*const fns[])(Vec2) = {datums[0].to_wgs84, datums[1].to_wgs84};
  const auto shifts = corrections_at(view.metric_crs, centre, fns);
  std::vector<bool> warned(tables.size(), false);
  std::vector<std::string> blames;  // per warning: the layer ahead, where a declaration was named instead of it
  std::vector<double> fits;         // per warning from a centre pair: the distance its correction leaves (else NaN)
  for (Measured& m : suspicious) {
    if (warned[m.table]) continue;
    if (!refs[m.ref].centres && is_centred(tables[m.table])) continue;
    // A layer already found off is no measure of another (the towers off, their coverage is not).
    const auto named = [&](const FeatureTable* t) { return std::any_of(out.begin(), out.end(), [&](const Issue& i) { return i.layer == t->name; }); };
    if (!refs[m.ref].centres && (named(tables[m.table]) || named(refs[m.ref].table))) continue;
    // A layer declared in one datum and stored in the other sits their difference off (BD-09
    // declared GCJ-02: tour 12 L29); one declared in the datum tried is tested as any other
    // (the offset of a declaration too many).
    const auto datum_index = [&](const FeatureTable& t) {
      const std::string_view declared = declared_datum(t);
      return declared == datums[0].name ? size_t{0} : declared == datums[1].name ? size_t{1} : size_t{2};
    };
    // The polygons centred on an undeclared point layer may carry the declaration instead
    // (GCJ-02 coverage declared BD-09, h-datum2's leftover): their difference is tried too.
    const size_t own = datum_index(*tables[m.table]), centres_own = refs[m.ref].centres ? datum_index(*refs[m.ref].table) : size_t{2};
    std::vector<std::pair<size_t, size_t>> tries = {{own, 0}, {own, 1}};  // (the datum declared, the datum tried)
    if (own == 2 && centres_own < 2) tries.push_back({centres_own, 1 - centres_own});
    std::optional<Found> best;  // of the two datums, the one whose correction leaves the least (M27)
    for (const auto& attempt : tries) {
      const size_t other = attempt.first, d = attempt.second;
      if (!shifts[d] || (other < 2 && other != d && !shifts[other])) continue;
      const Vec2 shift = other < 2 && other != d ? Vec2{shifts[d]->x - shifts[other]->x, shifts[d]->y - shifts[other]->y} : *shifts[d];
      const auto agrees_elsewhere = [&](Vec2 moved, double fixed) {  // `moved`: the points' move that corrects the layer
        for (size_t r = 0; r < refs.size(); ++r) {
          if (r == m.ref || !measured_pair(*tables[m.table], refs[r])) continue;
          const double as_is = low_quantile_distance(lines[m.table], refs[r], {0, 0}), corrected = low_quantile_distance(lines[m.table], refs[r], moved);
          if (as_is <= fixed && corrected - as_is > k_min_gain_m && k_ratio * corrected > as_is) return true;
        }
        return false;
      };
      const auto loaded_of = [&] {
        if (std::isnan(m.loaded)) m.loaded = low_quantile_distance(lines[m.table], refs[m.ref], {0, 0});
        return m.loaded;
      };
      // A point layer and the polygons centred on its points: either may be the one off.
      const bool may_name_points = m.table < networks || refs[m.ref].centres;
      auto f = check_table(*tables[m.table], lines[m.table], refs[m.ref], loaded_of, shift, datums[d], may_name_points, agrees_elsewhere);
      if (f && (!best || f->fixed < best->fixed)) best = std::move(f);
    }
    if (!best) continue;
    warned[m.table] = true;
    // One warning per layer; of several centre pairs naming it, the one the correction fits best
    // (a water service area is centred on its village's facilities, not on the nearest tower).
    const auto said = std::find_if(out.begin(), out.end(), [&](const Issue& i) { return i.layer == best->issue.layer; });
    if (said == out.end()) {
      blames.push_back(std::move(best->blame));
      out.push_back(std::move(best->issue));
      fits.push_back(refs[m.ref].centres ? best->fixed : k_nan);
    } else if (const size_t k = static_cast<size_t>(said - out.begin()); fits[k] > best->fixed && refs[m.ref].centres) {
      blames[k] = std::move(best->blame);
      *said = std::move(best->issue);
      fits[k] = best->fixed;
    }
  }
  // A declaration named for sitting off an undeclared layer that is itself found off
  // from others: that layer is the one to fix (the declared one is right).
  // (Decided for all before any is moved: a moved-from warning names no layer.)
  std::vector<bool> keep(out.size());
  for (size_t k = 0; k < out.size(); ++k)
    keep[k] = blames[k].empty() || std::none_of(out.begin(), out.end(), [&](const Issue& o) { return o.layer == blames[k]; });
  std::vector<Issue> kept;
  for (size_t k = 0; k < out.size(); ++k)
    if (keep[k]) kept.push_back(std::move(out[k]));
  return kept;
}

}  // namespace jiuyou::indicators
