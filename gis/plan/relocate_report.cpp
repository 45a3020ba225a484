// The relocation plan as a workbook and a printable page, in plain Chinese.
#include "gis/io/schema.hpp"
#include "gis/plan/relocate_report.hpp"
#include "gis/plan/relocate_sketch.hpp"

#include <algorithm>
#include <set>
#include <cmath>
#include <sstream>
#include <vector>

#include "gis/crs/crs.hpp"
#include "gis/io/write.hpp"
#include "gis/report/html_page.hpp"
#include "gis/report/labels.hpp"
#include "gis/report/place.hpp"
#include "gis/report/workbook.hpp"
#include "gis/util/atomic_file.hpp"
#include "gis/util/text.hpp"

namespace jiuyou::plan {
namespace {

using report::html_escape;
using report::Sheet;
using report::Style;
using report::td;
using report::td_num;
using util::fixed;

std::string wan(double cny) { return report::value_text(cny, report::Unit::yuan); }

std::string mover_label(const Mover& m) { return m.name.empty() ? m.code : m.name; }

// The notes to read before the plan: a warning on the data that says how to fix it (the
// undeclared-datum warnings check gives, likely_gcj02 / likely_bd09: tour 12 L28); the
// stages' own notes (unplaced, time limit) carry no hint.
bool first_read(const Issue& n) { return n.severity == Severity::warning && !n.hint.empty(); }
std::string note_text(const Issue& n) {
  if (!first_read(n)) return n.message;
  if (n.code == "cost_implausible") return "请注意（单价）：" + n.message + n.hint + "。";  // a price to confirm, not the data
  return "请先看（数据问题）：" + n.message + "。" + n.hint + "后重新计算；改正前本方案的搬迁对象和安置点都不可信。";
}

// "东北" for the direction from a to b.
const char* direction_zh(Vec2 a, Vec2 b) {
  static constexpr const char* k_dirs[] = {"东", "东北", "北", "西北", "西", "西南", "南", "东南"};
  const double deg = std::atan2(b.y - a.y, b.x - a.x) * 180.0 / M_PI;
  const int k = static_cast<int>(std::lround((deg < 0 ? deg + 360 : deg) / 45.0)) % 8;
  return k_dirs[k];
}

// Each site's name (by the nearest village) and its longitude/latitude.
struct SitePlace {
  std::string name;
  double lon = std::nan(""), lat = std::nan("");
};

struct NamedPoint {
  std::string name;
  Vec2 p;
};

// Per row of the villages layer: "（九有县）" where the villages lie in two or more counties, as result.xlsx names
// townships, so that two counties' 后谭家庄村 read apart (tour 12 L22); all empty in a one-county project.
std::vector<std::string> county_suffixes(const Workspace* ws) {
  const FeatureTable* v = ws ? ws->layer(io::target_layer) : nullptr;
  if (v == nullptr) return {};
  std::vector<std::string> out(v->size());
  const auto townships = report::township_places(WorkspaceView::of(*ws));
  const Column* township = v->column("township");
  std::set<std::string> counties;
  for (const auto& [key, place] : townships)
    if (!place.county.empty()) counties.insert(place.county);
  if (counties.size() < 2 || township == nullptr) return out;
  for (size_t r = 0; r < v->size(); ++r) {
    if (township->is_null(r)) continue;
    const auto it = townships.find(township->as_text(r));
    if (it != townships.end() && !it->second.county.empty()) out[r] = "（" + it->second.county + "）";
  }
  return out;
}

// A mover's village as the plan's lists name it: with its county in a project of two or more (review item 5:
// the 迁入村 list named villages without their county).
std::string mover_label(const Mover& m, const std::vector<std::string>& counties) {
  return mover_label(m) + (m.village < counties.size() ? counties[m.village] : std::string());
}

std::vector<NamedPoint> places(const RelocationPlan& plan, const Workspace* ws) {
  std::vector<NamedPoint> out;
  const FeatureTable* v = ws ? ws->layer(io::target_layer) : nullptr;
  const Column* name = v ? v->column("name") : nullptr;
  if (v != nullptr && name != nullptr && (v->crs == plan.crs || ws->metric_crs == plan.crs)) {
    const std::vector<std::string> county = county_suffixes(ws);
    for (size_t r = 0; r < v->size(); ++r)
      if (!v->geometry.is_empty(r) && !name->is_null(r)) out.push_back({name->as_text(r) + county[r], representative_point(v->geometry, r)});
  }
  if (out.empty())
    for (const auto& m : plan.movers) out.push_back({mover_label(m), m.point});
  return out;
}

std::vector<SitePlace> site_places(const RelocationPlan& plan, const Workspace* ws) {
  const std::vector<NamedPoint> near = places(plan, ws);
  auto to_lonlat = crs::Transformer::create(plan.crs, CrsRef::epsg(4490));
  std::vector<SitePlace> out(plan.sites.size());
  for (size_t i = 0; i < plan.sites.size(); ++i) {
    const Vec2 s = plan.sites[i].point;
    const NamedPoint* best = nullptr;
    double best_d = 0;
    for (const auto& n : near) {
      const double d = std::hypot(n.p.x - s.x, n.p.y - s.y);
      if (best == nullptr || d < best_d) best = &n, best_d = d;
    }
    if (best != nullptr)
      out[i].name = best_d < 300 ? best->name + "附近" : best->name + direction_zh(best->p, s) + " " + fixed(best_d / 1000.0, 1) + " km";
    else
      out[i].name = "安置点 " + plan.sites[i].label;
    if (to_lonlat) {
      if (auto ll = to_lonlat->transform_point(s)) out[i].lon = ll->x, out[i].lat = ll->y;
    }
  }
  return out;
}

// Exclusion words: "slope; basic_farmland" -> "坡度超限、永久基本农田".
std::string exclusions_zh(const std::string& english) {
  std::string out;
  for (int k = 0; k < k_exclusion_kinds; ++k) {
    const auto e = static_cast<Exclusion>(k);
    const std::string word = to_string(e);
    for (size_t at = english.find(word); at != std::string::npos; at = english.find(word, at + 1)) {
      const bool starts = at == 0 || english[at - 1] == ' ' || english[at - 1] == ';';
      const size_t end = at + word.size();
      if (starts && (end == english.size() || english[end] == ';')) {
        out += (out.empty() ? "" : "、") + std::string(to_string_zh(e));
        break;
      }
    }
  }
  return out;
}

std::string network_zh(const std::string& item) {
  static constexpr std::pair<const char*, const char*> k_words[] = {
      {"road", "硬化路"}, {"safe_water", "安全饮水"}, {"power", "电网"}, {"broadband", "宽带"}};
  for (const auto& [id, zh] : k_words)
    if (item == id) return zh;
  return "四网之一";
}

std::string net4_text(const Site& s) {
  std::string lacking;
  for (const auto& n : s.networks)
    if (!n.ok) lacking += (lacking.empty() ? "" : "、") + network_zh(n.item);
  if (lacking.empty()) return "四网齐全";
  return "缺" + lacking + (s.extension_cny > 0 ? "，需延伸 " + wan(s.extension_cny) : "");
}

size_t chosen_count(const RelocationPlan& plan) {
  return static_cast<size_t>(std::count_if(plan.sites.begin(), plan.sites.end(), [](const Site& s) { return s.chosen; }));
}

size_t considered_count(const RelocationPlan& plan) {
  return static_cast<size_t>(std::count_if(plan.sites.begin(), plan.sites.end(), [](const Site& s) { return s.considered; }));
}

double longest_trip_km(const RelocationPlan& plan) {
  double km = 0;
  for (const auto& f : plan.flows) km = std::max(km, f.distance_km);
  return km;
}

double mean_trip_km(const RelocationPlan& plan) {
  double hk = 0;
  for (const auto& f : plan.flows) hk += static_cast<double>(f.households) * f.distance_km;
  return plan.placed > 0 ? hk / static_cast<double>(plan.placed) : 0.0;
}

std::vector<int64_t> placed_per_mover(const RelocationPlan& plan) {
  std::vector<int64_t> placed(plan.movers.size(), 0);
  for (const auto& f : plan.flows) placed[f.mover] += f.households;
  return placed;
}

std::vector<std::string> unplaced_per_mover(const RelocationPlan& plan) {
  std::vector<std::string> why(plan.movers.size());
  for (const auto& u : plan.unplaced) why[u.mover] += (why[u.mover].empty() ? "" : "；") + unplaced_reason_zh(u, plan.params);
  return why;
}

// One line of the summary: a label and its value as text (HTML) and as a number (XLSX), and what
// the number is where the label alone does not say (the workbook's 说明 column, the page's small print).
struct Line {
  std::string label, text;
  double number = std::nan("");
  Style style = Style::count;
  std::string note = std::string();
};

// What the sites the solver did not see are: outside every village's nearest N candidates within
// the move limit (not "too far" in general: most lie within the limit, just behind nearer ones).
std::string not_considered_label(const RelocationPlan& plan) {
  const int32_t n = plan.params.sites_per_village;
  if (n <= 0) return "　　可建设但超出搬迁距离（未参与比选）";
  return "　　可建设但不在任一搬迁村最近的 " + std::to_string(n) + " 个候选之内（未参与比选）";
}

double household_km(const RelocationPlan& plan) {
  double hk = 0;
  for (const auto& f : plan.flows) hk += static_cast<double>(f.households) * f.distance_km;
  return hk;
}

double chosen_extension_cny(const RelocationPlan& plan) {
  double cny = 0;
  for (const auto& s : plan.sites)
    if (s.chosen) cny += s.extension_cny;
  return cny;
}

// The weight the comparison puts on distance: "每户每公里折 2 万元".
std::string distance_weight_zh(const RelocationPlan& plan) { return "每户每公里折 " + wan(plan.params.cny_per_household_km); }

std::string equivalent(double cny) { return "折合 " + wan(cny); }

// Who the 未安置户的代价 charges: "59 户 × 每户 100 万元；另 7 户在可达范围内没有可建设地块，不计代价" — the households
// with no site in reach are not in the solver's choice, so carry no penalty (tour 12 L7: 66 × 100 ≠ 5900).
std::string unplaced_charge_zh(const RelocationPlan& plan) {
  const double each = plan.params.unplaced_cny_per_household;
  const auto charged = each > 0 ? static_cast<int64_t>(std::llround(plan.unplaced_cny / each)) : 0;
  int64_t unplaced = 0;
  for (const auto& u : plan.unplaced) unplaced += u.households;
  std::string s = std::to_string(charged) + " 户 × 每户 " + wan(each);
  if (unplaced > charged) s += "；另 " + std::to_string(unplaced - charged) + " 户在可达范围内没有可建设的安置点，不在比选之中，不计代价";
  return s;
}

// The money to budget (建设投资: the chosen sites and their 四网 extension) is the total; the
// distance is shown in 户·公里 and, apart, as the equivalent the comparison of plans weighs it at
// (tour 10 G4: added to the money, it read as 万元 to be spent).
std::vector<Line> cost_lines(const RelocationPlan& plan) {
  const double ext = chosen_extension_cny(plan), hk = household_km(plan);
  std::vector<Line> out = {
      {"建设投资（万元）", wan(plan.site_cny), plan.site_cny / 1e4, Style::money_wan, "选定安置点的建设费用及四网延伸费用，是需要安排的资金"},
      {"　其中 安置点建设（万元）", wan(plan.site_cny - ext), (plan.site_cny - ext) / 1e4, Style::money_wan},
      {"　其中 四网延伸（万元）", wan(ext), ext / 1e4, Style::money_wan},
      {"搬迁距离合计（户·公里）", fixed(hk, 1) + " 户·公里", hk, Style::number1, "各迁出村的搬迁户数 × 到安置点的距离，相加"},
      {"距离折算（比选用，不是投资；折合万元）", equivalent(plan.travel_cny) + "（" + distance_weight_zh(plan) + "）", plan.travel_cny / 1e4,
       Style::money_wan,
       "比选方案时给搬迁距离定的权重（" + distance_weight_zh(plan) +
           "，项目文件 [relocate] cny_per_household_km），代表离原耕地越远、生产生活越不便的长期代价；不是要花的钱，不计入建设投资"},
  };
  // Households left unplaced weigh in the comparison as the penalty the solver gave them; the 比选总代价 holds it,
  // on the same basis as its 下界 (tour 11 K32).
  if (plan.unplaced_cny > 0)
    out.push_back({"未安置户的代价（比选用，不是投资；折合万元）", equivalent(plan.unplaced_cny) + "（" + unplaced_charge_zh(plan) + "）",
                   plan.unplaced_cny / 1e4, Style::money_wan,
                   "求解时给每个未安置户定的代价（项目文件 [relocate] unplaced_cny_per_household），使方案尽量安置；不是要花的钱"});
  const std::vector<Line> rest = {
      {plan.unplaced_cny > 0 ? "比选总代价（建设投资 + 距离折算 + 未安置户的代价，折合万元）" : "比选总代价（建设投资 + 距离折算，折合万元）",
       equivalent(plan.objective_cny), plan.objective_cny / 1e4, Style::money_wan, "求解时最小化的量，只用于比较方案，不是投资额"},
      {"比选总代价的下界（任何方案都不低于它，折合万元）", equivalent(plan.lower_bound_cny), plan.lower_bound_cny / 1e4, Style::money_wan},
      {"与下界的差距（本方案的比选总代价最多比最优方案高）", report::value_text(plan.gap, report::Unit::share), plan.gap, Style::percent},
  };
  out.insert(out.end(), rest.begin(), rest.end());
  return out;
}

std::vector<Line> summary_lines(const RelocationPlan& plan) {
  const auto n = [](auto v) { return static_cast<double>(v); };
  const size_t sites = plan.sites.size(), considered = considered_count(plan);
  std::vector<Line> out = {
      {"搬迁村数", std::to_string(plan.movers.size()) + " 个", n(plan.movers.size())},
      {"搬迁户数", std::to_string(plan.households) + " 户", n(plan.households)},
      {"已安置户数", std::to_string(plan.placed) + " 户", n(plan.placed)},
      {"未安置户数", std::to_string(plan.households - plan.placed) + " 户", n(plan.households - plan.placed)},
      {"候选地块", std::to_string(plan.candidates) + " 块", n(plan.candidates)},
      {"　其中 全部不可建设（见“排除地块”）", std::to_string(plan.excluded.size()) + " 块", n(plan.excluded.size())},
      {"　其中 可建设", std::to_string(sites) + " 块", n(sites)},
      {not_considered_label(plan), std::to_string(sites - considered) + " 块", n(sites - considered)},
      {"　　参与比选", std::to_string(considered) + " 块", n(considered)},
      {"选定安置点", std::to_string(chosen_count(plan)) + " 个", n(chosen_count(plan))},
  };
  for (auto& line : cost_lines(plan)) out.push_back(std::move(line));
  const std::vector<Line> rest = {
      {"最远搬迁距离（km）", fixed(longest_trip_km(plan), 1) + " km", longest_trip_km(plan), Style::number1},
      {"户均搬迁距离（km）", fixed(mean_trip_km(plan), 1) + " km", mean_trip_km(plan), Style::number1},
      {"计算方法", method_zh(plan)},
      {"坡度检查", plan.slope_used ? "已按高程数据检查坡度" : "未检查（没有高程数据）"},
      {"最多安置点数", plan.params.max_sites > 0 ? std::to_string(plan.params.max_sites) + " 个" : "不限（按成本决定）"},
      {"整村安置（不拆分）", plan.params.single_source ? "是" : "否"},
  };
  out.insert(out.end(), rest.begin(), rest.end());
  return out;
}

std::string bound_sentence(const RelocationPlan& plan) {
  return "建设投资是需要安排的资金。比选方案时，每个方案的比选总代价 = 建设投资 + 距离折算（" + distance_weight_zh(plan) +
         "）：距离折算只是比较方案用的权重，使方案不把群众搬得离原耕地太远，不是要花的钱。比选总代价的下界是计算中证明的下限："
         "没有哪个方案的比选总代价能低于它；本方案与下界的差距，就是本方案最多比最优方案差的比例。";
}

}  // namespace

std::string mover_reason_zh(const Mover& m) {
  std::vector<std::string> parts;
  if (m.listed_households > 0) parts.push_back("村上报需搬迁 " + std::to_string(m.listed_households) + " 户");
  if (!m.hazard_kind.empty())
    parts.push_back(std::isnan(m.hazard_share) ? "村点位于" + report::kind_label(m.hazard_kind) + "隐患区（按村点判定，需实地核实）"
                                               : "位于" + report::kind_label(m.hazard_kind) + "隐患区（隐患区占村域 " +
                                                     report::value_text(m.hazard_share, report::Unit::share) + "）");
  if (std::isfinite(m.small_village_incidence))
    parts.push_back("小村且贫困发生率 " + report::value_text(m.small_village_incidence, report::Unit::share));
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "；") + p;
  if (m.listed_households <= 0 && !parts.empty()) out += "，整村搬迁（" + std::to_string(m.households) + " 户）";
  return out.empty() ? "村上报需搬迁" : out;
}

