// G22: a village stored as several records with one code. Records that agree in every
// attribute are one village (polygon parts merged, a pasted copy counted once), said with
// the file and both features; records that disagree stay apart and are errors.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "gis/io/load.hpp"
#include "gis/io/project.hpp"
#include "gis/io/village_parts.hpp"
#include "support/table_builders.hpp"
#include "support/test_paths.hpp"

using namespace jiuyou;
using namespace jiuyou::test;
namespace fs = std::filesystem;

namespace {

// Three polygon villages (FIDs 1..3): 郑家坡村 (420323100200), 雷家咀村, 柳林村.
FeatureTable villages() {
  FeatureTable t = make_table("villages", GeometryKind::polygon);
  t.source = "/county/村界.shp";
  col(t, "code", FieldType::text);
  col(t, "name", FieldType::text);
  col(t, "households", FieldType::integer);
  const auto add = [&](double x, const char* c, const char* n, int64_t h) {
    add_square(t, x, 0, x + 1000, 1000);
    t.columns[0].push_text(c);
    t.columns[1].push_text(n);
    t.columns[2].push_int(h);
  };
  add(0, "420323100200", "郑家坡村", 433);
  add(1000, "420323100208", "雷家咀村", 300);
  add(2000, "420323100201", "柳林村", 120);
  return t;
}

// Row `r` appended again (FID 4), moved by `dx` (0: a pasted copy).
void append_copy(FeatureTable& t, size_t r, double dx, const char* name = nullptr) {
  const BBox b = t.geometry.feature_bbox(r);
  add_square(t, b.min_x + dx, b.min_y, b.max_x + dx, b.max_y);
  t.column("code")->push_text(t.column("code")->as_text(r));
  t.column("name")->push_text(name ? name : t.column("name")->as_text(r));
  t.column("households")->push_int(static_cast<int64_t>(*t.column("households")->number(r)));
}

const Issue* find(const IssueLog& log, const std::string& code) {
  for (const auto& i : log.entries())
    if (i.code == code) return &i;
  return nullptr;
}

}  // namespace

TEST(VillageParts, ADetachedPartIsMergedIntoOneVillageAndSaid) {
  FeatureTable t = villages();
  append_copy(t, 0, 5000);  // the same record, another piece of land
  IssueLog log;
  io::merge_village_parts(t, log);
  ASSERT_EQ(t.size(), 3u) << "three villages, not four";
  EXPECT_EQ(t.column("name")->as_text(0), "郑家坡村");
  EXPECT_EQ(t.geometry.part_end(0) - t.geometry.part_begin(0), 2u) << "both pieces kept";
  EXPECT_DOUBLE_EQ(feature_area(t.geometry, 0), 2e6);
  EXPECT_TRUE(point_in_feature(t.geometry, 0, 5500, 500)) << "the detached piece belongs to the village";
  EXPECT_EQ(t.column("name")->as_text(2), "柳林村") << "the other rows keep their attributes";
  EXPECT_EQ(t.fid, (std::vector<int64_t>{1, 2, 3}));
  const Issue* i = find(log, "village_parts_merged");
  ASSERT_NE(i, nullptr);
  EXPECT_EQ(i->severity, Severity::warning);
  EXPECT_EQ(i->file, "/county/村界.shp");
  EXPECT_EQ(i->feature, 1);
  EXPECT_NE(i->message.find("郑家坡村（代码 420323100200）"), std::string::npos) << i->message;
  EXPECT_NE(i->message.find("要素 1、4"), std::string::npos) << i->message;
  EXPECT_NE(i->message.find("2 块"), std::string::npos) << i->message;
}

