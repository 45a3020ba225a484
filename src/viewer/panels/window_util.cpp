#include <imgui.h>

#include <algorithm>

#include "src/viewer/panels/panels.hpp"

namespace jiuyou::viewer {

void keep_window_inside() {
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  const float top = ImGui::GetFrameHeight();  // the main menu bar
  const ImVec2 pos = ImGui::GetWindowPos();
  ImVec2 size = ImGui::GetWindowSize();
  const ImVec2 room(std::max(display.x, 1.0f), std::max(display.y - top, 1.0f));
  if (size.x > room.x || size.y > room.y) {
    size = ImVec2(std::min(size.x, room.x), std::min(size.y, room.y));
    ImGui::SetWindowSize(size);
  }
  const ImVec2 inside(std::clamp(pos.x, 0.0f, std::max(display.x - size.x, 0.0f)), std::clamp(pos.y, top, std::max(display.y - size.y, top)));
  if (inside.x != pos.x || inside.y != pos.y) ImGui::SetWindowPos(inside);
}

void remember_item(AppState& s, const std::string& key) {
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  s.ui_rects[key] = {a.x, a.y, b.x, b.y};
}

void wrapped_tooltip(const char* text) {
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 26.0f);
  ImGui::TextUnformatted(text);
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

}  // namespace jiuyou::viewer
