// read_layer: one vector layer through GDAL into a FeatureTable, in named steps:
// open (encoding, header row) -> plan the columns -> type the geometry ->
// read every feature (watching GDAL for read errors) -> check nothing was lost
// -> report -> convert canonical fields (gis/io/values.cpp).
#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <set>
#include <unordered_map>

#include <cpl_error.h>

#include "gis/crs/crs.hpp"
#include "gis/geos/repair.hpp"
#include "gis/io/geometry_read.hpp"
#include "gis/io/load.hpp"
#include "gis/io/load_detail.hpp"
#include "gis/io/mapinfo_zeros.hpp"
#include "gis/io/numbers.hpp"
#include "gis/io/schema.hpp"
#include "gis/io/vector_source.hpp"
#include "gis/io/vocab.hpp"
#include "gis/util/contains.hpp"

namespace jiuyou::io {

namespace {

// GDAL errors during a read, captured instead of printed (a damaged file's
// "database disk image is malformed" must fail the load, not end it early).
void CPL_STDCALL capture_failures(CPLErr cls, CPLErrorNum, const char* msg) {
  auto* f = static_cast<GdalFailures*>(CPLGetErrorHandlerUserData());
  if (f && cls >= CE_Failure && f->count++ == 0) f->first = msg ? msg : "";
}

class FailureCapture {
 public:
  FailureCapture() { CPLPushErrorHandlerEx(capture_failures, &m_failures); }
  ~FailureCapture() { CPLPopErrorHandler(); }
  FailureCapture(const FailureCapture&) = delete;
  FailureCapture& operator=(const FailureCapture&) = delete;
  void reset() { m_failures = {}; }
  [[nodiscard]] const GdalFailures& failures() const { return m_failures; }

