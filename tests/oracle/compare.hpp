#pragma once
// Village-by-village comparison of the engine's CheckResult with the PostGIS
// oracle's OracleRun: outcomes exactly (except values within 1e-6 of their
// threshold, which are listed), distances to 1e-3 m or 1e-6 relative, shares
// to 1e-6, nearest FIDs up to ties, the verdict and the 四网/九有 counts.
#include <cmath>
#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

#include "gis/indicators/check.hpp"
#include "gis/model/workspace.hpp"
#include "tests/oracle/oracle_sql.hpp"

namespace jiuyou::oracle {

struct ItemAgreement {
  std::string item;
  std::string kind;
  size_t villages = 0;
  size_t engine_pass = 0, engine_fail = 0, engine_unknown = 0;
  size_t oracle_pass = 0, oracle_fail = 0, oracle_unknown = 0;
  size_t outcome_agree = 0;
  size_t near_threshold = 0;    // outcomes differ, value within 1e-6 of the threshold
  size_t outcome_disagree = 0;
  size_t evidence_disagree = 0;  // outcome agrees, a distance/share/fid/value does not
};

struct Agreement {
  std::string rules;
  std::vector<ItemAgreement> items;
  size_t villages = 0;
  size_t verdict_disagree = 0, count_disagree = 0, missing_villages = 0;
  std::vector<std::string> examples;  // human-readable, the first few per item
  std::vector<std::string> near_threshold_cases;