std::string net4_status_zh(const Site& s) { return net4_text(s); }

std::string unplaced_reason_zh(const Unplaced& u, const RelocateParams& params) {
  const std::string km = fixed(params.max_travel_km, 0) + " km";
  if (u.reason.rfind("no buildable site", 0) == 0) return km + " 内没有可建设的安置点";
  if (u.reason.rfind("capacity", 0) == 0) return km + " 内的安置点已住满";
  if (u.reason.rfind("cost", 0) == 0) return "在 " + km + " 内新建或延伸安置点的成本高于每户 " + wan(params.unplaced_cny_per_household) + " 的上限";
  return "未能安置";
}

std::string method_zh(const RelocationPlan& plan) {
  std::string m = plan.method;
  std::string out;
  if (m.rfind("cbc", 0) == 0) out = "精确求解（整数规划）";
  else if (m.rfind("lagrangian", 0) == 0) out = "拉格朗日松弛启发式：先算出成本下限，再逐步改进方案";
  else if (m.rfind("transportation", 0) == 0 || m.rfind("single-source-assignment", 0) == 0) out = "按距离和容量直接分配（所有安置点都开放）";
  else out = "启发式求解";
  if (m.find("single-source") != std::string::npos) out += "，每村整体安置在一处";
  return out + (plan.proven_optimal ? "；已证明是最优方案" : "");
}

