// The synthetic county over consecutive years: the first year is the county
// of the parameters; each next year is the one before with its events placed
// one by one, each kept only when the check shows it changes exactly the one
// village it names (see years.hpp). A last check of the whole year confirms
// that the year's changes are exactly the events' items.
#include "gis/synth/years.hpp"

#include <algorithm>

#include "gis/synth/years_detail.hpp"

namespace jiuyou::synth {
namespace years {

Result<indicators::CheckResult> Checker::check(const SynthCounty& county) const {
  WorkspaceView view;
  view.name = county.name;
  view.metric_crs = county.crs;
  view.layers = county.layers();
  view.dem = &county.dem;
  indicators::CheckParams params;
  params.sanity_notes = false;
  return indicators::check_targets(view, county.villages, m_rules, params);
}

Outcomes Checker::outcomes(const indicators::CheckResult& result, const FeatureTable& villages) {
  Outcomes out;
  for (const auto& item : result.rules.items) out.items.push_back(item.id);
  const Column* code = villages.column("code");
  const size_t n = result.item_count();
  for (size_t v = 0; v < result.village_count && code; ++v) {
    std::vector<Outcome> row(n);
    for (size_t i = 0; i < n; ++i) row[i] = result.cell(v, i).outcome;
    out.by_code[code->as_text(v)] = std::move(row);
  }
  return out;
}

std::vector<Change> diff(const Outcomes& a, const Outcomes& b) {
  std::vector<Change> out;
  for (const auto& [code, before] : a.by_code) {
    const auto it = b.by_code.find(code);
    if (it == b.by_code.end()) continue;
    for (size_t i = 0; i < before.size() && i < it->second.size(); ++i)
      if (before[i] != it->second[i]) out.push_back({code, i, before[i], it->second[i]});
  }
  return out;
}

namespace {

// The one village whose outcomes changed, or "" when none or several did, or one went to or from unknown.
std::string single_village(const std::vector<Change>& changes) {
  if (changes.empty()) return {};
  for (const auto& c : changes)
    if (c.code != changes.front().code || c.before == Outcome::unknown || c.after == Outcome::unknown) return {};
  return changes.front().code;
}

bool fits(const Year& y, const EventSpec& spec, const std::vector<Change>& changes, const std::string& code) {
  if (code.empty() || y.touched.count(code) || y.excluded.count(code)) return false;
  const Outcome from = spec.gain ? Outcome::fail : Outcome::pass, to = spec.gain ? Outcome::pass : Outcome::fail;
  return std::any_of(changes.begin(), changes.end(),
                     [&](const Change& c) { return y.outcomes.items[c.item] == spec.item && c.before == from && c.after == to; });
}

}  // namespace

Result<bool> place_event(Year& y, const Checker& checker, const EventSpec& spec, const std::vector<Edit>& edits) {
  for (const Edit& edit : edits) {
    SynthCounty trial = y.county;
    std::vector<YearEvent> rows;
    edit(trial, rows);
    auto result = checker.check(trial);
    if (!result) return tl::unexpected(result.error());
    Outcomes after = Checker::outcomes(*result, trial.villages);
    const auto changes = diff(y.outcomes, after);
    const std::string code = single_village(changes);
    if (!fits(y, spec, changes, code)) continue;
    std::vector<std::string> items;
    for (const auto& c : changes) items.push_back(y.outcomes.items[c.item]);
    for (auto& r : rows) {
      r.village_code = code;
      r.items = items;
      y.events.push_back(std::move(r));
    }
    y.touched.insert(code);
    y.county = std::move(trial);
    y.result = std::move(*result);
    y.outcomes = std::move(after);
    return true;
  }
  y.notes.push_back(std::to_string(y.year) + ": no village fits a " + spec.kind + " event (tried " + std::to_string(edits.size()) + " edits)");
  return false;
}

namespace {

// The events of the n-th year after the first: a road paved and lines built
// every year, the others alternating so each kind shows by the third year.
Result<void> year_events(Year& y, int n, const Checker& checker, Rng& rng, std::vector<CrosswalkRow>& crosswalk) {
  const bool odd = n % 2 == 1;
  if (auto ok = road_paved(y, checker, rng); !ok) return ok;
  for (int k = 0; k < (odd ? 2 : 1); ++k)
    if (auto ok = line_built(y, checker, rng); !ok) return ok;
  if (odd) {
    if (auto ok = landslide_cut(y, checker, rng); !ok) return ok;
    if (auto ok = clinic_closed(y, checker, rng); !ok) return ok;
    if (auto ok = township_renamed(y, rng); !ok) return ok;
  } else {
    if (auto ok = water_unsafe(y, checker, rng); !ok) return ok;
    if (auto ok = income_fall(y, checker, rng); !ok) return ok;
    if (auto ok = villages_merged(y, checker, rng, crosswalk); !ok) return ok;
  }
  return income_drift(y, checker, rng);
}

// The year's changes against the year before are exactly its events' items
// (merged villages aside): an internal error otherwise, never a wrong truth file.
Result<void> confirm_year(const Outcomes& before, const Year& y) {
  std::set<std::pair<std::string, std::string>> expected, actual;
  for (const auto& e : y.events)
    for (const auto& item : e.items)
      if (e.kind != "villages_merged") expected.insert({e.village_code, item});
  for (const auto& c : diff(before, y.outcomes)) actual.insert({c.code, y.outcomes.items[c.item]});
  if (expected == actual) return {};
  return error(ErrorCode::internal, "synth years: the check of " + std::to_string(y.year) + " changes " + std::to_string(actual.size()) +
                                        " village items, the events list " + std::to_string(expected.size()));
}

std::set<std::string> trap_codes(const SynthCounty& c) {
  std::set<std::string> out;
  for (const auto& t : c.traps) out.insert(t.code);
  return out;
}

}  // namespace
}  // namespace years

Result<CountyYears> synth_years(const SynthParams& params, const YearsParams& yp, const ProgressFn& progress) {
  if (yp.years < 1 || yp.years > kYearsMax) return error(ErrorCode::input, "years must be between 1 and " + std::to_string(kYearsMax)).hint("--years 3");
  if (yp.first_year < kFirstYearMin || yp.first_year > kFirstYearMax)
    return error(ErrorCode::input, "the first year must be between " + std::to_string(kFirstYearMin) + " and " + std::to_string(kFirstYearMax)).hint("--first-year 2024");
  auto rules = indicators::load_rule_set(yp.rules);
  if (!rules) return tl::unexpected(rules.error());
  const years::Checker checker(std::move(*rules));
  auto first = synth_county(params, [&](double r, std::string_view s) { return report_progress(progress, 0.3 * r, s); });
  if (!first) return tl::unexpected(first.error());
  years::Year y;
  y.year = yp.first_year;
  y.county = std::move(*first);
  auto result = checker.check(y.county);
  if (!result) return tl::unexpected(result.error());
  y.result = std::move(*result);
  y.outcomes = years::Checker::outcomes(y.result, y.county.villages);
  y.excluded = years::trap_codes(y.county);
  CountyYears out;
  out.years.push_back(y.year);
  out.counties.push_back(y.county);
  Rng rng(params.seed ^ 0x9e3779b97f4a7c15ULL);
  for (int n = 1; n < yp.years; ++n) {
    if (!report_progress(progress, 0.3 + 0.7 * n / yp.years, "year " + std::to_string(yp.first_year + n)))
      return error(ErrorCode::cancelled, "cancelled");
    const years::Outcomes before = y.outcomes;
    y.year = yp.first_year + n;
    y.touched.clear();
    y.events.clear();
    y.county.traps.clear();  // traps.csv describes the first year only
    Rng year_rng = rng.fork(static_cast<uint64_t>(n));
    if (auto ok = years::year_events(y, n, checker, year_rng, out.crosswalk); !ok) return tl::unexpected(ok.error());
    if (auto ok = years::confirm_year(before, y); !ok) return tl::unexpected(ok.error());
    out.years.push_back(y.year);
    out.counties.push_back(y.county);
    out.events.insert(out.events.end(), y.events.begin(), y.events.end());
  }
  out.notes = std::move(y.notes);
  report_progress(progress, 1.0, "done");
  return out;
}

}  // namespace jiuyou::synth
