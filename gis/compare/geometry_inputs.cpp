#include "gis/compare/geometry_inputs.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "gis/compare/compare_report.hpp"
#include "gis/crs/crs.hpp"
#include "gis/io/schema.hpp"
#include "gis/io/shares.hpp"
#include "gis/report/report_text.hpp"

namespace jiuyou::compare {

namespace {

using indicators::ItemKind;

constexpr size_t k_min_shifted = 5;
constexpr double k_min_shift_m = 10.0;

const char* kind_words(GeometryKind k) {
  switch (k) {
    case GeometryKind::point: return "村点";
    case GeometryKind::polygon: return "村界";
    default: return "线";
  }
}

// The year's own warning of a layer in an undeclared datum (likely_gcj02 / likely_bd09), if any.
const Issue* datum_warning(const YearData& y, const std::string& layer) {
  for (const Issue& i : y.result.notes.entries())
    if ((i.code == "likely_gcj02" || i.code == "likely_bd09") && i.layer == layer) return &i;
  return nullptr;
}

const Issue* warning_of(const YearData& y, const std::string& code) {
  for (const Issue& i : y.result.notes.entries())
    if (i.code == code) return &i;
  return nullptr;
}

std::string metres_text(double m) { return report::detail::distance_text(m); }

// The table's features read as the check's warning says they are: an undeclared layer re-read
// in `datum` (GCJ-02 or BD-09: the coordinates taken back to the lon/lat they were read as, then
// converted from the datum), a layer declared in `datum` that is not (a declaration too many,
// tour 12 L19) re-read without it. nullopt for any other declaration (BD-09 declared as GCJ-02)
// or when a conversion fails.
std::optional<FeatureTable> reread_in_datum(const FeatureTable& t, const std::string& datum) {
  const CrsRef named = CrsRef::parse(datum);
  if (t.crs.empty() || t.crs.kind != CrsRef::Kind::proj) return std::nullopt;
  const bool undeclared = t.source_crs.kind != CrsRef::Kind::gcj02 && t.source_crs.kind != CrsRef::Kind::bd09;
  if (!undeclared && t.source_crs.kind != named.kind) return std::nullopt;
  FeatureTable copy = t;
  if (!crs::transform_table(copy, undeclared ? CrsRef::epsg(4326) : named)) return std::nullopt;
  copy.crs = undeclared ? named : CrsRef::epsg(4326);
  if (!crs::transform_table(copy, t.crs)) return std::nullopt;
  return copy;
}

// The median distance the re-reading moved the features (box centres), metres.
double median_move_m(const FeatureTable& before, const FeatureTable& after) {
  std::vector<double> moves;
  for (size_t r = 0; r < before.size() && r < after.size(); ++r) {
    if (before.geometry.is_empty(r) || after.geometry.is_empty(r)) continue;
    const BBox x = before.geometry.feature_bbox(r), y = after.geometry.feature_bbox(r);
    moves.push_back(std::hypot((y.min_x + y.max_x - x.min_x - x.max_x) / 2, (y.min_y + y.max_y - x.min_y - x.max_y) / 2));
  }
  return moves.empty() ? 0 : io::median_of(std::move(moves));
}

// "要素和属性相同" only when they are: the real changes of a shifted layer counted (tour 12 L12).
// `declared`: the datum the warned year declares and its check says it is not (re-read without it, tour 13 M12).
std::string real_changes_text(const LayerDiff* d, const std::string& layer, const std::string& declared = {}) {
  if (d == nullptr)
    return layer == io::target_layer ? "，各村按村代码对应" : "，要素编号两年不一致，未能逐一对应：变化表中的消失、新增多是偏移所致，改正后重新比较才见实地变化";
  const size_t n = d->removed.size() + d->added.size() + d->changed.size();
  const std::string matched = d->datum.empty()  ? ""
                              : declared.empty() ? "，按 " + d->datum + " 换算后两年要素逐一对应"
                                                 : "，不按所声明的 " + declared + " 换算、按原坐标读后两年要素逐一对应";
  if (n == 0) return matched + "，要素和属性相同";
  if (!d->datum.empty())
    return matched + "：" + std::to_string(d->removed.size()) + " 个要素消失、" + std::to_string(d->added.size()) + " 个新增、" + std::to_string(d->changed.size()) +
           " 个属性变化（见变化表，是实地变化），其余要素未变";
  return "；另有 " + std::to_string(d->removed.size()) + " 个要素消失、" + std::to_string(d->added.size()) + " 个新增、" + std::to_string(d->changed.size()) +
         " 个属性变化（见变化表，按实地变化列出）";
}

void note_shifted(const YearData& a, const YearData& b, ShiftedLayer& s, const LayerDiff* diff, std::vector<std::string>& notes) {
  for (const YearData* y : {&b, &a})
    if (const Issue* w = datum_warning(*y, s.layer); w != nullptr && s.year.empty()) {
      s.year = y->label;
      s.datum = w->code == "likely_gcj02" ? "GCJ-02" : "BD-09";
      s.hint = w->hint;
      // A layer the project declares GCJ-02 / BD-09 and the check finds is not: the declaration is the error (tour 13 M12).
      if (const FeatureTable* t = y->ws.layer(s.layer); t != nullptr && (t->source_crs.kind == CrsRef::Kind::gcj02 || t->source_crs.kind == CrsRef::Kind::bd09))
        s.declared = t->source_crs.kind == CrsRef::Kind::gcj02 ? "GCJ-02" : "BD-09";
    }
  const std::string what = layer_zh(s.layer) + "图层";
  std::string text = s.year.empty()
                         ? year_name(a.label) + "与 " + year_name(b.label) + "的" + what + "整体相对偏移约 " + metres_text(s.shift_m) + "（坐标系或纠偏不同" +
                               real_changes_text(diff, s.layer) + "）"
                     : !s.declared.empty()
                         ? year_name(s.year) + "的" + what + "在项目文件中声明为 " + s.declared + "，但该年检查提示坐标并非 " + s.declared +
                               "（声明有误或已纠偏后未删去），两年" + what + "整体偏移约 " + metres_text(s.shift_m) + real_changes_text(diff, s.layer, s.declared)
                         : year_name(s.year) + "的" + what + "可能是 " + s.datum + " 坐标，却没有按 " + s.datum + " 读入（该年检查的提示），两年" + what + "整体偏移约 " +
                               metres_text(s.shift_m) + real_changes_text(diff, s.layer);
  text += "：" + (s.layer == io::target_layer ? std::string("从村的位置量算的指标") : "读" + what + "的指标") + "的距离变化记为“因数据口径变化”，非实地变化，不列为返贫风险或改善";
  if (!s.declared.empty())
    text += "；请按该年检查的提示改正项目文件的 [layers." + s.layer + "]" + (s.hint.empty() ? "（删去 crs = \"" + s.declared + "\"）" : "（" + s.hint + "）") + "后重新比较";
  else if (!s.year.empty())
    text += "；请在该年项目文件的 [layers." + s.layer + "] 中加上 crs = \"" + s.datum + "\" 后重新比较";
  notes.push_back(text);
}

bool measured_from_village(const indicators::Item& item) { return item.kind != ItemKind::attribute; }

// Whether the item (or a child of it) reads `layer` (or a companion layer of it: power_points).
bool reads_layer(const indicators::RuleSet& rules, const indicators::Item& item, const std::string& layer, int depth = 0) {
  if (!item.layer.empty() && (layer == item.layer || layer.rfind(item.layer + "_", 0) == 0)) return true;
  if (depth > 8) return false;
  for (const std::string& c : item.children)
    if (const indicators::Item* ci = rules.item(c); ci != nullptr && reads_layer(rules, *ci, layer, depth + 1)) return true;
  return false;
}

// Whether last year's nearest qualifying feature was removed or changed (a change on the ground).
bool nearest_changed(const YearData& a, const Comparison& cmp, const indicators::ItemResult& ca, const indicators::Item& ia) {
  if (ca.nearest_fid < 0) return false;
  const std::string layer = ca.nearest_layer >= 0 && static_cast<size_t>(ca.nearest_layer) < a.result.evidence_layers.size()
                                ? a.result.evidence_layers[static_cast<size_t>(ca.nearest_layer)]
                                : ia.layer;
  for (const LayerDiff& d : cmp.layers)
    if (d.layer == layer) {
      const int row = d.a_row_of_fid(ca.nearest_fid);
      return row < 0 || d.change_of_a(row) != nullptr;
    }
  return false;
}

std::string measure_text(const indicators::ItemResult& ca, const indicators::ItemResult& cb) {
  if (!std::isnan(ca.distance_m) && !std::isnan(cb.distance_m))
    return "最近合格距离 " + metres_text(ca.distance_m) + " → " + metres_text(cb.distance_m);
  if (!std::isnan(ca.share) && !std::isnan(cb.share))
    return "覆盖比例 " + std::to_string(std::lround(ca.share * 100)) + "% → " + std::to_string(std::lround(cb.share * 100)) + "%";
  return "量算结果不同";
}

// Why the item's change is the data's, "" when it is not.
std::string geometry_reason(const GeometryInputs& g, const indicators::RuleSet& rules, const indicators::Item& ib) {
  if (!measured_from_village(ib)) return {};
  if (g.kind_changed) return g.kind_text + "，距离从不同的位置量算";
  for (const ShiftedLayer& s : g.shifted)
    if (s.layer == io::target_layer || reads_layer(rules, ib, s.layer))
      return (s.year.empty() ? std::string() : year_name(s.year) + "的") + layer_zh(s.layer) + "图层" +
             (s.datum.empty()        ? std::string("坐标与另一年整体偏移")
              : !s.declared.empty() ? "声明的 " + s.declared + " 坐标系有误，整体偏移"
                                    : "可能是 " + s.datum + " 坐标却没有按其读入，整体偏移") +
             "约 " + metres_text(s.shift_m);
  return {};
}

size_t item_index(const indicators::RuleSet& rules, const std::string& id) {
  for (size_t k = 0; k < rules.items.size(); ++k)
    if (rules.items[k].id == id) return k;
  return rules.items.size();
}

bool same_threshold(double x, double y) { return (std::isnan(x) && std::isnan(y)) || x == y; }

// A composite item (all_of, any_of) of a merged, split or redrawn village whose
// children that changed are all distances to last year's nearest feature, still
// there unchanged under the same thresholds: the distance moved with the
// village's shape (tour 11 K27). The cause names the child and the feature; "" otherwise.
std::string composite_moved_by_shape(const YearData& a, const YearData& b, const Comparison& cmp, const indicators::Item& ib, size_t ar, size_t br) {
  if (ib.kind != ItemKind::all_of && ib.kind != ItemKind::any_of) return {};
  std::string said;
  for (const std::string& id : ib.children) {
    const size_t ka = item_index(a.result.rules, id), kb = item_index(b.result.rules, id);
    if (ka >= a.result.rules.items.size() || kb >= b.result.rules.items.size()) return {};
    const auto& ca = a.result.cell(ar, ka);
    const auto& cb = b.result.cell(br, kb);
    if (ca.outcome == cb.outcome) continue;
    const indicators::Item& ia = a.result.rules.items[ka];
    const indicators::Item& ic = b.result.rules.items[kb];
    const bool distance = ic.kind == ItemKind::facility || ic.kind == ItemKind::network_access || ic.kind == ItemKind::water_convenience;
    if (!distance || ca.outcome == indicators::Outcome::unknown || cb.outcome == indicators::Outcome::unknown || ca.nearest_fid < 0 ||
        std::isnan(ca.distance_m) || std::isnan(cb.distance_m) || !same_threshold(ia.max_distance_m, ic.max_distance_m) ||
        !same_threshold(ia.max_vertical_m, ic.max_vertical_m) || nearest_changed(a, cmp, ca, ia))
      return {};
    bool diffed = false;
    for (const LayerDiff& d : cmp.layers) diffed = diffed || d.layer == ia.layer;
    if (!diffed) return {};
    said += (said.empty() ? "" : "；") + ic.name_zh + " 最近合格距离 " + metres_text(ca.distance_m) + " → " + metres_text(cb.distance_m) + "（去年最近的" +
            layer_zh(ia.layer) + "要素 " + std::to_string(ca.nearest_fid) + " 仍在且属性未变）";
  }
  return said;
}

bool moved(Transition t) {
  return t == Transition::regressed || t == Transition::improved || t == Transition::still_fail_worse || t == Transition::still_fail_better;
}

// Composite items of a merged, split or redrawn village moved only by its new shape: by_input, for the office to confirm.
void discount_reshaped_composites(const YearData& a, const YearData& b, const Comparison& cmp, VillageTransition& vt, size_t ar, size_t br) {
  const VillageMatch& m = cmp.match.pairs[vt.pair];
  std::string boundary;
  for (size_t i = 0; i < cmp.items.size() && i < vt.items.size(); ++i) {
    ItemTransition& t = vt.items[i];
    if (!moved(t.transition)) continue;
    if (boundary.empty()) boundary = boundary_change(a, b, cmp, m);
    if (boundary.empty()) return;  // matched by code, the same extent: a change on the ground
    const std::string said = composite_moved_by_shape(a, b, cmp, b.result.rules.items[cmp.items[i].b_index], ar, br);
    if (said.empty()) continue;
    t.transition = Transition::by_input;
    t.ask_township = true;
    t.cause = boundary + "按新村范围量算，" + said + "：距离变化来自拆分、合并或范围调整，非实地变化；请乡镇核实本村村民现在就近使用的设施";
  }
}

// A layer one year's check (not the other's) found in an undeclared datum: the distance
// between the centres of the two years' extents of it (the datum's offset, a few hundred
// metres), or none.
std::optional<double> warned_shift_m(const YearData& a, const YearData& b, const std::string& layer) {
  if ((datum_warning(a, layer) == nullptr) == (datum_warning(b, layer) == nullptr)) return std::nullopt;
  const FeatureTable *ta = a.ws.layer(layer), *tb = b.ws.layer(layer);
  if (ta == nullptr || tb == nullptr || ta->size() < k_min_shifted || tb->size() < k_min_shifted) return std::nullopt;
  const BBox x = ta->geometry.bbox(), y = tb->geometry.bbox();
  const double m = std::hypot((y.min_x + y.max_x - x.min_x - x.max_x) / 2, (y.min_y + y.max_y - x.min_y - x.max_y) / 2);
  if (!(m >= k_min_shift_m)) return std::nullopt;
  return m;
}

// The villages matched by code whose box centres all moved by about one vector between the
// years (most of them, at least 5, by more than 10 m): a datum read differently one year,
// not a redrawing (which moves some villages, each its own way). The median shift, or none.
std::optional<double> villages_shift_m(const YearData& a, const YearData& b) {
  const FeatureTable &va = a.villages(), &vb = b.villages();
  const Column *ca = va.column("code"), *cb = vb.column("code");
  if (ca == nullptr || cb == nullptr || va.geometry.kind != vb.geometry.kind) return std::nullopt;
  std::unordered_map<std::string, size_t> rows_b;
  for (size_t r = 0; r < vb.size(); ++r)
    if (!cb->is_null(r) && !vb.geometry.is_empty(r)) rows_b.emplace(cb->as_text(r), r);
  const auto centre = [](const FeatureTable& t, size_t r) {
    const BBox x = t.geometry.feature_bbox(r);
    return Vec2{(x.min_x + x.max_x) / 2, (x.min_y + x.max_y) / 2};
  };
  std::vector<Vec2> moves;
  for (size_t r = 0; r < va.size(); ++r)
    if (!ca->is_null(r) && !va.geometry.is_empty(r))
      if (const auto it = rows_b.find(ca->as_text(r)); it != rows_b.end()) {
        const Vec2 p = centre(va, r), q = centre(vb, it->second);
        moves.push_back({q.x - p.x, q.y - p.y});
      }
  if (moves.size() < k_min_shifted) return std::nullopt;
  const auto median = [&](double Vec2::*c) {
    std::vector<double> v;
    for (const Vec2& m : moves) v.push_back(m.*c);
    return io::median_of(std::move(v));
  };
  const Vec2 mid{median(&Vec2::x), median(&Vec2::y)};
  const double shift = std::hypot(mid.x, mid.y), tolerance = std::max(k_min_shift_m, 0.15 * shift);
  if (shift < k_min_shift_m) return std::nullopt;
  size_t along = 0;
  for (const Vec2& m : moves) along += std::hypot(m.x - mid.x, m.y - mid.y) <= tolerance;
  if (along < k_min_shifted || along * 2 < moves.size()) return std::nullopt;
  return shift;
}

}  // namespace

LayerDiff diff_layer_in_datum(const YearData& a, const YearData& b, const FeatureTable& la, const FeatureTable& lb, const DiffOptions& options) {
  const Issue *wa = datum_warning(a, la.name), *wb = datum_warning(b, la.name);
  if ((wa == nullptr) == (wb == nullptr)) return diff_layer(la, lb, options);
  const std::string datum = (wa != nullptr ? wa : wb)->code == "likely_bd09" ? "BD-09" : "GCJ-02";
  const FeatureTable& warned = wa != nullptr ? la : lb;
  const std::optional<FeatureTable> reread = reread_in_datum(warned, datum);
  if (!reread) return diff_layer(la, lb, options);
  LayerDiff d = wa != nullptr ? diff_layer(*reread, lb, options) : diff_layer(la, *reread, options);
  d.datum = datum;
  d.shifted = 0;
  for (const int r : d.a_to_b) d.shifted += r >= 0 ? 1 : 0;
  d.shift_m = median_move_m(warned, *reread);
  return d;
}

GeometryInputs geometry_inputs(const YearData& a, const YearData& b, const std::vector<LayerDiff>& layers) {
  GeometryInputs g;
  if (!a.has_features || !b.has_features) return g;
  const GeometryKind ka = a.villages().geometry.kind, kb = b.villages().geometry.kind;
  if (ka != kb && (ka == GeometryKind::point || kb == GeometryKind::point)) {
    g.kind_changed = true;
    g.kind_text = year_name(b.label) + "的村是" + kind_words(kb) + "、" + year_name(a.label) + "是" + kind_words(ka);
    std::string text = g.kind_text + "：距离口径不同（村点量到点，村界量到范围），从村的位置量算的指标（道路、电力、供水、宽带、公共服务设施等）的变化记为“因数据口径变化”，非实地变化";
    for (const YearData* y : {&a, &b})
      if (const Issue* w = warning_of(*y, "points_for_polygons"); w != nullptr) text += "；" + year_name(y->label) + "检查的提示：" + w->message;
    g.notes.push_back(text + "。请两年用同一种村图层（最好都用村界）后重新比较");
  }
  for (const LayerDiff& d : layers) {
    const size_t n = d.a_to_b.size();
    if (d.shifted < k_min_shifted || d.shift_m < k_min_shift_m || d.shifted * 2 < n) {
      // Not matched by FID (a feature removed renumbers a shapefile's FIDs) but one year's
      // check warned of the layer's datum: shifted all the same (tour 12 L12, facilities).
      if (const auto m = warned_shift_m(a, b, d.layer)) {
        ShiftedLayer s{d.layer, *m, {}, {}, {}, {}};
        note_shifted(a, b, s, nullptr, g.notes);
        g.shifted.push_back(std::move(s));
      }
      continue;
    }
    ShiftedLayer s{d.layer, d.shift_m, {}, {}, {}, {}};
    note_shifted(a, b, s, &d, g.notes);
    g.shifted.push_back(std::move(s));
  }
  if (!g.kind_changed)
    if (const auto m = villages_shift_m(a, b)) {  // the villages themselves in another datum one year (tour 12 L4)
      ShiftedLayer s{io::target_layer, *m, {}, {}, {}, {}};
      note_shifted(a, b, s, nullptr, g.notes);
      g.shifted.push_back(std::move(s));
    }
  return g;
}

void discount_geometry_changes(const YearData& a, const YearData& b, const GeometryInputs& g, const Comparison& cmp, VillageTransition& vt) {
  const VillageMatch& m = cmp.match.pairs[vt.pair];
  if (m.a_row < 0 || m.b_row < 0 || !a.has_features || !b.has_features) return;
  const auto ar = static_cast<size_t>(m.a_row), br = static_cast<size_t>(m.b_row);
  discount_reshaped_composites(a, b, cmp, vt, ar, br);
  if (!g.kind_changed && g.shifted.empty()) return;
  for (size_t i = 0; i < cmp.items.size() && i < vt.items.size(); ++i) {
    ItemTransition& t = vt.items[i];
    if (!moved(t.transition)) continue;
    const indicators::Item& ia = a.result.rules.items[cmp.items[i].a_index];
    const indicators::Item& ib = b.result.rules.items[cmp.items[i].b_index];
    const std::string reason = geometry_reason(g, b.result.rules, ib);
    const auto& ca = a.result.cell(ar, cmp.items[i].a_index);
    if (reason.empty()) continue;
    const bool changed = nearest_changed(a, cmp, ca, ia);
    if (changed && g.kind_changed) continue;  // villages points one year: a change on the ground stays one
    const std::string measured = measure_text(ca, b.result.cell(br, cmp.items[i].b_index));
    t.transition = Transition::by_input;
    if (changed) {
      // A shifted layer with a real change mixed in: the distance is measured on the shifted
      // layer either way, so it says nothing until the datum is fixed; the change is still
      // named (and listed in the layer's change table) (tour 12 L12).
      t.cause = reason + "：" + measured + "，在整体偏移的图层上量算，不能据此判断；去年最近的" + layer_zh(ia.layer) + "要素 " + std::to_string(ca.nearest_fid) +
                " 本年已变化或未按编号找到（见变化表）：请按提示改正坐标系后重新比较，再看这一变化是否影响本村";
      continue;
    }
    t.cause = reason + "：" + measured + "，来自数据的给法，非实地变化" +
              (ca.nearest_fid >= 0 ? "（去年最近的" + layer_zh(ia.layer) + "要素 " + std::to_string(ca.nearest_fid) + " 仍在且属性未变）" : std::string());
  }
}

}  // namespace jiuyou::compare
