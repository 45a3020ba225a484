#include "gis/compare/crosswalk_notes.hpp"

#include <map>
#include <optional>

#include "gis/compare/compare_report.hpp"
#include "gis/compare/transitions.hpp"

namespace jiuyou::compare {

namespace {

using Codes = std::map<std::string, int>;  // village code -> row

Codes codes_of(const YearData& y) {
  Codes out;
  for (size_t r = 0; r < y.villages().size(); ++r) out.emplace(village_field(y, "code", static_cast<int>(r)), static_cast<int>(r));
  return out;
}

const char* kind_word(CrosswalkKind k) {
  switch (k) {
    case CrosswalkKind::merge: return "合并";
    case CrosswalkKind::split: return "拆分";
    case CrosswalkKind::abolish: return "撤销";
    case CrosswalkKind::rename: break;
  }
  return "更名";
}

// Whether some pair of consecutive years uses the row as village matching does.
bool used(const CrosswalkRow& row, const std::vector<Codes>& codes) {
  for (size_t k = 0; k + 1 < codes.size(); ++k) {
    const bool old_a = codes[k].count(row.old_code) > 0, old_b = codes[k + 1].count(row.old_code) > 0;
    if (row.kind == CrosswalkKind::abolish ? old_a && !old_b
                                           : old_a && codes[k + 1].count(row.new_code) > 0 && (!old_b || row.kind == CrosswalkKind::split))
      return true;
  }
  return false;
}

std::string village(const YearData& y, const Codes& codes, const std::string& code) {
  const std::string name = village_field(y, "name", codes.at(code));
  return name.empty() ? code : name + " " + code;
}

std::optional<std::string> cause(const CrosswalkRow& row, const std::vector<YearData>& years, const std::vector<Codes>& codes) {
  for (size_t k = 0; k + 1 < codes.size(); ++k) {
    const Codes &a = codes[k], &b = codes[k + 1];
    const std::string ya = year_name(years[k].label), yb = year_name(years[k + 1].label);
    if (row.kind != CrosswalkKind::abolish && a.count(row.new_code) > 0 && b.count(row.new_code) == 0 && b.count(row.old_code) > 0 &&
        a.count(row.old_code) == 0)
      return "旧代码 " + row.old_code + " 只出现在 " + yb + "、新代码 " + row.new_code + " 只出现在 " + ya + "，旧/新两列是否填反？";
    if (a.count(row.old_code) > 0 && b.count(row.old_code) > 0 && (row.kind == CrosswalkKind::abolish || b.count(row.new_code) > 0))
      return "旧村 " + village(years[k + 1], b, row.old_code) + " 在 " + yb + "仍是一个村（按代码与自身比较），此行的" + kind_word(row.kind) + "没有生效；请核对该行的旧代码，或 " + yb + "的村图层是否仍留着已" + kind_word(row.kind) + "的村";
  }
  return std::nullopt;
}

}  // namespace

std::vector<std::string> unused_crosswalk_rows(const Crosswalk& crosswalk, const std::vector<YearData>& years) {
  std::vector<Codes> codes;
  for (const YearData& y : years) codes.push_back(codes_of(y));
  std::vector<std::string> out;
  for (const CrosswalkRow& row : crosswalk.rows) {
    if (used(row, codes)) continue;
    const std::string where = "对照表第 " + std::to_string(row.line) + " 行（" + row.old_code + (row.new_code.empty() ? "" : " → " + row.new_code) + "，" +
                              kind_word(row.kind) + "）未使用：";
    const auto why = cause(row, years, codes);
    out.push_back(where + (why ? *why : "旧代码与新代码不在相邻的两年中（旧代码应是前一年的村、新代码是后一年的村），请核对该行"));
  }
  return out;
}

}  // namespace jiuyou::compare
