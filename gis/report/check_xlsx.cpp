// The village check as an XLSX workbook with Chinese headers: villages,
// township summary, county summary, and the rule set that was applied.
#include <string>
#include <vector>

#include <xlsxwriter.h>

#include "gis/report/check_report.hpp"
#include "gis/report/report_text.hpp"

namespace jiuyou::report {
namespace {

using indicators::CheckResult;
using indicators::Item;
using indicators::ItemKind;
using indicators::Outcome;

// Above this many villages the workbook is written in libxlsxwriter's constant-memory mode.
constexpr size_t k_constant_memory_villages = 20000;

struct Formats {
  lxw_format* head = nullptr;
  lxw_format* wrap = nullptr;
  lxw_format* count = nullptr;
  lxw_format* rate = nullptr;
  lxw_format* bold = nullptr;
  lxw_format* good = nullptr;  // conditional: green
  lxw_format* bad = nullptr;   // conditional: red
  lxw_format* grey = nullptr;  // conditional: grey
};

Formats make_formats(lxw_workbook* wb) {
  Formats f;
  f.head = workbook_add_format(wb);
  format_set_bold(f.head);
  format_set_bg_color(f.head, 0xDDEBF7);
  format_set_text_wrap(f.head);
  format_set_align(f.head, LXW_ALIGN_CENTER);
  format_set_align(f.head, LXW_ALIGN_VERTICAL_CENTER);
  format_set_border(f.head, LXW_BORDER_THIN);
  f.wrap = workbook_add_format(wb);
  format_set_text_wrap(f.wrap);
  format_set_align(f.wrap, LXW_ALIGN_VERTICAL_TOP);
  f.count = workbook_add_format(wb);
  format_set_num_format(f.count, "#,##0");
  f.rate = workbook_add_format(wb);
  format_set_num_format(f.rate, "0.0%");
  f.bold = workbook_add_format(wb);
  format_set_bold(f.bold);
  f.good = workbook_add_format(wb);
  format_set_bg_color(f.good, 0xC6EFCE);
  format_set_font_color(f.good, 0x006100);
  f.bad = workbook_add_format(wb);
  format_set_bg_color(f.bad, 0xFFC7CE);
  format_set_font_color(f.bad, 0x9C0006);
  f.grey = workbook_add_format(wb);
  format_set_bg_color(f.grey, 0xEDEDED);
  format_set_font_color(f.grey, 0x595959);
  return f;
}

// Colours a column by its text, so that an edited cell recolours itself.
void colour_column(lxw_worksheet* ws, lxw_row_t first, lxw_row_t last, lxw_col_t col, const Formats& f, const char* good,
                   const char* bad, const char* grey) {
  if (last < first) return;
  const std::pair<const char*, lxw_format*> rules[] = {{good, f.good}, {bad, f.bad}, {grey, f.grey}};
  for (const auto& [text, format] : rules) {
    std::string quoted = std::string("\"") + text + "\"";
    lxw_conditional_format cf{};
    cf.type = LXW_CONDITIONAL_TYPE_CELL;
    cf.criteria = LXW_CONDITIONAL_CRITERIA_EQUAL_TO;
    cf.value_string = quoted.data();
    cf.format = format;
    worksheet_conditional_format_range(ws, first, col, last, col, &cf);
  }
}

void write_text(lxw_worksheet* ws, lxw_row_t r, lxw_col_t c, const std::string& s, lxw_format* f = nullptr) {
  if (!s.empty()) worksheet_write_string(ws, r, c, s.c_str(), f);
}

void villages_sheet(lxw_workbook* wb, const Formats& f, const Workspace& ws, const CheckResult& result) {
  lxw_worksheet* sh = workbook_add_worksheet(wb, "村级结果");
  const FeatureTable* villages = ws.layer("villages");
  const auto& items = result.rules.items;
  const size_t net4 = detail::count_net4(result.rules), jiuyou = detail::count_jiuyou(result.rules);
  lxw_col_t c = 0;
  for (const char* h : {"代码", "名称", "乡镇"}) worksheet_write_string(sh, 0, c++, h, f.head);
  std::vector<lxw_col_t> status_cols;
  for (const auto& it : items) {
    if (!it.visible) continue;
    status_cols.push_back(c);
    worksheet_write_string(sh, 0, c++, it.name_zh.c_str(), f.head);
    worksheet_write_string(sh, 0, c++, (it.name_zh + " 依据").c_str(), f.head);
  }
  const lxw_col_t tail = c;
  for (const char* h : {"四网", "九有", "结论", "缺项"}) worksheet_write_string(sh, 0, c++, h, f.head);
  worksheet_set_row(sh, 0, 45, nullptr);
  worksheet_freeze_panes(sh, 1, 2);

  const size_t n = result.village_count;
  for (size_t v = 0; v < n; ++v) {
    const auto r = static_cast<lxw_row_t>(v + 1);
    write_text(sh, r, 0, detail::village_text(villages, "code", v));
    write_text(sh, r, 1, detail::village_text(villages, "name", v));
    write_text(sh, r, 2, detail::village_text(villages, "township", v));
    size_t k = 0;
    for (size_t i = 0; i < items.size(); ++i) {
      if (!items[i].visible) continue;
      const lxw_col_t sc = status_cols[k++];
      worksheet_write_string(sh, r, sc, detail::outcome_zh(result.cell(v, i).outcome), nullptr);
      write_text(sh, r, sc + 1, evidence_zh(result, v, i));
    }
    const auto count = [](const std::vector<uint16_t>& x, size_t row) { return row < x.size() ? x[row] : 0; };
    write_text(sh, r, tail, std::to_string(count(result.net4_count, v)) + "/" + std::to_string(net4));
    write_text(sh, r, tail + 1, std::to_string(count(result.jiuyou_count, v)) + "/" + std::to_string(jiuyou));
    worksheet_write_string(sh, r, tail + 2, detail::verdict_zh(v < result.verdict.size() ? result.verdict[v] : Outcome::unknown), nullptr);
    write_text(sh, r, tail + 3, result.missing_items_zh(v));
  }
  if (n > 0) {
    const auto last = static_cast<lxw_row_t>(n);
    for (const lxw_col_t sc : status_cols) colour_column(sh, 1, last, sc, f, "达标", "不达标", "未知");
    colour_column(sh, 1, last, tail + 2, f, "可出列", "不可出列", "数据不全");
  }
  worksheet_set_column(sh, 0, 0, 15, nullptr);
  worksheet_set_column(sh, 1, 2, 12, nullptr);
  for (const lxw_col_t sc : status_cols) {
    worksheet_set_column(sh, sc, sc, 9, nullptr);
    worksheet_set_column(sh, sc + 1, sc + 1, 28, nullptr);
  }
  worksheet_set_column(sh, tail, tail + 1, 7, nullptr);
  worksheet_set_column(sh, tail + 2, tail + 2, 10, nullptr);
  worksheet_set_column(sh, tail + 3, tail + 3, 80, nullptr);
  if (n > 0) worksheet_autofilter(sh, 0, 0, static_cast<lxw_row_t>(n), tail + 3);
}

void summary_row(lxw_worksheet* sh, const Formats& f, lxw_row_t r, const indicators::TownshipSummary& s, const CheckResult& result,
                 lxw_format* label_format) {
  const auto& items = result.rules.items;
  const double n = static_cast<double>(s.villages);
  auto at = [](const std::vector<size_t>& x, size_t i) { return i < x.size() ? static_cast<double>(x[i]) : 0.0; };
  worksheet_write_string(sh, r, 0, s.township.c_str(), label_format);
  worksheet_write_number(sh, r, 1, n, f.count);
  worksheet_write_number(sh, r, 2, static_cast<double>(s.exit), f.count);
  worksheet_write_number(sh, r, 3, static_cast<double>(s.fail), f.count);
  worksheet_write_number(sh, r, 4, static_cast<double>(s.unknown), f.count);
  if (n > 0) worksheet_write_number(sh, r, 5, static_cast<double>(s.exit) / n, f.rate);
  lxw_col_t c = 6;
  for (size_t i = 0; i < items.size(); ++i) {
    if (!items[i].visible) continue;
    worksheet_write_number(sh, r, c, at(s.item_pass, i), f.count);
    worksheet_write_number(sh, r, c + 1, at(s.item_fail, i), f.count);
    worksheet_write_number(sh, r, c + 2, at(s.item_unknown, i), f.count);
    if (n > 0) worksheet_write_number(sh, r, c + 3, at(s.item_pass, i) / n, f.rate);
    c += 4;
  }
}

void townships_sheet(lxw_workbook* wb, const Formats& f, const CheckResult& result) {
  lxw_worksheet* sh = workbook_add_worksheet(wb, "乡镇汇总");
  const char* fixed_heads[] = {"乡镇", "村数", "可出列", "不可出列", "数据不全", "出列率"};
  lxw_col_t c = 0;
  for (const char* h : fixed_heads) {
    worksheet_merge_range(sh, 0, c, 1, c, h, f.head);
    ++c;
  }
  for (const auto& it : result.rules.items) {
    if (!it.visible) continue;
    worksheet_merge_range(sh, 0, c, 0, c + 3, it.name_zh.c_str(), f.head);
    const char* sub[] = {"达标", "不达标", "未知", "达标率"};
    for (lxw_col_t k = 0; k < 4; ++k) worksheet_write_string(sh, 1, c + k, sub[k], f.head);
    c += 4;
  }
  worksheet_set_row(sh, 0, 45, nullptr);
  worksheet_freeze_panes(sh, 2, 1);
  lxw_row_t r = 2;
  for (const auto& s : result.townships) summary_row(sh, f, r++, s, result, nullptr);
  indicators::TownshipSummary county = result.county_summary;
  county.township = "全县合计";
  summary_row(sh, f, r, county, result, f.bold);
  worksheet_set_column(sh, 0, 0, 14, nullptr);
  worksheet_set_column(sh, 1, c > 0 ? c - 1 : 1, 8, nullptr);
}

void county_sheet(lxw_workbook* wb, const Formats& f, const CheckResult& result) {
  lxw_worksheet* sh = workbook_add_worksheet(wb, "全县汇总");
  lxw_col_t c = 0;
  for (const char* h : {"项目", "分组", "四网", "九有", "决定出列", "达标 / 可出列", "不达标 / 不可出列", "未知 / 数据不全", "达标率 / 出列率"})
    worksheet_write_string(sh, 0, c++, h, f.head);
  worksheet_freeze_panes(sh, 1, 1);
  const auto& s = result.county_summary;
  const double n = static_cast<double>(s.villages);
  const std::string head = "出列结论（" + (result.county.empty() ? std::string("全县") : result.county) + "，" +
                           std::to_string(s.villages) + " 个村）";
  worksheet_write_string(sh, 1, 0, head.c_str(), f.bold);
  worksheet_write_number(sh, 1, 5, static_cast<double>(s.exit), f.count);
  worksheet_write_number(sh, 1, 6, static_cast<double>(s.fail), f.count);
  worksheet_write_number(sh, 1, 7, static_cast<double>(s.unknown), f.count);
  if (n > 0) worksheet_write_number(sh, 1, 8, static_cast<double>(s.exit) / n, f.rate);
  lxw_row_t r = 2;
  auto at = [](const std::vector<size_t>& x, size_t i) { return i < x.size() ? static_cast<double>(x[i]) : 0.0; };
  for (size_t i = 0; i < result.rules.items.size(); ++i) {
    const Item& it = result.rules.items[i];
    if (!it.visible) continue;
    worksheet_write_string(sh, r, 0, it.name_zh.c_str(), nullptr);
    worksheet_write_string(sh, r, 1, detail::group_zh(it.group), nullptr);
    worksheet_write_string(sh, r, 2, it.in_net4 ? "是" : "", nullptr);
    worksheet_write_string(sh, r, 3, it.in_jiuyou ? "是" : "", nullptr);
    worksheet_write_string(sh, r, 4, it.required ? "是" : "参考", nullptr);
    worksheet_write_number(sh, r, 5, at(s.item_pass, i), f.count);
    worksheet_write_number(sh, r, 6, at(s.item_fail, i), f.count);
    worksheet_write_number(sh, r, 7, at(s.item_unknown, i), f.count);
    if (n > 0) worksheet_write_number(sh, r, 8, at(s.item_pass, i) / n, f.rate);
    ++r;
  }
  worksheet_set_row(sh, 0, 30, nullptr);
  worksheet_set_column(sh, 0, 0, 40, nullptr);
  worksheet_set_column(sh, 1, 4, 9, nullptr);
  worksheet_set_column(sh, 5, 8, 13, nullptr);
}

void rules_sheet(lxw_workbook* wb, const Formats& f, const Workspace& ws, const CheckResult& result) {
  lxw_worksheet* sh = workbook_add_worksheet(wb, "规则说明");
  const auto& rules = result.rules;
  const std::pair<const char*, std::string> lines[] = {
      {"规则集", rules.id},
      {"名称", rules.name_zh},
      {"Name", rules.name_en},
      {"依据", rules.source},
      {"说明", rules.note},
      {"规则文件", rules.file},
      {"县 / 项目", result.county.empty() ? ws.name : result.county},
      {"坐标系", (result.crs.empty() ? ws.metric_crs : result.crs).label()},
      {"村数", std::to_string(result.village_count)},
      {"结论规则", "所有“决定出列”项达标为可出列；任一项不达标为不可出列；否则为数据不全。达标率 = 达标村数 / 村数。"},
  };
  lxw_row_t r = 0;
  for (const auto& [k, v] : lines) {
    worksheet_write_string(sh, r, 0, k, f.bold);
    write_text(sh, r, 1, v, f.wrap);
    ++r;
  }
  ++r;
  const char* heads[] = {"编号", "名称", "English", "分组", "类型", "图层", "筛选条件", "标准", "四网", "九有", "决定出列", "列出", "来源"};
  lxw_col_t c = 0;
  for (const char* h : heads) worksheet_write_string(sh, r, c++, h, f.head);
  ++r;
  for (const auto& it : rules.items) {
    write_text(sh, r, 0, it.id);
    write_text(sh, r, 1, it.name_zh, f.wrap);
    write_text(sh, r, 2, it.name_en, f.wrap);
    worksheet_write_string(sh, r, 3, detail::group_zh(it.group), nullptr);
    worksheet_write_string(sh, r, 4, detail::kind_zh(it.kind), nullptr);
    write_text(sh, r, 5, it.layer);
    write_text(sh, r, 6, it.filter, f.wrap);
    write_text(sh, r, 7, threshold_zh(result.rules, it), f.wrap);
    worksheet_write_string(sh, r, 8, it.in_net4 ? "是" : "", nullptr);
    worksheet_write_string(sh, r, 9, it.in_jiuyou ? "是" : "", nullptr);
    worksheet_write_string(sh, r, 10, it.required ? "是" : "参考", nullptr);
    worksheet_write_string(sh, r, 11, it.visible ? "是" : "辅助项", nullptr);
    write_text(sh, r, 12, it.source, f.wrap);
    ++r;
  }
  if (!result.notes.empty()) {
    ++r;
    worksheet_write_string(sh, r++, 0, "检查说明", f.bold);
    for (const auto& issue : result.notes.entries()) write_text(sh, r++, 1, IssueLog::format(issue), f.wrap);
  }
  worksheet_set_column(sh, 0, 0, 18, nullptr);
  worksheet_set_column(sh, 1, 2, 30, nullptr);
  worksheet_set_column(sh, 3, 5, 10, nullptr);
  worksheet_set_column(sh, 6, 7, 36, nullptr);
  worksheet_set_column(sh, 8, 11, 8, nullptr);
  worksheet_set_column(sh, 12, 12, 50, nullptr);
}

}  // namespace

Result<void> write_check_xlsx(const std::string& path, const Workspace& ws, const CheckResult& result) {
  // Big counties: rows go straight to temporary files instead of memory (strings inline, not shared).
  lxw_workbook_options options{};
  options.constant_memory = result.village_count > k_constant_memory_villages ? LXW_TRUE : LXW_FALSE;
  lxw_workbook* wb = workbook_new_opt(path.c_str(), &options);
  if (wb == nullptr) return error(ErrorCode::io, "cannot create the workbook").file(path).hint("check that the folder is writable");
  const Formats f = make_formats(wb);
  villages_sheet(wb, f, ws, result);
  townships_sheet(wb, f, result);
  county_sheet(wb, f, result);
  rules_sheet(wb, f, ws, result);
  const lxw_error rc = workbook_close(wb);
  if (rc != LXW_NO_ERROR)
    return error(ErrorCode::io, std::string("cannot write the workbook: ") + lxw_strerror(rc)).file(path).hint("check that the folder exists, is writable and has free space");
  return {};
}

}  // namespace jiuyou::report