// tour 18 S7: a village digitised on two map sheets (two records, the halves touching along the cut) is one piece
// again, so the point its distances and heights are measured from is the whole village's, not one half's.
TEST(VillageParts, TouchingPartsAreDissolvedIntoOnePiece) {
  // 郑家坡村 (0..1000 × 0..1000) cut at x = 400 into two records with the same attributes, then two other villages.
  FeatureTable t = make_table("villages", GeometryKind::polygon);
  col(t, "code", FieldType::text);
  col(t, "name", FieldType::text);
  const auto add = [&](double x0, double x1, const char* c, const char* n) {
    add_square(t, x0, 0, x1, 1000);
    t.columns[0].push_text(c);
    t.columns[1].push_text(n);
  };
  add(0, 400, "420323100200", "郑家坡村");
  add(1000, 2000, "420323100208", "雷家咀村");
  add(2000, 3000, "420323100201", "柳林村");
  add(400, 1000, "420323100200", "郑家坡村");
  IssueLog log;
  io::merge_village_parts(t, log);
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t.geometry.part_end(0) - t.geometry.part_begin(0), 1u) << "one piece, not two";
  EXPECT_NEAR(feature_area(t.geometry, 0), 1e6, 1e-6);
  EXPECT_TRUE(point_in_feature(t.geometry, 0, 700, 500));
  const Issue* i = find(log, "village_parts_merged");
  ASSERT_NE(i, nullptr);
  EXPECT_NE(i->message.find("相接，已拼为一块"), std::string::npos) << i->message;
}

TEST(VillageParts, APastedCopyCountsOnce) {
  FeatureTable t = villages();
  append_copy(t, 1, 0);
  IssueLog log;
  io::merge_village_parts(t, log);
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t.geometry.part_end(1) - t.geometry.part_begin(1), 1u) << "the copy adds no second piece";
  EXPECT_DOUBLE_EQ(feature_area(t.geometry, 1), 1e6) << "area not doubled";
  const Issue* i = find(log, "village_parts_merged");
  ASSERT_NE(i, nullptr);
  EXPECT_NE(i->message.find("重复录入"), std::string::npos) << i->message;
}

TEST(VillageParts, RecordsThatDisagreeStayApart) {
  FeatureTable t = villages();
  append_copy(t, 0, 5000, "新郑家坡村");
  IssueLog log;
  io::merge_village_parts(t, log);
  EXPECT_EQ(t.size(), 4u) << "two different villages under one code: not silently merged";
  EXPECT_EQ(find(log, "village_parts_merged"), nullptr);
  // Two points of one village at different spots: not one village either.
  FeatureTable p = make_table("villages", GeometryKind::point);
  col(p, "code", FieldType::text);
  for (double x : {0.0, 900.0}) {
    add_point(p, x, 0);
    p.columns[0].push_text("420323100200");
  }
  io::merge_village_parts(p, log);
  EXPECT_EQ(p.size(), 2u);
  add_point(p, 0, 0);
  p.columns[0].push_text("420323100200");
  io::merge_village_parts(p, log);
  EXPECT_EQ(p.size(), 2u) << "the point pasted at the same spot counts once";
}

// Loaded from files: the village count, the join and the messages agree.
TEST(VillageParts, LoadedCountAndJoinAgree) {
  const fs::path dir = scratch_dir();
  std::ofstream(dir / "v.csv") << "code,name,x,y\n420323100200,郑家坡村,110.21,32.2\n420323100208,雷家咀村,110.22,32.2\n"
                                  "420323100200,郑家坡村,110.21,32.2\n";
  std::ofstream(dir / "s.csv") << "code,poor_population\n420323100208,9\n420323100200,12\n";
  std::ofstream(dir / "p.toml") << "[layers.villages]\npath = \"v.csv\"\nx = \"x\"\ny = \"y\"\ncrs = \"EPSG:4490\"\n"
                                   "[layers.village_stats]\npath = \"s.csv\"\njoin_to = \"villages\"\n";
  auto p = io::load_project((dir / "p.toml").string());
  ASSERT_TRUE(p) << p.error().to_string();
  auto ws = io::load_workspace(*p);
  ASSERT_TRUE(ws) << ws.error().to_string();
  const FeatureTable& v = *ws->layer("villages");
  ASSERT_EQ(v.size(), 2u);
  EXPECT_DOUBLE_EQ(*v.column("poor_population")->number(0), 12) << "the sheet's row reaches the merged village";
  EXPECT_EQ(ws->issues.count("village_parts_merged"), 1u);
  EXPECT_EQ(ws->issues.count("duplicate_code"), 0u);
  EXPECT_EQ(ws->issues.count("join_key_shared"), 0u);
}

