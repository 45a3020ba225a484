// The project's joined tables read and joined onto their targets (gis/io/join.hpp). A table with
// `layer = "*"` is one table per sheet (a county's 分乡镇 workbook, tour 18 S4): the sheets whose
// header lacks the mapped columns (a 说明 or 汇总 sheet) are skipped and said; several tables of one
// target fill each other's gaps, and the villages none covers are said once.
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "gis/io/join.hpp"
#include "gis/io/load_detail.hpp"
#include "gis/io/vector_source.hpp"

namespace jiuyou::io {

namespace {

// `spec` as one table per sheet of its workbook. A hidden sheet (last year's copy kept out of sight; tour 20 S2: its
// figures overrode this year's, 6 false 可出列) is not read, and said: Excel does not show it to the reviewer either.
Result<std::vector<LayerSpec>> sheet_specs(const LayerSpec& spec, IssueLog& log) {
  ASSIGN_OR_RETURN(const std::vector<std::string> sheets, source_layer_names(spec));
  const std::set<std::string> hidden = hidden_source_layers(spec);
  std::vector<LayerSpec> out;
  for (const std::string& sheet : sheets) {
    LayerSpec s = spec;
    s.layer = sheet;
    if (hidden.count(sheet)) {
      add_issue(log, Severity::warning, "hidden_sheet_skipped", s, -1, {},
                "工作表「" + sheet + "」是隐藏的（Excel 里看不到），没有读：隐藏的工作表多是上一年的副本",
                "要用它时在 Excel 中取消隐藏（右键工作表标签 → 取消隐藏），或在项目文件中写 layer = \"" + sheet + "\" 单独读它");
      continue;
    }
    out.push_back(std::move(s));
  }
  return out;
}

// The tables to join, in project order, every `layer = "*"` expanded.
Result<std::vector<LayerSpec>> join_specs(const std::vector<const LayerSpec*>& joins, IssueLog& log) {
  std::vector<LayerSpec> out;
  for (const LayerSpec* spec : joins) {
    if (spec->layer != "*") {
      out.push_back(*spec);
      continue;
    }
    ASSIGN_OR_RETURN(std::vector<LayerSpec> sheets, sheet_specs(*spec, log));
    for (auto& s : sheets) out.push_back(std::move(s));
  }
  return out;
}

// A sheet of a `layer = "*"` table that is no village table: its header lacks a mapped column.
bool not_a_village_sheet(const Error& e) { return e.code == ErrorCode::format && !e.field.empty(); }

}  // namespace

Result<void> join_tables(std::vector<FeatureTable>& layers, const std::vector<const LayerSpec*>& joins, IssueLog& log, const ColumnsOf& only) {
  ASSIGN_OR_RETURN(const std::vector<LayerSpec> specs, join_specs(joins, log));
  std::map<std::string, JoinState> states;
  for (const LayerSpec& s : specs) states[s.join_to].tables = 0;
  for (const LayerSpec& s : specs) ++states[s.join_to].tables;
  std::map<std::string, size_t> sheets_read;
  std::map<std::string, Error> first_skip;
  const auto target_of = [&](const std::string& name) -> FeatureTable* {
    for (auto& t : layers)
      if (t.name == name) return &t;
    return nullptr;
  };
  for (const LayerSpec& spec : specs) {
    auto t = read_layer_columns(spec, log, only(spec));
    const bool every_sheet = std::any_of(joins.begin(), joins.end(), [&](const LayerSpec* j) { return j->name == spec.name && j->layer == "*"; });
    if (!t && every_sheet && not_a_village_sheet(t.error())) {
      add_issue(log, Severity::info, "sheet_skipped", spec, -1, t.error().field,
                "工作表「" + spec.layer + "」不是村的统计表（" + t.error().message + "），已跳过", "要用它时把表头改成与其他工作表相同");
      first_skip.emplace(spec.name, t.error());
      --states[spec.join_to].tables;
      continue;
    }
    if (!t) return tl::unexpected<Error>(t.error());
    ++sheets_read[spec.name];
    if (FeatureTable* target = target_of(spec.join_to)) join_attributes(*target, *t, spec, log, states[spec.join_to]);
  }
  for (const LayerSpec* j : joins)
    if (j->layer == "*" && sheets_read[j->name] == 0 && first_skip.count(j->name)) return tl::unexpected<Error>(first_skip.at(j->name));
  for (const auto& [target_name, state] : states)
    if (FeatureTable* target = target_of(target_name))
      for (auto it = specs.rbegin(); it != specs.rend(); ++it)
        if (it->join_to == target_name) {
          report_uncovered(*target, state, *it, log);
          break;
        }
  return {};
}

}  // namespace jiuyou::io
