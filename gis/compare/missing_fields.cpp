// A field one year lacks (a dropped column mapping): one cause said once, not
// one alert per village (compare_report.hpp).
#include <algorithm>
#include <filesystem>
#include <set>

#include "gis/compare/compare_report.hpp"
#include "gis/indicators/expression.hpp"
#include "gis/io/schema.hpp"
#include "gis/report/labels.hpp"

namespace jiuyou::compare {

using indicators::ItemKind;

void fields_read(const indicators::RuleSet& rules, const indicators::Item& item, std::set<std::pair<std::string, std::string>>& out, int depth) {
  const auto add = [&](const std::string& layer, const std::string& text) {
    if (text.empty()) return;
    auto e = indicators::Expression::parse(text);
    if (!e) return;
    for (const auto& f : e->fields()) out.insert({layer, f});
  };
  if (item.kind == ItemKind::attribute) add(std::string(io::target_layer), item.expression);
  for (const std::string* text : {&item.filter, &item.served_filter, &item.tower_filter, &item.trunk_filter, &item.anchor_filter})
    add(item.layer, *text);
  if (depth > 8) return;  // a cycle of combined items is the rule set's error, reported by its loader
  for (const auto& child : item.children)
    if (const indicators::Item* c = rules.item(child); c != nullptr) fields_read(rules, *c, out, depth + 1);
}

namespace {

// The earlier year's layers that a field of `layer` stands for: the layer and its companions (water_plants, water_areas).
bool lacks(const YearData& a, const YearData& b, const std::string& layer, const std::string& field, std::string& which) {
  for (const FeatureTable& la : a.ws.layers) {
    if (la.name != layer && la.name.rfind(layer + "_", 0) != 0) continue;
    const FeatureTable* lb = b.ws.layer(la.name);
    if (lb == nullptr || la.column(field) == nullptr || lb->column(field) != nullptr) continue;
    which = la.name;
    return true;
  }
  return false;
}

// The layers an item reads (its children's too).
void layers_read(const indicators::RuleSet& rules, const indicators::Item& item, std::set<std::string>& out, int depth = 0) {
  if (!item.layer.empty()) out.insert(item.layer);
  if (depth > 8) return;
  for (const auto& child : item.children)
    if (const indicators::Item* c = rules.item(child); c != nullptr) layers_read(rules, *c, out, depth + 1);
}

std::string source_column(const YearData& y, const std::string& layer, const std::string& field) {
  const auto l = y.source_columns.find(layer);
  if (l == y.source_columns.end()) return {};
  const auto f = l->second.find(field);
  return f == l->second.end() ? std::string() : f->second;
}

// A field year `gap` lacks and year `has` has, in `layer` (itself or a companion); `earlier`: `gap` is the earlier year.
// A field a joined statistics table gives is told by the table, its file in `gap` and the column `has` reads.
MissingField field_gap(size_t comparison, const YearData& has, const YearData& gap, const std::string& layer, const std::string& field, bool earlier) {
  MissingField m{comparison, gap.label, layer, field, source_column(has, layer, field), {}, {}, 0, false, earlier, {}, 0, {}, {}};
  const auto onto = [&](const JoinedTable& t) { return t.join_to == layer; };
  const JoinedTable* from = nullptr;
  for (const JoinedTable& t : has.joined)
    if (onto(t) && t.columns.count(field)) from = &t;
  // Not mapped by name: the one table joined onto the layer reads it by the field's own name, when the layer's file does not map it.
  if (from == nullptr && m.source_name.empty() && std::count_if(has.joined.begin(), has.joined.end(), onto) == 1) from = &*std::find_if(has.joined.begin(), has.joined.end(), onto);
  if (from == nullptr) return m;
  m.table = from->name;
  const auto col = from->columns.find(field);
  m.source_name = col != from->columns.end() ? col->second : field;
  m.table_file = from->file;
  for (const JoinedTable& t : gap.joined)
    if (t.name == from->name) m.table_file = t.file;
  m.table_file = std::filesystem::path(m.table_file).filename().string();
  return m;
}

}  // namespace

std::string MissingField::field_zh() const { return !source_name.empty() ? source_name : report::label_of(field); }

std::string MissingField::field_words() const {
  const std::string shown = field_zh();
  return shown == field ? field : shown + "（" + field + "）";
}

std::string MissingField::gap_words() const {
  if (table.empty()) return layer_zh(layer) + "图层缺少字段 " + field_zh();
  return layer_zh(layer) + "图层的统计表 " + table + (table_file.empty() ? "" : "（" + table_file + "）") + "缺少列「" + field_zh() + "」（" + field + "）";
}

std::string MissingField::what() const {
  if (empty) return year_name(year) + layer_zh(layer) + "图层没有任何要素";
  return field.empty() ? year_name(year) + "项目中没有" + layer_zh(layer) + "图层" : year_name(year) + gap_words();
}

std::string MissingField::since() const {
  const std::string other = earlier ? "后一年有" : "前一年有";
  return "（" + other + (empty ? " " + std::to_string(other_features) + " 个要素" : std::string()) + "）";
}

std::string MissingField::text() const {
  std::string names;
  for (const auto& n : items) names += (names.empty() ? "" : "、") + n;
  const std::string affected = "：影响 " + std::to_string(villages) + " 个村的 " + std::to_string(items.size()) + " 项指标（" + names + "），";
  if (empty || (field.empty() && earlier))
    return what() + since() + affected + (earlier ? "这些项两年无法比较（不算改善）" : "这些项按数据不全计（待核实），不作返贫风险") + "；请检查该年的" +
           (empty ? "数据文件 " + file + " 和" : std::string("项目文件 ") + file + " 中") + "该图层（[layers." + layer + "]）";
  if (field.empty())
    return what() + since() + affected + "这些村由达标变为数据不全；请检查该年项目文件" + (file.empty() ? "" : " " + file + " ") + "的图层（[layers." + layer + "]）";
  const std::string gap = table.empty() ? layer_zh(layer) + "图层缺少字段 " + field_words() : gap_words();
  return year_name(year) + " " + gap + since() + affected + (earlier ? "这些项两年无法比较（不算改善）" : "这些村由达标变为数据不全") +
         (table.empty() ? "；请检查该年项目文件的字段对应或数据表的列名" : "；请检查该年统计表的列名，或项目文件 [layers." + table + ".fields] 中 " + field + " 的对应");
}

std::optional<MissingField> layer_gap(const YearData& a, const YearData& b, const indicators::Item& item, size_t comparison) {
  if (!a.has_features || !b.has_features) return std::nullopt;
  std::set<std::string> layers;
  layers_read(b.result.rules, item, layers);
  std::set<std::pair<std::string, std::string>> read;
  fields_read(b.result.rules, item, read);
  for (const auto& [layer, field] : read) layers.insert(layer);
  layers.erase(std::string(io::target_layer));
  const auto features = [](const FeatureTable* t) { return t == nullptr ? size_t{0} : t->size(); };
  for (const std::string& layer : layers)
    for (const YearData* y : {&a, &b})
      for (const FeatureTable& l : y->ws.layers) {
        if (l.name != layer && l.name.rfind(layer + "_", 0) != 0) continue;  // the layer or a companion (water_areas, broadband_towers)
        const FeatureTable *ta = a.ws.layer(l.name), *tb = b.ws.layer(l.name);
        const bool later = features(tb) == 0 && features(ta) > 0, earlier = features(ta) == 0 && features(tb) > 0;
        if (!later && !earlier) continue;
        const YearData& gap = later ? b : a;
        const FeatureTable* t = later ? tb : ta;
        MissingField m{comparison, gap.label, l.name, {}, {}, {}, {}, 0, false, false, {}, 0, {}, {}};
        m.empty = t != nullptr;
        m.earlier = earlier;
        m.file = t != nullptr ? t->source : !gap.project_path.empty() ? gap.project_path : gap.source;
        m.other_features = features(later ? ta : tb);
        return m;
      }
  return std::nullopt;
}

void discount_layer_gaps(const YearData& a, const YearData& b, const std::vector<ItemPair>& items, const std::vector<std::optional<MissingField>>& gaps,
                         size_t ar, size_t br, VillageTransition& vt) {
  using indicators::Outcome;
  bool any = false;
  double real_a = 0, real_b = 0;  // required items failed, not counting those reading a gap
  for (size_t k = 0; k < items.size(); ++k) {
    const Outcome oa = a.result.cell(ar, items[k].a_index).outcome, ob = b.result.cell(br, items[k].b_index).outcome;
    if (!gaps[k]) {
      real_a += items[k].required && oa == Outcome::fail ? 1 : 0;
      real_b += items[k].required && ob == Outcome::fail ? 1 : 0;
      continue;
    }
    ItemTransition& t = vt.items[k];
    any = any || items[k].required;
    if (t.transition == Transition::still_pass) continue;
    t.transition = !gaps[k]->earlier && oa == Outcome::pass ? Transition::unverified : Transition::unknown;
    t.cause = t.transition == Transition::unknown ? gaps[k]->what() + gaps[k]->since() + "，本项无法比较" : std::string();
    t.ask_township = false;
  }
  if (!any) return;
  const Outcome va = a.result.verdict[ar], vb = b.result.verdict[br];
  const Transition o = vt.overall;
  const bool moved = o == Transition::regressed || o == Transition::improved || o == Transition::still_fail_worse || o == Transition::still_fail_better;
  if (va == Outcome::unknown || vb == Outcome::unknown || !moved) return;
  if (va == Outcome::pass && vb != Outcome::pass && real_b == 0) vt.overall = Transition::unverified;  // lost only with the gap
  else if (va != Outcome::pass && vb == Outcome::pass && real_a == 0) vt.overall = Transition::unknown;  // gained only with the gap
  else if (va != Outcome::pass && vb != Outcome::pass)
    vt.overall = real_b > real_a ? Transition::still_fail_worse : real_b < real_a ? Transition::still_fail_better : Transition::still_fail;
}

std::vector<MissingField> missing_fields(const CompareDocument& doc) {
  std::vector<MissingField> out;
  for (size_t k = 0; k < doc.comparisons.size(); ++k) {
    const Comparison& cmp = doc.comparisons[k];
    const YearData& a = doc.years[k];
    const YearData& b = doc.years[k + 1];
    if (!a.has_features || !b.has_features) continue;
    const size_t first = out.size();
    const auto add = [&](MissingField found, size_t i, const std::set<size_t>& villages) {
      auto it = std::find_if(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(),
                             [&](const MissingField& m) { return m.layer == found.layer && m.field == found.field; });
      if (it == out.end()) {
        out.push_back(std::move(found));
        it = out.end() - 1;
      }
      it->items.push_back(cmp.items[i].name_zh);
      it->pairs.insert(villages.begin(), villages.end());
      it->villages = it->pairs.size();
    };
    for (size_t i = 0; i < cmp.items.size(); ++i) {
      const indicators::Item& item = b.result.rules.items[cmp.items[i].b_index];
      std::set<size_t> villages;
      if (std::optional<MissingField> gap = layer_gap(a, b, item, k)) {  // said even where no village passed before (tour 13 M8)
        const Transition counted = gap->earlier ? Transition::unknown : Transition::unverified;
        for (const VillageTransition& vt : cmp.villages)
          if (vt.items[i].transition == counted) villages.insert(vt.pair);
        add(std::move(*gap), i, villages);
        continue;
      }
      std::set<size_t> came;  // the villages the item is unknown for the earlier year, known for the later
      for (const VillageTransition& vt : cmp.villages) {
        if (vt.items[i].transition == Transition::unverified) villages.insert(vt.pair);
        if (vt.items[i].transition == Transition::unknown) came.insert(vt.pair);
      }
      if (villages.empty() && came.empty()) continue;
      std::set<std::pair<std::string, std::string>> read;
      fields_read(b.result.rules, item, read);
      for (const auto& [layer, field] : read) {  // each way: the later year lacks it (达标 → 数据不全), or the earlier (无法比较)
        std::string which;
        if (!villages.empty() && lacks(a, b, layer, field, which)) add(field_gap(k, a, b, which, field, false), i, villages);
        else if (!came.empty() && lacks(b, a, layer, field, which)) add(field_gap(k, b, a, which, field, true), i, came);
      }
    }
  }
  return out;
}

std::string year_layer_gap(const CompareDocument& doc, size_t y, const indicators::Item& own) {
  const YearData& year = doc.years[y];
  if (!year.has_features) return {};
  std::set<std::string> layers;
  layers_read(year.result.rules, own, layers);
  std::set<std::pair<std::string, std::string>> read;
  fields_read(year.result.rules, own, read);
  for (const auto& [layer, field] : read) layers.insert(layer);
  layers.erase(std::string(io::target_layer));
  for (const std::string& layer : layers)
    for (const YearData& other : doc.years) {
      if (&other == &year || !other.has_features) continue;
      for (const FeatureTable& l : other.ws.layers) {
        if (l.size() == 0 || (l.name != layer && l.name.rfind(layer + "_", 0) != 0)) continue;  // the layer or a companion
        const FeatureTable* t = year.ws.layer(l.name);
        if (t == nullptr) return layer_zh(l.name) + "图层缺失";
        if (t->size() == 0) return layer_zh(l.name) + "图层为空";
      }
    }
  return {};
}

YearRate year_rate(const CompareDocument& doc, size_t yi, const std::vector<MissingField>& missing, const indicators::Item& last) {
  const YearData& y = doc.years[yi];
  const indicators::RuleSet& last_rules = doc.years.back().result.rules;
  const indicators::Item* own = counterpart(y.result.rules, last_rules, last);  // under another id in a copied file (tour 13 M16)
  YearRate out;
  if (own == nullptr) {
    out.gap = "无法比较（该年标准没有此项）";
    return out;
  }
  if (std::string layer = year_layer_gap(doc, yi, *own); !layer.empty()) {
    out.gap = "数据不全（" + layer + "）";
    return out;
  }
  const auto i = static_cast<size_t>(own - y.result.rules.items.data());
  size_t pass = 0;
  for (size_t v = 0; v < y.result.village_count; ++v) {
    pass += y.result.cell(v, i).outcome == indicators::Outcome::pass ? 1 : 0;
    out.unknown += y.result.cell(v, i).outcome == indicators::Outcome::unknown ? 1 : 0;
  }
  if (y.result.village_count > 0 && out.unknown == y.result.village_count) {
    std::string why = "该年每个村都缺少此项的数据";
    for (const MissingField& m : missing)
      if (m.year == y.label && !m.field.empty() && std::find(m.items.begin(), m.items.end(), last.name_zh) != m.items.end())
        why = m.gap_words();
    out.gap = "数据不全（" + why + "）";
    return out;
  }
  out.rate = y.result.village_count ? static_cast<double>(pass) / static_cast<double>(y.result.village_count) : 0.0;
  return out;
}

const MissingField* missing_field_of(const std::vector<MissingField>& missing, size_t comparison, const std::string& item_name) {
  for (const auto& m : missing)
    if (m.comparison == comparison && std::find(m.items.begin(), m.items.end(), item_name) != m.items.end()) return &m;
  return nullptr;
}

}  // namespace jiuyou::compare
