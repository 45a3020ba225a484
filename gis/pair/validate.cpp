// Everything the pairing planner checks before any work: the units (codes,
// positions, figures, helpers' capacity), the existing pairs (known codes and
// roles, no pair twice) and, when they are kept, whether the fixed pairs fit.
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "gis/pair/planner.hpp"
#include "gis/pair/planner_detail.hpp"

namespace jiuyou::pair {

using namespace detail;

namespace {

using CodeIndex = std::map<std::string, uint32_t>;

// The pairs of each helper and each helped unit, by unit index.
struct FixedPairs {
  std::map<uint32_t, std::vector<const ExistingPair*>> by_helper, by_helped;
};

// Figures >= 0 where given; a helper that can take a partner (funds mode: one funds unit).
Result<void> validate_figures_and_capacity(const PairProblem& p, const PairParams& params, const Unit& u) {
  const std::pair<const char*, double> figures[] = {{"funds_cny_per_year", u.funds_cny_per_year},
                                                    {"jobs", u.jobs},
                                                    {"poor_population", u.poor_population},
                                                    {"gap_cost_cny", u.gap_cost_cny},
                                                    {"income_shortfall_cny", u.income_shortfall_cny},
                                                    {"need_cny_per_year", u.need_cny_per_year}};
  for (const auto& [field, value] : figures) {
    if (given(value) && !(value >= 0 && std::isfinite(value)))
      return unit_error(p, u, ErrorCode::input, describe(u) + ": " + field + " must be a number >= 0, got " + std::to_string(value))
          .field(field);
  }
  if (u.role != Role::helper) return {};
  if (params.mode == PairMode::funds) {
    if (!given(u.funds_cny_per_year))
      return unit_error(p, u, ErrorCode::input, "helper " + describe(u) + " has no funds_cny_per_year: funds mode moves money, so every helper needs its funds")
          .field("funds_cny_per_year")
          .hint("give the helper's funds per year, or use --mode capacitated to plan partner counts");
    if (u.funds_cny_per_year < params.funds_unit_cny)
      return unit_error(p, u, ErrorCode::input,
                        "helper " + describe(u) + " has zero capacity: funds_cny_per_year " + cny_text(u.funds_cny_per_year) +
                            " is less than one funds unit (" + cny_text(params.funds_unit_cny) + ")")
          .field("funds_cny_per_year")
          .hint("give it its funds per year, lower [pair] funds_unit_cny, or take it out of the units");
    return {};
  }
  if (u.max_partners == 0 || (given(u.funds_cny_per_year) && u.funds_cny_per_year == 0 && u.max_partners <= 0))
    return unit_error(p, u, ErrorCode::input,
                      "helper " + describe(u) + " has zero capacity (" +
                          (u.max_partners == 0 ? std::string("max_partners = 0") : std::string("funds_cny_per_year = 0")) +
                          "): it cannot take any partner")
        .field(u.max_partners == 0 ? "max_partners" : "funds_cny_per_year")
        .hint("give it max_partners >= 1 (and its funds), or take it out of the units");
  return {};
}

// Every unit once by code, with a position; at least one helper and one helped unit. The index by code.
Result<CodeIndex> validate_units(const PairProblem& p, const PairParams& params) {
  if (p.units.empty())
    return error(ErrorCode::input, "no units to pair").file(p.source).hint("the units layer needs rows with code, name and role");
  CodeIndex seen;
  size_t helpers = 0;
  size_t helped = 0;
  for (uint32_t i = 0; i < p.units.size(); ++i) {
    const Unit& u = p.units[i];
    if (u.code.empty()) return unit_error(p, u, ErrorCode::input, "unit '" + u.name + "' has no code").field("code");
    auto [it, inserted] = seen.emplace(u.code, i);
    if (!inserted)
      return unit_error(p, u, ErrorCode::input, "code " + u.code + " appears twice: " + describe(p.units[it->second]) + " and " + describe(u))
          .field("code")
          .hint("every unit needs its own code");
    if (!std::isfinite(u.position.x) || !std::isfinite(u.position.y))
      return unit_error(p, u, ErrorCode::input, describe(u) + " has no position").hint("give it a point or polygon geometry");
    if (p.geographic && (std::fabs(u.position.x) > 180 || std::fabs(u.position.y) > 90))
      return unit_error(p, u, ErrorCode::input, describe(u) + " lies outside lon/lat range")
          .hint("lon first, then lat, in degrees");
    TRY(validate_figures_and_capacity(p, params, u));
    (u.role == Role::helper ? helpers : helped) += 1;
  }
  if (helpers == 0) return error(ErrorCode::input, "no helper units (role helper) among the units").file(p.source).field("role");
  if (helped == 0) return error(ErrorCode::input, "no helped units (role helped) among the units").file(p.source).field("role");
  return seen;
}

// Each existing pair: known codes in the right roles, listed once, funds >= 0.
Result<FixedPairs> validate_existing(const PairProblem& p, const CodeIndex& seen) {
  std::set<std::pair<std::string, std::string>> pairs_seen;
  FixedPairs fixed;
  for (const auto& e : p.existing) {
    auto h = seen.find(e.helper_code);
    auto r = seen.find(e.helped_code);
    if (h == seen.end())
      return pair_error(p, e, ErrorCode::input, "helper code '" + e.helper_code + "' is not among the units")
          .field("helper_code")
          .hint("check the code against the units layer (6-digit county, 9-digit township, 12-digit village codes)");
    if (r == seen.end())
      return pair_error(p, e, ErrorCode::input, "helped code '" + e.helped_code + "' is not among the units")
          .field("helped_code")
          .hint("check the code against the units layer (6-digit county, 9-digit township, 12-digit village codes)");
    if (p.units[h->second].role != Role::helper)
      return pair_error(p, e, ErrorCode::input, describe(p.units[h->second]) + " is a helped unit, not a helper").field("helper_code");
    if (p.units[r->second].role != Role::helped)
      return pair_error(p, e, ErrorCode::input, describe(p.units[r->second]) + " is a helper, not a helped unit").field("helped_code");
    if (!pairs_seen.emplace(e.helper_code, e.helped_code).second)
      return pair_error(p, e, ErrorCode::input, "the pair " + e.helper_code + " -> " + e.helped_code + " is listed twice");
    if (given(e.funds_cny_per_year) && !(e.funds_cny_per_year >= 0 && std::isfinite(e.funds_cny_per_year)))
      return pair_error(p, e, ErrorCode::input, "funds_cny_per_year must be a number >= 0").field("funds_cny_per_year");
    fixed.by_helper[h->second].push_back(&e);
    fixed.by_helped[r->second].push_back(&e);
  }
  return fixed;
}

std::string rows_text(const std::vector<const ExistingPair*>& list) {
  std::string s;
  for (size_t i = 0; i < list.size(); ++i) s += (i == 0 ? "" : i + 1 == list.size() ? " and " : ", ") + std::to_string(list[i]->row);
  return s;
}

// Kept pairs fit: no helper over its partners or its funds; one helper each in one-to-one mode.
Result<void> validate_fixed_pairs_fit(const PairProblem& p, const PairParams& params, const FixedPairs& fixed) {
  for (const auto& [h, list] : fixed.by_helper) {
    const Unit& u = p.units[h];
    const int cap = helper_capacity(u, params);
    if (params.mode != PairMode::funds && static_cast<int>(list.size()) > cap)
      return pair_error(p, *list.back(), ErrorCode::solver,
                        "infeasible fixed pairs: helper " + describe(u) + " can take " + std::to_string(cap) +
                            (cap == 1 ? " partner" : " partners") + " (" +
                            (params.mode == PairMode::one_to_one ? std::string("one-to-one mode")
                                                                 : u.max_partners < 0 ? "default_max_partners" : "max_partners") +
                            ") but rows " + rows_text(list) + " pair it with " + std::to_string(list.size()) + ": " +
                            std::to_string(list.size() - static_cast<size_t>(cap)) + " short")
          .field("helper_code")
          .hint("raise max_partners of " + u.code + ", use --mode capacitated, or re-plan the pairs (--replan)");
    if (given(u.funds_cny_per_year)) {
      double committed = 0;
      for (const auto* e : list)
        if (given(e->funds_cny_per_year)) committed += e->funds_cny_per_year;
      if (committed > u.funds_cny_per_year + 0.5)
        return pair_error(p, *list.back(), ErrorCode::solver,
                          "infeasible fixed pairs: helper " + describe(u) + " has " + cny_text(u.funds_cny_per_year) +
                              " a year but rows " + rows_text(list) + " commit " + cny_text(committed) + ": " +
                              cny_text(committed - u.funds_cny_per_year) + " short")
            .field("funds_cny_per_year")
            .hint("raise the helper's funds_cny_per_year or correct the pairs' funds");
    }
  }
  if (params.mode != PairMode::one_to_one) return {};
  for (const auto& [r, list] : fixed.by_helped) {
    if (list.size() > 1)
      return pair_error(p, *list.back(), ErrorCode::solver,
                        "infeasible fixed pairs in one-to-one mode: " + describe(p.units[r]) + " has " + std::to_string(list.size()) +
                            " helpers (rows " + rows_text(list) + "), one allowed")
          .field("helped_code")
          .hint("use --mode capacitated, or re-plan the pairs (--replan)");
  }
  return {};
}

}  // namespace

Result<void> validate_problem(const PairProblem& p, const PairParams& params) {
  ASSIGN_OR_RETURN(const CodeIndex seen, validate_units(p, params));
  ASSIGN_OR_RETURN(const FixedPairs fixed, validate_existing(p, seen));
  if (params.replan) return {};
  return validate_fixed_pairs_fit(p, params, fixed);
}

}  // namespace jiuyou::pair
