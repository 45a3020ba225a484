// The raw twin of a synthetic county (#11 item 8): the files look like a
// county office's (GBK shapefile without encoding marks and with Chinese
// field names, GCJ-02 roads, a statistics workbook with a title row), and
// checked through the project's mappings alone they give the same verdict and
// the same outcome for every item of every village as the clean county with
// the same geometry kind — for the committed data/demo-raw, and for a second
// county with another seed and other spellings of the same words.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "gis/crs/crs.hpp"
#include "gis/indicators/check.hpp"
#include "gis/io/load.hpp"
#include "gis/io/write.hpp"
#include "gis/synth/raw_county.hpp"
#include "gis/synth/synth_county.hpp"
#include "support/test_paths.hpp"

using namespace jiuyou;
namespace fs = std::filesystem;

namespace {

struct Checked {
  Workspace ws;
  indicators::CheckResult result;
};

// Replaces the villages' polygons by their points (ST_PointOnSurface, the
// village_points layer): the clean county with point villages.
void villages_as_points(Workspace& ws) {
  FeatureTable* villages = ws.layer("villages");
  const FeatureTable* points = ws.layer("village_points");
  ASSERT_NE(villages, nullptr);
  ASSERT_NE(points, nullptr);
  GeometryColumn g;
  g.kind = GeometryKind::point;
  for (size_t r = 0; r < villages->size(); ++r) {
    const auto rows = points->find_rows("code", villages->column("code")->as_text(r));
    ASSERT_EQ(rows.size(), 1u);
    g.append_feature(points->geometry, rows[0]);
  }
  villages->geometry = std::move(g);
}

Result<Checked> check_workspace(Workspace ws) {
  auto rules = indicators::load_rule_set("hubei-2017");
  if (!rules) return tl::unexpected(rules.error());
  auto result = indicators::check_villages(ws, *rules);
  if (!result) return tl::unexpected(result.error());
  return Checked{std::move(ws), std::move(*result)};
}

Result<Workspace> load(const fs::path& project_path) {
  auto project = io::load_project(project_path.string());
  if (!project) return tl::unexpected(project.error());
  return io::load_workspace(*project);
}

Result<Workspace> load_text(const fs::path& path, const std::string& text) {
  auto project = io::parse_project_toml(text, path.string());
  if (!project) return tl::unexpected(project.error());
  return io::load_workspace(*project);
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// True when a GBK shapefile value whose bytes also form valid UTF-8 (小学 =
// D0 A1 D1 A7 = "Сѧ") is read back as GBK (the file's encoding is decided once
// for the whole .dbf, not value by value).
bool gbk_that_looks_like_utf8_is_decoded() {
  static const bool ok = [] {
    const fs::path dir = fs::path(JIUYOU_TEST_TMP) / "gbk_probe";
    fs::remove_all(dir);
    fs::create_directories(dir);
    FeatureTable t;
    t.name = "probe";
    t.crs = CrsRef::epsg(4490);
    t.geometry.kind = GeometryKind::point;
    t.geometry.add_point_feature(110.2, 32.2);
    t.geometry.add_point_feature(110.3, 32.3);
    t.fid = {1, 2};
    Column kind("类型", FieldType::text);
    kind.push_text("小学");
    kind.push_text("村卫生室");
    t.columns.push_back(std::move(kind));
    io::WriteOptions options;
    options.layer_options = {"ENCODING=CP936"};
    const std::string shp = (dir / "设施.shp").string();
    if (!io::write_layer(shp, t, options) || !synth::strip_encoding_marks(shp)) return false;
    io::LayerSpec spec;
    spec.name = "facilities";
    spec.path = shp;
    IssueLog log;
    auto back = io::read_layer(spec, log);
    return back && back->size() == 2 && back->columns.size() >= 1 && back->column("类型") && back->column("类型")->as_text(0) == "小学";
  }();
  return ok;
}

// Differences between two checks, village by village (matched by code), item
// by item; `skip_item` (an item id) is left out, with the verdicts that differ only through it.
std::vector<std::string> differences(const Checked& clean, const Checked& raw, const std::string& skip_item = {}) {
  std::vector<std::string> out;
  const FeatureTable* cv = clean.ws.layer("villages");
  const FeatureTable* rv = raw.ws.layer("villages");
  if (cv == nullptr || rv == nullptr) return {"a villages layer is missing"};
  if (cv->size() != rv->size()) out.push_back("villages: " + std::to_string(cv->size()) + " clean, " + std::to_string(rv->size()) + " raw");
  const size_t items = clean.result.item_count();
  for (size_t r = 0; r < cv->size(); ++r) {
    const std::string code = cv->column("code")->as_text(r);
    const auto rows = rv->find_rows("code", code);
    if (rows.size() != 1) {
      out.push_back(code + ": " + std::to_string(rows.size()) + " raw villages with this code");
      continue;
    }
    const size_t q = rows[0];
    bool skipped_differs = false;
    for (size_t i = 0; i < items; ++i)
      if (clean.result.rules.items[i].id == skip_item && clean.result.cell(r, i).outcome != raw.result.cell(q, i).outcome) skipped_differs = true;
    if (clean.result.verdict[r] != raw.result.verdict[q] && !skipped_differs)
      out.push_back(code + " verdict: clean " + indicators::to_string(clean.result.verdict[r]) + ", raw " + indicators::to_string(raw.result.verdict[q]));
    for (size_t i = 0; i < items; ++i) {
      const auto& a = clean.result.cell(r, i);
      const auto& b = raw.result.cell(q, i);
      if (a.outcome != b.outcome && clean.result.rules.items[i].id != skip_item)
        out.push_back(code + " " + clean.result.rules.items[i].id + ": clean " + indicators::to_string(a.outcome) + " (" + a.note + "), raw " +
                      indicators::to_string(b.outcome) + " (" + b.note + ")");
    }
  }
  return out;
}

void expect_same_outcomes(const Checked& clean, const Checked& raw, const std::string& what) {
  const auto diff = differences(clean, raw);
  std::string listed;
  for (size_t k = 0; k < diff.size() && k < 25; ++k) listed += "\n  " + diff[k];
  EXPECT_TRUE(diff.empty()) << what << ": " << diff.size() << " differences" << listed;
  EXPECT_EQ(clean.result.item_count(), raw.result.item_count());
}

// A county, clean and raw, written into the test's scratch folder.
struct Pair {
  fs::path clean, raw;
};

Pair write_pair(uint64_t seed, synth::RawSpelling spelling) {
  synth::SynthParams p;
  p.seed = seed;
  p.dem_cell_m = 150;
  auto county = synth::synth_county(p);
  if (!county) throw std::runtime_error(county.error().to_string());
  const fs::path dir = test::scratch_dir();
  Pair out{dir / "clean", dir / "raw"};
  if (auto ok = synth::write_synth_county(out.clean.string(), *county); !ok) throw std::runtime_error(ok.error().to_string());
  synth::RawParams rp;
  rp.spelling = spelling;
  if (auto ok = synth::write_raw_county(out.raw.string(), *county, rp); !ok) throw std::runtime_error(ok.error().to_string());
  return out;
}

void compare_projects(const fs::path& clean_project, const fs::path& raw_project, bool points, const std::string& what) {
  auto clean_ws = load(clean_project);
  ASSERT_TRUE(clean_ws) << clean_ws.error().to_string();
  if (points) villages_as_points(*clean_ws);
  auto raw_ws = load(raw_project);
  ASSERT_TRUE(raw_ws) << what << ": " << raw_ws.error().to_string();
  auto clean = check_workspace(std::move(*clean_ws));
  ASSERT_TRUE(clean) << clean.error().to_string();
  auto raw = check_workspace(std::move(*raw_ws));
  ASSERT_TRUE(raw) << what << ": " << raw.error().to_string();
  EXPECT_EQ(raw->ws.layer("villages")->geometry.kind, points ? GeometryKind::point : GeometryKind::polygon);
  expect_same_outcomes(*clean, *raw, what);
}

fs::path demo() { return test::source_dir() / "data" / "demo"; }
fs::path demo_raw() { return test::source_dir() / "data" / "demo-raw"; }

}  // namespace

// --- the files look like an office's ------------------------------------------

TEST(RawCounty, VillagesAreAGbkShapefileWithoutEncodingMarks) {
  const auto dir = demo_raw();
  ASSERT_TRUE(fs::exists(dir / synth::RawFiles::villages)) << "data/demo-raw is not committed";
  for (const char* shp : {synth::RawFiles::villages, synth::RawFiles::village_points, synth::RawFiles::facilities, synth::RawFiles::townships}) {
    EXPECT_FALSE(fs::exists(fs::path(dir / shp).replace_extension(".cpg"))) << shp;
    const std::string dbf = read_text(fs::path(dir / shp).replace_extension(".dbf"));
    ASSERT_GT(dbf.size(), 64u) << shp;
    EXPECT_EQ(dbf[29], '\0') << shp << ": the language driver byte says what the encoding is";
  }
  // 村代码 in GBK (B4 E5 B4 FA C2 EB) among the field names, and no UTF-8 spelling of it.
  const std::string dbf = read_text(fs::path(dir / synth::RawFiles::villages).replace_extension(".dbf"));
  EXPECT_NE(dbf.find("\xB4\xE5\xB4\xFA\xC2\xEB"), std::string::npos);
  EXPECT_EQ(dbf.find("村代码"), std::string::npos);
}

TEST(RawCounty, RoadsAreShiftedToGcj02) {
  synth::SynthParams p;
  p.villages = 120;
  p.townships = 8;
  p.area_km2 = 1200;
  auto county = synth::synth_county(p);
  ASSERT_TRUE(county) << county.error().to_string();
  FeatureTable roads = synth::raw_roads(*county, {});
  FeatureTable cgcs = roads;
  ASSERT_TRUE(crs::transform_table(cgcs, CrsRef::epsg(4490)));
  ASSERT_TRUE(synth::to_gcj02(roads));
  // Every vertex moved by the GCJ-02 offset (300–700 m here), and moving back restores it to a millimetre.
  for (size_t v = 0; v < roads.geometry.vertex_count(); v += 97) {
    const Vec2 g = roads.geometry.vertex(v), w = cgcs.geometry.vertex(v);
    const double dx = (g.x - w.x) * 111320 * std::cos(w.y * 3.14159265358979 / 180), dy = (g.y - w.y) * 110540;
    const double shift = std::hypot(dx, dy);
    EXPECT_GT(shift, 300) << v;
    EXPECT_LT(shift, 700) << v;
    const Vec2 back = crs::gcj02_to_wgs84(g);
    EXPECT_NEAR(back.x, w.x, 1e-8);
    EXPECT_NEAR(back.y, w.y, 1e-8);
  }
}

TEST(RawCounty, TablesUseTheOfficesWords) {
  synth::SynthParams p;
  p.villages = 120;
  p.townships = 8;
  p.area_km2 = 1200;
  auto county = synth::synth_county(p);
  ASSERT_TRUE(county) << county.error().to_string();
  const FeatureTable roads = synth::raw_roads(*county, {});
  std::set<std::string> classes, surfaces;
  for (size_t r = 0; r < roads.size(); ++r) {
    classes.insert(roads.column("等级")->as_text(r));
    surfaces.insert(roads.column("路面")->as_text(r));
  }
  EXPECT_TRUE(classes.count("县道") && classes.count("村道") && classes.count("国道")) << classes.size();
  EXPECT_EQ(surfaces, (std::set<std::string>{"沥青", "水泥", "砂石", "土路"}));
  const FeatureTable other = synth::raw_roads(*county, {synth::RawSpelling::other});
  EXPECT_EQ(other.column("等级"), nullptr) << "the other spelling reads the class from the route number";
  std::set<char> prefixes;
  for (size_t r = 0; r < other.size(); ++r)
    if (!other.column("路线编号")->is_null(r)) prefixes.insert(other.column("路线编号")->as_text(r)[0]);
  EXPECT_EQ(prefixes, (std::set<char>{'G', 'S', 'X', 'Y', 'C'}));
  const FeatureTable facilities = synth::raw_facilities(*county, {});
  std::set<std::string> kinds;
  for (size_t r = 0; r < facilities.size(); ++r) kinds.insert(facilities.column("类型")->as_text(r));
  EXPECT_TRUE(kinds.count("村卫生室") && kinds.count("党员群众服务中心") && kinds.count("文化室")) << kinds.size();
  EXPECT_TRUE(facilities.column("名称")->as_text(0).ends_with(facilities.column("类型")->as_text(0)));
}

TEST(RawCounty, CommittedProjectUsesOnlyMappings) {
  const std::string toml = read_text(demo_raw() / synth::RawFiles::project);
  ASSERT_FALSE(toml.empty()) << "data/demo-raw/project.toml is not committed";
  EXPECT_NE(toml.find("crs = \"GCJ-02\""), std::string::npos);
  EXPECT_NE(toml.find("class = \"等级\""), std::string::npos);
  EXPECT_NE(toml.find("join_to = \"villages\""), std::string::npos);
  EXPECT_EQ(toml.find("encoding ="), std::string::npos) << "the GBK shapefile is to be detected, not declared";
}

// --- the same outcomes as the clean county ----------------------------------------

TEST(RawCounty, GbkTextThatLooksLikeUtf8IsDecoded) {
  EXPECT_TRUE(gbk_that_looks_like_utf8_is_decoded()) << "小学 written in GBK (D0A1 D1A7, also valid UTF-8) must read back as 小学, not Сѧ";
}

TEST(RawCounty, DemoRawGivesTheDemosOutcomesForEveryVillageAndItem) {
  ASSERT_TRUE(fs::exists(demo_raw() / synth::RawFiles::project)) << "data/demo-raw is not committed";
  compare_projects(demo() / "project.toml", demo_raw() / synth::RawFiles::project, false, "data/demo-raw (polygons)");
}

TEST(RawCounty, DemoRawPointsGiveTheDemosPointOutcomes) {
  ASSERT_TRUE(fs::exists(demo_raw() / synth::RawFiles::project_points)) << "data/demo-raw is not committed";
  compare_projects(demo() / "project.toml", demo_raw() / synth::RawFiles::project_points, true, "data/demo-raw (points)");
}

TEST(RawCounty, AnotherSeedWithOtherSpellingsGivesTheSameOutcomes) {
  const Pair pair = write_pair(77, synth::RawSpelling::other);
  compare_projects(pair.clean / "project.toml", pair.raw / synth::RawFiles::project, false, "seed 77, other spellings (polygons)");
  compare_projects(pair.clean / "project.toml", pair.raw / synth::RawFiles::project_points, true, "seed 77, other spellings (points)");
}

TEST(RawCounty, ForgettingTheGcj02FlagChangesRoadOutcomes) {
  const fs::path project = demo_raw() / synth::RawFiles::project;
  ASSERT_TRUE(fs::exists(project)) << "data/demo-raw is not committed";
  const std::string toml = read_text(project);
  const std::string forgotten = std::regex_replace(toml, std::regex("\ncrs = \"GCJ-02\"[^\n]*"), "");
  ASSERT_NE(forgotten, toml);
  auto clean_ws = load(demo() / "project.toml");
  ASSERT_TRUE(clean_ws) << clean_ws.error().to_string();
  auto raw_ws = load_text(project, forgotten);
  ASSERT_TRUE(raw_ws) << raw_ws.error().to_string();
  auto clean = check_workspace(std::move(*clean_ws));
  auto raw = check_workspace(std::move(*raw_ws));
  ASSERT_TRUE(clean && raw);
  size_t road_diffs = 0;
  for (const auto& d : differences(*clean, *raw))
    if (d.find(" road:") != std::string::npos) ++road_diffs;
  EXPECT_GT(road_diffs, 0u) << "the GCJ-02 offset must matter: without the flag the roads sit 300-700 m off";
}

// The forgotten flag is not silent, with point villages (measured from the villages) and
// with village polygons (measured from the facility points, which sit by the roads): the
// check warns that the roads are likely GCJ-02 (likely_gcj02, naming the layer and the
// flag to set); with the flag set, nothing is warned.
TEST(RawCounty, ForgettingTheGcj02FlagIsWarned) {
  for (const char* file : {synth::RawFiles::project_points, synth::RawFiles::project}) {
    SCOPED_TRACE(file);
    const fs::path project = demo_raw() / file;
    ASSERT_TRUE(fs::exists(project)) << "data/demo-raw is not committed";
    const std::string toml = read_text(project);
    const std::string forgotten = std::regex_replace(toml, std::regex("\ncrs = \"GCJ-02\"[^\n]*"), "");
    ASSERT_NE(forgotten, toml);
    auto forgot_ws = load_text(project, forgotten);
    ASSERT_TRUE(forgot_ws) << forgot_ws.error().to_string();
    auto forgot = check_workspace(std::move(*forgot_ws));
    ASSERT_TRUE(forgot) << forgot.error().to_string();
    size_t warned = 0;
    for (const auto& n : forgot->result.notes.entries())
      if (n.code == "likely_gcj02" && n.layer == "roads" && n.hint.find("crs = \"GCJ-02\"") != std::string::npos) ++warned;
    EXPECT_EQ(warned, 1u);
    auto flagged_ws = load(project);
    ASSERT_TRUE(flagged_ws) << flagged_ws.error().to_string();
    auto flagged = check_workspace(std::move(*flagged_ws));
    ASSERT_TRUE(flagged) << flagged.error().to_string();
    EXPECT_EQ(flagged->result.notes.count("likely_gcj02"), 0u);
    EXPECT_EQ(flagged->result.notes.count("likely_bd09"), 0u);
  }
}
