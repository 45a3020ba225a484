// Candidates: the project's `sites` layer (points or polygons), or a grid of cells over the
// county (or the villages' extent plus 2 km) within max_travel_km of some mover; each laid
// out as a lattice of samples, a sample standing for the cell around it.
#include <algorithm>
#include <cmath>
#include <limits>

#include "gis/io/schema.hpp"
#include "gis/relocate/stages.hpp"

namespace jiuyou::plan::detail {

namespace {

constexpr double k_nan = std::numeric_limits<double>::quiet_NaN();
// A box a whole number of steps wide gets exactly that many samples (not one more for rounding).
constexpr double k_lattice_eps = 1e-9;
// Samples over all candidates at most: each is tested against every exclusion near it.
constexpr double k_max_samples = 20e6;

void lattice(Candidate& c, const BBox& box, double step, const GeometryColumn* poly, size_t row) {
  c.nx = std::max(1, static_cast<int>(std::ceil(box.width() / step - k_lattice_eps)));
  c.ny = std::max(1, static_cast<int>(std::ceil(box.height() / step - k_lattice_eps)));
  c.cell_w = box.width() / c.nx;
  c.cell_h = box.height() / c.ny;
  c.sample_area_m2 = c.cell_w * c.cell_h;
  c.samples.resize(static_cast<size_t>(c.nx) * static_cast<size_t>(c.ny));
  for (int iy = 0; iy < c.ny; ++iy)
    for (int ix = 0; ix < c.nx; ++ix) {
      Vec2 s{box.min_x + (ix + 0.5) * c.cell_w, box.min_y + (iy + 0.5) * c.cell_h};
      if (poly != nullptr && !point_in_feature(*poly, row, s.x, s.y)) s = Vec2{k_nan, k_nan};
      c.samples[static_cast<size_t>(iy) * static_cast<size_t>(c.nx) + static_cast<size_t>(ix)] = s;
    }
}

double lattice_size(const BBox& box, double step) {
  return std::max(1.0, std::ceil(box.width() / step - k_lattice_eps)) * std::max(1.0, std::ceil(box.height() / step - k_lattice_eps));
}

ErrorBuilder too_many_samples(double samples, const std::string& key) {
  return error(ErrorCode::project, "[relocate] " + key + ": the candidates would need " + std::to_string(static_cast<int64_t>(samples)) +
                                       " exclusion samples, more than the " + std::to_string(static_cast<int64_t>(k_max_samples)) + " allowed")
      .field(key)
      .hint("raise sample_step_m (default 50 m) or grid_cell_m, or lower max_travel_km");
}

// A point site: one sample whose footprint is a square of its area (area_m2, or point_site_area_m2).
Candidate point_site(const FeatureTable& layer, uint32_t r, const RelocateParams& p) {
  const Column* cap = layer.column("capacity_households");
  const Column* area = layer.column("area_m2");
  Candidate c;
  c.nx = c.ny = 1;
  c.samples = {layer.geometry.first_vertex(r)};
  const auto cap_v = cap ? cap->number(r) : std::nullopt;
  const auto area_v = area ? area->number(r) : std::nullopt;
  c.sample_area_m2 = area_v.value_or(p.point_site_area_m2);
  c.cell_w = c.cell_h = std::sqrt(std::max(0.0, c.sample_area_m2));
  if (cap_v) c.fixed_capacity = *cap_v;
  return c;
}

Result<std::vector<Candidate>> site_layer_candidates(const FeatureTable& layer, const RelocateParams& p) {
  double samples = 0;
  if (layer.geometry.kind == GeometryKind::polygon)
    for (uint32_t r = 0; r < layer.size(); ++r)
      if (!layer.geometry.is_empty(r)) samples += lattice_size(layer.geometry.feature_bbox(r), p.sample_step_m);
  if (samples > k_max_samples) return too_many_samples(samples, "sample_step_m");
  const Column* sname = layer.column("name");
  std::vector<Candidate> cands;
  for (uint32_t r = 0; r < layer.size(); ++r) {
    if (layer.geometry.is_empty(r)) continue;
    Candidate c;
    if (layer.geometry.kind == GeometryKind::polygon) {
      c.extent = layer.geometry.feature_bbox(r);
      lattice(c, c.extent, p.sample_step_m, &layer.geometry, r);
      if (std::all_of(c.samples.begin(), c.samples.end(), [](Vec2 s) { return std::isnan(s.x); })) {
        c.nx = c.ny = 1;
        c.samples = {representative_point(layer.geometry, r)};
        c.sample_area_m2 = feature_area(layer.geometry, r);
        c.cell_w = c.extent.width();
        c.cell_h = c.extent.height();
      }
    } else {
      c = point_site(layer, r, p);
    }
    c.source_fid = layer.fid[r];
    c.label = sname && !sname->as_text(r).empty() ? sname->as_text(r) : "site " + std::to_string(c.source_fid);
    c.extent = layer.geometry.feature_bbox(r);
    cands.push_back(std::move(c));
  }
  return cands;
}

Result<std::vector<Candidate>> grid_candidates(const Workspace& ws, const std::vector<Mover>& movers, const RelocateParams& p) {
  const double max_travel_m = p.max_travel_km * 1000.0;
  BBox ext;
  if (const FeatureTable* county = ws.layer("county"); county != nullptr && !county->bbox().empty()) ext = county->bbox();
  else ext = ws.layer(io::target_layer)->bbox().inflated(2000.0);
  BBox reach;
  for (const auto& m : movers) reach.expand(m.point.x, m.point.y);
  reach = reach.inflated(max_travel_m);
  const BBox box{std::max(ext.min_x, reach.min_x), std::max(ext.min_y, reach.min_y), std::min(ext.max_x, reach.max_x), std::min(ext.max_y, reach.max_y)};
  std::vector<Candidate> cands;
  if (box.empty()) return cands;
  const double cell = p.grid_cell_m;
  const auto cols = static_cast<int64_t>(std::ceil(box.width() / cell)), rows = static_cast<int64_t>(std::ceil(box.height() / cell));
  if (cols * rows > 4000000)
    return error(ErrorCode::project, "[relocate] grid_cell_m: the grid would have " + std::to_string(cols * rows) + " cells of " +
                                         std::to_string(static_cast<int>(cell)) + " m")
        .field("grid_cell_m")
        .hint("raise [relocate] grid_cell_m or lower max_travel_km");
  if (const double samples = static_cast<double>(cols * rows) * lattice_size(BBox{0, 0, cell, cell}, p.sample_step_m); samples > k_max_samples)
    return too_many_samples(samples, "sample_step_m");
  const auto near_a_mover = [&](double x, double y) {
    return std::any_of(movers.begin(), movers.end(), [&](const Mover& m) { return std::hypot(m.point.x - x, m.point.y - y) <= max_travel_m; });
  };
  for (int64_t iy = 0; iy < rows; ++iy)
    for (int64_t ix = 0; ix < cols; ++ix) {
      const BBox cb{box.min_x + static_cast<double>(ix) * cell, box.min_y + static_cast<double>(iy) * cell,
                    box.min_x + static_cast<double>(ix + 1) * cell, box.min_y + static_cast<double>(iy + 1) * cell};
      if (!near_a_mover((cb.min_x + cb.max_x) / 2, (cb.min_y + cb.max_y) / 2)) continue;
      Candidate c;
      c.label = "G" + std::to_string(iy) + "-" + std::to_string(ix);
      c.extent = cb;
      lattice(c, cb, p.sample_step_m, nullptr, 0);
      cands.push_back(std::move(c));
    }
  return cands;
}

}  // namespace

Result<std::vector<Candidate>> lay_out_candidates(const Workspace& ws, const std::vector<Mover>& movers, const RelocateParams& p) {
  if (const FeatureTable* site_layer = ws.layer("sites"); site_layer != nullptr) return site_layer_candidates(*site_layer, p);
  return grid_candidates(ws, movers, p);
}

}  // namespace jiuyou::plan::detail
