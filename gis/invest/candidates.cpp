#include "gis/io/schema.hpp"
#include "gis/invest/candidates.hpp"

#include "gis/invest/candidates_sites.hpp"
#include "gis/invest/candidates_upgrade.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <set>

#include "gis/indicators/expression.hpp"

namespace jiuyou::invest {
namespace {

using indicators::ItemKind;
using indicators::Outcome;

// What a village lacks, sorted into what construction fixes and what it does not.
struct Lacks {
  std::vector<uint32_t> buildable;        // item indices
  std::vector<std::string> blocked_zh;    // items no construction fixes
  std::vector<std::string> unknown_zh;    // items the data cannot judge: a value missing
  std::vector<std::string> implausible_zh;  // items the data cannot judge: every value they lack is in the file, made unknown by the loader
};

class NeedCollector {
 public:
  NeedCollector(const Workspace& ws, const indicators::CheckResult& check, const CostTable& costs)
      : m_check(check), m_costs(costs), m_villages(ws.layer(io::target_layer)) {
    for (size_t i = 0; i < check.item_count(); ++i) m_index[check.rules.items[i].id] = static_cast<uint32_t>(i);
    if (m_villages == nullptr) return;
    // The loader's value_set_unknown entries: a value in the file found implausible (the check says 数据不合理, not 缺少数据).
    for (const Issue& i : ws.issues.entries())
      if (i.code == "value_set_unknown" && i.layer == m_villages->name && i.feature >= 0) m_dropped.emplace(i.feature, i.field);
    if (m_dropped.empty()) return;
    m_expressions.resize(check.item_count());
    for (size_t i = 0; i < check.item_count(); ++i) {
      const auto& item = check.rules.items[i];
      if (item.kind != ItemKind::attribute) continue;
      auto e = indicators::Expression::parse(item.expression);
      if (e && e->bind(*m_villages)) m_expressions[i] = std::move(*e);
    }
  }

  Result<Lacks> collect(size_t village) const {
    Lacks lacks;
    for (size_t i = 0; i < m_check.item_count(); ++i)
      if (m_check.rules.items[i].required) TRY(visit(village, static_cast<uint32_t>(i), lacks, 0));
    return lacks;
  }

 private:
  Result<void> visit(size_t v, uint32_t i, Lacks& lacks, size_t depth) const {
    const auto& item = m_check.rules.items[i];
    const Outcome o = m_check.cell(v, i).outcome;
    if (o == Outcome::pass || depth > indicators::k_max_item_nesting) return {};
    if (o == Outcome::unknown) {
      (implausible_only(v, i) ? lacks.implausible_zh : lacks.unknown_zh).push_back(item.name_zh);
      return {};
    }
    if (item.kind == ItemKind::all_of) {
      for (const auto& child : item.children) TRY(visit(v, m_index.at(child), lacks, depth + 1));
      return {};
    }
    if (item.kind == ItemKind::any_of) {
      for (const auto& child : item.children)
        if (m_costs.find(child) != nullptr && m_check.cell(v, m_index.at(child)).outcome == Outcome::fail) return visit(v, m_index.at(child), lacks, depth + 1);
      lacks.blocked_zh.push_back(item.name_zh);
      return {};
    }
    if (item.kind == ItemKind::attribute) {
      lacks.blocked_zh.push_back(item.name_zh);
      return {};
    }
    if (m_costs.find(item.id) == nullptr)
      return error(ErrorCode::rules, "the cost table has no construction for item '" + item.id + "' (" + item.name_zh + "), which villages fail")
          .file(m_costs.file)
          .field(item.id)
          .hint("add [build." + item.id + "] with shape, into, cost, unit and [build." + item.id + ".feature] (see data/costs/default.toml)");
    lacks.buildable.push_back(i);
    return {};
  }

  // An attribute item unknown only because the loader set its values unknown as implausible: to be checked (核实), not filled in (补齐).
  [[nodiscard]] bool implausible_only(size_t v, uint32_t i) const {
    if (m_dropped.empty() || i >= m_expressions.size() || !m_expressions[i] || v >= m_villages->size()) return false;
    const std::vector<std::string> lacking = m_expressions[i]->null_fields(v);
    return !lacking.empty() && std::all_of(lacking.begin(), lacking.end(), [&](const std::string& f) { return m_dropped.count({m_villages->fid[v], f}) != 0; });
  }

