// GCJ-02 and BD-09: the public conversion formulas of Chinese web maps.
// Forward formulas are the widely published ones; the inverses are solved by
// fixed-point iteration on the forward formula (the offset changes slowly
// with position, so each step gains two to three digits).
#include <cmath>
#include <numbers>

#include "gis/crs/crs.hpp"

namespace jiuyou::crs {

namespace {

constexpr double pi = std::numbers::pi;
constexpr double krasovsky_a_m = 6378245.0;
constexpr double krasovsky_ee = 0.00669342162296594323;
constexpr double bd_x_pi = pi * 3000.0 / 180.0;
// The inverses solve forward(p) = target by p <- p - (forward(p) - target).
// Each step shrinks the error by the offset's Jacobian norm, measured over
// the China box at < 0.007 (GCJ-02) and < 0.02 (BD-09). A step taken on a
// residual r leaves an error below norm·r, so stopping once r < 1e-9° / bound
// (bounds rounded up to 0.01 and 0.05) gives < 1e-9° (0.1 mm), one formula
// evaluation fewer than waiting for r itself to drop below 1e-9°. Within
// 0.05° of 105 °E the GCJ-02 sqrt(|lon - 105|) term has no such bound: there
// the solve waits for r < 1e-9°.
constexpr double inverse_tolerance_deg = 1e-9;
constexpr double gcj02_sqrt_kink_lon_deg = 105.0;
constexpr double gcj02_contraction_bound = 0.01;
constexpr double bd09_contraction_bound = 0.05;
constexpr int inverse_max_iterations = 30;

// The published shift, in the formula's own units (roughly metres), for
// x = lon - 105, y = lat - 35. The sin(6xπ), sin(2xπ) and sqrt(|x|) terms are
// shared by both axes and computed once; the arithmetic is otherwise the
// published one, term by term, so results match other implementations bit
// for bit.
Vec2 offset_units(double x, double y) {
  const double sqrt_abs_x = std::sqrt(std::abs(x));
  const double shared = (20.0 * std::sin(6.0 * x * pi) + 20.0 * std::sin(2.0 * x * pi)) * 2.0 / 3.0;
  double lat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * sqrt_abs_x;
  lat += shared;
  lat += (20.0 * std::sin(y * pi) + 40.0 * std::sin(y / 3.0 * pi)) * 2.0 / 3.0;
  lat += (160.0 * std::sin(y / 12.0 * pi) + 320.0 * std::sin(y * pi / 30.0)) * 2.0 / 3.0;
  double lon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * sqrt_abs_x;
  lon += shared;
  lon += (20.0 * std::sin(x * pi) + 40.0 * std::sin(x / 3.0 * pi)) * 2.0 / 3.0;
  lon += (150.0 * std::sin(x / 12.0 * pi) + 300.0 * std::sin(x / 30.0 * pi)) * 2.0 / 3.0;
  return {lon, lat};
}

// The GCJ-02 shift (degrees) at a WGS84 position inside China.
Vec2 gcj02_delta(Vec2 wgs) {
  const Vec2 units = offset_units(wgs.x - 105.0, wgs.y - 35.0);
  const double rad_lat = wgs.y / 180.0 * pi;
  const double s = std::sin(rad_lat);
  const double magic = 1.0 - krasovsky_ee * s * s;
  const double sqrt_magic = std::sqrt(magic);
  const double dlat = (units.y * 180.0) / ((krasovsky_a_m * (1.0 - krasovsky_ee)) / (magic * sqrt_magic) * pi);
  const double dlon = (units.x * 180.0) / (krasovsky_a_m / sqrt_magic * std::cos(rad_lat) * pi);
  return {dlon, dlat};
}

// Solves forward(p) == target for p, starting from `start`.
template <class Forward>
Vec2 solve_inverse(Vec2 target, Vec2 start, double contraction_bound, Forward forward) {
  const double stop_residual_deg = inverse_tolerance_deg / contraction_bound;
  Vec2 p = start;
  for (int i = 0; i < inverse_max_iterations; ++i) {
    const Vec2 f = forward(p);
    const double ex = f.x - target.x;
    const double ey = f.y - target.y;
    p.x -= ex;
    p.y -= ey;
    if (std::abs(ex) < stop_residual_deg && std::abs(ey) < stop_residual_deg) break;
  }
  return p;
}

// The published approximate inverse of gcj02_to_bd09 (~1e-5° off); the
// starting point of the exact solve.
Vec2 bd09_to_gcj02_approx(Vec2 bd) {
  const double x = bd.x - 0.0065;
  const double y = bd.y - 0.006;
  const double z = std::sqrt(x * x + y * y) - 0.00002 * std::sin(y * bd_x_pi);
  const double theta = std::atan2(y, x) - 0.000003 * std::cos(x * bd_x_pi);
  return {z * std::cos(theta), z * std::sin(theta)};
}

}  // namespace

bool outside_china(Vec2 lonlat) {
  // Written so that NaN counts as outside (no offset applied to it).
  return !(lonlat.x >= 72.004 && lonlat.x <= 137.8347 && lonlat.y >= 0.8293 && lonlat.y <= 55.8271);
}

Vec2 wgs84_to_gcj02(Vec2 lonlat) {
  if (outside_china(lonlat)) return lonlat;
  const Vec2 d = gcj02_delta(lonlat);
  return {lonlat.x + d.x, lonlat.y + d.y};
}

Vec2 gcj02_to_wgs84(Vec2 lonlat) {
  if (outside_china(lonlat)) return lonlat;
  const Vec2 d = gcj02_delta(lonlat);
  const Vec2 start{lonlat.x - d.x, lonlat.y - d.y};
  const double bound = std::abs(start.x - gcj02_sqrt_kink_lon_deg) < 0.05 ? 1.0 : gcj02_contraction_bound;
  return solve_inverse(lonlat, start, bound, [](Vec2 p) { return wgs84_to_gcj02(p); });
}

Vec2 gcj02_to_bd09(Vec2 lonlat) {
  if (outside_china(lonlat)) return lonlat;
  const double x = lonlat.x;
  const double y = lonlat.y;
  const double z = std::sqrt(x * x + y * y) + 0.00002 * std::sin(y * bd_x_pi);
  const double theta = std::atan2(y, x) + 0.000003 * std::cos(x * bd_x_pi);
  return {z * std::cos(theta) + 0.0065, z * std::sin(theta) + 0.006};
}

Vec2 bd09_to_gcj02(Vec2 lonlat) {
  if (outside_china(lonlat)) return lonlat;
  return solve_inverse(lonlat, bd09_to_gcj02_approx(lonlat), bd09_contraction_bound,
                       [](Vec2 p) { return gcj02_to_bd09(p); });
}

Vec2 wgs84_to_bd09(Vec2 lonlat) { return gcj02_to_bd09(wgs84_to_gcj02(lonlat)); }

Vec2 bd09_to_wgs84(Vec2 lonlat) { return gcj02_to_wgs84(bd09_to_gcj02(lonlat)); }

}  // namespace jiuyou::crs
