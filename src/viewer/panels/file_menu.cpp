// 文件: 导出当前视图… (Ctrl+E) writes the map as shown to a PNG at a chosen DPI;
// 乡镇图集… writes the township atlas (as `jiuyou atlas`) on A4 or A3.
// Both default to a file beside the project (or in the check folder's root).
#include <imgui.h>

#include <cstdio>
#include <filesystem>

#include "src/viewer/map/export_view.hpp"
#include "src/viewer/panels/panels.hpp"

namespace jiuyou::viewer {

namespace {

namespace fs = std::filesystem;

struct DialogState {
  char export_path[1024] = "";
  int export_dpi = 300;
  char atlas_path[1024] = "";
  int atlas_paper = 0;  // 0 A4, 1 A3
  int atlas_dpi = 150;
};
DialogState g_dialog;

// Where a file named `name` goes by default: the check folder's root, else beside the project, else here.
std::string default_path(const AppState& s, const std::string& suffix) {
  const fs::path p(s.project_path.empty() ? s.source : s.project_path);
  const fs::path dir = !s.check_root.empty() ? fs::path(s.check_root) : p.parent_path();
  const std::string stem = p.stem().empty() ? std::string("map") : p.stem().string();
  return (dir / (stem + suffix)).string();
}

void set_default(char (&buf)[1024], const std::string& path) {
  if (buf[0] == '\0') std::snprintf(buf, sizeof buf, "%s", path.c_str());
}

void say(AppState& s, const std::string& text) { s.message = text; }

// Opening a dialog takes the default file again (the document may have changed).
void open_export(AppState& s) {
  s.show_export = true;
  g_dialog.export_path[0] = '\0';
}
void open_atlas(AppState& s) {
  s.show_atlas = true;
  g_dialog.atlas_path[0] = '\0';
}

void run_export(AppState& s) {
  auto r = export_view_png(s, g_dialog.export_path, g_dialog.export_dpi);
  if (!r) {
    say(s, "导出失败: " + r.error().to_string());
    return;
  }
  char text[1200];
  std::snprintf(text, sizeof text, "已导出当前视图: %s (%d×%d 像素, %d DPI)", g_dialog.export_path, r->width, r->height, g_dialog.export_dpi);
  say(s, text);
  s.show_export = false;
}

void run_atlas(AppState& s) {
  const auto paper = g_dialog.atlas_paper == 1 ? render::Paper::a3 : render::Paper::a4;
  auto r = write_township_atlas(s, g_dialog.atlas_path, paper, g_dialog.atlas_dpi);
  if (!r) {
    say(s, "图集生成失败: " + r.error().to_string());
    return;
  }
  char text[1200];
  std::snprintf(text, sizeof text, "已生成乡镇图集: %s (%zu 页, %s)", g_dialog.atlas_path, r->pages, g_dialog.atlas_paper == 1 ? "A3" : "A4");
  say(s, text);
  s.show_atlas = false;
}

void draw_export_window(AppState& s) {
  ImGui::SetNextWindowSize(ImVec2(460, 0), ImGuiCond_FirstUseEver);
  if (!ImGui::Begin("导出当前视图", &s.show_export, ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::End();
    return;
  }
  keep_window_inside();
  set_default(g_dialog.export_path, default_path(s, "-view.png"));
  ImGui::TextDisabled("地图按窗口所见导出 (不含面板), 附标题、图例、比例尺和指北针");
  ImGui::SetNextItemWidth(400);
  ImGui::InputText("文件", g_dialog.export_path, sizeof g_dialog.export_path);
  for (int dpi : {96, 150, 300, 600}) {
    ImGui::RadioButton((std::to_string(dpi) + " DPI").c_str(), &g_dialog.export_dpi, dpi);
    remember_item(s, "导出/" + std::to_string(dpi));
    ImGui::SameLine();
  }
  ImGui::NewLine();
  ImGui::Text("%d×%d 像素", static_cast<int>(s.camera.width * g_dialog.export_dpi / 96.0 + 0.5), static_cast<int>(s.camera.height * g_dialog.export_dpi / 96.0 + 0.5));
  if (ImGui::Button("导出")) run_export(s);
  remember_item(s, "导出/导出");
  ImGui::End();
}

void draw_atlas_window(AppState& s) {
  if (!ImGui::Begin("乡镇图集", &s.show_atlas, ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::End();
    return;
  }
  keep_window_inside();
  set_default(g_dialog.atlas_path, default_path(s, "-atlas.pdf"));
  ImGui::TextDisabled("每个乡镇一页: 地图、图例、比例尺、指北针和村庄表 (与 jiuyou atlas 相同)");
  ImGui::SetNextItemWidth(400);
  ImGui::InputText("文件##atlas", g_dialog.atlas_path, sizeof g_dialog.atlas_path);
  ImGui::RadioButton("A4", &g_dialog.atlas_paper, 0);
  ImGui::SameLine();
  ImGui::RadioButton("A3", &g_dialog.atlas_paper, 1);
  remember_item(s, "图集/A3");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(120);
  ImGui::SliderInt("地图 DPI", &g_dialog.atlas_dpi, 60, 300);
  if (ImGui::Button("生成图集")) run_atlas(s);
  remember_item(s, "图集/生成");
  ImGui::End();
}

}  // namespace

void draw_file_menu(AppState& s) {
  const bool open = ImGui::BeginMenu("文件 File");
  remember_item(s, "文件");
  if (!open) return;
  if (ImGui::MenuItem("导出当前视图…", "Ctrl+E")) open_export(s);
  remember_item(s, "文件/导出当前视图");
  if (ImGui::MenuItem("乡镇图集…", nullptr, false, s.villages() != nullptr)) open_atlas(s);
  remember_item(s, "文件/乡镇图集");
  ImGui::EndMenu();
}

void draw_export_dialogs(AppState& s) {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.KeyCtrl && ImGui::IsKeyPressed('E', false) && !io.WantTextInput) open_export(s);
  if (s.show_export) draw_export_window(s);
  if (s.show_atlas) draw_atlas_window(s);
}

}  // namespace jiuyou::viewer
