// CRS checks, Gauss–Krüger zone choice, areas of use and geodesic distance.
#include "gis/crs/crs.hpp"

#include <geodesic.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "gis/crs/proj_context.hpp"

namespace jiuyou::crs {

namespace {

constexpr int first_gk_zone = 25;           // 75 °E
constexpr int last_gk_zone = 45;            // 135 °E
constexpr int epsg_gk_without_zone = 4534;  // CGCS2000 / 3-degree Gauss-Kruger CM 75E
constexpr int epsg_gk_with_zone = 4513;     // CGCS2000 / 3-degree Gauss-Kruger zone 25

// The box outside_china uses; GCJ-02 and BD-09 are only defined inside it.
constexpr BBox china_box{72.004, 0.8293, 137.8347, 55.8271};

}  // namespace

Result<void> check_known(const CrsRef& crs) {
  if (crs.kind == CrsRef::Kind::gcj02 || crs.kind == CrsRef::Kind::bd09) return {};
  auto obj = detail::create_crs(detail::thread_context(), crs);
  if (!obj) return tl::unexpected(std::move(obj.error()));
  return {};
}

Result<std::string> gdal_definition(const CrsRef& crs) {
  const std::string def = detail::proj_definition(crs);
  if (crs.kind != CrsRef::Kind::proj || detail::is_structured_definition(def)) return def;
  auto& ctx = detail::thread_context();
  auto obj = detail::create_crs(ctx, crs);
  if (!obj) return tl::unexpected(std::move(obj.error()));
  const char* wkt = proj_as_wkt(ctx.get(), obj->get(), PJ_WKT2_2019, nullptr);
  if (wkt == nullptr) return tl::unexpected<Error>(error(ErrorCode::crs, "cannot write the CRS '" + crs.definition + "' as WKT: " + ctx.take_message()));
  return std::string(wkt);
}

bool is_geographic(const CrsRef& crs) {
  if (crs.kind == CrsRef::Kind::gcj02 || crs.kind == CrsRef::Kind::bd09) return true;
  auto& ctx = detail::thread_context();
  auto obj = detail::create_crs(ctx, crs);
  if (!obj) return false;
  const detail::PjPtr horizontal = detail::horizontal_crs(ctx, obj->get());
  if (!horizontal) return false;
  const PJ_TYPE type = proj_get_type(horizontal.get());
  return type == PJ_TYPE_GEOGRAPHIC_2D_CRS || type == PJ_TYPE_GEOGRAPHIC_3D_CRS || type == PJ_TYPE_GEOGRAPHIC_CRS;
}

bool is_metric(const CrsRef& crs) {
  if (crs.kind != CrsRef::Kind::proj) return false;
  auto& ctx = detail::thread_context();
  auto obj = detail::create_crs(ctx, crs);
  if (!obj) return false;
  const detail::PjPtr horizontal = detail::horizontal_crs(ctx, obj->get());
  if (!horizontal || proj_get_type(horizontal.get()) != PJ_TYPE_PROJECTED_CRS) return false;
  const detail::PjPtr cs(proj_crs_get_coordinate_system(ctx.get(), horizontal.get()));
  if (!cs) return false;
  const int axes = proj_cs_get_axis_count(ctx.get(), cs.get());
  if (axes < 2) return false;
  for (int i = 0; i < 2; ++i) {
    double to_metre = 0;
    if (!proj_cs_get_axis_info(ctx.get(), cs.get(), i, nullptr, nullptr, nullptr, &to_metre, nullptr, nullptr,
                               nullptr) ||
        to_metre != 1.0)
      return false;
  }
  return true;
}

std::optional<double> false_easting(const CrsRef& crs) {
  if (crs.kind != CrsRef::Kind::proj) return std::nullopt;
  auto& ctx = detail::thread_context();
  auto obj = detail::create_crs(ctx, crs);
  if (!obj) return std::nullopt;
  const detail::PjPtr horizontal = detail::horizontal_crs(ctx, obj->get());
  if (!horizontal || proj_get_type(horizontal.get()) != PJ_TYPE_PROJECTED_CRS) return std::nullopt;
  const detail::PjPtr op(proj_crs_get_coordoperation(ctx.get(), horizontal.get()));
  if (!op) return std::nullopt;
  const int index = proj_coordoperation_get_param_index(ctx.get(), op.get(), "False easting");
  double value = 0, to_metre = 1;
  if (index < 0 || !proj_coordoperation_get_param(ctx.get(), op.get(), index, nullptr, nullptr, nullptr, &value, nullptr, &to_metre, nullptr,
                                                  nullptr, nullptr, nullptr))
    return std::nullopt;
  return value * (to_metre > 0 ? to_metre : 1);
}

int gauss_kruger_zone(double lon_deg) {
  if (!std::isfinite(lon_deg)) return first_gk_zone;
  const double n = std::round(lon_deg / 3.0);
  return static_cast<int>(std::clamp(n, double{first_gk_zone}, double{last_gk_zone}));
}

CrsRef gauss_kruger_crs(int zone, bool zone_in_easting) {
  const int n = std::clamp(zone, first_gk_zone, last_gk_zone);
  return CrsRef::epsg((zone_in_easting ? epsg_gk_with_zone : epsg_gk_without_zone) + (n - first_gk_zone));
}

CrsRef auto_metric_crs(const BBox& lonlat_bbox) {
  if (lonlat_bbox.empty()) return {};
  const double central_lon = 0.5 * (lonlat_bbox.min_x + lonlat_bbox.max_x);
  if (!std::isfinite(central_lon)) return {};
  return gauss_kruger_crs(gauss_kruger_zone(central_lon));
}

Result<CrsRef> auto_metric_crs(const BBox& bbox, const CrsRef& bbox_crs) {
  auto lonlat = transform_bbox(bbox, bbox_crs, CrsRef::epsg(4490));
  if (!lonlat) return tl::unexpected(std::move(lonlat.error()));
  CrsRef metric = auto_metric_crs(*lonlat);
  if (metric.empty()) return fail(ErrorCode::crs, "no coordinates to choose a Gauss-Kruger zone from");
  return metric;
}

Result<BBox> transform_bbox(const BBox& box, const CrsRef& from, const CrsRef& to, int points_per_edge) {
  if (box.empty())
    return fail(ErrorCode::crs, "empty bbox: nothing to transform from " + from.label() + " to " + to.label());
  auto t = Transformer::create(from, to);
  if (!t) return tl::unexpected(std::move(t.error()));
  const int n = std::max(points_per_edge, 2);
  std::vector<double> xy;
  xy.reserve(8 * static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    const double f = static_cast<double>(i) / (n - 1);
    const double x = box.min_x + f * (box.max_x - box.min_x);
    const double y = box.min_y + f * (box.max_y - box.min_y);
    xy.insert(xy.end(), {x, box.min_y, x, box.max_y, box.min_x, y, box.max_x, y});
  }
  t->transform(xy);
  BBox out;
  for (size_t i = 0; i < xy.size(); i += 2)
    if (!std::isnan(xy[i])) out.expand(xy[i], xy[i + 1]);
  if (out.empty())
    return fail(ErrorCode::crs, "no corner or edge of the bbox transforms from " + from.label() + " to " + to.label(),
                "check the layer's CRS: its coordinates may be outside the CRS's area of use, or lon/lat swapped");
  return out;
}

std::optional<BBox> area_of_use(const CrsRef& crs) {
  if (crs.kind == CrsRef::Kind::gcj02 || crs.kind == CrsRef::Kind::bd09) return china_box;
  auto& ctx = detail::thread_context();
  auto obj = detail::create_crs(ctx, crs);
  if (!obj) return std::nullopt;
  double west = 0;
  double south = 0;
  double east = 0;
  double north = 0;
  if (!proj_get_area_of_use(ctx.get(), obj->get(), &west, &south, &east, &north, nullptr)) {
    // A bound CRS (WKT with TOWGS84) carries the area on its base.
    const detail::PjPtr horizontal = detail::horizontal_crs(ctx, obj->get());
    if (!horizontal || !proj_get_area_of_use(ctx.get(), horizontal.get(), &west, &south, &east, &north, nullptr))
      return std::nullopt;
  }
  // PROJ reports -1000 for "unknown".
  if (west <= -1000 || south <= -1000 || east <= -1000 || north <= -1000) return std::nullopt;
  return BBox{west, south, east, north};
}

double geodesic_distance_m(Vec2 lonlat1, Vec2 lonlat2) {
  // An immutable constant, initialised once (thread-safe static init).
  static const geod_geodesic wgs84 = [] {
    geod_geodesic g{};
    geod_init(&g, 6378137.0, 1.0 / 298.257223563);
    return g;
  }();
  double s12_m = 0;
  geod_inverse(&wgs84, lonlat1.y, lonlat1.x, lonlat2.y, lonlat2.x, &s12_m, nullptr, nullptr);
  return s12_m;
}

std::optional<double> max_scale_error(const CrsRef& metric, const BBox& box) {
  auto tr = Transformer::create(CrsRef::epsg(4490), metric);
  if (!tr) return std::nullopt;
  constexpr double step = 0.01;  // degrees: about 1 km, short enough for a local scale
  const double xs[] = {box.min_x, 0.5 * (box.min_x + box.max_x), box.max_x};
  const double ys[] = {box.min_y, 0.5 * (box.min_y + box.max_y), box.max_y};
  double worst = -1;
  for (const double x : xs)
    for (const double y : ys)
      for (const Vec2 d : {Vec2{step, 0}, Vec2{0, step}}) {
        const Vec2 a{x, y}, b{x + d.x, y + d.y};
        const auto pa = tr->transform_point(a), pb = tr->transform_point(b);
        const double truth = geodesic_distance_m(a, b);
        if (!pa || !pb || !(truth > 0)) continue;
        const double measured = std::hypot(pb->x - pa->x, pb->y - pa->y);
        worst = std::max(worst, std::abs(measured / truth - 1.0));
      }
  if (worst < 0) return std::nullopt;
  return worst;
}

}  // namespace jiuyou::crs
