// tour 19 T12: MapInfo TAB cannot store an empty number, so GDAL reads an empty numeric cell of a .tab as 0. A
// village without 村集体经济收入 then failed with "0 万元" and moved the county mean, without a word. Zeros few and far
// below a column's other values are read as unknown and warned of; zeros next to small values are kept and warned of;
// many zeros are true zeros (an info). The same table in a GeoPackage, which has empty values, is read as written.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "gis/io/load.hpp"
#include "io/gdal_fixture.hpp"
#include "support/test_paths.hpp"

using namespace jiuyou;

namespace {

constexpr int k_villages = 40;

// 40 villages: population 800+ (row 3 is 0), collective_income 5–25 万元 (row 7 is 0), poor_population 1–29 with a
// 0 in row 11 (next to small counts), relocate_households 0 in 30 rows.
void write_villages(const std::string& driver, const std::string& path) {
  std::vector<std::pair<std::string, std::vector<std::string>>> rows;
  for (int i = 0; i < k_villages; ++i) {
    const double x = 110 + 0.01 * i;
    const std::string wkt = "POLYGON ((" + std::to_string(x) + " 32," + std::to_string(x + 0.01) + " 32," + std::to_string(x + 0.01) + " 32.01," +
                            std::to_string(x) + " 32.01," + std::to_string(x) + " 32))";
    rows.push_back({wkt,
                    {"村" + std::to_string(i), i == 3 ? "0" : std::to_string(800 + 10 * i), i == 7 ? "0" : std::to_string(5.0 + 0.5 * i),
                     i == 11 ? "0" : std::to_string(1 + (i % 29)), i < 30 ? "0" : std::to_string(i - 25)}});
  }
  test::write_fixture(driver, path, "villages", 4490, wkbPolygon,
                      {{"name", OFTString}, {"population", OFTInteger}, {"jtsr", OFTReal}, {"poor_population", OFTInteger}, {"relocate_households", OFTInteger}},
                      rows);
}

struct Read {
  FeatureTable table;
  IssueLog log;
};

Read read(const std::string& path) {
  io::LayerSpec spec = test::spec_for("villages", path);
  spec.fields["collective_income"] = "jtsr";  // a DBF-style short name
  Read r;
  auto t = io::read_layer(spec, r.log);
  EXPECT_TRUE(t) << (t ? "" : t.error().message);
  if (t) r.table = std::move(*t);
  return r;
}

std::optional<double> value(const Read& r, const std::string& field, size_t row) { return r.table.column(field)->number(row); }

const Issue* find(const IssueLog& log, const std::string& code, const std::string& field) {
  for (const Issue& i : log.entries())
    if (i.code == code && i.field == field) return &i;
  return nullptr;
}

}  // namespace

TEST(MapInfoZeros, AFewZerosFarBelowTheOthersAreEmptyCells) {
  const auto path = (test::scratch_dir() / "村界.tab").string();
  write_villages("MapInfo File", path);
  const Read r = read(path);
  ASSERT_EQ(r.table.size(), static_cast<size_t>(k_villages));
  EXPECT_FALSE(value(r, "population", 3));
  EXPECT_FALSE(value(r, "collective_income", 7));
  EXPECT_EQ(value(r, "population", 4), 840);
  const Issue* income = find(r.log, "mapinfo_zeros_unknown", "collective_income");
  ASSERT_NE(income, nullptr);
  EXPECT_EQ(income->severity, Severity::warning);
  EXPECT_NE(income->message.find("jtsr"), std::string::npos) << income->message;  // the column as the file names it
  EXPECT_NE(income->message.find("村7"), std::string::npos) << income->message;       // and the village
  EXPECT_NE(find(r.log, "mapinfo_zeros_unknown", "population"), nullptr);
}

TEST(MapInfoZeros, AZeroNextToSmallCountsIsKeptAndWarnedOf) {
  const auto path = (test::scratch_dir() / "村界.tab").string();
  write_villages("MapInfo File", path);
  const Read r = read(path);
  EXPECT_EQ(value(r, "poor_population", 11), 0);
  const Issue* w = find(r.log, "mapinfo_zeros_ambiguous", "poor_population");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->severity, Severity::warning);
  EXPECT_NE(w->message.find("村11"), std::string::npos) << w->message;
}

TEST(MapInfoZeros, ManyZerosAreTrueZeros) {
  const auto path = (test::scratch_dir() / "村界.tab").string();
  write_villages("MapInfo File", path);
  const Read r = read(path);
  for (size_t row = 0; row < 30; ++row) EXPECT_EQ(value(r, "relocate_households", row), 0) << row;
  const Issue* kept = find(r.log, "mapinfo_zeros_kept", "relocate_households");
  ASSERT_NE(kept, nullptr);
  EXPECT_EQ(kept->severity, Severity::info);
}

TEST(MapInfoZeros, AGeoPackageKeepsItsZerosAsWritten) {
  const auto path = (test::scratch_dir() / "村界.gpkg").string();
  write_villages("GPKG", path);
  const Read r = read(path);
  EXPECT_EQ(value(r, "population", 3), 0);
  EXPECT_EQ(value(r, "collective_income", 7), 0);
  for (const Issue& i : r.log.entries()) EXPECT_EQ(i.code.rfind("mapinfo", 0), std::string::npos) << i.code;
}
