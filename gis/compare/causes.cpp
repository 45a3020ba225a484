// What changed on the ground behind a changed verdict, in plain Chinese: the
// attribute that fell, or the nearest qualifying feature of the earlier year
// gone or changed (and, for an improvement, the feature that is new), with
// the other changes of the item's layer within the item's reach (reach.hpp).
#include <algorithm>
#include <cmath>
#include <optional>
#include <utility>

#include "gis/compare/compare_report.hpp"
#include "gis/compare/reach.hpp"
#include "gis/compare/transitions.hpp"
#include "gis/indicators/expression.hpp"
#include "gis/io/schema.hpp"
#include "gis/report/labels.hpp"
#include "gis/report/report_text.hpp"

namespace jiuyou::compare {

namespace {

using indicators::Item;
using indicators::ItemKind;
using indicators::ItemResult;
using indicators::Outcome;

bool ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }

bool mentions(std::string_view expression, std::string_view field) {
  for (size_t at = expression.find(field); at != std::string_view::npos; at = expression.find(field, at + 1)) {
    const bool left = at == 0 || !ident_char(expression[at - 1]);
    const bool right = at + field.size() == expression.size() || !ident_char(expression[at + field.size()]);
    if (left && right) return true;
  }
  return false;
}

std::string value_in_unit(const Column& c, size_t row) {
  if (c.is_null(row)) return "空";
  const report::FieldLabel* l = report::field_label(c.name());
  if (l != nullptr && c.is_numeric()) return report::value_text(*c.number(row), l->unit);
  return report::kind_label(c.as_text(row));
}

// "村集体经济收入 6.97 万元 → 3.14 万元" per field the expression reads whose value differs; empty when none does.
std::string attribute_changes(const YearData& a, const YearData& b, size_t ar, size_t br, const std::string& expression) {
  std::string out;
  for (const Column& ca : a.villages().columns) {
    const Column* cb = b.villages().column(ca.name());
    if (cb == nullptr || !mentions(expression, ca.name())) continue;
    const std::string before = value_in_unit(ca, ar), after = value_in_unit(*cb, br);
    if (before == after) continue;
    out += (out.empty() ? "" : "；") + report::label_of(ca.name()) + " " + before + " → " + after;
  }
  return out;
}

// "全县平均人均可支配收入增幅 9.4% → 151%（本村 9.45% 未变）" per county aggregate the expression reads whose value
// moved while the village's own fields did not (tour 11 K28): the other villages' figures moved the line. A share
// whose move hides in one decimal of a percent is said with two. The expression and its aggregates are parsed and
// bound once per comparison (`cache`), not per village (issue #15).
std::string aggregate_changes(const YearData& a, const YearData& b, size_t ar, size_t br, const std::string& expression, AggregateCache& cache) {
  std::string out;
  const indicators::Expression* parsed = cache.parsed(expression);
  if (parsed == nullptr) return out;
  for (const auto& aggregate : parsed->aggregates()) {  // the parsed calls, not the text searched (review, tour 12)
    const std::string& field = aggregate.field;
    const std::string call = aggregate.call();
    const double before = cache.value(a.villages(), ar, call), after = cache.value(b.villages(), br, call);
    if (!std::isfinite(before) || !std::isfinite(after) || before == after) continue;
    const report::FieldLabel* l = report::field_label(field);
    const report::Unit unit = l != nullptr ? l->unit : report::Unit::none;
    const bool fine = unit == report::Unit::share && report::value_text(before, unit) == report::value_text(after, unit);
    const auto text = [unit, fine](double v) { return fine ? report::detail::percent_text(v, 2) : report::value_text(v, unit); };
    const Column* own = b.villages().column(field);
    const auto mine = own != nullptr ? own->number(br) : std::nullopt;
    out += (out.empty() ? "" : "；") + report::expression_zh(call) + " " + text(before) + " → " + text(after) + (mine ? "（本村 " + text(*mine) + " 未变）" : "");
  }
  return out;
}

std::string attribute_cause(const YearData& a, const YearData& b, size_t ar, size_t br, const std::string& expression, AggregateCache& cache) {
  const std::string out = attribute_changes(a, b, ar, br, expression);
  if (!out.empty()) return out;
  const std::string county = aggregate_changes(a, b, ar, br, expression, cache);
  return county.empty() ? "所用数据未变（标准或阈值有变化）" : county;
}

const LayerDiff* diff_of(const Comparison& cmp, const std::string& layer) {
  for (const auto& d : cmp.layers)
    if (d.layer == layer) return &d;
  return nullptr;
}

// The layers' names in users' words (a layer not listed is named as it is).
constexpr std::pair<std::string_view, std::string_view> k_layer_words[] = {
    {"roads", "道路"},          {"water", "供水管网"},        {"water_plants", "水厂"},       {"water_areas", "供水范围"},
    {"power", "电力线路"},      {"power_points", "变电设施"}, {"broadband", "宽带覆盖"},     {"broadband_towers", "通信基站"},
    {"broadband_fiber", "光纤"}, {"facilities", "公共服务设施"}, {"hazards", "地质灾害隐患区"}, {"protected", "保护区"},
    {"townships", "乡镇界"},    {"county", "县界"},
};

// The layers whose polygons lie on the ground (a hazard area, a reserve): a new one
// over a lost feature may have cut it. A redrawn administrative boundary (乡镇界
// after a merge) covers nothing (tour 11 K15).
constexpr std::string_view k_covering_layers[] = {"hazards", "protected"};
bool covers_ground(const std::string& layer) {
  return std::find(std::begin(k_covering_layers), std::end(k_covering_layers), layer) != std::end(k_covering_layers);
}


std::string noun(const Item& item) { return item.noun_zh.empty() ? "合格设施" : item.noun_zh; }

std::string value_words(const std::string& v) {
  if (v.empty()) return "空";
  if (v == "true") return "是";
  if (v == "false") return "否";
  return report::kind_label(v);
}

// The name of the village whose code is `code` in year `y` ("" when none has it).
std::string village_name_of(const YearData& y, const std::string& code) {
  const Column* c = y.villages().column("code");
  if (c == nullptr || code.empty()) return {};
  for (size_t r = 0; r < y.villages().size(); ++r)
    if (!c->is_null(r) && c->as_text(r) == code) {
      const std::string name = village_field(y, "name", static_cast<int>(r));
      return name.empty() ? code : name;
    }
  return {};
}

struct FieldsText {
  std::string text;
  bool relink_only = true;  // only the village the feature belongs to changed (a merge), nothing on the ground
};

// The fields that changed, in words. A field the report has words for, with
// its values (a change the words would hide, "1" and "1.0" both read 1, is
// given as stored, never "x → x"); a link to a village by the villages' names
// (所属村 A村 → B村: relinked, as after a merge); a field with no words in
// users' language is left out (no program identifiers in users' documents).
FieldsText fields_text(const YearData& a, const YearData& b, const std::vector<FieldChange>& fields) {
  FieldsText out;
  for (const auto& f : fields) {
    std::string part;
    if (report::field_label(f.field) != nullptr) {
      std::string before = value_words(f.before), after = value_words(f.after);
      if (before == after) {
        before = f.before.empty() ? "空" : f.before;
        after = f.after.empty() ? "空" : f.after;
      }
      part = report::label_of(f.field) + " " + before + " → " + after;
      out.relink_only = false;
    } else {
      const std::string was = village_name_of(a, f.before), is = village_name_of(b, f.after);
      if (was.empty() || is.empty()) {
        out.relink_only = false;
        continue;
      }
      part = was == is ? "所属村 " + was + "（" + f.before + " → " + f.after + "）" : "所属村 " + was + " → " + is;
    }
    out.text += (out.text.empty() ? "" : "，") + part;
  }
  if (out.text.empty()) out.text = "其他属性有变化";
  return out;
}

std::string layer_of(const YearData& y, const ItemResult& c, const Item& item) {
  return c.nearest_layer >= 0 && static_cast<size_t>(c.nearest_layer) < y.result.evidence_layers.size()
             ? y.result.evidence_layers[static_cast<size_t>(c.nearest_layer)]
             : item.layer;
}

// The village's piece of network in the later year (reach.hpp): for an item
// that needs the trunk, when last year's nearest feature is still there.
struct Piece {
  std::string layer;
  const FeatureTable* b = nullptr;
  std::vector<size_t> rows;
  BBox box;  // of the rows: a feature away from it touches none of them
  double tolerance_m = 1.0;
};

// `pieces` keeps the later year's topologies from one regression to the next (null: built for this one).
Piece piece_of(const YearData& b, const LayerDiff& d, int a_row, const Item& item, NetworkPieces* pieces) {
  Piece p;
  const FeatureTable* t = b.ws.layer(d.layer);
  const int b_row = a_row >= 0 && static_cast<size_t>(a_row) < d.a_to_b.size() ? d.a_to_b[static_cast<size_t>(a_row)] : -1;
  if (!reach_of(item).along_network || t == nullptr || b_row < 0) return p;
  p.layer = d.layer;
  p.b = t;
  p.rows = pieces != nullptr ? pieces->piece(*t, static_cast<size_t>(b_row), item) : network_piece(*t, static_cast<size_t>(b_row), item);
  for (const size_t r : p.rows)
    if (!t->geometry.is_empty(r)) p.box.expand(t->geometry.feature_bbox(r));
  p.tolerance_m = item.tolerance_m;
  return p;
}

// Where the causes were looked for, in words: "本村 500 m 内及本村所在路网上".
std::string reach_words(const ItemReach& r) {
  const std::string base = r.radius_m >= 0 ? "本村 " + report::detail::distance_text(r.radius_m) + " 内" : std::string("本村自有");
  return r.along_network ? base + "及本村所在路网上" : base;
}

std::string at_distance(double m) { return m == 0 ? std::string("本村范围内的") : "距本村 " + report::detail::distance_text(m) + " 的"; }

bool is_item_layer(const Item& item, const std::string& layer) { return layer == item.layer || layer.rfind(item.layer + "_", 0) == 0; }

// Whether feature `row` of `t` is one the item counts (its filter, or the
// served or tower filter, whichever reads the layer); nullopt when none does.
std::optional<bool> qualifies(const FeatureTable& t, size_t row, const Item& item, AggregateCache& cache) {
  bool read = false;
  if (!item.exclude_filter.empty())
    if (const indicators::Expression* x = cache.bound(t, item.exclude_filter, true); x != nullptr && x->test(row) == indicators::Truth::yes) return false;
  for (const std::string* f : {&item.filter, &item.served_filter, &item.tower_filter}) {
    if (f->empty()) continue;
    const indicators::Expression* e = cache.bound(t, *f, true);
    if (e == nullptr) continue;
    read = true;
    if (e->test(row) == indicators::Truth::yes) return true;
  }
  if (!read) return item.filter.empty() ? std::optional<bool>(true) : std::nullopt;
  return false;
}

// A change on the ground that can explain a fall: a feature removed or no
// longer qualifying, first; then other changes of features that still qualify
// (a realigned road). What the item never counted, or counts only now (an
// improvement), explains no fall and is not offered.
struct Loss {
  int rank = 0;  // 0: removed or no longer qualifying; 1: otherwise changed
  double distance = 0;
  std::string text;
  const FeatureTable* table = nullptr;  // the earlier year's layer
  size_t row = 0;
};

std::optional<int> loss_rank(const FeatureTable& ta, const FeatureTable* tb, const FeatureChange& c, const Item& item, AggregateCache& cache) {
  const std::optional<bool> before = qualifies(ta, static_cast<size_t>(c.a_row), item, cache);
  if (before == false) return std::nullopt;
  if (c.b_row < 0 || tb == nullptr) return 0;
  const std::optional<bool> after = qualifies(*tb, static_cast<size_t>(c.b_row), item, cache);
  if (after == false) return 0;
  return before.has_value() && after.has_value() ? std::optional<int>(1) : std::optional<int>(0);
}

// Where a feature within the item's distance can lie: the village's point and
// polygon widened by that distance (a feature inside the polygon is at 0).
// nullopt when no box bounds it: the village's own features (any distance),
// a feature's own radius, a village without a point.
std::optional<BBox> reach_box(const ItemReach& r, const VillageAt& v) {
  if (r.radius_m < 0 || r.feature_radius || std::isnan(v.point.x)) return std::nullopt;
  BBox box;
  box.expand(v.point.x, v.point.y);
  if (v.villages != nullptr && !v.villages->geometry.is_empty(v.row)) box.expand(v.villages->geometry.feature_bbox(v.row));
  return box.inflated(r.radius_m + 1e-6);
}

// The losses of the item's layer and its companions (water: water_plants,
// water_areas) within the rule set's distance of the village, or its own, or
// touching its piece of network (reach.hpp); removals and downgrades first,
// then the nearest.
std::vector<Loss> losses_around(const YearData& a, const YearData& b, const Comparison& cmp, const Item& item, const VillageAt& v,
                                const Piece& piece, NetworkPieces* pieces, AggregateCache& cache) {
  const ItemReach reach = reach_of(item);
  const std::optional<BBox> near = reach_box(reach, v);
  const double piece_tol = std::max(piece.tolerance_m, 0.0) + 1e-6;
  std::vector<Loss> out;
  for (const LayerDiff& d : cmp.layers) {
    if (!is_item_layer(item, d.layer)) continue;
    const FeatureTable* t = a.ws.layer(d.layer);
    if (t == nullptr) continue;
    const bool own_piece = piece.b != nullptr && d.layer == piece.layer && !piece.rows.empty();
    std::vector<BBox> local;  // without the comparison's pieces, the boxes for this regression alone
    const std::vector<BBox>& boxes = pieces != nullptr ? pieces->change_boxes(d, *t) : (local = change_boxes(d, *t));
    size_t k = 0;
    for (const auto* list : {&d.removed, &d.changed})
      for (const FeatureChange& c : *list) {
        const auto row = static_cast<size_t>(c.a_row);
        // a change beyond the reach's box and the piece's box is neither (each change measured for each regression was O(n^2))
        const BBox& fb = boxes[k++];
        const bool near_piece = own_piece && piece.box.intersects(fb.inflated(piece_tol));
        if (near && !near->intersects(fb) && !near_piece) continue;
        const double dist = village_distance(v, *t, row);
        const bool on_piece = near_piece && touches_piece(*t, row, *piece.b, piece.rows, piece.tolerance_m);
        if (!on_piece && !within_radius(reach, v, *t, row, dist)) continue;
        const std::optional<int> rank = loss_rank(*t, b.ws.layer(d.layer), c, item, cache);
        if (!rank) continue;
        out.push_back({*rank, dist,
                       at_distance(dist) + layer_zh(d.layer) + "要素 " + std::to_string(t->fid[row]) +
                           (c.b_row < 0 ? " 已不存在" : "：" + fields_text(a, b, c.fields).text) + (on_piece ? "（与本村所在路网相连）" : ""),
                       t, row});
      }
  }
  std::sort(out.begin(), out.end(), [](const Loss& x, const Loss& y) { return x.rank != y.rank ? x.rank < y.rank : x.distance < y.distance; });
  return out;
}

// What a new feature of another layer is, in words: "地质灾害隐患区（滑坡，要素 45）".
std::string new_feature_words(const LayerDiff& d, const FeatureTable& t, size_t row) {
  const Column* kind = t.column("kind");
  const std::string k = kind != nullptr && !kind->is_null(row) ? report::kind_label(kind->as_text(row)) + "，" : std::string();
  return layer_zh(d.layer) + "（" + k + "要素 " + std::to_string(t.fid[row]) + "）";
}

// New polygons of other layers (a hazard area) over the features lost, or over
// last year's nearest qualifying point: the change on the ground that cut the
// village off, said before anything else.
std::string new_hazards(const YearData& b, const Comparison& cmp, const Item& item, const ItemResult& ca, const std::vector<Loss>& losses,
                        size_t shown) {
  constexpr double k_over_m = 50.0;
  std::string s;
  for (const auto& d : cmp.layers) {
    const FeatureTable* t = b.ws.layer(d.layer);
    if (is_item_layer(item, d.layer) || !covers_ground(d.layer) || t == nullptr || t->geometry.kind != GeometryKind::polygon) continue;
    for (const auto& c : d.added) {
      const auto row = static_cast<size_t>(c.b_row);
      std::string over;
      for (size_t k = 0; k < losses.size() && k < shown && over.empty(); ++k)
        if (losses[k].rank == 0 && features_near(*losses[k].table, losses[k].row, *t, row, k_over_m))
          over = layer_zh(item.layer) + "要素 " + std::to_string(losses[k].table->fid[losses[k].row]);
      if (over.empty() && !std::isnan(ca.to.x) && point_feature_distance(t->geometry, row, ca.to.x, ca.to.y) <= k_over_m)
        over = "去年最近的" + noun(item) + "处";
      if (!over.empty()) s += (s.empty() ? "" : "；") + std::string("新增") + new_feature_words(d, *t, row) + "压占" + over;
    }
  }
  return s;
}

// The losses, at most three, after the reach they were looked for in.
std::string losses_text(const std::vector<Loss>& losses, const Item& item) {
  if (losses.empty()) return {};
  std::string s = reach_words(reach_of(item)) + "同类设施的变化：";
  for (size_t k = 0; k < losses.size() && k < 3; ++k) s += (k ? "；" : "") + losses[k].text;
  return s;
}

void append(std::string& s, const std::string& part);

// What fell on the ground, leading: new hazards over what was lost, the
// earlier year's nearest qualifying feature gone or changed, or the removals
// and downgrades within the item's reach; "still there" comes last.
std::string lost_feature(const YearData& a, const YearData& b, const Comparison& cmp, const ItemResult& ca, const Item& item, const VillageAt& v,
                         NetworkPieces* pieces, AggregateCache& cache) {
  constexpr size_t k_shown = 3;
  std::vector<Loss> losses;
  std::string nearest, still;
  const std::string layer = layer_of(a, ca, item);
  const FeatureTable* t = a.ws.layer(layer);
  const LayerDiff* d = diff_of(cmp, layer);
  const int row = ca.nearest_fid >= 0 && t != nullptr && d != nullptr ? d->a_row_of_fid(ca.nearest_fid) : -1;
  const FeatureChange* ch = row >= 0 ? d->change_of_a(row) : nullptr;
  if (row >= 0) {
    const std::string what = "去年最近的" + noun(item) + "（" + layer_zh(layer) + "图层要素 " + std::to_string(ca.nearest_fid) +
                             (ca.distance_m == 0 ? std::string("，在本村范围内") : "，距本村 " + report::detail::distance_text(ca.distance_m)) + "）";
    if (ch == nullptr) still = what + "仍在且属性未变";
    else if (ch->b_row < 0) nearest = what + "已不存在";
    else nearest = what + "已变化：" + fields_text(a, b, ch->fields).text;
    if (ch != nullptr) losses.push_back({0, ca.distance_m, nearest, t, static_cast<size_t>(row)});
  }
  if (ca.nearest_fid < 0 || (row >= 0 && ch == nullptr))
    losses = losses_around(a, b, cmp, item, v, row >= 0 ? piece_of(b, *d, row, item, pieces) : Piece{}, pieces, cache);
  std::string s = new_hazards(b, cmp, item, ca, losses, k_shown);
  append(s, nearest.empty() ? losses_text(losses, item) : nearest);
  append(s, still);
  return s;
}

// The later year's nearest qualifying feature, when it is new or changed; a
// feature only relinked to the village (a merge) is no improvement on the ground.
std::string gained_feature(const YearData& a, const YearData& b, const Comparison& cmp, const ItemResult& cb, const Item& item) {
  if (cb.nearest_fid < 0) return {};
  const std::string layer = layer_of(b, cb, item);
  const FeatureTable* t = b.ws.layer(layer);
  const LayerDiff* d = diff_of(cmp, layer);
  const int row = t != nullptr && d != nullptr ? d->b_row_of_fid(cb.nearest_fid) : -1;
  const FeatureChange* c = row >= 0 ? d->change_of_b(row) : nullptr;
  if (c == nullptr) return {};
  const std::string what = noun(item) + "（" + layer_zh(layer) + "图层要素 " + std::to_string(cb.nearest_fid) + "）";
  if (c->a_row < 0) return "新建" + what;
  const FieldsText f = fields_text(a, b, c->fields);
  return f.relink_only ? what + "改属本村（" + f.text + "），设施本身未变" : what + "改善：" + f.text;
}

void append(std::string& s, const std::string& part) {
  if (!part.empty()) s += (s.empty() ? "" : "；") + part;
}

std::string threshold_text(double v) { return v < 0 ? std::string("不限") : report::detail::distance_text(v); }

// What the check measured, and the rule's thresholds, before and after: only
// what differs ("2.5 km → 2.5 km" says nothing). When nothing measured
// differs, the measure is said as unchanged with the check's own evidence, so
// that the change is read in the feature causes before it.
std::string measure_change(const ItemResult& ca, const ItemResult& cb, const Item& ia, const Item& ib) {
  std::string s;
  const auto pair = [&s](const std::string& what, const std::string& before, const std::string& after) {
    if (before != after) append(s, what + " " + before + " → " + after);
  };
  const auto distance_or_none = [](double m) { return std::isnan(m) ? std::string("无") : report::detail::distance_text(m); };
  if (ib.kind == ItemKind::coverage) {
    pair("覆盖比例", report::detail::percent_text(ca.share), report::detail::percent_text(cb.share));
    pair("标准的覆盖比例", report::detail::percent_text(ia.min_share), report::detail::percent_text(ib.min_share));
    pair("标准的基站覆盖半径", threshold_text(ia.tower_radius_m), threshold_text(ib.tower_radius_m));
  } else if (!std::isnan(ca.distance_m) || !std::isnan(cb.distance_m)) {
    pair("最近合格距离", distance_or_none(ca.distance_m), distance_or_none(cb.distance_m));
  }
  pair("标准的最远距离", threshold_text(ia.max_distance_m), threshold_text(ib.max_distance_m));
  if (ib.kind == ItemKind::water_convenience) {
    if (!std::isnan(ca.value) || !std::isnan(cb.value)) pair("取水高差", distance_or_none(ca.value), distance_or_none(cb.value));
    pair("标准的最大高差", threshold_text(ia.max_vertical_m), threshold_text(ib.max_vertical_m));
  }
  if (!s.empty() || ca.outcome == cb.outcome) return s;
  const std::string same = ib.kind == ItemKind::coverage ? "覆盖比例仍为 " + report::detail::percent_text(cb.share)
                           : std::isnan(cb.distance_m) ? std::string()
                                                       : "最近合格距离仍为 " + report::detail::distance_text(cb.distance_m);
  if (!cb.note.empty() && cb.note != ca.note) return same + (same.empty() ? "" : "，") + "核查依据：" + report::fields_in_words(ca.note) + " → " + report::fields_in_words(cb.note);
  return same.empty() ? same : same + "（变化在上述要素的属性或范围）";
}

// The year's check found the item's network broken by ends that nearly meet (network_loose_ends): a connectivity
// change may come from the drawing, not the ground (tour 18 y7: 79 返贫 alerts from an unsnapped road layer).
std::string loose_ends_caveat(const YearData& a, const YearData& b, const Item& item) {
  std::string years;
  for (const YearData* y : {&a, &b})
    for (const Issue& i : y->result.notes.entries())
      if (i.code == "network_loose_ends" && i.layer == item.layer) {
        years += (years.empty() ? "" : "、") + year_name(y->label);
        break;
      }
  if (years.empty()) return {};
  return years + "的" + layer_zh(item.layer) + "图层有许多端点没有接上（见提示），连通的变化可能来自图层的绘制而非实地，请先核实";
}

std::string feature_cause(const YearData& a, const YearData& b, const Comparison& cmp, const ItemResult& ca, const ItemResult& cb,
                          const Item& ia, const Item& item, const VillageAt& v, NetworkPieces* pieces, AggregateCache& cache) {
  std::string s;
  if (!a.has_features || !b.has_features) return measure_change(ca, cb, ia, item);
  if (ca.outcome == Outcome::pass) {
    append(s, lost_feature(a, b, cmp, ca, item, v, pieces, cache));
  } else {
    append(s, gained_feature(a, b, cmp, cb, item));
  }
  append(s, measure_change(ca, cb, ia, item));
  if (item.require_connected) append(s, loose_ends_caveat(a, b, item));
  return s;
}

int index_of(const indicators::RuleSet& rules, const std::string& id) {
  for (size_t i = 0; i < rules.items.size(); ++i)
    if (rules.items[i].id == id) return static_cast<int>(i);
  return -1;
}

std::string item_cause(const YearData& a, const YearData& b, const Comparison& cmp, const VillageMatch& m, size_t a_item, size_t b_item,
                       NetworkPieces* pieces, AggregateCache& cache) {
  const auto ar = static_cast<size_t>(m.a_row), br = static_cast<size_t>(m.b_row);
  const Item& item = b.result.rules.items[b_item];
  const ItemResult& ca = a.result.cell(ar, a_item);
  const ItemResult& cb = b.result.cell(br, b_item);
  switch (item.kind) {
    case ItemKind::attribute: return attribute_cause(a, b, ar, br, item.expression, cache);
    case ItemKind::all_of:
    case ItemKind::any_of: {
      std::string s;
      for (const auto& child : item.children) {
        const int ib = index_of(b.result.rules, child);
        const Item* counter = ib >= 0 ? counterpart(a.result.rules, b.result.rules, b.result.rules.items[static_cast<size_t>(ib)]) : nullptr;
        const int ia = counter != nullptr ? static_cast<int>(counter - a.result.rules.items.data()) : -1;  // renamed in a copied file (tour 13 M16)
        if (ia < 0 || ib < 0) continue;
        const Outcome oa = a.result.cell(ar, static_cast<size_t>(ia)).outcome, ob = b.result.cell(br, static_cast<size_t>(ib)).outcome;
        if (oa == ob || oa == Outcome::unknown || ob == Outcome::unknown) continue;
        append(s, b.result.rules.items[static_cast<size_t>(ib)].name_zh + "：" +
                      item_cause(a, b, cmp, m, static_cast<size_t>(ia), static_cast<size_t>(ib), pieces, cache));
      }
      return s;
    }
    default: {
      const FeatureTable& va = a.villages();
      VillageAt v;
      v.villages = &va;
      v.row = ar;
      v.point = va.geometry.is_empty(ar) ? Vec2{NAN, NAN} : representative_point(va.geometry, ar);
      v.code = village_field(a, "code", static_cast<int>(ar));
      return feature_cause(a, b, cmp, ca, cb, a.result.rules.items[a_item], item, v, pieces, cache);
    }
  }
}

}  // namespace

