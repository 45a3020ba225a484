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
    {"points_for_polygons",
     "本次的村是村点而不是村界，距离都从村点量起：村内的路、线、设施离村点远时也记为不达标，“不可出列”的村数可能偏多，结论需按村界核实。"},
    {"likely_gcj02", "有图层的坐标可能偏移了几百米（GCJ-02 未声明），各村的距离判断会因此出错，出列结论需在改正后重新检查。"},
    {"likely_bd09", "有图层的坐标可能偏移了几百米（BD-09 未声明），各村的距离判断会因此出错，出列结论需在改正后重新检查。"},
    {"layer_far_from_villages", "有图层离各村太远（坐标系或分带可能用错），读它的项目记为未知，出列结论不完整。"},
};

const Caveat* caveat_of(std::string_view code) {
  const auto it = std::find_if(std::begin(k_caveats), std::end(k_caveats), [&](const Caveat& c) { return code == c.code; });
  return it == std::end(k_caveats) ? nullptr : &*it;
}

}  // namespace

std::vector<VerdictCaveat> verdict_caveats(const indicators::CheckResult& result) {
  std::vector<VerdictCaveat> out;
  for (const auto& n : result.notes.entries()) {
    const Caveat* c = caveat_of(n.code);
    if (!c) continue;
    auto it = std::find_if(out.begin(), out.end(), [&](const VerdictCaveat& v) { return v.code == c->code; });
    if (it == out.end()) it = out.insert(out.end(), VerdictCaveat{c->code, c->effect, {}});
    it->details.push_back(n.message + (n.hint.empty() ? "" : "（处理：" + n.hint + "）"));
  }
  return out;
}

std::string caveat_effect(std::string_view code) {
  const Caveat* c = caveat_of(code);
  return c ? c->effect : std::string{};
}

std::string caveats_heading(std::string_view what) { return "请先看：以下数据问题会改变" + std::string(what) + "的结论"; }

std::string caveat_codes(const std::vector<VerdictCaveat>& caveats) {
  std::string out;
  for (const VerdictCaveat& c : caveats) out += (out.empty() ? "" : ",") + c.code;
  return out;
}

std::vector<std::string> caveat_effects_of_codes(std::string_view codes) {
  std::vector<std::string> out;
  while (!codes.empty()) {
    const size_t comma = codes.find(',');
    const std::string effect = caveat_effect(codes.substr(0, comma));
    if (!effect.empty() && std::find(out.begin(), out.end(), effect) == out.end()) out.push_back(effect);
    codes = comma == std::string_view::npos ? std::string_view{} : codes.substr(comma + 1);
  }
  return out;
}

std::string verdict_caveats_html(const indicators::CheckResult& result) {
  const std::vector<VerdictCaveat> caveats = verdict_caveats(result);
  if (caveats.empty()) return {};
  std::string items;
  for (const VerdictCaveat& c : caveats)
    for (size_t k = 0; k < c.details.size(); ++k)
      items += (k == 0 ? "<li><b>" + html_escape(c.effect) + "</b>" : std::string("<li>")) + "<br><span class=note>" + html_escape(c.details[k]) +
               "</span></li>\n";
  return "<div class=caveat style=\"border:2px solid #9c0006;padding:.2em .8em;margin:.6em 0\"><p class=warn><b>" +
         html_escape(caveats_heading("本页")) + "</b></p>\n<ul>\n" + items + "</ul></div>\n";
}

}  // namespace jiuyou::report
