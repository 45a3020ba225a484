#include "gis/io/osm_read.hpp"

#include <algorithm>
#include <filesystem>
#include <set>

#include <gdal_priv.h>

#include "gis/io/vector_source.hpp"

namespace fs = std::filesystem;

namespace jiuyou::io {

namespace {

// Columns of GDAL's OSM driver (and of common GeoJSON exports) that are not tags.
bool is_tag_column(const std::string& name) {
  static const std::set<std::string> not_tags = {"osm_id", "osm_way_id", "other_tags", "all_tags", "z_order", "osm_version",
                                                 "osm_timestamp", "osm_uid", "osm_user", "osm_changeset", "@id", "id", "type"};
  return !not_tags.count(name);
}

// "node/123" -> "n123" (GeoJSON exports); "" for anything else.
std::string id_from_text(const std::string& s) {
  for (const auto& [word, letter] : {std::pair{"node/", "n"}, std::pair{"way/", "w"}, std::pair{"relation/", "r"}})
    if (s.rfind(word, 0) == 0 && s.size() > std::string_view(word).size()) return letter + s.substr(std::string_view(word).size());
  return {};
}

std::string field_text(const OGRFeature& f, const char* name) {
  const int i = f.GetFieldIndex(name);
  return i >= 0 && f.IsFieldSetAndNotNull(i) ? std::string(f.GetFieldAsString(i)) : std::string();
}

// The OSM object a feature came from: the OSM driver's layers say the type.
std::string feature_id(const OGRFeature& f, const std::string& layer) {
  if (auto way = field_text(f, "osm_way_id"); !way.empty()) return "w" + way;
  if (auto id = field_text(f, "osm_id"); !id.empty()) {
    if (layer == "points") return "n" + id;
    if (layer == "lines") return "w" + id;
    if (auto t = id_from_text(id); !t.empty()) return t;
    return "r" + id;  // multipolygons from relations, multilinestrings, other_relations
  }
  for (const char* name : {"@id", "id"})
    if (auto t = id_from_text(field_text(f, name)); !t.empty()) return t;
  return {};
}

OsmTags feature_tags(const OGRFeature& f) {
  OsmTags tags;
  const OGRFeatureDefn* defn = f.GetDefnRef();
  for (int i = 0; i < defn->GetFieldCount(); ++i) {
    const std::string name = defn->GetFieldDefn(i)->GetNameRef();
    if (!f.IsFieldSetAndNotNull(i)) continue;
    if (name == "other_tags" || name == "all_tags") {
      for (auto& [k, v] : parse_hstore(f.GetFieldAsString(i))) tags.emplace(k, v);
    } else if (is_tag_column(name)) {
      tags[name] = f.GetFieldAsString(i);
    }
  }
  return tags;
}

OGRSpatialReference wgs84() {
  OGRSpatialReference srs;
  srs.importFromEPSG(4326);
  srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  return srs;
}

// Splits "file.gpkg:layer" where "file.gpkg" exists (a bare path may itself hold a ':').
std::pair<std::string, std::string> split_layer(const std::string& s) {
  std::error_code ec;
  const size_t colon = s.rfind(':');
  if (colon != std::string::npos && colon > 0 && !fs::exists(s, ec) && fs::exists(s.substr(0, colon), ec)) return {s.substr(0, colon), s.substr(colon + 1)};
  return {s, {}};
}

OGRLayer* boundary_layer(GDALDataset& ds, const std::string& name) {
  if (!name.empty()) return ds.GetLayerByName(name.c_str());
  for (int i = 0; i < ds.GetLayerCount(); ++i) {
    const auto t = wkbFlatten(ds.GetLayer(i)->GetGeomType());
    if (t == wkbPolygon || t == wkbMultiPolygon) return ds.GetLayer(i);
  }
  return ds.GetLayerCount() > 0 ? ds.GetLayer(0) : nullptr;
}

std::string layer_names(GDALDataset& ds) {
  std::string out;
  for (int i = 0; i < ds.GetLayerCount(); ++i) out += (i ? ", " : "") + std::string(ds.GetLayer(i)->GetName());
  return out;
}

// The union of the layer's polygons, with the first feature's name and code.
Result<OgrGeometryPtr> union_of(OGRLayer& layer, Boundary& b) {
  OGRMultiPolygon all;
  for (auto& f : layer) {
    if (b.name.empty()) b.name = field_text(*f, "name");
    for (const char* code : {"adcode", "code"})
      if (auto c = field_text(*f, code); b.county_code.empty() && c.size() == 6) b.county_code = c;
    const OGRGeometry* g = f->GetGeometryRef();
    if (g && !g->IsEmpty() && (wkbFlatten(g->getGeometryType()) == wkbPolygon || wkbFlatten(g->getGeometryType()) == wkbMultiPolygon)) {
      std::unique_ptr<OGRGeometry> valid(g->MakeValid());
      const OGRGeometry* use = valid ? valid.get() : g;
      if (wkbFlatten(use->getGeometryType()) == wkbPolygon) all.addGeometry(use);
      else if (const auto* gc = dynamic_cast<const OGRGeometryCollection*>(use))
        for (const OGRGeometry* part : *gc)
          if (wkbFlatten(part->getGeometryType()) == wkbPolygon) all.addGeometry(part);
    }
  }
  if (all.IsEmpty()) return error(ErrorCode::format, "the boundary layer has no polygon").file(b.path).layer(b.layer).hint("give the county polygon layer: --boundary county.gpkg:county");
  OgrGeometryPtr u(all.UnionCascaded());
  if (!u) return error(ErrorCode::format, "the boundary polygons could not be merged").file(b.path).layer(b.layer);
  return u;
}

// GDAL errors during the read, kept instead of printed: a broken extract
// ("Non increasing node id", a truncated .pbf) must fail the import, not shorten it.
struct Failures {
  size_t count = 0;
  std::string first;
};

void CPL_STDCALL keep_failure(CPLErr cls, CPLErrorNum, const char* msg) {
  auto* f = static_cast<Failures*>(CPLGetErrorHandlerUserData());
  if (f && cls >= CE_Failure && f->count++ == 0) f->first = msg ? msg : "";
}

class FailureScope {
 public:
  explicit FailureScope(Failures& f) { CPLPushErrorHandlerEx(keep_failure, &f); }
  ~FailureScope() { CPLPopErrorHandler(); }
  FailureScope(const FailureScope&) = delete;
  FailureScope& operator=(const FailureScope&) = delete;
};

}  // namespace

Result<size_t> read_osm_extract(const std::string& path, const std::function<void(const OsmFeature&)>& fn) {
  GDALAllRegister();
  std::error_code ec;
  if (!fs::exists(path, ec)) return error(ErrorCode::io, "the OpenStreetMap extract does not exist").file(path);
  DatasetPtr ds(static_cast<GDALDataset*>(GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr)));
  if (!ds) return error(ErrorCode::format, "not an OpenStreetMap extract GDAL can read").file(path).hint(".osm (XML), .osm.pbf, or a GeoJSON export whose properties are OSM tags");
  const OGRSpatialReference target = wgs84();
  size_t n = 0;
  OGRLayer* layer = nullptr;
  Failures failures;
  const FailureScope scope(failures);
  ds->ResetReading();
  // Dataset-level reading: the OSM driver's layers come interleaved (one pass over the file).
  while (OGRFeature* raw = ds->GetNextFeature(&layer, nullptr, nullptr, nullptr)) {
    std::unique_ptr<OGRFeature> f(raw);
    OGRGeometry* g = f->GetGeometryRef();
    if (!g || g->IsEmpty()) continue;
    const OGRSpatialReference* srs = layer->GetSpatialRef();
    if (srs && !srs->IsSame(&target)) {
      std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(srs, &target));
      if (!ct || g->transform(ct.get()) != OGRERR_NONE) continue;  // counted as not read
    }
    OsmFeature of{feature_id(*f, layer->GetName()), feature_tags(*f), g};
    fn(of);
    ++n;
  }
  if (failures.count > 0)
    return error(ErrorCode::format, "the extract could not be read to the end: " + failures.first).file(path).hint("a damaged or unsorted file: download it again, or sort it (osmium sort)");
  return n;
}

