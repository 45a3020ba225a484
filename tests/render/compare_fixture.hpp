#pragma once
// A compare result made in code for render and viewer tests: the demo villages
// (demo_workspace.hpp) with the columns `jiuyou compare` writes (overall,
// match_how, an item's transition and its cause), and a compare.gpkg of two
// pairs of years whose recorded projects are gone.
#include <filesystem>

#include <gtest/gtest.h>

#include "gis/io/write.hpp"
#include "gis/report/result_meta.hpp"
#include "render/demo_workspace.hpp"

namespace jiuyou::demo {

// The demo villages with a compare result's columns: 白马村 still passes, 青龙村 improved,
// 石门村 regressed (the alert), 桃花坪村 is new, the fifth disappeared.
inline FeatureTable transition_villages() {
  FeatureTable t = demo::demo_villages();
  const char* overall[] = {"still_pass", "improved", "regressed", "unknown", "unknown"};
  const char* how[] = {"code", "code", "code", "appeared", "disappeared"};
  const char* road[] = {"still_pass", "improved", "regressed", "unknown", "still_fail_worse"};
  Column o("overall", FieldType::text), m("match_how", FieldType::text), r("road_hardened_t", FieldType::text);
  Column cause("road_hardened_cause", FieldType::text), zh("overall_zh", FieldType::text);
  for (size_t i = 0; i < t.size(); ++i) {
    o.push_text(overall[i % 5]);
    m.push_text(how[i % 5]);
    r.push_text(road[i % 5]);
    zh.push_text(i % 5 == 2 ? "新不达标（返贫风险）" : "持续达标");
    if (i % 5 == 2) cause.push_text("去年最近的硬化路（编号 648）今年路面为土路");
    else cause.push_null();
  }
  for (Column* c : {&o, &m, &r, &cause, &zh}) t.columns.push_back(std::move(*c));
  return t;
}

// A compare.gpkg as `jiuyou compare` writes it: two pairs, the later years' projects recorded (here gone).
// With `item_names`, the item road_hardened's Chinese name is recorded as compare records it.
inline std::filesystem::path write_compare_gpkg(const std::filesystem::path& dir, bool item_names = false) {
  FeatureTable a = transition_villages(), b = transition_villages();
  a.name = "villages_2024_2025";
  b.name = "villages_2025_2026";
  *b.column("overall") = Column("overall", FieldType::text);
  for (size_t i = 0; i < b.size(); ++i) b.column("overall")->push_text("regressed");
  report::ResultMeta meta;
  meta.kind = "compare";
  meta.project_path = (dir / "gone" / "2026" / "project.toml").string();
  meta.extra["pairs"] = "2024_2025,2025_2026";
  meta.extra["project_2025"] = (dir / "gone" / "2025" / "project.toml").string();
  if (item_names) meta.extra["item_name_road_hardened"] = "有硬化的通村公路";
  const FeatureTable m = report::result_meta_table(meta, dir.string());
  const std::filesystem::path path = dir / "compare.gpkg";
  const FeatureTable* tables[] = {&a, &b, &m};
  EXPECT_TRUE(io::write_layers(path.string(), tables));
  return path;
}

}  // namespace jiuyou::demo
