#include "src/viewer/map/evidence_line.hpp"

#include <cmath>

#include "gis/report/result_names.hpp"

namespace jiuyou::viewer {

namespace {

struct GapColumns {
  const FeatureTable* gaps = nullptr;
  const Column* code = nullptr;
  const Column* item = nullptr;
  const Column* length = nullptr;
};

std::optional<GapColumns> gap_columns(const Workspace& ws) {
  GapColumns c;
  c.gaps = ws.layer(report::gaps_layer);
  if (!c.gaps) return std::nullopt;
  c.code = c.gaps->column(report::gap_village_field);
  c.item = c.gaps->column("item");
  c.length = c.gaps->column("length_m");
  if (!c.code || !c.item) return std::nullopt;
  return c;
}

// Row r's line when it is the village's gap line for the item (its first and last vertex).
std::optional<EvidenceLine> line_of_row(const GapColumns& c, size_t r, const std::string& village_code, const std::string& item) {
  if (r >= c.gaps->size() || c.code->is_null(r) || c.item->is_null(r)) return std::nullopt;
  if (c.code->as_text(r) != village_code || c.item->as_text(r) != item) return std::nullopt;
  const GeometryColumn& g = c.gaps->geometry;
  if (g.is_empty(r)) return std::nullopt;
  const uint32_t ring = g.ring_begin(g.part_begin(r));
  const uint32_t b = g.vertex_begin(ring), e = g.vertex_end(ring);
  if (e < b + 2) return std::nullopt;
  EvidenceLine line{g.vertex(b), g.vertex(e - 1), 0};
  const auto recorded = c.length ? c.length->number(r) : std::nullopt;
  line.recorded_m = recorded ? *recorded : std::hypot(line.to.x - line.from.x, line.to.y - line.from.y);
  return line;
}

}  // namespace

std::optional<EvidenceLine> evidence_line(const Workspace& ws, const std::string& village_code, const std::string& item) {
  const auto c = gap_columns(ws);
  if (!c || village_code.empty()) return std::nullopt;
  for (size_t r = 0; r < c->gaps->size(); ++r)
    if (auto line = line_of_row(*c, r, village_code, item)) return line;
  return std::nullopt;
}

void GapRows::build(const Workspace& ws) {
  by_code.clear();
  const auto c = gap_columns(ws);
  if (!c) return;
  for (size_t r = 0; r < c->gaps->size(); ++r)
    if (!c->code->is_null(r)) by_code[c->code->as_text(r)].push_back(static_cast<uint32_t>(r));
}

std::optional<EvidenceLine> evidence_line(const Workspace& ws, const GapRows& rows, const std::string& village_code, const std::string& item) {
  const auto c = gap_columns(ws);
  if (!c || village_code.empty()) return std::nullopt;
  const auto it = rows.by_code.find(village_code);
  if (it == rows.by_code.end()) return std::nullopt;
  for (const uint32_t r : it->second)
    if (auto line = line_of_row(*c, r, village_code, item)) return line;
  return std::nullopt;
}

}  // namespace jiuyou::viewer
