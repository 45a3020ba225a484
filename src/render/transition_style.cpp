#include "src/render/transition_style.hpp"

#include <array>

namespace jiuyou::render {

namespace {

struct ClassDef {
  std::string_view key;  // overall transition, or the match for appeared/disappeared villages
  Rgba color;
  std::string_view label;
  uint8_t rank;  // worst wins a shared cell: alerts, then 仍未达标, 无法比较, 撤并, 新增, 改善; 仍达标 lowest
};

// Legend order: the alerts first.
constexpr std::array<ClassDef, 12> k_classes{{
    {"regressed", {180, 0, 30, 255}, "返贫风险: 出列→不能出列", 11},
    {"unverified", {230, 60, 160, 255}, "待核实: 出列→数据不全", 10},
    {"item_regressed", {240, 90, 60, 255}, "返贫风险: 有指标新不达标", 9},
    {"improved", {0, 120, 50, 255}, "改善: 新可出列", 4},
    {"item_improved", {120, 195, 95, 255}, "改善: 有指标新达标", 3},
    {"still_pass", {190, 215, 235, 255}, "仍达标", 0},
    {"still_fail", {240, 205, 145, 255}, "仍未达标", 8},
    {"by_standard", {205, 185, 215, 255}, "出列结论因标准变化 (分项未变)", 2},
    {"by_input", {215, 200, 175, 255}, "因数据口径变化 (非实地变化)", 1},
    {"appeared", {49, 104, 170, 255}, "新增村", 5},
    {"disappeared", {140, 90, 170, 255}, "撤并/消失的村", 6},
    {"unknown", {150, 150, 150, 255}, "无法比较 (数据不全)", 7},
}};

constexpr std::string_view k_cause_suffix = "_cause";

const ClassDef& class_of(std::string_view key) {
  for (const ClassDef& c : k_classes)
    if (c.key == key) return c;
  return k_classes.back();
}

}  // namespace

TransitionClass transition_class(std::string_view overall, std::string_view match_how) {
  if (match_how == "appeared" || match_how == "disappeared") {
    const ClassDef& c = class_of(match_how);
    return {c.color, std::string(c.label), c.rank};
  }
  // still_fail_worse / still_fail_better: on the map one class; the inspector says which.
  const std::string_view key = overall.rfind("still_fail", 0) == 0 ? std::string_view("still_fail") : overall;
  const ClassDef& c = class_of(key);
  return {c.color, std::string(c.label), c.rank};
}

TransitionClass village_transition(const FeatureTable& t, size_t row) {
  auto text = [&](std::string_view col) {
    const Column* c = t.column(col);
    return c != nullptr && !c->is_null(row) ? c->as_text(row) : std::string();
  };
  const std::string overall = text("overall"), how = text("match_how");
  if (overall == "regressed" || overall == "unverified" || overall == "improved" || how == "appeared" || how == "disappeared")
    return transition_class(overall, how);
  bool item_regressed = false, item_improved = false;
  for (const Column& c : t.columns) {  // the items are the columns with a <id>_cause beside them
    const std::string& name = c.name();
    if (name.size() <= k_cause_suffix.size() || !name.ends_with(k_cause_suffix)) continue;
    const std::string item = text(std::string_view(name).substr(0, name.size() - k_cause_suffix.size()));
    item_regressed = item_regressed || item == "regressed";
    item_improved = item_improved || item == "improved";
  }
  if (item_regressed || item_improved) {
    const ClassDef& c = class_of(item_regressed ? "item_regressed" : "item_improved");  // an alert outweighs a gain
    return {c.color, std::string(c.label), c.rank};
  }
  return transition_class(overall, how);
}

const std::vector<std::string>& transition_labels() {
  static const std::vector<std::string> labels = [] {
    std::vector<std::string> out;
    for (const ClassDef& c : k_classes) out.emplace_back(c.label);
    out.emplace_back("村庄 · 年度变化 ");
    out.emplace_back("年度变化 ");
    return out;
  }();
  return labels;
}

std::string pair_title(std::string_view pair) {
  const size_t at = pair.find('_');
  if (at == std::string_view::npos) return std::string(pair);
  return std::string(pair.substr(0, at)) + "→" + std::string(pair.substr(at + 1));
}

}  // namespace jiuyou::render
