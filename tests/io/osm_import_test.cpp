// import-osm end to end: a hand-written .osm county imported, checked with the
// default rule set (every village's outcome and reason), compared cell by cell
// with the same data in canonical form, and the bad cases.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "gis/indicators/check.hpp"
#include "gis/indicators/rule_set.hpp"
#include "gis/io/load.hpp"
#include "gis/io/osm_import.hpp"
#include "io/osm_fixture.hpp"
#include "support/test_paths.hpp"

namespace fs = std::filesystem;
using namespace jiuyou;

namespace {

struct Imported {
  fs::path dir;
  io::OsmImportJob job;
  io::OsmImportSummary summary;
};

Imported import_county(const std::string& codes = {}, const fs::path& dir = {}) {
  Imported r;
  r.dir = dir.empty() ? test::scratch_dir() : dir;
  test::write_osm_xml(r.dir / "county.osm", test::osm_county());
  test::write_boundary(r.dir / "boundary.gpkg");
  r.job.extract = (r.dir / "county.osm").string();
  r.job.boundary = (r.dir / "boundary.gpkg").string() + ":county";
  r.job.out = (r.dir / "osm" / "county.gpkg").string();
  r.job.reference_codes = codes;
  fs::create_directories(r.dir / "osm");
  auto s = io::import_osm(r.job);
  EXPECT_TRUE(s.has_value()) << (s ? "" : s.error().message + " " + s.error().file + " " + s.error().hint);
  if (s) r.summary = std::move(*s);
  return r;
}

FeatureTable read(const fs::path& gpkg, const std::string& layer) {
  io::LayerSpec spec;
  spec.name = layer;
  spec.path = gpkg.string();
  spec.layer = layer;
  IssueLog log;
  auto t = io::read_layer(spec, log);
  EXPECT_TRUE(t.has_value()) << layer;
  return t ? std::move(*t) : FeatureTable{};
}

std::string text(const FeatureTable& t, const std::string& col, size_t row) {
  const Column* c = t.column(col);
  return c && !c->is_null(row) ? c->as_text(row) : std::string("NULL");
}

bool logged(const IssueLog& log, const std::string& code, const std::string& part) {
  for (const auto& i : log.entries())
    if (i.code == code && (i.message + i.hint).find(part) != std::string::npos) return true;
  return false;
}

struct Checked {
  indicators::CheckResult result;
  std::vector<std::string> codes;  // village code per row
  IssueLog load_issues;
};

Checked check(const fs::path& project_file) {
  Checked c;
  auto project = io::load_project(project_file.string());
  EXPECT_TRUE(project.has_value());
  if (!project) return c;
  auto ws = io::load_workspace(*project);
  EXPECT_TRUE(ws.has_value()) << (ws ? "" : ws.error().message + " " + ws.error().file);
  if (!ws) return c;
  c.load_issues = ws->issues;
  auto rules = indicators::load_rule_set(project->rules);
  EXPECT_TRUE(rules.has_value());
  auto res = indicators::check_villages(*ws, *rules);
  EXPECT_TRUE(res.has_value()) << (res ? "" : res.error().message);
  if (!res) return c;
  c.result = std::move(*res);
  const FeatureTable* v = ws->layer("villages");
  for (size_t r = 0; v && r < v->size(); ++r) c.codes.push_back(text(*v, "code", r));
  return c;
}

const indicators::ItemResult& cell(const Checked& c, const std::string& code, const std::string& item) {
  const size_t v = static_cast<size_t>(std::find(c.codes.begin(), c.codes.end(), code) - c.codes.begin());
  size_t i = 0;
  while (i < c.result.rules.items.size() && c.result.rules.items[i].id != item) ++i;
  static const indicators::ItemResult none;
  if (v >= c.codes.size() || i >= c.result.rules.items.size()) {
    ADD_FAILURE() << "no cell " << code << " / " << item;
    return none;
  }
  return c.result.cell(v, i);
}

}  // namespace

