// The once-per-field messages of the value conversion (gis/io/values.cpp): what was mapped, in which unit, which
// codes were read on their first 12 or lost digits, and which values nothing maps (never silently true, paved or 0).
#include <algorithm>

#include "gis/io/numbers.hpp"
#include "gis/io/values_detail.hpp"

namespace jiuyou::io::values_detail {

namespace {

// "水泥→concrete 2,100，沥青→asphalt 1,200" (the largest first, at most 8).
std::string pairs_text(const std::map<std::pair<std::string, std::string>, size_t>& pairs) {
  std::vector<std::pair<size_t, std::string>> items;
  for (const auto& [p, n] : pairs) items.emplace_back(n, p.first + "→" + p.second + " " + with_thousands(n));
  std::sort(items.begin(), items.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::string out;
  for (size_t i = 0; i < items.size() && i < 8; ++i) out += (i ? "，" : "") + items[i].second;
  if (items.size() > 8) out += "，另 " + std::to_string(items.size() - 8) + " 种";
  return out;
}

void add(IssueLog& log, Severity s, const char* code, const FieldJob& job, std::string message, std::string hint) {
  Issue i;
  i.severity = s;
  i.code = code;
  i.file = job.table.source;
  i.layer = job.table.name;
  i.field = job.field.name;
  i.message = std::move(message);
  i.hint = std::move(hint);
  log.add(std::move(i));
}

}  // namespace

std::string column_label(const FieldJob& job) {
  std::string label = job.table.name + "." + job.field.name;
  if (auto it = job.spec.fields.find(job.field.name); it != job.spec.fields.end()) label += "（列「" + it->second + "」）";
  return label;
}

std::string join_list(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

void report_mapped(const FieldJob& job, const FieldStats& st, IssueLog& log) {
  size_t project = 0, vocab = 0;
  for (const auto& [p, n] : st.by_project) project += n;
  for (const auto& [p, n] : st.by_vocab) vocab += n;
  if (project + vocab == 0) return;
  std::string how;
  if (vocab) how += "按「" + job.vocab.name + "」词表 " + with_thousands(vocab);
  if (project) how += std::string(how.empty() ? "" : "，") + "按项目的 [layers." + job.spec.name + ".values." + job.field.name + "] " + with_thousands(project);
  auto all = st.by_vocab;
  for (const auto& [p, n] : st.by_project) all[p] += n;
  add(log, Severity::info, "values_mapped", job,
      column_label(job) + "：" + with_thousands(project + vocab) + " 个值已对应为标准值（" + how + "）：" + pairs_text(all), {});
}

void report_header_unit(const FieldJob& job, const FieldStats& st, IssueLog& log) {
  if (!st.header_unit) return;
  add(log, Severity::info, "unit_from_header", job,
      column_label(job) + (st.header_unit->from_project ? "：项目文件写明单位「" : st.header_unit->from_title ? "：表头上方写明金额单位「" : st.header_unit->from_units_row ? "：表头下的单位行写明单位「" : "：列名写明单位「") + st.header_unit->word + "」，" + with_thousands(st.header_scaled) +
          " 个不带单位的数值按此换算（" + st.header_example + "）",
      {});
}

// Codes a spreadsheet stored as numbers ("4.20323E+11"): unknown, said once per field with the values as written.
void report_digits_lost(const FieldJob& job, const FieldStats& st, IssueLog& log) {
  if (st.padded > 0)
    add(log, Severity::info, "code_padded", job,
        column_label(job) + "：" + with_thousands(st.padded) + " 个代码是 15 位末三位为 000、或 18 位末六位为 000000（如「" + st.padded_example + "」），已按前 12 位（行政村的代码）读入", {});
  if (st.digits_lost.empty()) return;
  size_t total = 0;
  std::string list;
  for (const auto& [raw, n] : st.digits_lost) {
    if (total == 0 || list.size() < 120) list += (list.empty() ? "" : "，") + ("「" + raw + "」");
    total += n;
  }
  add(log, Severity::warning, "code_digits_lost", job,
      column_label(job) + "：" + with_thousands(total) + " 个代码以科学计数法（或数字）保存，已丢失位数（" + list +
          "），记为未知，不会当作别的代码",
      k_code_digits_lost_hint);
}

void report_unmapped(const FieldJob& job, const FieldStats& st, IssueLog& log) {
  if (st.unmapped.empty()) return;
  size_t total = 0;
  std::vector<std::pair<size_t, std::string>> items;
  for (const auto& [raw, n] : st.unmapped) { total += n; items.emplace_back(n, raw); }
  std::sort(items.begin(), items.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::string list;
  for (size_t i = 0; i < items.size() && i < 10; ++i) list += (i ? "，" : "") + ("「" + items[i].second + "」" + with_thousands(items[i].first));
  if (items.size() > 10) list += "，另 " + std::to_string(items.size() - 10) + " 种";
  std::string fids;
  for (int64_t f : st.unmapped_fids) fids += (fids.empty() ? "" : ", ") + std::to_string(f);
  const bool numeric = job.field.type == FieldType::real;
  const std::string what = numeric ? "个值不是数字，记为未知（不当作 0）" : job.field.type == FieldType::boolean ? "个值不是“是/否”，记为未知（既不算是也不算否）" : "个值不认识，记为未知";
  std::string hint = "在项目文件中写明它们的意思：[layers." + job.spec.name + ".values." + job.field.name + "] \"" + items[0].second + "\" = ";
  // The hint names the form and the choices, never one value: which one a word means is the planner's call.
  if (job.field.type == FieldType::boolean) hint += "true 或 false（按它的实际意思）";
  else if (numeric) hint += "<它代表的数字>，或改正数据";
  else if (job.vocab_table && !job.vocab_table->canonical.empty()) hint += "\"<下列之一>\"（可用的值：" + join_list(job.vocab_table->canonical) + "）";
  else hint += "\"<它的意思>\"";
  add(log, Severity::warning, numeric ? "text_in_numeric_field" : "unmapped_value", job,
      column_label(job) + "：" + with_thousands(total) + " " + what + "：" + list + "（要素 " + fids + (total > st.unmapped_fids.size() ? " …" : "") + "）", hint);
}

}  // namespace jiuyou::io::values_detail
