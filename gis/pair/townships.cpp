#include "gis/pair/townships.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include "gis/crs/crs.hpp"
#include "gis/util/text.hpp"

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

// The village fields the figures are summed from (the optional ones may be null).
struct VillageFields {
  const Column* township = nullptr;
  const Column* population = nullptr;
  const Column* poor = nullptr;
  const Column* income = nullptr;      // optional
  const Column* collective = nullptr;  // optional
};

Result<VillageFields> village_fields(const FeatureTable& villages) {
  VillageFields f{villages.column("township"), villages.column("population"), villages.column("poor_population"),
                  villages.column("income_per_capita"), villages.column("collective_income")};
  if (f.township == nullptr) return missing_field(villages, "township").hint("each village names its township's code in 'township'");
  if (f.population == nullptr) return missing_field(villages, "population");
  if (f.poor == nullptr) return missing_field(villages, "poor_population");
  return f;
}

// Row per township code; every township has one code of its own.
Result<std::map<std::string, size_t>> township_index(const FeatureTable& townships, const Column& code_column) {
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < townships.size(); ++i) {
    const std::string code = text_at(code_column, i);
    if (code.empty()) return error(ErrorCode::format, "township without a code").file(townships.source).layer(townships.name).feature(townships.fid[i]).field("code");
    if (!index.emplace(code, i).second)
      return error(ErrorCode::format, "township code " + code + " appears twice")
          .file(townships.source)
          .layer(townships.name)
          .feature(townships.fid[i])
          .field("code");
  }
  return index;
}

// Each township's sums over its villages; a village naming an unknown township is an error.
Result<std::vector<TownshipFigures>> township_figures(const FeatureTable& townships, const std::map<std::string, size_t>& index,
                                                      const FeatureTable& villages, const VillageFields& v, double collective_target) {
  std::vector<TownshipFigures> fig(townships.size());
  for (size_t r = 0; r < villages.size(); ++r) {
    const std::string code = text_at(*v.township, r);
    auto it = index.find(code);
    if (it == index.end())
      return error(ErrorCode::format, "village names township '" + code + "', which is not in layer '" + townships.name + "'")
          .file(villages.source)
          .layer(villages.name)
          .feature(villages.fid[r])
          .field("township");
    TownshipFigures& f = fig[it->second];
    const double pop = number_or_zero(v.population, r);
    f.population += pop;
    f.poor += number_or_zero(v.poor, r);
    ++f.villages;
    if (v.income != nullptr && !v.income->is_null(r) && pop > 0) {
      f.income_weighted += pop * number_or_zero(v.income, r);
      f.income_population += pop;
    }
    if (v.collective != nullptr && !v.collective->is_null(r))
      f.shortfall += std::max(0.0, collective_target - number_or_zero(v.collective, r));
  }
  return fig;
}

double incidence_of(const TownshipFigures& f) { return f.population > 0 ? f.poor / f.population : 0.0; }
double income_of(const TownshipFigures& f) { return f.income_population > 0 ? f.income_weighted / f.income_population : 0.0; }

// Key townships: the highest poverty incidence; helpers: the highest income per head among the rest (ties by code).
std::pair<std::vector<size_t>, std::vector<size_t>> choose_townships(const std::vector<TownshipFigures>& fig, const Column& code_column,
                                                                     const KeyTownshipParams& params) {
  std::vector<size_t> order(fig.size());
  std::iota(order.begin(), order.end(), size_t{0});
  auto code_of = [&](size_t t) { return text_at(code_column, t); };
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (incidence_of(fig[a]) != incidence_of(fig[b])) return incidence_of(fig[a]) > incidence_of(fig[b]);
    return code_of(a) < code_of(b);
  });
  std::vector<size_t> key(order.begin(), order.begin() + params.key_townships);
  std::vector<size_t> rest(order.begin() + params.key_townships, order.end());
  std::stable_sort(rest.begin(), rest.end(), [&](size_t a, size_t b) {
    if (income_of(fig[a]) != income_of(fig[b])) return income_of(fig[a]) > income_of(fig[b]);
    return code_of(a) < code_of(b);
  });
  rest.resize(static_cast<size_t>(params.helpers));
  return {std::move(key), std::move(rest)};
}

