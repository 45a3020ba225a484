#include "gis/app/invest_rows.hpp"

#include "gis/io/codes.hpp"
#include "gis/io/schema.hpp"
#include "gis/report/report_text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <numeric>
#include <set>

namespace jiuyou::app::invest_out {

std::string fmt(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

// "（第2段）" when the plan builds more than one project of this kind in this village (a 项目库 needs unique
// names): numbered in the plan's order (by year); empty otherwise.
std::string part_suffix(const InvestRun& run, size_t j) {
  const auto& p = run.candidates.projects[j];
  if (j >= run.plan.chosen.size() || !run.plan.chosen[j]) return {};
  size_t n = 0, k = 0;
  for (const size_t i : chosen_by_year(run)) {
    const auto& q = run.candidates.projects[i];
    if (q.village != p.village || q.build != p.build) continue;
    ++n;
    if (i == j) k = n;
  }
  if (n < 2) return {};
  return "（第" + std::to_string(k) + (p.geometry.size() >= 2 ? "段）" : "处）");
}

ProjectRow project_row(const InvestRun& run, size_t j, const Names& ew) {
  const auto& p = run.candidates.projects[j];
  const auto& b = run.costs.builds[p.build];
  const FeatureTable& villages = *run.ws.layer(io::target_layer);
  ProjectRow r;
  const std::string vname = ew.village_name(p.village);
  r.name = vname + b.name_zh + part_suffix(run, j);
  r.content = b.content_zh + (p.route_zh.empty() ? std::string() : "（" + p.route_zh + "）");
  // Several counties: the county too, since both may have a 永铺镇 (tour 11 K33).
  const std::string county = p.village < run.village_county.size() ? run.village_county[p.village] : std::string();
  r.place = county + ew.village_township(p.village) + " " + vname;
  r.scale = p.geometry.size() >= 2 ? fmt("%.2f 公里", p.size / 1000) : std::string("1 处");
  if (p.lift_m > 0) r.scale += fmt("，提水扬程 %.0f 米", p.lift_m);
  r.cost = p.cost_cny;
  r.year = run.schedule.project_year.size() > j ? run.schedule.project_year[j] : 0;
  std::set<uint32_t> seen;
  std::set<std::string> items;
  const Column* poor = villages.column("poor_population");
  for (const uint32_t k : p.needs) {
    const auto& n = run.candidates.needs[k];
    items.insert(run.check.rules.items[n.item].name_zh);
    if (!seen.insert(n.village).second) continue;
    r.villages += (r.villages.empty() ? "" : "、") + ew.village_name(n.village);
    r.poor += poor != nullptr ? poor->number(n.village).value_or(0) : 0;
  }
  for (const auto& i : items) r.items += (r.items.empty() ? "" : "、") + i;
  return r;
}

std::vector<double> round_to_total(const std::vector<double>& values, int decimals) {
  const double scale = std::pow(10.0, decimals);
  std::vector<double> out(values.size());
  const bool finite = std::all_of(values.begin(), values.end(), [](double v) { return std::isfinite(v); });
  if (!finite) {
    std::transform(values.begin(), values.end(), out.begin(), [&](double v) { return std::round(v * scale) / scale; });
    return out;
  }
  std::vector<double> floors(values.size());
  std::transform(values.begin(), values.end(), floors.begin(), [&](double v) { return std::floor(v * scale); });
  const double total = std::round(std::accumulate(values.begin(), values.end(), 0.0) * scale);
  auto left = static_cast<long long>(total - std::accumulate(floors.begin(), floors.end(), 0.0));  // 0 .. values.size()
  std::vector<size_t> order(values.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return values[a] * scale - floors[a] > values[b] * scale - floors[b]; });
  for (const size_t i : order)
    if (left-- > 0) floors[i] += 1;
  std::transform(floors.begin(), floors.end(), out.begin(), [&](double units) { return units / scale; });
  return out;
}

namespace {

bool digits(const std::string& s, size_t n) { return s.size() == n && s.find_first_not_of("0123456789") == std::string::npos; }

// The township of village `v` as a key: its 9-digit code (the township field when it is one, else the
// village code's prefix), else its county and the field's text.
std::string township_key(const FeatureTable& villages, size_t v, const std::string& county) {
  const std::string field = report::detail::village_text(&villages, "township", v);
  if (digits(field, 9)) return field;
  const std::string code = report::detail::village_text(&villages, "code", v);
  if (digits(code, 12)) return code.substr(0, 9);
  return county + "|" + field;
}

// The label of each township row: its name, with "（县，代码）" where another row has the same name
// (the county only where the two lie in different counties), as check's report.html 乡镇汇总.
void label_rows(std::vector<TownshipRow>& rows, const std::vector<std::string>& codes) {
  std::map<std::string, std::set<std::string>> counties_of;
  std::map<std::string, size_t> named;
  for (const TownshipRow& r : rows) ++named[r.township], counties_of[r.township].insert(r.county);
  for (size_t i = 0; i < rows.size(); ++i) {
    TownshipRow& r = rows[i];
    r.label = r.township.empty() ? "（未填乡镇）" : r.township;
    if (named[r.township] < 2) continue;
    std::string where = counties_of[r.township].size() > 1 && !r.county.empty() ? r.county : std::string();
    if (!codes[i].empty()) where += (where.empty() ? "" : "，") + codes[i];
    if (!where.empty()) r.label += "（" + where + "）";
  }
}

}  // namespace

std::vector<std::string> village_counties(const Workspace& ws) {
  const FeatureTable* villages = ws.layer(io::target_layer);
  std::vector<std::string> out(villages != nullptr ? villages->size() : 0);
  if (villages == nullptr) return out;
  const io::CountyNames known = io::project_counties(ws.layers);
  std::set<std::string> counties;
  for (size_t v = 0; v < out.size(); ++v) {
    const std::string code = report::detail::village_text(villages, "code", v);
    if (!digits(code, 12)) continue;
    const auto it = known.find(code.substr(0, 6));
    if (it != known.end()) counties.insert(it->first);
    out[v] = it != known.end() && !it->second.empty() ? it->second : code.substr(0, 6);
  }
  if (counties.size() < 2) std::fill(out.begin(), out.end(), std::string());
  return out;
}

TownshipTable township_table(const InvestRun& run, const Names& ew) {
  const FeatureTable& villages = *run.ws.layer(io::target_layer);
  const auto county_of = [&](size_t v) { return v < run.village_county.size() ? run.village_county[v] : std::string(); };
  std::map<std::string, TownshipRow> rows;        // by township key (its code)
  std::map<std::string, std::string> first_code;  // per township: its least village code (the township's code leads it)
  std::vector<std::string> key_of(villages.size());
  for (size_t v = 0; v < villages.size(); ++v) {
    const std::string code = ew.village_code(v);
    key_of[v] = township_key(villages, v, county_of(v));
    auto [at, fresh] = first_code.emplace(key_of[v], code);
    if (!fresh && !code.empty() && (at->second.empty() || code < at->second)) at->second = code;
    TownshipRow& r = rows[key_of[v]];
    if (r.villages++ == 0) r.township = ew.village_township(v), r.county = county_of(v);
    r.now += run.check.verdict[v] == indicators::Outcome::pass;
    r.plan += run.exit_year[v] != 0;
  }
  for (size_t j = 0; j < run.plan.chosen.size(); ++j)
    if (run.plan.chosen[j]) rows[key_of[run.candidates.projects[j].village]].cost_cny += run.candidates.projects[j].cost_cny;
  TownshipTable t;
  t.total.township = t.total.label = "合计";
  std::vector<std::string> keys;
  for (auto& [key, r] : rows) {
    t.total.villages += r.villages, t.total.now += r.now, t.total.plan += r.plan, t.total.cost_cny += r.cost_cny;
    keys.push_back(key);
  }
  // By township code (the villages' codes), as a county lists them; townships without codes last, by name;
  // each county's townships together, the counties in the order of their first township.
  std::stable_sort(keys.begin(), keys.end(), [&](const std::string& a, const std::string& b) {
    const std::string &ca = first_code[a], &cb = first_code[b];
    if (ca.empty() != cb.empty()) return cb.empty();
    return ca < cb;
  });
  std::map<std::string, size_t> county_rank;
  for (const std::string& k : keys) county_rank.emplace(rows[k].county, county_rank.size());
  std::stable_sort(keys.begin(), keys.end(), [&](const std::string& a, const std::string& b) { return county_rank[rows[a].county] < county_rank[rows[b].county]; });
  std::vector<TownshipRow> townships;
  std::vector<std::string> codes;
  std::vector<double> wan;
  for (const std::string& k : keys) {
    codes.push_back(digits(k, 9) ? k : std::string());
    wan.push_back(rows[k].cost_cny / 1e4);
    townships.push_back(std::move(rows[k]));
  }
  const std::vector<double> rounded = round_to_total(wan, 2);
  for (size_t i = 0; i < townships.size(); ++i) townships[i].cost_wan = rounded[i];
  label_rows(townships, codes);
  std::map<std::string, std::string> label_of;
  for (size_t i = 0; i < keys.size(); ++i) label_of[keys[i]] = townships[i].label;
  for (size_t v = 0; v < villages.size(); ++v) t.village_label.push_back(label_of[key_of[v]]);
  for (size_t i = 0; i < townships.size(); ++i) {
    t.rows.push_back(townships[i]);
    const bool last_of_county = i + 1 == townships.size() || townships[i + 1].county != townships[i].county;
    if (county_rank.size() < 2 || !last_of_county) continue;
    TownshipRow sub;
    sub.subtotal = true;
    sub.county = townships[i].county;
    sub.township = sub.label = (sub.county.empty() ? std::string("县不明") : sub.county) + "小计";
    for (size_t k = i + 1; k-- > 0 && townships[k].county == sub.county;)
      sub.villages += townships[k].villages, sub.now += townships[k].now, sub.plan += townships[k].plan, sub.cost_cny += townships[k].cost_cny,
          sub.cost_wan += townships[k].cost_wan;
    sub.cost_wan = std::round(sub.cost_wan * 100) / 100;
    t.rows.push_back(std::move(sub));
  }
  t.total.cost_wan = std::round(t.total.cost_cny / 1e4 * 100) / 100;
  return t;
}

std::vector<size_t> chosen_by_year(const InvestRun& run) {
  std::vector<size_t> out;
  for (size_t j = 0; j < run.plan.chosen.size(); ++j)
    if (run.plan.chosen[j]) out.push_back(j);
  std::stable_sort(out.begin(), out.end(), [&](size_t a, size_t b) { return run.schedule.project_year[a] < run.schedule.project_year[b]; });
  return out;
}

YearTable year_table(const InvestRun& run) {
  YearTable t;
  double carried = 0;
  for (const auto& [year, budget] : run.years) {
    YearRow r{year, budget, 0, 0};
    for (size_t j = 0; j < run.plan.chosen.size(); ++j)
      if (run.plan.chosen[j] && run.schedule.project_year[j] == year) r.spent += run.instance.cost[j];
    carried += budget - r.spent;
    r.carried = std::max(0.0, carried);
    t.total.budget += budget;
    t.total.spent += r.spent;
    t.rows.push_back(r);
  }
  t.total.carried = t.rows.empty() ? 0 : t.rows.back().carried;
  return t;
}

const char* reach_zh(invest::Reach r) {
  switch (r) {
    case invest::Reach::ready: return "已达标";
    case invest::Reach::buildable: return "可通过工程达标";
    case invest::Reach::blocked: return "工程不能单独解决";
    case invest::Reach::unknown: return "缺数据，无法规划";
  }
  return "";
}

bool left_out_for_data(const InvestRun& run, size_t v) {
  return run.exit_year[v] == 0 && run.check.verdict[v] != indicators::Outcome::pass && run.candidates.villages[v].reach == invest::Reach::unknown;
}

LeftOutForData left_out_for_data_by_verdict(const InvestRun& run) {
  LeftOutForData n;
  for (size_t v = 0; v < run.check.village_count; ++v)
    if (left_out_for_data(run, v)) ++(run.check.verdict[v] == indicators::Outcome::unknown ? n.data_missing : n.failing);
  return n;
}

std::string why_not(const InvestRun& run, size_t v) {
  const std::string note = run.objective_note_zh.size() > v ? run.objective_note_zh[v] : std::string();
  if (run.exit_year[v] > 0) return note;
  const auto& vp = run.candidates.villages[v];
  const std::string why = vp.reach == invest::Reach::buildable ? std::string("预算内未安排") : vp.why_zh;
  return note.empty() ? why : why + "；" + note;
}

}  // namespace jiuyou::app::invest_out