// tour 18 S18: a village layer of closed boundary lines (a DXF 村界, a 面转线 export) is read as the polygons the
// lines enclose, said; a layer whose lines do not close is refused.
TEST(VillageParts, ClosedBoundaryLinesBecomeVillagePolygonsAndOpenOnesAreRefused) {
  FeatureTable t = make_table("villages", GeometryKind::line);
  col(t, "code", FieldType::text);
  add_line(t, {{0, 0}, {1000, 0}, {1000, 1000}, {0, 1000}, {0, 0}});
  t.columns[0].push_text("420323100200");
  add_line(t, {{2000, 0}, {3000, 0}, {3000, 1000}, {2000, 0}});
  t.columns[0].push_text("420323100201");
  IssueLog log;
  ASSERT_TRUE(io::settle_village_lines(t, log));
  EXPECT_EQ(t.geometry.kind, GeometryKind::polygon);
  EXPECT_NEAR(feature_area(t.geometry, 0), 1e6, 1e-6);
  EXPECT_TRUE(point_in_feature(t.geometry, 0, 500, 500));
  const Issue* i = find(log, "village_lines_as_polygons");
  ASSERT_NE(i, nullptr);
  EXPECT_NE(i->message.find("2 条闭合线"), std::string::npos) << i->message;

  FeatureTable open = make_table("villages", GeometryKind::line);
  col(open, "code", FieldType::text);
  add_line(open, {{0, 0}, {1000, 0}, {1000, 1000}});
  open.columns[0].push_text("420323100200");
  IssueLog log2;
  auto refused = io::settle_village_lines(open, log2);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("不闭合"), std::string::npos) << refused.error().to_string();
}

// tour 18 S11: slivers an overlay or clip left in the village layer — no code, no name, a sliver of a village's
// area — are no villages: left out, said.
TEST(VillageParts, CodeAndNamelessSliversAreLeftOutAndSaid) {
  FeatureTable t = villages();
  for (double x : {3000.0, 4000.0, 5000.0}) {
    add_square(t, x, 0, x + 1000, 1000);
    t.column("code")->push_text(("4203231002" + std::to_string(static_cast<int>(x) / 1000 + 10)).c_str());
    t.column("name")->push_text("村");
    t.column("households")->push_int(10);
  }
  add_square(t, 999, 0, 1001, 1000);  // 2 m wide along a shared boundary, nothing known of it
  t.column("code")->push_null();
  t.column("name")->push_text(" ");
  t.column("households")->push_null();
  IssueLog log;
  io::drop_village_slivers(t, log);
  EXPECT_EQ(t.size(), 6u);
  const Issue* i = find(log, "village_slivers_dropped");
  ASSERT_NE(i, nullptr);
  EXPECT_EQ(i->feature, 7);
  // A village without a code but with a name, or a large one without either, stays (and check_codes says so).
  FeatureTable keep = villages();
  add_square(keep, 9000, 0, 9002, 1000);
  keep.column("code")->push_null();
  keep.column("name")->push_text("新村");
  keep.column("households")->push_null();
  IssueLog log2;
  io::drop_village_slivers(keep, log2);
  EXPECT_EQ(keep.size(), 4u);
}

