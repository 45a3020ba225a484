#pragma once
// A static packed R-tree (Hilbert-sorted, 16 children per node) over item
// bounding boxes, in flat arrays (the layout of mourner/flatbush):
//   positions [0, n)              the items' boxes, in Hilbert order
//   positions [n, n + n/16 ...)   the nodes of each level, root last
// m_ids[pos] is the item id for a leaf position and the first child
// position for a node. Built once; every query is const and thread-safe
// (all query state lives on the caller's stack or in a local vector).
//
// Item ids are the indices into the span given to build(); items with an
// empty box are not indexed (a null geometry is never found).
#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <type_traits>
#include <vector>

#include "gis/model/geometry.hpp"

namespace jiuyou::index {

struct Hit {
  uint32_t item = 0;
  double distance_m = 0;
  friend bool operator==(const Hit&, const Hit&) = default;
};

// Distance from (x,y) to a box: 0 inside, infinity for an empty box.
inline double bbox_distance(const BBox& b, double x, double y) {
  if (b.empty()) return std::numeric_limits<double>::infinity();
  const double dx = std::max({b.min_x - x, 0.0, x - b.max_x});
  const double dy = std::max({b.min_y - y, 0.0, y - b.max_y});
  return std::sqrt(dx * dx + dy * dy);
}

// Distance between two boxes: 0 when they intersect, infinity when either is empty.
inline double bbox_distance(const BBox& a, const BBox& b) {
  if (a.empty() || b.empty()) return std::numeric_limits<double>::infinity();
  const double dx = std::max({a.min_x - b.max_x, 0.0, b.min_x - a.max_x});
  const double dy = std::max({a.min_y - b.max_y, 0.0, b.min_y - a.max_y});
  return std::sqrt(dx * dx + dy * dy);
}

class SpatialIndex {
 public:
  static constexpr uint32_t node_size = 16;

  // Indexes boxes[i] as item i; empty boxes are skipped.
  void build(std::span<const BBox> boxes);
  // Indexes the bbox of every non-empty feature of g as item f.
  void build_for(const GeometryColumn& g);

  // Number of indexed items (non-empty boxes).
  [[nodiscard]] size_t size() const { return m_item_count; }
  [[nodiscard]] bool empty() const { return m_item_count == 0; }
  // Union of all indexed boxes (empty when nothing is indexed).
  [[nodiscard]] BBox bounds() const { return empty() ? BBox{} : m_boxes.back(); }
  [[nodiscard]] size_t memory_bytes() const {
    return m_boxes.capacity() * sizeof(BBox) + m_ids.capacity() * sizeof(uint32_t) +
           m_level_end.capacity() * sizeof(uint32_t);
  }

  // Calls callback(item) for every item whose box intersects `box` (touching
  // counts). The callback returns void, or bool where false stops the search.
  // Order: deterministic (tree order), not sorted by id.
  template <class Callback>
  void query(const BBox& box, Callback&& callback) const;

  // The item with the smallest exact distance, as given by distance_fn(item)
  // (which must be >= the item's box distance; return +infinity to skip an
  // item, e.g. one a filter rejects), among those within max_distance_m
  // (inclusive). Best-first branch and bound on box distances; equal
  // distances go to the smallest item id.
  template <class DistanceFn>
  [[nodiscard]] std::optional<Hit> nearest(double x, double y, double max_distance_m, DistanceFn&& distance_fn) const;

  // As nearest(), from a box instead of a point (e.g. a polygon's bbox): box
  // distances are box-to-box; distance_fn gives the exact distance to the query shape.
  template <class DistanceFn>
  [[nodiscard]] std::optional<Hit> nearest(const BBox& from, double max_distance_m, DistanceFn&& distance_fn) const;

  // Up to k items in increasing (distance, item) order, within max_distance_m.
  template <class DistanceFn>
  [[nodiscard]] std::vector<Hit> k_nearest(double x, double y, size_t k, double max_distance_m,
                                           DistanceFn&& distance_fn) const;

