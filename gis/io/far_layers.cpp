#include "gis/io/far_layers.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "gis/io/schema.hpp"

namespace jiuyou::io {

double box_gap(const BBox& a, const BBox& b) {
  const double dx = std::max({0.0, a.min_x - b.max_x, b.min_x - a.max_x});
  const double dy = std::max({0.0, a.min_y - b.max_y, b.min_y - a.max_y});
  return std::hypot(dx, dy);
}

std::vector<FarLayer> far_layers(std::span<const FeatureTable* const> layers, const FeatureTable& villages, double threshold_m) {
  return far_layers(layers, villages.bbox(), &villages, threshold_m);
}

std::vector<FarLayer> far_layers(std::span<const FeatureTable* const> layers, const BBox& v, const FeatureTable* villages, double threshold_m) {
  std::vector<FarLayer> out;
  if (v.empty()) return out;
  for (const FeatureTable* t : layers) {
    if (t == nullptr || t == villages || t->size() == 0) continue;
    const BBox b = t->bbox();
    if (b.empty()) continue;
    if (const double gap = box_gap(b, v); gap > threshold_m) out.push_back({t, gap});
  }
  return out;
}

std::string far_layer_text(const FarLayer& f) {
  char km[32];
  std::snprintf(km, sizeof km, "%.1f", f.distance_m / 1000);
  return "图层 " + f.table->name + "（文件 " + f.table->source + "）离村庄范围最近 " + km + " km，与本县不重叠";
}

std::string far_layer_hint(const FeatureTable& t) {
  return "坐标系可能写错：相邻带号？（如 EPSG:4545 与 EPSG:4546）经纬度顺序写反？坐标系或基准写错？核对该文件的 .prj，或项目里 [layers." + t.name +
         "] 的 crs = \"...\"";
}

void note_far_layers(Workspace& ws) {
  const FeatureTable* villages = ws.layer(target_layer);
  if (villages == nullptr || ws.metric_crs.empty()) return;
  std::vector<const FeatureTable*> layers;
  for (const auto& t : ws.layers) layers.push_back(&t);
  for (const FarLayer& f : far_layers(layers, *villages, k_far_layer_m)) {
    Issue i;
    i.severity = Severity::warning;
    i.code = "layer_far_from_villages";
    i.file = f.table->source;
    i.layer = f.table->name;
    i.message = far_layer_text(f) + "：按它判断的指标在各村都会找不到，检查时记为未知";
    i.hint = far_layer_hint(*f.table);
    ws.issues.add(std::move(i));
  }
}

}  // namespace jiuyou::io
