// Model tables and rasters -> GDAL datasets, atomically (temp name + rename).
#include "gis/io/write.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <memory>
#include <mutex>
#include <unordered_set>

#include <fcntl.h>
#include <unistd.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include "gis/crs/crs.hpp"
#include "gis/io/gdal_scope.hpp"
#include "gis/io/write_detail.hpp"
#include "gis/util/atomic_file.hpp"

namespace fs = std::filesystem;

namespace jiuyou::io {
namespace {

void register_gdal_once() {
  static std::once_flag once;
  std::call_once(once, [] { GDALAllRegister(); });
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string driver_for(const std::string& path, const WriteOptions& options) {
  if (!options.driver.empty()) return options.driver;
  const std::string ext = lower(fs::path(path).extension().string());
  if (ext == ".gpkg") return "GPKG";
  if (ext == ".shp") return "ESRI Shapefile";
  if (ext == ".geojson" || ext == ".json") return "GeoJSON";
  if (ext == ".fgb") return "FlatGeobuf";
  if (ext == ".csv") return "CSV";
  return {};
}

bool single_layer_driver(const std::string& driver) {
  return driver == "ESRI Shapefile" || driver == "GeoJSON" || driver == "FlatGeobuf" || driver == "CSV";
}

// Checks that the folder a file goes into exists; a clear io error naming the path otherwise.
Result<void> check_target(const std::string& path, const WriteOptions& options) {
  const fs::path p(path);
  const fs::path dir = p.parent_path().empty() ? fs::path(".") : p.parent_path();
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    return tl::unexpected<Error>(error(ErrorCode::io, "cannot write: the folder " + dir.string() + " does not exist").file(path).hint("create the folder first or choose another output path"));
  if (!options.overwrite && fs::exists(p, ec))
    return tl::unexpected<Error>(error(ErrorCode::io, "cannot write: the file exists").file(path).hint("remove it or allow overwriting"));
  return {};
}

// The layer's spatial reference; GCJ-02/BD-09 are written as EPSG:4326 (their
// nominal datum) and flagged in the layer metadata (JIUYOU_CRS) because no
// registry knows them.
Result<std::unique_ptr<OGRSpatialReference>> make_srs(const CrsRef& crs, const std::string& path, const std::string& layer) {
  if (crs.kind == CrsRef::Kind::none) return std::unique_ptr<OGRSpatialReference>();
  auto srs = std::make_unique<OGRSpatialReference>();
  auto def = crs::gdal_definition(crs);  // a name PROJ knows ("CGCS2000") as its WKT: GDAL takes few names
  if (!def) {
    Error e = def.error();
    e.file = path, e.layer = layer;
    return tl::unexpected<Error>(std::move(e));
  }
  if (srs->SetFromUserInput(def->c_str()) != OGRERR_NONE)
    return tl::unexpected<Error>(error(ErrorCode::crs, "unknown CRS '" + crs.definition + "'" + gdal_message()).file(path).layer(layer).hint("use EPSG:n, a PROJ string, WKT, GCJ-02 or BD-09"));
  srs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  return srs;
}

bool table_is_multi(const GeometryColumn& g) {
  for (size_t f = 0; f < g.feature_count(); ++f)
    if (g.part_end(f) - g.part_begin(f) > 1) return true;
  return false;
}

OGRwkbGeometryType layer_geometry_type(const GeometryColumn& g, bool multi) {
  switch (g.kind) {
    case GeometryKind::point: return multi ? wkbMultiPoint : wkbPoint;
    case GeometryKind::line: return multi ? wkbMultiLineString : wkbLineString;
    case GeometryKind::polygon: return multi ? wkbMultiPolygon : wkbPolygon;
    case GeometryKind::none: break;
  }
  return wkbNone;
}

OGRLinearRing* make_ring(const GeometryColumn& g, size_t r) {
  auto* ring = new OGRLinearRing();
  const auto xy = g.ring_xy(r);
  const int n = static_cast<int>(xy.size() / 2);
  ring->setNumPoints(n, FALSE);
  for (int i = 0; i < n; ++i) ring->setPoint(i, xy[2 * static_cast<size_t>(i)], xy[2 * static_cast<size_t>(i) + 1]);
  // Close rings that the model stored open.
  if (n > 0 && (xy[0] != xy[xy.size() - 2] || xy[1] != xy[xy.size() - 1])) ring->addPoint(xy[0], xy[1]);
  return ring;
}

OGRGeometry* make_part(const GeometryColumn& g, size_t p) {
  const size_t r0 = g.ring_begin(p);
  switch (g.kind) {
    case GeometryKind::point: {
      const auto xy = g.ring_xy(r0);
      return xy.size() >= 2 ? new OGRPoint(xy[0], xy[1]) : new OGRPoint();
    }
    case GeometryKind::line: {
      auto* line = new OGRLineString();
      const auto xy = g.ring_xy(r0);
      const int n = static_cast<int>(xy.size() / 2);
      line->setNumPoints(n, FALSE);
      for (int i = 0; i < n; ++i) line->setPoint(i, xy[2 * static_cast<size_t>(i)], xy[2 * static_cast<size_t>(i) + 1]);
      return line;
    }
    case GeometryKind::polygon: {
      auto* poly = new OGRPolygon();
      for (size_t r = r0; r < g.ring_end(p); ++r) poly->addRingDirectly(make_ring(g, r));
      return poly;
    }
    case GeometryKind::none: break;
  }
  return nullptr;
}

// Feature f as an OGR geometry (null for an empty feature); owned by the caller.
OGRGeometry* make_geometry(const GeometryColumn& g, size_t f, bool multi) {
  const size_t p0 = g.part_begin(f);
  const size_t p1 = g.part_end(f);
  if (p0 == p1) return nullptr;
  if (!multi) return make_part(g, p0);
  OGRGeometryCollection* coll = nullptr;
  switch (g.kind) {
    case GeometryKind::point: coll = new OGRMultiPoint(); break;
    case GeometryKind::line: coll = new OGRMultiLineString(); break;
    case GeometryKind::polygon: coll = new OGRMultiPolygon(); break;
    case GeometryKind::none: return nullptr;
  }
  for (size_t p = p0; p < p1; ++p) coll->addGeometryDirectly(make_part(g, p));
  return coll;
}

// Feature f's geometry for the row loop: a single point or line refills
// `spare` (the previous row's geometry, taken back from the feature) instead of
// allocating a new OGR object per row; anything else is made anew. A point with
// a NaN coordinate is made anew too (setX/setY would make it an empty point).
OGRGeometry* row_geometry(std::unique_ptr<OGRGeometry>& spare, const GeometryColumn& g, size_t f, bool multi) {
  const size_t p0 = g.part_begin(f);
  if (multi || p0 == g.part_end(f)) return make_geometry(g, f, multi);
  const auto xy = g.ring_xy(g.ring_begin(p0));
  if (g.kind == GeometryKind::point && xy.size() >= 2 && !std::isnan(xy[0]) && !std::isnan(xy[1])) {
    auto* pt = dynamic_cast<OGRPoint*>(spare.get());
    if (pt == nullptr) return make_geometry(g, f, multi);
    pt->setX(xy[0]);
    pt->setY(xy[1]);
    return spare.release();
  }
  if (g.kind == GeometryKind::line) {
    auto* line = dynamic_cast<OGRLineString*>(spare.get());
    if (line == nullptr || line->getGeometryType() != wkbLineString) return make_geometry(g, f, multi);
    const int n = static_cast<int>(xy.size() / 2);
    line->setNumPoints(n, FALSE);
    for (int i = 0; i < n; ++i) line->setPoint(i, xy[2 * static_cast<size_t>(i)], xy[2 * static_cast<size_t>(i) + 1]);
    return spare.release();
  }
  return make_geometry(g, f, multi);
}

struct FieldPlan {
  int ogr_index = -1;
  FieldType type = FieldType::text;
  bool wide = false;  // integer column needs 64 bits
};

Result<std::vector<FieldPlan>> create_fields(OGRLayer* layer, const FeatureTable& table, const std::string& driver, const std::string& path) {
  std::vector<FieldPlan> plans;
  plans.reserve(table.columns.size());
  for (const auto& col : table.columns) {
    FieldPlan plan;
    plan.type = col.type();
    OGRFieldDefn defn(col.name().c_str(), OFTString);
    switch (col.type()) {
      case FieldType::integer: {
        for (size_t r = 0; r < col.size() && !plan.wide; ++r) {
          if (col.is_null(r)) continue;
          const int64_t v = col.get_int(r);
          plan.wide = v < std::numeric_limits<int32_t>::min() || v > std::numeric_limits<int32_t>::max();
        }
        defn.SetType(plan.wide ? OFTInteger64 : OFTInteger);
        break;
      }
      case FieldType::real: defn.SetType(OFTReal); break;
      case FieldType::boolean:
        defn.SetType(OFTInteger);
        defn.SetSubType(OFSTBoolean);
        break;
      case FieldType::text: {
        defn.SetType(OFTString);
        if (driver == "ESRI Shapefile") {
          size_t width = 1;
          for (size_t r = 0; r < col.size(); ++r)
            if (!col.is_null(r)) width = std::max(width, col.get_text(r).size());
          defn.SetWidth(static_cast<int>(std::min<size_t>(width, 254)));
        }
        break;
      }
    }
    if (layer->CreateField(&defn) != OGRERR_NONE)
      return tl::unexpected<Error>(error(ErrorCode::io, "cannot create the field" + gdal_message()).file(path).layer(table.name).field(col.name()));
    // Drivers may rename fields (shapefiles truncate to 10 characters): look the index up.
    plan.ogr_index = layer->GetLayerDefn()->GetFieldCount() - 1;
    plans.push_back(plan);
  }
  return plans;
}

}  // namespace

namespace detail {

Result<void> write_table(GDALDataset& ds, const FeatureTable& table, const std::string& driver, const std::string& path,
                         const WriteOptions& options, bool own_transaction) {
  if (table.geometry.feature_count() != table.size())
    return tl::unexpected<Error>(error(ErrorCode::internal, "geometry rows (" + std::to_string(table.geometry.feature_count()) + ") differ from FID rows (" + std::to_string(table.size()) + ")").file(path).layer(table.name));
  for (const auto& col : table.columns)
    if (col.size() != table.size())
      return tl::unexpected<Error>(error(ErrorCode::internal, "column has " + std::to_string(col.size()) + " rows, the table " + std::to_string(table.size())).file(path).layer(table.name).field(col.name()));
  auto srs = make_srs(table.crs, path, table.name);
  if (!srs) return tl::unexpected(srs.error());
  const bool multi = table_is_multi(table.geometry);
  CPLStringList layer_options;
  for (const auto& o : options.layer_options) layer_options.AddString(o.c_str());
  if (driver == "ESRI Shapefile" && layer_options.FetchNameValue("ENCODING") == nullptr) layer_options.SetNameValue("ENCODING", "UTF-8");
  if (driver == "CSV" && layer_options.FetchNameValue("GEOMETRY") == nullptr && table.geometry.kind != GeometryKind::none)
    layer_options.SetNameValue("GEOMETRY", "AS_WKT");
  if (driver == "CSV" && layer_options.FetchNameValue("CREATE_CSVT") == nullptr) layer_options.SetNameValue("CREATE_CSVT", "YES");
  // Keep row order (= FID order) in FlatGeobuf: its packed R-tree would sort features by Hilbert code.
  if (driver == "FlatGeobuf" && layer_options.FetchNameValue("SPATIAL_INDEX") == nullptr) layer_options.SetNameValue("SPATIAL_INDEX", "NO");
  const std::string layer_name = table.name.empty() ? fs::path(path).stem().string() : table.name;
  OGRLayer* layer = ds.CreateLayer(layer_name.c_str(), srs->get(), layer_geometry_type(table.geometry, multi), layer_options.List());
  if (layer == nullptr) return tl::unexpected<Error>(error(ErrorCode::io, "cannot create the layer" + gdal_message()).file(path).layer(table.name));
  if (table.crs.kind == CrsRef::Kind::gcj02 || table.crs.kind == CrsRef::Kind::bd09)
    layer->SetMetadataItem("JIUYOU_CRS", table.crs.kind == CrsRef::Kind::gcj02 ? "GCJ-02" : "BD-09");

  auto plans = create_fields(layer, table, driver, path);
  if (!plans) return tl::unexpected(plans.error());

  // Keep source FIDs where the driver stores them and they are unique.
  bool keep_fid = driver == "GPKG" || driver == "GeoJSON" || driver == "PostgreSQL";
  if (keep_fid) {
    std::unordered_set<int64_t> seen;
    seen.reserve(table.size());
    for (int64_t f : table.fid)
      if (f < 0 || !seen.insert(f).second) {
        keep_fid = false;
        break;
      }
  }

  const bool transactions = own_transaction && ds.TestCapability(ODsCTransactions) != 0;
  if (transactions) ds.StartTransaction();
  OGRFeature feature(layer->GetLayerDefn());
  std::unique_ptr<OGRGeometry> spare;  // the previous row's geometry, refilled (row_geometry)
  std::string text;                    // one buffer for every text value: no allocation per cell
  const size_t n = table.size();
  for (size_t row = 0; row < n; ++row) {
    feature.SetFID(keep_fid ? table.fid[row] : OGRNullFID);
    for (size_t c = 0; c < plans->size(); ++c) {
      const Column& col = table.columns[c];
      const FieldPlan& plan = (*plans)[c];
      if (col.is_null(row)) {
        feature.SetFieldNull(plan.ogr_index);
        continue;
      }
      switch (plan.type) {
        case FieldType::integer: feature.SetField(plan.ogr_index, static_cast<GIntBig>(col.get_int(row))); break;
        case FieldType::real: feature.SetField(plan.ogr_index, col.get_real(row)); break;
        case FieldType::boolean: feature.SetField(plan.ogr_index, col.get_bool(row) ? 1 : 0); break;
        case FieldType::text: {
          text.assign(col.get_text(row));
          feature.SetField(plan.ogr_index, text.c_str());
          break;
        }
      }
    }
    feature.SetGeometryDirectly(row_geometry(spare, table.geometry, row, multi));
    const OGRErr created = layer->CreateFeature(&feature);
    spare.reset(feature.StealGeometry());
    if (created != OGRERR_NONE) {
      const int64_t fid = row < table.fid.size() ? table.fid[row] : static_cast<int64_t>(row);
      if (transactions) ds.RollbackTransaction();
      return tl::unexpected<Error>(error(ErrorCode::io, "cannot write the feature" + gdal_message()).file(path).layer(table.name).feature(fid));
    }
  }
  if (transactions && ds.CommitTransaction() != OGRERR_NONE)
    return tl::unexpected<Error>(error(ErrorCode::io, "cannot commit the layer" + gdal_message()).file(path).layer(table.name).hint("check free disk space"));
  return {};
}

}  // namespace detail

namespace {

// Flushes a written file to the disk (SQLite runs without its own syncs here: see write_layers).
Result<void> sync_file(const std::string& temp, const std::string& path) {
  const int fd = ::open(temp.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return {};  // a driver that wrote sidecars only under other names: nothing to sync here
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return tl::unexpected<Error>(error(ErrorCode::io, "cannot flush the file to the disk").file(path).hint("check free disk space"));
  return {};
}

}  // namespace

Result<void> write_layers(const std::string& path, std::span<const FeatureTable* const> tables, const WriteOptions& options) {
  register_gdal_once();
  QuietGdal quiet;
  const std::string driver_name = driver_for(path, options);
  if (driver_name.empty())
    return tl::unexpected<Error>(error(ErrorCode::input, "cannot tell the output format from the file name").file(path).hint("use .gpkg, .shp, .geojson, .fgb or .csv, or name a GDAL driver"));
  if (tables.empty()) return tl::unexpected<Error>(error(ErrorCode::input, "no layers to write").file(path));
  if (tables.size() > 1 && single_layer_driver(driver_name))
    return tl::unexpected<Error>(error(ErrorCode::input, driver_name + " holds one layer; " + std::to_string(tables.size()) + " were given").file(path).hint("write several layers into a GeoPackage (.gpkg)"));
  if (auto ok = check_target(path, options); !ok) return ok;
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(driver_name.c_str());
  if (driver == nullptr) return tl::unexpected<Error>(error(ErrorCode::input, "GDAL has no driver '" + driver_name + "'").file(path).hint("run `ogrinfo --formats` for the list"));

  // Shapefiles (.shx .dbf .prj .cpg) and CSV (.csvt .prj) come with sidecar files.
  util::AtomicOutput out(path, driver_name == "ESRI Shapefile" || driver_name == "CSV");
  // A GeoPackage is SQLite: no journal syncs while writing a temporary file
  // that nobody reads before it is complete; one fsync before the rename
  // instead, and a larger page cache
  // for the spatial index built at the end.
  CPLConfigOptionSetter no_syncs("OGR_SQLITE_SYNCHRONOUS", "OFF", true);
  CPLConfigOptionSetter cache("OGR_SQLITE_CACHE", "128", true);
  {
    DatasetPtr ds;
    if (options.append) {  // a copy of the existing file gets the new layers; renamed over it at commit (h-out)
      std::error_code ec;
      if (fs::copy_file(path, out.temp_path(), ec); !ec)
        ds.reset(GDALDataset::FromHandle(GDALOpenEx(out.temp_path().c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, nullptr, nullptr, nullptr)));
      for (const FeatureTable* t : tables)
        if (ds && ds->GetLayerByName(t->name.c_str()) != nullptr)
          return tl::unexpected<Error>(error(ErrorCode::io, "the file already has a layer of this name").file(path).layer(t->name).hint("choose another --layer name, or --overwrite to replace the whole file"));
    } else {
      ds.reset(driver->Create(out.temp_path().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    }
    if (!ds) return tl::unexpected<Error>(error(ErrorCode::io, "cannot create the file" + gdal_message()).file(path).hint("check that the folder is writable"));
    for (const FeatureTable* t : tables) {
      if (auto ok = detail::write_table(*ds, *t, driver_name, path, options, true); !ok) return ok;
    }
    CPLErrorReset();
    ds.reset();  // close: flushes, builds spatial indexes
    if (CPLGetLastErrorType() == CE_Failure || CPLGetLastErrorType() == CE_Fatal)
      return tl::unexpected<Error>(error(ErrorCode::io, "writing failed while closing the file" + gdal_message()).file(path).hint("check free disk space"));
  }
  if (driver_name == "GPKG") TRY(sync_file(out.temp_path(), path));
  return out.commit();
}

Result<void> write_layer(const std::string& path, const FeatureTable& table, const WriteOptions& options) {
  const FeatureTable* one[] = {&table};
  return write_layers(path, one, options);
}

Result<void> write_geotiff(const std::string& path, const Raster& raster) {
  register_gdal_once();
  QuietGdal quiet;
  if (raster.empty()) return tl::unexpected<Error>(error(ErrorCode::input, "the raster is empty").file(path));
  if (raster.values.size() != static_cast<size_t>(raster.width) * static_cast<size_t>(raster.height))
    return tl::unexpected<Error>(error(ErrorCode::internal, "raster values do not match width x height").file(path));
  if (auto ok = check_target(path, {}); !ok) return ok;
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GTiff");
  if (driver == nullptr) return tl::unexpected<Error>(error(ErrorCode::internal, "GDAL has no GTiff driver").file(path));
  auto srs = make_srs(raster.crs, path, raster.name);
  if (!srs) return tl::unexpected(srs.error());

  util::AtomicOutput out(path);
  {
    CPLStringList co;
    co.SetNameValue("COMPRESS", "DEFLATE");
    co.SetNameValue("PREDICTOR", "3");  // floating-point predictor: smaller DEMs
    co.SetNameValue("TILED", "YES");
    co.SetNameValue("BIGTIFF", "IF_SAFER");
    DatasetPtr ds(driver->Create(out.temp_path().c_str(), raster.width, raster.height, 1, GDT_Float32, co.List()));
    if (!ds) return tl::unexpected<Error>(error(ErrorCode::io, "cannot create the file" + gdal_message()).file(path).hint("check that the folder is writable"));
    auto gt = raster.geotransform;
    ds->SetGeoTransform(gt.data());
    if (*srs) ds->SetSpatialRef(srs->get());
    if (raster.crs.kind == CrsRef::Kind::gcj02 || raster.crs.kind == CrsRef::Kind::bd09)
      ds->SetMetadataItem("JIUYOU_CRS", raster.crs.kind == CrsRef::Kind::gcj02 ? "GCJ-02" : "BD-09");
    GDALRasterBand* band = ds->GetRasterBand(1);
    if (raster.nodata) band->SetNoDataValue(*raster.nodata);
    if (band->RasterIO(GF_Write, 0, 0, raster.width, raster.height, const_cast<float*>(raster.values.data()), raster.width,
                       raster.height, GDT_Float32, 0, 0, nullptr) != CE_None)
      return tl::unexpected<Error>(error(ErrorCode::io, "cannot write the raster" + gdal_message()).file(path).hint("check free disk space"));
    CPLErrorReset();
    ds.reset();
    if (CPLGetLastErrorType() == CE_Failure || CPLGetLastErrorType() == CE_Fatal)
      return tl::unexpected<Error>(error(ErrorCode::io, "writing failed while closing the file" + gdal_message()).file(path).hint("check free disk space"));
  }
  return out.commit();
}

}  // namespace jiuyou::io
