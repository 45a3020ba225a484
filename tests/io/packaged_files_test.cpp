// Files as county offices send them (tour 17 R7, R8, R17): a shapefile mailed
// inside a .zip — its entry names in GBK (Windows' 压缩文件夹) or UTF-8 without the
// zip's UTF-8 flag (Linux zip) — an old .xls with a title row above the header,
// and Excel's "Unicode 文本" (UTF-16, tab-separated .txt). Each loads cell by
// cell like the plain file; an archive that does not say which file is meant is
// an error naming the files in it.
#include <gtest/gtest.h>

#include <minizip/zip.h>

#include <cpl_conv.h>
#include <filesystem>
#include <fstream>

#include "gis/io/archive.hpp"
#include "gis/io/load.hpp"
#include "gis/io/project.hpp"
#include "io/gdal_fixture.hpp"
#include "support/run_command.hpp"
#include "support/test_paths.hpp"

using namespace jiuyou;
using jiuyou::test::write_fixture;
using jiuyou::test::write_text_file;
namespace fs = std::filesystem;

namespace {

std::string recode(const std::string& utf8, const char* to) {
  char* out = CPLRecode(utf8.c_str(), CPL_ENC_UTF8, to);
  std::string s = out;
  CPLFree(out);
  return s;
}

std::string read_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

// A zip of `files` (name in the archive as raw bytes -> file on disk), written as
// Windows and Linux zip tools do: names as bytes, the UTF-8 flag never set.
void write_zip(const fs::path& zip, const std::vector<std::pair<std::string, fs::path>>& files) {
  zipFile z = zipOpen64(zip.string().c_str(), APPEND_STATUS_CREATE);
  ASSERT_NE(z, nullptr);
  for (const auto& [name, file] : files) {
    const std::string bytes = read_bytes(file);
    ASSERT_EQ(zipOpenNewFileInZip(z, name.c_str(), nullptr, nullptr, 0, nullptr, 0, nullptr, Z_DEFLATED, Z_DEFAULT_COMPRESSION), ZIP_OK);
    ASSERT_EQ(zipWriteInFileInZip(z, bytes.data(), static_cast<unsigned>(bytes.size())), ZIP_OK);
    zipCloseFileInZip(z);
  }
  zipClose(z, nullptr);
}

// Three village polygons as a shapefile `stem`.shp in `dir`; the parts' paths.
std::vector<fs::path> write_village_shapefile(const fs::path& dir, const std::string& stem, const std::string& first_name = "柳林村") {
  write_fixture("ESRI Shapefile", (dir / (stem + ".shp")).string(), stem, 4490, wkbPolygon, {{"code", OFTString}, {"name", OFTString}},
                {{"POLYGON ((110.20 32.20,110.21 32.20,110.21 32.21,110.20 32.20))", {"420323100201", first_name}},
                 {"POLYGON ((110.22 32.20,110.23 32.20,110.23 32.21,110.22 32.20))", {"420323100202", "石门村"}},
                 {"POLYGON ((110.24 32.20,110.25 32.20,110.25 32.21,110.24 32.20))", {"420323100203", "王家湾村"}}},
                {"ENCODING=UTF-8"});
  std::vector<fs::path> parts;
  for (const char* ext : {".shp", ".shx", ".dbf", ".prj", ".cpg"})
    if (fs::exists(dir / (stem + ext))) parts.push_back(dir / (stem + ext));
  return parts;
}

// `parts` zipped under the name `stem` in `encoding` (the bytes a zip tool stores), into `zip`; the parts removed.
void zip_shapefile(const fs::path& zip, const std::string& stem, const char* encoding, const std::vector<fs::path>& parts) {
  std::vector<std::pair<std::string, fs::path>> files;
  for (const auto& p : parts) files.emplace_back(recode(stem + p.extension().string(), encoding), p);
  write_zip(zip, files);
  for (const auto& p : parts) fs::remove(p);
}

Result<Workspace> load_project_text(const fs::path& dir, const std::string& toml) {
  write_text_file(dir / "p.toml", toml);
  auto p = io::load_project((dir / "p.toml").string());
  if (!p) return tl::unexpected<Error>(p.error());
  return io::load_workspace(*p);
}

void expect_three_villages(const Result<Workspace>& ws, const std::string& first_name = "柳林村") {
  ASSERT_TRUE(ws) << ws.error().to_string();
  const FeatureTable* v = ws->layer("villages");
  ASSERT_NE(v, nullptr);
  ASSERT_EQ(v->size(), 3u);
  EXPECT_EQ(v->column("name")->as_text(0), first_name);
  EXPECT_EQ(v->column("code")->as_text(2), "420323100203");
}

}  // namespace

