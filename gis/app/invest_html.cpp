// invest.html, for a county leader: what the plan achieves and what the
// bound means in plain words, the budget–villages frontier (knee, what the
// next 100万元 buys), the map of projects by year, per-township figures and
// the project list by year.
#include <algorithm>
#include <cmath>
#include <map>

#include "gis/io/schema.hpp"
#include "gis/app/invest_rows.hpp"
#include "gis/report/check_caveats.hpp"
#include "gis/report/frontier_chart.hpp"
#include "gis/report/html_page.hpp"
#include "gis/report/labels.hpp"

namespace jiuyou::app::invest_out {
namespace {

using report::Unit;
using report::value_text;

// What the plan's value counts, in words: "达到出列条件的村" … "个".
struct Measure {
  const char* noun;
  const char* unit;
  const char* axis;
};
Measure measure_of(const std::string& objective) {
  if (objective == "poor_population") return {"达到出列条件的村的贫困人口", "人", "可出列村的贫困人口（人）"};
  if (objective == "households") return {"达到出列条件的村的户数", "户", "可出列村的户数"};
  return {"达到出列条件的村", "个", "可出列村数（个）"};
}

std::string amount(double v, const Measure& m) { return fmt(std::abs(v - std::round(v)) < 1e-6 ? "%.0f" : "%.1f", v) + " " + m.unit; }

std::string money(double cny) { return value_text(cny, Unit::yuan); }

// What the plan achieves on the page's one basis (tour 15 P3): for the villages objective the
// re-check's count (the headline's), which may exceed the plan's own count when a project also
// served a neighbour; for other objectives the plan's value.
double achieved(const InvestRun& run) {
  if (run.objective != "villages") return run.plan.value;
  size_t passed = 0;
  for (const int y : run.exit_year) passed += y > 0;
  return std::max(run.plan.value, static_cast<double>(passed));
}

// A bound as said on the page: whole villages (floor), never below what is achieved.
double said_bound(const InvestRun& run, double bound, double got) {
  return std::max(run.objective == "villages" ? std::floor(bound + 1e-6) : bound, got);
}

// "按本方案…共 15 个；在此预算下任何方案最多 15 个（已证明最优）" and the gap when not proven.
std::string value_and_bound(const InvestRun& run, const Measure& m) {
  const double got = achieved(run), cap = said_bound(run, run.bound, got);
  std::string s = "按本方案，" + std::string(m.noun) + "共 " + amount(got, m) + "（含现已可出列的）";
  const bool extra = got > run.plan.value + 1e-9;
  if (extra)
    s += "，其中 " + amount(got - run.plan.value, m) + "是方案未计入、建设后重新检查也达标的（项目同时服务了这些村），方案本身计 " + amount(run.plan.value, m);
  s += "。";
  if (cap <= got + 1e-9) {
    if (extra)  // the bound counts only the villages a project aims at: the re-check's count is already at or above it
      return s + "在此预算下，本方案已达到上界（" + amount(got, m) + "），没有找到能达到更多的方案（上界只计项目所针对的村，不计项目顺带服务的邻村）。";
    return s + "在此预算下，任何方案最多也只能达到 " + amount(got, m) + "：本方案已是最优（已证明）。";
  }
  const double gap = 100 * (cap - got) / std::max(cap, 1e-9);
  if (run.exact_stopped_s > 0)
    s += "（已要求求出可证明的最优方案，但求解器在 " + fmt("%.0f", run.exact_stopped_s) + " 秒的时限内没能证明，本方案是它停下时找到的最好方案。）";
  return s + "在此预算下，任何方案最多 " + amount(cap, m) + "（可证明的上界，任何安排都不会超过它），本方案与上界相差 " + fmt("%.1f", gap) +
         "%；实际最优值在两者之间。";
}

// What the next 100万元 buys, from the plan solved again for budget + 100万元, or where the frontier rises next;
// measured against what this plan achieves on the re-check, so no money is advised for a village it already has.
std::string next_million(const InvestRun& run, const Measure& m) {
  const double got = achieved(run), more = run.next_value - got;
  if (more > 1e-9)
    return "再增加 100 万元（总预算 " + money(run.budget + 1e6) + "），" + m.noun + "可再增加 " + amount(more, m) + "（共 " + amount(run.next_value, m) +
           "，上界 " + amount(said_bound(run, run.next_bound, run.next_value), m) + "）。";
  const bool extra = got > run.plan.value + 1e-9;
  const std::string none = next_million_buys_nothing(run) && !extra ? "再增加 100 万元不能使更多村达到出列条件；"
                                                                    : "按本方法，再增加 100 万元未找到能使更多村达到出列条件的方案；";
  const auto& n = run.next_step;
  if (n.budget > 0 && n.value > got + 1e-9)
    return none + (n.proven ? "" : "按本方法，") + "总投资约 " + fmt("%.0f", n.budget / 1e4) + " 万元（精确到" + fmt("%.0f", n.precision / 1e4) +
           "万元）时可达到 " + amount(n.value, m) + "。";
  for (const auto& p : run.frontier)
    if (p.value > got + 1e-9) return none + "总投资不超过约 " + fmt("%.0f", std::ceil(p.budget / 1e5) * 10) + " 万元时可达到 " + amount(p.value, m) + "。";
  if (extra || n.budget > 0) return none.substr(0, none.size() - std::string("；").size()) + "。";
  return "所有可通过工程达标的村都已在方案内，再增加投资也不能使更多村出列；其余村还需产业、集体经济等措施。";
}

// The knee of the frontier and the return of money before and after it.
std::string knee_sentence(const std::vector<report::FrontierSample>& pts, const Measure& m) {
  const size_t k = report::frontier_knee(pts);
  if (k >= pts.size()) return {};
  const auto& a = pts.front();
  const auto& kp = pts[k];
  const auto& z = pts.back();
  const double before = (kp.value - a.value) / std::max((kp.budget - a.budget) / 1e6, 1e-9);
  const double after = (z.value - kp.value) / std::max((z.budget - kp.budget) / 1e6, 1e-9);
  return "投资曲线的拐点约在 " + fmt("%.0f", std::round(kp.budget / 1e5) * 10) + " 万元（"  + amount(kp.value, m) + "）：在此之前，每 100 万元平均增加 " + fmt("%.2f", before) + " " + m.unit +
         "；之后每 100 万元平均只增加 " + fmt("%.2f", after) + " " + m.unit + "。";
}

// The villages left out for missing data, and how that count meets report.html's 数据不全 (tour 10
// H20): here a village counts when any deciding item lacks data, there only when none fails.
std::string left_out_for_data_text(const InvestRun& run) {
  const LeftOutForData n = left_out_for_data_by_verdict(run);
  // A value the loader found implausible is in the file: to be checked (核实), not filled in (补齐), as 各村 says.
  const bool implausible = std::any_of(run.candidates.villages.begin(), run.candidates.villages.end(),
                                       [](const invest::VillagePlan& vp) { return vp.reach == invest::Reach::unknown && vp.implausible_data; });
  const std::string what = implausible ? "数据不全或不合理，补齐或核实前" : "数据不全，补齐前";
  std::string s = "<p class=fail>另有 " + std::to_string(run.not_judged) + " 个村有出列必需的指标" + what +
                  "无法判断建设后能否出列，未列入本方案（地图上为白色，标“缺数据，无法规划”；各村还缺什么见 项目库.xlsx 的“各村”表）。";
  if (n.failing > 0)
    s += "这里只要有一项出列必需的指标缺数据就计入，与检查报告的“数据不全”口径不同：其中 " + std::to_string(n.data_missing) +
         " 个在检查报告中为“数据不全”，" + std::to_string(n.failing) + " 个已有不达标的指标，在检查报告中计为“不可出列”（“各村”表的“检查结论”一栏）。";
  return s + (implausible ? "请补齐、核实数据" : "请补齐数据") + "（数据问题见检查报告的附录或 jiuyou validate）后重新规划。</p>";
}

std::string summary(const InvestRun& run, const Measure& m) {
  size_t planned = 0, projects = 0;
  for (const int y : run.exit_year) planned += y > 0;
  for (const uint8_t c : run.plan.chosen) projects += c;
  int last_year = 0;
  for (const int y : run.schedule.project_year) last_year = std::max(last_year, y);
  std::string s = "<div class=\"summary\"><p>现已可出列 " + std::to_string(run.ready_now) + " 个村。";
  if (projects == 0)
    s += "本方案不建设项目（预算 " + money(run.budget) + " 未动用）：没有哪个村能靠本预算内的工程达到出列条件，共 " + std::to_string(planned) + " 个村达到出列条件，都是现已可出列的。</p><p>";
  else
    s += "本方案建设 " + std::to_string(projects) + " 个项目，总投资 " + money(run.plan.cost) + "（预算 " + money(run.budget) + "），到 " + std::to_string(last_year) +
         " 年共 " + std::to_string(planned) + " 个村达到出列条件（按方案逐年建设后重新检查的结果）。</p><p>";
  s += "" + value_and_bound(run, m) + "</p><p>" + next_million(run, m) + "</p>";
  if (run.not_judged > 0) s += left_out_for_data_text(run);
  if (run.promised_not_passing > 0)
    s += "<p class=fail>注意：有 " + std::to_string(run.promised_not_passing) + " 个村方案认为可达标，但建设后重新检查仍不达标，请核对这些村的数据。</p>";
  return s + "</div>\n";
}

std::string frontier_section(const InvestRun& run, const Measure& m) {
  report::FrontierChart chart;
  for (const auto& p : run.frontier) chart.points.push_back({p.budget, p.value, p.bound});
  chart.chosen_budget = run.budget;
  chart.chosen_value = achieved(run);  // the headline's count (the re-check's), one basis (tour 15 P3, H4)
  chart.value_label = m.axis;
  const std::string svg = report::frontier_svg(chart);
  if (svg.empty()) return "<h2>投资与可出列村数</h2>\n<p>没有可建设的项目，投资多少都不改变可出列村数，因此不画曲线。</p>\n";
  return "<h2>投资与可出列村数</h2>\n" + svg + "<p>" + knee_sentence(chart.points, m) +
         "</p><p class=meta>红线：在该总投资下找到的方案；灰色虚线：任何方案都不可能超过的上界，两线重合处即已证明最优；红点：本方案" +
         (chart.chosen_value > run.plan.value + 1e-9 ? "（按建设后重新检查计，含项目顺带服务的邻村，因此可高于红线；曲线只计项目所针对的村）" : std::string()) +
         "。</p>\n";
}

// Per year (F21): the budget, what the plan spends, and what is carried over, with the 合计 row.
std::string year_section(const InvestRun& run) {
  const YearTable table = year_table(run);
  std::string t = "<h2>年度资金安排</h2><table>" + report::table_head({"年度", "年度预算（万元）", "安排投资（万元）", "结转下年（万元）"}) + "<tbody>";
  const auto row = [](const YearRow& r, const std::string& name) {
    return report::td(name) + report::td_num(fmt("%.2f", r.budget / 1e4)) + report::td_num(fmt("%.2f", r.spent / 1e4)) + report::td_num(fmt("%.2f", r.carried / 1e4));
  };
  for (const YearRow& r : table.rows) t += "<tr>" + row(r, std::to_string(r.year)) + "</tr>";
  t += "<tr style=\"font-weight:bold\">" + row(table.total, "合计") + "</tr></tbody></table>";
  return t + "<p class=meta>当年没有用完的预算结转到下一年使用；合计行的结转为最后一年结束时未安排的资金。</p>\n";
}

// Per township: villages, exit-ready now and with the plan, the plan's money there, and the 合计 row.
std::string township_section(const InvestRun& run, const Names& ew) {
  const TownshipTable table = invest_out::township_table(run, ew);
  std::string t = "<h2>各乡镇</h2><table>" + report::table_head({"乡镇", "村数", "现可出列", "建设后可出列", "投资（万元）"}) + "<tbody>";
  const auto row = [](const TownshipRow& r, const std::string& name) {
    return report::td(name) + report::td_num(std::to_string(r.villages)) + report::td_num(std::to_string(r.now)) +
           report::td_num(std::to_string(r.plan)) + report::td_num(fmt("%.2f", r.cost_wan));
  };
  bool counties = false;
  for (const TownshipRow& r : table.rows) {
    t += (r.subtotal ? "<tr style=\"font-weight:bold\">" : "<tr>") + row(r, r.label) + "</tr>";
    counties = counties || r.subtotal;
  }
  t += "<tr style=\"font-weight:bold\">" + row(table.total, "合计") + "</tr></tbody></table>";
  return t + (counties ? "<p class=meta>各乡镇投资按 0.01 万元取整，尾差计入余数最大的乡镇；各县的乡镇行相加等于该县小计，各县小计相加等于合计。</p>\n"
                       : "<p class=meta>各乡镇投资按 0.01 万元取整，尾差计入余数最大的乡镇，各行相加等于合计。</p>\n");
}

std::string project_table(const InvestRun& run, const Names& ew) {
  if (chosen_by_year(run).empty()) return "<h2>项目清单（按实施年度）</h2><p>无：本方案不建设项目。</p>\n";
  std::string body;
  body += "<h2>项目清单（按实施年度）</h2><table>" + report::table_head({"项目名称", "建设规模", "投资（万元）", "年度", "受益村", "解决的指标"}) + "<tbody>";
  for (const size_t j : chosen_by_year(run)) {
    const ProjectRow r = project_row(run, j, ew);
    body += "<tr>" + report::td(r.name) + report::td(r.scale) + report::td_num(fmt("%.1f", r.cost / 1e4)) + report::td_num(std::to_string(r.year)) +
            report::td(r.villages) + report::td(r.items) + "</tr>";
  }
  body += "</tbody></table>";
  return body;
}

}  // namespace

Result<void> write_html(const std::string& path, const InvestRun& run, const Names& ew) {
  const Measure m = measure_of(run.objective);
  // The check's 请先看 (village points, undeclared GCJ-02): the plan spends money on the distances they distort (tour 11 K18).
  std::string body = "<h1>" + report::html_escape(run.ws.name) + " 补短板投资方案</h1>\n" + report::verdict_caveats_html(run.check, &run.ws.issues);
  if (!report::verdict_caveats(run.check, &run.ws.issues).empty()) body += "<p class=fail>" + std::string(k_caveats_plan_zh) + "</p>\n";
  // The arguments' and the cost table's warnings (tour 15 P1, P6): before the numbers they may make wrong.
  for (const auto& w : run.warnings_zh) body += "<p class=fail>请注意：" + report::html_escape(w) + "</p>\n";
  body += summary(run, m) + year_section(run) + frontier_section(run, m);
  body += "<h2>项目分布图（按实施年度）</h2>\n" + plan_map_svg(run, ew);
  body += township_section(run, ew) + project_table(run, ew);
  return report::write_text_file(path, report::html_page(run.ws.name + " 补短板投资方案", body));
}

}  // namespace jiuyou::app::invest_out
