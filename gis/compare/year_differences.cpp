#include "gis/compare/year_differences.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <optional>
#include <set>
#include <string_view>

#include "gis/compare/compare_report.hpp"
#include "gis/io/schema.hpp"
#include "gis/report/labels.hpp"
#include "gis/report/report_text.hpp"

namespace jiuyou::compare {

namespace {

using indicators::ItemKind;
using indicators::Outcome;

// ---- the DEM ----

std::string metres(double m) { return std::to_string(std::lround(std::abs(m))) + " m"; }

// What differs between two DEMs by their metadata (cell size, file, extent), then by their cells.
std::string dem_difference(const Raster& a, const Raster& b) {
  std::string out;
  const auto add = [&out](const std::string& part) { out += (out.empty() ? "" : "，") + part; };
  const double ca = std::abs(a.cell_size_x()), cb = std::abs(b.cell_size_x());
  if (std::abs(ca - cb) > 0.01 * std::max(ca, cb)) add(metres(ca) + " → " + metres(cb) + " 网格");
  const std::string fa = std::filesystem::path(a.source).filename().string(), fb = std::filesystem::path(b.source).filename().string();
  if (fa != fb) add("文件 " + fa + " → " + fb);
  const BBox ba = a.bbox(), bb = b.bbox();
  const double tol = std::max(ca, cb);
  if (std::abs(ba.min_x - bb.min_x) > tol || std::abs(ba.max_x - bb.max_x) > tol || std::abs(ba.min_y - bb.min_y) > tol || std::abs(ba.max_y - bb.max_y) > tol)
    add("覆盖范围不同");
  if (out.empty() && (a.width != b.width || a.height != b.height || a.values != b.values)) add("网格相同，高程值不同");
  return out;
}

void compare_dems(const YearData& a, const YearData& b, InputDifferences& d) {
  if (!a.has_features || !b.has_features) return;
  const bool has_a = a.ws.dem && !a.ws.dem->empty(), has_b = b.ws.dem && !b.ws.dem->empty();
  if (has_a && has_b) d.dem_text = dem_difference(*a.ws.dem, *b.ws.dem);
  else if (has_a != has_b) d.dem_text = has_a ? year_name(b.label) + "没有高程数据" : year_name(a.label) + "没有高程数据";
  d.dem_changed = !d.dem_text.empty();
  if (d.dem_changed)
    d.notes.push_back(year_name(b.label) + "高程数据与 " + year_name(a.label) + "不同（" + d.dem_text +
                      "）：取水高差按各年的高程数据量算，水源、距离和标准都未变、只有高差变化的供水指标，记为“因数据口径变化”，不列为返贫风险或改善");
}

// ---- a unit slip in a money column ----

// Later / earlier for most villages near one of these: the unit changed, not the villages.
struct UnitFactor {
  double factor;
  const char* share;  // 万分之一
  const char* guess;  // 由元改为万元
};
constexpr std::array<UnitFactor, 4> k_unit_factors{{
    {1e-4, "万分之一", "由元改为万元"},
    {1e-3, "千分之一", "由元改为千元"},
    {1e4, "一万倍", "由万元改为元"},
    {1e3, "一千倍", "由千元改为元"},
}};
constexpr double k_unit_tolerance = 3.0;  // a ratio within ×/÷ 3 of the factor counts
constexpr double k_unit_majority = 0.6;   // of the villages with a value both years
constexpr size_t k_unit_min_villages = 5;

std::optional<RescaledField> rescaled(const MatchResult& match, const Column& ca, const Column& cb) {
  std::array<size_t, k_unit_factors.size()> near{};
  size_t both = 0;
  for (const VillageMatch& m : match.pairs) {
    if (m.a_row < 0 || m.b_row < 0) continue;
    const auto va = ca.number(static_cast<size_t>(m.a_row)), vb = cb.number(static_cast<size_t>(m.b_row));
    if (!va || !vb || *va <= 0 || *vb <= 0) continue;
    ++both;
    const double ratio = *vb / *va;
    for (size_t f = 0; f < k_unit_factors.size(); ++f)
      if (ratio > k_unit_factors[f].factor / k_unit_tolerance && ratio < k_unit_factors[f].factor * k_unit_tolerance) ++near[f];
  }
  if (both < k_unit_min_villages) return std::nullopt;
  for (size_t f = 0; f < k_unit_factors.size(); ++f)
    if (static_cast<double>(near[f]) >= k_unit_majority * static_cast<double>(both))
      return RescaledField{cb.name(), report::label_of(cb.name()), k_unit_factors[f].factor, near[f], both};
  return std::nullopt;
}

const UnitFactor& unit_factor(double factor) {
  for (const UnitFactor& f : k_unit_factors)
    if (f.factor == factor) return f;
  return k_unit_factors.front();
}

void find_rescaled(const YearData& a, const YearData& b, const MatchResult& match, const std::vector<ItemPair>& items, InputDifferences& d) {
  for (const Column& cb : b.villages().columns) {
    const Column* ca = a.villages().column(cb.name());
    if (ca == nullptr || !ca->is_numeric() || !cb.is_numeric() || cb.name() == "code") continue;
    if (auto r = rescaled(match, *ca, cb)) {
      const UnitFactor& f = unit_factor(r->factor);
      d.notes.push_back(year_name(b.label) + " " + r->label + " 普遍为 " + year_name(a.label) + "的" + f.share + "左右（" + std::to_string(r->villages) + " / " +
                        std::to_string(r->of) + " 个村）：单位可能" + f.guess + "（或单位没有写明）。读它的指标的变化记为“因数据口径变化”，不逐村列为返贫风险；" +
                        "请核对该列的单位（列名写明单位，或在表头上方写“金额单位：万元”）后重新比较");
      d.rescaled.push_back(std::move(*r));
    }
  }
  d.rescaled_item.assign(items.size(), -1);
  for (size_t i = 0; i < items.size() && !d.rescaled.empty(); ++i) {
    std::set<std::pair<std::string, std::string>> read;
    fields_read(b.result.rules, b.result.rules.items[items[i].b_index], read);
    for (size_t r = 0; r < d.rescaled.size(); ++r)
      if (read.count({std::string(io::target_layer), d.rescaled[r].field}) > 0) d.rescaled_item[i] = static_cast<int>(r);
  }
}

bool same_number(double x, double y, double tol) { return (std::isnan(x) && std::isnan(y)) || std::abs(x - y) <= tol; }

// A water item whose nearest source, distance and thresholds stayed, and whose height alone moved.
bool height_only(const indicators::ItemResult& ca, const indicators::ItemResult& cb, const indicators::Item& ia, const indicators::Item& ib) {
  return ib.kind == ItemKind::water_convenience && ca.nearest_fid == cb.nearest_fid && same_number(ca.distance_m, cb.distance_m, 1.0) &&
         same_number(ia.max_distance_m, ib.max_distance_m, 0.0) && same_number(ia.max_vertical_m, ib.max_vertical_m, 0.0) &&
         !same_number(ca.value, cb.value, 0.5);
}

// How far the village's representative point (what distances are measured from) moved between the years.
constexpr double k_point_moved_m = 1.0;
double point_moved(const YearData& a, const YearData& b, size_t ar, size_t br) {
  const auto& ga = a.villages().geometry;
  const auto& gb = b.villages().geometry;
  if (ga.is_empty(ar) || gb.is_empty(br)) return 0;
  const Vec2 pa = representative_point(ga, ar), pb = representative_point(gb, br);
  return std::hypot(pa.x - pb.x, pa.y - pb.y);
}

std::string evidence_layer(const YearData& y, const indicators::ItemResult& c, const indicators::Item& item) {
  return c.nearest_layer >= 0 && static_cast<size_t>(c.nearest_layer) < y.result.evidence_layers.size() ? y.result.evidence_layers[static_cast<size_t>(c.nearest_layer)]
                                                                                                          : item.layer;
}

// The layer of last year's nearest feature when it is still there unchanged,
// the thresholds are the same and the distance moved; "" otherwise. Another
// nearest feature now is the new point's doing too, except for an item that
// needs the trunk (a cut elsewhere may have disconnected last year's one).
std::string same_feature_unchanged(const YearData& a, const YearData& b, const Comparison& cmp, const indicators::ItemResult& ca,
                                   const indicators::ItemResult& cb, const indicators::Item& ia, const indicators::Item& ib) {
  const bool point_measured = ib.kind == ItemKind::water_convenience || ib.kind == ItemKind::facility || ib.kind == ItemKind::network_access;
  if (!point_measured || ca.nearest_fid < 0 || std::isnan(ca.distance_m)) return {};
  if (same_number(ca.distance_m, cb.distance_m, 1.0) || !same_number(ia.max_distance_m, ib.max_distance_m, 0.0) ||
      !same_number(ia.max_vertical_m, ib.max_vertical_m, 0.0))
    return {};
  const std::string layer = evidence_layer(a, ca, ia);
  if ((ca.nearest_fid != cb.nearest_fid || layer != evidence_layer(b, cb, ib)) && (ib.require_connected || ia.require_connected)) return {};
  for (const LayerDiff& d : cmp.layers)
    if (d.layer == layer) {
      const int row = d.a_row_of_fid(ca.nearest_fid);
      return row >= 0 && d.change_of_a(row) == nullptr ? layer : std::string();
    }
  return {};
}

std::string height_text(double m) { return std::isnan(m) ? std::string("无") : report::detail::distance_text(m); }

}  // namespace

InputDifferences input_differences(const YearData& a, const YearData& b, const MatchResult& match, const std::vector<ItemPair>& items) {
  InputDifferences d;
  compare_dems(a, b, d);
  find_rescaled(a, b, match, items, d);
  return d;
}

void discount_input_changes(const YearData& a, const YearData& b, const InputDifferences& d, const Comparison& cmp, VillageTransition& vt) {
  const VillageMatch& m = cmp.match.pairs[vt.pair];
  const auto ar = static_cast<size_t>(m.a_row), br = static_cast<size_t>(m.b_row);
  const std::vector<ItemPair>& items = cmp.items;
  const double moved_m = point_moved(a, b, ar, br);
  for (size_t i = 0; i < items.size() && i < vt.items.size(); ++i) {
    ItemTransition& t = vt.items[i];
    const bool moved = t.transition == Transition::regressed || t.transition == Transition::improved || t.transition == Transition::still_fail_worse ||
                       t.transition == Transition::still_fail_better;  // 待核实 stays: the data went missing
    if (!moved) continue;
    const auto& ca = a.result.cell(ar, items[i].a_index);
    const auto& cb = b.result.cell(br, items[i].b_index);
    if (d.dem_changed && height_only(ca, cb, a.result.rules.items[items[i].a_index], b.result.rules.items[items[i].b_index])) {
      t.transition = Transition::by_input;
      t.cause = "取水高差 " + height_text(ca.value) + " → " + height_text(cb.value) + "，来自高程数据更换（" + d.dem_text + "），水源、距离和标准都未变，非实地变化";
    } else if (!d.rescaled_item.empty() && d.rescaled_item[i] >= 0) {
      const RescaledField& f = d.rescaled[static_cast<size_t>(d.rescaled_item[i])];
      t.transition = Transition::by_input;
      t.cause = f.label + " 普遍为上年的" + unit_factor(f.factor).share + "左右，单位可能" + unit_factor(f.factor).guess + "，非实地变化；核对单位后重新比较";
    } else if (moved_m > k_point_moved_m && (a.has_features && b.has_features)) {
      const std::string layer = same_feature_unchanged(a, b, cmp, ca, cb, a.result.rules.items[items[i].a_index], b.result.rules.items[items[i].b_index]);
      if (layer.empty()) continue;
      t.transition = Transition::by_input;
      t.cause = boundary_change(a, b, cmp, m) + "按新村范围的代表点量算，最近合格距离 " + report::detail::distance_text(ca.distance_m) + " → " +
                report::detail::distance_text(cb.distance_m) + "，距离变化来自合并或范围调整（代表点移动 " + report::detail::distance_text(moved_m) + "）；去年最近的" +
                layer_zh(layer) + "（要素 " + std::to_string(ca.nearest_fid) + "）仍在且属性未变，非实地变化";
    }
  }
}

void note_load_warnings(const YearData& y, std::vector<std::string>& notes) {
  static constexpr std::array<std::string_view, 1> k_unit_warnings{"money_implausibly_small"};
  for (const Issue& i : y.ws.issues.entries())
    if (std::find(k_unit_warnings.begin(), k_unit_warnings.end(), i.code) != k_unit_warnings.end())
      notes.push_back(year_name(y.label) + "数据的提示：" + i.message + "。" + i.hint);
}

ExitChanges exit_changes(const YearData& a, const YearData& b, const Comparison& cmp) {
  ExitChanges c;
  for (const VillageTransition& vt : cmp.villages) {
    const VillageMatch& m = cmp.match.pairs[vt.pair];
    if (m.a_row < 0) continue;
    const Outcome before = a.result.verdict[static_cast<size_t>(m.a_row)];
    const Outcome after = m.b_row >= 0 ? b.result.verdict[static_cast<size_t>(m.b_row)] : Outcome::unknown;
    const bool gained = before != Outcome::pass && after == Outcome::pass, lost = before == Outcome::pass && after != Outcome::pass;
    switch (vt.overall) {
      case Transition::improved: ++c.gained; break;
      case Transition::regressed:
        ++c.lost;
        c.lost_missing += m.b_row < 0 ? 1 : 0;
        break;
      case Transition::unverified: ++c.unverified; break;
      case Transition::by_standard:
        c.gained += gained ? 1 : 0, c.gained_standard += gained ? 1 : 0;
        c.lost += lost ? 1 : 0, c.lost_standard += lost ? 1 : 0;
        break;
      case Transition::by_input:
        c.gained += gained ? 1 : 0, c.gained_input += gained ? 1 : 0;
        c.lost += lost ? 1 : 0, c.lost_input += lost ? 1 : 0;
        break;
      default: break;
    }
  }
  return c;
}

std::string exit_changes_zh(const Comparison& cmp, const ExitChanges& c) {
  const auto of = [](size_t standard, size_t input, size_t missing) {
    std::string s;
    const auto add = [&s](size_t n, const char* what) {
      if (n > 0) s += (s.empty() ? "" : "，") + std::to_string(n) + what;
    };
    add(standard, " 个因标准变化，分项未变");
    add(input, " 个因数据口径变化，非实地变化");
    add(missing, " 个今年数据中没有此村");
    return s.empty() ? s : "（其中 " + s + "）";
  };
  std::string out = cmp.a_label + "→" + cmp.b_label + "：新可出列 " + std::to_string(c.gained) + " 个" + of(c.gained_standard, c.gained_input, 0) +
                    "；由可出列变为不可出列 " + std::to_string(c.lost) + " 个" + of(c.lost_standard, c.lost_input, c.lost_missing);
  if (c.unverified > 0) out += "；由可出列变为数据不全 " + std::to_string(c.unverified) + " 个";
  return out;
}

}  // namespace jiuyou::compare