TEST(PackagedFiles, AZippedShapefileLoadsWhateverItsEntryNamesAreIn) {
  for (const char* encoding : {"CP936", "UTF-8"}) {
    SCOPED_TRACE(encoding);
    const fs::path dir = jiuyou::test::scratch_dir();
    zip_shapefile(dir / "村界.zip", "村界", encoding, write_village_shapefile(dir, "cunjie"));
    expect_three_villages(load_project_text(dir, "[layers.villages]\npath = \"村界.zip\"\n"));
    // The member named in the path, plainly or as GDAL's /vsizip/ path beside the project.
    expect_three_villages(load_project_text(dir, "[layers.villages]\npath = \"村界.zip/村界.shp\"\n"));
    expect_three_villages(load_project_text(dir, "[layers.villages]\npath = \"/vsizip/村界.zip/村界.shp\"\n"));
    EXPECT_TRUE(fs::exists(dir / "村界.zip"));  // read where it is, never unpacked beside it
    EXPECT_FALSE(fs::exists(dir / "村界.shp"));
  }
}

TEST(PackagedFiles, AnArchiveOfSeveralFilesIsRefusedNamingThemUnlessThePathOrLayerChooses) {
  const fs::path dir = jiuyou::test::scratch_dir();
  auto parts = write_village_shapefile(dir, "a", "柳林村");
  std::vector<std::pair<std::string, fs::path>> files;
  for (const auto& p : parts) files.emplace_back(recode("村界" + p.extension().string(), "CP936"), p);
  auto others = write_village_shapefile(dir, "b", "另一村");
  for (const auto& p : others) files.emplace_back(recode("旧村界" + p.extension().string(), "CP936"), p);
  write_zip(dir / "两层.zip", files);

  auto ws = load_project_text(dir, "[layers.villages]\npath = \"两层.zip\"\n");
  ASSERT_FALSE(ws);
  const std::string said = ws.error().to_string();
  EXPECT_NE(said.find("2 GIS files"), std::string::npos) << said;
  EXPECT_NE(said.find("村界.shp"), std::string::npos) << said;
  EXPECT_NE(said.find("旧村界.shp"), std::string::npos) << said;
  EXPECT_NE(said.find("path = \"两层.zip/"), std::string::npos) << said;

  expect_three_villages(load_project_text(dir, "[layers.villages]\npath = \"两层.zip/旧村界.shp\"\n"), "另一村");
  expect_three_villages(load_project_text(dir, "[layers.villages]\npath = \"两层.zip\"\nlayer = \"村界\"\n"), "柳林村");

  auto wrong = load_project_text(dir, "[layers.villages]\npath = \"两层.zip/新村界.shp\"\n");
  ASSERT_FALSE(wrong);
  EXPECT_NE(wrong.error().to_string().find("no file named 「新村界.shp」"), std::string::npos) << wrong.error().to_string();
}

TEST(PackagedFiles, AnArchiveWithoutAnyGisFileSaysSo) {
  const fs::path dir = jiuyou::test::scratch_dir();
  write_text_file(dir / "readme.doc", "说明");
  write_zip(dir / "资料.zip", {{recode("说明.doc", "CP936"), dir / "readme.doc"}});
  auto ws = load_project_text(dir, "[layers.villages]\npath = \"资料.zip\"\n");
  ASSERT_FALSE(ws);
  EXPECT_NE(ws.error().to_string().find("holds no GIS file"), std::string::npos) << ws.error().to_string();
  EXPECT_EQ(ws.error().file, (dir / "资料.zip").string());
}

TEST(PackagedFiles, EntryNamesAreShownDecoded) {
  // What GDAL lists for a GBK name it read as CP437, back to the name a person wrote.
  char* cp437_view = CPLRecode(recode("村界.shp", "CP936").c_str(), "CP437", CPL_ENC_UTF8);
  EXPECT_EQ(io::shown_entry_name(cp437_view), "村界.shp");
  CPLFree(cp437_view);
  EXPECT_EQ(io::shown_entry_name("roads.shp"), "roads.shp");
  EXPECT_EQ(io::shown_entry_name("村界.shp"), "村界.shp");  // a zip that said UTF-8: GDAL's name is right already
}