// How the units and their figures were derived, for the page and the workbook: nothing here is a stated figure.
std::vector<std::string> basis_sentences(const KeyTownshipParams& params, bool has_collective) {
  std::vector<std::string> s{
      "受扶方（重点乡镇）：按贫困发生率（贫困人口 ÷ 人口，由各村汇总）从高到低选出的 " + std::to_string(params.key_townships) + " 个乡镇。",
      "帮扶方：其余乡镇中人均收入（各村按人口加权）最高的 " + std::to_string(params.helpers) + " 个（按结对数结对时每个结对 1 个；按资金调度时不限）。",
      "帮扶方的年度资金是估算值：乡镇人口 × 人均收入 × " + util::fixed(params.funds_share * 100, 1) +
          "%，不是乡镇承诺的数额；有实际数额时请用单位表（units）填写 funds_cny_per_year。"};
  if (has_collective)
    s.push_back("受扶方的集体收入缺口：各村村集体经济收入低于 " + util::fixed(params.collective_income_target_cny / 10000, 1) + " 万元的差额之和。");
  return s;
}

}  // namespace

Result<PairProblem> key_township_problem(const FeatureTable& townships, const FeatureTable& villages, const KeyTownshipParams& params) {
  const Column* t_code = townships.column("code");
  const Column* t_name = townships.column("name");
  if (t_code == nullptr) return missing_field(townships, "code");
  ASSIGN_OR_RETURN(const VillageFields v, village_fields(villages));
  if (params.key_townships < 1 || params.helpers < 1)
    return error(ErrorCode::input, "key townships and helper townships must each be at least 1");
  ASSIGN_OR_RETURN(const auto index, township_index(townships, *t_code));
  const size_t wanted = static_cast<size_t>(params.key_townships) + static_cast<size_t>(params.helpers);
  if (townships.size() < wanted)
    return error(ErrorCode::input, "layer '" + townships.name + "' has " + std::to_string(townships.size()) + " townships; " +
                                       std::to_string(params.key_townships) + " key townships and " + std::to_string(params.helpers) +
                                       " helpers need " + std::to_string(wanted))
        .file(townships.source)
        .layer(townships.name)
        .hint("ask for fewer key townships or helpers, or use a larger area (jiuyou synth --townships N)");
  ASSIGN_OR_RETURN(const auto fig, township_figures(townships, index, villages, v, params.collective_income_target_cny));
  const auto [key, rest] = choose_townships(fig, *t_code, params);

  PairProblem p;
  p.source = townships.source;
  p.geographic = crs::is_geographic(townships.crs);
  p.crs = p.geographic ? CrsRef::epsg(4490) : townships.crs;
  auto add = [&](size_t t, Role role) {
    Unit u;
    u.code = text_at(*t_code, t);
    u.name = t_name != nullptr ? text_at(*t_name, t) : std::string();
    u.role = role;
    u.row = townships.fid[t];
    Vec2 q = representative_point(townships.geometry, t);
    if (townships.crs.kind == CrsRef::Kind::gcj02) q = crs::gcj02_to_wgs84(q);
    if (townships.crs.kind == CrsRef::Kind::bd09) q = crs::bd09_to_wgs84(q);
    u.position = q;
    u.population = fig[t].population;
    if (fig[t].income_population > 0) u.income_per_capita_cny = income_of(fig[t]);
    if (role == Role::helper) {
      u.funds_cny_per_year = std::round(params.funds_share * fig[t].population * income_of(fig[t]));
      u.funds_estimated = true;
      u.max_partners = 1;
    } else {
      u.poor_population = fig[t].poor;
      if (v.collective != nullptr) u.income_shortfall_cny = fig[t].shortfall;
    }
    p.units.push_back(std::move(u));
  };
  for (const size_t t : rest) add(t, Role::helper);
  for (const size_t t : key) add(t, Role::helped);
  p.basis_zh = basis_sentences(params, v.collective != nullptr);
  return p;
}

}  // namespace jiuyou::pair