std::string layer_zh(std::string_view layer) {
  for (const auto& [name, words] : k_layer_words)
    if (name == layer) return std::string(words);
  if (layer == io::target_layer) return "村";
  return std::string(layer);
}

std::string explain_change(const YearData& a, const YearData& b, const Comparison& cmp, const VillageMatch& m, size_t a_item, size_t b_item,
                           const CompareOptions&, NetworkPieces* pieces) {
  AggregateCache local;  // without the comparison's pieces, the expressions are parsed for this cell alone
  return boundary_change(a, b, cmp, m) + item_cause(a, b, cmp, m, a_item, b_item, pieces, pieces != nullptr ? pieces->expressions : local);
}

namespace {

// Calls `each` on the pairs of row `row` (from MatchResult's index; without one, or for no row, on every pair: the
// caller tests the row either way).
template <typename Each>
void each_pair_of(const MatchResult& match, const std::vector<uint32_t>& first, const std::vector<uint32_t>& items, int row, Each each) {
  if (match.indexed != match.pairs.size() || row < 0 || static_cast<size_t>(row) + 1 >= first.size()) {
    for (const VillageMatch& p : match.pairs) each(p);
    return;
  }
  for (uint32_t k = first[static_cast<size_t>(row)]; k < first[static_cast<size_t>(row) + 1]; ++k) each(match.pairs[items[k]]);
}

}  // namespace

