// invest.gpkg: the planned features named like the project's layers (what
// `check --with` reads) and the plan's own tables. These are named plan_*
// (plan_projects, plan_villages, plan_frontier), not projects/villages/frontier:
// `check --with` appends a planned layer to the project layer of the same name,
// and a table called villages would be taken for new villages. Each table says
// so in its GeoPackage description (gpkg_contents.description, shown by QGIS).
#include <cmath>
#include <filesystem>
#include <utility>
#include <variant>

#include "gis/app/plan_county.hpp"

#include "gis/io/schema.hpp"
#include "gis/app/invest_rows.hpp"
#include "gis/io/write.hpp"

namespace jiuyou::app::invest_out {
namespace {

// The GeoPackage descriptions (gpkg_contents.description): what a reviewer opening the file in QGIS reads.
constexpr const char* planned_description =
    "补短板方案中规划建设的要素，与项目图层同名、同字段，year 为实施年度；"
    "jiuyou check 项目 --with 本文件 [--until 年度] 把它们作为规划要素加入同名图层后复核。";
constexpr const char* projects_description =
    "方案选中的项目（一行一个，点位为建设地点所在村）：kind 指标、name 项目名称、content 建设内容、size 建设规模、villages 受益村、items 解决的指标、"
    "cost_cny 投资（元）、year 实施年度。命名为 plan_projects 而非 projects，以免复核时被当作项目图层。";
constexpr const char* villages_description =
    "每个村在方案下的结果：status 现状、exit_year 按方案逐年复核后达到出列条件的年度（空：现已可出列或方案内不能出列）、exit_zh 出列年度的文字（现已可出列、某年达到出列条件、方案内不能出列）、why_not 原因。"
    "命名为 plan_villages 而非 villages：check --with 会把与项目图层同名的图层追加进去，叫 villages 就会被当作新增的村。";
constexpr const char* frontier_description =
    "投资—出列村数曲线：budget_cny 总投资（元）、villages 该投资下方案可出列的村数、bound 任何方案的上界。无几何。";

std::string text_of(const FeatureTable& t, const char* col, size_t row) {
  const Column* c = t.column(col);
  return c == nullptr || c->is_null(row) ? std::string() : c->as_text(row);
}

// A plan table: its columns, then one row at a time (a value per column, in order).
using Cell = std::variant<std::string, double, int64_t, std::monostate>;  // monostate: NULL

FeatureTable plan_table(const char* name, const CrsRef& crs, GeometryKind kind, std::initializer_list<std::pair<const char*, FieldType>> columns) {
  FeatureTable t;
  t.name = name;
  t.crs = crs;
  t.geometry.kind = kind;
  for (const auto& [column, type] : columns) t.columns.emplace_back(column, type);
  return t;
}

void push_row(FeatureTable& t, int64_t fid, std::initializer_list<Cell> cells) {
  t.fid.push_back(fid);
  size_t i = 0;
  for (const Cell& c : cells) {
    Column& col = t.columns[i++];
    if (const auto* text = std::get_if<std::string>(&c)) col.push_text(*text);
    else if (const auto* real = std::get_if<double>(&c)) col.push_real(*real);
    else if (const auto* integer = std::get_if<int64_t>(&c)) col.push_int(*integer);
    else col.push_null();
  }
}

FeatureTable projects_table(const InvestRun& run, const Names& ew) {
  FeatureTable t = plan_table("plan_projects", run.ws.metric_crs, GeometryKind::point,
                              {{"kind", FieldType::text}, {"name", FieldType::text}, {"content", FieldType::text}, {"size", FieldType::text},
                               {"villages", FieldType::text}, {"items", FieldType::text}, {"cost_cny", FieldType::real}, {"year", FieldType::integer}});
  const FeatureTable& villages = *run.ws.layer(io::target_layer);
  for (const size_t j : chosen_by_year(run)) {
    const ProjectRow r = project_row(run, j, ew);
    const Vec2 at = representative_point(villages.geometry, run.candidates.projects[j].village);
    t.geometry.add_point_feature(at.x, at.y);
    push_row(t, static_cast<int64_t>(j) + 1,
             {run.costs.builds[run.candidates.projects[j].build].item, r.name, r.content, r.scale, r.villages, r.items, r.cost, int64_t{r.year}});
  }
  return t;
}

FeatureTable villages_table(const InvestRun& run, const Names& ew) {
  const FeatureTable& villages = *run.ws.layer(io::target_layer);
  FeatureTable t = plan_table("plan_villages", run.ws.metric_crs, GeometryKind::point,
                              {{"code", FieldType::text}, {"name", FieldType::text}, {"township", FieldType::text}, {"status", FieldType::text},
                               {"why_not", FieldType::text}, {"exit_year", FieldType::integer}, {"exit_zh", FieldType::text}});
  for (size_t v = 0; v < villages.size(); ++v) {
    if (villages.geometry.is_empty(v)) t.geometry.add_null_feature();
    else {
      const Vec2 at = representative_point(villages.geometry, v);
      t.geometry.add_point_feature(at.x, at.y);
    }
    // A village exit-ready before any construction exits now, not in the plan's first year: no year, 现已可出列
    // (as invest.html and 项目库.xlsx's 出列年度 say it; tour 15 P10, H5).
    const bool now = run.check.verdict[v] == indicators::Outcome::pass;
    const Cell exit_year = !now && run.exit_year[v] > 0 ? Cell{int64_t{run.exit_year[v]}} : Cell{std::monostate{}};
    const std::string exit_zh = now ? "现已可出列" : run.exit_year[v] > 0 ? std::to_string(run.exit_year[v]) + " 年达到出列条件" : "方案内不能出列";
    push_row(t, villages.fid[v],
             {text_of(villages, "code", v), ew.village_name(v), ew.village_township(v), std::string(reach_zh(run.candidates.villages[v].reach)),
              why_not(run, v), exit_year, exit_zh});
  }
  return t;
}

FeatureTable frontier_table(const InvestRun& run) {
  FeatureTable t = plan_table("plan_frontier", {}, GeometryKind::none, {{"budget_cny", FieldType::real}, {"villages", FieldType::real}, {"bound", FieldType::real}});
  for (const auto& p : run.frontier) {
    t.geometry.add_null_feature();
    push_row(t, static_cast<int64_t>(t.size()) + 1, {p.budget, p.value, p.bound});
  }
  return t;
}

// jiuyou_meta: kind "invest", the project, the county it was made for (what
// check --with and render --plan compare, plan_county.hpp), rule set, cost table, budget and years.
FeatureTable meta_table(const InvestRun& run, const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  report::ResultMeta meta{fs::absolute(run.project.path, ec).string(), run.rule_set, k_invest_kind, {}};
  const County county = county_of(run.ws);
  meta.extra[k_meta_county_code] = county.code;
  meta.extra[k_meta_county_name] = county.name;
  meta.extra[k_meta_villages_digest] = county.digest;
  meta.extra["costs"] = run.costs.file;
  meta.extra["objective"] = run.objective;
  meta.extra["budget_cny"] = std::to_string(static_cast<int64_t>(std::llround(run.budget)));
  std::string years;
  for (const auto& [y, b] : run.years) years += (years.empty() ? "" : ",") + std::to_string(y) + "=" + std::to_string(static_cast<int64_t>(std::llround(b)));
  meta.extra["years_cny"] = years;
  return report::result_meta_table(meta, fs::path(path).parent_path().string());
}

}  // namespace

Result<void> write_gpkg(const std::string& path, const InvestRun& run, const Names& ew) {
  // The plan's own tables first (each with its description), then the planned features, one description for all of them.
  const std::pair<FeatureTable, const char*> own[] = {
      {projects_table(run, ew), projects_description}, {villages_table(run, ew), villages_description}, {frontier_table(run), frontier_description}};
  bool first = true;
  for (const auto& [table, description] : own) {
    io::WriteOptions o;
    o.append = !std::exchange(first, false);
    o.layer_options = {"DESCRIPTION=" + std::string(description)};
    TRY(io::write_layer(path, table, o));
  }
  {
    io::WriteOptions o;
    o.append = true;
    TRY(io::write_layer(path, meta_table(run, path), o));
  }
  const std::vector<FeatureTable> planned = planned_feature_layers(run, false);
  if (planned.empty()) return {};
  std::vector<const FeatureTable*> ptrs;
  for (const auto& t : planned) ptrs.push_back(&t);
  io::WriteOptions o;
  o.append = true;
  o.layer_options = {"DESCRIPTION=" + std::string(planned_description)};
  return io::write_layers(path, ptrs, o);
}

}  // namespace jiuyou::app::invest_out
