#include "gis/io/schema.hpp"
#include "gis/app/invest_rows.hpp"

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
  r.place = ew.village_township(p.village) + " " + vname;
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

TownshipTable township_table(const InvestRun& run, const Names& ew) {
  const FeatureTable& villages = *run.ws.layer(io::target_layer);
  std::map<std::string, TownshipRow> rows;
  std::map<std::string, std::string> first_code;  // per township: its least village code (the township's code leads it)
  for (size_t v = 0; v < villages.size(); ++v) {
    const std::string code = ew.village_code(v);
    auto [at, fresh] = first_code.emplace(ew.village_township(v), code);
    if (!fresh && !code.empty() && (at->second.empty() || code < at->second)) at->second = code;
    TownshipRow& r = rows[ew.village_township(v)];
    ++r.villages;
    r.now += run.check.verdict[v] == indicators::Outcome::pass;
    r.plan += run.exit_year[v] != 0;
  }
  for (size_t j = 0; j < run.plan.chosen.size(); ++j)
    if (run.plan.chosen[j]) rows[ew.village_township(run.candidates.projects[j].village)].cost_cny += run.candidates.projects[j].cost_cny;
  TownshipTable t;
  t.total.township = "合计";
  std::vector<double> wan;
  for (auto& [name, r] : rows) {
    r.township = name;
    t.total.villages += r.villages, t.total.now += r.now, t.total.plan += r.plan, t.total.cost_cny += r.cost_cny;
    t.rows.push_back(std::move(r));
  }
  // By township code (the villages' codes), as a county lists them; townships without codes last, by name.
  std::stable_sort(t.rows.begin(), t.rows.end(), [&](const TownshipRow& a, const TownshipRow& b) {
    const std::string &ca = first_code[a.township], &cb = first_code[b.township];
    if (ca.empty() != cb.empty()) return cb.empty();
    return ca < cb;
  });
  for (const TownshipRow& r : t.rows) wan.push_back(r.cost_cny / 1e4);
  const std::vector<double> rounded = round_to_total(wan, 2);
  for (size_t i = 0; i < t.rows.size(); ++i) t.rows[i].cost_wan = rounded[i];
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