std::string boundary_change(const YearData& a, const YearData& b, const Comparison& cmp, const VillageMatch& m) {
  // The row is the merged village, named as the later year names it: a predecessor of that name is the village
  // itself, never one it merged with (tour 10 J6).
  const std::string merged_name = village_field(b, "name", m.b_row), own = village_field(a, "name", m.a_row);
  std::string partners;
  bool into_namesake = false;
  size_t parts = 0;
  each_pair_of(cmp.match, cmp.match.b_first, cmp.match.b_pairs, m.b_row, [&](const VillageMatch& p) {
    if (p.b_row != m.b_row || p.a_row < 0 || p.a_row == m.a_row) return;
    const std::string name = village_field(a, "name", p.a_row);
    if (!name.empty() && name == merged_name && own != merged_name) {
      into_namesake = true;
      return;
    }
    partners += (partners.empty() ? "" : "、") + (name.empty() ? village_field(a, "code", p.a_row) : name);
  });
  each_pair_of(cmp.match, cmp.match.a_first, cmp.match.a_pairs, m.a_row, [&](const VillageMatch& p) {
    if (p.a_row == m.a_row && p.b_row >= 0) ++parts;
  });
  const std::string when = "（" + year_name(b.label) + "）：";
  if (into_namesake) return "原" + (own.empty() ? village_field(a, "code", m.a_row) : own) + "并入本村" + (partners.empty() ? "" : "（同时并入的还有" + partners + "）") + when;
  if (!partners.empty()) return "与" + partners + "合并" + when;
  if (parts > 1) return "由" + own + "拆分" + when;
  if (m.how == MatchHow::code || m.how == MatchHow::county_code) return {};
  return std::string("村的代码或范围有变化（") + to_string_zh(m.how) + "）" + when;
}

