// The sites the solver sees: their 四网 through the village check (a failing item's distance is
// the length to extend, costed per km), the nearest school, clinic and township seat, the
// fields distance of their catchment, and the suitability score.
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include "gis/io/schema.hpp"
#include "gis/indicators/check.hpp"
#include "gis/relocate/stages.hpp"

namespace jiuyou::plan::detail {

double part_score(double km, double zero_km) { return km < 0 ? 0.0 : std::max(0.0, 1.0 - km / zero_km); }

void Scoring::score(Site& s) const {
  s.score_fields = part_score(s.fields_km, p->fields_zero_km);
  const double wsum =
      p->weight_road + p->weight_water + p->weight_power + p->weight_broadband + p->weight_school + p->weight_clinic + w_town + p->weight_fields;
  s.score = wsum > 0 ? 100.0 *
                           (p->weight_road * s.score_road + p->weight_water * s.score_water + p->weight_power * s.score_power +
                            p->weight_broadband * s.score_broadband + p->weight_school * s.score_school + p->weight_clinic * s.score_clinic +
                            w_town * s.score_township + p->weight_fields * s.score_fields) /
                           wsum
                     : 0;
}

namespace {

// The network a rule item measures, for its per-km cost and its score part.
enum class Net { road, water, power, broadband };
Net network_of(const indicators::Item& item) {
  if (item.layer == "roads") return Net::road;
  if (item.layer == "water") return Net::water;
  if (item.layer == "power") return Net::power;
  return Net::broadband;
}
double cny_per_km(Net n, const RelocateParams& p) {
  switch (n) {
    case Net::road: return p.road_cny_per_km;
    case Net::water: return p.water_cny_per_km;
    case Net::power: return p.power_cny_per_km;
    case Net::broadband: return p.broadband_cny_per_km;
  }
  return p.broadband_cny_per_km;
}
double& score_part(Site& s, Net n) {
  switch (n) {
    case Net::road: return s.score_road;
    case Net::water: return s.score_water;
    case Net::power: return s.score_power;
    case Net::broadband: return s.score_broadband;
  }
  return s.score_broadband;
}

// The 四网 items of a rule set and the helper items they use.
indicators::RuleSet net4_rules(const indicators::RuleSet& rules) {
  indicators::RuleSet out = rules;
  out.items.clear();
  std::set<std::string> keep;
  std::vector<std::string> todo;
  for (const auto& it : rules.items)
    if (it.in_net4) todo.push_back(it.id);
  while (!todo.empty()) {
    const std::string id = todo.back();
    todo.pop_back();
    if (!keep.insert(id).second) continue;
    if (const auto* it = rules.item(id))
      for (const auto& ch : it->children) todo.push_back(ch);
  }
  for (const auto& it : rules.items)
    if (keep.count(it.id) != 0) out.items.push_back(it);
  return out;
}

// The check run on the considered sites' points as its targets, reading the workspace's other
// layers through a view (no copies; the villages layer is left out, as the sites stand in
// for no village).
Result<indicators::CheckResult> check_net4(const Workspace& ws, const indicators::RuleSet& net, const std::vector<uint32_t>& considered,
                                           const RelocationPlan& plan) {
  WorkspaceView view = WorkspaceView::of(ws);
  std::erase_if(view.layers, [](const FeatureTable* l) { return l->name == io::target_layer; });
  FeatureTable pts;
  pts.name = "sites";
  pts.crs = ws.metric_crs;
  pts.geometry.kind = GeometryKind::point;
  pts.add_column("code", FieldType::text);
  pts.add_column("name", FieldType::text);
  Column* c_code = pts.column("code");
  Column* c_name = pts.column("name");
  for (size_t k = 0; k < considered.size(); ++k) {
    const Site& s = plan.sites[considered[k]];
    pts.geometry.add_point_feature(s.point.x, s.point.y);
    pts.fid.push_back(static_cast<int64_t>(k));
    c_code->push_text(s.label);
    c_name->push_text(s.label);
  }
  return indicators::check_targets(view, pts, net);
}

struct Facilities {
  const FeatureTable* table = nullptr;
  std::vector<uint32_t> schools, clinics;
  std::vector<Vec2> seats;  // township seats: the townships layer's seat_village, found among the villages by code
};

Facilities facilities(const Workspace& ws, IssueLog& notes) {
  Facilities f;
  f.table = ws.layer("facilities");
  if (f.table != nullptr)
    if (const Column* kind = f.table->column("kind"); kind != nullptr)
      for (uint32_t r = 0; r < f.table->size(); ++r) {
        const std::string k = lower(kind->as_text(r));
        if (k == "school") f.schools.push_back(r);
        if (k == "clinic") f.clinics.push_back(r);
      }
  const FeatureTable* tw = ws.layer("townships");
  if (tw == nullptr) return f;
  const FeatureTable* villages = ws.layer(io::target_layer);
  const Column* seat = tw->column("seat_village");
  const Column* code = villages->column("code");
  if (seat != nullptr && code != nullptr) {
    std::map<std::string, uint32_t> by_code;
    for (uint32_t v = 0; v < villages->size(); ++v)
      if (!villages->geometry.is_empty(v)) by_code.emplace(code->as_text(v), v);
    for (uint32_t r = 0; r < tw->size(); ++r)
      if (auto it = by_code.find(seat->as_text(r)); it != by_code.end()) f.seats.push_back(representative_point(villages->geometry, it->second));
  }
  // Said as it is: a layer without the field has nothing to match (tour 14 N12: "都对不上" when there was no such field).
  const std::string effect = "无法确定乡镇驻地位置：安置点的适宜性评分没有计入到乡镇驻地的距离，“距乡镇驻地”一栏为空；";
  if (f.seats.empty() && seat == nullptr)
    note(notes, Severity::warning, "no_township_seats", "乡镇图层（townships）没有驻地村代码字段（seat_village），" + effect +
         "请在乡镇图层加上各乡镇驻地所在村的代码（与村图层 code 一致），并在项目文件的 [layers.townships.fields] 中写 seat_village = \"列名\"，然后重新计算", "townships");
  else if (f.seats.empty())
    note(notes, Severity::warning, "no_township_seats", "乡镇图层（townships）的驻地村代码（seat_village）与村图层的村代码都对不上，" + effect +
         "请在乡镇图层中填写各乡镇驻地所在村的代码（与村图层 code 一致）后重新计算", "townships");
  return f;
}

double nearest_km(const FeatureTable* fac, const std::vector<uint32_t>& rows, Vec2 p) {
  if (fac == nullptr || rows.empty()) return -1;
  double best = std::numeric_limits<double>::infinity();
  for (uint32_t r : rows) best = std::min(best, point_feature_distance(fac->geometry, r, p.x, p.y));
  return best / 1000.0;
}

// Each considered site's catchment: the villages that may move to it, nearest first, until
// their households fill its capacity; a chosen site's fields_km is set again from its flows.
void catchment_fields_km(const ReachTable& reach, const std::vector<uint32_t>& considered, RelocationPlan& plan) {
  std::vector<std::vector<std::pair<double, int64_t>>> catchment(plan.sites.size());
  for (size_t j = 0; j < reach.size(); ++j)
    for (const auto& r : reach[j]) catchment[r.site].emplace_back(r.km, plan.movers[j].households);
  for (uint32_t i : considered) {
    auto& c = catchment[i];
    std::sort(c.begin(), c.end());
    int64_t room = plan.sites[i].capacity;
    double held = 0, held_km = 0;
    for (const auto& [km, households] : c) {
      if (room <= 0) break;
      const int64_t take = std::min(room, households);
      room -= take;
      held += static_cast<double>(take);
      held_km += static_cast<double>(take) * km;
    }
    plan.sites[i].fields_km = held > 0 ? held_km / held : -1;
  }
}

// One site's 四网 status from its row of the check, with the extension costs and score parts.
void net4_status(const indicators::RuleSet& net, const indicators::CheckResult& checked, size_t row, const RelocateParams& p, Site& s) {
  for (size_t it = 0; it < net.items.size(); ++it) {
    const auto& item = net.items[it];
    if (!item.in_net4) continue;
    const auto& cell = checked.cell(row, it);
    NetworkStatus ns;
    ns.item = item.id;
    ns.ok = cell.outcome == indicators::Outcome::pass;
    ns.distance_m = std::isfinite(cell.distance_m) ? cell.distance_m : -1;
    const Net kind = network_of(item);
    if (!ns.ok) {
      ns.extend_km = ns.distance_m >= 0 ? ns.distance_m / 1000.0 : p.unknown_network_km;
      ns.extend_cny = ns.extend_km * cny_per_km(kind, p);
    }
    s.net4_ok += ns.ok ? 1 : 0;
    s.extension_cny += ns.extend_cny;
    score_part(s, kind) = ns.ok ? 1.0 : part_score(ns.extend_km, p.score_zero_km);
    s.networks.push_back(std::move(ns));
  }
}

void facility_distances(const Facilities& f, const RelocateParams& p, Site& s) {
  s.school_km = nearest_km(f.table, f.schools, s.point);
  s.clinic_km = nearest_km(f.table, f.clinics, s.point);
  s.score_school = part_score(s.school_km, p.score_zero_km);
  s.score_clinic = part_score(s.clinic_km, p.score_zero_km);
  if (f.seats.empty()) return;
  double best = std::numeric_limits<double>::infinity();
  for (const Vec2 q : f.seats) best = std::min(best, std::hypot(q.x - s.point.x, q.y - s.point.y));
  s.township_km = best / 1000.0;
  s.score_township = part_score(s.township_km, p.score_zero_km);
}

}  // namespace

Result<Scoring> check_sites(const Workspace& ws, const indicators::RuleSet& rules, const RelocateParams& p,
                            const std::vector<uint32_t>& considered, const ReachTable& reach, RelocationPlan& plan) {
  const indicators::RuleSet net = net4_rules(rules);
  if (net.items.empty()) note(plan.notes, Severity::warning, "no_net4_items", "指标体系 " + rules.id + " 中没有四网（硬化路、安全饮水、电网、宽带）指标：安置点没有检查四网，也没有计入四网延伸费用，建设投资可能偏低；"
                                       "请选用含四网指标的指标体系");
  auto checked = check_net4(ws, net, considered, plan);
  if (!checked) return tl::unexpected(checked.error());
  // The check's notes, less its warning that the targets are points where the rules assume
  // village polygons: a site is a point by design; and less what the plan already says of the
  // same layer (the datum warning, measured once from the villages: tour 13 M13).
  const auto already_said = [&](const Issue& n) {
    const auto& said = plan.notes.entries();
    const auto datum = [](const std::string& code) { return code == "likely_gcj02" || code == "likely_bd09"; };
    return std::any_of(said.begin(), said.end(),
                       [&](const Issue& o) { return !n.layer.empty() && o.layer == n.layer && (o.code == n.code || (datum(o.code) && datum(n.code))); });
  };
  for (const auto& n : checked->notes.entries()) {
    if (n.code == "points_for_polygons" || already_said(n)) continue;
    Issue zh = n;
    // The check's notes are the check's console's, in English with rule ids; the plan's notes are Chinese (tour 11 K7).
    if (n.code == "dem_missing") {
      zh.message = dem_absence_zh(ws.dem_unused) + "：安置点的安全饮水无法检查与水源的高差，不在供水范围内的安置点记为未知";
      zh.hint = dem_absence_hint(ws.dem_unused) + " 后重新计算";
    }
    plan.notes.add(std::move(zh));
  }
  const Facilities fac = facilities(ws, plan.notes);
  const Scoring scoring{&p, fac.seats.empty() ? 0.0 : p.weight_township};
  catchment_fields_km(reach, considered, plan);
  for (size_t k = 0; k < considered.size(); ++k) {
    Site& s = plan.sites[considered[k]];
    net4_status(net, *checked, k, p, s);
    facility_distances(fac, p, s);
    scoring.score(s);
    s.fixed_cny = p.fixed_cost_per_site + s.extension_cny;
  }
  return scoring;
}

}  // namespace jiuyou::plan::detail
