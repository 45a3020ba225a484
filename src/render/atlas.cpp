#include "gis/io/schema.hpp"
#include "gis/model/table_rows.hpp"
#include "gis/report/place.hpp"
#include "gis/report/result_names.hpp"
#include "src/render/atlas.hpp"

#include <algorithm>
#include <map>
#include <unordered_set>

namespace jiuyou::render {

namespace {

std::string text_at(const FeatureTable& t, std::string_view col, size_t row) {
  const Column* c = t.column(col);
  return c && !c->is_null(row) ? c->as_text(row) : std::string();
}

bool meets(const BBox& a, const BBox& b) { return a.min_x <= b.max_x && b.min_x <= a.max_x && a.min_y <= b.max_y && b.min_y <= a.max_y; }

BBox grow(BBox b, double fraction) {
  const double m = std::max(b.max_x - b.min_x, b.max_y - b.min_y) * fraction + 200.0;
  return {b.min_x - m, b.min_y - m, b.max_x + m, b.max_y + m};
}

BBox unite(const BBox& a, const BBox& b) {
  return {std::min(a.min_x, b.min_x), std::min(a.min_y, b.min_y), std::max(a.max_x, b.max_x), std::max(a.max_y, b.max_y)};
}

// The items of one village by outcome: the rule set's names in its order.
AtlasRow row_of(const FeatureTable& v, size_t r, const std::vector<ItemInfo>& items) {
  AtlasRow row;
  row.village = text_at(v, "name", r);
  if (row.village.empty()) row.village = text_at(v, report::code_field, r);
  row.verdict = text_at(v, "verdict_zh", r);
  if (row.verdict.empty()) row.verdict = text_at(v, "verdict", r);
  for (const ItemInfo& it : items) {
    if (!it.required) continue;  // advisory items do not decide the verdict
    const std::string outcome = text_at(v, it.id, r);
    if (outcome == "fail") row.lacks.push_back(it.name);
    else if (outcome == "unknown") row.unknown.push_back(it.name);
  }
  return row;
}

// Township code → name and extent from the townships layer (if the project has one).
struct TownshipInfo {
  std::string name;
  std::optional<BBox> extent;
};
std::map<std::string, TownshipInfo> townships_of(const Workspace& ws) {
  std::map<std::string, TownshipInfo> out;
  const FeatureTable* t = ws.layer("townships");
  if (!t) return out;
  for (size_t r = 0; r < t->size(); ++r) {
    const std::string code = text_at(*t, report::code_field, r);
    if (code.empty()) continue;
    TownshipInfo& info = out[code];
    info.name = text_at(*t, "name", r);
    const BBox b = t->geometry.feature_bbox(r);
    if (b.max_x >= b.min_x) info.extent = info.extent ? unite(*info.extent, b) : b;
  }
  return out;
}

}  // namespace

Result<AtlasPlan> plan_atlas(const Document& doc) {
  const FeatureTable* v = doc.ws.layer(io::target_layer);
  if (!v) return error(ErrorCode::input, "no villages layer to make an atlas of").hint("give the result.gpkg of jiuyou check");
  if (!v->column(report::township_field))
    return error(ErrorCode::input, "the villages have no township field").layer(io::target_layer).field(report::township_field)
        .hint("map the township code in the project's [layers.villages] fields, then run jiuyou check again");
  if (!v->column("verdict"))
    return error(ErrorCode::input, "the villages carry no verdict: this is not a check result").layer(io::target_layer).field("verdict")
        .hint("run jiuyou check PROJECT --out DIR, then jiuyou atlas DIR/result.gpkg");
  const std::vector<ItemInfo> items = items_of_rule_set(doc.rule_set);
  const std::map<std::string, TownshipInfo> towns = townships_of(doc.ws);
  std::map<std::string, AtlasPage> pages;
  for (size_t r = 0; r < v->size(); ++r) {
    const std::string code = text_at(*v, report::township_field, r);
    AtlasPage& p = pages[code];
    const BBox b = v->geometry.feature_bbox(r);
    if (p.rows.empty()) {
      p.township_code = code;
      const auto it = towns.find(code);
      p.township = it != towns.end() && !it->second.name.empty() ? it->second.name : code.empty() ? "乡镇未填" : code;
      p.extent = it != towns.end() && it->second.extent ? *it->second.extent : b;
    }
    p.extent = unite(p.extent, b);
    p.rows.push_back(row_of(*v, r, items));
    const std::string verdict = text_at(*v, "verdict", r);
    (verdict == "exit" ? p.exit : verdict == "fail" ? p.fail : p.unknown) += 1;
  }
  // Same-named townships of two counties (two 城关镇) are told apart on their pages as in report.html (tour 11 K5).
  std::vector<std::string> keys;
  for (const auto& [code, page] : pages) keys.push_back(code);
  const auto labels = report::township_labels(WorkspaceView::of(doc.ws), keys, [&pages](const std::string& k) { return pages.at(k).township; });
  for (auto& [code, page] : pages) page.township = labels.at(code);
  AtlasPlan plan;
  plan.title = doc.ws.name;
  plan.caveats = doc.verdict_caveats;
  for (auto& [code, page] : pages) {
    if (!(page.extent.max_x >= page.extent.min_x && page.extent.max_y >= page.extent.min_y)) page.extent = v->bbox();  // villages without geometry
    page.extent = grow(page.extent, 0.04);
    plan.pages.push_back(std::move(page));
  }
  return plan;
}

FeatureTable rows_where(const FeatureTable& t, const std::function<bool(size_t)>& keep) {
  std::vector<size_t> kept;
  for (size_t r = 0; r < t.size(); ++r)
    if (keep(r)) kept.push_back(r);
  return copy_rows(t, kept);
}

Workspace clip_workspace(const Workspace& ws, const BBox& extent) {
  Workspace out;
  out.project_path = ws.project_path;
  out.metric_crs = ws.metric_crs;
  out.dem = ws.dem;
  for (const FeatureTable& t : ws.layers)
    out.layers.push_back(rows_where(t, [&](size_t r) { return meets(t.geometry.feature_bbox(r), extent); }));
  return out;
}

// The villages the page is about: its township's (neighbours drawn in the frame are context and
// not counted, so the legend adds up to the page's header and table).
FeatureTable township_villages(const FeatureTable& villages, const AtlasPage& p) {
  const Column* township = villages.column(report::township_field);
  if (township == nullptr) return villages;
  return rows_where(villages, [&](size_t r) { return !township->is_null(r) && township->as_text(r) == p.township_code; });
}

// The page's villages in their verdict colours; the neighbouring townships' villages in the frame drawn as light
// grey context under their own name, and only the page's villages' gap lines (tour 16 Q3: a neighbour in 可出列 green
// read as the township's own, which the header and legend do not count).
std::vector<std::string> split_off_neighbours(Workspace& page_ws, const AtlasPage& p) {
  FeatureTable* villages = page_ws.layer(io::target_layer);
  if (villages == nullptr || villages->column(report::township_field) == nullptr) return {};
  FeatureTable own = township_villages(*villages, p);
  if (own.size() == villages->size()) return {};
  const Column* township = villages->column(report::township_field);
  FeatureTable others = rows_where(*villages, [&](size_t r) { return township->is_null(r) || township->as_text(r) != p.township_code; });
  others.name = k_neighbour_villages;
  std::unordered_set<std::string> codes;
  if (const Column* code = own.column(report::code_field))
    for (size_t r = 0; r < own.size(); ++r)
      if (!code->is_null(r)) codes.insert(code->as_text(r));
  if (FeatureTable* gaps = page_ws.layer(report::gaps_layer); gaps != nullptr && gaps->column(report::gap_village_field) != nullptr) {
    const Column* of = gaps->column(report::gap_village_field);
    *gaps = rows_where(*gaps, [&](size_t r) { return !of->is_null(r) && codes.count(of->as_text(r)) != 0; });
  }
  *villages = std::move(own);
  page_ws.layers.push_back(std::move(others));
  return {k_neighbour_villages};
}

}  // namespace jiuyou::render
