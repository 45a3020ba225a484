// The [relocate] section: every key typed and range-checked before any work, so a value that
// would make the plan meaningless or the run endless is refused with the key's name.
#include <toml++/toml.h>

#include <cmath>
#include <cstdio>
#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gis/relocate/stages.hpp"
#include "gis/util/cost_problems.hpp"
#include "gis/util/plausible_ranges.hpp"
#include "gis/util/text.hpp"
#include "gis/util/toml_error.hpp"

namespace jiuyou::plan {

namespace {

ErrorBuilder bad_key(const std::string& file, const std::string& key, const std::string& what) {
  return error(ErrorCode::project, "[relocate] " + key + ": " + what).file(file).field(key);
}

// A number key, its field and its range (lo_open: the lower bound itself is not allowed).
struct NumberKey {
  const char* key;
  double RelocateParams::*field;
  double lo, hi;
  bool lo_open;
  const char* unit;
};

constexpr double k_max_cny = 1e12;
// clang-format off
const NumberKey k_numbers[] = {
    {"grid_cell_m", &RelocateParams::grid_cell_m, 10, 10000, false, "m"},
    {"sample_step_m", &RelocateParams::sample_step_m, 1, 1000, false, "m"},
    {"point_site_area_m2", &RelocateParams::point_site_area_m2, 0, 1e8, true, "m²"},
    {"hazard_buffer_m", &RelocateParams::hazard_buffer_m, 0, 10000, false, "m"},
    {"hazard_point_radius_m", &RelocateParams::hazard_point_radius_m, 1, 10000, false, "m"},
    {"max_slope_deg", &RelocateParams::max_slope_deg, 0, 90, false, "°"},
    {"max_altitude_m", &RelocateParams::max_altitude_m, 0, 9000, false, "m"},
    {"m2_per_person", &RelocateParams::m2_per_person, 0, 1000, true, "m²"},
    {"persons_per_household", &RelocateParams::persons_per_household, 0, 20, true, "persons"},
    {"public_space_share", &RelocateParams::public_space_share, 0, 10, false, "(share)"},
    {"time_limit_s", &RelocateParams::time_limit_s, 0, 604800, false, "s (0: no limit)"},
    {"max_travel_km", &RelocateParams::max_travel_km, 0, 500, true, "km"},
    {"detour_factor", &RelocateParams::detour_factor, 1, 10, false, "(factor)"},
    {"snap_max_m", &RelocateParams::snap_max_m, 0, 100000, false, "m"},
    {"cny_per_household_km", &RelocateParams::cny_per_household_km, 0, k_max_cny, false, "CNY"},
    {"fixed_cost_per_site", &RelocateParams::fixed_cost_per_site, 0, k_max_cny, false, "CNY"},
    {"road_cny_per_km", &RelocateParams::road_cny_per_km, 0, k_max_cny, false, "CNY"},
    {"water_cny_per_km", &RelocateParams::water_cny_per_km, 0, k_max_cny, false, "CNY"},
    {"power_cny_per_km", &RelocateParams::power_cny_per_km, 0, k_max_cny, false, "CNY"},
    {"broadband_cny_per_km", &RelocateParams::broadband_cny_per_km, 0, k_max_cny, false, "CNY"},
    {"unknown_network_km", &RelocateParams::unknown_network_km, 0, 1000, false, "km"},
    {"weight_road", &RelocateParams::weight_road, 0, 1000, false, ""},
    {"weight_water", &RelocateParams::weight_water, 0, 1000, false, ""},
    {"weight_power", &RelocateParams::weight_power, 0, 1000, false, ""},
    {"weight_broadband", &RelocateParams::weight_broadband, 0, 1000, false, ""},
    {"weight_school", &RelocateParams::weight_school, 0, 1000, false, ""},
    {"weight_clinic", &RelocateParams::weight_clinic, 0, 1000, false, ""},
    {"weight_township", &RelocateParams::weight_township, 0, 1000, false, ""},
    {"weight_fields", &RelocateParams::weight_fields, 0, 1000, false, ""},
    {"score_zero_km", &RelocateParams::score_zero_km, 0, 1000, true, "km"},
    {"fields_zero_km", &RelocateParams::fields_zero_km, 0, 1000, true, "km"},
    {"unplaced_cny_per_household", &RelocateParams::unplaced_cny_per_household, 0, k_max_cny, false, "CNY"},
};
struct IntegerKey {
  const char* key;
  int32_t RelocateParams::*field;
  int32_t lo, hi;
};
const IntegerKey k_integers[] = {
    {"max_sites", &RelocateParams::max_sites, 0, 100000},
    {"sites_per_village", &RelocateParams::sites_per_village, 0, 100000},
};
// clang-format on
struct FlagKey {
  const char* key;
  bool RelocateParams::*field;
};
const FlagKey k_flags[] = {{"single_source", &RelocateParams::single_source}, {"exact", &RelocateParams::exact}, {"allow_no_dem", &RelocateParams::allow_no_dem}};

// Samples per grid cell at most ((grid_cell_m / sample_step_m)²).
constexpr double k_max_samples_per_cell = 40000;

std::string range_text(const NumberKey& k) {
  char buf[160];
  std::snprintf(buf, sizeof buf, "expected a number %s %g and <= %g %s", k.lo_open ? ">" : ">=", k.lo, k.hi, k.unit);
  return buf;
}

std::optional<double> as_number(const toml::node& n) {
  if (auto i = n.value_exact<int64_t>()) return static_cast<double>(*i);
  if (auto d = n.value_exact<double>()) return *d;
  return std::nullopt;
}

std::string known_keys() {
  std::string known;
  for (const auto& k : k_numbers) known += std::string(k.key) + " ";
  for (const auto& k : k_integers) known += std::string(k.key) + " ";
  for (const auto& k : k_flags) known += std::string(k.key) + " ";
  return known + "rules";
}

// "did you mean 'max_slope_deg'? known keys: ..." for a misspelt key.
std::string unknown_key_hint(std::string_view key, const std::string& known) {
  std::vector<std::string> names;
  for (size_t at = 0; at < known.size();) {
    const size_t end = std::min(known.find(' ', at), known.size());
    if (end > at) names.emplace_back(known.substr(at, end - at));
    at = end + 1;
  }
  const std::string meant = util::nearest_name(key, names);
  return (meant.empty() ? std::string() : "did you mean '" + meant + "'? ") + "known keys: " + known;
}

Result<void> parse_rules(const toml::node& value, const std::string& file, RelocateParams& p) {
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
      const auto v = as_number(rv);
      if (!v || !(*v >= 0 && *v <= 1)) return bad_key(file, full, "expected a share between 0 and 1 (0.5 = 50 %)");
      p.small_village_min_incidence = *v;
    } else if (rk == "hazard_kinds") {
      const toml::array* a = rv.as_array();
      if (a == nullptr) return bad_key(file, full, "expected a list of hazard kinds, e.g. [\"landslide\", \"debris_flow\"]");
      p.mover_hazard_kinds.clear();
      for (const auto& e : *a) {
        auto k = e.value<std::string>();
        if (!k || k->empty()) return bad_key(file, full, "expected a list of hazard kind names");
        p.mover_hazard_kinds.push_back(detail::lower(*k));
      }
    } else {
      return bad_key(file, full, "unknown key").hint(unknown_key_hint(rk, "small_village_max_households small_village_min_incidence hazard_kinds"));
    }
  }
  return {};
}