  const indicators::CheckResult& m_check;
  const CostTable& m_costs;
  const FeatureTable* m_villages;
  std::map<std::string, uint32_t> m_index;
  std::set<std::pair<int64_t, std::string>> m_dropped;            // (village FID, field) the loader made unknown
  std::vector<std::optional<indicators::Expression>> m_expressions;  // per attribute item, bound to the villages
};

std::string joined(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : "、") + x;
  return s;
}

double polyline_distance(Vec2 p, const std::vector<Vec2>& line) {
  double d2 = std::numeric_limits<double>::infinity();
  for (size_t k = 0; k + 1 < line.size(); ++k) d2 = std::min(d2, point_segment_distance2(p.x, p.y, line[k].x, line[k].y, line[k + 1].x, line[k + 1].y));
  return std::sqrt(d2);
}

// The project for need n, or why none can be built.
std::optional<Project> project_for(const Workspace& ws, const indicators::CheckResult& check, const CostTable& costs, const Build* b, const Need& n,
                                   uint32_t need_index) {
  const auto& item = check.rules.items[n.item];
  const auto& cell = check.cell(n.village, n.item);
  Project p;
  p.build = static_cast<uint32_t>(b - costs.builds.data());
  p.village = n.village;
  p.needs = {need_index};
  if (b->shape == Shape::point) {
    const FeatureTable& villages = *ws.layer(io::target_layer);
    if (villages.geometry.is_empty(n.village)) return std::nullopt;
    p.geometry = {representative_point(villages.geometry, n.village)};
    // Water is judged from the village point (heights there): a water works stands on it.
    if (item.kind == ItemKind::water_convenience && std::isfinite(cell.from.x)) p.geometry = {cell.from};
    p.size = 1;
    p.cost_cny = b->cost_cny;
    return p;
  }
  if (!std::isfinite(cell.from.x) || !std::isfinite(cell.to.x)) return std::nullopt;  // no connected network to reach
  p.geometry = {cell.from, cell.to};
  p.size = std::hypot(cell.to.x - cell.from.x, cell.to.y - cell.from.y) * costs.detour_factor;
  if (item.kind == ItemKind::water_convenience && std::isfinite(cell.value) && item.max_vertical_m >= 0)
    p.lift_m = std::max(0.0, cell.value - item.max_vertical_m);
  p.cost_cny = p.size / 1000 * b->cost_cny + p.lift_m * b->lift_cny_per_m;
  p.route_zh = "按直线距离×绕行系数估算";
  return p;
}

// How near a new line must pass to fix an item: a network's distance, broadband's fibre
// distance (光纤到村); negative: a line does not fix other villages' item.
double line_reach(const indicators::Item& item) {
  if (item.kind == ItemKind::network_access) return item.max_distance_m;
  if (item.kind == ItemKind::coverage && !item.fiber_filter.empty()) return item.fiber_max_distance_m;
  return -1;
}

// A new connected line fixes the same item of every other village within reach of it.
void add_shared(const Workspace& ws, const indicators::CheckResult& check, const CostTable& costs, Candidates& c) {
  const FeatureTable& villages = *ws.layer(io::target_layer);
  std::vector<Vec2> at(villages.size());
  for (size_t v = 0; v < villages.size(); ++v)
    at[v] = villages.geometry.is_empty(v) ? Vec2{NAN, NAN} : representative_point(villages.geometry, v);
  for (uint32_t j = 0; j < c.projects.size(); ++j) {
    Project& p = c.projects[j];
    const Need own = c.needs[p.needs[0]];
    const auto& item = check.rules.items[own.item];
    const double reach = line_reach(item);
    if (reach < 0 || costs.builds[p.build].shape != Shape::line) continue;
    for (uint32_t k = 0; k < c.needs.size(); ++k) {
      const Need& other = c.needs[k];
      // its own village's needs of this item are all in p.needs already
      if (other.village == own.village || other.item != own.item || !std::isfinite(at[other.village].x)) continue;
      if (polyline_distance(at[other.village], p.geometry) > reach) continue;
      p.needs.push_back(k);
      c.fixers[k].push_back(j);
    }
  }
}

// A village no plan can make exit-ready: which of its data are missing (first: the plan counts it
// 缺数据, tour 11 K10) and what else it needs — with the buildable gaps it also has named, as the check's report names them (F15: "无法判断
// 还缺什么" for a village the check lists with three buildable gaps read as a contradiction).
void set_blocked(VillagePlan& vp, const Lacks& lacks, const indicators::CheckResult& check) {
  std::vector<std::string> buildable;
  for (const uint32_t i : lacks.buildable) buildable.push_back(check.rules.items[i].name_zh);
  const std::string also = buildable.empty() ? std::string{} : "；另缺可建设解决的 " + joined(buildable);
  const std::string blocked = lacks.blocked_zh.empty() ? std::string{} : "还需产业/集体经济等非工程措施：" + joined(lacks.blocked_zh);
  // A deciding item without data leaves it out of the plan (tour 11 K10); it is 缺数据 only where the data could
  // make it plannable — a village that also fails an item no project fixes stays 工程不能单独解决, the gap a side
  // note (tour 12 L16).
  // Data in the file that the loader found implausible is to be checked (核实), as the check says 数据不合理; only
  // missing data is to be filled in (补齐) (review item 5).
  std::string data;
  if (!lacks.unknown_zh.empty()) data = joined(lacks.unknown_zh) + " 数据不全";
  if (!lacks.implausible_zh.empty()) data += (data.empty() ? "" : "，") + joined(lacks.implausible_zh) + " 数据不合理（已按未知处理）";
  const char* before = lacks.implausible_zh.empty() ? "补齐" : lacks.unknown_zh.empty() ? "核实" : "补齐、核实";
  if (!data.empty() && blocked.empty()) {
    vp.reach = Reach::unknown;
    vp.implausible_data = !lacks.implausible_zh.empty();
    vp.why_zh = data + "，" + before + "前无法判断建设后能否出列" + also;
  } else {
    vp.reach = Reach::blocked;
    vp.why_zh = blocked + also + (data.empty() ? std::string{} : "；另 " + data);
  }
}

// Without a DEM a build with [path] stays a straight line × detour factor: said once.
void note_without_dem(const Workspace& ws, const CostTable& costs, Candidates& c) {
  if (ws.dem) return;
  for (const auto& p : c.projects)
    if (costs.builds[p.build].path.enabled && p.geometry.size() == 2) {
      c.notes.push_back(dem_absence_zh(ws.dem_unused) + "：新建道路和线路按直线 × 绕行系数 " + std::to_string(costs.detour_factor).substr(0, 4) +
                        " 计，不是沿地形的最小代价路径（" + dem_absence_hint(ws.dem_unused) + "）");
      return;
    }
}

// What can fix one failing (village, item): new construction, an upgrade route, or both.
struct Options {
  uint32_t village = 0;
  uint32_t item = 0;
  std::vector<Project> builds;     // the line along the gap line or the point in the village, and the alternatives (a water works)
  std::vector<RoutePiece> route;   // the upgrade route (empty: none)
};

// The needs of one (village, item): one per run of its upgrade route (all of
// them must be raised), or one. New construction fixes them all; each run's
// project (shared between villages whose routes pass it) fixes its own.
void add_options(const CostTable& costs, const indicators::CheckResult& check, Options& o, const std::vector<Run>& runs,
                 std::map<std::vector<uint64_t>, uint32_t>& run_project, Candidates& c) {
  const auto first = static_cast<uint32_t>(c.needs.size());
  const size_t count = std::max<size_t>(1, runs.size());
  for (size_t r = 0; r < count; ++r) {
    c.villages[o.village].needs.push_back(static_cast<uint32_t>(c.needs.size()));
    c.needs.push_back(Need{o.village, o.item});
    c.fixers.emplace_back();
  }
  for (Project& b : o.builds) {
    b.needs.clear();
    for (size_t r = 0; r < count; ++r) {
      b.needs.push_back(first + static_cast<uint32_t>(r));
      c.fixers[first + r].push_back(static_cast<uint32_t>(c.projects.size()));
    }
    c.projects.push_back(std::move(b));
  }
  const Build* up = costs.find_upgrade(check.rules.items[o.item].id);
  for (size_t r = 0; r < runs.size(); ++r) {
    auto [it, fresh] = run_project.try_emplace(runs[r].keys, static_cast<uint32_t>(c.projects.size()));
    if (fresh) {
      Project p;
      p.build = static_cast<uint32_t>(up - costs.builds.data());
      p.village = o.village;
      p.geometry = runs[r].line;
      p.size = runs[r].length_m;
      p.cost_cny = runs[r].cost_cny;
      c.projects.push_back(std::move(p));
    }
    c.projects[it->second].needs.push_back(first + static_cast<uint32_t>(r));
    c.fixers[first + r].push_back(it->second);
  }
}

}  // namespace

