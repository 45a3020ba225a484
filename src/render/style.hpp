#pragma once
// Cartography as data: per-feature colours and widths for a layer, computed
// on the CPU from its attributes, plus the layer's constant look and its
// legend. The GPU gets the per-feature values as two small textures indexed
// by feature id, so re-colouring ("colour by verdict", "by item", a filter)
// re-uploads a few kilobytes and never touches geometry.
//
// The planners' outputs are ordinary layers with their own styles:
// relocation (sites sized by assigned households, flows with widths by
// households, excluded areas hatched, movers) and pairing (links with widths
// by funds, existing solid and suggested dashed through a negative width;
// units coloured by role). The scene draws `links` as arcs.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gis/model/error.hpp"
#include "gis/model/feature_table.hpp"
#include "src/render/image.hpp"

namespace jiuyou::render {

// How villages are coloured.
struct ColorBy {
  enum class Kind : unsigned char { plain, verdict, item, transition };  // transition: a compare result (transition_style.hpp)
  Kind kind = Kind::verdict;
  std::string item;  // rule item id (a column of the check's villages layer) when kind == item; transition: the item (empty: overall)
  std::string item_title;  // its Chinese name for titles and legends (empty: the id)

  // "verdict", "none"/"plain", "transition", or an item id.
  static ColorBy parse(std::string_view text);
  [[nodiscard]] std::string label() const;
};

enum class Symbol : unsigned char { fill, line, point };

struct LegendEntry {
  Symbol symbol = Symbol::fill;
  Rgba color;
  std::string label;
  size_t count = 0;  // features in this class
};

struct LayerLegend {
  std::string title;
  std::vector<LegendEntry> entries;
};

// What the layer looks like as a whole (uniforms of its passes).
struct LayerLook {
  std::string title;           // shown in the legend and the layers panel
  int z_order = 50;            // painter's order, low first
  Rgba outline{60, 60, 60, 200};
  float outline_px = 1.0f;     // polygon outline / point outline width
  bool hatch = false;          // polygons: hatched fill
  bool fill = true;            // polygons: false draws outlines only (boundaries)
  bool casing = false;         // lines: a darker stroke under the line
  Rgba casing_color{70, 60, 50, 255};
  float casing_px = 2.0f;      // added to the line width
  double casing_max_m_per_px = 0;  // coarser than this, the casing is the rim of the one stroke (0: always a stroke under)
  float dash_px = 0.0f;        // lines: dash length (0 solid)
  std::string label_field;     // non-empty: features labelled with this column
};

struct LayerStyle {
  LayerLook look;
  std::vector<Rgba> colors;   // per feature; alpha 0 hides it
  std::vector<float> widths;  // per feature: line width px, point radius px
  std::vector<uint8_t> rank;  // per feature: which symbol a shared cell shows (higher wins; cell_rank below); empty: all 0
  LayerLegend legend;
};

struct StyleOptions {
  ColorBy color_by;
  float pixel_ratio = 1.0f;  // widths and radii scale with it (large prints)
  std::string width_field;   // lines: width from this numeric field (default: households for flows, funds for links; others 1..12 px)
};

// Fixed palettes, public so tests and the viewer's legend agree with the map.
Rgba verdict_color(std::string_view verdict, int failed_count);
Rgba item_color(std::string_view value);  // "pass" / "fail" / "unknown" / other
// The one ranking rule beside the palettes: where symbols share a cell (the
// viewer's zoomed-out levels, point_lod.hpp; a picture's pixel cells,
// point_cells.hpp) the highest rank is the one seen, and it is drawn on top.
// By verdict: 失败 (more failed items higher) > 待核实 > 可出列; by item:
// 不达标 > 待核实 > 无数据 > 达标; by transition: TransitionClass::rank
// (返贫风险 first); plain villages and every other layer: 0.
uint8_t verdict_rank(std::string_view verdict, double failed_count);
uint8_t item_rank(std::string_view value);
// Feature f's rank in a shared cell: -1 when it is not shown (transparent, no
// size, beyond the style's sizes), else style.rank[f] (0 without ranks).
int cell_rank(const LayerStyle& style, uint32_t feature);
Rgba road_color(std::string_view road_class, std::string_view surface);
bool is_paved(std::string_view surface);
// Planner overlays.
Rgba link_color(std::string_view status);  // pairing links: existing / suggested / dropped
inline constexpr Rgba k_flow_color{125, 45, 160, 255};      // relocation flows
inline constexpr Rgba k_site_color{20, 130, 90, 255};       // chosen relocation sites
inline constexpr Rgba k_helper_color{30, 110, 190, 255};    // pairing: helper (帮扶方)
inline constexpr Rgba k_helped_color{225, 95, 30, 255};     // pairing: helped (受援方)
inline constexpr Rgba k_background{244, 241, 234, 255};
inline constexpr Rgba k_village_plain{49, 104, 170, 255};

// The Chinese title of a canonical layer ("villages" -> "村庄"), else the name.
std::string layer_title(std::string_view layer_name);

// Styles one layer. Fails (ErrorCode::input) only for a colour-by item that
// the villages layer does not carry; the message lists the items it has.
Result<LayerStyle> style_layer(const FeatureTable& table, const StyleOptions& options);

// Every fixed string the styles may show (class labels, layer titles): the
// viewer's font atlas is built from them, so no legend or panel misses a glyph.
const std::vector<std::string>& style_strings();

// The colour of the gap lines of the k-th item (in first-seen order in the gaps layer).
Rgba gap_color(size_t k);

// Item ids present in a check result's villages layer (text columns whose
// values are pass/fail/unknown), in column order.
std::vector<std::string> item_columns(const FeatureTable& villages);

}  // namespace jiuyou::render
