#include "gis/report/check_caveats.hpp"

#include <algorithm>
#include <iterator>

#include "gis/report/html_page.hpp"

namespace jiuyou::report {

namespace {

// The notes that move verdicts, and what each does to the headline counts.
struct Caveat {
  const char* code;
  const char* effect;
};
constexpr Caveat k_caveats[] = {
    {"points_for_polygons", "本次的村是村点而不是村界，距离都从村点量起：村内的路、线、设施离村点远时也记为不达标，“不可出列”的村数可能偏多，结论需按村界核实。"},
    {"likely_gcj02", "有图层的坐标可能偏移了几百米（GCJ-02 未声明），各村的距离判断会因此出错，出列结论需在改正后重新检查。"},
    {"likely_bd09", "有图层的坐标可能偏移了几百米（BD-09 未声明），各村的距离判断会因此出错，出列结论需在改正后重新检查。"},
    {"layer_far_from_villages", "有图层离各村太远（坐标系或分带可能用错），读它的项目记为未知，出列结论不完整。"},
};

const Caveat* caveat_of(const std::string& code) {
  const auto it = std::find_if(std::begin(k_caveats), std::end(k_caveats), [&](const Caveat& c) { return code == c.code; });
  return it == std::end(k_caveats) ? nullptr : &*it;
}

}  // namespace

std::string verdict_caveats_html(const indicators::CheckResult& result) {
  std::string items;
  std::vector<const Caveat*> said;
  for (const auto& n : result.notes.entries()) {
    const Caveat* c = caveat_of(n.code);
    if (!c) continue;
    if (std::find(said.begin(), said.end(), c) == said.end()) {
      said.push_back(c);
      items += "<li><b>" + html_escape(c->effect) + "</b>";
    } else {
      items += "<li>";
    }
    items += "<br><span class=note>" + html_escape(n.message) + (n.hint.empty() ? "" : "（处理：" + html_escape(n.hint) + "）") + "</span></li>\n";
  }
  if (items.empty()) return {};
  return "<div class=caveat style=\"border:2px solid #9c0006;padding:.2em .8em;margin:.6em 0\"><p class=warn><b>请先看：以下数据问题会改变本页的结论</b></p>\n<ul>\n" + items + "</ul></div>\n";
}

}  // namespace jiuyou::report
