#pragma once
// `jiuyou render` as one library call: a Workspace in, a picture out, through
// a headless EGL context and the same MapRenderer the viewer uses.
#include <optional>
#include <string>
#include <vector>

#include "gis/model/error.hpp"
#include "gis/model/workspace.hpp"
#include "src/render/camera.hpp"
#include "src/render/image.hpp"
#include "src/render/style.hpp"
#include "src/render/text.hpp"

namespace jiuyou::render {

struct RenderOptions {
  int width = 2000;
  int height = 1400;
  std::optional<BBox> bbox;          // metric CRS; default: everything drawn
  std::vector<std::string> layers;   // names (canonical) and/or "dem"; empty: all
  ColorBy color_by;                  // villages
  bool labels = true;
  bool legend = true;
  bool hillshade = true;
  std::string title;                 // given: drawn as is; default: map_title()
  float pixel_ratio = 0;             // 0: from the image size (1 at ~1000 px short side)
  std::string basemap;               // offline basemap (MBTiles, XYZ folder, raster) under the layers, instead of the hillshade; empty: none
  double basemap_opacity = 1.0;      // 0..1 over the background (the project's [basemap] opacity)
  bool quiet_base = false;           // an investment plan over the map: other layers thin, grey or faded (plan_overlay.hpp)
  bool what_if = false;              // a what-if check (check --with): the default title ends in （含规划项目，模拟）, like report.html's
  std::vector<std::string> quiet_layers;  // drawn as context, as under a plan: faint, unlabelled, out of the legend (an atlas page's neighbours)
};

struct RenderResult {
  Image image;
  Camera camera;                // world_to_screen() gives the pixel of a metric coordinate
  std::string gl_description;   // which EGL platform and GL renderer drew it
  struct Label {
    std::string text;
    TextRect box;  // pixels, text only (halo excluded)
  };
  std::vector<Label> labels;  // as placed, in priority order
  size_t labels_total = 0;
  size_t dropped_vertices = 0;  // non-finite coordinates left out
  float legend_width_px = 0;    // the legend box (top right, in the margin the map keeps free); 0: none
  std::vector<std::string> caption;  // the lines drawn bottom right (a province overview says what it leaves out); empty: none
};

// Fails with ErrorCode::input for a bad size, an unknown layer name or a
// colour-by item the villages do not carry, and ErrorCode::render when no
// GL 3.3 context or font is available.
// Above this many villages, with no layers chosen and the whole area drawn, the picture is a province overview:
// every layer but those the layer table keeps loud (layer_words.hpp: villages, townships, county) is drawn quiet
// (lines faint and unlabelled, point symbols and fills left out, none in the legend), and with the legend on a
// caption at the bottom right says so and how to get the full picture (--layers, --bbox). docs/outputs.md.
inline constexpr size_t k_overview_villages = 5000;
Result<RenderResult> render_map(const Workspace& ws, const RenderOptions& options);

// The default title: the workspace name and what the map shows — " · 补短板项目（按实施年度）" over
// an investment plan (quiet_base), else " · 贫困村出列评定" for villages by verdict or " · 指标 …" by
// item. One suffix only: a plan's title does not also say the verdicts (its legend does). A what-if
// adds （含规划项目，模拟）: the picture pasted into slides must not pass for the present state.
std::string map_title(const Workspace& ws, const RenderOptions& options);

// Parses "2000x1400".
Result<std::pair<int, int>> parse_size(const std::string& text);
// Parses "minx,miny,maxx,maxy".
Result<BBox> parse_bbox(const std::string& text);

}  // namespace jiuyou::render
