// What changed on the ground behind a changed verdict, in plain Chinese: the
// attribute that fell, or the nearest qualifying feature of the earlier year
// gone or changed (and, for an improvement, the feature that is new), with
// the other changes of the item's layer within the item's reach (reach.hpp).
#include <algorithm>
#include <cmath>
#include <utility>

#include "gis/compare/compare_report.hpp"
#include "gis/compare/reach.hpp"
#include "gis/compare/transitions.hpp"
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

std::string attribute_cause(const YearData& a, const YearData& b, size_t ar, size_t br, const std::string& expression) {
  std::string out;
  for (const Column& ca : a.villages().columns) {
    const Column* cb = b.villages().column(ca.name());
    if (cb == nullptr || !mentions(expression, ca.name())) continue;
    const std::string before = value_in_unit(ca, ar), after = value_in_unit(*cb, br);
    if (before == after) continue;
    out += (out.empty() ? "" : "；") + report::label_of(ca.name()) + " " + before + " → " + after;
  }
  return out.empty() ? "所用数据未变（标准或阈值有变化）" : out;
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
};

std::string layer_zh(std::string_view layer) {
  for (const auto& [name, words] : k_layer_words)
    if (name == layer) return std::string(words);
  return std::string(layer);
}

std::string noun(const Item& item) { return item.noun_zh.empty() ? "合格设施" : item.noun_zh; }

std::string value_words(const std::string& v) {
  if (v.empty()) return "空";
  if (v == "true") return "是";
  if (v == "false") return "否";
  return report::kind_label(v);
}

// The fields that changed, in words; a change the words would hide ("1" and
// "1.0" both read 1) is given as stored, never as "x → x".
std::string fields_text(const std::vector<FieldChange>& fields) {
  std::string s;
  for (const auto& f : fields) {
    std::string before = value_words(f.before), after = value_words(f.after);
    if (before == after) {
      before = f.before.empty() ? "空" : f.before;
      after = f.after.empty() ? "空" : f.after;
    }
    s += (s.empty() ? "" : "，") + report::label_of(f.field) + " " + before + " → " + after;
  }
  return s;
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
  double tolerance_m = 1.0;
};

Piece piece_of(const YearData& b, const LayerDiff& d, int a_row, const Item& item) {
  Piece p;
  const FeatureTable* t = b.ws.layer(d.layer);
  const int b_row = a_row >= 0 && static_cast<size_t>(a_row) < d.a_to_b.size() ? d.a_to_b[static_cast<size_t>(a_row)] : -1;
  if (!reach_of(item).along_network || t == nullptr || b_row < 0) return p;
  p.layer = d.layer;
  p.b = t;
  p.rows = network_piece(*t, static_cast<size_t>(b_row), item);
  p.tolerance_m = item.tolerance_m;
  return p;
}

// Where the causes were looked for, in words: "本村 500 m 内及本村所在路网上".
std::string reach_words(const ItemReach& r) {
  const std::string base = r.radius_m >= 0 ? "本村 " + report::detail::distance_text(r.radius_m) + " 内" : std::string("本村自有");
  return r.along_network ? base + "及本村所在路网上" : base;
}

std::string at_distance(double m) { return m == 0 ? std::string("本村范围内的") : "距本村 " + report::detail::distance_text(m) + " 的"; }

// When last year's nearest feature is still there, something else within the
// item's reach changed (reach.hpp): a cut on the village's piece of network, a
// service area turned unsafe. The changes of the item's layer and its
// companions (water: water_plants, water_areas) within the rule set's distance
// of the village, or its own, or touching its piece of network; removals
// first, then the nearest, at most three, each with its distance.
std::string nearest_changes(const YearData& a, const Comparison& cmp, const Item& item, const VillageAt& v, const Piece& piece) {
  struct Near {
    bool removed;
    double distance;
    std::string text;
  };
  const ItemReach reach = reach_of(item);
  std::vector<Near> near;
  for (const LayerDiff& d : cmp.layers) {
    if (d.layer != item.layer && d.layer.rfind(item.layer + "_", 0) != 0) continue;
    const FeatureTable* t = a.ws.layer(d.layer);
    if (t == nullptr) continue;
    const bool own_piece = piece.b != nullptr && d.layer == piece.layer && !piece.rows.empty();
    for (const auto* list : {&d.removed, &d.changed})
      for (const FeatureChange& c : *list) {
        const auto row = static_cast<size_t>(c.a_row);
        const double dist = village_distance(v, *t, row);
        const bool on_piece = own_piece && touches_piece(*t, row, *piece.b, piece.rows, piece.tolerance_m);
        if (!on_piece && !within_radius(reach, v, *t, row, dist)) continue;
        near.push_back({c.b_row < 0, dist,
                        at_distance(dist) + layer_zh(d.layer) + "要素 " + std::to_string(t->fid[row]) +
                            (c.b_row < 0 ? " 已不存在" : "：" + fields_text(c.fields)) + (on_piece ? "（与本村所在路网相连）" : "")});
      }
  }
  if (near.empty()) return {};
  std::sort(near.begin(), near.end(), [](const Near& x, const Near& y) { return x.removed != y.removed ? x.removed : x.distance < y.distance; });
  std::string s = "；" + reach_words(reach) + "同类设施的变化：";
  for (size_t k = 0; k < near.size() && k < 3; ++k) s += (k ? "；" : "") + near[k].text;
  return s;
}