namespace {

const char* k_village_points =
    "code,name,x,y\n420323100201,柳林村,110.21,32.2\n420323100202,石门村,110.22,32.2\n420323100203,王家湾村,110.23,32.2\n";

std::string stats_project(const std::string& stats_file, const std::string& keys = "") {
  return "[layers.villages]\npath = \"v.csv\"\nx = \"x\"\ny = \"y\"\ncrs = \"EPSG:4490\"\n"
         "[layers.village_stats]\npath = \"" + stats_file + "\"\njoin_to = \"villages\"\n" + keys +
         "[layers.village_stats.fields]\ncode = \"村代码\"\npoor_population = \"贫困人口\"\n";
}

void expect_joined_poor_population(const Result<Workspace>& ws) {
  ASSERT_TRUE(ws) << ws.error().to_string();
  const Column* poor = ws->layer("villages")->column("poor_population");
  ASSERT_NE(poor, nullptr);
  EXPECT_DOUBLE_EQ(*poor->number(0), 12);
  EXPECT_DOUBLE_EQ(*poor->number(1), 7);
  EXPECT_DOUBLE_EQ(*poor->number(2), 30);
}

// UTF-16LE with a byte order mark, as Excel's 另存为 "Unicode 文本" writes it.
std::string utf16le(const std::string& utf8) {
  std::string out = "\xFF\xFE";
  char* wide = CPLRecode(utf8.c_str(), CPL_ENC_UTF8, "UTF-16LE");
  // CPLRecode returns a NUL-terminated buffer: the UTF-16 text is two bytes a character, ASCII and CJK alike (no surrogates here).
  const size_t chars = CPLStrlenUTF8(utf8.c_str());
  out.append(wide, chars * 2);
  CPLFree(wide);
  return out;
}

}  // namespace

TEST(PackagedFiles, ExcelsUnicodeTextWithATitleRowIsRead) {
  const fs::path dir = jiuyou::test::scratch_dir();
  write_text_file(dir / "v.csv", k_village_points);
  const std::string table =
      "九有县贫困村统计表\t\t\r\n\t\t\r\n村代码\t村名\t贫困人口\r\n420323100201\t柳林村\t12\r\n420323100202\t石门村\t7\r\n420323100203\t王家湾村\t30\r\n";
  write_text_file(dir / "统计.txt", utf16le(table));
  expect_joined_poor_population(load_project_text(dir, stats_project("统计.txt")));
  write_text_file(dir / "统计.csv", utf16le(table));  // the same saved as .csv
  expect_joined_poor_population(load_project_text(dir, stats_project("统计.csv")));
}

TEST(PackagedFiles, AnOldXlsWithATitleRowIsReadBelowIt) {
  // GDAL reads .xls but cannot write it: the fixture comes from python3-xlwt (Debian), when installed.
  if (jiuyou::test::run_command("/usr/bin/python3 -c 'import xlwt'").code != 0) GTEST_SKIP() << "python3-xlwt is not installed (scripts/setup.sh installs it)";
  const fs::path dir = jiuyou::test::scratch_dir();
  write_text_file(dir / "v.csv", k_village_points);
  write_text_file(dir / "make.py",
                  "import xlwt, sys\n"
                  "b = xlwt.Workbook(encoding='utf-8'); s = b.add_sheet('统计')\n"
                  "s.write_merge(0, 0, 0, 2, '九有县贫困村统计表')\n"
                  "for c, h in enumerate(['村代码', '村名', '贫困人口']): s.write(2, c, h)\n"
                  "for r, row in enumerate([('420323100201', '柳林村', 12), ('420323100202', '石门村', 7), ('420323100203', '王家湾村', 30)]):\n"
                  "    for c, v in enumerate(row): s.write(3 + r, c, v)\n"
                  "b.save(sys.argv[1])\n");
  ASSERT_EQ(jiuyou::test::run_command("/usr/bin/python3 " + jiuyou::test::quoted(dir / "make.py") + " " + jiuyou::test::quoted(dir / "统计.xls")).code, 0);
  expect_joined_poor_population(load_project_text(dir, stats_project("统计.xls")));
  // A header_row that says so is honoured for .xls as for .xlsx.
  expect_joined_poor_population(load_project_text(dir, stats_project("统计.xls", "header_row = 3\n")));
}
