// The local re-check (recheck_local.hpp): footprints of the prepared items,
// what changed between two footprints, the villages within reach of a change,
// and their cells evaluated again through the check's own steps.
#include "gis/io/schema.hpp"
#include "gis/indicators/recheck_local.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <tuple>

#include <tbb/parallel_for.h>

#include "gis/indicators/check_engine.hpp"
#include "gis/indicators/check_summary.hpp"

namespace jiuyou::indicators {

using kinds::Candidates;
using kinds::PreparedItem;

bool item_reads_layer(const Item& item, const std::string& layer) {
  const bool spatial = item.kind != ItemKind::attribute && item.kind != ItemKind::all_of && item.kind != ItemKind::any_of;
  if (!spatial || item.layer.empty()) return false;
  return layer == item.layer || layer.rfind(item.layer + "_", 0) == 0;
}

namespace {

// --- what an item's preparation selected, comparable across two preparations ---

using FeatureKey = std::tuple<uint8_t, int16_t, int64_t>;  // candidate set, layer (view index), source FID
struct FeatureMark {
  BBox box;
  int32_t component = -1;
  bool operator==(const FeatureMark& o) const {
    return component == o.component && box.min_x == o.box.min_x && box.min_y == o.box.min_y && box.max_x == o.box.max_x && box.max_y == o.box.max_y;
  }
};
using Disc = std::array<double, 3>;  // x, y, radius
using Linked = std::vector<std::pair<int16_t, int64_t>>;

struct Footprint {
  std::string global;  // what holds for every village: the kind, reasons in the notes, fail_unknown
  std::map<FeatureKey, FeatureMark> features;
  std::vector<Disc> discs;  // sorted
  std::map<std::string, Linked> codes;
};

void add_set(Footprint& fp, uint8_t set, const std::vector<Candidates>& cs, const std::vector<std::vector<int32_t>>* components = nullptr) {
  for (size_t k = 0; k < cs.size(); ++k) {
    const Candidates& c = cs[k];
    const std::vector<int32_t>* comp = components && k < components->size() && !(*components)[k].empty() ? &(*components)[k] : nullptr;
    for (size_t f = 0; f < c.mask.size(); ++f) {
      if (!c.mask[f]) continue;
      FeatureMark m;
      if (!c.table->geometry.is_empty(f)) m.box = c.table->geometry.feature_bbox(f);
      if (comp) m.component = (*comp)[f];
      fp.features[{set, c.layer, c.table->fid[f]}] = m;
    }
  }
}

Footprint footprint_of(const PreparedItem& p) {
  Footprint fp;
  fp.global = std::to_string(p.kind.index()) + "|" + p.fail_unknown + "|" + p.noun;
  if (const auto* u = std::get_if<kinds::Unjudgeable>(&p.kind)) fp.global += "|" + u->reason_zh;
  if (const auto* n = std::get_if<kinds::NetworkPrepared>(&p.kind)) {
    fp.global += "|" + n->unknown_reason;
    add_set(fp, 0, n->qualifying, &n->component);
    add_set(fp, 1, n->unconnected);
    add_set(fp, 2, n->unknown);
  } else if (const auto* c = std::get_if<kinds::CoveragePrepared>(&p.kind)) {
    fp.global += "|" + c->unknown_reason + "|" + std::to_string(c->discs_unknown.centre.size());
    add_set(fp, 0, c->polygons);
    add_set(fp, 1, c->polygons_unknown);
    for (const kinds::Discs* d : {&c->discs, &c->discs_unknown})
      for (size_t k = 0; k < d->centre.size(); ++k) fp.discs.push_back({d->centre[k].x, d->centre[k].y, d->radius[k]});
    std::sort(fp.discs.begin(), fp.discs.end());
  } else if (const auto* w = std::get_if<kinds::WaterPrepared>(&p.kind)) {
    fp.global += "|" + w->unknown_reason + (w->dem ? "|dem" : "");
    add_set(fp, 0, w->sources);
    add_set(fp, 1, w->served);
    add_set(fp, 2, w->unknown);
  } else if (const auto* f = std::get_if<kinds::FacilityPrepared>(&p.kind)) {
    fp.global += "|" + f->unknown_reason + (f->target_code ? "|code" : "");
    add_set(fp, 0, f->candidates);
    add_set(fp, 1, f->unknown);
    for (const auto& [code, linked] : f->by_code)
      for (const auto& l : linked) fp.codes[code].emplace_back(l.layer, l.table->fid[l.feature]);
  }
  return fp;
}

// --- what changed between two footprints of one item ---

struct Change {
  bool all = false;  // every village
  std::vector<BBox> boxes;
  std::set<std::string> codes;
  [[nodiscard]] bool none() const { return !all && boxes.empty() && codes.empty(); }
};

void add_box(Change& ch, const BBox& b) {
  if (!b.empty()) ch.boxes.push_back(b);
}

void diff_features(const Footprint& a, const Footprint& b, Change& ch) {
  auto ia = a.features.begin(), ib = b.features.begin();
  while (ia != a.features.end() || ib != b.features.end()) {
    if (ib == b.features.end() || (ia != a.features.end() && ia->first < ib->first)) {
      add_box(ch, (ia++)->second.box);
    } else if (ia == a.features.end() || ib->first < ia->first) {
      add_box(ch, (ib++)->second.box);
    } else {
      if (!(ia->second == ib->second)) {
        add_box(ch, ia->second.box);
        add_box(ch, ib->second.box);
      }
      ++ia, ++ib;
    }
  }
}

void diff_discs(const Footprint& a, const Footprint& b, Change& ch) {
  std::vector<Disc> changed;
  std::set_symmetric_difference(a.discs.begin(), a.discs.end(), b.discs.begin(), b.discs.end(), std::back_inserter(changed));
  for (const Disc& d : changed) ch.boxes.push_back(BBox{d[0] - d[2], d[1] - d[2], d[0] + d[2], d[1] + d[2]});
}

void diff_codes(const Footprint& a, const Footprint& b, Change& ch) {
  std::set<std::string> keys;
  for (const auto& [k, v] : a.codes) keys.insert(k);
  for (const auto& [k, v] : b.codes) keys.insert(k);
  for (const std::string& k : keys) {
    const auto x = a.codes.find(k), y = b.codes.find(k);
    const Linked none;
    if ((x == a.codes.end() ? none : x->second) != (y == b.codes.end() ? none : y->second)) ch.codes.insert(k);
  }
}

Change change_between(const Footprint& before, const Footprint& after) {
  Change ch;
  ch.all = before.global != after.global;
  if (ch.all) return ch;
  diff_features(before, after, ch);
  diff_discs(before, after, ch);
  diff_codes(before, after, ch);
  return ch;
}

// --- which villages a change can reach ---

double box_distance(const BBox& a, const BBox& b) {
  const double dx = std::max({0.0, a.min_x - b.max_x, b.min_x - a.max_x});
  const double dy = std::max({0.0, a.min_y - b.max_y, b.min_y - a.max_y});
  return std::hypot(dx, dy);
}

// How far from the village a changed feature can still change its cell: the item's
// search distance, or the farthest distance the cell recorded (its evidence); infinite
// when the cell recorded none (a new feature anywhere becomes the nearest).
double reach_of(const Item& item, const ItemResult& cell) {
  if (item.kind == ItemKind::coverage) return 0;
  if (!std::isfinite(cell.distance_m)) return kinds::k_inf;
  if (item.kind == ItemKind::network_access && item.require_connected && !std::isfinite(cell.unconnected_distance_m)) return kinds::k_inf;
  double r = std::max({0.0, item.max_distance_m, cell.distance_m});
  if (std::isfinite(cell.unconnected_distance_m)) r = std::max(r, cell.unconnected_distance_m);
  return r;
}

bool reached(const Change& ch, const Item& item, const ItemResult& cell, const kinds::Target& g, const Column* code, size_t row) {
  if (ch.all) return true;
  if (!g.has) return false;  // "村庄无位置" whatever the data
  if (code && !code->is_null(row) && ch.codes.count(code->as_text(row))) return true;
  const double reach = reach_of(item, cell);
  return std::any_of(ch.boxes.begin(), ch.boxes.end(), [&](const BBox& b) { return box_distance(g.box, b) <= reach; });
}

}  // namespace

// --- the kept state ---

struct LocalCheck::State {
  const Workspace* ws = nullptr;
  const FeatureTable* villages = nullptr;
  WorkspaceView view;
  CheckResult result;  // result.rules: the items, at a stable address (prep points into them)
  std::unique_ptr<tbb::task_arena> arena;
  engine::Targets targets;
  std::vector<PreparedItem> prep;
  std::vector<Footprint> footprints;
  std::vector<size_t> order;

