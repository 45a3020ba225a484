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

bool villages_look_off(size_t far, size_t layers) { return far >= 2 && far * 2 > layers; }

std::string villages_off_text(const FeatureTable& villages, size_t far, size_t layers, double nearest_m) {
  char km[32];
  std::snprintf(km, sizeof km, "%.1f", nearest_m / 1000);
  return "村图层（文件 " + villages.source + "）离其他 " + std::to_string(layers) + " 个图层中的 " + std::to_string(far) + " 个都很远（最近 " + km +
         " km）：多半是村图层的坐标写错了，而不是这些图层";
}

std::string villages_off_hint(const FeatureTable& villages) {
  const BBox b = villages.bbox();
  std::string hint = "核对村图层的坐标系：它的 .prj，或项目里 [layers." + villages.name + "] 的 crs = \"...\"";
  if (b.min_x > 1e7) hint += "；X 坐标带了带号（如 " + std::to_string(static_cast<long long>(b.min_x)) + "）：用含带号的坐标系（如 EPSG:4525），或去掉带号";
  else if (b.min_x > 2e6 && b.max_x < 6.5e6 && b.min_y > 1e5 && b.max_y < 9e5) hint += "；x 像是北坐标、y 像是东坐标（测量上 X 向北）：请交换 x、y";
  else hint += "；相邻带号？（如 EPSG:4545 与 EPSG:4546）";
  return hint;
}

void note_far_layers(Workspace& ws) {
  const FeatureTable* villages = ws.layer(target_layer);
  if (villages == nullptr || ws.metric_crs.empty()) return;
  std::vector<const FeatureTable*> layers;
  for (const auto& t : ws.layers)
    if (&t != villages && t.size() > 0 && !t.bbox().empty()) layers.push_back(&t);
  const std::vector<FarLayer> far = far_layers(layers, *villages, k_far_layer_m);
  if (villages_look_off(far.size(), layers.size())) {
    double nearest = far.front().distance_m;
    for (const FarLayer& f : far) nearest = std::min(nearest, f.distance_m);
    Issue i;
    i.severity = Severity::warning;
    i.code = "layer_far_from_villages";
    i.file = villages->source;
    i.layer = villages->name;
    i.message = villages_off_text(*villages, far.size(), layers.size(), nearest) + "：按这些图层判断的指标在各村都会找不到，检查时记为未知";
    i.hint = villages_off_hint(*villages);
    ws.issues.add(std::move(i));
    return;
  }
  for (const FarLayer& f : far) {
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