bool same_rule(const indicators::RuleSet& ra, const Item& ia, const indicators::RuleSet& rb, const Item& ib, size_t depth) {
  // Expressions and filters as parsed, not as typed (tour 13 M7: 5e4 = 50000); children paired as the items are (M16).
  const bool same = ia.kind == ib.kind && ia.layer == ib.layer && same_expression(ia.filter, ib.filter) &&
                    same_expression(ia.exclude_filter, ib.exclude_filter) && ia.max_distance_m == ib.max_distance_m &&
                    ia.require_connected == ib.require_connected && same_expression(ia.trunk_filter, ib.trunk_filter) &&
                    same_expression(ia.anchor_filter, ib.anchor_filter) && ia.anchor_distance_m == ib.anchor_distance_m && ia.tolerance_m == ib.tolerance_m &&
                    ia.min_share == ib.min_share && same_expression(ia.tower_filter, ib.tower_filter) && ia.tower_radius_m == ib.tower_radius_m &&
                    same_expression(ia.fiber_filter, ib.fiber_filter) && ia.fiber_max_distance_m == ib.fiber_max_distance_m &&
                    ia.max_vertical_m == ib.max_vertical_m && same_expression(ia.served_filter, ib.served_filter) && ia.link_by_code == ib.link_by_code &&
                    ia.inside_counts == ib.inside_counts && same_expression(ia.expression, ib.expression);
  if (!same) return false;
  if (depth > indicators::k_max_item_nesting) return true;
  if (!same_children(ra, ia, rb, ib, depth)) return false;
  for (const std::string& child : ib.children) {
    const Item* cb = rb.item(child);
    const Item* ca = cb != nullptr ? counterpart(ra, rb, *cb, depth + 1) : nullptr;
    if (ca == nullptr || cb == nullptr || !same_rule(ra, *ca, rb, *cb, depth + 1)) return false;
  }
  return true;
}

