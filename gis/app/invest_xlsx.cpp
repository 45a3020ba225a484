// 项目库.xlsx: the chosen projects in the columns a county's project library
// keeps (项目名称 … 解决的指标), a 各乡镇 sheet with its 合计 row, and a 各村 sheet with every village's standing.
#include <algorithm>
#include <cmath>
#include <set>

#include "gis/app/invest_rows.hpp"
#include "gis/io/schema.hpp"
#include "gis/report/check_caveats.hpp"
#include "gis/report/report_text.hpp"
#include "gis/report/workbook.hpp"

namespace jiuyou::app::invest_out {
namespace {

// Every village: where it stands, its exit year under the plan, and why not.
void village_sheet(report::Sheet s, const InvestRun& run, const Names& ew) {
  // 检查结论 in report.html's words, so its 数据不全 count can be read off here; 现状 is the
  // plan's own standing ("缺数据，无法规划" also holds 不可出列 villages that lack data elsewhere).
  s.header(0, {"村代码", "村名", "乡镇", "检查结论", "现状", "出列年度", "说明"});
  s.column_width(3, 4, 16, report::Style::plain);
  s.column_width(6, 6, 48, report::Style::wrap);
  // 乡镇 as the 各乡镇 sheet labels it: two counties' 城关镇 apart (tour 12 L13).
  const std::vector<std::string> township = township_table(run, ew).village_label;
  for (size_t v = 0; v < run.candidates.villages.size(); ++v) {
    const auto r = static_cast<uint32_t>(v + 1);
    const auto& vp = run.candidates.villages[v];
    s.text(r, 0, ew.village_code(v));
    s.text(r, 1, ew.village_name(v));
    s.text(r, 2, v < township.size() && !township[v].empty() ? township[v] : ew.village_township(v));
    s.text(r, 3, report::detail::verdict_zh(run.check.verdict[v]));
    s.text(r, 4, reach_zh(vp.reach));
    // A village exit-ready before any construction exits now, not in the plan's first year (tour 15 P10).
    if (run.check.verdict[v] == indicators::Outcome::pass) s.text(r, 5, "现已可出列");
    else if (run.exit_year[v] > 0) s.number(r, 5, run.exit_year[v], report::Style::plain);
    s.text(r, 6, why_not(run, v));
  }
  s.freeze(1, 0);
}

// Per township, as invest.html's table: the money in 万元 rounded so that the rows add up to the 合计 row.
void township_sheet(report::Sheet s, const InvestRun& run, const Names& ew) {
  s.header(0, {"乡镇", "村数", "现可出列", "建设后可出列", "投资（万元）"});
  s.column_width(0, 0, 16, report::Style::plain);
  const TownshipTable table = township_table(run, ew);
  uint32_t r = 1;
  const auto row = [&](const TownshipRow& t, std::string_view name, report::Style text_style) {
    s.text(r, 0, name, text_style);
    s.number(r, 1, static_cast<double>(t.villages), report::Style::count);
    s.number(r, 2, static_cast<double>(t.now), report::Style::count);
    s.number(r, 3, static_cast<double>(t.plan), report::Style::count);
    s.number(r, 4, t.cost_wan, report::Style::money_wan);
    ++r;
  };
  for (const TownshipRow& t : table.rows) row(t, t.label, t.subtotal ? report::Style::bold : report::Style::plain);
  row(table.total, "合计", report::Style::bold);
  s.text(r + 1, 0, table.rows.size() > 0 && std::any_of(table.rows.begin(), table.rows.end(), [](const TownshipRow& t) { return t.subtotal; })
                       ? "各乡镇投资按 0.01 万元取整，尾差计入余数最大的乡镇；各县的乡镇行相加等于该县小计，各县小计相加等于合计。"
                       : "各乡镇投资按 0.01 万元取整，尾差计入余数最大的乡镇，各行相加等于合计。");
  s.freeze(1, 0);
}

// 年度汇总 (F21): each year's budget, the plan's spending and the carry-over, with the 合计 row.
void year_sheet(report::Sheet s, const InvestRun& run) {
  s.header(0, {"年度", "年度预算（万元）", "安排投资（万元）", "结转下年（万元）"});
  s.column_width(1, 3, 16, report::Style::plain);
  const YearTable table = year_table(run);
  uint32_t r = 1;
  const auto row = [&](const YearRow& y, std::string_view name, report::Style text_style) {
    s.text(r, 0, name, text_style);
    s.money_wan(r, 1, y.budget);
    s.money_wan(r, 2, y.spent);
    s.money_wan(r, 3, y.carried);
    ++r;
  };
  for (const YearRow& y : table.rows) row(y, std::to_string(y.year), report::Style::plain);
  row(table.total, "合计", report::Style::bold);
  s.text(r + 1, 0, "当年没有用完的预算结转到下一年使用；合计行的结转为最后一年结束时未安排的资金。");
  s.freeze(1, 0);
}

// The poor population of the villages the chosen projects serve, each village once (F1).
double distinct_poor(const InvestRun& run, const std::vector<size_t>& chosen) {
  const Column* poor = run.ws.layer(io::target_layer)->column("poor_population");
  if (poor == nullptr) return 0;
  std::set<uint32_t> villages;
  for (const size_t j : chosen)
    for (const uint32_t k : run.candidates.projects[j].needs) villages.insert(run.candidates.needs[k].village);
  double sum = 0;
  for (const uint32_t v : villages) sum += poor->number(v).value_or(0);
  return sum;
}

// The check's 请先看 caveats, first, as result.xlsx opens on them (tour 11 K18): the workbook is forwarded on its own.
void caveats_sheet(report::Workbook& book, const std::vector<report::VerdictCaveat>& caveats) {
  report::Sheet s = book.add_sheet("请先看（数据问题）");
  s.text(0, 0, report::caveats_heading("本方案"), report::Style::bold);
  uint32_t r = 1;
  for (const report::VerdictCaveat& c : caveats) {
    s.text(r++, 0, c.effect, report::Style::wrap);
    for (const std::string& d : c.details) s.text(r++, 0, "　" + d, report::Style::wrap);
  }
  s.text(r, 0, k_caveats_plan_zh, report::Style::wrap);
  s.column_width(0, 0, 100);
}

}  // namespace

Result<void> write_xlsx(const std::string& path, const InvestRun& run, const Names& ew) {
  ASSIGN_OR_RETURN(report::Workbook book, report::Workbook::create(path));
  if (const auto caveats = report::verdict_caveats(run.check, &run.ws.issues); !caveats.empty()) caveats_sheet(book, caveats);
  report::Sheet s = book.add_sheet("项目库");
  s.header(0, {"序号", "项目名称", "建设内容", "建设地点", "建设规模", "投资估算（万元）", "实施年度", "受益村", "受益村贫困人口（同村多项目重复计，合计行按村不重复计）", "解决的指标"});
  s.column_width(1, 3, 28, report::Style::wrap);
  s.column_width(7, 9, 24, report::Style::wrap);
  uint32_t row = 1;
  const std::vector<size_t> chosen = chosen_by_year(run);
  // 投资估算 stored rounded to 0.01 万元, the rows adding up to the 合计 row.
  std::vector<double> wan;
  for (const size_t j : chosen) wan.push_back(run.candidates.projects[j].cost_cny / 1e4);
  const std::vector<double> rounded = round_to_total(wan, 2);
  double total_wan = 0;
  for (const size_t j : chosen) {
    const ProjectRow r = project_row(run, j, ew);
    s.number(row, 0, row, report::Style::count);
    s.text(row, 1, r.name);
    s.text(row, 2, r.content);
    s.text(row, 3, r.place);
    s.text(row, 4, r.scale);
    s.money_wan(row, 5, rounded[row - 1] * 1e4);
    total_wan += rounded[row - 1];
    s.number(row, 6, r.year, report::Style::plain);
    s.text(row, 7, r.villages);
    s.number(row, 8, r.poor, report::Style::count);
    s.text(row, 9, r.items);
    ++row;
  }
  s.text(row, 1, "合计", report::Style::bold);
  s.money_wan(row, 5, std::round(total_wan * 100) * 100);
  s.number(row, 8, distinct_poor(run, chosen), report::Style::count);
  s.freeze(1, 0);
  year_sheet(book.add_sheet("年度汇总"), run);
  township_sheet(book.add_sheet("各乡镇"), run, ew);
  village_sheet(book.add_sheet("各村"), run, ew);
  return book.close();
}

}  // namespace jiuyou::app::invest_out
