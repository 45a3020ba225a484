#include "src/viewer/map/evidence_line.hpp"

#include <cmath>

namespace jiuyou::viewer {

std::optional<EvidenceLine> evidence_line(const Workspace& ws, const std::string& village_code, const std::string& item) {
  const FeatureTable* gaps = ws.layer("gaps");
  if (!gaps || village_code.empty()) return std::nullopt;
  const Column* code = gaps->column("village_code");
  const Column* id = gaps->column("item");
  const Column* length = gaps->column("length_m");
  if (!code || !id) return std::nullopt;
  const GeometryColumn& g = gaps->geometry;
  for (size_t r = 0; r < gaps->size(); ++r) {
    if (code->is_null(r) || id->is_null(r) || code->as_text(r) != village_code || id->as_text(r) != item) continue;
    if (g.is_empty(r)) continue;
    const uint32_t ring = g.ring_begin(g.part_begin(r));
    const uint32_t b = g.vertex_begin(ring), e = g.vertex_end(ring);
    if (e < b + 2) continue;
    EvidenceLine line{g.vertex(b), g.vertex(e - 1), 0};
    const auto recorded = length ? length->number(r) : std::nullopt;
    line.recorded_m = recorded ? *recorded : std::hypot(line.to.x - line.from.x, line.to.y - line.from.y);
    return line;
  }
  return std::nullopt;
}

}  // namespace jiuyou::viewer