namespace {

std::vector<uint32_t> considered_sites(const RelocationPlan& plan) {
  std::vector<uint32_t> order;
  for (uint32_t i = 0; i < plan.sites.size(); ++i)
    if (plan.sites[i].considered) order.push_back(i);
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return plan.sites[a].chosen && !plan.sites[b].chosen; });
  return order;
}

std::vector<std::string> arrivals(const RelocationPlan& plan, const Workspace* ws) {
  const std::vector<std::string> counties = county_suffixes(ws);
  std::vector<std::string> from(plan.sites.size());
  for (const auto& f : plan.flows) {
    auto& v = from[f.site];
    v += (v.empty() ? "" : "、") + mover_label(plan.movers[f.mover], counties) + " " + std::to_string(f.households) + " 户（" + fixed(f.distance_km, 1) + " km）";
  }
  return from;
}

// "九有县（合成） 易地扶贫搬迁安置方案": whose plan a forwarded document is (tour 11 K14).
std::string plan_title(const Workspace* ws) {
  return (ws != nullptr && !ws->name.empty() ? ws->name + " " : std::string()) + "易地扶贫搬迁安置方案";
}

void summary_sheet(report::Workbook& wb, const RelocationPlan& plan, const Workspace* ws) {
  Sheet sh = wb.add_sheet("概要");
  sh.header(0, {"项目", "数值", "说明"});
  uint32_t r = 1;
  sh.text(r, 0, "方案");
  sh.text(r++, 2, plan_title(ws), Style::wrap);
  for (const auto& n : plan.notes.entries())  // above the figures: they rest on the data it names (tour 12 L28)
    if (first_read(n)) {
      sh.text(r, 0, "请先看");
      sh.text(r++, 2, note_text(n), Style::wrap);
    }
  for (const auto& line : summary_lines(plan)) {
    sh.text(r, 0, line.label);
    if (std::isfinite(line.number)) sh.number(r, 1, line.number, line.style);
    else sh.text(r, 2, line.text, Style::wrap);
    if (!line.note.empty()) sh.text(r, 2, line.note, Style::wrap);
    ++r;
  }
  sh.text(r++, 2, bound_sentence(plan), Style::wrap);
  for (const auto& n : plan.notes.entries())
    if (!first_read(n)) sh.text(r++, 2, n.message, Style::wrap);
  sh.column_width(0, 0, 36);
  sh.column_width(1, 1, 14);
  sh.column_width(2, 2, 70);
}

