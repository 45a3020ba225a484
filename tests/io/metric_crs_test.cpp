// The metric CRS measures every distance (#17): a geographic one (degrees) is
// refused, one that is projected but far from true scale over the data
// (Web Mercator: +19 % at the demo county's 32°N) is said once with the zone
// that fits, and the data's own Gauss–Krüger zone raises nothing.
#include <gtest/gtest.h>

#include <cmath>

#include "gis/crs/crs.hpp"
#include "gis/io/load.hpp"
#include "support/test_paths.hpp"

namespace jiuyou {
namespace {

Result<Workspace> load_demo_in(const std::string& metric) {
  auto project = io::load_project((test::source_dir() / "data" / "demo" / "project.toml").string());
  if (!project) return tl::unexpected(project.error());
  io::LoadOptions options;
  options.metric_crs = CrsRef::parse(metric);
  return io::load_workspace(*project, options);
}

TEST(MetricCrs, AGeographicCrsIsRefusedNamingTheKey) {
  const auto ws = load_demo_in("EPSG:4326");
  ASSERT_FALSE(ws);
  EXPECT_EQ(ws.error().code, ErrorCode::crs);
  EXPECT_EQ(ws.error().field, "metric_crs");
  EXPECT_NE(ws.error().message.find("不是以米为单位的投影坐标系"), std::string::npos) << ws.error().to_string();
}

TEST(MetricCrs, WebMercatorIsWarnedAboutWithTheZoneThatFits) {
  const auto ws = load_demo_in("EPSG:3857");
  ASSERT_TRUE(ws) << ws.error().to_string();
  ASSERT_EQ(ws->issues.count("metric_crs_scale_error"), 1u);
  for (const auto& i : ws->issues.entries())
    if (i.code == "metric_crs_scale_error") {
      EXPECT_NE(i.hint.find("EPSG:4546"), std::string::npos) << i.hint;
    }
}

TEST(MetricCrs, TheDataGaussKrugerZoneIsTrueToScale) {
  const auto ws = load_demo_in("EPSG:4546");
  ASSERT_TRUE(ws) << ws.error().to_string();
  EXPECT_EQ(ws->issues.count("metric_crs_scale_error"), 0u);
  const auto gk = crs::max_scale_error(CrsRef::epsg(4546), BBox{110.0, 31.5, 111.0, 32.5});
  ASSERT_TRUE(gk);
  EXPECT_LT(*gk, 0.001);
  const auto merc = crs::max_scale_error(CrsRef::epsg(3857), BBox{110.0, 31.5, 111.0, 32.5});
  ASSERT_TRUE(merc);
  EXPECT_NEAR(*merc, 1.0 / std::cos(32.5 * std::acos(-1.0) / 180.0) - 1.0, 0.01);
}

}  // namespace
}  // namespace jiuyou
