#include "gis/plan/relocate.hpp"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <numeric>
#include <optional>
#include <set>

#include "gis/index/spatial_index.hpp"
#include "gis/indicators/check.hpp"
#include "gis/io/dem_processing.hpp"
#include "gis/network/road_graph.hpp"
#include "gis/plan/cflp.hpp"

namespace jiuyou::plan {

const char* to_string(Exclusion e) {
  switch (e) {
    case Exclusion::hazard: return "hazard";
    case Exclusion::hazard_buffer: return "hazard_buffer";
    case Exclusion::flood: return "flood";
    case Exclusion::ecological_redline: return "ecological_redline";
    case Exclusion::reserve: return "reserve";
    case Exclusion::basic_farmland: return "basic_farmland";
    case Exclusion::slope: return "slope";
    case Exclusion::altitude: return "altitude";
    case Exclusion::outside_dem: return "outside_dem";
  }
  return "?";
}

const char* to_string_zh(Exclusion e) {
  switch (e) {
    case Exclusion::hazard: return "地质灾害区";
    case Exclusion::hazard_buffer: return "地质灾害缓冲区";
    case Exclusion::flood: return "洪涝区";
    case Exclusion::ecological_redline: return "生态保护红线";
    case Exclusion::reserve: return "自然保护区";
    case Exclusion::basic_farmland: return "永久基本农田";
    case Exclusion::slope: return "坡度超限";
    case Exclusion::altitude: return "海拔超限";
    case Exclusion::outside_dem: return "无高程数据";
  }
  return "?";
}

namespace {

constexpr double k_nan_v = std::numeric_limits<double>::quiet_NaN();
using Mask = uint16_t;
constexpr Mask bit(Exclusion e) { return static_cast<Mask>(1U << static_cast<unsigned>(e)); }

std::string mask_text(Mask m, bool zh) {
  std::string out;
  for (int k = 0; k < k_exclusion_kinds; ++k) {
    if ((m & (1U << k)) == 0) continue;
    if (!out.empty()) out += zh ? "；" : "; ";
    out += zh ? to_string_zh(static_cast<Exclusion>(k)) : to_string(static_cast<Exclusion>(k));
  }
  return out;
}

void note(IssueLog& log, Severity s, std::string code, std::string message, std::string layer = {}) {
  Issue i;
  i.severity = s;
  i.code = std::move(code);
  i.layer = std::move(layer);
  i.message = std::move(message);
  log.add(std::move(i));
}

ErrorBuilder bad_key(const std::string& file, const std::string& key, const std::string& what) {
  return error(ErrorCode::project, "[relocate] " + key + ": " + what).file(file).field(key);
}

// One exclusion polygon: the table row, what being inside means, and the buffer around it.
struct Zone {
  const FeatureTable* table = nullptr;
  uint32_t row = 0;
  Exclusion inside = Exclusion::hazard;
  double buffer_m = 0;
};

struct Zones {
  std::vector<Zone> zones;
  index::SpatialIndex index;

