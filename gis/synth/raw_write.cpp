// Writing a raw county: GBK shapefiles without encoding marks, the GCJ-02
// GeoJSON roads, the statistics workbook and the project files, committed
// together (temporary names first, renamed at the end).
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <xlsxwriter.h>

#include "gis/crs/crs.hpp"
#include "gis/io/write.hpp"
#include "gis/synth/raw_county.hpp"
#include "gis/synth/raw_spelling.hpp"
#include "gis/synth/synth_target.hpp"
#include "gis/util/atomic_file.hpp"

namespace jiuyou::synth {

namespace fs = std::filesystem;

Result<void> strip_encoding_marks(const std::string& shp_path) {
  const fs::path shp(shp_path);
  std::error_code ec;
  fs::remove(fs::path(shp).replace_extension(".cpg"), ec);
  const std::string dbf = fs::path(shp).replace_extension(".dbf").string();
  std::fstream f(dbf, std::ios::in | std::ios::out | std::ios::binary);
  if (!f) return error(ErrorCode::io, "cannot open the DBF to clear its language driver byte").file(dbf);
  f.seekp(29);  // dBASE header: byte 29 is the language driver ID (0x4D = GBK)
  f.put('\0');
  if (!f) return error(ErrorCode::io, "cannot write the DBF header").file(dbf);
  return {};
}

namespace {

// "52300" -> "52,300"; "1234.5" -> "1,234.5".
std::string with_thousands(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, v == std::floor(v) ? "%.0f" : "%.2f", std::abs(v));
  std::string digits(buf);
  const size_t dot = digits.find('.');
  std::string head = digits.substr(0, dot), tail = dot == std::string::npos ? "" : digits.substr(dot);
  std::string out;
  for (size_t i = 0; i < head.size(); ++i) {
    if (i > 0 && (head.size() - i) % 3 == 0) out += ',';
    out += head[i];
  }
  return (v < 0 ? "-" : "") + out + tail;
}

struct SheetContext {
  lxw_worksheet* ws;
  const Spellings& words;
  const FeatureTable& villages;
  std::map<std::string, std::string> township_name;
};

void write_stat_cell(const SheetContext& c, lxw_row_t row, lxw_col_t col, const StatColumn& sc, size_t r) {
  if (sc.canonical.empty()) {  // the township's name
    const auto it = c.township_name.find(c.villages.column("township")->as_text(r));
    if (it != c.township_name.end()) worksheet_write_string(c.ws, row, col, it->second.c_str(), nullptr);
    return;
  }
  const Column* v = c.villages.column(sc.canonical);
  if (v->is_null(r)) return;  // an empty cell
  switch (sc.kind) {
    case StatColumn::Kind::text: worksheet_write_string(c.ws, row, col, v->as_text(r).c_str(), nullptr); break;
    case StatColumn::Kind::boolean: worksheet_write_string(c.ws, row, col, (v->get_bool(r) ? c.words.yes : c.words.no).c_str(), nullptr); break;
    case StatColumn::Kind::money:
      // Typed by hand in a county office: every other row as text with thousands separators.
      if (c.words.money_as_text && r % 2 == 0) worksheet_write_string(c.ws, row, col, with_thousands(*v->number(r)).c_str(), nullptr);
      else worksheet_write_number(c.ws, row, col, *v->number(r), nullptr);
      break;
    case StatColumn::Kind::count:
    case StatColumn::Kind::ratio: worksheet_write_number(c.ws, row, col, *v->number(r), nullptr); break;
  }
}

Result<void> write_stats_xlsx(const std::string& path, const SynthCounty& county, const Spellings& words) {
  lxw_workbook* wb = workbook_new(path.c_str());
  if (wb == nullptr) return error(ErrorCode::io, "cannot create the workbook").file(path).hint("check that the folder is writable");
  lxw_doc_properties props{};
  props.created = 1514678400;  // 2017-12-31: the same bytes for the same county
  workbook_set_properties(wb, &props);
  lxw_worksheet* ws = workbook_add_worksheet(wb, "贫困村统计");
  lxw_format* title = workbook_add_format(wb);
  format_set_bold(title);
  format_set_align(title, LXW_ALIGN_CENTER);
  const auto& cols = stat_columns();
  const std::string heading = county.name + "2017年贫困村统计表";
  worksheet_merge_range(ws, 0, 0, 0, static_cast<lxw_col_t>(cols.size() - 1), heading.c_str(), title);
  // The header's row (0-based): under the title, and under a line of units when the loader is left to find it.
  const lxw_row_t header = words.header_row > 0 ? static_cast<lxw_row_t>(words.header_row - 1) : 2;
  if (header == 2) worksheet_write_string(ws, 1, 0, "填报单位：县扶贫办　　单位：户、人、元", nullptr);
  SheetContext c{ws, words, county.villages, {}};
  for (size_t r = 0; r < county.townships.size(); ++r) c.township_name[county.townships.column("code")->as_text(r)] = county.townships.column("name")->as_text(r);
  for (size_t k = 0; k < cols.size(); ++k) worksheet_write_string(ws, header, static_cast<lxw_col_t>(k), cols[k].header.c_str(), nullptr);
  for (size_t r = 0; r < county.villages.size(); ++r)
    for (size_t k = 0; k < cols.size(); ++k) write_stat_cell(c, header + 1 + static_cast<lxw_row_t>(r), static_cast<lxw_col_t>(k), cols[k], r);
  const lxw_error rc = workbook_close(wb);
  if (rc != LXW_NO_ERROR) return error(ErrorCode::io, std::string("cannot write the workbook: ") + lxw_strerror(rc)).file(path);
  return {};
}

Result<void> write_gbk_shapefile(util::AtomicDirectory& outputs, const char* name, FeatureTable table) {
  const std::string path = outputs.add(name, true);
  io::WriteOptions options;
  options.layer_options = {"ENCODING=CP936"};
  if (auto ok = io::write_layer(path, table, options); !ok) return ok;
  return strip_encoding_marks(path);
}

// The county and township boundaries with the office's field names.
FeatureTable renamed(const FeatureTable& src, std::initializer_list<std::pair<const char*, const char*>> fields) {
  FeatureTable t;
  t.name = src.name;
  t.crs = src.crs;
  t.geometry = src.geometry;
  t.fid = src.fid;
  for (const auto& [from, to] : fields) {
    Column c = *src.column(from);
    c.rename(to);
    t.columns.push_back(std::move(c));
  }
  return t;
}

Result<void> write_vector_files(util::AtomicDirectory& outputs, const SynthCounty& county, const RawParams& params) {
  if (auto ok = write_gbk_shapefile(outputs, RawFiles::county, renamed(county.county, {{"code", "县代码"}, {"name", "县名"}})); !ok) return ok;
  if (auto ok = write_gbk_shapefile(outputs, RawFiles::townships, renamed(county.townships, {{"code", raw_field::township_code}, {"name", "乡镇名称"}})); !ok)
    return ok;
  if (auto ok = write_gbk_shapefile(outputs, RawFiles::villages, raw_villages(county, false)); !ok) return ok;
  if (auto ok = write_gbk_shapefile(outputs, RawFiles::village_points, raw_villages(county, true)); !ok) return ok;
  FeatureTable facilities = raw_facilities(county, params);
  if (auto ok = crs::transform_table(facilities, CrsRef::epsg(4490)); !ok) return ok;
  if (auto ok = write_gbk_shapefile(outputs, RawFiles::facilities, std::move(facilities)); !ok) return ok;
  FeatureTable roads = raw_roads(county, params);
  if (auto ok = to_gcj02(roads); !ok) return ok;
  io::WriteOptions geojson;
  geojson.layer_options = {"COORDINATE_PRECISION=7"};  // as web maps give them: about 1 cm
  if (auto ok = io::write_layer(outputs.add(RawFiles::roads), roads, geojson); !ok) return ok;
  std::vector<FeatureTable> themes;
  for (const auto& theme : theme_layers())
    for (const FeatureTable* t : county.layers())
      if (t->name == theme.layer) themes.push_back(raw_theme(*t, theme, params));
  std::vector<const FeatureTable*> networks;
  for (const auto& t : themes) networks.push_back(&t);
  return io::write_layers(outputs.add(RawFiles::networks), networks);
}

}  // namespace