 private:
  GdalFailures m_failures;
};

// Which source field feeds which column, and where coordinates come from.
struct ColumnPlan {
  std::vector<int> src_index;  // per table column
  std::vector<int> left_out;   // source fields not read (a read of some columns only)
  int x = -1, y = -1, wkt = -1;
  [[nodiscard]] bool coords_from_fields() const { return x >= 0 || wkt >= 0; }
};

FieldType field_type(const OGRFieldDefn* fd) {
  switch (fd->GetType()) {
    case OFTInteger:
    case OFTInteger64: return fd->GetSubType() == OFSTBoolean ? FieldType::boolean : FieldType::integer;
    case OFTReal: return FieldType::real;
    default: return FieldType::text;
  }
}

// The project's field mapping, completed for canonical fields the layer lacks by
// the vocabulary's [fields] (vocabulary = "osm": class from the column "highway").
std::map<std::string, std::string> field_mapping(const LayerSpec& spec, const std::vector<std::string>& names) {
  std::map<std::string, std::string> out = spec.fields;
  auto vocab = load_vocabulary(spec.vocabulary);
  if (!vocab) return out;  // said by normalise_schema
  const std::string kind = layer_kind(spec);
  for (const CanonicalField& cf : canonical_fields(kind)) {
    if (out.count(cf.name) || find_field(names, cf.name) >= 0) continue;
    for (const auto& column : vocab->default_columns(kind, cf.name))
      if (find_field(names, column) >= 0) {
        out[cf.name] = column;
        break;
      }
  }
  return out;
}

// A column the project reads whose name two columns of the table share (tour 17 R23: a hidden 贫困人口 of last year
// before this year's): the loader cannot tell which is meant, and reading the first was a silent wrong list.
Result<void> refuse_repeated_columns(const LayerSpec& spec, const VectorSource& src, const std::map<std::string, std::string>& mapping) {
  if (src.repeated_names.empty()) return {};
  std::vector<std::pair<std::string, std::string>> read;  // canonical -> column name
  for (const auto& [canon, name] : mapping) read.emplace_back(canon, name);
  for (const CanonicalField& cf : canonical_fields(layer_kind(spec)))
    if (!mapping.count(cf.name)) read.emplace_back(cf.name, cf.name);
  for (const auto& [canon, name] : read) {
    const auto it = src.repeated_names.find(name);
    if (it == src.repeated_names.end()) continue;
    std::string letters;
    for (const std::string& l : it->second) letters += (letters.empty() ? "" : "、") + l;
    return error(ErrorCode::format, std::to_string(it->second.size()) + " columns of the table are named 「" + name + "」 (columns " + letters +
                                        "), which the project reads as " + canon + ": which one is meant cannot be told")
        .file(spec.path)
        .layer(spec.name)
        .field(name)
        .hint("rename all but one in the table (e.g. 「" + name + "（上年）」; a hidden column counts too) and run again");
  }
  return {};
}

// `only`: the columns to keep (canonical names; nullptr: every column).
Result<ColumnPlan> plan_columns(const LayerSpec& spec, const VectorSource& src, FeatureTable& t, const std::vector<std::string>* only) {
  const OGRFeatureDefn* defn = src.layer->GetLayerDefn();
  // source index -> the canonical fields it feeds: one column may feed two (a CAD layer name "县道-沥青" as both class
  // and surface, each with its own [layers.X.values.F]; tour 18 S1: the first mapping was dropped without a word)
  std::unordered_map<int, std::vector<std::string>> rename;
  const std::map<std::string, std::string> mapping = field_mapping(spec, src.names);
  TRY(refuse_repeated_columns(spec, src, mapping));
  for (const auto& [canon, name] : mapping) {
    const int i = find_field(src.names, name);
    if (i < 0)
      return error(ErrorCode::format, "the field mapping names a column the layer does not have")
          .file(spec.path)
          .layer(spec.name)
          .field(name)
          .hint("fields." + canon + " = \"" + name + "\"; columns in this layer: " + list_names(src.names));
    rename[i].push_back(canon);
  }
  const auto mapped_to = [&](const std::string& name) {
    return std::any_of(rename.begin(), rename.end(), [&](const auto& r) { return util::contains(r.second, name); });
  };
  ColumnPlan plan;
  for (int i = 0; i < static_cast<int>(src.names.size()); ++i) {
    const auto it = rename.find(i);
    const std::string& own = src.names[static_cast<size_t>(i)];
    if (it == rename.end() && mapped_to(own)) continue;  // a mapped canonical name shadows it
    bool kept = false, not_wanted = false;
    for (const std::string& name : it != rename.end() ? it->second : std::vector<std::string>{own}) {
      if (t.column_index(name) >= 0) continue;
      if (only && !util::contains(*only, name)) {
        not_wanted = true;
        continue;
      }
      t.columns.emplace_back(name, field_type(defn->GetFieldDefn(i)));
      plan.src_index.push_back(i);
      kept = true;
    }
    if (not_wanted && !kept) plan.left_out.push_back(i);
  }
  plan.x = spec.x_field.empty() ? -1 : find_field(src.names, spec.x_field);
  plan.y = spec.y_field.empty() ? -1 : find_field(src.names, spec.y_field);
  plan.wkt = spec.wkt_field.empty() ? -1 : find_field(src.names, spec.wkt_field);
  if (!spec.x_field.empty() && (plan.x < 0 || plan.y < 0))
    return error(ErrorCode::format, "the coordinate column is missing").file(spec.path).layer(spec.name).field(plan.x < 0 ? spec.x_field : spec.y_field).hint("columns in this layer: " + list_names(src.names));
  if (!spec.wkt_field.empty() && plan.wkt < 0)
    return error(ErrorCode::format, "the WKT column is missing").file(spec.path).layer(spec.name).field(spec.wkt_field).hint("columns in this layer: " + list_names(src.names));
  return plan;
}

// GDAL told to skip the fields the plan leaves out (the coordinate and WKT columns are read
// whatever the plan keeps). Not for tables whose rows are screened on every cell.
void ignore_left_out(const VectorSource& src, const ColumnPlan& plan) {
  if (plan.left_out.empty()) return;
  const OGRFeatureDefn* defn = src.layer->GetLayerDefn();
  std::vector<const char*> names;
  for (const int i : plan.left_out)
    if (i != plan.x && i != plan.y && i != plan.wkt) names.push_back(defn->GetFieldDefn(i)->GetNameRef());
  names.push_back(nullptr);
  src.layer->SetIgnoredFields(names.data());  // OGRERR_FAILURE (a driver without it): every field is read, the plan still keeps its own
}

bool has_geometry(const VectorSource& src, const ColumnPlan& plan) {
  return plan.coords_from_fields() || src.layer->GetLayerDefn()->GetGeomFieldCount() > 0;
}

// The layer's geometry kind: declared, else the majority of its features.
Result<GeometryKind> plan_geometry(const LayerSpec& spec, const VectorSource& src, const ColumnPlan& plan) {
  const OGRFeatureDefn* defn = src.layer->GetLayerDefn();
  const bool has_geom = has_geometry(src, plan);
  if (plan.x >= 0) return GeometryKind::point;
  GeometryKind kind = GeometryKind::none;
  if (defn->GetGeomFieldCount() > 0) kind = kind_of(defn->GetGeomType());
  if (kind == GeometryKind::none && has_geom && plan.wkt < 0) kind = count_kinds(src.layer).majority();
  const std::string lk = layer_kind(spec);
  if (!has_geom && spec.join_to.empty() && geometry_required(lk))
    return error(ErrorCode::format, "the layer has no geometry; " + lk + " need a location")
        .file(spec.path)
        .layer(spec.name)
        .hint(std::string(spec.fields.count("x") || spec.fields.count("y") ? "x and y belong in [layers." + spec.name + "] itself, not under its .fields; " : "") +
              "for a table give the coordinate columns in [layers." + spec.name + "] (x = \"经度\", y = \"纬度\") or a WKT column (wkt = \"WKT\"), or join it onto a layer with join_to = \"villages\"");
  return kind;
}

void read_attributes(const OGRFeature& f, const ColumnPlan& plan, const VectorSource& src, FeatureTable& t, ReadStats& st) {
  for (size_t c = 0; c < t.columns.size(); ++c) {
    const int i = plan.src_index[c];
    Column& col = t.columns[c];
    if (!f.IsFieldSetAndNotNull(i)) { col.push_null(); continue; }
    switch (col.type()) {
      case FieldType::integer: col.push_int(f.GetFieldAsInteger64(i)); break;
      case FieldType::boolean: col.push_bool(f.GetFieldAsInteger(i) != 0); break;
      case FieldType::real: col.push_real(f.GetFieldAsDouble(i)); break;
      case FieldType::text: col.push_text(decode_text(f.GetFieldAsString(i), src.text, &st.decoded, &st.invalid_text)); break;
    }
  }
}

// A point from x/y columns into `scratch`; false when the columns hold no number.
void point_from_fields(const OGRFeature& f, const ColumnPlan& plan, const LayerSpec& spec, int64_t fid, GeometryRead& g, IssueLog& log) {
  g.scratch.kind = GeometryKind::point;
  const char* xs = f.GetFieldAsString(plan.x);
  const char* ys = f.GetFieldAsString(plan.y);
  const auto x = parse_coordinate(xs);  // decimal, or 度分秒 as GPS readings are written (tour 17 R4)
  const auto y = parse_coordinate(ys);
  if (f.IsFieldSetAndNotNull(plan.x) && f.IsFieldSetAndNotNull(plan.y) && x && y) {
    g.scratch.add_vertex(*x, *y);
    g.scratch.close_ring();
    g.scratch.close_part();
    g.parts = 1;
  } else if (f.IsFieldSetAndNotNull(plan.x) || f.IsFieldSetAndNotNull(plan.y)) {
    add_issue(log, Severity::warning, "bad_coordinate", spec, fid, !x ? spec.x_field : spec.y_field,
              std::string("not a coordinate: '") + (!x ? xs : ys) + "'", "coordinates must be decimal degrees (110.0673) or 度分秒 (110°04'02.36\", 110度04分02.36秒), or metres of the layer's crs");
  }
}

// The scratch column emptied for the next feature, its arrays kept (one
// allocation per layer instead of four per feature).
void reset_scratch(GeometryColumn& g) {
  g.kind = GeometryKind::none;
  g.xy.clear();
  g.geom_offsets.assign(1, 0);
  g.part_offsets.assign(1, 0);
  g.ring_offsets.assign(1, 0);
}

// The arrays of a layer grew by doubling while it was read: up to half of each
// is room never used, held for the whole run (a province's layers hold ~9 M
// features). A copy holds exactly its elements; layers are read one at a time,
// so the extra memory while copying is one layer's arrays.
void give_back_room(FeatureTable& t) {
  t.geometry = GeometryColumn(t.geometry);
  t.fid = std::vector<int64_t>(t.fid);
  for (Column& c : t.columns) c = Column(c);
}

void read_geometry(const OGRFeature& f, const ColumnPlan& plan, const LayerSpec& spec, int64_t fid, GeometryRead& g, IssueLog& log) {
  reset_scratch(g.scratch);
  g.parts = 0;
  g.finite = true;
  g.other_kind = false;
  if (plan.x >= 0) return point_from_fields(f, plan, spec, fid, g, log);
  std::unique_ptr<OGRGeometry> from_text;
  const OGRGeometry* geom = f.GetGeometryRef();
  if (plan.wkt >= 0) {
    OGRGeometry* parsed = nullptr;
    if (f.IsFieldSetAndNotNull(plan.wkt) && OGRGeometryFactory::createFromWkt(f.GetFieldAsString(plan.wkt), nullptr, &parsed) != OGRERR_NONE)
      add_issue(log, Severity::warning, "bad_wkt", spec, fid, spec.wkt_field, "the WKT does not parse", "e.g. POINT (110.2 32.2)");
    from_text.reset(parsed);
    geom = parsed;
    if (geom && g.kind == GeometryKind::none) g.kind = kind_of(geom->getGeometryType());  // WKT columns: typed by the first
  }
  g.scratch.kind = g.kind;
  if (geom) g.finite = append_parts(geom, g.kind, g.scratch, &g.parts);
  g.other_kind = geom && !geom->IsEmpty() && g.parts == 0;
}

// A table row with no value at all (spacing rows between blocks of a sheet).
bool blank_row(const OGRFeature& f) {
  for (int i = 0; i < f.GetFieldCount(); ++i)
    if (f.IsFieldSetAndNotNull(i) && *f.GetFieldAsString(i) != '\0') return false;
  return true;
}

// A statistics-table row that is no village (a 栏次 row, a 合计/小计 row anywhere in the table,
// tour 14 N6): counted for the note and skipped. Tables and attribute-only layers (DBF) only.
bool iends_with(const std::string& s, std::string_view tail) {
  if (s.size() < tail.size()) return false;
  for (size_t i = 0; i < tail.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[s.size() - tail.size() + i])) != tail[i]) return false;
  return true;
}

