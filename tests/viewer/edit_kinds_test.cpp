// The kinds the 规划编辑 panel draws are data (data/edit/kinds.toml): the
// shipped file offers every kind whose layer the project has, with choices
// from the vocabulary; a malformed file is an error naming it.
#include <gtest/gtest.h>

#include <algorithm>

#include "src/viewer/edit/edit_kinds.hpp"

namespace jiuyou::viewer {
namespace {

Workspace with_layers(std::initializer_list<const char*> names) {
  Workspace ws;
  for (const char* n : names) {
    FeatureTable t;
    t.name = n;
    ws.layers.push_back(std::move(t));
  }
  return ws;
}

TEST(EditKinds, TheShippedKindsWhoseLayerTheProjectHas) {
  auto all = edit_kinds(with_layers({"villages", "roads", "water", "power", "broadband_towers", "facilities"}));
  ASSERT_TRUE(all.has_value()) << all.error().to_string();
  ASSERT_EQ(all->size(), 5u);
  const auto road = std::find_if(all->begin(), all->end(), [](const EditKind& k) { return k.layer == "roads"; });
  ASSERT_NE(road, all->end());
  EXPECT_FALSE(road->point);
  EXPECT_EQ(road->choice, "surface");
  ASSERT_EQ(road->choices.size(), 4u) << "the vocabulary's canonical surfaces";
  EXPECT_EQ(road->choices[0], (std::pair<std::string, std::string>{"asphalt", "沥青"}));
  const auto facility = std::find_if(all->begin(), all->end(), [](const EditKind& k) { return k.layer == "facilities"; });
  ASSERT_NE(facility, all->end());
  EXPECT_TRUE(facility->point);
  EXPECT_EQ(facility->choices.size(), 6u);
  const PlannedFeature f = planned_feature(*facility, {{1, 2}, {3, 4}}, 0);
  EXPECT_EQ(f.layer, "facilities");
  ASSERT_EQ(f.parts.size(), 1u);
  EXPECT_EQ(f.parts[0].size(), 1u) << "a point kind keeps one point";
  EXPECT_EQ(f.values.at("kind"), facility->choices[0].first);

  auto roads_only = edit_kinds(with_layers({"villages", "roads"}));
  ASSERT_TRUE(roads_only.has_value());
  ASSERT_EQ(roads_only->size(), 1u) << "kinds whose layer the project lacks are not offered";
  EXPECT_EQ(roads_only->front().layer, "roads");
}

TEST(EditKinds, AMalformedFileIsAnErrorNamingIt) {
  auto no_geometry = parse_edit_kinds("[[kind]]\nlabel = \"路\"\nlayer = \"roads\"\n", "my-kinds.toml");
  ASSERT_FALSE(no_geometry.has_value());
  EXPECT_EQ(no_geometry.error().file, "my-kinds.toml");
  EXPECT_NE(no_geometry.error().message.find("geometry"), std::string::npos);
  auto bad_table = parse_edit_kinds("[[kind]]\nlabel = \"路\"\nlayer = \"roads\"\ngeometry = \"line\"\nchoice = \"surface\"\nchoice_table = \"nope\"\n",
                                    "my-kinds.toml");
  ASSERT_FALSE(bad_table.has_value());
  EXPECT_NE(bad_table.error().message.find("nope"), std::string::npos);
  auto syntax = parse_edit_kinds("[[kind]\n", "my-kinds.toml");
  ASSERT_FALSE(syntax.has_value());
  EXPECT_EQ(syntax.error().file, "my-kinds.toml");
  auto empty = parse_edit_kinds("# nothing\n", "my-kinds.toml");
  ASSERT_FALSE(empty.has_value());
}

}  // namespace
}  // namespace jiuyou::viewer
