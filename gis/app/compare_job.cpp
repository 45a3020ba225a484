#include "gis/app/compare_job.hpp"

#include <algorithm>
#include <filesystem>
#include <utility>

#include "gis/app/inputs.hpp"
#include "gis/compare/crosswalk_notes.hpp"
#include "gis/compare/compare_report.hpp"
#include "gis/compare/year_differences.hpp"
#include "gis/util/output_set.hpp"

namespace jiuyou::app {

namespace fs = std::filesystem;

namespace {

Result<void> check_arguments(const CompareJob& job) {
  if (job.years.size() < 2)
    return error(ErrorCode::input, "compare needs at least two years").hint("jiuyou compare 2021/project.toml 2022/project.toml --out DIR");
  for (size_t i = 0; i < job.years.size(); ++i) {
    std::error_code ec;
    if (is_pg_year(job.years[i])) {
      for (size_t j = 0; j < i; ++j)
        if (job.years[i] == job.years[j])
          return error(ErrorCode::input, "the same year is given twice (arguments " + std::to_string(j + 1) + " and " + std::to_string(i + 1) + ")")
              .hint("give each year's own schema: PG:\"dbname=... schemas=review_2024\", then schemas=review_2025");
      continue;  // a PostgreSQL schema: read (and its errors said) by load_year
    }
    if (!fs::exists(job.years[i], ec))
      return error(ErrorCode::io, "this year's project or result does not exist").file(job.years[i]).hint("give a project .toml, a check result folder or its result.gpkg");
    for (size_t j = 0; j < i; ++j)
      if (fs::equivalent(job.years[i], job.years[j], ec))
        return error(ErrorCode::input, "the same year is given twice (arguments " + std::to_string(j + 1) + " and " + std::to_string(i + 1) + ")")
            .file(job.years[i])
            .hint("give each year's own project or result, oldest first");
  }
  return {};
}

// The calendar year a label starts with ("2026", "2026（模拟）"); 0 for 第N期.
int calendar_year(const std::string& label) {
  if (label.size() < 4 || !std::all_of(label.begin(), label.begin() + 4, [](char c) { return c >= '0' && c <= '9'; })) return 0;
  return std::stoi(label.substr(0, 4));
}

Result<void> check_labels(const std::vector<compare::YearData>& years) {
  for (size_t i = 0; i < years.size(); ++i)
    for (size_t j = 0; j < i; ++j) {
      if (years[i].label == years[j].label)
        return error(ErrorCode::input, "the same year " + years[i].label + " is given twice: " + years[j].source + " and " + years[i].source)
            .file(years[i].source)
            .hint("each year once, oldest first; a year is read from the path (…/2022/…) or the project name");
      // Read backwards, every improvement would be reported as 返贫风险.
      const int earlier = calendar_year(years[j].label), later = calendar_year(years[i].label);
      if (earlier > 0 && later > 0 && later < earlier)
        return error(ErrorCode::input, "the years are given out of order: " + years[j].label + " (argument " + std::to_string(j + 1) + ") before " +
                                           years[i].label + " (argument " + std::to_string(i + 1) + "); nothing was written")
            .file(years[i].source)
            .hint("give the years oldest first, e.g. jiuyou compare 2024/… 2025/… 2026/…");
    }
  return {};
}

// A township code a year's villages name that its own townships layer lacks (renumbered there, e.g. 撤县设区 with the
// villages' township field left as it was) takes its name from another year's layer, so that no page reads a bare
// code where a year knows the name (tour 12 L27). A year's own name always wins (a rename stays one).
void borrow_township_names(std::vector<compare::YearData>& years) {
  for (compare::YearData& y : years) {
    const Column* town = y.villages().column("township");
    for (size_t r = 0; town != nullptr && r < y.villages().size(); ++r) {
      if (town->is_null(r) || y.township_names.count(town->as_text(r)) > 0) continue;
      for (const compare::YearData& other : years)
        if (const auto it = other.township_names.find(town->as_text(r)); &other != &y && it != other.township_names.end()) {
          y.township_names.emplace(it->first, it->second);
          break;
        }
    }
  }
}

// A what-if year (check --with a plan) compared as if it were a year: said in the notes.
void note_scenarios(const std::vector<compare::YearData>& years, std::vector<std::string>& notes) {
  for (const auto& y : years)
    if (!y.scenario.empty())
      notes.push_back(y.label + " 是含规划项目的模拟检查结果，不是现状：与它比较出的变化包括尚未建成的规划项目。" + y.scenario);
}

// The year whose check found its villages in another datum (likely_gcj02 / likely_bd09), if either, and the datum.
std::pair<const compare::YearData*, std::string> villages_datum_warned(const compare::YearData& first, const compare::YearData& y) {
  for (const compare::YearData* year : {&y, &first})
    for (const Issue& i : year->result.notes.entries())
      if ((i.code == "likely_gcj02" || i.code == "likely_bd09") && i.layer == io::target_layer) return {year, i.code == "likely_gcj02" ? "GCJ-02" : "BD-09"};
  return {nullptr, {}};
}

// A year whose villages come in another CRS than the first year's: converted, said once.
// Not as a harmless difference when a year's check found the villages in an undeclared
// datum: converting by the declarations cannot remove that offset (tour 12 L12/L4).
void note_crs(const compare::YearData& first, const compare::YearData& y, std::vector<std::string>& notes) {
  const CrsRef& mine = y.villages().source_crs;
  const CrsRef& theirs = first.villages().source_crs;
  if (&first == &y || mine.empty() || theirs.empty() || mine == theirs) return;
  std::string text = y.label + " 年的村图层坐标系为 " + mine.label() + "（" + first.label + " 年为 " + theirs.label() + "），";
  if (const auto [warned, datum] = villages_datum_warned(first, y); warned != nullptr) {
    notes.push_back(text + "已按各年项目文件声明的坐标系换算为 " + first.ws.metric_crs.label() + "；但 " + warned->label + " 年的检查提示该年村图层可能是未声明的 " +
                    datum + " 坐标（或声明有误）：按声明换算消除不了这种偏移（数百米，见关于整体偏移的说明），两年的距离不可直接比较；请先核对 " + warned->label +
                    " 年项目文件 [layers.villages] 的 crs");
    return;
  }
  notes.push_back(text + "已统一换算为 " + first.ws.metric_crs.label() + " 后比较");
}

Result<void> write_outputs(CompareRun& run, util::OutputSet& set) {
  const compare::CompareDocument doc{run.years, run.comparisons, run.notes};
  const std::vector<compare::Alert> alerts = compare::collect_alerts(doc);
  run.alerts = alerts.size();
  run.headline = compare::alert_counts(alerts);
  for (const auto& a : alerts) run.unverified += a.unverified ? 1 : 0;
  for (const auto& m : compare::missing_fields(doc)) run.missing_fields.push_back(m.text());
  for (auto&& [name, result] : {std::pair{"compare.gpkg", compare::write_compare_gpkg(set.path("compare.gpkg"), doc)},
                                std::pair{"回头看.xlsx", compare::write_compare_xlsx(set.path("回头看.xlsx"), doc, alerts)},
                                std::pair{"compare.html", compare::write_compare_html(set.path("compare.html"), doc, alerts)}}) {
    if (!result) return tl::unexpected(set.rename_in(result.error()));
    run.written.emplace_back(name);
  }
  return {};
}

}  // namespace

const std::vector<std::string>& compare_output_names() {
  static const std::vector<std::string> names{"compare.gpkg", "回头看.xlsx", "compare.html"};
  return names;
}

Result<CompareRun> run_compare(const CompareJob& job) {
  TRY(check_arguments(job));
  std::optional<compare::Crosswalk> crosswalk;
  if (!job.crosswalk.empty()) {
    ASSIGN_OR_RETURN(crosswalk, compare::read_crosswalk(job.crosswalk));
  }
  std::vector<std::string> inputs = job.years;
  if (crosswalk) inputs.push_back(crosswalk->file);  // the file of FILE:SHEET
  TRY(refuse_overwriting_inputs(job.out_dir, true, inputs, "--out"));
  ASSIGN_OR_RETURN(auto set, util::OutputSet::open(job.out_dir, {"compare", compare_output_names()}));
  CompareRun run;
  const double share = 0.8 / static_cast<double>(job.years.size());
  for (size_t i = 0; i < job.years.size(); ++i) {
    report_progress(job.progress, share * static_cast<double>(i), "checking year " + std::to_string(i + 1));
    const CrsRef target = run.years.empty() ? CrsRef{} : run.years.front().ws.metric_crs;
    ASSIGN_OR_RETURN(compare::YearData y, load_year(job.years[i], target, i, job.threads));
    run.years.push_back(std::move(y));
    note_crs(run.years.front(), run.years.back(), run.notes);
  }
  TRY(check_labels(run.years));
  borrow_township_names(run.years);
  note_scenarios(run.years, run.notes);
  for (const auto& y : run.years) compare::note_load_warnings(y, run.notes);
  if (crosswalk) {
    const std::vector<std::string> unused = compare::unused_crosswalk_rows(*crosswalk, run.years);  // tour 11 K34
    if (auto ok = compare::check_crosswalk(*crosswalk, run.years); !ok) {
      Error e = ok.error();
      std::string causes;  // the likely cause first
      for (const std::string& n : unused) causes += n + "; ";
      e.hint = causes + e.hint;
      return tl::unexpected<Error>(e);
    }
    run.notes.insert(run.notes.end(), unused.begin(), unused.end());
  }
  report_progress(job.progress, 0.8, "comparing");
  for (size_t k = 0; k + 1 < run.years.size(); ++k) {
    ASSIGN_OR_RETURN(compare::Comparison c, compare::compare_years(run.years[k], run.years[k + 1], crosswalk ? &*crosswalk : nullptr));
    run.comparisons.push_back(std::move(c));
  }
  report_progress(job.progress, 0.9, "writing outputs");
  TRY(write_outputs(run, *set));
  TRY(set->commit());
  report_progress(job.progress, 1.0, "done");
  return run;
}

}  // namespace jiuyou::app
