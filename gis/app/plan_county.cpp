#include "gis/app/plan_county.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <unordered_map>

#include "gis/io/schema.hpp"

namespace jiuyou::app {
namespace {

constexpr const char* code_field = "code";
constexpr const char* village_code_field = "village_code";
constexpr size_t county_digits = 6;

bool starts_with_digits(const std::string& s, size_t n) {
  return s.size() >= n && std::all_of(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(n), [](unsigned char c) { return std::isdigit(c) != 0; });
}

// FNV-1a over the sorted codes: stable across runs and platforms.
std::string digest_of(std::vector<std::string> codes) {
  std::sort(codes.begin(), codes.end());
  uint64_t h = 1469598103934665603ULL;
  for (const std::string& c : codes) {
    for (const unsigned char ch : c + '\n') h = (h ^ ch) * 1099511628211ULL;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return std::to_string(codes.size()) + ":" + buf;
}

std::string named(const std::string& name, const std::string& code) {
  return (name.empty() ? std::string("未命名的县") : name) + "（" + (code.empty() ? std::string("无代码") : code) + "）";
}

}  // namespace

County county_of(const Workspace& ws) {
  County c;
  c.name = ws.name;
  const FeatureTable* villages = ws.layer(io::target_layer);
  const Column* code = villages == nullptr ? nullptr : villages->column(code_field);
  if (code == nullptr) return c;
  std::vector<std::string> codes;
  std::map<std::string, size_t> prefixes;
  for (size_t v = 0; v < villages->size(); ++v) {
    if (code->is_null(v)) continue;
    codes.push_back(code->as_text(v));
    if (starts_with_digits(codes.back(), county_digits)) ++prefixes[codes.back().substr(0, county_digits)];
  }
  size_t best = 0;
  for (const auto& [prefix, n] : prefixes)
    if (n > best) best = n, c.code = prefix;
  c.digest = digest_of(std::move(codes));
  return c;
}

Result<void> require_plan_of_county(const std::optional<report::ResultMeta>& meta, const std::string& plan_path, const Workspace& ws,
                                    std::vector<std::string>& warnings_zh) {
  if (!meta || meta->kind != k_invest_kind) return {};
  const auto get = [&](const char* key) {
    const auto it = meta->extra.find(key);
    return it == meta->extra.end() ? std::string() : it->second;
  };
  const County here = county_of(ws);
  const std::string plan_code = get(k_meta_county_code), plan_name = get(k_meta_county_name);
  if (!plan_code.empty() && !here.code.empty() && plan_code != here.code)
    return error(ErrorCode::input, "这个方案是为" + named(plan_name, plan_code) + "编制的，不能用于" + named(here.name, here.code) + "的检查或制图")
        .file(plan_path)
        .layer(report::k_result_meta_layer)
        .hint("用本县的项目文件运行 jiuyou invest 编制方案，或换用为本县编制的 invest.gpkg");
  const std::string plan_digest = get(k_meta_villages_digest);
  if (!plan_digest.empty() && !here.digest.empty() && plan_digest != here.digest)
    warnings_zh.push_back("这个方案编制时的村与本项目的村不一致（村的编码有增减或改动），规划项目可能记在不对应的村上；请用当前数据重新编制方案后再复核。");
  return {};
}

std::vector<std::string> planned_outside_villages(const FeatureTable& planned, const Workspace& ws) {
  std::vector<std::string> out;
  const Column* named_code = planned.column(village_code_field);
  const FeatureTable* villages = ws.layer(io::target_layer);
  const Column* code = villages == nullptr ? nullptr : villages->column(code_field);
  if (named_code == nullptr || code == nullptr || villages->geometry.kind != GeometryKind::polygon || planned.geometry.kind != GeometryKind::point) return out;
  std::unordered_map<std::string, size_t> row_of;
  for (size_t v = 0; v < villages->size(); ++v)
    if (!code->is_null(v)) row_of.emplace(code->as_text(v), v);
  for (size_t f = 0; f < planned.size(); ++f) {
    if (named_code->is_null(f) || planned.geometry.is_empty(f)) continue;
    const std::string c = named_code->as_text(f);
    const auto it = row_of.find(c);
    const Vec2 at = planned.geometry.first_vertex(f);
    if (it != row_of.end() && point_in_feature(villages->geometry, it->second, at.x, at.y)) continue;
    out.push_back("规划图层“" + planned.name + "”的要素 " + std::to_string(planned.fid[f]) + " 记在村 " + c +
                  (it == row_of.end() ? " 上，但本项目没有这个编码的村，它不计入任何村" : " 上，但它的位置不在这个村的范围内，它仍按所记的村计入") + "；请核对位置或村编码。");
  }
  return out;
}

}  // namespace jiuyou::app
