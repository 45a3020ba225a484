// tour 17 R20: a DEM whose heights cannot be metres (stored in decimetres: a 2,733 m summit written 27330) is
// warned and not used, so the items that read heights are unknown, never judged ten times too steep; a real
// mountain county's DEM, with undeclared nodata sentinels at its edge, passes.
#include <gtest/gtest.h>

#include <cmath>

#include "gis/io/dem_plausible.hpp"

using namespace jiuyou;

namespace {

// Hills of base ± amp metres over 30 m cells (`freq` radians a cell: the steepness), written × `scale`
// (10: decimetres).
Raster hills(double base, double amp, double freq, double scale) {
  Raster r;
  r.width = 200;
  r.height = 150;
  r.geotransform = {400000, 30, 0, 3580000, 0, -30};
  r.crs = CrsRef::epsg(4546);
  r.nodata = -9999;
  r.values.resize(static_cast<size_t>(r.width * r.height));
  for (int y = 0; y < r.height; ++y)
    for (int x = 0; x < r.width; ++x) {
      const double z = base + amp * std::sin(x * freq) * std::cos(y * freq * 1.2);
      r.values[static_cast<size_t>(y * r.width + x)] = static_cast<float>(z * scale);
    }
  return r;
}

// A mountain county: 400..1,600 m, slopes up to ~31°.
Raster mountains(double scale) { return hills(1000, 600, 0.03, scale); }

}  // namespace

TEST(DemPlausible, AMountainCountyInMetresPassesWithSentinelsAtItsEdge) {
  Raster r = mountains(1);
  for (int x = 0; x < r.width; ++x) r.values[static_cast<size_t>(x)] = -32768;  // an undeclared nodata row
  r.values[1000] = 32767;
  EXPECT_FALSE(io::implausible_dem_heights(r, true).has_value());
  EXPECT_FALSE(io::implausible_dem_heights(r, false).has_value());
}

TEST(DemPlausible, DecimetresAreWarnedNamingTheRangeAndTheUnit) {
  const auto w = io::implausible_dem_heights(mountains(10), true);
  ASSERT_TRUE(w.has_value());
  EXPECT_EQ(w->code, "dem_implausible_heights");
  EXPECT_EQ(w->severity, Severity::warning);
  EXPECT_NE(w->message.find("超出地面高程"), std::string::npos) << w->message;
  EXPECT_NE(w->message.find("分米"), std::string::npos) << w->message;
  EXPECT_NE(w->hint.find("A/10"), std::string::npos) << w->hint;
}

TEST(DemPlausible, ALowCountyInDecimetresIsToldByItsSlope) {
  // 40..160 m of steep little hills stored as 400..1,600 (decimetres): every height plausible as metres, but the
  // terrain ten times too steep (median well above 45°).
  const Raster r = hills(100, 60, 0.3, 10);
  const auto w = io::implausible_dem_heights(r, true);
  ASSERT_TRUE(w.has_value());
  EXPECT_NE(w->message.find("比任何一个县的地形都陡"), std::string::npos) << w->message;
  EXPECT_FALSE(io::implausible_dem_heights(r, false).has_value()) << "cells in degrees: the slope is not read";
}

// A DEM in feet over gentle ground (300..700 m: under 2,300 "feet", slopes of a few degrees) passes both signs; the
// villages' own 海拔 tells it: the DEM reads about 3.28 times their figure everywhere. Metres agree; a 海拔 column
// that disagrees at random names no unit.
TEST(DemPlausible, ADemInFeetIsToldByTheVillagesOwnElevation) {
  const Raster feet = hills(500, 200, 0.01, 3.2808);
  ASSERT_FALSE(io::implausible_dem_heights(feet, true)) << "the case this check is for: both signs pass";
  const auto villages = [](const Raster& dem, double factor, bool random) {
    FeatureTable t;
    t.name = "villages";
    t.crs = dem.crs;
    t.geometry.kind = GeometryKind::point;
    Column elevation("elevation_m", FieldType::real);
    for (int k = 0; k < 30; ++k) {
      const double x = 400000 + 150.0 * k + 45, y = 3580000 - 100.0 * k - 45;
      t.geometry.add_point_feature(x, y);
      t.fid.push_back(k + 1);
      const double z = *dem.cell_value(x, y);
      elevation.push_real(random ? 300 + (k * 137) % 400 : z / factor);
    }
    t.columns.push_back(std::move(elevation));
    return t;
  };
  const auto said = io::dem_heights_against_villages(feet, villages(feet, 3.2808, false));
  ASSERT_TRUE(said);
  EXPECT_EQ(said->code, "dem_implausible_heights");
  EXPECT_NE(said->message.find("3.28 倍"), std::string::npos) << said->message;
  EXPECT_NE(said->message.find("英尺"), std::string::npos) << said->message;
  EXPECT_NE(said->hint.find("*0.3048"), std::string::npos) << said->hint;
  const Raster metres = hills(500, 200, 0.01, 1);
  EXPECT_FALSE(io::dem_heights_against_villages(metres, villages(metres, 1, false)));
  EXPECT_FALSE(io::dem_heights_against_villages(feet, villages(feet, 1, true)));
}
