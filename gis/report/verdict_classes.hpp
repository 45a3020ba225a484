#pragma once
// The map's classes of villages by verdict — 可出列, 缺1项, 缺2项, 缺3项及以上, 待核实 (数据不全) — with their
// colours: one table for the renderer (render::verdict_color, the map's legend) and for report.html's legend under
// the map, so the page names the colours the picture shows (tour 16 Q5).
#include <array>
#include <cstdint>
#include <string_view>

namespace jiuyou::report {

struct VerdictClass {
  const char* label_zh;
  std::uint8_t r, g, b;
};

// In the legend's order. The fill is drawn at k_village_fill_alpha over the map.
inline constexpr std::array<VerdictClass, 5> k_verdict_classes{{
    {"可出列", 26, 152, 80},
    {"缺1项", 244, 109, 67},
    {"缺2项", 215, 48, 39},
    {"缺3项及以上", 165, 0, 38},
    {"待核实 (数据不全)", 150, 150, 150},
}};
inline constexpr std::uint8_t k_village_fill_alpha = 150;

// The class of a village: `verdict` lower-case as the result writes it ("exit", "fail", else unknown),
// `failed_count` the deciding items it fails.
inline std::size_t verdict_class(std::string_view verdict, int failed_count) {
  if (verdict == "exit") return 0;
  if (verdict == "fail") return failed_count >= 3 ? 3 : failed_count == 2 ? 2 : 1;
  return 4;
}

}  // namespace jiuyou::report
