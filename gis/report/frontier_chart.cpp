#include "gis/report/frontier_chart.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "gis/util/text.hpp"

namespace jiuyou::report {

size_t frontier_knee(std::span<const FrontierSample> points) {
  const size_t n = points.size();
  if (n < 3) return n;
  const FrontierSample& a = points.front();
  const FrontierSample& b = points.back();
  const double dx = b.budget - a.budget, dy = b.value - a.value;
  if (!(dx > 0) || !(dy > 0)) return n;
  size_t best = n;
  double most = 1e-9;
  for (size_t i = 1; i + 1 < n; ++i) {
    const double x = (points[i].budget - a.budget) / dx, y = (points[i].value - a.value) / dy;
    if (y - x > most) {
      most = y - x;
      best = i;
    }
  }
  return best;
}

std::vector<double> nice_ticks(double max, int count) {
  if (!(max > 0) || !std::isfinite(max) || count < 1) return {0, 1};
  const double raw = max / count;
  const double p = std::pow(10.0, std::floor(std::log10(raw)));
  double step = 10 * p;
  for (const double m : {1.0, 2.0, 5.0})
    if (m * p >= raw) {
      step = m * p;
      break;
    }
  std::vector<double> t;
  for (int i = 0; t.empty() || t.back() < max - 1e-9 * max; ++i) t.push_back(step * i);
  return t;
}

double frontier_value_at(std::span<const FrontierSample> points, double budget) {
  double v = 0;
  for (const auto& p : points)
    if (p.budget <= budget * (1 + 1e-12)) v = std::max(v, p.value);
  return v;
}

namespace {

using util::fixed;

// The plot area inside the SVG and the scales to it.
struct Frame {
  double w = 680, h = 340, left = 64, right = 20, top = 24, bottom = 52;
  double max_x = 1, max_y = 1;
  [[nodiscard]] double x(double v) const { return left + (w - left - right) * v / max_x; }
  [[nodiscard]] double y(double v) const { return h - bottom - (h - top - bottom) * v / max_y; }
};

std::string tick_number(double v) { return fixed(v, std::abs(v - std::round(v)) < 1e-9 ? 0 : 1); }

void axes(std::ostringstream& o, const Frame& f, const std::vector<double>& xt, const std::vector<double>& yt, const std::string& y_label) {
  for (const double t : yt) {
    o << "<line x1=\"" << fixed(f.left, 1) << "\" y1=\"" << fixed(f.y(t), 1) << "\" x2=\"" << fixed(f.w - f.right, 1) << "\" y2=\"" << fixed(f.y(t), 1)
      << "\" stroke=\"#e4e4e4\"/><text x=\"" << fixed(f.left - 6, 1) << "\" y=\"" << fixed(f.y(t) + 4, 1) << "\" text-anchor=\"end\">" << tick_number(t)
      << "</text>\n";
  }
  for (const double t : xt) {
    o << "<line x1=\"" << fixed(f.x(t), 1) << "\" y1=\"" << fixed(f.h - f.bottom, 1) << "\" x2=\"" << fixed(f.x(t), 1) << "\" y2=\""
      << fixed(f.h - f.bottom + 5, 1) << "\" stroke=\"#444\"/><text x=\"" << fixed(f.x(t), 1) << "\" y=\"" << fixed(f.h - f.bottom + 18, 1)
      << "\" text-anchor=\"middle\">" << tick_number(t / 1e4) << "</text>\n";
  }
  o << "<line x1=\"" << f.left << "\" y1=\"" << f.top << "\" x2=\"" << f.left << "\" y2=\"" << f.h - f.bottom << "\" stroke=\"#444\"/>"
    << "<line x1=\"" << f.left << "\" y1=\"" << f.h - f.bottom << "\" x2=\"" << f.w - f.right << "\" y2=\"" << f.h - f.bottom << "\" stroke=\"#444\"/>\n"
    << "<text x=\"" << fixed((f.left + f.w - f.right) / 2, 1) << "\" y=\"" << f.h - 12 << "\" text-anchor=\"middle\">总投资（万元）</text>\n"
    << "<text x=\"" << f.left << "\" y=\"14\" text-anchor=\"middle\">" << util::html_escape(y_label) << "</text>\n";
}

// A step line: the value holds until the next sample's budget buys more.
std::string steps(const Frame& f, const std::vector<FrontierSample>& pts, bool bound) {
  std::string s;
  double last = 0;
  for (size_t i = 0; i < pts.size(); ++i) {
    const double v = bound ? pts[i].bound : pts[i].value;
    if (i > 0 && !bound) s += fixed(f.x(pts[i].budget), 1) + "," + fixed(f.y(last), 1) + " ";
    s += fixed(f.x(pts[i].budget), 1) + "," + fixed(f.y(v), 1) + " ";
    last = v;
  }
  return s;
}

void marks(std::ostringstream& o, const Frame& f, const FrontierChart& c) {
  const size_t k = frontier_knee(c.points);
  if (k < c.points.size()) {
    const FrontierSample& p = c.points[k];
    o << "<circle cx=\"" << fixed(f.x(p.budget), 1) << "\" cy=\"" << fixed(f.y(p.value), 1) << "\" r=\"5\" fill=\"none\" stroke=\"#1f4e9c\" stroke-width=\"2\"/>"
      << "<text x=\"" << fixed(f.x(p.budget) + 8, 1) << "\" y=\"" << fixed(f.y(p.value) + 16, 1) << "\" fill=\"#1f4e9c\">拐点：" << fixed(p.budget / 1e4, 0)
      << " 万元，" << tick_number(p.value) << "</text>\n";
  }
  if (c.chosen_budget >= 0 && c.chosen_budget <= f.max_x) {
    o << "<line x1=\"" << fixed(f.x(c.chosen_budget), 1) << "\" y1=\"" << f.top << "\" x2=\"" << fixed(f.x(c.chosen_budget), 1) << "\" y2=\""
      << f.h - f.bottom << "\" stroke=\"#c0392b\" stroke-dasharray=\"2 3\"/><circle cx=\"" << fixed(f.x(c.chosen_budget), 1) << "\" cy=\""
      << fixed(f.y(c.chosen_value), 1) << "\" r=\"4\" fill=\"#c0392b\"/><text x=\"" << fixed(f.x(c.chosen_budget) - 6, 1) << "\" y=\""
      << fixed(f.y(c.chosen_value) - 8, 1) << "\" text-anchor=\"end\" fill=\"#c0392b\">本方案</text>\n";
  }
}

}  // namespace

std::string frontier_svg(const FrontierChart& c) {
  Frame f;
  for (const auto& p : c.points) {
    f.max_x = std::max(f.max_x, p.budget);
    f.max_y = std::max({f.max_y, p.bound, p.value});
  }
  f.max_x = std::max(f.max_x, c.chosen_budget);
  f.max_y = std::max(f.max_y, c.chosen_value);  // the re-check's count may exceed the curve's (tour 15 H4)
  const std::vector<double> xt = nice_ticks(f.max_x / 1e4, 6), yt = nice_ticks(f.max_y, 5);
  f.max_x = xt.back() * 1e4;
  f.max_y = yt.back();
  std::ostringstream o;
  o << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << f.w << "\" height=\"" << f.h << "\" font-size=\"12\" font-family=\"sans-serif\">\n";
  std::vector<double> xticks;
  for (const double t : xt) xticks.push_back(t * 1e4);
  axes(o, f, xticks, yt, c.value_label);
  if (!c.points.empty()) {
    o << "<polyline fill=\"none\" stroke=\"#888\" stroke-dasharray=\"5 4\" points=\"" << steps(f, c.points, true) << "\"/>\n"
      << "<polyline fill=\"none\" stroke=\"#c0392b\" stroke-width=\"2\" points=\"" << steps(f, c.points, false) << "\"/>\n";
    marks(o, f, c);
  }
  o << "<text x=\"" << f.w - f.right - 150 << "\" y=\"" << f.h - f.bottom - 36 << "\" fill=\"#c0392b\">━ 能达到的方案</text><text x=\"" << f.w - f.right - 150
    << "\" y=\"" << f.h - f.bottom - 18 << "\" fill=\"#888\">┅ 任何方案的上界</text>\n</svg>\n";
  return o.str();
}

}  // namespace jiuyou::report
