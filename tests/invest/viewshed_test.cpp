// GDAL's viewshed through io::viewshed, as the tower sites use it: a ridge
// hides what lies behind it from a low observer but not from a high mast;
// nothing is seen beyond the radius; an observer off the DEM is an error.
#include <gtest/gtest.h>

#include "gis/io/viewshed.hpp"

namespace jiuyou::io {
namespace {

// A flat 6 km × 6 km DEM (30 m cells) at 100 m with a 60 m high wall along x = 3000.
Raster walled() {
  Raster dem;
  dem.width = 200;
  dem.height = 200;
  dem.geotransform = {0, 30, 0, 6000, 0, -30};
  dem.values.assign(40000, 100.0F);
  for (int row = 0; row < 200; ++row) dem.values[static_cast<size_t>(row * 200 + 100)] = 160.0F;
  return dem;
}

TEST(Viewshed, AWallHidesWhatIsBehindItFromALowObserverButNotFromAHighMast) {
  const Raster dem = walled();
  auto low = viewshed(dem, {2000, 3000}, 2, 2, 3000);
  ASSERT_TRUE(low) << low.error().to_string();
  EXPECT_TRUE(low->sees({2500, 3000})) << "in front of the wall";
  EXPECT_FALSE(low->sees({4000, 3000})) << "behind the wall";
  auto high = viewshed(dem, {2000, 3000}, 200, 2, 3000);
  ASSERT_TRUE(high);
  EXPECT_TRUE(high->sees({4000, 3000})) << "a 200 m mast looks over a 60 m wall 1 km away";
  EXPECT_FALSE(high->sees({5500, 3000})) << "beyond the 3 km radius";
}

TEST(Viewshed, AnObserverOffTheDemIsAnError) {
  auto r = viewshed(walled(), {-5000, 3000}, 40, 2, 3000);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::internal);
}

}  // namespace
}  // namespace jiuyou::io
