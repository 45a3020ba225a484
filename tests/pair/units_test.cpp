// Units from a loaded layer: canonical fields, Chinese role words, GCJ-02
// positions converted to WGS84, projected layers kept metric, and bad rows named.
#include <gtest/gtest.h>

#include <cmath>

#include "gis/crs/crs.hpp"
#include "gis/pair/units.hpp"

namespace jiuyou::pair {
namespace {

FeatureTable units_layer(CrsRef crs) {
  FeatureTable t;
  t.name = "units";
  t.source = "units.gpkg";
  t.crs = std::move(crs);
  t.geometry.kind = GeometryKind::point;
  t.columns.reserve(6);
  auto& code = t.add_column("code", FieldType::integer);
  auto& name = t.add_column("name", FieldType::text);
  auto& role = t.add_column("role", FieldType::text);
  auto& funds = t.add_column("funds_cny_per_year", FieldType::real);
  auto& partners = t.add_column("max_partners", FieldType::integer);
  auto& poor = t.add_column("poor_population", FieldType::real);
  struct Row {
    int64_t code;
    const char* name;
    const char* role;
    double x, y;
    double funds;
    int partners;
    double poor;
  };
  const Row rows[] = {{350582, "晋江市", "帮扶方", 118.5775, 24.8073, 2e7, 2, NAN},
                      {350821, "长汀县", "受扶方", 116.3613, 25.8422, NAN, -1, 41000}};
  for (const Row& r : rows) {
    t.fid.push_back(static_cast<int64_t>(t.fid.size()) + 10);
    t.geometry.add_point_feature(r.x, r.y);
    code.push_int(r.code);
    name.push_text(r.name);
    role.push_text(r.role);
    if (std::isnan(r.funds)) funds.push_null(); else funds.push_real(r.funds);
    if (r.partners < 0) partners.push_null(); else partners.push_int(r.partners);
    if (std::isnan(r.poor)) poor.push_null(); else poor.push_real(r.poor);
  }
  return t;
}

TEST(UnitsTable, ReadsFieldsAndConvertsGcj02ToWgs84) {
  const FeatureTable t = units_layer(CrsRef::parse("GCJ-02"));
  auto p = problem_from_units_table(t);
  ASSERT_TRUE(p) << p.error().to_string();
  EXPECT_TRUE(p->geographic);
  EXPECT_EQ(p->crs, CrsRef::epsg(4490));
  ASSERT_EQ(p->units.size(), 2u);
  const Unit& jj = p->units[0];
  EXPECT_EQ(jj.code, "350582");
  EXPECT_EQ(jj.name, "晋江市");
  EXPECT_EQ(jj.role, Role::helper);
  EXPECT_EQ(jj.row, 10);
  EXPECT_EQ(jj.funds_cny_per_year, 2e7);
  EXPECT_EQ(jj.max_partners, 2);
  EXPECT_TRUE(std::isnan(jj.poor_population));
  const Vec2 expected = crs::gcj02_to_wgs84({118.5775, 24.8073});
  EXPECT_DOUBLE_EQ(jj.position.x, expected.x);
  EXPECT_DOUBLE_EQ(jj.position.y, expected.y);
  // The GCJ-02 offset here is some 500 m: the conversion moved the point.
  EXPECT_GT(crs::geodesic_distance_m(jj.position, {118.5775, 24.8073}), 300.0);
  const Unit& ct = p->units[1];
  EXPECT_EQ(ct.role, Role::helped);
  EXPECT_EQ(ct.max_partners, -1);
  EXPECT_EQ(ct.poor_population, 41000);
}

TEST(UnitsTable, ProjectedLayerStaysMetric) {
  FeatureTable t = units_layer(CrsRef::epsg(4547));
  auto p = problem_from_units_table(t);
  ASSERT_TRUE(p) << p.error().to_string();
  EXPECT_FALSE(p->geographic);
  EXPECT_EQ(p->crs, CrsRef::epsg(4547));
  EXPECT_EQ(p->units[0].position.x, 118.5775);
}

TEST(UnitsTable, BadRoleAndMissingCrsAreNamed) {
  FeatureTable t = units_layer(CrsRef::epsg(4490));
  FeatureTable bad = units_layer(CrsRef::epsg(4490));
  bad.columns[2] = Column("role", FieldType::text);
  bad.columns[2].push_text("helper");
  bad.columns[2].push_text("donee");
  auto r = problem_from_units_table(bad);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().feature, 11);
  EXPECT_EQ(r.error().field, "role");
  EXPECT_NE(r.error().message.find("donee"), std::string::npos);

  t.crs = CrsRef{};
  auto no_crs = problem_from_units_table(t);
  ASSERT_FALSE(no_crs);
  EXPECT_EQ(no_crs.error().code, ErrorCode::crs);

  FeatureTable no_role = units_layer(CrsRef::epsg(4490));
  no_role.columns[2].rename("kind");
  auto missing = problem_from_units_table(no_role);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().field, "role");
  EXPECT_NE(missing.error().hint.find("kind"), std::string::npos);
}

TEST(UnitsTable, NegativePartnersAreRejected) {
  FeatureTable t = units_layer(CrsRef::epsg(4490));
  t.columns[4].set_int(0, -2);
  auto p = problem_from_units_table(t);
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().field, "max_partners");
  EXPECT_EQ(p.error().feature, 10);
}

}  // namespace
}  // namespace jiuyou::pair