void sites_sheet(report::Workbook& wb, const RelocationPlan& plan, const std::vector<SitePlace>& where, const Workspace* ws) {
  Sheet sh = wb.add_sheet("安置点");
  sh.header(0, {"安置点（位置）", "编号", "经度", "纬度", "选定", "容量（户）", "安置户数", "可建设面积（m²）", "适宜性（0-100）", "四网",
                "四网延伸（万元）", "安置点成本（万元）", "距学校（km）", "距卫生室（km）", "距乡镇驻地（km）", "距原村耕地（km）", "部分受限",
                "迁入村"});
  const auto from = arrivals(plan, ws);
  uint32_t r = 1;
  const auto km = [&](uint16_t c, double v) {
    if (v >= 0) sh.number(r, c, v, Style::number1);
  };
  for (const uint32_t i : considered_sites(plan)) {
    const Site& s = plan.sites[i];
    sh.text(r, 0, where[i].name);
    sh.text(r, 1, s.label);
    sh.number(r, 2, where[i].lon, Style::degrees);
    sh.number(r, 3, where[i].lat, Style::degrees);
    sh.text(r, 4, s.chosen ? "是" : "");
    sh.number(r, 5, static_cast<double>(s.capacity), Style::count);
    sh.number(r, 6, static_cast<double>(s.assigned), Style::count);
    sh.number(r, 7, s.buildable_m2, Style::count);
    sh.number(r, 8, s.score, Style::number1);
    sh.text(r, 9, net4_text(s));
    sh.money_wan(r, 10, s.extension_cny);
    sh.money_wan(r, 11, s.fixed_cny);
    km(12, s.school_km);
    km(13, s.clinic_km);
    km(14, s.township_km);
    km(15, s.fields_km);
    sh.text(r, 16, exclusions_zh(s.partly_excluded));
    sh.text(r, 17, from[i]);
    ++r;
  }
  sh.column_width(0, 0, 24);
  sh.column_width(1, 16, 11);
  sh.column_width(17, 17, 60);
}

