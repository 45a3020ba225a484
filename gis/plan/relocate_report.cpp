#include "gis/plan/relocate_report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>
#include <vector>

#include <xlsxwriter.h>

#include "gis/io/write.hpp"
#include "gis/util/atomic_file.hpp"
#include "gis/util/text.hpp"

namespace jiuyou::plan {
namespace {

using util::fixed;
using util::html_escape;



std::string mover_label(const Mover& m) { return m.name.empty() ? m.code : m.name + " (" + m.code + ")"; }

std::string net4_text(const Site& s) {
  std::string out;
  for (const auto& n : s.networks) out += (out.empty() ? "" : " ") + n.item + (n.ok ? "✓" : "✗");
  return out;
}

// Chosen sites first (by label), and for each the flows into it.
struct SiteRow {
  uint32_t site = 0;
  std::vector<uint32_t> flows;
};

std::vector<SiteRow> chosen_sites(const RelocationPlan& plan) {
  std::vector<SiteRow> rows;
  std::vector<int64_t> row_of(plan.sites.size(), -1);
  for (uint32_t i = 0; i < plan.sites.size(); ++i)
    if (plan.sites[i].chosen) {
      row_of[i] = static_cast<int64_t>(rows.size());
      rows.push_back(SiteRow{i, {}});
    }
  for (uint32_t f = 0; f < plan.flows.size(); ++f) {
    const int64_t r = row_of[plan.flows[f].site];
    if (r >= 0) rows[static_cast<size_t>(r)].flows.push_back(f);
  }
  return rows;
}

double longest_trip_km(const RelocationPlan& plan) {
  double km = 0;
  for (const auto& f : plan.flows) km = std::max(km, f.distance_km);
  return km;
}

double mean_trip_km(const RelocationPlan& plan) {
  double hk = 0;
  for (const auto& f : plan.flows) hk += static_cast<double>(f.households) * f.distance_km;
  return plan.placed > 0 ? hk / static_cast<double>(plan.placed) : 0.0;
}

struct SummaryLine {
  std::string label;
  std::string text;     // shown when value is NaN
  double value = std::nan("");
  const char* format = nullptr;  // "money", "km", "rate", "count"
};

std::vector<SummaryLine> summary(const RelocationPlan& plan) {
  size_t chosen = 0;
  for (const auto& s : plan.sites) chosen += s.chosen ? 1 : 0;
  std::vector<SummaryLine> out;
  out.push_back({"搬迁村（自然村）数", "", static_cast<double>(plan.movers.size()), "count"});
  out.push_back({"搬迁户数", "", static_cast<double>(plan.households), "count"});
  out.push_back({"已安置户数", "", static_cast<double>(plan.placed), "count"});
  out.push_back({"未安置户数", "", static_cast<double>(plan.households - plan.placed), "count"});
  out.push_back({"候选地块", "", static_cast<double>(plan.candidates), "count"});
  out.push_back({"可建设地块", "", static_cast<double>(plan.sites.size()), "count"});
  out.push_back({"排除地块", "", static_cast<double>(plan.excluded.size()), "count"});
  out.push_back({"选定安置点", "", static_cast<double>(chosen), "count"});
  out.push_back({"方案总成本 (元)", "", plan.objective_cny, "money"});
  out.push_back({"  其中 搬迁距离成本 (元)", "", plan.travel_cny, "money"});
  out.push_back({"  其中 安置点及四网延伸 (元)", "", plan.site_cny, "money"});
  out.push_back({"下界 (元)", "", plan.lower_bound_cny, "money"});
  out.push_back({"与下界的差距", "", plan.gap, "rate"});
  out.push_back({"最远搬迁距离 (km)", "", longest_trip_km(plan), "km"});
  out.push_back({"户均搬迁距离 (km)", "", mean_trip_km(plan), "km"});
  out.push_back({"求解方法", plan.method + (plan.proven_optimal ? "（已证明最优）" : ""), std::nan(""), nullptr});
  out.push_back({"求解时间 (s)", "", plan.solve_seconds, "km"});
  out.push_back({"坡度检查", plan.slope_used ? "已检查（GDAL 坡度）" : "未检查（无 DEM，--no-slope）", std::nan(""), nullptr});
  out.push_back({"最多安置点 K", plan.params.max_sites > 0 ? std::to_string(plan.params.max_sites) : "不限（按成本）", std::nan(""), nullptr});
  out.push_back({"整村安置（不拆分）", plan.params.single_source ? "是" : "否", std::nan(""), nullptr});
  return out;
}

}  // namespace

Result<void> write_relocation_xlsx(const std::string& path, const RelocationPlan& plan) {
  lxw_workbook* wb = workbook_new(path.c_str());
  if (wb == nullptr) return error(ErrorCode::io, "cannot create the workbook").file(path).hint("check that the folder is writable");
  lxw_format* head = workbook_add_format(wb);
  format_set_bold(head);
  format_set_bg_color(head, 0xDDEBF7);
  format_set_text_wrap(head);
  lxw_format* money = workbook_add_format(wb);
  format_set_num_format(money, "#,##0");
  lxw_format* km = workbook_add_format(wb);
  format_set_num_format(km, "0.00");
  lxw_format* rate = workbook_add_format(wb);
  format_set_num_format(rate, "0.00%");
  lxw_format* count = workbook_add_format(wb);
  format_set_num_format(count, "#,##0");
  auto fmt = [&](const char* f) -> lxw_format* {
    if (f == nullptr) return nullptr;
    const std::string s(f);
    return s == "money" ? money : s == "km" ? km : s == "rate" ? rate : count;
  };
  auto header = [&](lxw_worksheet* ws, std::initializer_list<const char*> names) {
    lxw_col_t c = 0;
    for (const char* n : names) worksheet_write_string(ws, 0, c++, n, head);
    worksheet_freeze_panes(ws, 1, 0);
  };

  lxw_worksheet* sum = workbook_add_worksheet(wb, "概要");
  header(sum, {"项目", "值"});
  lxw_row_t r = 1;
  for (const auto& line : summary(plan)) {
    worksheet_write_string(sum, r, 0, line.label.c_str(), nullptr);
    if (std::isnan(line.value)) worksheet_write_string(sum, r, 1, line.text.c_str(), nullptr);
    else worksheet_write_number(sum, r, 1, line.value, fmt(line.format));
    ++r;
  }
  for (const auto& n : plan.notes.entries()) {
    worksheet_write_string(sum, r, 0, "说明", nullptr);
    worksheet_write_string(sum, r++, 1, n.message.c_str(), nullptr);
  }
  worksheet_set_column(sum, 0, 0, 30, nullptr);
  worksheet_set_column(sum, 1, 1, 40, nullptr);

  lxw_worksheet* st = workbook_add_worksheet(wb, "安置点");
  header(st, {"安置点", "选定", "容量 (户)", "安置户数", "可建设面积 (m²)", "适宜性", "四网", "四网达标数", "四网延伸成本 (元)", "安置点成本 (元)",
              "距学校 (km)", "距卫生室 (km)", "距乡镇驻地 (km)", "距原村耕地 (km)", "耕地距离得分", "部分排除原因", "迁入村"});
  r = 1;
  std::vector<std::string> villages_of(plan.sites.size());
  for (const auto& f : plan.flows) {
    auto& v = villages_of[f.site];
    v += (v.empty() ? "" : "、") + mover_label(plan.movers[f.mover]) + " " + std::to_string(f.households) + "户";
  }
  std::vector<uint32_t> order;
  for (uint32_t i = 0; i < plan.sites.size(); ++i)
    if (plan.sites[i].considered) order.push_back(i);
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return plan.sites[a].chosen && !plan.sites[b].chosen; });
  for (uint32_t i : order) {
    const Site& s = plan.sites[i];
    worksheet_write_string(st, r, 0, s.label.c_str(), nullptr);
    worksheet_write_string(st, r, 1, s.chosen ? "是" : "", nullptr);
    worksheet_write_number(st, r, 2, static_cast<double>(s.capacity), count);
    worksheet_write_number(st, r, 3, static_cast<double>(s.assigned), count);
    worksheet_write_number(st, r, 4, s.buildable_m2, count);
    worksheet_write_number(st, r, 5, s.score, km);
    worksheet_write_string(st, r, 6, net4_text(s).c_str(), nullptr);
    worksheet_write_number(st, r, 7, s.net4_ok, nullptr);
    worksheet_write_number(st, r, 8, s.extension_cny, money);
    worksheet_write_number(st, r, 9, s.fixed_cny, money);
    if (s.school_km >= 0) worksheet_write_number(st, r, 10, s.school_km, km);
    if (s.clinic_km >= 0) worksheet_write_number(st, r, 11, s.clinic_km, km);
    if (s.township_km >= 0) worksheet_write_number(st, r, 12, s.township_km, km);
    if (s.fields_km >= 0) worksheet_write_number(st, r, 13, s.fields_km, km);
    worksheet_write_number(st, r, 14, s.score_fields, km);
    worksheet_write_string(st, r, 15, s.partly_excluded.c_str(), nullptr);
    worksheet_write_string(st, r, 16, villages_of[i].c_str(), nullptr);
    ++r;
  }
  worksheet_set_column(st, 0, 0, 14, nullptr);
  worksheet_set_column(st, 1, 15, 12, nullptr);
  worksheet_set_column(st, 16, 16, 60, nullptr);

  lxw_worksheet* fl = workbook_add_worksheet(wb, "搬迁流向");
  header(fl, {"迁出村代码", "迁出村", "安置点", "户数", "距离 (km)", "沿路网"});
  r = 1;
  for (const auto& f : plan.flows) {
    const Mover& m = plan.movers[f.mover];
    worksheet_write_string(fl, r, 0, m.code.c_str(), nullptr);
    worksheet_write_string(fl, r, 1, m.name.c_str(), nullptr);
    worksheet_write_string(fl, r, 2, plan.sites[f.site].label.c_str(), nullptr);
    worksheet_write_number(fl, r, 3, static_cast<double>(f.households), count);
    worksheet_write_number(fl, r, 4, f.distance_km, km);
    worksheet_write_string(fl, r, 5, f.by_network ? "是" : "否（直线×绕行系数）", nullptr);
    ++r;
  }
  worksheet_set_column(fl, 0, 2, 16, nullptr);
  worksheet_set_column(fl, 5, 5, 20, nullptr);

  lxw_worksheet* mv = workbook_add_worksheet(wb, "搬迁对象");
  header(mv, {"代码", "名称", "搬迁户数", "搬迁原因", "已安置", "未安置", "未安置原因"});
  std::vector<int64_t> placed(plan.movers.size(), 0);
  for (const auto& f : plan.flows) placed[f.mover] += f.households;
  std::vector<std::string> why(plan.movers.size());
  for (const auto& u : plan.unplaced) why[u.mover] += (why[u.mover].empty() ? "" : "; ") + u.reason;
  r = 1;
  for (size_t j = 0; j < plan.movers.size(); ++j) {
    const Mover& m = plan.movers[j];
    worksheet_write_string(mv, r, 0, m.code.c_str(), nullptr);
    worksheet_write_string(mv, r, 1, m.name.c_str(), nullptr);
    worksheet_write_number(mv, r, 2, static_cast<double>(m.households), count);
    worksheet_write_string(mv, r, 3, m.reason.c_str(), nullptr);
    worksheet_write_number(mv, r, 4, static_cast<double>(placed[j]), count);
    worksheet_write_number(mv, r, 5, static_cast<double>(m.households - placed[j]), count);
    worksheet_write_string(mv, r, 6, why[j].c_str(), nullptr);
    ++r;
  }
  worksheet_set_column(mv, 0, 1, 16, nullptr);
  worksheet_set_column(mv, 3, 3, 50, nullptr);
  worksheet_set_column(mv, 6, 6, 30, nullptr);

  lxw_worksheet* ex = workbook_add_worksheet(wb, "排除区");
  header(ex, {"地块", "来源要素", "排除原因", "reasons"});
  r = 1;
  for (const auto& x : plan.excluded) {
    worksheet_write_string(ex, r, 0, x.label.c_str(), nullptr);
    if (x.source_fid >= 0) worksheet_write_number(ex, r, 1, static_cast<double>(x.source_fid), nullptr);
    worksheet_write_string(ex, r, 2, x.reasons_zh.c_str(), nullptr);
    worksheet_write_string(ex, r, 3, x.reasons.c_str(), nullptr);
    ++r;
  }
  worksheet_set_column(ex, 0, 1, 14, nullptr);
  worksheet_set_column(ex, 2, 3, 40, nullptr);

  const lxw_error rc = workbook_close(wb);
  if (rc != LXW_NO_ERROR)
    return error(ErrorCode::io, std::string("cannot write the workbook: ") + lxw_strerror(rc)).file(path).hint("check disk space and permissions");
  return {};
}