TEST(OsmImport, WritesCanonicalLayersClippedToTheCounty) {
  const Imported im = import_county();
  const fs::path gpkg = im.job.out;
  EXPECT_EQ(im.summary.written.at("villages"), 4u);  // 外村 lies outside; the town is not a village
  EXPECT_EQ(im.summary.written.at("roads"), 4u);     // the footway is not a road
  EXPECT_EQ(im.summary.written.at("facilities"), 2u);  // the township government is not a 村委会
  EXPECT_EQ(im.summary.outside, 1u);
  EXPECT_EQ(im.summary.not_written, std::vector<std::string>{"water_plants"});
  EXPECT_EQ(im.summary.generated_ids, 4u);

  const FeatureTable v = read(gpkg, "villages");
  std::map<std::string, std::string> code_of;
  for (size_t r = 0; r < v.size(); ++r) code_of[text(v, "name", r)] = text(v, "code", r);
  EXPECT_EQ(code_of.at("燕子山村"), "osm-n1");
  EXPECT_EQ(code_of.at("高峰村"), "osm-n3");  // name:zh wins over name
  EXPECT_EQ(code_of.count("外村"), 0u);

  const FeatureTable roads = read(gpkg, "roads");
  std::multiset<std::string> got;
  for (size_t r = 0; r < roads.size(); ++r) got.insert(text(roads, "class", r) + "/" + text(roads, "surface", r));
  EXPECT_EQ(got, (std::multiset<std::string>{"county/asphalt", "village/NULL", "village/earth", "village/NULL"}));
  EXPECT_LE(roads.bbox().max_x, 110.30 + 1e-9);  // the secondary road is cut at the boundary

  const FeatureTable power = read(gpkg, "power");
  std::multiset<std::string> volts;
  for (size_t r = 0; r < power.size(); ++r) volts.insert(text(power, "voltage_kv", r));
  EXPECT_EQ(volts, (std::multiset<std::string>{"10", "500", "NULL"}));  // "500000;220000": the highest, in kV
  const FeatureTable pp = read(gpkg, "power_points");
  EXPECT_EQ(text(pp, "kind", 0), "substation");
  EXPECT_EQ(text(pp, "voltage_kv", 0), "110");

  // surface=paved is not guessed to be asphalt or concrete: unknown, and said with the hint.
  EXPECT_TRUE(logged(im.summary.log, "unmapped_value", "paved"));
  EXPECT_TRUE(logged(im.summary.log, "generated_ids", "osm-n"));
  // the project names every written layer and nothing else
  std::ifstream in(im.summary.project_path);
  const std::string project((std::istreambuf_iterator<char>(in)), {});
  EXPECT_NE(project.find("[layers.broadband_towers]"), std::string::npos);
  EXPECT_EQ(project.find("[layers.water_plants]"), std::string::npos);
}

TEST(OsmImport, DefaultRuleSetJudgesEveryVillageWithItsReason) {
  const Imported im = import_county();
  const Checked c = check(im.summary.project_path);
  ASSERT_EQ(c.codes.size(), 4u);
  using indicators::Outcome;
  // road: 燕子山村 222 m from the connected asphalt county road
  EXPECT_EQ(cell(c, "osm-n1", "road").outcome, Outcome::pass);
  // 小河村: the only road in reach has no surface tag: unknown with the reason, not failed
  EXPECT_EQ(cell(c, "osm-n2", "road").outcome, Outcome::unknown);
  EXPECT_NE(cell(c, "osm-n2", "road").note.find("路面未知"), std::string::npos) << cell(c, "osm-n2", "road").note;
  // 高峰村: nothing within 500 m (the "paved" road is 555 m away); 界岭村: only an earth track
  EXPECT_EQ(cell(c, "osm-n3", "road").outcome, Outcome::fail);
  EXPECT_EQ(cell(c, "osm-n4", "road").outcome, Outcome::fail);
  // power: the 10 kV line from the 110 kV substation; 小河村's line has no voltage
  EXPECT_EQ(cell(c, "osm-n1", "power").outcome, Outcome::pass);
  EXPECT_EQ(cell(c, "osm-n2", "power").outcome, Outcome::unknown);
  EXPECT_NE(cell(c, "osm-n2", "power").note.find("电压未知"), std::string::npos) << cell(c, "osm-n2", "power").note;
  EXPECT_EQ(cell(c, "osm-n3", "power").outcome, Outcome::fail);
  EXPECT_EQ(cell(c, "osm-n4", "power").outcome, Outcome::fail);
  // broadband: the LTE mast covers 燕子山村 (3 km), nobody else
  EXPECT_EQ(cell(c, "osm-n1", "broadband").outcome, Outcome::pass);
  EXPECT_EQ(cell(c, "osm-n3", "broadband").outcome, Outcome::fail);
  // water: OSM had no water works, so the layer is not written: unknown, not failed
  for (const char* v : {"osm-n1", "osm-n2", "osm-n3", "osm-n4"}) EXPECT_EQ(cell(c, v, "safe_water").outcome, Outcome::unknown) << v;
  // attribute items read fields OSM villages do not have: unknown for every village
  for (const char* item : {"township_industry", "collective_economy", "housing", "incidence"})
    for (const char* v : {"osm-n1", "osm-n2", "osm-n3", "osm-n4"}) EXPECT_EQ(cell(c, v, item).outcome, Outcome::unknown) << item << " " << v;
  EXPECT_GT(c.result.unjudgeable_items, 0u);
  // the generated ids are said once when loading, and are not "bad codes"
  size_t said = 0;
  for (const auto& i : c.load_issues.entries()) {
    said += i.code == "generated_ids" ? 1 : 0;
    EXPECT_NE(i.code, "bad_code") << i.message;
  }
  EXPECT_EQ(said, 1u);
  // no village may exit on partial data, none is declared failed only for lack of it
  for (size_t v = 0; v < c.codes.size(); ++v) EXPECT_NE(c.result.verdict[v], Outcome::pass) << c.codes[v];
}

