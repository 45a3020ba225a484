// The map of invest.html, inline SVG (no JavaScript): township boundaries
// with names, every village filled by its outcome under the plan (exit-ready
// now, by year N, not funded within the budget, not fixable by construction,
// data incomplete; its name and why on hover), and the chosen projects drawn
// in their year's colour over them, with a legend.
#include <map>
#include <sstream>

#include "gis/io/schema.hpp"
#include "gis/app/invest_rows.hpp"
#include "gis/report/html_page.hpp"
#include "gis/report/svg_map.hpp"

namespace jiuyou::app::invest_out {
namespace {

constexpr const char* k_year_colours[] = {"#1f77b4", "#e07b00", "#7b3fa0", "#c2185b", "#00897b", "#6d4c41"};

struct Outcome {
  const char* fill;
  const char* label;
};
constexpr Outcome k_ready{"#2e7d32", "现已可出列"};
constexpr Outcome k_unfunded{"#f6c89f", "可通过工程达标，但预算内未安排"};
constexpr Outcome k_blocked{"#bdbdbd", "工程不能单独解决（还需产业、集体经济等措施）"};
constexpr Outcome k_unknown{"#ffffff", "缺数据，无法规划"};

// Each plan year's colour, in year order.
std::map<int, std::string> year_colours(const InvestRun& run) {
  std::map<int, std::string> c;
  for (const int y : run.schedule.project_year)
    if (y > 0) c[y];
  for (const int y : run.exit_year)
    if (y > 0) c[y];
  size_t i = 0;
  for (auto& [y, colour] : c) colour = k_year_colours[i++ % std::size(k_year_colours)];
  return c;
}

// The fill and the hover text of village v.
std::pair<std::string, std::string> village_look(const InvestRun& run, size_t v, const std::map<int, std::string>& years) {
  if (run.check.verdict[v] == indicators::Outcome::pass) return {k_ready.fill, k_ready.label};
  if (run.exit_year[v] > 0) return {years.at(run.exit_year[v]), std::to_string(run.exit_year[v]) + " 年达到出列条件"};
  const auto reach = run.candidates.villages[v].reach;
  const Outcome& o = reach == invest::Reach::buildable ? k_unfunded : reach == invest::Reach::unknown ? k_unknown : k_blocked;
  const std::string why = why_not(run, v);
  return {o.fill, std::string(o.label) + (why.empty() || why == "预算内未安排" ? "" : "：" + why)};
}

void draw_villages(std::ostringstream& o, const report::SvgMap& m, const InvestRun& run, const Names& names, const std::map<int, std::string>& years) {
  const GeometryColumn& g = run.ws.layer(io::target_layer)->geometry;
  for (size_t v = 0; v < g.feature_count() && v < run.exit_year.size(); ++v) {
    if (g.is_empty(v)) continue;
    const auto [fill, text] = village_look(run, v, years);
    const std::string title = "<title>" + report::html_escape(names.village_name(v) + "：" + text) + "</title>";
    if (g.kind == GeometryKind::polygon) {
      o << "<path d=\"" << m.path_data(g, v) << "\" fill=\"" << fill << "\" fill-opacity=\"0.55\" stroke=\"#999\" stroke-width=\"0.4\">" << title << "</path>\n";
    } else {
      const Vec2 p = m.to_px(representative_point(g, v));
      o << "<circle cx=\"" << util::fixed(p.x, 1) << "\" cy=\"" << util::fixed(p.y, 1) << "\" r=\"3.5\" fill=\"" << fill << "\" stroke=\"#666\" stroke-width=\"0.5\">"
        << title << "</circle>\n";
    }
  }
}

void draw_townships(std::ostringstream& o, const report::SvgMap& m, const FeatureTable* townships) {
  if (townships == nullptr || townships->geometry.kind != GeometryKind::polygon) return;
  const Column* name = townships->column("name");
  for (size_t t = 0; t < townships->size(); ++t) {
    if (townships->geometry.is_empty(t)) continue;
    o << "<path d=\"" << m.path_data(townships->geometry, t) << "\" fill=\"none\" stroke=\"#444\" stroke-width=\"1.3\"/>\n";
    if (name == nullptr || name->is_null(t)) continue;
    const Vec2 p = m.to_px(representative_point(townships->geometry, t));
    o << "<text x=\"" << util::fixed(p.x, 1) << "\" y=\"" << util::fixed(p.y, 1) << "\" text-anchor=\"middle\" font-size=\"11\" fill=\"#222\" stroke=\"#fff\" "
      << "stroke-width=\"3\" paint-order=\"stroke\">" << report::html_escape(name->as_text(t)) << "</text>\n";
  }
}

void draw_projects(std::ostringstream& o, const report::SvgMap& m, const InvestRun& run, const Names& names, const std::map<int, std::string>& years) {
  for (const size_t j : chosen_by_year(run)) {
    const auto& p = run.candidates.projects[j];
    const int year = run.schedule.project_year[j];
    const std::string colour = year > 0 ? years.at(year) : "#000";
    const std::string title = "<title>" + report::html_escape(project_row(run, j, names).name + "（" + std::to_string(year) + " 年）") + "</title>";
    if (p.geometry.size() >= 2) {
      o << "<path d=\"" << m.line_data(p.geometry.data(), p.geometry.size()) << "\" fill=\"none\" stroke=\"" << colour
        << "\" stroke-width=\"3\" stroke-linecap=\"round\">" << title << "</path>\n";
    } else if (p.geometry.size() == 1) {
      const Vec2 c = m.to_px(p.geometry[0]);
      o << "<rect x=\"" << util::fixed(c.x - 4, 1) << "\" y=\"" << util::fixed(c.y - 4, 1) << "\" width=\"8\" height=\"8\" fill=\"" << colour
        << "\" stroke=\"#fff\" stroke-width=\"1\">" << title << "</rect>\n";
    }
  }
}

// The names of the villages the plan makes exit-ready (F17: paper has no hover), up to
// k_max_names of them (a province's plan would smear the map; its tables name them).
constexpr size_t k_max_names = 150;
void draw_planned_names(std::ostringstream& o, const report::SvgMap& m, const InvestRun& run, const Names& names) {
  const FeatureTable& villages = *run.ws.layer(io::target_layer);
  std::vector<size_t> planned;
  for (size_t v = 0; v < villages.size(); ++v)
    if (run.exit_year[v] > 0 && run.check.verdict[v] != indicators::Outcome::pass && !villages.geometry.is_empty(v)) planned.push_back(v);
  if (planned.size() > k_max_names) return;
  for (const size_t v : planned) {
    const Vec2 p = m.to_px(representative_point(villages.geometry, v));
    o << "<text x=\"" << util::fixed(p.x, 1) << "\" y=\"" << util::fixed(p.y + 14, 1) << "\" text-anchor=\"middle\" font-size=\"9\" fill=\"#000\" stroke=\"#fff\" "
      << "stroke-width=\"2.5\" paint-order=\"stroke\">" << report::html_escape(names.village_name(v)) << "</text>\n";
  }
}

std::string swatch(const std::string& colour, const std::string& label, bool line) {
  const std::string shape = line ? "height:4px;border:none;background:" : "opacity:0.75;background:";
  return "<span><i class=sw style=\"" + shape + colour + "\"></i>" + report::html_escape(label) + "</span>";
}

std::string legend(const std::map<int, std::string>& years) {
  std::string l = "<p class=legend>";
  for (const auto& [y, c] : years) l += swatch(c, std::to_string(y) + " 年建设的项目", true) + swatch(c, std::to_string(y) + " 年达到出列条件的村", false);
  for (const Outcome& o : {k_ready, k_unfunded, k_blocked, k_unknown}) l += swatch(o.fill, o.label, false);
  return l + "<span>线：道路、线路、管道；方块：在村内建设的设施</span><span>深灰线：乡镇界</span><span>上为北</span><span>图上标出方案内可出列的村名；鼠标停在村上可看其余村名和原因</span></p>\n";
}

}  // namespace

std::string plan_map_svg(const InvestRun& run, const Names& names) {
  const FeatureTable* villages = run.ws.layer(io::target_layer);
  if (villages == nullptr || villages->size() == 0) return {};
  const FeatureTable* townships = run.ws.layer("townships");
  BBox box = villages->geometry.bbox();
  if (townships != nullptr) box.expand(townships->geometry.bbox());
  if (box.empty()) return {};
  const report::SvgMap m(box, 760);
  const auto years = year_colours(run);
  std::ostringstream o;
  o << "<div class=map>" << m.open("style=\"width:100%;max-height:200mm;border:1px solid #ccc;background:#fafafa\"");
  draw_villages(o, m, run, names, years);
  draw_townships(o, m, townships);
  draw_projects(o, m, run, names, years);
  draw_planned_names(o, m, run, names);
  o << "</svg></div>\n" << legend(years);
  return o.str();
}

}  // namespace jiuyou::app::invest_out
