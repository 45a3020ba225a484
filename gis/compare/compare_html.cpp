// compare.html: pass rate per item by year, exit-ready villages per township
// by year (small multiples), the verdict transition matrix, the alert list and
// the villages not matched by code. Inline SVG; no script.
#include <algorithm>
#include <map>
#include <sstream>

#include "gis/compare/compare_report.hpp"
#include "gis/compare/year_differences.hpp"
#include "gis/report/html_page.hpp"
#include "gis/util/text.hpp"

namespace jiuyou::compare {

namespace {

using indicators::Outcome;
using report::html_escape;
using report::table_head;
using report::td;
using report::td_num;

constexpr size_t k_max_rows = 500;  // per listed section; the workbook has every row
// Up to three years light to dark blue; more years one distinct colour each (a repeated shade would make two years one).
constexpr const char* k_year_blues[] = {"#9ecae1", "#4292c6", "#08519c"};
constexpr const char* k_year_colours[] = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"};

const char* year_colour(size_t y, size_t years) {
  if (years <= std::size(k_year_blues)) return k_year_blues[y];
  return k_year_colours[y % std::size(k_year_colours)];
}

// Characters of a UTF-8 text (a CJK label's width in the font's em).
size_t utf8_chars(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

// The hatching of a year that could not judge (数据不全, 无法比较): grey, never a year's colour.
// One pattern per page (ids are the page's): defined in the first chart that needs it, an empty SVG for the townships'.
constexpr const char* k_gap_fill = "url(#gap)";
constexpr const char* k_gap_pattern =
    "<defs><pattern id=\"gap\" width=\"4\" height=\"4\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
    "<rect width=\"4\" height=\"4\" fill=\"#eeeeee\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"4\" stroke=\"#969696\" stroke-width=\"1.5\"/></pattern></defs>\n";

void legend(std::ostringstream& o, const CompareDocument& doc, bool gaps = false) {
  o << "<p>";
  for (size_t y = 0; y < doc.years.size(); ++y)
    o << "<span style=\"display:inline-block;width:12px;height:12px;background:" << year_colour(y, doc.years.size()) << "\"></span> "
      << html_escape(year_name(doc.years[y].label)) << " &nbsp; ";
  if (gaps)
    o << "<span style=\"display:inline-block;width:12px;height:12px;border:1px solid #969696;"
         "background:repeating-linear-gradient(45deg,#eeeeee 0 2px,#969696 2px 3px)\"></span> 数据不全或无法比较（该年未能判断，不是 0 %）";
  o << "</p>\n";
}

// Whether an item's line differs in some year from the last year's (its rate moves with the line: tour 12 L11).
bool rule_moved(const CompareDocument& doc, const indicators::Item& last) {
  const auto& rb = doc.years.back().result.rules;
  for (const YearData& y : doc.years) {
    const indicators::Item* it = counterpart(y.result.rules, rb, last);
    if (it != nullptr && (it->required != last.required || !same_rule(y.result.rules, *it, rb, last))) return true;
  }
  return false;
}

// A year's standard by name, and by file where another year's file has the same id but other content (tour 12 L11).
std::string standard_named(const CompareDocument& doc, const YearData& y) {
  std::string out = "标准“" + y.result.rules.name_zh + "”";
  for (const YearData& other : doc.years)
    if (other.result.rules.id == y.result.rules.id && !same_standard(other.result.rules, y.result.rules))
      return out + "（规则文件 " + (y.result.rules.file.empty() ? y.result.rules.id : y.result.rules.file) + "，与其他年份同名但条件不同）";
  return out;
}

// Whether a bar's unjudged villages (数据不全) are enough to say beside its number: 5 % of the year's villages or more.
bool many_unknown(const YearRate& r, const YearData& y) { return r.unknown > 0 && r.unknown * 20 >= y.result.village_count; }

void item_rates(std::ostringstream& o, const CompareDocument& doc, bool& pattern_defined) {
  const YearData& last = doc.years.back();
  const std::vector<MissingField> missing = missing_fields(doc);
  std::vector<const indicators::Item*> items;
  for (const auto& it : last.result.rules.items)
    if (it.visible) items.push_back(&it);
  size_t longest = 0;
  std::vector<std::string> labels;
  std::vector<std::vector<YearRate>> rates;
  bool gaps = false, unknowns = false;
  for (const auto* it : items) {
    labels.push_back(it->name_zh + (rule_moved(doc, *it) ? "（条件有变，见说明）" : ""));
    rates.emplace_back();
    for (size_t y = 0; y < doc.years.size(); ++y) {
      rates.back().push_back(year_rate(doc, y, missing, *it));
      gaps = gaps || !rates.back().back().gap.empty();
      unknowns = unknowns || many_unknown(rates.back().back(), doc.years[y]);
    }
  }
  for (const auto& label : labels) longest = std::max(longest, utf8_chars(label));
  const double bar = 10, group = bar * static_cast<double>(doc.years.size()) + 8, width = 420;
  const double left = std::max(190.0, 11.5 * static_cast<double>(longest) + 14);  // the longest name whole, never clipped
  o << "<h2>各指标达标率（按年度）</h2>\n";
  legend(o, doc, gaps);
  o << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << left + width + (unknowns ? 200 : 60) << "\" height=\"" << group * static_cast<double>(items.size()) + 10
    << "\" font-size=\"11\">\n" << (gaps && !pattern_defined ? k_gap_pattern : "");
  pattern_defined = pattern_defined || gaps;
  for (size_t i = 0; i < items.size(); ++i) {
    const double y0 = group * static_cast<double>(i) + 4;
    o << "<text x=\"" << left - 6 << "\" y=\"" << y0 + group / 2 << "\" text-anchor=\"end\">" << html_escape(labels[i]) << "</text>\n";
    for (size_t y = 0; y < doc.years.size(); ++y) {
      const YearRate& r = rates[i][y];
      const double yy = y0 + bar * static_cast<double>(y);
      const std::string year = html_escape(year_name(doc.years[y].label));
      if (!r.gap.empty()) {  // no bar, no number: the year could not judge (tour 13 M8 follow-up)
        o << "<rect x=\"" << left << "\" y=\"" << yy << "\" width=\"18\" height=\"" << bar - 1 << "\" fill=\"" << k_gap_fill
          << "\" stroke=\"#969696\" stroke-width=\"0.5\"><title>" << year << " " << html_escape(r.gap) << "</title></rect>"
          << "<text x=\"" << left + 22 << "\" y=\"" << yy + bar - 2 << "\" font-size=\"9\" fill=\"#525252\">" << year << " " << html_escape(r.gap) << "</text>\n";
        continue;
      }
      const std::string unknown = r.unknown > 0 ? "（另有 " + std::to_string(r.unknown) + " 个村数据不全）" : std::string();
      const std::string shown = many_unknown(r, doc.years[y]) ? unknown : std::string();  // a village or two: in the tooltip only
      o << "<rect x=\"" << left << "\" y=\"" << yy << "\" width=\"" << util::fixed(r.rate * width, 1) << "\" height=\"" << bar - 1 << "\" fill=\""
        << year_colour(y, doc.years.size()) << "\"><title>" << year << " " << util::fixed(r.rate * 100, 1) << "%" << unknown << "</title></rect>"
        << "<text x=\"" << left + r.rate * width + 3 << "\" y=\"" << yy + bar - 2 << "\" font-size=\"9\">" << util::fixed(r.rate * 100, 0) << "%" << shown << "</text>\n";
    }
  }
  o << "</svg>\n";
}

// Why a year's exit count is no count: a layer a required item reads missing or empty that year ("" when none).
std::string exit_gap(const CompareDocument& doc, size_t y) {
  for (const indicators::Item& it : doc.years[y].result.rules.items)
    if (it.required)
      if (std::string gap = year_layer_gap(doc, y, it); !gap.empty()) return gap;
  return {};
}

// "可出列 2023 年 180 村 → 2024 年 176 村": the count each year states, on page 1 (tour 10 H15); a year whose
// required item read an empty or missing layer says so beside its count.
std::string exit_ready_by_year(const CompareDocument& doc) {
  std::string out = "可出列";
  for (size_t i = 0; i < doc.years.size(); ++i) {
    const YearData& y = doc.years[i];
    const auto n = static_cast<size_t>(std::count(y.result.verdict.begin(), y.result.verdict.end(), Outcome::pass));
    const std::string gap = exit_gap(doc, i);
    out += (i == 0 ? " " : " → ") + year_name(y.label) + " " + std::to_string(n) + " 村" + (gap.empty() ? "" : "（数据不全：" + gap + "，不能据此比较）");
  }
  return out;
}

// Exit-ready villages per township and year: township -> per year (exit, villages).
std::map<std::string, std::vector<std::pair<size_t, size_t>>> township_exits(const CompareDocument& doc) {
  std::map<std::string, std::vector<std::pair<size_t, size_t>>> out;
  for (size_t y = 0; y < doc.years.size(); ++y) {
    const YearData& yd = doc.years[y];
    for (size_t v = 0; v < yd.result.village_count; ++v) {
      auto& counts = out[township_key(yd, static_cast<int>(v))];  // by county and township (tour 10 H9)
      counts.resize(doc.years.size());
      counts[y].first += yd.result.verdict[v] == Outcome::pass ? 1 : 0;
      ++counts[y].second;
    }
  }
  return out;
}

// When half the townships or more have no exit-ready village in any year, rows of
// "0 0 0" with hairline bars say nothing: a table of exit-ready / villages does.
bool mostly_zero(const std::map<std::string, std::vector<std::pair<size_t, size_t>>>& towns) {
  size_t zero = 0;
  for (const auto& [t, counts] : towns)
    zero += std::all_of(counts.begin(), counts.end(), [](const auto& c) { return c.first == 0; }) ? 1 : 0;
  return zero * 2 >= towns.size();
}

// Each township key in words, by the latest year whose villages name it: an abolished
// township by its name of the years it existed, not its code (tour 11 K1).
std::map<std::string, std::string> township_names_by_key(const CompareDocument& doc) {
  const std::map<std::string, std::string> counties = document_counties(doc);
  std::map<std::string, std::string> out;
  for (size_t y = doc.years.size(); y-- > 0;)
    for (size_t v = 0; v < doc.years[y].result.village_count; ++v) {
      const std::string key = township_key(doc.years[y], static_cast<int>(v));
      if (out.count(key) == 0) out.emplace(key, township_key_name(doc.years[y], counties, key));
    }
  return out;
}

void township_table(std::ostringstream& o, const CompareDocument& doc, const std::map<std::string, std::vector<std::pair<size_t, size_t>>>& towns) {
  const std::map<std::string, std::string> names = township_names_by_key(doc);
  o << "<p>半数以上乡镇各年都没有可出列的村，下表列出各乡镇可出列村数 / 村数。</p>\n<table><thead><tr><th>乡镇</th>";
  for (size_t y = 0; y < doc.years.size(); ++y)
    o << "<th>" << html_escape(year_name(doc.years[y].label)) << (exit_gap(doc, y).empty() ? "" : "（数据不全）") << "</th>";
  o << "</tr></thead><tbody>\n";
  for (const auto& [town, counts] : towns) {
    o << "<tr>" << td(names.at(town));
    for (const auto& c : counts) o << td_num(c.second == 0 ? std::string("—") : std::to_string(c.first) + " / " + std::to_string(c.second));
    o << "</tr>\n";
  }
  o << "</tbody></table>\n";
}

// The years whose exit counts are no counts (a required item's layer missing or empty), said above the townships.
std::vector<bool> exit_gaps(std::ostringstream& o, const CompareDocument& doc) {
  std::vector<bool> out;
  for (size_t y = 0; y < doc.years.size(); ++y) {
    const std::string gap = exit_gap(doc, y);
    out.push_back(!gap.empty());
    if (!gap.empty())
      o << "<p>" << html_escape(year_name(doc.years[y].label)) << "数据不全（" << html_escape(gap) << "）：该年各乡镇的可出列村数不能与其他年份比较。</p>\n";
  }
  return out;
}

void township_multiples(std::ostringstream& o, const CompareDocument& doc, bool& pattern_defined) {
  o << "<h2>各乡镇可出列村数（按年度）</h2>\n";
  const auto towns = township_exits(doc);
  const std::vector<bool> gap = exit_gaps(o, doc);
  if (mostly_zero(towns)) return township_table(o, doc, towns);
  const bool any = std::find(gap.begin(), gap.end(), true) != gap.end();
  if (any && !pattern_defined) o << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"0\" height=\"0\" style=\"position:absolute\">" << k_gap_pattern << "</svg>\n";
  pattern_defined = pattern_defined || any;
  legend(o, doc, any);
  const std::map<std::string, std::string> names = township_names_by_key(doc);
  size_t most = 1;
  for (const auto& [t, counts] : towns)
    for (const auto& c : counts) most = std::max(most, c.first);  // bars to the most exit-ready, not to the most villages
  const double h = 60, bw = 16;
  o << "<div style=\"display:flex;flex-wrap:wrap;gap:10px\">\n";
  for (const auto& [town, counts] : towns) {
    o << "<figure style=\"margin:0\"><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << bw * static_cast<double>(counts.size()) + 20
      << "\" height=\"" << h + 14 << "\" font-size=\"9\">";
    for (size_t y = 0; y < counts.size(); ++y) {
      const double bh = h * static_cast<double>(counts[y].first) / static_cast<double>(most);
      const std::string count = std::to_string(counts[y].first) + " / " + std::to_string(counts[y].second) + (gap[y] ? "（数据不全）" : "");
      o << "<rect x=\"" << 10 + bw * static_cast<double>(y) << "\" y=\"" << h - bh << "\" width=\"" << bw - 2 << "\" height=\"" << bh << "\" fill=\""
        << (gap[y] ? k_gap_fill : year_colour(y, doc.years.size())) << "\"><title>" << html_escape(year_name(doc.years[y].label)) << "：" << html_escape(count)
        << "</title></rect><text x=\"" << 10 + bw * static_cast<double>(y) << "\" y=\"" << h + 11 << "\">"
        << (gap[y] ? std::string("—") : std::to_string(counts[y].first)) << "</text>";  // a year that could not judge: no count to compare
    }
    o << "</svg><figcaption style=\"font-size:10px\">" << html_escape(names.at(town)) << "</figcaption></figure>\n";
  }
  o << "</div>\n";
}

void transition_matrix(std::ostringstream& o, const CompareDocument& doc, size_t k) {
  const Comparison& cmp = doc.comparisons[k];
  const Outcome order[] = {Outcome::pass, Outcome::fail, Outcome::unknown};
  const char* words[] = {"可出列", "不可出列", "数据不全"};
  size_t m[4][4] = {};  // index 3: not in that year
  for (const VillageMatch& p : cmp.match.pairs) {
    auto idx = [&](const YearData& y, int row) -> size_t {
      if (row < 0) return 3;
      return static_cast<size_t>(std::find(std::begin(order), std::end(order), y.result.verdict[static_cast<size_t>(row)]) - std::begin(order));
    };
    ++m[idx(doc.years[k], p.a_row)][idx(doc.years[k + 1], p.b_row)];
  }
  size_t most = 1;
  for (auto& row : m)
    for (size_t c : row) most = std::max(most, c);
  const double cell = 78, left = 110, top = 40;
  o << "<h3>" << html_escape(year_name(cmp.a_label)) << " → " << html_escape(year_name(cmp.b_label)) << "：出列结论的变化（行：前一年，列：后一年）</h3>\n"
    << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << left + 4 * cell + 10 << "\" height=\"" << top + 4 * cell + 10 << "\" font-size=\"12\">\n";
  const char* heads[] = {"可出列", "不可出列", "数据不全", "不存在"};
  for (size_t j = 0; j < 4; ++j) {
    o << "<text x=\"" << left + cell * (static_cast<double>(j) + 0.5) << "\" y=\"" << top - 8 << "\" text-anchor=\"middle\">" << heads[j] << "</text>";
    o << "<text x=\"" << left - 8 << "\" y=\"" << top + cell * (static_cast<double>(j) + 0.5) << "\" text-anchor=\"end\">" << (j < 3 ? words[j] : "不存在") << "</text>\n";
  }
  for (size_t i = 0; i < 4; ++i)
    for (size_t j = 0; j < 4; ++j) {
      const double share = static_cast<double>(m[i][j]) / static_cast<double>(most);
      const bool alert = i == 0 && j != 0;
      o << "<rect x=\"" << left + cell * static_cast<double>(j) << "\" y=\"" << top + cell * static_cast<double>(i) << "\" width=\"" << cell - 2
        << "\" height=\"" << cell - 2 << "\" fill=\"" << (alert ? "#cb181d" : "#2171b5") << "\" fill-opacity=\"" << util::fixed(0.08 + 0.8 * share, 2)
        << "\"/><text x=\"" << left + cell * (static_cast<double>(j) + 0.5) << "\" y=\"" << top + cell * (static_cast<double>(i) + 0.55)
        << "\" text-anchor=\"middle\" font-weight=\"bold\">" << m[i][j] << "</text>\n";
    }
  o << "</svg>\n<p>红色格：前一年可出列、后一年不可出列或数据不全（返贫风险）。</p>\n";
  const ExitChanges c = exit_changes(doc.years[k], doc.years[k + 1], cmp);
  if (c.gained_standard + c.lost_standard > 0)
    o << "<p>两年标准不同：上表中 " << c.gained_standard + c.lost_standard << " 个村的出列结论变化只因标准不同（两年都有的分项都未变），不是实地变化"
      << "（新可出列 " << c.gained_standard << " 个，不再可出列 " << c.lost_standard << " 个）。</p>\n";
}

// A short cell kept on one line (乡镇, 严重程度: never one character per line beside long causes).
std::string nowrap(std::string_view text) { return "<td style=\"white-space:nowrap\">" + html_escape(text) + "</td>"; }

void alert_table(std::ostringstream& o, const std::vector<Alert>& alerts, bool counties) {
  o << "<h2>返贫风险与待核实清单（" << html_escape(alert_counts(alerts)) << "）</h2>\n"
    << "<p>由达标变为不达标的，以及由达标变为数据不全、无法确认的（后者可能掩盖了变化，须补齐数据后核实）。"
       "“待乡镇核实”：村拆分、合并或范围调整后，按新范围量算的距离有变化而去年那处设施或道路仍在、属性未变，不列为返贫风险，请乡镇核实。</p>\n";
  if (alerts.empty()) {
    o << "<p>没有由达标变为不达标或数据不全的村。</p>\n";
    return;
  }
  o << "<table><thead><tr><th style=\"white-space:nowrap\">严重程度</th>" << (counties ? "<th style=\"white-space:nowrap\">县</th>" : "")
    << "<th style=\"white-space:nowrap\">乡镇</th><th>村</th><th>变化</th>"
       "<th>变化原因</th><th style=\"min-width:9em\">回访核实</th></tr></thead><tbody>\n";
  for (size_t i = 0; i < alerts.size() && i < k_max_rows; ++i) {
    const Alert& a = alerts[i];
    o << "<tr>" << nowrap(severity_zh(a.severity)) << (counties ? nowrap(a.county) : std::string()) << nowrap(a.township) << td(a.village + " " + a.code) << td(a.what) << td(a.cause) << td(a.verify)
      << "</tr>\n";
  }
  o << "</tbody></table>\n";
  if (alerts.size() > k_max_rows) o << "<p>另有 " << alerts.size() - k_max_rows << " 条见 回头看.xlsx。</p>\n";
}

void match_section(std::ostringstream& o, const CompareDocument& doc) {
  o << "<h2>村的匹配</h2>\n<table>" << table_head({"时段", "按代码", "按对照表或代码表", "按位置（请核实）", "消失", "新出现"}) << "<tbody>\n";
  for (const Comparison& c : doc.comparisons)
    o << "<tr>" << td(c.a_label + "→" + c.b_label) << td_num(std::to_string(c.match.by_code)) << td_num(std::to_string(c.match.by_crosswalk))
      << td_num(std::to_string(c.match.by_geometry)) << td_num(std::to_string(c.match.disappeared)) << td_num(std::to_string(c.match.appeared))
      << "</tr>\n";
  o << "</tbody></table>\n<ul>\n";
  size_t n = 0;
  for (const Comparison& c : doc.comparisons)
    for (const VillageMatch& m : c.match.pairs)
      if (m.how != MatchHow::code && m.how != MatchHow::county_code && n++ < k_max_rows) o << "<li>" << html_escape(match_zh(m)) << "：" << html_escape(m.note) << "</li>\n";
  o << "</ul>\n";
}

}  // namespace

Result<void> write_compare_html(const std::string& path, const CompareDocument& doc, const std::vector<Alert>& alerts) {
  std::ostringstream o;
  const std::string county = doc.years.back().ws.name;
  o << "<h1>" << html_escape(compare_title(doc)) << "</h1>\n<div class=\"summary\"><ul>\n";
  for (const YearData& y : doc.years)
    o << "<li>" << html_escape(year_name(y.label)) << "：" << y.result.village_count << " 个村，" << html_escape(standard_named(doc, y)) << "</li>\n";
  o << "<li>" << html_escape(exit_ready_by_year(doc)) << "</li>\n";
  for (const MissingField& m : missing_fields(doc)) o << "<li><strong>" << html_escape(m.text()) << "</strong></li>\n";
  o << "<li>" << html_escape(alert_counts(alerts)) << "</li>\n";
  for (size_t k = 0; k < doc.comparisons.size(); ++k)
    o << "<li>" << html_escape(exit_changes_zh(doc.comparisons[k], exit_changes(doc.years[k], doc.years[k + 1], doc.comparisons[k]))) << "</li>\n";
  for (const auto& n : doc.notes) o << "<li>" << html_escape(n) << "</li>\n";
  for (const Comparison& c : doc.comparisons)
    for (const auto& n : c.notes) o << "<li>" << html_escape(c.a_label + "→" + c.b_label + "：" + n) << "</li>\n";
  o << "</ul></div>\n";
  bool pattern_defined = false;
  item_rates(o, doc, pattern_defined);
  township_multiples(o, doc, pattern_defined);
  o << "<h2>出列结论的变化</h2>\n";
  for (size_t k = 0; k < doc.comparisons.size(); ++k) transition_matrix(o, doc, k);
  alert_table(o, alerts, document_counties(doc).size() > 1);
  match_section(o, doc);
  return report::write_text_file(path, report::html_page(county + " 回头看", o.str()));
}

}  // namespace jiuyou::compare
