// The township atlas (jiuyou atlas): the demo county's check result gives one
// A4 page per township, 17 pages, each page's text holding its township's name
// and its villages; the page's legend lists only what is on the page; a file
// that is not a check result, or an unwritable path, is a clear error and
// leaves no file.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>

#include "gis/app/check_job.hpp"
#include "gis/report/check_caveats.hpp"
#include "src/render/atlas.hpp"
#include "src/render/atlas_pdf.hpp"
#include "src/render/document.hpp"
#include "support/test_paths.hpp"

namespace jiuyou::render {
namespace {

namespace fs = std::filesystem;

std::string run(const std::string& cmd) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return out;
  char buf[4096];
  while (size_t n = fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  pclose(p);
  return out;
}

bool have(const char* tool) { return !run(std::string("command -v ") + tool + " 2>/dev/null").empty(); }

// The demo county checked once for the suite, and its atlas.
struct DemoAtlas {
  fs::path dir;
  std::optional<Document> doc;
  std::optional<AtlasPlan> plan;
  Result<AtlasWritten> written = fail(ErrorCode::internal, "not run");
};

const DemoAtlas& demo_atlas() {
  static const DemoAtlas a = [] {
    DemoAtlas d;
    // Per test: ctest runs each test in its own process, in parallel.
    d.dir = fs::path(JIUYOU_TEST_TMP) / ("Atlas.demo." + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(d.dir);
    fs::create_directories(d.dir);
    app::CheckJob job;
    job.project = (test::source_dir() / "data/demo/project.toml").string();
    job.out_dir = (d.dir / "out").string();
    auto checked = app::run_check(job);
    EXPECT_TRUE(checked.has_value()) << checked.error().to_string();
    if (!checked) return d;
    auto doc = open_document((d.dir / "out/result.gpkg").string());
    EXPECT_TRUE(doc.has_value()) << doc.error().to_string();
    if (!doc) return d;
    d.doc = std::move(*doc);
    auto plan = plan_atlas(*d.doc);
    EXPECT_TRUE(plan.has_value()) << plan.error().to_string();
    if (!plan) return d;
    d.plan = std::move(*plan);
    AtlasOptions o;
    o.map_dpi = 90;  // the test reads text, not pictures
    d.written = write_atlas_pdf(d.doc->ws, *d.plan, (d.dir / "atlas.pdf").string(), o);
    return d;
  }();
  return a;
}

TEST(Atlas, DemoCountyHasOnePagePerTownshipNamedFromTheTownshipsLayer) {
  const DemoAtlas& a = demo_atlas();
  ASSERT_TRUE(a.plan.has_value());
  ASSERT_EQ(a.plan->pages.size(), 17u);
  size_t villages = 0;
  std::set<std::string> names;
  for (const AtlasPage& p : a.plan->pages) {
    EXPECT_NE(p.township, p.township_code) << "a name, not the code " << p.township_code;
    EXPECT_EQ(p.exit + p.fail + p.unknown, p.rows.size());
    EXPECT_LT(p.extent.min_x, p.extent.max_x);
    names.insert(p.township);
    villages += p.rows.size();
    for (const AtlasRow& r : p.rows) {
      EXPECT_FALSE(r.village.empty());
      EXPECT_FALSE(r.verdict.empty());
      if (r.verdict == "可出列") {
        EXPECT_TRUE(r.lacks.empty()) << r.village;
      }
      if (r.verdict == "不可出列") {
        EXPECT_FALSE(r.lacks.empty()) << r.village << " fails without a lacking item";
      }
      for (const std::string& item : r.lacks) EXPECT_EQ(item.find('_'), std::string::npos) << "an item id, not its name: " << item;
    }
  }
  EXPECT_EQ(names.size(), 17u);
  EXPECT_EQ(villages, a.doc->ws.layer("villages")->size());
  EXPECT_TRUE(names.count("城关镇"));
}

// The sum of the "(N)" counts of the villages' legend block (title to the next blank line).
size_t village_legend_total(const std::string& page_text) {
  const size_t start = page_text.find("村庄 · 出列评定");
  if (start == std::string::npos) return 0;
  const size_t end = page_text.find("\n\n", start);
  const std::string block = page_text.substr(start, end == std::string::npos ? std::string::npos : end - start);
  size_t total = 0;
  for (size_t at = block.find(" ("); at != std::string::npos; at = block.find(" (", at + 2)) total += std::stoul(block.substr(at + 2));
  return total;
}

TEST(Atlas, PdfHas17PagesAndEachPageNamesItsTownshipAndVillages) {
  const DemoAtlas& a = demo_atlas();
  ASSERT_TRUE(a.written.has_value()) << a.written.error().to_string();
  EXPECT_EQ(a.written->pages, 17u);
  const fs::path pdf = a.dir / "atlas.pdf";
  ASSERT_TRUE(fs::exists(pdf));
  if (!have("pdfinfo") || !have("pdftotext")) GTEST_SKIP() << "poppler-utils (pdfinfo, pdftotext) not installed";
  EXPECT_NE(run("pdfinfo '" + pdf.string() + "'").find("Pages:           17"), std::string::npos);
  for (size_t k = 0; k < a.plan->pages.size(); ++k) {
    const AtlasPage& p = a.plan->pages[k];
    const std::string n = std::to_string(k + 1);
    const std::string page_text = run("pdftotext -f " + n + " -l " + n + " '" + pdf.string() + "' -");
    EXPECT_NE(page_text.find(p.township), std::string::npos) << "page " << n << " lacks " << p.township;
    for (const AtlasRow& r : p.rows) EXPECT_NE(page_text.find(r.village), std::string::npos) << "page " << n << " lacks " << r.village;
    EXPECT_NE(page_text.find("第 " + n + " 页，共 17 页"), std::string::npos);
    EXPECT_EQ(village_legend_total(page_text), p.rows.size()) << "page " << n << ": the legend counts villages the page does not list";
  }
  // No program identifiers in the planner's document.
  const std::string all = run("pdftotext '" + pdf.string() + "' -");
  for (const char* id : {"verdict", "road", "fail", "unknown", "_"}) EXPECT_EQ(all.find(id), std::string::npos) << id;
}

TEST(Atlas, PageWorkspaceKeepsOnlyWhatIsOnThePage) {
  const DemoAtlas& a = demo_atlas();
  ASSERT_TRUE(a.plan.has_value());
  const AtlasPage& p = a.plan->pages.front();
  const Workspace page = clip_workspace(a.doc->ws, p.extent);
  ASSERT_EQ(page.layers.size(), a.doc->ws.layers.size());
  const FeatureTable& all_v = *a.doc->ws.layer("villages");
  const FeatureTable& page_v = *page.layer("villages");
  EXPECT_LT(page_v.size(), all_v.size());
  EXPECT_GE(page_v.size(), p.rows.size());
  ASSERT_EQ(page_v.columns.size(), all_v.columns.size());
  for (size_t r = 0; r < page_v.size(); ++r) {
    const BBox b = page_v.geometry.feature_bbox(r);
    EXPECT_TRUE(b.min_x <= p.extent.max_x && b.max_x >= p.extent.min_x && b.min_y <= p.extent.max_y && b.max_y >= p.extent.min_y);
  }
  // Rows keep their values: the first page village's name is found with its own code.
  const auto rows = page_v.find_rows("name", p.rows.front().village);
  ASSERT_FALSE(rows.empty());
  const auto orig = all_v.find_rows("name", p.rows.front().village);
  ASSERT_FALSE(orig.empty());
  EXPECT_EQ(page_v.column("code")->as_text(rows[0]), all_v.column("code")->as_text(orig[0]));
}

// Tour 16 Q3: a page drew the neighbouring townships' villages in their verdict colours (可出列 green the page's header
// and legend do not count). On every page: the villages layer holds the township's villages only, the rest in the frame
// go to the grey context layer, and only the township's villages' gap lines are left.
TEST(Atlas, EveryPageDrawsOnlyItsTownshipsVillagesInColourAndTheNeighboursAsContext) {
  const DemoAtlas& a = demo_atlas();
  ASSERT_TRUE(a.plan.has_value());
  size_t pages_with_neighbours = 0;
  for (const AtlasPage& p : a.plan->pages) {
    Workspace page = clip_workspace(a.doc->ws, p.extent);
    const size_t in_frame = page.layer("villages")->size();
    const std::vector<std::string> context = split_off_neighbours(page, p);
    const FeatureTable& own = *page.layer("villages");
    EXPECT_EQ(own.size(), p.rows.size()) << p.township;
    for (size_t r = 0; r < own.size(); ++r) EXPECT_EQ(own.column("township")->as_text(r), p.township_code);
    std::set<std::string> codes;
    for (size_t r = 0; r < own.size(); ++r) codes.insert(own.column("code")->as_text(r));
    const FeatureTable* gaps = page.layer("gaps");
    ASSERT_NE(gaps, nullptr);
    for (size_t r = 0; r < gaps->size(); ++r) EXPECT_TRUE(codes.count(gaps->column("village_code")->as_text(r))) << p.township;
    if (in_frame == own.size()) {
      EXPECT_TRUE(context.empty());
      continue;
    }
    ++pages_with_neighbours;
    ASSERT_EQ(context, std::vector<std::string>{k_neighbour_villages});
    const FeatureTable* others = page.layer(k_neighbour_villages);
    ASSERT_NE(others, nullptr);
    EXPECT_EQ(others->size() + own.size(), in_frame);
    for (size_t r = 0; r < others->size(); ++r) EXPECT_NE(others->column("township")->as_text(r), p.township_code);
  }
  EXPECT_GT(pages_with_neighbours, 0u);  // the demo's frames do hold neighbours
}

TEST(Atlas, AProjectWithoutVerdictsOrTownshipsIsAClearError) {
  auto doc = open_document((test::source_dir() / "data/demo/project.toml").string());
  ASSERT_TRUE(doc.has_value()) << doc.error().to_string();
  auto plan = plan_atlas(*doc);
  ASSERT_FALSE(plan.has_value());
  EXPECT_EQ(plan.error().code, ErrorCode::input);
  EXPECT_EQ(plan.error().field, "verdict");
  EXPECT_NE(plan.error().hint.find("jiuyou check"), std::string::npos);
  Document no_town = std::move(*doc);
  FeatureTable* v = no_town.ws.layer("villages");
  ASSERT_NE(v, nullptr);
  std::erase_if(v->columns, [](const Column& c) { return c.name() == "township"; });
  auto p2 = plan_atlas(no_town);
  ASSERT_FALSE(p2.has_value());
  EXPECT_EQ(p2.error().field, "township");
  Document empty;
  EXPECT_FALSE(plan_atlas(empty).has_value());
}

// Two counties' townships of the same name get a page each, titled apart (tour 11 K5: "城关镇" twice).
TEST(Atlas, SameNamedTownshipsOfTwoCountiesAreTitledByCountyAndCode) {
  Document doc;
  FeatureTable v;
  v.name = "villages";
  Column code("code", FieldType::text), township("township", FieldType::text), verdict("verdict", FieldType::text), name("name", FieldType::text);
  const char* codes[] = {"420323100001", "420324100001"};
  for (int i = 0; i < 2; ++i) {
    v.fid.push_back(i + 1);
    v.geometry.add_point_feature(500000.0 + 1000.0 * i, 3600000.0);
    code.push_text(codes[i]);
    township.push_text(std::string(codes[i]).substr(0, 9));
    verdict.push_text("exit");
    name.push_text("青山村");
  }
  v.columns = {std::move(code), std::move(township), std::move(verdict), std::move(name)};
  FeatureTable towns, county;
  towns.name = "townships";
  county.name = "county";
  Column tc("code", FieldType::text), tn("name", FieldType::text), cc("code", FieldType::text), cn("name", FieldType::text);
  for (auto [c, n] : {std::pair{"420323", "甲县"}, std::pair{"420324", "乙县"}}) {
    towns.fid.push_back(static_cast<int64_t>(towns.fid.size() + 1));
    towns.geometry.add_null_feature();
    tc.push_text(std::string(c) + "100");
    tn.push_text("城关镇");
    county.fid.push_back(static_cast<int64_t>(county.fid.size() + 1));
    county.geometry.add_null_feature();
    cc.push_text(c);
    cn.push_text(n);
  }
  towns.columns = {std::move(tc), std::move(tn)};
  county.columns = {std::move(cc), std::move(cn)};
  doc.ws.layers = {std::move(v), std::move(towns), std::move(county)};
  auto plan = plan_atlas(doc);
  ASSERT_TRUE(plan.has_value()) << plan.error().to_string();
  ASSERT_EQ(plan->pages.size(), 2u);
  std::set<std::string> titles;
  for (const auto& p : plan->pages) titles.insert(p.township);
  EXPECT_EQ(titles, (std::set<std::string>{"城关镇（甲县，420323100）", "城关镇（乙县，420324100）"}));
}

TEST(Atlas, UnwritablePathIsAnIoErrorAndLeavesNoFile) {
  const DemoAtlas& a = demo_atlas();
  ASSERT_TRUE(a.plan.has_value());
  const fs::path dir = test::scratch_dir();
  AtlasPlan one = *a.plan;
  one.pages.resize(1);
  std::ofstream(dir / "a-file") << "not a folder";
  const fs::path bad = dir / "a-file" / "atlas.pdf";  // a folder that cannot be made (a missing one is made: tour 18 S15)
  AtlasOptions o;
  o.map_dpi = 60;
  auto r = write_atlas_pdf(a.doc->ws, one, bad.string(), o);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::io);
  EXPECT_FALSE(fs::exists(bad));
  auto made = write_atlas_pdf(a.doc->ws, one, (dir / "new-folder" / "atlas.pdf").string(), o);
  ASSERT_TRUE(made.has_value()) << made.error().to_string();
  EXPECT_TRUE(fs::exists(dir / "new-folder" / "atlas.pdf"));
  fs::remove_all(dir / "new-folder");
  fs::remove(dir / "a-file");
  EXPECT_FALSE(write_atlas_pdf(a.doc->ws, AtlasPlan{}, (dir / "empty.pdf").string(), o).has_value());
  EXPECT_FALSE(fs::exists(dir / "empty.pdf"));
  // One township: one page, and nothing else in the folder (no temporary left).
  auto ok = write_atlas_pdf(a.doc->ws, one, (dir / "one.pdf").string(), o);
  ASSERT_TRUE(ok.has_value()) << ok.error().to_string();
  EXPECT_EQ(ok->pages, 1u);
  size_t files = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++files;
  EXPECT_EQ(files, 1u);
}

// tour 10 J10: the check's caveats (villages as points, a datum undeclared) open the atlas on a page of their own, in
// the words of report.html and result.xlsx, and every township page points to it.
TEST(Atlas, CaveatsOpenTheAtlasAndEveryPagePointsToThem) {
  const DemoAtlas& a = demo_atlas();
  ASSERT_TRUE(a.plan.has_value());
  EXPECT_TRUE(a.plan->caveats.empty()) << "the demo county (village polygons, declared datums) has none";
  if (!have("pdfinfo") || !have("pdftotext")) GTEST_SKIP() << "poppler-utils (pdfinfo, pdftotext) not installed";
  const fs::path dir = test::scratch_dir();
  AtlasPlan two = *a.plan;
  two.pages.resize(2);
  two.caveats = report::caveat_effects_of_codes("points_for_polygons");
  ASSERT_EQ(two.caveats.size(), 1u);
  AtlasOptions o;
  o.map_dpi = 60;
  auto ok = write_atlas_pdf(a.doc->ws, two, (dir / "caveats.pdf").string(), o);
  ASSERT_TRUE(ok.has_value()) << ok.error().to_string();
  EXPECT_EQ(ok->pages, 3u) << "the caveats' page, then one per township";
  const auto page = [&](int n) { return run("pdftotext -f " + std::to_string(n) + " -l " + std::to_string(n) + " '" + (dir / "caveats.pdf").string() + "' -"); };
  const auto squeezed = [](std::string s) {  // pdftotext breaks the wrapped sentence into lines
    std::erase_if(s, [](char c) { return c == '\n' || c == ' '; });
    return s;
  };
  const std::string first = page(1);
  EXPECT_NE(first.find(report::caveats_heading("本图册")), std::string::npos) << first;
  std::string effect = two.caveats[0];
  EXPECT_NE(squeezed(first).find(squeezed(effect)), std::string::npos) << first;
  for (int n : {2, 3}) {
    const std::string text = page(n);
    EXPECT_NE(text.find("见第 1 页"), std::string::npos) << n << ": " << text;
    EXPECT_NE(text.find(two.pages[static_cast<size_t>(n - 2)].township), std::string::npos) << n;
  }
  EXPECT_NE(page(3).find("第 3 页，共 3 页"), std::string::npos);
}

// The check records its caveats' codes in result.gpkg; the document opened from it gives the atlas the sentences.
TEST(Atlas, APointVillagesCheckHandsItsCaveatToTheAtlas) {
  const fs::path project = test::source_dir() / "data/demo-raw/project_points.toml";
  if (!fs::exists(project)) GTEST_SKIP() << "no demo-raw county";
  const fs::path dir = test::scratch_dir();
  app::CheckJob job;
  job.project = project.string();
  job.out_dir = (dir / "out").string();
  auto checked = app::run_check(job);
  ASSERT_TRUE(checked.has_value()) << checked.error().to_string();
  ASSERT_EQ(checked->result.notes.count("points_for_polygons"), 1u);
  auto doc = open_document((dir / "out/result.gpkg").string());
  ASSERT_TRUE(doc.has_value()) << doc.error().to_string();
  auto plan = plan_atlas(*doc);
  ASSERT_TRUE(plan.has_value()) << plan.error().to_string();
  ASSERT_FALSE(plan->caveats.empty());
  EXPECT_EQ(plan->caveats.front(), report::caveat_effect("points_for_polygons"));
}

// A3: the page is 297 x 420 mm (841.89 x 1190.55 pt) and holds the same text; A4 stays 595.28 x 841.89 pt.
TEST(Atlas, A3PagesAreA3AndHoldTheSameText) {
  const DemoAtlas& a = demo_atlas();
  ASSERT_TRUE(a.plan.has_value());
  ASSERT_TRUE(a.written.has_value());
  if (!have("pdfinfo") || !have("pdftotext")) GTEST_SKIP() << "poppler-utils (pdfinfo, pdftotext) not installed";
  const fs::path dir = test::scratch_dir();
  AtlasPlan two = *a.plan;
  two.pages.resize(2);
  AtlasOptions o;
  o.map_dpi = 60;
  o.paper = Paper::a3;
  auto ok = write_atlas_pdf(a.doc->ws, two, (dir / "a3.pdf").string(), o);
  ASSERT_TRUE(ok.has_value()) << ok.error().to_string();
  const std::string info = run("pdfinfo '" + (dir / "a3.pdf").string() + "'");
  EXPECT_NE(info.find("841.89 x 1190.55 pts (A3)"), std::string::npos) << info;
  EXPECT_NE(info.find("Pages:           2"), std::string::npos) << info;
  const std::string a4 = run("pdfinfo '" + (a.dir / "atlas.pdf").string() + "'");
  EXPECT_NE(a4.find("595.28 x 841.89 pts (A4)"), std::string::npos) << a4;
  const std::string text = run("pdftotext -f 1 -l 1 '" + (dir / "a3.pdf").string() + "' -");
  EXPECT_NE(text.find(two.pages[0].township), std::string::npos);
  for (const AtlasRow& r : two.pages[0].rows) EXPECT_NE(text.find(r.village), std::string::npos) << r.village;
  EXPECT_NE(text.find("第 1 页，共 2 页"), std::string::npos);
}

}  // namespace
}  // namespace jiuyou::render
