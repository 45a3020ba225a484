// A county's own files, written here the way offices hold them: a GBK
// shapefile without .cpg with Chinese field names, a .cpg that lies, XLSX
// statistics with a title row, merged header cells and 是/否, a CSV in
// GB18030. Loaded values are checked cell by cell.
#include <gtest/gtest.h>

#include <xlsxwriter.h>

#include <cpl_conv.h>
#include <filesystem>
#include <fstream>

#include "gis/io/describe.hpp"
#include "gis/io/load.hpp"
#include "gis/io/project.hpp"
#include "gis/io/text_encoding.hpp"
#include "io/gdal_fixture.hpp"
#include "support/run_command.hpp"
#include "support/test_paths.hpp"

using namespace jiuyou;
using jiuyou::test::write_fixture;
using jiuyou::test::write_text_file;
namespace fs = std::filesystem;

namespace {

std::string gbk(const std::string& utf8) {
  char* out = CPLRecode(utf8.c_str(), CPL_ENC_UTF8, "CP936");
  std::string s = out;
  CPLFree(out);
  return s;
}

// Village points in a legacy GBK shapefile: field names and values in GBK, no .cpg.
void write_gbk_villages(const fs::path& shp, bool lying_cpg = false) {
  write_fixture("ESRI Shapefile", shp.string(), "villages", 4490, wkbPoint,
                {{gbk("村代码"), OFTString}, {gbk("村名"), OFTString}, {gbk("户籍人口"), OFTInteger}},
                {{"POINT (110.21 32.20)", {"420323100201", gbk("柳林村"), "1200"}},
                 {"POINT (110.22 32.21)", {"420323100202", gbk("王家湾村"), "800"}},
                 {"POINT (110.23 32.22)", {"420323100203", gbk("宝丰镇石门村"), "650"}}},
                {"ENCODING="});
  fs::remove(fs::path(shp).replace_extension(".cpg"));
  if (lying_cpg) write_text_file(fs::path(shp).replace_extension(".cpg"), "UTF-8");
}

// Statistics as an XLSX: a merged title row, an empty row, then the header; codes as numbers and as text with spaces.
void write_stats_xlsx(const fs::path& path) {
  lxw_workbook* wb = workbook_new(path.string().c_str());
  lxw_worksheet* ws = workbook_add_worksheet(wb, "统计");
  worksheet_merge_range(ws, 0, 0, 0, 5, "九有县2019年贫困村统计表", nullptr);
  const char* header[] = {"村代码", "贫困\n人口", "集体收入", "有主导产业", "收入增长", "备注"};
  for (int c = 0; c < 6; ++c) worksheet_write_string(ws, 2, static_cast<lxw_col_t>(c), header[c], nullptr);
  worksheet_write_number(ws, 3, 0, 420323100201.0, nullptr);  // a code typed as a number
  worksheet_write_number(ws, 3, 1, 35, nullptr);
  worksheet_write_string(ws, 3, 2, "6.2万", nullptr);
  worksheet_write_string(ws, 3, 3, "是", nullptr);
  worksheet_write_string(ws, 3, 4, "12%", nullptr);
  worksheet_write_string(ws, 4, 0, " 4203 2310 0202 ", nullptr);  // spaces
  worksheet_write_string(ws, 4, 1, "40", nullptr);
  worksheet_write_string(ws, 4, 2, "1,234", nullptr);
  worksheet_write_string(ws, 4, 3, "否", nullptr);
  worksheet_write_number(ws, 4, 4, 0.05, nullptr);
  worksheet_write_string(ws, 5, 0, "420323199999", nullptr);  // no such village
  worksheet_write_number(ws, 5, 1, 1, nullptr);
  worksheet_write_string(ws, 5, 3, "不清楚", nullptr);
  workbook_close(wb);
}

const std::string k_project =
    "[layers.villages]\npath = \"villages.shp\"\n"
    "[layers.villages.fields]\ncode = \"村代码\"\nname = \"村名\"\npopulation = \"户籍人口\"\n"
    "[layers.village_stats]\npath = \"stats.xlsx\"\njoin_to = \"villages\"\n"
    "[layers.village_stats.fields]\ncode = \"村代码\"\npoor_population = \"贫困人口\"\ncollective_income = \"集体收入\"\n"
    "has_leading_industry = \"有主导产业\"\nincome_growth = \"收入增长\"\n";

Result<Workspace> load(const fs::path& dir, const std::string& toml) {
  write_text_file(dir / "p.toml", toml);
  auto p = io::load_project((dir / "p.toml").string());
  if (!p) return tl::unexpected<Error>(p.error());
  return io::load_workspace(*p);
}

const Issue* find_layer_issue(const IssueLog& log, const std::string& code, const std::string& layer = {}) {
  for (const auto& i : log.entries())
    if (i.code == code && (layer.empty() || i.layer == layer)) return &i;
  return nullptr;
}

}  // namespace

