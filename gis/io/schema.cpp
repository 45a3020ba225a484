#include "gis/io/schema.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

namespace jiuyou::io {

namespace {
using F = FieldType;
constexpr FieldRole code = FieldRole::code;
constexpr FieldRole fraction = FieldRole::fraction;
constexpr FieldRole share = FieldRole::share;
constexpr FieldRole money = FieldRole::money;
const std::map<std::string, std::vector<CanonicalField>>& schema() {
  static const std::map<std::string, std::vector<CanonicalField>> s = {
      {"villages",
       {{"code", F::text, "12-digit statistical area code", code},
        {"name", F::text, "village name"},
        {"township", F::text, "9-digit township code or name", code},
        {"population", F::real, "rural registered population"},
        {"households", F::real, "households"},
        {"poor_population", F::real, "registered poor people"},
        {"poor_households", F::real, "registered poor households"},
        {"collective_income", F::real, "collective economy income, CNY per year", money},
        {"income_per_capita", F::real, "per-capita disposable income, CNY", money},
        {"income_growth", F::real, "income growth, fraction", fraction},
        {"has_leading_industry", F::boolean, "村有主导产业"},
        {"township_industry_scale", F::boolean, "乡有产业规模"},
        {"poor_households_with_project", F::real, "poor households with a project"},
        {"cooperatives", F::real, "enterprises/cooperatives bringing poor households along"},
        {"poor_insured_share", F::real, "share of poor people insured, 0-1", share},
        {"unsafe_houses_poor", F::real, "D-grade houses of poor households"},
        {"relocate_households", F::real, "households to relocate"}}},
      {"roads", {{"class", F::text, "national/provincial/county/township/village/other"}, {"surface", F::text, "asphalt/concrete/gravel/earth"}, {"width_m", F::real, "width in metres"}}},
      {"water", {{"kind", F::text, "pipe/plant/service_area"}, {"safe", F::boolean, "safe drinking water"}, {"status", F::text, "in_use/not_in_use (停用, 拟建 …)"}}},
      {"power", {{"voltage_kv", F::real, "voltage, kV"}, {"kind", F::text, "line/substation/transformer"}, {"capacity_kva", F::real, "transformer capacity, kVA"}}},
      {"broadband", {{"kind", F::text, "coverage/tower/fiber"}, {"tech", F::text, "fiber/4g/5g/cable_tv"}, {"radius_m", F::real, "tower radius, metres"}}},
      {"facilities", {{"kind", F::text, "clinic/school/service_center/culture/market/cooperative"}, {"village_code", F::text, "12-digit code of the village it serves", code}, {"qualified_doctor", F::boolean, "clinic has a qualified doctor"},
                      {"status", F::text, "in_use/not_in_use (停用, 拟建 …)"}}},
      {"hazards", {{"kind", F::text, "landslide/debris_flow/collapse/flood"}, {"level", F::text, "hazard level"}}},
      {"protected", {{"kind", F::text, "basic_farmland/ecological_redline/reserve"}}},
      {"units", {{"code", F::text, "code", code}, {"name", F::text, "name"}, {"role", F::text, "donor/recipient"}}},
      {"townships", {{"code", F::text, "9-digit township code", code}, {"name", F::text, "township name"}}},
  };
  return s;
}

}  // namespace

const std::vector<CanonicalField>& canonical_fields(const std::string& layer) {
  static const std::vector<CanonicalField> none;
  auto it = schema().find(layer);
  return it == schema().end() ? none : it->second;
}

std::string canonical_kind(const std::string& name) {
  if (schema().count(name)) return name;
  std::string best;
  for (const auto& [kind, fields] : schema()) {
    const std::string singular = kind.back() == 's' ? kind.substr(0, kind.size() - 1) : kind;
    for (const std::string& stem : {kind, singular})
      if (name.size() > stem.size() + 1 && name.compare(0, stem.size() + 1, stem + "_") == 0 && kind.size() > best.size()) best = kind;
  }
  return best;
}

std::string layer_kind(const LayerSpec& spec) { return spec.kind.empty() ? canonical_kind(spec.name) : spec.kind; }

bool geometry_required(const std::string& kind) {
  static const std::set<std::string> spatial = {"villages", "roads", "water", "power", "broadband", "facilities", "hazards", "protected"};
  return spatial.count(kind) > 0;
}

}  // namespace jiuyou::io
