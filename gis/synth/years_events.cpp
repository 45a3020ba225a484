// The events that change a network or a facility: a road paved, a 10 kV line
// built, a landslide that cuts a road, a clinic that closes, a water source
// that turns unsafe, a fall in collective income. Each lists candidate edits
// (nearest situations first, villages in a seeded order) and place_event keeps
// the first that changes exactly one village the intended way.
#include <algorithm>
#include <array>
#include <deque>
#include <set>
#include <cmath>
#include <map>

#include "gis/synth/years_detail.hpp"

namespace jiuyou::synth::years {
namespace {

constexpr size_t k_max_villages = 24;  // villages tried per event (each edit is one check of the county)

// The villages (not touched, not excluded) whose `item` has `outcome`, in a seeded order.
std::vector<std::string> villages_with(const Year& y, const std::string& item, Outcome outcome, Rng& rng, size_t most = k_max_villages) {
  const auto it = std::find(y.outcomes.items.begin(), y.outcomes.items.end(), item);
  std::vector<std::string> out;
  if (it == y.outcomes.items.end()) return out;
  const auto i = static_cast<size_t>(it - y.outcomes.items.begin());
  for (const auto& [code, row] : y.outcomes.by_code)
    if (row[i] == outcome && !y.touched.count(code) && !y.excluded.count(code)) out.push_back(code);
  rng.shuffle(out);
  if (out.size() > most) out.resize(most);
  return out;
}

size_t item_index(const Year& y, const std::string& item) {
  return static_cast<size_t>(std::find(y.outcomes.items.begin(), y.outcomes.items.end(), item) - y.outcomes.items.begin());
}

size_t village_row(const Year& y, const std::string& code) { return row_of_code(y.county.villages, code); }

bool unpaved(const std::string& surface) { return surface == "gravel" || surface == "earth"; }

using Key = std::pair<double, double>;

// The roads whose every piece is unpaved, and which of them meet at a piece's end
// (pieces end at every junction), and the ends of the paved pieces.
struct UnpavedRoads {
  std::map<int32_t, std::vector<size_t>> rows;
  std::map<Key, std::vector<int32_t>> at;
  std::set<Key> paved_ends;  // of pieces connected to the network
};

std::array<Key, 2> ends_of(const GeometryColumn& g, size_t row) {
  const uint32_t r = g.ring_begin(g.part_begin(row));
  const Vec2 a = g.vertex(g.vertex_begin(r)), b = g.vertex(g.vertex_end(r) - 1);
  return {Key{a.x, a.y}, Key{b.x, b.y}};
}

// The ends of the paved pieces connected to the network: flooded over paved pieces
// from those that villages passing the road item reach.
std::set<Key> connected_paved_ends(const Year& y) {
  const auto& roads = y.county.roads;
  const size_t item = item_index(y, "road");
  std::set<int64_t> reached;
  for (size_t v = 0; v < y.result.village_count && item < y.outcomes.items.size(); ++v) {
    const auto& cell = y.result.cell(v, item);
    if (cell.outcome == Outcome::pass && cell.nearest_layer >= 0 && y.result.evidence_layers[static_cast<size_t>(cell.nearest_layer)] == roads.name)
      reached.insert(cell.nearest_fid);
  }
  std::map<Key, std::vector<size_t>> paved_at;
  std::vector<size_t> queue;
  for (size_t r = 0; r < roads.size(); ++r) {
    if (unpaved(cell_text(roads, r, "surface"))) continue;
    for (const Key& k : ends_of(roads.geometry, r)) paved_at[k].push_back(r);
    if (reached.count(roads.fid[r])) queue.push_back(r);
  }
  std::set<Key> out;
  std::set<size_t> seen(queue.begin(), queue.end());
  while (!queue.empty()) {
    const size_t r = queue.back();
    queue.pop_back();
    for (const Key& k : ends_of(roads.geometry, r)) {
      out.insert(k);
      for (size_t next : paved_at[k])
        if (seen.insert(next).second) queue.push_back(next);
    }
  }
  return out;
}

UnpavedRoads unpaved_roads(const Year& y) {
  const SynthCounty& c = y.county;
  std::map<int32_t, std::vector<size_t>> all;
  for (size_t r = 0; r < c.roads.size() && r < c.road_of_row.size(); ++r) all[c.road_of_row[r]].push_back(r);
  UnpavedRoads out;
  for (auto& [road, rows] : all) {
    if (!std::all_of(rows.begin(), rows.end(), [&](size_t r) { return unpaved(cell_text(c.roads, r, "surface")); })) continue;
    for (size_t r : rows)
      for (const Key& k : ends_of(c.roads.geometry, r)) out.at[k].push_back(road);
    out.rows[road] = std::move(rows);
  }
  out.paved_ends = connected_paved_ends(y);
  return out;
}

// The rows of the shortest chain of unpaved roads (at most 7) from `start` to a paved piece; empty when none.
std::vector<size_t> chain_to_paved(const SynthCounty& c, const UnpavedRoads& g, int32_t start) {
  std::map<int32_t, std::pair<int32_t, int>> prev{{start, {-1, 0}}};  // road -> (previous road, depth)
  std::deque<int32_t> queue{start};
  while (!queue.empty()) {
    const int32_t road = queue.front();
    queue.pop_front();
    const auto& rows = g.rows.at(road);
    const bool reaches = std::any_of(rows.begin(), rows.end(), [&](size_t r) {
      const auto e = ends_of(c.roads.geometry, r);
      return g.paved_ends.count(e[0]) || g.paved_ends.count(e[1]);
    });
    if (reaches) {
      std::vector<size_t> out;
      for (int32_t r = road; r >= 0; r = prev.at(r).first) out.insert(out.end(), g.rows.at(r).begin(), g.rows.at(r).end());
      return out;
    }
    if (prev.at(road).second >= 6) continue;
    for (size_t r : rows)
      for (const Key& k : ends_of(c.roads.geometry, r))
        for (int32_t next : g.at.at(k))
          if (prev.emplace(next, std::pair{road, prev.at(road).second + 1}).second) queue.push_back(next);
  }
  return {};
}

Edit pave(std::vector<size_t> rows, int year) {
  return [rows = std::move(rows), year](SynthCounty& c, std::vector<YearEvent>& ev) {
    for (size_t r : rows) {
      YearEvent e;
      e.year = year;
      e.kind = "road_paved";
      e.layer = c.roads.name;
      e.feature_id = c.roads.fid[r];
      e.field = "surface";
      e.before = cell_text(c.roads, r, "surface");
      e.after = "concrete";
      set_text(c.roads, r, "surface", "concrete");
      ev.push_back(std::move(e));
    }
  };
}

// A removed feature: the row names it, field empty, before its kind.
YearEvent removed(const Year& y, const char* kind, const FeatureTable& t, size_t row) {
  YearEvent e = field_event(y, kind, t, row, "", cell_text(t, row, "kind"), "");
  if (e.before.empty()) e.before = cell_text(t, row, "surface");
  return e;
}

// An irregular landslide outline of about `radius` metres around c, closed.
std::vector<Vec2> slide_ring(Vec2 c, double radius, Rng& rng) {
  std::vector<Vec2> ring;
  for (int k = 0; k < 12; ++k) {
    const double a = 2 * 3.14159265358979323846 * k / 12, r = radius * rng.uniform(0.75, 1.25);
    ring.push_back({c.x + r * std::cos(a), c.y + r * std::sin(a)});
  }
  ring.push_back(ring.front());
  return ring;
}

Vec2 middle_vertex(const GeometryColumn& g, size_t f) {
  const uint32_t r = g.ring_begin(g.part_begin(f));
  return g.vertex((g.vertex_begin(r) + g.vertex_end(r) - 1) / 2);
}

// The pieces of village `code`'s nearest paved road when it is a village road, farthest from the village
// first (a cut near the junction leaves the village on a paved stub that no longer reaches the network).
std::vector<size_t> cut_candidates(const Year& y, const std::string& code) {
  const size_t v = village_row(y, code), item = item_index(y, "road");
  if (v >= y.result.village_count || item >= y.outcomes.items.size()) return {};
  const int64_t fid = y.result.cell(v, item).nearest_fid;
  const auto& roads = y.county.roads;
  const auto hit = std::find(roads.fid.begin(), roads.fid.end(), fid);
  if (hit == roads.fid.end()) return {};
  const auto nearest = static_cast<size_t>(hit - roads.fid.begin());
  if (cell_text(roads, nearest, "class") != "village") return {};  // a trunk road has other ways round
  const int32_t road = y.county.road_of_row[nearest];
  const Vec2 p = village_point(y.county, code);
  std::vector<std::pair<double, size_t>> rows;
  for (size_t r = 0; r < roads.size(); ++r)
    if (y.county.road_of_row[r] == road) rows.push_back({-point_feature_distance(roads.geometry, r, p.x, p.y), r});
  std::sort(rows.begin(), rows.end());
  std::vector<size_t> out;
  for (size_t k = 0; k < rows.size() && k < 3; ++k) out.push_back(rows[k].second);
  return out;
}

}  // namespace

// A village's unpaved road is paved, with the unpaved roads between it and the paved network.
Result<void> road_paved(Year& y, const Checker& checker, Rng& rng) {
  const UnpavedRoads roads = unpaved_roads(y);
  std::vector<Edit> edits;
  std::set<std::vector<size_t>> seen;
  // villages nearest the connected network first: a short chain of roads reaches it
  std::vector<std::pair<double, std::string>> failing;
  for (const auto& code : villages_with(y, "road", Outcome::fail, rng, y.outcomes.by_code.size())) {
    const double d = y.result.cell(village_row(y, code), item_index(y, "road")).distance_m;
    failing.push_back({std::isfinite(d) ? d : INFINITY, code});
  }
  std::stable_sort(failing.begin(), failing.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [gap, code] : failing) {
    if (edits.size() >= 2 * k_max_villages) break;
    const Vec2 p = village_point(y.county, code);
    std::vector<std::pair<double, int32_t>> near;  // village access roads before farm tracks, nearest first
    for (const auto& [road, rows] : roads.rows) {
      double d = INFINITY;
      for (size_t r : rows) d = std::min(d, point_feature_distance(y.county.roads.geometry, r, p.x, p.y));
      if (d > 600) continue;
      near.push_back({d + (cell_text(y.county.roads, rows.front(), "class") == "village" ? 0 : 1e6), road});
    }
    std::sort(near.begin(), near.end());
    for (size_t k = 0; k < near.size() && k < 2; ++k) {
      // the chain to the connected network first, else the road alone (it may join a paved road the ends missed)
      for (std::vector<size_t> rows : {chain_to_paved(y.county, roads, near[k].second), roads.rows.at(near[k].second)}) {
        std::sort(rows.begin(), rows.end());
        if (!rows.empty() && seen.insert(rows).second) edits.push_back(pave(std::move(rows), y.year));
      }
    }
  }
  if (auto ok = place_event(y, checker, {"road_paved", "road", true}, edits); !ok) return tl::unexpected(ok.error());
  return {};
}

// A new 10 kV line along the check's gap line: from the village to the nearest point of the connected grid.
Result<void> line_built(Year& y, const Checker& checker, Rng& rng) {
  const size_t item = item_index(y, "power");
  std::vector<std::pair<double, std::string>> gaps;
  for (const auto& code : villages_with(y, "power", Outcome::fail, rng)) {
    const size_t v = village_row(y, code);
    const auto& cell = y.result.cell(v, item);
    if (std::isfinite(cell.distance_m) && std::isfinite(cell.from.x) && std::isfinite(cell.to.x)) gaps.push_back({cell.distance_m, code});
  }
  std::sort(gaps.begin(), gaps.end());
  std::vector<Edit> edits;
  for (const auto& [d, code] : gaps) {
    const auto& cell = y.result.cell(village_row(y, code), item);
    const Vec2 line[2] = {cell.to, cell.from};
    edits.push_back([line0 = line[0], line1 = line[1], year = y.year](SynthCounty& c, std::vector<YearEvent>& ev) {
      const Vec2 pts[2] = {line0, line1};
      const int64_t fid = next_fid(c.power);
      c.power.geometry.add_line_feature(pts);
      c.power.fid.push_back(fid);
      for (auto& col : c.power.columns) {
        if (col.name() == "kind") col.push_text("line");
        else if (col.name() == "voltage_kv") col.push_real(10);
        else col.push_null();
      }
      YearEvent e;
      e.year = year;
      e.kind = "line_built";
      e.layer = c.power.name;
      e.feature_id = fid;
      e.after = "line";
      ev.push_back(std::move(e));
    });
  }
  if (auto ok = place_event(y, checker, {"line_built", "power", true}, edits); !ok) return tl::unexpected(ok.error());
  return {};
}

// A landslide cuts a village's road: the piece is removed and the slide drawn over it in hazards.
Result<void> landslide_cut(Year& y, const Checker& checker, Rng& rng) {
  std::vector<Edit> edits;
  for (const auto& code : villages_with(y, "road", Outcome::pass, rng, y.outcomes.by_code.size()))
    for (size_t row : cut_candidates(y, code)) {
      if (edits.size() >= 2 * k_max_villages) break;
      const Vec2 at = middle_vertex(y.county.roads.geometry, row);
      const uint64_t slide_seed = rng.next();
      edits.push_back([row, at, slide_seed, &y](SynthCounty& c, std::vector<YearEvent>& ev) {
        ev.push_back(removed(y, "landslide_cut", c.roads, row));
        drop_rows(c.roads, {row}, &c.road_of_row);
        Rng slide(slide_seed);
        const auto ring = slide_ring(at, 90, slide);
        const int64_t fid = next_fid(c.hazards);
        for (const Vec2 v : ring) c.hazards.geometry.add_vertex(v.x, v.y);
        c.hazards.geometry.close_ring();
        c.hazards.geometry.close_part();
        c.hazards.geometry.close_feature();
        c.hazards.fid.push_back(fid);
        for (auto& col : c.hazards.columns) col.push_text(col.name() == "kind" ? "landslide" : "high");
        YearEvent e = field_event(y, "landslide_cut", c.hazards, c.hazards.size() - 1, "", "", "landslide");
        ev.push_back(std::move(e));
      });
    }
  if (auto ok = place_event(y, checker, {"landslide_cut", "road", false}, edits); !ok) return tl::unexpected(ok.error());
  return {};
}

Result<void> clinic_closed(Year& y, const Checker& checker, Rng& rng) {
  std::vector<size_t> clinics;
  for (size_t r = 0; r < y.county.facilities.size(); ++r)
    if (cell_text(y.county.facilities, r, "kind") == "clinic") clinics.push_back(r);
  rng.shuffle(clinics);
  std::vector<Edit> edits;
  for (size_t k = 0; k < clinics.size() && k < k_max_villages; ++k)
    edits.push_back([row = clinics[k], &y](SynthCounty& c, std::vector<YearEvent>& ev) {
      ev.push_back(removed(y, "clinic_closed", c.facilities, row));
      drop_rows(c.facilities, {row});
    });
  if (auto ok = place_event(y, checker, {"clinic_closed", "clinic", false}, edits); !ok) return tl::unexpected(ok.error());
  return {};
}

// A safe plant, service area or pipe (in that order of preference) turns unsafe.
Result<void> water_unsafe(Year& y, const Checker& checker, Rng& rng) {
  std::vector<Edit> edits;
  for (FeatureTable SynthCounty::*layer : {&SynthCounty::water_plants, &SynthCounty::water_areas, &SynthCounty::water}) {
    const FeatureTable& t = y.county.*layer;
    std::vector<size_t> safe;
    for (size_t r = 0; r < t.size(); ++r)
      if (cell_text(t, r, "safe") == "true" || cell_text(t, r, "safe") == "1") safe.push_back(r);
    rng.shuffle(safe);
    for (size_t k = 0; k < safe.size() && k < k_max_villages / 2; ++k)
      edits.push_back([layer, row = safe[k], &y](SynthCounty& c, std::vector<YearEvent>& ev) {
        FeatureTable& tt = c.*layer;
        ev.push_back(field_event(y, "water_unsafe", tt, row, "safe", "true", "false"));
        set_bool(tt, row, "safe", false);
      });
  }
  if (auto ok = place_event(y, checker, {"water_unsafe", "safe_water", false}, edits); !ok) return tl::unexpected(ok.error());
  return {};
}

// A village's collective income falls to under half.
Result<void> income_fall(Year& y, const Checker& checker, Rng& rng) {
  std::vector<Edit> edits;
  for (const auto& code : villages_with(y, "collective_economy", Outcome::pass, rng))
    edits.push_back([code, &y](SynthCounty& c, std::vector<YearEvent>& ev) {
      const size_t row = row_of_code(c.villages, code);
      const double before = c.villages.column("collective_income")->number(row).value_or(0);
      const double after = std::round(before * 0.45 / 100) * 100;
      ev.push_back(field_event(y, "income_fall", c.villages, row, "collective_income", number_text(before), number_text(after)));
      set_real(c.villages, row, "collective_income", after);
    });
  if (auto ok = place_event(y, checker, {"income_fall", "collective_economy", false}, edits); !ok) return tl::unexpected(ok.error());
  return {};
}

}  // namespace jiuyou::synth::years
