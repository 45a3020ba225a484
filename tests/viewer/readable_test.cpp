// Readable and consistent (#14 item 5): every string the viewer can show has
// its glyph in the font atlas (the test scans the viewer's and the
// renderer's sources for string literals, so a new label cannot slip in
// unbaked), items by their Chinese names with 九有/四网 membership counted
// from the rows, the filter hides labels and updates legend counts, and
// panels stay inside the window after a resize.
#include <gtest/gtest.h>
#include <imgui.h>
#include <imgui_internal.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "render/demo_workspace.hpp"
#include "src/viewer/panels/panels.hpp"
#include "src/viewer/ui_text.hpp"
#include "support/test_paths.hpp"
#include "viewer/viewer_harness.hpp"

namespace jiuyou::viewer {
namespace {

namespace fs = std::filesystem;

std::vector<render::ItemInfo> demo_items() { return {{"road_hardened", "有硬化的通村公路", true, true}}; }

std::unique_ptr<ViewerApp> open_demo_with_items() {
  ViewerOptions o = test_options();
  o.items = demo_items();
  return open_workspace(demo::demo_workspace(), o);
}

// The string literals of a C++ source, comments skipped (escapes kept as written).
std::vector<std::string> literals_of(const fs::path& file) {
  std::ifstream in(file);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string src = ss.str();
  std::vector<std::string> out;
  for (size_t i = 0; i < src.size(); ++i) {
    if (src.compare(i, 2, "//") == 0) {
      i = src.find('\n', i);
      if (i == std::string::npos) break;
    } else if (src[i] == '\'' && i + 2 < src.size()) {
      i += src[i + 1] == '\\' ? 3 : 2;  // a char literal such as '"'
    } else if (src[i] == '"') {
      std::string lit;
      for (++i; i < src.size() && src[i] != '"'; ++i) {
        if (src[i] == '\\' && i + 1 < src.size()) lit += src[i++];
        lit += src[i];
      }
      out.push_back(std::move(lit));
    }
  }
  return out;
}

// Code points of a UTF-8 string (invalid bytes as U+FFFD).
std::vector<unsigned> code_points(std::string_view s) {
  std::vector<unsigned> out;
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const int n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + static_cast<size_t>(n) > s.size()) {
      out.push_back(0xFFFD);
      ++i;
      continue;
    }
    unsigned cp = n == 1 ? c : c & (0xFFu >> (n + 1));
    for (int k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + static_cast<size_t>(k)]) & 0x3Fu);
    out.push_back(cp);
    i += static_cast<size_t>(n);
  }
  return out;
}

// Characters of `texts` the UI font has no glyph for (ImGui would draw '?').
std::set<unsigned> missing_glyphs(const std::vector<std::string>& texts) {
  const ImFont* font = ImGui::GetIO().Fonts->Fonts[0];
  std::set<unsigned> missing;
  for (const std::string& t : texts)
    for (unsigned cp : code_points(t))
      if (cp >= 0x20 && cp <= 0xFFFF && !font->FindGlyphNoFallback(static_cast<ImWchar>(cp))) missing.insert(cp);
  return missing;
}

std::string as_utf8(const std::set<unsigned>& cps) {
  std::string s;
  for (unsigned cp : cps) {
    if (cp < 0x80) s += "U+" + std::to_string(cp);
    else if (cp < 0x800) s += static_cast<char>(0xC0 | (cp >> 6)), s += static_cast<char>(0x80 | (cp & 0x3F));
    else s += static_cast<char>(0xE0 | (cp >> 12)), s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F)), s += static_cast<char>(0x80 | (cp & 0x3F));
    s += ' ';
  }
  return s;
}

