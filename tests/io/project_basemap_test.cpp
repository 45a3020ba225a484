// [basemap] in project.toml: a local path resolved against the project's
// folder with an opacity; no section, no basemap; URLs, bad opacities,
// unknown keys and a missing path are project-file errors naming the key.
#include <gtest/gtest.h>

#include <filesystem>

#include "gis/io/basemap_spec.hpp"
#include "gis/io/project.hpp"

namespace jiuyou::io {
namespace {

const std::string k_layers = "[layers.villages]\npath = \"v.gpkg\"\n";

// The project read, then its [basemap]: a bad section fails the project itself.
struct Parsed {
  Result<Project> project;
  std::optional<BasemapSpec> basemap;
  bool has_value() const { return project.has_value(); }
  const Error& error() const { return project.error(); }
};
Parsed parse(const std::string& basemap) {
  Parsed p{parse_project_toml(basemap + k_layers, "county/project.toml"), std::nullopt};
  if (p.project) {
    auto b = project_basemap(*p.project);
    EXPECT_TRUE(b.has_value()) << "a project that loads has a readable [basemap]";
    if (b) p.basemap = *b;
  }
  return p;
}

TEST(ProjectBasemap, PathIsResolvedAgainstTheProjectAndOpacityRead) {
  auto p = parse("[basemap]\npath = \"tiles/county.mbtiles\"\nopacity = 0.6\n");
  ASSERT_TRUE(p.has_value()) << p.error().to_string();
  ASSERT_TRUE(p.basemap.has_value());
  EXPECT_EQ(std::filesystem::path(p.basemap->path), std::filesystem::path("county/tiles/county.mbtiles"));
  EXPECT_DOUBLE_EQ(p.basemap->opacity, 0.6);
  auto whole = parse("[basemap]\npath = \"/data/tiles\"\nopacity = 1\n");
  ASSERT_TRUE(whole.has_value()) << whole.error().to_string();
  EXPECT_EQ(whole.basemap->path, "/data/tiles");
  EXPECT_DOUBLE_EQ(whole.basemap->opacity, 1.0);
}

TEST(ProjectBasemap, NoSectionNoBasemapAndDefaultOpacity) {
  auto none = parse("");
  ASSERT_TRUE(none.has_value());
  EXPECT_FALSE(none.basemap.has_value());
  auto plain = parse("[basemap]\npath = \"t.mbtiles\"\n");
  ASSERT_TRUE(plain.has_value());
  EXPECT_DOUBLE_EQ(plain.basemap->opacity, 1.0);
}

TEST(ProjectBasemap, BadSectionsAreProjectErrorsThatSayWhatToWrite) {
  struct Case {
    std::string text, in_message, in_hint;
  };
  const Case cases[] = {
      {"[basemap]\npath = \"https://t0.tianditu.gov.cn/{z}/{x}/{y}\"\n", "on the network", "nothing is downloaded"},
      {"[basemap]\npath = \"/vsicurl/http://x/t.tif\"\n", "on the network", "local"},
      {"[basemap]\nopacity = 0.5\n", "no path", "path ="},
      {"[basemap]\npath = 3\n", "no path", "path ="},
      {"[basemap]\npath = \"t.mbtiles\"\nopacity = 1.5\n", "opacity must be a number from 0 to 1", "opacity = 0.6"},
      {"[basemap]\npath = \"t.mbtiles\"\nopacity = \"half\"\n", "opacity must be", "opacity ="},
      {"[basemap]\npath = \"t.mbtiles\"\nzoom = 12\n", "unknown key [basemap].zoom", "path, opacity"},
      {"basemap = \"t.mbtiles\"\n", "[basemap] must be a table", "[basemap] path"},
  };
  for (const Case& c : cases) {
    auto p = parse(c.text);
    ASSERT_FALSE(p.has_value()) << c.text;
    EXPECT_EQ(p.error().code, ErrorCode::project) << c.text;
    EXPECT_EQ(p.error().file, "county/project.toml");
    EXPECT_NE(p.error().message.find(c.in_message), std::string::npos) << c.text << " -> " << p.error().message;
    EXPECT_NE(p.error().hint.find(c.in_hint), std::string::npos) << c.text << " -> " << p.error().hint;
  }
}

}  // namespace
}  // namespace jiuyou::io