void flows_sheet(report::Workbook& wb, const RelocationPlan& plan, const std::vector<SitePlace>& where) {
  Sheet sh = wb.add_sheet("搬迁流向");
  sh.header(0, {"迁出村代码", "迁出村", "安置点", "户数", "距离（km）", "距离的算法"});
  uint32_t r = 1;
  for (const auto& f : plan.flows) {
    const Mover& m = plan.movers[f.mover];
    sh.text(r, 0, m.code);
    sh.text(r, 1, m.name);
    sh.text(r, 2, where[f.site].name);
    sh.number(r, 3, static_cast<double>(f.households), Style::count);
    sh.number(r, 4, f.distance_km, Style::number1);
    sh.text(r, 5, f.by_network ? "沿公路" : "直线距离 × 绕行系数");
    ++r;
  }
  sh.column_width(0, 2, 20);
  sh.column_width(5, 5, 20);
}

void movers_sheet(report::Workbook& wb, const RelocationPlan& plan) {
  Sheet sh = wb.add_sheet("搬迁对象");
  sh.header(0, {"代码", "名称", "搬迁户数", "搬迁原因", "已安置", "未安置", "未安置原因"});
  const auto placed = placed_per_mover(plan);
  const auto why = unplaced_per_mover(plan);
  for (size_t j = 0; j < plan.movers.size(); ++j) {
    const Mover& m = plan.movers[j];
    const auto r = static_cast<uint32_t>(j + 1);
    sh.text(r, 0, m.code);
    sh.text(r, 1, m.name);
    sh.number(r, 2, static_cast<double>(m.households), Style::count);
    sh.text(r, 3, mover_reason_zh(m));
    sh.number(r, 4, static_cast<double>(placed[j]), Style::count);
    sh.number(r, 5, static_cast<double>(m.households - placed[j]), Style::count);
    sh.text(r, 6, why[j]);
  }
  sh.column_width(0, 1, 16);
  sh.column_width(3, 3, 44);
  sh.column_width(6, 6, 40);
}

