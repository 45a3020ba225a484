#include "gis/io/village_parts.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "gis/geos/dissolve.hpp"
#include "gis/geos/repair.hpp"
#include "gis/geos/shape.hpp"
#include "gis/util/general.hpp"
#include "gis/model/table_rows.hpp"

namespace jiuyou::io {

namespace {

// The rows of each code that has more than one, in the order of their first row.
std::vector<std::vector<size_t>> repeated_codes(const FeatureTable& t, const Column& code) {
  std::unordered_map<std::string, size_t> group_of;
  std::vector<std::vector<size_t>> groups;
  for (size_t r = 0; r < t.size(); ++r) {
    if (code.is_null(r)) continue;
    auto [it, inserted] = group_of.emplace(code.as_text(r), groups.size());
    if (inserted) groups.emplace_back();
    groups[it->second].push_back(r);
  }
  std::erase_if(groups, [](const auto& g) { return g.size() < 2; });
  return groups;
}

bool same_attributes(const FeatureTable& t, size_t a, size_t b) {
  for (const Column& c : t.columns)
    if (c.is_null(a) != c.is_null(b) || (!c.is_null(a) && c.as_text(a) != c.as_text(b))) return false;
  return true;
}

bool same_geometry(const GeometryColumn& g, size_t a, size_t b) {
  const auto span_of = [&](size_t f) -> std::pair<size_t, size_t> {
    if (g.is_empty(f)) return {0, 0};
    return {g.vertex_begin(g.ring_begin(g.part_begin(f))), g.vertex_end(g.ring_end(g.part_end(f) - 1) - 1)};
  };
  const auto [a0, a1] = span_of(a);
  const auto [b0, b1] = span_of(b);
  return g.part_end(a) - g.part_begin(a) == g.part_end(b) - g.part_begin(b) && a1 - a0 == b1 - b0 &&
         std::equal(g.xy.begin() + static_cast<std::ptrdiff_t>(2 * a0), g.xy.begin() + static_cast<std::ptrdiff_t>(2 * a1),
                    g.xy.begin() + static_cast<std::ptrdiff_t>(2 * b0));
}

void append_parts(GeometryColumn& out, const GeometryColumn& g, size_t f) {
  for (size_t p = g.part_begin(f); p < g.part_end(f); ++p) {
    for (size_t r = g.ring_begin(p); r < g.ring_end(p); ++r) {
      for (size_t v = g.vertex_begin(r); v < g.vertex_end(r); ++v) out.add_vertex(g.xy[2 * v], g.xy[2 * v + 1]);
      out.close_ring();
    }
    out.close_part();
  }
}

// One village's records merged: which rows become parts, which are copies.
struct Merge {
  size_t first = 0;
  std::vector<size_t> parts, copies;
  size_t pieces = 0;  // the village's separate pieces once touching parts are dissolved
};

// The village's rows as one feature of `out`: parts that touch or overlap dissolved into one polygon (ST_Union: a
// village digitised on two map sheets is one piece again, so its point-on-surface is the whole village's, tour 18
// S7), parts apart (a 飞地) kept as parts. Returns the number of pieces.
size_t append_dissolved(GeometryColumn& out, const GeometryColumn& g, size_t first, const std::vector<size_t>& parts) {
  GeometryColumn whole;
  whole.kind = GeometryKind::polygon;
  append_parts(whole, g, first);
  whole.close_feature();
  std::vector<size_t> apart;
  for (size_t p : parts) {
    GeometryColumn joined;
    joined.kind = GeometryKind::polygon;
    if (geos::append_single_union(whole, 0, g, p, joined)) whole = std::move(joined);
    else apart.push_back(p);
  }
  append_parts(out, whole, 0);
  for (size_t p : apart) append_parts(out, g, p);
  return 1 + apart.size();
}

std::string feature_list(const FeatureTable& t, const Merge& m) {
  std::vector<size_t> rows{m.first};
  rows.insert(rows.end(), m.parts.begin(), m.parts.end());
  rows.insert(rows.end(), m.copies.begin(), m.copies.end());
  std::sort(rows.begin(), rows.end());
  std::string s;
  for (size_t r : rows) s += (s.empty() ? "" : "、") + std::to_string(t.fid[r]);
  return s;
}

void say_merged(const FeatureTable& t, const Merge& m, IssueLog& log) {
  const Column* name = t.column("name");
  const std::string code = t.column("code")->as_text(m.first);
  const std::string who = (name && !name->is_null(m.first) ? name->as_text(m.first) : std::string("村")) + "（代码 " + code + "）";
  const size_t records = 1 + m.parts.size() + m.copies.size();
  std::string what = "有 " + std::to_string(records) + " 个属性完全相同的要素（要素 " + feature_list(t, m) + "），已按一个村计";
  if (!m.parts.empty())
    what += m.pieces == 1 ? "：村域的 " + std::to_string(1 + m.parts.size()) + " 块相接，已拼为一块"
                          : "：村域合并为 " + std::to_string(m.pieces) + " 块（相接的已拼为一块；量距离和高差用的村点按整个村域取）";
  if (!m.copies.empty()) what += std::string(m.parts.empty() ? "：" : "；") + std::to_string(m.copies.size()) + " 个要素与另一要素的图形也完全相同，是重复录入，只算一次";
  Issue i;
  i.severity = Severity::warning;
  i.code = "village_parts_merged";
  i.file = t.source;
  i.layer = t.name;
  i.feature = t.fid[m.first];
  i.field = "code";
  i.message = who + " " + what;
  i.hint = "村域本来分为几块时无需处理；若是误粘贴或重复录入的要素，请在数据中删去多余的一个";
  log.add(std::move(i));
}

}  // namespace

void merge_village_parts(FeatureTable& t, IssueLog& log) {
  const Column* code = t.column("code");
  if (!code) return;
  std::vector<Merge> merges;
  std::vector<bool> folded(t.size(), false);
  for (const auto& rows : repeated_codes(t, *code)) {
    Merge m;
    m.first = rows.front();
    for (size_t k = 1; k < rows.size(); ++k) {
      const size_t r = rows[k];
      if (!same_attributes(t, m.first, r)) continue;  // a true conflict: duplicate_code (check_codes)
      const auto copy_of = [&](size_t kept) { return same_geometry(t.geometry, kept, r); };
      const bool copy = copy_of(m.first) || std::any_of(m.parts.begin(), m.parts.end(), copy_of) || t.geometry.is_empty(r);
      if (!copy && t.geometry.kind != GeometryKind::polygon) continue;  // two points apart: not one village
      (copy ? m.copies : m.parts).push_back(r);
      folded[r] = true;
    }
    if (!m.parts.empty() || !m.copies.empty()) merges.push_back(std::move(m));
  }
  if (merges.empty()) return;
  std::unordered_map<size_t, Merge*> merge_of;
  for (Merge& m : merges) merge_of[m.first] = &m;
  std::vector<size_t> kept;
  GeometryColumn g;
  g.kind = t.geometry.kind;
  for (size_t r = 0; r < t.size(); ++r) {
    if (folded[r]) continue;
    kept.push_back(r);
    const auto it = merge_of.find(r);
    if (it != merge_of.end() && !it->second->parts.empty()) it->second->pieces = append_dissolved(g, t.geometry, r, it->second->parts);
    else append_parts(g, t.geometry, r);
    g.close_feature();
  }
  for (const Merge& m : merges) say_merged(t, m, log);
  FeatureTable out = copy_rows(t, kept);
  out.geometry = std::move(g);
  t = std::move(out);
}

Result<void> settle_village_lines(FeatureTable& t, IssueLog& log) {
  if (t.geometry.kind != GeometryKind::line) return {};
  std::vector<int64_t> open;
  size_t lines = 0;
  for (size_t f = 0; f < t.size(); ++f) {
    if (t.geometry.is_empty(f)) continue;
    ++lines;
    if (!feature_closed(t.geometry, f)) open.push_back(t.fid[f]);
  }
  if (!open.empty()) {
    std::string fids;
    for (size_t i = 0; i < open.size() && i < 5; ++i) fids += (fids.empty() ? "" : "、") + std::to_string(open[i]);
    return error(ErrorCode::format, "村图层是线（" + std::to_string(lines) + " 条，其中 " + std::to_string(open.size()) + " 条不闭合，如要素 " + fids +
                                        "）：村须为面（村界）或点（村委会驻地），从线量不出村的范围")
        .file(t.source)
        .layer(t.name)
        .hint("在 GIS 里把村界线转为面（QGIS：“线转面”；ogr2ogr -nlt POLYGON），或在项目里用村点图层");
  }
  GeometryColumn polygons;
  polygons.kind = GeometryKind::polygon;
  GeometryColumn as_rings = t.geometry;
  as_rings.kind = GeometryKind::polygon;  // each closed line is the ring of one part
  size_t repaired = 0;
  for (size_t f = 0; f < t.size(); ++f) {
    std::string reason;
    repaired += geos::append_valid(as_rings, f, polygons, &reason);
  }
  t.geometry = std::move(polygons);
  Issue i;
  i.severity = Severity::warning;
  i.code = "village_lines_as_polygons";
  i.file = t.source;
  i.layer = t.name;
  i.message = "村图层是线（" + std::to_string(lines) + " 条闭合线，如 CAD 图的村界或“面转线”的结果），已把每条闭合线围成的范围当作村域读入" +
              (repaired > 0 ? "（其中 " + std::to_string(repaired) + " 个自相交，已修复）" : std::string{});
  i.hint = "村界最好直接给面图层；若这些线不是村界（如道路、河流），请改正项目里的 path";
  log.add(std::move(i));
  return {};
}

namespace {

bool blank(const Column* c, size_t r) {
  if (c == nullptr || c->is_null(r)) return true;
  const std::string text = c->as_text(r);
  return text.find_first_not_of(" \t\u3000") == std::string::npos;
}

}  // namespace

void drop_village_slivers(FeatureTable& t, IssueLog& log) {
  if (t.geometry.kind != GeometryKind::polygon || t.size() < 5) return;
  const Column* code = t.column("code");
  const Column* name = t.column("name");
  std::vector<double> areas;
  for (size_t r = 0; r < t.size(); ++r)
    if (!blank(code, r) && !t.geometry.is_empty(r)) areas.push_back(feature_area(t.geometry, r));
  if (areas.size() < 5) return;
  const auto mid = areas.begin() + static_cast<std::ptrdiff_t>(areas.size() / 2);
  std::nth_element(areas.begin(), mid, areas.end());
  const double small = 0.02 * *mid;  // 2 % of a typical village: a sliver an overlay or clip left
  std::vector<size_t> kept;
  std::string listed;
  size_t dropped = 0;
  int64_t first = -1;
  for (size_t r = 0; r < t.size(); ++r) {
    const bool sliver = blank(code, r) && blank(name, r) && (t.geometry.is_empty(r) || feature_area(t.geometry, r) < small);
    if (!sliver) {
      kept.push_back(r);
      continue;
    }
    if (first < 0) first = t.fid[r];
    if (++dropped <= 10) listed += (listed.empty() ? "" : "、") + std::to_string(t.fid[r]);
  }
  if (dropped == 0) return;
  Issue i;
  i.severity = Severity::warning;
  i.code = "village_slivers_dropped";
  i.file = t.source;
  i.layer = t.name;
  i.feature = first;
  i.message = "村图层有 " + std::to_string(dropped) + " 个面既没有代码也没有村名，面积不到一般村的 2%（要素 " + listed + (dropped > 10 ? " 等" : "") +
              "）：像是叠加、裁剪留下的碎片，不当作村，不进名单";
  i.hint = "在 GIS 里删去这些碎片（或把它们合并进相邻的村）；若其中有真的村，请补上代码和村名";
  log.add(std::move(i));
  t = copy_rows(t, kept);
}

void drop_admin_units(FeatureTable& t, IssueLog& log) {
  const Column* code = t.column("code");
  if (code == nullptr || code->type() != FieldType::text) return;
  const Column* name = t.column("name");
  // A polygon without a code that holds a quarter of the layer's whole area is an outline too (tour 19 T4).
  double total = 0;
  if (t.geometry.kind == GeometryKind::polygon)
    for (size_t r = 0; r < t.size(); ++r) total += t.geometry.is_empty(r) ? 0 : feature_area(t.geometry, r);
  std::vector<size_t> kept, units;
  for (size_t r = 0; r < t.size(); ++r) {
    const std::string c = code->is_null(r) ? std::string{} : code->as_text(r);
    if (c.empty() && total > 0 && !t.geometry.is_empty(r) && feature_area(t.geometry, r) > 0.25 * total) {
      units.push_back(r);
      continue;
    }
    const bool digits = !c.empty() && std::all_of(c.begin(), c.end(), [](char d) { return d >= '0' && d <= '9'; });
    // 12 digits ending 000, or a township's 9 or a county's 6 digits (tour 19 T14)
    const bool unit = digits && ((c.size() == 12 && c.ends_with("000")) || c.size() == 9 || c.size() == 6);
    (unit ? units : kept).push_back(r);
  }
  if (units.empty() || units.size() * 10 > t.size()) return;
  std::string listed;
  for (size_t k = 0; k < units.size() && k < 5; ++k) {
    const size_t r = units[k];
    const std::string c = code->is_null(r) ? std::string{} : code->as_text(r);
    const char* level = c.empty() ? "没有代码，面积占全图层的四分之一以上" : c.size() == 6 || c.ends_with("000000") ? "县级" : "乡镇级";
    listed += (listed.empty() ? "" : "、") + (c.empty() ? std::string("（无代码）") : c) + (name && !name->is_null(r) ? " " + name->as_text(r) : std::string{}) +
              "（" + level + "，要素 " + std::to_string(t.fid[r]) + "）";
  }
  Issue i;
  i.severity = Severity::warning;
  i.code = "village_layer_admin_units";
  i.file = t.source;
  i.layer = t.name;
  i.feature = t.fid[units.front()];
  i.field = "code";
  i.message = "村图层中有 " + std::to_string(units.size()) + " 个要素是乡镇或县（代码或范围）：" + listed + (units.size() > 5 ? " 等" : "") +
              "。6 位、9 位的代码和末三位为 000 的 12 位代码都不是村（村级代码从 001 起），像是放在村图层里的县界或乡镇界：不当作村，不进名单";
  i.hint = "若它确实是村，请改正它的代码；县界、乡镇界可作为 county、townships 图层给出";
  log.add(std::move(i));
  t = copy_rows(t, kept);
}

namespace {

// What the sampled villages show of the layer's topology: pairs overlapping by 1 % or more, and villages that touch
// none of their neighbours but come within k_gap_m of one (a gap between them).
struct Topology {
  size_t looked = 0, overlaps = 0, apart = 0;
  size_t isolated = 0, far = 0;  // villages touching no neighbour; of them, those with none within k_gap_m

