// Power classes as data (data/styles/power.toml): a line is named and drawn
// from its own voltage (500 kV → 输电线路 500 kV, 10 kV → 10千伏配电线路), a
// line without a voltage or with one no class holds gets the 未知电压 style,
// never a default class; a bad style table is an error naming the entry.
#include <gtest/gtest.h>

#include <cmath>

#include "src/render/power_style.hpp"
#include "src/render/render_map.hpp"
#include "src/render/style.hpp"
#include "support/test_paths.hpp"

namespace jiuyou::render {
namespace {

constexpr double k_x0 = 500000, k_y0 = 3300000;

const PowerStyles& shipped() {
  const Result<PowerStyles>& s = power_styles();
  EXPECT_TRUE(s.has_value()) << s.error().to_string();
  return *s;
}

// Three east-west lines 20 km apart: 500 kV, 10 kV and one without a voltage.
FeatureTable power_lines() {
  FeatureTable t;
  t.name = "power";
  t.crs = CrsRef::epsg(4527);
  t.geometry.kind = GeometryKind::line;
  Column kv("voltage_kv", FieldType::real);
  const std::optional<double> volts[] = {500.0, 10.0, std::nullopt};
  for (int i = 0; i < 3; ++i) {
    t.geometry.add_vertex(k_x0, k_y0 + 20000.0 * i);
    t.geometry.add_vertex(k_x0 + 60000, k_y0 + 20000.0 * i);
    t.geometry.close_ring();
    t.geometry.close_part();
    t.geometry.close_feature();
    t.fid.push_back(i);
    if (volts[i]) kv.push_real(*volts[i]);
    else kv.push_null();
  }
  t.columns = {kv};
  return t;
}

bool near(Rgba a, Rgba b, int tol = 8) {
  return std::abs(a.r - b.r) <= tol && std::abs(a.g - b.g) <= tol && std::abs(a.b - b.b) <= tol;
}

TEST(PowerStyle, LineClassIsNamedFromItsVoltage) {
  const PowerStyles& s = shipped();
  EXPECT_EQ(line_class(s, 500).label, "输电线路 500 kV");
  EXPECT_EQ(line_class(s, 220).label, "输电线路 220 kV");
  EXPECT_EQ(line_class(s, 1000).label, "特高压输电线路 1000 kV");
  EXPECT_EQ(line_class(s, 35).label, "高压配电线路 35 kV");
  EXPECT_EQ(line_class(s, 10).label, "10千伏配电线路");
  EXPECT_EQ(line_class(s, 10.5).label, "10.5千伏配电线路");
  EXPECT_EQ(line_class(s, 0.4).label, "低压线路 0.4 kV");
  EXPECT_NE(line_class(s, 500).color, line_class(s, 10).color);
  EXPECT_GT(line_class(s, 500).width_px, line_class(s, 10).width_px);
}

TEST(PowerStyle, NoVoltageOrOneNoClassHoldsIsUnknownNotADefaultClass) {
  const PowerStyles& s = shipped();
  for (const std::optional<double> kv : {std::optional<double>{}, std::optional{0.0}, std::optional{-10.0}, std::optional{500000.0},
                                         std::optional{std::nan("")}}) {
    const PowerClass c = line_class(s, kv);
    EXPECT_EQ(c.label, "未知电压") << (kv ? std::to_string(*kv) : "null");
    EXPECT_EQ(c.color, s.unknown_line.color);
  }
  for (const VoltageClass& c : s.lines) EXPECT_NE(c.style.color, s.unknown_line.color) << c.style.label;
  EXPECT_EQ(point_class(s, "substation").label, "变电站");
  EXPECT_EQ(point_class(s, "transformer").label, "变压器");
  EXPECT_EQ(point_class(s, "pole").label, "类型未知的电力设施");
  EXPECT_EQ(point_class(s, "").label, "类型未知的电力设施");
}

TEST(PowerStyle, LegendListsWhatTheDataSaysHighestVoltageFirst) {
  const FeatureTable t = power_lines();
  auto st = style_layer(t, StyleOptions{});
  ASSERT_TRUE(st.has_value()) << st.error().to_string();
  ASSERT_EQ(st->legend.entries.size(), 3u);
  EXPECT_EQ(st->legend.entries[0].label, "输电线路 500 kV");
  EXPECT_EQ(st->legend.entries[1].label, "10千伏配电线路");
  EXPECT_EQ(st->legend.entries[2].label, "未知电压");
  for (const LegendEntry& e : st->legend.entries) EXPECT_EQ(e.count, 1u) << e.label;
  EXPECT_EQ(st->colors[0], line_class(shipped(), 500).color);
  EXPECT_EQ(st->colors[2], shipped().unknown_line.color);
}

TEST(PowerStyle, RenderedMapShowsTheTransmissionLineAndItsLegendSwatch) {
  Workspace ws;
  ws.name = "电网 (测试)";
  ws.metric_crs = CrsRef::epsg(4527);
  ws.layers = {power_lines()};
  RenderOptions o;
  o.width = 900;
  o.height = 600;
  o.labels = false;
  o.hillshade = false;
  auto r = render_map(ws, o);
  ASSERT_TRUE(r.has_value()) << r.error().to_string();
  EXPECT_TRUE(write_png(r->image, (test::scratch_dir() / "power_legend.png").string()).has_value());
  const Rgba hv = line_class(shipped(), 500).color, unknown = shipped().unknown_line.color;
  const auto at = [&](double x, double y) {
    const Vec2 p = r->camera.world_to_screen({k_x0 + x, k_y0 + y});
    return r->image.at(static_cast<int>(std::floor(p.x)), static_cast<int>(std::floor(p.y)));
  };
  EXPECT_TRUE(near(at(30000, 0), hv));
  EXPECT_TRUE(near(at(30000, 40000), unknown));
  // The legend (top right) holds a swatch in the 500 kV class colour.
  ASSERT_GT(r->legend_width_px, 0.0f);
  int swatch = 0;
  for (int y = 0; y < o.height / 2; ++y)
    for (int x = o.width - static_cast<int>(r->legend_width_px); x < o.width; ++x) swatch += near(r->image.at(x, y), hv) ? 1 : 0;
  EXPECT_GT(swatch, 10) << "no 输电线路 500 kV swatch in the legend";
}

TEST(PowerStyle, BadTablesAreErrorsNamingTheEntry) {
  const std::string good_rest =
      "[lines.unknown]\nlabel = \"未知电压\"\ncolor = \"#8c8c8c\"\nwidth_px = 1\n"
      "[points.unknown]\nlabel = \"?\"\ncolor = \"#8c8c8c\"\nwidth_px = 3\n";
  const std::string good_class = "[[lines.class]]\nmin_kv = 1\nmax_kv = 35\nlabel = \"{kv}千伏\"\ncolor = \"#d75aaf\"\nwidth_px = 2\n";
  ASSERT_TRUE(parse_power_styles(good_class + good_rest, "t.toml").has_value());
  struct Case {
    std::string text, expect;
  } cases[] = {
      {good_rest, "no [[lines.class]]"},
      {"[[lines.class]]\nmin_kv = 1\nmax_kv = 35\ncolor = \"#d75aaf\"\nwidth_px = 2\n" + good_rest, "lines.class #1: has no label"},
      {"[[lines.class]]\nmin_kv = 1\nmax_kv = 35\nlabel = \"x\"\ncolor = \"purple\"\nwidth_px = 2\n" + good_rest, "color"},
      {"[[lines.class]]\nmin_kv = 35\nmax_kv = 10\nlabel = \"x\"\ncolor = \"#d75aaf\"\nwidth_px = 2\n" + good_rest, "min_kv"},
      {good_class + "[lines.unknown]\ncolor = \"#8c8c8c\"\nwidth_px = 1\n[points.unknown]\nlabel = \"?\"\ncolor = \"#8c8c8c\"\nwidth_px = 3\n",
       "lines.unknown: has no label"},
      {good_class + good_rest + "[points.kinds.tower]\nlabel = \"塔\"\ncolor = \"#000000\"\nwidth_px = 0\n", "points.kinds.tower: width_px"},
      {"[[lines.class]\n", "TOML syntax error"},
  };
  for (const Case& c : cases) {
    const auto r = parse_power_styles(c.text, "styles.toml");
    ASSERT_FALSE(r.has_value()) << c.expect;
    EXPECT_NE(r.error().message.find(c.expect), std::string::npos) << r.error().message;
    EXPECT_EQ(r.error().file, "styles.toml");
    EXPECT_FALSE(r.error().hint.empty()) << c.expect;
  }
}

}  // namespace
}  // namespace jiuyou::render
