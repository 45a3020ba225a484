// tour 12 L12, L4: a layer read in another datum one year is matched as shifted even with
// real changes mixed in, and the note says exactly what else changed; the villages
// themselves shifted by a datum one year move no village.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>

#include "gis/app/compare_job.hpp"
#include "gis/compare/compare_report.hpp"
#include "gis/compare/geometry_inputs.hpp"
#include "gis/compare/year_differences.hpp"
#include "gis/crs/crs.hpp"
#include "support/table_builders.hpp"
#include "two_years.hpp"

namespace jiuyou::app {
namespace {

namespace fs = std::filesystem;
using compare::Transition;

using test::copy_raw;
using test::write_text;


// The text with `from` (after `after`) replaced by `to` once.
void replace_after(const fs::path& p, const std::string& after, const std::string& from, const std::string& to) {
  std::string s = test::read_text(p);
  const size_t at = s.find(after);
  ASSERT_NE(at, std::string::npos) << after;
  const size_t f = s.find(from, at);
  ASSERT_NE(f, std::string::npos) << from;
  s.replace(f, from.size(), to);
  write_text(p, s);
}

std::vector<std::string> notes_with(const compare::Comparison& cmp, const std::string& text) {
  std::vector<std::string> out;
  for (const std::string& n : cmp.notes)
    if (n.find(text) != std::string::npos) out.push_back(n);
  return out;
}

void expect_no_alert(const CompareRun& run) {
  const compare::CompareDocument doc{run.years, run.comparisons, run.notes};
  for (const auto& a : compare::collect_alerts(doc)) ADD_FAILURE() << "an alert from the datum slip: " << a.village << " " << a.what << " | " << a.cause;
}

}  // namespace

// L12: the 2026 roads without crs = "GCJ-02" and two roads really downgraded (沥青 → 土路).
TEST(CompareDatumShift, RealChangesOnAShiftedLayerAreCountedAndRaiseNoFalseAlert) {
  if (!fs::exists(test::source_dir() / "data/demo-raw/project.toml")) GTEST_SKIP() << "no demo-raw county";
  const fs::path dir = test::scratch_dir();
  const std::string y2025 = copy_raw(dir, "2025"), y2026 = copy_raw(dir, "2026");
  replace_after(y2026, "[layers.roads]", "crs = \"GCJ-02\"", "");
  for (const char* id : {"\"id\": 404,", "\"id\": 405,"}) replace_after(dir / "2026/公路_高德.geojson", id, "\"路面\": \"沥青\"", "\"路面\": \"土路\"");
  CompareJob job;
  job.years = {y2025, y2026};
  job.out_dir = (dir / "out").string();
  auto run = run_compare(job);
  ASSERT_TRUE(run) << run.error().to_string();
  const auto& cmp = run->comparisons[0];
  const auto said = notes_with(cmp, "2026 年的道路图层可能是 GCJ-02 坐标，却没有按 GCJ-02 读入");
  ASSERT_EQ(said.size(), 1u);
  EXPECT_EQ(said[0].find("要素和属性相同"), std::string::npos) << "two roads changed: " << said[0];
  EXPECT_NE(said[0].find("见变化表"), std::string::npos) << said[0];
  expect_no_alert(*run);
  // Matched across the datum the check found (h-cmp2): the two roads are 属性变化, nothing 消失 or 新增.
  const auto roads = std::find_if(cmp.layers.begin(), cmp.layers.end(), [](const compare::LayerDiff& d) { return d.layer == "roads"; });
  ASSERT_NE(roads, cmp.layers.end());
  EXPECT_EQ(roads->datum, "GCJ-02");
  EXPECT_TRUE(roads->removed.empty()) << roads->removed.size() << " removed";
  EXPECT_TRUE(roads->added.empty()) << roads->added.size() << " added";
  ASSERT_EQ(roads->changed.size(), 2u);
  for (const auto& c : roads->changed) {
    ASSERT_EQ(c.fields.size(), 1u);
    EXPECT_EQ(c.fields[0].field, "surface");
  }
  EXPECT_NE(said[0].find("按 GCJ-02 换算后两年要素逐一对应：0 个要素消失、0 个新增、2 个属性变化"), std::string::npos) << said[0];
  // 小黎家岭村's nearest paved road was 404: its distance, measured on the shifted layer, is
  // not read as the road gone; the change is named, with the fix.
  size_t named = 0;
  for (const auto& vt : cmp.villages)
    for (const auto& t : vt.items)
      if (t.transition == Transition::by_input && t.cause.find("要素 404 本年已变化") != std::string::npos) {
        ++named;
        EXPECT_NE(t.cause.find("重新比较"), std::string::npos) << t.cause;
      }
  EXPECT_GT(named, 0u);
}

namespace {

// 30 village squares (1 km, 2 km apart), each moved by `move(i)`.
compare::YearData year_of(const std::string& label, const std::function<Vec2(int)>& move) {
  compare::YearData y;
  y.label = label;
  FeatureTable v = test::make_table("villages", GeometryKind::polygon);
  auto& code = test::col(v, "code", FieldType::text);
  for (int i = 0; i < 30; ++i) {
    const Vec2 d = move(i), p{500000.0 + (i % 6) * 2000 + d.x, 3600000.0 + (i / 6) * 2000 + d.y};
    test::add_square(v, p.x, p.y, p.x + 1000, p.y + 1000);
    code.push_text("4203231002" + std::to_string(10 + i));
  }
  y.ws.metric_crs = CrsRef::epsg(4546);
  y.ws.layers.push_back(std::move(v));
  return y;
}

}  // namespace

// L4: the villages declared GCJ-02 one year and not the other sit the datum's offset apart,
// every one by about the same vector: a shifted layer, said once (its distance items become
// 因数据口径变化), not 30 villages moved. Villages redrawn each its own way are not.
TEST(CompareDatumShift, VillagesShiftedAsAWholeAreAShiftedLayer) {
  const auto none = [](int) { return Vec2{0, 0}; };
  const compare::YearData a = year_of("2025", none);
  const compare::YearData b = year_of("2026", [](int i) { return Vec2{-470.0 + (i % 5), 262.0 - (i % 3)}; });
  const compare::GeometryInputs g = compare::geometry_inputs(a, b, {});
  ASSERT_EQ(g.shifted.size(), 1u);
  EXPECT_EQ(g.shifted[0].layer, "villages");
  EXPECT_NEAR(g.shifted[0].shift_m, 538.0, 5.0);
  ASSERT_EQ(g.notes.size(), 1u);
  EXPECT_NE(g.notes[0].find("村图层整体相对偏移约"), std::string::npos) << g.notes[0];
  EXPECT_NE(g.notes[0].find("因数据口径变化"), std::string::npos) << g.notes[0];
  EXPECT_EQ(g.notes[0].find("要素和属性相同"), std::string::npos) << "nothing was compared feature by feature: " << g.notes[0];

  EXPECT_TRUE(compare::geometry_inputs(a, year_of("2026", none), {}).shifted.empty()) << "the same villages";
  const auto redrawn = year_of("2026", [](int i) { return Vec2{(i * 137 % 600) - 300.0, (i * 71 % 500) - 250.0}; });
  EXPECT_TRUE(compare::geometry_inputs(a, redrawn, {}).shifted.empty()) << "each village its own way: redrawn, not a datum";
}

// L12, facilities: one feature removed renumbers a shapefile's FIDs, so nothing is matched
// as shifted; the year's check warned of the layer's datum: a shifted layer all the same,
// whose 消失/新增 the note says are mostly the offset.
TEST(CompareDatumShift, AWarnedLayerWhoseFidsNoLongerMatchIsShiftedAllTheSame) {
  const auto none = [](int) { return Vec2{0, 0}; };
  compare::YearData a = year_of("2025", none), b = year_of("2026", none);
  for (auto* y : {&a, &b}) {
    FeatureTable f = test::make_table("facilities", GeometryKind::point);
    const Vec2 d = y == &b ? Vec2{-470, 262} : Vec2{0, 0};
    for (int i = y == &b ? 1 : 0; i < 20; ++i) test::add_point(f, 500100.0 + i * 500 + d.x, 3600100.0 + (i % 4) * 900 + d.y);
    y->ws.layers.push_back(std::move(f));
  }
  compare::LayerDiff d;
  d.layer = "facilities";
  d.a_to_b.assign(20, -1);
  EXPECT_TRUE(compare::geometry_inputs(a, b, {d}).shifted.empty()) << "no year's check warned: nothing said";
  Issue w;
  w.severity = Severity::warning;
  w.code = "likely_gcj02";
  w.layer = "facilities";
  b.result.notes.add(w);
  const compare::GeometryInputs g = compare::geometry_inputs(a, b, {d});
  ASSERT_EQ(g.shifted.size(), 1u);
  EXPECT_EQ(g.shifted[0].layer, "facilities");
  EXPECT_EQ(g.shifted[0].datum, "GCJ-02");
  EXPECT_GT(g.shifted[0].shift_m, 300.0);
  ASSERT_EQ(g.notes.size(), 1u);
  EXPECT_NE(g.notes[0].find("2026 年的"), std::string::npos) << g.notes[0];
  EXPECT_NE(g.notes[0].find("要素编号两年不一致"), std::string::npos) << g.notes[0];
  EXPECT_NE(g.notes[0].find("[layers.facilities] 中加上 crs = \"GCJ-02\""), std::string::npos) << g.notes[0];
}

namespace {

// Facility points in EPSG:4546 with a kind each; `gcj`: the same places as an undeclared GCJ-02 file reads them
// (converted to GCJ-02 and taken for WGS84), a few hundred metres off.
FeatureTable clinics(const std::vector<int>& which, bool gcj, const std::string& changed_kind_of_7 = "clinic") {
  FeatureTable f = test::make_table("facilities", GeometryKind::point);
  auto& kind = test::col(f, "kind", FieldType::text);
  auto to_ll = crs::Transformer::create(CrsRef::epsg(4546), CrsRef::epsg(4326));
  auto from_ll = crs::Transformer::create(CrsRef::epsg(4326), CrsRef::epsg(4546));
  EXPECT_TRUE(to_ll && from_ll);
  for (const int i : which) {
    Vec2 p{500100.0 + i * 700, 3600100.0 + (i % 4) * 900};
    if (gcj) p = *from_ll->transform_point(crs::wgs84_to_gcj02(*to_ll->transform_point(p)));
    test::add_point(f, p.x, p.y);  // FIDs renumbered: 1, 2, … whatever was left out
    kind.push_text(i == 7 ? changed_kind_of_7 : "clinic");
  }
  return f;
}

}  // namespace

// L12, facilities (h-cmp2): the year whose check warned of the layer's datum is re-read in it before matching,
// so one clinic removed (FIDs renumbered) is 1 消失 and one changed is 1 属性变化 — not 20 消失 + 19 新增.
TEST(CompareDatumShift, AWarnedLayerIsMatchedAcrossTheDatumFeatureByFeature) {
  const auto none = [](int) { return Vec2{0, 0}; };
  compare::YearData a = year_of("2025", none), b = year_of("2026", none);
  std::vector<int> all, later;
  for (int i = 0; i < 20; ++i) all.push_back(i);
  for (int i = 0; i < 20; ++i)
    if (i != 3) later.push_back(i);
  a.ws.layers.push_back(clinics(all, false));
  b.ws.layers.push_back(clinics(later, true, "closed"));
  const FeatureTable &fa = *a.ws.layer("facilities"), &fb = *b.ws.layer("facilities");
  const compare::LayerDiff plain = compare::diff_layer_in_datum(a, b, fa, fb, {});
  EXPECT_TRUE(plain.datum.empty()) << "no year's check warned: matched as given";

  Issue w;
  w.severity = Severity::warning;
  w.code = "likely_gcj02";
  w.layer = "facilities";
  b.result.notes.add(w);
  const compare::LayerDiff d = compare::diff_layer_in_datum(a, b, fa, fb, {});
  EXPECT_EQ(d.datum, "GCJ-02");
  ASSERT_EQ(d.removed.size(), 1u);
  EXPECT_EQ(fa.fid[static_cast<size_t>(d.removed[0].a_row)], 4) << "the fourth clinic (i = 3) was removed";
  EXPECT_TRUE(d.added.empty());
  ASSERT_EQ(d.changed.size(), 1u);
  EXPECT_EQ(d.changed[0].fields[0].field, "kind");
  EXPECT_EQ(d.changed[0].fields[0].after, "closed");
  EXPECT_EQ(d.shifted, 19u);
  EXPECT_GT(d.shift_m, 100.0);
  EXPECT_LT(d.shift_m, 1000.0);

  const compare::GeometryInputs g = compare::geometry_inputs(a, b, {d});
  ASSERT_EQ(g.shifted.size(), 1u);
  ASSERT_EQ(g.notes.size(), 1u);
  EXPECT_NE(g.notes[0].find("按 GCJ-02 换算后两年要素逐一对应：1 个要素消失、0 个新增、1 个属性变化（见变化表，是实地变化）"), std::string::npos) << g.notes[0];
  EXPECT_EQ(g.notes[0].find("要素编号两年不一致"), std::string::npos) << g.notes[0];

  // The same file both years, the datum warned: every clinic matched, nothing changed.
  compare::YearData c = year_of("2026", none);
  c.ws.layers.push_back(clinics(all, true));
  c.result.notes.add(w);
  const compare::LayerDiff same = compare::diff_layer_in_datum(a, c, fa, *c.ws.layer("facilities"), {});
  EXPECT_TRUE(same.removed.empty() && same.added.empty() && same.changed.empty());
  const compare::GeometryInputs gs = compare::geometry_inputs(a, c, {same});
  ASSERT_EQ(gs.notes.size(), 1u);
  EXPECT_NE(gs.notes[0].find("要素和属性相同"), std::string::npos) << gs.notes[0];
}

// tour 13 M22: towers re-exported (FID 1..30 → 0..29) and moved ~0.5 km as a whole: paired by position after the
// shift, not tower i with tower i + 1 (which gave a 24.8 km "offset" and false 消失/新增).
TEST(CompareDatumShift, ARenumberedShiftedLayerIsPairedByPositionNotByFid) {
  FeatureTable a = test::make_table("broadband_towers", GeometryKind::point), b = test::make_table("broadband_towers", GeometryKind::point);
  auto& ka = test::col(a, "kind", FieldType::text);
  auto& kb = test::col(b, "kind", FieldType::text);
  for (int i = 0; i < 30; ++i) {
    const double x = 500100.0 + (i * 7919) % 30000, y = 3600100.0 + (i * 104729) % 30000;
    test::add_point(a, x, y);
    ka.push_text("tower");
    test::add_point(b, x - 470, y + 262);
    kb.push_text("tower");
    b.fid.back() = i;  // a re-export numbers from 0
  }
  const compare::LayerDiff d = compare::diff_layer(a, b, {});
  EXPECT_EQ(d.shifted, 30u);
  EXPECT_TRUE(d.removed.empty());
  EXPECT_TRUE(d.added.empty());
  EXPECT_NEAR(d.shift_m, std::hypot(470.0, 262.0), 1.0);
  for (size_t r = 0; r < a.size(); ++r) EXPECT_EQ(d.a_to_b[r], static_cast<int>(r));
}

// tour 13 M12: the later year declares its roads GCJ-02 and its check says they are not (a stale line after the
// correction): the note relays the check's diagnosis and its fix (delete the line), never "加上 crs = GCJ-02".
TEST(CompareDatumShift, AWrongDeclarationIsRelayedAsTheChecksOwnFix) {
  const auto none = [](int) { return Vec2{0, 0}; };
  compare::YearData a = year_of("2025", none), b = year_of("2026", none);
  for (auto* y : {&a, &b}) {
    FeatureTable f = test::make_table("facilities", GeometryKind::point);
    const Vec2 d = y == &b ? Vec2{-470, 262} : Vec2{0, 0};
    for (int i = 0; i < 20; ++i) test::add_point(f, 500100.0 + i * 500 + d.x, 3600100.0 + (i % 4) * 900 + d.y);
    if (y == &b) f.source_crs = CrsRef::parse("GCJ-02");
    y->ws.layers.push_back(std::move(f));
  }
  Issue w;
  w.severity = Severity::warning;
  w.code = "likely_gcj02";
  w.layer = "facilities";
  w.hint = "删去 [layers.facilities] 的 crs = \"GCJ-02\"";
  b.result.notes.add(w);
  compare::LayerDiff d;
  d.layer = "facilities";
  d.a_to_b.assign(20, -1);
  const compare::GeometryInputs g = compare::geometry_inputs(a, b, {d});
  ASSERT_EQ(g.shifted.size(), 1u);
  EXPECT_EQ(g.shifted[0].declared, "GCJ-02");
  ASSERT_EQ(g.notes.size(), 1u);
  EXPECT_NE(g.notes[0].find("2026 年的公共服务设施图层在项目文件中声明为 GCJ-02，但该年检查提示坐标并非 GCJ-02"), std::string::npos) << g.notes[0];
  EXPECT_NE(g.notes[0].find("删去 [layers.facilities] 的 crs = \"GCJ-02\""), std::string::npos) << g.notes[0];
  EXPECT_EQ(g.notes[0].find("加上"), std::string::npos) << g.notes[0];
}

}  // namespace jiuyou::app
