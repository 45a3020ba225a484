// Paths a project file names are read beside the project file, whatever the
// folder `jiuyou` runs in: its layers, its reference codes and its own rule
// file (tour 15 P2: a `rules = "rules.toml"` was read from the working
// directory, so the same project judged 4 or 7 villages ready to exit
// depending on where the office ran it). A shipped rule set is a name, not a path.
#include <gtest/gtest.h>

#include <filesystem>

#include "gis/io/project.hpp"

namespace jiuyou::io {
namespace {

namespace fs = std::filesystem;

Project parse(const std::string& project_section, const std::string& path = "county/2025/project.toml") {
  auto p = parse_project_toml(project_section + "[layers.villages]\npath = \"村界.shp\"\n", path);
  EXPECT_TRUE(p.has_value()) << p.error().to_string();
  return p ? *p : Project{};
}

TEST(ProjectPaths, ARuleFileIsReadBesideTheProject) {
  const Project p = parse("[project]\nrules = \"rules.toml\"\n");
  EXPECT_EQ(fs::path(p.rules), fs::path("county/2025/rules.toml"));
  EXPECT_EQ(fs::path(p.layers.at(0).path), fs::path("county/2025/村界.shp")) << "the same rule as the layers";
  EXPECT_EQ(fs::path(parse("[project]\nrules = \"../标准/湖北2017.TOML\"\n").rules), fs::path("county/标准/湖北2017.TOML"));
}

TEST(ProjectPaths, AnAbsoluteRuleFileAndAShippedRuleSetAreKept) {
  EXPECT_EQ(parse("[project]\nrules = \"/srv/rules/county.toml\"\n").rules, "/srv/rules/county.toml");
  EXPECT_EQ(parse("[project]\nrules = \"national-2016\"\n").rules, "national-2016");
  EXPECT_EQ(parse("").rules, Project{}.rules) << "no rules key: the default rule set";
}

TEST(ProjectPaths, AProjectInTheWorkingDirectoryKeepsPlainNames) {
  EXPECT_EQ(parse("[project]\nrules = \"rules.toml\"\n", "project.toml").rules, "rules.toml");
}

TEST(ProjectPaths, ReferenceCodesAreReadBesideTheProject) {
  EXPECT_EQ(fs::path(parse("[project]\nreference_codes = \"codes.csv\"\n").reference_codes), fs::path("county/2025/codes.csv"));
}

}  // namespace
}  // namespace jiuyou::io
