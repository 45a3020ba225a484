// import_osm in named steps: the rules -> the boundary -> every feature of the
// extract through the rules, clipped -> the canonical values through the
// vocabulary (values.cpp, unknowns reported) -> village ids and name matching
// (osm_villages.cpp) -> the GeoPackage and the project file, each atomically.
#include "gis/io/osm_import.hpp"

#include <filesystem>

#include <ogr_api.h>

#include "gis/io/geometry_read.hpp"
#include "gis/io/osm_read.hpp"
#include "gis/io/osm_project.hpp"
#include "gis/io/osm_villages.hpp"
#include "gis/io/schema.hpp"
#include "gis/io/write.hpp"
#include "gis/util/atomic_file.hpp"

namespace fs = std::filesystem;

namespace jiuyou::io {

namespace {

// One output layer being filled: the canonical fields its rules can set (raw
// tag text until the vocabulary maps it) and the OSM id of every feature.
struct LayerBuild {
  FeatureTable table;
  std::vector<std::string> fields;
};

std::map<std::string, LayerBuild> make_builds(const std::vector<OsmRule>& rules, const std::string& extract) {
  std::map<std::string, LayerBuild> out;
  for (const OsmRule& r : rules) {
    LayerBuild& b = out[r.layer];
    b.table.name = r.layer;
    b.table.source = extract;
    b.table.geometry.kind = r.geometry;
    for (const auto& f : r.field_names())
      if (std::find(b.fields.begin(), b.fields.end(), f) == b.fields.end()) b.fields.push_back(f);
  }
  for (auto& [name, b] : out) {
    for (const auto& f : b.fields) b.table.columns.emplace_back(f, FieldType::text);
    b.table.columns.emplace_back("osm_id", FieldType::text);
  }
  return out;
}

// The boundary, prepared for many tests.
class Clip {
 public:
  explicit Clip(const OGRGeometry& shape) : m_shape(shape), m_prepared(OGRCreatePreparedGeometry(OGRGeometry::ToHandle(const_cast<OGRGeometry*>(&shape)))) {}
  ~Clip() {
    if (m_prepared) OGRDestroyPreparedGeometry(m_prepared);
  }
  Clip(const Clip&) = delete;
  Clip& operator=(const Clip&) = delete;

  // The part of `g` inside the boundary (null when none).
  [[nodiscard]] OgrGeometryPtr inside(const OGRGeometry& g) const {
    OGRGeometryH h = OGRGeometry::ToHandle(const_cast<OGRGeometry*>(&g));
    const bool meets = m_prepared ? OGRPreparedGeometryIntersects(m_prepared, h) != 0 : m_shape.Intersects(&g);
    if (!meets) return nullptr;
    const bool within = m_prepared ? OGRPreparedGeometryContains(m_prepared, h) != 0 : m_shape.Contains(&g);
    if (wkbFlatten(g.getGeometryType()) == wkbPoint || within) return OgrGeometryPtr(g.clone());
    OgrGeometryPtr part(m_shape.Intersection(&g));
    return part && !part->IsEmpty() ? std::move(part) : nullptr;
  }

