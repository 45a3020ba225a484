// The inspector's 量 buttons at province scale: the gaps layer's rows indexed by
// village code (GapRows) give exactly the evidence line a scan of every gap line
// gives, for every village and item, with nulls, a village of several gap lines,
// a missing layer or field, and an index left stale by a replaced layer.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "src/viewer/map/evidence_line.hpp"

namespace jiuyou::viewer {
namespace {

const std::array<const char*, 4> k_items{"road", "water", "clinic", "school"};

std::string village_code(size_t v) {
  char c[32];
  std::snprintf(c, sizeof c, "42%010zu", v);
  return c;
}

// n villages; village v fails item i when (v + i) % 3 != 0 (one gap line each, from the village eastwards
// by 100 + v metres); every 53rd row has a null code, every 61st a null item, every 67th no geometry.
FeatureTable gap_lines(size_t n) {
  FeatureTable t;
  t.name = "gaps";
  t.geometry.kind = GeometryKind::line;
  Column code("village_code", FieldType::text), item("item", FieldType::text), length("length_m", FieldType::real);
  size_t row = 0;
  for (size_t v = 0; v < n; ++v)
    for (size_t i = 0; i < k_items.size(); ++i) {
      if ((v + i) % 3 == 0) continue;
      const Vec2 from{400000.0 + static_cast<double>(v % 300) * 700.0, 2800000.0 + static_cast<double>(v / 300) * 700.0};
      const std::array<Vec2, 3> line{from, Vec2{from.x + 50, from.y + 10}, Vec2{from.x + 100.0 + static_cast<double>(v), from.y}};
      if (row % 67 == 11) t.geometry.add_null_feature();
      else t.geometry.add_line_feature(line);
      t.fid.push_back(static_cast<int64_t>(row + 1));
      if (row % 53 == 3) code.push_null();
      else code.push_text(village_code(v));
      if (row % 61 == 5) item.push_null();
      else item.push_text(k_items[i]);
      if (row % 7 == 2) length.push_null();  // no recorded length: the line's own
      else length.push_real(100.0 + static_cast<double>(v));
      ++row;
    }
  t.columns = {code, item, length};
  return t;
}

bool same(const std::optional<EvidenceLine>& a, const std::optional<EvidenceLine>& b) {
  if (a.has_value() != b.has_value()) return false;
  if (!a) return true;
  return a->from.x == b->from.x && a->from.y == b->from.y && a->to.x == b->to.x && a->to.y == b->to.y &&
         a->recorded_m == b->recorded_m;
}

TEST(GapRows, AnswersWhatTheScanAnswersForEveryVillageAndItem) {
  const size_t n = 3000;
  Workspace ws;
  ws.layers.push_back(gap_lines(n));
  GapRows rows;
  rows.build(ws);
  size_t found = 0, compared = 0;
  for (size_t v = 0; v < n + 5; ++v)  // five codes beyond the last village: no rows
    for (const char* item : k_items) {
      const auto scan = evidence_line(ws, village_code(v), item);
      const auto indexed = evidence_line(ws, rows, village_code(v), item);
      ASSERT_TRUE(same(scan, indexed)) << village_code(v) << " " << item;
      found += scan.has_value();
      ++compared;
    }
  EXPECT_EQ(compared, (n + 5) * k_items.size());
  EXPECT_GT(found, n * 2);  // most failing items have a line (some rows are nulled above)
  // A known line: village 5 fails road ((5 + 0) % 3 != 0, row 13, nothing nulled); it runs east 105 m.
  const auto line = evidence_line(ws, rows, village_code(5), "road");
  ASSERT_TRUE(line);
  EXPECT_DOUBLE_EQ(line->to.x - line->from.x, 105.0);
  EXPECT_DOUBLE_EQ(line->recorded_m, 105.0);
  // Village 4's water line (row 11) has no geometry: none, as the scan says.
  EXPECT_FALSE(evidence_line(ws, rows, village_code(4), "water"));
  // Village 0 passes road ((0 + 0) % 3 == 0): no line either way.
  EXPECT_FALSE(evidence_line(ws, rows, village_code(0), "road"));
  EXPECT_FALSE(evidence_line(ws, rows, "", "water"));
  EXPECT_FALSE(evidence_line(ws, rows, village_code(4), "不存在的指标"));
}

TEST(GapRows, MissingLayerOrFieldsAndAStaleIndexFindNothingWrong) {
  Workspace ws;
  GapRows rows;
  rows.build(ws);  // no gaps layer
  EXPECT_TRUE(rows.by_code.empty());
  EXPECT_FALSE(evidence_line(ws, rows, village_code(4), "water"));

  ws.layers.push_back(gap_lines(50));
  rows.build(ws);
  EXPECT_FALSE(rows.by_code.empty());
  // The gap lines replaced (a local re-check) but the index not rebuilt: rows past the end or of another
  // village are checked again, so the answer is the scan's or none, never another village's line.
  ws.layers[0] = gap_lines(10);
  for (size_t v = 0; v < 50; ++v)
    for (const char* item : k_items) {
      const auto stale = evidence_line(ws, rows, village_code(v), item);
      if (stale) {
        EXPECT_TRUE(same(stale, evidence_line(ws, village_code(v), item))) << village_code(v) << " " << item;
      }
    }
  rows.build(ws);
  for (size_t v = 0; v < 50; ++v)
    for (const char* item : k_items)
      EXPECT_TRUE(same(evidence_line(ws, rows, village_code(v), item), evidence_line(ws, village_code(v), item)));

  // Without the item field: no line from either.
  ws.layers[0].columns.erase(ws.layers[0].columns.begin() + 1);
  rows.build(ws);
  EXPECT_TRUE(rows.by_code.empty());
  EXPECT_FALSE(evidence_line(ws, rows, village_code(4), "water"));
  EXPECT_FALSE(evidence_line(ws, village_code(4), "water"));
}

}  // namespace
}  // namespace jiuyou::viewer
