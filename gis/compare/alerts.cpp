// The alert list of 回头看: every regression with what to verify on the visit.
#include <algorithm>
#include <set>
#include <tuple>

#include "gis/compare/compare_report.hpp"
#include "gis/io/codes.hpp"
#include "gis/report/labels.hpp"

namespace jiuyou::compare {

namespace {

using indicators::ItemKind;
using indicators::Outcome;

// What a reviewer checks on the visit, per kind of item.
std::string verify_for(ItemKind kind) {
  switch (kind) {
    case ItemKind::network_access: return "实地查看通村线路是否中断、损毁或降级，核实是否已安排修复";
    case ItemKind::coverage: return "现场测试信号与宽带，核实基站或光纤是否停用";
    case ItemKind::water_convenience: return "核实水源水质检测和供水设施运行情况，入户查看取水";
    case ItemKind::facility: return "核实设施是否仍在运营、人员（村医等）是否在岗";
    case ItemKind::attribute: return "核对两年台账数据的来源与口径，入户或查账核实";
    case ItemKind::all_of:
    case ItemKind::any_of: return "按所列分项逐一核实";
  }
  return {};
}

// "贫困人口参保率 1.3 大于 1，…" per field of the item the loader found implausible in the row and made unknown
// (value_set_unknown): such a value is in the file, so the row says 数据不合理, never 缺少 (tour 12 L3).
std::string implausible_values(const YearData& y, int row, const indicators::RuleSet& rules, const indicators::Item& item) {
  std::set<std::pair<std::string, std::string>> read;
  fields_read(rules, item, read);
  const FeatureTable& v = y.villages();
  if (row < 0 || static_cast<size_t>(row) >= v.size()) return {};
  const int64_t fid = v.fid[static_cast<size_t>(row)];
  std::string out;
  for (const Issue& i : y.ws.issues.entries())
    if (i.code == "value_set_unknown" && i.feature == fid && (i.layer == v.name || i.layer == io::target_layer) &&
        read.count({std::string(io::target_layer), i.field}) > 0)
      out += (out.empty() ? "" : "；") + report::label_of(i.field) + " " + i.message;
  return out;
}

// An exit-ready village the later year does not have (not by code, crosswalk
// or position): merged, renamed or forgotten, it is checked, never passed over.
Alert missing_village_alert(const CompareDocument& doc, size_t k, const VillageMatch& m) {
  const Comparison& cmp = doc.comparisons[k];
  const YearData& a = doc.years[k];
  Alert out{k, 0, -1, 3, village_township(a, m.a_row), village_field(a, "name", m.a_row), village_field(a, "code", m.a_row), {}, {}, {}, false, {}, {}, false};
  out.what = cmp.a_label + "→" + cmp.b_label + "：去年可出列，今年数据中没有此村";
  out.cause = year_name(cmp.b_label) + "村图层中没有代码 " + out.code + "，按对照表和位置也未找到对应的村";
  out.verify = "核实是否撤并、更名或漏报：撤并或更名的，在对照表中补上新旧代码后重新比较；漏报的，补齐该村数据后重新核查";
  return out;
}

// Last year's outcome of item `i` of the matched village.
Outcome a_outcome(const CompareDocument& doc, size_t k, const VillageMatch& m, size_t i) {
  return doc.years[k].result.cell(static_cast<size_t>(m.a_row), doc.comparisons[k].items[i].a_index).outcome;
}

// A 待乡镇核实 row (tour 11 K27): a split, merged or redrawn village whose distance moved with its new extent only. Not
// a 返贫风险 (the feature is still there, unchanged); the township confirms what the villagers use now.
Alert township_check_alert(const Alert& base, int item, std::string what, std::string cause, std::string verify) {
  Alert a = base;
  a.item = item;
  a.severity = 0;
  a.township_check = true;
  a.what = std::move(what);
  a.cause = std::move(cause);
  a.verify = std::move(verify);
  return a;
}

void add_village_alerts(const CompareDocument& doc, size_t k, const std::vector<MissingField>& missing, std::vector<Alert>& out) {
  const Comparison& cmp = doc.comparisons[k];
  const YearData& b = doc.years[k + 1];
  const std::string period = cmp.a_label + "→" + cmp.b_label + "：";
  for (const VillageTransition& vt : cmp.villages) {
    const VillageMatch& m = cmp.match.pairs[vt.pair];
    if (m.a_row >= 0 && m.b_row < 0 && vt.overall == Transition::regressed) {
      out.push_back(missing_village_alert(doc, k, m));
      out.back().pair = vt.pair;
    }
    if (m.a_row < 0 || m.b_row < 0) continue;
    Alert base{k, vt.pair, -1, 3, village_township(b, m.b_row), village_field(b, "name", m.b_row), village_field(b, "code", m.b_row), {}, {}, {}, false, {}, {}, false};
    std::string lost, boundary;
    bool boundary_known = false;
    // A merged, split or moved village: its figures are another extent's; the visit checks the merged 台账 first.
    const auto merged_first = [&](const std::string& verify) {
      if (!boundary_known) boundary = boundary_change(doc.years[k], b, cmp, m);
      boundary_known = true;
      if (boundary.empty()) return verify;
      if (boundary.find("拆分（") != std::string::npos)  // a split's figures are divided, not summed (tour 13 M10)
        return "先核对本村 " + year_name(b.label) + "拆分后的台账（原村的数据是否已按新范围分开），确认变化来自拆分而非实际下降；再" + verify;
      return "先核对本村 " + year_name(b.label) + "合并或调整后的台账（原各村的数据是否已按新范围合计），确认变化来自合并或调整而非实际下降；再" + verify;
    };
    bool asked = false;
    const std::string ask = "请乡镇核实本村村民现在就近使用的设施和道路是否仍是去年那处、是否方便到达；属实的，不作返贫风险";
    for (size_t i = 0; i < cmp.items.size(); ++i) {
      const Transition t = vt.items[i].transition;
      const auto& item = b.result.rules.items[cmp.items[i].b_index];
      // A pass lost only with the new extent: for the township to confirm (a gain or a gap moved so is no row).
      if (t == Transition::by_input && vt.items[i].ask_township && a_outcome(doc, k, m, i) == Outcome::pass &&
          b.result.cell(static_cast<size_t>(m.b_row), cmp.items[i].b_index).outcome != Outcome::pass) {
        out.push_back(township_check_alert(base, static_cast<int>(i), period + item.name_zh + " 按新村范围由达标变为不达标", vt.items[i].cause,
                                           merged_first(ask)));
        out.back().item_name = item.name_zh;
        asked = true;
        continue;
      }
      if (t != Transition::regressed && t != Transition::unverified) continue;
      Alert a = base;
      a.item = static_cast<int>(i);
      a.item_name = item.name_zh;
      a.severity = cmp.items[i].required ? 2 : 1;  // a deciding item unverified is 中 too: 低 is 参考指标 (tour 11 K31)
      if (t == Transition::regressed) {
        a.what = period + item.name_zh + " 由达标变为不达标";
        a.cause = vt.items[i].cause;
        a.verify = merged_first(verify_for(item.kind));
      } else {  // the data no longer tells: the item may have fallen, so it is checked, not assumed
        a.unverified = true;
        a.what = period + item.name_zh + " 由达标变为无法判断（数据不全）";
        a.verify = merged_first("补齐或核对该项数据后重新核查；" + verify_for(item.kind));
        const MissingField* f = missing_field_of(missing, k, item.name_zh);
        const std::string implausible = f == nullptr ? implausible_values(b, m.b_row, b.result.rules, item) : std::string();
        if (!boundary_known) boundary = boundary_change(doc.years[k], b, cmp, m);
        boundary_known = true;
        a.cause = boundary + unverified_reason(doc, k, missing, m, i);
        if (!implausible.empty()) a.verify = merged_first("核对 " + year_name(b.label) + "填报的该项数据（数据不合理）并改正后重新核查");
        if (f != nullptr && f->empty)  // a layer delivered with no feature (tour 13 M8)
          a.verify = merged_first("检查 " + year_name(b.label) + "的数据文件 " + f->file + " 中的" + layer_zh(f->layer) + "图层，补齐后重新核查");
        else if (f != nullptr)
          a.verify = merged_first("检查 " + year_name(b.label) + "项目文件的" + (f->field.empty() ? "图层（[layers." + f->layer + "]）" : std::string("字段对应或数据表的列名")) +
                                  "，补齐后重新核查");
      }
      if (cmp.items[i].required) lost += (lost.empty() ? "" : "、") + item.name_zh;
      out.push_back(std::move(a));
    }
    if (asked && vt.overall == Transition::by_input && doc.years[k].result.verdict[static_cast<size_t>(m.a_row)] == Outcome::pass &&
        b.result.verdict[static_cast<size_t>(m.b_row)] != Outcome::pass) {
      if (!boundary_known) boundary = boundary_change(doc.years[k], b, cmp, m);
      out.push_back(township_check_alert(base, -1, period + "去年可出列，今年按新村范围不可出列（拆分、合并或范围调整）", boundary + "见各分项", merged_first(ask)));
    }
    if (vt.overall == Transition::regressed) {
      base.what = period + "去年可出列，今年不可出列" + (lost.empty() ? std::string() : "（" + lost + "）");
      base.verify = merged_first("逐项核实下列分项，评估返贫风险，纳入防止返贫监测");
      base.cause = boundary + (lost.empty() ? "决定出列的指标变化，见分项" : "见各分项");
      out.push_back(std::move(base));
    } else if (vt.overall == Transition::unverified) {
      base.severity = 2;
      base.unverified = true;
      base.what = period + "去年可出列，今年数据不全，无法确认仍可出列" + (lost.empty() ? std::string() : "（" + lost + "）");
      base.verify = merged_first("先补齐数据再核查；补齐前不应视为仍可出列");
      base.cause = boundary + "见各分项";
      out.push_back(std::move(base));
    }
  }
}

}  // namespace

std::string unverified_reason(const CompareDocument& doc, size_t k, const std::vector<MissingField>& missing, const VillageMatch& m, size_t i) {
  const Comparison& cmp = doc.comparisons[k];
  const YearData& b = doc.years[k + 1];
  const auto& item = b.result.rules.items[cmp.items[i].b_index];
  if (const MissingField* f = missing_field_of(missing, k, item.name_zh)) return f->what() + f->since() + "，本项无法判断";
  if (const std::string implausible = implausible_values(b, m.b_row, b.result.rules, item); !implausible.empty())
    return "数据不合理：" + implausible + "（已按未知处理）";
  return report::fields_in_words(b.result.cell(static_cast<size_t>(m.b_row), cmp.items[i].b_index).note);
}

std::string alert_counts(const std::vector<Alert>& alerts) {
  // Counted in villages, as 防止返贫监测 counts them; advisory (低) items apart; a village once per comparison.
  std::set<std::pair<size_t, std::string>> villages, exit_lost;
  std::set<std::string> items;  // distinct items, not rows (tour 10 J14)
  size_t advisory = 0, unverified = 0, township = 0;
  for (const Alert& a : alerts) {
    if (a.township_check) {
      ++township;
    } else if (a.unverified) {
      ++unverified;
    } else if (a.severity == 1) {
      ++advisory;
    } else {
      villages.emplace(a.comparison, a.code + a.village);
      if (a.severity >= 3) exit_lost.emplace(a.comparison, a.code + a.village);
      if (a.item >= 0) items.insert(a.item_name);
    }
  }
  std::string out = "返贫风险村 " + std::to_string(villages.size()) + " 个（其中去年可出列、今年不可出列或没有此村 " + std::to_string(exit_lost.size()) +
                    " 个），涉及指标 " + std::to_string(items.size()) + " 项";
  if (advisory > 0) out += "；参考指标（低）由达标变为不达标 " + std::to_string(advisory) + " 项";
  out += "；待核实（数据不全）" + std::to_string(unverified) + " 条";
  return township > 0 ? out + "；待乡镇核实（村拆分、合并或范围调整）" + std::to_string(township) + " 条" : out;
}

const char* severity_zh(int severity) { return severity >= 3 ? "高" : severity == 2 ? "中" : severity == 1 ? "低" : "待乡镇核实"; }

std::string village_field(const YearData& y, std::string_view field, int row) {
  const Column* c = y.villages().column(field);
  return c == nullptr || row < 0 || c->is_null(static_cast<size_t>(row)) ? std::string() : c->as_text(static_cast<size_t>(row));
}

std::string township_name(const YearData& y, const std::string& code_or_name) {
  const auto it = y.township_names.find(code_or_name);
  return it != y.township_names.end() ? it->second : code_or_name;
}

std::string village_township(const YearData& y, int row) { return township_name(y, village_field(y, "township", row)); }

std::string compare_title(const CompareDocument& doc) {
  const std::string& first = doc.years.front().label;
  const std::string span = year_name(first) == first ? first + "–" + doc.years.back().label : first + "–" + year_name(doc.years.back().label);
  return doc.years.back().ws.name + " 回头看：" + span + "逐村比较";
}

std::string village_county(const YearData& y, int row) {
  const std::string code = village_field(y, "code", row);
  return code.size() >= 6 ? code.substr(0, 6) : std::string();
}

std::set<std::string> renumbered_counties(const YearData& a, const MatchResult& match) {
  std::set<std::string> out;
  for (const VillageMatch& m : match.pairs)
    if (m.how == MatchHow::county_code && m.a_row >= 0) out.insert(village_county(a, m.a_row));
  return out;
}

std::map<std::string, std::string> document_counties(const CompareDocument& doc) {
  std::map<std::string, std::string> out;
  for (size_t k = 0; k < doc.years.size(); ++k) {
    const YearData& y = doc.years[k];
    const io::CountyNames names = io::project_counties(y.ws.layers);
    const std::set<std::string> renumbered = k < doc.comparisons.size() ? renumbered_counties(y, doc.comparisons[k].match) : std::set<std::string>{};
    for (size_t r = 0; r < y.villages().size(); ++r) {
      const std::string c = village_county(y, static_cast<int>(r));
      if (c.empty() || out.count(c) > 0 || renumbered.count(c) > 0) continue;
      const auto it = names.find(c);
      out.emplace(c, it != names.end() && !it->second.empty() ? it->second : c);
    }
  }
  return out;
}

std::string township_key(const YearData& y, int row) { return village_county(y, row) + "|" + village_field(y, "township", row); }

std::string township_key_name(const YearData& y, const std::map<std::string, std::string>& counties, const std::string& key) {
  const size_t bar = key.find('|');
  const std::string county = key.substr(0, bar), town = bar == std::string::npos ? key : key.substr(bar + 1);
  const std::string name = town.empty() ? std::string("（未填乡镇）") : township_name(y, town);
  if (counties.size() < 2) return name;
  const auto it = counties.find(county);
  return (it != counties.end() ? it->second : county.empty() ? std::string("（代码不全）") : county) + " " + name;
}

std::vector<Alert> collect_alerts(const CompareDocument& doc) {
  std::vector<Alert> out;
  const std::vector<MissingField> missing = missing_fields(doc);
  for (size_t k = 0; k < doc.comparisons.size(); ++k) add_village_alerts(doc, k, missing, out);
  const std::map<std::string, std::string> counties = document_counties(doc);
  for (Alert& a : out) {
    const auto it = counties.find(a.code.size() >= 6 ? a.code.substr(0, 6) : std::string());
    a.county = it != counties.end() ? it->second : std::string();
  }
  std::stable_sort(out.begin(), out.end(), [](const Alert& x, const Alert& y) {
    return std::tie(y.severity, x.comparison, x.county, x.township, x.code, x.item) < std::tie(x.severity, y.comparison, y.county, y.township, y.code, y.item);
  });
  return out;
}

}  // namespace jiuyou::compare
