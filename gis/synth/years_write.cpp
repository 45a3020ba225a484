// Writing the multi-year county: one project folder a year (as `jiuyou
// synth` writes one), then the events and the code crosswalk as CSV.
#include <filesystem>
#include <sstream>

#include "gis/synth/years.hpp"
#include "gis/util/atomic_file.hpp"

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

Result<void> write_synth_years(const std::string& dir, const CountyYears& years, const ProgressFn& progress) {
  const size_t n = years.counties.size();
  for (size_t k = 0; k < n; ++k) {
    const std::string sub = (std::filesystem::path(dir) / std::to_string(years.years[k])).string();
    auto part = [&](double r, std::string_view s) { return report_progress(progress, (static_cast<double>(k) + r) / static_cast<double>(n), s); };
    if (auto ok = write_synth_county(sub, years.counties[k], part); !ok) return ok;
  }
  const std::string events = (std::filesystem::path(dir) / "events.csv").string();
  if (auto ok = util::write_file_atomic(events, events_csv(years.events)); !ok) return ok;
  const std::string crosswalk = (std::filesystem::path(dir) / "crosswalk_truth.csv").string();
  if (auto ok = util::write_file_atomic(crosswalk, crosswalk_csv(years.crosswalk)); !ok) return ok;
  report_progress(progress, 1.0, "written");
  return {};
}

}  // namespace jiuyou::synth