TEST(MessyCounty, GbkShapefileAndTitledXlsxLoadCellByCell) {
  const fs::path dir = jiuyou::test::scratch_dir();
  write_gbk_villages(dir / "villages.shp");
  write_stats_xlsx(dir / "stats.xlsx");
  auto ws = load(dir, k_project);
  ASSERT_TRUE(ws) << ws.error().to_string();
  const FeatureTable* v = ws->layer("villages");
  ASSERT_NE(v, nullptr);
  ASSERT_EQ(v->size(), 3u);
  EXPECT_EQ(v->column("name")->as_text(0), "柳林村");
  EXPECT_EQ(v->column("name")->as_text(2), "宝丰镇石门村");
  EXPECT_EQ(v->column("code")->as_text(1), "420323100202");
  EXPECT_EQ(v->column("population")->number(0), 1200.0);
  // Joined from the XLSX below its title rows.
  const Column* poor = v->column("poor_population");
  const Column* income = v->column("collective_income");
  const Column* lead = v->column("has_leading_industry");
  const Column* growth = v->column("income_growth");
  ASSERT_TRUE(poor && income && lead && growth);
  EXPECT_EQ(poor->number(0), 35.0);
  EXPECT_EQ(poor->number(1), 40.0);
  EXPECT_TRUE(poor->is_null(2));  // 石门村 has no row
  EXPECT_DOUBLE_EQ(*income->number(0), 62000);
  EXPECT_DOUBLE_EQ(*income->number(1), 1234);
  ASSERT_EQ(lead->type(), FieldType::boolean);
  EXPECT_TRUE(lead->get_bool(0));
  EXPECT_FALSE(lead->get_bool(1));  // 否 is false, not "non-empty text"
  EXPECT_TRUE(lead->is_null(2));
  EXPECT_DOUBLE_EQ(*growth->number(0), 0.12);
  EXPECT_DOUBLE_EQ(*growth->number(1), 0.05);
  // Said once each: GBK decoded, the header row, unmatched villages and rows by code and name.
  const Issue* decoded = find_layer_issue(ws->issues, "text_decoded", "villages");
  ASSERT_NE(decoded, nullptr);
  EXPECT_NE(decoded->message.find("GBK"), std::string::npos);
  EXPECT_EQ(ws->issues.count("text_decoded"), 1u);
  const Issue* header = find_layer_issue(ws->issues, "header_row", "village_stats");
  ASSERT_NE(header, nullptr);
  EXPECT_NE(header->message.find("第 3 行"), std::string::npos) << header->message;
  const Issue* unmatched = find_layer_issue(ws->issues, "join_unmatched");
  ASSERT_NE(unmatched, nullptr);
  EXPECT_NE(unmatched->message.find("420323100203 宝丰镇石门村"), std::string::npos) << unmatched->message;
  const Issue* orphans = find_layer_issue(ws->issues, "join_orphans");
  ASSERT_NE(orphans, nullptr);
  EXPECT_NE(orphans->message.find("420323199999"), std::string::npos);
  EXPECT_EQ(ws->issues.count("join_orphan_row"), 1u);
  const Issue* orphan_row = find_layer_issue(ws->issues, "join_orphan_row");
  EXPECT_EQ(orphan_row->feature, 6);  // its row in the sheet
  // 不清楚 in the orphan row is still reported (the table is read whole).
  EXPECT_NE(find_layer_issue(ws->issues, "unmapped_value", "village_stats"), nullptr);
  for (const auto& l : ws->layers)
    for (const auto& c : l.columns) {
      if (c.type() != FieldType::text) continue;
      for (size_t r = 0; r < c.size(); ++r) EXPECT_TRUE(io::is_valid_utf8(c.as_text(r))) << l.name << "." << c.name();
    }
}

