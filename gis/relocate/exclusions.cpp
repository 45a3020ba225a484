// "四避开" and terrain: hazard zones (plus hazard_buffer_m), flood zones, ecological red
// line, reserves and basic farmland (the protected layer's kind), slope and altitude. Each
// sample of a candidate stands for the cell around it; a vector exclusion holds for the whole
// cell (a cell that overlaps a zone, or comes within the buffer of a hazard, is not
// buildable), slope and altitude are read at the sample (the DEM's own resolution). A
// candidate keeps the largest 4-connected group of buildable cells: its footprint.
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "gis/io/dem_processing.hpp"
#include "gis/relocate/stages.hpp"

namespace jiuyou::plan::detail {

std::string mask_text(Mask m, bool zh) {
  std::string out;
  for (int k = 0; k < k_exclusion_kinds; ++k) {
    if ((m & (1U << k)) == 0) continue;
    if (!out.empty()) out += zh ? "；" : "; ";
    out += zh ? to_string_zh(static_cast<Exclusion>(k)) : to_string(static_cast<Exclusion>(k));
  }
  return out;
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

void note(IssueLog& log, Severity s, std::string code, std::string message, std::string layer) {
  Issue i;
  i.severity = s;
  i.code = std::move(code);
  i.layer = std::move(layer);
  i.message = std::move(message);
  log.add(std::move(i));
}

namespace {

constexpr double k_inf = std::numeric_limits<double>::infinity();
// A cell that only touches a zone along its edge does not overlap it.
constexpr double k_touch_m = 1e-6;

double point_rect_distance(double x, double y, const BBox& r) {
  const double dx = std::max({r.min_x - x, 0.0, x - r.max_x});
  const double dy = std::max({r.min_y - y, 0.0, y - r.max_y});
  return std::hypot(dx, dy);
}

double cross(Vec2 o, Vec2 a, Vec2 b) { return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x); }

bool segments_meet(Vec2 a, Vec2 b, Vec2 c, Vec2 d) {
  const double d1 = cross(c, d, a), d2 = cross(c, d, b), d3 = cross(a, b, c), d4 = cross(a, b, d);
  return ((d1 > 0) != (d2 > 0) || d1 == 0 || d2 == 0) && ((d3 > 0) != (d4 > 0) || d3 == 0 || d4 == 0) &&
         std::max(a.x, b.x) >= std::min(c.x, d.x) && std::max(c.x, d.x) >= std::min(a.x, b.x) && std::max(a.y, b.y) >= std::min(c.y, d.y) &&
         std::max(c.y, d.y) >= std::min(a.y, b.y);
}

// Distance from segment a-b to the rectangle (0 when they meet).
double segment_rect_distance(Vec2 a, Vec2 b, const BBox& r) {
  if (point_rect_distance(a.x, a.y, r) == 0 || point_rect_distance(b.x, b.y, r) == 0) return 0;
  const Vec2 c[4] = {{r.min_x, r.min_y}, {r.max_x, r.min_y}, {r.max_x, r.max_y}, {r.min_x, r.max_y}};
  double best = std::min(point_rect_distance(a.x, a.y, r), point_rect_distance(b.x, b.y, r));
  for (int k = 0; k < 4; ++k) {
    if (segments_meet(a, b, c[k], c[(k + 1) % 4])) return 0;
    best = std::min(best, std::sqrt(point_segment_distance2(c[k].x, c[k].y, a.x, a.y, b.x, b.y)));
  }
  return best;
}

// Distance from a polygon feature to the rectangle: 0 when they overlap (the rectangle's centre
// inside, or an edge of the polygon meeting the rectangle).
double rect_feature_distance(const GeometryColumn& g, size_t f, const BBox& r) {
  if (point_in_feature(g, f, (r.min_x + r.max_x) / 2, (r.min_y + r.max_y) / 2)) return 0;
  double best = k_inf;
  for (uint32_t part = g.part_begin(f); part < g.part_end(f); ++part)
    for (uint32_t ring = g.ring_begin(part); ring < g.ring_end(part); ++ring)
      for (uint32_t v = g.vertex_begin(ring); v + 1 < g.vertex_end(ring); ++v) {
        best = std::min(best, segment_rect_distance(g.vertex(v), g.vertex(v + 1), r));
        if (best == 0) return 0;
      }
  return best;
}

}  // namespace

Mask Zones::test(const BBox& cell) const {
  const BBox inner = cell.inflated(-k_touch_m);
  Mask m = 0;
  index.query(cell, [&](uint32_t item) {
    const Zone& z = zones[item];
    const double d = rect_feature_distance(z.table->geometry, z.row, inner);
    if (d == 0) m |= bit(z.inside);
    else if (z.buffer_m > 0 && d <= z.buffer_m) m |= bit(Exclusion::hazard_buffer);
  });
  return m;
}

// How a protected area's kind is quoted in the note: the value itself; for a value the loader could not map
// (the vocabulary turned it into unknown, so the feature holds none) the values its load warning lists for the
// layer's kind, so the user finds what to fix, not a blank (tour 11 K7); "类型没有填写" when nothing was read.
std::string protected_kind_quoted(const Workspace& ws, const std::string& k) {
  if (!k.empty()) return "类型“" + k + "”无法识别";
  for (const Issue& i : ws.issues.entries()) {
    if (i.code != "unmapped_value" || i.layer != "protected" || i.field != "kind") continue;
    std::string values;
    for (size_t at = i.message.find("「"); at != std::string::npos; at = i.message.find("「", at + 1)) {
      const size_t end = i.message.find("」", at);
      if (end == std::string::npos) break;
      values += (values.empty() ? "" : "、") + ("“" + i.message.substr(at + 3, end - at - 3) + "”");
    }
    if (!values.empty()) return "类型" + values + "无法识别（读入时已记为未知）";
  }
  return "类型没有填写";
}

Zones build_zones(const Workspace& ws, const FeatureTable* hazards, const RelocateParams& p, IssueLog& notes) {
  Zones z;
  std::vector<BBox> boxes;
  if (const FeatureTable* h = hazards; h != nullptr && h->geometry.kind == GeometryKind::polygon) {
    const Column* kind = h->column("kind");
    if (kind == nullptr) note(notes, Severity::warning, "hazard_kind_missing", "灾害隐患区图层（hazards）没有类型字段 kind，分不出洪涝区和地质灾害区：每个区都按地质灾害区处理，并向外避让缓冲距离，"
                       "可选安置用地可能因此偏少；请在图层中加上 kind（landslide 滑坡、debris_flow 泥石流、collapse 崩塌、flood 洪涝）后重新计算", "hazards");
    for (uint32_t r = 0; r < h->size(); ++r) {
      const std::string k = kind ? lower(kind->as_text(r)) : std::string("landslide");
      Zone zone{h, r, Exclusion::hazard, p.hazard_buffer_m};
      if (k == "flood") zone = Zone{h, r, Exclusion::flood, 0};
      z.zones.push_back(zone);
      boxes.push_back(h->geometry.feature_bbox(r).inflated(zone.buffer_m));
    }
  } else {
    if (ws.layer("hazards") == nullptr)  // a layer of another kind is said by hazard_zones
      note(notes, Severity::warning, "no_hazards", "项目中没有灾害隐患区面图层（hazards）：安置点没有避开地质灾害区和洪涝区的检查，选定的安置点须实地核实；"
                "有隐患区数据时请在项目文件中加入 [layers.hazards] 后重新计算", "hazards");
  }
  if (const FeatureTable* pr = ws.layer("protected"); pr != nullptr && pr->geometry.kind == GeometryKind::polygon) {
    const Column* kind = pr->column("kind");
    for (uint32_t r = 0; r < pr->size(); ++r) {
      const std::string k = kind ? lower(kind->as_text(r)) : std::string();
      Exclusion e = Exclusion::reserve;
      if (k == "basic_farmland") e = Exclusion::basic_farmland;
      else if (k == "ecological_redline") e = Exclusion::ecological_redline;
      else if (k != "reserve")
        note(notes, Severity::warning, "protected_kind_unknown", "保护区图层（protected）第 " + std::to_string(pr->fid[r]) + " 号要素的" + protected_kind_quoted(ws, k) +
                 "，已按自然保护区避开；请改为 basic_farmland（永久基本农田）、ecological_redline（生态保护红线）或 reserve（自然保护区）", "protected");
      z.zones.push_back(Zone{pr, r, e, 0});
      boxes.push_back(pr->geometry.feature_bbox(r));
    }
  } else {
    note(notes, Severity::warning, "no_protected", "项目中没有保护区面图层（protected）：安置点没有避开永久基本农田、生态保护红线和自然保护区的检查，选定的安置点须逐一核对国土空间规划；"
                "有这些数据时请在项目文件中加入 [layers.protected] 后重新计算", "protected");
  }
  z.index.build(boxes);
  return z;
}

Result<Terrain> load_terrain(const Workspace& ws, const RelocateParams& p, bool& slope_used, IssueLog& notes) {
  Terrain terrain;
  slope_used = true;
  if (ws.dem && !ws.dem->empty()) {
    auto slope = io::dem_slope_deg(*ws.dem);
    if (!slope) return tl::unexpected(slope.error());
    terrain.dem = &*ws.dem;
    terrain.slope = std::move(*slope);
  } else if (!p.allow_no_dem) {
    return error(ErrorCode::format, dem_absence_zh(ws.dem_unused) + "：坡度（≤ " + std::to_string(static_cast<int>(p.max_slope_deg)) +
                                        "°）和海拔无法检查，没有一个安置点能证明是安全的")
        .layer("dem")
        .hint(dem_absence_hint(ws.dem_unused) + "；或加 --no-slope（allow_no_dem = true），不按坡度和海拔规则选址");
  } else {
    slope_used = false;
    note(notes, Severity::warning, "no_dem", (ws.dem_unused.empty() ? std::string("没有高程数据") : "高程数据未使用（" + ws.dem_unused + "）") + "（按 --no-slope 计算）：坡度和海拔没有检查，选定的安置点可能坡度过大，须逐一实地核实坡度", "dem");
  }
  return terrain;
}

Mask terrain_test(const Terrain& t, const RelocateParams& p, double x, double y) {
  if (t.dem == nullptr) return 0;
  Mask m = 0;
  const auto alt = t.dem->cell_value(x, y);
  if (!alt) return bit(Exclusion::outside_dem);
  if (*alt > p.max_altitude_m) m |= bit(Exclusion::altitude);
  const auto s = t.slope->cell_value(x, y);
  if (!s || *s > p.max_slope_deg) m |= bit(Exclusion::slope);
  return m;
}

namespace {

struct Evaluated {
  bool buildable = false;
  Mask reasons = 0;  // union over the non-buildable samples
  std::array<int32_t, k_exclusion_kinds> counts{};
  Vec2 point;
  double area_m2 = 0;
  std::vector<BBox> footprint;  // the cells of the largest buildable group
};

// Largest 4-connected group of the marked samples (ties: the first found).
std::vector<size_t> largest_group(const Candidate& c, const std::vector<uint8_t>& ok) {
  const size_t n = ok.size();
  std::vector<int32_t> comp(n, -1);
  std::vector<size_t> best, stack, group;
  for (size_t i = 0; i < n; ++i) {
    if (ok[i] == 0 || comp[i] >= 0) continue;
    group.clear();
    stack.assign(1, i);
    comp[i] = static_cast<int32_t>(i);
    while (!stack.empty()) {
      const size_t q = stack.back();
      stack.pop_back();
      group.push_back(q);
      const int qx = static_cast<int>(q % static_cast<size_t>(c.nx)), qy = static_cast<int>(q / static_cast<size_t>(c.nx));
      const int nbr[4][2] = {{qx - 1, qy}, {qx + 1, qy}, {qx, qy - 1}, {qx, qy + 1}};
      for (const auto& b : nbr) {
        if (b[0] < 0 || b[1] < 0 || b[0] >= c.nx || b[1] >= c.ny) continue;
        const size_t r = static_cast<size_t>(b[1]) * static_cast<size_t>(c.nx) + static_cast<size_t>(b[0]);
        if (ok[r] != 0 && comp[r] < 0) {
          comp[r] = static_cast<int32_t>(i);
          stack.push_back(r);
        }
      }
    }
    if (group.size() > best.size()) best = group;
  }
  return best;
}

Evaluated evaluate(const Candidate& c, const Zones& zones, const Terrain& terrain, const RelocateParams& p) {
  Evaluated ev;
  std::vector<uint8_t> ok(c.samples.size(), 0);
  for (size_t i = 0; i < c.samples.size(); ++i) {
    const Vec2 s = c.samples[i];
    if (std::isnan(s.x)) continue;
    const Mask m = static_cast<Mask>(zones.test(c.cell(i)) | terrain_test(terrain, p, s.x, s.y));
    if (m == 0) {
      ok[i] = 1;
      continue;
    }
    ev.reasons |= m;
    for (int k = 0; k < k_exclusion_kinds; ++k)
      if ((m & (1U << k)) != 0) ++ev.counts[static_cast<size_t>(k)];
  }
  std::vector<size_t> best = largest_group(c, ok);
  if (best.empty()) return ev;
  // The site point: the group's sample nearest its centroid.
  double cx = 0, cy = 0;
  for (size_t q : best) cx += c.samples[q].x, cy += c.samples[q].y;
  cx /= static_cast<double>(best.size());
  cy /= static_cast<double>(best.size());
  std::sort(best.begin(), best.end());
  double bd = k_inf;
  for (size_t q : best) {
    const double d = std::hypot(c.samples[q].x - cx, c.samples[q].y - cy);
    if (d < bd) bd = d, ev.point = c.samples[q];
    ev.footprint.push_back(c.cell(q));
  }
  ev.buildable = true;
  ev.area_m2 = static_cast<double>(best.size()) * c.sample_area_m2;
  return ev;
}

ExcludedArea excluded_area(const Candidate& c, uint32_t i, const Evaluated& ev, double per_hh) {
  ExcludedArea x;
  x.candidate = i;
  x.label = c.label;
  x.cell = c.extent;
  x.source_fid = c.source_fid;
  x.reasons = mask_text(ev.reasons, false);
  x.reasons_zh = mask_text(ev.reasons, true);
  if (ev.buildable) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "%.0f m² contiguous buildable, less than one household (%.0f m²)", ev.area_m2, per_hh);
    x.reasons = x.reasons.empty() ? buf : x.reasons + "; " + buf;
    x.reasons_zh += x.reasons_zh.empty() ? "可建设面积不足一户" : "；可建设面积不足一户";
  }
  return x;
}

}  // namespace