// The earlier year's nearest qualifying feature, and what became of it.
std::string lost_feature(const YearData& a, const YearData& b, const Comparison& cmp, const ItemResult& ca, const Item& item, const VillageAt& v) {
  if (ca.nearest_fid < 0) {
    const std::string around = nearest_changes(a, cmp, item, v, {});
    return around.empty() ? around : around.substr(std::string_view("；").size());
  }
  const std::string layer = layer_of(a, ca, item);
  const FeatureTable* t = a.ws.layer(layer);
  const LayerDiff* d = diff_of(cmp, layer);
  const int row = t != nullptr && d != nullptr ? d->a_row_of_fid(ca.nearest_fid) : -1;
  if (row < 0) return {};
  const std::string what = "去年最近的" + noun(item) + "（" + layer_zh(layer) + "图层要素 " + std::to_string(ca.nearest_fid) +
                           (ca.distance_m == 0 ? std::string("，在本村范围内") : "，距本村 " + report::detail::distance_text(ca.distance_m)) + "）";
  const FeatureChange* ch = d->change_of_a(row);
  if (ch == nullptr) return what + "仍在且属性未变" + nearest_changes(a, cmp, item, v, piece_of(b, *d, row, item));
  if (ch->b_row < 0) return what + "已不存在";
  return what + "已变化：" + fields_text(ch->fields);
}

// The later year's nearest qualifying feature, when it is new or changed.
std::string gained_feature(const YearData& b, const Comparison& cmp, const ItemResult& cb, const Item& item) {
  if (cb.nearest_fid < 0) return {};
  const std::string layer = layer_of(b, cb, item);
  const FeatureTable* t = b.ws.layer(layer);
  const LayerDiff* d = diff_of(cmp, layer);
  const int row = t != nullptr && d != nullptr ? d->b_row_of_fid(cb.nearest_fid) : -1;
  const FeatureChange* c = row >= 0 ? d->change_of_b(row) : nullptr;
  if (c == nullptr) return {};
  const std::string what = noun(item) + "（" + layer_zh(layer) + "图层要素 " + std::to_string(cb.nearest_fid) + "）";
  return c->a_row < 0 ? "新建" + what : what + "改善：" + fields_text(c->fields);
}

// Features of other layers added near the earlier nearest point (a hazard over the road).
std::string added_nearby(const YearData& b, const Comparison& cmp, const ItemResult& ca, const std::string& own_layer, double radius) {
  if (std::isnan(ca.to.x)) return {};
  std::string s;
  for (const auto& d : cmp.layers) {
    const FeatureTable* t = b.ws.layer(d.layer);
    if (d.layer == own_layer || t == nullptr || t->geometry.kind != GeometryKind::polygon) continue;
    for (const auto& c : d.added)
      if (point_feature_distance(t->geometry, static_cast<size_t>(c.b_row), ca.to.x, ca.to.y) <= radius)
        s += (s.empty() ? "" : "；") + std::string("新增") + layer_zh(d.layer) + "图层要素 " + std::to_string(t->fid[static_cast<size_t>(c.b_row)]) +
             "，压在去年最近的合格要素处";
  }
  return s;
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
  if (!cb.note.empty() && cb.note != ca.note) return same + (same.empty() ? "" : "，") + "核查依据：" + ca.note + " → " + cb.note;
  return same.empty() ? same : same + "（变化在上述要素的属性或范围）";
}

std::string feature_cause(const YearData& a, const YearData& b, const Comparison& cmp, const ItemResult& ca, const ItemResult& cb,
                          const Item& ia, const Item& item, const VillageAt& v) {
  std::string s;
  if (!a.has_features || !b.has_features) return measure_change(ca, cb, ia, item);
  if (ca.outcome == Outcome::pass) {
    append(s, lost_feature(a, b, cmp, ca, item, v));
    append(s, added_nearby(b, cmp, ca, layer_of(a, ca, item), 50.0));
  } else {
    append(s, gained_feature(b, cmp, cb, item));
  }
  append(s, measure_change(ca, cb, ia, item));
  return s;
}

// A village matched otherwise than by its code changed its extent or place too: say so first.
std::string moved_village(const VillageMatch& m) {
  if (m.how == MatchHow::code) return {};
  return std::string("村的代码或范围有变化（") + to_string_zh(m.how) + "）；";
}

int index_of(const indicators::RuleSet& rules, const std::string& id) {
  for (size_t i = 0; i < rules.items.size(); ++i)
    if (rules.items[i].id == id) return static_cast<int>(i);
  return -1;
}

}  // namespace

std::string explain_change(const YearData& a, const YearData& b, const Comparison& cmp, const VillageMatch& m, size_t a_item, size_t b_item,
                           const CompareOptions& options) {
  const auto ar = static_cast<size_t>(m.a_row), br = static_cast<size_t>(m.b_row);
  const Item& item = b.result.rules.items[b_item];
  const ItemResult& ca = a.result.cell(ar, a_item);
  const ItemResult& cb = b.result.cell(br, b_item);
  switch (item.kind) {
    case ItemKind::attribute: return attribute_cause(a, b, ar, br, item.expression);
    case ItemKind::all_of:
    case ItemKind::any_of: {
      std::string s;
      for (const auto& child : item.children) {
        const int ia = index_of(a.result.rules, child), ib = index_of(b.result.rules, child);
        if (ia < 0 || ib < 0) continue;
        const Outcome oa = a.result.cell(ar, static_cast<size_t>(ia)).outcome, ob = b.result.cell(br, static_cast<size_t>(ib)).outcome;
        if (oa == ob || oa == Outcome::unknown || ob == Outcome::unknown) continue;
        append(s, b.result.rules.items[static_cast<size_t>(ib)].name_zh + "：" +
                      explain_change(a, b, cmp, m, static_cast<size_t>(ia), static_cast<size_t>(ib), options));
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
      return moved_village(m) + feature_cause(a, b, cmp, ca, cb, a.result.rules.items[a_item], item, v);
    }
  }
}

}  // namespace jiuyou::compare