Result<void> parse_key(const std::string& key, const toml::node& value, const std::string& file, RelocateParams& p) {
  if (key == "rules") return parse_rules(value, file, p);
  for (const auto& k : k_numbers)
    if (key == k.key) {
      const auto v = as_number(value);
      if (!v || !std::isfinite(*v)) return bad_key(file, key, range_text(k));
      p.*k.field = *v;
      return {};
    }
  for (const auto& k : k_integers)
    if (key == k.key) {
      const auto v = value.value_exact<int64_t>();
      if (!v || *v < k.lo || *v > k.hi) return bad_key(file, key, "expected an integer >= " + std::to_string(k.lo) + " and <= " + std::to_string(k.hi));
      p.*k.field = static_cast<int32_t>(*v);
      return {};
    }
  for (const auto& k : k_flags)
    if (key == k.key) {
      const auto v = value.value_exact<bool>();
      if (!v) return bad_key(file, key, "expected true or false");
      p.*k.field = *v;
      return {};
    }
  return bad_key(file, key, "unknown key").hint(unknown_key_hint(key, known_keys()));
}

// The money keys the project sets, against data/costs/plausible.toml's "relocate.<key>" (tour 15 P1:
// road_cny_per_km = 100 meant 100 万元/km, a site at 200 元): a unit slip, or 0 or less, is refused with the
// reading that fits, every bad key named in one error (tour 15 H2, H3); a value outside its range that
// no unit explains is warned (p.warnings_zh: the console and relocation.html's first lines, H1).
Result<void> check_money(const toml::table& t, const std::string& file, RelocateParams& p) {
  ASSIGN_OR_RETURN(const util::CostRanges ranges, util::load_cost_ranges());
  util::CostProblems problems;
  for (const auto& [key_node, value] : t) {
    const std::string key(key_node.str());
    const util::CostRange* r = ranges.find("relocate." + key);
    const auto v = as_number(value);
    if (r == nullptr || !v) continue;
    const std::string where = "line " + std::to_string(value.source().begin.line) + ": " + key;
    if (!(*v > 0)) {  // nothing is built for free: a site, a road, a pipe, a line cost money
      problems.add(key, where + " = " + util::plain_number(*v) + ": must be more than 0 (元)",
                   "give the county's price in 元, e.g. " + key + " = " + util::plain_number(r->lo * 1e4) + " (" + util::plain_number(r->lo) + " 万元/" + r->per + ")",
                   value.source().begin.line);
      continue;
    }
    const util::CostJudgement j = util::judge_cost(*v / 1e4, util::plain_number(*v) + " 元", where, *r, ranges.slip_beyond);
    if (j.kind == util::CostJudgement::unit_slip)
      problems.add(key, j.message + " (money in [relocate] is in 元)",
                   "did you mean " + key + " = " + util::plain_number(j.fits_wan * 1e4) + " (" + util::plain_number(j.fits_wan) + " 万元/" + r->per + ")?",
                   value.source().begin.line);
    else if (j.kind == util::CostJudgement::outside)
      p.warnings_zh.push_back("项目文件 " + file + " [relocate] " + j.message);
  }
  if (problems.empty()) return {};
  return tl::unexpected(problems.error(ErrorCode::project, file, "[relocate] "));
}

}  // namespace

