#include "gis/plan/relocate_sketch.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "gis/report/html_page.hpp"
#include "gis/report/svg_map.hpp"
#include "gis/util/text.hpp"

namespace jiuyou::plan {
namespace {

using util::fixed;

constexpr size_t k_max_township_names = 60;  // more would smear the sketch; the tables name the places

// The polygons of layer `name` whose extent meets `box` (none without such a layer or geometry).
std::vector<size_t> polygons_meeting(const Workspace* ws, const char* name, const BBox& box) {
  std::vector<size_t> out;
  const FeatureTable* t = ws != nullptr ? ws->layer(name) : nullptr;
  if (t == nullptr || t->geometry.kind != GeometryKind::polygon) return out;
  for (size_t f = 0; f < t->size(); ++f)
    if (!t->geometry.is_empty(f) && t->geometry.feature_bbox(f).intersects(box)) out.push_back(f);
  return out;
}

// What the sketch shows: the movers and chosen sites, widened to the whole of the counties (else the townships) they lie in.
BBox sketch_box(const RelocationPlan& plan, const Workspace* ws) {
  BBox box;
  for (const auto& m : plan.movers) box.expand(m.point.x, m.point.y);
  for (const auto& s : plan.sites)
    if (s.chosen) box.expand(s.point.x, s.point.y);
  if (box.empty()) return box;
  const BBox points = box;
  for (const char* layer : {"county", "townships"}) {
    const std::vector<size_t> around = polygons_meeting(ws, layer, points);
    for (const size_t f : around) box.expand(ws->layer(layer)->geometry.feature_bbox(f));
    if (!around.empty()) break;
  }
  return box;
}

// The legend's words for what was drawn ("" when no boundary was).
std::string draw_boundaries(std::ostringstream& o, const report::SvgMap& m, const Workspace* ws, const BBox& box) {
  const std::vector<size_t> counties = polygons_meeting(ws, "county", box), townships = polygons_meeting(ws, "townships", box);
  for (const size_t f : counties)
    o << "<path class=\"county\" d=\"" << m.path_data(ws->layer("county")->geometry, f) << "\" fill=\"#ffffff\" stroke=\"#777\" stroke-width=\"1.6\"/>\n";
  const std::string county_words = counties.empty() ? "" : "<span>深灰线：县界</span>";
  if (townships.empty()) return county_words;
  const FeatureTable& t = *ws->layer("townships");
  for (const size_t f : townships)
    o << "<path class=\"township\" d=\"" << m.path_data(t.geometry, f) << "\" fill=\"none\" stroke=\"#bbb\" stroke-width=\"0.8\"/>\n";
  const Column* name = t.column("name");
  const bool named = name != nullptr && townships.size() <= k_max_township_names;
  const std::string words = county_words + (named ? "<span>浅灰线、灰字：乡镇界、乡镇名</span>" : "<span>浅灰线：乡镇界</span>");
  if (!named) return words;
  for (const size_t f : townships) {
    if (name->is_null(f) || name->as_text(f).empty()) continue;
    const Vec2 p = m.to_px(representative_point(t.geometry, f));
    if (!std::isfinite(p.x) || !std::isfinite(p.y)) continue;
    o << "<text class=\"township\" x=\"" << fixed(p.x, 1) << "\" y=\"" << fixed(p.y, 1) << "\" text-anchor=\"middle\" font-size=\"10\" fill=\"#999\">"
      << report::html_escape(name->as_text(f)) << "</text>\n";
  }
  return words;
}

void draw_scale_bar(std::ostringstream& o, const report::SvgMap& m, const BBox& box) {
  const double len = sketch_scale_length_m(box.width());
  const double px = m.to_px({box.min_x + len, box.min_y}).x - m.to_px({box.min_x, box.min_y}).x;
  if (!(px > 4)) return;
  const double x = 14, y = m.height() - 14;
  const std::string text = len >= 1000 ? fixed(len / 1000, 0) + " km" : fixed(len, 0) + " m";
  o << "<g class=\"scale\"><rect x=\"" << fixed(x - 4, 1) << "\" y=\"" << fixed(y - 16, 1) << "\" width=\"" << fixed(px + 8, 1)
    << "\" height=\"22\" fill=\"#fff\" fill-opacity=\"0.8\"/><path d=\"M" << fixed(x, 1) << " " << fixed(y - 4, 1) << "V" << fixed(y, 1) << "H"
    << fixed(x + px, 1) << "V" << fixed(y - 4, 1) << "\" fill=\"none\" stroke=\"#333\" stroke-width=\"1.2\"/><text x=\"" << fixed(x + px / 2, 1)
    << "\" y=\"" << fixed(y - 6, 1) << "\" text-anchor=\"middle\" font-size=\"10\" fill=\"#333\">" << text << "</text></g>\n";
}

}  // namespace

double sketch_scale_length_m(double width_m) {
  if (!(width_m > 0) || !std::isfinite(width_m)) return 1;
  const double target = width_m / 5;
  const double p = std::pow(10.0, std::floor(std::log10(target)));
  for (const double k : {5.0, 2.0, 1.0})
    if (k * p <= target) return k * p;
  return p;
}

std::string relocation_sketch(const RelocationPlan& plan, const std::vector<std::string>& site_names, const Workspace* ws) {
  const BBox box = sketch_box(plan, ws);
  if (box.empty()) return {};
  const report::SvgMap m(box, 640, 200, 800);
  int64_t most = 1;
  for (const auto& f : plan.flows) most = std::max(most, f.households);
  std::ostringstream o;
  o << "<h2>示意图</h2>\n<div class=map>" << m.open("style=\"width:100%;max-height:85mm;border:1px solid #ccc;background:#f3f1ea\"");
  const std::string boundaries = draw_boundaries(o, m, ws, box);
  for (const auto& f : plan.flows) {
    const Vec2 a = m.to_px(plan.movers[f.mover].point), b = m.to_px(plan.sites[f.site].point);
    o << "<line x1=\"" << fixed(a.x, 1) << "\" y1=\"" << fixed(a.y, 1) << "\" x2=\"" << fixed(b.x, 1) << "\" y2=\"" << fixed(b.y, 1)
      << "\" stroke=\"#e07b00\" stroke-opacity=\"0.7\" stroke-width=\"" << fixed(1.0 + 5.0 * static_cast<double>(f.households) / static_cast<double>(most), 1)
      << "\"/>\n";
  }
  for (const auto& mv : plan.movers) {
    const Vec2 p = m.to_px(mv.point);
    o << "<circle cx=\"" << fixed(p.x, 1) << "\" cy=\"" << fixed(p.y, 1) << "\" r=\"3\" fill=\"#c00000\"/>\n";
  }
  for (size_t i = 0; i < plan.sites.size(); ++i) {
    if (!plan.sites[i].chosen) continue;
    const Vec2 p = m.to_px(plan.sites[i].point);
    const bool right_edge = p.x > m.width() - 150;  // the name goes left of the site rather than off the picture
    o << "<rect x=\"" << fixed(p.x - 4, 1) << "\" y=\"" << fixed(p.y - 4, 1) << "\" width=\"8\" height=\"8\" fill=\"#1f4e9c\"/>\n<text x=\""
      << fixed(right_edge ? p.x - 6 : p.x + 6, 1) << "\" y=\"" << fixed(p.y + 4, 1) << "\"" << (right_edge ? " text-anchor=\"end\"" : "")
      << " font-size=\"10\" fill=\"#1f4e9c\" stroke=\"#fff\" stroke-width=\"2.5\" paint-order=\"stroke\">"
      << report::html_escape(i < site_names.size() ? site_names[i] : std::string()) << "</text>\n";
  }
  draw_scale_bar(o, m, box);
  o << "</svg></div>\n<p class=legend><span><i class=sw style=\"background:#c00000\"></i>迁出村</span><span><i class=sw style=\"background:#1f4e9c\"></i>"
       "选定安置点</span><span><i class=sw style=\"background:#e07b00\"></i>搬迁流向（线越粗户数越多）</span>"
    << boundaries << "<span>上为北</span></p>\n";
  return o.str();
}

}  // namespace jiuyou::plan
