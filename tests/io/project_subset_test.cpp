// Reading part of a project (gis/io/project_subset.hpp): only some layers, and of a layer
// only some columns. What is read is what a whole read gives, value for value; what is left
// out is absent, never empty or shifted; coordinates from columns are read whatever is kept.
#include "gis/io/project_subset.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "io/gdal_fixture.hpp"
#include "support/test_paths.hpp"

using namespace jiuyou;
namespace fs = std::filesystem;

namespace {

std::string cell_text(const FeatureTable& t, const std::string& column, size_t row) {
  const Column* c = t.column(column);
  return !c ? "(no column)" : c->is_null(row) ? "(null)" : c->as_text(row);
}

// The project's layer names, sorted.
std::vector<std::string> layer_names(const io::Project& p) {
  std::vector<std::string> out;
  for (const io::LayerSpec& l : p.layers) out.push_back(l.name);
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> names_of(const FeatureTable& t) {
  std::vector<std::string> out;
  for (const Column& c : t.columns) out.push_back(c.name());
  return out;
}

// A GeoPackage of three villages (five columns, one mapped from 村名) and a roads layer, with a
// statistics CSV joined onto the villages and a facilities CSV table (coordinates in columns).
io::Project write_project(const fs::path& dir) {
  test::write_fixture("GPKG", (dir / "v.gpkg").string(), "villages", 4490, wkbPoint,
                      {{"code", OFTString}, {"村名", OFTString}, {"population", OFTInteger}, {"households", OFTInteger}, {"remark", OFTString}},
                      {{"POINT (110.21 32.2)", {"420323100201", "柳林村", "812", "210", "山区"}},
                       {"POINT (110.22 32.2)", {"420323100202", "新村", "", "180", ""}},
                       {"POINT (110.23 32.2)", {"420323100203", "石门村", "455", "", "库区"}}});
  test::write_fixture("GPKG", (dir / "r.gpkg").string(), "roads", 4490, wkbLineString, {{"class", OFTString}, {"surface", OFTString}},
                      {{"LINESTRING (110.2 32.19, 110.24 32.21)", {"county", "asphalt"}}});
  std::ofstream(dir / "s.csv") << "code,poor_population\n420323100201,12\n420323100203,7\n";
  std::ofstream(dir / "f.csv") << "name,kind,x,y\n柳林村卫生室,clinic,110.21,32.2\n";
  std::ofstream(dir / "p.toml") << "[project]\nmetric_crs = \"EPSG:4545\"\n"
                                   "[layers.villages]\npath = \"v.gpkg\"\nfields.name = \"村名\"\n"
                                   "[layers.roads]\npath = \"r.gpkg\"\n"
                                   "[layers.village_stats]\npath = \"s.csv\"\njoin_to = \"villages\"\n"
                                   "[layers.facilities]\npath = \"f.csv\"\nx = \"x\"\ny = \"y\"\ncrs = \"EPSG:4490\"\n";
  auto p = io::load_project((dir / "p.toml").string());
  EXPECT_TRUE(p) << p.error().to_string();
  return p ? *p : io::Project{};
}

}  // namespace

TEST(ProjectSubset, OnlyLayersKeepsTheNamedAndTheTablesJoinedOntoThem) {
  io::Project p = write_project(test::scratch_dir());
  io::Project villages = p;
  io::only_layers(villages, {"villages"});
  EXPECT_EQ(layer_names(villages), (std::vector<std::string>{"village_stats", "villages"})) << "its statistics come with it";
  io::Project roads = p;
  io::only_layers(roads, {"roads", "facilities", "no_such_layer"});
  EXPECT_EQ(layer_names(roads), (std::vector<std::string>{"facilities", "roads"}));
  io::only_layers(roads, {});
  EXPECT_TRUE(roads.layers.empty());
}

TEST(ProjectSubset, SomeColumnsOfALayerAreTheWholeReadsValuesAndNoOthers) {
  const io::Project p = write_project(test::scratch_dir());
  auto whole = io::load_workspace(p);
  ASSERT_TRUE(whole) << whole.error().to_string();
  // name is the mapped 村名; poor_population is joined (a joined column is not the layer's read);
  // a column the layer lacks is no error.
  auto part = io::load_workspace_columns(p, {}, {{"villages", {"name", "code", "households", "no_such_column"}}, {"facilities", {"name"}}});
  ASSERT_TRUE(part) << part.error().to_string();
  const FeatureTable* a = part->layer("villages");
  const FeatureTable* b = whole->layer("villages");
  ASSERT_TRUE(a && b);
  EXPECT_EQ(names_of(*a), (std::vector<std::string>{"code", "name", "households", "poor_population"})) << "in the layer's order, the join after";
  ASSERT_EQ(a->size(), b->size());
  EXPECT_EQ(a->fid, b->fid);
  EXPECT_EQ(a->geometry.xy, b->geometry.xy);
  for (const Column& c : a->columns)
    for (size_t row = 0; row < a->size(); ++row) EXPECT_EQ(cell_text(*a, c.name(), row), cell_text(*b, c.name(), row)) << c.name() << " " << row;
  EXPECT_EQ(cell_text(*a, "name", 2), "石门村");
  EXPECT_TRUE(a->column("households")->is_null(2));
  EXPECT_FALSE(a->column("poor_population")->is_null(2));
  EXPECT_FALSE(a->column("population"));
  EXPECT_FALSE(a->column("remark"));
  // A layer not named is read whole; a table's coordinates come from its columns even when those are left out.
  EXPECT_EQ(names_of(*part->layer("roads")), names_of(*whole->layer("roads")));
  const FeatureTable* t = part->layer("facilities");
  ASSERT_TRUE(t);
  EXPECT_EQ(names_of(*t), (std::vector<std::string>{"name"}));
  EXPECT_EQ(t->geometry.xy, whole->layer("facilities")->geometry.xy);
  EXPECT_EQ(part->metric_crs.label(), whole->metric_crs.label());
}

TEST(ProjectSubset, TheKeysTheLoaderNeedsAreReadWhateverTheListSays) {
  const io::Project p = write_project(test::scratch_dir());
  auto whole = io::load_workspace(p);
  auto part = io::load_workspace_columns(p, {}, {{"villages", {"households"}}});
  ASSERT_TRUE(whole && part) << (part ? "" : part.error().to_string());
  const FeatureTable* a = part->layer("villages");
  ASSERT_TRUE(a);
  EXPECT_EQ(names_of(*a), (std::vector<std::string>{"code", "name", "households", "poor_population"})) << "the join key, the parts' code and name, the join";
  for (size_t row = 0; row < a->size(); ++row)
    EXPECT_EQ(cell_text(*a, "poor_population", row), cell_text(*whole->layer("villages"), "poor_population", row)) << "joined as in the whole read";
}

TEST(ProjectSubset, NoColumnsNamedReadsEveryColumn) {
  const io::Project p = write_project(test::scratch_dir());
  auto whole = io::load_workspace(p);
  auto all = io::load_workspace_columns(p, {}, {});
  ASSERT_TRUE(whole && all);
  for (const FeatureTable& t : whole->layers) EXPECT_EQ(names_of(*all->layer(t.name)), names_of(t)) << t.name;
  auto none = io::load_workspace_columns(p, {}, {{"roads", {}}});
  ASSERT_TRUE(none) << none.error().to_string();
  EXPECT_TRUE(none->layer("roads")->columns.empty()) << "an empty list keeps the geometry only";
  EXPECT_EQ(none->layer("roads")->size(), 1u);
}