  // Prepares the listed items (in parallel), their notes dropped: the full check said them.
  Result<std::vector<PreparedItem>> prepare(const std::vector<size_t>& which) {
    std::vector<Result<PreparedItem>> out(which.size());
    arena->execute([&] {
      tbb::parallel_for(size_t{0}, which.size(), [&](size_t k) {
        std::vector<Issue> notes;
        std::vector<kinds::FilterUse> uses;
        const bool polygons = villages->geometry.kind == GeometryKind::polygon;
        const kinds::PrepareContext ctx{view, *villages, result.rules, polygons, &notes, &uses};
        out[k] = engine::prepare_item(ctx, result.rules.items[which[k]]);
      });
    });
    std::vector<PreparedItem> prepared;
    for (auto& r : out) {
      if (!r) return tl::unexpected<Error>(r.error());
      prepared.push_back(std::move(*r));
    }
    return prepared;
  }

  // The items that read an edited layer, and the combinators above them.
  [[nodiscard]] std::vector<uint8_t> touched_items(const std::vector<std::string>& edited) const {
    std::vector<uint8_t> touched(prep.size(), 0);
    for (size_t i : order) {
      for (const std::string& l : edited) touched[i] |= item_reads_layer(result.rules.items[i], l);
      if (const auto* c = std::get_if<kinds::CombinatorPrepared>(&prep[i].kind))
        for (size_t k : c->children) touched[i] |= touched[k];
    }
    return touched;
  }

