// The viewer at province scale, without a window: the search box's index
// answers exactly what a scan of every row answers (100k villages), and a
// click through the layers' box indexes picks exactly the feature a scan of
// every feature picks, the clicked village among them.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <iterator>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "gis/index/spatial_index.hpp"
#include "src/viewer/app_state.hpp"
#include "src/viewer/map/feature_pick.hpp"
#include "src/viewer/village_search.hpp"

namespace jiuyou::viewer {
namespace {

// A province's villages: names of two or three characters + 村 (many share characters), 12-digit codes
// (township by township), every 97th name and every 89th code null.
FeatureTable province_villages(size_t n) {
  static const char* chars[] = {"石", "门", "龙", "潭", "河", "口", "新", "庄", "大", "王", "李", "家", "湾", "坪", "岭", "沟",
                                "桥", "头", "上", "下", "东", "西", "南", "北", "黄", "柳", "杨", "马", "白", "云", "水", "山"};
  std::mt19937 rng(7);
  std::uniform_int_distribution<size_t> pick(0, std::size(chars) - 1);
  FeatureTable t;
  t.name = "villages";
  t.geometry.kind = GeometryKind::point;
  Column name("name", FieldType::text), code("code", FieldType::text);
  for (size_t i = 0; i < n; ++i) {
    t.geometry.add_point_feature(400000.0 + static_cast<double>(i % 400) * 500.0, 2800000.0 + static_cast<double>(i / 400) * 500.0);
    t.fid.push_back(static_cast<int64_t>(i + 1));
    std::string nm = std::string(chars[pick(rng)]) + chars[pick(rng)] + (i % 3 == 0 ? chars[pick(rng)] : "") + "村";
    if (i % 97 == 5) name.push_null();
    else name.push_text(nm);
    char c[48];
    std::snprintf(c, sizeof c, "42%04zu%06zu", i / 300, i % 300 + 100);
    if (i % 89 == 7) code.push_null();
    else code.push_text(c);
  }
  t.columns = {name, code};
  return t;
}

TEST(VillageSearch, AnswersWhatTheScanAnswersAtAHundredThousandVillages) {
  const FeatureTable v = province_villages(100'000);
  VillageSearch index;
  index.build(v);
  EXPECT_EQ(index.size(), v.size());
  size_t compared = 0;
  for (size_t row = 3; row < v.size(); row += 6007) {  // 17 villages spread over the province
    const std::string name = cell_text(v, "name", row), code = cell_text(v, "code", row);
    auto part = [](const std::string& t, size_t from, size_t n) { return from < t.size() ? t.substr(from, n) : std::string(); };
    std::vector<std::string> queries{part(code, 0, 2), part(code, 0, 6), part(code, 0, 9), code, part(name, 0, 3),
                                     part(name, 3, 3), name};
    for (const std::string& q : queries) {
      if (q.empty()) continue;
      for (size_t max : {size_t{200}, size_t{5}, size_t{1'000'000}}) {
        EXPECT_EQ(index.find(q, max), search_villages(v, q, max)) << "query '" << q << "', at most " << max;
        ++compared;
      }
    }
    // The right village: its full code lists it (codes are unique); its full name lists it among the first 200
    // unless 200 earlier villages share the name.
    if (!code.empty()) {
      EXPECT_EQ(index.find(code), std::vector<uint32_t>{static_cast<uint32_t>(row)}) << code;
    }
  }
  EXPECT_GT(compared, 250u);
  for (const char* q : {"不存在", "99", "村", "4200001", "420000100100", "2"})
    EXPECT_EQ(index.find(q, 200), search_villages(v, q, 200)) << q;
  // A code's digits inside another code are not a prefix: "0001" starts no code.
  EXPECT_TRUE(index.find("0001").empty());
}

TEST(VillageSearch, NullsMissingFieldsAndOddQueries) {
  FeatureTable v = province_villages(300);
  VillageSearch index;
  index.build(v);
  const size_t null_name = 5, null_code = 7;
  EXPECT_TRUE(cell_text(v, "name", null_name).empty());
  EXPECT_TRUE(cell_text(v, "code", null_code).empty());
  EXPECT_TRUE(index.find("").empty());
  EXPECT_TRUE(index.find("村\n").empty());  // the box is one line: a line break matches nothing
  EXPECT_TRUE(index.find("村", 0).empty());
  // A village's name holds no '\n' boundary: a query never matches across two villages' names.
  const std::string two = cell_text(v, "name", 0) + cell_text(v, "name", 1);
  EXPECT_EQ(index.find(two), search_villages(v, two));
  // Without a code column the names are still found; without both nothing is.
  v.columns.erase(v.columns.begin() + 1);
  index.build(v);
  EXPECT_EQ(index.find("村", 1000).size(), search_villages(v, "村", 1000).size());
  EXPECT_EQ(index.find("村", 1000).size(), 300u - 4u);  // rows 5, 102, 199, 296 have no name
  EXPECT_TRUE(index.find("42").empty());
  v.columns.clear();
  index.build(v);
  EXPECT_TRUE(index.find("村").empty());
  VillageSearch empty;
  EXPECT_TRUE(empty.find("村").empty());
}

// Three layers as the picker sees them: points (villages), lines (roads), polygons (hazard areas).
struct PickFixture {
  FeatureTable points = province_villages(20'000);
  FeatureTable lines, polygons;
  std::vector<uint8_t> hidden_points;
  std::vector<float> point_px, line_px;
  index::SpatialIndex point_boxes, line_boxes, polygon_boxes;

  PickFixture() {
    std::mt19937 rng(3);
    std::uniform_real_distribution<double> x(400000, 600000), y(2800000, 2825000), d(-3000, 3000);
    lines.name = "roads";
    lines.geometry.kind = GeometryKind::line;
    for (int i = 0; i < 3000; ++i) {
      const Vec2 a{x(rng), y(rng)};
      const Vec2 pts[] = {a, {a.x + d(rng), a.y + d(rng)}, {a.x + d(rng), a.y + d(rng)}};
      lines.geometry.add_line_feature(pts);
    }
    polygons.name = "hazards";
    polygons.geometry.kind = GeometryKind::polygon;
    for (int i = 0; i < 2000; ++i) {
      const double cx = x(rng), cy = y(rng), r = 200 + std::abs(d(rng));
      polygons.geometry.add_box_part({cx - r, cy - r, cx + r, cy + r});
      polygons.geometry.close_feature();
    }
    hidden_points.assign(points.size(), 0);
    point_px.assign(points.size(), 4.0f);
    line_px.assign(lines.geometry.feature_count(), 2.0f);
    point_boxes.build_for(points.geometry);
    line_boxes.build_for(lines.geometry);
    polygon_boxes.build_for(polygons.geometry);
  }
  std::vector<PickLayer> layers(bool with_index, double m_per_px) const {
    return {{"villages", &points.geometry, &hidden_points, &point_px, m_per_px, with_index ? &point_boxes : nullptr},
            {"roads", &lines.geometry, nullptr, &line_px, m_per_px, with_index ? &line_boxes : nullptr},
            {"hazards", &polygons.geometry, nullptr, nullptr, m_per_px, with_index ? &polygon_boxes : nullptr}};
  }
};

std::optional<FeatureRef> ref_of(const std::optional<PickHit>& h) { return h ? std::optional<FeatureRef>(h->ref) : std::nullopt; }

TEST(FeaturePickIndex, PicksWhatTheScanPicksAndTheClickedVillage) {
  PickFixture f;
  std::mt19937 rng(11);
  std::uniform_real_distribution<double> x(399000, 601000), y(2799000, 2826000);
  size_t hits = 0, polygon_hits = 0;
  for (int i = 0; i < 3000; ++i) {
    const double m_per_px = i % 2 ? 10.0 : 40.0;
    const Vec2 at{x(rng), y(rng)};
    const auto with = pick_feature(f.layers(true, m_per_px), at, 8 * m_per_px);
    const auto without = pick_feature(f.layers(false, m_per_px), at, 8 * m_per_px);
    ASSERT_EQ(ref_of(with), ref_of(without)) << at.x << " " << at.y;
    if (with) {
      EXPECT_DOUBLE_EQ(with->distance_m, without->distance_m);
      ++hits;
      polygon_hits += with->inside_polygon ? 1 : 0;
    }
  }
  EXPECT_GT(hits, 1000u);  // the comparison saw points, lines and polygons
  EXPECT_GT(polygon_hits, 10u);
  // A click on a village's dot picks that village (villages are on top and 500 m apart).
  for (uint32_t row : {0u, 401u, 12345u, 19999u}) {
    const Vec2 p = f.points.geometry.vertex(f.points.geometry.vertex_begin(f.points.geometry.ring_begin(f.points.geometry.part_begin(row))));
    const auto hit = pick_feature(f.layers(true, 10.0), {p.x + 5, p.y - 5}, 80.0);
    ASSERT_TRUE(hit);
    EXPECT_EQ(hit->ref, (FeatureRef{"villages", row}));
    // Hidden by the filter: not picked through the index either.
    f.hidden_points[row] = 1;
    const auto hidden = pick_feature(f.layers(true, 10.0), {p.x + 5, p.y - 5}, 80.0);
    EXPECT_FALSE(hidden && hidden->ref == (FeatureRef{"villages", row}));
    EXPECT_EQ(ref_of(hidden), ref_of(pick_feature(f.layers(false, 10.0), {p.x + 5, p.y - 5}, 80.0)));
    f.hidden_points[row] = 0;
  }
  // Snapping finds the same vertex through the index.
  for (int i = 0; i < 500; ++i) {
    const Vec2 at{x(rng), y(rng)};
    const auto a = nearest_vertex(f.layers(true, 40.0), at, 320.0), b = nearest_vertex(f.layers(false, 40.0), at, 320.0);
    ASSERT_EQ(a.has_value(), b.has_value());
    if (a) {
      EXPECT_EQ(a->x, b->x);
      EXPECT_EQ(a->y, b->y);
    }
  }
}

}  // namespace
}  // namespace jiuyou::viewer
