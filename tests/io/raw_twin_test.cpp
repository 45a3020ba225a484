// The demo county's roads and village statistics re-written the way a county
// office holds them (Chinese class/surface values in GeoJSON, an XLSX with a
// title row, 是/否 and codes typed as numbers) load to exactly the clean
// demo's canonical values, cell by cell.
#include <gtest/gtest.h>

#include <xlsxwriter.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>

#include "gis/io/load.hpp"
#include "gis/io/project.hpp"
#include "gis/io/write.hpp"
#include "support/test_paths.hpp"

using namespace jiuyou;
namespace fs = std::filesystem;

namespace {

io::LayerSpec demo(const std::string& layer) {
  io::LayerSpec s;
  s.name = layer;
  s.layer = layer;
  s.path = (jiuyou::test::source_dir() / "data/demo/county.gpkg").string();
  return s;
}

// Several spellings per canonical value, chosen by row, as different offices write them.
std::string raw_value(const std::map<std::string, std::vector<std::string>>& spellings, const std::string& canonical, size_t row) {
  const auto& options = spellings.at(canonical);
  return options[row % options.size()];
}

const std::map<std::string, std::vector<std::string>> k_class = {
    {"national", {"国道", "G316"}}, {"provincial", {"省道", "S301"}}, {"county", {"县道", "X012", " 县道 "}},
    {"township", {"乡道", "Y105"}}, {"village", {"村道", "C001", "通村公路"}}, {"other", {"专用公路", "其他"}}};
const std::map<std::string, std::vector<std::string>> k_surface = {
    {"asphalt", {"沥青", "柏油", "沥青路面"}}, {"concrete", {"水泥", "水泥路", "砼", "水泥混凝土"}}, {"gravel", {"砂石", "泥结碎石", "碎石"}}, {"earth", {"土路", "土", "泥土"}}};

// The roads with 等级/路面 in Chinese, as GeoJSON in the metric CRS.
void write_raw_roads(const FeatureTable& clean, const fs::path& out) {
  FeatureTable raw = clean;
  raw.columns.clear();
  Column cls("等级", FieldType::text), sur("路面", FieldType::text);
  for (size_t r = 0; r < clean.size(); ++r) {
    cls.push_text(raw_value(k_class, clean.column("class")->as_text(r), r));
    sur.push_text(raw_value(k_surface, clean.column("surface")->as_text(r), r));
  }
  raw.columns.push_back(std::move(cls));
  raw.columns.push_back(std::move(sur));
  auto ok = io::write_layer(out.string(), raw);
  ASSERT_TRUE(ok) << ok.error().to_string();
}

// The village statistics as an XLSX: a title row, an empty row, the header; codes as numbers.
void write_raw_stats(const FeatureTable& v, const fs::path& out) {
  lxw_workbook* wb = workbook_new(out.string().c_str());
  lxw_worksheet* ws = workbook_add_worksheet(wb, "统计");
  worksheet_merge_range(ws, 0, 0, 0, 4, "九有县贫困村统计（2019年）", nullptr);
  const char* header[] = {"村代码", "贫困人口", "有主导产业", "乡有产业规模", "集体经济收入"};
  for (int c = 0; c < 5; ++c) worksheet_write_string(ws, 2, static_cast<lxw_col_t>(c), header[c], nullptr);
  const char* yes[] = {"是", "有", "√"};
  const char* no[] = {"否", "无", "×"};
  for (size_t r = 0; r < v.size(); ++r) {
    const auto row = static_cast<lxw_row_t>(r + 3);
    worksheet_write_number(ws, row, 0, std::stod(v.column("code")->as_text(r)), nullptr);
    worksheet_write_number(ws, row, 1, *v.column("poor_population")->number(r), nullptr);
    worksheet_write_string(ws, row, 2, v.column("has_leading_industry")->get_bool(r) ? yes[r % 3] : no[r % 3], nullptr);
    worksheet_write_string(ws, row, 3, v.column("township_industry_scale")->get_bool(r) ? "是" : "否", nullptr);
    const double income = *v.column("collective_income")->number(r);
    if (r % 2) worksheet_write_string(ws, row, 4, (std::to_string(income / 10000.0) + "万").c_str(), nullptr);
    else worksheet_write_number(ws, row, 4, income, nullptr);
  }
  workbook_close(wb);
}

}  // namespace

TEST(RawTwin, ChineseRoadsAndTitledStatisticsLoadToTheCleanValues) {
  IssueLog clean_log;
  auto roads = io::read_layer(demo("roads"), clean_log);
  auto villages = io::read_layer(demo("villages"), clean_log);
  ASSERT_TRUE(roads && villages);
  const fs::path dir = jiuyou::test::scratch_dir();
  write_raw_roads(*roads, dir / "roads.geojson");
  write_raw_stats(*villages, dir / "stats.xlsx");
  std::ofstream(dir / "p.toml") << "[layers.villages]\npath = \"" << demo("villages").path << "\"\nlayer = \"villages\"\n"
                                << "[layers.roads]\npath = \"roads.geojson\"\n[layers.roads.fields]\nclass = \"等级\"\nsurface = \"路面\"\n"
                                << "[layers.stats]\npath = \"stats.xlsx\"\njoin_to = \"villages\"\n[layers.stats.fields]\ncode = \"村代码\"\n"
                                << "poor_population = \"贫困人口\"\nhas_leading_industry = \"有主导产业\"\ntownship_industry_scale = \"乡有产业规模\"\n"
                                << "collective_income = \"集体经济收入\"\n";
  auto project = io::load_project((dir / "p.toml").string());
  ASSERT_TRUE(project) << project.error().to_string();
  io::LoadOptions opts;
  opts.reproject = false;
  auto ws = io::load_workspace(*project, opts);
  ASSERT_TRUE(ws) << ws.error().to_string();
  const FeatureTable* r = ws->layer("roads");
  ASSERT_EQ(r->size(), roads->size());
  for (size_t i = 0; i < r->size(); ++i) {
    ASSERT_EQ(r->column("class")->as_text(i), roads->column("class")->as_text(i)) << "road " << i;
    ASSERT_EQ(r->column("surface")->as_text(i), roads->column("surface")->as_text(i)) << "road " << i;
  }
  const FeatureTable* v = ws->layer("villages");
  for (size_t i = 0; i < v->size(); ++i) {
    for (const char* b : {"has_leading_industry", "township_industry_scale"}) {
      ASSERT_EQ(v->column(b)->type(), FieldType::boolean);
      ASSERT_EQ(v->column(b)->get_bool(i), villages->column(b)->get_bool(i)) << b << " village " << i;
    }
    ASSERT_EQ(v->column("poor_population")->number(i), villages->column("poor_population")->number(i)) << i;
    ASSERT_NEAR(*v->column("collective_income")->number(i), *villages->column("collective_income")->number(i), 0.01) << i;
  }
  EXPECT_EQ(ws->issues.count("unmapped_value"), 0u);
  EXPECT_EQ(ws->issues.count("text_in_numeric_field"), 0u);
  EXPECT_EQ(ws->issues.count("join_unmatched"), 0u);
  EXPECT_EQ(ws->issues.count("values_mapped"), 5u);  // class, surface, two booleans, the incomes in 万
  EXPECT_EQ(ws->issues.count("header_row"), 1u);
}