bool skip_non_village_row(const OGRFeature& f, const VectorSource& src, int64_t fid, ReadStats& st) {
  std::vector<std::string> cells;
  cells.reserve(static_cast<size_t>(f.GetFieldCount()));
  bool decoded = false, invalid = false;
  for (int i = 0; i < f.GetFieldCount(); ++i)
    cells.push_back(f.IsFieldSetAndNotNull(i) ? decode_text(f.GetFieldAsString(i), src.text, &decoded, &invalid) : std::string{});
  RowClass row = classify_table_row(cells);
  if (row.kind == RowKind::data) return false;
  (row.kind == RowKind::numbers ? st.skipped_numbers : st.skipped_summaries) += 1;
  if (st.skipped_rows.size() < 20) st.skipped_rows.emplace_back(fid, std::move(row));
  return true;
}

// The cells of merged ranges below the header, filled with the range's top-left value as Excel shows them (tour 20
// M1: a township's 乡有产业规模 merged over its villages reached only the first; M2: a 村代码 merged over a village's
// two rows left the second row without a code, and the village was judged on the first row alone). Said as an info.
void fill_merged_cells(const LayerSpec& spec, const VectorSource& src, const ColumnPlan& plan, FeatureTable& t, IssueLog& log) {
  if (src.hidden.merged.empty() || t.size() == 0) return;
  std::map<int64_t, size_t> row_of;
  for (size_t r = 0; r < t.size(); ++r) row_of.emplace(t.fid[r], r);
  size_t ranges = 0, filled = 0;
  std::string example;
  for (const MergedRange& m : src.hidden.merged) {
    if (m.first_row <= std::max<int64_t>(src.header_row, src.units_row) || m.last_row == m.first_row) continue;  // a header's own merges
    const auto top = row_of.find(m.first_row);
    if (top == row_of.end()) continue;
    bool used = false;
    for (size_t c = 0; c < t.columns.size(); ++c) {
      const int i = plan.src_index[c];
      if (i < static_cast<int>(m.first_column) || i > static_cast<int>(m.last_column)) continue;
      const Column& own = t.columns[c];
      if (own.is_null(top->second)) continue;  // filled down column by column: a range's other columns have no top value
      Column out(own.name(), own.type());
      out.reserve(own.size());
      size_t here = 0;
      for (size_t r = 0; r < own.size(); ++r) {
        const bool inside = t.fid[r] > m.first_row && t.fid[r] <= m.last_row && own.is_null(r);
        out.append_from(own, inside ? top->second : r);
        here += inside ? 1 : 0;
      }
      if (here == 0) continue;
      t.columns[c] = std::move(out);
      filled += here;
      used = true;
      if (example.empty())
        example = column_letter(static_cast<size_t>(i)) + std::to_string(m.first_row) + ":" + column_letter(static_cast<size_t>(i)) + std::to_string(m.last_row) +
                  "「" + t.columns[c].as_text(top->second) + "」";
    }
    ranges += used ? 1 : 0;
  }
  if (filled > 0)
    add_issue(log, Severity::info, "merged_cells_filled", spec, -1, {},
              "表中有 " + std::to_string(ranges) + " 处合并单元格跨了几行（如 " + example + "）：已按 Excel 显示的，把值填到合并范围的每一行（共 " +
                  std::to_string(filled) + " 个格子）",
              "若合并的格子只该属于第一行，请取消合并后重新检查");
}

