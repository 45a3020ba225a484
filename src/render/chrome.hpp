#pragma once
// The map's furniture, built in screen space into a UiBatch: the legend (the
// visible layers' classes, top of the map first), the scale bar (a 1-2-5
// length) and the north arrow. Each returns the box it took, so labels keep
// clear of it. Used by MapRenderer for the viewer and `jiuyou render` alike.
#include <string>
#include <vector>

#include "src/render/map_renderer.hpp"
#include "src/render/style.hpp"
#include "src/render/text.hpp"

namespace jiuyou::render {

class MapChrome {
 public:
  MapChrome(UiBatch& batch, const GlyphAtlas& atlas, int viewport_w, int viewport_h, const DrawOptions& options);

  // Top right; `hillshade_row`: a row for the terrain shading first. Rows that do not fit the
  // height go on in columns to the left; past 60 % of the width a last row counts the classes left out.
  TextRect legend(const std::vector<const LayerLegend*>& top_first, bool hillshade_row);
  // Bottom left, above the bottom margin.
  TextRect scale_bar(const Camera& camera);
  // Top left, its top at `top` pixels.
  TextRect north_arrow(float top);
  // Bottom right, above the bottom margin: lines of text on a white box (what the picture leaves out).
  TextRect caption(const std::vector<std::string>& lines);

 private:
  UiBatch& m_batch;
  const GlyphAtlas& m_atlas;
  int m_viewport_w, m_viewport_h;
  const DrawOptions& m_options;
};

}  // namespace jiuyou::render