TEST(MessyCounty, ForcedHeaderRowIsUsedAndAWrongOneNamesTheMissingColumn) {
  const fs::path dir = jiuyou::test::scratch_dir();
  write_gbk_villages(dir / "villages.shp");
  write_stats_xlsx(dir / "stats.xlsx");
  std::string forced = k_project;
  forced.replace(forced.find("join_to"), 0, "header_row = 3\n");
  auto ok = load(dir, forced);
  ASSERT_TRUE(ok) << ok.error().to_string();
  EXPECT_EQ(ok->layer("villages")->column("poor_population")->number(1), 40.0);
  std::string wrong = k_project;
  wrong.replace(wrong.find("join_to"), 0, "header_row = 1\n");
  auto bad = load(dir, wrong);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::format);
  EXPECT_EQ(bad.error().layer, "village_stats");
  EXPECT_EQ(bad.error().field, "村代码");
  std::string beyond = k_project;
  beyond.replace(beyond.find("join_to"), 0, "header_row = 99\n");
  auto far = load(dir, beyond);
  ASSERT_FALSE(far);
  EXPECT_EQ(far.error().field, "header_row");
}

TEST(MessyCounty, MergedHeaderCellsTakeTheNameAbove) {
  const fs::path dir = jiuyou::test::scratch_dir();
  write_gbk_villages(dir / "villages.shp");
  lxw_workbook* wb = workbook_new((dir / "stats.xlsx").string().c_str());
  lxw_worksheet* ws = workbook_add_worksheet(wb, "统计");
  worksheet_merge_range(ws, 0, 0, 1, 0, "村代码", nullptr);  // spans both header rows
  worksheet_merge_range(ws, 0, 1, 0, 2, "人口", nullptr);    // spans two columns
  worksheet_write_string(ws, 1, 1, "户籍", nullptr);
  worksheet_write_string(ws, 1, 2, "贫困", nullptr);
  worksheet_write_string(ws, 2, 0, "420323100201", nullptr);
  worksheet_write_number(ws, 2, 1, 1300, nullptr);
  worksheet_write_number(ws, 2, 2, 31, nullptr);
  workbook_close(wb);
  auto loaded = load(dir, "[layers.villages]\npath = \"villages.shp\"\n[layers.villages.fields]\ncode = \"村代码\"\n"
                          "[layers.s]\npath = \"stats.xlsx\"\njoin_to = \"villages\"\n[layers.s.fields]\ncode = \"村代码\"\npopulation = \"户籍\"\npoor_population = \"贫困\"\n");
  ASSERT_TRUE(loaded) << loaded.error().to_string();
  const FeatureTable* v = loaded->layer("villages");
  EXPECT_EQ(v->column("population")->number(0), 1300.0);
  EXPECT_EQ(v->column("poor_population")->number(0), 31.0);
}

TEST(MessyCounty, CpgThatSaysUtf8ButIsGbkIsDetected) {
  const fs::path dir = jiuyou::test::scratch_dir();
  write_gbk_villages(dir / "villages.shp", /*lying_cpg=*/true);
  ASSERT_TRUE(fs::exists(dir / "villages.cpg"));
  auto ws = load(dir, "[layers.villages]\npath = \"villages.shp\"\n[layers.villages.fields]\ncode = \"村代码\"\nname = \"村名\"\n");
  ASSERT_TRUE(ws) << ws.error().to_string();
  EXPECT_EQ(ws->layer("villages")->column("name")->as_text(1), "王家湾村");
  const Issue* decoded = find_layer_issue(ws->issues, "text_decoded");
  ASSERT_NE(decoded, nullptr);
  EXPECT_NE(decoded->message.find(".cpg"), std::string::npos);
}