  std::string overlap_example, gap_example;
  double gap_sum_m = 0;
};

constexpr double k_gap_m = 600;  // farther than this, the nearest neighbour is across a third village, not across a gap

void village_issue(const FeatureTable& t, IssueLog& log, const char* code, std::string message, std::string hint) {
  Issue i;
  i.severity = Severity::warning;
  i.code = code;
  i.file = t.source;
  i.layer = t.name;
  i.message = std::move(message);
  i.hint = std::move(hint);
  log.add(std::move(i));
}

// Nearly every village touching no neighbour, the nearest farther than k_gap_m (tour 19 T5: settlement areas 1 km
// apart, 47 villages changed, one false 可出列, nothing said): not a tiling of the county. A layer of only some
// villages (the poor ones) drawn as 村域 looks alike, and the message says so.
void note_isolated_villages(const FeatureTable& t, const Topology& top, IssueLog& log) {
  if (top.looked < 10 || top.isolated * 10 < top.looked * 9) return;
  village_issue(t, log, "villages_isolated",
                "村界互不相接：" + std::string(top.looked < t.size() ? "抽查的 " : "") + std::to_string(top.looked) + " 个村中 " +
                    std::to_string(top.isolated) + " 个与任何邻村都不相接（其中 " + std::to_string(top.far) + " 个 " +
                    util::general(k_gap_m) + " 米内没有邻村）。村域界应当相互拼接、铺满全县；这像是居民点（村庄建设用地）范围或缩小了的村界：" +
                    "路、线、水源离居民点的远近与离村界不同，读它们的项目（饮水、道路、电网、宽带等）的结论会变",
                "换用村域界（行政村界线）后重新检查；若图层只收了部分村（如只有贫困村），用的确是村域界，这条可不理会");
}

}  // namespace

void note_village_overlaps(const FeatureTable& t, IssueLog& log) {
  if (t.geometry.kind != GeometryKind::polygon || t.size() < 2) return;
  constexpr size_t k_sample = 1000;  // villages looked at (a province: an even sample), each against its neighbours
  std::vector<size_t> order(t.size());
  std::vector<BBox> box(t.size());
  for (size_t r = 0; r < t.size(); ++r) order[r] = r, box[r] = t.geometry.is_empty(r) ? BBox{} : t.geometry.feature_bbox(r);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return box[a].min_x < box[b].min_x; });
  double widest = 0;
  for (const BBox& b : box)
    if (!b.empty()) widest = std::max(widest, b.max_x - b.min_x);
  const size_t step = std::max<size_t>(1, t.size() / k_sample);
  std::vector<std::optional<geos::Shape>> shapes(t.size());
  const auto shape = [&](size_t r) -> const geos::Shape& {
    if (!shapes[r]) shapes[r] = geos::Shape::from_feature(t.geometry, r);
    return *shapes[r];
  };
  const Column* name = t.column("name");
  const auto who = [&](size_t r) { return name && !name->is_null(r) ? name->as_text(r) : "要素 " + std::to_string(t.fid[r]); };
  const auto near = [&](size_t a, size_t b) {
    return !box[b].empty() && box[b].min_x <= box[a].max_x + k_gap_m && box[a].min_x <= box[b].max_x + k_gap_m &&
           box[b].min_y <= box[a].max_y + k_gap_m && box[a].min_y <= box[b].max_y + k_gap_m;
  };
  Topology top;
  for (size_t k = 0; k < order.size(); k += step) {
    const size_t a = order[k];
    if (box[a].empty()) continue;
    ++top.looked;
    bool touches = false;
    double nearest = k_gap_m + 1;
    size_t nearest_b = a;
    const double from_x = box[a].min_x - widest - k_gap_m;  // no village starting further west reaches a
    const size_t first = static_cast<size_t>(
        std::lower_bound(order.begin(), order.end(), from_x, [&](size_t r, double x) { return box[r].min_x < x; }) - order.begin());
    for (size_t j = first; j < order.size() && box[order[j]].min_x <= box[a].max_x + k_gap_m; ++j) {
      const size_t b = order[j];
      if (b == a || !near(a, b)) continue;
      const double d = shape(a).distance(shape(b));
      if (d > 0) {
        if (d < nearest) nearest = d, nearest_b = b;
        continue;
      }
      touches = true;
      if (j < k) continue;  // each overlapping pair once
      const double shared = shape(a).intersection_area(shape(b));
      const double smaller = std::min(shape(a).area(), shape(b).area());
      if (!(smaller > 0) || shared < 0.01 * smaller) continue;  // touching, or a digitising sliver under 1 %
      if (++top.overlaps == 1)
        top.overlap_example = who(a) + " 与 " + who(b) + " 重叠了较小者面积的 " + util::general(std::round(100 * shared / smaller)) + "%";
    }
    top.isolated += touches ? 0 : 1;
    top.far += !touches && nearest > k_gap_m ? 1 : 0;
    if (touches || nearest > k_gap_m || nearest < 1) continue;  // under a metre: a digitising seam, not a gap
    top.gap_sum_m += nearest;
    if (++top.apart == 1) top.gap_example = who(a) + " 与 " + who(nearest_b) + " 之间隔着 " + util::general(std::round(nearest)) + " 米";
  }
  if (top.overlaps >= 3 || top.overlaps * 100 >= top.looked)
    village_issue(t, log, "village_overlaps",
                  "村界相互重叠：" + std::string(top.looked < t.size() ? "抽查的 " + std::to_string(top.looked) + " 个村中" : "") + "有 " +
                      std::to_string(top.overlaps) + " 对村重叠 1% 以上（如 " + top.overlap_example +
                      "）：一个村伸进邻村的部分会把邻村的路、线、水源算作本村的，读它们的项目会偏宽",
                  "在 GIS 里做拓扑检查（不重叠、无缝隙）后重新检查");
  // Villages tile a county: many that touch no neighbour mean the layer was shrunk, buffered inward or drawn apart.
  if (top.apart >= 3 && top.apart * 10 >= top.looked)
    village_issue(t, log, "village_gaps",
                  "村界之间有缝隙：" + std::string(top.looked < t.size() ? "抽查的 " + std::to_string(top.looked) + " 个村中" : "") + "有 " +
                      std::to_string(top.apart) + " 个村与任何邻村都不相接，离最近的邻村平均 " +
                      util::general(std::round(top.gap_sum_m / static_cast<double>(top.apart))) + " 米（如 " + top.gap_example +
                      "）：缝隙里的路、线、水源不算任何一个村的，读它们的项目会偏严",
                  "在 GIS 里做拓扑检查（不重叠、无缝隙），或换用原始村界后重新检查");
  else
    note_isolated_villages(t, top, log);
}

}  // namespace jiuyou::io
