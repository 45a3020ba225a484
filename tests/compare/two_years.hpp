#pragma once
// Two years of the demo county for the compare tests: data/demo copied twice
// into the test's scratch folder, the later year edited with SQL through GDAL
// (a road surface downgraded, a clinic closed, an income lowered).
#include <gdal_priv.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "support/test_paths.hpp"

namespace jiuyou::test {

// A file's whole text (a project file to edit, a page to search).
inline std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The GeoPackage beside a copied year's project file.
inline std::string gpkg_of(const std::string& project) { return (std::filesystem::path(project).parent_path() / "county.gpkg").string(); }

// data/demo copied to dir/<year>; returns the project path.
inline std::string copy_demo(const std::filesystem::path& dir, const std::string& year) {
  namespace fs = std::filesystem;
  const fs::path to = dir / year;
  fs::create_directories(to);
  for (const char* f : {"county.gpkg", "dem.tif", "project.toml"}) fs::copy_file(source_dir() / "data/demo" / f, to / f);
  return (to / "project.toml").string();
}

// data/demo-raw (the county as its offices give it: GBK shapefiles, spreadsheets) copied to dir/<year>; returns the project path.
inline std::string copy_raw(const std::filesystem::path& dir, const std::string& year) {
  const std::filesystem::path to = dir / year;
  std::filesystem::create_directories(to);
  std::filesystem::copy(source_dir() / "data/demo-raw", to, std::filesystem::copy_options::recursive);
  return (to / "project.toml").string();
}

// Writes `s` as the whole text of `p` (a project file edited, a crosswalk).
inline void write_text(const std::filesystem::path& p, const std::string& s) { std::ofstream(p) << s; }

// Runs each SQL statement on the GeoPackage (GDAL's SQLite dialect keeps the R-tree triggers working).
inline void edit_gpkg(const std::string& gpkg, std::initializer_list<std::string> statements) {
  GDALAllRegister();
  auto* ds = static_cast<GDALDataset*>(GDALOpenEx(gpkg.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, nullptr, nullptr, nullptr));
  ASSERT_NE(ds, nullptr) << gpkg;
  for (const auto& sql : statements) {
    OGRLayer* r = ds->ExecuteSQL(sql.c_str(), nullptr, nullptr);
    if (r != nullptr) ds->ReleaseResultSet(r);
  }
  GDALClose(ds);
}

// The demo's later year: road 648 downgraded to earth, clinic 243 closed, the
// collective income of 范家河村 from 12.8 to 4.1 万元.
inline void apply_demo_events(const std::string& project) {
  const std::string gpkg = (std::filesystem::path(project).parent_path() / "county.gpkg").string();
  edit_gpkg(gpkg, {"UPDATE roads SET surface = 'earth' WHERE fid = 648", "DELETE FROM facilities WHERE fid = 243",
                   "UPDATE villages SET collective_income = 41000 WHERE code = '420323203204'"});
}

}  // namespace jiuyou::test
