// The check as the contract reads (gis/indicators/README.md): choose the items,
// prepare every item before any target (all errors first), evaluate each
// target's cells children first, then verdicts, summaries and sanity notes.
// Each kind's prepare_* / eval_* lives in gis/indicators/kinds/.
#include "gis/io/schema.hpp"
#include "gis/indicators/check.hpp"

#include <algorithm>
#include <chrono>
#include <functional>
#include <set>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include "gis/indicators/check_engine.hpp"
#include "gis/indicators/check_summary.hpp"
#include "gis/indicators/kinds/kinds.hpp"
#include "gis/indicators/sanity.hpp"

namespace jiuyou::indicators {

const char* to_string(Outcome o) {
  switch (o) {
    case Outcome::pass: return "pass";
    case Outcome::fail: return "fail";
    case Outcome::unknown: return "unknown";
  }
  return "?";
}
const char* to_string_zh(Outcome o) {
  switch (o) {
    case Outcome::pass: return "达标";
    case Outcome::fail: return "不达标";
    case Outcome::unknown: return "未知";
  }
  return "?";
}

std::vector<uint8_t> excluded_features(const Item& item, const FeatureTable& t) {
  if (item.exclude_filter.empty()) return {};
  auto e = Expression::parse(item.exclude_filter);
  if (!e || !e->bind(t)) return {};
  std::vector<uint8_t> out(t.size(), 0);
  for (size_t f = 0; f < t.size(); ++f) out[f] = e->test(f) == Truth::yes;
  return out;
}

// The steps the local re-check (recheck_local.cpp) shares are declared in check_engine.hpp.
namespace engine {

using namespace kinds;

// --- 1. which items: the rule set, or the subset params.items names (with the children it needs) ---
Result<RuleSet> choose_items(const RuleSet& rules, const std::vector<std::string>& wanted, std::vector<std::string>& skipped) {
  if (wanted.empty()) return rules;
  std::set<std::string> chosen;
  std::function<void(const Item&)> take = [&](const Item& it) {
    if (!chosen.insert(it.id).second) return;
    for (const auto& c : it.children)
      if (const Item* child = rules.item(c)) take(*child);
  };
  for (const auto& w : wanted) {
    const bool group = w == "net4" || w == "jiuyou";
    for (const auto& it : rules.items)
      if ((w == "net4" && it.in_net4) || (w == "jiuyou" && it.in_jiuyou) || it.id == w) take(it);
    if (!group && !rules.item(w)) {
      std::string ids;
      for (const auto& it : rules.items) ids += (ids.empty() ? "" : ", ") + it.id;
      return error(ErrorCode::rules, "no item '" + w + "' in rule set '" + rules.id + "'").file(rules.file).hint("items: " + ids + "; groups: net4, jiuyou");
    }
  }
  RuleSet subset = rules;
  subset.items.clear();
  for (const auto& it : rules.items) {
    if (chosen.count(it.id)) subset.items.push_back(it);
    else skipped.push_back(it.id);
  }
  return subset;
}

// Item ids become output columns beside the target fields: they must not shadow one.
Result<void> check_item_ids(const RuleSet& rules, const FeatureTable& targets) {
  for (const auto& item : rules.items)
    for (const auto& c : targets.columns)
      if (c.name() == item.id || c.name() == item.id + "_distance_m" || c.name() == item.id + "_note")
        return error(ErrorCode::rules, "item id '" + item.id + "' is also a field of the " + targets.name + " layer; the result would overwrite it")
            .file(rules.file)
            .field(item.id)
            .hint("rename the item, e.g. id = \"" + item.id + "_ok\"");
  return {};
}

// The generic noun of an item's qualifying features when the rule gives none.
std::string noun_of(const Item& item) {
  if (!item.noun_zh.empty()) return item.noun_zh;
  return item.kind == ItemKind::facility ? "设施" : "合格要素";
}

// --- 2. prepare one item: its kind's prepare_*, or unknown when its layer is missing ---
Result<PreparedItem> prepare_item(const PrepareContext& ctx, const Item& item) {
  PreparedItem p;
  p.item = &item;
  p.noun = noun_of(item);
  Result<PreparedKind> k = Unjudgeable{};
  const bool spatial = item.kind != ItemKind::attribute && item.kind != ItemKind::all_of && item.kind != ItemKind::any_of;
  const FarGroup far = spatial ? far_group(ctx.view, ctx.targets, item.layer, far_layer_threshold_m(ctx.rules)) : FarGroup{};
  if (spatial && !ctx.group_exists(item.layer)) {
    ctx.note(Severity::warning, "layer_missing", item.layer, {},
             "项目中没有图层 " + item.layer + "：指标“" + item.name_zh + "”（" + item.id + "）对每个村都无法判断",
             "在项目文件中加入 [layers." + item.layer + "]");
    k = Unjudgeable{"缺少图层 " + item.layer};
  } else if (far.all) {
    k = Unjudgeable{far.reason};  // said once per layer by far_layer_notes, never a firm 不达标
  } else {
    switch (item.kind) {
      case ItemKind::network_access: k = prepare_network_access(ctx, item, p); break;
      case ItemKind::coverage: k = prepare_coverage(ctx, item, p); break;
      case ItemKind::water_convenience: k = prepare_water(ctx, item, p); break;
      case ItemKind::facility: k = prepare_facility(ctx, item, p); break;
      case ItemKind::attribute: k = prepare_attribute(ctx, item, p); break;
      case ItemKind::all_of:
      case ItemKind::any_of: k = prepare_combinator(ctx.rules, item); break;
    }
  }
  if (!k) {
    Error e = k.error();
    e.message = "rule '" + item.id + "' (" + item.name_zh + "): " + e.message;
    if (e.file.empty()) e.file = ctx.rules.file;
    return tl::unexpected<Error>(e);
  }
  p.kind = std::move(*k);
  if (!far.all && !far.reason.empty()) p.fail_unknown += (p.fail_unknown.empty() ? "" : "；") + far.reason;  // the far table might have served
  return p;
}

// Every item, in parallel (their candidates, networks and indexes are independent); notes in rule order.
Result<std::vector<PreparedItem>> prepare_items(const WorkspaceView& view, const FeatureTable& targets, const RuleSet& rules, tbb::task_arena& arena,
                                                IssueLog& notes, std::vector<FilterUse>& uses) {
  const size_t ni = rules.items.size();
  std::vector<std::vector<Issue>> item_notes(ni);
  std::vector<std::vector<FilterUse>> item_uses(ni);
  std::vector<Result<PreparedItem>> prepared(ni);
  const bool polygons = targets.geometry.kind == GeometryKind::polygon;
  arena.execute([&] {
    tbb::parallel_for(size_t{0}, ni, [&](size_t i) {
      const PrepareContext ctx{view, targets, rules, polygons, &item_notes[i], &item_uses[i]};
      prepared[i] = prepare_item(ctx, rules.items[i]);
    });
  });
  std::vector<PreparedItem> out;
  for (size_t i = 0; i < ni; ++i) {
    if (!prepared[i]) return tl::unexpected<Error>(prepared[i].error());
    for (auto& issue : item_notes[i]) notes.add(std::move(issue));
    uses.insert(uses.end(), item_uses[i].begin(), item_uses[i].end());
    out.push_back(std::move(*prepared[i]));
  }
  return out;
}

// Children before their parents.
std::vector<size_t> evaluation_order(const std::vector<PreparedItem>& prep) {
  std::vector<size_t> order;
  std::vector<uint8_t> placed(prep.size(), 0);
  std::function<void(size_t)> place = [&](size_t i) {
    if (placed[i]) return;
    placed[i] = 1;
    if (const auto* c = std::get_if<CombinatorPrepared>(&prep[i].kind))
      for (size_t k : c->children) place(k);
    order.push_back(i);
  };
  for (size_t i = 0; i < prep.size(); ++i) place(i);
  return order;
}

// --- 3. the targets as the queries need them ---
Targets target_geometry(const FeatureTable& targets, tbb::task_arena& arena) {
  const size_t nv = targets.size();
  const bool polygons = targets.geometry.kind == GeometryKind::polygon;
  Targets t;
  t.geom.resize(nv);
  t.shapes.resize(polygons ? nv : 0);
  arena.execute([&] {
    tbb::parallel_for(size_t{0}, nv, [&](size_t v) {
      Target& g = t.geom[v];
      g.column = &targets.geometry;
      g.row = v;
      if (targets.geometry.is_empty(v)) return;
      g.has = true;
      g.polygon = polygons;
      g.box = targets.geometry.feature_bbox(v);
      if (polygons) {
        t.shapes[v] = geos::Shape::from_feature(targets.geometry, v);
        g.shape = &t.shapes[v];
        g.point = t.shapes[v].point_on_surface();
      } else {
        g.point = targets.geometry.first_vertex(v);
      }
    });
  });
  return t;
}

// --- 4. one cell: the kind's eval_*, then what the data could not settle ---
void eval_cell(const PreparedItem& p, const RuleSet& rules, const FeatureTable& targets, const Target& g, std::span<ItemResult> row, ItemResult& out) {
  const Item& item = *p.item;
  if (const auto* u = std::get_if<Unjudgeable>(&p.kind)) {
    out.outcome = Outcome::unknown;
    out.note = u->reason_zh;
    return;
  }
  if (const auto* c = std::get_if<CombinatorPrepared>(&p.kind)) return eval_combinator(*c, rules, row, out);
  if (const auto* a = std::get_if<AttributePrepared>(&p.kind)) return eval_attribute(*a, item, targets, g.row, out);
  if (!g.has) {
    out.outcome = Outcome::unknown;
    out.note = "村庄无位置";
    return;
  }
  std::visit(
      [&](const auto& k) {
        using K = std::decay_t<decltype(k)>;
        if constexpr (std::is_same_v<K, NetworkPrepared>) eval_network_access(k, p, g, out);
        else if constexpr (std::is_same_v<K, CoveragePrepared>) eval_coverage(k, p, g, out);
        else if constexpr (std::is_same_v<K, WaterPrepared>) eval_water(k, p, g, out);
        else if constexpr (std::is_same_v<K, FacilityPrepared>) eval_facility(k, p, g, out);
      },
      p.kind);
  if (out.outcome == Outcome::fail && !p.fail_unknown.empty()) {  // a fail is only definite on data that could be read
    out.outcome = Outcome::unknown;
    out.shortfall = k_nan;
    out.note += "；" + p.fail_unknown;
  }
}

// Villages are independent: in parallel, a block at a time so that progress and cancellation
// are reported from this thread, in Hilbert order so that neighbours share index nodes in cache.
bool evaluate_targets(const std::vector<PreparedItem>& prep, const RuleSet& rules, const FeatureTable& targets, const Targets& tg, tbb::task_arena& arena,
                      const ProgressFn& progress, std::vector<ItemResult>& cells) {
  const size_t nv = targets.size(), ni = prep.size();
  const bool polygons = targets.geometry.kind == GeometryKind::polygon;
  const std::vector<size_t> order = evaluation_order(prep);
  cells.assign(nv * ni, ItemResult{});
  std::vector<BBox> boxes(nv);
  for (size_t v = 0; v < nv; ++v) boxes[v] = tg.geom[v].box;
  const std::vector<uint32_t> visit = index::hilbert_order(boxes);
  auto eval_target = [&](size_t v) {
    const std::span<ItemResult> row(cells.data() + v * ni, ni);
    for (size_t i : order) eval_cell(prep[i], rules, targets, tg.geom[v], row, row[i]);
  };
  const size_t block = polygons ? 1024 : 16384;
  for (size_t b0 = 0; b0 < nv; b0 += block) {
    const size_t b1 = std::min(nv, b0 + block);
    arena.execute([&] {
      tbb::parallel_for(tbb::blocked_range<size_t>(b0, b1, polygons ? 16 : 256), [&](const tbb::blocked_range<size_t>& range) {
        for (size_t k = range.begin(); k != range.end(); ++k) eval_target(visit[k]);
      });
    });
    if (!report_progress(progress, 0.2 + 0.7 * static_cast<double>(b1) / static_cast<double>(std::max<size_t>(nv, 1)), "checking villages")) return false;
  }
  return true;
}

void note_partial(const CheckResult& r, IssueLog& notes) {
  if (!r.partial) return;
  std::string ids;
  for (const auto& s : r.skipped_items) ids += (ids.empty() ? "" : ", ") + s;
  Issue i;
  i.severity = Severity::warning;
  i.code = "partial_check";
  i.file = r.rules.file;
  i.message = "only part of rule set '" + r.rules.id + "' was checked; not checked: " + ids + ". The verdict covers the checked items only";
  notes.add(std::move(i));
}

}  // namespace engine

using namespace engine;

Result<CheckResult> check_villages(const Workspace& ws, const RuleSet& rules, const CheckParams& params) {
  const FeatureTable* villages = ws.layer(io::target_layer);
  if (!villages)
    return error(ErrorCode::format, "the project has no villages layer").file(ws.project_path).hint("add [layers.villages] path = \"...\" to the project");
  return check_targets(WorkspaceView::of(ws), *villages, rules, params);
}

Result<CheckResult> check_targets(const WorkspaceView& view, const FeatureTable& targets, const RuleSet& all_rules, const CheckParams& params) {
  const auto t0 = std::chrono::steady_clock::now();
  CheckResult result;
  auto rules = choose_items(all_rules, params.items, result.skipped_items);
  if (!rules) return tl::unexpected<Error>(rules.error());
  result.rules = std::move(*rules);
  result.partial = !result.skipped_items.empty();
  result.county = view.name;
  result.crs = view.metric_crs;
  result.village_count = targets.size();
  for (const FeatureTable* t : view.layers) result.evidence_layers.push_back(t->name);
  if (auto ok = check_item_ids(result.rules, targets); !ok) return tl::unexpected<Error>(ok.error());

  report_progress(params.progress, 0.0, "preparing rules");
  tbb::task_arena arena(params.threads > 0 ? params.threads : tbb::task_arena::automatic);
  note_partial(result, result.notes);
  std::vector<FilterUse> filter_uses;
  auto prep = prepare_items(view, targets, result.rules, arena, result.notes, filter_uses);
  if (!prep) return tl::unexpected<Error>(prep.error());
  for (const auto& p : *prep) result.unjudgeable_items += std::holds_alternative<Unjudgeable>(p.kind);
  result.prepare_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  report_progress(params.progress, 0.1, "villages");
  const Targets tg = target_geometry(targets, arena);
  report_progress(params.progress, 0.2, "checking villages");
  if (!evaluate_targets(*prep, result.rules, targets, tg, arena, params.progress, result.cells)) return cancelled_error();

  report_progress(params.progress, 0.9, "summaries");
  summarise(result, targets);
  for (auto& n : far_layer_notes(result.rules, view, targets)) result.notes.add(std::move(n));  // the items it made unknown: always said
  if (params.sanity_notes) {
    add_sanity_notes(result, filter_uses, targets);
    for (auto& n : datum_offset_notes(result.rules, view, targets, *prep)) result.notes.add(std::move(n));
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  report_progress(params.progress, 1.0, "done");
  return result;
}

}  // namespace jiuyou::indicators
