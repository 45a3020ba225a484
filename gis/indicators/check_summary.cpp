#include "gis/indicators/check_summary.hpp"

#include <map>

namespace jiuyou::indicators {

namespace {

void verdicts(CheckResult& r) {
  const size_t nv = r.village_count, ni = r.item_count();
  r.verdict.assign(nv, Outcome::unknown);
  r.failed_count.assign(nv, 0);
  r.unknown_count.assign(nv, 0);
  r.net4_count.assign(nv, 0);
  r.jiuyou_count.assign(nv, 0);
  for (size_t v = 0; v < nv; ++v) {
    bool fail = false, unknown = false;
    for (size_t i = 0; i < ni; ++i) {
      const Item& item = r.rules.items[i];
      const Outcome o = r.cells[v * ni + i].outcome;
      if (item.in_net4 && o == Outcome::pass) ++r.net4_count[v];
      if (item.in_jiuyou && o == Outcome::pass) ++r.jiuyou_count[v];
      if (!item.required) continue;
      if (o == Outcome::fail) { fail = true; ++r.failed_count[v]; }
      if (o == Outcome::unknown) { unknown = true; ++r.unknown_count[v]; }
    }
    r.verdict[v] = fail ? Outcome::fail : unknown ? Outcome::unknown : Outcome::pass;
  }
}

void add_to(const CheckResult& r, TownshipSummary& s, size_t v) {
  const size_t ni = r.item_count();
  if (s.item_pass.empty()) {
    s.item_pass.assign(ni, 0);
    s.item_fail.assign(ni, 0);
    s.item_unknown.assign(ni, 0);
  }
  ++s.villages;
  s.exit += r.verdict[v] == Outcome::pass;
  s.fail += r.verdict[v] == Outcome::fail;
  s.unknown += r.verdict[v] == Outcome::unknown;
  for (size_t i = 0; i < ni; ++i) {
    const Outcome o = r.cells[v * ni + i].outcome;
    (o == Outcome::pass ? s.item_pass : o == Outcome::fail ? s.item_fail : s.item_unknown)[i]++;
  }
}

}  // namespace

void summarise(CheckResult& r, const FeatureTable& targets) {
  verdicts(r);
  const Column* township = targets.column("township");
  std::map<std::string, TownshipSummary> by_township;
  for (size_t v = 0; v < r.village_count; ++v) {
    const std::string key = township && !township->is_null(v) ? township->as_text(v) : std::string("(未知乡镇)");
    TownshipSummary& s = by_township[key];
    s.township = key;
    add_to(r, s, v);
    add_to(r, r.county_summary, v);
  }
  r.county_summary.township = r.county;
  for (auto& [k, s] : by_township) r.townships.push_back(std::move(s));
}

}  // namespace jiuyou::indicators