// tour 18 S6: village polygons overlapping their neighbours (digitising slop, a buffer) are said; touching is not.
TEST(VillageParts, OverlappingVillagesAreSaidAndTouchingOnesAreNot) {
  FeatureTable touching = make_table("villages", GeometryKind::polygon);
  col(touching, "name", FieldType::text);
  for (int k = 0; k < 6; ++k) {
    add_square(touching, 1000.0 * k, 0, 1000.0 * (k + 1), 1000);
    touching.column("name")->push_text("村" + std::to_string(k));
  }
  IssueLog calm;
  io::note_village_overlaps(touching, calm);
  EXPECT_EQ(find(calm, "village_overlaps"), nullptr);

  FeatureTable over = make_table("villages", GeometryKind::polygon);
  col(over, "name", FieldType::text);
  for (int k = 0; k < 6; ++k) {
    add_square(over, 1000.0 * k - 100, 0, 1000.0 * (k + 1) + 100, 1000);  // each 100 m into both neighbours
    over.column("name")->push_text("村" + std::to_string(k));
  }
  IssueLog log;
  io::note_village_overlaps(over, log);
  const Issue* i = find(log, "village_overlaps");
  ASSERT_NE(i, nullptr);
  EXPECT_NE(i->message.find("5 对"), std::string::npos) << i->message;
  EXPECT_NE(i->message.find("村0 与 村1"), std::string::npos) << i->message;
}

// tour 18 g_gap: villages shrunk 100 m (a gap of 200 m between neighbours) changed 8 villages' items with nothing
// said. A tiling is calm; a layer of villages that touch no neighbour but lie within 250 m of one is said. Villages
// far apart (points of a scattered survey, 2 km) are not gaps.
TEST(VillageParts, GapsBetweenVillagesAreSaidAndATilingIsNot) {
  const auto grid = [](double inset, double pitch) {
    FeatureTable t = make_table("villages", GeometryKind::polygon);
    col(t, "name", FieldType::text);
    for (int y = 0; y < 4; ++y)
      for (int x = 0; x < 4; ++x) {
        add_square(t, pitch * x + inset, pitch * y + inset, pitch * x + 1000 - inset, pitch * y + 1000 - inset);
        t.column("name")->push_text("村" + std::to_string(4 * y + x));
      }
    return t;
  };
  IssueLog calm;
  io::note_village_overlaps(grid(0, 1000), calm);
  EXPECT_EQ(find(calm, "village_gaps"), nullptr);
  EXPECT_EQ(find(calm, "village_overlaps"), nullptr);

  IssueLog log;
  io::note_village_overlaps(grid(100, 1000), log);
  const Issue* i = find(log, "village_gaps");
  ASSERT_NE(i, nullptr);
  EXPECT_EQ(i->severity, Severity::warning);
  EXPECT_NE(i->message.find("16 个村与任何邻村都不相接"), std::string::npos) << i->message;
  EXPECT_NE(i->message.find("平均 200 米"), std::string::npos) << i->message;
  EXPECT_NE(i->message.find("隔着 200 米"), std::string::npos) << i->message;

  IssueLog apart;
  io::note_village_overlaps(grid(0, 3000), apart);
  EXPECT_EQ(find(apart, "village_gaps"), nullptr);
}

// tour 19 T5: villages drawn as settlement areas, 1 km and more apart (wider than a gap), changed 47 villages and made
// one 可出列 with nothing said. Nearly all villages touching none of their neighbours, however far, is said; a layer
// where a few villages are islands, or a tiling, is not.
TEST(VillageParts, VillagesThatAllTouchNoNeighbourAreSaid) {
  const auto grid = [](int shrunk, double pitch) {  // the first `shrunk` villages 100 m smaller on every side
    FeatureTable t = make_table("villages", GeometryKind::polygon);
    col(t, "name", FieldType::text);
    for (int y = 0; y < 4; ++y)
      for (int x = 0; x < 4; ++x) {
        const double inset = 4 * y + x < shrunk ? 100 : 0;
        add_square(t, pitch * x + inset, pitch * y + inset, pitch * x + 1000 - inset, pitch * y + 1000 - inset);
        t.column("name")->push_text("村" + std::to_string(4 * y + x));
      }
    return t;
  };
  IssueLog log;
  io::note_village_overlaps(grid(0, 2500), log);  // squares of 1 km, 1.5 km apart
  const Issue* i = find(log, "villages_isolated");
  ASSERT_NE(i, nullptr);
  EXPECT_EQ(i->severity, Severity::warning);
  EXPECT_NE(i->message.find("16 个村中 16 个与任何邻村都不相接（其中 16 个 600 米内没有邻村）"), std::string::npos) << i->message;
  EXPECT_NE(i->hint.find("只有贫困村"), std::string::npos) << i->hint;
  EXPECT_EQ(find(log, "village_gaps"), nullptr);  // one warning for the layer, not two

  for (const int shrunk : {0, 2}) {
    IssueLog tiled;
    io::note_village_overlaps(grid(shrunk, 1000), tiled);
    EXPECT_EQ(find(tiled, "villages_isolated"), nullptr) << shrunk;
  }
}