  // Evaluates the cells of village v again where `changes` reach it; the number of cells evaluated.
  size_t recheck_village(size_t v, const std::vector<std::optional<Change>>& changes) {
    const size_t ni = prep.size();
    const std::span<ItemResult> row(result.cells.data() + v * ni, ni);
    const Column* code = villages->column("code");
    std::vector<uint8_t> redone(ni, 0);
    size_t n = 0;
    for (size_t i : order) {
      bool again = false;
      if (const auto* c = std::get_if<kinds::CombinatorPrepared>(&prep[i].kind))
        again = std::any_of(c->children.begin(), c->children.end(), [&](size_t k) { return redone[k] != 0; });
      else if (changes[i])
        again = reached(*changes[i], result.rules.items[i], row[i], targets.geom[v], code, v);
      if (!again) continue;
      row[i] = ItemResult{};
      engine::eval_cell(prep[i], result.rules, *villages, targets.geom[v], row, row[i]);
      redone[i] = 1;
      ++n;
    }
    return n;
  }
};

LocalCheck::LocalCheck(std::unique_ptr<State> s) : s_(std::move(s)) {}
LocalCheck::~LocalCheck() = default;

const CheckResult& LocalCheck::result() const { return s_->result; }

Result<std::unique_ptr<LocalCheck>> LocalCheck::start(const Workspace& ws, const RuleSet& rules, const CheckParams& params) {
  auto s = std::make_unique<State>();
  s->ws = &ws;
  s->villages = ws.layer(io::target_layer);
  if (!s->villages)
    return error(ErrorCode::format, "the project has no villages layer").file(ws.project_path).hint("add [layers.villages] path = \"...\" to the project");
  s->view = WorkspaceView::of(ws);
  ASSIGN_OR_RETURN(s->result, check_targets(s->view, *s->villages, rules, params));
  const int threads = params.threads > 0 ? params.threads : int{tbb::task_arena::automatic};
  s->arena = std::make_unique<tbb::task_arena>(threads);
  std::vector<size_t> all(s->result.rules.items.size());
  for (size_t i = 0; i < all.size(); ++i) all[i] = i;
  ASSIGN_OR_RETURN(s->prep, s->prepare(all));
  for (const PreparedItem& p : s->prep) s->footprints.push_back(footprint_of(p));
  s->order = engine::evaluation_order(s->prep);
  s->targets = engine::target_geometry(*s->villages, *s->arena);
  return std::unique_ptr<LocalCheck>(new LocalCheck(std::move(s)));
}

Result<RecheckStats> LocalCheck::recheck(const std::vector<std::string>& edited_layers) {
  const auto t0 = std::chrono::steady_clock::now();
  State& s = *s_;
  RecheckStats stats;
  const std::vector<uint8_t> touched = s.touched_items(edited_layers);
  std::vector<size_t> again;  // spatial items to prepare again
  for (size_t i = 0; i < touched.size(); ++i)
    if (touched[i] && !std::holds_alternative<kinds::CombinatorPrepared>(s.prep[i].kind)) again.push_back(i);
  ASSIGN_OR_RETURN(std::vector<PreparedItem> fresh, s.prepare(again));
  std::vector<std::optional<Change>> changes(s.prep.size());
  for (size_t k = 0; k < again.size(); ++k) {
    const size_t i = again[k];
    Footprint fp = footprint_of(fresh[k]);
    if (Change ch = change_between(s.footprints[i], fp); !ch.none()) changes[i] = std::move(ch);
    s.prep[i] = std::move(fresh[k]);
    s.footprints[i] = std::move(fp);
  }
  stats.items_prepared = again.size();
  const size_t nv = s.villages->size();
  std::vector<size_t> cells(nv, 0);
  s.arena->execute([&] { tbb::parallel_for(size_t{0}, nv, [&](size_t v) { cells[v] = s.recheck_village(v, changes); }); });
  for (size_t n : cells) {
    stats.cells += n;
    stats.villages_rechecked += n > 0;
  }
  summarise(s.result, *s.villages);
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return stats;
}

}  // namespace jiuyou::indicators
