// Loading a project: vector layers (gis/io/load_vector.cpp), the DEM, joined
// attribute tables (gis/io/join.cpp), codes checked, everything reprojected
// to one metric CRS.
#include "gis/io/schema.hpp"
#include "gis/io/load.hpp"
#include "gis/io/dem_plausible.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <optional>

#include <gdal_priv.h>
#include <gdalwarper.h>
#include <ogr_spatialref.h>

#include "gis/crs/crs.hpp"
#include "gis/io/codes.hpp"
#include "gis/io/count_checks.hpp"
#include "gis/io/far_layers.hpp"
#include "gis/io/join.hpp"
#include "gis/io/load_detail.hpp"
#include "gis/io/project_subset.hpp"
#include "gis/io/vector_source.hpp"
#include "gis/io/village_parts.hpp"

namespace fs = std::filesystem;

namespace jiuyou::io {
namespace {

// GDAL's last message to end a Chinese one: "（GDAL：<message>）", or "" when it said nothing.
std::string gdal_message_zh() {
  const char* m = CPLGetLastErrorMsg();
  return (m && *m) ? std::string("（GDAL：") + m + "）" : std::string();
}

// A layer whose datum PROJ can only shift by a "ballpark" (Xian 1980 or Beijing 1954 to CGCS2000: no published
// parameters in PROJ's database; tour 18 S19: the README promised this warning and none came).
void note_ballpark(const FeatureTable& t, const CrsRef& metric, IssueLog& log) {
  auto tr = crs::Transformer::create(t.crs, metric);
  if (!tr || !tr->is_ballpark()) return;
  Issue i;
  i.severity = Severity::warning;
  i.code = "crs_ballpark";
  i.file = t.source;
  i.layer = t.name;
  i.message = "图层 " + t.name + " 从 " + t.crs.label() + " 转到 " + metric.label() +
              " 时，PROJ 没有这两个基准之间的转换参数，只能近似转换（ballpark）：位置可能偏差几米到上百米";
  i.hint = "用测绘部门提供的转换参数（如七参数）先把这个图层转为 CGCS2000（EPSG:4490 或所在的高斯-克吕格带），再检查";
  log.add(std::move(i));
}

}  // namespace

Result<Raster> read_raster(const LayerSpec& spec, IssueLog& log, const CrsRef* to) {
  GDALAllRegister();
  std::error_code ec;
  if (!fs::exists(spec.path, ec))
    return error(ErrorCode::io, "文件不存在").file(spec.path).layer(spec.name).hint("检查项目文件里写的路径（相对路径从项目文件所在的文件夹算起）");
  CPLErrorReset();
  DatasetPtr ds(static_cast<GDALDataset*>(GDALOpenEx(spec.path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr, nullptr, nullptr)));
  if (!ds)
    return error(ErrorCode::format, "无法作为栅格打开" + gdal_message_zh())
        .file(spec.path)
        .layer(spec.name)
        .hint("高程数据应是以米为单位的 GeoTIFF 文件");
  if (ds->GetRasterCount() < 1)
    return error(ErrorCode::format, "栅格没有任何波段，读不到高程").file(spec.path).layer(spec.name).hint("用 gdalinfo 检查文件；高程数据应是单波段的 GeoTIFF");

  CrsRef src = spec.crs;
  if (double gt[6]; !spec.crs.empty() && ds->GetGeoTransform(gt) == CE_None)
    note_crs_override(spec, ds->GetSpatialRef(),
                      Vec2{gt[0] + gt[1] * ds->GetRasterXSize() / 2 + gt[2] * ds->GetRasterYSize() / 2,
                           gt[3] + gt[4] * ds->GetRasterXSize() / 2 + gt[5] * ds->GetRasterYSize() / 2},
                      log);
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
      return error(ErrorCode::crs, "GCJ-02/BD-09 坐标的栅格无法转换坐标系").file(spec.path).layer(spec.name).hint("先把 DEM 转为 CGCS2000 坐标（EPSG:4490）再加载");
    auto src_def = crs::gdal_definition(src);
    auto to_def = crs::gdal_definition(*to);
    if (!src_def || !to_def) {
      Error e = !src_def ? src_def.error() : to_def.error();
      e.file = spec.path, e.layer = spec.name;
      return tl::unexpected<Error>(std::move(e));
    }
    OGRSpatialReference s, d;
    s.SetFromUserInput(src_def->c_str());
    d.SetFromUserInput(to_def->c_str());
    s.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    d.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    char* swkt = nullptr;
    char* dwkt = nullptr;
    s.exportToWkt(&swkt);
    d.exportToWkt(&dwkt);
    GDALDatasetH vrt = GDALAutoCreateWarpedVRT(ds.get(), swkt, dwkt, GRA_Bilinear, 0.125, nullptr);
    CPLFree(swkt);
    CPLFree(dwkt);
    if (!vrt)
      return error(ErrorCode::crs, "无法转换栅格的坐标系" + gdal_message_zh())
          .file(spec.path)
          .layer(spec.name)
          .hint("检查 DEM 声明的坐标系（gdalinfo），或先用 gdalwarp 转为 CGCS2000 坐标");
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
    return error(ErrorCode::format, "不支持旋转的栅格").file(spec.path).layer(spec.name).hint("先用 gdalwarp 把它转为正北朝上的栅格");
  GDALRasterBand* band = use->GetRasterBand(1);
  int has_nodata = 0;
  const double nd = band->GetNoDataValue(&has_nodata);
  if (has_nodata) r.nodata = nd;
  r.values.resize(static_cast<size_t>(r.width) * static_cast<size_t>(r.height));
  if (band->RasterIO(GF_Read, 0, 0, r.width, r.height, r.values.data(), r.width, r.height, GDT_Float32, 0, 0) != CE_None)
    return error(ErrorCode::io, "读取栅格出错" + gdal_message_zh())
        .file(spec.path)
        .layer(spec.name)
        .hint("文件可能已损坏或不完整：请从备份恢复");
  if (warped && !has_nodata) {
    // Cells outside the source come back as 0 from the warped VRT; there is no way to tell them apart.
    Issue i;
    i.severity = Severity::info;
    i.code = "raster_warped";
    i.file = spec.path;
    i.layer = spec.name;
    i.message = "DEM 已转换到 " + src.label() + " 坐标，但它没有无数据值（nodata）：原范围以外的格子读作 0 米";
    i.hint = "给 DEM 设置 nodata 值（gdal_edit.py -a_nodata），或先用 gdalwarp 转换好坐标";
    log.add(std::move(i));
  }
  return r;
}

namespace {

// Distances are measured in the metric CRS, so it must be projected in metres
// (EPSG:4326 would give degrees: every distance item passes) and nearly true to
// scale over the data (EPSG:3857 stretches distances by 1/cos(lat), +18 % at
// 32°N). Above 0.1 % the error is said once, with the zone that fits.
Result<void> check_metric_crs(const CrsRef& metric, Workspace& ws, const Project& project) {
  if (metric.empty()) return {};
  if (!crs::is_metric(metric))
    return error(ErrorCode::crs, "量距离用的坐标系 " + metric.label() + " 不是以米为单位的投影坐标系：距离会算错")
        .file(project.path)
        .field("metric_crs")
        .hint("写 metric_crs = \"auto\"（自动用数据所在的 CGCS2000 高斯-克吕格投影带），或写某个投影带，如 \"EPSG:4546\"");
  std::optional<BBox> lonlat;
  for (const auto& t : ws.layers) {
    if (t.size() == 0 || t.crs.empty()) continue;
    if (auto b = crs::transform_bbox(t.bbox(), t.crs, CrsRef::epsg(4490))) {
      lonlat = *b;
      break;
    }
  }
  if (!lonlat) return {};
  const auto err = crs::max_scale_error(metric, *lonlat);
  if (!err || *err <= 0.001) return {};
  Issue i;
  i.severity = Severity::warning;
  i.code = "metric_crs_scale_error";
  i.file = project.path;
  i.field = "metric_crs";
  char pct[32];
  std::snprintf(pct, sizeof pct, "%.2f", 100.0 * *err);
  i.message = "在数据范围内，用 " + metric.label() + " 量的距离最多偏差 " + pct + " %";
  i.hint = "写 metric_crs = \"auto\"，或用 CGCS2000 高斯-克吕格投影带 " + crs::auto_metric_crs(*lonlat).label();
  ws.issues.add(std::move(i));
  return {};
}

// A DEM whose every cell is nodata has no elevation to give (validate printed
// "elevation 1e30..-1e30 m" for it): an error naming the file, not a silent "no heights".
Result<void> check_dem_values(const Raster& dem, const LayerSpec& spec) {
  for (const float v : dem.values)
    if (!dem.is_nodata(v) && std::isfinite(v)) return {};
  return error(ErrorCode::format, "DEM 里没有高程：所有格子都是无数据值（nodata）")
      .file(spec.path)
      .layer(spec.name)
      .hint("检查文件和它的 nodata 值（gdalinfo -stats），或在项目文件中去掉 dem 图层");
}

// A DEM that covers none of the villages gives no heights anywhere: said once,
// with both extents, instead of "village outside the DEM" for every village.
void note_dem_outside(Workspace& ws, const LayerSpec& spec) {
  const FeatureTable* villages = ws.layer(target_layer);
  if (!ws.dem || villages == nullptr || villages->size() == 0) return;
  const BBox d = ws.dem->bbox(), v = villages->bbox();
  if (d.max_x >= v.min_x && d.min_x <= v.max_x && d.max_y >= v.min_y && d.min_y <= v.max_y) return;
  Issue i;
  i.severity = Severity::warning;
  i.code = "dem_outside_villages";
  i.file = spec.path;
  i.layer = spec.name;
  char buf[512];
  std::snprintf(buf, sizeof buf, "DEM 的范围（x %.0f..%.0f，y %.0f..%.0f）不含任何一个村（村的范围 x %.0f..%.0f，y %.0f..%.0f）：各村高程未知",
                d.min_x, d.max_x, d.min_y, d.max_y, v.min_x, v.max_x, v.min_y, v.max_y);
  i.message = buf;
  i.hint = "是不是别的县的 DEM？或者它实际的坐标系与文件声明的不同？";
  ws.issues.add(std::move(i));
}


// load_workspace reading of the layers `columns` names only those columns (nullptr: every column).
Result<Workspace> load_some_columns(const Project& project, const LoadOptions& options, const LayerColumns* columns) {
  const auto only = [&](const LayerSpec& spec) -> const std::vector<std::string>* {
    if (!columns) return nullptr;
    const auto it = columns->find(spec.name);
    return it == columns->end() ? nullptr : &it->second;
  };
  Workspace ws;
  ws.project_path = project.path;
  ws.name = project.name;
  const size_t n = project.layers.size();
  std::vector<const LayerSpec*> joins;
  const LayerSpec* dem_spec = nullptr;
  size_t step = 0;
  for (const auto& spec : project.layers) {
    if (!report_progress(options.progress, static_cast<double>(step++) / static_cast<double>(n + 1), "loading " + spec.name))
      return cancelled_error();
    if (!spec.join_to.empty()) { joins.push_back(&spec); continue; }
    if (spec.is_raster()) { dem_spec = &spec; continue; }
    auto t = read_layer_columns(spec, ws.issues, only(spec));
    if (!t) return tl::unexpected<Error>(t.error());
    ws.layers.push_back(std::move(*t));
  }
  if (FeatureTable* villages = ws.layer(target_layer)) {
    TRY(settle_village_lines(*villages, ws.issues));
    drop_village_slivers(*villages, ws.issues);
    drop_admin_units(*villages, ws.issues);
    merge_village_parts(*villages, ws.issues);  // before joins and counts
    note_village_overlaps(*villages, ws.issues);  // after: a pasted copy is one village, not an overlap
  }
  TRY(join_tables(ws.layers, joins, ws.issues, only));
  if (FeatureTable* villages = ws.layer(target_layer)) check_count_pairs(*villages, ws.issues);  // after the joins

  // Reference code list and code consistency.
  std::optional<ReferenceCodes> reference;
  if (!project.reference_codes.empty()) {
    auto r = read_reference_codes(project.reference_codes);
    if (!r) return tl::unexpected<Error>(r.error());
    reference = std::move(*r);
  }
  const CountyNames counties = project_counties(ws.layers);
  for (const auto& t : ws.layers) check_codes(t, reference ? &*reference : nullptr, ws.issues, &counties);

  // The metric CRS: the project's, else the Gauss–Krüger zone of the villages (or of everything).
  CrsRef metric = !options.metric_crs.empty() ? options.metric_crs : project.metric_crs;
  if (metric.empty()) {
    const FeatureTable* anchor = ws.layer(target_layer);
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
  if (auto ok = check_metric_crs(metric, ws, project); !ok) return tl::unexpected<Error>(ok.error());
  ws.metric_crs = metric;
  if (options.reproject && !metric.empty()) {
    for (auto& t : ws.layers) {
      if (!report_progress(options.progress, static_cast<double>(n) / static_cast<double>(n + 1), "reprojecting " + t.name))
        return cancelled_error();
      if (t.crs.empty() || t.crs == metric) {
        t.crs = t.crs.empty() ? CrsRef{} : metric;
        continue;
      }
      note_ballpark(t, metric, ws.issues);
      if (auto ok = crs::transform_table(t, metric); !ok) {
        Error e = ok.error();
        e.file = t.source;
        e.layer = t.name;
        return tl::unexpected<Error>(e);
      }
    }
    note_far_layers(ws);  // a layer in the wrong zone lands hundreds of km off
  }
  if (dem_spec) {
    auto r = read_raster(*dem_spec, ws.issues, options.reproject && !metric.empty() ? &metric : nullptr);
    if (!r) return tl::unexpected<Error>(r.error());
    if (auto ok = check_dem_values(*r, *dem_spec); !ok) return tl::unexpected<Error>(ok.error());
    const FeatureTable* villages = ws.layer(target_layer);
    auto odd = implausible_dem_heights(*r, options.reproject && !metric.empty());
    if (!odd && villages != nullptr) odd = dem_heights_against_villages(*r, *villages);  // feet over gentle ground
    if (odd) {
      odd->file = dem_spec->path;  // heights that cannot be metres are never used (tour 17 R20)
      odd->layer = dem_spec->name;
      ws.dem_unused = "高程不像是以米为单位（" + odd->code + "）";
      ws.issues.add(std::move(*odd));
    } else {
      ws.dem = std::move(*r);
      note_dem_outside(ws, *dem_spec);
    }
  }
  report_progress(options.progress, 1.0, "loaded");
  return ws;
}

}  // namespace

Result<Workspace> load_workspace(const Project& project, const LoadOptions& options) { return load_some_columns(project, options, nullptr); }

Result<Workspace> load_workspace_columns(const Project& project, const LoadOptions& options, const LayerColumns& columns) {
  LayerColumns read = columns;
  const auto keep = [&](const std::string& layer, const std::string& column) {
    auto it = read.find(layer);
    if (it != read.end() && std::find(it->second.begin(), it->second.end(), column) == it->second.end()) it->second.push_back(column);
  };
  for (const char* column : {"code", "name"}) keep(target_layer, column);  // what merging a village's parts reads
  for (const LayerSpec& spec : project.layers)
    if (!spec.join_to.empty()) keep(spec.join_to, spec.join_key), keep(spec.name, spec.join_key);  // both sides of a join
  return load_some_columns(project, options, &read);
}

}  // namespace jiuyou::io
