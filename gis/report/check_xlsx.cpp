// The village check as an XLSX workbook with Chinese headers: villages (each
// item's result, its evidence in words and as sortable numbers), township
// summary, county summary, and the rule set in words.
#include <cmath>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "gis/io/schema.hpp"
#include "gis/report/check_caveats.hpp"
#include "gis/report/check_evidence.hpp"
#include "gis/report/check_report.hpp"
#include "gis/report/place.hpp"
#include "gis/report/report_text.hpp"
#include "gis/report/workbook.hpp"

namespace jiuyou::report {
namespace {

using detail::EvidenceWriter;
using indicators::CheckResult;
using indicators::Item;
using indicators::ItemKind;
using indicators::Outcome;

constexpr OutcomeWords k_item_words{"达标", "不达标", "未知"};
constexpr OutcomeWords k_verdict_words{"可出列", "不可出列", "数据不全"};
// 村级结果: 代码, 名称, 乡镇, then 结论 and 缺项 (what a reviewer filters on) before the items.
constexpr uint16_t k_verdict_column = 3;

// The columns of one visible item in 村级结果.
struct ItemColumns {
  size_t item = 0;
  uint16_t status = 0;
  bool measure = false, shortfall = false;
  detail::MeasureInfo info;
};

// Households, persons and pieces are whole numbers: "3", never "3.00 户" (tour 11 K14).
Style measure_style(const detail::MeasureInfo& m) {
  if (m.metres) return Style::count;
  switch (m.unit) {
    case Unit::share: return Style::percent;
    case Unit::yuan: return Style::money_wan;
    case Unit::households:
    case Unit::persons:
    case Unit::pieces: return Style::count;
    default: return Style::number2;
  }
}

// Money is written in 万元, like the text beside it.
double in_unit(double v, const detail::MeasureInfo& m) { return m.unit == Unit::yuan ? v / 10000.0 : v; }

// A failing measure that its format would round onto its threshold (4.9999 万元 against ≥ 5 万元 shows 5.00,
// 0.9499 against ≥ 95% shows 95.0%) reads as passing: it takes the format with the decimals that tell the two
// apart, as the sentence beside it does (labels.cpp value_text_apart). More digits rather than a floor toward
// failing: 4.9999 is what the file says, 4.99 would be a number nobody wrote (review item 5).
// Metres too: 500.4 m against ≤ 500 m is not written 500 (the review's result.xlsx item).
Style measure_style(const detail::MeasureInfo& m, double measure, double shortfall) {
  const Style s = measure_style(m);
  const bool metres = s == Style::count && m.metres;
  if (!(shortfall > 0) || (s != Style::money_wan && s != Style::percent && !metres)) return s;
  const double step = s == Style::money_wan ? 1e-2 : metres ? 1.0 : 1e-3;  // the last digit shown: 0.01 万元, 1 m, 0.1%
  const double v = in_unit(measure, m), gap = in_unit(shortfall, m);
  const auto shown = [step](double x) { return std::round(x / step); };
  if (shown(v) != shown(v + gap) && shown(v) != shown(v - gap)) return s;
  return s == Style::money_wan ? Style::money_wan_close : metres ? Style::number_close : Style::percent_close;
}

// The gap of a share is a difference of percentages: written in 个百分点 as the
// page says it ("差 0.9 个百分点"), not as a percentage of something (K14).
Style gap_style(const detail::MeasureInfo& m) { return m.unit == Unit::share ? Style::number1 : measure_style(m); }
double gap_in_unit(double v, const detail::MeasureInfo& m) { return m.unit == Unit::share ? v * 100.0 : in_unit(v, m); }
// A gap its format would show as nothing shows its digits: 差 1 元 is not 0.00 万元, 0.01 个百分点 not 0.0,
// 0.4 m not 0 (a failing village whose gap reads 0 reads as passing).
Style gap_style(const detail::MeasureInfo& m, double shortfall) {
  const Style s = gap_style(m);
  const double gap = gap_in_unit(shortfall, m);
  if (!(gap > 0)) return s;
  if (s == Style::money_wan && std::round(gap * 100.0) == 0) return Style::money_wan_close;
  if (s == Style::number1 && std::round(gap * 10.0) == 0) return Style::number_close;
  if (s == Style::count && m.metres && std::round(gap) == 0) return Style::number_close;
  return s;
}

std::string unit_suffix(const detail::MeasureInfo& m) {
  if (m.metres) return "";
  if (m.unit == Unit::yuan) return "（万元）";
  if (m.unit == Unit::households) return "（户）";
  if (m.unit == Unit::persons) return "（人）";
  return "";
}

std::string gap_suffix(const detail::MeasureInfo& m) {
  if (m.metres) return "（米）";
  if (m.unit == Unit::share) return "（个百分点）";
  return unit_suffix(m);
}

// A province's workbook (see k_province_workbook_villages) leaves the
// sentences of 达标 cells out; the header says so.
struct VillageSheetPlan {
  bool brief_evidence = false;
};

std::string evidence_heading(const Item& it, const VillageSheetPlan& plan) {
  return it.name_zh + (plan.brief_evidence ? " 依据（仅不达标、未知）" : " 依据");
}

std::vector<ItemColumns> village_headers(Sheet& sh, const EvidenceWriter& ev, const CheckResult& result, const VillageSheetPlan& plan, uint16_t& c) {
  std::vector<ItemColumns> cols;
  for (const char* h : {"代码", "名称", "乡镇", "结论", "缺项"}) sh.header_cell(0, c++, h);
  for (size_t i = 0; i < result.rules.items.size(); ++i) {
    const Item& it = result.rules.items[i];
    if (!it.visible) continue;
    ItemColumns ic{i, c, false, false, ev.measure(i)};
    ic.measure = !ic.info.heading.empty();
    ic.shortfall = ic.measure && it.kind != ItemKind::facility;
    sh.header_cell(0, c++, it.name_zh);
    sh.header_cell(0, c++, evidence_heading(it, plan));
    if (ic.measure) sh.header_cell(0, c++, it.name_zh + " " + ic.info.heading + unit_suffix(ic.info));
    if (ic.shortfall) sh.header_cell(0, c++, it.name_zh + " 差距" + gap_suffix(ic.info));
    cols.push_back(ic);
  }
  return cols;
}

// The 乡镇 column names a township as report.html does: "城关镇（九有县，420323100）" where two townships of the
// run share the name, so a filter on it never mixes two counties' villages (tour 11 K5).
std::map<std::string, std::string> village_township_labels(const EvidenceWriter& ev, const WorkspaceView& ws, const CheckResult& result) {
  std::vector<std::string> keys;
  for (const auto& s : result.townships) keys.push_back(s.township);
  return township_labels(ws, keys, [&ev](const std::string& k) { return ev.township_name(k); });
}

void villages_sheet(Workbook& wb, const EvidenceWriter& ev, const WorkspaceView& ws, const CheckResult& result, const VillageSheetPlan& plan) {
  Sheet sh = wb.add_sheet("村级结果");
  uint16_t c = 0;
  const std::vector<ItemColumns> cols = village_headers(sh, ev, result, plan, c);
  const uint16_t tail = c;
  for (const char* h : {"四网", "九有", "缺项数"}) sh.header_cell(0, c++, h);
  sh.row_height(0, 45);
  sh.freeze(1, 2);
  const size_t net4 = detail::count_net4(result.rules), jiuyou = detail::count_jiuyou(result.rules);
  const size_t n = result.village_count;
  // One row per village; in a province's workbook they are streamed into the
  // sheet's XML when the workbook closes (Sheet::rows): `ev`, `result` and
  // `plan` live until then (write_check_xlsx), the rest is copied.
  const FeatureTable* villages = ws.layer(io::target_layer);
  sh.rows(1, static_cast<uint32_t>(n), [&ev, &result, &plan, cols, tail, net4, jiuyou, villages, labels = village_township_labels(ev, ws, result)](uint32_t r, RowCells& row) {
    const auto count = [](const std::vector<uint16_t>& x, size_t at) { return at < x.size() ? x[at] : 0; };
    const size_t v = r - 1;
    row.text(0, ev.village_code(v));
    row.text(1, ev.village_name(v));
    const auto label = labels.find(detail::village_text(villages, "township", v));
    row.text(2, label != labels.end() ? label->second : ev.village_township(v));
    row.text(k_verdict_column, detail::verdict_zh(v < result.verdict.size() ? result.verdict[v] : Outcome::unknown));
    row.text(k_verdict_column + 1, detail::missing_names_zh(result, v));
    for (const auto& ic : cols) {
      const Outcome outcome = result.cell(v, ic.item).outcome;
      const bool words = !plan.brief_evidence || outcome != Outcome::pass;
      const auto e = words ? ev.cell(v, ic.item) : ev.passed_numbers(v, ic.item);
      uint16_t k = ic.status;
      row.text(k++, detail::outcome_zh(outcome));
      row.text(k++, e.text);
      if (ic.measure) row.number(k++, in_unit(e.measure, ic.info), measure_style(ic.info, e.measure, e.shortfall));
      if (ic.shortfall && e.shortfall > 0) row.number(k, gap_in_unit(e.shortfall, ic.info), gap_style(ic.info, e.shortfall));
    }
    row.text(tail, std::to_string(count(result.net4_count, v)) + "/" + std::to_string(net4));
    row.text(tail + 1, std::to_string(count(result.jiuyou_count, v)) + "/" + std::to_string(jiuyou));
    row.number(tail + 2, count(result.failed_count, v), Style::count);
  });
  if (n > 0) {
    const auto last = static_cast<uint32_t>(n);
    for (const auto& ic : cols) sh.colour_by_text(1, last, ic.status, k_item_words);
    sh.colour_by_text(1, last, k_verdict_column, k_verdict_words);
    sh.autofilter(0, 0, last, tail + 2);
  }
  sh.column_width(0, 0, 15);
  sh.column_width(1, 2, 12);
  for (const auto& ic : cols) {
    sh.column_width(ic.status, ic.status, 8);
    sh.column_width(ic.status + 1, ic.status + 1, 34);
    const uint16_t extra = static_cast<uint16_t>((ic.measure ? 1 : 0) + (ic.shortfall ? 1 : 0));
    if (extra > 0) sh.column_width(ic.status + 2, ic.status + 1 + extra, 11);
  }
  sh.column_width(k_verdict_column, k_verdict_column, 10);
  sh.column_width(k_verdict_column + 1, k_verdict_column + 1, 40);
  sh.column_width(tail, tail + 2, 7);
}

// 乡镇汇总: 乡镇代码, 乡镇, 县 (same-named townships of several counties told apart), then the counts.
constexpr uint16_t k_township_labels = 3;

void summary_row(Sheet& sh, uint32_t r, const indicators::TownshipSummary& s, const std::vector<std::string>& labels, const CheckResult& result,
                 Style label_style) {
  const double n = static_cast<double>(s.villages);
  auto at = [](const std::vector<size_t>& x, size_t i) { return i < x.size() ? static_cast<double>(x[i]) : 0.0; };
  for (uint16_t k = 0; k < labels.size(); ++k) sh.text(r, k, labels[k], label_style);
  uint16_t c = k_township_labels;
  sh.number(r, c++, n, Style::count);
  sh.number(r, c++, static_cast<double>(s.exit), Style::count);
  sh.number(r, c++, static_cast<double>(s.fail), Style::count);
  sh.number(r, c++, static_cast<double>(s.unknown), Style::count);
  if (n > 0) sh.number(r, c, static_cast<double>(s.exit) / n, Style::percent);
  ++c;
  for (size_t i = 0; i < result.rules.items.size(); ++i) {
    if (!result.rules.items[i].visible) continue;
    sh.number(r, c, at(s.item_pass, i), Style::count);
    sh.number(r, c + 1, at(s.item_fail, i), Style::count);
    sh.number(r, c + 2, at(s.item_unknown, i), Style::count);
    if (n > 0) sh.number(r, c + 3, at(s.item_pass, i) / n, Style::percent);
    c += 4;
  }
}

void townships_sheet(Workbook& wb, const EvidenceWriter& ev, const WorkspaceView& ws, const CheckResult& result) {
  Sheet sh = wb.add_sheet("乡镇汇总");
  // Two header rows, written row by row: a province's workbook is written in
  // constant-memory mode, where a cell above the row being written is lost (a
  // label merged over both rows lost every header right of it).
  const char* labels[] = {"乡镇代码", "乡镇", "县", "村数", "可出列", "不可出列", "数据不全", "出列率"};
  uint16_t c = 0;
  for (const char* h : labels) sh.header_cell(0, c++, h);
  for (const auto& it : result.rules.items) {
    if (!it.visible) continue;
    sh.merged_header(0, c, 0, c + 3, it.name_zh);
    c += 4;
  }
  sh.row_height(0, 45);
  c = 0;
  for (size_t k = 0; k < std::size(labels); ++k) sh.blank_header(1, c++);
  for (const auto& it : result.rules.items) {
    if (!it.visible) continue;
    for (const char* h : {"达标", "不达标", "未知", "达标率"}) sh.header_cell(1, c++, h);
  }
  sh.freeze(2, 2);
  uint32_t r = 2;
  const std::map<std::string, TownshipPlace> places = township_places(ws);
  for (const auto& s : result.townships) {
    auto it = places.find(s.township);
    const TownshipPlace place = it != places.end() ? it->second : TownshipPlace{};
    summary_row(sh, r++, s, {place.code, ev.township_name(s.township), place.county}, result, Style::plain);
  }
  // Several counties in one run: a subtotal row per county (县小计) before the total, as report.html's 各县汇总.
  const std::vector<CountyTotals> counties = county_totals(ws, result);
  if (counties.size() > 1)
    for (const auto& county : counties) summary_row(sh, r++, county.sum, {"", "县小计", county.county}, result, Style::bold);
  summary_row(sh, r, result.county_summary, {"", counties.size() > 1 ? "合计" : "全县合计"}, result, Style::bold);
  sh.column_width(0, 0, 11);
  sh.column_width(1, 2, 14);
  sh.column_width(3, c > 0 ? c - 1 : 3, 8);
}

// One block of 全县汇总: the verdict row titled by its place, then one row per visible item. Returns the next free row.
uint32_t summary_block(Sheet& sh, uint32_t r, const std::string& place, const indicators::TownshipSummary& s, const CheckResult& result) {
  const double n = static_cast<double>(s.villages);
  sh.text(r, 0, "出列结论（" + place + "，" + std::to_string(s.villages) + " 个村）", Style::bold);
  sh.number(r, 5, static_cast<double>(s.exit), Style::count);
  sh.number(r, 6, static_cast<double>(s.fail), Style::count);
  sh.number(r, 7, static_cast<double>(s.unknown), Style::count);
  if (n > 0) sh.number(r, 8, static_cast<double>(s.exit) / n, Style::percent);
  ++r;
  auto at = [](const std::vector<size_t>& x, size_t i) { return i < x.size() ? static_cast<double>(x[i]) : 0.0; };
  for (size_t i = 0; i < result.rules.items.size(); ++i) {
    const Item& it = result.rules.items[i];
    if (!it.visible) continue;
    sh.text(r, 0, it.name_zh);
    sh.text(r, 1, detail::group_zh(it.group));
    sh.text(r, 2, it.in_net4 ? "是" : "");
    sh.text(r, 3, it.in_jiuyou ? "是" : "");
    sh.text(r, 4, it.required ? "是" : "参考");
    sh.number(r, 5, at(s.item_pass, i), Style::count);
    sh.number(r, 6, at(s.item_fail, i), Style::count);
    sh.number(r, 7, at(s.item_unknown, i), Style::count);
    if (n > 0) sh.number(r, 8, at(s.item_pass, i) / n, Style::percent);
    ++r;
  }
  return r;
}

// The whole run first; a run of several counties then gives each county its own block (tour 12 L20: a
// provincial reviewer forwarding the workbook reads each county's item rates, as report.html's 各县汇总 shows).
void county_sheet(Workbook& wb, const WorkspaceView& ws, const CheckResult& result) {
  Sheet sh = wb.add_sheet("全县汇总");
  sh.header(0, {"项目", "分组", "四网", "九有", "决定出列", "达标 / 可出列", "不达标 / 不可出列", "未知 / 数据不全", "达标率 / 出列率"});
  sh.row_height(0, 30);  // before row 1: see townships_sheet
  const std::string place = checked_place(ws, result.county.empty() ? std::string("全县") : result.county);
  uint32_t r = summary_block(sh, 1, place, result.county_summary, result);
  const std::vector<CountyTotals> counties = county_totals(ws, result);
  if (counties.size() > 1)
    for (const CountyTotals& county : counties) r = summary_block(sh, r + 1, county.county, county.sum, result);
  sh.column_width(0, 0, 40);
  sh.column_width(1, 4, 9);
  sh.column_width(5, 8, 13);
}

// A what-if opens on this sheet: the workbook says what it is before any number.
void scenario_sheet(Workbook& wb, const std::string& scenario) {
  Sheet sh = wb.add_sheet("模拟说明（非现状）");
  sh.text(0, 0, "模拟结果，非现状", Style::bold);
  sh.text(1, 0, scenario, Style::wrap);
  sh.column_width(0, 0, 90);
  sh.row_height(1, 60);
}

// The data problems that change the verdicts (check_caveats.hpp), on a sheet before the numbers:
// the workbook is forwarded on its own, without report.html's banner.
void caveats_sheet(Workbook& wb, const std::vector<VerdictCaveat>& caveats) {
  Sheet sh = wb.add_sheet("请先看（数据问题）");
  sh.text(0, 0, caveats_heading("本表"), Style::bold);
  uint32_t r = 1;
  for (const VerdictCaveat& c : caveats) {
    sh.text(r, 0, c.effect, Style::wrap);
    sh.row_height(r++, 45);
    for (const std::string& d : c.details) {
      sh.text(r, 0, "　" + d, Style::wrap);
      sh.row_height(r++, 45);
    }
  }
  sh.column_width(0, 0, 100);
}

// The 依据 line of 规则说明 (a province's workbook only): what it leaves out and where it is.
std::string evidence_line(const VillageSheetPlan& plan, size_t province_villages) {
  if (!plan.brief_evidence) return {};
  return "村数超过 " + std::to_string(province_villages) +
         " 个，村级结果的“依据”列只写不达标和未知的项；达标项的距离、覆盖率等数字仍在旁边的列中。"
         "需要每一项的依据句子时，检查时加 --evidence full，依据写入 result.gpkg。";
}

void rules_sheet(Workbook& wb, const EvidenceWriter& ev, const WorkspaceView& ws, const CheckResult& result, const std::string& evidence) {
  Sheet sh = wb.add_sheet("规则说明");
  const auto& rules = result.rules;
  const std::pair<const char*, std::string> lines[] = {
      {"规则集", rules.name_zh},
      {"依据", rules.source},
      {"县 / 项目", checked_place(ws, result.county.empty() ? ws.name : result.county)},
      {"坐标系", (result.crs.empty() ? ws.metric_crs : result.crs).label()},
      {"村数", std::to_string(result.village_count)},
      {"结论规则", "所有“决定出列”项达标为可出列；任一项不达标为不可出列；否则为数据不全。达标率 = 达标村数 / 村数。"},
  };
  uint32_t r = 0;
  for (const auto& [k, v] : lines) {
    sh.text(r, 0, k, Style::bold);
    sh.text(r++, 1, v, Style::wrap);
  }
  if (!evidence.empty()) {
    sh.text(r, 0, "村级结果的依据", Style::bold);
    sh.text(r++, 1, evidence, Style::wrap);
  }
  ++r;
  const char* heads[] = {"项目", "分组", "类型", "标准", "四网", "九有", "决定出列", "来源"};
  uint16_t c = 0;
  for (const char* h : heads) sh.header_cell(r, c++, h);
  ++r;
  for (size_t i = 0; i < rules.items.size(); ++i) {
    const Item& it = rules.items[i];
    if (!it.visible) continue;
    sh.text(r, 0, it.name_zh, Style::wrap);
    sh.text(r, 1, detail::group_zh(it.group));
    sh.text(r, 2, detail::kind_zh(it.kind));
    sh.text(r, 3, ev.standard(i), Style::wrap);
    sh.text(r, 4, it.in_net4 ? "是" : "");
    sh.text(r, 5, it.in_jiuyou ? "是" : "");
    sh.text(r, 6, it.required ? "是" : "参考");
    sh.text(r++, 7, it.source, Style::wrap);
  }
  sh.column_width(0, 0, 30);
  sh.column_width(1, 2, 10);
  sh.column_width(3, 3, 44);
  sh.column_width(4, 6, 8);
  sh.column_width(7, 7, 50);
}

}  // namespace

Result<void> write_check_xlsx(const std::string& path, const WorkspaceView& ws, const CheckResult& result, const WorkbookOptions& options) {
  const bool province = result.village_count > options.province_villages;
  auto wb = Workbook::create(path, province);
  if (!wb) return tl::unexpected(wb.error());
  const EvidenceWriter ev(ws, result, options.load_issues);
  const VillageSheetPlan plan{province};
  if (!options.scenario.empty()) scenario_sheet(*wb, options.scenario);
  if (const std::vector<VerdictCaveat> caveats = verdict_caveats(result, options.load_issues); !caveats.empty()) caveats_sheet(*wb, caveats);
  villages_sheet(*wb, ev, ws, result, plan);
  townships_sheet(*wb, ev, ws, result);
  county_sheet(*wb, ws, result);
  rules_sheet(*wb, ev, ws, result, evidence_line(plan, options.province_villages));
  return wb->close();
}

}  // namespace jiuyou::report