bool same_standard(const indicators::RuleSet& ra, const indicators::RuleSet& rb) {
  if (ra.items.size() != rb.items.size()) return false;
  for (const Item& ib : rb.items) {
    const Item* ia = counterpart(ra, rb, ib);
    if (ia == nullptr || ia->required != ib.required || ia->visible != ib.visible || !same_rule(ra, *ia, rb, ib)) return false;
  }
  return true;
}

std::string standard_change(const indicators::RuleSet& ra, const Item& ia, const indicators::RuleSet& rb, const Item& ib) {
  std::string s;
  const auto pair = [&s](const std::string& what, const std::string& before, const std::string& after) {
    if (before != after) append(s, what + before + " → " + after);
  };
  const auto words = [](const std::string& text) { return text.empty() ? std::string("无") : report::expression_zh(text); };
  if (ia.kind == ItemKind::attribute && ib.kind == ItemKind::attribute) {
    pair("", words(ia.expression), words(ib.expression));
  } else {
    pair("最远距离 ", threshold_text(ia.max_distance_m), threshold_text(ib.max_distance_m));
    pair("最大高差 ", threshold_text(ia.max_vertical_m), threshold_text(ib.max_vertical_m));
    if (ib.kind == ItemKind::coverage) pair("覆盖比例 ", report::detail::percent_text(ia.min_share), report::detail::percent_text(ib.min_share));
    pair("基站覆盖半径 ", threshold_text(ia.tower_radius_m), threshold_text(ib.tower_radius_m));
    pair("合格条件 ", words(ia.filter), words(ib.filter));
    pair("主干条件 ", words(ia.trunk_filter), words(ib.trunk_filter));
    pair("须连通 ", ia.require_connected ? "是" : "否", ib.require_connected ? "是" : "否");
  }
  if (!same_children(ra, ia, rb, ib, 0) || (s.empty() && !same_rule(ra, ia, rb, ib))) append(s, "组成或其子项的条件不同");
  if (ia.required != ib.required) append(s, std::string(ia.required ? "出列必需" : "参考指标") + " → " + (ib.required ? "出列必需" : "参考指标"));
  return "标准：" + (s.empty() ? std::string("条件不同") : s);
}

bool attribute_inputs_unchanged(const YearData& a, const YearData& b, size_t ar, size_t br, const std::string& expression) {
  return attribute_changes(a, b, ar, br, expression).empty();
}

}  // namespace jiuyou::compare
