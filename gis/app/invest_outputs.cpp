#include "gis/app/invest_outputs.hpp"

#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "gis/app/invest_job.hpp"
#include "gis/io/write.hpp"
#include "gis/report/check_evidence.hpp"
#include "gis/report/html_page.hpp"
#include "gis/report/workbook.hpp"

namespace jiuyou::app {
namespace {

std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

// What a project row says, in the county's words.
struct ProjectRow {
  std::string name, content, place, scale, villages, items;
  double cost = 0, poor = 0;
  int year = 0;
};

std::string text_of(const FeatureTable& t, const char* col, size_t row) {
  const Column* c = t.column(col);
  return c == nullptr || c->is_null(row) ? std::string() : c->as_text(row);
}

ProjectRow project_row(const InvestRun& run, size_t j, const report::detail::EvidenceWriter& ew) {
  const auto& p = run.candidates.projects[j];
  const auto& b = run.costs.builds[p.build];
  const FeatureTable& villages = *run.ws.layer("villages");
  ProjectRow r;
  const std::string vname = ew.village_name(p.village);
  r.name = vname + b.name_zh;
  r.content = b.content_zh;
  r.place = ew.village_township(p.village) + " " + vname;
  r.scale = p.geometry.size() >= 2 ? fmt("%.2f 公里", p.size / 1000) : std::string("1 处");
  if (p.lift_m > 0) r.scale += fmt("，提水扬程 %.0f 米", p.lift_m);
  r.cost = p.cost_cny;
  r.year = run.schedule.project_year.size() > j ? run.schedule.project_year[j] : 0;
  std::set<uint32_t> seen;
  std::set<std::string> items;
  const Column* poor = villages.column("poor_population");
  for (const uint32_t k : p.needs) {
    const auto& n = run.candidates.needs[k];
    items.insert(run.check.rules.items[n.item].name_zh);
    if (!seen.insert(n.village).second) continue;
    r.villages += (r.villages.empty() ? "" : "、") + ew.village_name(n.village);
    r.poor += poor != nullptr ? poor->number(n.village).value_or(0) : 0;
  }
  for (const auto& i : items) r.items += (r.items.empty() ? "" : "、") + i;
  return r;
}

std::vector<size_t> chosen_by_year(const InvestRun& run) {
  std::vector<size_t> out;
  for (size_t j = 0; j < run.plan.chosen.size(); ++j)
    if (run.plan.chosen[j]) out.push_back(j);
  std::stable_sort(out.begin(), out.end(), [&](size_t a, size_t b) { return run.schedule.project_year[a] < run.schedule.project_year[b]; });
  return out;
}

FeatureTable projects_table(const InvestRun& run, const report::detail::EvidenceWriter& ew) {
  FeatureTable t;
  t.name = "plan_projects";
  t.crs = run.ws.metric_crs;
  t.geometry.kind = GeometryKind::point;
  for (const char* c : {"kind", "name", "size", "villages", "items"}) t.columns.emplace_back(c, FieldType::text);
  t.columns.emplace_back("cost_cny", FieldType::real);
  t.columns.emplace_back("year", FieldType::integer);
  const FeatureTable& villages = *run.ws.layer("villages");
  for (const size_t j : chosen_by_year(run)) {
    const ProjectRow r = project_row(run, j, ew);
    const Vec2 at = representative_point(villages.geometry, run.candidates.projects[j].village);
    t.geometry.add_point_feature(at.x, at.y);
    t.fid.push_back(static_cast<int64_t>(j) + 1);
    t.columns[0].push_text(run.costs.builds[run.candidates.projects[j].build].item);
    t.columns[1].push_text(r.name);
    t.columns[2].push_text(r.scale);
    t.columns[3].push_text(r.villages);
    t.columns[4].push_text(r.items);
    t.columns[5].push_real(r.cost);
    t.columns[6].push_int(r.year);
  }
  return t;
}

const char* reach_zh(invest::Reach r) {
  switch (r) {
    case invest::Reach::ready: return "已达标";
    case invest::Reach::buildable: return "可通过工程达标";
    case invest::Reach::blocked: return "工程不能单独解决";
    case invest::Reach::unknown: return "数据不全";
  }
  return "";
}

FeatureTable villages_table(const InvestRun& run, const report::detail::EvidenceWriter& ew) {
  const FeatureTable& villages = *run.ws.layer("villages");
  FeatureTable t;
  t.name = "plan_villages";
  t.crs = run.ws.metric_crs;
  t.geometry.kind = GeometryKind::point;
  for (const char* c : {"code", "name", "township", "status", "why_not"}) t.columns.emplace_back(c, FieldType::text);
  t.columns.emplace_back("exit_year", FieldType::integer);
  for (size_t v = 0; v < villages.size(); ++v) {
    if (villages.geometry.is_empty(v)) t.geometry.add_null_feature();
    else {
      const Vec2 at = representative_point(villages.geometry, v);
      t.geometry.add_point_feature(at.x, at.y);
    }
    t.fid.push_back(villages.fid[v]);
    const auto& vp = run.candidates.villages[v];
    t.columns[0].push_text(text_of(villages, "code", v));
    t.columns[1].push_text(ew.village_name(v));
    t.columns[2].push_text(ew.village_township(v));
    t.columns[3].push_text(reach_zh(vp.reach));
    std::string why = vp.why_zh;
    if (vp.reach == invest::Reach::buildable && run.exit_year[v] == 0) why = "预算内未安排";
    t.columns[4].push_text(why);
    run.exit_year[v] > 0 ? t.columns[5].push_int(run.exit_year[v]) : t.columns[5].push_null();
  }
  return t;
}

FeatureTable frontier_table(const InvestRun& run) {
  FeatureTable t;
  t.name = "plan_frontier";
  for (const char* c : {"budget_cny", "villages", "bound"}) t.columns.emplace_back(c, FieldType::real);
  for (const auto& p : run.frontier) {
    t.geometry.add_null_feature();
    t.fid.push_back(static_cast<int64_t>(t.size()) + 1);
    t.columns[0].push_real(p.budget);
    t.columns[1].push_real(p.value);
    t.columns[2].push_real(p.bound);
  }
  return t;
}

Result<void> write_gpkg(const std::string& path, const InvestRun& run, const report::detail::EvidenceWriter& ew) {
  std::vector<FeatureTable> tables = planned_feature_layers(run, false);
  tables.push_back(projects_table(run, ew));
  tables.push_back(villages_table(run, ew));
  tables.push_back(frontier_table(run));
  std::vector<const FeatureTable*> ptrs;
  for (const auto& t : tables) ptrs.push_back(&t);
  return io::write_layers(path, ptrs);
}

// Every village: where it stands, its exit year under the plan, and why not.
void village_sheet(report::Sheet s, const InvestRun& run, const report::detail::EvidenceWriter& ew) {
  s.header(0, {"村代码", "村名", "乡镇", "现状", "出列年度", "说明"});
  s.column_width(5, 5, 48, report::Style::wrap);
  for (size_t v = 0; v < run.candidates.villages.size(); ++v) {
    const auto r = static_cast<uint32_t>(v + 1);
    const auto& vp = run.candidates.villages[v];
    s.text(r, 0, ew.village_code(v));
    s.text(r, 1, ew.village_name(v));
    s.text(r, 2, ew.village_township(v));
    s.text(r, 3, reach_zh(vp.reach));
    if (run.exit_year[v] > 0) s.number(r, 4, run.exit_year[v], report::Style::plain);
    s.text(r, 5, vp.reach == invest::Reach::buildable && run.exit_year[v] == 0 ? std::string("预算内未安排") : vp.why_zh);
  }
  s.freeze(1, 0);
}

Result<void> write_xlsx(const std::string& path, const InvestRun& run, const report::detail::EvidenceWriter& ew) {
  ASSIGN_OR_RETURN(report::Workbook book, report::Workbook::create(path));
  report::Sheet s = book.add_sheet("项目库");
  s.header(0, {"序号", "项目名称", "建设内容", "建设地点", "建设规模", "投资估算（万元）", "实施年度", "受益村", "受益贫困人口", "解决的指标"});
  s.column_width(1, 3, 28, report::Style::wrap);
  s.column_width(7, 9, 24, report::Style::wrap);
  uint32_t row = 1;
  for (const size_t j : chosen_by_year(run)) {
    const ProjectRow r = project_row(run, j, ew);
    s.number(row, 0, row, report::Style::count);
    s.text(row, 1, r.name);
    s.text(row, 2, r.content);
    s.text(row, 3, r.place);
    s.text(row, 4, r.scale);
    s.money_wan(row, 5, r.cost);
    s.number(row, 6, r.year, report::Style::plain);
    s.text(row, 7, r.villages);
    s.number(row, 8, r.poor, report::Style::count);
    s.text(row, 9, r.items);
    ++row;
  }
  s.freeze(1, 0);
  village_sheet(book.add_sheet("各村"), run, ew);
  return book.close();
}

std::string frontier_svg(const InvestRun& run) {
  const double w = 640, h = 320, l = 60, b = 40;
  double max_b = 1, max_v = 1;
  for (const auto& p : run.frontier) { max_b = std::max(max_b, p.budget); max_v = std::max(max_v, p.bound); }
  auto x = [&](double v) { return l + (w - l - 10) * v / max_b; };
  auto y = [&](double v) { return h - b - (h - b - 10) * v / max_v; };
  std::string plan, bound;
  for (const auto& p : run.frontier) {
    plan += fmt("%.1f,", x(p.budget)) + fmt("%.1f ", y(p.value));
    bound += fmt("%.1f,", x(p.budget)) + fmt("%.1f ", y(p.bound));
  }
  std::string svg = fmt("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" ", w) + fmt("height=\"%.0f\">", h);
  svg += fmt("<line x1=\"%.0f\" y1=\"10\" ", l) + fmt("x2=\"%.0f\" ", l) + fmt("y2=\"%.0f\" stroke=\"#444\"/>", h - b);
  svg += fmt("<line x1=\"%.0f\" ", l) + fmt("y1=\"%.0f\" ", h - b) + fmt("x2=\"%.0f\" ", w - 10) + fmt("y2=\"%.0f\" stroke=\"#444\"/>", h - b);
  svg += "<polyline fill=\"none\" stroke=\"#999\" stroke-dasharray=\"4 3\" points=\"" + bound + "\"/>";
  svg += "<polyline fill=\"none\" stroke=\"#c0392b\" stroke-width=\"2\" points=\"" + plan + "\"/>";
  svg += fmt("<text x=\"%.0f\" y=\"316\" font-size=\"12\">", l) + "总投资（万元），0 至 " + fmt("%.0f", max_b / 1e4) + "</text>";
  svg += "<text x=\"4\" y=\"20\" font-size=\"12\">可出列村数（最多 " + fmt("%.0f", max_v) + "）</text>";
  svg += "<text x=\"400\" y=\"30\" font-size=\"12\" fill=\"#c0392b\">— 方案</text><text x=\"400\" y=\"46\" font-size=\"12\" fill=\"#999\">- - 上界</text></svg>";
  return svg;
}

// Per township: villages, exit-ready now and with the plan, the plan's money there.
std::string township_table(const InvestRun& run, const report::detail::EvidenceWriter& ew) {
  struct Row {
    size_t villages = 0, now = 0, plan = 0;
    double cost = 0;
  };
  const FeatureTable& villages = *run.ws.layer("villages");
  std::map<std::string, Row> rows;
  for (size_t v = 0; v < villages.size(); ++v) {
    Row& r = rows[ew.village_township(v)];
    ++r.villages;
    r.now += run.check.verdict[v] == indicators::Outcome::pass;
    r.plan += run.exit_year[v] != 0;
  }
  for (size_t j = 0; j < run.plan.chosen.size(); ++j)
    if (run.plan.chosen[j]) rows[ew.village_township(run.candidates.projects[j].village)].cost += run.candidates.projects[j].cost_cny;
  std::string t = "<h2>各乡镇</h2><table>" + report::table_head({"乡镇", "村数", "现可出列", "建设后可出列", "投资（万元）"}) + "<tbody>";
  for (const auto& [name, r] : rows)
    t += "<tr>" + report::td(name.empty() ? "（未填乡镇）" : name) + report::td_num(std::to_string(r.villages)) + report::td_num(std::to_string(r.now)) +
         report::td_num(std::to_string(r.plan)) + report::td_num(fmt("%.1f", r.cost / 1e4)) + "</tr>";
  return t + "</tbody></table>";
}

Result<void> write_html(const std::string& path, const InvestRun& run, const report::detail::EvidenceWriter& ew) {
  size_t planned = 0;
  for (const int y : run.exit_year) planned += y > 0;
  std::string body = "<h1>" + report::html_escape(run.ws.name) + " 补短板投资方案</h1><div class=\"summary\"><p>";
  body += "现已可出列 " + std::to_string(run.ready_now) + " 个村；按本方案建设后共 " + std::to_string(planned) + " 个村可出列（逐年复核结果）。";
  body += "总投资 " + fmt("%.1f", run.plan.cost / 1e4) + " 万元。目标值 " + fmt("%.0f", run.plan.value) + "，上界 " + fmt("%.1f", run.bound);
  body += run.exact ? "（已证明最优）" : "（与上界的差距 " + fmt("%.1f", run.bound > 0 ? 100 * (run.bound - run.plan.value) / run.bound : 0.0) + "%）";
  body += "。</p></div><h2>投资与可出列村数</h2>" + frontier_svg(run);
  body += township_table(run, ew);
  body += "<h2>项目清单（按实施年度）</h2><table>" + report::table_head({"项目名称", "建设规模", "投资（万元）", "年度", "受益村", "解决的指标"}) + "<tbody>";
  for (const size_t j : chosen_by_year(run)) {
    const ProjectRow r = project_row(run, j, ew);
    body += "<tr>" + report::td(r.name) + report::td(r.scale) + report::td_num(fmt("%.1f", r.cost / 1e4)) + report::td_num(std::to_string(r.year)) +
            report::td(r.villages) + report::td(r.items) + "</tr>";
  }
  body += "</tbody></table>";
  return report::write_text_file(path, report::html_page(run.ws.name + " 补短板投资方案", body));
}

}  // namespace

Result<void> write_invest_outputs(const std::string& dir, const InvestRun& run) {
  const report::detail::EvidenceWriter ew(run.ws, run.check);  // village and township names
  TRY(write_gpkg(dir + "/invest.gpkg", run, ew));
  TRY(write_xlsx(dir + "/项目库.xlsx", run, ew));
  return write_html(dir + "/invest.html", run, ew);
}

}  // namespace jiuyou::app
