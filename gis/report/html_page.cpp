#include "gis/report/html_page.hpp"

#include <cstdio>

namespace jiuyou::report {
namespace {

constexpr const char* k_stylesheet = R"(
@page{size:A4;margin:14mm 12mm 16mm}
*{box-sizing:border-box}
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","PingFang SC","WenQuanYi Micro Hei",sans-serif;margin:1.5em auto;max-width:186mm;color:#222;line-height:1.45;font-size:13px}
h1{font-size:1.7em;margin:.1em 0 .2em}h2{font-size:1.25em;border-bottom:2px solid #9dc3e6;padding-bottom:.15em;margin:1.3em 0 .5em;break-after:avoid;page-break-after:avoid}
h3{font-size:1.05em;margin:.9em 0 .3em;break-after:avoid;page-break-after:avoid}
p{margin:.35em 0}
table{border-collapse:collapse;margin:.4em 0 .8em;width:100%}thead{display:table-header-group}
th,td{border:1px solid #aaa;padding:2px 6px;vertical-align:top;text-align:left}th{background:#ddebf7;font-weight:bold}
td.n,th.n{text-align:right;white-space:nowrap}tr{break-inside:avoid;page-break-inside:avoid}
.meta,.note{color:#555;font-size:.92em}.warn{color:#9c0006}
.scenario{background:#fff2cc;border:2px solid #bf9000;padding:.5em .8em;font-size:1.05em;-webkit-print-color-adjust:exact;print-color-adjust:exact}
.kpi{display:flex;gap:6px;margin:.4em 0}.kpi div{flex:1;border:1px solid #bbb;padding:4px 8px;text-align:center}
.kpi b{display:block;font-size:1.6em}
.bar{display:flex;width:100%;min-width:90px;height:11px;border:1px solid #999;background:#fff}
.bar span{display:block;height:100%}.p{background:#1a9641}.f{background:#d7191c}.u{background:#a0a0a0}
.exit{color:#1a7a33;font-weight:bold}.fail{color:#c0161a;font-weight:bold}.unknown{color:#666;font-weight:bold}
.tag{font-size:10px;border:1px solid #bbb;border-radius:3px;padding:0 3px;margin-left:3px;color:#444;white-space:nowrap}
.map{text-align:center}.map img{max-width:100%;max-height:120mm;border:1px solid #ccc}
.legend span{display:inline-block;margin-right:1em;white-space:nowrap}
.sw{display:inline-block;width:10px;height:10px;border:1px solid #666;margin-right:3px;vertical-align:middle}
.summary{break-after:page;page-break-after:always}
.cols{display:flex;gap:4mm;align-items:flex-start}.cols>div{flex:1;min-width:0}
.summary table{font-size:11px}.summary th,.summary td{padding:1px 4px}.summary h2{margin:.6em 0 .3em}
.page-break{break-before:page;page-break-before:always}
td ul{margin:0;padding-left:1.1em}td li{margin:0}
@media print{body{margin:0;max-width:none;font-size:10.5pt}.summary table{font-size:8pt}.summary .map img{max-height:80mm}.kpi b{font-size:1.3em}.summary h1{font-size:1.4em}.bar span,.sw,th,.kpi div{-webkit-print-color-adjust:exact;print-color-adjust:exact}a{color:inherit;text-decoration:none}}
)";

}  // namespace

const char* report_stylesheet() { return k_stylesheet; }

std::string html_page_head(std::string_view title) {
  std::string o = "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\n<title>";
  o += html_escape(title);
  o += "</title>\n<style>";
  o += k_stylesheet;
  o += "</style>\n</head><body>\n";
  return o;
}

std::string_view html_page_tail() { return "</body></html>\n"; }

std::string html_page(std::string_view title, std::string_view body) {
  std::string o;
  o.reserve(body.size() + 4096);
  o += html_page_head(title);
  o += body;
  o += html_page_tail();
  return o;
}

std::string table_head(std::initializer_list<std::string_view> headings) {
  return table_head(std::vector<std::string>(headings.begin(), headings.end()));
}

std::string table_head(const std::vector<std::string>& headings) {
  std::string o = "<thead><tr>";
  for (const auto& h : headings) o += "<th>" + html_escape(h) + "</th>";
  return o + "</tr></thead>\n";
}

std::string td(std::string_view text, bool numeric) { return (numeric ? "<td class=n>" : "<td>") + html_escape(text) + "</td>"; }

Result<void> write_text_file(const std::string& path, std::string_view content) {
  FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return error(ErrorCode::io, "cannot write the HTML report").file(path).hint("check that the folder is writable");
  const bool ok = std::fwrite(content.data(), 1, content.size(), f) == content.size();
  if (std::fclose(f) != 0 || !ok) return error(ErrorCode::io, "cannot write the HTML report").file(path).hint("check disk space");
  return {};
}

}  // namespace jiuyou::report
