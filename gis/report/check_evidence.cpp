#include "gis/io/schema.hpp"
#include "gis/report/check_evidence.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <optional>

#include "gis/indicators/comparison.hpp"
#include "gis/indicators/expression.hpp"
#include "gis/report/report_text.hpp"

namespace jiuyou::report::detail {

using indicators::CheckResult;
using indicators::Expression;
using indicators::Item;
using indicators::ItemKind;
using indicators::ItemResult;
using indicators::Outcome;

// A simple comparison "<quantity> <op> <quantity>" bound to the villages layer,
// so that both sides can be evaluated and said with their labels.
struct EvidenceWriter::Attribute {
  Expression lhs, rhs;
  std::string op;      // > >= < <= = <>
  std::string label;   // of the left side
  Unit unit = Unit::none;
  bool county_reference = false;  // the right side is a county aggregate (全县平均)
  bool constant = false;          // the right side is a number (the standard); else a field or aggregate
  std::string rhs_label;          // 全县平均人均可支配收入增幅
};

namespace {

std::unique_ptr<EvidenceWriter::Attribute> bind_attribute(const Item& item, const FeatureTable* villages) {
  if (item.kind != ItemKind::attribute || villages == nullptr) return nullptr;
  // Quoted text compares no quantities: nothing to say as value against standard.
  if (item.expression.find('\'') != std::string::npos) return nullptr;
  const auto cmp = indicators::split_comparison(item.expression);
  if (!cmp) return nullptr;
  auto a = std::make_unique<EvidenceWriter::Attribute>();
  const std::string& left = cmp->left;
  const std::string& right = cmp->right;
  auto l = Expression::parse(left);
  auto r = Expression::parse(right);
  if (!l || !r || !l->bind(*villages, false) || !r->bind(*villages, false)) return nullptr;
  a->lhs = std::move(*l);
  a->rhs = std::move(*r);
  a->op = cmp->op;
  const FieldLabel* f = field_label(left);
  a->label = f ? std::string(f->label) : expression_zh(left);
  a->unit = f ? f->unit : Unit::none;
  a->county_reference = right.find("county_") != std::string::npos;
  char* end = nullptr;
  std::strtod(right.c_str(), &end);
  a->constant = end != nullptr && end != right.c_str() && *end == '\0';
  a->rhs_label = right == "county_mean(" + left + ")" ? std::string("全县平均") : expression_zh(right);
  return a;
}

std::optional<double> number_of(const indicators::Value& x) {
  if (x.type == indicators::Value::Type::number) return x.number;
  if (x.type == indicators::Value::Type::boolean) return x.boolean ? 1.0 : 0.0;
  return std::nullopt;
}

// How far a value is from passing "value op bound" (positive), 0 when it passes.
double shortfall_of(double value, const std::string& op, double bound) {
  if (op == ">=" || op == ">") return std::max(0.0, bound - value);
  if (op == "<=" || op == "<") return std::max(0.0, value - bound);
  return std::abs(value - bound);
}

std::string op_text(const std::string& op) {
  if (op == ">=") return "≥";
  if (op == "<=") return "≤";
  if (op == "<>" || op == "!=") return "≠";
  if (op == "==") return "=";
  return op;
}

const char* layer_noun_of(const std::string& layer) {
  static constexpr std::pair<const char*, const char*> k_nouns[] = {
      {"roads", "硬化路"}, {"power", "电网线路"}, {"water", "安全水源"}, {"broadband", "通信网络"}, {"facilities", "设施"}};
  for (const auto& [l, noun] : k_nouns)
    if (layer == l) return noun;
  return nullptr;
}

}  // namespace

// The kinds a filter names, in Chinese: kind IN ('culture', 'school') -> 文化活动场所或学校.
std::string quoted_kinds(const std::string& filter, const char* separator) {
  std::string out;
  for (size_t q = filter.find('\''); q != std::string::npos; q = filter.find('\'', q + 1)) {
    const size_t e = filter.find('\'', q + 1);
    if (e == std::string::npos) break;
    out += (out.empty() ? "" : separator) + kind_label(filter.substr(q + 1, e - q - 1));
    q = e;
  }
  return out;
}

std::string item_noun(const Item& item) {
  if (item.kind == ItemKind::facility) {
    std::string out = quoted_kinds(item.filter, "或");
    if (!out.empty()) return out;
  }
  const char* noun = layer_noun_of(item.layer);
  return noun ? noun : "相关设施";
}

EvidenceWriter::EvidenceWriter(const WorkspaceView& ws, const CheckResult& result, const IssueLog* load_issues)
    : m_ws(ws), m_result(result), m_villages(ws.layer(io::target_layer)) {
  for (size_t k = 0; load_issues != nullptr && m_villages != nullptr && k < load_issues->entries().size(); ++k) {
    const Issue& i = load_issues->entries()[k];
    if (i.code == "value_set_unknown" && i.layer == m_villages->name && i.feature >= 0) m_dropped[i.feature].emplace_back(i.field, i.message);
  }
  if (const FeatureTable* t = ws.layer("townships")) {
    const Column* code = t->column("code");
    const Column* name = t->column("name");
    for (size_t r = 0; code && name && r < t->size(); ++r)
      if (!code->is_null(r) && !name->is_null(r)) m_township_names[code->as_text(r)] = name->as_text(r);
  }
  for (size_t v = 0; m_villages && v < m_villages->size(); ++v) m_village_by_code[village_code(v)] = village_name(v);
  for (const auto& item : result.rules.items) m_attributes.push_back(bind_attribute(item, m_villages));
  // FID -> row for the layers a facility's evidence may name (a county's 80,000 villages would
  // otherwise scan the layer once per failing cell).
  std::vector<std::string> layers = result.evidence_layers;
  for (const auto& item : result.rules.items)
    if (item.kind == ItemKind::facility) layers.push_back(item.layer);
  for (const auto& name : layers) {
    const FeatureTable* t = ws.layer(name);
    if (t == nullptr || m_row_of_fid.count(name) != 0) continue;
    auto& rows = m_row_of_fid[name];
    for (size_t r = 0; r < t->fid.size(); ++r) rows.emplace(t->fid[r], r);
  }
}

EvidenceWriter::~EvidenceWriter() = default;

std::string EvidenceWriter::township_name(const std::string& code_or_name) const {
  const auto it = m_township_names.find(code_or_name);
  return it != m_township_names.end() ? it->second : code_or_name;
}

std::string EvidenceWriter::village_township(size_t v) const { return township_name(village_text(m_villages, "township", v)); }

std::string EvidenceWriter::village_code(size_t v) const { return village_text(m_villages, "code", v); }

std::string EvidenceWriter::village_name(size_t v) const {
  std::string n = village_text(m_villages, "name", v);
  if (n.empty()) n = village_code(v);
  return n.empty() ? "第 " + std::to_string(v + 1) + " 个村" : n;
}

std::string EvidenceWriter::facility_name(const Item& item, const ItemResult& r) const {
  // The layer the check measured to (several layers may hold facilities), else the item's.
  const bool named = r.nearest_layer >= 0 && static_cast<size_t>(r.nearest_layer) < m_result.evidence_layers.size();
  const std::string& layer = named ? m_result.evidence_layers[static_cast<size_t>(r.nearest_layer)] : item.layer;
  const FeatureTable* t = m_ws.layer(layer);
  const auto rows = m_row_of_fid.find(layer);
  if (t == nullptr || rows == m_row_of_fid.end()) return item_noun(item);
  const auto hit = rows->second.find(r.nearest_fid);
  if (hit == rows->second.end()) return item_noun(item);
  const size_t row = hit->second;
  std::string name = village_text(t, "name", row);
  const std::string kind = village_text(t, "kind", row);
  std::string what = kind.empty() ? item_noun(item) : kind_label(kind);
  if (!name.empty()) return name + "（" + what + "）";
  const auto village = m_village_by_code.find(village_text(t, "village_code", row));
  return village != m_village_by_code.end() ? village->second + what : what;
}

MeasureInfo EvidenceWriter::measure(size_t i) const {
  const Item& item = m_result.rules.items[i];
  switch (item.kind) {
    case ItemKind::network_access:
    case ItemKind::facility:
    case ItemKind::water_convenience: return {"距离（米）", Unit::none, true};
    case ItemKind::coverage: return {"覆盖率", Unit::share, false};
    case ItemKind::attribute:
      if (const auto& a = m_attributes[i]) return {a->label, a->unit, false};
      return {"", Unit::none, false};
    case ItemKind::all_of:
    case ItemKind::any_of: break;
  }
  return {"", Unit::none, false};
}

std::string EvidenceWriter::standard(size_t i) const {
  const Item& it = m_result.rules.items[i];
  switch (it.kind) {
    case ItemKind::network_access: {
      std::string s = item_noun(it) + "距村 ≤ " + distance_text(it.max_distance_m);
      if (!it.require_connected) return s;
      const std::string& via = it.anchor_filter.empty() ? it.trunk_filter : it.anchor_filter;
      std::string kinds = quoted_kinds(via, "、");
      if (kinds.empty()) kinds = via.empty() ? "主干网" : "“" + expression_zh(via) + "”";
      return s + (it.anchor_filter.empty() ? "，且须与" + kinds + "连通" : "，且须连到" + kinds);
    }
    case ItemKind::coverage: return "村庄在信号覆盖范围内（面状村覆盖 ≥ " + percent_text(it.min_share) + "）";
    case ItemKind::water_convenience: {
      std::string s = "取水水平距离 ≤ " + distance_text(it.max_distance_m);
      if (it.max_vertical_m >= 0) s += "、垂直高差 ≤ " + util::fixed(it.max_vertical_m, 0) + " m";
      return s + (it.served_filter.empty() ? "" : "，或村庄在供水服务区内");
    }
    case ItemKind::facility: {
      std::string s = "本村有" + item_noun(it);
      if (it.max_distance_m >= 0) s += "，或 " + distance_text(it.max_distance_m) + " 内有";
      // A filter with more than the kind ("kind = 'clinic' AND qualified_doctor") says its condition.
      if (it.filter.find(" AND ") != std::string::npos || it.filter.find(" and ") != std::string::npos) s += "（须" + expression_zh(it.filter) + "）";
      return s;
    }
    case ItemKind::attribute: return expression_zh(it.expression);
    case ItemKind::all_of:
    case ItemKind::any_of: {
      std::string s = it.kind == ItemKind::all_of ? "以下各项都达标：" : "以下任一项达标：";
      for (size_t k = 0; k < it.children.size(); ++k) {
        const Item* child = m_result.rules.item(it.children[k]);
        s += (k ? "、" : "") + (child ? child->name_zh : std::string("（未知项）"));
      }
      return s;
    }
  }
  return {};
}

CellEvidence EvidenceWriter::cell(size_t v, size_t i) const {
  const Item& item = m_result.rules.items[i];
  const ItemResult& r = m_result.cell(v, i);
  if (item.kind == ItemKind::all_of || item.kind == ItemKind::any_of) return composite_cell(v, i);
  if (r.outcome == Outcome::unknown) return unknown_cell(v, i);
  if (item.kind == ItemKind::attribute) return attribute_cell(v, i);
  return distance_cell(v, i);
}

CellEvidence EvidenceWriter::passed_numbers(size_t v, size_t i) const {
  const Item& item = m_result.rules.items[i];
  const ItemResult& r = m_result.cell(v, i);
  CellEvidence e;
  switch (item.kind) {
    case ItemKind::network_access:
    case ItemKind::facility:
    case ItemKind::water_convenience: e.measure = r.distance_m; break;
    case ItemKind::coverage: e.measure = r.share; break;
    case ItemKind::attribute:
      if (const auto& a = m_attributes[i]) {
        const auto value = number_of(a->lhs.evaluate(v));
        if (value && number_of(a->rhs.evaluate(v))) e.measure = *value;  // as attribute_cell
      }
      break;
    case ItemKind::all_of:
    case ItemKind::any_of: break;
  }
  return e;
}

CellEvidence EvidenceWriter::composite_cell(size_t v, size_t i) const {
  const Item& item = m_result.rules.items[i];
  const Outcome outcome = m_result.cell(v, i).outcome;
  CellEvidence e;
  for (const auto& child_id : item.children) {
    for (size_t c = 0; c < m_result.rules.items.size(); ++c) {
      if (m_result.rules.items[c].id != child_id) continue;
      const Outcome co = m_result.cell(v, c).outcome;
      if (co == Outcome::pass || (outcome == Outcome::fail && co != Outcome::fail)) continue;
      // A measured child says what it measured; a yes/no child needs its name.
      const std::string text = cell(v, c).text;
      const Item& child = m_result.rules.items[c];
      const bool self_describing = co == Outcome::fail && (child.kind != ItemKind::attribute || m_attributes[c] != nullptr) && !text.empty();
      e.text += (e.text.empty() ? "" : "；") + (self_describing ? text : child.name_zh + (text.empty() ? "" : "（" + text + "）"));
    }
  }
  return e;
}

const std::string* EvidenceWriter::dropped_reason(size_t v, const std::string& field) const {
  if (m_dropped.empty() || m_villages == nullptr || v >= m_villages->size()) return nullptr;
  const auto it = m_dropped.find(m_villages->fid[v]);
  if (it == m_dropped.end()) return nullptr;
  for (const auto& [f, why] : it->second)
    if (f == field) return &why;
  return nullptr;
}

// Every value given and still no answer: a ratio over a field that is 0 (户籍人口 0 for 贫困发生率). Said with the
// zero, never a bare "缺少数据" that sends the office to look for a value that is there (tour 12 L3).
std::string EvidenceWriter::zero_divisor_text(size_t v, size_t i) const {
  const auto& a = m_attributes[i];
  std::string zeros;
  if (a && m_villages != nullptr && v < m_villages->size())
    for (const auto* side : {&a->lhs, &a->rhs})
      for (const std::string& f : side->fields()) {
        const Column* c = m_villages->column(f);
        if (c == nullptr || !c->is_numeric() || c->is_null(v) || c->number(v).value_or(1.0) != 0.0) continue;
        const std::string said = label_of(f) + " 为 0";
        if (zeros.find(said) == std::string::npos) zeros += (zeros.empty() ? "" : "、") + said;
      }
  return zeros.empty() ? "缺少数据" : "数据不合理：" + zeros + "，无法计算（已按未知处理）";
}

CellEvidence EvidenceWriter::unknown_cell(size_t v, size_t i) const {
  const Item& item = m_result.rules.items[i];
  CellEvidence e;
  if (item.kind == ItemKind::attribute) {
    std::string fields, implausible;
    if (const auto& a = m_attributes[i]) {
      std::vector<std::string> missing = a->lhs.null_fields(v);
      for (const auto& f : a->rhs.null_fields(v)) missing.push_back(f);
      // A value in the file that the loader found implausible is not missing: said with the value.
      for (const auto& f : missing) {
        if (const std::string* why = dropped_reason(v, f)) implausible += (implausible.empty() ? "" : "；") + label_of(f) + " " + *why;
        else fields += (fields.empty() ? "" : "、") + label_of(f);
      }
    }
    if (!implausible.empty()) e.text = "数据不合理：" + implausible + "（已按未知处理）" + (fields.empty() ? "" : "；缺少数据：" + fields);
    else if (!fields.empty()) e.text = "缺少数据：" + fields;
    else e.text = zero_divisor_text(v, i);
    return e;
  }
  if (m_ws.layer(item.layer) == nullptr) {
    e.text = "缺少" + item_noun(item) + "图层，无法判断";
    return e;
  }
  const ItemResult& r = m_result.cell(v, i);
  // The engine's own reason, when it is a plain sentence (DEM missing, village outside the DEM, ...).
  const bool plain = !r.note.empty() && std::none_of(r.note.begin(), r.note.end(), [](char c) { return c == '_'; });
  e.text = plain ? r.note : "数据不足，无法判断";
  return e;
}

CellEvidence EvidenceWriter::attribute_cell(size_t v, size_t i) const {
  const Item& item = m_result.rules.items[i];
  const Outcome outcome = m_result.cell(v, i).outcome;
  CellEvidence e;
  const auto& a = m_attributes[i];
  if (!a) {
    // Not a simple comparison: a condition such as "村有主导产业" (a yes/no field) or a compound one.
    const FieldLabel* f = field_label(item.expression);
    e.text = f && f->unit == Unit::boolean ? (outcome == Outcome::pass ? "是" : "否")
                                           : (outcome == Outcome::pass ? "达到“" : "未达到“") + expression_zh(item.expression) + "”";
    return e;
  }
  const auto value = number_of(a->lhs.evaluate(v));
  const auto bound = number_of(a->rhs.evaluate(v));
  if (!value || !bound) {
    e.text = (outcome == Outcome::pass ? "达到“" : "未达到“") + expression_zh(item.expression) + "”";
    return e;
  }
  e.measure = *value;
  e.text = a->label + " " + (outcome == Outcome::fail ? value_text_apart(*value, a->unit, *bound) : value_text(*value, a->unit));
  const std::string reference = a->constant ? "标准 " + op_text(a->op) + " " + value_text(*bound, a->unit)
                                            : a->rhs_label + " " + value_text(*bound, a->unit);
  if (outcome == Outcome::fail) {
    e.shortfall = shortfall_of(*value, a->op, *bound);
    const std::string gap = difference_text(e.shortfall, a->unit);
    e.text += "（" + reference + (gap.empty() || e.shortfall <= 0 ? "" : "，差 " + gap) + "）";
  } else {
    e.text += "（" + reference + "）";
  }
  return e;
}

CellEvidence EvidenceWriter::distance_cell(size_t v, size_t i) const {
  const Item& item = m_result.rules.items[i];
  const ItemResult& r = m_result.cell(v, i);
  CellEvidence e;
  e.measure = r.distance_m;
  const std::string noun = (item.require_connected ? "连通" : "") + item_noun(item);
  const double limit = item.max_distance_m;
  switch (item.kind) {
    case ItemKind::coverage:
      e.measure = r.share;
      if (r.outcome == Outcome::pass) e.text = given(r.share) && r.share < 1 ? "覆盖 " + percent_text(r.share) : "在覆盖范围内";
      else if (!given(r.share) || r.share <= 0) e.text = "不在信号覆盖范围内";
      if (r.outcome == Outcome::fail && given(r.share)) e.shortfall = std::max(0.0, item.min_share - r.share);
      if (r.outcome == Outcome::fail && given(r.share) && r.share > 0)
        e.text = "覆盖 " + percent_text(r.share, 1) + "，差 " + difference_text(e.shortfall, Unit::share) + "（标准 ≥ " + percent_text(item.min_share) + "）";
      return e;
    case ItemKind::facility: {
      if (r.outcome == Outcome::pass) {
        e.text = r.note.find("村代码") != std::string::npos ? "本村有" + item_noun(item) : given(r.distance_m) && r.distance_m > 0 ? item_noun(item) + "距村 " + distance_text(r.distance_m) : "本村有" + item_noun(item);
        return e;
      }
      e.text = given(r.distance_m) ? "本村没有；最近的是" + facility_name(item, r) + "，" + distance_text(r.distance_m)
                                   : "本村没有，全县也没有" + item_noun(item);
      if (limit >= 0 && given(r.distance_m)) e.shortfall = r.distance_m - limit;
      break;
    }
    case ItemKind::water_convenience:
    case ItemKind::network_access: {
      if (r.outcome == Outcome::pass) {
        e.text = item.kind == ItemKind::water_convenience && !given(r.value) && r.note.find("服务区") != std::string::npos
                     ? "在供水服务区内"
                     : (r.distance_m < 1 ? "村内有" + noun : noun + "距村 " + distance_text(r.distance_m)) +
                           (given(r.value) ? "，高差 " + util::fixed(r.value, 0) + " m" : "");
        return e;
      }
      const bool too_high = item.kind == ItemKind::water_convenience && given(r.distance_m) && r.distance_m <= limit && given(r.value);
      if (too_high) {
        e.text = distance_text(limit) + " 内的水源高差都在 " + util::fixed(r.value, 0) + " m 以上（标准 ≤ " + util::fixed(item.max_vertical_m, 0) + " m）";
        e.shortfall = r.value - item.max_vertical_m;
        e.text += "，差 " + util::fixed(e.shortfall, 0) + " m";
        return e;
      }
      e.text = given(r.distance_m) ? "最近的" + noun + " " + distance_text(r.distance_m) : "全县没有" + noun;
      if (given(r.distance_m) && limit >= 0) e.shortfall = r.distance_m - limit;
      if (given(e.shortfall) && e.shortfall > 0) e.text += "，差 " + distance_text(e.shortfall) + "（标准 ≤ " + distance_text(limit) + "）";
      if (item.require_connected && given(r.unconnected_distance_m) && (!given(r.distance_m) || r.unconnected_distance_m < r.distance_m))
        e.text += r.unconnected_distance_m < 1 ? "；村内就有" + item_noun(item) + "，但未连通"
                                               : "；" + distance_text(r.unconnected_distance_m) + " 处有" + item_noun(item) + "，但未连通";
      return e;
    }
    default: break;
  }
  if (given(e.shortfall) && e.shortfall > 0) e.text += "，差 " + distance_text(e.shortfall) + "（标准 ≤ " + distance_text(limit) + "）";
  return e;
}

std::vector<std::string> EvidenceWriter::lacks(size_t v, Outcome outcome, bool required) const {
  // Children said inside a listed composite are not repeated on their own.
  std::vector<bool> said(m_result.item_count(), false);
  for (size_t i = 0; i < m_result.item_count(); ++i) {
    const Item& item = m_result.rules.items[i];
    if (!item.visible || !item.required || m_result.cell(v, i).outcome != outcome) continue;
    for (const auto& c : item.children)
      for (size_t k = 0; k < m_result.item_count(); ++k) said[k] = said[k] || m_result.rules.items[k].id == c;
  }
  std::vector<std::string> out;
  for (size_t i = 0; i < m_result.item_count(); ++i) {
    const Item& item = m_result.rules.items[i];
    if (!item.visible || item.required != required || m_result.cell(v, i).outcome != outcome) continue;
    if (!required && said[i]) continue;
    const std::string text = cell(v, i).text;
    out.push_back(item.name_zh + (text.empty() ? "" : "：" + text));
  }
  // A verdict decided only by items that are not listed on their own: name them.
  for (size_t i = 0; required && out.empty() && i < m_result.item_count(); ++i) {
    const Item& item = m_result.rules.items[i];
    if (item.visible || !item.required || m_result.cell(v, i).outcome != outcome) continue;
    const std::string text = cell(v, i).text;
    out.push_back(item.name_zh + (text.empty() ? "" : "：" + text));
  }
  return out;
}

}  // namespace jiuyou::report::detail
