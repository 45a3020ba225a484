// Writing the multi-year county: one project folder a year (as `jiuyou
// synth` writes one), then the events and the code crosswalk as CSV, all as
// one output set (util::OutputSet): they appear together or not at all.
#include <filesystem>
#include <sstream>

#include "gis/synth/years.hpp"
#include "gis/util/atomic_file.hpp"
#include "gis/util/output_set.hpp"
#include "gis/util/test_hooks.hpp"

namespace jiuyou::synth {
namespace {

// A CSV field: quoted when it holds a comma, a quote or a line break.
std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

}  // namespace

std::string events_csv(const std::vector<YearEvent>& events) {
  std::ostringstream out;
  out << "year,kind,village_code,new_code,layer,feature_id,field,before,after,items,changes_verdict\n";
  for (const auto& e : events) {
    std::string items;
    for (const auto& i : e.items) items += (items.empty() ? "" : ";") + i;
    out << e.year << ',' << e.kind << ',' << csv_field(e.village_code) << ',' << csv_field(e.new_code) << ',' << e.layer << ','
        << (e.feature_id >= 0 ? std::to_string(e.feature_id) : std::string()) << ',' << e.field << ',' << csv_field(e.before) << ','
        << csv_field(e.after) << ',' << items << ',' << (e.changes_verdict() ? "yes" : "no") << '\n';
  }
  return out.str();
}

std::string crosswalk_csv(const std::vector<CrosswalkRow>& rows) {
  std::ostringstream out;
  out << "old_code,new_code,kind\n";
  for (const auto& r : rows) out << r.old_code << ',' << r.new_code << ',' << r.kind << '\n';
  return out.str();
}

// The set's vocabulary: any year folder (a rerun with fewer years replaces the
// older set whole) and the two tables.
std::vector<std::string> years_output_names() {
  std::vector<std::string> names = {"events.csv", "crosswalk_truth.csv"};
  for (int year = kFirstYearMin; year <= kFirstYearMax + kYearsMax; ++year) names.push_back(std::to_string(year) + "/");
  return names;
}

// Every year's folder and both tables are written into one staging folder and
// swapped in together: a failure anywhere leaves DIR as it was (or absent).
Result<void> write_synth_years(const std::string& dir, const CountyYears& years, const ProgressFn& progress) {
  auto set = util::OutputSet::open(dir, {"synth --years", years_output_names()});
  if (!set) return tl::unexpected(set.error());
  const size_t n = years.counties.size();
  for (size_t k = 0; k < n; ++k) {
    const std::string year = std::to_string(years.years[k]);
    auto part = [&](double r, std::string_view s) { return report_progress(progress, (static_cast<double>(k) + r) / static_cast<double>(n), s); };
    if (auto ok = write_synth_county((*set)->path(year), years.counties[k], part); !ok) return tl::unexpected((*set)->rename_in(ok.error()));
    if (auto ok = util::test_hook("synth-year-written"); !ok) return ok;
  }
  if (auto ok = util::write_file_atomic((*set)->path("events.csv"), events_csv(years.events)); !ok) return tl::unexpected((*set)->rename_in(ok.error()));
  if (auto ok = util::write_file_atomic((*set)->path("crosswalk_truth.csv"), crosswalk_csv(years.crosswalk)); !ok)
    return tl::unexpected((*set)->rename_in(ok.error()));
  if (auto ok = (*set)->commit(); !ok) return ok;
  report_progress(progress, 1.0, "written");
  return {};
}

}  // namespace jiuyou::synth
