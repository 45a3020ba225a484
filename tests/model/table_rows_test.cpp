// copy_rows (gis/model/table_rows): the rows kept by the atlas's clip and the
// synthetic years' drop carry every attribute, null, type, FID and geometry.
#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

#include "gis/model/table_rows.hpp"

namespace jiuyou {
namespace {

void add_square(GeometryColumn& g, double x0, double y0, double side) {
  for (const auto& [x, y] : {std::pair{x0, y0}, {x0 + side, y0}, {x0 + side, y0 + side}, {x0, y0 + side}, {x0, y0}}) g.add_vertex(x, y);
  g.close_ring();
}

// Four polygon features: a square, a square with a hole plus a second part,
// no geometry, and a small square; each with an integer, a real, a text and a
// boolean value, one of them null on every row.
FeatureTable sample() {
  FeatureTable t;
  t.name = "villages";
  t.source = "county.gpkg";
  t.source_layer = "村界";
  t.crs = CrsRef::epsg(4546);
  t.source_crs = CrsRef::epsg(4490);
  t.geometry.kind = GeometryKind::polygon;
  t.columns = {Column("population", FieldType::integer), Column("rate", FieldType::real), Column("name", FieldType::text),
               Column("paved", FieldType::boolean)};
  GeometryColumn& g = t.geometry;
  add_square(g, 0, 0, 10);
  g.close_part();
  g.close_feature();
  add_square(g, 100, 0, 10);
  add_square(g, 102, 2, 2);  // a hole
  g.close_part();
  add_square(g, 200, 0, 5);  // a second part
  g.close_part();
  g.close_feature();
  g.add_null_feature();
  add_square(g, 300, 0, 1);
  g.close_part();
  g.close_feature();
  t.fid = {11, 12, 13, 14};
  Column& pop = t.columns[0];
  Column& rate = t.columns[1];
  Column& name = t.columns[2];
  Column& paved = t.columns[3];
  pop.push_int(1200), rate.push_real(0.25), name.push_text("柳林村"), paved.push_null();
  pop.push_null(), rate.push_real(0.5), name.push_text("王家湾村"), paved.push_bool(true);
  pop.push_int(800), rate.push_null(), name.push_text(""), paved.push_bool(false);
  pop.push_int(-3), rate.push_real(1e-9), name.push_null(), paved.push_bool(true);
  return t;
}

TEST(CopyRows, KeepsLayerFieldsAndTypes) {
  const FeatureTable t = sample();
  const std::vector<size_t> rows = {1};
  const FeatureTable c = copy_rows(t, rows);
  EXPECT_EQ(c.name, "villages");
  EXPECT_EQ(c.source, "county.gpkg");
  EXPECT_EQ(c.source_layer, "村界");
  EXPECT_EQ(c.crs, CrsRef::epsg(4546));
  EXPECT_EQ(c.source_crs, CrsRef::epsg(4490));
  EXPECT_EQ(c.geometry.kind, GeometryKind::polygon);
  ASSERT_EQ(c.columns.size(), t.columns.size());
  for (size_t k = 0; k < t.columns.size(); ++k) {
    EXPECT_EQ(c.columns[k].name(), t.columns[k].name());
    EXPECT_EQ(c.columns[k].type(), t.columns[k].type());
    EXPECT_EQ(c.columns[k].size(), 1u);
  }
}

TEST(CopyRows, CopiesValuesNullsFidsAndGeometryInTheGivenOrder) {
  const FeatureTable t = sample();
  const std::vector<size_t> rows = {3, 1, 2};
  const FeatureTable c = copy_rows(t, rows);
  ASSERT_EQ(c.size(), 3u);
  ASSERT_EQ(c.geometry.feature_count(), 3u);
  EXPECT_EQ(c.fid, (std::vector<int64_t>{14, 12, 13}));
  for (size_t k = 0; k < rows.size(); ++k) {
    for (size_t col = 0; col < t.columns.size(); ++col) {
      EXPECT_EQ(c.columns[col].is_null(k), t.columns[col].is_null(rows[k])) << t.columns[col].name() << " row " << k;
      EXPECT_EQ(c.columns[col].as_text(k), t.columns[col].as_text(rows[k])) << t.columns[col].name() << " row " << k;
    }
    EXPECT_EQ(c.geometry.is_empty(k), t.geometry.is_empty(rows[k]));
    EXPECT_DOUBLE_EQ(feature_area(c.geometry, k), feature_area(t.geometry, rows[k]));
    EXPECT_EQ(c.geometry.part_end(k) - c.geometry.part_begin(k), t.geometry.part_end(rows[k]) - t.geometry.part_begin(rows[k]));
  }
  EXPECT_EQ(c.columns[0].get_int(0), -3);
  EXPECT_DOUBLE_EQ(c.columns[1].get_real(0), 1e-9);
  EXPECT_EQ(c.columns[2].get_text(1), "王家湾村");
  EXPECT_TRUE(c.columns[3].get_bool(1));
  EXPECT_TRUE(c.columns[0].is_null(1));   // null integer stays null, not 0
  EXPECT_TRUE(c.columns[1].is_null(2));   // null real stays null
  EXPECT_FALSE(c.columns[2].is_null(2));  // an empty text is a value, not null
  EXPECT_TRUE(c.columns[2].is_null(0));
  // The square with a hole and a second part: 100 - 4 + 25.
  EXPECT_DOUBLE_EQ(feature_area(c.geometry, 1), 121.0);
  EXPECT_TRUE(c.geometry.is_empty(2));
  EXPECT_EQ(c.geometry.bbox().min_x, 100.0);
  EXPECT_EQ(c.geometry.bbox().max_x, 301.0);
}

TEST(CopyRows, NoRowsGivesAnEmptyLayerWithItsFields) {
  const FeatureTable t = sample();
  const FeatureTable c = copy_rows(t, {});
  EXPECT_EQ(c.size(), 0u);
  EXPECT_EQ(c.geometry.feature_count(), 0u);
  ASSERT_EQ(c.columns.size(), 4u);
  EXPECT_EQ(c.columns[2].name(), "name");
}

TEST(CopyRows, ARowPastTheEndThrowsAndLeavesTheSourceAlone) {
  const FeatureTable t = sample();
  const std::vector<size_t> rows = {0, 4};
  EXPECT_THROW((void)copy_rows(t, rows), std::out_of_range);
  EXPECT_EQ(t.size(), 4u);
  EXPECT_EQ(t.columns[2].get_text(0), "柳林村");
}

// A text value made unknown after loading (a code blanked, a count judged
// implausible) reads as null everywhere, and copies as null.
TEST(CopyRows, ATextValueNulledAfterLoadingReadsAndCopiesAsNull) {
  FeatureTable t = sample();
  ASSERT_FALSE(t.columns[2].is_null(0));
  t.columns[2].set_null(0);
  EXPECT_TRUE(t.columns[2].is_null(0));
  EXPECT_EQ(t.columns[2].get_text(0), "");
  EXPECT_EQ(t.columns[2].as_text(0), "");
  EXPECT_FALSE(t.columns[2].number(0));
  const std::vector<size_t> rows = {0};
  EXPECT_TRUE(copy_rows(t, rows).columns[2].is_null(0));
}

}  // namespace
}  // namespace jiuyou
