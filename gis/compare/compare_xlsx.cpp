// 回头看.xlsx: the alert list (返贫风险) sorted by severity with what to verify
// on the visit, the counts per township, each item's pass rate by year, and every
// village not matched by its code (matched by a crosswalk or by position, appeared,
// disappeared).
#include <map>

#include "gis/compare/compare_report.hpp"
#include "gis/compare/year_differences.hpp"
#include "gis/report/workbook.hpp"

namespace jiuyou::compare {

namespace {

using report::Sheet;
using report::Style;

// The counts and the causes said once (a field a year lacks) lead, above the list.
void alert_sheet(report::Workbook& wb, const CompareDocument& doc, const std::vector<Alert>& alerts) {
  Sheet sh = wb.add_sheet("返贫风险");
  uint32_t r = 0;
  sh.text(r++, 0, compare_title(doc));  // the county first, as report.html and result.xlsx name it (tour 10 H22)
  sh.text(r++, 0, alert_counts(alerts));
  for (size_t k = 0; k < doc.comparisons.size(); ++k)
    sh.text(r++, 0, exit_changes_zh(doc.comparisons[k], exit_changes(doc.years[k], doc.years[k + 1], doc.comparisons[k])));
  for (const MissingField& m : missing_fields(doc)) sh.text(r++, 0, m.text());
  const uint32_t head = r++;
  // a 县 column when the villages span several counties (a province's comparison; tour 10 J7)
  const bool counties = document_counties(doc).size() > 1;
  const uint16_t shift = counties ? 1 : 0;
  if (counties) sh.header(head, {"严重程度", "县", "乡镇", "村", "村代码", "变化", "变化原因", "回访核实"});
  else sh.header(head, {"严重程度", "乡镇", "村", "村代码", "变化", "变化原因", "回访核实"});
  sh.column_width(0, 0, 8);
  sh.column_width(1, static_cast<uint16_t>(3 + shift), 14);
  sh.column_width(static_cast<uint16_t>(4 + shift), static_cast<uint16_t>(6 + shift), 48, Style::wrap);
  for (const Alert& a : alerts) {
    uint16_t c = 0;
    sh.text(r, c++, severity_zh(a.severity));
    if (counties) sh.text(r, c++, a.county);
    sh.text(r, c++, a.township);
    sh.text(r, c++, a.village);
    sh.text(r, c++, a.code);
    sh.text(r, c++, a.what, Style::wrap);
    sh.text(r, c++, a.cause, Style::wrap);
    sh.text(r, c++, a.verify, Style::wrap);
    ++r;
  }
  if (alerts.empty()) sh.text(r++, 0, "没有由达标变为不达标或数据不全的村");
  sh.autofilter(head, 0, r - 1, static_cast<uint16_t>(6 + shift));
}

struct TownshipCounts {
  size_t villages = 0, regressed = 0, improved = 0, exit_lost = 0, exit_unverified = 0, exit_gained = 0, unmatched = 0;
};

void township_sheet(report::Workbook& wb, const CompareDocument& doc) {
  const std::map<std::string, std::string> counties = document_counties(doc);
  Sheet sh = wb.add_sheet("乡镇统计");
  sh.header(0, {"时段", "乡镇", "村数", "有指标新不达标的村", "有指标新达标的村", "由可出列变为不可出列", "由可出列变为数据不全（待核实）", "由不可出列变为可出列", "未按代码匹配的村"});
  sh.column_width(0, 1, 16);
  sh.column_width(2, 8, 14, Style::count);
  uint32_t r = 1;
  for (const Comparison& cmp : doc.comparisons) {
    const size_t k = static_cast<size_t>(&cmp - doc.comparisons.data());
    std::map<std::string, TownshipCounts> by_township;  // by county and township (tour 10 H9)
    std::map<std::string, std::string> names;
    for (const VillageTransition& vt : cmp.villages) {
      const VillageMatch& m = cmp.match.pairs[vt.pair];
      const YearData& y = m.b_row >= 0 ? doc.years[k + 1] : doc.years[k];
      const std::string key = township_key(y, m.b_row >= 0 ? m.b_row : m.a_row);
      names.emplace(key, township_key_name(y, counties, key));
      TownshipCounts& t = by_township[key];
      ++t.villages;
      bool reg = false, imp = false;
      for (const auto& it : vt.items) {
        reg = reg || it.transition == Transition::regressed;
        imp = imp || it.transition == Transition::improved;
      }
      t.regressed += reg ? 1 : 0;
      t.improved += imp ? 1 : 0;
      t.exit_lost += vt.overall == Transition::regressed ? 1 : 0;
      t.exit_unverified += vt.overall == Transition::unverified ? 1 : 0;
      t.exit_gained += vt.overall == Transition::improved ? 1 : 0;
      t.unmatched += m.how != MatchHow::code && m.how != MatchHow::county_code ? 1 : 0;
    }
    for (const auto& [key, t] : by_township) {
      uint16_t c = 0;
      sh.text(r, c++, cmp.a_label + "→" + cmp.b_label);
      sh.text(r, c++, names[key]);
      for (size_t v : {t.villages, t.regressed, t.improved, t.exit_lost, t.exit_unverified, t.exit_gained, t.unmatched}) sh.number(r, c++, static_cast<double>(v), Style::count);
      ++r;
    }
  }
}

// The pass rate of each item by year, as compare.html draws it: a year that could not judge an item (a layer missing or
// empty, the year's standard without it) says so in words, never 0 % (tour 13 M8 follow-up).
void rate_sheet(report::Workbook& wb, const CompareDocument& doc) {
  Sheet sh = wb.add_sheet("各指标达标率");
  const std::vector<MissingField> missing = missing_fields(doc);
  const auto years = static_cast<uint16_t>(doc.years.size());
  sh.header_cell(0, 0, "指标");
  for (uint16_t y = 0; y < years; ++y) sh.header_cell(0, static_cast<uint16_t>(1 + y), year_name(doc.years[y].label) + "达标率");
  sh.header_cell(0, static_cast<uint16_t>(1 + years), "数据不全的村");
  sh.column_width(0, 0, 36, Style::wrap);
  sh.column_width(1, years, 14, Style::percent);
  sh.column_width(static_cast<uint16_t>(1 + years), static_cast<uint16_t>(1 + years), 40, Style::wrap);
  uint32_t r = 1;
  for (const indicators::Item& it : doc.years.back().result.rules.items) {
    if (!it.visible) continue;
    sh.text(r, 0, it.name_zh, Style::wrap);
    std::string unknown;
    for (uint16_t y = 0; y < years; ++y) {
      const YearRate rate = year_rate(doc, y, missing, it);
      if (!rate.gap.empty()) sh.text(r, static_cast<uint16_t>(1 + y), rate.gap, Style::wrap);
      else sh.number(r, static_cast<uint16_t>(1 + y), rate.rate, Style::percent);
      if (rate.gap.empty() && rate.unknown > 0)
        unknown += (unknown.empty() ? "" : "；") + year_name(doc.years[y].label) + " " + std::to_string(rate.unknown) + " 个村（不计入达标）";
    }
    if (!unknown.empty()) sh.text(r, static_cast<uint16_t>(1 + years), unknown, Style::wrap);
    ++r;
  }
}

void match_sheet(report::Workbook& wb, const CompareDocument& doc) {
  Sheet sh = wb.add_sheet("村匹配");
  sh.header(0, {"时段", "匹配方式", "说明"});
  sh.column_width(0, 1, 18);
  sh.column_width(2, 2, 70, Style::wrap);
  uint32_t r = 1;
  for (const Comparison& cmp : doc.comparisons)
    for (const VillageMatch& m : cmp.match.pairs) {
      if (m.how == MatchHow::code || m.how == MatchHow::county_code) continue;
      sh.text(r, 0, cmp.a_label + "→" + cmp.b_label);
      sh.text(r, 1, match_zh(m));
      sh.text(r, 2, m.note, Style::wrap);
      ++r;
    }
  if (r == 1) sh.text(1, 0, "所有村两年代码相同");
}

void notes_sheet(report::Workbook& wb, const CompareDocument& doc) {
  Sheet sh = wb.add_sheet("说明");
  sh.column_width(0, 0, 100, Style::wrap);
  uint32_t r = 0;
  sh.text(r++, 0, "回头看：逐村比较各年度检查结果。“新不达标”即返贫风险，按严重程度排序：高＝去年可出列、今年不可出列；中＝决定出列的指标新不达标或变为数据不全（待核实）；低＝参考指标新不达标或变为数据不全；待乡镇核实＝村拆分、合并或范围调整后，按新范围量算的距离有变化而去年那处设施或道路仍在、属性未变，不列为返贫风险，请乡镇核实村民现在就近使用的设施。", Style::wrap);
  for (const auto& n : doc.notes) sh.text(r++, 0, n, Style::wrap);
  for (const Comparison& cmp : doc.comparisons)
    for (const auto& n : cmp.notes) sh.text(r++, 0, cmp.a_label + "→" + cmp.b_label + "：" + n, Style::wrap);
}

}  // namespace

Result<void> write_compare_xlsx(const std::string& path, const CompareDocument& doc, const std::vector<Alert>& alerts) {
  ASSIGN_OR_RETURN(report::Workbook wb, report::Workbook::create(path));
  alert_sheet(wb, doc, alerts);
  township_sheet(wb, doc);
  rate_sheet(wb, doc);
  match_sheet(wb, doc);
  notes_sheet(wb, doc);
  return wb.close();
}

}  // namespace jiuyou::compare
