// The check's result as model tables (villages with results, gaps, summaries)
// and the Chinese evidence sentences the tables and reports share.
#include <cassert>
#include <cctype>
#include <cmath>
#include <string>
#include <unordered_set>
#include <vector>

#include "gis/io/schema.hpp"
#include "gis/report/check_evidence.hpp"
#include "gis/report/check_report.hpp"
#include "gis/report/report_text.hpp"
#include "gis/report/result_names.hpp"

namespace jiuyou::report {
namespace {

using indicators::CheckResult;
using indicators::Item;
using indicators::ItemKind;
using indicators::ItemResult;
using indicators::Outcome;
using detail::given;

// Which evidence columns an item's kind fills.
struct EvidenceFields {
  bool distance = false, nearest_fid = false, unconnected = false, share = false, value = false;
  bool note = true;  // the evidence sentence (Evidence::full only)
};

EvidenceFields evidence_fields(const Item& item) {
  EvidenceFields f;
  switch (item.kind) {
    case ItemKind::network_access:
      f.distance = f.nearest_fid = true;
      f.unconnected = item.require_connected;
      break;
    case ItemKind::facility: f.distance = f.nearest_fid = true; break;
    case ItemKind::water_convenience: f.distance = f.nearest_fid = f.value = true; break;
    case ItemKind::coverage: f.share = true; break;
    case ItemKind::attribute: f.value = true; break;
    case ItemKind::all_of:
    case ItemKind::any_of: break;
  }
  return f;
}

// What the features of a layer are called in a sentence.
std::string layer_noun(const Item& item) {
  if (item.layer == "roads") return "硬化路";
  if (item.layer == "power") return "电网线路";
  if (item.layer == "water") return "安全水源";
  if (item.layer == "broadband") return "通信覆盖";
  if (item.layer == "facilities") return "设施";
  return "要素（" + item.layer + "）";
}

std::string number_text(double v) {
  if (!given(v)) return "—";
  if (std::abs(v - std::round(v)) < 1e-9 && std::abs(v) < 1e15) return detail::fixed(v, 0);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

std::string limit_text(const Item& item) {
  return item.max_distance_m >= 0 ? "（标准 ≤ " + detail::distance_text(item.max_distance_m) + "）" : std::string();
}

// A sentence from the numbers, for cells whose note is empty.
std::string composed_evidence(const CheckResult& result, size_t v, size_t i) {
  const Item& item = result.rules.items[i];
  const ItemResult& r = result.cell(v, i);
  if (item.kind == ItemKind::all_of || item.kind == ItemKind::any_of) {
    // The children that decide the outcome: failing ones for fail, unknown ones for unknown.
    std::string out;
    for (const auto& child_id : item.children) {
      for (size_t c = 0; c < result.rules.items.size(); ++c) {
        if (result.rules.items[c].id != child_id) continue;
        const Outcome co = result.cell(v, c).outcome;
        if (co == Outcome::pass || (r.outcome == Outcome::fail && co != Outcome::fail)) continue;
        if (!out.empty()) out += "；";
        out += result.rules.items[c].name_zh + " " + detail::outcome_zh(co) + ": " + evidence_zh(result, v, c);
      }
    }
    return out.empty() ? std::string(detail::outcome_zh(r.outcome)) : out;
  }
  if (r.outcome == Outcome::pass && !given(r.distance_m) && !given(r.share) && !given(r.value))
    return item.kind == ItemKind::attribute ? "达标（" + item.expression + "）" : std::string("达标");
  if (r.outcome == Outcome::unknown) {
    if (item.kind == ItemKind::attribute) return "数据缺失（" + item.expression + "）";
    return "数据缺失（图层 " + item.layer + (item.kind == ItemKind::water_convenience ? " 或高程 DEM" : "") + "）";
  }
  switch (item.kind) {
    case ItemKind::network_access: {
      const std::string noun = (item.require_connected ? "连通的" : "") + layer_noun(item);
      std::string s = given(r.distance_m) ? "最近的" + noun + " " + detail::distance_text(r.distance_m) : "无" + noun;
      s += limit_text(item);
      if (item.require_connected && given(r.unconnected_distance_m) && (!given(r.distance_m) || r.unconnected_distance_m < r.distance_m))
        s += "；最近的未连通" + layer_noun(item) + " " + detail::distance_text(r.unconnected_distance_m);
      return s;
    }
    case ItemKind::facility: {
      std::string s = given(r.distance_m) ? "最近的" + layer_noun(item) + " " + detail::distance_text(r.distance_m) : "无" + layer_noun(item);
      s += item.max_distance_m >= 0 ? limit_text(item) : "（须在本村）";
      return s;
    }
    case ItemKind::water_convenience: {
      std::string s = given(r.distance_m) ? "最近的" + layer_noun(item) + " " + detail::distance_text(r.distance_m) : "无" + layer_noun(item);
      s += limit_text(item);
      if (given(r.value)) {
        s += "，高差 " + detail::fixed(r.value, 0) + " m";
        if (item.max_vertical_m >= 0) s += "（标准 ≤ " + detail::fixed(item.max_vertical_m, 0) + " m）";
      }
      return s;
    }
    case ItemKind::coverage:
      return given(r.share) ? "覆盖 " + detail::percent_text(r.share) + "（标准 ≥ " + detail::percent_text(item.min_share) + "）" : "不在覆盖范围内";
    case ItemKind::attribute:
      return given(r.value) ? "值 " + number_text(r.value) + "（" + item.expression + "）" : item.expression;
    case ItemKind::all_of:
    case ItemKind::any_of: break;
  }
  return {};
}

// Appends a real column's value or null.
void push_real(Column& c, double v) {
  if (given(v)) {
    c.push_real(v);
  } else {
    c.push_null();
  }
}

// Both summary tables share one schema; the first column names the unit.
FeatureTable summary_table(const CheckResult& result, std::string name, const char* unit_field,
                           const std::vector<const indicators::TownshipSummary*>& rows) {
  FeatureTable t;
  t.name = std::move(name);
  t.geometry.kind = GeometryKind::none;
  const auto& items = result.rules.items;
  std::vector<Column> cols;
  cols.emplace_back(unit_field, FieldType::text);
  cols.emplace_back("villages", FieldType::integer);
  cols.emplace_back("exit", FieldType::integer);
  cols.emplace_back("fail", FieldType::integer);
  cols.emplace_back("unknown", FieldType::integer);
  cols.emplace_back("exit_rate", FieldType::real);
  for (const auto& it : items) {
    if (!it.visible) continue;
    cols.emplace_back(it.id + "_pass", FieldType::integer);
    cols.emplace_back(it.id + "_fail", FieldType::integer);
    cols.emplace_back(it.id + "_unknown", FieldType::integer);
    cols.emplace_back(it.id + "_pass_rate", FieldType::real);
  }
  auto at = [](const std::vector<size_t>& v, size_t i) -> int64_t { return i < v.size() ? static_cast<int64_t>(v[i]) : 0; };
  for (size_t r = 0; r < rows.size(); ++r) {
    const auto& s = *rows[r];
    t.fid.push_back(static_cast<int64_t>(r) + 1);
    t.geometry.add_null_feature();
    const double n = static_cast<double>(s.villages);
    size_t c = 0;
    cols[c++].push_text(s.township);
    cols[c++].push_int(static_cast<int64_t>(s.villages));
    cols[c++].push_int(static_cast<int64_t>(s.exit));
    cols[c++].push_int(static_cast<int64_t>(s.fail));
    cols[c++].push_int(static_cast<int64_t>(s.unknown));
    push_real(cols[c++], n > 0 ? static_cast<double>(s.exit) / n : indicators::k_nan);
    for (size_t i = 0; i < items.size(); ++i) {
      if (!items[i].visible) continue;
      cols[c++].push_int(at(s.item_pass, i));
      cols[c++].push_int(at(s.item_fail, i));
      cols[c++].push_int(at(s.item_unknown, i));
      push_real(cols[c++], n > 0 ? static_cast<double>(at(s.item_pass, i)) / n : indicators::k_nan);
    }
  }
  t.columns = std::move(cols);
  return t;
}

// What a village lacks, in the words of report.html ("集体经济收入达到5万元以上（村集体经济收入 2.63 万元（标准 ≥ 5
// 万元，差 2.37 万元））"): the required visible items that do not pass. This is the text a county's GIS clerk reads
// when clicking a village in QGIS or the viewer, so it carries no field names or expressions.
std::string missing_items_words(const detail::EvidenceWriter& words, const CheckResult& result, size_t v) {
  std::string out;
  for (size_t i = 0; i < result.item_count(); ++i) {
    const Item& item = result.rules.items[i];
    if (!item.visible || !item.required) continue;
    const Outcome o = result.cell(v, i).outcome;
    if (o == Outcome::pass) continue;
    const std::string text = words.cell(v, i).text;
    out += (out.empty() ? "" : "；") + item.name_zh;
    if (o == Outcome::unknown) {
      out += "（数据不全" + (text.empty() ? std::string{} : "：" + text) + "）";
    } else if (!text.empty()) {
      out += "（" + text + "）";
    }
  }
  return out;
}

}  // namespace

std::string threshold_zh(const indicators::RuleSet& rules, const Item& it) {
  std::string s;
  switch (it.kind) {
    case ItemKind::network_access:
      s = "≤ " + detail::distance_text(it.max_distance_m);
      if (it.require_connected) {
        const std::string& via = it.anchor_filter.empty() ? it.trunk_filter : it.anchor_filter;
        s += std::string(it.anchor_filter.empty() ? "，须连通主干" : "，须连通电源") + (via.empty() ? "" : "（" + via + "）");
      }
      return s;
    case ItemKind::coverage:
      s = "点状村位于覆盖范围内，面状村覆盖 ≥ " + detail::percent_text(it.min_share);
      if (!it.tower_filter.empty()) s += "；基站（" + it.tower_filter + "）半径 " + detail::distance_text(it.tower_radius_m);
      if (!it.fiber_filter.empty()) s += "；或光缆（" + it.fiber_filter + "）距村 ≤ " + detail::distance_text(it.fiber_max_distance_m);
      return s;
    case ItemKind::water_convenience:
      s = "水平 ≤ " + detail::distance_text(it.max_distance_m);
      if (it.max_vertical_m >= 0) s += "，垂直 ≤ " + detail::fixed(it.max_vertical_m, 0) + " m";
      if (!it.served_filter.empty()) s += "；或位于供水范围（" + it.served_filter + "）";
      return s;
    case ItemKind::facility:
      s = it.link_by_code ? "按村代码关联" : "";
      if (it.inside_counts) s += std::string(s.empty() ? "" : "或") + "位于村内";
      if (it.max_distance_m >= 0) s += std::string(s.empty() ? "" : "或") + "距离 ≤ " + detail::distance_text(it.max_distance_m);
      return s;
    case ItemKind::attribute: return it.expression;
    case ItemKind::all_of:
    case ItemKind::any_of: {
      s = it.kind == ItemKind::all_of ? "全部满足: " : "任一满足: ";
      for (size_t k = 0; k < it.children.size(); ++k) {
        const Item* child = rules.item(it.children[k]);
        s += (k ? "、" : "") + (child != nullptr ? child->name_zh : it.children[k]);
      }
      return s;
    }
  }
  return s;
}

std::string evidence_zh(const CheckResult& result, size_t village, size_t item) {
  const ItemResult& r = result.cell(village, item);
  if (!r.note.empty()) return r.note;
  return composed_evidence(result, village, item);
}

std::vector<std::string> village_lacks_zh(const CheckResult& result, size_t village, Outcome outcome, bool required) {
  std::vector<std::string> out;
  for (size_t i = 0; i < result.item_count(); ++i) {
    const Item& item = result.rules.items[i];
    if (!item.visible || item.required != required || result.cell(village, i).outcome != outcome) continue;
    out.push_back(item.name_zh + ": " + evidence_zh(result, village, i));
  }
  return out;
}

FeatureTable villages_result_table(const WorkspaceView& ws, const CheckResult& result, Evidence evidence, const IssueLog* load_issues) {
  const bool full = evidence == Evidence::full;
  const FeatureTable* in = ws.layer(io::target_layer);
  const size_t n = result.village_count;
  assert(in == nullptr || in->size() == n);
  assert(result.cells.size() == n * result.item_count());
  const auto& items = result.rules.items;

  // The result columns, in order; built first so input fields of the same name can be dropped.
  std::vector<Column> cols;
  struct ItemColumns {
    size_t item = 0;
    EvidenceFields fields;
    size_t first = 0;  // index into cols of the outcome column
  };
  std::vector<ItemColumns> plan;
  for (size_t i = 0; i < items.size(); ++i) {
    const Item& it = items[i];
    if (!it.visible) continue;
    ItemColumns p{i, evidence_fields(it), cols.size()};
    p.fields.unconnected = p.fields.unconnected && full;
    p.fields.note = full;
    cols.emplace_back(it.id, FieldType::text);
    if (p.fields.distance) cols.emplace_back(it.id + "_distance_m", FieldType::real);
    if (p.fields.nearest_fid) cols.emplace_back(it.id + "_nearest_fid", FieldType::integer);
    if (p.fields.unconnected) cols.emplace_back(it.id + "_unconnected_m", FieldType::real);
    if (p.fields.share) cols.emplace_back(it.id + "_share", FieldType::real);
    if (p.fields.value) cols.emplace_back(it.id + "_value", FieldType::real);
    if (p.fields.note) cols.emplace_back(it.id + "_note", FieldType::text);
    plan.push_back(p);
  }
  const size_t tail = cols.size();
  for (const char* name : {"net4_count", "jiuyou_count", "failed_count", "unknown_count"}) cols.emplace_back(name, FieldType::integer);
  for (const char* name : {"verdict", "verdict_zh", "missing_items"}) cols.emplace_back(name, FieldType::text);
  for (auto& c : cols) c.reserve(n);
  const detail::EvidenceWriter words(ws, result, load_issues);

  for (size_t v = 0; v < n; ++v) {
    for (const auto& p : plan) {
      const ItemResult& r = result.cell(v, p.item);
      size_t c = p.first;
      cols[c++].push_text(detail::outcome_code(r.outcome));
      if (p.fields.distance) push_real(cols[c++], r.distance_m);
      if (p.fields.nearest_fid) {
        if (r.nearest_fid >= 0) {
          cols[c++].push_int(r.nearest_fid);
        } else {
          cols[c++].push_null();
        }
      }
      if (p.fields.unconnected) push_real(cols[c++], r.unconnected_distance_m);
      if (p.fields.share) push_real(cols[c++], r.share);
      if (p.fields.value) push_real(cols[c++], r.value);
      if (p.fields.note) {  // the report's sentence (Chinese field names, 万元), not the rule's expression (tour 12 L23)
        const std::string said = words.cell(v, p.item).text;
        cols[c++].push_text(said.empty() ? evidence_zh(result, v, p.item) : said);
      }
    }
    auto count = [](const std::vector<uint16_t>& c, size_t row) -> int64_t { return row < c.size() ? c[row] : 0; };
    size_t c = tail;
    cols[c++].push_int(count(result.net4_count, v));
    cols[c++].push_int(count(result.jiuyou_count, v));
    cols[c++].push_int(count(result.failed_count, v));
    cols[c++].push_int(count(result.unknown_count, v));
    const Outcome verdict = v < result.verdict.size() ? result.verdict[v] : Outcome::unknown;
    cols[c++].push_text(detail::verdict_code(verdict));
    cols[c++].push_text(detail::verdict_zh(verdict));
    cols[c++].push_text(missing_items_words(words, result, v));
  }

  FeatureTable t;
  t.name = "villages";
  t.crs = !ws.metric_crs.empty() ? ws.metric_crs : (in != nullptr ? in->crs : result.crs);
  if (in != nullptr) {
    t.source = in->source;
    t.source_layer = in->source_layer;
    t.source_crs = in->source_crs;
    t.geometry = in->geometry;
    t.fid = in->fid;
    // GeoPackage (SQLite) column names are case-insensitive: "Verdict" clashes with "verdict".
    auto folded = [](std::string s) {
      for (auto& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      return s;
    };
    std::unordered_set<std::string> taken;
    for (const auto& c : cols) taken.insert(folded(c.name()));
    for (const auto& c : in->columns)
      if (taken.count(folded(c.name())) == 0) t.columns.push_back(c);
  } else {
    t.geometry.kind = GeometryKind::point;
    for (size_t v = 0; v < n; ++v) {
      t.fid.push_back(static_cast<int64_t>(v) + 1);
      t.geometry.add_null_feature();
    }
  }
  for (auto& c : cols) t.columns.push_back(std::move(c));
  return t;
}

FeatureTable gaps_table(const WorkspaceView& ws, const CheckResult& result) {
  const FeatureTable* villages = ws.layer(io::target_layer);
  FeatureTable t;
  t.name = gaps_layer;
  t.crs = !ws.metric_crs.empty() ? ws.metric_crs : result.crs;
  t.geometry.kind = GeometryKind::line;
  Column code(gap_village_field, FieldType::text), name("village_name", FieldType::text), item_id("item", FieldType::text),
      item_zh("item_zh", FieldType::text), length("length_m", FieldType::real);
  for (size_t v = 0; v < result.village_count; ++v) {
    for (size_t i = 0; i < result.item_count(); ++i) {
      const Item& it = result.rules.items[i];
      if (it.kind != ItemKind::network_access && it.kind != ItemKind::facility && it.kind != ItemKind::water_convenience) continue;
      const ItemResult& r = result.cell(v, i);
      if (r.outcome != Outcome::fail || !given(r.from.x) || !given(r.from.y) || !given(r.to.x) || !given(r.to.y)) continue;
      t.fid.push_back(static_cast<int64_t>(t.fid.size()) + 1);
      t.geometry.add_vertex(r.from.x, r.from.y);
      t.geometry.add_vertex(r.to.x, r.to.y);
      t.geometry.close_ring();
      t.geometry.close_part();
      t.geometry.close_feature();
      code.push_text(detail::village_text(villages, "code", v));
      name.push_text(detail::village_text(villages, "name", v));
      item_id.push_text(it.id);
      item_zh.push_text(it.name_zh);
      length.push_real(std::hypot(r.to.x - r.from.x, r.to.y - r.from.y));
    }
  }
  t.columns = {std::move(code), std::move(name), std::move(item_id), std::move(item_zh), std::move(length)};
  return t;
}

FeatureTable township_summary_table(const CheckResult& result) {
  std::vector<const indicators::TownshipSummary*> rows;
  rows.reserve(result.townships.size());
  for (const auto& s : result.townships) rows.push_back(&s);
  return summary_table(result, "township_summary", "township", rows);
}

FeatureTable county_summary_table(const CheckResult& result) {
  indicators::TownshipSummary county = result.county_summary;
  if (county.township.empty()) county.township = result.county;
  return summary_table(result, "county_summary", "county", {&county});
}

}  // namespace jiuyou::report