std::string relocation_html(const RelocationPlan& plan) {
  std::ostringstream o;
  o << "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>易地扶贫搬迁安置方案</title>\n"
       "<style>body{font-family:sans-serif;margin:1.5em;max-width:1200px}table{border-collapse:collapse;margin:.5em 0 1.5em}"
       "td,th{border:1px solid #bbb;padding:2px 6px;font-size:13px}th{background:#ddebf7}td.n{text-align:right}"
       "tr.out td{background:#ffc7ce}.note{color:#9c0006}</style></head><body>\n";
  o << "<h1>易地扶贫搬迁安置方案</h1>\n<h2>概要</h2>\n<table>\n";
  for (const auto& line : summary(plan)) {
    o << "<tr><th style=\"text-align:left\">" << html_escape(line.label) << "</th><td class=n>";
    if (std::isnan(line.value)) o << html_escape(line.text);
    else if (std::string(line.format) == "money") o << fixed(line.value, 0);
    else if (std::string(line.format) == "rate") o << fixed(100.0 * line.value, 2) << " %";
    else if (std::string(line.format) == "km") o << fixed(line.value, 2);
    else o << fixed(line.value, 0);
    o << "</td></tr>\n";
  }
  o << "</table>\n<p>下界来自拉格朗日松弛（或 CBC 的最优下界）：任何方案的成本都不低于它，差距即本方案距最优的最大可能距离。</p>\n";
  for (const auto& n : plan.notes.entries()) o << "<p class=note>说明：" << html_escape(n.message) << "</p>\n";

  // A sketch: movers (red), chosen sites (blue), flows (width by households).
  const auto rows = chosen_sites(plan);
  BBox box;
  for (const auto& m : plan.movers) box.expand(m.point.x, m.point.y);
  for (const auto& row : rows) box.expand(plan.sites[row.site].point.x, plan.sites[row.site].point.y);
  if (!box.empty()) {
    const double w = 900, pad = 10;
    const double span = std::max({box.width(), box.height(), 1.0});
    const double h = std::max(200.0, w * box.height() / std::max(box.width(), 1.0));
    const double k = std::min((w - 2 * pad) / std::max(box.width(), span * 1e-3), (h - 2 * pad) / std::max(box.height(), span * 1e-3));
    auto sx = [&](double x) { return fixed(pad + (x - box.min_x) * k, 1); };
    auto sy = [&](double y) { return fixed(h - pad - (y - box.min_y) * k, 1); };
    int64_t most = 1;
    for (const auto& f : plan.flows) most = std::max(most, f.households);
    o << "<h2>示意图</h2>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << w << "\" height=\"" << fixed(h, 0)
      << "\" style=\"border:1px solid #ccc;background:#fafafa\">\n";
    for (const auto& f : plan.flows) {
      const Vec2 a = plan.movers[f.mover].point, b = plan.sites[f.site].point;
      o << "<line x1=\"" << sx(a.x) << "\" y1=\"" << sy(a.y) << "\" x2=\"" << sx(b.x) << "\" y2=\"" << sy(b.y) << "\" stroke=\"#e07b00\" stroke-opacity=\"0.7\" stroke-width=\""
        << fixed(1.0 + 5.0 * static_cast<double>(f.households) / static_cast<double>(most), 1) << "\"><title>"
        << html_escape(mover_label(plan.movers[f.mover])) << " → " << html_escape(plan.sites[f.site].label) << ": " << f.households << " 户, "
        << fixed(f.distance_km, 1) << " km</title></line>\n";
    }
    for (const auto& m : plan.movers)
      o << "<circle cx=\"" << sx(m.point.x) << "\" cy=\"" << sy(m.point.y) << "\" r=\"3\" fill=\"#c00000\"><title>" << html_escape(mover_label(m)) << " "
        << m.households << " 户</title></circle>\n";
    for (const auto& row : rows) {
      const Site& s = plan.sites[row.site];
      o << "<rect x=\"" << fixed(pad + (s.point.x - box.min_x) * k - 4, 1) << "\" y=\"" << fixed(h - pad - (s.point.y - box.min_y) * k - 4, 1)
        << "\" width=\"8\" height=\"8\" fill=\"#1f4e9c\"><title>" << html_escape(s.label) << ": " << s.assigned << " / " << s.capacity
        << " 户</title></rect>\n";
    }
    o << "</svg>\n<p>红点：迁出村；蓝方块：选定安置点；橙线：搬迁流向（线宽按户数）。</p>\n";
  }

  o << "<h2>选定安置点</h2>\n<table><tr><th>安置点</th><th>容量 (户)</th><th>安置户数</th><th>适宜性</th><th>四网</th><th>四网延伸成本 (元)</th>"
       "<th>安置点成本 (元)</th><th>距学校 (km)</th><th>距卫生室 (km)</th><th>距乡镇驻地 (km)</th><th>距原村耕地 (km)</th><th>迁入村 (户数, km)</th></tr>\n";
  auto km_cell = [](double v) { return v >= 0 ? fixed(v, 1) : std::string("—"); };
  for (const auto& row : rows) {
    const Site& s = plan.sites[row.site];
    std::string from;
    for (uint32_t f : row.flows) {
      const Flow& fl = plan.flows[f];
      from += (from.empty() ? "" : "；") + mover_label(plan.movers[fl.mover]) + " " + std::to_string(fl.households) + " 户, " + fixed(fl.distance_km, 1) + " km";
    }
    o << "<tr><td>" << html_escape(s.label) << "</td><td class=n>" << s.capacity << "</td><td class=n>" << s.assigned << "</td><td class=n>"
      << fixed(s.score, 1) << "</td><td>" << html_escape(net4_text(s)) << "</td><td class=n>" << fixed(s.extension_cny, 0) << "</td><td class=n>"
      << fixed(s.fixed_cny, 0) << "</td><td class=n>" << km_cell(s.school_km) << "</td><td class=n>" << km_cell(s.clinic_km) << "</td><td class=n>"
      << km_cell(s.township_km) << "</td><td class=n>" << km_cell(s.fields_km) << "</td><td>" << html_escape(from) << "</td></tr>\n";
  }
  o << "</table>\n<h2>搬迁对象</h2>\n<table><tr><th>代码</th><th>名称</th><th>搬迁户数</th><th>原因</th><th>未安置</th><th>未安置原因</th></tr>\n";
  std::vector<int64_t> placed(plan.movers.size(), 0);
  for (const auto& f : plan.flows) placed[f.mover] += f.households;
  std::vector<std::string> why(plan.movers.size());
  for (const auto& u : plan.unplaced) why[u.mover] += (why[u.mover].empty() ? "" : "; ") + u.reason;
  for (size_t j = 0; j < plan.movers.size(); ++j) {
    const Mover& m = plan.movers[j];
    const int64_t left = m.households - placed[j];
    o << "<tr" << (left > 0 ? " class=out" : "") << "><td>" << html_escape(m.code) << "</td><td>" << html_escape(m.name) << "</td><td class=n>"
      << m.households << "</td><td>" << html_escape(m.reason) << "</td><td class=n>" << left << "</td><td>" << html_escape(why[j]) << "</td></tr>\n";
  }
  o << "</table>\n</body></html>\n";
  return o.str();
}

Result<void> write_relocation_outputs(const std::string& dir, const RelocationPlan& plan) {
  util::AtomicDirectory out(dir);
  if (auto ok = out.prepare(); !ok) return ok;
  const RelocationLayers layers = relocation_layers(plan);
  const FeatureTable* tables[] = {&layers.sites, &layers.excluded, &layers.flows, &layers.movers};
  if (auto ok = io::write_layers(out.add("relocation.gpkg"), tables); !ok) return ok;
  if (auto ok = write_relocation_xlsx(out.add("relocation.xlsx"), plan); !ok) return ok;
  {
    const std::string html = relocation_html(plan);
    const std::string path = out.add("relocation.html");
    FILE* f = std::fopen(path.c_str(), "wb");
    if (f == nullptr) return error(ErrorCode::io, "cannot write the HTML report").file(path);
    const bool ok = std::fwrite(html.data(), 1, html.size(), f) == html.size();
    if (std::fclose(f) != 0 || !ok) return error(ErrorCode::io, "cannot write the HTML report").file(path).hint("check disk space");
  }
  return out.commit();
}

}  // namespace jiuyou::plan
