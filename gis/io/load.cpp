#include "gis/io/load.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <memory>
#include <unordered_map>
#include <unordered_set>

#include <gdal_priv.h>
#include <gdalwarper.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include "gis/crs/crs.hpp"
#include "gis/geos/repair.hpp"
#include "gis/io/codes.hpp"
#include "gis/io/schema.hpp"
#include "gis/io/text_encoding.hpp"

namespace fs = std::filesystem;

namespace jiuyou::io {

namespace {

struct DatasetCloser {
  void operator()(GDALDataset* ds) const { GDALClose(ds); }
};
using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

bool is_shapefile(const std::string& path) {
  const auto ext = fs::path(path).extension().string();
  return iequals(ext, ".shp") || iequals(ext, ".dbf");
}

std::string list_layers(GDALDataset* ds) {
  std::string out;
  for (int i = 0; i < ds->GetLayerCount(); ++i) out += (i ? ", " : "") + std::string(ds->GetLayer(i)->GetName());
  return out.empty() ? "(none)" : out;
}

std::string list_fields(const OGRFeatureDefn* defn) {
  std::string out;
  for (int i = 0; i < defn->GetFieldCount(); ++i) out += (i ? ", " : "") + std::string(defn->GetFieldDefn(i)->GetNameRef());
  return out.empty() ? "(none)" : out;
}

Result<DatasetPtr> open_vector(const LayerSpec& spec, bool* raw_text) {
  GDALAllRegister();
  CPLStringList open_options;
  *raw_text = false;
  if (is_shapefile(spec.path)) {
    const fs::path cpg = fs::path(spec.path).replace_extension(".cpg");
    std::error_code ec;
    if (!spec.encoding.empty()) {
      open_options.SetNameValue("ENCODING", spec.encoding.c_str());
    } else if (!fs::exists(cpg, ec) && !fs::exists(fs::path(spec.path).replace_extension(".CPG"), ec)) {
      // No .cpg: take the bytes as they are and detect GBK ourselves (GDAL would
      // otherwise assume ISO-8859-1 and turn Chinese into valid-looking mojibake).
      open_options.SetNameValue("ENCODING", "");
      *raw_text = true;
    }
  } else {
    *raw_text = true;  // CSV/XLSX/GeoJSON: detect invalid UTF-8
  }
  std::error_code ec;
  const bool remote = spec.path.rfind("PG:", 0) == 0 || spec.path.rfind("/vsi", 0) == 0;
  if (!remote && !fs::exists(spec.path, ec))
    return error(ErrorCode::io, "no such file").file(spec.path).layer(spec.name).hint("check the path in the project file (paths are relative to it)");
  CPLErrorReset();
  auto* ds = static_cast<GDALDataset*>(GDALOpenEx(spec.path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, open_options.List(), nullptr));
  if (!ds) {
    const std::string why = CPLGetLastErrorMsg();
    return error(ErrorCode::format, "GDAL cannot open it as vector data" + (why.empty() ? std::string{} : ": " + why))
        .file(spec.path)
        .layer(spec.name)
        .hint(remote ? "check the connection string and that the server is reachable" : "is it a GeoPackage, Shapefile, GeoJSON, FlatGeobuf, CSV or XLSX file?");
  }
  return DatasetPtr(ds);
}

Result<OGRLayer*> pick_layer(GDALDataset* ds, const LayerSpec& spec) {
  if (!spec.layer.empty()) {
    if (OGRLayer* l = ds->GetLayerByName(spec.layer.c_str())) return l;
    return error(ErrorCode::format, "no layer named '" + spec.layer + "'").file(spec.path).layer(spec.name).hint("layers in this file: " + list_layers(ds));
  }
  if (OGRLayer* l = ds->GetLayerByName(spec.name.c_str())) return l;
  if (ds->GetLayerCount() == 1) return ds->GetLayer(0);
  return error(ErrorCode::format, "the file has several layers and none is named '" + spec.name + "'")
      .file(spec.path)
      .layer(spec.name)
      .hint("say which with layer = \"...\"; layers in this file: " + list_layers(ds));
}

GeometryKind kind_of(OGRwkbGeometryType t) {
  switch (wkbFlatten(t)) {
    case wkbPoint:
    case wkbMultiPoint: return GeometryKind::point;
    case wkbLineString:
    case wkbMultiLineString:
    case wkbCircularString:
    case wkbCompoundCurve:
    case wkbMultiCurve: return GeometryKind::line;
    case wkbPolygon:
    case wkbMultiPolygon:
    case wkbCurvePolygon:
    case wkbMultiSurface:
    case wkbTriangle:
    case wkbTIN:
    case wkbPolyhedralSurface: return GeometryKind::polygon;
    default: return GeometryKind::none;
  }
}

// Appends the parts of `g` matching `kind` to `out` (not closing the feature). Returns false if a
// coordinate was not finite.
bool append_parts(const OGRGeometry* g, GeometryKind kind, GeometryColumn& out, size_t* parts) {
  if (!g || g->IsEmpty()) return true;
  const auto t = wkbFlatten(g->getGeometryType());
  bool finite = true;
  auto ring = [&](const OGRSimpleCurve* c) {
    const int n = c->getNumPoints();
    for (int i = 0; i < n; ++i) {
      const double x = c->getX(i), y = c->getY(i);
      if (!std::isfinite(x) || !std::isfinite(y)) finite = false;
      out.add_vertex(x, y);
    }
    out.close_ring();
  };
  switch (t) {
    case wkbPoint: {
      if (kind != GeometryKind::point) return true;
      const auto* p = g->toPoint();
      if (!std::isfinite(p->getX()) || !std::isfinite(p->getY())) finite = false;
      out.add_vertex(p->getX(), p->getY());
      out.close_ring();
      out.close_part();
      ++*parts;
      return finite;
    }
    case wkbLineString: {
      if (kind != GeometryKind::line) return true;
      const auto* ls = g->toLineString();
      if (ls->getNumPoints() < 2) return true;
      ring(ls);
      out.close_part();
      ++*parts;
      return finite;
    }
    case wkbPolygon: {
      if (kind != GeometryKind::polygon) return true;
      const auto* poly = g->toPolygon();
      if (!poly->getExteriorRing() || poly->getExteriorRing()->getNumPoints() < 4) return true;
      ring(poly->getExteriorRing());
      for (int i = 0; i < poly->getNumInteriorRings(); ++i)
        if (poly->getInteriorRing(i)->getNumPoints() >= 4) ring(poly->getInteriorRing(i));
      out.close_part();
      ++*parts;
      return finite;
    }
    case wkbMultiPoint:
    case wkbMultiLineString:
    case wkbMultiPolygon:
    case wkbGeometryCollection: {
      const auto* gc = g->toGeometryCollection();
      for (int i = 0; i < gc->getNumGeometries(); ++i) finite = append_parts(gc->getGeometryRef(i), kind, out, parts) && finite;
      return finite;
    }
    default: {
      // Curves and surfaces: linearise.
      std::unique_ptr<OGRGeometry> lin(g->getLinearGeometry());
      if (lin && wkbFlatten(lin->getGeometryType()) != t) return append_parts(lin.get(), kind, out, parts);
      return true;
    }
  }
}

std::string to_utf8(std::string_view raw, bool detect, const std::string& encoding, bool* decoded) {
  if (!detect || is_valid_utf8(raw)) return std::string(raw);
  *decoded = true;
  return decode_to_utf8(raw, encoding.empty() ? "CP936" : encoding);
}

// The CRS a layer's coordinates are in: the project's override, else the file's.
Result<CrsRef> layer_crs(const LayerSpec& spec, const OGRSpatialReference* srs, bool has_geometry) {
  if (!spec.crs.empty()) {
    if (auto ok = crs::check_known(spec.crs); !ok) {
      Error e = ok.error();
      e.file = spec.path;
      e.layer = spec.name;
      e.field = "crs";
      return tl::unexpected<Error>(e);
    }
    return spec.crs;
  }
  if (!srs) {
    if (!has_geometry) return CrsRef{};
    return error(ErrorCode::crs, "the layer declares no CRS")
        .file(spec.path)
        .layer(spec.name)
        .hint("say which in the project: crs = \"EPSG:4490\" (CGCS2000 lon/lat), \"EPSG:4546\" (CGCS2000 GK zone 37), or \"GCJ-02\" for Amap/DataV/Tencent data");
  }
  const char* auth = srs->GetAuthorityName(nullptr);
  const char* code = srs->GetAuthorityCode(nullptr);
  if (auth && code && iequals(auth, "EPSG")) return CrsRef::epsg(std::atoi(code));
  char* wkt = nullptr;
  const char* opts[] = {"FORMAT=WKT2_2019", nullptr};
  srs->exportToWkt(&wkt, opts);
  CrsRef r;
  r.kind = CrsRef::Kind::proj;
  r.definition = wkt ? wkt : "";
  CPLFree(wkt);
  return r;
}

void add_issue(IssueLog& log, Severity s, std::string code, const LayerSpec& spec, int64_t fid, std::string field,
               std::string message, std::string hint = {}) {
  Issue i;
  i.severity = s;
  i.code = std::move(code);
  i.file = spec.path;
  i.layer = spec.name;
  i.feature = fid;
  i.field = std::move(field);
  i.message = std::move(message);
  i.hint = std::move(hint);
  log.add(std::move(i));
}

}  // namespace

Result<FeatureTable> read_layer(const LayerSpec& spec, IssueLog& log) {
  bool raw_text = false;
  auto ds = open_vector(spec, &raw_text);
  if (!ds) return tl::unexpected<Error>(ds.error());
  auto layer_r = pick_layer(ds->get(), spec);
  if (!layer_r) return tl::unexpected<Error>(layer_r.error());
  OGRLayer* layer = *layer_r;
  OGRFeatureDefn* defn = layer->GetLayerDefn();

  FeatureTable t;
  t.name = spec.name;
  t.source = spec.path;
  t.source_layer = layer->GetName();

  // Columns: every source field, renamed to its canonical name where mapped.
  const int nfields = defn->GetFieldCount();
  std::unordered_map<std::string, std::string> rename;  // source -> canonical
  for (const auto& [canon, src] : spec.fields) {
    if (defn->GetFieldIndex(src.c_str()) < 0)
      return error(ErrorCode::format, "the field mapping names a column the layer does not have")
          .file(spec.path)
          .layer(spec.name)
          .field(src)
          .hint("fields." + canon + " = \"" + src + "\"; columns in this layer: " + list_fields(defn));
    rename[src] = canon;
  }
  std::vector<int> src_index;
  for (int i = 0; i < nfields; ++i) {
    const OGRFieldDefn* fd = defn->GetFieldDefn(i);
    std::string name = fd->GetNameRef();
    if (auto it = rename.find(name); it != rename.end()) name = it->second;
    if (t.column_index(name) >= 0) continue;  // a mapped canonical name shadows a source column of the same name
    FieldType type = FieldType::text;
    switch (fd->GetType()) {
      case OFTInteger:
      case OFTInteger64: type = fd->GetSubType() == OFSTBoolean ? FieldType::boolean : FieldType::integer; break;
      case OFTReal: type = FieldType::real; break;
      default: type = FieldType::text; break;
    }
    t.columns.emplace_back(name, type);
    src_index.push_back(i);
  }
  const int x_idx = spec.x_field.empty() ? -1 : defn->GetFieldIndex(spec.x_field.c_str());
  const int y_idx = spec.y_field.empty() ? -1 : defn->GetFieldIndex(spec.y_field.c_str());
  const int wkt_idx = spec.wkt_field.empty() ? -1 : defn->GetFieldIndex(spec.wkt_field.c_str());
  if (!spec.x_field.empty() && (x_idx < 0 || y_idx < 0))
    return error(ErrorCode::format, "the coordinate column is missing")
        .file(spec.path)
        .layer(spec.name)
        .field(x_idx < 0 ? spec.x_field : spec.y_field)
        .hint("columns in this layer: " + list_fields(defn));
  if (!spec.wkt_field.empty() && wkt_idx < 0)
    return error(ErrorCode::format, "the WKT column is missing").file(spec.path).layer(spec.name).field(spec.wkt_field).hint("columns in this layer: " + list_fields(defn));

  const bool coords_from_fields = x_idx >= 0 || wkt_idx >= 0;
  const bool has_geom = coords_from_fields || defn->GetGeomFieldCount() > 0;
  GeometryKind kind = GeometryKind::none;
  if (x_idx >= 0) kind = GeometryKind::point;
  else if (defn->GetGeomFieldCount() > 0) kind = kind_of(defn->GetGeomType());

  const OGRSpatialReference* srs = coords_from_fields ? nullptr : layer->GetSpatialRef();
  auto crs_r = layer_crs(spec, srs, has_geom);
  if (!crs_r) return tl::unexpected<Error>(crs_r.error());
  t.crs = *crs_r;
  t.source_crs = t.crs;
  const bool geographic = !t.crs.empty() && crs::is_geographic(t.crs);

  const GIntBig count = layer->GetFeatureCount(FALSE);
  if (count > 0) {
    t.fid.reserve(static_cast<size_t>(count));
    for (auto& c : t.columns) c.reserve(static_cast<size_t>(count));
  }

  GeometryColumn scratch;
  bool decoded_any = false;
  size_t repaired = 0, empty = 0, out_of_range = 0, swapped = 0;
  layer->ResetReading();
  for (auto& feature : *layer) {
    const int64_t fid = feature->GetFID();
    // Attributes.
    for (size_t c = 0; c < t.columns.size(); ++c) {
      const int i = src_index[c];
      Column& col = t.columns[c];
      if (!feature->IsFieldSetAndNotNull(i)) {
        col.push_null();
        continue;
      }
      switch (col.type()) {
        case FieldType::integer: col.push_int(feature->GetFieldAsInteger64(i)); break;
        case FieldType::boolean: col.push_bool(feature->GetFieldAsInteger(i) != 0); break;
        case FieldType::real: col.push_real(feature->GetFieldAsDouble(i)); break;
        case FieldType::text: col.push_text(to_utf8(feature->GetFieldAsString(i), raw_text, spec.encoding, &decoded_any)); break;
      }
    }
    t.fid.push_back(fid);

    // Geometry.
    scratch = GeometryColumn{};
    size_t parts = 0;
    bool finite = true;
    std::unique_ptr<OGRGeometry> from_text;
    const OGRGeometry* g = nullptr;
    if (x_idx >= 0) {
      scratch.kind = GeometryKind::point;
      const char* xs = feature->GetFieldAsString(x_idx);
      const char* ys = feature->GetFieldAsString(y_idx);
      char* xe = nullptr;
      char* ye = nullptr;
      const double x = std::strtod(xs, &xe), y = std::strtod(ys, &ye);
      if (feature->IsFieldSetAndNotNull(x_idx) && feature->IsFieldSetAndNotNull(y_idx) && xe != xs && ye != ys) {
        finite = std::isfinite(x) && std::isfinite(y);
        scratch.add_vertex(x, y);
        scratch.close_ring();
        scratch.close_part();
        parts = 1;
      } else if (feature->IsFieldSetAndNotNull(x_idx) || feature->IsFieldSetAndNotNull(y_idx)) {
        add_issue(log, Severity::warning, "bad_coordinate", spec, fid, xe == xs ? spec.x_field : spec.y_field,
                  std::string("not a number: '") + (xe == xs ? xs : ys) + "'", "coordinates must be decimal numbers");
      }
    } else {
      if (wkt_idx >= 0) {
        OGRGeometry* parsed = nullptr;
        const char* wkt = feature->GetFieldAsString(wkt_idx);
        if (feature->IsFieldSetAndNotNull(wkt_idx) && OGRGeometryFactory::createFromWkt(wkt, nullptr, &parsed) != OGRERR_NONE) {
          add_issue(log, Severity::warning, "bad_wkt", spec, fid, spec.wkt_field, "the WKT does not parse", "e.g. POINT (110.2 32.2)");
        }
        from_text.reset(parsed);
        g = parsed;
      } else {
        g = feature->GetGeometryRef();
      }
      if (g && kind == GeometryKind::none) kind = kind_of(g->getGeometryType());
      scratch.kind = kind;
      if (g) finite = append_parts(g, kind, scratch, &parts);
      if (g && !g->IsEmpty() && parts == 0) {
        add_issue(log, Severity::warning, "geometry_kind_mismatch", spec, fid, {},
                  std::string("a ") + OGRGeometryTypeToName(g->getGeometryType()) + " in a " + to_string(kind) + " layer was dropped",
                  "split mixed layers into one layer per geometry kind");
      }
    }
    scratch.close_feature();
    if (t.geometry.kind == GeometryKind::none) t.geometry.kind = kind;

    if (!finite) {
      add_issue(log, Severity::warning, "non_finite_coordinate", spec, fid, {}, "a coordinate is NaN or infinite; geometry dropped");
      t.geometry.add_null_feature();
      continue;
    }
    if (parts == 0) {
      if (has_geom) ++empty;
      if (has_geom && empty <= 1000)
        add_issue(log, Severity::warning, "empty_geometry", spec, fid, {}, "null or empty geometry", "the feature is kept for its attributes but has no location");
      t.geometry.add_null_feature();
      continue;
    }
    if (geographic) {
      const BBox b = scratch.feature_bbox(0);
      if (b.min_x < -180 || b.max_x > 180 || b.min_y < -90 || b.max_y > 90) {
        const bool looks_swapped = b.min_x >= -90 && b.max_x <= 90 && b.min_y >= -180 && b.max_y <= 180;
        ++out_of_range;
        if (out_of_range <= 1000)
          add_issue(log, Severity::error, "coordinates_out_of_range", spec, fid, {},
                    "coordinates (" + std::to_string(b.min_x) + ", " + std::to_string(b.min_y) + ") are outside the valid range of " + t.crs.label(),
                    looks_swapped ? "latitude and longitude look swapped" : "these look like projected metres: set crs = \"EPSG:45xx\" (Gauss-Kruger) for this layer");
        t.geometry.add_null_feature();
        continue;
      }
      if (b.min_x >= 0 && b.max_x <= 60 && b.min_y >= 70 && b.max_y <= 140) {
        ++swapped;
        if (swapped <= 1000)
          add_issue(log, Severity::warning, "lat_lon_swapped", spec, fid, {}, "coordinates look like latitude, longitude (y in 70..140 is China's longitude)",
                    "swap the x and y columns, or check the axis order of the source");
      }
    }
    std::string reason;
    if (geos::append_valid(scratch, 0, t.geometry, &reason)) {
      ++repaired;
      add_issue(log, Severity::warning, "invalid_geometry_repaired", spec, fid, {}, "invalid polygon repaired with MakeValid: " + reason);
    } else if (!reason.empty()) {
      add_issue(log, Severity::error, "invalid_geometry", spec, fid, {}, "invalid polygon that could not be repaired: " + reason);
    }
  }
  if (t.geometry.kind == GeometryKind::none) t.geometry.kind = kind;
  if (empty > 1000)
    add_issue(log, Severity::warning, "empty_geometry", spec, -1, {}, std::to_string(empty) + " features have null or empty geometry (first 1000 listed)");
  if (decoded_any)
    add_issue(log, Severity::info, "text_decoded", spec, -1, {},
              "text that was not UTF-8 was decoded as " + (spec.encoding.empty() ? std::string("CP936 (GBK)") : spec.encoding),
              "add a .cpg file or encoding = \"...\" in the project to say the encoding explicitly");
  if (t.size() == 0)
    add_issue(log, Severity::warning, "empty_layer", spec, -1, {}, "the layer has no features", "check the filter or the source");

  // Projected CRS holding degrees is a classic mix-up.
  if (!geographic && !t.crs.empty() && t.size() > 0) {
    const BBox b = t.bbox();
    if (!b.empty() && b.min_x >= -180 && b.max_x <= 180 && b.min_y >= -90 && b.max_y <= 90 && b.width() < 50)
      add_issue(log, Severity::error, "degrees_in_projected_crs", spec, -1, {},
                "coordinates look like degrees but the layer's CRS is " + t.crs.label() + " (metres)",
                "set crs = \"EPSG:4490\" for this layer");
  }

  if (auto ok = normalise_schema(t, spec, log); !ok) return tl::unexpected<Error>(ok.error());
  return t;
}

Result<Raster> read_raster(const LayerSpec& spec, IssueLog& log, const CrsRef* to) {
  GDALAllRegister();
  std::error_code ec;
  if (!fs::exists(spec.path, ec))
    return error(ErrorCode::io, "no such file").file(spec.path).layer(spec.name).hint("check the path in the project file (paths are relative to it)");
  CPLErrorReset();
  DatasetPtr ds(static_cast<GDALDataset*>(GDALOpenEx(spec.path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr, nullptr, nullptr)));
  if (!ds) return error(ErrorCode::format, std::string("GDAL cannot open it as a raster: ") + CPLGetLastErrorMsg()).file(spec.path).layer(spec.name).hint("a GeoTIFF with elevations in metres");
  if (ds->GetRasterCount() < 1) return error(ErrorCode::format, "the raster has no bands").file(spec.path).layer(spec.name);

  CrsRef src = spec.crs;
  if (src.empty()) {
    const OGRSpatialReference* srs = ds->GetSpatialRef();
    auto r = layer_crs(spec, srs, true);
    if (!r) return tl::unexpected<Error>(r.error());
    src = *r;
  }
  DatasetPtr warped;
  GDALDataset* use = ds.get();
  if (to && !to->empty() && !(src == *to)) {
    if (src.kind != CrsRef::Kind::proj || to->kind != CrsRef::Kind::proj)
      return error(ErrorCode::crs, "rasters in GCJ-02/BD-09 cannot be warped").file(spec.path).layer(spec.name).hint("convert the DEM to CGCS2000 first");
    OGRSpatialReference s, d;
    s.SetFromUserInput(src.definition.c_str());
    d.SetFromUserInput(to->definition.c_str());
    s.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    d.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    char* swkt = nullptr;
    char* dwkt = nullptr;
    s.exportToWkt(&swkt);
    d.exportToWkt(&dwkt);
    GDALDatasetH vrt = GDALAutoCreateWarpedVRT(ds.get(), swkt, dwkt, GRA_Bilinear, 0.125, nullptr);
    CPLFree(swkt);
    CPLFree(dwkt);
    if (!vrt) return error(ErrorCode::crs, std::string("cannot warp the raster: ") + CPLGetLastErrorMsg()).file(spec.path).layer(spec.name);
    warped.reset(static_cast<GDALDataset*>(vrt));
    use = warped.get();
    src = *to;
  }
  Raster r;
  r.name = spec.name;
  r.source = spec.path;
  r.crs = src;
  r.width = use->GetRasterXSize();
  r.height = use->GetRasterYSize();
  use->GetGeoTransform(r.geotransform.data());
  if (r.geotransform[2] != 0 || r.geotransform[4] != 0)
    return error(ErrorCode::format, "rotated rasters are not supported").file(spec.path).layer(spec.name).hint("warp it north-up with gdalwarp first");
  GDALRasterBand* band = use->GetRasterBand(1);
  int has_nodata = 0;
  const double nd = band->GetNoDataValue(&has_nodata);
  if (has_nodata) r.nodata = nd;
  r.values.resize(static_cast<size_t>(r.width) * static_cast<size_t>(r.height));
  if (band->RasterIO(GF_Read, 0, 0, r.width, r.height, r.values.data(), r.width, r.height, GDT_Float32, 0, 0) != CE_None)
    return error(ErrorCode::io, std::string("cannot read the raster: ") + CPLGetLastErrorMsg()).file(spec.path).layer(spec.name);
  if (warped && !has_nodata) {
    // Cells outside the source come back as 0 from the warped VRT; there is no way to tell them apart.
    Issue i;
    i.severity = Severity::info;
    i.code = "raster_warped";
    i.file = spec.path;
    i.layer = spec.name;
    i.message = "the DEM was warped to " + src.label() + " without a nodata value; cells outside it read 0";
    log.add(std::move(i));
  }
  return r;
}

namespace {

void join_attributes(FeatureTable& target, const FeatureTable& table, const LayerSpec& spec, IssueLog& log) {
  const Column* key = table.column(spec.join_key);
  const Column* tkey = target.column(spec.join_key);
  if (!key || !tkey) {
    add_issue(log, Severity::error, "join_key_missing", spec, -1, spec.join_key,
              "the join key is missing in " + std::string(!key ? spec.name : target.name) + "; nothing was joined",
              "set join_key = \"...\" or map the key column in [layers." + spec.name + ".fields]");
    return;
  }
  std::unordered_map<std::string, size_t> row_of;
  for (size_t i = 0; i < table.size(); ++i) {
    if (key->is_null(i)) continue;
    auto [it, inserted] = row_of.emplace(key->as_text(i), i);
    if (!inserted) add_issue(log, Severity::warning, "duplicate_join_key", spec, table.fid[i], spec.join_key, "key '" + key->as_text(i) + "' appears more than once; the first row is used");
  }
  std::vector<int> match(target.size(), -1);
  size_t matched = 0;
  std::unordered_set<size_t> used;
  for (size_t r = 0; r < target.size(); ++r) {
    if (tkey->is_null(r)) continue;
    if (auto it = row_of.find(tkey->as_text(r)); it != row_of.end()) {
      match[r] = static_cast<int>(it->second);
      used.insert(it->second);
      ++matched;
    }
  }
  for (const Column& src : table.columns) {
    if (src.name() == spec.join_key) continue;
    Column out(src.name(), src.type());
    out.reserve(target.size());
    for (size_t r = 0; r < target.size(); ++r) {
      if (match[r] < 0) out.push_null();
      else out.append_from(src, static_cast<size_t>(match[r]));
    }
    if (Column* existing = target.column(src.name())) {
      *existing = std::move(out);  // the joined table's values win (it is the newer statistics)
    } else {
      target.columns.push_back(std::move(out));
    }
  }
  if (matched < target.size())
    add_issue(log, Severity::warning, "join_unmatched", spec, -1, spec.join_key,
              std::to_string(target.size() - matched) + " of " + std::to_string(target.size()) + " " + target.name + " have no row in " + spec.name);
  if (used.size() < row_of.size())
    add_issue(log, Severity::warning, "join_orphans", spec, -1, spec.join_key,
              std::to_string(row_of.size() - used.size()) + " rows of " + spec.name + " match no feature of " + target.name);
}

}  // namespace

Result<Workspace> load_workspace(const Project& project, const LoadOptions& options) {
  Workspace ws;
  ws.project_path = project.path;
  ws.name = project.name;
  const size_t n = project.layers.size();
  std::vector<const LayerSpec*> joins;
  const LayerSpec* dem_spec = nullptr;
  size_t step = 0;
  for (const auto& spec : project.layers) {
    if (!report_progress(options.progress, static_cast<double>(step++) / static_cast<double>(n + 1), "loading " + spec.name))
      return error(ErrorCode::input, "cancelled");
    if (!spec.join_to.empty()) { joins.push_back(&spec); continue; }
    if (spec.is_raster()) { dem_spec = &spec; continue; }
    auto t = read_layer(spec, ws.issues);
    if (!t) return tl::unexpected<Error>(t.error());
    ws.layers.push_back(std::move(*t));
  }
  for (const LayerSpec* spec : joins) {
    auto t = read_layer(*spec, ws.issues);
    if (!t) return tl::unexpected<Error>(t.error());
    FeatureTable* target = ws.layer(spec->join_to);
    if (target) join_attributes(*target, *t, *spec, ws.issues);
  }

  // Reference code list and code consistency.
  std::optional<ReferenceCodes> reference;
  if (!project.reference_codes.empty()) {
    auto r = read_reference_codes(project.reference_codes);
    if (!r) return tl::unexpected<Error>(r.error());
    reference = std::move(*r);
  }
  for (const auto& t : ws.layers) check_codes(t, reference ? &*reference : nullptr, ws.issues);

  // The metric CRS: the project's, else the Gauss–Krüger zone of the villages (or of everything).
  CrsRef metric = !options.metric_crs.empty() ? options.metric_crs : project.metric_crs;
  if (metric.empty()) {
    const FeatureTable* anchor = ws.layer("villages");
    if (!anchor || anchor->size() == 0) {
      for (const auto& t : ws.layers)
        if (t.size() > 0 && !t.crs.empty()) { anchor = &t; break; }
    }
    if (anchor && !anchor->crs.empty()) {
      if (auto m = crs::auto_metric_crs(anchor->bbox(), anchor->crs)) metric = *m;
    }
  } else if (auto ok = crs::check_known(metric); !ok) {
    Error e = ok.error();
    e.file = project.path;
    e.field = "metric_crs";
    return tl::unexpected<Error>(e);
  }
  ws.metric_crs = metric;
  if (options.reproject && !metric.empty()) {
    for (auto& t : ws.layers) {
      if (!report_progress(options.progress, static_cast<double>(n) / static_cast<double>(n + 1), "reprojecting " + t.name))
        return error(ErrorCode::input, "cancelled");
      if (t.crs.empty() || t.crs == metric) {
        t.crs = t.crs.empty() ? CrsRef{} : metric;
        continue;
      }
      if (auto ok = crs::transform_table(t, metric); !ok) {
        Error e = ok.error();
        e.file = t.source;
        e.layer = t.name;
        return tl::unexpected<Error>(e);
      }
    }
  }
  if (dem_spec) {
    auto r = read_raster(*dem_spec, ws.issues, options.reproject && !metric.empty() ? &metric : nullptr);
    if (!r) return tl::unexpected<Error>(r.error());
    ws.dem = std::move(*r);
  }
  report_progress(options.progress, 1.0, "loaded");
  return ws;
}

}  // namespace jiuyou::io
