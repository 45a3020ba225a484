// Inputs are never overwritten (#17): an output that is, resolves to, or
// contains an input of the run is refused before any work; export never
// writes in place, replaces only with --overwrite, adds a layer only with --append.
#include <gtest/gtest.h>

#include <regex>

#include "robustness/harness.hpp"

namespace jiuyou::robust {
namespace {

// A project outside `x` whose layers (and DEM) come from x/result.gpkg and x/dem.tif.
fs::path project_reading_from(const fs::path& dir, const fs::path& x) {
  copy_county(x);
  fs::rename(x / "county.gpkg", x / "result.gpkg");
  fs::remove(x / "project.toml");
  std::string toml = read_file(county() / "project.toml");
  toml = std::regex_replace(toml, std::regex("\"county\\.gpkg\""), "\"" + (x / "result.gpkg").string() + "\"");
  toml = std::regex_replace(toml, std::regex("\"dem\\.tif\""), "\"" + (x / "dem.tif").string() + "\"");
  write_file(dir / "project.toml", toml);
  return dir / "project.toml";
}

TEST(Inputs, CheckIntoTheFolderItsLayersComeFromIsRefused) {
  const fs::path dir = test::scratch_dir();
  const fs::path project = project_reading_from(dir, dir / "X");
  const auto before = snapshot(dir / "X");
  const RunResult r = run({"check", project.string(), "--out", (dir / "X").string(), "-q", "--no-map"});
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_TRUE(contains(r.output, "contains an input of this run")) << r.output;
  EXPECT_TRUE(contains(r.output, "result.gpkg")) << r.output;
  EXPECT_EQ(snapshot(dir / "X"), before) << "the 16 input layers are untouched";
  EXPECT_TRUE(temporaries(dir, "X").empty());
}

TEST(Inputs, CheckIntoTheProjectsOwnFolderIsRefused) {
  const fs::path dir = test::scratch_dir();
  const fs::path project = copy_county(dir / "in");
  const auto before = snapshot(dir / "in");
  const RunResult r = run({"check", project.string(), "--out", (dir / "in").string(), "-q", "--no-map"});
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_TRUE(contains(r.output, "project.toml")) << r.output;
  EXPECT_EQ(snapshot(dir / "in"), before);
}

TEST(Inputs, CheckThroughALinkToTheInputFolderIsRefused) {
  const fs::path dir = test::scratch_dir();
  const fs::path project = copy_county(dir / "in");
  fs::create_directory_symlink(dir / "in", dir / "alias");
  const auto before = snapshot(dir / "in");
  const RunResult r = run({"check", project.string(), "--out", (dir / "alias").string(), "-q", "--no-map"});
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_TRUE(contains(r.output, "an input of this run")) << r.output;
  EXPECT_EQ(snapshot(dir / "in"), before);
}

TEST(Inputs, CheckOntoTheProjectFileIsRefused) {
  const fs::path dir = test::scratch_dir();
  const fs::path project = copy_county(dir / "in");
  const std::string before = read_file(project);
  const RunResult r = run({"check", project.string(), "--out", project.string(), "-q", "--no-map"});
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_TRUE(contains(r.output, "--out is an input")) << r.output;
  EXPECT_EQ(read_file(project), before);
}

TEST(Inputs, CheckIntoTheFolderOfItsRuleFileIsRefused) {
  const fs::path dir = test::scratch_dir();
  const fs::path project = copy_county(dir / "in");
  fs::create_directories(dir / "rules");
  fs::copy_file(test::source_dir() / "data" / "rules" / "hubei-2017.toml", dir / "rules" / "hubei-2017.toml");
  const RunResult r = run({"check", project.string(), "--rules", (dir / "rules" / "hubei-2017.toml").string(), "--out", (dir / "rules").string(), "-q", "--no-map"});
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_TRUE(contains(r.output, "hubei-2017.toml")) << r.output;
  EXPECT_TRUE(fs::exists(dir / "rules" / "hubei-2017.toml"));
}

TEST(Inputs, RelocateIntoTheInputFolderIsRefused) {
  const fs::path dir = test::scratch_dir();
  const fs::path project = copy_county(dir / "in");
  const auto before = snapshot(dir / "in");
  const RunResult r = run({"relocate", project.string(), "--out", (dir / "in").string(), "-q"});
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_EQ(snapshot(dir / "in"), before);
}

TEST(Inputs, PairIntoTheFolderOfItsCsvIsRefused) {
  const fs::path dir = test::scratch_dir();
  fs::copy_file(test::source_dir() / "data" / "pairing" / "quanzhou_2018.csv", dir / "pairs.csv");
  const RunResult r = run({"pair", (dir / "pairs.csv").string(), "--out", dir.string(), "-q"});
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_TRUE(contains(r.output, "pairs.csv")) << r.output;
  EXPECT_TRUE(fs::exists(dir / "pairs.csv"));
}

struct ExportFixture {
  fs::path dir, gpkg;
  std::string before;
};

ExportFixture export_fixture() {
  const fs::path dir = test::scratch_dir();
  copy_county(dir / "X");
  return {dir, dir / "X" / "county.gpkg", read_file(dir / "X" / "county.gpkg")};
}

TEST(Inputs, ExportInPlaceIsRefused) {
  const auto f = export_fixture();
  const RunResult r = run({"export", f.gpkg.string(), "--layer", "villages", "--to", f.gpkg.string()});
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_TRUE(contains(r.output, "--to is an input")) << r.output;
  EXPECT_EQ(read_file(f.gpkg), f.before) << "all 16 layers are still there";
}

TEST(Inputs, ExportInPlaceEvenWithOverwriteIsRefused) {
  const auto f = export_fixture();
  const RunResult r = run({"export", f.gpkg.string(), "--layer", "villages", "--to", f.gpkg.string(), "--overwrite"});
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_EQ(read_file(f.gpkg), f.before);
}

TEST(Inputs, ExportThroughASymbolicLinkToTheInputIsRefused) {
  const auto f = export_fixture();
  fs::create_symlink(f.gpkg, f.dir / "link.gpkg");
  const RunResult r = run({"export", f.gpkg.string(), "--layer", "villages", "--to", (f.dir / "link.gpkg").string(), "--overwrite"});
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_EQ(read_file(f.gpkg), f.before);
}

TEST(Inputs, ExportOntoAHardLinkOfTheInputIsRefused) {
  const auto f = export_fixture();
  fs::create_hard_link(f.gpkg, f.dir / "hard.gpkg");
  const RunResult r = run({"export", f.gpkg.string(), "--layer", "villages", "--to", (f.dir / "hard.gpkg").string(), "--overwrite"});
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_EQ(read_file(f.gpkg), f.before);
}

TEST(Inputs, ExportOverAnExistingFileNeedsOverwrite) {
  const auto f = export_fixture();
  write_file(f.dir / "other.gpkg", "someone's data");
  const RunResult r = run({"export", f.gpkg.string(), "--layer", "villages", "--to", (f.dir / "other.gpkg").string()});
  EXPECT_EQ(r.code, 3) << r.output;
  EXPECT_TRUE(contains(r.output, "--overwrite")) << r.output;
  EXPECT_TRUE(contains(r.output, "other.gpkg")) << r.output;
  EXPECT_EQ(read_file(f.dir / "other.gpkg"), "someone's data");
}

TEST(Inputs, ExportWithOverwriteReplacesADifferentFile) {
  const auto f = export_fixture();
  ASSERT_EQ(run({"export", f.gpkg.string(), "--layer", "roads", "--to", (f.dir / "out.gpkg").string()}).code, 0);
  const RunResult r = run({"export", f.gpkg.string(), "--layer", "villages", "--to", (f.dir / "out.gpkg").string(), "--overwrite"});
  EXPECT_EQ(r.code, 0) << r.output;
  const RunResult info = run({"info", (f.dir / "out.gpkg").string()});
  EXPECT_TRUE(contains(info.output, "villages")) << info.output;
  EXPECT_FALSE(contains(info.output, "roads")) << "--overwrite replaces the whole file: " << info.output;
}

TEST(Inputs, ExportAppendAddsALayerAndKeepsTheOthers) {
  const auto f = export_fixture();
  ASSERT_EQ(run({"export", f.gpkg.string(), "--layer", "roads", "--to", (f.dir / "out.gpkg").string()}).code, 0);
  const RunResult r = run({"export", f.gpkg.string(), "--layer", "villages", "--to", (f.dir / "out.gpkg").string(), "--append"});
  EXPECT_EQ(r.code, 0) << r.output;
  const RunResult info = run({"info", (f.dir / "out.gpkg").string()});
  EXPECT_TRUE(contains(info.output, "villages")) << info.output;
  EXPECT_TRUE(contains(info.output, "roads")) << info.output;
  EXPECT_TRUE(temporaries(f.dir, "out.gpkg").empty());
}

TEST(Inputs, ExportAppendOfALayerThatIsThereIsRefused) {
  const auto f = export_fixture();
  ASSERT_EQ(run({"export", f.gpkg.string(), "--layer", "roads", "--to", (f.dir / "out.gpkg").string()}).code, 0);
  const std::string before = read_file(f.dir / "out.gpkg");
  const RunResult r = run({"export", f.gpkg.string(), "--layer", "roads", "--to", (f.dir / "out.gpkg").string(), "--append"});
  EXPECT_EQ(r.code, 3) << r.output;
  EXPECT_TRUE(contains(r.output, "layer 'roads'")) << r.output;
  EXPECT_EQ(read_file(f.dir / "out.gpkg"), before);
}

TEST(Inputs, ExportAppendToASingleLayerFormatIsRefused) {
  const auto f = export_fixture();
  ASSERT_EQ(run({"export", f.gpkg.string(), "--layer", "roads", "--to", (f.dir / "out.geojson").string()}).code, 0);
  const RunResult r = run({"export", f.gpkg.string(), "--layer", "villages", "--to", (f.dir / "out.geojson").string(), "--append"});
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_TRUE(contains(r.output, "GeoPackage")) << r.output;
}

const char* k_bad_points =
    "{\"type\":\"FeatureCollection\",\"features\":["
    "{\"type\":\"Feature\",\"properties\":{\"name\":\"a\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[110.5,32.1]}},"
    "{\"type\":\"Feature\",\"properties\":{\"name\":\"b\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[500,32.2]}},"
    "{\"type\":\"Feature\",\"properties\":{\"name\":\"c\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[110.7,95]}}]}";

TEST(Inputs, ExportAfterCoordinateErrorsWritesNothingAndExitsFour) {
  const fs::path dir = test::scratch_dir();
  write_file(dir / "pois.geojson", k_bad_points);
  const RunResult r = run({"export", (dir / "pois.geojson").string(), "--layer", "pois", "--to", (dir / "out.gpkg").string()});
  EXPECT_EQ(r.code, 4) << r.output;
  EXPECT_TRUE(contains(r.output, "nothing was written")) << r.output;
  EXPECT_TRUE(contains(r.output, "pois.geojson")) << r.output;
  EXPECT_TRUE(contains(r.output, "fid 1")) << "the failing features are listed: " << r.output;
  EXPECT_FALSE(fs::exists(dir / "out.gpkg"));
}

TEST(Inputs, ExportAllowErrorsWritesAndExitsOne) {
  const fs::path dir = test::scratch_dir();
  write_file(dir / "pois.geojson", k_bad_points);
  const RunResult r = run({"export", (dir / "pois.geojson").string(), "--layer", "pois", "--to", (dir / "out.gpkg").string(), "--allow-errors"});
  EXPECT_EQ(r.code, 1) << r.output;
  EXPECT_TRUE(fs::exists(dir / "out.gpkg"));
}

}  // namespace
}  // namespace jiuyou::robust
