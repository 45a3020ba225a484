#pragma once
// The synthetic county over several consecutive years, with the recorded
// events that happened between them (roads paved, lines built, a landslide
// that cuts a road, a clinic that closes, a water plant that turns unsafe, a
// fall in collective income, two villages merged, a township renamed, and
// attribute drift). The events are ground truth for comparing two years: each
// lists the check items whose outcome it changes for its village, found by
// running the check (the project's rule set) before and after the event, so
// the list is right by construction. Features keep their GeoPackage FID from
// year to year; new features take FIDs after the largest of their layer.
#include <cstdint>
#include <string>
#include <vector>

#include "gis/model/error.hpp"
#include "gis/model/progress.hpp"
#include "gis/synth/synth_county.hpp"

namespace jiuyou::synth {

// One change of one feature field (a removed or new feature: field empty).
struct YearEvent {
  int year = 0;               // the first year that shows it
  std::string kind;           // road_paved, line_built, landslide_cut, clinic_closed, water_unsafe,
                              // income_fall, villages_merged, township_renamed, income_drift
  std::string village_code;   // the village it concerns ("" for a township rename)
  std::string new_code;       // villages_merged: the merged village's code
  std::string layer;          // the layer the feature is in
  int64_t feature_id = -1;    // its FID (stable across years)
  std::string field, before, after;
  std::vector<std::string> items;  // check items whose outcome changes for the village, rule order
  [[nodiscard]] bool changes_verdict() const { return !items.empty(); }
};

struct CrosswalkRow {
  std::string old_code, new_code, kind;  // kind: "merged"
};

// The range `synth --years` accepts (a year folder outside it is no output of ours).
inline constexpr int kYearsMax = 10;
inline constexpr int kFirstYearMin = 1949;
inline constexpr int kFirstYearMax = 2100;

struct YearsParams {
  int years = 3;
  int first_year = 2024;
  std::string rules = "hubei-2017";  // the rule set the events' items are measured with
};

struct CountyYears {
  std::vector<int> years;
  std::vector<SynthCounty> counties;  // one per year
  std::vector<YearEvent> events;
  std::vector<CrosswalkRow> crosswalk;
  std::vector<std::string> notes;     // events that found no fitting village (English, for the console)
};

// The county of `params` as the first year, then each next year with its events.
Result<CountyYears> synth_years(const SynthParams& params, const YearsParams& years, const ProgressFn& progress = {});

// DIR/<year>/ (a project folder each, as write_synth_county), DIR/events.csv
// and DIR/crosswalk_truth.csv, swapped in as one set: on an error DIR is left
// as it was. An existing DIR may hold only such a set (else an io error).
Result<void> write_synth_years(const std::string& dir, const CountyYears& years, const ProgressFn& progress = {});

// year,kind,village_code,new_code,layer,feature_id,field,before,after,items,changes_verdict
std::string events_csv(const std::vector<YearEvent>& events);
// old_code,new_code,kind
std::string crosswalk_csv(const std::vector<CrosswalkRow>& rows);

}  // namespace jiuyou::synth
