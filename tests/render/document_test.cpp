// One document (#14 item 1): an output of jiuyou that records its project
// (jiuyou_meta in the GeoPackage) opens over every layer of that project:
// the verdicts and the gaps together with roads, power and the rest.
#include "src/render/document.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "gis/io/write.hpp"
#include "gis/report/result_meta.hpp"
#include "render/demo_workspace.hpp"
#include "support/test_paths.hpp"

namespace jiuyou::render {
namespace {

namespace fs = std::filesystem;

// A project on disk: project.toml naming villages (without verdicts), roads and facilities in county.gpkg.
fs::path write_project(const fs::path& dir) {
  fs::create_directories(dir);
  const FeatureTable v = [] {
    FeatureTable t = demo::demo_villages();
    std::erase_if(t.columns, [](const Column& c) { return c.name() == "verdict" || c.name() == "road_hardened" || c.name() == "failed_count"; });
    return t;
  }();
  const FeatureTable roads = demo::demo_roads(), facilities = demo::demo_facilities();
  const FeatureTable* layers[] = {&v, &roads, &facilities};
  EXPECT_TRUE(io::write_layers((dir / "county.gpkg").string(), layers).has_value());
  std::ofstream(dir / "project.toml") << "[project]\nname = \"测试县\"\nmetric_crs = \"EPSG:4545\"\nrules = \"hubei-2017\"\n"
                                         "[layers.villages]\npath = \"county.gpkg\"\nlayer = \"villages\"\n"
                                         "[layers.roads]\npath = \"county.gpkg\"\nlayer = \"roads\"\n"
                                         "[layers.facilities]\npath = \"county.gpkg\"\nlayer = \"facilities\"\n";
  return dir / "project.toml";
}

// A check's result.gpkg: villages with verdicts, gaps, and (optionally) the metadata naming the project.
fs::path write_result(const fs::path& dir, const std::optional<report::ResultMeta>& meta) {
  fs::create_directories(dir);
  const FeatureTable v = demo::demo_villages(), gaps = demo::demo_gaps();
  std::optional<FeatureTable> m;
  if (meta) m = report::result_meta_table(*meta, dir.string());
  std::vector<const FeatureTable*> layers = {&v, &gaps};
  if (m) layers.push_back(&*m);
  EXPECT_TRUE(io::write_layers((dir / "result.gpkg").string(), layers).has_value());
  return dir / "result.gpkg";
}

TEST(Document, AResultOpensOverItsProjectsLayers) {
  const fs::path dir = test::scratch_dir();
  const fs::path project = write_project(dir);
  const fs::path result = write_result(dir / "out", report::ResultMeta{project.string(), "hubei-2017", "check", {}});
  auto doc = open_document(result.string());
  ASSERT_TRUE(doc.has_value()) << doc.error().to_string();
  EXPECT_TRUE(doc->notes.empty()) << doc->notes.front();
  EXPECT_EQ(doc->rule_set, "hubei-2017");
  EXPECT_EQ(doc->ws.name, "测试县");
  ASSERT_TRUE(doc->ws.layer("roads")) << "the project's roads";
  EXPECT_EQ(doc->ws.layer("roads")->size(), demo::demo_roads().size());
  ASSERT_TRUE(doc->ws.layer("facilities"));
  ASSERT_TRUE(doc->ws.layer("gaps")) << "the result's gaps";
  ASSERT_TRUE(doc->ws.layer("villages"));
  EXPECT_TRUE(doc->ws.layer("villages")->column("verdict")) << "the result's villages replace the project's";
  EXPECT_EQ(doc->ws.layer("villages")->size(), 5u);
  size_t villages_layers = 0;
  for (const FeatureTable& t : doc->ws.layers) villages_layers += t.name == "villages" ? 1 : 0;
  EXPECT_EQ(villages_layers, 1u);
  EXPECT_EQ(doc->ws.metric_crs.label(), CrsRef::epsg(4545).label());
  // The item names come from the recorded rule set.
  EXPECT_EQ(item_title_in(doc->rule_set, "road_hardened"), item_title_in("hubei-2017", "road_hardened"));
  EXPECT_EQ(item_title_in("", "road_hardened"), "road_hardened");
}

// An output folder stands for the GeoPackage it holds (as compare takes a check's folder: tour 11 K4);
// a folder without one is an error naming the folder and the files looked for.
TEST(Document, ACheckFolderOpensItsResult) {
  const fs::path dir = test::scratch_dir();
  const fs::path project = write_project(dir);
  write_result(dir / "out", report::ResultMeta{project.string(), "hubei-2017", "check", {}});
  auto doc = open_document((dir / "out").string());
  ASSERT_TRUE(doc.has_value()) << doc.error().to_string();
  ASSERT_TRUE(doc->ws.layer("gaps")) << "the result's gaps";
  ASSERT_TRUE(doc->ws.layer("roads")) << "over the project's roads";
  fs::create_directories(dir / "empty");
  auto none = open_document((dir / "empty").string());
  ASSERT_FALSE(none.has_value());
  EXPECT_EQ(none.error().file, (dir / "empty").string());
  EXPECT_NE(none.error().hint.find("result.gpkg"), std::string::npos) << none.error().hint;
}

TEST(Document, AResultMovedWithItsProjectStillFindsIt) {
  const fs::path dir = test::scratch_dir();
  const fs::path project = write_project(dir / "a");
  write_result(dir / "a" / "out", report::ResultMeta{project.string(), "hubei-2017", "check", {}});
  fs::rename(dir / "a", dir / "b");  // the absolute path recorded is gone; the relative one still holds
  auto doc = open_document((dir / "b" / "out" / "result.gpkg").string());
  ASSERT_TRUE(doc.has_value()) << doc.error().to_string();
  EXPECT_TRUE(doc->ws.layer("roads"));
  EXPECT_TRUE(doc->notes.empty());
}

TEST(Document, AGoneProjectIsANoteAndTheResultStillOpens) {
  const fs::path dir = test::scratch_dir();
  const fs::path result = write_result(dir / "out", report::ResultMeta{(dir / "nowhere" / "project.toml").string(), "hubei-2017", "check", {}});
  auto doc = open_document(result.string());
  ASSERT_TRUE(doc.has_value()) << doc.error().to_string();
  ASSERT_EQ(doc->notes.size(), 1u);
  EXPECT_NE(doc->notes[0].find("找不到生成此结果的项目"), std::string::npos);
  EXPECT_TRUE(doc->ws.layer("villages"));
  EXPECT_TRUE(doc->ws.layer("gaps"));
  EXPECT_FALSE(doc->ws.layer("roads"));
}

TEST(Document, AnOlderResultWithoutMetadataOpensAsItIs) {
  const fs::path dir = test::scratch_dir();
  const fs::path result = write_result(dir, std::nullopt);
  auto meta = report::read_result_meta(result.string());
  ASSERT_TRUE(meta.has_value()) << meta.error().to_string();
  EXPECT_FALSE(meta->has_value());
  auto doc = open_document(result.string());
  ASSERT_TRUE(doc.has_value()) << doc.error().to_string();
  EXPECT_TRUE(doc->ws.layer("gaps"));
  EXPECT_TRUE(doc->notes.empty());
}

TEST(Document, MetadataRoundTripsAndABrokenTableIsAnError) {
  const fs::path dir = test::scratch_dir();
  const report::ResultMeta m{(dir / "p.toml").string(), "guangxi", "check", {{"jiuyou_version", "1.2"}}};
  const fs::path result = write_result(dir, m);
  auto back = report::read_result_meta(result.string());
  ASSERT_TRUE(back.has_value() && back->has_value());
  EXPECT_EQ((*back)->rule_set, "guangxi");
  EXPECT_EQ((*back)->kind, "check");
  EXPECT_EQ((*back)->extra.at("jiuyou_version"), "1.2");
  EXPECT_EQ(fs::path((*back)->project_path).filename(), "p.toml");
  // A jiuyou_meta table without key/value: a clear error naming file, layer and field.
  FeatureTable broken;
  broken.name = report::k_result_meta_layer;
  broken.geometry.kind = GeometryKind::none;
  Column other("other", FieldType::text);
  other.push_text("x");
  broken.fid = {1};
  broken.geometry.add_null_feature();
  broken.columns = {other};
  ASSERT_TRUE(io::write_layer((dir / "broken.gpkg").string(), broken).has_value());
  auto bad = report::read_result_meta((dir / "broken.gpkg").string());
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().layer, report::k_result_meta_layer);
  EXPECT_EQ(bad.error().field, "key");
  // A missing file is an error too, not "no metadata".
  EXPECT_FALSE(report::read_result_meta((dir / "missing.gpkg").string()).has_value());
}

TEST(Document, PlannerOutputsGetChineseTitles) {
  Workspace ws;
  FeatureTable links;
  links.name = "links";
  ws.layers = {links};
  EXPECT_EQ(planner_title(ws), "山海协作结对");
  ws.layers[0].name = "flows";
  EXPECT_EQ(planner_title(ws), "易地扶贫搬迁安置规划");
  ws.layers[0].name = "roads";
  EXPECT_EQ(planner_title(ws), "");
}

}  // namespace
}  // namespace jiuyou::render
