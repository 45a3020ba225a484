#include "gis/index/spatial_index.hpp"

#include <algorithm>

namespace jiuyou::index {

namespace {

// Hilbert curve index of (x, y) on a 2^16 x 2^16 grid (Warren, "Hacker's
// Delight", as used by flatbush).
uint32_t hilbert(uint32_t x, uint32_t y) {
  uint32_t a = x ^ y;
  uint32_t b = 0xFFFF ^ a;
  uint32_t c = 0xFFFF ^ (x | y);
  uint32_t d = x & (y ^ 0xFFFF);

  uint32_t A = a | (b >> 1);
  uint32_t B = (a >> 1) ^ a;
  uint32_t C = ((c >> 1) ^ (b & (d >> 1))) ^ c;
  uint32_t D = ((a & (c >> 1)) ^ (d >> 1)) ^ d;

  a = A; b = B; c = C; d = D;
  A = ((a & (a >> 2)) ^ (b & (b >> 2)));
  B = ((a & (b >> 2)) ^ (b & ((a ^ b) >> 2)));
  C ^= ((a & (c >> 2)) ^ (b & (d >> 2)));
  D ^= ((b & (c >> 2)) ^ ((a ^ b) & (d >> 2)));

  a = A; b = B; c = C; d = D;
  A = ((a & (a >> 4)) ^ (b & (b >> 4)));
  B = ((a & (b >> 4)) ^ (b & ((a ^ b) >> 4)));
  C ^= ((a & (c >> 4)) ^ (b & (d >> 4)));
  D ^= ((b & (c >> 4)) ^ ((a ^ b) & (d >> 4)));

  a = A; b = B; c = C; d = D;
  C ^= ((a & (c >> 8)) ^ (b & (d >> 8)));
  D ^= ((b & (c >> 8)) ^ ((a ^ b) & (d >> 8)));

  a = C ^ (C >> 1);
  b = D ^ (D >> 1);

  uint32_t i0 = x ^ y;
  uint32_t i1 = b | (0xFFFF ^ (i0 | a));

  i0 = (i0 | (i0 << 8)) & 0x00FF00FF;
  i0 = (i0 | (i0 << 4)) & 0x0F0F0F0F;
  i0 = (i0 | (i0 << 2)) & 0x33333333;
  i0 = (i0 | (i0 << 1)) & 0x55555555;

  i1 = (i1 | (i1 << 8)) & 0x00FF00FF;
  i1 = (i1 | (i1 << 4)) & 0x0F0F0F0F;
  i1 = (i1 | (i1 << 2)) & 0x33333333;
  i1 = (i1 | (i1 << 1)) & 0x55555555;

  return (i1 << 1) | i0;
}

// (Hilbert index of the box centre << 32) | item, for the given items of `boxes` within `all`.
std::vector<uint64_t> hilbert_keys(std::span<const BBox> boxes, std::span<const uint32_t> items, const BBox& all) {
  const double w = all.width() > 0 ? all.width() : 1.0;
  const double h = all.height() > 0 ? all.height() : 1.0;
  constexpr double cells = 65535.0;
  std::vector<uint64_t> keys(items.size());
  for (size_t k = 0; k < items.size(); ++k) {
    const BBox& b = boxes[items[k]];
    const double cx = ((b.min_x + b.max_x) / 2 - all.min_x) / w;
    const double cy = ((b.min_y + b.max_y) / 2 - all.min_y) / h;
    const auto hx = static_cast<uint32_t>(std::clamp(cx * cells, 0.0, cells));
    const auto hy = static_cast<uint32_t>(std::clamp(cy * cells, 0.0, cells));
    keys[k] = (uint64_t{hilbert(hx, hy)} << 32) | items[k];
  }
  return keys;
}

}  // namespace

void SpatialIndex::build(std::span<const BBox> boxes) {
  m_boxes.clear();
  m_ids.clear();
  m_level_end.clear();

  std::vector<uint32_t> items;
  items.reserve(boxes.size());
  BBox all;
  for (size_t i = 0; i < boxes.size(); ++i) {
    if (boxes[i].empty()) continue;
    items.push_back(static_cast<uint32_t>(i));
    all.expand(boxes[i]);
  }
  m_item_count = static_cast<uint32_t>(items.size());
  if (items.empty()) return;

  // Sort items by the Hilbert index of their box centre (ties by id: deterministic).
  std::vector<uint64_t> keys = hilbert_keys(boxes, items, all);
  std::sort(keys.begin(), keys.end());

  // Level sizes: n items, then ceil(n/16) nodes, ... down to one root (at least one node level).
  size_t total = items.size();
  {
    size_t count = items.size();
    m_level_end.push_back(static_cast<uint32_t>(total));
    do {
      count = (count + node_size - 1) / node_size;
      total += count;
      m_level_end.push_back(static_cast<uint32_t>(total));
    } while (count > 1);
  }
  m_boxes.resize(total);
  m_ids.resize(total);
  for (size_t k = 0; k < keys.size(); ++k) {
    const auto item = static_cast<uint32_t>(keys[k] & 0xFFFFFFFFu);
    m_ids[k] = item;
    m_boxes[k] = boxes[item];
  }
  uint32_t pos = static_cast<uint32_t>(items.size());
  uint32_t level_begin = 0;
  for (size_t level = 0; level + 1 < m_level_end.size(); ++level) {
    const uint32_t level_end = m_level_end[level];
    for (uint32_t first = level_begin; first < level_end; first += node_size) {
      const uint32_t end = std::min(first + node_size, level_end);
      BBox node;
      for (uint32_t c = first; c < end; ++c) node.expand(m_boxes[c]);
      m_boxes[pos] = node;
      m_ids[pos] = first;
      ++pos;
    }
    level_begin = level_end;
  }
  assert(pos == total);
}

void SpatialIndex::build_for(const GeometryColumn& g) {
  std::vector<BBox> boxes(g.feature_count());
  for (size_t f = 0; f < boxes.size(); ++f) boxes[f] = g.feature_bbox(f);
  build(boxes);
}

std::vector<uint32_t> hilbert_order(std::span<const BBox> boxes) {
  std::vector<uint32_t> items, empty;
  BBox all;
  for (size_t i = 0; i < boxes.size(); ++i) {
    if (boxes[i].empty()) {
      empty.push_back(static_cast<uint32_t>(i));
      continue;
    }
    items.push_back(static_cast<uint32_t>(i));
    all.expand(boxes[i]);
  }
  std::vector<uint64_t> keys = hilbert_keys(boxes, items, all);
  std::sort(keys.begin(), keys.end());
  std::vector<uint32_t> order;
  order.reserve(boxes.size());
  for (const uint64_t k : keys) order.push_back(static_cast<uint32_t>(k & 0xffffffffu));
  order.insert(order.end(), empty.begin(), empty.end());
  return order;
}

}  // namespace jiuyou::index
