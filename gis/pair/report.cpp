#include "gis/pair/report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>

#include <xlsxwriter.h>

#include "gis/io/write.hpp"
#include "gis/pair/planner.hpp"
#include "gis/util/atomic_file.hpp"
#include "gis/util/text.hpp"

namespace jiuyou::pair {
namespace {

using util::fixed;
using util::html_escape;

bool given(double v) { return !std::isnan(v); }

std::string label(const Unit& u) { return u.name.empty() ? u.code : u.name + " (" + u.code + ")"; }

const char* status_zh(LinkStatus s) {
  switch (s) {
    case LinkStatus::existing: return "现有";
    case LinkStatus::suggested: return "建议";
    case LinkStatus::dropped: return "建议调整";
  }
  return "";
}



void push_real_or_null(Column& c, double v) {
  if (given(v)) {
    c.push_real(v);
  } else {
    c.push_null();
  }
}

}  // namespace

PlanSummary summarise_plan(const PairProblem& problem, const PairPlan& plan, const PairParams& params) {
  PlanSummary s;
  std::map<uint32_t, size_t> helper_row, helped_row;
  for (uint32_t i = 0; i < problem.units.size(); ++i) {
    const Unit& u = problem.units[i];
    if (u.role == Role::helper) {
      helper_row[i] = s.helpers.size();
      HelperSummary h;
      h.unit = i;
      h.capacity = helper_capacity(u, params);
      s.helpers.push_back(h);
    } else {
      helped_row[i] = s.helped.size();
      HelpedSummary r;
      r.unit = i;
      s.helped.push_back(r);
    }
  }
  for (const Link& l : plan.links) {
    if (l.status == LinkStatus::dropped) continue;
    auto& h = s.helpers[helper_row.at(l.helper)];
    auto& r = s.helped[helped_row.at(l.helped)];
    ++h.partners;
    ++r.helpers;
    if (given(l.funds_cny_per_year)) {
      h.committed_cny_per_year += l.funds_cny_per_year;
      r.received_cny_per_year += l.funds_cny_per_year;
    }
    h.partner_names += (h.partner_names.empty() ? "" : "、") + label(problem.units[l.helped]);
    r.helper_names += (r.helper_names.empty() ? "" : "、") + label(problem.units[l.helper]);
  }
  for (const LeftOut& lo : plan.left_out) s.helped[helped_row.at(lo.helped)].left_out_reason = lo.reason;
  return s;
}

FeatureTable links_table(const PairProblem& problem, const PairPlan& plan) {
  FeatureTable t;
  t.name = "links";
  t.source = problem.source;
  t.crs = problem.crs;
  t.geometry.kind = GeometryKind::line;
  t.columns.reserve(12);  // the references below stay valid
  auto& helper_code = t.add_column("helper_code", FieldType::text);
  auto& helper_name = t.add_column("helper_name", FieldType::text);
  auto& helped_code = t.add_column("helped_code", FieldType::text);
  auto& helped_name = t.add_column("helped_name", FieldType::text);
  auto& status = t.add_column("status", FieldType::text);
  auto& existing = t.add_column("existing", FieldType::integer);
  auto& funds = t.add_column("funds_cny_per_year", FieldType::real);
  auto& distance = t.add_column("distance_km", FieldType::real);
  auto& cost_distance = t.add_column("cost_distance", FieldType::real);
  auto& cost_mismatch = t.add_column("cost_mismatch", FieldType::real);
  auto& cost_total = t.add_column("cost_total", FieldType::real);
  auto& row = t.add_column("pairs_row", FieldType::integer);
  for (size_t i = 0; i < plan.links.size(); ++i) {
    const Link& l = plan.links[i];
    const Unit& h = problem.units[l.helper];
    const Unit& r = problem.units[l.helped];
    t.fid.push_back(static_cast<int64_t>(i) + 1);
    t.geometry.add_vertex(h.position.x, h.position.y);
    t.geometry.add_vertex(r.position.x, r.position.y);
    t.geometry.close_ring();
    t.geometry.close_part();
    t.geometry.close_feature();
    helper_code.push_text(h.code);
    helper_name.push_text(h.name);
    helped_code.push_text(r.code);
    helped_name.push_text(r.name);
    status.push_text(to_string(l.status));
    existing.push_int(l.status == LinkStatus::suggested ? 0 : 1);
    push_real_or_null(funds, l.funds_cny_per_year);
    distance.push_real(l.distance_m / 1000.0);
    cost_distance.push_real(static_cast<double>(l.cost_distance) / cost_units_per_km);
    cost_mismatch.push_real(static_cast<double>(l.cost_mismatch) / cost_units_per_km);
    cost_total.push_real(static_cast<double>(l.cost_total()) / cost_units_per_km);
    if (l.existing_row >= 0) {
      row.push_int(l.existing_row);
    } else {
      row.push_null();
    }
  }
  return t;
}

FeatureTable units_table(const PairProblem& problem, const PairPlan& plan, const PairParams& params) {
  const PlanSummary s = summarise_plan(problem, plan, params);
  FeatureTable t;
  t.name = "units";
  t.source = problem.source;
  t.crs = problem.crs;
  t.geometry.kind = GeometryKind::point;
  t.columns.reserve(14);  // the references below stay valid
  auto& code = t.add_column("code", FieldType::text);
  auto& name = t.add_column("name", FieldType::text);
  auto& role = t.add_column("role", FieldType::text);
  auto& partners = t.add_column("partners", FieldType::integer);
  auto& capacity = t.add_column("capacity", FieldType::integer);
  auto& funds = t.add_column("funds_cny_per_year", FieldType::real);
  auto& flow = t.add_column("pair_funds_cny_per_year", FieldType::real);
  auto& poor = t.add_column("poor_population", FieldType::real);
  auto& gap = t.add_column("gap_cost_cny", FieldType::real);
  auto& shortfall = t.add_column("income_shortfall_cny", FieldType::real);
  auto& need = t.add_column("need_cny_per_year", FieldType::real);
  auto& missing = t.add_column("funds_missing_cny", FieldType::real);
  auto& left_out = t.add_column("left_out", FieldType::boolean);
  auto& reason = t.add_column("reason", FieldType::text);
  std::vector<double> funds_missing(problem.units.size(), 0.0);
  for (const LeftOut& lo : plan.left_out) funds_missing[lo.helped] = lo.funds_missing_cny;
  const bool funds_mode = !plan.funds_need_cny.empty();
  size_t hi = 0, ri = 0;
  for (uint32_t i = 0; i < problem.units.size(); ++i) {
    const Unit& u = problem.units[i];
    t.fid.push_back(i + 1);
    t.geometry.add_point_feature(u.position.x, u.position.y);
    code.push_text(u.code);
    name.push_text(u.name);
    role.push_text(to_string(u.role));
    push_real_or_null(funds, u.funds_cny_per_year);
    push_real_or_null(poor, u.poor_population);
    push_real_or_null(gap, u.gap_cost_cny);
    push_real_or_null(shortfall, u.income_shortfall_cny);
    if (funds_mode && u.role == Role::helped) {
      push_real_or_null(need, plan.funds_need_cny[i]);
      missing.push_real(funds_missing[i]);
    } else {
      push_real_or_null(need, u.need_cny_per_year);
      missing.push_null();
    }
    if (u.role == Role::helper) {
      const auto& h = s.helpers[hi++];
      partners.push_int(h.partners);
      capacity.push_int(h.capacity);
      flow.push_real(h.committed_cny_per_year);
      left_out.push_bool(false);
      reason.push_null();
    } else {
      const auto& r = s.helped[ri++];
      partners.push_int(r.helpers);
      capacity.push_null();
      flow.push_real(r.received_cny_per_year);
      left_out.push_bool(!r.left_out_reason.empty());
      if (r.left_out_reason.empty()) {
        reason.push_null();
      } else {
        reason.push_text(r.left_out_reason);
      }
    }
  }
  return t;
}

Result<void> write_pairs_xlsx(const std::string& path, const PairProblem& problem, const PairPlan& plan, const PairParams& params) {
  const PlanSummary s = summarise_plan(problem, plan, params);
  lxw_workbook* wb = workbook_new(path.c_str());
  if (wb == nullptr) return error(ErrorCode::io, "cannot create the workbook").file(path).hint("check that the folder is writable");
  lxw_format* head = workbook_add_format(wb);
  format_set_bold(head);
  format_set_bg_color(head, 0xDDEBF7);
  lxw_format* money = workbook_add_format(wb);
  format_set_num_format(money, "#,##0");
  lxw_format* km = workbook_add_format(wb);
  format_set_num_format(km, "0.0");
  lxw_format* wrap = workbook_add_format(wb);
  format_set_text_wrap(wrap);

  auto header = [&](lxw_worksheet* ws, std::initializer_list<const char*> names) {
    lxw_col_t c = 0;
    for (const char* n : names) worksheet_write_string(ws, 0, c++, n, head);
    worksheet_freeze_panes(ws, 1, 0);
  };
  auto number_or_blank = [](lxw_worksheet* ws, lxw_row_t r, lxw_col_t c, double v, lxw_format* f) {
    if (given(v)) worksheet_write_number(ws, r, c, v, f);
  };

  lxw_worksheet* helpers = workbook_add_worksheet(wb, "帮扶方");
  header(helpers, {"代码", "名称", "结对数", "可结对数", "年度资金 (元)", "结对资金 (元/年)", "结对对象"});
  lxw_row_t r = 1;
  for (const auto& h : s.helpers) {
    const Unit& u = problem.units[h.unit];
    worksheet_write_string(helpers, r, 0, u.code.c_str(), nullptr);
    worksheet_write_string(helpers, r, 1, u.name.c_str(), nullptr);
    worksheet_write_number(helpers, r, 2, h.partners, nullptr);
    worksheet_write_number(helpers, r, 3, h.capacity, nullptr);
    number_or_blank(helpers, r, 4, u.funds_cny_per_year, money);
    worksheet_write_number(helpers, r, 5, h.committed_cny_per_year, money);
    worksheet_write_string(helpers, r, 6, h.partner_names.c_str(), nullptr);
    ++r;
  }
  worksheet_set_column(helpers, 0, 1, 12, nullptr);
  worksheet_set_column(helpers, 2, 5, 14, nullptr);
  worksheet_set_column(helpers, 6, 6, 48, nullptr);

  lxw_worksheet* helped = workbook_add_worksheet(wb, "受扶方");
  header(helped, {"代码", "名称", "帮扶方数", "获得资金 (元/年)", "贫困人口", "基础设施缺口 (元)", "集体收入缺口 (元)", "帮扶方", "未结对原因"});
  r = 1;
  for (const auto& h : s.helped) {
    const Unit& u = problem.units[h.unit];
    worksheet_write_string(helped, r, 0, u.code.c_str(), nullptr);
    worksheet_write_string(helped, r, 1, u.name.c_str(), nullptr);
    worksheet_write_number(helped, r, 2, h.helpers, nullptr);
    worksheet_write_number(helped, r, 3, h.received_cny_per_year, money);
    number_or_blank(helped, r, 4, u.poor_population, money);
    number_or_blank(helped, r, 5, u.gap_cost_cny, money);
    number_or_blank(helped, r, 6, u.income_shortfall_cny, money);
    worksheet_write_string(helped, r, 7, h.helper_names.c_str(), nullptr);
    if (!h.left_out_reason.empty()) worksheet_write_string(helped, r, 8, h.left_out_reason.c_str(), wrap);
    ++r;
  }
  worksheet_set_column(helped, 0, 1, 12, nullptr);
  worksheet_set_column(helped, 2, 6, 16, nullptr);
  worksheet_set_column(helped, 7, 7, 36, nullptr);
  worksheet_set_column(helped, 8, 8, 60, nullptr);

  lxw_worksheet* links = workbook_add_worksheet(wb, "结对明细");
  header(links, {"帮扶方代码", "帮扶方", "受扶方代码", "受扶方", "状态", "距离 (km)", "资金 (元/年)", "距离成本", "匹配成本", "总成本", "结对表行号"});
  r = 1;
  for (const Link& l : plan.links) {
    const Unit& h = problem.units[l.helper];
    const Unit& u = problem.units[l.helped];
    worksheet_write_string(links, r, 0, h.code.c_str(), nullptr);
    worksheet_write_string(links, r, 1, h.name.c_str(), nullptr);
    worksheet_write_string(links, r, 2, u.code.c_str(), nullptr);
    worksheet_write_string(links, r, 3, u.name.c_str(), nullptr);
    worksheet_write_string(links, r, 4, status_zh(l.status), nullptr);
    worksheet_write_number(links, r, 5, l.distance_m / 1000.0, km);
    number_or_blank(links, r, 6, l.funds_cny_per_year, money);
    worksheet_write_number(links, r, 7, static_cast<double>(l.cost_distance) / cost_units_per_km, km);
    worksheet_write_number(links, r, 8, static_cast<double>(l.cost_mismatch) / cost_units_per_km, km);
    worksheet_write_number(links, r, 9, static_cast<double>(l.cost_total()) / cost_units_per_km, km);
    if (l.existing_row >= 0) worksheet_write_number(links, r, 10, static_cast<double>(l.existing_row), nullptr);
    ++r;
  }
  worksheet_set_column(links, 0, 10, 13, nullptr);

  lxw_worksheet* notes = workbook_add_worksheet(wb, "说明");
  worksheet_set_column(notes, 0, 0, 18, nullptr);
  worksheet_set_column(notes, 1, 1, 100, wrap);
  const std::pair<std::string, std::string> lines[] = {
      {"概要", plan.summary},
      {"求解器", plan.solver},
      {"模式", to_string(params.mode)},
      {"距离权重", fixed(params.distance_weight, 3) + " / km"},
      {"匹配权重", fixed(params.mismatch_weight, 3)},
      {"未结对惩罚", fixed(params.unmet_penalty, 1) + " (km 当量)"},
      {"总成本", fixed(static_cast<double>(plan.total_cost) / cost_units_per_km, 1) + " (km 当量)"},
  };
  r = 0;
  for (const auto& [k, v] : lines) {
    worksheet_write_string(notes, r, 0, k.c_str(), head);
    worksheet_write_string(notes, r, 1, v.c_str(), wrap);
    ++r;
  }
  const lxw_error rc = workbook_close(wb);
  if (rc != LXW_NO_ERROR)
    return error(ErrorCode::io, std::string("cannot write the workbook: ") + lxw_strerror(rc)).file(path).hint("check disk space and permissions");
  return {};
}

std::string pairs_html(const PairProblem& problem, const PairPlan& plan, const PairParams& params) {
  const PlanSummary s = summarise_plan(problem, plan, params);
  std::ostringstream o;
  o << "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>结对帮扶方案</title>\n"
       "<style>body{font-family:sans-serif;margin:2em;max-width:1200px}table{border-collapse:collapse;margin:1em 0}"
       "th,td{border:1px solid #bbb;padding:3px 8px;font-size:13px}th{background:#ddebf7}td.n{text-align:right}"
       ".existing{color:#1f4e79}.suggested{color:#c55a11}.dropped{color:#888}.out{background:#fde9e7}</style></head><body>\n";
  o << "<h1>结对帮扶方案 (山海协作 / 对口帮扶)</h1>\n<p>" << html_escape(plan.summary) << "</p>\n<p>求解器: "
    << html_escape(plan.solver) << "; 模式 " << to_string(params.mode) << "; 距离权重 " << fixed(params.distance_weight, 3)
    << "/km, 匹配权重 " << fixed(params.mismatch_weight, 3) << ", 未结对惩罚 " << fixed(params.unmet_penalty, 0) << " km 当量.</p>\n";

  // Map: positions scaled into an SVG box (lon scaled by cos(lat) so shapes are right).
  BBox box;
  for (const Unit& u : problem.units) box.expand(u.position.x, u.position.y);
  if (!box.empty()) {
    const double kx = problem.geographic ? std::cos((box.min_y + box.max_y) / 2 * M_PI / 180.0) : 1.0;
    const double w = std::max(box.width() * kx, 1e-9);
    const double h = std::max(box.height(), 1e-9);
    const double size = 640, pad = 40;
    const double scale = (size - 2 * pad) / std::max(w, h);
    auto sx = [&](double x) { return pad + (x - box.min_x) * kx * scale; };
    auto sy = [&](double y) { return pad + (box.max_y - y) * scale; };
    const double width = 2 * pad + w * scale, height = 2 * pad + h * scale;
    o << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << fixed(width, 0) << "\" height=\"" << fixed(height, 0)
      << "\" style=\"border:1px solid #ccc;background:#fbfbf8\">\n";
    for (const Link& l : plan.links) {
      const Vec2 a = problem.units[l.helper].position;
      const Vec2 b = problem.units[l.helped].position;
      const char* style = l.status == LinkStatus::existing    ? "stroke=\"#1f4e79\" stroke-width=\"2\""
                          : l.status == LinkStatus::suggested ? "stroke=\"#c55a11\" stroke-width=\"2\" stroke-dasharray=\"6 3\""
                                                              : "stroke=\"#999\" stroke-width=\"1\" stroke-dasharray=\"2 3\"";
      o << "<line x1=\"" << fixed(sx(a.x), 1) << "\" y1=\"" << fixed(sy(a.y), 1) << "\" x2=\"" << fixed(sx(b.x), 1) << "\" y2=\""
        << fixed(sy(b.y), 1) << "\" " << style << "/>\n";
    }
    std::map<uint32_t, bool> out;
    for (const LeftOut& lo : plan.left_out) out[lo.helped] = true;
    const bool labels = problem.units.size() <= 200;
    for (uint32_t i = 0; i < problem.units.size(); ++i) {
      const Unit& u = problem.units[i];
      const char* fill = u.role == Role::helper ? "#2e75b6" : out.count(i) != 0 ? "#ff0000" : "#70ad47";
      o << "<circle cx=\"" << fixed(sx(u.position.x), 1) << "\" cy=\"" << fixed(sy(u.position.y), 1) << "\" r=\"4\" fill=\"" << fill
        << "\"><title>" << html_escape(label(u)) << "</title></circle>\n";
      if (labels)
        o << "<text x=\"" << fixed(sx(u.position.x) + 6, 1) << "\" y=\"" << fixed(sy(u.position.y) + 4, 1) << "\" font-size=\"11\">"
          << html_escape(u.name.empty() ? u.code : u.name) << "</text>\n";
    }
    o << "</svg>\n<p>蓝点: 帮扶方; 绿点: 受扶方; 红点: 未结对; 实线: 现有结对; 橙色虚线: 建议结对; 灰色点线: 建议调整的现有结对.</p>\n";
  }

  o << "<h2>帮扶方</h2>\n<table><tr><th>代码</th><th>名称</th><th>结对数</th><th>可结对数</th><th>年度资金 (元)</th><th>结对资金 (元/年)</th><th>结对对象</th></tr>\n";
  for (const auto& h : s.helpers) {
    const Unit& u = problem.units[h.unit];
    o << "<tr><td>" << html_escape(u.code) << "</td><td>" << html_escape(u.name) << "</td><td class=n>" << h.partners << "</td><td class=n>"
      << h.capacity << "</td><td class=n>" << (given(u.funds_cny_per_year) ? fixed(u.funds_cny_per_year, 0) : "") << "</td><td class=n>"
      << fixed(h.committed_cny_per_year, 0) << "</td><td>" << html_escape(h.partner_names) << "</td></tr>\n";
  }
  o << "</table>\n<h2>受扶方</h2>\n<table><tr><th>代码</th><th>名称</th><th>帮扶方数</th><th>获得资金 (元/年)</th><th>贫困人口</th><th>帮扶方</th><th>未结对原因</th></tr>\n";
  for (const auto& h : s.helped) {
    const Unit& u = problem.units[h.unit];
    o << "<tr" << (h.left_out_reason.empty() ? "" : " class=out") << "><td>" << html_escape(u.code) << "</td><td>" << html_escape(u.name)
      << "</td><td class=n>" << h.helpers << "</td><td class=n>" << fixed(h.received_cny_per_year, 0) << "</td><td class=n>"
      << (given(u.poor_population) ? fixed(u.poor_population, 0) : "") << "</td><td>" << html_escape(h.helper_names) << "</td><td>"
      << html_escape(h.left_out_reason) << "</td></tr>\n";
  }
  o << "</table>\n<h2>结对明细</h2>\n<table><tr><th>帮扶方</th><th>受扶方</th><th>状态</th><th>距离 (km)</th><th>资金 (元/年)</th><th>距离成本</th><th>匹配成本</th><th>总成本</th></tr>\n";
  for (const Link& l : plan.links) {
    o << "<tr class=" << to_string(l.status) << "><td>" << html_escape(label(problem.units[l.helper])) << "</td><td>"
      << html_escape(label(problem.units[l.helped])) << "</td><td>" << status_zh(l.status) << "</td><td class=n>" << fixed(l.distance_m / 1000.0, 1)
      << "</td><td class=n>" << (given(l.funds_cny_per_year) ? fixed(l.funds_cny_per_year, 0) : "") << "</td><td class=n>"
      << fixed(static_cast<double>(l.cost_distance) / cost_units_per_km, 1) << "</td><td class=n>"
      << fixed(static_cast<double>(l.cost_mismatch) / cost_units_per_km, 1) << "</td><td class=n>"
      << fixed(static_cast<double>(l.cost_total()) / cost_units_per_km, 1) << "</td></tr>\n";
  }
  o << "</table>\n</body></html>\n";
  return o.str();
}

Result<void> write_pair_outputs(const std::string& dir, const PairProblem& problem, const PairPlan& plan, const PairParams& params) {
  util::AtomicDirectory out(dir);
  if (auto ok = out.prepare(); !ok) return ok;
  const FeatureTable links = links_table(problem, plan);
  const FeatureTable units = units_table(problem, plan, params);
  const FeatureTable* layers[] = {&links, &units};
  if (auto ok = io::write_layers(out.add("links.gpkg"), layers); !ok) return ok;
  if (auto ok = write_pairs_xlsx(out.add("pairs.xlsx"), problem, plan, params); !ok) return ok;
  {
    const std::string html = pairs_html(problem, plan, params);
    const std::string path = out.add("pairs.html");
    FILE* f = std::fopen(path.c_str(), "wb");
    if (f == nullptr) return error(ErrorCode::io, "cannot write the HTML report").file(path);
    const bool ok = std::fwrite(html.data(), 1, html.size(), f) == html.size();
    if (std::fclose(f) != 0 || !ok) return error(ErrorCode::io, "cannot write the HTML report").file(path).hint("check disk space");
  }
  return out.commit();
}

}  // namespace jiuyou::pair
