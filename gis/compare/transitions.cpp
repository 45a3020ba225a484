#include "gis/io/codes.hpp"
#include "gis/io/schema.hpp"
#include "gis/compare/transitions.hpp"
#include "gis/compare/geometry_inputs.hpp"
#include "gis/compare/reach.hpp"
#include "gis/compare/year_differences.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "gis/compare/compare_report.hpp"
#include "gis/report/report_text.hpp"

namespace jiuyou::compare {

namespace {

using indicators::Outcome;

Transition classify(Outcome a, Outcome b, double shortfall_a, double shortfall_b) {
  if (a == Outcome::pass && b == Outcome::unknown) return Transition::unverified;
  if (a == Outcome::unknown || b == Outcome::unknown) return Transition::unknown;
  if (a == Outcome::pass) return b == Outcome::pass ? Transition::still_pass : Transition::regressed;
  if (b == Outcome::pass) return Transition::improved;
  if (std::isnan(shortfall_a) || std::isnan(shortfall_b)) return Transition::still_fail;
  const double eps = 1e-6 * std::max(1.0, std::max(std::abs(shortfall_a), std::abs(shortfall_b)));
  if (shortfall_b > shortfall_a + eps) return Transition::still_fail_worse;
  if (shortfall_b < shortfall_a - eps) return Transition::still_fail_better;
  return Transition::still_fail;
}

std::vector<LayerDiff> diff_layers(const YearData& a, const YearData& b, const DiffOptions& options) {
  std::vector<LayerDiff> out;
  if (!a.has_features || !b.has_features) return out;
  for (const auto& la : a.ws.layers) {
    if (la.name == io::target_layer) continue;
    const FeatureTable* lb = b.ws.layer(la.name);
    // A layer one year delivers empty is a data gap said once (missing_fields.cpp), not every feature 消失 (tour 13 M8).
    if (lb != nullptr && (lb->size() > 0) == (la.size() > 0)) out.push_back(diff_layer_in_datum(a, b, la, *lb, options));  // tour 12 L12: matched across an undeclared datum
  }
  return out;
}

// The county names to put before a township's in a project of several counties
// ("十堰县梅关乡"): code -> name; empty for one county (tour 11 K2).
// A county renumbered as a whole (撤县设区) is one county: its earlier code is left out (tour 12 L27).
std::map<std::string, std::string> counties_when_several(const YearData& a, const YearData& b, const MatchResult& match) {
  std::set<std::string> codes;
  const std::set<std::string> renumbered = renumbered_counties(a, match);
  for (const YearData* y : {&a, &b})
    for (size_t r = 0; r < y->villages().size(); ++r) {
      const std::string c = village_county(*y, static_cast<int>(r));
      if (!c.empty() && (y == &b || renumbered.count(c) == 0)) codes.insert(c);
    }
  std::map<std::string, std::string> out;
  if (codes.size() < 2) return out;
  io::CountyNames names = io::project_counties(b.ws.layers);
  for (const auto& [code, name] : io::project_counties(a.ws.layers)) names.emplace(code, name);
  for (const std::string& c : codes) {
    const auto it = names.find(c);
    out.emplace(c, it != names.end() && !it->second.empty() ? it->second : c);
  }
  return out;
}

std::string county_of_code(const std::map<std::string, std::string>& counties, const std::string& code) {
  if (counties.empty() || code.size() < 6) return std::string();
  const auto it = counties.find(code.substr(0, 6));
  return it != counties.end() ? it->second : code.substr(0, 6);
}

// A township whose code stayed and whose name changed: said once, so that last
// year's documents (by the old name) can be matched ("乡镇更名：永寺镇 → 溪池镇";
// in a project of several counties "十堰县梅关乡 → 长丰湾乡").
void township_renames(const YearData& a, const YearData& b, const MatchResult& match, std::vector<std::string>& notes) {
  std::vector<std::pair<std::string, std::string>> sorted(a.township_names.begin(), a.township_names.end());
  std::sort(sorted.begin(), sorted.end());
  const auto counties = counties_when_several(a, b, match);
  for (const auto& [code, before] : sorted) {
    const auto it = b.township_names.find(code);
    if (it != b.township_names.end() && !it->second.empty() && it->second != before)
      notes.push_back("乡镇更名：" + county_of_code(counties, code) + before + " → " + it->second + "（" + year_name(b.label) + "起，乡镇代码 " + code +
                      " 不变）");
  }
}

// A township the later year's villages no longer name, whose villages went to
// another township: said once, like a rename ("乡镇撤并：古城乡 2025 年起不再单列，
// 其 9 个村并入石古镇"), so that its villages under another township are read
// as an administrative change (tour 10 H25).
void township_merges(const YearData& a, const YearData& b, const MatchResult& match, std::vector<std::string>& notes) {
  std::set<std::string> later;
  for (size_t r = 0; r < b.villages().size(); ++r) later.insert(township_key(b, static_cast<int>(r)));
  std::map<std::string, std::map<std::string, size_t>> went;  // earlier township -> later township -> villages
  for (const VillageMatch& m : match.pairs) {
    if (m.a_row < 0) continue;
    const std::string from = township_key(a, m.a_row);
    if (later.count(from) > 0 || from.substr(from.find('|') + 1).empty()) continue;
    auto& to = went[from];
    if (m.b_row >= 0) ++to[township_key(b, m.b_row)];
  }
  const auto counties = counties_when_several(a, b, match);
  const auto town = [&counties](const YearData& y, const std::string& key) {
    const std::string county = key.substr(0, key.find('|')), raw = key.substr(key.find('|') + 1), name = township_name(y, raw);
    const auto c = counties.find(county);
    return (c != counties.end() ? c->second : std::string()) + (name == raw ? name : name + "（乡镇代码 " + raw + "）");
  };
  for (const auto& [from, to] : went) {
    const auto raw = [](const std::string& key) { return key.substr(key.find('|') + 1); };
    const std::string x = raw(to.empty() ? std::string() : to.begin()->first), y = raw(from);
    const bool renumbered = x.size() == 9 && y.size() == 9 && x.compare(0, 4, y, 0, 4) == 0 && x.compare(6, 3, y, 6, 3) == 0;  // 撤县设区 (tour 12 L27)
    // The same township under a renumbered county, its own code renumbered too (镇 → 街道) but its name kept (stems) (tour 13 M28).
    const bool same_name = x.size() == 9 && y.size() == 9 && x.compare(0, 4, y, 0, 4) == 0 &&
                           name_stem(township_name(a, y)) == name_stem(township_name(b, x)) && township_name(a, y) != y;
    if (to.size() == 1 && (x == y || renumbered || same_name)) continue;  // the same township under a renumbered county
    std::string into;
    for (const auto& [key, n] : to) into += (into.empty() ? "" : "、") + town(b, key) + " " + std::to_string(n) + " 个";
    notes.push_back("乡镇撤并：" + town(a, from) + " " + year_name(b.label) + "起不再单列" +
                    (into.empty() ? "，其村在后一年的村图层中都没有找到" : "，原辖村并入 " + into) + "（行政区划调整，不是村的变化）");
  }
}

// ---- one rule for both years (tour 11 K25) ----

// The earlier year's villages judged under the later year's rule of each compared item whose rule differs, so that
// a move is read under one rule: an outcome that did not change under it moved with the standard, not on the ground.
struct SameRule {
  std::vector<bool> differs;  // per Comparison::items
  std::vector<int> index;     // per Comparison::items: the item in `earlier` (-1: not re-judged)
  indicators::CheckResult earlier;
  bool full = false;          // every item re-judged: `earlier.verdict` is last year's verdict under this year's standard
};

SameRule rejudge_earlier(const YearData& a, const YearData& b, const std::vector<ItemPair>& items) {
  SameRule s;
  s.differs.assign(items.size(), false);
  s.index.assign(items.size(), -1);
  const auto& ra = a.result.rules;
  const auto& rb = b.result.rules;
  indicators::CheckParams params;
  params.sanity_notes = false;
  for (size_t k = 0; k < items.size(); ++k) {
    const indicators::Item& ib = rb.items[items[k].b_index];
    s.differs[k] = !same_rule(ra, ra.items[items[k].a_index], rb, ib);
    // Without its layers the earlier year can be re-judged only on the village's own fields.
    if (s.differs[k] && (a.has_features || ib.kind == indicators::ItemKind::attribute)) params.items.push_back(ib.id);
  }
  // Under another standard with last year's layers, the whole standard: a verdict lost (or gained) through items only
  // one standard has, or through a real change in an item while the village's verdict under one standard stayed, is
  // the standard's (tour 11 K25).
  s.full = a.has_features && (!same_standard(ra, rb) || !params.items.empty());
  if (s.full) params.items.clear();
  if ((!s.full && params.items.empty()) || a.ws.layer(io::target_layer) == nullptr) return s;
  auto r = indicators::check_villages(a.ws, rb, params);
  if (!r || r->village_count != a.villages().size()) {
    s.full = false;
    return s;
  }
  s.earlier = std::move(*r);
  for (size_t k = 0; k < items.size(); ++k)
    for (size_t j = 0; j < s.earlier.rules.items.size() && s.differs[k]; ++j)
      if (s.earlier.rules.items[j].id == items[k].id) s.index[k] = static_cast<int>(j);
  return s;
}

// An item whose rule differs between the years, read under the later year's rule: a move that does not persist under
// it is 因标准变化 with both rules named; a shortfall under two rules measures nothing, so it is compared under one.
void judge_under_one_rule(const YearData& a, const YearData& b, const Comparison& cmp, const SameRule& same, size_t k, size_t ar, size_t br,
                          ItemTransition& t) {
  if (!same.differs[k] || t.transition == Transition::by_input) return;
  const ItemPair& ip = cmp.items[k];
  const auto& ca = a.result.cell(ar, ip.a_index);
  const auto& cb = b.result.cell(br, ip.b_index);
  if (ca.outcome == Outcome::unknown || cb.outcome == Outcome::unknown) return;
  const indicators::Item& ia = a.result.rules.items[ip.a_index];
  const indicators::Item& ib = b.result.rules.items[ip.b_index];
  const indicators::ItemResult* r = same.index[k] >= 0 ? &same.earlier.cell(ar, static_cast<size_t>(same.index[k])) : nullptr;
  const Outcome under = r != nullptr ? r->outcome : Outcome::unknown;
  if (ca.outcome == cb.outcome) {
    if (cb.outcome == Outcome::fail && under == Outcome::fail) t.transition = classify(under, cb.outcome, r->shortfall, cb.shortfall);
    return;
  }
  const std::string rule = standard_change(a.result.rules, ia, b.result.rules, ib);
  if (under != Outcome::unknown && under != cb.outcome) {  // the move persists under one rule: real, the line it is judged by said (tour 12 L11)
    t.cause += (t.cause.empty() ? "" : "；") + rule + "（按 " + year_name(b.label) + "的标准判断）";
    return;
  }
  const bool distances = !std::isnan(ca.distance_m) && !std::isnan(cb.distance_m);
  const std::string values = ib.kind == indicators::ItemKind::attribute ? t.cause
                             : !distances ? std::string()
                             : report::detail::distance_text(ca.distance_m) == report::detail::distance_text(cb.distance_m)
                                 ? "最近合格距离仍为 " + report::detail::distance_text(cb.distance_m)
                                 : "最近合格距离 " + report::detail::distance_text(ca.distance_m) + " → " + report::detail::distance_text(cb.distance_m);
  t.transition = Transition::by_standard;
  if (under == Outcome::unknown)
    t.cause = rule + "；" + year_name(a.label) + "的数据无法按 " + year_name(b.label) + "的标准重新判断，结论的变化按标准变化计";
  else
    t.cause = rule + "；按同一标准本村未变（按 " + year_name(b.label) + "的标准，" + year_name(a.label) + "同样" + (under == Outcome::pass ? "达标" : "不达标") + "）" +
              (values.empty() || values.find("所用数据未变") != std::string::npos ? "" : "，" + values);
}

bool any_input_change(const VillageTransition& vt) {
  return std::any_of(vt.items.begin(), vt.items.end(), [](const ItemTransition& t) { return t.transition == Transition::by_input; });
}

// A compared item whose outcome differs between the years (data that came or went included), other than by another
// DEM or unit, or, under two rule sets, an attribute item whose fields kept their values (its threshold moved: tour 10
// J5, 贫困发生率 under another standard's limit).
// `direction`: +1 only items that went up (or whose data came or went), -1 only those that went down, 0 any: a
// verdict lost while the compared items only improved moved with the items one standard alone has (tour 11 K25).
// Between two known verdicts an item that is unknown in either year decided neither (tour 11 K27: a split's
// figure gone missing does not make its clinic's move a change on the ground).
bool any_item_changed(const YearData& a, const YearData& b, const std::vector<ItemPair>& items, const VillageTransition& vt, size_t ar, size_t br,
                      int direction) {
  const bool same_rules = same_standard(a.result.rules, b.result.rules);
  const bool verdicts_known = a.result.verdict[ar] != Outcome::unknown && b.result.verdict[br] != Outcome::unknown;
  for (size_t k = 0; k < items.size(); ++k) {
    if (vt.items[k].transition == Transition::by_input || vt.items[k].transition == Transition::by_standard) continue;
    const auto oa = a.result.cell(ar, items[k].a_index).outcome, ob = b.result.cell(br, items[k].b_index).outcome;
    if (oa == ob || (verdicts_known && (oa == Outcome::unknown || ob == Outcome::unknown))) continue;
    if ((direction > 0 && oa == Outcome::pass) || (direction < 0 && ob == Outcome::pass)) continue;
    const indicators::Item& ib = b.result.rules.items[items[k].b_index];
    const bool both_known = oa != Outcome::unknown && ob != Outcome::unknown;
    if (!same_rules && both_known && ib.kind == indicators::ItemKind::attribute && attribute_inputs_unchanged(a, b, ar, br, ib.expression)) continue;
    return true;
  }
  return false;
}

// Failed required items among those both years have: under two rule sets the
// year's own count of failed items measures another list of items.
// `only_real`: not counting the items whose move was the standard's or another input's (tour 12 L15).
double common_failed(const YearData& y, size_t row, const std::vector<ItemPair>& items, bool later, const VillageTransition* only_real = nullptr) {
  double n = 0;
  for (size_t k = 0; k < items.size(); ++k) {
    const ItemPair& it = items[k];
    if (only_real != nullptr && (only_real->items[k].transition == Transition::by_standard || only_real->items[k].transition == Transition::by_input)) continue;
    if (it.required && y.result.cell(row, later ? it.b_index : it.a_index).outcome == Outcome::fail) ++n;
  }
  return n;
}

// The exit verdict of a matched village across two years. Under different rule
// sets a verdict or shortfall that moved while no compared item changed is the
// standard's doing (因标准变化), never 改善, 差距缩小 or 返贫风险; the shortfall
// counts the items both standards have.
// A verdict moved only by an item change that came from another DEM or unit (by_input) is by_input too.
Transition overall_of(const YearData& a, const YearData& b, const std::vector<ItemPair>& items, const SameRule& same, const VillageTransition& vt, size_t ar,
                      size_t br) {
  const bool same_rules = same_standard(a.result.rules, b.result.rules);
  const Transition t = same_rules ? classify(a.result.verdict[ar], b.result.verdict[br], a.result.failed_count[ar], b.result.failed_count[br])
                                  : classify(a.result.verdict[ar], b.result.verdict[br], common_failed(a, ar, items, false), common_failed(b, br, items, true));
  const bool moved = t == Transition::improved || t == Transition::regressed || t == Transition::still_fail_better || t == Transition::still_fail_worse;
  const bool verdict_moved = a.result.verdict[ar] != b.result.verdict[br];
  if (same.full && verdict_moved && t != Transition::unverified && t != Transition::unknown && same.earlier.verdict[ar] == b.result.verdict[br])
    return Transition::by_standard;  // under this year's standard last year's verdict was the same
  const int direction = t == Transition::improved || t == Transition::still_fail_better ? 1 : t == Transition::regressed || t == Transition::still_fail_worse ? -1 : 0;
  const bool standard_items = std::any_of(vt.items.begin(), vt.items.end(), [](const ItemTransition& i) { return i.transition == Transition::by_standard; });
  if (moved && !verdict_moved && (!same_rules || standard_items)) {
    // The verdict stayed (不可出列 both years): 因标准变化 would hide it from 仍不达标; its gap is measured on the items that
    // moved on the ground (tour 12 L15).
    const Transition real = classify(a.result.verdict[ar], b.result.verdict[br], common_failed(a, ar, items, false, &vt), common_failed(b, br, items, true, &vt));
    return real == Transition::still_fail && any_input_change(vt) ? Transition::by_input : real;
  }
  if (!(moved || verdict_moved) || t == Transition::unverified || t == Transition::unknown || any_item_changed(a, b, items, vt, ar, br, direction)) return t;
  if (!same_rules || standard_items) return Transition::by_standard;
  return any_input_change(vt) ? Transition::by_input : t;
}

}  // namespace

std::string year_name(const std::string& label) {
  const bool year = label.size() == 4 && std::all_of(label.begin(), label.end(), [](char c) { return c >= '0' && c <= '9'; });
  return year ? label + " 年" : label;
}

const char* to_string(Transition t) {
  switch (t) {
    case Transition::still_pass: return "still_pass";
    case Transition::improved: return "improved";
    case Transition::regressed: return "regressed";
    case Transition::still_fail_worse: return "still_fail_worse";
    case Transition::still_fail_better: return "still_fail_better";
    case Transition::still_fail: return "still_fail";
    case Transition::by_standard: return "by_standard";
    case Transition::by_input: return "by_input";
    case Transition::unverified: return "unverified";
    case Transition::unknown: return "unknown";
  }
  return "";
}

const char* to_string_zh(Transition t) {
  switch (t) {
    case Transition::still_pass: return "持续达标";
    case Transition::improved: return "新达标（改善）";
    case Transition::regressed: return "新不达标（返贫风险）";
    case Transition::still_fail_worse: return "仍不达标，差距扩大";
    case Transition::still_fail_better: return "仍不达标，差距缩小";
    case Transition::still_fail: return "仍不达标";
    case Transition::by_standard: return "因标准变化（分项未变）";
    case Transition::by_input: return "因数据口径变化（非实地变化）";
    case Transition::unverified: return "原达标，现数据不全（需核实）";
    case Transition::unknown: return "无法比较";
  }
  return "";
}

Result<Comparison> compare_years(const YearData& a, const YearData& b, const Crosswalk* crosswalk, const CompareOptions& options) {
  Comparison cmp;
  cmp.a_label = a.label;
  cmp.b_label = b.label;
  ASSIGN_OR_RETURN(cmp.match, match_villages(a, b, crosswalk, options.match));
  cmp.notes = cmp.match.notes;
  cmp.items = common_items(a, b, cmp.notes);
  cmp.layers = diff_layers(a, b, options.diff);
  if (!a.has_features || !b.has_features) cmp.notes.push_back("有一年只有检查结果、没有原始图层：变化原因只列属性和距离，不列具体要素");
  township_renames(a, b, cmp.match, cmp.notes);
  township_merges(a, b, cmp.match, cmp.notes);
  const InputDifferences inputs = input_differences(a, b, cmp.match, cmp.items);
  cmp.notes.insert(cmp.notes.end(), inputs.notes.begin(), inputs.notes.end());
  const GeometryInputs geometry = geometry_inputs(a, b, cmp.layers);  // village points vs polygons, a layer in another datum (tour 11 K19, K20)
  cmp.notes.insert(cmp.notes.end(), geometry.notes.begin(), geometry.notes.end());
  cmp.villages.reserve(cmp.match.pairs.size());
  const SameRule same = rejudge_earlier(a, b, cmp.items);
  NetworkPieces pieces;  // the later year's topologies, built once for all the regressions
  std::vector<std::optional<MissingField>> gaps;  // a layer one year lacks or delivers empty (tour 13 M8, M24)
  for (const ItemPair& it : cmp.items) gaps.push_back(layer_gap(a, b, b.result.rules.items[it.b_index], 0));
  for (size_t p = 0; p < cmp.match.pairs.size(); ++p) {
    const VillageMatch& m = cmp.match.pairs[p];
    VillageTransition vt;
    vt.pair = p;
    vt.items.resize(cmp.items.size());
    if (m.a_row >= 0 && m.b_row >= 0) {
      const auto ar = static_cast<size_t>(m.a_row), br = static_cast<size_t>(m.b_row);
      for (size_t k = 0; k < cmp.items.size(); ++k) {
        const auto& ca = a.result.cell(ar, cmp.items[k].a_index);
        const auto& cb = b.result.cell(br, cmp.items[k].b_index);
        ItemTransition& t = vt.items[k];
        t.transition = classify(ca.outcome, cb.outcome, ca.shortfall, cb.shortfall);
        if (t.transition == Transition::regressed || t.transition == Transition::improved)
          t.cause = explain_change(a, b, cmp, m, cmp.items[k].a_index, cmp.items[k].b_index, options, &pieces);
      }
      discount_geometry_changes(a, b, geometry, cmp, vt);  // first: a village point moved by the kind of geometry is no merge
      discount_input_changes(a, b, inputs, cmp, vt);
      for (size_t k = 0; k < cmp.items.size(); ++k) judge_under_one_rule(a, b, cmp, same, k, ar, br, vt.items[k]);
      judge_split(a, b, cmp, m, vt);  // before the verdict: a verdict moved by the split's items alone is by_input (tour 13 M10)
      const bool by_merge = judge_merge(a, b, cmp, m, vt);
      vt.overall = by_merge ? Transition::by_input : merged_gap(cmp, m, overall_of(a, b, cmp.items, same, vt, ar, br));
      discount_layer_gaps(a, b, cmp.items, gaps, ar, br, vt);
    } else if (m.b_row < 0 && !m.abolished && a.result.verdict[static_cast<size_t>(m.a_row)] == Outcome::pass) {
      vt.overall = Transition::regressed;  // could exit, and is not in the later year at all: an alert, never a silent gap
    }
    cmp.villages.push_back(std::move(vt));
  }
  return cmp;
}

}  // namespace jiuyou::compare
