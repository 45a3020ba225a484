// Villages coloured by their transition between two years (a compare result):
// the classes and their legend, the pixels of a rendered map, and opening a
// compare.gpkg for one pair of years (good and bad cases).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "render/compare_fixture.hpp"
#include "render/demo_workspace.hpp"
#include "src/render/compare_document.hpp"
#include "src/render/image.hpp"
#include "src/render/render_map.hpp"
#include "src/render/transition_style.hpp"
#include "support/test_paths.hpp"

namespace jiuyou::render {
namespace {

using demo::transition_villages;
using demo::write_compare_gpkg;

namespace fs = std::filesystem;

std::string cell(const FeatureTable& t, const char* col, size_t row) {
  const Column* c = t.column(col);
  return c != nullptr && row < t.size() && !c->is_null(row) ? c->as_text(row) : std::string("<none>");
}

Workspace transition_workspace() {
  Workspace ws = demo::demo_workspace();
  *ws.layer("villages") = transition_villages();
  return ws;
}

TEST(TransitionStyle, ClassesAreDistinctAndNamedInChinese) {
  const auto regressed = transition_class("regressed", "code");
  const auto improved = transition_class("improved", "crosswalk");
  EXPECT_EQ(regressed.label, "返贫风险: 出列→不能出列");
  EXPECT_EQ(improved.label, "改善: 新可出列");
  EXPECT_NE(regressed.color, improved.color);
  // A gap that grew or shrank is still failing on the map.
  EXPECT_EQ(transition_class("still_fail_worse", "code").label, "仍未达标");
  EXPECT_EQ(transition_class("still_fail_better", "code").color, transition_class("still_fail", "code").color);
  // New and vanished villages by their match, whatever the overall says.
  EXPECT_EQ(transition_class("unknown", "appeared").label, "新增村");
  EXPECT_EQ(transition_class("unknown", "disappeared").label, "撤并/消失的村");
  // Anything else (an empty cell, a value of a newer version) is shown as not comparable, never as a pass.
  EXPECT_EQ(transition_class("", "code").label, "无法比较 (数据不全)");
  EXPECT_EQ(transition_class("what", "code").label, "无法比较 (数据不全)");
  EXPECT_EQ(pair_title("2024_2025"), "2024→2025");
}

TEST(TransitionStyle, LegendListsTheAlertFirstWithCounts) {
  StyleOptions o;
  o.color_by = ColorBy::parse("transition");
  ASSERT_EQ(o.color_by.kind, ColorBy::Kind::transition);
  auto s = style_layer(transition_villages(), o);
  ASSERT_TRUE(s) << s.error().to_string();
  ASSERT_FALSE(s->legend.entries.empty());
  EXPECT_EQ(s->legend.entries.front().label, "返贫风险: 出列→不能出列");
  EXPECT_EQ(s->legend.entries.front().count, 1u);
  EXPECT_EQ(s->legend.entries.size(), 5u);
  EXPECT_NE(s->look.title.find("年度变化"), std::string::npos);
  // One item's transition: the column named by the colour-by.
  o.color_by.item = "road_hardened_t";
  auto item = style_layer(transition_villages(), o);
  ASSERT_TRUE(item);
  EXPECT_EQ(item->colors[4], transition_class("still_fail", "disappeared").color);
  // Villages without transitions (a project, not a compare result) are plain, never guessed.
  StyleOptions on_project;
  on_project.color_by = ColorBy::parse("transition");
  auto plain = style_layer(demo::demo_villages(), on_project);
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->colors[0], k_village_plain);
  for (const auto& label : transition_labels())
    EXPECT_NE(std::find(style_strings().begin(), style_strings().end(), label), style_strings().end()) << label;
}

// Replaces one text cell (the model's text columns are append-only).
void set_cell(FeatureTable& t, const char* col, size_t row, const char* value) {
  Column* c = t.column(col);
  ASSERT_NE(c, nullptr) << col;
  Column out(col, FieldType::text);
  for (size_t i = 0; i < t.size(); ++i) {
    if (i == row) out.push_text(value);
    else if (c->is_null(i)) out.push_null();
    else out.push_text(c->as_text(i));
  }
  *c = std::move(out);
}

// A village that still cannot exit but lost an item is an alert too; a gain shows when nothing was lost.
TEST(TransitionStyle, AnItemThatFellMarksTheVillageEvenWhenItStillFails) {
  FeatureTable t = transition_villages();
  set_cell(t, "overall", 0, "still_fail");
  Column water("water_safe", FieldType::text), cause("water_safe_cause", FieldType::text);
  const char* values[] = {"regressed", "improved", "still_pass", "still_pass", "still_pass"};
  for (size_t i = 0; i < t.size(); ++i) {
    water.push_text(values[i]);
    cause.push_text("水厂水质不合格");
  }
  t.columns.push_back(std::move(water));
  t.columns.push_back(std::move(cause));
  EXPECT_EQ(village_transition(t, 0).label, "返贫风险: 有指标新不达标");
  EXPECT_EQ(village_transition(t, 1).label, "改善: 新可出列");  // the exit gained says more than the item
  EXPECT_EQ(village_transition(t, 2).label, "返贫风险: 出列→不能出列");
  EXPECT_EQ(village_transition(t, 3).label, "新增村");
  set_cell(t, "overall", 1, "still_fail");
  EXPECT_EQ(village_transition(t, 1).label, "改善: 有指标新达标");
  set_cell(t, "road_hardened", 1, "regressed");  // one item fell, one rose: the alert wins
  EXPECT_EQ(village_transition(t, 1).label, "返贫风险: 有指标新不达标");
  set_cell(t, "water_safe", 0, "still_fail");
  EXPECT_EQ(village_transition(t, 0).label, "仍未达标");
}

TEST(TransitionMap, EachVillageIsDrawnInItsTransitionColour) {
  const Workspace ws = transition_workspace();
  RenderOptions o;
  o.width = 1000;
  o.height = 700;
  o.color_by = ColorBy::parse("transition");
  o.color_by.item_title = "2024→2025";
  auto r = render_map(ws, o);
  ASSERT_TRUE(r) << r.error().to_string();
  ASSERT_TRUE(write_png(r->image, (test::scratch_dir() / "transition.png").string()));
  auto at = [&](const demo::DemoVillage& v) {
    const Vec2 p = r->camera.world_to_screen({demo::k_x0 + v.x, demo::k_y0 + v.y});
    return r->image.at(static_cast<int>(std::floor(p.x)), static_cast<int>(std::floor(p.y)));
  };
  EXPECT_EQ(at(demo::k_villages[0]), transition_class("still_pass", "code").color);
  EXPECT_EQ(at(demo::k_villages[1]), transition_class("improved", "code").color);
  EXPECT_EQ(at(demo::k_villages[2]), transition_class("regressed", "code").color);
  EXPECT_EQ(at(demo::k_villages[3]), transition_class("unknown", "appeared").color);
}

TEST(CompareDocument, OpensThePairAskedForAsTheVillages) {
  const fs::path gpkg = write_compare_gpkg(test::scratch_dir());
  EXPECT_TRUE(is_compare_output(gpkg.string()));
  auto last = open_compare_document(gpkg.string(), "");
  ASSERT_TRUE(last) << last.error().to_string();
  EXPECT_EQ(last->pairs, (std::vector<std::string>{"2024_2025", "2025_2026"}));
  EXPECT_EQ(last->shown, 1u);
  const FeatureTable* v = last->doc.ws.layer("villages");
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(cell(*v, "overall", 0), "regressed");
  EXPECT_NE(last->doc.ws.name.find("2025→2026"), std::string::npos) << last->doc.ws.name;
  // The recorded project is gone: said once, the villages still open.
  ASSERT_EQ(last->doc.notes.size(), 1u);
  EXPECT_NE(last->doc.notes[0].find("2026"), std::string::npos) << last->doc.notes[0];
  for (const char* name : {"2024-2025", "2024_2025", "2025"}) {
    auto first = open_compare_document(gpkg.string(), name);
    ASSERT_TRUE(first) << name;
    EXPECT_EQ(first->shown, 0u) << name;
    EXPECT_EQ(cell(*first->doc.ws.layer("villages"), "overall", 2), "regressed");
    EXPECT_EQ(cell(*first->doc.ws.layer("villages"), "overall", 1), "improved");
  }
}

// The projects (and their rule sets) are gone: an item's legend title is the
// Chinese name compare recorded, else the neutral 指标 — never its id.
TEST(CompareDocument, AnItemIsTitledInChineseWithoutItsRuleSet) {
  const fs::path dir = test::scratch_dir();
  fs::create_directories(dir / "named");
  fs::create_directories(dir / "bare");
  auto named = open_compare_document(write_compare_gpkg(dir / "named", true).string(), "");
  ASSERT_TRUE(named) << named.error().to_string();
  EXPECT_TRUE(named->doc.rule_set.empty());
  EXPECT_EQ(item_title(*named, "road_hardened"), "有硬化的通村公路");
  EXPECT_EQ(item_title(*named, "water_safe"), "指标");
  auto bare = open_compare_document(write_compare_gpkg(dir / "bare").string(), "");
  ASSERT_TRUE(bare) << bare.error().to_string();
  EXPECT_EQ(item_title(*bare, "road_hardened"), "指标");
}

TEST(CompareDocument, UnknownPairAndOtherFilesAreClearErrors) {
  const fs::path dir = test::scratch_dir();
  const fs::path gpkg = write_compare_gpkg(dir);
  auto bad = open_compare_document(gpkg.string(), "2019-2020");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::input);
  EXPECT_NE(bad.error().to_string().find("2024_2025, 2025_2026"), std::string::npos) << bad.error().to_string();
  // A plain GeoPackage (no compare metadata) is not taken for a compare result.
  FeatureTable villages = demo::demo_villages();
  const FeatureTable* tables[] = {&villages};
  const fs::path plain = dir / "plain.gpkg";
  ASSERT_TRUE(io::write_layers(plain.string(), tables));
  EXPECT_FALSE(is_compare_output(plain.string()));
  auto not_compare = open_compare_document(plain.string(), "");
  ASSERT_FALSE(not_compare);
  EXPECT_EQ(not_compare.error().code, ErrorCode::input);
  EXPECT_FALSE(is_compare_output((dir / "missing.gpkg").string()));
}

}  // namespace
}  // namespace jiuyou::render
