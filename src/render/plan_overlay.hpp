#pragma once
// An investment plan over the check map (`jiuyou render ... --plan
// DIR/invest.gpkg`): the plan's planned features (the layers named like the
// project's, with `year`; its plan_* tables are left alone) gathered into two
// layers, plan_lines (roads, 10 kV lines, pipes) and plan_points (towers,
// rooms, works), in the map's CRS, coloured by year with a legend row per year.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "gis/model/error.hpp"
#include "gis/model/workspace.hpp"
#include "src/render/style.hpp"

namespace jiuyou::render {

// Adds plan_lines / plan_points (those with features) to `ws`; returns the
// number of projects added. Errors: the file unreadable (exit 3/4), a planned
// layer without a CRS or a numeric `year` (4/5), no layer with `year` and
// features at all (4: not an investment plan, e.g. a project's own GeoPackage),
// a plan made for another county (2, gis/app/plan_county.hpp). `warnings_zh`
// receives a line when the plan's villages differ from the map's.
Result<size_t> add_plan_overlay(Workspace& ws, const std::string& invest_gpkg, std::vector<std::string>* warnings_zh = nullptr);

// True for plan_lines and plan_points.
bool is_plan_layer(std::string_view name);
// Their style: one colour per year (the same palette as invest.html), lines
// wide with a white casing, points large with a white outline, over everything.
LayerStyle plan_layer_style(const FeatureTable& table, const StyleOptions& options);

// Under a plan (render --plan), the rest of the map is a quiet base so the projects stand out:
// lines (roads, power lines, pipes) thin and grey, facilities and areas faded, and out of the legend.
// Villages (by verdict), township boundaries and the plan's own layers are left as they are.
bool stays_loud_under_plan(std::string_view layer_name);
void quiet_under_plan(LayerStyle& style, GeometryKind kind, float pixel_ratio);

}  // namespace jiuyou::render