// A mapped column whose header cell is merged over several columns that hold figures (tour 20 H3: 贫困人口 over
// 2016年底 | 2017年底 was read as its first sub-column, last year's: 99 villages' incidence pass→fail). Which one
// the project means cannot be told: refused like two columns of one name. A header merged over empty columns (a
// wide 村名 cell) is no question.
Result<void> refuse_merged_header(const LayerSpec& spec, const VectorSource& src, const ColumnPlan& plan, const FeatureTable& t) {
  std::set<std::string> mapped;
  for (const CanonicalField& cf : canonical_fields(layer_kind(spec))) mapped.insert(cf.name);
  for (const auto& [field, column] : spec.fields) mapped.insert(field);
  const auto has_values = [&](size_t c) {
    for (size_t r = 0; r < t.size(); ++r)
      if (!t.columns[c].is_null(r)) return true;
    return false;
  };
  for (const MergedRange& m : src.hidden.merged) {
    if (m.first_row != src.header_row || m.last_column == m.first_column) continue;
    std::string read, others;
    size_t filled = 0;
    for (size_t c = 0; c < t.columns.size(); ++c) {
      const int i = plan.src_index[c];
      if (i < static_cast<int>(m.first_column) || i > static_cast<int>(m.last_column) || !has_values(c)) continue;
      ++filled;
      if (i == static_cast<int>(m.first_column) && mapped.count(t.columns[c].name())) read = t.columns[c].name();
    }
    if (read.empty() || filled < 2) continue;
    const std::string range = column_letter(m.first_column) + "–" + column_letter(m.last_column);
    const auto shown = spec.fields.find(read);
    return error(ErrorCode::format, "the header cell of the column read as " + read + (shown != spec.fields.end() ? " (「" + shown->second + "」)" : std::string()) +
                                        " is merged over columns " + range + ", which hold figures each (sub-headers under it, such as 2016年底 | 2017年底): which one is meant cannot be told")
        .file(spec.path)
        .layer(spec.name)
        .field(read)
        .hint("在表格副本里取消表头 " + range + " 的合并，给要读的那一列一个自己的名字（如「贫困人口2017年底」），再在 [layers." + spec.name + ".fields] 写明 " + read +
              " = \"…\"；或删去不读的那几列");
  }
  return {};
}

}  // namespace

