#include "gis/io/schema.hpp"
#include "gis/invest/candidates_sites.hpp"

#include <cmath>
#include <map>
#include <optional>

#include "gis/io/viewshed.hpp"

namespace jiuyou::invest {
namespace {

// The tower's radius: radius_m of the planned feature, else the item's default.
double tower_radius(const Build& b, const indicators::Item& item) {
  for (const auto& f : b.feature)
    if (f.field == "radius_m" && f.type == FieldType::real) return f.number;
  return item.tower_radius_m;
}

// The centre of the highest DEM cell within r of p (nullopt: none on the DEM).
std::optional<Vec2> highest_cell(const Raster& dem, Vec2 p, double r) {
  const auto& gt = dem.geotransform;
  std::optional<Vec2> best;
  double top = -1e300;
  const int c0 = std::max(0, static_cast<int>((p.x - r - gt[0]) / gt[1])), c1 = std::min(dem.width - 1, static_cast<int>((p.x + r - gt[0]) / gt[1]));
  const int r0 = std::max(0, static_cast<int>((p.y + r - gt[3]) / gt[5])), r1 = std::min(dem.height - 1, static_cast<int>((p.y - r - gt[3]) / gt[5]));
  for (int row = r0; row <= r1; ++row)
    for (int col = c0; col <= c1; ++col) {
      const Vec2 q{gt[0] + (col + 0.5) * gt[1], gt[3] + (row + 0.5) * gt[5]};
      const float z = dem.at(col, row);
      if (std::hypot(q.x - p.x, q.y - p.y) > r || dem.is_nodata(z) || z <= top) continue;
      top = z;
      best = q;
    }
  return best;
}

// The disc covers the village as the check needs: a point within r; a polygon's
// share inside the disc (sampled on a 40 × 40 grid over its box) at least
// min_share plus a margin of 0.1 for the sampling.
bool covers(const GeometryColumn& g, size_t v, Vec2 site, double r, double min_share) {
  if (g.kind == GeometryKind::point) return std::hypot(g.first_vertex(v).x - site.x, g.first_vertex(v).y - site.y) <= r;
  const BBox b = g.feature_bbox(v);
  constexpr int k_n = 40;
  int in = 0, covered = 0;
  for (int i = 0; i < k_n; ++i)
    for (int j = 0; j < k_n; ++j) {
      const double x = b.min_x + (i + 0.5) * b.width() / k_n, y = b.min_y + (j + 0.5) * b.height() / k_n;
      if (!point_in_feature(g, v, x, y)) continue;
      ++in;
      covered += std::hypot(x - site.x, y - site.y) <= r;
    }
  return in > 0 && static_cast<double>(covered) / in >= std::min(1.0, min_share + 0.1);
}

// What reaching the site adds: a track and a power drop from the nearest
// feature of the access layers, or from the village it is built for when that
// is nearer (the village has lanes and low-voltage power), × the detour factor.
double access_cost(const Workspace& ws, const CostTable& costs, const Build& b, Vec2 site, Vec2 village) {
  if (b.site.access_cny_per_m <= 0) return 0;
  double d = std::hypot(site.x - village.x, site.y - village.y);
  for (const auto& name : b.site.access_from)
    if (const FeatureTable* t = ws.layer(name))
      for (size_t f = 0; f < t->size(); ++f)
        if (!t->geometry.is_empty(f) && t->geometry.feature_bbox(f).inflated(d).contains(site.x, site.y))
          d = std::min(d, point_feature_distance(t->geometry, f, site.x, site.y));
  return d * costs.detour_factor * b.site.access_cny_per_m;
}

struct Site {
  Vec2 at;
  std::vector<uint32_t> needs;  // the needs it fixes, the village's own first
};

// The site for need k and the needs of the same item it covers; nullopt when it does not cover its own village.
Result<std::optional<Site>> site_for(const Workspace& ws, const Candidates& c, const Build& b, const indicators::Item& item, uint32_t k) {
  const double radius = tower_radius(b, item);
  const FeatureTable& villages = *ws.layer(io::target_layer);
  const uint32_t v = c.needs[k].village;
  if (villages.geometry.is_empty(v)) return std::optional<Site>{};
  const auto at = highest_cell(*ws.dem, representative_point(villages.geometry, v), b.site.search_m);
  if (!at) return std::optional<Site>{};
  auto seen = io::viewshed(*ws.dem, *at, b.site.mast_m, b.site.target_m, radius);
  if (!seen) return std::optional<Site>{};  // the site is at the DEM's edge: no candidate there
  Site s{*at, {}};
  for (uint32_t other = 0; other < c.needs.size(); ++other) {
    const Need& n = c.needs[other];
    if (n.item != c.needs[k].item || villages.geometry.is_empty(n.village)) continue;
    if (!covers(villages.geometry, n.village, *at, radius, item.min_share) || !seen->sees(representative_point(villages.geometry, n.village))) continue;
    if (other == k) s.needs.insert(s.needs.begin(), other);
    else s.needs.push_back(other);
  }
  if (s.needs.empty() || s.needs.front() != k) return std::optional<Site>{};
  return std::optional<Site>{std::move(s)};
}

}  // namespace

Result<void> add_tower_sites(const Workspace& ws, const indicators::CheckResult& check, const CostTable& costs, Candidates& c) {
  if (!ws.dem) return {};
  std::map<std::pair<double, double>, uint32_t> at_site;  // one project per site
  const auto need_count = static_cast<uint32_t>(c.needs.size());
  for (uint32_t k = 0; k < need_count; ++k) {
    const auto& item = check.rules.items[c.needs[k].item];
    const Build* b = costs.find(item.id);
    if (b == nullptr || !b->site.enabled || item.kind != indicators::ItemKind::coverage) continue;
    ASSIGN_OR_RETURN(const auto site, site_for(ws, c, *b, item, k));
    if (!site || !at_site.try_emplace({site->at.x, site->at.y}, static_cast<uint32_t>(c.projects.size())).second) continue;
    Project p;
    p.build = static_cast<uint32_t>(b - costs.builds.data());
    p.village = c.needs[k].village;
    p.geometry = {site->at};
    p.size = 1;
    const FeatureTable& villages = *ws.layer(io::target_layer);
    p.cost_cny = b->cost_cny + access_cost(ws, costs, *b, site->at, representative_point(villages.geometry, p.village));
    p.needs = site->needs;
    for (const uint32_t n : p.needs) c.fixers[n].push_back(static_cast<uint32_t>(c.projects.size()));
    c.projects.push_back(std::move(p));
  }
  return {};
}

}  // namespace jiuyou::invest
