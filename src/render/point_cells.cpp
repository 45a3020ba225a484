#include "src/render/point_cells.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <unordered_map>

namespace jiuyou::render {

namespace {

// The chunks of points already in draw (spatial) order: runs of k_chunk_size.
std::vector<Chunk> chunks_of(const std::vector<PointInstance>& pts) {
  std::vector<Chunk> chunks;
  for (size_t b = 0; b < pts.size(); b += k_chunk_size) {
    Chunk c;
    c.begin = static_cast<uint32_t>(b);
    c.end = static_cast<uint32_t>(std::min(pts.size(), b + k_chunk_size));
    c.min_x = c.min_y = std::numeric_limits<float>::infinity();
    c.max_x = c.max_y = -std::numeric_limits<float>::infinity();
    for (uint32_t i = c.begin; i < c.end; ++i) {
      c.min_x = std::min(c.min_x, pts[i].center[0]), c.min_y = std::min(c.min_y, pts[i].center[1]);
      c.max_x = std::max(c.max_x, pts[i].center[0]), c.max_y = std::max(c.max_y, pts[i].center[1]);
    }
    chunks.push_back(c);
  }
  return chunks;
}

uint64_t cell_key(float x, float y, double cell_m) {
  const auto cx = static_cast<int64_t>(std::floor(x / cell_m));
  const auto cy = static_cast<int64_t>(std::floor(y / cell_m));
  return (static_cast<uint64_t>(cx) << 32) ^ static_cast<uint32_t>(cy);
}

std::vector<Chunk> chunks_of(const std::vector<LineSegment>& segs) {
  std::vector<Chunk> chunks;
  for (size_t b = 0; b < segs.size(); b += k_chunk_size) {
    Chunk c;
    c.begin = static_cast<uint32_t>(b);
    c.end = static_cast<uint32_t>(std::min(segs.size(), b + k_chunk_size));
    c.min_x = c.min_y = std::numeric_limits<float>::infinity();
    c.max_x = c.max_y = -std::numeric_limits<float>::infinity();
    for (uint32_t i = c.begin; i < c.end; ++i) {
      c.min_x = std::min({c.min_x, segs[i].p0[0], segs[i].p1[0]}), c.min_y = std::min({c.min_y, segs[i].p0[1], segs[i].p1[1]});
      c.max_x = std::max({c.max_x, segs[i].p0[0], segs[i].p1[0]}), c.max_y = std::max({c.max_y, segs[i].p0[1], segs[i].p1[1]});
    }
    chunks.push_back(c);
  }
  return chunks;
}

// A short segment's cell (of its middle) and look: colour and width.
struct ShortKey {
  uint64_t cell;
  uint32_t rgba;
  float width;
  friend bool operator==(const ShortKey&, const ShortKey&) = default;
};
struct ShortKeyHash {
  size_t operator()(const ShortKey& k) const {
    return std::hash<uint64_t>{}(k.cell ^ (uint64_t{k.rgba} * 0x9E3779B97F4A7C15ull)) ^ std::hash<float>{}(k.width);
  }
};

// Keeps every segment of at least cell_m and the last of each short key; returns how many were left out.
size_t thin_segments(std::vector<LineSegment>& segs, std::vector<Chunk>& chunks, double cell_m, const LayerStyle& style) {
  auto key_of = [&](const LineSegment& s) {
    const uint32_t f = s.feature;
    const Rgba c = f < style.colors.size() ? style.colors[f] : Rgba{};
    const float w = f < style.widths.size() ? style.widths[f] : 0.0f;
    const uint32_t rgba = uint32_t{c.r} << 24 | uint32_t{c.g} << 16 | uint32_t{c.b} << 8 | c.a;
    return ShortKey{cell_key((s.p0[0] + s.p1[0]) * 0.5f, (s.p0[1] + s.p1[1]) * 0.5f, cell_m), rgba, w};
  };
  auto is_short = [&](const LineSegment& s) { return std::hypot(s.p1[0] - s.p0[0], s.p1[1] - s.p0[1]) < cell_m; };
  std::unordered_map<ShortKey, uint32_t, ShortKeyHash> last;
  for (uint32_t k = 0; k < segs.size(); ++k)
    if (is_short(segs[k])) last[key_of(segs[k])] = k;
  std::vector<LineSegment> out;
  out.reserve(segs.size());
  for (uint32_t k = 0; k < segs.size(); ++k)
    if (!is_short(segs[k]) || last.at(key_of(segs[k])) == k) out.push_back(segs[k]);
  const size_t left_out = segs.size() - out.size();
  if (left_out == 0) return 0;
  out.shrink_to_fit();
  segs = std::move(out);
  chunks = chunks_of(segs);
  return left_out;
}

}  // namespace

size_t keep_one_point_per_cell(LayerBuckets& b, double cell_m, const LayerStyle& style, size_t min_points) {
  if (b.points.size() < min_points || !(cell_m > 0) || !std::isfinite(cell_m)) return 0;
  auto severity_of = [&](uint32_t k) { return cell_rank(style, b.points[k].feature); };
  std::unordered_map<uint64_t, uint32_t> kept;  // cell -> the point it keeps
  kept.reserve(b.points.size());
  for (uint32_t k = 0; k < b.points.size(); ++k) {
    auto [it, fresh] = kept.try_emplace(cell_key(b.points[k].center[0], b.points[k].center[1], cell_m), k);
    if (!fresh && severity_of(k) >= severity_of(it->second)) it->second = k;  // ties: the later one was drawn on top
  }
  std::vector<uint8_t> keep(b.points.size(), 0);
  for (const auto& [cell, k] : kept) keep[k] = 1;
  std::vector<PointInstance> out;
  out.reserve(kept.size());
  for (uint32_t k = 0; k < b.points.size(); ++k)
    if (keep[k]) out.push_back(b.points[k]);
  const size_t left_out = b.points.size() - out.size();
  b.points = std::move(out);
  b.point_chunks = chunks_of(b.points);
  return left_out;
}

size_t keep_one_short_segment_per_cell(LayerBuckets& b, double cell_m, const LayerStyle& style, size_t min_segments) {
  if (b.segments.size() < min_segments || !(cell_m > 0) || !std::isfinite(cell_m)) return 0;
  size_t left_out = thin_segments(b.segments, b.segment_chunks, cell_m, style);
  for (SegmentLod& lod : b.lods) left_out += thin_segments(lod.segments, lod.chunks, cell_m, style);
  return left_out;
}

}  // namespace jiuyou::render