 private:
  const OGRGeometry& m_shape;
  OGRPreparedGeometryH m_prepared;  // null where GDAL lacks GEOS: the plain tests are used
};

// The feature's geometry as the rule wants it: a point (areas: a point inside
// them) or lines; null when it is of another kind (a point tagged highway).
OgrGeometryPtr shape_for(const OGRGeometry& g, GeometryKind kind) {
  const auto t = wkbFlatten(g.getGeometryType());
  if (kind == GeometryKind::point) {
    if (t == wkbPoint) return OgrGeometryPtr(g.clone());
    if (t == wkbPolygon || t == wkbMultiPolygon)
      return OgrGeometryPtr(OGRGeometry::FromHandle(OGR_G_PointOnSurface(OGRGeometry::ToHandle(const_cast<OGRGeometry*>(&g)))));
    return nullptr;
  }
  if (t == wkbLineString || t == wkbMultiLineString) return OgrGeometryPtr(g.clone());
  return nullptr;
}

void add_feature(LayerBuild& b, const OsmRule& rule, const OsmFeature& f, const OGRGeometry& g) {
  const auto values = rule.values(f.tags);
  for (size_t c = 0; c < b.fields.size(); ++c) {
    auto it = values.find(b.fields[c]);
    if (it == values.end()) b.table.columns[c].push_null();
    else b.table.columns[c].push_text(it->second);
  }
  if (f.id.empty()) b.table.columns.back().push_null();
  else b.table.columns.back().push_text(f.id);
  size_t parts = 0;
  append_parts(&g, b.table.geometry.kind, b.table.geometry, &parts);
  b.table.geometry.close_feature();
  b.table.fid.push_back(static_cast<int64_t>(b.table.fid.size()) + 1);
}

struct ReadState {
  std::map<std::string, LayerBuild>& builds;
  const std::vector<OsmRule>& rules;
  const Clip& clip;
  size_t outside = 0;
};

// Every rule the feature matches adds it to that rule's layer (once per layer).
void take_feature(ReadState& st, const OsmFeature& f) {
  std::vector<std::string> taken;
  for (const OsmRule& r : st.rules) {
    if (!r.matches(f.tags) || std::find(taken.begin(), taken.end(), r.layer) != taken.end()) continue;
    auto shape = shape_for(*f.geometry, r.geometry);
    if (!shape) continue;
    auto part = st.clip.inside(*shape);
    if (!part) { ++st.outside; continue; }
    add_feature(st.builds.at(r.layer), r, f, *part);
    taken.push_back(r.layer);
  }
}

FeatureTable county_table(const Boundary& b) {
  FeatureTable t;
  t.name = "county";
  t.source = b.path;
  t.crs = CrsRef::epsg(4326);
  t.source_crs = t.crs;
  t.geometry.kind = GeometryKind::polygon;
  t.columns.emplace_back("name", FieldType::text);
  t.columns.emplace_back("code", FieldType::text);
  if (b.name.empty()) t.columns[0].push_null();
  else t.columns[0].push_text(b.name);
  if (b.county_code.empty()) t.columns[1].push_null();
  else t.columns[1].push_text(b.county_code);
  size_t parts = 0;
  append_parts(b.shape.get(), GeometryKind::polygon, t.geometry, &parts);
  t.geometry.close_feature();
  t.fid.push_back(1);
  return t;
}

bool same_file(const std::string& a, const std::string& b) {
  std::error_code ec;
  return fs::exists(a, ec) && fs::exists(b, ec) && fs::equivalent(a, b, ec);
}

Result<void> check_paths(const OsmImportJob& job, const Boundary& b, const std::string& project) {
  for (const std::string& in : {job.extract, b.path, job.reference_codes})
    if (!in.empty() && (same_file(in, job.out) || same_file(in, project)))
      return error(ErrorCode::input, "the output would replace an input").file(in).hint("write the import to a new file: --out osm_county.gpkg");
  return {};
}

// Canonical values through the vocabulary; an OSM layer keeps its rows even where a value is unknown.
Result<void> normalise(std::map<std::string, LayerBuild>& builds, const OsmImportJob& job, IssueLog& log) {
  for (auto& [name, b] : builds) {
    b.table.crs = CrsRef::epsg(4326);
    b.table.source_crs = b.table.crs;
    LayerSpec spec;
    spec.name = name;
    spec.path = job.extract;
    spec.vocabulary = job.vocabulary;
    if (auto ok = normalise_schema(b.table, spec, log); !ok) return ok;
  }
  return {};
}

}  // namespace

Result<OsmImportSummary> import_osm(const OsmImportJob& job) {
  auto rules = load_osm_rules(job.vocabulary);
  if (!rules) return tl::unexpected<Error>(rules.error());
  auto boundary = read_boundary(job.boundary);
  if (!boundary) return tl::unexpected<Error>(boundary.error());
  OsmImportSummary sum;
  sum.project_path = job.project.empty() ? (fs::path(job.out).parent_path() / "project.toml").string() : job.project;
  if (auto ok = check_paths(job, *boundary, sum.project_path); !ok) return tl::unexpected<Error>(ok.error());
  if (auto ok = check_project_replaceable(sum.project_path); !ok) return tl::unexpected<Error>(ok.error());

  auto builds = make_builds(*rules, job.extract);
  const Clip clip(*boundary->shape);
  ReadState st{builds, *rules, clip};
  auto read = read_osm_extract(job.extract, [&](const OsmFeature& f) { take_feature(st, f); });
  if (!read) return tl::unexpected<Error>(read.error());
  sum.read = *read;
  sum.outside = st.outside;
  if (auto ok = normalise(builds, job, sum.log); !ok) return tl::unexpected<Error>(ok.error());

  std::vector<FeatureTable> tables;
  tables.push_back(county_table(*boundary));
  for (auto& [name, b] : builds) {
    if (b.table.size() == 0) { sum.not_written.push_back(name); continue; }
    sum.written[name] = b.table.size();
    tables.push_back(std::move(b.table));
  }
  sum.county_code = job.county_code.empty() ? boundary->county_code : job.county_code;
  for (auto& t : tables)
    if (t.name == target_layer)
      if (auto ok = assign_village_codes(t, job.reference_codes, sum); !ok) return tl::unexpected<Error>(ok.error());
  std::vector<const FeatureTable*> ptrs;
  for (const auto& t : tables) ptrs.push_back(&t);
  if (auto ok = write_layers(job.out, ptrs); !ok) return tl::unexpected<Error>(ok.error());
  if (auto ok = util::write_file_atomic(sum.project_path, project_text(job, *boundary, sum)); !ok) return tl::unexpected<Error>(ok.error());
  return sum;
}

}  // namespace jiuyou::io
