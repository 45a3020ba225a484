#include "gis/io/dem_processing.hpp"

#include <gdal_priv.h>
#include <gdal_utils.h>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "gis/io/gdal_scope.hpp"

namespace jiuyou::io {
namespace {

constexpr double k_slope_nodata = -9999.0;

}  // namespace

Result<Raster> dem_slope_deg(const Raster& dem) {
  static std::once_flag once;
  std::call_once(once, [] { GDALAllRegister(); });
  if (dem.empty()) return fail(ErrorCode::input, "the DEM is empty: no slope can be computed");

  GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
  if (mem == nullptr) return fail(ErrorCode::internal, "GDAL has no MEM driver");
  DatasetPtr src(mem->Create("", dem.width, dem.height, 1, GDT_Float32, nullptr));
  if (!src) return fail(ErrorCode::internal, "cannot create an in-memory copy of the DEM");
  auto gt = dem.geotransform;
  src->SetGeoTransform(gt.data());
  GDALRasterBand* band = src->GetRasterBand(1);
  if (dem.nodata) band->SetNoDataValue(*dem.nodata);
  std::vector<float> values = dem.values;  // RasterIO takes a non-const buffer
  if (band->RasterIO(GF_Write, 0, 0, dem.width, dem.height, values.data(), dem.width, dem.height, GDT_Float32, 0, 0) != CE_None)
    return fail(ErrorCode::internal, "cannot copy the DEM into GDAL");

  // gdaldem slope -of MEM -compute_edges (Horn; -s 1: metres both ways).
  std::vector<std::string> args = {"-of", "MEM", "-compute_edges", "-s", "1"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  GDALDEMProcessingOptions* options = GDALDEMProcessingOptionsNew(argv.data(), nullptr);
  if (options == nullptr) return fail(ErrorCode::internal, "GDAL rejected the slope options");
  int usage_error = 0;
  DatasetPtr out(GDALDataset::FromHandle(GDALDEMProcessing("", GDALDataset::ToHandle(src.get()), "slope", nullptr, options, &usage_error)));
  GDALDEMProcessingOptionsFree(options);
  if (!out || usage_error != 0)
    return fail(ErrorCode::internal, std::string("GDAL DEM processing (slope) failed: ") + CPLGetLastErrorMsg());

  Raster slope;
  slope.name = dem.name.empty() ? "slope" : dem.name + "_slope";
  slope.source = dem.source;
  slope.width = out->GetRasterXSize();
  slope.height = out->GetRasterYSize();
  slope.geotransform = dem.geotransform;
  slope.crs = dem.crs;
  slope.values.resize(static_cast<size_t>(slope.width) * static_cast<size_t>(slope.height));
  GDALRasterBand* ob = out->GetRasterBand(1);
  if (ob->RasterIO(GF_Read, 0, 0, slope.width, slope.height, slope.values.data(), slope.width, slope.height, GDT_Float32, 0, 0) != CE_None)
    return fail(ErrorCode::internal, "cannot read GDAL's slope raster back");
  int has_nodata = 0;
  const double nd = ob->GetNoDataValue(&has_nodata);
  slope.nodata = has_nodata != 0 ? nd : k_slope_nodata;
  return slope;
}

}  // namespace jiuyou::io
