// The administrative and slow changes between years: two neighbouring
// villages merged into one under a new code, a township renamed, and incomes
// that drift upwards a little (never changing an outcome: a village whose
// drift would is left as it was).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <set>

#include "gis/geos/dissolve.hpp"
#include "gis/geos/shape.hpp"
#include "gis/synth/names.hpp"
#include "gis/synth/years_detail.hpp"

namespace jiuyou::synth::years {
namespace {

// Two villages share a boundary when their cells (which nest exactly) share at least two vertices.
bool neighbours(const GeometryColumn& g, size_t a, size_t b) {
  std::vector<std::pair<double, double>> va;
  for (uint32_t v = g.vertex_begin(g.ring_begin(g.part_begin(a))); v < g.vertex_end(g.ring_begin(g.part_begin(a))); ++v)
    va.push_back({g.vertex(v).x, g.vertex(v).y});
  std::sort(va.begin(), va.end());
  va.erase(std::unique(va.begin(), va.end()), va.end());
  int shared = 0;
  for (uint32_t v = g.vertex_begin(g.ring_begin(g.part_begin(b))); v + 1 < g.vertex_end(g.ring_begin(g.part_begin(b))); ++v)
    shared += std::binary_search(va.begin(), va.end(), std::pair{g.vertex(v).x, g.vertex(v).y}) ? 1 : 0;
  return shared >= 2;
}

// Pairs of neighbouring villages of one township, neither a township seat nor touched, in a seeded order.
std::vector<std::pair<std::string, std::string>> merge_pairs(const Year& y, Rng& rng) {
  const FeatureTable& v = y.county.villages;
  std::set<std::string> seats;
  for (size_t t = 0; t < y.county.townships.size(); ++t) seats.insert(cell_text(y.county.townships, t, "seat_village"));
  auto free = [&](const std::string& code) { return !seats.count(code) && !y.touched.count(code) && !y.excluded.count(code); };
  std::vector<size_t> rows(v.size());
  std::iota(rows.begin(), rows.end(), size_t{0});
  rng.shuffle(rows);
  std::vector<std::pair<std::string, std::string>> out;
  for (size_t a : rows) {
    const std::string ca = cell_text(v, a, "code");
    if (!free(ca) || v.geometry.kind != GeometryKind::polygon) continue;
    for (size_t b = 0; b < v.size() && out.size() < 12; ++b) {
      const std::string cb = cell_text(v, b, "code");
      if (b == a || !free(cb) || cell_text(v, a, "township") != cell_text(v, b, "township")) continue;
      if (neighbours(v.geometry, a, b)) {
        out.push_back({ca, cb});
        break;
      }
    }
    if (out.size() >= 12) break;
  }
  return out;
}

// A code of the township never used before: after the largest it has had (village numbers run 200..999).
std::string new_code(const Year& y, const std::string& township) {
  int most = 199;
  auto see = [&](const std::string& code) {
    if (code.size() == 12 && code.compare(0, township.size(), township) == 0) most = std::max(most, std::stoi(code.substr(9)));
  };
  for (const auto& [code, row] : y.outcomes.by_code) see(code);
  for (const auto& code : y.excluded) see(code);
  if (most >= 999) return {};
  char num[16];
  std::snprintf(num, sizeof num, "%03d", most + 1);
  return township + num;
}

// The merged village's row: counts and collective income summed, rates weighted by population,
// flags true when either is, text and the rest from the larger village.
void push_merged_row(FeatureTable& v, size_t big, size_t small, const std::string& code) {
  const Column* pop = v.column("population");
  const double wb = pop && !pop->is_null(big) ? *pop->number(big) : 1, ws = pop && !pop->is_null(small) ? *pop->number(small) : 1;
  for (auto& col : v.columns) {
    const bool null = col.is_null(big) || col.is_null(small);
    if (col.name() == "code") col.push_text(code);
    else if (null) col.push_null();
    else if (col.type() == FieldType::integer) col.push_int(col.get_int(big) + col.get_int(small));
    else if (col.type() == FieldType::boolean) col.push_bool(col.get_bool(big) || col.get_bool(small));
    else if (col.type() == FieldType::real && col.name() == "collective_income") col.push_real(col.get_real(big) + col.get_real(small));
    else if (col.type() == FieldType::real && col.name() != "elevation_m" && wb + ws > 0)
      col.push_real(std::round((col.get_real(big) * wb + col.get_real(small) * ws) / (wb + ws) * 1000) / 1000);
    else if (col.type() == FieldType::text) col.push_text(std::string(col.get_text(big)));
    else col.push_real(col.get_real(big));
  }
}

void relink_facilities(const Year& y, SynthCounty& c, const std::string& old_code, const std::string& code, std::vector<YearEvent>& ev) {
  for (size_t r = 0; r < c.facilities.size(); ++r) {
    if (cell_text(c.facilities, r, "village_code") != old_code) continue;
    ev.push_back(field_event(y, "villages_merged", c.facilities, r, "village_code", old_code, code));
    set_text(c.facilities, r, "village_code", code);
  }
}

// Merges villages a and b (a the larger) into `code`; false when their union is not one polygon.
bool merge(const Year& y, SynthCounty& c, const std::string& ca, const std::string& cb, const std::string& code, std::vector<YearEvent>& ev) {
  FeatureTable& v = c.villages;
  size_t a = row_of_code(v, ca), b = row_of_code(v, cb);
  const auto pop = [&](size_t r) { return v.column("population")->number(r).value_or(0); };
  if (pop(b) > pop(a)) std::swap(a, b);
  if (!geos::append_single_union(v.geometry, a, v.geometry, b, v.geometry)) return false;
  v.fid.push_back(next_fid(v));
  push_merged_row(v, a, b, code);
  YearEvent added = field_event(y, "villages_merged", v, v.size() - 1, "", "", code);  // the merged village, a new feature
  added.village_code = code;
  ev.push_back(std::move(added));
  for (size_t r : {a, b}) {
    const std::string old_code = cell_text(v, r, "code");
    YearEvent e = field_event(y, "villages_merged", v, r, "code", old_code, code);
    e.village_code = old_code;
    e.new_code = code;
    ev.push_back(std::move(e));
    relink_facilities(y, c, old_code, code, ev);
  }
  const Vec2 p = geos::point_on_surface(v.geometry, v.size() - 1);
  FeatureTable& pts = c.village_points;
  const int64_t point_fid = next_fid(pts);  // before the drop: a removed FID is never reused
  drop_rows(pts, {row_of_code(pts, ca), row_of_code(pts, cb)});
  pts.geometry.add_point_feature(p.x, p.y);
  pts.fid.push_back(point_fid);
  for (auto& col : pts.columns) col.push_text(cell_text(v, v.size() - 1, col.name()));
  drop_rows(v, {a, b});
  return true;
}

void count_township_villages(const Year& y, SynthCounty& c, const std::string& township, std::vector<YearEvent>& ev) {
  const size_t t = row_of_code(c.townships, township);
  Column* n = c.townships.column("villages");
  if (t >= c.townships.size() || !n || n->is_null(t)) return;
  ev.push_back(field_event(y, "villages_merged", c.townships, t, "villages", n->as_text(t), std::to_string(n->get_int(t) - 1)));
  n->set_int(t, n->get_int(t) - 1);
}

// The items whose outcome differs between an old village (before) and the merged one (after).
std::vector<std::string> merged_items(const Outcomes& before, const Outcomes& after, const std::string& old_code, const std::string& code) {
  std::vector<std::string> out;
  const auto& a = before.by_code.at(old_code);
  const auto& b = after.by_code.at(code);
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i] != b[i]) out.push_back(before.items[i]);
  return out;
}

}  // namespace