Result<Candidates> make_candidates(const Workspace& ws, const indicators::CheckResult& check, const CostTable& costs) {
  Candidates c;
  c.villages.resize(check.village_count);
  const NeedCollector collector(ws, check, costs);
  UpgradePlanner upgrades(ws, check, costs);
  std::vector<Options> options;
  for (uint32_t v = 0; v < check.village_count; ++v) {
    VillagePlan& vp = c.villages[v];
    if (check.verdict[v] == Outcome::pass) {
      vp.reach = Reach::ready;
      continue;
    }
    ASSIGN_OR_RETURN(const Lacks lacks, collector.collect(v));
    if (!lacks.blocked_zh.empty() || !lacks.unknown_zh.empty() || !lacks.implausible_zh.empty()) {
      set_blocked(vp, lacks, check);
      continue;
    }
    vp.reach = Reach::buildable;
    std::vector<std::string> unbuildable;
    std::vector<Options> mine;
    for (const uint32_t i : lacks.buildable) {
      Options o{v, i, {}, {}};
      const auto builds = costs.builds_for(check.rules.items[i].id);
      for (const Build* b : builds)
        if (b != builds.front() && ws.layer(b->into) == nullptr) continue;  // an alternative the project has no layer for
        else if (auto p = project_for(ws, check, costs, b, Need{v, i}, 0)) {
          upgrades.follow_roads(*p, i);
          upgrades.follow_terrain(*p, i);
          o.builds.push_back(std::move(*p));
        }
      ASSIGN_OR_RETURN(o.route, upgrades.route(v, i));
      if (o.builds.empty() && o.route.empty()) unbuildable.push_back(check.rules.items[i].name_zh);
      else mine.push_back(std::move(o));
    }
    if (!unbuildable.empty()) {
      vp.reach = Reach::blocked;
      vp.why_zh = "附近没有可接入的已连通网络：" + joined(unbuildable);
      continue;
    }
    for (auto& o : mine) options.push_back(std::move(o));
  }
  std::vector<const std::vector<RoutePiece>*> routes;
  for (const auto& o : options) routes.push_back(&o.route);
  const auto runs = split_runs(routes);
  std::map<std::vector<uint64_t>, uint32_t> run_project;
  for (size_t k = 0; k < options.size(); ++k) add_options(costs, check, options[k], runs[k], run_project, c);
  add_shared(ws, check, costs, c);
  TRY(add_tower_sites(ws, check, costs, c));
  note_without_dem(ws, costs, c);
  return c;
}