Result<void> write_raw_county(const std::string& dir, const SynthCounty& county, const RawParams& params, const ProgressFn& progress) {
  if (auto ok = refuse_replacing_foreign_county(dir, {RawFiles::county, RawFiles::townships, RawFiles::villages, RawFiles::village_points,
                                                      RawFiles::stats, RawFiles::roads, RawFiles::facilities, RawFiles::networks,
                                                      RawFiles::dem, RawFiles::project, RawFiles::project_points});
      !ok)
    return ok;
  util::AtomicDirectory outputs(dir);
  if (auto ok = outputs.prepare(); !ok) return ok;
  if (!report_progress(progress, 0.0, "writing the office's files")) return error(ErrorCode::input, "cancelled");
  if (auto ok = write_vector_files(outputs, county, params); !ok) return ok;
  if (auto ok = write_stats_xlsx(outputs.add(RawFiles::stats), county, spellings(params.spelling)); !ok) return ok;
  if (!report_progress(progress, 0.7, "writing dem.tif")) return error(ErrorCode::input, "cancelled");
  if (auto ok = io::write_geotiff(outputs.add(RawFiles::dem), county.dem); !ok) return ok;
  if (auto ok = util::write_file_atomic(outputs.add(RawFiles::project), raw_project_toml(county, params, false)); !ok) return ok;
  if (auto ok = util::write_file_atomic(outputs.add(RawFiles::project_points), raw_project_toml(county, params, true)); !ok) return ok;
  if (auto ok = outputs.commit(); !ok) return ok;
  report_progress(progress, 1.0, "written");
  return {};
}

}  // namespace jiuyou::synth
