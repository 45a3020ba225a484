#pragma once
// Label placement in screen space: greedy in priority order, four positions
// around the anchor (right, left, above, below), rejected when overlapping a
// placed label, an obstacle (legend, scale bar) or another labelled point.
// Crowded views therefore show fewer labels, never overlapping ones.
#include <cstdint>
#include <vector>

#include "src/render/camera.hpp"
#include "src/render/scene.hpp"
#include "src/render/text.hpp"

namespace jiuyou::render {

struct PlacedLabel {
  size_t candidate = 0;  // index into the candidates
  float x = 0, y = 0;    // text top-left, pixels
};

struct LabelPlacementOptions {
  int font = 0;
  float anchor_gap_px = 7.0f;     // distance from the anchor to the text
  float symbol_px = 5.0f;         // half-size of the point symbol kept clear
  size_t max_labels = 3000;
  size_t max_candidates = 20000;  // visible candidates examined per placement
  // Per scene layer, per feature: non-zero hides the feature's label (a filter made it transparent). Null: none hidden.
  const std::vector<std::vector<uint8_t>>* hidden = nullptr;
};

// `layer_visible[i]` says whether scene layer i is shown (labels of hidden layers are skipped).
std::vector<PlacedLabel> place_labels(const std::vector<LabelCandidate>& candidates, const std::vector<bool>& layer_visible,
                                      const Camera& camera, const GlyphAtlas& atlas, const std::vector<TextRect>& obstacles,
                                      const LabelPlacementOptions& options);

}  // namespace jiuyou::render