TEST(OsmImport, SameOutcomesAsTheCanonicalTwinCellByCell) {
  const Imported im = import_county();
  const fs::path twin_dir = im.dir / "twin";
  fs::create_directories(twin_dir);
  const Checked a = check(im.summary.project_path);
  const Checked b = check(test::write_canonical_twin(twin_dir, test::osm_county()));
  ASSERT_EQ(a.codes.size(), b.codes.size());
  ASSERT_EQ(a.result.item_count(), b.result.item_count());
  for (size_t va = 0; va < a.codes.size(); ++va) {
    const size_t vb = static_cast<size_t>(std::find(b.codes.begin(), b.codes.end(), a.codes[va]) - b.codes.begin());
    ASSERT_LT(vb, b.codes.size()) << a.codes[va];
    for (size_t i = 0; i < a.result.item_count(); ++i) {
      const auto& ca = a.result.cell(va, i);
      const auto& cb = b.result.cell(vb, i);
      EXPECT_EQ(ca.outcome, cb.outcome) << a.codes[va] << " " << a.result.rules.items[i].id << ": " << ca.note << " | " << cb.note;
      if (std::isfinite(ca.distance_m) || std::isfinite(cb.distance_m)) {
        EXPECT_NEAR(ca.distance_m, cb.distance_m, 0.5) << a.codes[va] << " " << a.result.rules.items[i].id;
      }
    }
  }
}

TEST(OsmImport, MatchesVillageNamesToTheOfficialList) {
  JIUYOU_REQUIRE_SHARED("data/china-division-2023/villages_420323_zhushan.csv");
  // The county's village list plus its township rows (for 得胜镇), as a planner would pass it.
  const fs::path dir = test::scratch_dir();
  const fs::path list = dir / "codes.csv";
  {
    std::ifstream villages(test::shared_dir() / "data/china-division-2023/villages_420323_zhushan.csv");
    std::ifstream streets(test::shared_dir() / "data/china-division-2023/streets.csv");
    std::ofstream out(list);
    std::string line;
    while (std::getline(villages, line)) out << line << "\n";
    while (std::getline(streets, line))
      if (line.rfind("420323", 0) == 0) out << line << "\n";
  }
  const Imported im = import_county(list.string(), dir);
  EXPECT_EQ(im.summary.county_code, "420323");  // from the boundary's adcode
  EXPECT_EQ(im.summary.places.matched, 2u);
  EXPECT_EQ(im.summary.places.ambiguous, 1u);
  EXPECT_EQ(im.summary.places.unmatched, 1u);
  const FeatureTable v = read(im.job.out, "villages");
  std::map<std::string, std::pair<std::string, std::string>> by_name;
  for (size_t r = 0; r < v.size(); ++r) by_name[text(v, "name", r)] = {text(v, "code", r), text(v, "code_match", r)};
  EXPECT_EQ(by_name.at("燕子山村").first, "420323101202");
  EXPECT_EQ(by_name.at("界岭村").first, "420323106205");  // two 界岭村 in the county; 得胜镇 settles it
  EXPECT_EQ(by_name.at("小河村").first, "osm-n2");         // two 小河村, no township: not guessed
  EXPECT_EQ(by_name.at("小河村").second, "同名不止一个");
  EXPECT_EQ(by_name.at("高峰村").second, "代码表中无此名");
  EXPECT_TRUE(logged(im.summary.log, "place_ambiguous", "420323105204"));
}

TEST(OsmImport, VillagesAndRoadsOnlyExitOneWithAttributeItemsUnknown) {
  const Imported im = import_county();
  const fs::path p = im.dir / "osm" / "small.toml";
  std::ofstream(p) << "[project]\nname = \"small\"\n[layers.villages]\npath = \"county.gpkg\"\nlayer = \"villages\"\n"
                      "[layers.roads]\npath = \"county.gpkg\"\nlayer = \"roads\"\n";
  const Checked c = check(p);
  ASSERT_EQ(c.codes.size(), 4u);
  EXPECT_EQ(cell(c, "osm-n1", "road").outcome, indicators::Outcome::pass);
  EXPECT_EQ(cell(c, "osm-n1", "power").outcome, indicators::Outcome::unknown);
  EXPECT_EQ(cell(c, "osm-n1", "incidence").outcome, indicators::Outcome::unknown);
  const std::string cmd = test::jiuyou_bin() + " check " + p.string() + " --out " + (im.dir / "out").string() + " -q --no-map >/dev/null 2>&1";
  const int status = std::system(cmd.c_str());
  EXPECT_EQ(WEXITSTATUS(status), 1);
}

