#include "gis/io/dem_plausible.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

namespace jiuyou::io {
namespace {

constexpr double k_highest_m = 8900;   // 珠穆朗玛峰 8,849 m
constexpr double k_lowest_m = -500;    // 艾丁湖 -155 m; below: a sentinel or another unit
constexpr double k_steepest_median_deg = 45;  // the steepest counties' median slope is about 30–35°
constexpr size_t k_samples = 200000;   // cells read for the slope (a stride over big DEMs)

// A value no terrain has but DEMs use for "no data" without declaring it.
bool sentinel(float v) { return v <= -9999 || v == 32767 || v == 65535 || v == 99999 || !std::isfinite(v); }

struct Heights {
  double lo = 1e300, hi = -1e300;
  size_t valid = 0;
};

Heights heights_of(const Raster& dem) {
  Heights h;
  for (const float v : dem.values) {
    if (dem.is_nodata(v) || sentinel(v)) continue;
    h.lo = std::min(h.lo, static_cast<double>(v));
    h.hi = std::max(h.hi, static_cast<double>(v));
    ++h.valid;
  }
  return h;
}

// The median slope (degrees) between each sampled cell and its right and lower neighbours; nullopt: too few.
std::optional<double> median_slope_deg(const Raster& dem) {
  const double dx = std::abs(dem.cell_size_x()), dy = std::abs(dem.cell_size_y());
  if (!(dx > 0) || !(dy > 0) || dem.width < 3 || dem.height < 3) return std::nullopt;
  const size_t cells = static_cast<size_t>(dem.width - 1) * static_cast<size_t>(dem.height - 1);
  const size_t stride = std::max<size_t>(1, cells / k_samples);
  std::vector<double> slopes;
  slopes.reserve(std::min(cells, k_samples) + 1);
  for (size_t k = 0; k < cells; k += stride) {
    const int col = static_cast<int>(k % static_cast<size_t>(dem.width - 1)), row = static_cast<int>(k / static_cast<size_t>(dem.width - 1));
    const float z = dem.at(col, row), zx = dem.at(col + 1, row), zy = dem.at(col, row + 1);
    if (dem.is_nodata(z) || dem.is_nodata(zx) || dem.is_nodata(zy) || sentinel(z) || sentinel(zx) || sentinel(zy)) continue;
    const double gx = (zx - z) / dx, gy = (zy - z) / dy;
    slopes.push_back(std::atan(std::hypot(gx, gy)) * 180.0 / M_PI);
  }
  if (slopes.size() < 100) return std::nullopt;
  auto mid = slopes.begin() + static_cast<std::ptrdiff_t>(slopes.size() / 2);
  std::nth_element(slopes.begin(), mid, slopes.end());
  return *mid;
}

}  // namespace

std::optional<Issue> implausible_dem_heights(const Raster& dem, bool metric_cells) {
  const Heights h = heights_of(dem);
  if (h.valid == 0) return std::nullopt;  // check_dem_values refuses a DEM of nodata only
  const std::optional<double> slope = metric_cells ? median_slope_deg(dem) : std::nullopt;
  const bool beyond = h.hi > k_highest_m || h.lo < k_lowest_m;
  const bool steep = slope && *slope > k_steepest_median_deg;
  if (!beyond && !steep) return std::nullopt;
  char buf[320];
  std::snprintf(buf, sizeof buf, "DEM 的高程为 %.0f..%.0f", h.lo, h.hi);
  std::string message = buf;
  if (slope) {
    std::snprintf(buf, sizeof buf, "，相邻格子间坡度的中位数为 %.0f°", *slope);
    message += buf;
  }
  message += beyond ? "：超出地面高程（-155..8849 m）" : "：比任何一个县的地形都陡";
  message += "，高程不像是以米为单位（以分米存储时数值是米的 10 倍，以厘米存储时是 100 倍）；不用这个 DEM，依赖高程的指标（如垂直距离、坡度）记为未知";
  Issue i;
  i.severity = Severity::warning;
  i.code = "dem_implausible_heights";
  i.message = message;
  i.hint = "换成以米为单位的 DEM（如 gdal_calc.py -A dem.tif --calc=\"A/10\" --outfile=dem_m.tif），或检查它的 nodata 值（gdalinfo -stats）";
  return i;
}

namespace {

// The middle of the villages' per-village ratios DEM / 海拔, and the share of them within 20 % of it.
struct Ratios {
  double median = 0, near_share = 0;
  size_t count = 0;
};

Ratios dem_over_elevation(const Raster& dem, const FeatureTable& villages, const Column& elevation) {
  std::vector<double> r;
  for (size_t f = 0; f < villages.size(); ++f) {
    const std::optional<double> own = villages.geometry.is_empty(f) ? std::nullopt : elevation.number(f);
    if (!own || !(*own >= 50)) continue;  // near sea level a ratio says nothing
    const Vec2 p = villages.geometry.kind == GeometryKind::point ? villages.geometry.first_vertex(f) : representative_point(villages.geometry, f);
    if (const auto z = dem.cell_value(p.x, p.y); z && *z > 0) r.push_back(*z / *own);
  }
  Ratios out;
  out.count = r.size();
  if (r.empty()) return out;
  auto mid = r.begin() + static_cast<std::ptrdiff_t>(r.size() / 2);
  std::nth_element(r.begin(), mid, r.end());
  out.median = *mid;
  out.near_share = static_cast<double>(std::count_if(r.begin(), r.end(), [&](double x) { return std::abs(x / out.median - 1) <= 0.2; })) /
                   static_cast<double>(r.size());
  return out;
}

}  // namespace

std::optional<Issue> dem_heights_against_villages(const Raster& dem, const FeatureTable& villages) {
  const Column* elevation = villages.column("elevation_m");
  if (elevation == nullptr || !elevation->is_numeric() || villages.crs != dem.crs) return std::nullopt;
  const Ratios r = dem_over_elevation(dem, villages, *elevation);
  if (r.count < 20 || r.near_share < 0.75) return std::nullopt;  // the two disagree at random: no unit to name
  const bool feet = std::abs(r.median - 3.2808) < 0.35, decimetres = std::abs(r.median - 10) < 1.5;
  if (!feet && !decimetres) return std::nullopt;
  const char* unit = feet ? "英尺" : "分米";
  char buf[320];
  std::snprintf(buf, sizeof buf, "DEM 在各村的高程是村图层“海拔”的 %.2f 倍（%zu 个村的中位数，%.0f%% 的村在其上下两成以内）：DEM 像是以%s为单位", r.median, r.count,
                100 * r.near_share, unit);
  Issue i;
  i.severity = Severity::warning;
  i.code = "dem_implausible_heights";
  i.message = std::string(buf) + "；不用这个 DEM，依赖高程的指标（如垂直距离、坡度）记为未知";
  i.hint = std::string("换成以米为单位的 DEM（如 gdal_calc.py -A dem.tif --calc=\"A") + (feet ? "*0.3048" : "/10") +
           "\" --outfile=dem_m.tif）；若是村图层的海拔写错了，请改正它";
  return i;
}

}  // namespace jiuyou::io