TEST(MessyCounty, CpgNamingGbkDecodesAndUtf8UnderAGbkCpgIsKept) {
  const fs::path dir = jiuyou::test::scratch_dir();
  write_gbk_villages(dir / "villages.shp");
  write_text_file(dir / "villages.cpg", "936");
  auto ws = load(dir, "[layers.villages]\npath = \"villages.shp\"\n[layers.villages.fields]\nname = \"村名\"\n");
  ASSERT_TRUE(ws) << ws.error().to_string();
  EXPECT_EQ(ws->layer("villages")->column("name")->as_text(2), "宝丰镇石门村");
  // A UTF-8 file whose .cpg says 936 (copied from another file): the UTF-8 is kept, not turned to mojibake.
  write_fixture("ESRI Shapefile", (dir / "u.shp").string(), "u", 4490, wkbPoint, {{"村名", OFTString}}, {{"POINT (110.2 32.2)", {"柳林村"}}}, {"ENCODING=UTF-8"});
  write_text_file(dir / "u.cpg", "936");
  auto u = load(dir, "[layers.villages]\npath = \"u.shp\"\n[layers.villages.fields]\nname = \"村名\"\n");
  ASSERT_TRUE(u) << u.error().to_string();
  EXPECT_EQ(u->layer("villages")->column("name")->as_text(0), "柳林村");
}

TEST(MessyCounty, UnknownEncodingIsAnErrorNamingTheLayer) {
  const fs::path dir = jiuyou::test::scratch_dir();
  write_gbk_villages(dir / "villages.shp");
  auto ws = load(dir, "[layers.villages]\npath = \"villages.shp\"\nencoding = \"KLINGON\"\n");
  ASSERT_FALSE(ws);
  EXPECT_EQ(ws.error().code, ErrorCode::format);
  EXPECT_EQ(exit_code_for(ws.error().code), 4);
  EXPECT_EQ(ws.error().layer, "villages");
  EXPECT_NE(ws.error().message.find("KLINGON"), std::string::npos);
}

TEST(MessyCounty, ExplicitGb18030IsHonouredAndBadBytesNeverReachTheModel) {
  const fs::path dir = jiuyou::test::scratch_dir();
  write_gbk_villages(dir / "villages.shp");
  auto ws = load(dir, "[layers.villages]\npath = \"villages.shp\"\nencoding = \"GB18030\"\n[layers.villages.fields]\nname = \"村名\"\n");
  ASSERT_TRUE(ws) << ws.error().to_string();
  EXPECT_EQ(ws->layer("villages")->column("name")->as_text(0), "柳林村");
  const Issue* declared = find_layer_issue(ws->issues, "text_decoded");
  ASSERT_NE(declared, nullptr);
  EXPECT_NE(declared->message.find("项目文件写明了 encoding = \"GB18030\""), std::string::npos) << declared->message;
  // The same file with no encoding anywhere: decided from its content, and said so (not "项目指定").
  auto detected = load(dir, "[layers.villages]\npath = \"villages.shp\"\n[layers.villages.fields]\nname = \"村名\"\n");
  ASSERT_TRUE(detected) << detected.error().to_string();
  const Issue* guessed = find_layer_issue(detected->issues, "text_decoded");
  ASSERT_NE(guessed, nullptr);
  EXPECT_NE(guessed->message.find("文件没有声明编码，按内容判定"), std::string::npos) << guessed->message;
  EXPECT_EQ(guessed->message.find("项目"), std::string::npos) << guessed->message;
  // Bytes that are not GBK either: replaced, valid UTF-8, and said.
  write_fixture("GPKG", (dir / "bad.gpkg").string(), "villages", 4490, wkbPoint, {{"name", OFTString}}, {{"POINT (110.2 32.2)", {"\xFF\xFE\x80"}}});
  auto bad = load(dir, "[layers.villages]\npath = \"bad.gpkg\"\n");
  ASSERT_TRUE(bad) << bad.error().to_string();
  EXPECT_TRUE(io::is_valid_utf8(bad->layer("villages")->column("name")->as_text(0)));
  EXPECT_EQ(bad->issues.count("invalid_text"), 1u);
}

