// all_of / any_of over a target's already evaluated children (README.md, last rows).
#include "gis/indicators/kinds/kinds.hpp"

namespace jiuyou::indicators::kinds {

PreparedKind prepare_combinator(const RuleSet& rules, const Item& item) {
  CombinatorPrepared c;
  c.all = item.kind == ItemKind::all_of;
  for (const auto& child : item.children)
    for (size_t k = 0; k < rules.items.size(); ++k)
      if (rules.items[k].id == child) c.children.push_back(k);
  return c;
}

void eval_combinator(const CombinatorPrepared& p, const RuleSet& rules, std::span<const ItemResult> row, ItemResult& out) {
  bool any_fail = false, any_unknown = false, any_pass = false;
  std::string notes;
  for (size_t c : p.children) {
    const ItemResult& r = row[c];
    any_fail |= r.outcome == Outcome::fail;
    any_unknown |= r.outcome == Outcome::unknown;
    any_pass |= r.outcome == Outcome::pass;
    if (r.outcome != Outcome::pass) notes += (notes.empty() ? "" : "；") + rules.items[c].name_zh + (r.note.empty() ? "" : ": " + r.note);
  }
  if (p.all) out.outcome = any_fail ? Outcome::fail : any_unknown ? Outcome::unknown : Outcome::pass;
  else out.outcome = any_pass ? Outcome::pass : any_unknown ? Outcome::unknown : Outcome::fail;
  if (out.outcome != Outcome::pass) out.note = notes;
}

}  // namespace jiuyou::indicators::kinds