// tour 18 g_county: the county outline a 村界 file carries, coded 420323000000, is no village; a township's
// (…100000) neither. Left out and said; real villages kept.
TEST(VillageParts, TheCountyOrTownshipOutlineInTheVillageLayerIsLeftOut) {
  FeatureTable t = make_table("villages", GeometryKind::polygon);
  col(t, "code", FieldType::text);
  col(t, "name", FieldType::text);
  for (int k = 0; k < 20; ++k) {
    add_square(t, 1000.0 * k, 0, 1000.0 * (k + 1), 1000);
    t.columns[0].push_text("420323100" + std::to_string(201 + k));
    t.columns[1].push_text("村" + std::to_string(k));
  }
  add_square(t, 0, 0, 20000, 1000);
  t.columns[0].push_text("420323000000");
  t.columns[1].push_text("九有县");
  IssueLog log;
  io::drop_admin_units(t, log);
  EXPECT_EQ(t.size(), 20u);
  const Issue* i = find(log, "village_layer_admin_units");
  ASSERT_NE(i, nullptr);
  EXPECT_EQ(i->feature, 21);
  EXPECT_NE(i->message.find("420323000000 九有县（县级"), std::string::npos) << i->message;

  // tour 19 T4, T14: the outline without a code (a quarter of the layer's area), and a township's 9-digit code.
  FeatureTable more = make_table("villages", GeometryKind::polygon);
  col(more, "code", FieldType::text);
  col(more, "name", FieldType::text);
  for (int k = 0; k < 20; ++k) {
    add_square(more, 1000.0 * k, 0, 1000.0 * (k + 1), 1000);
    more.columns[0].push_text("420323100" + std::to_string(201 + k));
    more.columns[1].push_text("村" + std::to_string(k));
  }
  add_square(more, 0, 0, 20000, 1000);
  more.columns[0].push_null();
  more.columns[1].push_text("九有县");
  add_square(more, 0, 0, 5000, 1000);
  more.columns[0].push_text("420323100");
  more.columns[1].push_text("城关镇");
  IssueLog both;
  io::drop_admin_units(more, both);
  EXPECT_EQ(more.size(), 20u);
  const Issue* j = find(both, "village_layer_admin_units");
  ASSERT_NE(j, nullptr);
  EXPECT_NE(j->message.find("（无代码） 九有县（没有代码"), std::string::npos) << j->message;
  EXPECT_NE(j->message.find("420323100 城关镇（乡镇级"), std::string::npos) << j->message;

  // A layer of townships given as villages is not emptied: every code ends in 000.
  FeatureTable towns = make_table("villages", GeometryKind::polygon);
  col(towns, "code", FieldType::text);
  for (int k = 0; k < 5; ++k) {
    add_square(towns, 1000.0 * k, 0, 1000.0 * (k + 1), 1000);
    towns.columns[0].push_text("420323" + std::to_string(100 + k) + "000");
  }
  IssueLog quiet;
  io::drop_admin_units(towns, quiet);
  EXPECT_EQ(towns.size(), 5u);
  EXPECT_EQ(find(quiet, "village_layer_admin_units"), nullptr);
}
