// Which layers carry a picture that is about something else (a province overview, a plan over
// the map) is data in the layer table (layer_words.cpp), beside each layer's noun (tour 10 J4).
#include "src/render/layer_words.hpp"

#include <gtest/gtest.h>

#include "src/render/plan_overlay.hpp"
#include "src/render/style.hpp"

namespace jiuyou::render {
namespace {

TEST(LayerWords, TheOverviewKeepsTheVillagesAndTheBoundaries) {
  for (const char* loud : {"villages", "townships", "county"}) EXPECT_TRUE(stays_loud_in_overview(loud)) << loud;
  for (const char* quiet : {"roads", "power", "facilities", "water_areas", "gaps", "no_such_layer"})
    EXPECT_FALSE(stays_loud_in_overview(quiet)) << quiet;
  EXPECT_EQ(overview_loud_titles(), (std::vector<std::string>{"村庄", "乡镇界", "县界"})) << "the caption's words";
}

TEST(LayerWords, UnderAPlanTheVillagesTownshipsAndThePlanStayLoud) {
  for (const char* loud : {"villages", "townships", "plan_lines", "plan_points"}) EXPECT_TRUE(stays_loud_under_plan(loud)) << loud;
  for (const char* quiet : {"county", "roads", "facilities", "no_such_layer"}) EXPECT_FALSE(stays_loud_under_plan(quiet)) << quiet;
}

TEST(LayerWords, TitlesComeFromTheTableAndAnUnknownLayerIsNamedByItself) {
  EXPECT_EQ(layer_title("villages"), "村庄");
  EXPECT_EQ(layer_title("power_points"), "变电站/变压器");
  EXPECT_EQ(layer_title("county"), "县界");
  EXPECT_EQ(layer_title("my_layer"), "my_layer");
  ASSERT_NE(layer_words("broadband_fiber"), nullptr);
  EXPECT_EQ(layer_words("broadband_fiber")->title, "光缆");
  EXPECT_EQ(layer_words("my_layer"), nullptr);
}

}  // namespace
}  // namespace jiuyou::render