// Two neighbouring villages become one; kept only when no other village's outcome changes.
Result<void> villages_merged(Year& y, const Checker& checker, Rng& rng, std::vector<CrosswalkRow>& crosswalk) {
  for (const auto& [ca, cb] : merge_pairs(y, rng)) {
    const std::string code = new_code(y, cell_text(y.county.villages, row_of_code(y.county.villages, ca), "township"));
    SynthCounty trial = y.county;
    std::vector<YearEvent> rows;
    if (code.empty() || !merge(y, trial, ca, cb, code, rows)) continue;
    count_township_villages(y, trial, code.substr(0, 9), rows);
    auto result = checker.check(trial);
    if (!result) return tl::unexpected(result.error());
    Outcomes after = Checker::outcomes(*result, trial.villages);
    if (!diff(y.outcomes, after).empty()) continue;
    for (auto& r : rows) {
      if (r.layer == trial.villages.name && r.field == "code") r.items = merged_items(y.outcomes, after, r.village_code, code);
      if (r.village_code.empty()) r.village_code = r.layer == trial.townships.name ? "" : r.before;
      r.new_code = code;
      y.events.push_back(std::move(r));
    }
    for (const auto& old : {ca, cb}) {
      crosswalk.push_back({old, code, "merged"});
      y.excluded.insert(old);
    }
    y.touched.insert(code);
    y.county = std::move(trial);
    y.result = std::move(*result);
    y.outcomes = std::move(after);
    return {};
  }
  y.notes.push_back(std::to_string(y.year) + ": no two neighbouring villages could be merged without changing another village");
  return {};
}

