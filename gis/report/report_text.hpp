#pragma once
// Small text helpers shared by the report writers (internal to gis/report).
#include <cmath>
#include <cstdio>
#include <string>
#include <string_view>

#include "gis/indicators/check.hpp"
#include "gis/model/workspace.hpp"
#include "gis/util/text.hpp"

namespace jiuyou::report::detail {

inline bool given(double v) { return !std::isnan(v); }

using util::fixed;

// "480 m" below a kilometre, "2.3 km" above.
inline std::string distance_text(double m) {
  if (!given(m)) return "—";
  if (std::abs(m) < 1000) return fixed(m, 0) + " m";
  return fixed(m / 1000.0, 1) + " km";
}

inline std::string percent_text(double share, int decimals = 0) { return given(share) ? fixed(share * 100.0, decimals) + "%" : "—"; }

inline const char* outcome_code(indicators::Outcome o) {
  switch (o) {
    case indicators::Outcome::pass: return "pass";
    case indicators::Outcome::fail: return "fail";
    case indicators::Outcome::unknown: return "unknown";
  }
  return "unknown";
}

inline const char* outcome_zh(indicators::Outcome o) {
  switch (o) {
    case indicators::Outcome::pass: return "达标";
    case indicators::Outcome::fail: return "不达标";
    case indicators::Outcome::unknown: return "未知";
  }
  return "未知";
}

// The village verdict: pass = may exit.
inline const char* verdict_code(indicators::Outcome o) {
  switch (o) {
    case indicators::Outcome::pass: return "exit";
    case indicators::Outcome::fail: return "fail";
    case indicators::Outcome::unknown: return "unknown";
  }
  return "unknown";
}

inline const char* verdict_zh(indicators::Outcome o) {
  switch (o) {
    case indicators::Outcome::pass: return "可出列";
    case indicators::Outcome::fail: return "不可出列";
    case indicators::Outcome::unknown: return "数据不全";
  }
  return "数据不全";
}

inline const char* group_zh(std::string_view group) {
  if (group == "industry") return "产业";
  if (group == "infrastructure") return "基础设施";
  if (group == "public_service") return "公共服务";
  if (group == "exit") return "出列条件";
  return "";
}

inline const char* kind_zh(indicators::ItemKind k) {
  switch (k) {
    case indicators::ItemKind::network_access: return "网络可达";
    case indicators::ItemKind::coverage: return "覆盖";
    case indicators::ItemKind::water_convenience: return "取水便利";
    case indicators::ItemKind::facility: return "设施";
    case indicators::ItemKind::attribute: return "属性";
    case indicators::ItemKind::all_of: return "全部满足";
    case indicators::ItemKind::any_of: return "任一满足";
  }
  return "";
}

inline size_t count_net4(const indicators::RuleSet& rules) {
  size_t n = 0;
  for (const auto& it : rules.items) n += it.in_net4 ? 1 : 0;
  return n;
}

inline size_t count_jiuyou(const indicators::RuleSet& rules) {
  size_t n = 0;
  for (const auto& it : rules.items) n += it.in_jiuyou ? 1 : 0;
  return n;
}

// A text field of the villages layer for row v ("" when the layer or field is missing).
inline std::string village_text(const FeatureTable* villages, std::string_view field, size_t v) {
  if (villages == nullptr || v >= villages->size()) return {};
  const Column* c = villages->column(field);
  return c == nullptr || c->is_null(v) ? std::string() : c->as_text(v);
}

// The deciding items a village lacks, by name: failing ones first, then
// "<name>（数据不全）" for the unknown ones ("" when it may exit).
inline std::string missing_names_zh(const indicators::CheckResult& result, size_t v) {
  std::string fails, unknowns;
  for (size_t i = 0; i < result.item_count(); ++i) {
    const auto& item = result.rules.items[i];
    if (!item.visible || !item.required) continue;
    const auto o = result.cell(v, i).outcome;
    if (o == indicators::Outcome::fail) fails += (fails.empty() ? "" : "；") + item.name_zh;
    if (o == indicators::Outcome::unknown) unknowns += (unknowns.empty() ? "" : "；") + item.name_zh + "（数据不全）";
  }
  return fails.empty() ? unknowns : unknowns.empty() ? fails : fails + "；" + unknowns;
}

using util::html_escape;
std::string base64(std::string_view bytes);

}  // namespace jiuyou::report::detail