void excluded_sheet(report::Workbook& wb, const RelocationPlan& plan) {
  Sheet sh = wb.add_sheet("排除地块");
  sh.header(0, {"编号", "不能建设的原因"});
  uint32_t r = 1;
  for (const auto& x : plan.excluded) {
    sh.text(r, 0, x.label);
    sh.text(r++, 1, x.reasons_zh);
  }
  sh.column_width(0, 0, 14);
  sh.column_width(1, 1, 60);
}

}  // namespace

Result<void> write_relocation_xlsx(const std::string& path, const RelocationPlan& plan, const Workspace* ws) {
  auto wb = report::Workbook::create(path);
  if (!wb) return tl::unexpected(wb.error());
  const auto where = site_places(plan, ws);
  summary_sheet(*wb, plan, ws);
  sites_sheet(*wb, plan, where, ws);
  flows_sheet(*wb, plan, where);
  movers_sheet(*wb, plan);
  excluded_sheet(*wb, plan);
  return wb->close();
}

namespace {

void sites_table(std::ostringstream& o, const RelocationPlan& plan, const std::vector<SitePlace>& where, const Workspace* ws) {
  o << "<h2>选定安置点</h2>\n<table>"
    << report::table_head({"安置点（编号）", "坐标", "安置户数 / 容量", "四网", "安置点成本", "到学校、卫生室、乡镇驻地", "迁入村（户数、距离）"});
  const auto from = arrivals(plan, ws);
  auto km = [](double v) { return v >= 0 ? fixed(v, 1) + " km" : std::string("—"); };
  for (uint32_t i = 0; i < plan.sites.size(); ++i) {
    const Site& s = plan.sites[i];
    if (!s.chosen) continue;
    const SitePlace& w = where[i];
    const std::string lonlat = std::isfinite(w.lon) ? "东经 " + fixed(w.lon, 5) + "°<br>北纬 " + fixed(w.lat, 5) + "°" : std::string("—");
    o << "<tr><td style=\"min-width:28mm\">" << html_escape(w.name) << "<br><span class=meta>" << html_escape(s.label) << "</span></td>"
      << "<td class=n>" << lonlat << "</td>" << td_num(std::to_string(s.assigned) + " / " + std::to_string(s.capacity) + " 户") << td(net4_text(s))
      << td_num(wan(s.fixed_cny)) << "<td class=n>学校 " << km(s.school_km) << "<br>卫生室 " << km(s.clinic_km) << "<br>乡镇驻地 " << km(s.township_km)
      << "</td>" << td(from[i]) << "</tr>\n";
  }
  o << "</table>\n";
}

void movers_table(std::ostringstream& o, const RelocationPlan& plan, const Workspace* ws) {
  const std::vector<std::string> counties = county_suffixes(ws);
  o << "<h2>搬迁对象</h2>\n<table>" << report::table_head({"村", "搬迁户数", "搬迁原因", "未安置户数", "未安置原因"});
  const auto placed = placed_per_mover(plan);
  const auto why = unplaced_per_mover(plan);
  for (size_t j = 0; j < plan.movers.size(); ++j) {
    const Mover& m = plan.movers[j];
    const int64_t left = m.households - placed[j];
    o << "<tr" << (left > 0 ? " class=warn" : "") << ">" << td(mover_label(m, counties)) << td_num(std::to_string(m.households)) << td(mover_reason_zh(m))
      << td_num(std::to_string(left)) << td(why[j]) << "</tr>\n";
  }
  o << "</table>\n";
}

void exclusions_table(std::ostringstream& o, const RelocationPlan& plan) {
  std::vector<int64_t> per_kind(k_exclusion_kinds, 0);
  int64_t too_small = 0;
  for (const auto& x : plan.excluded) {
    for (int k = 0; k < k_exclusion_kinds; ++k)
      if (x.reasons_zh.find(to_string_zh(static_cast<Exclusion>(k))) != std::string::npos) ++per_kind[static_cast<size_t>(k)];
    too_small += x.reasons_zh.find("不足一户") != std::string::npos ? 1 : 0;
  }
  o << "<h2>不能建设的地块（“四避开”）</h2>\n<p>候选地块 " << plan.candidates << " 块 = 可建设 " << plan.sites.size() << " 块 + 全部不可建设 "
    << plan.excluded.size() << " 块。一块地可能同时受几类限制，所以下表各类相加可以多于 " << plan.excluded.size() << " 块。</p>\n<table>"
    << report::table_head({"限制", "涉及的不可建设地块"});
  for (int k = 0; k < k_exclusion_kinds; ++k)
    if (per_kind[static_cast<size_t>(k)] > 0) o << "<tr>" << td(to_string_zh(static_cast<Exclusion>(k))) << td_num(std::to_string(per_kind[static_cast<size_t>(k)]) + " 块") << "</tr>\n";
  if (too_small > 0) o << "<tr>" << td("可建设面积不足一户") << td_num(std::to_string(too_small) + " 块") << "</tr>\n";
  o << "</table>\n";
}

}  // namespace