  [[nodiscard]] Mask test(double x, double y) const {
    Mask m = 0;
    index.query(BBox{x, y, x, y}, [&](uint32_t item) {
      const Zone& z = zones[item];
      const auto& g = z.table->geometry;
      if (point_in_feature(g, z.row, x, y)) {
        m |= bit(z.inside);
      } else if (z.buffer_m > 0 && point_feature_distance(g, z.row, x, y) <= z.buffer_m) {
        m |= bit(Exclusion::hazard_buffer);
      }
    });
    return m;
  }
};

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

Zones build_zones(const Workspace& ws, const RelocateParams& p, IssueLog& notes) {
  Zones z;
  std::vector<BBox> boxes;
  if (const FeatureTable* h = ws.layer("hazards"); h != nullptr && h->geometry.kind == GeometryKind::polygon) {
    const Column* kind = h->column("kind");
    if (kind == nullptr) note(notes, Severity::warning, "hazard_kind_missing", "hazards have no 'kind' field: every zone is treated as a geological hazard with the buffer", "hazards");
    for (uint32_t r = 0; r < h->size(); ++r) {
      const std::string k = kind ? lower(kind->as_text(r)) : std::string("landslide");
      Zone zone{h, r, Exclusion::hazard, p.hazard_buffer_m};
      if (k == "flood") zone = Zone{h, r, Exclusion::flood, 0};
      z.zones.push_back(zone);
      boxes.push_back(h->geometry.feature_bbox(r).inflated(zone.buffer_m));
    }
  } else {
    note(notes, Severity::warning, "no_hazards", "the project has no hazards polygon layer: hazard and flood zones not checked", "hazards");
  }
  if (const FeatureTable* pr = ws.layer("protected"); pr != nullptr && pr->geometry.kind == GeometryKind::polygon) {
    const Column* kind = pr->column("kind");
    for (uint32_t r = 0; r < pr->size(); ++r) {
      const std::string k = kind ? lower(kind->as_text(r)) : std::string();
      Exclusion e = Exclusion::reserve;
      if (k == "basic_farmland") e = Exclusion::basic_farmland;
      else if (k == "ecological_redline") e = Exclusion::ecological_redline;
      else if (k != "reserve")
        note(notes, Severity::warning, "protected_kind_unknown", "protected fid " + std::to_string(pr->fid[r]) + " has kind '" + k + "': excluded as a reserve", "protected");
      z.zones.push_back(Zone{pr, r, e, 0});
      boxes.push_back(pr->geometry.feature_bbox(r));
    }
  } else {
    note(notes, Severity::warning, "no_protected", "the project has no protected polygon layer: farmland, red line and reserves not checked", "protected");
  }
  z.index.build(boxes);
  return z;
}

struct Terrain {
  const Raster* dem = nullptr;
  std::optional<Raster> slope;
};

Mask terrain_test(const Terrain& t, const RelocateParams& p, double x, double y) {
  if (t.dem == nullptr) return 0;
  Mask m = 0;
  const auto alt = t.dem->cell_value(x, y);
  if (!alt) return bit(Exclusion::outside_dem);
  if (*alt > p.max_altitude_m) m |= bit(Exclusion::altitude);
  const auto s = t.slope->cell_value(x, y);
  if (!s || *s > p.max_slope_deg) m |= bit(Exclusion::slope);
  return m;
}

// A candidate as laid out: its samples and the area each stands for.
struct Candidate {
  std::string label;
  int64_t source_fid = -1;
  BBox extent;
  int nx = 0, ny = 0;              // lattice (grid and polygon sites); 1x1 for point sites
  std::vector<Vec2> samples;       // row-major nx*ny; NaN where outside the candidate polygon
  double sample_area_m2 = 0;
  double fixed_capacity = -1;      // point sites: households given, or -1
};

struct Evaluated {
  bool buildable = false;
  Mask reasons = 0;                // union over the non-buildable samples
  std::array<int32_t, k_exclusion_kinds> counts{};
  Vec2 point;
  double area_m2 = 0;
};

Evaluated evaluate(const Candidate& c, const Zones& zones, const Terrain& terrain, const RelocateParams& p) {
  Evaluated ev;
  const size_t n = c.samples.size();
  std::vector<uint8_t> ok(n, 0);
  for (size_t i = 0; i < n; ++i) {
    const Vec2 s = c.samples[i];
    if (std::isnan(s.x)) continue;
    const Mask m = static_cast<Mask>(zones.test(s.x, s.y) | terrain_test(terrain, p, s.x, s.y));
    if (m == 0) {
      ok[i] = 1;
      continue;
    }
    ev.reasons |= m;
    for (int k = 0; k < k_exclusion_kinds; ++k)
      if ((m & (1U << k)) != 0) ++ev.counts[static_cast<size_t>(k)];
  }
  // Largest 4-connected group of buildable samples (ties: the first found).
  std::vector<int32_t> comp(n, -1);
  std::vector<size_t> best;
  std::vector<size_t> stack, group;
  for (size_t i = 0; i < n; ++i) {
    if (ok[i] == 0 || comp[i] >= 0) continue;
    group.clear();
    stack.assign(1, i);
    comp[i] = static_cast<int32_t>(i);
    while (!stack.empty()) {
      const size_t q = stack.back();
      stack.pop_back();
      group.push_back(q);
      const int qx = static_cast<int>(q % static_cast<size_t>(c.nx)), qy = static_cast<int>(q / static_cast<size_t>(c.nx));
      const int nbr[4][2] = {{qx - 1, qy}, {qx + 1, qy}, {qx, qy - 1}, {qx, qy + 1}};
      for (const auto& b : nbr) {
        if (b[0] < 0 || b[1] < 0 || b[0] >= c.nx || b[1] >= c.ny) continue;
        const size_t r = static_cast<size_t>(b[1]) * static_cast<size_t>(c.nx) + static_cast<size_t>(b[0]);
        if (ok[r] != 0 && comp[r] < 0) {
          comp[r] = static_cast<int32_t>(i);
          stack.push_back(r);
        }
      }
    }
    if (group.size() > best.size()) best = group;
  }
  if (best.empty()) return ev;
  double cx = 0, cy = 0;
  for (size_t q : best) cx += c.samples[q].x, cy += c.samples[q].y;
  cx /= static_cast<double>(best.size());
  cy /= static_cast<double>(best.size());
  std::sort(best.begin(), best.end());
  double bd = std::numeric_limits<double>::infinity();
  for (size_t q : best) {
    const double d = std::hypot(c.samples[q].x - cx, c.samples[q].y - cy);
    if (d < bd) bd = d, ev.point = c.samples[q];
  }
  ev.buildable = true;
  ev.area_m2 = static_cast<double>(best.size()) * c.sample_area_m2;
  return ev;
}

void lattice(Candidate& c, const BBox& box, double step, const GeometryColumn* poly, size_t row) {
  c.nx = std::max(1, static_cast<int>(std::ceil(box.width() / step - 1e-9)));
  c.ny = std::max(1, static_cast<int>(std::ceil(box.height() / step - 1e-9)));
  const double sx = box.width() / c.nx, sy = box.height() / c.ny;
  c.sample_area_m2 = sx * sy;
  c.samples.resize(static_cast<size_t>(c.nx) * static_cast<size_t>(c.ny));
  for (int iy = 0; iy < c.ny; ++iy)
    for (int ix = 0; ix < c.nx; ++ix) {
      Vec2 s{box.min_x + (ix + 0.5) * sx, box.min_y + (iy + 0.5) * sy};
      if (poly != nullptr && !point_in_feature(*poly, row, s.x, s.y)) s = Vec2{k_nan_v, k_nan_v};
      c.samples[static_cast<size_t>(iy) * static_cast<size_t>(c.nx) + static_cast<size_t>(ix)] = s;
    }
}

// The network a rule item measures, for its per-km cost.
double cny_per_km(const indicators::Item& item, const RelocateParams& p) {
  if (item.layer == "roads") return p.road_cny_per_km;
  if (item.layer == "water") return p.water_cny_per_km;
  if (item.layer == "power") return p.power_cny_per_km;
  return p.broadband_cny_per_km;
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

double nearest_facility_km(const FeatureTable* fac, const std::vector<uint32_t>& rows, Vec2 p) {
  if (fac == nullptr || rows.empty()) return -1;
  double best = std::numeric_limits<double>::infinity();
  for (uint32_t r : rows) best = std::min(best, point_feature_distance(fac->geometry, r, p.x, p.y));
  return best / 1000.0;
}

double part_score(double km, double zero_km) { return km < 0 ? 0.0 : std::max(0.0, 1.0 - km / zero_km); }

}  // namespace

Result<RelocateParams> parse_relocate_params(const std::string& toml_text, const std::string& file) {
  toml::table root;
  try {
    root = toml::parse(toml_text, file);
  } catch (const toml::parse_error& e) {
    return error(ErrorCode::project, "TOML syntax error at line " + std::to_string(e.source().begin.line) + ": " + std::string(e.description())).file(file);
  }
  RelocateParams p;
  const toml::node* section = root.get("relocate");
  if (section == nullptr) return p;
  const toml::table* t = section->as_table();
  if (t == nullptr) return error(ErrorCode::project, "[relocate] must be a table").file(file).field("relocate");
  std::map<std::string, double*> numbers = {
      {"grid_cell_m", &p.grid_cell_m}, {"sample_step_m", &p.sample_step_m}, {"point_site_area_m2", &p.point_site_area_m2},
      {"hazard_buffer_m", &p.hazard_buffer_m}, {"max_slope_deg", &p.max_slope_deg}, {"max_altitude_m", &p.max_altitude_m},
      {"m2_per_person", &p.m2_per_person}, {"persons_per_household", &p.persons_per_household},
      {"public_space_share", &p.public_space_share}, {"time_limit_s", &p.time_limit_s}, {"max_travel_km", &p.max_travel_km},
      {"detour_factor", &p.detour_factor}, {"snap_max_m", &p.snap_max_m}, {"cny_per_household_km", &p.cny_per_household_km},
      {"fixed_cost_per_site", &p.fixed_cost_per_site}, {"road_cny_per_km", &p.road_cny_per_km},
      {"water_cny_per_km", &p.water_cny_per_km}, {"power_cny_per_km", &p.power_cny_per_km},
      {"broadband_cny_per_km", &p.broadband_cny_per_km}, {"unknown_network_km", &p.unknown_network_km},
      {"weight_road", &p.weight_road}, {"weight_water", &p.weight_water}, {"weight_power", &p.weight_power},
      {"weight_broadband", &p.weight_broadband}, {"weight_school", &p.weight_school}, {"weight_clinic", &p.weight_clinic},
      {"score_zero_km", &p.score_zero_km}, {"unplaced_cny_per_household", &p.unplaced_cny_per_household},
      {"weight_township", &p.weight_township}, {"weight_fields", &p.weight_fields}, {"fields_zero_km", &p.fields_zero_km}};
  std::map<std::string, int32_t*> integers = {{"max_sites", &p.max_sites}, {"sites_per_village", &p.sites_per_village}};
  std::map<std::string, bool*> flags = {{"single_source", &p.single_source}, {"exact", &p.exact}, {"allow_no_dem", &p.allow_no_dem}};
  for (const auto& [key_node, value] : *t) {
    const std::string key(key_node.str());
    if (key == "rules") {
      const toml::table* rt = value.as_table();
      if (rt == nullptr) return bad_key(file, "rules", "[relocate.rules] must be a table");
      for (const auto& [rk_node, rv] : *rt) {
        const std::string rk(rk_node.str());
        const std::string full = "rules." + rk;
        if (rk == "small_village_max_households") {
          auto v = rv.value_exact<int64_t>();
          if (!v || *v < 0 || *v > 1000000) return bad_key(file, full, "expected an integer >= 0 (0: rule off)");
          p.small_village_max_households = static_cast<int32_t>(*v);
        } else if (rk == "small_village_min_incidence") {
          std::optional<double> v;
          if (auto i = rv.value_exact<int64_t>()) v = static_cast<double>(*i);
          if (auto d = rv.value_exact<double>()) v = *d;
          if (!v || !(*v >= 0 && *v <= 1)) return bad_key(file, full, "expected a share between 0 and 1 (0.5 = 50 %)");
          p.small_village_min_incidence = *v;
        } else if (rk == "hazard_kinds") {
          const toml::array* a = rv.as_array();
          if (a == nullptr) return bad_key(file, full, "expected a list of hazard kinds, e.g. [\"landslide\", \"debris_flow\"]");
          p.mover_hazard_kinds.clear();
          for (const auto& e : *a) {
            auto k = e.value<std::string>();
            if (!k || k->empty()) return bad_key(file, full, "expected a list of hazard kind names");
            p.mover_hazard_kinds.push_back(lower(*k));
          }
        } else {
          return bad_key(file, full, "unknown key").hint("known keys: small_village_max_households small_village_min_incidence hazard_kinds");
        }
      }
    } else if (auto n = numbers.find(key); n != numbers.end()) {
      std::optional<double> v;
      if (auto i = value.value_exact<int64_t>()) v = static_cast<double>(*i);
      if (auto d = value.value_exact<double>()) v = *d;
      if (!v || !std::isfinite(*v) || *v < 0) return bad_key(file, key, "expected a finite number >= 0");
      *n->second = *v;
    } else if (auto i = integers.find(key); i != integers.end()) {
      auto v = value.value_exact<int64_t>();
      if (!v || *v < 0 || *v > 1000000) return bad_key(file, key, "expected an integer >= 0");
      *i->second = static_cast<int32_t>(*v);
    } else if (auto f = flags.find(key); f != flags.end()) {
      auto v = value.value_exact<bool>();
      if (!v) return bad_key(file, key, "expected true or false");
      *f->second = *v;
    } else {
      std::string known;
      for (const auto& kv : numbers) known += kv.first + " ";
      for (const auto& kv : integers) known += kv.first + " ";
      for (const auto& kv : flags) known += kv.first + " ";
      return bad_key(file, key, "unknown key").hint("known keys: " + known);
    }
  }
  if (p.grid_cell_m <= 0 || p.sample_step_m <= 0) return bad_key(file, "grid_cell_m", "grid_cell_m and sample_step_m must be > 0");
  if (p.area_per_household_m2() <= 0) return bad_key(file, "m2_per_person", "the area per household must be > 0");
  if (p.detour_factor < 1) return bad_key(file, "detour_factor", "must be >= 1");
  if (p.score_zero_km <= 0) return bad_key(file, "score_zero_km", "must be > 0");
  if (p.fields_zero_km <= 0) return bad_key(file, "fields_zero_km", "must be > 0");
  return p;
}

Result<RelocationPlan> plan_relocation(const Workspace& ws, const indicators::RuleSet& rules, const RelocateParams& p,
                                       const ProgressFn& progress) {
  RelocationPlan plan;
  plan.crs = ws.metric_crs;
  plan.params = p;
  const FeatureTable* villages = ws.layer("villages");
  if (villages == nullptr || villages->size() == 0)
    return error(ErrorCode::format, "the project has no villages: nobody to relocate").layer("villages").hint("add [layers.villages] with a relocate_households field");

  // --- terrain first: without a DEM the slope rule cannot be applied.
  Terrain terrain;
  if (ws.dem && !ws.dem->empty()) {
    auto slope = io::dem_slope_deg(*ws.dem);
    if (!slope) return tl::unexpected(slope.error());
    terrain.dem = &*ws.dem;
    terrain.slope = std::move(*slope);
  } else if (!p.allow_no_dem) {
    return error(ErrorCode::format, "the project has no DEM: slope (<= " + std::to_string(static_cast<int>(p.max_slope_deg)) +
                                        "°) and altitude cannot be checked, so no site can be shown to be safe")
        .layer("dem")
        .hint("add [layers.dem] path = \"dem.tif\", or pass --no-slope (allow_no_dem = true) to plan without the slope and altitude rules");
  } else {
    plan.slope_used = false;
    note(plan.notes, Severity::warning, "no_dem", "no DEM: slope and altitude were NOT checked (--no-slope); verify every chosen site's slope on the ground", "dem");
  }
  if (!report_progress(progress, 0.05, "movers")) return fail(ErrorCode::internal, "cancelled");

  // --- who moves
  const FeatureTable* hazards = ws.layer("hazards");
  const Column* hkind = hazards ? hazards->column("kind") : nullptr;
  const Column* rel = villages->column("relocate_households");
  const Column* hh = villages->column("households");
  const Column* code = villages->column("code");
  const Column* vname = villages->column("name");
  if (rel == nullptr)
    note(plan.notes, Severity::warning, "no_relocate_field", "villages have no relocate_households field: only villages in landslide/debris-flow zones move", "villages");
  const Column* poor = villages->column("poor_households");
  if (p.small_village_max_households > 0 && (hh == nullptr || poor == nullptr))
    note(plan.notes, Severity::warning, "rule_fields_missing",
         "[relocate.rules] small_village_max_households needs the villages' households and poor_households fields: the rule was not applied", "villages");
  std::optional<index::SpatialIndex> hazard_index;
  if (hazards != nullptr && hazards->geometry.kind == GeometryKind::polygon && !p.mover_hazard_kinds.empty()) {
    std::vector<BBox> boxes;
    for (uint32_t h = 0; h < hazards->size(); ++h) boxes.push_back(hazards->geometry.feature_bbox(h));
    hazard_index.emplace();
    hazard_index->build(boxes);
  }
  for (uint32_t v = 0; v < villages->size(); ++v) {
    if (villages->geometry.is_empty(v)) continue;
    Mover m;
    m.village = v;
    m.code = code ? code->as_text(v) : std::to_string(villages->fid[v]);
    m.name = vname ? vname->as_text(v) : std::string();
    m.point = representative_point(villages->geometry, v);
    const double given = rel ? rel->number(v).value_or(0) : 0;
    const double all = hh ? hh->number(v).value_or(0) : 0;
    // Whole-village rules: a hazard zone of a listed kind, or a small village of high poverty incidence.
    std::string whole_reason;
    if (hazard_index) {
      int64_t first_fid = -1;
      std::string first_kind;
      hazard_index->query(BBox{m.point.x, m.point.y, m.point.x, m.point.y}, [&](uint32_t h) {
        const std::string k = hkind ? lower(hkind->as_text(h)) : std::string();
        if (std::find(p.mover_hazard_kinds.begin(), p.mover_hazard_kinds.end(), k) == p.mover_hazard_kinds.end()) return;
        if (!point_in_feature(hazards->geometry, h, m.point.x, m.point.y)) return;
        if (first_fid < 0 || hazards->fid[h] < first_fid) first_fid = hazards->fid[h], first_kind = k;
      });
      if (first_fid >= 0) whole_reason = "in " + first_kind + " zone (hazards fid " + std::to_string(first_fid) + ")";
      m.hazard_kind = first_kind;
    }
    if (p.small_village_max_households > 0 && hh != nullptr && poor != nullptr && all > 0 && all <= p.small_village_max_households) {
      const double share = poor->number(v).value_or(0) / all;
      if (share >= p.small_village_min_incidence) {
        m.small_village_incidence = share;
        char buf[200];
        std::snprintf(buf, sizeof buf, "rules: %.0f households <= %d with poverty incidence %.0f %% >= %.0f %%", all,
                      p.small_village_max_households, 100.0 * share, 100.0 * p.small_village_min_incidence);
        whole_reason += (whole_reason.empty() ? "" : "; ") + std::string(buf);
      }
    }
    if (!whole_reason.empty() && all <= 0 && given <= 0) {
      note(plan.notes, Severity::warning, "mover_without_households", "village " + m.code + " qualifies (" + whole_reason + ") but has no households figure: not planned", "villages");
      continue;
    }
    if (given <= 0 && whole_reason.empty()) continue;
    m.listed_households = given > 0 ? static_cast<int64_t>(std::llround(given)) : 0;
    if (!whole_reason.empty() && given <= 0) {
      m.households = static_cast<int64_t>(std::llround(all));
      m.reason = whole_reason + ": whole village (" + std::to_string(m.households) + " households)";
      if (given > 0) m.reason += "; relocate_households = " + std::to_string(static_cast<int64_t>(std::llround(given)));
    } else {
      m.households = static_cast<int64_t>(std::llround(given));
      m.reason = "relocate_households = " + std::to_string(m.households);
      if (!whole_reason.empty()) m.reason += "; " + whole_reason;
    }
    plan.movers.push_back(std::move(m));
    plan.households += plan.movers.back().households;
  }
  if (plan.movers.empty())
    return error(ErrorCode::input, "nobody to relocate: no village has relocate_households > 0 or lies in a landslide/debris-flow zone").layer("villages");

  // --- candidates
  const double max_travel_m = p.max_travel_km * 1000.0;
  auto near_a_mover = [&](double x, double y) {
    for (const auto& m : plan.movers)
      if (std::hypot(m.point.x - x, m.point.y - y) <= max_travel_m) return true;
    return false;
  };
  std::vector<Candidate> cands;
  const FeatureTable* site_layer = ws.layer("sites");
  if (site_layer != nullptr) {
    const Column* cap = site_layer->column("capacity_households");
    const Column* area = site_layer->column("area_m2");
    const Column* sname = site_layer->column("name");
    for (uint32_t r = 0; r < site_layer->size(); ++r) {
      if (site_layer->geometry.is_empty(r)) continue;
      Candidate c;
      c.source_fid = site_layer->fid[r];
      c.label = sname && !sname->as_text(r).empty() ? sname->as_text(r) : "site " + std::to_string(c.source_fid);
      c.extent = site_layer->geometry.feature_bbox(r);
      if (site_layer->geometry.kind == GeometryKind::polygon) {
        lattice(c, c.extent, p.sample_step_m, &site_layer->geometry, r);
        if (std::all_of(c.samples.begin(), c.samples.end(), [](Vec2 s) { return std::isnan(s.x); })) {
          c.nx = c.ny = 1;
          c.samples = {representative_point(site_layer->geometry, r)};
          c.sample_area_m2 = feature_area(site_layer->geometry, r);
        }
      } else {
        c.nx = c.ny = 1;
        c.samples = {site_layer->geometry.first_vertex(r)};
        const auto cap_v = cap ? cap->number(r) : std::nullopt;
        const auto area_v = area ? area->number(r) : std::nullopt;
        c.sample_area_m2 = area_v.value_or(p.point_site_area_m2);
        if (cap_v) c.fixed_capacity = *cap_v;
      }
      cands.push_back(std::move(c));
    }
  } else {
    BBox ext;
    if (const FeatureTable* county = ws.layer("county"); county != nullptr && !county->bbox().empty()) ext = county->bbox();
    else ext = villages->bbox().inflated(2000.0);
    BBox reach;
    for (const auto& m : plan.movers) reach.expand(m.point.x, m.point.y);
    reach = reach.inflated(max_travel_m);
    BBox box{std::max(ext.min_x, reach.min_x), std::max(ext.min_y, reach.min_y), std::min(ext.max_x, reach.max_x), std::min(ext.max_y, reach.max_y)};
    const double cell = p.grid_cell_m;
    if (!box.empty()) {
      const auto cols = static_cast<int64_t>(std::ceil(box.width() / cell)), rows = static_cast<int64_t>(std::ceil(box.height() / cell));
      if (cols * rows > 4000000)
        return error(ErrorCode::input, "the grid would have " + std::to_string(cols * rows) + " cells of " + std::to_string(static_cast<int>(cell)) + " m")
            .hint("raise [relocate] grid_cell_m or lower max_travel_km");
      for (int64_t iy = 0; iy < rows; ++iy)
        for (int64_t ix = 0; ix < cols; ++ix) {
          const BBox cb{box.min_x + static_cast<double>(ix) * cell, box.min_y + static_cast<double>(iy) * cell,
                        box.min_x + static_cast<double>(ix + 1) * cell, box.min_y + static_cast<double>(iy + 1) * cell};
          if (!near_a_mover((cb.min_x + cb.max_x) / 2, (cb.min_y + cb.max_y) / 2)) continue;
          Candidate c;
          c.label = "G" + std::to_string(iy) + "-" + std::to_string(ix);
          c.extent = cb;
          lattice(c, cb, p.sample_step_m, nullptr, 0);
          cands.push_back(std::move(c));
        }
    }
  }
  plan.candidates = static_cast<int64_t>(cands.size());
  if (!report_progress(progress, 0.15, "exclusions")) return fail(ErrorCode::internal, "cancelled");

  // --- exclusions and capacity, in parallel, collected in candidate order
  const Zones zones = build_zones(ws, p, plan.notes);
  std::vector<Evaluated> evals(cands.size());
  tbb::parallel_for(size_t{0}, cands.size(), [&](size_t i) { evals[i] = evaluate(cands[i], zones, terrain, p); });
  const double per_hh = p.area_per_household_m2();
  for (size_t i = 0; i < cands.size(); ++i) {
    const Evaluated& ev = evals[i];
    for (size_t k = 0; k < ev.counts.size(); ++k) plan.samples_excluded[k] += ev.counts[k];
    const auto capacity = static_cast<int64_t>(cands[i].fixed_capacity >= 0 ? std::floor(cands[i].fixed_capacity) : std::floor(ev.area_m2 / per_hh));
    if (!ev.buildable || capacity <= 0) {
      ExcludedArea x;
      x.candidate = static_cast<uint32_t>(i);
      x.label = cands[i].label;
      x.cell = cands[i].extent;
      x.source_fid = cands[i].source_fid;
      x.reasons = mask_text(ev.reasons, false);
      x.reasons_zh = mask_text(ev.reasons, true);
      if (ev.buildable) {
        char buf[160];
        std::snprintf(buf, sizeof buf, "%.0f m² contiguous buildable, less than one household (%.0f m²)", ev.area_m2, per_hh);
        x.reasons = x.reasons.empty() ? buf : x.reasons + "; " + buf;
        x.reasons_zh += x.reasons_zh.empty() ? "可建设面积不足一户" : "；可建设面积不足一户";
      }
      plan.excluded.push_back(std::move(x));
      continue;
    }
    Site s;
    s.candidate = static_cast<uint32_t>(i);
    s.label = cands[i].label;
    s.source_fid = cands[i].source_fid;
    s.point = ev.point;
    s.extent = cands[i].extent;
    s.buildable_m2 = ev.area_m2;
    s.capacity = capacity;
    s.partly_excluded = mask_text(ev.reasons, false);
    plan.sites.push_back(std::move(s));
  }
  if (plan.sites.empty())
    return error(ErrorCode::input, "no candidate site is left: all " + std::to_string(plan.candidates) + " candidates break a hard exclusion (" +
                                       mask_text([&] { Mask m = 0; for (const auto& e : evals) m |= e.reasons; return m; }(), false) + ")")
        .hint("give a sites layer, raise max_travel_km, or check the hazards/protected layers");
  if (p.max_sites > 0 && static_cast<size_t>(p.max_sites) > plan.sites.size())
    return error(ErrorCode::input, "K = " + std::to_string(p.max_sites) + " sites asked for, but only " + std::to_string(plan.sites.size()) + " of " +
                                       std::to_string(plan.candidates) + " candidates are left after the exclusions")
        .hint("use --k " + std::to_string(plan.sites.size()) + " or less (or 0: as many as pay off)");
  if (!report_progress(progress, 0.35, "travel distances")) return fail(ErrorCode::internal, "cancelled");

  // --- travel: along the roads where both ends snap, straight x detour otherwise
  std::optional<network::RoadGraph> graph;
  if (const FeatureTable* roads = ws.layer("roads"); roads != nullptr && roads->geometry.kind == GeometryKind::line && roads->size() > 0)
    graph = network::build_graph(roads->geometry, {}, network::NodingParams{});
  else
    note(plan.notes, Severity::warning, "no_roads", "no roads layer: travel distances are straight lines x " + std::to_string(p.detour_factor));
  std::vector<std::optional<network::GraphSnap>> site_snap(plan.sites.size());
  if (graph)
    for (size_t i = 0; i < plan.sites.size(); ++i) site_snap[i] = graph->snap(plan.sites[i].point.x, plan.sites[i].point.y, p.snap_max_m);
  struct Pair {
    uint32_t site;
    double km;
    bool network;
  };
  std::vector<std::vector<Pair>> reach(plan.movers.size());
  tbb::enumerable_thread_specific<network::GraphWorkspace> gws;
  tbb::parallel_for(size_t{0}, plan.movers.size(), [&](size_t j) {
    const Vec2 o = plan.movers[j].point;
    std::vector<uint32_t> near;
    for (uint32_t i = 0; i < plan.sites.size(); ++i)
      if (std::hypot(plan.sites[i].point.x - o.x, plan.sites[i].point.y - o.y) <= max_travel_m) near.push_back(i);
    std::vector<double> net_m(near.size(), network::unreachable);
    std::optional<network::GraphSnap> os;
    if (graph) os = graph->snap(o.x, o.y, p.snap_max_m);
    if (os) {
      std::vector<network::GraphSnap> targets;
      std::vector<size_t> where;
      for (size_t k = 0; k < near.size(); ++k)
        if (site_snap[near[k]]) targets.push_back(*site_snap[near[k]]), where.push_back(k);
      const auto d = graph->distances(*os, targets, max_travel_m, gws.local());
      for (size_t t = 0; t < d.size(); ++t)
        if (std::isfinite(d[t])) net_m[where[t]] = os->distance_m + d[t] + targets[t].distance_m;
    }
    std::vector<Pair> row;
    for (size_t k = 0; k < near.size(); ++k) {
      const Site& s = plan.sites[near[k]];
      // The road where it is shorter than going straight with the detour factor (a village 1 km
      // off the road does not drive 2 km round to a site 100 m away).
      const double straight = std::hypot(s.point.x - o.x, s.point.y - o.y) * p.detour_factor;
      const bool by_net = std::isfinite(net_m[k]) && net_m[k] <= straight;
      const double m = by_net ? net_m[k] : straight;
      if (m <= max_travel_m) row.push_back(Pair{near[k], m / 1000.0, by_net});
    }
    std::sort(row.begin(), row.end(), [](const Pair& a, const Pair& b) { return a.km < b.km || (a.km == b.km && a.site < b.site); });
    reach[j] = std::move(row);
  });
  // The solver sees the union of every village's nearest sites_per_village sites, and every
  // village may go to any of them within reach (so two villages can share a site that is
  // among the nearest of neither).
  if (p.sites_per_village > 0) {
    std::vector<uint8_t> in_set(plan.sites.size(), 0);
    for (const auto& row : reach)
      for (size_t k = 0; k < row.size() && k < static_cast<size_t>(p.sites_per_village); ++k) in_set[row[k].site] = 1;
    for (auto& row : reach) row.erase(std::remove_if(row.begin(), row.end(), [&](const Pair& pr) { return in_set[pr.site] == 0; }), row.end());
  }
  // Only the sites the solver sees get the 四网 check and the scores.
  std::vector<uint32_t> considered;
  {
    std::vector<uint8_t> seen(plan.sites.size(), 0);
    for (const auto& row : reach)
      for (const auto& pr : row) seen[pr.site] = 1;
    for (uint32_t i = 0; i < plan.sites.size(); ++i)
      if (seen[i] != 0) considered.push_back(i), plan.sites[i].considered = true;
  }
  if (!report_progress(progress, 0.55, "四网 of the sites")) return fail(ErrorCode::internal, "cancelled");

  // --- suitability: the weighted mean of the score parts (the township part only with township seats)
  double w_town = 0;
  const auto site_score = [&](Site& s) {
    s.score_fields = part_score(s.fields_km, p.fields_zero_km);
    const double wsum =
        p.weight_road + p.weight_water + p.weight_power + p.weight_broadband + p.weight_school + p.weight_clinic + w_town + p.weight_fields;
    s.score = wsum > 0 ? 100.0 *
                             (p.weight_road * s.score_road + p.weight_water * s.score_water + p.weight_power * s.score_power +
                              p.weight_broadband * s.score_broadband + p.weight_school * s.score_school + p.weight_clinic * s.score_clinic +
                              w_town * s.score_township + p.weight_fields * s.score_fields) /
                             wsum
                       : 0;
  };

  // --- 四网 status of each site through the village check, and the facilities
  {
    Workspace nws;
    nws.name = ws.name;
    nws.metric_crs = ws.metric_crs;
    nws.dem = ws.dem;
    for (const auto& l : ws.layers)
      if (l.name != "villages") nws.layers.push_back(l);
    FeatureTable pts;
    pts.name = "villages";
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
    nws.layers.push_back(std::move(pts));
    const indicators::RuleSet net = net4_rules(rules);
    if (net.items.empty()) note(plan.notes, Severity::warning, "no_net4_items", "rule set " + rules.id + " has no 四网 items: sites carry no extension cost");
    auto checked = indicators::check_villages(nws, net);
    if (!checked) return tl::unexpected(checked.error());
    for (const auto& n : checked->notes.entries()) plan.notes.add(n);
    const FeatureTable* fac = ws.layer("facilities");
    std::vector<uint32_t> schools, clinics;
    if (fac != nullptr) {
      const Column* kind = fac->column("kind");
      for (uint32_t r = 0; r < fac->size() && kind != nullptr; ++r) {
        const std::string k = lower(kind->as_text(r));
        if (k == "school") schools.push_back(r);
        if (k == "clinic") clinics.push_back(r);
      }
    }
    // Township seats: the townships layer's seat_village, found among the villages by code.
    std::vector<Vec2> seats;
    if (const FeatureTable* tw = ws.layer("townships"); tw != nullptr) {
      const Column* seat = tw->column("seat_village");
      if (seat != nullptr && code != nullptr) {
        std::map<std::string, uint32_t> by_code;
        for (uint32_t v = 0; v < villages->size(); ++v)
          if (!villages->geometry.is_empty(v)) by_code.emplace(code->as_text(v), v);
        for (uint32_t r = 0; r < tw->size(); ++r)
          if (auto it = by_code.find(seat->as_text(r)); it != by_code.end()) seats.push_back(representative_point(villages->geometry, it->second));
      }
      if (seats.empty()) note(plan.notes, Severity::warning, "no_township_seats", "townships have no seat_village matching a village code: township-seat distance not scored", "townships");
    }
    w_town = seats.empty() ? 0.0 : p.weight_township;
    // Each considered site's catchment: the villages that may move to it, nearest first, until
    // their households fill its capacity; a chosen site's fields_km is set again from its flows.
    std::vector<std::vector<std::pair<double, int64_t>>> catchment(plan.sites.size());
    for (size_t j = 0; j < reach.size(); ++j)
      for (const auto& pr : reach[j]) catchment[pr.site].emplace_back(pr.km, plan.movers[j].households);
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
    for (size_t i = 0; i < considered.size(); ++i) {
      Site& s = plan.sites[considered[i]];
      for (size_t it = 0; it < net.items.size(); ++it) {
        const auto& item = net.items[it];
        if (!item.in_net4) continue;
        const auto& cell = checked->cell(i, it);
        NetworkStatus ns;
        ns.item = item.id;
        ns.ok = cell.outcome == indicators::Outcome::pass;
        ns.distance_m = std::isfinite(cell.distance_m) ? cell.distance_m : -1;
        if (!ns.ok) {
          ns.extend_km = ns.distance_m >= 0 ? ns.distance_m / 1000.0 : p.unknown_network_km;
          ns.extend_cny = ns.extend_km * cny_per_km(item, p);
        }
        s.net4_ok += ns.ok ? 1 : 0;
        s.extension_cny += ns.extend_cny;
        const double part = ns.ok ? 1.0 : part_score(ns.extend_km, p.score_zero_km);
        if (item.layer == "roads") s.score_road = part;
        else if (item.layer == "water") s.score_water = part;
        else if (item.layer == "power") s.score_power = part;
        else s.score_broadband = part;
        s.networks.push_back(std::move(ns));
      }
      s.school_km = nearest_facility_km(fac, schools, s.point);
      s.clinic_km = nearest_facility_km(fac, clinics, s.point);
      s.score_school = part_score(s.school_km, p.score_zero_km);
      s.score_clinic = part_score(s.clinic_km, p.score_zero_km);
      if (!seats.empty()) {
        double best = std::numeric_limits<double>::infinity();
        for (const Vec2 q : seats) best = std::min(best, std::hypot(q.x - s.point.x, q.y - s.point.y));
        s.township_km = best / 1000.0;
        s.score_township = part_score(s.township_km, p.score_zero_km);
      }
      site_score(s);
      s.fixed_cny = p.fixed_cost_per_site + s.extension_cny;
    }
  }
  if (!report_progress(progress, 0.7, "allocation")) return fail(ErrorCode::internal, "cancelled");

  // --- the facility-location instance over the sites some village can reach
  std::vector<int32_t> fac_of_site(plan.sites.size(), -1);
  std::vector<uint32_t> site_of_fac;
  std::vector<uint32_t> client_mover;
  for (size_t j = 0; j < plan.movers.size(); ++j) {
    if (reach[j].empty()) {
      plan.unplaced.push_back(Unplaced{static_cast<uint32_t>(j), plan.movers[j].households,
                                       "no buildable site within " + std::to_string(static_cast<int>(p.max_travel_km)) + " km"});
      continue;
    }
    client_mover.push_back(static_cast<uint32_t>(j));
    for (const auto& pr : reach[j]) {
      if (fac_of_site[pr.site] >= 0) continue;
      fac_of_site[pr.site] = static_cast<int32_t>(site_of_fac.size());
      site_of_fac.push_back(pr.site);
    }
  }
  // Facilities in site order, so the instance does not depend on the village order.
  std::sort(site_of_fac.begin(), site_of_fac.end());
  for (size_t f = 0; f < site_of_fac.size(); ++f) fac_of_site[site_of_fac[f]] = static_cast<int32_t>(f);
  if (!client_mover.empty()) {
    FacilityInstance inst;
    inst.name = "relocate";
    const bool with_dummy = p.max_sites == 0;
    const auto nf = static_cast<int32_t>(site_of_fac.size() + (with_dummy ? 1 : 0));
    const auto nc = static_cast<int32_t>(client_mover.size());
    std::vector<CostEntry> entries;
    double demand = 0;
    for (int32_t c = 0; c < nc; ++c) {
      const Mover& m = plan.movers[client_mover[static_cast<size_t>(c)]];
      const auto h = static_cast<double>(m.households);
      inst.demand.push_back(h);
      demand += h;
      for (const auto& pr : reach[client_mover[static_cast<size_t>(c)]])
        entries.push_back(CostEntry{c, fac_of_site[pr.site], h * pr.km * p.cny_per_household_km});
      if (with_dummy) entries.push_back(CostEntry{c, nf - 1, h * p.unplaced_cny_per_household});
    }
    for (uint32_t s : site_of_fac) {
      inst.fixed_cost.push_back(plan.sites[s].fixed_cny);
      inst.capacity.push_back(static_cast<double>(plan.sites[s].capacity));
    }
    if (with_dummy) {
      inst.fixed_cost.push_back(0);
      inst.capacity.push_back(demand);  // a finite slot: unlimited capacity with a huge penalty stalled the min-cost flow
    }
    if (p.max_sites > 0) {
      std::vector<double> caps(inst.capacity);
      std::sort(caps.rbegin(), caps.rend());
      double top = 0;
      for (size_t k = 0; k < caps.size() && k < static_cast<size_t>(p.max_sites); ++k) top += caps[k];
      if (top < demand) {
        std::string where;
        std::vector<std::pair<double, uint32_t>> worst;
        for (uint32_t j : client_mover) {
          double c = 0;
          for (const auto& pr : reach[j]) c += static_cast<double>(plan.sites[pr.site].capacity);
          worst.emplace_back(c / static_cast<double>(plan.movers[j].households), j);
        }
        std::sort(worst.begin(), worst.end());
        for (size_t k = 0; k < worst.size() && k < 8; ++k) {
          const Mover& m = plan.movers[worst[k].second];
          where += (k ? ", " : "") + (m.name.empty() ? m.code : m.name + " " + m.code) + " (" + std::to_string(m.households) + " households)";
        }
        return error(ErrorCode::solver, "capacity too small: " + std::to_string(static_cast<int64_t>(demand - top)) + " of " +
                                            std::to_string(static_cast<int64_t>(demand)) + " households cannot be placed at K = " +
                                            std::to_string(p.max_sites) + " sites (the " + std::to_string(p.max_sites) +
                                            " largest reachable sites hold " + std::to_string(static_cast<int64_t>(top)) +
                                            "); villages with the least room within reach: " + where)
            .hint("raise --k, max_travel_km or the buildable area, or run with K = 0 to place whom the sites can hold");
      }
    }
    auto cm = CostMatrix::sparse(nc, nf, std::move(entries));
    if (!cm) return tl::unexpected(cm.error());
    inst.cost = std::move(*cm);
    CflpParams cp;
    cp.single_source = p.single_source;
    cp.max_open = with_dummy ? 0 : p.max_sites;
    cp.time_limit_s = p.time_limit_s;
    auto sol = p.exact ? solve_cflp_exact(inst, cp) : solve_cflp_heuristic(inst, cp);
    if (!sol) return tl::unexpected(sol.error());
    plan.method = sol->method;
    plan.proven_optimal = sol->proven_optimal;
    plan.solve_seconds = sol->seconds;
    plan.lower_bound_cny = sol->lower_bound;
    plan.gap = sol->gap();
    // Flows; households rounded per village so they sum to the village's households.
    std::vector<int64_t> unplaced_of(plan.movers.size(), 0);
    std::vector<int64_t> left(plan.movers.size());
    for (size_t j = 0; j < plan.movers.size(); ++j) left[j] = plan.movers[j].households;
    const auto& allocs = sol->allocations;
    for (size_t a = 0; a < allocs.size(); ++a) {
      const Allocation& al = allocs[a];
      const uint32_t j = client_mover[static_cast<size_t>(al.client)];
      const bool last_of_client = a + 1 == allocs.size() || allocs[a + 1].client != al.client;
      int64_t n = last_of_client ? left[j] : std::min(left[j], static_cast<int64_t>(std::llround(al.share * static_cast<double>(plan.movers[j].households))));
      left[j] -= n;
      if (n <= 0) continue;
      if (with_dummy && al.facility == nf - 1) {
        unplaced_of[j] += n;
        continue;
      }
      const uint32_t s = site_of_fac[static_cast<size_t>(al.facility)];
      double km = 0;
      bool by_net = false;
      for (const auto& pr : reach[j])
        if (pr.site == s) km = pr.km, by_net = pr.network;
      plan.flows.push_back(Flow{j, s, n, km, by_net});
      plan.sites[s].chosen = true;
      plan.sites[s].assigned += n;
      plan.placed += n;
      plan.travel_cny += static_cast<double>(n) * km * p.cny_per_household_km;
    }
    for (size_t j = 0; j < plan.movers.size(); ++j) {
      if (unplaced_of[j] <= 0) continue;
      // Full sites, or a site with room that costs more to open than leaving them (the penalty)?
      int64_t room = 0;
      for (const auto& pr : reach[j]) room = std::max(room, plan.sites[pr.site].capacity - plan.sites[pr.site].assigned);
      char buf[240];
      if (room >= unplaced_of[j])
        std::snprintf(buf, sizeof buf,
                      "cost: opening or reaching a site within %.0f km costs more than the unplaced penalty (%.0f CNY/household); raise "
                      "unplaced_cny_per_household to force a place",
                      p.max_travel_km, p.unplaced_cny_per_household);
      else
        std::snprintf(buf, sizeof buf, "capacity: the sites within %.0f km are full", p.max_travel_km);
      plan.unplaced.push_back(Unplaced{static_cast<uint32_t>(j), unplaced_of[j], buf});
    }
    for (int32_t f : sol->open)
      if (!(with_dummy && f == nf - 1)) plan.sites[site_of_fac[static_cast<size_t>(f)]].chosen = true;
    for (const auto& s : plan.sites)
      if (s.chosen) plan.site_cny += s.fixed_cny;
    // A chosen site's fields distance: over the households it actually holds.
    std::vector<double> held(plan.sites.size(), 0.0), held_km(plan.sites.size(), 0.0);
    for (const auto& f : plan.flows) {
      held[f.site] += static_cast<double>(f.households);
      held_km[f.site] += static_cast<double>(f.households) * f.distance_km;
    }
    for (size_t i = 0; i < plan.sites.size(); ++i)
      if (plan.sites[i].chosen && held[i] > 0) {
        plan.sites[i].fields_km = held_km[i] / held[i];
        site_score(plan.sites[i]);
      }
    plan.objective_cny = plan.travel_cny + plan.site_cny;
  }
  std::sort(plan.unplaced.begin(), plan.unplaced.end(), [](const Unplaced& a, const Unplaced& b) { return a.mover < b.mover; });
  if (plan.placed < plan.households)
    note(plan.notes, Severity::warning, "unplaced", std::to_string(plan.households - plan.placed) + " of " + std::to_string(plan.households) +
                                                        " households could not be placed (see the movers layer)");
  report_progress(progress, 1.0, "done");
  return plan;
}

RelocationLayers relocation_layers(const RelocationPlan& plan) {
  RelocationLayers out;
  // sites
  {
    FeatureTable& t = out.sites;
    t.name = "sites";
    t.crs = plan.crs;
    t.geometry.kind = GeometryKind::point;
    std::vector<std::string> items;
    for (const auto& s : plan.sites)
      if (s.considered) {
        for (const auto& n : s.networks) items.push_back(n.item);
        break;
      }
    t.add_column("label", FieldType::text);
    t.add_column("source_fid", FieldType::integer);
    t.add_column("chosen", FieldType::boolean);
    t.add_column("capacity_households", FieldType::integer);
    t.add_column("assigned_households", FieldType::integer);
    t.add_column("buildable_m2", FieldType::real);
    t.add_column("suitability", FieldType::real);
    for (const char* s : {"score_road", "score_water", "score_power", "score_broadband", "score_school", "score_clinic", "score_township", "score_fields"})
      t.add_column(s, FieldType::real);
    t.add_column("net4_ok", FieldType::integer);
    t.add_column("net4_status", FieldType::text);
    for (const auto& id : items) {
      t.add_column(id + "_ok", FieldType::boolean);
      t.add_column(id + "_distance_m", FieldType::real);
      t.add_column(id + "_extend_km", FieldType::real);
      t.add_column(id + "_extend_cny", FieldType::real);
    }
    t.add_column("extension_cny", FieldType::real);
    t.add_column("site_cost_cny", FieldType::real);
    t.add_column("school_km", FieldType::real);
    t.add_column("clinic_km", FieldType::real);
    t.add_column("township_km", FieldType::real);
    t.add_column("fields_km", FieldType::real);
    t.add_column("partly_excluded", FieldType::text);
    for (size_t i = 0; i < plan.sites.size(); ++i) {
      const Site& s = plan.sites[i];
      if (!s.considered) continue;  // beyond every village's nearest sites: no 四网 check, no scores
      t.geometry.add_point_feature(s.point.x, s.point.y);
      t.fid.push_back(static_cast<int64_t>(i + 1));
      t.column("label")->push_text(s.label);
      if (s.source_fid >= 0) t.column("source_fid")->push_int(s.source_fid);
      else t.column("source_fid")->push_null();
      t.column("chosen")->push_bool(s.chosen);
      t.column("capacity_households")->push_int(s.capacity);
      t.column("assigned_households")->push_int(s.assigned);
      t.column("buildable_m2")->push_real(s.buildable_m2);
      t.column("suitability")->push_real(s.score);
      t.column("score_road")->push_real(s.score_road);
      t.column("score_water")->push_real(s.score_water);
      t.column("score_power")->push_real(s.score_power);
      t.column("score_broadband")->push_real(s.score_broadband);
      t.column("score_school")->push_real(s.score_school);
      t.column("score_clinic")->push_real(s.score_clinic);
      t.column("score_township")->push_real(s.score_township);
      t.column("score_fields")->push_real(s.score_fields);
      t.column("net4_ok")->push_int(s.net4_ok);
      std::string status;
      for (const auto& n : s.networks) status += (status.empty() ? "" : " ") + n.item + (n.ok ? "✓" : "✗");
      t.column("net4_status")->push_text(status);
      for (const auto& id : items) {
        const NetworkStatus* n = nullptr;
        for (const auto& x : s.networks)
          if (x.item == id) n = &x;
        if (n == nullptr) {
          for (const char* suffix : {"_ok", "_distance_m", "_extend_km", "_extend_cny"}) t.column(id + suffix)->push_null();
          continue;
        }
        t.column(id + "_ok")->push_bool(n->ok);
        if (n->distance_m >= 0) t.column(id + "_distance_m")->push_real(n->distance_m);
        else t.column(id + "_distance_m")->push_null();
        t.column(id + "_extend_km")->push_real(n->extend_km);
        t.column(id + "_extend_cny")->push_real(n->extend_cny);
      }
      t.column("extension_cny")->push_real(s.extension_cny);
      t.column("site_cost_cny")->push_real(s.fixed_cny);
      if (s.school_km >= 0) t.column("school_km")->push_real(s.school_km);
      else t.column("school_km")->push_null();
      if (s.clinic_km >= 0) t.column("clinic_km")->push_real(s.clinic_km);
      else t.column("clinic_km")->push_null();
      if (s.township_km >= 0) t.column("township_km")->push_real(s.township_km);
      else t.column("township_km")->push_null();
      if (s.fields_km >= 0) t.column("fields_km")->push_real(s.fields_km);
      else t.column("fields_km")->push_null();
      t.column("partly_excluded")->push_text(s.partly_excluded);
    }
  }
  // excluded candidates as their extent rectangles
  {
    FeatureTable& t = out.excluded;
    t.name = "excluded";
    t.crs = plan.crs;
    t.geometry.kind = GeometryKind::polygon;
    t.add_column("label", FieldType::text);
    t.add_column("source_fid", FieldType::integer);
    t.add_column("reasons", FieldType::text);
    t.add_column("reasons_zh", FieldType::text);
    for (size_t i = 0; i < plan.excluded.size(); ++i) {
      const ExcludedArea& x = plan.excluded[i];
      const BBox& b = x.cell;
      for (const Vec2 v : {Vec2{b.min_x, b.min_y}, Vec2{b.max_x, b.min_y}, Vec2{b.max_x, b.max_y}, Vec2{b.min_x, b.max_y}, Vec2{b.min_x, b.min_y}})
        t.geometry.add_vertex(v.x, v.y);
      t.geometry.close_ring();
      t.geometry.close_part();
      t.geometry.close_feature();
      t.fid.push_back(static_cast<int64_t>(i + 1));
      t.column("label")->push_text(x.label);
      if (x.source_fid >= 0) t.column("source_fid")->push_int(x.source_fid);
      else t.column("source_fid")->push_null();
      t.column("reasons")->push_text(x.reasons);
      t.column("reasons_zh")->push_text(x.reasons_zh);
    }
  }
  // flows
  {
    FeatureTable& t = out.flows;
    t.name = "flows";
    t.crs = plan.crs;
    t.geometry.kind = GeometryKind::line;
    for (const char* c : {"village_code", "village_name", "site_label"}) t.add_column(c, FieldType::text);
    t.add_column("households", FieldType::integer);
    t.add_column("distance_km", FieldType::real);
    t.add_column("by_road_network", FieldType::boolean);
    for (size_t i = 0; i < plan.flows.size(); ++i) {
      const Flow& f = plan.flows[i];
      const Mover& m = plan.movers[f.mover];
      const Site& s = plan.sites[f.site];
      t.geometry.add_vertex(m.point.x, m.point.y);
      t.geometry.add_vertex(s.point.x, s.point.y);
      t.geometry.close_ring();
      t.geometry.close_part();
      t.geometry.close_feature();
      t.fid.push_back(static_cast<int64_t>(i + 1));
      t.column("village_code")->push_text(m.code);
      t.column("village_name")->push_text(m.name);
      t.column("site_label")->push_text(s.label);
      t.column("households")->push_int(f.households);
      t.column("distance_km")->push_real(f.distance_km);
      t.column("by_road_network")->push_bool(f.by_network);
    }
  }
  // movers
  {
    FeatureTable& t = out.movers;
    t.name = "movers";
    t.crs = plan.crs;
    t.geometry.kind = GeometryKind::point;
    for (const char* c : {"code", "name", "reason"}) t.add_column(c, FieldType::text);
    t.add_column("households", FieldType::integer);
    t.add_column("placed_households", FieldType::integer);
    t.add_column("unplaced_households", FieldType::integer);
    t.add_column("unplaced_reason", FieldType::text);
    t.add_column("sites", FieldType::text);
    for (size_t j = 0; j < plan.movers.size(); ++j) {
      const Mover& m = plan.movers[j];
      int64_t placed = 0;
      std::string sites;
      for (const auto& f : plan.flows)
        if (f.mover == j) placed += f.households, sites += (sites.empty() ? "" : ", ") + plan.sites[f.site].label;
      std::string why;
      for (const auto& u : plan.unplaced)
        if (u.mover == j) why += (why.empty() ? "" : "; ") + u.reason;
      t.geometry.add_point_feature(m.point.x, m.point.y);
      t.fid.push_back(static_cast<int64_t>(j + 1));
      t.column("code")->push_text(m.code);
      t.column("name")->push_text(m.name);
      t.column("reason")->push_text(m.reason);
      t.column("households")->push_int(m.households);
      t.column("placed_households")->push_int(placed);
      t.column("unplaced_households")->push_int(m.households - placed);
      t.column("unplaced_reason")->push_text(why);
      t.column("sites")->push_text(sites);
    }
  }
  return out;
}

}  // namespace jiuyou::plan
