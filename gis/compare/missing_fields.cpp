// A field one year lacks (a dropped column mapping): one cause said once, not
// one alert per village (compare_report.hpp).
#include <algorithm>
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

// The earlier year's layer `layer` (or a companion) that the later year's project has not at all (tour 12 L25).
bool lacks_layer(const YearData& a, const YearData& b, const std::string& layer, std::string& which) {
  for (const FeatureTable& la : a.ws.layers) {
    if (la.name != layer && la.name.rfind(layer + "_", 0) != 0) continue;
    if (b.ws.layer(la.name) != nullptr) continue;
    which = la.name;
    return true;
  }
  return false;
}

std::string source_column(const YearData& y, const std::string& layer, const std::string& field) {
  const auto l = y.source_columns.find(layer);
  if (l == y.source_columns.end()) return {};
  const auto f = l->second.find(field);
  return f == l->second.end() ? std::string() : f->second;
}

}  // namespace

std::string MissingField::field_zh() const { return !source_name.empty() ? source_name : report::label_of(field); }

std::string MissingField::field_words() const {
  const std::string shown = field_zh();
  return shown == field ? field : shown + "（" + field + "）";
}

std::string MissingField::what() const {
  return field.empty() ? year_name(year) + "项目中没有" + layer_zh(layer) + "图层" : year_name(year) + layer_zh(layer) + "图层缺少字段 " + field_zh();
}

std::string MissingField::text() const {
  std::string names;
  for (const auto& n : items) names += (names.empty() ? "" : "、") + n;
  if (field.empty())
    return what() + "（前一年有）：影响 " + std::to_string(villages) + " 个村的 " + std::to_string(items.size()) + " 项指标（" + names +
           "），这些村由达标变为数据不全；请检查该年项目文件的图层（[layers." + layer + "]）";
  return year_name(year) + " " + layer_zh(layer) + "图层缺少字段 " + field_words() + "（前一年有）：影响 " + std::to_string(villages) + " 个村的 " +
         std::to_string(items.size()) + " 项指标（" + names + "），这些村由达标变为数据不全；请检查该年项目文件的字段对应或数据表的列名";
}

std::vector<MissingField> missing_fields(const CompareDocument& doc) {
  std::vector<MissingField> out;
  for (size_t k = 0; k < doc.comparisons.size(); ++k) {
    const Comparison& cmp = doc.comparisons[k];
    const YearData& a = doc.years[k];
    const YearData& b = doc.years[k + 1];
    if (!a.has_features || !b.has_features) continue;
    const size_t first = out.size();
    for (size_t i = 0; i < cmp.items.size(); ++i) {
      std::set<std::pair<std::string, std::string>> read;
      fields_read(b.result.rules, b.result.rules.items[cmp.items[i].b_index], read);
      std::set<size_t> villages;
      for (const VillageTransition& vt : cmp.villages)
        if (vt.items[i].transition == Transition::unverified) villages.insert(vt.pair);
      if (villages.empty()) continue;
      std::set<std::string> layers;
      layers_read(b.result.rules, b.result.rules.items[cmp.items[i].b_index], layers);
      for (const auto& [layer, field] : read) layers.insert(layer);
      for (const std::string& layer : layers) read.insert({layer, std::string()});  // "": the whole layer
      for (const auto& [layer, field] : read) {
        std::string which;
        if (field.empty() ? !lacks_layer(a, b, layer, which) : !lacks(a, b, layer, field, which)) continue;
        auto it = std::find_if(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(),
                               [&](const MissingField& m) { return m.layer == which && m.field == field; });
        if (it == out.end()) {
          out.push_back({k, b.label, which, field, source_column(a, which, field), {}, {}, 0});
          it = out.end() - 1;
        }
        it->items.push_back(cmp.items[i].name_zh);
        it->pairs.insert(villages.begin(), villages.end());
        it->villages = it->pairs.size();
      }
    }
  }
  return out;
}

const MissingField* missing_field_of(const std::vector<MissingField>& missing, size_t comparison, const std::string& item_name) {
  for (const auto& m : missing)
    if (m.comparison == comparison && std::find(m.items.begin(), m.items.end(), item_name) != m.items.end()) return &m;
  return nullptr;
}

}  // namespace jiuyou::compare
