#pragma once
// Internal to gis/synth: the pieces of synth_years — the check that measures
// what an event changes, the year being edited, the search for an edit that
// changes exactly one village, and small table edits.
#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "gis/indicators/check.hpp"
#include "gis/indicators/rule_set.hpp"
#include "gis/synth/random.hpp"
#include "gis/synth/years.hpp"

namespace jiuyou::synth::years {

using indicators::Outcome;

// Every village's item outcomes, by village code, in rule order.
struct Outcomes {
  std::vector<std::string> items;
  std::map<std::string, std::vector<Outcome>> by_code;
};

struct Change {
  std::string code;
  size_t item = 0;
  Outcome before = Outcome::unknown, after = Outcome::unknown;
};

// The outcomes that differ between a and b, for the villages in both.
std::vector<Change> diff(const Outcomes& a, const Outcomes& b);

// The check of a county in memory (the same engine `jiuyou check` runs on the written project).
class Checker {
 public:
  explicit Checker(indicators::RuleSet rules) : m_rules(std::move(rules)) {}
  [[nodiscard]] Result<indicators::CheckResult> check(const SynthCounty& county) const;
  [[nodiscard]] static Outcomes outcomes(const indicators::CheckResult& result, const FeatureTable& villages);
  [[nodiscard]] const indicators::RuleSet& rules() const { return m_rules; }

 private:
  indicators::RuleSet m_rules;
};

// The year being built: the county as edited so far and its check.
struct Year {
  int year = 0;
  SynthCounty county;
  indicators::CheckResult result;
  Outcomes outcomes;
  std::set<std::string> touched;   // villages an event of this year changed (one event a village)
  std::set<std::string> excluded;  // never chosen: trap villages and the merged ones
  std::vector<YearEvent> events;
  std::vector<std::string> notes;
};

// An event to place: its kind, the item it must change and which way.
struct EventSpec {
  const char* kind;
  const char* item;
  bool gain;  // fail -> pass (true) or pass -> fail
};

// An edit to try: changes the county and appends its rows (items left empty).
using Edit = std::function<void(SynthCounty&, std::vector<YearEvent>&)>;

// Applies the first edit whose check changes exactly one village (neither
// touched nor excluded), including spec.item the right way and nothing to or
// from unknown; fills the rows' village and items and keeps the edit. False
// when no edit fits (a note says so).
Result<bool> place_event(Year& y, const Checker& checker, const EventSpec& spec, const std::vector<Edit>& edits);

// The events of each kind (years_events.cpp, years_admin.cpp). Each draws
// its candidates from y and places at most one event.
Result<void> road_paved(Year& y, const Checker& checker, Rng& rng);
Result<void> line_built(Year& y, const Checker& checker, Rng& rng);
Result<void> landslide_cut(Year& y, const Checker& checker, Rng& rng);
Result<void> clinic_closed(Year& y, const Checker& checker, Rng& rng);
Result<void> water_unsafe(Year& y, const Checker& checker, Rng& rng);
Result<void> income_fall(Year& y, const Checker& checker, Rng& rng);
Result<void> villages_merged(Year& y, const Checker& checker, Rng& rng, std::vector<CrosswalkRow>& crosswalk);
Result<void> township_renamed(Year& y, Rng& rng);
Result<void> income_drift(Year& y, const Checker& checker, Rng& rng);

// ---- table edits (years_edit.cpp) ----
std::string cell_text(const FeatureTable& t, size_t row, std::string_view col);
void set_text(FeatureTable& t, size_t row, std::string_view col, std::string_view value);
void set_bool(FeatureTable& t, size_t row, std::string_view col, bool value);
void set_real(FeatureTable& t, size_t row, std::string_view col, double value);
// Removes rows (any order); `parallel`, when given, is a per-row vector kept in step.
void drop_rows(FeatureTable& t, std::vector<size_t> rows, std::vector<int32_t>* parallel = nullptr);
int64_t next_fid(const FeatureTable& t);
// The row of a village code in villages (or village_points); size() when absent.
size_t row_of_code(const FeatureTable& t, std::string_view code);
// The village's point: village_points for polygon villages, else the village itself.
Vec2 village_point(const SynthCounty& c, std::string_view code);
// A number as the CSV shows it (integers without decimals, else two).
std::string number_text(double v);
// A row of the village with the given field change (the caller adds items).
YearEvent field_event(const Year& y, const char* kind, const FeatureTable& t, size_t row, std::string field, std::string before, std::string after);

}  // namespace jiuyou::synth::years
