// The checks of read_layer around each feature and after the last: coordinate
// ranges, polygon repair, nothing lost to a damaged file, and the issue log's
// once-per-layer messages.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstdio>
#include <memory>
#include <optional>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include "gis/crs/crs.hpp"
#include "gis/geos/repair.hpp"
#include "gis/io/load_detail.hpp"
#include "gis/io/numbers.hpp"
#include "gis/io/schema.hpp"
#include "gis/io/vector_source.hpp"

namespace jiuyou::io {

namespace {

constexpr size_t k_listed = 1000;  // per-feature issues of one kind listed per layer

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// False (and an issue, held back until the layer is read) when a geographic
// layer's coordinates are out of range.
bool check_range(const LayerSpec& spec, int64_t fid, const GeometryRead& g, const FeatureTable& t, ReadStats& st, IssueLog& log) {
  const BBox b = g.scratch.feature_bbox(0);
  if (b.min_x < -180 || b.max_x > 180 || b.min_y < -90 || b.max_y > 90) {
    const bool looks_swapped = b.min_x >= -90 && b.max_x <= 90 && b.min_y >= -180 && b.max_y <= 180;
    st.looks_swapped += looks_swapped ? 1 : 0;
    if (++st.out_of_range <= k_listed)
      add_issue(st.out_of_range_issues, Severity::error, "coordinates_out_of_range", spec, fid, {},
                "坐标 (" + std::to_string(b.min_x) + ", " + std::to_string(b.min_y) + ") 超出 " + t.crs.label() + " 的经纬度范围，已去掉该要素的几何",
                looks_swapped ? "看起来经度和纬度写反了：交换 x 和 y 列，或检查数据的坐标轴顺序"
                              : "看起来是投影坐标（米）：在项目里为该图层写 crs = \"EPSG:45xx\"（高斯-克吕格投影带）");
    return false;
  }
  ++st.in_range;
  if (b.min_x >= 0 && b.max_x <= 60 && b.min_y >= 70 && b.max_y <= 140 && ++st.swapped <= k_listed)
    add_issue(log, Severity::warning, "lat_lon_swapped", spec, fid, {}, "坐标看起来是“纬度, 经度”的顺序（y 在 70 到 140 之间，是中国的经度）",
              "交换 x 和 y 列，或检查数据的坐标轴顺序");
  return true;
}

// "UTF-8", "utf8", "65001": what the project may write for UTF-8.
bool says_utf8(std::string s) {
  s.erase(std::remove(s.begin(), s.end(), '-'), s.end());
  return iequals(s, "utf8") || s == "65001";
}

std::string fid_list(const std::vector<int64_t>& fids, size_t total) {
  std::string out;
  for (int64_t f : fids) out += (out.empty() ? "" : ", ") + std::to_string(f);
  return total > fids.size() ? out + " …" : out;
}

const char* kind_zh(GeometryKind k) {
  switch (k) {
    case GeometryKind::point: return "点";
    case GeometryKind::line: return "线";
    case GeometryKind::polygon: return "面";
    default: return "无几何";
  }
}

}  // namespace

void add_issue(IssueLog& log, Severity s, std::string code, const LayerSpec& spec, int64_t fid, std::string field, std::string message, std::string hint) {
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
    return error(ErrorCode::crs, "图层没有声明坐标系，无法知道坐标的含义")
        .file(spec.path)
        .layer(spec.name)
        .hint("在项目文件里为该图层写明坐标系：crs = \"EPSG:4490\"（CGCS2000 经纬度）、\"EPSG:4546\"（CGCS2000 高斯-克吕格 37 带），"
              "来自高德、DataV、腾讯的数据写 crs = \"GCJ-02\"");
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

namespace {

std::string srs_label(const OGRSpatialReference& srs) {
  const char* auth = srs.GetAuthorityName(nullptr);
  const char* code = srs.GetAuthorityCode(nullptr);
  const char* name = srs.GetName();
  std::string out = auth && code ? std::string(auth) + ":" + code : std::string{};
  if (name) out += (out.empty() ? "" : " ") + std::string(name);
  return out.empty() ? "未命名的坐标系" : out;
}

// Where the point `xy` of a layer lies read in `srs`, as lon/lat; nullopt when it cannot be transformed.
std::optional<Vec2> as_lonlat(const OGRSpatialReference& srs, Vec2 xy) {
  OGRSpatialReference from(srs), lonlat;
  from.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  lonlat.importFromEPSG(4326);
  lonlat.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(&from, &lonlat));
  double x = xy.x, y = xy.y;
  if (!ct || !ct->Transform(1, &x, &y) || !std::isfinite(x) || !std::isfinite(y)) return std::nullopt;
  return Vec2{x, y};
}

std::string distance_words(double m) {
  char buf[64];
  if (m >= 1000) std::snprintf(buf, sizeof buf, "%.0f 公里", m / 1000);
  else std::snprintf(buf, sizeof buf, "%.0f 米", m);
  return buf;
}

}  // namespace

void note_crs_override(const LayerSpec& spec, const OGRSpatialReference* declared, std::optional<Vec2> sample, IssueLog& log) {
  if (spec.crs.kind != CrsRef::Kind::proj || declared == nullptr || declared->IsEmpty()) return;
  auto definition = crs::gdal_definition(spec.crs);
  OGRSpatialReference given;
  if (!definition || given.SetFromUserInput(definition->c_str()) != OGRERR_NONE) return;
  const char* same_opts[] = {"IGNORE_DATA_AXIS_TO_SRS_AXIS_MAPPING=YES", "CRITERION=EQUIVALENT_EXCEPT_AXIS_ORDER_GEOGCRS", nullptr};
  if (declared->IsSame(&given, same_opts)) return;
  // How far apart the layer's middle lies read one way and the other: a datum apart (metres to ~100 m) or a zone apart (hundreds of km).
  std::optional<double> apart;
  if (sample)
    if (auto a = as_lonlat(*declared, *sample), b = as_lonlat(given, *sample); a && b) apart = crs::geodesic_distance_m(*a, *b);
  const std::string said = "项目文件写明 crs = \"" + spec.crs.label() + "\"（" + srs_label(given) + "），与文件自带的坐标系（" +
                           srs_label(*declared) + "）不同：已按项目的 crs 读入" +
                           (apart ? "；同一坐标按两者读，图层中部相差约 " + distance_words(*apart) : std::string{});
  // Degrees under a projected CRS, or metres under a lat/lon one (a GeoJSON without its crs member is WGS 84 to GDAL):
  // the file's own CRS cannot be right, the project's can.
  const auto fits = [&](const OGRSpatialReference& srs) {
    return !sample || !srs.IsGeographic() || (std::abs(sample->x) <= 180 && std::abs(sample->y) <= 90);
  };
  const auto degrees = [&] { return sample && std::abs(sample->x) <= 180 && std::abs(sample->y) <= 90; };
  const bool file_cannot_be_right = (declared->IsGeographic() && !fits(*declared)) || (declared->IsProjected() && degrees() && given.IsGeographic());
  const double k_far_m = 1000;
  if (file_cannot_be_right || (apart && *apart < k_far_m)) {
    add_issue(log, Severity::info, "crs_datum_overridden", spec, -1, "crs", said, "文件自带的坐标系是对的就删掉项目里的 crs 这一行");
    return;
  }
  add_issue(log, Severity::warning, "crs_overrides_file", spec, -1, "crs", said,
            "多半是其中之一写错了：文件自带的坐标系是对的就删掉项目里的 crs 这一行；确是文件（.prj）错了（如分带写错）才保留");
}

void store_geometry(const LayerSpec& spec, int64_t fid, GeometryRead& g, FeatureTable& t, ReadStats& st, IssueLog& log) {
  g.scratch.close_feature();
  if (g.other_kind && ++st.other_kind <= 20) st.other_kind_fids.push_back(fid);
  if (!g.finite) {
    ++st.non_finite;
    add_issue(log, Severity::warning, "non_finite_coordinate", spec, fid, {}, "有坐标不是有效数字（NaN 或无穷大），已去掉该要素的几何");
    t.geometry.add_null_feature();
    return;
  }
  if (g.parts == 0) {
    if (st.has_geom && !g.other_kind && ++st.empty <= k_listed)
      add_issue(log, Severity::warning, "empty_geometry", spec, fid, {}, "要素没有几何（为空）", "保留了它的属性，但它没有位置：不参与按距离或范围的判断");
    t.geometry.add_null_feature();
    return;
  }
  if (st.geographic && !check_range(spec, fid, g, t, st, log)) {
    t.geometry.add_null_feature();
    return;
  }
  std::string reason;
  // The feature as a person finds it: its code and name where the layer has them (the row just read is the last).
  const auto who = [&t] {
    std::string s;
    for (const char* field : {"name", "code"})
      if (const Column* c = t.column(field); c != nullptr && c->size() == t.fid.size() && !c->is_null(c->size() - 1))
        s += (s.empty() ? "" : " ") + c->as_text(c->size() - 1);
    return s.empty() ? s : "（" + s + "）";
  };
  if (geos::append_valid(g.scratch, 0, t.geometry, &reason)) {
    ++st.repaired;
    add_issue(log, Severity::warning, "invalid_geometry_repaired", spec, fid, {}, "面的几何不合法" + who() + "，已自动修复（" + reason + "）");
  } else if (!reason.empty()) {
    add_issue(log, Severity::error, "invalid_geometry", spec, fid, {}, "面的几何不合法" + who() + "，且无法自动修复（" + reason + "）");
  }
}

Result<void> check_complete(const LayerSpec& spec, const VectorSource& src, const ReadStats& st, const GdalFailures& failures) {
  if (failures.count > 0)
    return error(ErrorCode::format, "读完 " + with_thousands(st.read) + " 个要素后读取出错（GDAL：" + failures.first + "）")
        .file(spec.path)
        .layer(spec.name)
        .hint("文件已损坏或不完整，该图层的数据一概没有使用。请从备份恢复，或修复后（如用 ogr2ogr -skipfailures 另存为新文件）在项目里改用修复后的文件");
  GDALDriver* drv = src.ds->GetDriver();
  if (!drv || !iequals(drv->GetDescription(), "GPKG") || src.layer->GetAttrQueryString()) return {};
  const GIntBig declared = src.layer->GetFeatureCount(FALSE);
  // Fewer rows than the GeoPackage's own count (gpkg_ogr_contents): a damaged page
  // can hide rows without SQLite noticing, and COUNT(*) would miss them too.
  if (declared < 0 || static_cast<size_t>(declared) <= st.read + st.skipped_numbers + st.skipped_summaries) return {};
  return error(ErrorCode::format, "图层登记有 " + with_thousands(static_cast<size_t>(declared)) + " 个要素，只读出了 " + with_thousands(st.read) + " 个")
      .file(spec.path)
      .layer(spec.name)
      .hint("GeoPackage 文件已损坏（或被某个不更新 gpkg_ogr_contents 表的程序改过），缺的要素不能使用：请从备份恢复");
}

Result<void> check_degrees(const LayerSpec& spec, const OGRSpatialReference* file_srs, const ReadStats& st, IssueLog& log) {
  if (st.out_of_range == 0 || st.in_range > 0) {
    log.append(st.out_of_range_issues);
    return {};
  }
  // Who said the layer is in degrees: the project, else the file (a GeoJSON without its crs member is WGS 84 by its standard).
  const char* srs_name = file_srs != nullptr ? file_srs->GetName() : nullptr;
  const std::string declared = !spec.crs.empty() ? "项目文件为该图层写了 crs = \"" + spec.crs.label() + "\"（经纬度），"
                               : srs_name != nullptr ? "文件的坐标系是经纬度（" + std::string(srs_name) + "；GeoJSON 不写坐标系时按规范就是 WGS 84），"
                                                     : "图层按经纬度读入，";
  const auto& held = st.out_of_range_issues.entries();
  const std::string first = held.empty() ? std::string() : "，如要素 " + std::to_string(held.front().feature) + " 的" + held.front().message.substr(0, held.front().message.find(" 超出"));
  if (st.looks_swapped == st.out_of_range)
    return error(ErrorCode::crs, declared + "但全部 " + with_thousands(st.out_of_range) + " 个要素的坐标都超出经纬度范围，看起来经度和纬度写反了" + first)
        .file(spec.path)
        .layer(spec.name)
        .hint("交换 x 和 y 列，或检查数据的坐标轴顺序；没有使用这个图层的任何数据");
  const bool file_projected = file_srs && file_srs->IsProjected();
  const char* file_name = file_projected ? file_srs->GetName() : nullptr;
  const std::string hint = file_projected && !spec.crs.empty()
                               ? "文件自带的坐标系是投影坐标“" + std::string(file_name ? file_name : "") + "”：删去项目文件 [layers." + spec.name +
                                     "] 里的 crs 一行即可按它读取（GCJ-02、BD-09 只用于经纬度数据）"
                               : "在项目文件 [layers." + spec.name + "] 里写出它的投影坐标系，如 crs = \"EPSG:4546\"（CGCS2000 高斯-克吕格 3 度带 37 带）";
  return error(ErrorCode::crs, declared + "但全部 " + with_thousands(st.out_of_range) + " 个要素的坐标都超出经纬度范围，看起来是投影坐标（米）" + first +
                                   "；没有使用这个图层的任何数据")
      .file(spec.path)
      .layer(spec.name)
      .hint(hint);
}

namespace {

// The 栏次 and 合计 rows skipped as no village, said once: how many, which rows, what they read.
void report_skipped_rows(const LayerSpec& spec, const VectorSource& src, const ReadStats& st, IssueLog& log) {
  if (st.skipped_rows.empty()) return;
  auto rows_of = [&](RowKind kind) {
    std::string rows, labels;
    for (const auto& [fid, row] : st.skipped_rows)
      if (row.kind == kind) {
        rows += (rows.empty() ? "" : "、") + std::to_string(fid);
        if (kind == RowKind::summary && labels.find("「" + row.label + "」") == std::string::npos) labels += "「" + row.label + "」";
        if (kind == RowKind::numbers && labels.empty()) labels = "「" + row.label + "」";
      }
    const size_t n = kind == RowKind::numbers ? st.skipped_numbers : st.skipped_summaries;
    const size_t listed = static_cast<size_t>(std::count_if(st.skipped_rows.begin(), st.skipped_rows.end(), [&](const auto& r) { return r.second.kind == kind; }));
    if (n > listed) rows += " 等";
    return (src.table ? "第 " : "要素 ") + rows + (src.table ? " 行" : " ") + (kind == RowKind::numbers ? "是栏次行" : "是合计/小计行") + labels;
  };
  std::string what;
  if (st.skipped_numbers > 0) what = rows_of(RowKind::numbers);
  if (st.skipped_summaries > 0) what += (what.empty() ? "" : "；") + rows_of(RowKind::summary);
  add_issue(log, Severity::info, "rows_skipped", spec, -1, {},
            "跳过 " + with_thousands(st.skipped_numbers + st.skipped_summaries) + " 行不是村的数据（" + what + "），不计入、不参与连接和检查",
            "某行其实是村时（村名恰为「合计」「小计」等），请在表里写全村名（如「合计村」）");
}

}  // namespace

void report_read(const LayerSpec& spec, const VectorSource& src, const FeatureTable& t, const ReadStats& st, IssueLog& log) {
  if (st.other_kind > 0)
    add_issue(log, Severity::warning, "geometry_kind_mismatch", spec, st.other_kind_fids.front(), {},
              "图层按多数要素定为" + std::string(kind_zh(t.geometry.kind)) + "图层；其中 " + with_thousands(st.other_kind) +
                  " 个要素是别的几何类型，已去掉其几何（属性保留，位置未知）：要素 " + fid_list(st.other_kind_fids, st.other_kind),
              "把它们另存为一个伴随图层（如 " + spec.name + "_points），在项目里以 [layers." + spec.name + "_points] 加入");
  if (st.empty > k_listed)
    add_issue(log, Severity::warning, "empty_geometry", spec, -1, {}, "共 " + with_thousands(st.empty) + " 个要素没有几何（为空），上面只列出前 1000 个");
  if ((st.decoded || src.names_decoded) && says_utf8(spec.encoding)) {
    // The project's encoding = "UTF-8" is wrong for these bytes: what was done, and the fix.
    add_issue(log, Severity::warning, "text_decoded", spec, -1, {},
              "项目文件写明 encoding = \"" + spec.encoding + "\"，但内容不是 UTF-8，已按 GBK/GB18030 解码",
              "请把项目文件中该图层的 encoding 改为 \"GB18030\"（或删去这一行，按内容判定）");
  } else if (st.decoded || src.names_decoded) {
    const std::string enc = src.text.encoding == "GB18030" ? std::string("GBK/GB18030") : src.text.encoding;
    // How the encoding was decided: only an encoding = "..." in the project is "项目指定".
    const std::string why = !spec.encoding.empty()   ? "项目文件写明了 encoding = \"" + spec.encoding + "\""
                            : src.text.cpg_says_utf8 ? "其 .cpg 写的是 UTF-8，但内容不是，按内容判定"
                            : src.text.cpg_says_gbk  ? "按 .cpg 文件的声明"
                                                     : "文件没有声明编码，按内容判定";
    add_issue(log, Severity::info, "text_decoded", spec, -1, {}, "字段名和文字按 " + enc + " 解码（" + why + "）",
              "要明确编码，可加 .cpg 文件或在项目里写 encoding = \"GB18030\"");
  }
  if (st.invalid_text)
    add_issue(log, Severity::warning, "invalid_text", spec, -1, {}, "有些文字按 " + src.text.encoding + " 也解不出，已用 � 代替",
              "检查文件的编码，在项目里写 encoding = \"...\"");
  if (src.table && src.header_row > 1)
    add_issue(log, Severity::info, "header_row", spec, -1, {},
              "表头在第 " + std::to_string(src.header_row) + " 行（上面 " + std::to_string(src.header_row - 1) + " 行当作标题跳过）；列：" + list_names(src.names),
              "不对时在项目里写 header_row = N");
  report_skipped_rows(spec, src, st, log);
  if (t.size() == 0) add_issue(log, Severity::warning, "empty_layer", spec, -1, {}, "图层中没有任何要素", "检查数据文件，以及项目里为该图层写的筛选条件");
  if (!st.geographic && !t.crs.empty() && t.size() > 0) {  // a projected CRS holding degrees is a classic mix-up
    const BBox b = t.bbox();
    if (!b.empty() && b.min_x >= -180 && b.max_x <= 180 && b.min_y >= -90 && b.max_y <= 90 && b.width() < 50)
      add_issue(log, Severity::error, "degrees_in_projected_crs", spec, -1, {},
                "坐标看起来是经纬度（度），但图层的坐标系是 " + t.crs.label() + "（单位为米）", "在项目里为该图层写 crs = \"EPSG:4490\"");
  }
}

void report_empty_mapped_columns(const FeatureTable& t, const LayerSpec& spec, IssueLog& log) {
  // The villages' own figures and their statistics tables (where formulas live); a network layer's optional column
  // left blank (a power line's 容量) is no one's figure.
  if (t.size() == 0 || (spec.name != target_layer && spec.join_to.empty())) return;
  for (const auto& [field, column] : spec.fields) {
    const Column* c = t.column(field);
    if (c == nullptr) continue;
    bool any = false;
    for (size_t r = 0; r < c->size() && !any; ++r) any = !c->is_null(r) && !(c->type() == FieldType::text && c->get_text(r).empty());
    if (any) continue;
    add_issue(log, Severity::warning, "mapped_column_empty", spec, -1, field,
              "列「" + column + "」（" + field + "）的 " + std::to_string(t.size()) + " 行都没有值：读它的项目在各村都没有数据",
              "在表格里核对这一列；若它是公式，可能没有保存计算结果：用 Excel/WPS 打开、保存后再用，或把公式换成数值");
  }
}

}  // namespace jiuyou::io
