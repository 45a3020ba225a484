// The village check as one self-contained, printable HTML page (UTF-8,
// Chinese with English headings): summary, per-item pass rates, townships,
// the map, every village that cannot exit with what it lacks, the villages
// with missing data, and the rule set.
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "gis/report/check_report.hpp"
#include "gis/report/report_text.hpp"

namespace jiuyou::report {
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

using detail::html_escape;
using indicators::CheckResult;
using indicators::Item;
using indicators::Outcome;

constexpr const char* k_style = R"(<style>
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","PingFang SC",sans-serif;margin:2em auto;max-width:1100px;color:#222;line-height:1.45}
h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.25em;border-bottom:2px solid #ddebf7;padding-bottom:.2em;margin-top:1.6em}
h2 small,h1 small{color:#666;font-weight:normal;font-size:.7em;margin-left:.6em}
table{border-collapse:collapse;margin:.6em 0}th,td{border:1px solid #bbb;padding:3px 8px;font-size:13px;vertical-align:top}
th{background:#ddebf7}td.n{text-align:right;white-space:nowrap}
.bar{display:flex;width:220px;height:12px;border:1px solid #999;background:#fff}
.bar span{display:block;height:100%}.p{background:#1a9641}.f{background:#d7191c}.u{background:#a0a0a0}
.tag{font-size:11px;border-radius:3px;padding:0 4px;margin-left:4px;background:#eee;color:#444}
.exit{color:#1a9641;font-weight:bold}.fail{color:#d7191c;font-weight:bold}.unknown{color:#707070;font-weight:bold}
.village{margin:.5em 0 .8em;page-break-inside:avoid}.village h3{font-size:1em;margin:.2em 0}
.village ul{margin:.2em 0 .2em 1.2em;padding:0}.advisory{color:#666;font-size:.92em}
.meta{color:#555}.map img{max-width:100%;border:1px solid #ccc}
@media print{body{margin:0;max-width:none}.bar span,th{-webkit-print-color-adjust:exact;print-color-adjust:exact}h2{page-break-after:avoid}}
</style>
)";

std::string pct(size_t part, size_t whole) { return whole ? detail::percent_text(static_cast<double>(part) / static_cast<double>(whole), 1) : "—"; }

std::string width(size_t part, size_t whole) {
  return whole ? detail::fixed(100.0 * static_cast<double>(part) / static_cast<double>(whole), 2) + "%" : "0%";
}

// A stacked bar: pass green, fail red, unknown grey.
std::string bar(size_t pass, size_t fail, size_t unknown) {
  const size_t n = pass + fail + unknown;
  return "<div class=\"bar\" title=\"" + std::to_string(pass) + " / " + std::to_string(fail) + " / " + std::to_string(unknown) +
         "\"><span class=\"p\" style=\"width:" + width(pass, n) + "\"></span><span class=\"f\" style=\"width:" + width(fail, n) +
         "\"></span><span class=\"u\" style=\"width:" + width(unknown, n) + "\"></span></div>";
}

size_t at(const std::vector<size_t>& v, size_t i) { return i < v.size() ? v[i] : 0; }

std::string village_heading(const Workspace& ws, const CheckResult& result, size_t v) {
  const FeatureTable* villages = ws.layer("villages");
  const std::string name = detail::village_text(villages, "name", v);
  const std::string code = detail::village_text(villages, "code", v);
  const std::string township = detail::village_text(villages, "township", v);
  auto count = [](const std::vector<uint16_t>& x, size_t row) { return row < x.size() ? x[row] : 0; };
  std::string h = "<h3>" + html_escape(name.empty() ? "#" + std::to_string(v + 1) : name);
  if (!code.empty()) h += " <span class=\"meta\">(" + html_escape(code) + ")</span>";
  if (!township.empty()) h += " <span class=\"meta\">" + html_escape(township) + "</span>";
  h += " <span class=\"tag\">四网 " + std::to_string(count(result.net4_count, v)) + "/" + std::to_string(detail::count_net4(result.rules)) +
       "</span><span class=\"tag\">九有 " + std::to_string(count(result.jiuyou_count, v)) + "/" +
       std::to_string(detail::count_jiuyou(result.rules)) + "</span></h3>\n";
  return h;
}

void list(std::ostringstream& o, const std::vector<std::string>& lines, const char* cls = nullptr) {
  if (lines.empty()) return;
  o << "<ul" << (cls ? std::string(" class=\"") + cls + "\"" : std::string()) << ">\n";
  for (const auto& l : lines) o << "<li>" << html_escape(l) << "</li>\n";
  o << "</ul>\n";
}

// A verdict decided by items that are not listed on their own (hidden helpers).
std::string unlisted_reason(const CheckResult& result, size_t v) {
  std::string why = result.missing_items_zh(v);
  return why.empty() ? "由未单独列出的辅助项决定（规则中 visible = false 的项目）" : why;
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

}  // namespace

Result<std::string> check_report_html(const Workspace& ws, const CheckResult& result, const ReportOptions& opts) {
  std::string map_uri;
  if (!opts.map_png.empty()) {
    auto uri = map_data_uri(opts.map_png);
    if (!uri) return tl::unexpected(uri.error());
    map_uri = std::move(*uri);
  }
  const auto& rules = result.rules;
  const auto& items = rules.items;
  const auto& cs = result.county_summary;
  const std::string county = result.county.empty() ? ws.name : result.county;
  std::ostringstream o;
  o << "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\n<title>" << html_escape(county)
    << " 贫困村出列检查 / Village exit check</title>\n"
    << k_style << "</head><body>\n";
  o << "<h1>" << html_escape(county) << " 贫困村出列检查<small>Village exit check</small></h1>\n";
  o << "<p class=\"meta\">规则 / Rule set: " << html_escape(rules.name_zh) << " (" << html_escape(rules.id) << ")；坐标系 / CRS: "
    << html_escape((result.crs.empty() ? ws.metric_crs : result.crs).label()) << "</p>\n";

  // ---- county summary
  o << "<h2>全县概况<small>County summary</small></h2>\n<table><tr><th>村数 Villages</th><th>可出列 May exit</th>"
       "<th>不可出列 Cannot exit</th><th>数据不全 Data missing</th><th></th></tr>\n<tr><td class=n>"
    << cs.villages << "</td><td class=n><span class=exit>" << cs.exit << "</span> (" << pct(cs.exit, cs.villages)
    << ")</td><td class=n><span class=fail>" << cs.fail << "</span> (" << pct(cs.fail, cs.villages) << ")</td><td class=n><span class=unknown>"
    << cs.unknown << "</span> (" << pct(cs.unknown, cs.villages) << ")</td><td>" << bar(cs.exit, cs.fail, cs.unknown) << "</td></tr></table>\n";

  // ---- per item
  o << "<h2>各项达标情况<small>Pass rate per item</small></h2>\n<table><tr><th>项目 Item</th><th>达标 Pass</th><th>不达标 Fail</th>"
       "<th>未知 Unknown</th><th>达标率 Rate</th><th></th></tr>\n";
  for (size_t i = 0; i < items.size(); ++i) {
    const Item& it = items[i];
    if (!it.visible) continue;
    const size_t p = at(cs.item_pass, i), f = at(cs.item_fail, i), u = at(cs.item_unknown, i);
    o << "<tr><td>" << html_escape(it.name_zh) << (it.in_net4 ? "<span class=tag>四网</span>" : "") << (it.in_jiuyou ? "<span class=tag>九有</span>" : "")
      << (it.required ? "" : "<span class=tag>参考</span>") << "<br><span class=meta>" << html_escape(it.name_en) << "</span></td><td class=n>" << p
      << "</td><td class=n>" << f << "</td><td class=n>" << u << "</td><td class=n>" << pct(p, cs.villages) << "</td><td>" << bar(p, f, u)
      << "</td></tr>\n";
  }
  o << "</table>\n<p class=meta>绿: 达标 / 红: 不达标 / 灰: 未知. 标“参考”的项目只作参考，不决定出列。</p>\n";

  // ---- map
  if (!map_uri.empty())
    o << "<h2>地图<small>Map</small></h2>\n<div class=map><img alt=\"" << html_escape(county) << " 出列检查地图\" src=\"" << map_uri
      << "\"></div>\n<p class=meta>绿: 可出列 / 红: 不可出列 / 灰: 数据不全</p>\n";

  // ---- townships
  o << "<h2>乡镇汇总<small>Townships</small></h2>\n<table><tr><th>乡镇 Township</th><th>村数</th><th>可出列</th><th>不可出列</th>"
       "<th>数据不全</th><th>出列率</th><th></th></tr>\n";
  for (const auto& s : result.townships)
    o << "<tr><td>" << html_escape(s.township) << "</td><td class=n>" << s.villages << "</td><td class=n>" << s.exit << "</td><td class=n>"
      << s.fail << "</td><td class=n>" << s.unknown << "</td><td class=n>" << pct(s.exit, s.villages) << "</td><td>"
      << bar(s.exit, s.fail, s.unknown) << "</td></tr>\n";
  o << "</table>\n";

  // ---- villages that cannot exit
  o << "<h2>不可出列的村<small>Villages that cannot exit, and what each lacks</small></h2>\n";
  size_t failing = 0, failing_more = 0;
  const auto more_note = [&](size_t shown, size_t more) {
    if (more == 0) return;
    o << "<p class=advisory>以上列出前 " << shown << " 个村，另有 " << more
      << " 个村未列出；完整清单见 result.xlsx（村庄表）和 result.gpkg。The first " << shown << " are listed; " << more
      << " more are in result.xlsx and result.gpkg.</p>\n";
  };
  for (size_t v = 0; v < result.village_count; ++v) {
    if (v >= result.verdict.size() || result.verdict[v] != Outcome::fail) continue;
    if (opts.html_village_limit > 0 && failing >= opts.html_village_limit) {
      ++failing_more;
      continue;
    }
    ++failing;
    o << "<div class=village>" << village_heading(ws, result, v);
    auto lacks = village_lacks_zh(result, v, Outcome::fail, true);
    if (lacks.empty()) lacks.push_back(unlisted_reason(result, v));
    list(o, lacks);
    auto advisory = village_lacks_zh(result, v, Outcome::fail, false);
    for (auto& a : advisory) a = "参考项 — " + a;
    list(o, advisory, "advisory");
    o << "</div>\n";
  }
  if (failing == 0) o << "<p>无。None.</p>\n";
  more_note(failing, failing_more);

  // ---- villages with missing data
  o << "<h2>数据不全的村<small>Villages with unknown items, and the data that is missing</small></h2>\n";
  size_t unknown = 0, unknown_more = 0;
  for (size_t v = 0; v < result.village_count; ++v) {
    const Outcome verdict = v < result.verdict.size() ? result.verdict[v] : Outcome::unknown;
    auto missing = village_lacks_zh(result, v, Outcome::unknown, true);
    auto advisory = village_lacks_zh(result, v, Outcome::unknown, false);
    if (verdict == Outcome::unknown && missing.empty()) missing.push_back(unlisted_reason(result, v));
    if (missing.empty() && advisory.empty()) continue;
    if (opts.html_village_limit > 0 && unknown >= opts.html_village_limit) {
      ++unknown_more;
      continue;
    }
    ++unknown;
    o << "<div class=village>" << village_heading(ws, result, v);
    if (verdict == Outcome::pass) o << "<p class=advisory>可出列；以下参考项数据缺失。May exit; advisory items lack data.</p>\n";
    if (verdict == Outcome::fail) o << "<p class=advisory>不可出列（缺项见上）；另有以下数据缺失。Cannot exit (see above); these data are missing too.</p>\n";
    list(o, missing);
    for (auto& a : advisory) a = "参考项 — " + a;
    list(o, advisory, "advisory");
    o << "</div>\n";
  }
  if (unknown == 0) o << "<p>无。None.</p>\n";
  more_note(unknown, unknown_more);
  if (!result.notes.empty()) {
    o << "<h3>检查说明 / Notes</h3>\n<ul>\n";
    for (const auto& issue : result.notes.entries()) o << "<li>" << html_escape(issue.message.empty() ? IssueLog::format(issue) : issue.message) << "</li>\n";
    o << "</ul>\n";
  }

  // ---- rule set
  o << "<h2>规则说明<small>Rule set</small></h2>\n<p><b>" << html_escape(rules.name_zh) << "</b> / " << html_escape(rules.name_en) << "</p>\n"
    << "<p>依据 Source: " << html_escape(rules.source) << "</p>\n";
  if (!rules.note.empty()) o << "<p>说明 Note: " << html_escape(rules.note) << "</p>\n";
  o << "<p class=meta>所有决定出列的项目达标为可出列；任一项不达标为不可出列；否则为数据不全。A village may exit when every deciding item "
       "passes, cannot when one fails, and is undecided otherwise.</p>\n";
  o << "<table><tr><th>项目 Item</th><th>分组</th><th>类型</th><th>标准 Standard</th><th>决定出列</th><th>来源 Source</th></tr>\n";
  for (const auto& it : items) {
    if (!it.visible) continue;
    o << "<tr><td>" << html_escape(it.name_zh) << " <span class=meta>(" << html_escape(it.id) << ")</span></td><td>" << detail::group_zh(it.group)
      << "</td><td>" << detail::kind_zh(it.kind) << "</td><td>" << html_escape(threshold_zh(rules, it)) << "</td><td>" << (it.required ? "是" : "参考") << "</td><td>" << html_escape(it.source)
      << "</td></tr>\n";
  }
  o << "</table>\n</body></html>\n";
  return o.str();
}

}  // namespace jiuyou::report
