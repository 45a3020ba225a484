#include "gis/pair/townships.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include "gis/crs/crs.hpp"

namespace jiuyou::pair {
namespace {

struct TownshipFigures {
  double population = 0;
  double poor = 0;
  double income_weighted = 0;  // Σ population × income_per_capita over villages that give both
  double income_population = 0;
  double shortfall = 0;
  int villages = 0;
};

std::string text_at(const Column& c, size_t row) {
  if (c.is_null(row)) return {};
  if (c.type() == FieldType::integer) return std::to_string(c.get_int(row));
  return c.as_text(row);
}

double number_or_zero(const Column* c, size_t row) {
  if (c == nullptr) return 0;
  const auto v = c->number(row);
  return v && std::isfinite(*v) ? *v : 0;
}

ErrorBuilder missing_field(const FeatureTable& t, const std::string& field) {
  std::string present;
  for (const auto& c : t.columns) present += (present.empty() ? "" : ", ") + c.name();
  return error(ErrorCode::format, "layer '" + t.name + "' has no field '" + field + "'")
      .file(t.source)
      .layer(t.name)
      .field(field)
      .hint("fields present: " + present);
}

}  // namespace

Result<PairProblem> key_township_problem(const FeatureTable& townships, const FeatureTable& villages, const KeyTownshipParams& params) {
  const Column* t_code = townships.column("code");
  const Column* t_name = townships.column("name");
  if (t_code == nullptr) return missing_field(townships, "code");
  const Column* v_township = villages.column("township");
  const Column* v_population = villages.column("population");
  const Column* v_poor = villages.column("poor_population");
  if (v_township == nullptr) return missing_field(villages, "township").hint("each village names its township's code in 'township'");
  if (v_population == nullptr) return missing_field(villages, "population");
  if (v_poor == nullptr) return missing_field(villages, "poor_population");
  const Column* v_income = villages.column("income_per_capita");
  const Column* v_collective = villages.column("collective_income");
  if (params.key_townships < 1 || params.helpers < 1)
    return error(ErrorCode::input, "key townships and helper townships must each be at least 1");

  std::map<std::string, size_t> index;
  for (size_t i = 0; i < townships.size(); ++i) {
    const std::string code = text_at(*t_code, i);
    if (code.empty()) return error(ErrorCode::format, "township without a code").file(townships.source).layer(townships.name).feature(townships.fid[i]).field("code");
    if (!index.emplace(code, i).second)
      return error(ErrorCode::format, "township code " + code + " appears twice")
          .file(townships.source)
          .layer(townships.name)
          .feature(townships.fid[i])
          .field("code");
  }
  const size_t wanted = static_cast<size_t>(params.key_townships) + static_cast<size_t>(params.helpers);
  if (townships.size() < wanted)
    return error(ErrorCode::input, "layer '" + townships.name + "' has " + std::to_string(townships.size()) + " townships; " +
                                       std::to_string(params.key_townships) + " key townships and " + std::to_string(params.helpers) +
                                       " helpers need " + std::to_string(wanted))
        .file(townships.source)
        .layer(townships.name)
        .hint("ask for fewer key townships or helpers, or use a larger area (jiuyou synth --townships N)");

  std::vector<TownshipFigures> fig(townships.size());
  for (size_t r = 0; r < villages.size(); ++r) {
    const std::string code = text_at(*v_township, r);
    auto it = index.find(code);
    if (it == index.end())
      return error(ErrorCode::format, "village names township '" + code + "', which is not in layer '" + townships.name + "'")
          .file(villages.source)
          .layer(villages.name)
          .feature(villages.fid[r])
          .field("township");
    TownshipFigures& f = fig[it->second];
    const double pop = number_or_zero(v_population, r);
    f.population += pop;
    f.poor += number_or_zero(v_poor, r);
    ++f.villages;
    if (v_income != nullptr && !v_income->is_null(r) && pop > 0) {
      f.income_weighted += pop * number_or_zero(v_income, r);
      f.income_population += pop;
    }
    if (v_collective != nullptr && !v_collective->is_null(r))
      f.shortfall += std::max(0.0, params.collective_income_target_cny - number_or_zero(v_collective, r));
  }

  std::vector<size_t> order(townships.size());
  std::iota(order.begin(), order.end(), size_t{0});
  auto incidence = [&](size_t t) { return fig[t].population > 0 ? fig[t].poor / fig[t].population : 0.0; };
  auto income = [&](size_t t) { return fig[t].income_population > 0 ? fig[t].income_weighted / fig[t].income_population : 0.0; };
  auto code_of = [&](size_t t) { return text_at(*t_code, t); };
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (incidence(a) != incidence(b)) return incidence(a) > incidence(b);
    return code_of(a) < code_of(b);
  });
  std::vector<size_t> key(order.begin(), order.begin() + params.key_townships);
  std::vector<size_t> rest(order.begin() + params.key_townships, order.end());
  std::stable_sort(rest.begin(), rest.end(), [&](size_t a, size_t b) {
    if (income(a) != income(b)) return income(a) > income(b);
    return code_of(a) < code_of(b);
  });
  rest.resize(static_cast<size_t>(params.helpers));

  PairProblem p;
  p.source = townships.source;
  p.geographic = crs::is_geographic(townships.crs);
  p.crs = p.geographic ? CrsRef::epsg(4490) : townships.crs;
  auto add = [&](size_t t, Role role) {
    Unit u;
    u.code = code_of(t);
    u.name = t_name != nullptr ? text_at(*t_name, t) : std::string();
    u.role = role;
    u.row = townships.fid[t];
    Vec2 q = representative_point(townships.geometry, t);
    if (townships.crs.kind == CrsRef::Kind::gcj02) q = crs::gcj02_to_wgs84(q);
    if (townships.crs.kind == CrsRef::Kind::bd09) q = crs::bd09_to_wgs84(q);
    u.position = q;
    if (role == Role::helper) {
      u.funds_cny_per_year = std::round(params.funds_share * fig[t].population * income(t));
      u.max_partners = 1;
    } else {
      u.poor_population = fig[t].poor;
      if (v_collective != nullptr) u.income_shortfall_cny = fig[t].shortfall;
    }
    p.units.push_back(std::move(u));
  };
  for (const size_t t : rest) add(t, Role::helper);
  for (const size_t t : key) add(t, Role::helped);
  return p;
}

}  // namespace jiuyou::pair
