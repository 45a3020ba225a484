// Issue #16: result.gpkg's villages are lean by default (outcomes, numbers,
// counts, verdict) and carry every evidence sentence with `--evidence full`.
// The two must hold the same outcomes: every column of the lean table is in the
// full one with the same value for every village (by FID), and what the lean
// one leaves out is only the sentences and the unconnected distances.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <string>
#include <sys/wait.h>
#include <vector>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include "support/test_paths.hpp"

namespace fs = std::filesystem;

namespace {

struct Villages {
  std::vector<std::string> fields;
  std::map<int64_t, std::map<std::string, std::string>> rows;  // FID -> field -> value ("<null>")
  std::map<int64_t, std::string> wkt;
  std::string error;
};

Villages read_villages(const fs::path& gpkg) {
  Villages v;
  GDALAllRegister();
  GDALDataset* ds = GDALDataset::FromHandle(GDALOpenEx(gpkg.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
  if (ds == nullptr) {
    v.error = "cannot open " + gpkg.string();
    return v;
  }
  OGRLayer* layer = ds->GetLayerByName("villages");
  if (layer == nullptr) {
    v.error = "no villages layer in " + gpkg.string();
    GDALClose(ds);
    return v;
  }
  OGRFeatureDefn* defn = layer->GetLayerDefn();
  for (int i = 0; i < defn->GetFieldCount(); ++i) v.fields.emplace_back(defn->GetFieldDefn(i)->GetNameRef());
  for (OGRFeature* f; (f = layer->GetNextFeature()) != nullptr; OGRFeature::DestroyFeature(f)) {
    auto& row = v.rows[f->GetFID()];
    for (int i = 0; i < defn->GetFieldCount(); ++i) row[v.fields[static_cast<size_t>(i)]] = f->IsFieldSetAndNotNull(i) ? f->GetFieldAsString(i) : "<null>";
    if (const OGRGeometry* g = f->GetGeometryRef(); g != nullptr) v.wkt[f->GetFID()] = g->exportToWkt();
  }
  GDALClose(ds);
  return v;
}

int run(const std::string& args) {
  const std::string cmd = jiuyou::test::jiuyou_bin() + " " + args + " > /dev/null 2>&1";
  const int status = std::system(cmd.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

fs::path fresh(const std::string& name) {
  const fs::path d = fs::path(JIUYOU_TEST_TMP) / "evidence" / name;
  fs::remove_all(d);
  fs::create_directories(d.parent_path());
  return d;
}

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

fs::path demo() { return jiuyou::test::source_dir() / "data" / "demo" / "project.toml"; }

}  // namespace

TEST(EvidenceLean, LeanAndFullHoldTheSameOutcomes) {
  const fs::path lean_dir = fresh("lean"), full_dir = fresh("full");
  ASSERT_LE(run("check " + demo().string() + " --no-map -q --out " + lean_dir.string()), 1);
  ASSERT_LE(run("check " + demo().string() + " --no-map -q --evidence full --out " + full_dir.string()), 1);
  const Villages lean = read_villages(lean_dir / "result.gpkg");
  const Villages full = read_villages(full_dir / "result.gpkg");
  ASSERT_EQ(lean.error, "");
  ASSERT_EQ(full.error, "");
  ASSERT_FALSE(lean.rows.empty());
  ASSERT_EQ(lean.rows.size(), full.rows.size());
  EXPECT_EQ(lean.wkt, full.wkt);

  // What lean leaves out is only the sentences and the unconnected distances.
  size_t notes = 0;
  for (const auto& f : full.fields) {
    const bool in_lean = std::find(lean.fields.begin(), lean.fields.end(), f) != lean.fields.end();
    const bool left_out = ends_with(f, "_note") || ends_with(f, "_unconnected_m");
    EXPECT_EQ(in_lean, !left_out) << f;
    notes += ends_with(f, "_note") ? 1 : 0;
  }
  EXPECT_GT(notes, 5u) << "the full table has an evidence sentence per item";
  for (const char* kept : {"road", "road_distance_m", "road_nearest_fid", "verdict", "verdict_zh", "failed_count", "missing_items"})
    EXPECT_NE(std::find(lean.fields.begin(), lean.fields.end(), kept), lean.fields.end()) << kept;

  // Every lean value equals the full one, village by village.
  size_t compared = 0, fails = 0;
  for (const auto& [fid, row] : lean.rows) {
    const auto it = full.rows.find(fid);
    ASSERT_NE(it, full.rows.end()) << "FID " << fid;
    for (const auto& [field, value] : row) {
      EXPECT_EQ(value, it->second.at(field)) << "FID " << fid << " field " << field;
      ++compared;
    }
    fails += row.at("verdict") == "fail" ? 1 : 0;
  }
  EXPECT_GT(compared, lean.rows.size() * 20);
  EXPECT_GT(fails, 0u) << "the demo has villages that cannot exit";
}

TEST(EvidenceLean, ABadEvidenceWordIsRefused) {
  const fs::path out = fresh("bad");
  EXPECT_EQ(run("check " + demo().string() + " --no-map -q --evidence most --out " + out.string()), 2);
  EXPECT_FALSE(fs::exists(out)) << "nothing is written for a bad argument";
}