  // Every item with distance_fn(item) <= radius_m, sorted by (distance, item).
  template <class DistanceFn>
  [[nodiscard]] std::vector<Hit> within(double x, double y, double radius_m, DistanceFn&& distance_fn) const;

 private:
  // Best-first traversal: calls on_hit(Hit) for items in increasing
  // (distance, item) order until it returns false, max_distance_m is passed,
  // or (pruning) no item can be among the k nearest any more.
  // bound(box) is the least distance from the query to anything in box.
  template <class Bound, class DistanceFn, class OnHit>
  void best_first(Bound&& bound, double max_distance_m, size_t k, DistanceFn&& distance_fn, OnHit&& on_hit) const;
  [[nodiscard]] uint32_t child_end(uint32_t first_child) const {
    const auto it = std::upper_bound(m_level_end.begin(), m_level_end.end(), first_child);
    assert(it != m_level_end.end());
    return std::min(first_child + node_size, *it);
  }

  uint32_t m_item_count = 0;
  std::vector<BBox> m_boxes;        // leaves (items in Hilbert order), then nodes level by level; root last
  std::vector<uint32_t> m_ids;      // leaf: item id; node: position of its first child
  std::vector<uint32_t> m_level_end;  // end position of each level, leaves first
};

// The positions 0..n-1 of `boxes` in the Hilbert order of their centres (empty
// boxes last): visiting queries in this order keeps an index's nodes in cache.
std::vector<uint32_t> hilbert_order(std::span<const BBox> boxes);

// ---------------------------------------------------------------- templates

template <class Callback>
void SpatialIndex::query(const BBox& box, Callback&& callback) const {
  if (empty() || box.empty()) return;
  // Depth is log16(n) <= 8 for 2^32 items: a fixed stack of 8 * 16 positions suffices.
  uint32_t stack[8 * node_size + 1];
  int top = 0;
  const auto root = static_cast<uint32_t>(m_boxes.size() - 1);
  if (m_boxes[root].intersects(box)) stack[top++] = root;
  while (top > 0) {
    const uint32_t pos = stack[--top];
    if (pos < m_item_count) {
      if constexpr (std::is_same_v<std::invoke_result_t<Callback&, uint32_t>, bool>) {
        if (!callback(m_ids[pos])) return;
      } else {
        callback(m_ids[pos]);
      }
      continue;
    }
    const uint32_t first = m_ids[pos];
    const uint32_t end = child_end(first);
    // Push in reverse so children are visited in stored order.
    for (uint32_t c = end; c > first; --c) {
      if (!m_boxes[c - 1].intersects(box)) continue;
      assert(top < static_cast<int>(sizeof(stack) / sizeof(stack[0])));
      stack[top++] = c - 1;
    }
  }
}

template <class Bound, class DistanceFn, class OnHit>
void SpatialIndex::best_first(Bound&& bound, double max_distance_m, size_t k, DistanceFn&& distance_fn,
                              OnHit&& on_hit) const {
  if (empty() || k == 0) return;
  // kind 0: a node (key = its box distance); kind 1: an item with its exact distance.
  // At equal keys nodes pop first, so every item that could tie an exact distance is
  // resolved before that distance is reported; equal exact distances pop by item id.
  struct Entry {
    double key;
    uint32_t id;  // position for kind 0, item id for kind 1
    uint32_t kind;
  };
  const auto later = [](const Entry& a, const Entry& b) {
    if (a.key != b.key) return a.key > b.key;
    if (a.kind != b.kind) return a.kind > b.kind;
    return a.id > b.id;
  };
  std::vector<Entry> heap;
  heap.reserve(64);
  // The k smallest exact distances pushed so far (a max-heap): nothing farther than the
  // k-th can be reported, so it bounds what is worth pushing (equal distances are kept).
  std::vector<double> best_k;
  best_k.reserve(k < 16 ? k : 16);
  double limit = max_distance_m;
  const auto push = [&](const Entry& e) {
    heap.push_back(e);
    std::push_heap(heap.begin(), heap.end(), later);
  };
  const auto root = static_cast<uint32_t>(m_boxes.size() - 1);
  const double root_d = bound(m_boxes[root]);
  if (!(root_d <= limit)) return;
  push({root_d, root, 0});
  while (!heap.empty()) {
    std::pop_heap(heap.begin(), heap.end(), later);
    const Entry e = heap.back();
    heap.pop_back();
    if (e.kind == 1) {
      if (!on_hit(Hit{e.id, e.key})) return;
      continue;
    }
    if (e.key > limit) continue;
    const uint32_t first = m_ids[e.id];
    const uint32_t end = child_end(first);
    if (first < m_item_count) {
      // Children are items: resolve their exact distances now.
      for (uint32_t c = first; c < end; ++c) {
        if (!(bound(m_boxes[c]) <= limit)) continue;
        const uint32_t item = m_ids[c];
        // distance_fn may take the current limit too: it may then return any value
        // above the limit for an item that cannot be within it, and stop early.
        double d;
        if constexpr (std::is_invocable_v<DistanceFn&, uint32_t, double>) d = static_cast<double>(distance_fn(item, limit));
        else d = static_cast<double>(distance_fn(item));
        if (!(d <= limit)) continue;
        push({d, item, 1});
        if (best_k.size() < k) {
          best_k.push_back(d);
          std::push_heap(best_k.begin(), best_k.end());
        } else if (d < best_k.front()) {
          std::pop_heap(best_k.begin(), best_k.end());
          best_k.back() = d;
          std::push_heap(best_k.begin(), best_k.end());
        }
        if (best_k.size() == k) limit = std::min(limit, best_k.front());
      }
      continue;
    }
    for (uint32_t c = first; c < end; ++c) {
      const double d = bound(m_boxes[c]);
      if (d <= limit) push({d, c, 0});
    }
  }
}

template <class DistanceFn>
std::optional<Hit> SpatialIndex::nearest(double x, double y, double max_distance_m, DistanceFn&& distance_fn) const {
  std::optional<Hit> best;
  best_first([&](const BBox& b) { return bbox_distance(b, x, y); }, max_distance_m, 1, distance_fn,
             [&](const Hit& h) {
               best = h;
               return false;
             });
  return best;
}

template <class DistanceFn>
std::optional<Hit> SpatialIndex::nearest(const BBox& from, double max_distance_m, DistanceFn&& distance_fn) const {
  std::optional<Hit> best;
  if (from.empty()) return best;
  best_first([&](const BBox& b) { return bbox_distance(b, from); }, max_distance_m, 1, distance_fn,
             [&](const Hit& h) {
               best = h;
               return false;
             });
  return best;
}

template <class DistanceFn>
std::vector<Hit> SpatialIndex::k_nearest(double x, double y, size_t k, double max_distance_m,
                                         DistanceFn&& distance_fn) const {
  std::vector<Hit> hits;
  best_first([&](const BBox& b) { return bbox_distance(b, x, y); }, max_distance_m, k, distance_fn, [&](const Hit& h) {
    hits.push_back(h);
    return hits.size() < k;
  });
  return hits;
}

template <class DistanceFn>
std::vector<Hit> SpatialIndex::within(double x, double y, double radius_m, DistanceFn&& distance_fn) const {
  std::vector<Hit> hits;
  if (empty() || !(radius_m >= 0)) return hits;
  query(BBox{x - radius_m, y - radius_m, x + radius_m, y + radius_m}, [&](uint32_t item) {
    const double d = static_cast<double>(distance_fn(item));
    if (d <= radius_m) hits.push_back({item, d});
  });
  std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
    return a.distance_m != b.distance_m ? a.distance_m < b.distance_m : a.item < b.item;
  });
  return hits;
}

}  // namespace jiuyou::index