TEST(Readable, EveryStringTheUiCanShowHasItsGlyph) {
  REQUIRE_DISPLAY();
  auto app = open_demo_with_items();
  ASSERT_TRUE(app);
  AppState& s = app->state();
  mouse_at(-FLT_MAX, -FLT_MAX, false);
  app->frame();  // the first frame builds the font atlas
  // The sources' literals: panels, menus, tooltips, and every label the styles and the map's chrome can produce.
  std::vector<std::string> texts;
  const fs::path src = test::source_dir() / "src";
  for (const auto& e : fs::recursive_directory_iterator(src / "viewer"))
    if (e.path().extension() == ".cpp") {
      const auto l = literals_of(e.path());
      texts.insert(texts.end(), l.begin(), l.end());
    }
  for (const char* f : {"render/style.cpp", "render/map_renderer.cpp", "render/render_map.cpp", "render/document.cpp"}) {
    const auto l = literals_of(src / f);
    texts.insert(texts.end(), l.begin(), l.end());
  }
  ASSERT_GT(texts.size(), 150u) << "the sources were found and scanned";
  // What this document shows: legends, layer titles, item names, the data.
  for (const auto& [name, legend] : s.legends) {
    texts.push_back(legend.title);
    for (const auto& e : legend.entries) texts.push_back(e.label);
  }
  for (const LayerUi& l : s.layers) texts.push_back(l.title);
  for (const std::string& i : s.items) texts.push_back(item_name(s, i));
  const std::set<unsigned> missing = missing_glyphs(texts);
  EXPECT_EQ(missing.size(), 0u) << "no glyph for: " << as_utf8(missing);
  // The examples.
  EXPECT_TRUE(missing_glyphs({"地形晕渲", "崩塌", "光缆", "砂石路", "村 → 安置点"}).empty());
  // Every panel open, for a person to look at.
  s.show_summary = s.show_inspector = true;
  select_village(s, 2, false);
  mouse_at(-FLT_MAX, -FLT_MAX, false);
  app->frame();
  EXPECT_TRUE(render::write_png(frame_and_capture(*app), (test::scratch_dir() / "viewer_all_panels.png").string()).has_value());
}

// The data's text values get their glyphs, rare characters too (font_strings hands the font each
// character of the data once instead of every cell: h-view).
TEST(Readable, TheDataTextsRareCharactersHaveTheirGlyphs) {
  REQUIRE_DISPLAY();
  Workspace ws = demo::demo_workspace();
  FeatureTable* v = ws.layer("villages");
  ASSERT_TRUE(v);
  Column* name = v->column("name");
  ASSERT_TRUE(name);
  Column renamed(name->name(), FieldType::text);
  for (size_t i = 0; i < v->size(); ++i) renamed.push_text(i % 2 == 0 ? "鱻骉村" : "犇羴屯 A-2");  // not in the common 2500
  *name = renamed;
  ViewerOptions o = test_options();
  auto app = open_workspace(ws, o);
  ASSERT_TRUE(app);
  app->frame();  // the first frame builds the font atlas
  const std::set<unsigned> missing = missing_glyphs({"鱻骉村", "犇羴屯 A-2"});
  EXPECT_TRUE(missing.empty()) << "no glyph for: " << as_utf8(missing);
}

TEST(Readable, ItemsByChineseNameAndTheNineCountFromTheRows) {
  REQUIRE_DISPLAY();
  auto app = open_demo_with_items();
  ASSERT_TRUE(app);
  AppState& s = app->state();
  EXPECT_EQ(item_name(s, "road_hardened"), "有硬化的通村公路");
  EXPECT_EQ(item_name(s, "no_such_item"), "no_such_item");
  const FeatureTable& v = *s.villages();
  const ChecklistCounts pass = count_checklist(s, v, 0);  // 白马村: road passes
  EXPECT_EQ(pass.jiuyou_pass, 1u);
  EXPECT_EQ(pass.jiuyou_total, 1u);
  EXPECT_EQ(pass.net4_pass, 1u);
  const ChecklistCounts fail = count_checklist(s, v, 1);  // 青龙村: road fails
  EXPECT_EQ(fail.jiuyou_pass, 0u);
  EXPECT_EQ(fail.jiuyou_total, 1u);
  // Without a rule set nothing is claimed as 九有.
  s.item_info.clear();
  EXPECT_EQ(count_checklist(s, v, 0).jiuyou_total, 0u);
}

