// Kind classes as data (data/styles/kinds.toml): every kind of hazard zone,
// protected area and facility is drawn in its own colour with its own legend
// entry (滑坡, 崩塌 and 泥石流 were one red, tour 15 P13); no two area fills
// of the map's layers come out alike over the map's background; a bad table is
// an error naming the entry and the field.
#include <gtest/gtest.h>

#include <cmath>

#include "src/render/kind_style.hpp"
#include "src/render/style.hpp"

namespace jiuyou::render {
namespace {

const KindStyles& shipped() {
  const Result<KindStyles>& s = kind_styles();
  EXPECT_TRUE(s.has_value()) << s.error().to_string();
  return *s;
}

// A polygon layer of one small square per value of `field`.
FeatureTable squares(const char* name, const char* field, std::initializer_list<const char*> values) {
  FeatureTable t;
  t.name = name;
  t.crs = CrsRef::epsg(4545);
  t.geometry.kind = GeometryKind::polygon;
  Column c(field, FieldType::text);
  double x = 0;
  for (const char* v : values) {
    for (const auto& [dx, dy] : {std::pair{0.0, 0.0}, {100.0, 0.0}, {100.0, 100.0}, {0.0, 100.0}, {0.0, 0.0}}) t.geometry.add_vertex(x + dx, dy);
    t.geometry.close_ring();
    t.geometry.close_part();
    t.geometry.close_feature();
    t.fid.push_back(static_cast<int64_t>(t.fid.size()) + 1);
    c.push_text(v);
    x += 200;
  }
  t.columns = {c};
  return t;
}

// What a reader sees of a fill: its colour over the map's background at its opacity (a hatched fill: its stripes, at
// the opacity fill.frag.glsl gives them), and whether it is hatched.
struct Seen {
  std::string what;
  bool hatch = false;
  double r = 0, g = 0, b = 0;
};

Seen seen(const std::string& what, Rgba c, bool hatch) {
  const double a = std::min(1.0, c.a / 255.0 * (hatch ? 2.5 : 1.0));
  const Rgba bg = k_background;
  return {what, hatch, c.r * a + bg.r * (1 - a), c.g * a + bg.g * (1 - a), c.b * a + bg.b * (1 - a)};
}

double apart(const Seen& a, const Seen& b) { return std::sqrt((a.r - b.r) * (a.r - b.r) + (a.g - b.g) * (a.g - b.g) + (a.b - b.b) * (a.b - b.b)); }

// Two fills a reader tells apart: another pattern, or colours at least this far apart (0-255 RGB, as seen).
constexpr double k_min_apart = 40;

TEST(KindStyle, EveryHazardKindHasItsOwnColourAndLegendEntry) {
  const FeatureTable hazards = squares("hazards", "kind", {"landslide", "collapse", "debris_flow", "flood", "sinkhole"});
  const auto s = style_layer(hazards, {});
  ASSERT_TRUE(s) << s.error().to_string();
  ASSERT_EQ(s->legend.entries.size(), 5u) << "one entry per kind drawn";
  const char* labels[] = {"滑坡", "崩塌", "泥石流", "洪涝", "灾害隐患"};  // the table's order, the unknown kind last
  for (size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(s->legend.entries[i].label, labels[i]);
    EXPECT_EQ(s->legend.entries[i].count, 1u);
  }
  for (size_t i = 0; i < 5; ++i)
    for (size_t j = i + 1; j < 5; ++j) EXPECT_NE(s->colors[i], s->colors[j]) << labels[i] << " and " << labels[j] << " are drawn alike";
  for (size_t f = 0; f < 5; ++f) EXPECT_EQ(s->legend.entries[f].color, s->colors[f]) << "the swatch is the fill";
}

TEST(KindStyle, NoTwoClassesOfALayerLookAlike) {
  for (const auto& [layer, style] : shipped()) {
    std::vector<KindClass> all = style.classes;
    all.push_back(style.unknown);
    const bool hatch = layer != "facilities";  // areas are hatched (style.cpp), facilities are points
    for (size_t i = 0; i < all.size(); ++i)
      for (size_t j = i + 1; j < all.size(); ++j) {
        EXPECT_NE(all[i].label, all[j].label) << layer;
        EXPECT_GE(apart(seen(all[i].label, all[i].color, hatch), seen(all[j].label, all[j].color, hatch)), k_min_apart)
            << layer << ": " << all[i].label << " and " << all[j].label << " look alike";
      }
  }
}

// Every area fill of a county's layers (as `jiuyou synth` writes them and the compare map draws them with the villages)
// against every other: two categories drawn alike would be one swatch's worth of meaning. The villages' classes are
// the solid fills; every other area is hatched, so a pale service area or red line never reads as a village's class.
TEST(KindStyle, AreaFillsOfDifferentLayersLookApart) {
  FeatureTable water = squares("water_areas", "kind", {"service_area"});
  Column safe("safe", FieldType::integer);
  safe.push_int(1);
  water.columns.push_back(safe);
  FeatureTable unsafe = squares("water_areas", "kind", {"service_area"});
  Column not_safe("safe", FieldType::integer);
  not_safe.push_int(0);
  unsafe.columns.push_back(not_safe);
  const FeatureTable layers[] = {squares("hazards", "kind", {"landslide", "collapse", "debris_flow", "flood", "other"}),
                                 squares("protected", "kind", {"basic_farmland", "ecological_redline", "reserve", "other"}),
                                 squares("broadband", "kind", {"coverage"}), water, unsafe, squares("landuse", "kind", {"forest"}),
                                 squares("villages", "name", {"甲村"})};
  std::vector<Seen> fills;
  for (const FeatureTable& t : layers) {
    const auto s = style_layer(t, {});
    ASSERT_TRUE(s) << s.error().to_string();
    EXPECT_EQ(s->look.hatch, t.name != "villages") << t.name;
    for (size_t f = 0; f < s->colors.size(); ++f) fills.push_back(seen(t.name + " " + s->legend.entries[std::min(f, s->legend.entries.size() - 1)].label, s->colors[f], s->look.hatch));
  }
  for (size_t i = 0; i < fills.size(); ++i)
    for (size_t j = i + 1; j < fills.size(); ++j)
      if (fills[i].hatch == fills[j].hatch) {
        EXPECT_GE(apart(fills[i], fills[j]), k_min_apart) << fills[i].what << " and " << fills[j].what << " look alike";
      }
}

TEST(KindStyle, AKindNotListedGetsTheUnknownClassNeverAnother) {
  const KindStyles& s = shipped();
  ASSERT_TRUE(s.count("hazards") && s.count("protected") && s.count("facilities"));
  const KindStyle& h = s.at("hazards");
  EXPECT_EQ(kind_class(h, "landslide").label, "滑坡");
  EXPECT_EQ(kind_class(h, "sinkhole").label, h.unknown.label);
  EXPECT_EQ(kind_class(h, "").label, h.unknown.label);
  EXPECT_EQ(kind_legend_order(h).back(), h.unknown.label);
  const auto strings = style_strings();
  for (const auto& label : kind_style_strings(s)) EXPECT_NE(std::find(strings.begin(), strings.end(), label), strings.end()) << label << " has no glyphs";
}

TEST(KindStyle, BadTablesNameTheEntryAndField) {
  const auto fails = [](const char* text, const char* says) {
    const auto r = parse_kind_styles(text, "kinds.toml");
    ASSERT_FALSE(r) << text;
    EXPECT_NE(r.error().to_string().find(says), std::string::npos) << r.error().to_string();
    EXPECT_NE(r.error().to_string().find("kinds.toml"), std::string::npos) << r.error().to_string();
  };
  const std::string unknown = "\n[hazards.unknown]\nlabel = \"灾害隐患\"\ncolor = \"#505050\"\nalpha = 200\n";
  fails("[[hazards.class]]\nkind = \"landslide\"\nlabel = \"滑坡\"\nalpha = 200\n", "hazards.class #1: color");
  fails(("[[hazards.class]]\nkind = \"landslide\"\nlabel = \"滑坡\"\ncolor = \"#d2322a\"\nalpha = 300\n" + unknown).c_str(), "alpha");
  fails(("[[hazards.class]]\nlabel = \"滑坡\"\ncolor = \"#d2322a\"\nalpha = 200\n" + unknown).c_str(), "has no kind");
  fails(("[[hazards.class]]\nkind = \"a\"\nlabel = \"滑坡\"\ncolor = \"#d2322a\"\nalpha = 200\n[[hazards.class]]\nkind = \"b\"\nlabel = \"滑坡\"\ncolor = \"#e8a010\"\nalpha = 200\n" + unknown).c_str(), "shares a label");
  fails("[[hazards.class]]\nkind = \"landslide\"\nlabel = \"滑坡\"\ncolor = \"#d2322a\"\nalpha = 200\n", "hazards.unknown");
  fails("[hazards]\nx = 1\n", "no [[hazards.class]]");
  fails("hazards = 3\n", "not a layer's table");
  fails("[[hazards.class\n", "kinds.toml");
}

}  // namespace
}  // namespace jiuyou::render
