#include "gis/io/viewshed.hpp"

#include <gdal_alg.h>
#include <gdal_priv.h>

#include <algorithm>
#include <cmath>
#include <memory>

namespace jiuyou::io {
namespace {

struct DatasetCloser {
  void operator()(GDALDatasetH d) const { GDALClose(d); }
};
using DatasetPtr = std::unique_ptr<std::remove_pointer_t<GDALDatasetH>, DatasetCloser>;

// The cells of `dem` within `r` of p: [c0, c1) × [r0, r1).
struct Window {
  int c0 = 0, r0 = 0, c1 = 0, r1 = 0;
};
Window window_of(const Raster& dem, Vec2 p, double r) {
  const auto& gt = dem.geotransform;
  Window w;
  w.c0 = std::clamp(static_cast<int>(std::floor((p.x - r - gt[0]) / gt[1])), 0, dem.width);
  w.c1 = std::clamp(static_cast<int>(std::ceil((p.x + r - gt[0]) / gt[1])) + 1, 0, dem.width);
  w.r0 = std::clamp(static_cast<int>(std::floor((p.y + r - gt[3]) / gt[5])), 0, dem.height);
  w.r1 = std::clamp(static_cast<int>(std::ceil((p.y - r - gt[3]) / gt[5])) + 1, 0, dem.height);
  return w;
}

// The window as an in-memory GDAL dataset.
DatasetPtr mem_dataset(const Raster& dem, const Window& w) {
  GDALAllRegister();
  GDALDriverH mem = GDALGetDriverByName("MEM");
  const int nx = w.c1 - w.c0, ny = w.r1 - w.r0;
  DatasetPtr ds(GDALCreate(mem, "", nx, ny, 1, GDT_Float32, nullptr));
  if (!ds) return ds;
  auto gt = dem.geotransform;
  gt[0] += w.c0 * gt[1];
  gt[3] += w.r0 * gt[5];
  GDALSetGeoTransform(ds.get(), gt.data());
  GDALRasterBandH band = GDALGetRasterBand(ds.get(), 1);
  std::vector<float> buf(static_cast<size_t>(nx) * static_cast<size_t>(ny));
  for (int r = 0; r < ny; ++r)
    for (int c = 0; c < nx; ++c) buf[static_cast<size_t>(r) * static_cast<size_t>(nx) + static_cast<size_t>(c)] = dem.at(w.c0 + c, w.r0 + r);
  if (GDALRasterIO(band, GF_Write, 0, 0, nx, ny, buf.data(), nx, ny, GDT_Float32, 0, 0) != CE_None) return nullptr;
  if (dem.nodata) GDALSetRasterNoDataValue(band, *dem.nodata);
  return ds;
}

}  // namespace

bool Viewshed::sees(Vec2 p) const {
  const auto v = visible.cell_value(p.x, p.y);
  return v && *v > 0.5;
}

Result<Viewshed> viewshed(const Raster& dem, Vec2 observer, double observer_height_m, double target_height_m, double max_distance_m) {
  const Window w = window_of(dem, observer, max_distance_m);
  if (w.c1 - w.c0 < 2 || w.r1 - w.r0 < 2 || !dem.cell_value(observer.x, observer.y))
    return error(ErrorCode::internal, "viewshed: the observer is outside the DEM").hint("a tower site must lie on the DEM");
  DatasetPtr src = mem_dataset(dem, w);
  if (!src) return error(ErrorCode::internal, "viewshed: could not copy the DEM into memory");
  DatasetPtr out(GDALViewshedGenerate(GDALGetRasterBand(src.get(), 1), "MEM", "viewshed", nullptr, observer.x, observer.y, observer_height_m,
                                      target_height_m, 1.0, 0.0, 0.0, 0.0, 0.85714, GVM_Edge, max_distance_m, nullptr, nullptr, GVOT_NORMAL,
                                      nullptr));
  if (!out) return error(ErrorCode::internal, std::string("viewshed: GDAL failed: ") + CPLGetLastErrorMsg());
  Viewshed v;
  v.visible.name = "viewshed";
  v.visible.width = GDALGetRasterXSize(out.get());
  v.visible.height = GDALGetRasterYSize(out.get());
  GDALGetGeoTransform(out.get(), v.visible.geotransform.data());
  v.visible.crs = dem.crs;
  v.visible.values.resize(static_cast<size_t>(v.visible.width) * static_cast<size_t>(v.visible.height));
  if (GDALRasterIO(GDALGetRasterBand(out.get(), 1), GF_Read, 0, 0, v.visible.width, v.visible.height, v.visible.values.data(), v.visible.width,
                   v.visible.height, GDT_Float32, 0, 0) != CE_None)
    return error(ErrorCode::internal, "viewshed: could not read GDAL's result");
  return v;
}

}  // namespace jiuyou::io