namespace {

// A table whose coordinate columns gave not one feature a location (tour 17 R4: 度分秒 before they were read,
// a column of addresses): refused as a table without coordinate columns is, not a check of villages nowhere.
Result<void> check_some_located(const LayerSpec& spec, const ColumnPlan& plan, const FeatureTable& t, const IssueLog& log) {
  if (!plan.coords_from_fields() || t.size() == 0) return {};
  for (size_t f = 0; f < t.size(); ++f)
    if (!t.geometry.is_empty(f)) return {};
  std::string example;
  for (const Issue& i : log.entries())
    if (i.code == "bad_coordinate" && i.layer == spec.name) {
      example = "; e.g. " + i.message;
      break;
    }
  return error(ErrorCode::format, "none of the " + std::to_string(t.size()) + " features has a location: the coordinate columns hold nothing readable as a coordinate" + example)
      .file(spec.path)
      .layer(spec.name)
      .field(plan.wkt >= 0 ? spec.wkt_field : spec.x_field)
      .hint("x/y must name the longitude/latitude (or easting/northing) columns, in decimal degrees (110.0673) or 度分秒 (110°04'02.36\")");
}

// The middle of a layer's extent in its own coordinates (nullopt: empty or unknown).
std::optional<Vec2> layer_middle(OGRLayer& layer) {
  OGREnvelope env;
  if (layer.GetExtent(&env, TRUE) != OGRERR_NONE || !env.IsInit()) return std::nullopt;
  return Vec2{(env.MinX + env.MaxX) / 2, (env.MinY + env.MaxY) / 2};
}

}  // namespace

