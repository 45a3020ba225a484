#include "src/render/layer_words.hpp"

#include <algorithm>
#include <iterator>

namespace jiuyou::render {

namespace {

// One layer a row, its columns aligned.
// clang-format off
constexpr LayerWords k_layers[] = {
    // name               title            overview  plan    boundary
    {"villages",          "村庄",           true,     true},
    {"townships",         "乡镇界",         true,     true,   1},
    {"county",            "县界",           true,     false,  2},
    {"counties",          "县界",           true,     false,  2},
    {"roads",             "道路",           false,    false},
    {"water",             "供水",           false,    false},
    {"water_plants",      "水厂",           false,    false},
    {"water_areas",       "供水服务区",     false,    false},
    {"power",             "电网",           false,    false},
    {"power_points",      "变电站/变压器",  false,    false},
    {"broadband",         "广电宽带",       false,    false},
    {"broadband_towers",  "通信基站",       false,    false},
    {"broadband_fiber",   "光缆",           false,    false},
    {"facilities",        "公共服务设施",   false,    false},
    {"village_points",    "村委会驻地",     false,    false},
    {"hazards",           "地质灾害隐患",   false,    false},
    {"protected",         "保护区",         false,    false},
    {"gaps",              "缺口连线",       false,    false},
    {"units",             "帮扶单位",       false,    false},
    {"dem",               "地形",           false,    false},
};
// clang-format on

}  // namespace

const LayerWords* layer_words(std::string_view name) {
  const auto it = std::find_if(std::begin(k_layers), std::end(k_layers), [&](const LayerWords& w) { return w.name == name; });
  return it == std::end(k_layers) ? nullptr : &*it;
}

bool stays_loud_in_overview(std::string_view name) {
  const LayerWords* w = layer_words(name);
  return w != nullptr && w->loud_in_overview;
}

std::vector<std::string> overview_loud_titles() {
  std::vector<std::string> out;
  for (const LayerWords& w : k_layers)
    if (w.loud_in_overview && std::find(out.begin(), out.end(), w.title) == out.end()) out.emplace_back(w.title);
  return out;
}

}  // namespace jiuyou::render
