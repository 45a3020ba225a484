// The local re-check (#14 item 4): after random planned edits of every kind
// (roads, pipes, 10 kV lines, towers, facilities, a road's surface changed,
// undo), the cells the viewer's local re-check keeps equal a full check of the
// edited project, village by village and item by item; and the command line's
// `check --with planned.gpkg` gives the same verdicts. No window needed.
#include <gtest/gtest.h>

#include <cmath>
#include <iostream>
#include <random>

#include "gis/app/check_job.hpp"
#include "gis/app/planned.hpp"
#include "gis/io/write.hpp"
#include "src/render/document.hpp"
#include "src/viewer/edit/edit_kinds.hpp"
#include "src/viewer/edit/edit_recheck.hpp"
#include "support/sanitizer.hpp"
#include "support/test_paths.hpp"

namespace jiuyou::viewer {
namespace {

using indicators::CheckResult;
using indicators::ItemResult;
using indicators::RuleSet;

std::string demo_project() { return (test::source_dir() / "data/demo/project.toml").string(); }

bool same_number(double a, double b) { return (std::isnan(a) && std::isnan(b)) || std::abs(a - b) <= 1e-6 * std::max(1.0, std::abs(a)); }

// The first cell that differs, described ("" when every cell agrees).
std::string first_difference(const CheckResult& local, const CheckResult& full) {
  if (local.village_count != full.village_count || local.item_count() != full.item_count()) return "sizes differ";
  for (size_t v = 0; v < full.village_count; ++v) {
    if (local.verdict[v] != full.verdict[v]) return "verdict of village " + std::to_string(v);
    for (size_t i = 0; i < full.item_count(); ++i) {
      const ItemResult& a = local.cell(v, i);
      const ItemResult& b = full.cell(v, i);
      const bool same = a.outcome == b.outcome && a.note == b.note && same_number(a.distance_m, b.distance_m) && same_number(a.share, b.share) &&
                        same_number(a.value, b.value) && same_number(a.shortfall, b.shortfall) && a.nearest_fid == b.nearest_fid &&
                        a.nearest_layer == b.nearest_layer && a.component == b.component &&
                        same_number(a.unconnected_distance_m, b.unconnected_distance_m);
      if (!same)
        return "village " + std::to_string(v) + " item " + full.rules.items[i].id + ": local '" + a.note + "' (" + indicators::to_string(a.outcome) +
               "), full '" + b.note + "' (" + indicators::to_string(b.outcome) + ")";
    }
  }
  return {};
}

// The full check of the project with the planned features, as `check --with` applies them.
Result<CheckResult> full_check(const Workspace& base, const std::vector<PlannedFeature>& done, const RuleSet& rules) {
  Workspace ws = base;
  ASSIGN_OR_RETURN(std::vector<FeatureTable> tables, planned_tables(base, done));
  app::PlannedLayers planned;
  planned.layers = std::move(tables);
  ASSIGN_OR_RETURN(const app::PlannedApplied applied, app::apply_planned(ws, planned, std::nullopt));
  (void)applied;
  return indicators::check_villages(ws, rules);
}

Vec2 centre_of(const FeatureTable& t, size_t row) {
  const BBox b = t.geometry.feature_bbox(row);
  return {(b.min_x + b.max_x) / 2, (b.min_y + b.max_y) / 2};
}

// The vertex of `layer` nearest to p (joins a planned line to the network), or p when the layer is empty.
Vec2 nearest_vertex(const Workspace& ws, const std::string& layer, Vec2 p) {
  const FeatureTable* t = ws.layer(layer);
  Vec2 best = p;
  double d = INFINITY;
  for (size_t k = 0; t && k < t->geometry.vertex_count(); ++k) {
    const Vec2 q = t->geometry.vertex(k);
    if (const double e = std::hypot(q.x - p.x, q.y - p.y); e < d) d = e, best = q;
  }
  return best;
}

// One random edit near a random village: a line of each line kind (half of them joined to their
// network), a point of each point kind, a road's surface changed, or an undo.
void random_edit(AppState& s, const Workspace& base, const std::vector<EditKind>& kinds, std::mt19937& rng) {
  const FeatureTable& villages = *base.layer("villages");
  const Vec2 c = centre_of(villages, std::uniform_int_distribution<size_t>(0, villages.size() - 1)(rng));
  std::uniform_real_distribution<double> off(-2500, 2500);
  int what = std::uniform_int_distribution<int>(0, static_cast<int>(kinds.size()) + 1)(rng);
  if (what == static_cast<int>(kinds.size()) + 1) {
    if (s.edits.undo()) return;
    what = static_cast<int>(kinds.size());  // nothing to undo: change a road instead
  }
  if (what == static_cast<int>(kinds.size())) {  // change a road's surface: "what if we pave this"
    const FeatureTable& roads = *base.layer("roads");
    const size_t row = std::uniform_int_distribution<size_t>(0, roads.size() - 1)(rng);
    for (const PlannedFeature& f : s.edits.done)
      if (f.replaces == roads.fid[row]) return;
    s.edits.add(replacement_of(roads, row, {{"surface", rng() % 2 ? "asphalt" : "earth"}}));
    return;
  }
  const EditKind& k = kinds[static_cast<size_t>(what)];
  std::vector<Vec2> pts{{c.x + off(rng) / 5, c.y + off(rng) / 5}};
  if (!k.point) pts.push_back(rng() % 2 ? nearest_vertex(base, k.layer, {c.x + off(rng), c.y + off(rng)}) : Vec2{c.x + off(rng), c.y + off(rng)});
  s.edits.add(planned_feature(k, pts, static_cast<int>(rng() % std::max<size_t>(1, k.choices.size()))));
}

TEST(LocalRecheck, EqualsAFullCheckAfterRandomEditsOfEveryKind) {
  auto doc = render::open_document(demo_project());
  ASSERT_TRUE(doc.has_value()) << doc.error().to_string();
  auto s = make_app_state(std::move(doc->ws), 800, 600);
  s->project_path = demo_project();
  ASSERT_TRUE(start_edit_session(*s).has_value());
  const Workspace& base = s->edit_session->base.ws;
  const RuleSet& rules = s->edit_session->base.result.rules;
  auto kinds = edit_kinds(base);
  ASSERT_TRUE(kinds.has_value()) << kinds.error().to_string();
  ASSERT_EQ(kinds->size(), 5u) << "road, pipe, 10 kV line, tower, facility: the demo has every layer";
  size_t rechecked = 0, steps = 0;
  // Under the sanitizers the first seed only: the others run the same code on other edits (docs/ci.md).
  for (const unsigned seed : test::all_or_first_under_sanitizers({1u, 7u, 42u})) {
    std::mt19937 rng(seed);
    s->edits = EditList{};
    for (int step = 0; step < 4; ++step) {
      for (int k = 0; k < 3; ++k) random_edit(*s, base, *kinds, rng);
      auto r = recheck_edits_locally(*s);
      ASSERT_TRUE(r.has_value()) << r.error().to_string();
      auto full = full_check(base, s->edits.done, rules);
      ASSERT_TRUE(full.has_value()) << full.error().to_string();
      EXPECT_EQ(first_difference(s->edit_session->check->result(), *full), "") << "seed " << seed << ", step " << step;
      rechecked += r->stats.villages_rechecked;
      ++steps;
      std::cout << "seed " << seed << " step " << step << ": " << s->edits.done.size() << " edits, " << recheck_message(*r) << "\n";
    }
  }
  EXPECT_LT(rechecked, steps * s->villages()->size()) << "only the villages an edit reaches are checked again";
}

TEST(LocalRecheck, TheCommandLineWithThePlannedFileGivesTheSameVerdicts) {
  auto doc = render::open_document(demo_project());
  ASSERT_TRUE(doc.has_value()) << doc.error().to_string();
  auto s = make_app_state(std::move(doc->ws), 800, 600);
  s->project_path = demo_project();
  ASSERT_TRUE(start_edit_session(*s).has_value());
  const Workspace& base = s->edit_session->base.ws;
  auto kinds = edit_kinds(base);
  ASSERT_TRUE(kinds.has_value());
  std::mt19937 rng(5);
  for (int k = 0; k < 8; ++k) random_edit(*s, base, *kinds, rng);
  s->edits.add(replacement_of(*base.layer("roads"), 3, {{"surface", "asphalt"}}));
  auto r = recheck_edits_locally(*s);
  ASSERT_TRUE(r.has_value()) << r.error().to_string();
  // Saved as the viewer saves them, then checked as `jiuyou check PROJECT --with FILE`.
  auto tables = planned_tables(base, s->edits.done);
  ASSERT_TRUE(tables.has_value());
  std::vector<const FeatureTable*> layers;
  for (const FeatureTable& t : *tables) layers.push_back(&t);
  const std::string path = (test::scratch_dir() / "local-recheck-planned.gpkg").string();
  ASSERT_TRUE(io::write_layers(path, layers).has_value());
  app::CheckJob job;
  job.project = demo_project();
  job.planned = path;
  auto cli = app::check_in_memory(job);
  ASSERT_TRUE(cli.has_value()) << cli.error().to_string();
  EXPECT_EQ(cli->planned_added, s->edits.done.size());
  const CheckResult& local = s->edit_session->check->result();
  ASSERT_EQ(cli->result.village_count, local.village_count);
  for (size_t v = 0; v < local.village_count; ++v) {
    EXPECT_EQ(cli->result.verdict[v], local.verdict[v]) << "village " << v;
    for (size_t i = 0; i < local.item_count(); ++i) EXPECT_EQ(cli->result.cell(v, i).outcome, local.cell(v, i).outcome) << "village " << v << " item " << i;
  }
  // The replaced road is gone from the checked roads, its planned copy in its place.
  const FeatureTable& roads = *cli->ws.layer("roads");
  EXPECT_EQ(roads.find_rows("surface", "asphalt").size() > 0, true);
  size_t with_fid = 0;
  for (const int64_t f : roads.fid) with_fid += f == base.layer("roads")->fid[3];
  EXPECT_EQ(with_fid, 0u) << "the superseded source feature is left out";
}

TEST(LocalRecheck, AReplacementOfAFeatureTheProjectLacksIsRefused) {
  auto doc = render::open_document(demo_project());
  ASSERT_TRUE(doc.has_value());
  Workspace ws = doc->ws;
  PlannedFeature f = replacement_of(*ws.layer("roads"), 0, {{"surface", "asphalt"}});
  f.replaces = 99999999;
  auto tables = planned_tables(ws, {f});
  ASSERT_TRUE(tables.has_value());
  app::PlannedLayers planned;
  planned.path = "planned.gpkg";
  planned.layers = std::move(*tables);
  const size_t before = ws.layer("roads")->size();
  auto applied = app::apply_planned(ws, planned, std::nullopt);
  ASSERT_FALSE(applied.has_value());
  EXPECT_EQ(applied.error().field, "replaces");
  EXPECT_EQ(applied.error().layer, "roads");
  EXPECT_NE(applied.error().message.find("99999999"), std::string::npos);
  EXPECT_EQ(ws.layer("roads")->size(), before) << "nothing applied";
}

}  // namespace
}  // namespace jiuyou::viewer