void keep_confirmed(Candidates& c, const indicators::CheckResult& rechecked) {
  std::vector<Project> kept;
  for (auto& p : c.projects) {
    const Need own = c.needs[p.needs[0]];
    if (rechecked.cell(own.village, own.item).outcome != Outcome::pass) continue;
    std::vector<uint32_t> confirmed;
    for (const uint32_t k : p.needs)
      if (rechecked.cell(c.needs[k].village, c.needs[k].item).outcome == Outcome::pass) confirmed.push_back(k);
    p.needs = std::move(confirmed);
    kept.push_back(std::move(p));
  }
  c.projects = std::move(kept);
  for (auto& f : c.fixers) f.clear();
  for (uint32_t j = 0; j < c.projects.size(); ++j)
    for (const uint32_t k : c.projects[j].needs) c.fixers[k].push_back(j);
  for (auto& vp : c.villages) {
    if (vp.reach != Reach::buildable) continue;
    std::vector<std::string> unfixed;
    for (const uint32_t k : vp.needs)
      if (c.fixers[k].empty()) unfixed.push_back(rechecked.rules.items[c.needs[k].item].name_zh);
    if (unfixed.empty()) continue;
    vp.reach = Reach::blocked;
    vp.why_zh = "候选工程经复核仍不达标：" + joined(unfixed);
  }
}

}  // namespace jiuyou::invest
