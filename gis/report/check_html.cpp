// The village check as a document to forward (one self-contained UTF-8 page,
// A4 when printed): a one-page summary (counts, each item's pass rate, the
// townships, the map), then the villages that cannot exit grouped by township
// and sorted by how many items they lack, the villages with missing data, and
// the rule set in words. Nothing in it is meant for developers.
#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "gis/io/schema.hpp"
#include "gis/report/check_evidence.hpp"
#include "gis/report/check_report.hpp"
#include "gis/report/check_caveats.hpp"
#include "gis/report/html_page.hpp"
#include "gis/report/place.hpp"
#include "gis/report/report_text.hpp"
#include "gis/report/verdict_classes.hpp"

namespace jiuyou::report {

namespace fs = std::filesystem;
namespace detail {

std::string base64(std::string_view bytes) {
  static constexpr char k_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const uint32_t n = (uint32_t{static_cast<unsigned char>(bytes[i])} << 16) | (uint32_t{static_cast<unsigned char>(bytes[i + 1])} << 8) |
                       uint32_t{static_cast<unsigned char>(bytes[i + 2])};
    out += k_alphabet[(n >> 18) & 63];
    out += k_alphabet[(n >> 12) & 63];
    out += k_alphabet[(n >> 6) & 63];
    out += k_alphabet[n & 63];
  }
  const size_t rest = bytes.size() - i;
  if (rest > 0) {
    uint32_t n = uint32_t{static_cast<unsigned char>(bytes[i])} << 16;
    if (rest == 2) n |= uint32_t{static_cast<unsigned char>(bytes[i + 1])} << 8;
    out += k_alphabet[(n >> 18) & 63];
    out += k_alphabet[(n >> 12) & 63];
    out += rest == 2 ? k_alphabet[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

}  // namespace detail

namespace {

using detail::EvidenceWriter;
using indicators::CheckResult;
using indicators::Item;
using indicators::Outcome;

std::string pct(size_t part, size_t whole) { return whole ? detail::percent_text(static_cast<double>(part) / static_cast<double>(whole), 1) : "—"; }

std::string width(size_t part, size_t whole) {
  return whole ? detail::fixed(100.0 * static_cast<double>(part) / static_cast<double>(whole), 2) + "%" : "0%";
}

// A stacked bar: pass green, fail red, unknown grey.
std::string bar(size_t pass, size_t fail, size_t unknown) {
  const size_t n = pass + fail + unknown;
  return "<div class=\"bar\"><span class=\"p\" style=\"width:" + width(pass, n) + "\"></span><span class=\"f\" style=\"width:" +
         width(fail, n) + "\"></span><span class=\"u\" style=\"width:" + width(unknown, n) + "\"></span></div>";
}

size_t at(const std::vector<size_t>& v, size_t i) { return i < v.size() ? v[i] : 0; }

std::string bullet_list(const std::vector<std::string>& lines) {
  std::string o = "<ul>";
  for (const auto& l : lines) o += "<li>" + html_escape(l) + "</li>";
  return o + "</ul>";
}

Result<std::string> map_data_uri(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return error(ErrorCode::io, "cannot read the map picture").file(path).hint("render it first (jiuyou render) or leave --map out");
  const std::string bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  if (f.bad()) return error(ErrorCode::io, "cannot read the map picture").file(path);
  const bool png = bytes.size() >= 8 && bytes.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0;
  const bool jpeg = bytes.size() >= 3 && bytes.compare(0, 3, "\xff\xd8\xff") == 0;
  if (!png && !jpeg) return error(ErrorCode::format, "the map picture is neither PNG nor JPEG").file(path);
  return std::string(png ? "data:image/png;base64," : "data:image/jpeg;base64,") + detail::base64(bytes);
}

struct Page {
  const WorkspaceView& ws;
  const CheckResult& result;
  const EvidenceWriter& ev;
  const ReportOptions& opts;
  std::ostringstream o;
};

void summary_counts(Page& p) {
  const auto& cs = p.result.county_summary;
  p.o << "<div class=kpi><div>村数<b>" << cs.villages << "</b></div><div>可出列<b class=exit>" << cs.exit << "</b>" << pct(cs.exit, cs.villages)
      << "</div><div>不可出列<b class=fail>" << cs.fail << "</b>" << pct(cs.fail, cs.villages) << "</div><div>数据不全<b class=unknown>"
      << cs.unknown << "</b>" << pct(cs.unknown, cs.villages) << "</div></div>\n"
      << bar(cs.exit, cs.fail, cs.unknown) << "<p class=note>绿：可出列　红：不可出列　灰：数据不全</p>\n";
}

void item_rates(Page& p) {
  const auto& cs = p.result.county_summary;
  p.o << "<div><h2>各项达标情况</h2>\n<table>" << table_head({"项目", "达标", "不达标", "未知", "达标率"});
  for (size_t i = 0; i < p.result.rules.items.size(); ++i) {
    const Item& it = p.result.rules.items[i];
    if (!it.visible) continue;
    const size_t a = at(cs.item_pass, i), f = at(cs.item_fail, i), u = at(cs.item_unknown, i);
    p.o << "<tr><td>" << html_escape(it.name_zh) << (it.in_net4 ? "<span class=tag>四网</span>" : "")
        << (it.required ? "" : "<span class=tag>参考项</span>") << "</td>" << td_num(std::to_string(a)) << td_num(std::to_string(f))
        << td_num(std::to_string(u)) << td_num(pct(a, cs.villages)) << "</tr>\n";
  }
  p.o << "</table></div>\n";
}

// The townships' names, each with its county (or code) where another township has the same name.
std::vector<std::string> township_labels(const Page& p) {
  std::vector<std::string> keys;
  for (const auto& s : p.result.townships) keys.push_back(s.township);
  const auto labels = report::township_labels(p.ws, keys, [&p](const std::string& k) { return p.ev.township_name(k); });
  std::vector<std::string> out;
  for (const std::string& k : keys) out.push_back(labels.at(k));
  return out;
}

// Several counties in one run (a prefecture or province): one row per county, and each item's pass rate per county,
// so that a provincial leader sees which county is behind before the township rows.
void county_tables(Page& p) {
  const std::vector<CountyTotals> counties = county_totals(p.ws, p.result);
  if (counties.size() < 2) return;
  p.o << "<h2>各县汇总</h2>\n<table>" << table_head({"县", "乡镇数", "村数", "可出列", "不可出列", "数据不全", "出列率"});
  for (const auto& c : counties)
    p.o << "<tr>" << td(c.county) << td_num(std::to_string(c.townships)) << td_num(std::to_string(c.sum.villages)) << td_num(std::to_string(c.sum.exit))
        << td_num(std::to_string(c.sum.fail)) << td_num(std::to_string(c.sum.unknown)) << td_num(pct(c.sum.exit, c.sum.villages)) << "</tr>\n";
  p.o << "</table>\n";
  if (counties.size() > 12) return;  // beyond a dozen counties the rates go to the workbook's 各县汇总
  std::vector<std::string> head{"项目（达标率）"};
  for (const auto& c : counties) head.push_back(c.county);
  p.o << "<table>" << table_head(head);
  for (size_t i = 0; i < p.result.rules.items.size(); ++i) {
    const Item& it = p.result.rules.items[i];
    if (!it.visible) continue;
    p.o << "<tr>" << td(it.name_zh);
    for (const auto& c : counties) p.o << td_num(pct(at(c.sum.item_pass, i), c.sum.villages));
    p.o << "</tr>\n";
  }
  p.o << "</table>\n";
}

void township_row(Page& p, const std::string& label, const indicators::TownshipSummary& s, bool bold) {
  p.o << "<tr>" << (bold ? "<td><b>" + html_escape(label) + "</b></td>" : td(label)) << td_num(std::to_string(s.villages))
      << td_num(std::to_string(s.exit)) << td_num(std::to_string(s.fail)) << td_num(std::to_string(s.unknown)) << td_num(pct(s.exit, s.villages))
      << "</tr>\n";
}

// Several counties in one run: each county's townships, then its 小计 (as result.xlsx's 县小计 rows), the
// subtotals adding up to the 合计 below them.
void township_table(Page& p) {
  p.o << "<div><h2>乡镇汇总</h2>\n<table>" << table_head({"乡镇", "村数", "可出列", "不可出列", "数据不全", "出列率"});
  const std::vector<std::string> labels = township_labels(p);
  const std::vector<CountyTotals> counties = county_totals(p.ws, p.result);
  if (counties.size() > 1) {
    for (const CountyTotals& c : counties) {
      for (size_t t : c.members) township_row(p, labels[t], p.result.townships[t], false);
      township_row(p, c.county + "小计", c.sum, true);
    }
  } else {
    for (size_t t = 0; t < p.result.townships.size(); ++t) township_row(p, labels[t], p.result.townships[t], false);
  }
  township_row(p, counties.size() > 1 ? "合计" : "全县", p.result.county_summary, true);
  p.o << "</table>\n<p class=note>可出列：所有决定出列的项目都达标；数据不全：有决定出列的项目缺少数据。</p></div>\n";
}

// The legend under the map, in the page's own type (the picture's legend is a third of a 2000-pixel map, unreadable
// at the page's width — tour 16 Q5): each class of village the map colours, in its colour and with its count, the
// gap lines in words, and the picture at full size one click away (map.png beside the page).
std::string map_legend_html(const CheckResult& result) {
  std::array<size_t, k_verdict_classes.size()> counts{};
  for (size_t v = 0; v < result.village_count; ++v) {
    const int failed = v < result.failed_count.size() ? result.failed_count[v] : 0;
    ++counts[verdict_class(detail::verdict_code(v < result.verdict.size() ? result.verdict[v] : Outcome::unknown), failed)];
  }
  std::ostringstream o;
  o << "<p class=legend>";
  for (size_t c = 0; c < counts.size(); ++c) {
    if (counts[c] == 0) continue;
    const VerdictClass& k = k_verdict_classes[c];
    o << "<span><i class=sw style=\"background:rgba(" << int(k.r) << ',' << int(k.g) << ',' << int(k.b) << ','
      << detail::fixed(k_village_fill_alpha / 255.0, 2) << ")\"></i>" << html_escape(k.label_zh) << " " << counts[c] << "</span>";
  }
  o << "<span>虚线：村到最近达标设施或线路的缺口，每个指标一种颜色</span></p>\n"
       "<p class=note>缩小显示；<a href=\"map.png\">打开原图 map.png</a>，右侧图例列出每种颜色和线型（缺口线按指标）。</p>\n";
  return o.str();
}

std::string map_section(const std::string& map_uri, const std::string& county, const std::string& legend) {
  if (map_uri.empty()) return {};
  return "<h2>地图</h2>\n<div class=map><a href=\"map.png\"><img alt=\"" + html_escape(county) + "出列检查地图\" src=\"" + map_uri + "\"></a></div>\n" +
         legend;
}

// The villages one section of the page lists.
enum class Listing {
  cannot_exit,           // verdict 不可出列; counted: the deciding items failed
  data_missing,          // verdict 数据不全; counted: the deciding items unknown
  failing_with_unknown,  // 不可出列 and, besides, deciding items without data (not changing the verdict)
};

Outcome counted_outcome(Listing l) { return l == Listing::cannot_exit ? Outcome::fail : Outcome::unknown; }

bool listed_in(const CheckResult& r, size_t v, Listing l, size_t unknown_items) {
  if (v >= r.verdict.size()) return false;
  switch (l) {
    case Listing::cannot_exit: return r.verdict[v] == Outcome::fail;
    case Listing::data_missing: return r.verdict[v] == Outcome::unknown;
    case Listing::failing_with_unknown: return r.verdict[v] == Outcome::fail && unknown_items > 0;
  }
  return false;
}

// One listing's villages grouped by township (in the summary's order), most
// items counted first; each village's count computed once.
struct Listed {
  Outcome outcome = Outcome::fail;
  std::vector<size_t> counted;  // per village: deciding items with `outcome`
  std::vector<std::pair<std::string, std::vector<size_t>>> groups;
};

Listed listed(const Page& p, Listing l) {
  Listed out;
  out.outcome = counted_outcome(l);
  out.counted.assign(p.result.village_count, 0);
  for (size_t v = 0; v < p.result.village_count; ++v)
    for (size_t i = 0; i < p.result.item_count(); ++i)
      out.counted[v] += p.result.rules.items[i].required && p.result.cell(v, i).outcome == out.outcome ? 1 : 0;
  std::map<std::string, size_t> index;
  for (const auto& s : p.result.townships) index.emplace(s.township, index.size());
  std::vector<std::vector<size_t>> members(index.size());
  const FeatureTable* villages = p.ws.layer(io::target_layer);
  for (size_t v = 0; v < p.result.village_count; ++v) {
    if (!listed_in(p.result, v, l, l == Listing::failing_with_unknown ? out.counted[v] : 0)) continue;
    auto [it, added] = index.emplace(detail::village_text(villages, "township", v), index.size());
    if (added) members.emplace_back();
    members[it->second].push_back(v);
  }
  std::vector<std::string> names(index.size());
  for (const auto& [t, i] : index) names[i] = t;
  for (size_t i = 0; i < names.size(); ++i) {
    if (members[i].empty()) continue;
    std::stable_sort(members[i].begin(), members[i].end(), [&](size_t a, size_t b) { return out.counted[a] > out.counted[b]; });
    out.groups.emplace_back(names[i], std::move(members[i]));
  }
  return out;
}

// One section: villages grouped by township, at most opts.html_village_limit of
// them; the townships past the limit are named in one line each, never shown as
// an empty table.
void village_groups(Page& p, const Listed& l) {
  const Outcome outcome = l.outcome;
  const size_t limit = p.opts.html_village_limit;
  size_t shown = 0, more = 0;
  std::vector<std::string> rest;  // townships past the limit: "高丰乡 16 个村"
  std::vector<std::string> keys;  // every township of the run, so that a 城关镇 listed once still names its county
  for (const auto& s : p.result.townships) keys.push_back(s.township);
  for (const auto& g : l.groups) keys.push_back(g.first);
  const auto labels = report::township_labels(p.ws, keys, [&p](const std::string& k) { return p.ev.township_name(k); });
  for (const auto& [t, villages] : l.groups) {
    const std::string name = t.empty() ? std::string("乡镇未填写") : labels.at(t);
    if (limit > 0 && shown >= limit) {
      more += villages.size();
      rest.push_back(name + " " + std::to_string(villages.size()) + " 个村");
      continue;
    }
    const size_t here = limit > 0 ? std::min(villages.size(), limit - shown) : villages.size();
    p.o << "<h3>" << html_escape(name) << "（" << villages.size() << " 个村"
        << (here < villages.size() ? "，此处列出 " + std::to_string(here) + " 个" : std::string()) << "）</h3>\n<table>"
        << table_head({"村", outcome == Outcome::fail ? "缺项数" : "未知项数", outcome == Outcome::fail ? "缺什么、差多少" : "缺少的数据"});
    for (size_t k = 0; k < here; ++k) {
      const size_t v = villages[k];
      auto lines = p.ev.lacks(v, outcome, true);
      for (auto& a : p.ev.lacks(v, outcome, false)) lines.push_back("（参考项，不影响出列）" + a);
      if (lines.empty()) lines.push_back("缺少的数据只涉及参考项");
      p.o << "<tr><td style=\"width:20%\">" << html_escape(p.ev.village_name(v)) << "</td>" << td_num(std::to_string(l.counted[v])) << "<td>"
          << bullet_list(lines) << "</td></tr>\n";
    }
    shown += here;
    more += villages.size() - here;
    p.o << "</table>\n";
  }
  if (shown == 0) p.o << "<p>无。</p>\n";
  if (more == 0) return;
  p.o << "<p class=note>以上列出 " << shown << " 个村，另有 " << more << " 个村未列出；完整清单见 result.xlsx 的“村级结果”表。</p>\n";
  if (rest.empty()) return;
  std::string line;
  for (const auto& r : rest) line += (line.empty() ? "" : "、") + r;
  p.o << "<p class=note>未列出的乡镇：" << html_escape(line) << "。</p>\n";
}

// The villages that fail anyway but also lack data on a deciding item: apart from
// 数据不全 (whose count the summary gives), so that section agrees with the summary.
// One pass: the section is left out when the listing is empty.
void failing_with_unknown_section(Page& p) {
  const Listed l = listed(p, Listing::failing_with_unknown);
  if (l.groups.empty()) return;
  p.o << "<h2>不可出列的村中另缺数据的项目（不改变结论，补齐后核查才完整）</h2>\n";
  village_groups(p, l);
}

void rules_section(Page& p) {
  const auto& rules = p.result.rules;
  p.o << "<h2 class=page-break>检查标准</h2>\n<p><b>" << html_escape(rules.name_zh) << "</b></p>\n<p>依据：" << html_escape(rules.source) << "</p>\n"
      << "<p>所有“决定出列”的项目都达标的村可出列；任一项不达标的村不可出列；其余（有项目缺少数据）为数据不全。"
         "“参考项”只作参考，不影响出列结论。</p>\n<table>"
      << table_head({"项目", "类别", "标准", "决定出列", "来源"});
  for (size_t i = 0; i < rules.items.size(); ++i) {
    const Item& it = rules.items[i];
    if (!it.visible) continue;
    std::string cls = detail::group_zh(it.group);
    if (it.in_net4) cls += "、四网";
    if (it.in_jiuyou) cls += "、九有";
    p.o << "<tr>" << td(it.name_zh) << td(cls) << td(p.ev.standard(i)) << td(it.required ? "是" : "参考项") << td(it.source) << "</tr>\n";
  }
  p.o << "</table>\n";
}

// Where a load issue is, for a clerk: the file's name, the layer and the field.
std::string issue_place(const Issue& issue) {
  std::string place = fs::path(issue.file).filename().string();
  if (!issue.layer.empty() && issue.layer != place) place += (place.empty() ? "" : " · ") + issue.layer;
  if (issue.feature >= 0) place += "，要素 " + std::to_string(issue.feature);
  if (!issue.field.empty()) place += "，字段 " + issue.field;
  return place;
}

// Issues of one kind on one layer and field, in the log's order.
struct IssueGroup {
  const Issue* first = nullptr;
  std::vector<int64_t> features;  // the first few
  size_t count = 0;
};

constexpr size_t k_each = 5;  // a kind with more issues than this on one layer is one line

std::vector<IssueGroup> group_issues(const IssueLog& log) {
  std::vector<IssueGroup> groups;
  std::map<std::string, size_t> index;
  for (const Issue& issue : log.entries()) {
    if (issue.severity == Severity::info) continue;
    const std::string key = issue.code + '\n' + issue.file + '\n' + issue.layer + '\n' + issue.field;
    auto [it, added] = index.emplace(key, groups.size());
    if (added) groups.push_back({&issue, {}, 0});
    IssueGroup& g = groups[it->second];
    ++g.count;
    if (issue.feature >= 0 && g.features.size() < 10) g.features.push_back(issue.feature);
  }
  return groups;
}

void issue_line(Page& p, const Issue& issue, const std::string& place, const std::string& message) {
  p.o << "<li><b>" << html_escape(place) << "</b>：" << html_escape(message);
  if (!issue.hint.empty()) p.o << "<br><span class=note>处理：" << html_escape(issue.hint) << "</span>";
  p.o << "</li>\n";
}

// What loading found (warnings and errors; notes stay in `jiuyou validate`): a village with
// 数据不全 is often explained here (its row missing from the statistics table, a value no
// vocabulary knows). Thousands of one kind (a whole layer's villages) are one line each.
void load_issues_section(Page& p) {
  if (p.opts.load_issues == nullptr) return;
  const std::vector<IssueGroup> groups = group_issues(*p.opts.load_issues);
  size_t total = 0;
  for (const IssueGroup& g : groups) total += g.count;
  if (total == 0) return;
  p.o << "<h2>附：读入数据时发现的问题（" << total << " 条，供数据管理人员核对）</h2>\n"
      << "<p class=note>“数据不全”的村，原因多在这里：统计表中没有该村的行、取值无法识别等。同一图层的同类问题超过 " << k_each
      << " 条时合为一行，列出第一条和前几个要素。逐条核对后重新检查。</p>\n<ul>\n";
  for (const IssueGroup& g : groups) {
    if (g.count <= k_each) {
      for (const Issue& issue : p.opts.load_issues->entries())
        if (issue.severity != Severity::info && issue.code == g.first->code && issue.file == g.first->file && issue.layer == g.first->layer &&
            issue.field == g.first->field)
          issue_line(p, issue, issue_place(issue), issue.message);
      continue;
    }
    Issue place_of = *g.first;
    place_of.feature = -1;
    std::string features;
    for (int64_t f : g.features) features += (features.empty() ? "" : ", ") + std::to_string(f);
    std::string message = "同类问题 " + std::to_string(g.count) + " 条";
    if (!features.empty()) message += "（要素 " + features + (g.count > g.features.size() ? " 等" : "") + "）";
    issue_line(p, *g.first, issue_place(place_of), message + "，第一条：" + g.first->message);
  }
  p.o << "</ul>\n";
}

void notes_section(Page& p) {
  if (p.result.notes.empty()) return;
  p.o << "<h2>附：检查中发现的数据问题（供数据管理人员核对）</h2>\n<ul>\n";
  for (const auto& issue : p.result.notes.entries()) {
    // The item's name is said; its id in brackets is for the rule file, not for this page.
    std::string text = issue.message;
    for (const auto& it : p.result.rules.items)
      for (const std::string& id : {"（" + it.id + "）", " (" + it.id + ")"})
        for (size_t at = text.find(id); at != std::string::npos; at = text.find(id, at)) text.erase(at, id.size());
    p.o << "<li>" << html_escape(text) << "</li>\n";
  }
  p.o << "</ul>\n";
}

}  // namespace

PageAroundMap check_report_around_map(const WorkspaceView& ws, const CheckResult& result, const ReportOptions& opts) {
  const EvidenceWriter ev(ws, result, opts.load_issues);
  Page p{ws, result, ev, opts, {}};
  const std::string county = checked_place(ws, result.county.empty() ? ws.name : result.county);
  const std::string title = county + "贫困村出列检查" + (opts.scenario.empty() ? "" : "（含规划项目，模拟）");
  p.o << "<div class=summary>\n<h1>" << html_escape(title) << "</h1>\n";
  if (!opts.scenario.empty()) p.o << "<p class=scenario><b>模拟结果，非现状：</b>" << html_escape(opts.scenario) << "</p>\n";
  p.o << "<p class=meta>检查标准：" << html_escape(result.rules.name_zh) << "。共 " << result.village_count
      << " 个村；各村缺什么、差多少见第 2 页起，检查标准见文末。</p>\n";
  p.o << verdict_caveats_html(result, opts.load_issues);  // before the counts they qualify
  summary_counts(p);
  county_tables(p);
  p.o << "<div class=cols>\n";
  item_rates(p);
  township_table(p);
  p.o << "</div>\n";
  PageAroundMap page;
  page.county = county;
  page.map_legend = map_legend_html(result);
  page.before = html_page_head(title) + p.o.str();  // html_page's head, then the body so far
  p.o.str({});
  p.o << "</div>\n<h2>不可出列的村（按乡镇，缺项多的在前）</h2>\n";
  village_groups(p, listed(p, Listing::cannot_exit));
  p.o << "<h2>数据不全的村（补齐数据后才能判断）</h2>\n";
  village_groups(p, listed(p, Listing::data_missing));
  failing_with_unknown_section(p);
  rules_section(p);
  notes_section(p);
  load_issues_section(p);
  page.after = p.o.str();
  page.after += html_page_tail();
  return page;
}

namespace {

Result<std::string> map_uri_of(const std::string& map_png) {
  if (map_png.empty()) return std::string();
  return map_data_uri(map_png);
}

std::string joined(const PageAroundMap& page, const std::string& map_uri) {
  const std::string map = map_section(map_uri, page.county, page.map_legend);
  std::string o;
  o.reserve(page.before.size() + map.size() + page.after.size());
  o += page.before;
  o += map;
  o += page.after;
  return o;
}

}  // namespace

Result<std::string> page_with_map(const PageAroundMap& page, const std::string& map_png) {
  ASSIGN_OR_RETURN(const std::string map_uri, map_uri_of(map_png));
  return joined(page, map_uri);
}

Result<std::string> check_report_html(const WorkspaceView& ws, const CheckResult& result, const ReportOptions& opts) {
  ASSIGN_OR_RETURN(const std::string map_uri, map_uri_of(opts.map_png));  // a missing picture fails before the page is composed
  return joined(check_report_around_map(ws, result, opts), map_uri);
}

}  // namespace jiuyou::report