Screened screen_candidates(const std::vector<Candidate>& cands, const Zones& zones, const Terrain& terrain, const RelocateParams& p) {
  std::vector<Evaluated> evals(cands.size());
  tbb::parallel_for(size_t{0}, cands.size(), [&](size_t i) { evals[i] = evaluate(cands[i], zones, terrain, p); });
  Screened out;
  const double per_hh = p.area_per_household_m2();
  for (size_t i = 0; i < cands.size(); ++i) {
    Evaluated& ev = evals[i];
    out.reasons |= ev.reasons;
    for (size_t k = 0; k < ev.counts.size(); ++k) out.samples_excluded[k] += ev.counts[k];
    const auto capacity = static_cast<int64_t>(cands[i].fixed_capacity >= 0 ? std::floor(cands[i].fixed_capacity) : std::floor(ev.area_m2 / per_hh));
    if (!ev.buildable || capacity <= 0) {
      out.excluded.push_back(excluded_area(cands[i], static_cast<uint32_t>(i), ev, per_hh));
      continue;
    }
    Site s;
    s.candidate = static_cast<uint32_t>(i);
    s.label = cands[i].label;
    s.source_fid = cands[i].source_fid;
    s.point = ev.point;
    s.extent = cands[i].extent;
    s.buildable_m2 = ev.area_m2;
    s.capacity = capacity;
    s.partly_excluded = mask_text(ev.reasons, false);
    s.footprint = std::move(ev.footprint);
    out.sites.push_back(std::move(s));
  }
  return out;
}

}  // namespace jiuyou::plan::detail