// tour7 F18: encoding = "UTF-8" on a GBK file is overridden by the content, and
// the warning says so the right way round, with the fix.
TEST(MessyCounty, AWrongUtf8EncodingIsAWarningWithTheFix) {
  const fs::path dir = jiuyou::test::scratch_dir();
  write_gbk_villages(dir / "villages.shp");
  auto ws = load(dir, "[layers.villages]\npath = \"villages.shp\"\nencoding = \"UTF-8\"\n[layers.villages.fields]\nname = \"村名\"\n");
  ASSERT_TRUE(ws) << ws.error().to_string();
  EXPECT_EQ(ws->layer("villages")->column("name")->as_text(0), "柳林村");
  const Issue* wrong = find_layer_issue(ws->issues, "text_decoded", "villages");
  ASSERT_NE(wrong, nullptr);
  EXPECT_EQ(wrong->severity, Severity::warning);
  EXPECT_EQ(wrong->message, "项目文件写明 encoding = \"UTF-8\"，但内容不是 UTF-8，已按 GBK/GB18030 解码");
  EXPECT_NE(wrong->hint.find("encoding 改为 \"GB18030\""), std::string::npos) << wrong->hint;
  EXPECT_EQ(ws->issues.count("text_decoded"), 1u);
  // A UTF-8 file under encoding = "utf8": nothing to say.
  write_fixture("GPKG", (dir / "u.gpkg").string(), "villages", 4490, wkbPoint, {{"name", OFTString}}, {{"POINT (110.2 32.2)", {"柳林村"}}});
  auto right = load(dir, "[layers.villages]\npath = \"u.gpkg\"\nencoding = \"utf8\"\n");
  ASSERT_TRUE(right) << right.error().to_string();
  EXPECT_EQ(right->issues.count("text_decoded"), 0u);
}

TEST(MessyCounty, Gb18030CsvWithATitleRowAndCoordinates) {
  const fs::path dir = jiuyou::test::scratch_dir();
  write_text_file(dir / "f.csv", gbk("九有县卫生室名录\n名称,类别,经度,纬度,村代码\n柳林村卫生室,村卫生室,110.21,32.20,420323100201\n石门小学,小学,110.23,32.22,4.20323100203E+11\n"));
  auto ws = load(dir, "[layers.facilities]\npath = \"f.csv\"\nx = \"经度\"\ny = \"纬度\"\ncrs = \"EPSG:4490\"\n"
                      "[layers.facilities.fields]\nname = \"名称\"\nkind = \"类别\"\nvillage_code = \"村代码\"\n");
  ASSERT_TRUE(ws) << ws.error().to_string();
  const FeatureTable* f = ws->layer("facilities");
  ASSERT_EQ(f->size(), 2u);
  EXPECT_EQ(f->column("name")->as_text(0), "柳林村卫生室");
  EXPECT_EQ(f->column("kind")->as_text(0), "clinic");
  EXPECT_EQ(f->column("kind")->as_text(1), "school");
  EXPECT_EQ(f->column("village_code")->as_text(1), "420323100203");
  EXPECT_EQ(f->fid[0], 3);  // its line in the file
  EXPECT_FALSE(f->geometry.is_empty(1));
  EXPECT_NE(find_layer_issue(ws->issues, "text_decoded"), nullptr);
  EXPECT_NE(find_layer_issue(ws->issues, "header_row"), nullptr);
}

TEST(MessyCounty, InfoShowsDecodedFieldNames) {
  const fs::path dir = jiuyou::test::scratch_dir();
  write_gbk_villages(dir / "villages.shp");
  auto info = io::describe_source((dir / "villages.shp").string());
  ASSERT_TRUE(info) << info.error().to_string();
  ASSERT_EQ(info->layers.size(), 1u);
  ASSERT_EQ(info->layers[0].fields.size(), 3u);
  EXPECT_EQ(info->layers[0].fields[0].name, "村代码");
  EXPECT_EQ(info->layers[0].fields[2].name, "户籍人口");
  EXPECT_NE(info->layers[0].note.find("GBK"), std::string::npos);
  write_stats_xlsx(dir / "stats.xlsx");
  auto xinfo = io::describe_source((dir / "stats.xlsx").string());
  ASSERT_TRUE(xinfo) << xinfo.error().to_string();
  ASSERT_FALSE(xinfo->layers[0].fields.empty());
  EXPECT_EQ(xinfo->layers[0].fields[0].name, "村代码");
  EXPECT_EQ(xinfo->layers[0].fields[1].name, "贫困人口");  // the line break in the cell removed
}
