#include "src/render/plan_overlay.hpp"
#include "src/render/layer_words.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "gis/app/plan_county.hpp"
#include "gis/app/planned.hpp"
#include "gis/crs/crs.hpp"

namespace jiuyou::render {
namespace {

constexpr const char* k_lines = "plan_lines";
constexpr const char* k_points = "plan_points";
constexpr const char* k_rank = "year_rank";  // the year's place among the plan's years: its colour
// invest.html's year colours (gis/app/invest_map.cpp), in year order.
constexpr Rgba k_year_colours[] = {{31, 119, 180, 255}, {224, 123, 0, 255}, {123, 63, 160, 255}, {194, 24, 91, 255}, {0, 137, 123, 255}, {109, 76, 65, 255}};

FeatureTable empty_plan_layer(const char* name, GeometryKind kind, const CrsRef& crs) {
  FeatureTable t;
  t.name = name;
  t.crs = crs;
  t.geometry.kind = kind;
  t.columns.emplace_back(app::planned_year_field, FieldType::integer);
  t.columns.emplace_back("layer", FieldType::text);
  t.columns.emplace_back("plan_project", FieldType::integer);  // plan_projects' FID (the viewer shows that project)
  t.columns.emplace_back(k_rank, FieldType::integer);
  return t;
}

// Each feature's year's place among all the plan's years (lines and points together), so that a
// year has one colour in both layers, as on invest.html; -1 without a year.
void rank_years(FeatureTable& lines, FeatureTable& points) {
  std::map<int64_t, int64_t> rank;
  for (const FeatureTable* t : {&lines, &points})
    for (size_t f = 0; f < t->size(); ++f)
      if (!t->columns[0].is_null(f)) rank[static_cast<int64_t>(t->columns[0].number(f).value_or(0))] = 0;
  int64_t i = 0;
  for (auto& [year, r] : rank) r = i++;
  for (FeatureTable* t : {&lines, &points})
    for (size_t f = 0; f < t->size(); ++f)
      t->columns[3].push_int(t->columns[0].is_null(f) ? -1 : rank[static_cast<int64_t>(t->columns[0].number(f).value_or(0))]);
}

// One planned layer's features (already in the map's CRS) appended to the line or point layer.
Result<void> gather(const FeatureTable& from, const std::string& path, FeatureTable& lines, FeatureTable& points) {
  const Column* year = from.column(app::planned_year_field);  // present (add_plan_overlay skips layers without it)
  for (size_t f = 0; f < from.size(); ++f) {
    if (from.geometry.is_empty(f)) continue;
    const std::optional<double> y = year->number(f);
    if (!year->is_null(f) && !y)
      return error(ErrorCode::format, "the year of a planned feature is not a number").file(path).layer(from.name).field(app::planned_year_field);
    FeatureTable& to = from.geometry.kind == GeometryKind::line ? lines : points;
    if (from.geometry.kind == GeometryKind::line) {
      to.geometry.append_feature(from.geometry, f);
    } else {
      const Vec2 p = representative_point(from.geometry, f);
      to.geometry.add_point_feature(p.x, p.y);
    }
    to.fid.push_back(static_cast<int64_t>(to.fid.size()) + 1);
    y ? to.columns[0].push_int(static_cast<int64_t>(*y)) : to.columns[0].push_null();
    to.columns[1].push_text(from.name);
    const Column* project = from.column("plan_project");
    const std::optional<double> id = project && !project->is_null(f) ? project->number(f) : std::nullopt;
    id ? to.columns[2].push_int(static_cast<int64_t>(*id)) : to.columns[2].push_null();
  }
  return {};
}

}  // namespace

bool is_plan_layer(std::string_view name) { return name == k_lines || name == k_points; }

bool stays_loud_under_plan(std::string_view name) {
  const LayerWords* w = layer_words(name);  // which of the project's layers: the layer table (layer_words.cpp)
  return is_plan_layer(name) || (w != nullptr && w->loud_under_plan);
}

void quiet_under_plan(LayerStyle& s, GeometryKind kind, float pr) {
  constexpr Rgba grey{165, 165, 160, 255};
  for (size_t f = 0; f < s.colors.size(); ++f) {
    Rgba& c = s.colors[f];
    if (c.a == 0) continue;  // hidden stays hidden
    if (kind == GeometryKind::line) {
      c = {grey.r, grey.g, grey.b, 200};
      if (f < s.widths.size()) s.widths[f] = std::copysign(std::min(std::abs(s.widths[f]), 1.2f * pr), s.widths[f]);  // a negative width: dashed
    } else {
      c.a = static_cast<uint8_t>(c.a / 4);
    }
  }
  s.look.casing = false;
  s.look.outline.a = static_cast<uint8_t>(s.look.outline.a / 4);
  s.look.label_field.clear();  // the plan's and the villages' names are the ones to read
  s.legend.entries.clear();    // the legend is the plan's and the villages'
}

Result<size_t> add_plan_overlay(Workspace& ws, const std::string& invest_gpkg, std::vector<std::string>* warnings_zh) {
  ASSIGN_OR_RETURN(app::PlannedLayers planned, app::read_planned(invest_gpkg));
  std::vector<std::string> warnings;
  TRY(app::require_plan_of_county(planned.meta, invest_gpkg, ws, warnings));
  if (warnings_zh != nullptr) warnings_zh->insert(warnings_zh->end(), warnings.begin(), warnings.end());
  FeatureTable lines = empty_plan_layer(k_lines, GeometryKind::line, ws.metric_crs);
  FeatureTable points = empty_plan_layer(k_points, GeometryKind::point, ws.metric_crs);
  for (FeatureTable& t : planned.layers) {
    if (t.size() == 0 || t.column(app::planned_year_field) == nullptr) continue;  // not a plan's layer (a project file given by mistake)
    if (t.crs.empty())
      return error(ErrorCode::crs, "a planned layer has no coordinate reference system").file(invest_gpkg).layer(t.name).hint("write the plan again with jiuyou invest");
    if (!ws.metric_crs.empty() && !(t.crs == ws.metric_crs)) TRY(crs::transform_table(t, ws.metric_crs));
    TRY(gather(t, invest_gpkg, lines, points));
  }
  rank_years(lines, points);
  const size_t n = lines.size() + points.size();
  if (n == 0)
    return error(ErrorCode::format, "no planned projects in this file").file(invest_gpkg).hint("--plan takes the invest.gpkg that jiuyou invest wrote (its layers roads, power, water ... with year)");
  for (FeatureTable* t : {&lines, &points})
    if (t->size() > 0) ws.layers.push_back(std::move(*t));
  return n;
}

LayerStyle plan_layer_style(const FeatureTable& t, const StyleOptions& o) {
  const bool line = t.geometry.kind == GeometryKind::line;
  const float pr = o.pixel_ratio;
  const Column* year = t.column(app::planned_year_field);
  const Column* rank = t.column(k_rank);
  std::map<int64_t, size_t> years;  // year -> features
  std::map<int64_t, Rgba> colour;
  size_t i = 0;  // without ranks (a table not made by add_plan_overlay): the years' order in this table
  for (size_t f = 0; f < t.size(); ++f) ++years[year && !year->is_null(f) ? static_cast<int64_t>(year->number(f).value_or(0)) : 0];
  for (const auto& [y, count] : years) colour[y] = y == 0 ? Rgba{40, 40, 40, 255} : k_year_colours[i++ % std::size(k_year_colours)];
  for (size_t f = 0; rank && year && f < t.size(); ++f)
    if (!year->is_null(f) && !rank->is_null(f) && rank->number(f).value_or(-1) >= 0)
      colour[static_cast<int64_t>(year->number(f).value_or(0))] = k_year_colours[static_cast<size_t>(rank->number(f).value_or(0)) % std::size(k_year_colours)];
  LayerStyle s;
  s.look.title = line ? "规划项目：道路、线路、管道（按实施年度）" : "规划项目：在村内建设的设施（按实施年度）";
  s.look.z_order = line ? 96 : 97;
  s.look.casing = line;
  s.look.casing_color = {255, 255, 255, 240};  // a white halo around the thick line
  s.look.casing_px = 3.0f * pr;
  s.look.outline = {30, 30, 30, 255};  // points: a bold symbol, dark rim
  s.look.outline_px = 2.0f * pr;
  for (size_t f = 0; f < t.size(); ++f) {
    const int64_t y = year && !year->is_null(f) ? static_cast<int64_t>(year->number(f).value_or(0)) : 0;
    s.colors.push_back(colour[y]);
    s.widths.push_back((line ? 5.0f : 8.0f) * pr);
  }
  s.legend.title = s.look.title;
  for (const auto& [y, count] : years)
    s.legend.entries.push_back({line ? Symbol::line : Symbol::point, colour[y], y == 0 ? std::string("未定年度") : std::to_string(y) + " 年建设", count});
  return s;
}

}  // namespace jiuyou::render