TEST(OsmImport, BadInputsAreClearErrorsAndWriteNothing) {
  const fs::path dir = test::scratch_dir();
  test::write_boundary(dir / "boundary.gpkg");
  test::write_osm_xml(dir / "county.osm", test::osm_county());
  io::OsmImportJob job;
  job.extract = (dir / "missing.osm").string();
  job.boundary = (dir / "boundary.gpkg").string();
  job.out = (dir / "out.gpkg").string();
  auto r = io::import_osm(job);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::io);
  EXPECT_NE(r.error().file.find("missing.osm"), std::string::npos);

  std::ofstream(dir / "junk.osm") << "this is not OpenStreetMap";
  job.extract = (dir / "junk.osm").string();
  r = io::import_osm(job);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::format);

  // An unsorted extract (a node listed after higher ids): GDAL's OSM driver stops
  // with an error; the import fails rather than write a shorter county.
  {
    std::ifstream in(dir / "county.osm");
    std::string xml((std::istreambuf_iterator<char>(in)), {});
    xml.insert(xml.find("  <way"), "  <node id=\"7\" version=\"1\" lat=\"32.2\" lon=\"110.2\"/>\n");
    std::ofstream(dir / "unsorted.osm") << xml;
  }
  job.extract = (dir / "unsorted.osm").string();
  r = io::import_osm(job);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::format);

  job.extract = (dir / "county.osm").string();
  job.boundary = (dir / "boundary.gpkg:nolayer").string();
  r = io::import_osm(job);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::format);
  EXPECT_NE(r.error().hint.find("county"), std::string::npos);  // lists the layers there are

  test::write_fixture("ESRI Shapefile", (dir / "nocrs.shp").string(), "nocrs", 4326, wkbPolygon, {}, {{"POLYGON ((110.1 32.1, 110.3 32.1, 110.3 32.3, 110.1 32.1))", {}}}, {}, true);
  job.boundary = (dir / "nocrs.shp").string();
  r = io::import_osm(job);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::crs);

  // The output must not replace an input (the boundary), and a planner's own project file stays.
  job.boundary = (dir / "boundary.gpkg").string();
  job.out = job.boundary;
  r = io::import_osm(job);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::input);
  job.out = (dir / "out.gpkg").string();
  std::ofstream(dir / "project.toml") << "[project]\nname = \"mine\"\n";
  r = io::import_osm(job);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::io);
  std::ifstream in(dir / "project.toml");
  EXPECT_EQ(std::string((std::istreambuf_iterator<char>(in)), {}), "[project]\nname = \"mine\"\n");
  EXPECT_FALSE(fs::exists(dir / "out.gpkg"));
}

TEST(OsmImport, CommandLineSaysWhatItWroteAndExitsByTheContract) {
  const fs::path dir = test::scratch_dir();
  test::write_osm_xml(dir / "county.osm", test::osm_county());
  test::write_boundary(dir / "boundary.gpkg");
  auto run = [&](const std::string& args, std::string* out) {
    const std::string cmd = test::jiuyou_bin() + " import-osm " + args + " > " + (dir / "log.txt").string() + " 2>&1";
    const int status = std::system(cmd.c_str());
    std::ifstream in(dir / "log.txt");
    *out = std::string((std::istreambuf_iterator<char>(in)), {});
    return WEXITSTATUS(status);
  };
  std::string out;
  const std::string ok = (dir / "county.osm").string() + " --boundary " + (dir / "boundary.gpkg").string() + ":county --out " + (dir / "osm.gpkg").string();
  EXPECT_EQ(run(ok, &out), 0) << out;
  EXPECT_NE(out.find("villages"), std::string::npos) << out;
  EXPECT_NE(out.find("water_plants"), std::string::npos) << out;  // said: not in the extract
  EXPECT_TRUE(fs::exists(dir / "project.toml"));
  EXPECT_EQ(run(ok, &out), 0) << out;  // its own project file is replaced on a new import
  EXPECT_EQ(run(ok + " --county 4203", &out), 2) << out;
  EXPECT_EQ(run((dir / "none.osm").string() + " --boundary " + (dir / "boundary.gpkg").string() + " --out " + (dir / "x.gpkg").string(), &out), 3) << out;
  EXPECT_NE(out.find("none.osm"), std::string::npos) << out;
  EXPECT_EQ(run((dir / "county.osm").string() + " --boundary " + (dir / "boundary.gpkg").string() + ":roads --out " + (dir / "x.gpkg").string(), &out), 4) << out;
  EXPECT_FALSE(fs::exists(dir / "x.gpkg"));
}