Result<void> validate_relocate_params(const RelocateParams& p, const std::string& file) {
  for (const auto& k : k_numbers) {
    const double v = p.*k.field;
    if (!std::isfinite(v) || (k.lo_open ? v <= k.lo : v < k.lo) || v > k.hi) {
      char got[64];
      std::snprintf(got, sizeof got, " (found %g)", v);
      return bad_key(file, k.key, range_text(k) + got);
    }
  }
  for (const auto& k : k_integers)
    if (p.*k.field < k.lo || p.*k.field > k.hi)
      return bad_key(file, k.key, "expected an integer >= " + std::to_string(k.lo) + " and <= " + std::to_string(k.hi) + " (found " +
                                      std::to_string(p.*k.field) + ")");
  if (p.sample_step_m > p.grid_cell_m)
    return bad_key(file, "sample_step_m", "must not be larger than grid_cell_m (" + std::to_string(p.grid_cell_m) + " m)");
  if (const double per_cell = std::pow(std::ceil(p.grid_cell_m / p.sample_step_m), 2); per_cell > k_max_samples_per_cell)
    return bad_key(file, "sample_step_m", "a " + std::to_string(static_cast<int>(p.grid_cell_m)) + " m grid cell would hold " +
                                              std::to_string(static_cast<int64_t>(per_cell)) + " samples, more than " +
                                              std::to_string(static_cast<int64_t>(k_max_samples_per_cell)))
        .hint("a sample step of a few metres to 100 m is enough (default 50 m); raise sample_step_m");
  if (p.small_village_max_households < 0 || !(p.small_village_min_incidence >= 0 && p.small_village_min_incidence <= 1))
    return bad_key(file, "rules", "small_village_max_households must be >= 0 and small_village_min_incidence between 0 and 1");
  return {};
}

Result<RelocateParams> parse_relocate_params(const std::string& toml_text, const std::string& file) {
  toml::table root;
  try {
    root = toml::parse(toml_text, file);
  } catch (const toml::parse_error& e) {
    return tl::unexpected<Error>(util::toml_syntax_error(
        e, ErrorCode::project, file, "[relocate] in the project file is TOML: grid_cell_m = 200, max_slope_deg = 25 ...", toml_text));
  }
  RelocateParams p;
  const toml::node* section = root.get("relocate");
  if (section == nullptr) return p;
  const toml::table* t = section->as_table();
  if (t == nullptr) return error(ErrorCode::project, "[relocate] must be a table").file(file).field("relocate");
  for (const auto& [key_node, value] : *t)
    if (auto ok = parse_key(std::string(key_node.str()), value, file, p); !ok) return tl::unexpected(ok.error());
  if (auto ok = check_money(*t, file, p); !ok) return tl::unexpected(ok.error());  // first: it names every bad money key at once
  if (auto ok = validate_relocate_params(p, file); !ok) return tl::unexpected(ok.error());
  return p;
}

}  // namespace jiuyou::plan
