// Sanity warnings (sanity.hpp): silent nonsense a planner would not notice in
// a list that looks right — a filter that selects nothing, an item that every
// village passes, points where polygons were meant, a forgotten GCJ-02 flag.
#include "gis/indicators/sanity.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <tuple>

#include "gis/crs/crs.hpp"
#include "gis/indicators/expression.hpp"
#include "gis/indicators/kinds/kinds.hpp"

namespace jiuyou::indicators {

namespace {

constexpr size_t k_min_layer = 10;    // features, for filter selectivity
constexpr size_t k_min_targets = 20;  // targets, for items that all pass or fail

// At `file` where the data is to blame (the villages' file), else at the rule set.
void warn(CheckResult& r, std::string code, std::string layer, std::string field, std::string message, std::string hint, std::string file = {}) {
  Issue i;
  i.severity = Severity::warning;
  i.code = std::move(code);
  i.file = file.empty() ? r.rules.file : std::move(file);
  i.layer = std::move(layer);
  i.field = std::move(field);
  i.message = std::move(message);
  i.hint = std::move(hint);
  r.notes.add(std::move(i));
}

// "surface 的取值: 水泥 2100, 沥青 1500, 空 3"
std::string value_counts(const FeatureTable& t, const std::string& field, std::set<std::string>* distinct = nullptr) {
  const Column* c = t.column(field);
  if (!c) return field + " 不存在";
  std::map<std::string, size_t> counts;
  for (size_t f = 0; f < t.size(); ++f) ++counts[c->is_null(f) ? std::string("空") : c->as_text(f)];
  std::vector<std::pair<size_t, std::string>> sorted;
  for (const auto& [v, n] : counts) {
    sorted.emplace_back(n, v);
    if (distinct && v != "空") distinct->insert(v);
  }
  std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
  std::string out = field + " 的取值: ";
  for (size_t k = 0; k < sorted.size() && k < 8; ++k) out += (k ? ", " : "") + sorted[k].second + " " + std::to_string(sorted[k].first);
  if (sorted.size() > 8) out += ", …";
  return out;
}

// The quoted literals of a filter: values the rule names on purpose.
std::set<std::string> literals(const std::string& filter) {
  std::set<std::string> out;
  for (size_t a = filter.find('\''); a != std::string::npos; a = filter.find('\'', a + 1)) {
    const size_t b = filter.find('\'', a + 1);
    if (b == std::string::npos) break;
    out.insert(filter.substr(a + 1, b - a - 1));
    a = b;
  }
  return out;
}

// The rule key of a filter, as the planner's text calls it.
std::string filter_word(const std::string& key) {
  if (key == "trunk_filter") return "干线条件";
  if (key == "anchor_filter") return "接入点条件";
  if (key == "tower_filter") return "基站条件";
  if (key == "fiber_filter") return "光缆条件";
  if (key == "served_filter") return "供水范围条件";
  return "筛选条件";
}

// The literals every filter of the rule set names: the kinds the rules tell apart (pipe, service_area, clinic …).
std::set<std::string> rule_literals(const RuleSet& rules) {
  std::set<std::string> out;
  for (const Item& it : rules.items)
    for (const std::string* f : {&it.filter, &it.served_filter, &it.tower_filter, &it.fiber_filter, &it.trunk_filter, &it.anchor_filter})
      for (const std::string& v : literals(*f)) out.insert(v);
  return out;
}

// One filter on one table: none selected, or all selected although a text field it
// tests holds values the filter never names (是/否 read as true, a vocabulary not mapped).
// A table of one other kind selects none of course (a per-type layer: 村卫生室 from its own KMZ folder, 供水范围
// beside the pipes; tour 18 kmzf, bline): where a text field the filter tests holds only values other filters of
// the rule set name, nothing is said.
// `found_elsewhere`: the filter, for this item and purpose, selects features in a sibling layer of the group (the
// substations of power_substations beside a transformer file, tour 19 T3): none here is the layer's nature.
void check_one_filter(CheckResult& r, const kinds::FilterUse& u, const std::set<std::string>& rules_name, bool found_elsewhere) {
  const FeatureTable& t = *u.table;
  if (u.filter.empty() || t.size() < k_min_layer || (u.selected != 0 && u.selected != t.size())) return;
  if (u.selected == 0 && found_elsewhere) return;
  if (u.selected == 0 && u.excluded > 0) {  // a layer of 2G coverage only, of expressways only: said as such, not as a mapping slip
    warn(r, "filter_all_excluded", t.name, {},
         "指标 " + u.item->name_zh + "（" + u.item->id + "）的" + filter_word(u.what) + " \"" + u.filter + "\" 在图层 " + t.name + " 选中的 " +
             std::to_string(u.excluded) + " 个要素全部被排除条件 \"" + u.item->exclude_filter + "\" 排除（如 2G 覆盖区、高速公路），这个图层对该指标不起作用",
         "若它们应当计入，核对排除条件读的字段的取值（如 制式、等级）；排除条件见规则集的 exclude_filter");
    return;
  }
  auto e = Expression::parse(u.filter);
  if (!e) return;
  std::string values;
  bool unnamed = false, other_kind = false;
  const std::set<std::string> named = literals(u.filter);
  for (const auto& field : e->fields()) {
    std::set<std::string> distinct;
    values += (values.empty() ? "" : "；") + value_counts(t, field, &distinct);
    const Column* c = t.column(field);
    if (!c || c->type() != FieldType::text) continue;
    unnamed |= std::any_of(distinct.begin(), distinct.end(), [&](const std::string& v) { return !named.count(v); });
    other_kind |= !distinct.empty() && std::all_of(distinct.begin(), distinct.end(), [&](const std::string& v) { return !named.count(v) && rules_name.count(v); });
  }
  if (u.selected == 0 && other_kind) return;
  if (u.selected == t.size() && !unnamed) return;  // every value present is one the rule names: deliberate
  const bool none = u.selected == 0;
  const Item& item = *u.item;
  warn(r, none ? "filter_selects_none" : "filter_selects_all", t.name, e->fields().empty() ? std::string{} : e->fields().front(),
       "指标 " + item.name_zh + "（" + item.id + "）的" + filter_word(u.what) + " \"" + u.filter + "\" 在图层 " + t.name + " 的 " + std::to_string(t.size()) +
           " 个要素中" + (none ? "一个也没有选中" : "全部选中") + "。" + values,
       none ? "检查字段取值是否需要映射（项目文件 [layers." + t.name + ".values]），或改正筛选条件"
            : "检查字段取值是否被误读（如 是/否 当作文本），或改正筛选条件");
}

}  // namespace

void note_filter_selectivity(CheckResult& r, std::span<const kinds::FilterUse> uses) {
  std::set<std::pair<const FeatureTable*, std::string>> seen;
  const std::set<std::string> rules_name = rule_literals(r.rules);
  std::set<std::tuple<const Item*, std::string, std::string>> selecting;  // (item, purpose, filter) selecting somewhere
  for (const auto& u : uses)
    if (u.selected > 0) selecting.emplace(u.item, u.what, u.filter);
  for (const auto& u : uses)
    if (seen.emplace(u.table, u.filter).second) check_one_filter(r, u, rules_name, selecting.count({u.item, u.what, u.filter}) > 0);
}

void note_uniform_items(CheckResult& r) {
  const auto& s = r.county_summary;
  if (r.village_count < k_min_targets || s.item_pass.size() != r.item_count()) return;
  for (size_t i = 0; i < r.item_count(); ++i) {
    const Item& item = r.rules.items[i];
    if (item.kind == ItemKind::all_of || item.kind == ItemKind::any_of) continue;  // they follow their children, which are checked
    const bool all_pass = s.item_pass[i] == r.village_count, all_fail = s.item_fail[i] == r.village_count;
    if (!all_pass && !all_fail) continue;
    const std::string what = item.kind == ItemKind::attribute ? "表达式 \"" + item.expression + "\"" : "图层 " + item.layer + " 和筛选条件";
    warn(r, all_pass ? "item_all_pass" : "item_all_fail", item.kind == ItemKind::attribute ? std::string{} : item.layer, {},
         "指标 " + item.name_zh + "（" + item.id + "）在全部 " + std::to_string(r.village_count) + " 个村" + (all_pass ? "均达标" : "均不达标") +
             "，请确认这不是数据问题",
         "检查" + what + "：字段取值是否被正确读取（如 是/否、中文路面类型）");
  }
}

// What a point village changes for one item ("" where nothing): a covered share, "inside
// the village", or a distance (roads, power, water: "村内就有" becomes a distance from one point).
std::string point_village_effect(const Item& item) {
  if (item.kind == ItemKind::coverage) return "按村点是否被覆盖，不按覆盖面积比例";
  if (item.kind == ItemKind::facility && item.inside_counts) return "“位于村内”不适用";
  if (item.kind == ItemKind::network_access || item.kind == ItemKind::water_convenience || (item.kind == ItemKind::facility && item.max_distance_m >= 0))
    return "距离从一个村点量起，村内的线路或设施离村点远时也算不达标";
  return {};
}

std::optional<Issue> points_for_polygons_issue(const RuleSet& rules, const FeatureTable& targets) {
  if (targets.geometry.kind != GeometryKind::point) return std::nullopt;
  std::string items;
  for (const auto& item : rules.items)
    if (const std::string effect = point_village_effect(item); !effect.empty()) items += (items.empty() ? "" : "、") + item.name_zh + "（" + effect + "）";
  if (items.empty()) return std::nullopt;
  Issue i;
  i.severity = Severity::warning;
  i.code = "points_for_polygons";
  i.file = targets.source.empty() ? rules.file : targets.source;
  i.layer = targets.name;
  i.message = "村庄为点要素（图层 " + targets.name + "）：所有距离从村点量起，而规则假定村域面。受影响的指标：" + items;
  i.hint = "如有村域面图层，请在项目文件中把它作为 villages 图层";
  return i;
}

void note_points_for_polygons(CheckResult& r, const FeatureTable& targets) {
  if (auto i = points_for_polygons_issue(r.rules, targets)) r.notes.add(std::move(*i));
}

void add_sanity_notes(CheckResult& r, std::span<const kinds::FilterUse> uses, const FeatureTable& targets) {
  note_filter_selectivity(r, uses);
  note_uniform_items(r);
  note_points_for_polygons(r, targets);
}

}  // namespace jiuyou::indicators
