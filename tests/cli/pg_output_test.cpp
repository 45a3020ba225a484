// Issue #16: `jiuyou check --out PG:... --schema S` writes the GeoPackage's
// tables into PostGIS in one transaction: same columns and values as
// result.gpkg, GiST indexes, the QGIS styles in public.layer_styles, and a
// failed run leaves the previous tables as they were. A throwaway cluster as in
// the oracle tests; skipped with the reason where PostgreSQL/PostGIS is absent.
#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <filesystem>
#include <memory>
#include <string>
#include <sys/wait.h>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include "gis/io/load.hpp"
#include "gis/io/project.hpp"
#include "oracle/postgis_server.hpp"
#include "support/postgis_suite.hpp"
#include "support/test_paths.hpp"

namespace fs = std::filesystem;

namespace {

int run(const std::string& args, const std::string& env = "") {
  const std::string cmd = env + " " + jiuyou::test::jiuyou_bin() + " " + args + " > /dev/null 2>&1";
  const int status = std::system(cmd.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

fs::path demo() { return jiuyou::test::source_dir() / "data" / "demo" / "project.toml"; }

class PgOutput : public jiuyou::test::PostgisSuite<PgOutput> {
 protected:
  static std::string pg() { return "'PG:" + s_server->conninfo() + "'"; }
  static std::string q(const std::string& sql) { return s_server->query(sql); }
};

// A layer as "FID|field=value|...|WKT" lines in FID order (through GDAL, as QGIS would read it).
std::string layer_text(const std::string& source, const std::string& layer, const char* schema = nullptr) {
  GDALAllRegister();
  const std::string schemas = schema ? std::string("SCHEMAS=") + schema : std::string();
  const char* options[] = {schema ? schemas.c_str() : nullptr, nullptr};
  GDALDataset* ds = GDALDataset::FromHandle(GDALOpenEx(source.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, options, nullptr));
  if (ds == nullptr) return "cannot open " + source;
  OGRLayer* l = ds->GetLayerByName(layer.c_str());
  if (l == nullptr) {
    GDALClose(ds);
    return "no layer " + layer;
  }
  std::map<int64_t, std::string> rows;
  OGRFeatureDefn* defn = l->GetLayerDefn();
  std::string head;
  for (int i = 0; i < defn->GetFieldCount(); ++i) head += std::string(defn->GetFieldDefn(i)->GetNameRef()) + "|";
  for (OGRFeature* f; (f = l->GetNextFeature()) != nullptr; OGRFeature::DestroyFeature(f)) {
    std::string row;
    for (int i = 0; i < defn->GetFieldCount(); ++i) row += (f->IsFieldSetAndNotNull(i) ? f->GetFieldAsString(i) : "<null>") + std::string("|");
    if (const OGRGeometry* g = f->GetGeometryRef(); g != nullptr) row += g->exportToWkt();
    rows[f->GetFID()] = row;
  }
  GDALClose(ds);
  std::string out = head + "\n";
  for (const auto& [fid, row] : rows) out += std::to_string(fid) + "|" + row + "\n";
  return out;
}

}  // namespace

TEST_F(PgOutput, SameTablesAsTheGeoPackageWithIndexesAndStyles) {
  const fs::path dir = fs::path(JIUYOU_TEST_TMP) / "pg";
  fs::remove_all(dir);
  fs::create_directories(dir);
  ASSERT_LE(run("check " + demo().string() + " --no-map -q --out " + (dir / "gpkg").string()), 1);
  ASSERT_LE(run("check " + demo().string() + " -q --out " + pg() + " --schema review_2025"), 1);

  EXPECT_EQ(q("SELECT string_agg(table_name, ',' ORDER BY table_name) FROM information_schema.tables WHERE table_schema = 'review_2025'"),
            "county_summary,gaps,jiuyou_meta,township_summary,villages\n");
  // Same columns and values as result.gpkg, village by village (geometry as WKT included).
  const std::string conn = "PG:" + s_server->conninfo();
  for (const char* layer : {"villages", "gaps", "township_summary", "county_summary"}) {
    const std::string from_gpkg = layer_text((dir / "gpkg" / "result.gpkg").string(), layer);
    ASSERT_GT(from_gpkg.size(), 200u) << from_gpkg;
    EXPECT_EQ(from_gpkg, layer_text(conn, layer, "review_2025")) << layer;
  }
  EXPECT_EQ(q("SELECT count(*) FROM review_2025.gaps"), q("SELECT count(*) FROM review_2025.gaps WHERE length_m > 0"));
  // GiST indexes on both geometry tables; the styles QGIS applies on opening.
  EXPECT_EQ(q("SELECT count(*) FROM pg_indexes WHERE schemaname = 'review_2025' AND indexdef ILIKE '%USING gist%' "
              "AND tablename IN ('villages', 'gaps')"),
            "2\n");
  EXPECT_EQ(q("SELECT string_agg(f_table_name || ':' || f_geometry_column || ':' || useasdefault, ',' ORDER BY f_table_name) "
              "FROM public.layer_styles WHERE f_table_schema = 'review_2025'"),
            "gaps:geom:true,villages:geom:true\n");
  EXPECT_NE(q("SELECT styleqml::text FROM public.layer_styles WHERE f_table_schema = 'review_2025' AND f_table_name = 'villages'").find("verdict"),
            std::string::npos);
}

// Per FID, the verdict of the villages layer of a source opened as a project
// (the way `jiuyou view` and `jiuyou validate` open a GeoPackage or a PG: connection).
std::map<int64_t, std::string> verdicts_of(const std::string& source) {
  auto project = jiuyou::io::load_project(source);
  EXPECT_TRUE(project) << project.error().to_string();
  if (!project) return {};
  auto ws = jiuyou::io::load_workspace(*project, {});
  EXPECT_TRUE(ws) << ws.error().to_string();
  const jiuyou::FeatureTable* villages = ws ? ws->layer("villages") : nullptr;
  const jiuyou::Column* verdict = villages ? villages->column("verdict") : nullptr;
  EXPECT_NE(verdict, nullptr) << source << ": no villages layer with a verdict";
  std::map<int64_t, std::string> out;
  for (size_t r = 0; verdict && r < villages->size(); ++r) out[villages->fid[r]] = verdict->as_text(r);
  return out;
}

// The schema read back as a project (GDAL's `schemas=` names it): the villages
// with the same verdict per FID as result.gpkg.
TEST_F(PgOutput, TheSchemaLoadsBackAsAProject) {
  const fs::path dir = fs::path(JIUYOU_TEST_TMP) / "pg-back";
  fs::remove_all(dir);
  ASSERT_LE(run("check " + demo().string() + " --no-map -q --out " + dir.string()), 1);
  ASSERT_LE(run("check " + demo().string() + " -q --out " + pg() + " --schema review_back"), 1);
  const auto from_gpkg = verdicts_of((dir / "result.gpkg").string());
  const auto from_pg = verdicts_of("PG:" + s_server->conninfo() + " schemas=review_back");
  ASSERT_EQ(from_gpkg.size(), 250u);
  EXPECT_EQ(from_pg, from_gpkg);
}

TEST_F(PgOutput, AFailedRunLeavesThePreviousTables) {
  ASSERT_LE(run("check " + demo().string() + " --no-map -q --out " + pg() + " --schema keep"), 1);
  const std::string before = q("SELECT count(*), string_agg(column_name, ',' ORDER BY column_name) FROM information_schema.columns "
                               "WHERE table_schema = 'keep' AND table_name = 'villages'");
  const std::string verdicts = q("SELECT string_agg(verdict, '' ORDER BY fid) FROM keep.villages");
  // A second run of only the road item fails just before its commit: nothing of it remains.
  EXPECT_NE(run("check " + demo().string() + " --no-map -q --items road --out " + pg() + " --schema keep", "JIUYOU_TEST_FAIL_AT=pg-written"), 0);
  EXPECT_EQ(q("SELECT count(*), string_agg(column_name, ',' ORDER BY column_name) FROM information_schema.columns "
              "WHERE table_schema = 'keep' AND table_name = 'villages'"),
            before);
  EXPECT_EQ(q("SELECT string_agg(verdict, '' ORDER BY fid) FROM keep.villages"), verdicts);
  EXPECT_EQ(q("SELECT count(*) FROM public.layer_styles WHERE f_table_schema = 'keep'"), "2\n");
  // The same run without the fault replaces the tables.
  ASSERT_LE(run("check " + demo().string() + " --no-map -q --items road --out " + pg() + " --schema keep"), 1);
  EXPECT_NE(q("SELECT count(*) FROM information_schema.columns WHERE table_schema = 'keep' AND table_name = 'villages'"), before.substr(0, before.find('\t')) + "\n");
  EXPECT_EQ(q("SELECT count(*) FROM public.layer_styles WHERE f_table_schema = 'keep'"), "2\n");
}

TEST_F(PgOutput, BadSchemaAndConnectionAreClearErrors) {
  EXPECT_EQ(run("check " + demo().string() + " --no-map -q --out " + pg()), 2) << "--schema is required with PG:";
  EXPECT_EQ(run("check " + demo().string() + " --no-map -q --out " + pg() + " --schema 'x; DROP TABLE y'"), 2);
  EXPECT_EQ(run("check " + demo().string() + " --no-map -q --out " + pg() + " --schema Review"), 2);
  const fs::path dir = fs::path(JIUYOU_TEST_TMP) / "pg-folder";
  fs::remove_all(dir);
  EXPECT_EQ(run("check " + demo().string() + " --no-map -q --out " + dir.string() + " --schema review"), 2) << "--schema without PG:";
  EXPECT_FALSE(fs::exists(dir));
  // No server there: exit 3, and nothing was created anywhere.
  EXPECT_EQ(run("check " + demo().string() + " --no-map -q --out 'PG:host=127.0.0.1 port=1 dbname=none user=none' --schema review"), 3);
}

TEST_F(PgOutput, APasswordIsNeverPrinted) {
  const std::string bin = jiuyou::test::jiuyou_bin() + " check " + demo().string() + " --no-map -q --schema pw --out ";
  const auto ok = jiuyou::oracle::run_command(bin + "'PG:" + s_server->conninfo() + " password=s3cret'");
  EXPECT_LE(ok.status, 1) << ok.output;
  EXPECT_NE(ok.output.find("pw.villages"), std::string::npos) << ok.output;
  EXPECT_EQ(ok.output.find("s3cret"), std::string::npos) << ok.output;
  const auto bad = jiuyou::oracle::run_command(bin + "'PG:host=127.0.0.1 port=1 dbname=none user=none password=s3cret'");
  EXPECT_EQ(bad.status, 3) << bad.output;
  EXPECT_EQ(bad.output.find("s3cret"), std::string::npos) << bad.output;
}