Result<void> township_renamed(Year& y, Rng& rng) {
  FeatureTable& t = y.county.townships;
  std::vector<size_t> rows;
  for (size_t r = 0; r < t.size(); ++r)
    if (cell_text(t, r, "name") != "城关镇") rows.push_back(r);
  if (rows.empty()) {
    y.notes.push_back(std::to_string(y.year) + ": no township to rename (the county seat's keeps its name)");
    return {};
  }
  const size_t row = rows[static_cast<size_t>(rng.integer(0, static_cast<int64_t>(rows.size()) - 1))];
  std::set<std::string> names;
  for (size_t r = 0; r < t.size(); ++r) names.insert(cell_text(t, r, "name"));
  NameMaker maker(rng.fork(7));
  std::string name;
  for (int k = 0; k < 100 && (name.empty() || names.count(name)); ++k) name = maker.township(false, cell_text(t, row, "kind") == "town");
  if (names.count(name)) {
    y.notes.push_back(std::to_string(y.year) + ": no new township name found");
    return {};
  }
  y.events.push_back(field_event(y, "township_renamed", t, row, "name", cell_text(t, row, "name"), name));
  set_text(t, row, "name", name);
  return {};
}

namespace {

struct Drift {
  size_t row;
  double per_capita, collective;  // last year's
};

// Each village's income per head grows 1–5 %, its collective income 0–3 %.
std::vector<Drift> grow_incomes(const Year& y, FeatureTable& v, Rng& rng) {
  Column* pc = v.column("income_per_capita");
  Column* ci = v.column("collective_income");
  std::vector<Drift> out;
  for (size_t r = 0; r < v.size() && pc && ci; ++r) {
    const std::string code = cell_text(v, r, "code");
    if (y.touched.count(code) || y.excluded.count(code) || pc->is_null(r) || ci->is_null(r)) continue;
    out.push_back({r, pc->get_real(r), ci->get_real(r)});
    pc->set_real(r, std::round(pc->get_real(r) * (1 + rng.uniform(0.01, 0.05)) / 10) * 10);
    ci->set_real(r, std::round(ci->get_real(r) * (1 + rng.uniform(0.0, 0.03)) / 100) * 100);
  }
  return out;
}

void record_drift(Year& y, const FeatureTable& v, const std::vector<Drift>& drift) {
  for (const Drift& d : drift) {
    const std::string code = cell_text(v, d.row, "code");
    for (const auto& [field, before] : {std::pair{"income_per_capita", d.per_capita}, std::pair{"collective_income", d.collective}}) {
      const double after = v.column(field)->get_real(d.row);
      if (after == before) continue;
      YearEvent e = field_event(y, "income_drift", v, d.row, field, number_text(before), number_text(after));
      e.village_code = code;
      y.events.push_back(std::move(e));
    }
  }
}

}  // namespace

// Incomes grow a little; a village whose growth would change an outcome keeps last year's figures.
Result<void> income_drift(Year& y, const Checker& checker, Rng& rng) {
  SynthCounty trial = y.county;
  FeatureTable& v = trial.villages;
  std::vector<Drift> drift = grow_incomes(y, v, rng);
  for (int pass = 0; pass < 4 && !drift.empty(); ++pass) {
    auto result = checker.check(trial);
    if (!result) return tl::unexpected(result.error());
    Outcomes after = Checker::outcomes(*result, v);
    const auto changes = diff(y.outcomes, after);
    if (changes.empty()) {
      record_drift(y, v, drift);
      y.county = std::move(trial);
      y.result = std::move(*result);
      y.outcomes = std::move(after);
      return {};
    }
    std::set<std::string> changed;
    for (const auto& c : changes) changed.insert(c.code);
    const bool all = std::none_of(drift.begin(), drift.end(), [&](const Drift& d) { return changed.count(cell_text(v, d.row, "code")) > 0; });
    std::vector<Drift> kept;
    for (const Drift& d : drift) {
      if (all || changed.count(cell_text(v, d.row, "code"))) {
        v.column("income_per_capita")->set_real(d.row, d.per_capita);
        v.column("collective_income")->set_real(d.row, d.collective);
      } else {
        kept.push_back(d);
      }
    }
    drift = std::move(kept);
  }
  y.notes.push_back(std::to_string(y.year) + ": incomes left as the year before (their growth changed outcomes)");
  return {};
}

}  // namespace jiuyou::synth::years
