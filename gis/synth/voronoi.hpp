#pragma once
// Voronoi cells by half-plane clipping, and the boundaries of unions of cells
// (township and county polygons that nest the village cells exactly). Pure
// code: the generator builds its polygons without a geometry engine, and the
// shared vertices of neighbouring cells are bit-identical.
#include <cstdint>
#include <span>
#include <vector>

#include "gis/model/geometry.hpp"

namespace jiuyou::synth {

using Ring = std::vector<Vec2>;  // closed: first == last

// A uniform grid over the sites for neighbour search; sites may be moved.
class SiteGrid {
 public:
  SiteGrid(std::vector<Vec2> sites, BBox bounds, double cell_size);
  [[nodiscard]] const std::vector<Vec2>& sites() const { return m_sites; }
  void move(uint32_t site, Vec2 to);
  // The Voronoi cell of `site` (counter-clockwise, open: no repeated last
  // vertex) and, per edge k (vertex k to k+1), the site across it (negative:
  // the outer frame; the cells of sites on the hull reach it).
  void cell(uint32_t site, std::vector<Vec2>& vertices, std::vector<int32_t>& across) const;
  // Sites within `radius` of p.
  void near(Vec2 p, double radius, std::vector<uint32_t>& out) const;

 private:
  [[nodiscard]] int bucket_x(double x) const;
  [[nodiscard]] int bucket_y(double y) const;
  std::vector<Vec2> m_sites;
  BBox m_bounds;
  double m_cell = 1;
  int m_nx = 1;
  int m_ny = 1;
  std::vector<std::vector<uint32_t>> m_buckets;
};

// Cells of sites [0, n_cells); sites from n_cells on are ghosts that bound them.
struct VoronoiCells {
  std::vector<Vec2> vertices;          // shared, deduplicated vertices
  std::vector<uint32_t> offsets{0};    // cell i: [offsets[i], offsets[i+1]) in vertex_ids/across
  std::vector<uint32_t> vertex_ids;
  std::vector<int32_t> across;         // site across the edge starting at that vertex
  [[nodiscard]] size_t size() const { return offsets.size() - 1; }
  [[nodiscard]] Ring ring(size_t cell) const;  // closed ring of cell's vertices
};

VoronoiCells voronoi_cells(const SiteGrid& grid, size_t n_cells);

// For each group g in [0, n_groups): the rings bounding the union of the cells
// whose group is g (shells counter-clockwise, holes clockwise). group[i] < 0
// marks cells outside every group.
std::vector<std::vector<Ring>> union_rings(const VoronoiCells& cells, std::span<const int> group, int n_groups);

// Ring measures (closed rings).
double ring_area(const Ring& r);  // signed, CCW positive
bool point_in_ring(const Ring& r, Vec2 p);
Vec2 ring_centroid(const Ring& r);

}  // namespace jiuyou::synth
