#include "gis/io/describe.hpp"

#include <filesystem>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include "gis/io/vector_source.hpp"

namespace jiuyou::io {

namespace {
std::string crs_label(const OGRSpatialReference* srs) {
  if (!srs) return "(none)";
  const char* auth = srs->GetAuthorityName(nullptr);
  const char* code = srs->GetAuthorityCode(nullptr);
  if (auth && code) return std::string(auth) + ":" + code + " (" + (srs->GetName() ? srs->GetName() : "") + ")";
  return srs->GetName() ? srs->GetName() : "(unnamed)";
}
// Field names as the loader reads them: GBK names decoded, a table's header
// found below its title rows. Only for single-layer files (shapefile, CSV, XLSX).
void loader_names(const std::string& path, LayerInfo& li) {
  LayerSpec spec;
  spec.name = li.name;
  spec.path = path;
  spec.vocabulary = "none";
  auto src = open_vector_source(spec);
  if (!src) return;
  if (src->table) {  // read as text below the header row the loader finds
    li.fields.clear();
    for (const auto& n : src->names) li.fields.push_back({n, "String"});
  } else if (src->names.size() == li.fields.size()) {
    for (size_t i = 0; i < li.fields.size(); ++i) li.fields[i].name = src->names[i];
  }
  if (src->names_decoded) li.note = "字段名和文字按 GBK/GB18030 解码";
  if (src->table && src->header_row > 1)
    li.note += (li.note.empty() ? "" : "；") + std::string("表头在第 ") + std::to_string(src->header_row) + " 行";
}

}  // namespace

Result<SourceInfo> describe_source(const std::string& path) {
  GDALAllRegister();
  std::error_code ec;
  if (path.rfind("PG:", 0) != 0 && !std::filesystem::exists(path, ec)) return error(ErrorCode::io, "no such file").file(path);
  CPLErrorReset();
  auto* ds = static_cast<GDALDataset*>(GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
  if (!ds) return error(ErrorCode::format, std::string("GDAL cannot open it: ") + CPLGetLastErrorMsg()).file(path).hint("a GeoPackage, Shapefile, GeoJSON, FlatGeobuf, CSV, XLSX or GeoTIFF");
  SourceInfo info;
  info.path = path;
  info.driver = ds->GetDriver() ? ds->GetDriver()->GetDescription() : "";
  for (int i = 0; i < ds->GetLayerCount(); ++i) {
    OGRLayer* l = ds->GetLayer(i);
    LayerInfo li;
    li.name = l->GetName();
    li.geometry_type = OGRGeometryTypeToName(l->GetGeomType());
    li.feature_count = static_cast<long long>(l->GetFeatureCount(TRUE));
    li.crs = crs_label(l->GetSpatialRef());
    OGREnvelope env;
    if (l->GetGeomType() != wkbNone && l->GetExtent(&env, TRUE) == OGRERR_NONE) {
      li.extent[0] = env.MinX;
      li.extent[1] = env.MinY;
      li.extent[2] = env.MaxX;
      li.extent[3] = env.MaxY;
      li.has_extent = true;
    }
    OGRFeatureDefn* d = l->GetLayerDefn();
    for (int f = 0; f < d->GetFieldCount(); ++f)
      li.fields.push_back({d->GetFieldDefn(f)->GetNameRef(), OGRFieldDefn::GetFieldTypeName(d->GetFieldDefn(f)->GetType())});
    if (ds->GetLayerCount() == 1) loader_names(path, li);
    info.layers.push_back(std::move(li));
  }
  if (ds->GetRasterCount() > 0) {
    info.raster_width = ds->GetRasterXSize();
    info.raster_height = ds->GetRasterYSize();
    info.raster_bands = ds->GetRasterCount();
    info.raster_crs = crs_label(ds->GetSpatialRef());
    double mm[2] = {0, 0};
    if (ds->GetRasterBand(1)->ComputeRasterMinMax(TRUE, mm) == CE_None) {
      info.raster_min = mm[0];
      info.raster_max = mm[1];
    }
  }
  GDALClose(ds);
  return info;
}

}  // namespace jiuyou::io
