// A village that several of last year's villages merged into, compared with all of them (tour 12 L10): last
// year's figure of the merged extent is the worst outcome of its predecessors (and, for counts and money, their
// sum), so a merge is said as 合并 — never a change on the ground, a false 返贫风险 or a false 改善.
#include <algorithm>
#include <cmath>
#include <optional>

#include "gis/compare/compare_report.hpp"
#include "gis/compare/transitions.hpp"
#include "gis/indicators/expression.hpp"
#include "gis/report/labels.hpp"

namespace jiuyou::compare {

namespace {

using indicators::Outcome;

// Every earlier row matched to the later row `br` (more than one: a merge), in the pairs' order. Read from the
// match's index of the pairs by later row (issue #15: a scan of every pair for every village was 14 % of a 100k
// compare); scanned when the result has no index (a hand-made MatchResult).
std::vector<size_t> predecessors(const Comparison& cmp, int br) {
  std::vector<size_t> out;
  const MatchResult& m = cmp.match;
  if (m.indexed == m.pairs.size() && br >= 0 && static_cast<size_t>(br) + 1 < m.b_first.size()) {
    for (uint32_t k = m.b_first[static_cast<size_t>(br)]; k < m.b_first[static_cast<size_t>(br) + 1]; ++k)
      if (const VillageMatch& p = m.pairs[m.b_pairs[k]]; p.a_row >= 0) out.push_back(static_cast<size_t>(p.a_row));
    return out;
  }
  for (const VillageMatch& p : m.pairs)
    if (p.b_row == br && p.a_row >= 0) out.push_back(static_cast<size_t>(p.a_row));
  return out;
}

// Fail when any predecessor fails, unknown when any is unknown (and none fails), pass when all pass.
Outcome worst(const std::vector<Outcome>& outcomes) {
  if (std::find(outcomes.begin(), outcomes.end(), Outcome::fail) != outcomes.end()) return Outcome::fail;
  if (std::find(outcomes.begin(), outcomes.end(), Outcome::unknown) != outcomes.end()) return Outcome::unknown;
  return Outcome::pass;
}

bool summable(report::Unit u) {
  return u == report::Unit::yuan || u == report::Unit::persons || u == report::Unit::households || u == report::Unit::pieces;
}

// "合并前各村合计 贫困户危房数 0 户 + 2 户 = 2 户 → 2 户" per count or money field the expression reads; `kept`
// whether every such field's sum is this year's value (and there was one).
std::string sums_text(const YearData& a, const YearData& b, const std::vector<size_t>& rows, size_t br, const std::string& expression, bool& kept) {
  kept = false;
  auto parsed = indicators::Expression::parse(expression);
  if (!parsed) return {};
  std::string out;
  bool all = true, any = false;
  for (const std::string& field : parsed->fields()) {
    const Column* ca = a.villages().column(field);
    const Column* cb = b.villages().column(field);
    const report::FieldLabel* label = report::field_label(field);
    if (ca == nullptr || cb == nullptr || label == nullptr || !summable(label->unit) || !ca->is_numeric() || !cb->is_numeric()) {
      all = false;
      continue;
    }
    double sum = 0;
    std::string parts;
    bool known = !cb->is_null(br);
    for (size_t r : rows) {
      const auto v = ca->number(r);
      if (!v) {
        known = false;
        break;
      }
      sum += *v;
      parts += (parts.empty() ? "" : " + ") + report::value_text(*v, label->unit);
    }
    if (!known) {
      all = false;
      continue;
    }
    const double after = *cb->number(br);
    any = true;
    all = all && std::abs(after - sum) <= 1e-6 * std::max(1.0, std::abs(sum));
    out += (out.empty() ? "" : "；") + std::string(label->label) + " " + parts + " = " + report::value_text(sum, label->unit) + " → " +
           report::value_text(after, label->unit);
  }
  kept = any && all;
  return out.empty() ? out : "合并前各村合计 " + out;
}

// The names of the predecessors whose outcome was `o`: "上尹家垭村、…".
std::string named(const YearData& a, const std::vector<size_t>& rows, const std::vector<Outcome>& outcomes, Outcome o) {
  std::string out;
  for (size_t i = 0; i < rows.size(); ++i)
    if (outcomes[i] == o) {
      const std::string name = village_field(a, "name", static_cast<int>(rows[i]));
      out += (out.empty() ? "" : "、") + (name.empty() ? village_field(a, "code", static_cast<int>(rows[i])) : name);
    }
  return out;
}

// Every later row matched to the earlier row `ar` (more than one: a split).
std::vector<size_t> successors(const Comparison& cmp, int ar) {
  std::vector<size_t> out;
  for (const VillageMatch& p : cmp.match.pairs)
    if (p.a_row == ar && p.b_row >= 0) out.push_back(static_cast<size_t>(p.b_row));
  return out;
}

// The outcome of an attribute item on the parts of a split taken together: the later row `br` with each count and
// money field the expression reads replaced by the parts' sum; `text` "拆分后各村合计 村集体经济收入 3.52 万元 + 3.52 万元
// = 7.05 万元（拆分前 6.85 万元）". nullopt: no summable field with every part's value, or a county aggregate.
std::optional<Outcome> whole_outcome(const YearData& a, const YearData& b, const std::vector<size_t>& parts, size_t ar, size_t br, const std::string& expression,
                                     std::string& text) {
  if (expression.find("county_") != std::string::npos) return std::nullopt;
  auto e = indicators::Expression::parse(expression);
  if (!e) return std::nullopt;
  FeatureTable t;
  t.fid = {0};
  bool any = false;
  for (const Column& c : b.villages().columns) {
    const report::FieldLabel* label = report::field_label(c.name());
    const Column* ca = a.villages().column(c.name());
    double sum = 0;
    std::string terms;
    bool known = label != nullptr && summable(label->unit) && c.is_numeric();
    for (size_t r : parts) {
      const auto v = known ? c.number(r) : std::nullopt;
      known = known && v.has_value();
      if (!known) break;
      sum += *v;
      terms += (terms.empty() ? "" : " + ") + report::value_text(*v, label->unit);
    }
    const bool read = known && std::find(e->fields().begin(), e->fields().end(), c.name()) != e->fields().end();
    if (!read) {
      t.columns.emplace_back(c.name(), c.type()).append_from(c, br);
      continue;
    }
    any = true;
    t.columns.emplace_back(c.name(), FieldType::real).push_real(sum);
    const auto before = ca != nullptr ? ca->number(ar) : std::nullopt;
    text += (text.empty() ? "拆分后各村合计 " : "；") + std::string(label->label) + " " + terms + " = " + report::value_text(sum, label->unit) +
            (before ? "（拆分前 " + report::value_text(*before, label->unit) + "）" : std::string());
  }
  if (!any || !e->bind(t, true)) return std::nullopt;
  switch (e->test(0)) {
    case indicators::Truth::yes: return Outcome::pass;
    case indicators::Truth::no: return Outcome::fail;
    case indicators::Truth::unknown: break;
  }
  return std::nullopt;
}

}  // namespace

bool judge_split(const YearData& a, const YearData& b, const Comparison& cmp, const VillageMatch& m, VillageTransition& vt) {
  if (m.a_row < 0 || m.b_row < 0) return false;
  const std::vector<size_t> parts = successors(cmp, m.a_row);
  if (parts.size() < 2) return false;
  const auto ar = static_cast<size_t>(m.a_row), br = static_cast<size_t>(m.b_row);
  bool any = false;
  for (size_t k = 0; k < cmp.items.size(); ++k) {
    ItemTransition& t = vt.items[k];
    const indicators::Item& ib = b.result.rules.items[cmp.items[k].b_index];
    if ((t.transition != Transition::regressed && t.transition != Transition::improved) || ib.kind != indicators::ItemKind::attribute) continue;
    std::string sums;
    const std::optional<Outcome> whole = whole_outcome(a, b, parts, ar, br, ib.expression, sums);
    if (!whole || *whole != a.result.cell(ar, cmp.items[k].a_index).outcome) continue;  // the parts together moved too: a change on the ground
    const bool pass = *whole == Outcome::pass;
    t.transition = Transition::by_input;
    t.cause = boundary_change(a, b, cmp, m) + sums + "，按原村范围仍" + (pass ? "达标" : "不达标") + "；拆分后按各村分别判断，本村" +
              (b.result.cell(br, cmp.items[k].b_index).outcome == Outcome::pass ? "达标" : "不达标") + "（行政区划调整，不是实地变化）";
    any = true;
  }
  return any;
}

bool judge_merge(const YearData& a, const YearData& b, const Comparison& cmp, const VillageMatch& m, VillageTransition& vt) {
  if (m.a_row < 0 || m.b_row < 0) return false;
  const std::vector<size_t> rows = predecessors(cmp, m.b_row);
  if (rows.size() < 2) return false;
  const auto br = static_cast<size_t>(m.b_row);
  const std::string prefix = boundary_change(a, b, cmp, m);
  bool item_moved = false;
  for (size_t k = 0; k < cmp.items.size(); ++k) {
    ItemTransition& t = vt.items[k];
    if (t.transition == Transition::by_input || t.transition == Transition::by_standard) continue;
    std::vector<Outcome> outcomes;
    for (size_t r : rows) outcomes.push_back(a.result.cell(r, cmp.items[k].a_index).outcome);
    const Outcome before = worst(outcomes), own = a.result.cell(static_cast<size_t>(m.a_row), cmp.items[k].a_index).outcome;
    const Outcome after = b.result.cell(br, cmp.items[k].b_index).outcome;
    if (own == after && own == Outcome::fail && (t.transition == Transition::still_fail_better || t.transition == Transition::still_fail_worse)) {
      // The gap of one predecessor against the merged village's figures is no gap that moved (tour 12 L10).
      t.transition = Transition::still_fail;
      t.cause = prefix + "合并前本村不达标，合并后仍不达标（差距按合并后的村计算，不与合并前单村比较；行政区划调整，不是实地变化）";
      continue;
    }
    if (before == Outcome::unknown || after == Outcome::unknown || own == after) continue;
    const indicators::Item& ib = b.result.rules.items[cmp.items[k].b_index];
    bool kept = false;
    const std::string sums = ib.kind == indicators::ItemKind::attribute ? sums_text(a, b, rows, br, ib.expression, kept) : std::string();
    if (before == after) {  // this predecessor's own move is the merge's: a partner already stood so
      t.transition = Transition::by_input;
      t.cause = prefix + (sums.empty() ? "合并前" + named(a, rows, outcomes, before) + "已" + (before == Outcome::pass ? "达标" : "不达标") : sums) +
                "，合并后仍" + (after == Outcome::pass ? "达标" : "不达标") + "（行政区划调整，不是实地变化）";
    } else if (kept) {
      t.transition = Transition::by_input;  // the merged figures are the predecessors' sum: only the extent changed
      t.cause = prefix + sums + "（合并后按一村判断，不是实地变化）";
    } else {
      item_moved = true;
    }
  }
  std::vector<Outcome> verdicts;
  for (size_t r : rows) verdicts.push_back(a.result.verdict[r]);
  const Outcome before = worst(verdicts), after = b.result.verdict[br], own = a.result.verdict[static_cast<size_t>(m.a_row)];
  if (before == Outcome::unknown || after == Outcome::unknown || own == after) return false;
  return before == after || !item_moved;  // the verdict moved with the merge, not on the ground
}

Transition merged_gap(const Comparison& cmp, const VillageMatch& m, Transition t) {
  if (t != Transition::still_fail_better && t != Transition::still_fail_worse) return t;
  return m.b_row >= 0 && predecessors(cmp, m.b_row).size() >= 2 ? Transition::still_fail : t;
}

}  // namespace jiuyou::compare