std::string relocation_html(const RelocationPlan& plan, const Workspace* ws) {
  const auto where = site_places(plan, ws);
  std::ostringstream o;
  o << "<div class=summary>\n<h1>" << html_escape(plan_title(ws)) << "</h1>\n";
  for (const auto& n : plan.notes.entries())  // above everything: the plan rests on the data it names (tour 12 L28)
    if (first_read(n)) o << "<p class=note><b>" << html_escape(note_text(n)) << "</b></p>\n";
  o << "<h2>概要</h2>\n<table>";
  for (const auto& line : summary_lines(plan))
    o << "<tr><th>" << html_escape(line.label) << "</th><td>" << html_escape(line.text)
      << (line.note.empty() ? std::string() : "<br><span class=meta>" + html_escape(line.note) + "</span>") << "</td></tr>\n";
  o << "</table>\n<p class=note>" << html_escape(bound_sentence(plan)) << "</p>\n";
  for (const auto& n : plan.notes.entries())
    if (!first_read(n)) o << "<p class=note>说明：" << html_escape(n.message) << "</p>\n";
  std::vector<std::string> site_names;
  for (const SitePlace& w : where) site_names.push_back(w.name);
  o << relocation_sketch(plan, site_names, ws);
  o << "</div>\n";
  sites_table(o, plan, where, ws);
  movers_table(o, plan, ws);
  exclusions_table(o, plan);
  return report::html_page(plan_title(ws), o.str());
}

Result<void> write_relocation_outputs(const std::string& dir, const RelocationPlan& plan, const Workspace* ws) {
  util::AtomicDirectory out(dir);
  if (auto ok = out.prepare(); !ok) return ok;
  const RelocationLayers layers = relocation_layers(plan);
  const FeatureTable* tables[] = {&layers.sites, &layers.excluded, &layers.flows, &layers.movers};
  if (auto ok = io::write_layers(out.add("relocation.gpkg"), tables); !ok) return ok;
  if (auto ok = write_relocation_xlsx(out.add("relocation.xlsx"), plan, ws); !ok) return ok;
  if (auto ok = report::write_text_file(out.add("relocation.html"), relocation_html(plan, ws)); !ok) return ok;
  return out.commit();
}

}  // namespace jiuyou::plan
