#include "gis/compare/year_differences.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <iomanip>
#include <sstream>
#include <map>
#include <optional>
#include <set>
#include <string_view>

#include "gis/compare/compare_report.hpp"
#include "gis/indicators/expression.hpp"
#include "gis/io/codes.hpp"
#include "gis/io/schema.hpp"
#include "gis/report/check_caveats.hpp"
#include "gis/report/labels.hpp"
#include "gis/report/report_text.hpp"

namespace jiuyou::compare {

namespace {

using indicators::ItemKind;
using indicators::Outcome;

// ---- the DEM ----

std::string metres(double m) { return std::to_string(std::lround(std::abs(m))) + " m"; }

// What differs between two DEMs by their metadata (cell size, file, extent), then by their cells.
std::string dem_difference(const Raster& a, const Raster& b) {
  std::string out;
  const auto add = [&out](const std::string& part) { out += (out.empty() ? "" : "，") + part; };
  const double ca = std::abs(a.cell_size_x()), cb = std::abs(b.cell_size_x());
  if (std::abs(ca - cb) > 0.01 * std::max(ca, cb)) add(metres(ca) + " → " + metres(cb) + " 网格");
  const std::string fa = std::filesystem::path(a.source).filename().string(), fb = std::filesystem::path(b.source).filename().string();
  if (fa != fb) add("文件 " + fa + " → " + fb);
  const BBox ba = a.bbox(), bb = b.bbox();
  const double tol = std::max(ca, cb);
  if (std::abs(ba.min_x - bb.min_x) > tol || std::abs(ba.max_x - bb.max_x) > tol || std::abs(ba.min_y - bb.min_y) > tol || std::abs(ba.max_y - bb.max_y) > tol)
    add("覆盖范围不同");
  if (out.empty() && (a.width != b.width || a.height != b.height || a.values != b.values)) add("网格相同，高程值不同");
  return out;
}

void compare_dems(const YearData& a, const YearData& b, InputDifferences& d) {
  if (!a.has_features || !b.has_features) return;
  const bool has_a = a.ws.dem && !a.ws.dem->empty(), has_b = b.ws.dem && !b.ws.dem->empty();
  if (has_a && has_b) d.dem_text = dem_difference(*a.ws.dem, *b.ws.dem);
  else if (has_a != has_b) {
    const YearData& without = has_a ? b : a;
    d.dem_text = year_name(without.label) + (without.ws.dem_unused.empty() ? "没有高程数据" : "的高程数据未使用（" + without.ws.dem_unused + "）");
  }
  d.dem_changed = !d.dem_text.empty();
  if (d.dem_changed)
    d.notes.push_back(year_name(b.label) + "高程数据与 " + year_name(a.label) + "不同（" + d.dem_text +
                      "）：取水高差按各年的高程数据量算，水源、距离和标准都未变、只有高差变化的供水指标，记为“因数据口径变化”，不列为返贫风险或改善");
}

// ---- a unit slip in a money column ----

// Later / earlier for most villages near one of these: the unit changed, not the villages.
struct UnitFactor {
  double factor;
  const char* share;  // 万分之一
  const char* guess;  // 由元改为万元
  const char* unit;   // the larger unit one of the years was filled in: 万元
  const char* check;  // what to check: 该列的单位（列名写明单位，或在表头上方写“金额单位：万元”）
};
constexpr const char* k_money_check = "该列的单位（列名写明单位，或在表头上方写“金额单位：万元”）";
constexpr const char* k_rate_check = "该列是按小数还是按百分数填写（应填小数，0.095 表示 9.5%）";
// Money columns (元 ↔ 万元, 千元) and, for rate and share columns, a percent filled in for a fraction (11.3 for
// 0.113: tour 11 K21), whose county mean is then polluted too.
constexpr std::array<UnitFactor, 6> k_unit_factors{{
    {1e-4, "万分之一", "由元改为万元", "万元", k_money_check},
    {1e-3, "千分之一", "由元改为千元", "千元", k_money_check},
    {1e4, "一万倍", "由万元改为元", "万元", k_money_check},
    {1e3, "一千倍", "由千元改为元", "千元", k_money_check},
    {1e2, "一百倍", "由小数（0.095）改为百分数（9.5）", "百分数", k_rate_check},
    {1e-2, "百分之一", "由百分数（9.5）改为小数（0.095）", "百分数", k_rate_check},
}};

// Whether the factor is one a field of this unit can slip by: percent for rates and shares, money units otherwise.
bool factor_fits(const UnitFactor& f, const std::string& field) {
  const report::FieldLabel* l = report::field_label(field);
  const bool rate = l != nullptr && l->unit == report::Unit::share;
  return rate == (f.check == k_rate_check);
}
constexpr double k_unit_tolerance = 3.0;  // a ratio within ×/÷ 3 of the factor counts towards finding a rescaled scope
// Within a rescaled county or township, a village is at the factor (its change
// is the unit's alone, 因数据口径变化) when its own ratio is within ×/÷ 1.3 of
// it: a year's real drift of a village's money (a few to 20-odd percent) plus
// the rounding of 万元 to two decimals. A village further off fell or rose on
// top of the unit change and is judged on its value converted by the factor
// (tour 11 K11: 5.77 万 → 2.6 万 is 1/22,192, a real fall).
constexpr double k_unit_at_factor = 1.3;
constexpr double k_unit_majority = 0.6;   // of the villages with a value both years
constexpr size_t k_unit_min_villages = 5;           // for the county
constexpr size_t k_unit_min_township_villages = 3;  // for one township
constexpr double k_unit_tight = 1.05;     // a lone village: within ×/÷ 1.05 of the factor (a drift of a few percent)

// Later / earlier of one matched village's field (nullopt: not both positive).
std::optional<double> ratio_of(const VillageMatch& m, const Column& ca, const Column& cb) {
  if (m.a_row < 0 || m.b_row < 0) return std::nullopt;
  const auto va = ca.number(static_cast<size_t>(m.a_row)), vb = cb.number(static_cast<size_t>(m.b_row));
  if (!va || !vb || *va <= 0 || *vb <= 0) return std::nullopt;
  return *vb / *va;
}

bool near_factor(double ratio, double factor, double tolerance) { return ratio > factor / tolerance && ratio < factor * tolerance; }

// The unit factor most of these villages' ratios sit near, with the villages of them that have both values.
std::optional<RescaledField> rescaled(const std::vector<const VillageMatch*>& pairs, const Column& ca, const Column& cb, size_t min_villages) {
  std::array<size_t, k_unit_factors.size()> near{}, at{};
  size_t both = 0;
  for (const VillageMatch* m : pairs) {
    const auto ratio = ratio_of(*m, ca, cb);
    if (!ratio) continue;
    ++both;
    for (size_t f = 0; f < k_unit_factors.size(); ++f) {
      if (!factor_fits(k_unit_factors[f], cb.name())) continue;
      near[f] += near_factor(*ratio, k_unit_factors[f].factor, k_unit_tolerance) ? 1 : 0;
      at[f] += near_factor(*ratio, k_unit_factors[f].factor, k_unit_at_factor) ? 1 : 0;
    }
  }
  if (both < min_villages) return std::nullopt;
  for (size_t f = 0; f < k_unit_factors.size(); ++f)
    if (near[f] > 0 && static_cast<double>(near[f]) >= k_unit_majority * static_cast<double>(both))
      return RescaledField{cb.name(), report::label_of(cb.name()), k_unit_factors[f].factor, at[f], both, {}, false, false, {}};
  return std::nullopt;
}

const UnitFactor& unit_factor(double factor) {
  for (const UnitFactor& f : k_unit_factors)
    if (f.factor == factor) return f;
  return k_unit_factors.front();
}

// The village fields the compared items read (a unit slip in a field no item reads moves nothing).
std::set<std::string> village_fields_read(const YearData& b, const std::vector<ItemPair>& items) {
  std::set<std::pair<std::string, std::string>> read;
  for (const ItemPair& i : items) fields_read(b.result.rules, b.result.rules.items[i.b_index], read);
  std::set<std::string> out;
  for (const auto& [layer, field] : read)
    if (layer == io::target_layer) out.insert(field);
  return out;
}

void note_rescaled(const YearData& a, const YearData& b, const RescaledField& r, bool several_counties, InputDifferences& d) {
  const UnitFactor& f = unit_factor(r.factor);
  const std::string counts = "（" + std::to_string(r.villages) + " / " + std::to_string(r.of) + " 个村）";
  const std::string others = r.villages < r.of ? "其余 " + std::to_string(r.of - r.villages) + " 个村不在" + f.share +
                                                     "左右（单位之外还有实际增减），按换算后的数值逐村判断；"
                                               : std::string();
  if (r.scope.empty())
    d.notes.push_back(year_name(b.label) + " " + r.label + " 普遍为 " + year_name(a.label) + "的" + f.share + "左右" + counts + "：单位可能" + f.guess +
                      "（或单位没有写明）。读它的指标的变化记为“因数据口径变化”，不逐村列为返贫风险；" + others + "请核对" + f.check + "后重新比较");
  else if (r.county)  // every township of one county of several (tour 11 K30)
    d.notes.push_back(year_name(b.label) + r.scope + "各村的 " + r.label + " 普遍为 " + year_name(a.label) + "的" + f.share + "左右" + counts +
                      "，项目中其他县没有这种变化：该县报送的数据单位可能" + f.guess + "。这些村读它的指标的变化记为“因数据口径变化”，不列为返贫风险；" + others +
                      "请核对该县报表" + f.check + "，改正后重新比较");
  else
    d.notes.push_back(year_name(b.label) + r.scope + "各村的 " + r.label + " 普遍为 " + year_name(a.label) + "的" + f.share + "左右" + counts + "，" +
                      (several_counties ? "同县" : "县内") + "其他乡镇没有这种变化：该乡镇报送的数据单位可能" + f.guess +
                      "。这些村读它的指标的变化记为“因数据口径变化”，不列为返贫风险；" + others + "请核对该乡镇报表" + f.check + "，改正后重新比较");
}

// Lone villages whose money field sits tightly at a unit factor, said in one note per field and factor.
void note_lone(const YearData& a, const YearData& b, const std::vector<RescaledField>& lone, InputDifferences& d) {
  std::map<std::pair<std::string, double>, std::string> names;
  for (const RescaledField& r : lone) {
    std::string& n = names[{r.label, r.factor}];
    n += (n.empty() ? "" : "、") + r.scope;
  }
  for (const auto& [key, list] : names) {
    const UnitFactor& f = unit_factor(key.second);
    d.notes.push_back(year_name(b.label) + list + "的 " + key.first + " 恰为 " + year_name(a.label) + "的" + f.share + "：单村的单位可能" + f.guess +
                      "（录入笔误），不列为返贫风险，记为“因数据口径变化”，待核实：核对这些村台账中该列的数值和单位，改正后重新比较");
  }
}

// One field: the county, else each township, else each lone money value at a factor.
void find_rescaled_field(const YearData& a, const YearData& b, const MatchResult& match, const Column& ca, const Column& cb, InputDifferences& d) {
  std::vector<const VillageMatch*> all;
  std::map<std::string, std::vector<const VillageMatch*>> by_township;
  for (const VillageMatch& m : match.pairs)
    if (m.a_row >= 0 && m.b_row >= 0) all.push_back(&m), by_township[township_key(b, m.b_row)].push_back(&m);
  if (auto r = rescaled(all, ca, cb, k_unit_min_villages)) {
    note_rescaled(a, b, *r, false, d);
    d.rescaled.push_back(std::move(*r));
    return;
  }
  std::set<std::string> slipped, counties;
  std::map<std::string, std::vector<const VillageMatch*>> by_county;
  for (const auto& [key, pairs] : by_township) {
    counties.insert(key.substr(0, key.find('|')));
    auto& in = by_county[key.substr(0, key.find('|'))];
    in.insert(in.end(), pairs.begin(), pairs.end());
  }
  const io::CountyNames county_names = io::project_counties(b.ws.layers);
  const auto county_name = [&county_names](const std::string& county) {
    const auto it = county_names.find(county);
    return it != county_names.end() && !it->second.empty() ? it->second : county + " ";
  };
  // In a project of several counties the county rule works per county: one note for a county whose townships all
  // changed, never one per township (tour 11 K30).
  for (const auto& [county, pairs] : by_county) {
    auto r = counties.size() > 1 ? rescaled(pairs, ca, cb, k_unit_min_villages) : std::nullopt;
    if (!r) continue;
    r->scope = county_name(county);
    if (!r->scope.empty() && r->scope.back() == ' ') r->scope.pop_back();
    r->county = true;
    for (const VillageMatch* m : pairs) r->b_rows.push_back(static_cast<size_t>(m->b_row));
    std::sort(r->b_rows.begin(), r->b_rows.end());
    note_rescaled(a, b, *r, true, d);
    d.rescaled.push_back(std::move(*r));
    for (const auto& [key, tp] : by_township)
      if (key.substr(0, key.find('|')) == county) slipped.insert(key);
  }
  for (const auto& [key, pairs] : by_township)
    if (slipped.count(key) == 0)
      if (auto r = rescaled(pairs, ca, cb, k_unit_min_township_villages)) {
      r->scope = village_township(b, pairs.front()->b_row);
      if (counties.size() > 1) r->scope = county_name(key.substr(0, key.find('|'))) + r->scope;  // two counties may each have a 城关镇 (tour 11 K12)
      for (const VillageMatch* m : pairs) r->b_rows.push_back(static_cast<size_t>(m->b_row));
      std::sort(r->b_rows.begin(), r->b_rows.end());
      note_rescaled(a, b, *r, counties.size() > 1, d);
      d.rescaled.push_back(std::move(*r));
      slipped.insert(key);
    }
  const report::FieldLabel* label = report::field_label(cb.name());
  if (label == nullptr || label->unit != report::Unit::yuan) return;  // a lone value at a factor is a unit slip only in money
  std::vector<RescaledField> lone;
  for (const VillageMatch* m : all) {
    const auto ratio = ratio_of(*m, ca, cb);
    if (!ratio || slipped.count(township_key(b, m->b_row)) > 0) continue;
    for (const UnitFactor& f : k_unit_factors)
      if (factor_fits(f, cb.name()) && near_factor(*ratio, f.factor, k_unit_tight)) {
        const std::string name = village_field(b, "name", m->b_row);
        lone.push_back({cb.name(), report::label_of(cb.name()), f.factor, 1, 1, name.empty() ? village_field(b, "code", m->b_row) : name, true,
                        false, {static_cast<size_t>(m->b_row)}});
      }
  }
  note_lone(a, b, lone, d);
  d.rescaled.insert(d.rescaled.end(), lone.begin(), lone.end());
}

void find_rescaled(const YearData& a, const YearData& b, const MatchResult& match, const std::vector<ItemPair>& items, InputDifferences& d) {
  for (const std::string& field : village_fields_read(b, items)) {
    const Column* ca = a.villages().column(field);
    const Column* cb = b.villages().column(field);
    if (ca == nullptr || cb == nullptr || !ca->is_numeric() || !cb->is_numeric() || field == "code") continue;
    find_rescaled_field(a, b, match, *ca, *cb, d);
  }
  d.rescaled_items.assign(items.size(), {});
  for (size_t i = 0; i < items.size() && !d.rescaled.empty(); ++i) {
    std::set<std::pair<std::string, std::string>> read;
    fields_read(b.result.rules, b.result.rules.items[items[i].b_index], read);
    for (size_t r = 0; r < d.rescaled.size(); ++r)
      if (read.count({std::string(io::target_layer), d.rescaled[r].field}) > 0) d.rescaled_items[i].push_back(r);
  }
}

// The county aggregate call of `field` in the expression ("county_mean(income_growth)"), "" when none.
std::string aggregate_call(const std::string& expression, const std::string& field) {
  auto parsed = indicators::Expression::parse(expression);
  if (!parsed) return {};
  for (const auto& aggregate : parsed->aggregates())
    if (aggregate.field == field) return aggregate.call();
  return {};
}

// Items that compare with a county aggregate of a field rescaled in part of the county, judged again on the later
// year with those villages' values converted back (a county-wide rescale covers every village itself).
void find_polluted(const YearData& b, const std::vector<ItemPair>& items, InputDifferences& d) {
  d.polluted.assign(items.size(), {});
  for (size_t i = 0; i < items.size() && i < d.rescaled_items.size(); ++i) {
    const indicators::Item& item = b.result.rules.items[items[i].b_index];
    if (item.kind != ItemKind::attribute) continue;
    for (const size_t r : d.rescaled_items[i]) {
      const RescaledField& f = d.rescaled[r];
      const std::string call = aggregate_call(item.expression, f.field);
      if (f.lone || f.b_rows.empty() || call.empty()) continue;
      InputDifferences::PollutedAggregate& p = d.polluted[i];
      auto table = std::make_shared<FeatureTable>(p.corrected ? *p.corrected : b.villages());
      for (Column& c : table->columns) {
        if (c.name() != f.field) continue;
        Column n(c.name(), FieldType::real);
        for (size_t row = 0; row < table->size(); ++row) {
          const auto v = c.number(row);
          if (!v) n.push_null();
          else n.push_real(f.covers(row) ? *v / f.factor : *v);
        }
        c = std::move(n);
      }
      p.field = f.field, p.call = call, p.scopes += (p.scopes.empty() ? "" : "、") + f.scope;
      p.corrected = std::move(table);
    }
    InputDifferences::PollutedAggregate& p = d.polluted[i];
    if (!p.corrected) continue;
    auto e = indicators::Expression::parse(item.expression);
    if (!e || !e->bind(*p.corrected, true)) {
      p = {};
      continue;
    }
    for (size_t row = 0; row < p.corrected->size(); ++row) {
      const indicators::Truth t = e->test(row);
      p.outcome.push_back(t == indicators::Truth::yes ? Outcome::pass : t == indicators::Truth::no ? Outcome::fail : Outcome::unknown);
    }
  }
}

std::string aggregate_text(AggregateCache& cache, const FeatureTable& villages, size_t row, const std::string& call, const std::string& field) {
  const indicators::Expression* e = cache.bound(villages, call);
  if (e == nullptr) return "无";
  const indicators::Value v = e->evaluate(row);
  const report::FieldLabel* l = report::field_label(field);
  return v.type == indicators::Value::Type::number && std::isfinite(v.number) ? report::value_text(v.number, l != nullptr ? l->unit : report::Unit::none) : "无";
}

// An item outside the rescaled villages that moved only through the polluted county aggregate: by_input, with the
// aggregate before, after and converted back, and the village's own value.
bool judge_polluted(const YearData& a, const YearData& b, const InputDifferences& d, const Comparison& cmp, size_t i, size_t ar, size_t br,
                    ItemTransition& t) {
  if (i >= d.polluted.size() || br >= d.polluted[i].outcome.size()) return false;
  const InputDifferences::PollutedAggregate& p = d.polluted[i];
  const Outcome oa = a.result.cell(ar, cmp.items[i].a_index).outcome, oc = p.outcome[br];
  if (oc == Outcome::unknown || oc != oa) return false;  // judged with the aggregate converted back, it moved anyway: real
  const Column* ca = a.villages().column(p.field);
  const Column* cb = b.villages().column(p.field);
  const report::FieldLabel* l = report::field_label(p.field);
  const auto own = [l](const Column* c, size_t row) {
    const auto v = c != nullptr ? c->number(row) : std::nullopt;
    return v ? report::value_text(*v, l != nullptr ? l->unit : report::Unit::none) : std::string("空");
  };
  const std::string before = own(ca, ar), after = own(cb, br);
  t.transition = Transition::by_input;
  t.cause = report::expression_zh(p.call) + " " + aggregate_text(*d.expressions, a.villages(), ar, p.call, p.field) + " → " + aggregate_text(*d.expressions, b.villages(), br, p.call, p.field) +
            "，受" + p.scopes + "数据口径变化影响（按原单位换算后为 " + aggregate_text(*d.expressions, *p.corrected, br, p.call, p.field) + "）；本村 " +
            (before == after ? before + " 未变" : before + " → " + after) + "，按换算后的" + report::expression_zh(p.call) + "判断，结论未变，非实地变化";
  return true;
}

// The rescaled field item `i` reads that covers the village (nullptr: none).
const RescaledField* rescaled_for(const InputDifferences& d, size_t i, size_t b_row) {
  if (i >= d.rescaled_items.size()) return nullptr;
  for (const size_t r : d.rescaled_items[i])
    if (d.rescaled[r].covers(b_row)) return &d.rescaled[r];
  return nullptr;
}

// The cause said for a village whose item reads a rescaled field.
std::string rescaled_cause(const YearData& a, const YearData& b, const RescaledField& f, size_t ar, size_t br) {
  const UnitFactor& u = unit_factor(f.factor);
  if (!f.lone && f.scope.empty()) return f.label + " 普遍为上年的" + u.share + "左右，单位可能" + u.guess + "，非实地变化；核对单位后重新比较";
  const char* whose = f.county ? "该县" : "该乡镇";
  if (!f.lone) return f.scope + "各村的 " + f.label + " 普遍为上年的" + u.share + "左右，" + whose + "报表的单位可能" + u.guess + "，非实地变化；核对" + whose + "报表的单位后重新比较";
  const Column* ca = a.villages().column(f.field);
  const Column* cb = b.villages().column(f.field);
  const auto number = [](const Column* c, size_t row) {  // as stored, in 元 (13.45 元 would read 0 万元)
    if (c == nullptr || c->is_null(row) || !c->number(row)) return std::string("空");
    std::ostringstream o;
    o << std::setprecision(10) << *c->number(row);
    return o.str() + " 元";
  };
  return "本村 " + f.label + " " + number(ca, ar) + " → " + number(cb, br) + "，恰为上年的" + u.share + "，单位可能" + u.guess +
         "（录入笔误），待核实：核对本村台账该列的数值和单位，改正后重新比较";
}

// Where a village of a rescaled county or township stands: at the factor (the
// unit's change alone), off it (a real change on top: judged converted), or
// nearer ×1 than the factor (its row kept the old unit: judged as is).
enum class UnitPlace : unsigned char { at_factor, off_factor, kept };
UnitPlace unit_place(const YearData& a, const YearData& b, const RescaledField& f, size_t ar, size_t br) {
  if (f.lone) return UnitPlace::at_factor;
  const Column* ca = a.villages().column(f.field);
  const Column* cb = b.villages().column(f.field);
  const auto va = ca != nullptr ? ca->number(ar) : std::nullopt, vb = cb != nullptr ? cb->number(br) : std::nullopt;
  if (!va || !vb || *va <= 0 || *vb <= 0) return UnitPlace::off_factor;  // a zero is zero in any unit; the other value is in the scope's
  const double ratio = *vb / *va;
  if (near_factor(ratio, f.factor, k_unit_at_factor)) return UnitPlace::at_factor;
  return std::abs(std::log(ratio / f.factor)) < std::abs(std::log(ratio)) ? UnitPlace::off_factor : UnitPlace::kept;
}

// The item's outcome in year `y` with the village's `field` times `scale`
// (万元 back to 元); nullopt where the item is not one expression over the
// village's own fields (a combinator; a county aggregate over a column that
// holds two units).
std::optional<Outcome> converted_outcome(AggregateCache& cache, const YearData& y, const indicators::Item& item, size_t row, const std::string& field,
                                         double scale) {
  if (item.kind != ItemKind::attribute || item.expression.find("county_") != std::string::npos) return std::nullopt;
  const indicators::Expression* parsed = cache.parsed(item.expression);  // parsed once per item, bound to this village's row alone
  if (parsed == nullptr) return std::nullopt;
  std::optional<indicators::Expression> e = *parsed;
  FeatureTable t;
  t.fid = {0};
  for (const Column& c : y.villages().columns) {
    if (c.name() != field) {
      t.columns.emplace_back(c.name(), c.type()).append_from(c, row);
      continue;
    }
    Column& n = t.columns.emplace_back(c.name(), FieldType::real);
    if (const auto v = c.number(row)) n.push_real(*v * scale);
    else n.push_null();
  }
  if (!e->bind(t, true)) return std::nullopt;
  switch (e->test(0)) {
    case indicators::Truth::yes: return Outcome::pass;
    case indicators::Truth::no: return Outcome::fail;
    case indicators::Truth::unknown: break;
  }
  return Outcome::unknown;
}

// "2026 年该乡镇（城关镇）的 村集体经济收入 按万元填报（普遍为上年的万分之一）；本村不在万分之一左右，换算后 5.77 万元 → 2.6 万元".
std::string converted_cause(const YearData& a, const YearData& b, const RescaledField& f, size_t ar, size_t br) {
  const UnitFactor& u = unit_factor(f.factor);
  const bool later_small = f.factor < 1;
  const Column* ca = a.villages().column(f.field);
  const Column* cb = b.villages().column(f.field);
  const auto in_yuan = [](const Column* c, size_t row, double scale) {
    const auto v = c != nullptr ? c->number(row) : std::nullopt;
    return v ? report::value_text(*v * scale, report::Unit::yuan) : std::string("空");
  };
  return year_name((later_small ? b : a).label) + (f.scope.empty() ? std::string("全县") : (f.county ? "该县（" : "该乡镇（") + f.scope + "）") + "的 " + f.label + " 按" + u.unit +
         "填报（普遍为上年的" + u.share + "）；本村不在" + u.share + "左右，换算后 " + in_yuan(ca, ar, later_small ? 1.0 : f.factor) + " → " +
         in_yuan(cb, br, later_small ? 1.0 / f.factor : 1.0);
}

// An item of a village off the factor in a rescaled county or township, judged
// with the year in the larger unit converted back (tour 11 K11): a real fall
// stays a regression. False: the item stays as the check judged it.
bool judge_converted(const YearData& a, const YearData& b, const InputDifferences& d, const Comparison& cmp, const RescaledField& f, size_t i, size_t ar, size_t br,
                     ItemTransition& t) {
  const ItemPair& ip = cmp.items[i];
  const Outcome oa = a.result.cell(ar, ip.a_index).outcome, ob = b.result.cell(br, ip.b_index).outcome;
  const bool later_small = f.factor < 1;
  const std::optional<Outcome> oc = later_small ? converted_outcome(*d.expressions, b, b.result.rules.items[ip.b_index], br, f.field, 1.0 / f.factor)
                                                : converted_outcome(*d.expressions, a, a.result.rules.items[ip.a_index], ar, f.field, f.factor);
  const std::string cause = converted_cause(a, b, f, ar, br);
  if (!oc) {
    if (oa == ob) return false;
    t.transition = Transition::unverified;
    t.cause = cause + "；本项的结论无法按换算后的数值重算，待核实：核对本村该列的数值和单位";
    return true;
  }
  const Outcome before = later_small ? oa : *oc, after = later_small ? *oc : ob;
  if (before == Outcome::unknown || after == Outcome::unknown) return false;
  if (before == after) {
    if (oa == ob && before == Outcome::pass) return false;
    t.transition = before == Outcome::pass ? Transition::by_input : Transition::still_fail;  // a gap in two units measures nothing
    t.cause = cause + (before == Outcome::pass ? "，两年都达标：结论的变化只来自单位" : "，两年都不达标");
    return true;
  }
  t.transition = after == Outcome::pass ? Transition::improved : Transition::regressed;
  t.cause = cause;
  return true;
}

bool same_number(double x, double y, double tol) { return (std::isnan(x) && std::isnan(y)) || std::abs(x - y) <= tol; }

// A water item whose nearest source, distance and thresholds stayed, and whose height alone moved.
bool height_only(const indicators::ItemResult& ca, const indicators::ItemResult& cb, const indicators::Item& ia, const indicators::Item& ib) {
  return ib.kind == ItemKind::water_convenience && ca.nearest_fid == cb.nearest_fid && same_number(ca.distance_m, cb.distance_m, 1.0) &&
         same_number(ia.max_distance_m, ib.max_distance_m, 0.0) && same_number(ia.max_vertical_m, ib.max_vertical_m, 0.0) &&
         !same_number(ca.value, cb.value, 0.5);
}

// How far the village's representative point (what distances are measured from) moved between the years.
constexpr double k_point_moved_m = 1.0;
double point_moved(const YearData& a, const YearData& b, size_t ar, size_t br) {
  const auto& ga = a.villages().geometry;
  const auto& gb = b.villages().geometry;
  if (ga.is_empty(ar) || gb.is_empty(br)) return 0;
  const Vec2 pa = representative_point(ga, ar), pb = representative_point(gb, br);
  return std::hypot(pa.x - pb.x, pa.y - pb.y);
}

std::string evidence_layer(const YearData& y, const indicators::ItemResult& c, const indicators::Item& item) {
  return c.nearest_layer >= 0 && static_cast<size_t>(c.nearest_layer) < y.result.evidence_layers.size() ? y.result.evidence_layers[static_cast<size_t>(c.nearest_layer)]
                                                                                                          : item.layer;
}

// The layer of last year's nearest feature when it is still there unchanged,
// the thresholds are the same and the distance moved; "" otherwise. Another
// nearest feature now is the new point's doing too, except for an item that
// needs the trunk (a cut elsewhere may have disconnected last year's one).
std::string same_feature_unchanged(const YearData& a, const YearData& b, const Comparison& cmp, const indicators::ItemResult& ca,
                                   const indicators::ItemResult& cb, const indicators::Item& ia, const indicators::Item& ib) {
  const bool point_measured = ib.kind == ItemKind::water_convenience || ib.kind == ItemKind::facility || ib.kind == ItemKind::network_access;
  if (!point_measured || ca.nearest_fid < 0 || std::isnan(ca.distance_m)) return {};
  if (same_number(ca.distance_m, cb.distance_m, 1.0) || !same_number(ia.max_distance_m, ib.max_distance_m, 0.0) ||
      !same_number(ia.max_vertical_m, ib.max_vertical_m, 0.0))
    return {};
  const std::string layer = evidence_layer(a, ca, ia);
  if ((ca.nearest_fid != cb.nearest_fid || layer != evidence_layer(b, cb, ib)) && (ib.require_connected || ia.require_connected)) return {};
  for (const LayerDiff& d : cmp.layers)
    if (d.layer == layer) {
      const int row = d.a_row_of_fid(ca.nearest_fid);
      return row >= 0 && d.change_of_a(row) == nullptr ? layer : std::string();
    }
  return {};
}

std::string height_text(double m) { return std::isnan(m) ? std::string("无") : report::detail::distance_text(m); }

}  // namespace

bool RescaledField::covers(size_t b_row) const { return b_rows.empty() || std::binary_search(b_rows.begin(), b_rows.end(), b_row); }

InputDifferences input_differences(const YearData& a, const YearData& b, const MatchResult& match, const std::vector<ItemPair>& items) {
  InputDifferences d;
  compare_dems(a, b, d);
  find_rescaled(a, b, match, items, d);
  find_polluted(b, items, d);
  return d;
}

void discount_input_changes(const YearData& a, const YearData& b, const InputDifferences& d, const Comparison& cmp, VillageTransition& vt) {
  const VillageMatch& m = cmp.match.pairs[vt.pair];
  const auto ar = static_cast<size_t>(m.a_row), br = static_cast<size_t>(m.b_row);
  const std::vector<ItemPair>& items = cmp.items;
  const double moved_m = point_moved(a, b, ar, br);
  for (size_t i = 0; i < items.size() && i < vt.items.size(); ++i) {
    ItemTransition& t = vt.items[i];
    const bool moved = t.transition == Transition::regressed || t.transition == Transition::improved || t.transition == Transition::still_fail_worse ||
                       t.transition == Transition::still_fail_better;  // 待核实 stays: the data went missing
    const RescaledField* f = rescaled_for(d, i, br);
    const UnitPlace place = f != nullptr ? unit_place(a, b, *f, ar, br) : UnitPlace::kept;
    if (f != nullptr && place == UnitPlace::off_factor && (moved || t.transition == Transition::still_fail || t.transition == Transition::still_pass)) {
      judge_converted(a, b, d, cmp, *f, i, ar, br, t);
      continue;
    }
    if (!moved) continue;
    if (f == nullptr && judge_polluted(a, b, d, cmp, i, ar, br, t)) continue;
    const auto& ca = a.result.cell(ar, items[i].a_index);
    const auto& cb = b.result.cell(br, items[i].b_index);
    if (d.dem_changed && height_only(ca, cb, a.result.rules.items[items[i].a_index], b.result.rules.items[items[i].b_index])) {
      t.transition = Transition::by_input;
      t.cause = "取水高差 " + height_text(ca.value) + " → " + height_text(cb.value) + "，来自高程数据更换（" + d.dem_text + "），水源、距离和标准都未变，非实地变化";
    } else if (f != nullptr && place == UnitPlace::at_factor) {
      t.transition = Transition::by_input;
      t.cause = rescaled_cause(a, b, *f, ar, br);
    } else if (moved_m > k_point_moved_m && (a.has_features && b.has_features)) {
      const std::string layer = same_feature_unchanged(a, b, cmp, ca, cb, a.result.rules.items[items[i].a_index], b.result.rules.items[items[i].b_index]);
      if (layer.empty()) continue;
      t.transition = Transition::by_input;
      t.ask_township = true;  // 待乡镇核实 (tour 11 K27)
      t.cause = boundary_change(a, b, cmp, m) + "按新村范围的代表点量算，最近合格距离 " + report::detail::distance_text(ca.distance_m) + " → " +
                report::detail::distance_text(cb.distance_m) + "，距离变化来自合并或范围调整（代表点移动 " + report::detail::distance_text(moved_m) + "）；去年最近的" +
                layer_zh(layer) + "（要素 " + std::to_string(ca.nearest_fid) + "）仍在且属性未变，非实地变化";
    }
  }
}

void note_load_warnings(const YearData& y, std::vector<std::string>& notes) {
  // The load's warnings that open the check's 请先看 (report::caveat_effect: a money column read in the wrong unit, one
  // township's rates converted, a statistics table that did not join …) are said with the year they concern, once:
  // one list for the check and compare (review: compare kept its own copy of the codes, and missed the new ones —
  // money_township_far, code_digits_lost: 2,014 rows of 缺少…补齐 for a table whose codes were destroyed, tour 14 N4).
  // The check's own caveats are relayed too (tour 18 y7: a year whose roads were not snapped gave 79 返贫 alerts, and
  // network_loose_ends was only in that year's check), except the datum and village-point ones, which compare says
  // in its own words (geometry_inputs.cpp).
  for (const Issue& i : y.ws.issues.entries())
    if (!report::caveat_effect(i.code).empty())
      notes.push_back(year_name(y.label) + "数据的提示：" + i.message + "。" + i.hint);
  for (const Issue& i : y.result.notes.entries()) {
    const bool said_by_compare = i.code == "points_for_polygons" || i.code == "likely_gcj02" || i.code == "likely_bd09";
    if (!said_by_compare && i.severity != Severity::info && !report::caveat_effect(i.code).empty())
      notes.push_back(year_name(y.label) + "检查的提示：" + i.message + (i.hint.empty() ? "" : "。" + i.hint));
  }
}

ExitChanges exit_changes(const YearData& a, const YearData& b, const Comparison& cmp) {
  ExitChanges c;
  for (const VillageTransition& vt : cmp.villages) {
    const VillageMatch& m = cmp.match.pairs[vt.pair];
    if (m.a_row < 0) continue;
    const Outcome before = a.result.verdict[static_cast<size_t>(m.a_row)];
    const Outcome after = m.b_row >= 0 ? b.result.verdict[static_cast<size_t>(m.b_row)] : Outcome::unknown;
    const bool gained = before != Outcome::pass && after == Outcome::pass, lost = before == Outcome::pass && after != Outcome::pass;
    switch (vt.overall) {
      case Transition::improved: ++c.gained; break;
      case Transition::regressed:
        ++c.lost;
        c.lost_missing += m.b_row < 0 ? 1 : 0;
        break;
      case Transition::unverified: ++c.unverified; break;
      case Transition::by_standard:
        c.gained += gained ? 1 : 0, c.gained_standard += gained ? 1 : 0;
        c.lost += lost ? 1 : 0, c.lost_standard += lost ? 1 : 0;
        break;
      case Transition::by_input:
        c.gained += gained ? 1 : 0, c.gained_input += gained ? 1 : 0;
        c.lost += lost ? 1 : 0, c.lost_input += lost ? 1 : 0;
        break;
      default: break;
    }
  }
  return c;
}

std::string exit_changes_zh(const Comparison& cmp, const ExitChanges& c) {
  const auto of = [](size_t standard, size_t input, size_t missing) {
    std::string s;
    const auto add = [&s](size_t n, const char* what) {
      if (n > 0) s += (s.empty() ? "" : "，") + std::to_string(n) + what;
    };
    add(standard, " 个因标准变化，分项未变");
    add(input, " 个因数据口径变化，非实地变化");
    add(missing, " 个今年数据中没有此村");
    return s.empty() ? s : "（其中 " + s + "）";
  };
  std::string out = cmp.a_label + "→" + cmp.b_label + "：新可出列 " + std::to_string(c.gained) + " 个" + of(c.gained_standard, c.gained_input, 0) +
                    "；由可出列变为不可出列 " + std::to_string(c.lost) + " 个" + of(c.lost_standard, c.lost_input, c.lost_missing);
  if (c.unverified > 0) out += "；由可出列变为数据不全 " + std::to_string(c.unverified) + " 个";
  return out;
}

}  // namespace jiuyou::compare