Result<Boundary> read_boundary(const std::string& path_and_layer) {
  GDALAllRegister();
  Boundary b;
  std::tie(b.path, b.layer) = split_layer(path_and_layer);
  std::error_code ec;
  if (!fs::exists(b.path, ec)) return error(ErrorCode::io, "the boundary file does not exist").file(b.path).hint("--boundary county.gpkg[:layer]");
  DatasetPtr ds(static_cast<GDALDataset*>(GDALOpenEx(b.path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr)));
  if (!ds) return error(ErrorCode::format, "not a vector file GDAL can read").file(b.path);
  OGRLayer* layer = boundary_layer(*ds, b.layer);
  if (!layer) return error(ErrorCode::format, "no such layer").file(b.path).layer(b.layer).hint("layers: " + layer_names(*ds));
  b.layer = layer->GetName();
  const OGRSpatialReference* srs = layer->GetSpatialRef();
  if (!srs) return error(ErrorCode::crs, "the boundary declares no coordinate system").file(b.path).layer(b.layer).hint("give it one (e.g. ogr2ogr -a_srs EPSG:4490)");
  auto u = union_of(*layer, b);
  if (!u) return tl::unexpected<Error>(u.error());
  const OGRSpatialReference target = wgs84();
  std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(srs, &target));
  if (!ct || (*u)->transform(ct.get()) != OGRERR_NONE)
    return error(ErrorCode::crs, "the boundary cannot be converted to longitude/latitude").file(b.path).layer(b.layer);
  b.shape = std::move(*u);
  return b;
}

}  // namespace jiuyou::io