TEST(Readable, FilterHidesLabelsAndUpdatesLegendCounts) {
  REQUIRE_DISPLAY();
  auto app = open_demo();
  ASSERT_TRUE(app);
  AppState& s = app->state();
  hide_panels(s);
  mouse_at(-FLT_MAX, -FLT_MAX, false);
  app->frame();
  auto labels = [&] {
    std::set<std::string> out;
    for (const render::PlacedLabel& p : s.renderer->placed_labels()) out.insert(s.renderer->label_candidates()[p.candidate].text);
    return out;
  };
  auto legend_total = [&] {
    size_t n = 0;
    for (const auto& e : s.legends["villages"].entries) n += e.count;
    return n;
  };
  EXPECT_TRUE(labels().count("白马村"));
  EXPECT_EQ(legend_total(), 5u);
  s.filter = VillageFilter::failing;
  s.style_dirty = true;
  app->frame();
  const render::Image img = frame_and_capture(*app);
  EXPECT_TRUE(render::write_png(img, (test::scratch_dir() / "viewer_filter_failing.png").string()).has_value());
  EXPECT_FALSE(labels().count("白马村")) << "白马村 exits: its label goes with it";
  EXPECT_FALSE(labels().count("龙潭村"));
  EXPECT_TRUE(labels().count("青龙村"));
  EXPECT_EQ(legend_total(), 2u) << "青龙村 and 石门村 fail";
  for (const auto& e : s.legends["villages"].entries) EXPECT_NE(e.label, "可出列") << "no exiting village is shown";
}

TEST(Readable, PolygonSwatchesCarryTheFillOpacity) {
  FeatureTable v = demo::demo_villages();
  GeometryColumn g;
  g.kind = GeometryKind::polygon;
  for (size_t i = 0; i < v.size(); ++i) {
    for (const auto& [x, y] : {std::pair{0.0, 0.0}, {100.0, 0.0}, {100.0, 100.0}, {0.0, 0.0}}) g.add_vertex(x + 1000.0 * static_cast<double>(i), y);
    g.close_ring();
    g.close_part();
    g.close_feature();
  }
  v.geometry = std::move(g);
  const auto st = render::style_layer(v, {});
  ASSERT_TRUE(st.has_value());
  for (size_t i = 0; i < v.size(); ++i) EXPECT_EQ(st->colors[i].a, 150);
  for (const auto& e : st->legend.entries) EXPECT_EQ(e.color.a, 150) << e.label << ": the swatch shows the fill's own opacity";
}

TEST(Readable, PanelsStayInsideTheWindowAfterAResize) {
  REQUIRE_DISPLAY();
  auto app = open_demo();
  ASSERT_TRUE(app);
  AppState& s = app->state();
  s.show_summary = s.show_inspector = true;
  mouse_at(-FLT_MAX, -FLT_MAX, false);
  for (int i = 0; i < 3; ++i) app->frame();
  app->resize(640, 420);
  for (int i = 0; i < 3; ++i) app->frame();
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  ASSERT_LT(display.x, 700.0f) << "the window was resized";
  EXPECT_TRUE(render::write_png(frame_and_capture(*app), (test::scratch_dir() / "viewer_resized.png").string()).has_value());
  size_t checked = 0;
  for (ImGuiWindow* w : GImGui->Windows) {
    if (!w->Active || (w->Flags & ImGuiWindowFlags_ChildWindow) || (w->Flags & ImGuiWindowFlags_Tooltip) || (w->Flags & ImGuiWindowFlags_Popup)) continue;
    EXPECT_GE(w->Pos.x, 0.0f) << w->Name;
    EXPECT_GE(w->Pos.y, 0.0f) << w->Name;
    EXPECT_LE(w->Pos.x + w->Size.x, display.x + 0.5f) << w->Name;
    EXPECT_LE(w->Pos.y + w->Size.y, display.y + 0.5f) << w->Name;
    ++checked;
  }
  EXPECT_GE(checked, 5u);
}

}  // namespace
}  // namespace jiuyou::viewer