Result<FeatureTable> read_layer(const LayerSpec& spec, IssueLog& log) { return read_layer_columns(spec, log, nullptr); }

// A layer the project says is GCJ-02 (BD-09) in a file whose own CRS is projected: its coordinates, read in the
// file's CRS, unprojected to lon/lat (EPSG:4326's, which are the offset datum's), and the layer labelled as the
// project says; an info says what was done.
Result<void> unproject_offset_layer(const LayerSpec& spec, const OGRSpatialReference* srs, FeatureTable& t, IssueLog& log) {
  TRY(crs::transform_table(t, CrsRef::epsg(4326)));
  t.crs = spec.crs;
  t.source_crs = spec.crs;
  Issue i;
  i.severity = Severity::info;
  i.code = "offset_datum_unprojected";
  i.file = spec.path;
  i.layer = spec.name;
  i.message = "文件的坐标系是投影坐标“" + std::string(srs->GetName() ? srs->GetName() : "") + "”（米），项目写明该图层是 " + spec.crs.label() +
              "：已先按文件的坐标系换回经纬度，再按 " + spec.crs.label() + " 纠偏";
  log.add(std::move(i));
  return {};
}

Result<FeatureTable> read_layer_columns(const LayerSpec& spec, IssueLog& log, const std::vector<std::string>* only) {
  FailureCapture capture;
  auto src = open_vector_source(spec);
  if (!src) return tl::unexpected<Error>(src.error());
  FeatureTable t;
  t.name = spec.name;
  t.source = spec.path;
  t.source_layer = src->layer->GetName();
  auto plan = plan_columns(spec, *src, t, only);
  if (!plan) return tl::unexpected<Error>(plan.error());
  const bool has_geom = has_geometry(*src, *plan);
  const OGRSpatialReference* srs = plan->coords_from_fields() ? nullptr : src->layer->GetSpatialRef();
  // GCJ-02 (or BD-09) stored in a projected file, as web maps export it in Web Mercator (tour 17 R19: the two
  // hints sent the user in a circle): read in the file's CRS, then unprojected to the offset datum's lon/lat.
  // Only (Web) Mercator: GCJ-02 copied onto a Gauss–Krüger file is a slip, refused by check_degrees as before.
  const char* projection = srs != nullptr && srs->IsProjected() ? srs->GetAttrValue("PROJECTION") : nullptr;
  const bool offset_projected = (spec.crs.kind == CrsRef::Kind::gcj02 || spec.crs.kind == CrsRef::Kind::bd09) && projection != nullptr &&
                                std::string_view(projection).find("Mercator") != std::string_view::npos &&
                                std::string_view(projection).find("Transverse") == std::string_view::npos;  // GK and UTM are Transverse Mercator
  LayerSpec as_file = spec;
  if (offset_projected) as_file.crs = CrsRef{};
  auto crs_r = layer_crs(as_file, srs, has_geom);
  if (!crs_r) return tl::unexpected<Error>(crs_r.error());
  t.crs = *crs_r;
  t.source_crs = t.crs;
  if (!spec.crs.empty() && srs != nullptr && !offset_projected) note_crs_override(spec, srs, layer_middle(*src->layer), log);
  capture.reset();  // from here on every GDAL failure is a read error of this layer
  auto kind = plan_geometry(spec, *src, *plan);
  if (!kind) return tl::unexpected<Error>(kind.error());
  t.geometry.kind = *kind;

  ReadStats st;
  st.has_geom = has_geom;
  st.geographic = !t.crs.empty() && crs::is_geographic(t.crs);
  GeometryRead g;
  g.kind = *kind;
  const GIntBig count = src->layer->GetFeatureCount(FALSE);
  if (count > 0) {
    t.fid.reserve(static_cast<size_t>(count));
    for (auto& c : t.columns) c.reserve(static_cast<size_t>(count));
  }
  // Statistics tables (XLSX/CSV) and attribute-only shapefiles (a DBF); not a GeoPackage's
  // attribute tables (key/value tables as jiuyou_meta, whose values may read 合计).
  const bool screen_rows = src->table || (!has_geom && iends_with(spec.path, ".dbf"));
  if (!screen_rows) ignore_left_out(*src, *plan);
  const std::set<int64_t> hidden_left_out = screen_hidden_cells(spec, *src, log);
  src->layer->ResetReading();
  for (auto& feature : *src->layer) {
    const int64_t fid = feature->GetFID() + src->fid_offset;
    if (src->table && (fid <= src->header_row || fid == src->units_row || blank_row(*feature) || hidden_left_out.count(fid)))
      continue;  // title rows, the header, its units row, empty rows, a hidden repeat of a visible row
    if (screen_rows && skip_non_village_row(*feature, *src, fid, st)) continue;  // 栏次, 合计 rows
    ++st.read;
    read_attributes(*feature, *plan, *src, t, st);
    t.fid.push_back(fid);
    read_geometry(*feature, *plan, spec, fid, g, log);
    if (t.geometry.kind == GeometryKind::none) t.geometry.kind = g.kind;
    store_geometry(spec, fid, g, t, st, log);
  }
  if (auto ok = check_complete(spec, *src, st, capture.failures()); !ok) return tl::unexpected<Error>(ok.error());
  if (src->table) TRY(refuse_merged_header(spec, *src, *plan, t));
  if (src->table) fill_merged_cells(spec, *src, *plan, t, log);
  if (auto ok = check_some_located(spec, *plan, t, log); !ok) return tl::unexpected<Error>(ok.error());
  if (auto ok = check_degrees(spec, srs, st, log); !ok) return tl::unexpected<Error>(ok.error());
  if (offset_projected) {
    TRY(unproject_offset_layer(spec, srs, t, log));
    st.geographic = true;  // from here on the layer is in degrees
  }
  report_read(spec, *src, t, st, log);
  note_deleted_records(spec, *src, log);
  if (numbers_have_no_empty(src->ds->GetDriver() != nullptr ? src->ds->GetDriver()->GetDescription() : nullptr)) settle_mapinfo_zeros(t, spec, log);
  report_empty_mapped_columns(t, spec, log);  // before the values are typed: a column of empty text is empty too
  if (auto ok = normalise_schema_with_units(t, spec, log, src->title_block, src->column_units); !ok) return tl::unexpected<Error>(ok.error());
  give_back_room(t);
  return t;
}

}  // namespace jiuyou::io
