#include "src/render/labels.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace jiuyou::render {

namespace {

// Rectangles bucketed by 64-pixel cells for overlap queries.
class RectGrid {
 public:
  void add(const TextRect& r) {
    const auto id = static_cast<uint32_t>(m_rects.size());
    m_rects.push_back(r);
    for_cells(r, [&](int64_t key) { m_cells[key].push_back(id); });
  }
  [[nodiscard]] bool hits(const TextRect& r, int64_t ignore_id = -1) const {
    bool hit = false;
    for_cells(r, [&](int64_t key) {
      if (hit) return;
      const auto it = m_cells.find(key);
      if (it == m_cells.end()) return;
      for (uint32_t id : it->second)
        if (static_cast<int64_t>(id) != ignore_id && m_rects[id].overlaps(r)) {
          hit = true;
          return;
        }
    });
    return hit;
  }

 private:
  template <class F>
  static void for_cells(const TextRect& r, F&& f) {
    const auto cx0 = static_cast<int64_t>(std::floor(r.x0 / 64)), cx1 = static_cast<int64_t>(std::floor(r.x1 / 64));
    const auto cy0 = static_cast<int64_t>(std::floor(r.y0 / 64)), cy1 = static_cast<int64_t>(std::floor(r.y1 / 64));
    for (int64_t cy = cy0; cy <= cy1; ++cy)
      for (int64_t cx = cx0; cx <= cx1; ++cx) f((cy << 32) ^ (cx & 0xffffffff));
  }
  std::vector<TextRect> m_rects;
  std::unordered_map<int64_t, std::vector<uint32_t>> m_cells;
};

}  // namespace

std::vector<PlacedLabel> place_labels(const std::vector<LabelCandidate>& candidates, const std::vector<bool>& layer_visible,
                                      const Camera& camera, const GlyphAtlas& atlas, const std::vector<TextRect>& obstacles,
                                      const LabelPlacementOptions& o) {
  std::vector<PlacedLabel> placed;
  const auto w = static_cast<float>(camera.width), h = static_cast<float>(camera.height);
  // Visible candidates and their anchors.
  struct Visible {
    size_t index;
    float sx, sy;
  };
  std::vector<Visible> visible;
  for (size_t i = 0; i < candidates.size() && visible.size() < o.max_candidates; ++i) {
    const LabelCandidate& c = candidates[i];
    if (c.layer < layer_visible.size() && !layer_visible[c.layer]) continue;
    if (camera.m_per_px > c.max_m_per_px) continue;
    if (o.hidden && c.layer < o.hidden->size() && c.feature < (*o.hidden)[c.layer].size() && (*o.hidden)[c.layer][c.feature]) continue;
    const Vec2 s = camera.world_to_screen(c.world);
    if (!(s.x >= 0 && s.y >= 0 && s.x < w && s.y < h)) continue;
    visible.push_back({i, static_cast<float>(s.x), static_cast<float>(s.y)});
  }
  RectGrid grid;
  for (const TextRect& r : obstacles) grid.add(r);
  // Every labelled point keeps its symbol clear of other labels.
  RectGrid symbols;
  for (const Visible& v : visible) symbols.add({v.sx - o.symbol_px, v.sy - o.symbol_px, v.sx + o.symbol_px, v.sy + o.symbol_px});
  const float lh = atlas.line_height(o.font);
  for (size_t k = 0; k < visible.size() && placed.size() < o.max_labels; ++k) {
    const Visible& v = visible[k];
    const float tw = atlas.measure(o.font, candidates[v.index].text);
    const float g = o.anchor_gap_px;
    const TextRect tries[4] = {
        {v.sx + g, v.sy - lh / 2, v.sx + g + tw, v.sy + lh / 2},
        {v.sx - g - tw, v.sy - lh / 2, v.sx - g, v.sy + lh / 2},
        {v.sx - tw / 2, v.sy - g - lh, v.sx + tw / 2, v.sy - g},
        {v.sx - tw / 2, v.sy + g, v.sx + tw / 2, v.sy + g + lh},
    };
    for (const TextRect& r : tries) {
      if (r.x0 < 1 || r.y0 < 1 || r.x1 > w - 1 || r.y1 > h - 1) continue;
      // The label's own symbol is inside none of the tries, so any symbol hit is another point.
      if (grid.hits(r) || symbols.hits(r)) continue;
      grid.add(r);
      placed.push_back({v.index, r.x0, r.y0});
      break;
    }
  }
  return placed;
}

}  // namespace jiuyou::render