  [[nodiscard]] size_t outcome_disagreements() const {
    size_t n = 0;
    for (const auto& i : items) n += i.outcome_disagree;
    return n;
  }
  [[nodiscard]] size_t evidence_disagreements() const {
    size_t n = 0;
    for (const auto& i : items) n += i.evidence_disagree;
    return n;
  }
  [[nodiscard]] std::string table() const {
    std::ostringstream o;
    char buf[400];
    std::snprintf(buf, sizeof buf, "%-22s %-18s %7s | %-20s | %-20s | %7s %5s %7s %7s\n", ("rules " + rules).c_str(), "kind", "villages",
                  "engine pass/fail/unk", "oracle pass/fail/unk", "agree", "near", "differ", "evid.");
    o << buf;
    for (const auto& i : items) {
      const std::string e = std::to_string(i.engine_pass) + "/" + std::to_string(i.engine_fail) + "/" + std::to_string(i.engine_unknown);
      const std::string p = std::to_string(i.oracle_pass) + "/" + std::to_string(i.oracle_fail) + "/" + std::to_string(i.oracle_unknown);
      std::snprintf(buf, sizeof buf, "%-22s %-18s %7zu | %-20s | %-20s | %7zu %5zu %7zu %7zu\n", i.item.c_str(), i.kind.c_str(), i.villages, e.c_str(), p.c_str(),
                    i.outcome_agree, i.near_threshold, i.outcome_disagree, i.evidence_disagree);
      o << buf;
    }
    std::snprintf(buf, sizeof buf, "verdict/net4/jiuyou differ: %zu / %zu; villages missing on one side: %zu\n", verdict_disagree, count_disagree,
                  missing_villages);
    o << buf;
    return o.str();
  }
};

namespace detail {

inline bool finite(double v) { return std::isfinite(v); }
inline bool close_m(double a, double b) {
  if (!finite(a) || !finite(b)) return finite(a) == finite(b);
  const double d = std::abs(a - b);
  return d <= 1e-3 || d <= 1e-6 * std::max(std::abs(a), std::abs(b));
}
inline bool close_share(double a, double b) {
  if (!finite(a) || !finite(b)) return finite(a) == finite(b);
  return std::abs(a - b) <= 1e-6;
}
inline OracleOutcome from_engine(indicators::Outcome o) {
  switch (o) {
    case indicators::Outcome::pass: return OracleOutcome::pass;
    case indicators::Outcome::fail: return OracleOutcome::fail;
    case indicators::Outcome::unknown: return OracleOutcome::unknown;
  }
  return OracleOutcome::unknown;
}
inline std::string fmt(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6f", v);
  return buf;
}
inline const char* kind_name(indicators::ItemKind k) {
  using indicators::ItemKind;
  switch (k) {
    case ItemKind::network_access: return "network_access";
    case ItemKind::coverage: return "coverage";
    case ItemKind::water_convenience: return "water_convenience";
    case ItemKind::facility: return "facility";
    case ItemKind::attribute: return "attribute";
    case ItemKind::all_of: return "all_of";
    case ItemKind::any_of: return "any_of";
  }
  return "?";
}

// Is the engine's nearest FID one of the oracle's nearest (tied within tolerance)?
inline bool nearest_ok(int64_t engine_fid, const OracleCell& c) {
  if (c.nearest.empty()) return engine_fid < 0;
  if (engine_fid < 0) return false;
  const double dmin = c.nearest_d.empty() ? 0 : c.nearest_d.front();
  size_t tied = 0;
  for (size_t k = 0; k < c.nearest.size(); ++k) {
    if (k < c.nearest_d.size() && !close_m(c.nearest_d[k], dmin)) break;
    ++tied;
    const auto colon = c.nearest[k].rfind(':');
    if (colon != std::string::npos && std::stoll(c.nearest[k].substr(colon + 1)) == engine_fid) return true;
  }
  return tied >= 8;  // more ties than the oracle kept: cannot tell
}

}  // namespace detail

inline Agreement compare(const Workspace& ws, const indicators::CheckResult& engine, const OracleRun& oracle, size_t max_examples_per_item = 5) {
  using detail::close_m;
  using detail::close_share;
  using detail::finite;
  using indicators::ItemKind;
  Agreement a;
  a.rules = engine.rules.id;
  const FeatureTable* villages = ws.layer("villages");
  const size_t n_items = engine.item_count();
  a.items.resize(n_items);
  std::vector<size_t> examples_per_item(n_items, 0);
  const Column* code_col = villages ? villages->column("code") : nullptr;
  for (size_t i = 0; i < n_items; ++i) {
    a.items[i].item = engine.rules.items[i].id;
    a.items[i].kind = detail::kind_name(engine.rules.items[i].kind);
  }
  if (!villages || oracle.items.size() != n_items) {
    a.examples.push_back("item lists or villages differ: engine " + std::to_string(n_items) + " items, oracle " + std::to_string(oracle.items.size()));
    a.missing_villages = villages ? villages->size() : 0;
    return a;
  }
  a.villages = villages->size();
  for (size_t v = 0; v < villages->size(); ++v) {
    const int64_t fid = villages->fid[v];
    const auto row = oracle.village_row.find(fid);
    const std::string code = code_col ? code_col->as_text(v) : std::string();
    if (row == oracle.village_row.end()) {
      ++a.missing_villages;
      continue;
    }
    const size_t ov = row->second;
    for (size_t i = 0; i < n_items; ++i) {
      const auto& item = engine.rules.items[i];
      const auto& e = engine.cell(v, i);
      const auto& o = oracle.cell(ov, i);
      auto& ag = a.items[i];
      ++ag.villages;
      const OracleOutcome eo = detail::from_engine(e.outcome);
      (eo == OracleOutcome::pass ? ag.engine_pass : eo == OracleOutcome::fail ? ag.engine_fail : ag.engine_unknown)++;
      (o.outcome == OracleOutcome::pass ? ag.oracle_pass : o.outcome == OracleOutcome::fail ? ag.oracle_fail : ag.oracle_unknown)++;
      std::string what;
      const std::string head = "village " + code + " (fid " + std::to_string(fid) + ") item " + item.id + ": ";
      if (eo != o.outcome) {
        bool near = false;
        switch (item.kind) {
          case ItemKind::network_access: near = std::abs(o.distance_m - item.max_distance_m) <= 1e-6; break;
          case ItemKind::coverage:
            near = std::abs(o.share - item.min_share) <= 1e-6 || (!item.fiber_filter.empty() && std::abs(o.distance_m - item.fiber_max_distance_m) <= 1e-6);
            break;
          case ItemKind::water_convenience:
            near = std::abs(o.value - item.max_vertical_m) <= 1e-6 || std::abs(o.distance_m - item.max_distance_m) <= 1e-6;
            break;
          case ItemKind::facility: near = item.max_distance_m >= 0 && std::abs(o.distance_m - item.max_distance_m) <= 1e-6; break;
          default: break;
        }
        what = head + "engine " + outcome_name(eo) + ", oracle " + outcome_name(o.outcome) + " (engine distance " + detail::fmt(e.distance_m) +
               " share " + detail::fmt(e.share) + " value " + detail::fmt(e.value) + " fid " + std::to_string(e.nearest_fid) + "; oracle distance " +
               detail::fmt(o.distance_m) + " share " + detail::fmt(o.share) + " value " + detail::fmt(o.value) + " nearest " +
               (o.nearest.empty() ? std::string("-") : o.nearest.front()) + ")";
        if (near) {
          ++ag.near_threshold;
          a.near_threshold_cases.push_back(what);
          continue;
        }
        ++ag.outcome_disagree;
      } else {
        ++ag.outcome_agree;
        std::string ev;
        switch (item.kind) {
          case ItemKind::network_access:
            if (!close_m(e.distance_m, o.distance_m)) ev += " distance engine " + detail::fmt(e.distance_m) + " oracle " + detail::fmt(o.distance_m) + ";";
            else if (!detail::nearest_ok(e.nearest_fid, o)) ev += " nearest fid engine " + std::to_string(e.nearest_fid) + " oracle " + (o.nearest.empty() ? std::string("-") : o.nearest.front()) + ";";
            if (item.require_connected && !close_m(e.unconnected_distance_m, o.unconnected_m))
              ev += " unconnected distance engine " + detail::fmt(e.unconnected_distance_m) + " oracle " + detail::fmt(o.unconnected_m) + ";";
            break;
          case ItemKind::facility:
            if (!close_m(e.distance_m, o.distance_m)) ev += " distance engine " + detail::fmt(e.distance_m) + " oracle " + detail::fmt(o.distance_m) + ";";
            else if (!detail::nearest_ok(e.nearest_fid, o)) ev += " nearest fid engine " + std::to_string(e.nearest_fid) + " oracle " + (o.nearest.empty() ? std::string("-") : o.nearest.front()) + ";";
            break;
          case ItemKind::coverage:
            if (finite(o.share) && !close_share(e.share, o.share)) ev += " share engine " + detail::fmt(e.share) + " oracle " + detail::fmt(o.share) + ";";
            if (!item.fiber_filter.empty() && !close_m(e.distance_m, o.distance_m))
              ev += " fibre distance engine " + detail::fmt(e.distance_m) + " oracle " + detail::fmt(o.distance_m) + ";";
            else if (!item.fiber_filter.empty() && !detail::nearest_ok(e.nearest_fid, o))
              ev += " nearest fibre engine " + std::to_string(e.nearest_fid) + " oracle " + (o.nearest.empty() ? std::string("-") : o.nearest.front()) + ";";
            break;
          case ItemKind::water_convenience:
            if (!close_m(e.distance_m, o.distance_m)) ev += " distance engine " + detail::fmt(e.distance_m) + " oracle " + detail::fmt(o.distance_m) + ";";
            if (finite(e.value) && finite(o.value) && std::abs(e.value - o.value) > 1e-6)
              ev += " height difference engine " + detail::fmt(e.value) + " oracle " + detail::fmt(o.value) + ";";
            break;
          default: break;
        }
        if (ev.empty()) continue;
        ++ag.evidence_disagree;
        what = head + "outcome " + outcome_name(eo) + " agrees, evidence differs:" + ev;
      }
      if (examples_per_item[i]++ < max_examples_per_item) a.examples.push_back(what);
    }
    if (detail::from_engine(engine.verdict[v]) != oracle.verdict[ov]) {
      if (a.verdict_disagree++ < max_examples_per_item)
        a.examples.push_back("village " + code + ": verdict engine " + outcome_name(detail::from_engine(engine.verdict[v])) + ", oracle " +
                             outcome_name(oracle.verdict[ov]));
    }
    if (engine.net4_count[v] != oracle.net4[ov] || engine.jiuyou_count[v] != oracle.jiuyou[ov]) {
      if (a.count_disagree++ < max_examples_per_item)
        a.examples.push_back("village " + code + ": net4/jiuyou engine " + std::to_string(engine.net4_count[v]) + "/" + std::to_string(engine.jiuyou_count[v]) +
                             ", oracle " + std::to_string(oracle.net4[ov]) + "/" + std::to_string(oracle.jiuyou[ov]));
    }
  }
  return a;
}

}  // namespace jiuyou::oracle
