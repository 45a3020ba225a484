// layer_far_from_villages (sanity.hpp): a layer whose extent lies farther from the
// targets' extent than any rule's search distance (and at least 20 km) after
// reprojection: a neighbouring Gauss–Krüger zone (~240 km off), a wrong datum or
// swapped x/y. Every village would fail its items "nothing within reach": instead
// the items that read only far layers are unknown, and the warning names the layer,
// its file, the distance and the items.
#include <algorithm>
#include <cstdio>

#include "gis/indicators/sanity.hpp"
#include "gis/io/far_layers.hpp"
#include "gis/io/schema.hpp"

namespace jiuyou::indicators {

namespace {

bool spatial(const Item& item) { return item.kind != ItemKind::attribute && item.kind != ItemKind::all_of && item.kind != ItemKind::any_of; }

// Every table of a layer group (`name`, `name_*`), of any geometry kind.
std::vector<const FeatureTable*> whole_group(const WorkspaceView& view, const std::string& layer) {
  std::vector<const FeatureTable*> out;
  for (const GeometryKind k : {GeometryKind::point, GeometryKind::line, GeometryKind::polygon})
    for (const FeatureTable* t : kinds::group_tables(view, layer, k)) out.push_back(t);
  return out;
}

bool is_far(const std::vector<io::FarLayer>& far, const FeatureTable* t) {
  return std::any_of(far.begin(), far.end(), [&](const io::FarLayer& f) { return f.table == t; });
}

// The extent layers are measured from: the targets', with the county's villages where the
// targets are something else (a planner's few candidate sites must not make a corner layer "far").
BBox reference_box(const WorkspaceView& view, const FeatureTable& targets) {
  BBox b = targets.bbox();
  if (const FeatureTable* v = view.layer(io::target_layer); v && v != &targets) b.expand(v->bbox());
  return b;
}

}  // namespace

double far_layer_threshold_m(const RuleSet& rules) {
  double m = io::k_far_layer_m;
  for (const auto& item : rules.items) m = std::max({m, item.max_distance_m, item.tower_radius_m, item.fiber_max_distance_m, item.anchor_distance_m});
  return m;
}

FarGroup far_group(const WorkspaceView& view, const FeatureTable& targets, const std::string& layer, double threshold_m) {
  const std::vector<const FeatureTable*> tables = whole_group(view, layer);
  const std::vector<io::FarLayer> far = io::far_layers(tables, reference_box(view, targets), &targets, threshold_m);
  FarGroup g;
  if (far.empty()) return g;
  g.all = std::all_of(tables.begin(), tables.end(), [&](const FeatureTable* t) { return t->size() == 0 || t->bbox().empty() || is_far(far, t); });
  char km[32];
  std::snprintf(km, sizeof km, "%.0f", far.front().distance_m / 1000);
  g.reason = "图层 " + far.front().table->name + " 离本县 " + km + " km，坐标系可能写错：" + (g.all ? "无法判断" : "不达标不能确定");
  return g;
}

std::vector<Issue> far_layer_notes(const RuleSet& rules, const WorkspaceView& view, const FeatureTable& targets) {
  std::vector<Issue> out;
  const std::vector<io::FarLayer> far = io::far_layers(view.layers, reference_box(view, targets), &targets, far_layer_threshold_m(rules));
  size_t others = 0;
  for (const FeatureTable* t : view.layers) others += t != &targets && t->size() > 0 && !t->bbox().empty();
  const bool targets_off = io::villages_look_off(far.size(), others) && targets.name == io::target_layer;
  std::string all_unknown;
  double nearest = far.empty() ? 0 : far.front().distance_m;
  for (const io::FarLayer& f : far) {
    std::string unknown, other;
    for (const auto& item : rules.items) {
      if (!spatial(item)) continue;
      const auto group = whole_group(view, item.layer);
      if (std::find(group.begin(), group.end(), f.table) == group.end()) continue;
      const bool only_far = far_group(view, targets, item.layer, far_layer_threshold_m(rules)).all;
      std::string& list = only_far ? unknown : other;
      list += (list.empty() ? "" : "、") + item.name_zh;
    }
    nearest = std::min(nearest, f.distance_m);
    if (targets_off) {  // tour 17 R1: one note, of the villages, naming every item it leaves unknown
      if (!unknown.empty()) all_unknown += (all_unknown.empty() ? "" : "、") + unknown;
      continue;
    }
    std::string said = io::far_layer_text(f) + "。";
    if (!unknown.empty()) said += "只用它判断的指标各村记为未知（不判不达标）：" + unknown + "。";
    if (!other.empty()) said += "同组其他图层仍参与判断、但不达标记为未知（不能确定）的指标：" + other + "。";
    if (unknown.empty() && other.empty()) said += "没有指标用到它。";
    Issue i;
    i.severity = Severity::warning;
    i.code = "layer_far_from_villages";
    i.file = f.table->source;
    i.layer = f.table->name;
    i.message = std::move(said);
    i.hint = io::far_layer_hint(*f.table);
    out.push_back(std::move(i));
  }
  if (targets_off) {
    Issue i;
    i.severity = Severity::warning;
    i.code = "layer_far_from_villages";
    i.file = targets.source;
    i.layer = targets.name;
    i.message = io::villages_off_text(targets, far.size(), others, nearest) + "。" +
                (all_unknown.empty() ? std::string("没有指标只用这些图层。") : "只用这些图层判断的指标各村记为未知（不判不达标）：" + all_unknown + "。");
    i.hint = io::villages_off_hint(targets);
    out.push_back(std::move(i));
  }
  return out;
}

}  // namespace jiuyou::indicators
