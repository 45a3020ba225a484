#include "gis/app/relocate_job.hpp"

#include "gis/app/inputs.hpp"
#include "gis/indicators/rule_set.hpp"
#include "gis/io/load.hpp"
#include "gis/plan/relocate_report.hpp"
#include "gis/util/output_set.hpp"
#include "gis/util/test_hooks.hpp"

namespace jiuyou::app {
namespace {

Result<plan::RelocateParams> job_params(const RelocateJob& job, const io::Project& project) {
  ASSIGN_OR_RETURN(plan::RelocateParams p, plan::parse_relocate_params(project.toml_text, project.path));
  if (job.max_sites) p.max_sites = *job.max_sites;
  if (job.single_source) p.single_source = true;
  if (job.no_slope) p.allow_no_dem = true;
  if (job.exact) p.exact = true;
  if (job.time_limit_s) p.time_limit_s = *job.time_limit_s;
  return p;
}

ProgressFn part_of(const ProgressFn& progress, double from, double to) {
  if (!progress) return {};
  return [=](double r, std::string_view stage) { return progress(from + (to - from) * r, stage); };
}

}  // namespace

const std::vector<std::string>& relocate_output_names() {
  static const std::vector<std::string> names{"relocation.gpkg", "relocation.xlsx", "relocation.html"};
  return names;
}

Result<RelocateRun> run_relocate(const RelocateJob& job) {
  RelocateRun run;
  ASSIGN_OR_RETURN(run.project, io::load_project(job.project));
  ASSIGN_OR_RETURN(const plan::RelocateParams params, job_params(job, run.project));
  ASSIGN_OR_RETURN(const indicators::RuleSet rules, indicators::load_rule_set(run.project.rules));
  TRY(refuse_overwriting_inputs(job.out_dir, true, project_inputs(run.project, rules.file), "--out"));
  ASSIGN_OR_RETURN(auto set, util::OutputSet::open(job.out_dir, {"relocate", relocate_output_names()}));
  io::LoadOptions opts;
  opts.progress = part_of(job.progress, 0.0, 0.3);
  ASSIGN_OR_RETURN(const Workspace ws, io::load_workspace(run.project, opts));
  TRY(require_utf8_layers(ws, run.project));
  run.sites_layer = ws.layer("sites") != nullptr;
  auto planned = plan::plan_relocation(ws, rules, params, part_of(job.progress, 0.3, 0.95));
  if (!planned) {
    // "Nobody moves" and "no candidate site" come as ErrorCode::finding: answers
    // about the data, not failures. Cancellation already comes as ErrorCode::cancelled.
    if (planned.error().code != ErrorCode::finding) return tl::unexpected(planned.error());
    run.no_plan = planned.error();
    return run;
  }
  run.plan = std::move(*planned);
  TRY(util::test_hook("writing"));
  if (auto ok = plan::write_relocation_outputs(set->staging(), run.plan, &ws); !ok) return tl::unexpected(set->rename_in(ok.error()));
  TRY(set->commit());
  report_progress(job.progress, 1.0, "done");
  return run;
}

}  // namespace jiuyou::app
