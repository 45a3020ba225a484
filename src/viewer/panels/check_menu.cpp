#include <imgui.h>

#include <filesystem>

#include "src/viewer/check/check_in_place.hpp"
#include "src/viewer/panels/panels.hpp"

namespace jiuyou::viewer {

namespace {

// The rule set shown (an id or a path to its file) is `id`.
bool is_rule_set(const std::string& shown, const std::string& id) {
  return !shown.empty() && std::filesystem::path(shown).stem().string() == id;
}

// 核查 › 规则集: the shipped rule sets; picking one checks the project under it (next frame).
void rule_set_menu(AppState& s, bool can_run) {
  static const std::vector<RuleSetChoice> choices = rule_set_choices();  // the shipped files do not change while the viewer runs
  const bool open = ImGui::BeginMenu("规则集", can_run);
  remember_item(s, "核查/规则集");
  if (!open) return;
  for (const RuleSetChoice& r : choices) {
    if (ImGui::MenuItem(r.name_zh.c_str(), r.id.c_str(), is_rule_set(s.rule_set, r.id))) s.pending_check = r.id;
    remember_item(s, "核查/规则集/" + r.id);
  }
  ImGui::EndMenu();
}

}  // namespace

// 核查: runs the check through the shared pipeline (app::run_check), never a second implementation,
// and shows the result in place (check_in_place.hpp).
void draw_check_menu(AppState& s) {
  const bool open = ImGui::BeginMenu("核查 Check");
  remember_item(s, "核查");
  if (!open) return;
  const bool can_run = !s.project_path.empty();
  if (ImGui::MenuItem("运行核查", nullptr, false, can_run)) s.pending_check = s.rule_set;
  remember_item(s, "核查/运行核查");
  if (!can_run && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    wrapped_tooltip("打开项目文件 (.toml), 或记录了项目的 result.gpkg, 才能在这里核查; 也可在命令行运行 jiuyou check 项目.toml --out 目录。");
  rule_set_menu(s, can_run);
  if (!s.rule_set.empty()) ImGui::TextDisabled("当前规则集: %s", s.rule_set.c_str());
  ImGui::EndMenu();
}

}  // namespace jiuyou::viewer
