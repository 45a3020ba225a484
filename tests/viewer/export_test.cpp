// 文件 menu (#14 items 6 and 7): 导出当前视图 writes the view as a PNG at the
// chosen DPI (300 DPI: 3.125 times the window's pixels, the same picture with
// lines and rings scaled), 乡镇图集 writes the township atlas (A4 or A3) as
// `jiuyou atlas` does, and the offline basemap is drawn under the layers,
// switched off from the layers panel, faded by its opacity; bad DPIs, paths
// and basemaps are errors that leave no file and the map as it was.
#include <cpl_conv.h>
#include <gdal.h>
#include <ogr_srs_api.h>
#include <gtest/gtest.h>
#include <imgui.h>

#include <cstdio>
#include <filesystem>

#include "render/demo_workspace.hpp"
#include "src/viewer/map/export_view.hpp"
#include "support/test_paths.hpp"
#include "viewer/viewer_harness.hpp"

namespace jiuyou::viewer {
namespace {

namespace fs = std::filesystem;

// Frames until the control `key` has been drawn, then a click on its centre (menus open on hover).
bool click_control(ViewerApp& app, const std::string& key) {
  AppState& s = app.state();
  for (int i = 0; i < 4 && !s.ui_rects.count(key); ++i) app.frame();
  const auto it = s.ui_rects.find(key);
  if (it == s.ui_rects.end()) return false;
  const Vec2 c{(it->second.x0 + it->second.x1) / 2, (it->second.y0 + it->second.y1) / 2};
  mouse_at(static_cast<float>(c.x), static_cast<float>(c.y), false);
  app.frame();
  app.frame();
  click_at(app, c);
  return true;
}

// A PNG read back through GDAL (RGBA).
render::Image read_png(const fs::path& path) {
  render::Image img;
  GDALAllRegister();
  GDALDatasetH d = GDALOpen(path.c_str(), GA_ReadOnly);
  if (!d) return img;
  img.width = GDALGetRasterXSize(d);
  img.height = GDALGetRasterYSize(d);
  img.rgba.assign(static_cast<size_t>(img.width) * static_cast<size_t>(img.height) * 4, 255);
  const int bands = std::min(GDALGetRasterCount(d), 4);
  for (int b = 0; b < bands; ++b)
    if (GDALRasterIO(GDALGetRasterBand(d, b + 1), GF_Read, 0, 0, img.width, img.height, img.rgba.data() + b, img.width, img.height, GDT_Byte, 4,
                     img.width * 4) != CE_None)
      img.rgba.clear();
  GDALClose(d);
  return img;
}

bool near(render::Rgba a, render::Rgba b, int tol) {
  return std::abs(a.r - b.r) <= tol && std::abs(a.g - b.g) <= tol && std::abs(a.b - b.b) <= tol;
}

std::string rgb(render::Rgba c) { return "(" + std::to_string(c.r) + "," + std::to_string(c.g) + "," + std::to_string(c.b) + ")"; }

render::Rgba pixel(const render::Image& img, Vec2 p) {
  return img.at(std::clamp(static_cast<int>(std::floor(p.x)), 0, img.width - 1), std::clamp(static_cast<int>(std::floor(p.y)), 0, img.height - 1));
}

bool cyanish(render::Rgba c) { return c.b > 200 && c.g > 150 && c.r < 80; }

// The selection's ring (radius r px around p) shows on at least one side (a label may cover another).
bool ring_at(const render::Image& img, Vec2 p, double r) {
  for (const Vec2 d : {Vec2{r, 0}, Vec2{-r, 0}, Vec2{0, r}, Vec2{0, -r}})
    if (cyanish(pixel(img, {p.x + d.x, p.y + d.y}))) return true;
  return false;
}

ViewerOptions options_in(const fs::path& dir) {
  ViewerOptions o = test_options();
  o.project_path = (dir / "demo.toml").string();  // names the default files (demo-view.png); never read here
  o.check_root = dir.string();
  return o;
}

TEST(ExportView, MenuExportsAt300DpiTheViewWithLinesScaled) {
  REQUIRE_DISPLAY();
  const fs::path dir = test::scratch_dir();
  auto app = open_workspace(demo::demo_workspace(), options_in(dir));
  ASSERT_TRUE(app);
  AppState& s = app->state();
  hide_panels(s);
  select_village(s, 1, false);  // 青龙村: its ring must be in the picture
  s.show_inspector = false;     // nothing over the map in the window's picture
  mouse_at(-FLT_MAX, -FLT_MAX, false);
  const render::Image window = frame_and_capture(*app);
  const render::Camera view = s.camera;

  ASSERT_TRUE(click_control(*app, "文件"));
  ASSERT_TRUE(click_control(*app, "文件/导出当前视图"));
  ASSERT_TRUE(s.show_export);
  ASSERT_TRUE(click_control(*app, "导出/300"));
  ASSERT_TRUE(click_control(*app, "导出/导出"));
  const fs::path png = dir / "demo-view.png";
  ASSERT_TRUE(fs::exists(png)) << s.message;
  EXPECT_NE(s.message.find("已导出当前视图"), std::string::npos) << s.message;
  EXPECT_FALSE(s.show_export);

  const render::Image big = read_png(png);
  EXPECT_EQ(big.width, static_cast<int>(std::lround(view.width * 300 / 96.0)));
  EXPECT_EQ(big.height, static_cast<int>(std::lround(view.height * 300 / 96.0)));
  ASSERT_FALSE(big.rgba.empty());
  // The same view: every village's symbol where the window shows it, times 3.125, in the window's colour.
  const double k = static_cast<double>(big.width) / view.width;
  for (size_t i = 0; i < std::size(demo::k_villages); ++i) {
    const Vec2 w = view.world_to_screen({demo::k_x0 + demo::k_villages[i].x, demo::k_y0 + demo::k_villages[i].y});
    const render::Rgba in_window = pixel(window, w), in_png = pixel(big, {w.x * k, w.y * k});
    EXPECT_TRUE(near(in_window, in_png, 40)) << demo::k_villages[i].name << ": window " << rgb(in_window) << ", PNG " << rgb(in_png);
  }
  // The selection ring scaled with the DPI: 11 px from the centre in the window, 11 x 3.125 px in the PNG.
  const Vec2 sel = view.world_to_screen({demo::k_x0 + demo::k_villages[1].x, demo::k_y0 + demo::k_villages[1].y});
  EXPECT_TRUE(ring_at(window, sel, 11));
  EXPECT_TRUE(ring_at(big, {sel.x * k, sel.y * k}, 11 * k));
  EXPECT_FALSE(ring_at(big, {sel.x * k, sel.y * k}, 11)) << "a ring of the window's size would be here";

  // The window draws as before (its styles and font restored).
  const render::Image after = frame_and_capture(*app);
  for (size_t i = 0; i < std::size(demo::k_villages); ++i) {
    const Vec2 w = view.world_to_screen({demo::k_x0 + demo::k_villages[i].x, demo::k_y0 + demo::k_villages[i].y});
    EXPECT_TRUE(near(pixel(window, w), pixel(after, w), 2)) << demo::k_villages[i].name;
  }
}

TEST(ExportView, CtrlEOpensTheDialogAndBadDpiOrPathLeaveNoFile) {
  REQUIRE_DISPLAY();
  const fs::path dir = test::scratch_dir();
  auto app = open_workspace(demo::demo_workspace(), options_in(dir));
  ASSERT_TRUE(app);
  AppState& s = app->state();
  hide_panels(s);
  app->frame();
  ImGuiIO& io = ImGui::GetIO();
  io.KeyCtrl = true;
  io.KeysDown['E'] = true;
  app->frame();
  io.KeyCtrl = false;
  io.KeysDown['E'] = false;
  app->frame();
  EXPECT_TRUE(s.show_export);

  auto low = export_view_png(s, (dir / "low.png").string(), 30);
  ASSERT_FALSE(low.has_value());
  EXPECT_EQ(low.error().code, ErrorCode::input);
  auto high = export_view_png(s, (dir / "high.png").string(), 1200);
  ASSERT_FALSE(high.has_value());
  EXPECT_EQ(high.error().code, ErrorCode::input);
  const fs::path missing = dir / "no-such-folder" / "v.png";
  auto nowhere = export_view_png(s, missing.string(), 150);
  ASSERT_FALSE(nowhere.has_value());
  EXPECT_EQ(nowhere.error().code, ErrorCode::io);
  EXPECT_FALSE(fs::exists(missing));
  size_t files = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++files;
  EXPECT_EQ(files, 0u) << "no half-written or temporary file";
  // After a failed export the map is still drawn at the window's size (a 96 DPI export is the window's pixels).
  auto same = export_view_png(s, (dir / "same.png").string(), 96);
  ASSERT_TRUE(same.has_value()) << same.error().to_string();
  EXPECT_EQ(same->width, s.camera.width);
  EXPECT_EQ(same->height, s.camera.height);
}

// The demo county with townships on its villages (two pages).
Workspace county_with_townships() {
  Workspace ws = demo::demo_workspace();
  FeatureTable& v = *ws.layer("villages");
  Column town("township", FieldType::text);
  for (size_t i = 0; i < v.size(); ++i) town.push_text(i < 2 ? "420528100" : "420528101");
  v.columns.push_back(town);
  return ws;
}

std::string run(const std::string& cmd) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return out;
  char buf[4096];
  while (size_t n = fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  pclose(p);
  return out;
}

TEST(AtlasMenu, WritesTheTownshipAtlasOnA3AndTheWindowDrawsOn) {
  REQUIRE_DISPLAY();
  const fs::path dir = test::scratch_dir();
  auto app = open_workspace(county_with_townships(), options_in(dir));
  ASSERT_TRUE(app);
  AppState& s = app->state();
  hide_panels(s);
  mouse_at(-FLT_MAX, -FLT_MAX, false);
  const render::Image before = frame_and_capture(*app);
  ASSERT_TRUE(click_control(*app, "文件"));
  ASSERT_TRUE(click_control(*app, "文件/乡镇图集"));
  ASSERT_TRUE(s.show_atlas);
  ASSERT_TRUE(click_control(*app, "图集/A3"));
  ASSERT_TRUE(click_control(*app, "图集/生成"));
  const fs::path pdf = dir / "demo-atlas.pdf";
  ASSERT_TRUE(fs::exists(pdf)) << s.message;
  EXPECT_NE(s.message.find("已生成乡镇图集"), std::string::npos) << s.message;
  EXPECT_NE(s.message.find("2 页"), std::string::npos) << s.message;
  if (!run("command -v pdfinfo").empty()) {
    const std::string info = run("pdfinfo '" + pdf.string() + "'");
    EXPECT_NE(info.find("Pages:           2"), std::string::npos) << info;
    EXPECT_NE(info.find("(A3)"), std::string::npos) << info;
    const std::string text = run("pdftotext '" + pdf.string() + "' -");
    for (const demo::DemoVillage& v : demo::k_villages) EXPECT_NE(text.find(v.name), std::string::npos) << v.name;
  }
  // The atlas drew in its own context: the window's is current again and draws the same map.
  mouse_at(-FLT_MAX, -FLT_MAX, false);
  app->frame();
  const render::Image after = frame_and_capture(*app);
  for (const demo::DemoVillage& v : demo::k_villages) {
    const Vec2 w = s.camera.world_to_screen({demo::k_x0 + v.x, demo::k_y0 + v.y});
    EXPECT_TRUE(near(pixel(before, w), pixel(after, w), 2)) << v.name;
  }
  // Villages without townships: an error naming the field, and no file.
  auto bare = make_app_state(demo::demo_workspace(), 400, 300);
  auto refused = write_township_atlas(*bare, (dir / "bare.pdf").string(), render::Paper::a4, 60);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().field, "township");
  EXPECT_FALSE(fs::exists(dir / "bare.pdf"));
}

// A red GeoTIFF in the demo's CRS covering 40 x 30 km around the county.
fs::path red_basemap(const fs::path& dir) {
  GDALAllRegister();
  const fs::path path = dir / "red.tif";
  GDALDatasetH d = GDALCreate(GDALGetDriverByName("GTiff"), path.c_str(), 400, 300, 3, GDT_Byte, nullptr);
  double gt[6] = {demo::k_x0 - 15000, 100, 0, demo::k_y0 + 18500, 0, -100};
  GDALSetGeoTransform(d, gt);
  OGRSpatialReferenceH srs = OSRNewSpatialReference(nullptr);
  OSRImportFromEPSG(srs, 4545);
  char* wkt = nullptr;
  OSRExportToWkt(srs, &wkt);
  GDALSetProjection(d, wkt);
  CPLFree(wkt);
  OSRDestroySpatialReference(srs);
  const uint8_t value[3] = {230, 20, 20};
  for (int b = 0; b < 3; ++b) GDALFillRaster(GDALGetRasterBand(d, b + 1), value[b], 0);
  GDALClose(d);
  return path;
}

TEST(ViewerBasemap, DrawnUnderTheLayersSwitchedOffFromThePanelAndFaded) {
  REQUIRE_DISPLAY();
  const fs::path dir = test::scratch_dir();
  ViewerOptions o = options_in(dir);
  o.basemap = red_basemap(dir).string();
  auto app = open_workspace(demo::demo_workspace(), o);
  ASSERT_TRUE(app);
  AppState& s = app->state();
  hide_panels(s);
  s.show_layers = true;
  ASSERT_TRUE(s.basemap.loaded) << s.basemap.error;
  s.camera.zoom_at({s.camera.width / 2.0, s.camera.height / 2.0}, 0.5);  // room around the county
  mouse_at(-FLT_MAX, -FLT_MAX, false);
  app->frame();
  const Vec2 empty = s.camera.world_to_screen({demo::k_x0 - 3000, demo::k_y0 + 3500});  // west of the county, no feature
  const Vec2 village = s.camera.world_to_screen({demo::k_x0 + demo::k_villages[0].x, demo::k_y0 + demo::k_villages[0].y});
  const render::Image on = frame_and_capture(*app);
  EXPECT_TRUE(render::write_png(on, (dir / "viewer_basemap.png").string()).has_value());
  EXPECT_TRUE(near(pixel(on, empty), {230, 20, 20, 255}, 8)) << rgb(pixel(on, empty));
  EXPECT_FALSE(near(pixel(on, village), {230, 20, 20, 255}, 60)) << "the village is drawn over the basemap";

  ASSERT_TRUE(click_control(*app, "图层/底图"));
  EXPECT_FALSE(s.basemap.shown);
  mouse_at(-FLT_MAX, -FLT_MAX, false);
  const render::Image off = frame_and_capture(*app);
  EXPECT_FALSE(near(pixel(off, empty), {230, 20, 20, 255}, 60)) << rgb(pixel(off, empty));
  ASSERT_TRUE(click_control(*app, "图层/底图"));
  EXPECT_TRUE(s.basemap.shown);

  // Opacity 0.5: half way between the red and the map's background.
  s.basemap.opacity = 0.5;
  load_basemap(s);
  mouse_at(-FLT_MAX, -FLT_MAX, false);
  const render::Image half = frame_and_capture(*app);
  const render::Rgba bg = render::k_background;
  const render::Rgba mid{static_cast<uint8_t>((230 + bg.r) / 2), static_cast<uint8_t>((20 + bg.g) / 2), static_cast<uint8_t>((20 + bg.b) / 2), 255};
  EXPECT_TRUE(near(pixel(half, empty), mid, 8)) << rgb(pixel(half, empty)) << " vs " << rgb(mid);
}

TEST(ViewerBasemap, AMissingOrNetworkSourceIsNamedAndTheMapDrawnWithout) {
  REQUIRE_DISPLAY();
  const fs::path dir = test::scratch_dir();
  for (const std::string& bad : {(dir / "missing.mbtiles").string(), std::string("https://t0.tianditu.gov.cn/img_w/wmts")}) {
    ViewerOptions o = options_in(dir);
    o.basemap = bad;
    auto app = open_workspace(demo::demo_workspace(), o);
    ASSERT_TRUE(app);
    AppState& s = app->state();
    EXPECT_FALSE(s.basemap.loaded);
    EXPECT_NE(s.basemap.error.find("底图无法读取"), std::string::npos) << s.basemap.error;
    EXPECT_NE(s.message.find("底图无法读取"), std::string::npos) << s.message;
    EXPECT_FALSE(basemap_drawn(s));
    hide_panels(s);
    mouse_at(-FLT_MAX, -FLT_MAX, false);
    const render::Image img = frame_and_capture(*app);
    const Vec2 v = s.camera.world_to_screen({demo::k_x0 + demo::k_villages[1].x, demo::k_y0 + demo::k_villages[1].y});
    EXPECT_FALSE(near(pixel(img, v), render::k_background, 10)) << "the village is drawn";
  }
}

}  // namespace
}  // namespace jiuyou::viewer
