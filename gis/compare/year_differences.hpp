#pragma once
// What differs between two years' inputs besides the ground itself, said once
// so that no village is reported as changed where nothing changed (#15): the
// exit verdicts that moved only because the two years use different standards,
// a DEM replaced by another (a new survey, another resolution), a money column
// whose unit changed without a word (元 → 万元), each year's own load warnings
// about units; and the exit-ready villages the later year lacks.
#include <memory>
#include <string>
#include <vector>

#include "gis/compare/aggregate_cache.hpp"
#include "gis/compare/transitions.hpp"

namespace jiuyou::compare {

// A village field of the later year whose values are the earlier year's times
// a unit factor (1/10,000: 元 → 万元): for most matched villages of the county,
// for most of one township's (its table was filled in another unit), or for a
// lone village whose ratio sits tightly at the factor (a slip in one row).
// Within a county or township only the villages whose own ratio is at the
// factor are 因数据口径变化; the others changed on top of the unit and are
// judged on their value converted by the factor (tour 11 K11).
struct RescaledField {
  std::string field;     // canonical (collective_income)
  std::string label;     // in users' words (村集体经济收入)
  double factor = 1;     // later / earlier, a power of ten
  size_t villages = 0, of = 0;  // villages at the factor (within ×/÷ 1.3), of those with both values
  std::string scope;     // "": the county; else the township's name (after its county's when the villages span several), or the lone village's name
  bool lone = false;     // one village alone (待核实: its row, not its table)
  bool county = false;   // scope is one county of a project of several, all of whose townships changed (tour 11 K30)
  std::vector<size_t> b_rows;  // sorted: the later year's villages it covers; empty: all of them
  [[nodiscard]] bool covers(size_t b_row) const;
};

struct InputDifferences {
  bool dem_changed = false;
  std::string dem_text;                  // "150 m → 600 m 网格" (what differs)
  std::vector<RescaledField> rescaled;
  std::vector<std::string> notes;        // Chinese, said once per comparison
  std::vector<std::vector<size_t>> rescaled_items;  // per Comparison::items: indexes into rescaled of the fields it reads
  // An item comparing with a county aggregate (county_mean(income_growth)) of a field rescaled in some townships or
  // counties: the later year's villages re-judged with those values converted back, so that a village outside them
  // whose item moved only through the polluted aggregate is 因数据口径变化 too (tour 11 K21).
  struct PollutedAggregate {
    std::string field, call, scopes;               // income_growth, county_mean(income_growth), 潘河镇
    std::shared_ptr<const FeatureTable> corrected;  // the later year's villages, converted back
    std::vector<indicators::Outcome> outcome;       // per later-year village, judged on `corrected`
  };
  std::vector<PollutedAggregate> polluted;  // per Comparison::items (empty `outcome`: none)
  // The item expressions and county aggregates read while the villages are judged, parsed and bound once for the
  // comparison (binding an aggregate per village was O(villages²), issue #15).
  std::shared_ptr<AggregateCache> expressions = std::make_shared<AggregateCache>();
};
InputDifferences input_differences(const YearData& a, const YearData& b, const MatchResult& match, const std::vector<ItemPair>& items);

// An item change that comes from those differences alone becomes
// Transition::by_input with a cause that says which: a water item whose
// source, distance and thresholds stayed and only the height (DEM) moved; an
// item that reads a rescaled field; a distance to the same, unchanged feature
// that moved only because a merged, split or redrawn village's representative
// point moved (the distance is measured from a point of the village's polygon).
void discount_input_changes(const YearData& a, const YearData& b, const InputDifferences& d, const Comparison& cmp, VillageTransition& vt);

// The year's own load warnings about units (money_implausibly_small), said once in compare's notes.
void note_load_warnings(const YearData& y, std::vector<std::string>& notes);

// The exit verdict changes of one comparison, counted in villages.
struct ExitChanges {
  size_t gained = 0;           // 不可出列 → 可出列, all of them
  size_t gained_standard = 0;  // of which only because the standard differs (Transition::by_standard)
  size_t gained_input = 0;     // of which only because of another DEM or unit (Transition::by_input)
  size_t lost = 0;             // 可出列 → 不可出列 or no longer in the data, all of them
  size_t lost_standard = 0;    // of which only because the standard differs
  size_t lost_input = 0;       // of which only because of another DEM or unit
  size_t lost_missing = 0;     // of which the later year has no such village
  size_t unverified = 0;       // 可出列 → 数据不全
};
ExitChanges exit_changes(const YearData& a, const YearData& b, const Comparison& cmp);

// "2024→2025：新可出列 40 个（其中 36 个因标准变化，分项未变）；由可出列变为不可出列 1 个（其中 1 个今年数据中没有此村）".
std::string exit_changes_zh(const Comparison& cmp, const ExitChanges& c);

}  // namespace jiuyou::compare
