// The planners' overlays drawn by the shared renderer (EGL): pairing links as
// arcs (curved, width by funds, existing solid vs suggested dashed), units by
// role, relocation flows in the flow colour, sites sized by households,
// exclusions hatched. PNGs are written to the scratch directory to look at.
#include <gtest/gtest.h>

#include <cmath>

#include "src/render/render_map.hpp"
#include "src/render/scene.hpp"
#include "src/render/style.hpp"
#include "support/test_paths.hpp"

namespace jiuyou::render {
namespace {

constexpr double k_x0 = 400000, k_y0 = 2800000;  // somewhere in Fujian, EPSG:4527-like metres

void add_line(FeatureTable& t, double x0, double y0, double x1, double y1) {
  t.geometry.add_vertex(k_x0 + x0, k_y0 + y0);
  t.geometry.add_vertex(k_x0 + x1, k_y0 + y1);
  t.geometry.close_ring();
  t.geometry.close_part();
  t.geometry.close_feature();
  t.fid.push_back(static_cast<int64_t>(t.fid.size()));
}

// Two links of the same length, far apart: the first existing with little money,
// the second suggested with much more; helper and helped seats as units.
Workspace pairing_workspace() {
  Workspace ws;
  ws.name = "山海协作 (测试)";
  ws.metric_crs = CrsRef::epsg(4527);
  FeatureTable links;
  links.name = "links";
  links.crs = ws.metric_crs;
  links.geometry.kind = GeometryKind::line;
  Column status("status", FieldType::text), funds("funds_cny_per_year", FieldType::real);
  add_line(links, 0, 0, 100000, 0);
  status.push_text("existing");
  funds.push_real(1e6);
  add_line(links, 0, 60000, 100000, 60000);
  status.push_text("suggested");
  funds.push_real(2e7);
  links.columns = {status, funds};
  FeatureTable units;
  units.name = "units";
  units.crs = ws.metric_crs;
  units.geometry.kind = GeometryKind::point;
  Column role("role", FieldType::text), name("name", FieldType::text);
  const double seats[4][2] = {{0, 0}, {100000, 0}, {0, 60000}, {100000, 60000}};
  for (int i = 0; i < 4; ++i) {
    units.geometry.add_point_feature(k_x0 + seats[i][0], k_y0 + seats[i][1]);
    units.fid.push_back(i);
    role.push_text(i % 2 == 0 ? "helper" : "helped");
    name.push_text(i % 2 == 0 ? "晋江市" : "长汀县");
  }
  units.columns = {role, name};
  ws.layers = {links, units};
  return ws;
}

Rgba at(const RenderResult& r, double x, double y) {
  const Vec2 s = r.camera.world_to_screen({k_x0 + x, k_y0 + y});
  return r.image.at(static_cast<int>(std::floor(s.x)), static_cast<int>(std::floor(s.y)));
}

bool near(Rgba a, Rgba b, int tol = 6) {
  return std::abs(a.r - b.r) <= tol && std::abs(a.g - b.g) <= tol && std::abs(a.b - b.b) <= tol;
}

std::string rgb(Rgba c) { return "(" + std::to_string(c.r) + "," + std::to_string(c.g) + "," + std::to_string(c.b) + ")"; }

Result<RenderResult> render(const Workspace& ws, const char* png, int w = 1000, int h = 800) {
  RenderOptions o;
  o.width = w;
  o.height = h;
  o.legend = false;
  o.labels = false;
  o.title = " ";
  auto r = render_map(ws, o);
  if (r) {
    EXPECT_TRUE(write_png(r->image, (test::scratch_dir() / png).string()).has_value());
  }
  return r;
}

// Pixels of colour c met walking from (x, y) along the unit vector (nx, ny), both ways, in pixels.
int run_width_px(const RenderResult& r, double x, double y, double nx, double ny, Rgba c) {
  const Vec2 s = r.camera.world_to_screen({k_x0 + x, k_y0 + y});
  int n = 0;
  for (int k = -40; k <= 40; ++k) {
    const int px = static_cast<int>(std::floor(s.x + nx * k)), py = static_cast<int>(std::floor(s.y + ny * k));
    if (px >= 0 && py >= 0 && px < r.image.width && py < r.image.height && near(r.image.at(px, py), c, 12)) ++n;
  }
  return n;
}

TEST(Arcs, TessellationBendsToTheLeftAndKeepsRowsAndEnds) {
  const Workspace ws = pairing_workspace();
  const FeatureTable arcs = arcs_of(*ws.layer("links"), 0.2, 16);
  ASSERT_EQ(arcs.size(), 2u);
  EXPECT_EQ(arcs.columns.size(), 2u);
  const auto& g = arcs.geometry;
  const uint32_t r0 = g.ring_begin(g.part_begin(0));
  ASSERT_EQ(g.vertex_end(r0) - g.vertex_begin(r0), 17u);
  const Vec2 first = g.vertex(g.vertex_begin(r0)), last = g.vertex(g.vertex_end(r0) - 1), mid = g.vertex(g.vertex_begin(r0) + 8);
  EXPECT_DOUBLE_EQ(first.x, k_x0);
  EXPECT_DOUBLE_EQ(last.x, k_x0 + 100000);
  // West to east: the left is north; the middle is 0.2 x 100 km from the chord.
  EXPECT_NEAR(mid.x, k_x0 + 50000, 1e-6);
  EXPECT_NEAR(mid.y, k_y0 + 20000, 1e-6);
}

TEST(Overlays, ArcMidpointIsOffTheChordAndWiderForMoreFunds) {
  const Workspace ws = pairing_workspace();
  auto r = render(ws, "pair_arcs.png");
  ASSERT_TRUE(r.has_value()) << r.error().to_string();
  const Rgba existing = link_color("existing"), suggested = link_color("suggested");
  EXPECT_NE(existing, suggested);
  // The existing link's arc passes 0.18 x 100 km north of its chord's middle; the chord's middle is empty.
  EXPECT_TRUE(near(at(*r, 50000, 18000), existing)) << rgb(at(*r, 50000, 18000));
  EXPECT_FALSE(near(at(*r, 50000, 0), existing, 40)) << "nothing on the straight chord: " << rgb(at(*r, 50000, 0));
  EXPECT_FALSE(near(at(*r, 50000, 0), suggested, 40));
  // Width across the arc's middle (vertical there): the suggested link carries 20x the funds.
  const int thin = run_width_px(*r, 50000, 18000, 0, 1, existing);
  // The suggested link is dashed: measure at its middle or at the first lit sample beside it.
  int wide = 0;
  for (double dx = -3000; dx <= 3000 && wide == 0; dx += 250) wide = run_width_px(*r, 50000 + dx, 60000 + 18000, 0, 1, suggested);
  EXPECT_GE(thin, 2);
  EXPECT_GT(wide, thin + 4) << "funds 2e7 vs 1e6: " << wide << " px vs " << thin << " px";
}

TEST(Overlays, ExistingLinksAreSolidAndSuggestedDashed) {
  const Workspace ws = pairing_workspace();
  auto r = render(ws, "pair_dashes.png");
  ASSERT_TRUE(r.has_value()) << r.error().to_string();
  // Walk both arcs through their middle thirds, sampling their centre lines.
  const FeatureTable arcs = arcs_of(*ws.layer("links"));
  auto lit_share = [&](size_t f, Rgba c) {
    const auto& g = arcs.geometry;
    const uint32_t ring = g.ring_begin(g.part_begin(f));
    int lit = 0, n = 0;
    for (uint32_t v = g.vertex_begin(ring) + 10; v + 1 < g.vertex_begin(ring) + 22; ++v)
      for (double t = 0; t < 1; t += 0.05) {
        const Vec2 a = g.vertex(v), b = g.vertex(v + 1);
        const Vec2 s = r->camera.world_to_screen({a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t});
        lit += near(r->image.at(static_cast<int>(s.x), static_cast<int>(s.y)), c, 12) ? 1 : 0;
        ++n;
      }
    return static_cast<double>(lit) / n;
  };
  EXPECT_GT(lit_share(0, link_color("existing")), 0.95) << "existing: solid";
  const double dashed = lit_share(1, link_color("suggested"));
  EXPECT_GT(dashed, 0.25) << "suggested: drawn";
  EXPECT_LT(dashed, 0.8) << "suggested: with gaps";
}

TEST(Overlays, UnitsAreColouredByRole) {
  const Workspace ws = pairing_workspace();
  auto r = render(ws, "pair_units.png");
  ASSERT_TRUE(r.has_value()) << r.error().to_string();
  // The northern pair (the southern helper sits under the scale bar).
  EXPECT_TRUE(near(at(*r, 0, 60000), k_helper_color)) << rgb(at(*r, 0, 60000));
  EXPECT_TRUE(near(at(*r, 100000, 60000), k_helped_color)) << rgb(at(*r, 100000, 60000));
  EXPECT_TRUE(near(at(*r, 100000, 0), k_helped_color)) << rgb(at(*r, 100000, 0));
}

TEST(Overlays, CountyPolygonsAreFilledByRole) {
  Workspace ws;
  ws.name = "counties";
  FeatureTable units;
  units.name = "units";
  units.geometry.kind = GeometryKind::polygon;
  Column role("role", FieldType::text);
  for (int i = 0; i < 2; ++i) {
    const double x = i * 30000;
    for (auto [dx, dy] : {std::pair{0.0, 0.0}, {20000.0, 0.0}, {20000.0, 20000.0}, {0.0, 20000.0}, {0.0, 0.0}})
      units.geometry.add_vertex(k_x0 + x + dx, k_y0 + dy);
    units.geometry.close_ring();
    units.geometry.close_part();
    units.geometry.close_feature();
    units.fid.push_back(i);
    role.push_text(i == 0 ? "helper" : "helped");
  }
  units.columns = {role};
  ws.layers = {units};
  auto r = render(ws, "pair_counties.png", 600, 300);
  ASSERT_TRUE(r.has_value()) << r.error().to_string();
  const Rgba a = at(*r, 10000, 10000), b = at(*r, 40000, 10000);
  EXPECT_GT(a.b, a.r) << "helper county bluish " << rgb(a);
  EXPECT_GT(b.r, b.b) << "helped county orange " << rgb(b);
}

// A relocation output: one village's flow to a chosen site, a candidate site, an exclusion.
Workspace relocation_workspace() {
  Workspace ws;
  ws.name = "易地搬迁 (测试)";
  FeatureTable flows;
  flows.name = "flows";
  flows.geometry.kind = GeometryKind::line;
  Column hh("households", FieldType::integer);
  add_line(flows, 0, 0, 8000, 3000);
  hh.push_int(12);
  add_line(flows, 0, 6000, 8000, 3000);
  hh.push_int(60);
  flows.columns = {hh};
  FeatureTable sites;
  sites.name = "sites";
  sites.geometry.kind = GeometryKind::point;
  Column chosen("chosen", FieldType::integer), assigned("assigned_households", FieldType::integer);
  sites.geometry.add_point_feature(k_x0 + 8000, k_y0 + 3000);
  chosen.push_int(1);
  assigned.push_int(72);
  sites.geometry.add_point_feature(k_x0 + 3000, k_y0 + 8000);
  chosen.push_int(0);
  assigned.push_int(0);
  sites.fid = {0, 1};
  sites.columns = {chosen, assigned};
  FeatureTable excluded;
  excluded.name = "excluded";
  excluded.geometry.kind = GeometryKind::polygon;
  for (auto [dx, dy] : {std::pair{-3000.0, 7000.0}, {1000.0, 7000.0}, {1000.0, 10000.0}, {-3000.0, 10000.0}, {-3000.0, 7000.0}})
    excluded.geometry.add_vertex(k_x0 + dx, k_y0 + dy);
  excluded.geometry.close_ring();
  excluded.geometry.close_part();
  excluded.geometry.close_feature();
  excluded.fid = {0};
  ws.layers = {excluded, flows, sites};
  return ws;
}

TEST(Overlays, FlowLinesInTheFlowColourWiderForMoreHouseholdsAndSitesBySize) {
  const Workspace ws = relocation_workspace();
  auto r = render(ws, "relocation.png", 800, 800);
  ASSERT_TRUE(r.has_value()) << r.error().to_string();
  // A quarter of the way along each flow (away from the site symbol).
  EXPECT_TRUE(near(at(*r, 2000, 5250), k_flow_color)) << rgb(at(*r, 2000, 5250));
  const int thin = run_width_px(*r, 2000, 750, 0, 1, k_flow_color), wide = run_width_px(*r, 2000, 5250, 0, 1, k_flow_color);
  EXPECT_GE(thin, 1) << "the 12-household flow is drawn in the flow colour";
  EXPECT_GT(wide, thin + 3) << "60 households vs 12: " << wide << " vs " << thin;
  // The chosen site is a large green symbol; the candidate a small grey one.
  EXPECT_TRUE(near(at(*r, 8000, 3000), k_site_color)) << rgb(at(*r, 8000, 3000));
  const int site_px = run_width_px(*r, 8000, 3000, 1, 0, k_site_color);
  EXPECT_GE(site_px, 16) << "a 72-household site is drawn large";
  // The exclusion is hatched: along a row inside it, both red-tinted and lighter pixels.
  int reddish = 0, light = 0;
  for (double x = -2500; x < 500; x += 40) {
    const Rgba c = at(*r, x, 8500);
    (c.r > c.g + 40 ? reddish : light) += 1;
  }
  EXPECT_GT(reddish, 5);
  EXPECT_GT(light, 5);
}

TEST(Overlays, LinksWithoutFundsOrAnUnknownStatusStillDraw) {
  Workspace ws = pairing_workspace();
  FeatureTable& links = ws.layers[0];
  links.columns = {};  // no status, no funds column: every link the base style
  auto r = render(ws, "pair_plain.png", 500, 400);
  ASSERT_TRUE(r.has_value()) << r.error().to_string();
  EXPECT_TRUE(near(at(*r, 50000, 18000), link_color("existing"), 20)) << rgb(at(*r, 50000, 18000));
}

}  // namespace
}  // namespace jiuyou::render
