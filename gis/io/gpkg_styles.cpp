// QGIS styles in a GeoPackage's layer_styles table, through GDAL's GPKG driver.
#include "gis/io/gpkg_styles.hpp"

#include <ctime>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <cpl_error.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include "gis/io/gdal_scope.hpp"

namespace jiuyou::io {
namespace {

constexpr const char* k_table = "layer_styles";

// The columns QGIS creates (QgsOgrProviderUtils / saveStyle for GeoPackage).
Result<OGRLayer*> styles_layer(GDALDataset& ds, const std::string& path) {
  if (OGRLayer* existing = ds.GetLayerByName(k_table)) return existing;
  const char* options[] = {"FID=id", nullptr};
  OGRLayer* layer = ds.CreateLayer(k_table, nullptr, wkbNone, const_cast<char**>(options));
  if (layer == nullptr) return error(ErrorCode::io, std::string("cannot create the layer_styles table") + gdal_message()).file(path).layer(k_table);
  struct FieldSpec {
    const char* name;
    OGRFieldType type;
    int width;
  };
  const FieldSpec fields[] = {
      {"f_table_catalog", OFTString, 256}, {"f_table_schema", OFTString, 256}, {"f_table_name", OFTString, 256},
      {"f_geometry_column", OFTString, 256}, {"styleName", OFTString, 30},     {"styleQML", OFTString, 0},
      {"styleSLD", OFTString, 0},          {"useAsDefault", OFTInteger, 0},   {"description", OFTString, 0},
      {"owner", OFTString, 30},            {"ui", OFTString, 30},             {"update_time", OFTDateTime, 0},
  };
  for (const auto& f : fields) {
    OGRFieldDefn defn(f.name, f.type);
    if (f.width > 0) defn.SetWidth(f.width);
    if (f.type == OFTInteger) defn.SetSubType(OFSTBoolean);
    if (f.type == OFTDateTime) defn.SetDefault("CURRENT_TIMESTAMP");
    if (layer->CreateField(&defn) != OGRERR_NONE)
      return error(ErrorCode::io, std::string("cannot create a field of layer_styles") + gdal_message()).file(path).layer(k_table).field(f.name);
  }
  return layer;
}

}  // namespace

Result<void> write_layer_styles(const std::string& gpkg_path, std::span<const LayerStyle> styles) {
  static std::once_flag once;
  std::call_once(once, [] { GDALAllRegister(); });
  QuietGdal quiet;
  const char* drivers[] = {"GPKG", nullptr};
  DatasetPtr ds(GDALDataset::Open(gpkg_path.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, drivers, nullptr, nullptr));
  if (!ds)
    return error(ErrorCode::io, "cannot open the GeoPackage for update" + gdal_message()).file(gpkg_path).hint("the file must exist, be a GeoPackage and be writable");
  // Every styled table must be there before anything is written.
  std::vector<std::string> geometry_columns;
  geometry_columns.reserve(styles.size());
  for (const auto& s : styles) {
    OGRLayer* target = ds->GetLayerByName(s.table.c_str());
    if (target == nullptr)
      return error(ErrorCode::internal, "no layer '" + s.table + "' to attach the style '" + s.name + "' to").file(gpkg_path).layer(s.table);
    geometry_columns.push_back(s.geometry_column.empty() ? std::string(target->GetGeometryColumn()) : s.geometry_column);
  }
  auto layer = styles_layer(*ds, gpkg_path);
  if (!layer) return tl::unexpected(layer.error());
  OGRLayer* out = *layer;

  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  const bool transactions = ds->TestCapability(ODsCTransactions) != 0;
  if (transactions) ds->StartTransaction();
  for (size_t i = 0; i < styles.size(); ++i) {
    const LayerStyle& s = styles[i];
    OGRFeature f(out->GetLayerDefn());
    f.SetField("f_table_catalog", "");
    f.SetField("f_table_schema", "");
    f.SetField("f_table_name", s.table.c_str());
    f.SetField("f_geometry_column", geometry_columns[i].c_str());
    f.SetField("styleName", s.name.c_str());
    f.SetField("styleQML", s.qml.c_str());
    f.SetField("styleSLD", s.sld.c_str());
    f.SetField("useAsDefault", s.use_as_default ? 1 : 0);
    f.SetField("description", s.description.c_str());
    f.SetField("owner", "");
    f.SetField("ui", "");
    f.SetField(f.GetFieldIndex("update_time"), utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min,
               static_cast<float>(utc.tm_sec), 100);
    if (out->CreateFeature(&f) != OGRERR_NONE) {
      if (transactions) ds->RollbackTransaction();
      return error(ErrorCode::io, "cannot write the style '" + s.name + "'" + gdal_message()).file(gpkg_path).layer(k_table);
    }
  }
  if (transactions && ds->CommitTransaction() != OGRERR_NONE)
    return error(ErrorCode::io, "cannot commit layer_styles" + gdal_message()).file(gpkg_path).layer(k_table).hint("check free disk space");
  CPLErrorReset();
  ds.reset();
  if (CPLGetLastErrorType() == CE_Failure || CPLGetLastErrorType() == CE_Fatal)
    return error(ErrorCode::io, "writing failed while closing the file" + gdal_message()).file(gpkg_path).hint("check free disk space");
  return {};
}

}  // namespace jiuyou::io
