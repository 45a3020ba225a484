#include "gis/io/schema.hpp"
#include "gis/report/verdict_classes.hpp"
#include "src/render/style.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <set>

#include "src/render/kind_style.hpp"
#include "src/render/layer_words.hpp"
#include "src/render/plan_overlay.hpp"
#include "src/render/power_style.hpp"
#include "src/render/transition_style.hpp"

namespace jiuyou::render {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string text_at(const FeatureTable& t, std::string_view col, size_t row) {
  const Column* c = t.column(col);
  return c && !c->is_null(row) ? c->as_text(row) : std::string();
}

std::optional<double> number_at(const FeatureTable& t, std::string_view col, size_t row) {
  const Column* c = t.column(col);
  return c ? c->number(row) : std::nullopt;
}

Symbol symbol_of(GeometryKind k) {
  return k == GeometryKind::polygon ? Symbol::fill : k == GeometryKind::line ? Symbol::line : Symbol::point;
}

// Collects classes in first-seen order, with counts, for the legend.
class LegendBuilder {
 public:
  LegendBuilder(std::string title, Symbol symbol) : m_symbol(symbol) { m_legend.title = std::move(title); }
  void add(const std::string& label, Rgba color) {
    auto [it, inserted] = m_index.try_emplace(label, m_legend.entries.size());
    if (inserted) m_legend.entries.push_back({m_symbol, color, label, 0});
    ++m_legend.entries[it->second].count;
  }
  void sort_by(const std::vector<std::string>& order) {
    auto rank = [&](const LegendEntry& e) {
      const auto it = std::find(order.begin(), order.end(), e.label);
      return it == order.end() ? order.size() : static_cast<size_t>(it - order.begin());
    };
    std::stable_sort(m_legend.entries.begin(), m_legend.entries.end(),
                     [&](const LegendEntry& a, const LegendEntry& b) { return rank(a) < rank(b); });
  }
  LayerLegend take() { return std::move(m_legend); }

 private:
  Symbol m_symbol;
  LayerLegend m_legend;
  std::map<std::string, size_t> m_index;
};

// Layers named after a canonical one with a suffix (power_points, water_areas,
// broadband_fiber) are styled as that layer.
std::string base_name(std::string_view name) {
  static const char* bases[] = {"villages", "roads",  "water", "power",    "broadband", "facilities", "hazards",
                                "protected", "gaps", "units", "links",    "flows",     "sites",      "excluded", "movers"};
  for (const char* b : bases) {
    const std::string_view bv(b);
    if (name == bv) return std::string(name);
    if (name.size() > bv.size() && name.substr(0, bv.size()) == bv && name[bv.size()] == '_') return std::string(bv);
  }
  return std::string(name);
}

int z_for(std::string_view full_name, GeometryKind kind) {
  const std::string name = base_name(full_name);
  const bool poly = kind == GeometryKind::polygon, line = kind == GeometryKind::line;
  if (name == "protected") return 10;
  if (name == "hazards") return 20;
  if (name == "broadband") return poly ? 30 : line ? 65 : 84;
  if (name == "water") return poly ? 35 : line ? 55 : 85;
  if (name == io::target_layer) return poly ? 40 : 90;
  if (name == "roads") return 50;
  if (name == "power") return line ? 60 : 82;
  if (name == "gaps") return 70;
  if (name == "facilities") return 80;
  if (name == "units") return poly ? 24 : 88;
  // Planner overlays: exclusions under the map's lines, flows and arcs over them, sites on top.
  if (name == "excluded") return 22;
  if (name == "flows") return 72;
  if (name == "links") return 75;
  if (name == "movers") return 84;
  if (name == "sites") return 83;  // movers (84) over the many small candidate sites
  return poly ? 25 : line ? 62 : 86;
}

void style_villages(const FeatureTable& t, const StyleOptions& o, LayerStyle& s, LegendBuilder& lb) {
  const float radius = 5.5f * o.pixel_ratio;
  const bool poly = t.geometry.kind == GeometryKind::polygon;
  const bool has_verdict = t.column("verdict") != nullptr;
  ColorBy::Kind kind = o.color_by.kind;
  if (kind == ColorBy::Kind::verdict && !has_verdict) kind = ColorBy::Kind::plain;
  if (kind == ColorBy::Kind::transition && t.column("overall") == nullptr) kind = ColorBy::Kind::plain;
  for (size_t i = 0; i < t.size(); ++i) {
    Rgba c = k_village_plain;
    std::string label = "村庄";
    uint8_t rank = 0;  // which village a shared cell shows (cell_rank)
    if (kind == ColorBy::Kind::verdict) {
      const std::string v = lower(text_at(t, "verdict", i));
      const double failed_n = number_at(t, "failed_count", i).value_or(0);
      const int failed = static_cast<int>(std::clamp(std::isfinite(failed_n) ? failed_n : 0.0, 0.0, 1000.0));
      c = verdict_color(v, failed);
      rank = verdict_rank(v, failed_n);
      label = report::k_verdict_classes[report::verdict_class(v, failed)].label_zh;
    } else if (kind == ColorBy::Kind::item) {
      const std::string v = lower(text_at(t, o.color_by.item, i));
      c = item_color(v);
      rank = item_rank(v);
      label = v == "pass" ? "达标" : v == "fail" ? "不达标" : v == "unknown" ? "待核实" : "无数据";
    } else if (kind == ColorBy::Kind::transition) {
      TransitionClass tc = o.color_by.item.empty() ? village_transition(t, i) : transition_class(text_at(t, o.color_by.item, i), text_at(t, "match_how", i));
      c = tc.color;
      rank = tc.rank;
      label = std::move(tc.label);
    }
    if (poly) c.a = kind == ColorBy::Kind::plain ? 70 : report::k_village_fill_alpha;
    s.colors.push_back(c);
    s.widths.push_back(radius);
    s.rank.push_back(rank);
    lb.add(label, c);  // the swatch with the fill's own opacity
  }
  if (kind == ColorBy::Kind::transition) lb.sort_by(transition_labels());
  else lb.sort_by({"可出列", "缺1项", "缺2项", "缺3项及以上", "达标", "不达标", "待核实", "待核实 (数据不全)", "无数据"});
  s.look.outline = poly ? Rgba{40, 40, 40, 220} : Rgba{255, 255, 255, 255};
  s.look.outline_px = poly ? 1.2f * o.pixel_ratio : 1.5f * o.pixel_ratio;
  s.look.label_field = t.column("name") ? "name" : "";
  if (kind == ColorBy::Kind::transition) s.look.title = "村庄 · 年度变化 " + o.color_by.item_title;
  if (kind == ColorBy::Kind::verdict) s.look.title = "村庄 · 出列评定";
  if (kind == ColorBy::Kind::item) s.look.title = "村庄 · 指标 " + (o.color_by.item_title.empty() ? o.color_by.item : o.color_by.item_title);
}

void style_roads(const FeatureTable& t, const StyleOptions& o, LayerStyle& s, LegendBuilder& lb) {
  for (size_t i = 0; i < t.size(); ++i) {
    const std::string cls = lower(text_at(t, "class", i));
    const std::string surface = lower(text_at(t, "surface", i));
    const bool paved = is_paved(surface);
    const Rgba c = road_color(cls, surface);
    float w = 1.6f;
    if (cls == "national" || cls == "expressway") w = 4.5f;
    else if (cls == "provincial") w = 3.8f;
    else if (cls == "county") w = 3.0f;
    else if (cls == "township") w = 2.4f;
    else if (cls == "village") w = 2.0f;
    if (!paved) w = std::min(w, 1.8f);
    s.colors.push_back(c);
    s.widths.push_back(w * o.pixel_ratio);
    std::string label;
    if (!paved) label = surface == "gravel" ? "砂石路" : surface == "earth" ? "土路" : "路面未知";
    else if (cls == "expressway") label = "高速公路 (不算通村)";
    else if (cls == "national" || cls == "provincial") label = "国省道 (硬化)";
    else if (cls == "county") label = "县道 (硬化)";
    else if (cls == "township") label = "乡道 (硬化)";
    else label = "村道 (硬化)";
    lb.add(label, c);
  }
  lb.sort_by({"国省道 (硬化)", "县道 (硬化)", "乡道 (硬化)", "村道 (硬化)", "砂石路", "土路", "路面未知"});
  s.look.casing = true;
  s.look.casing_color = {90, 75, 60, 255};
  s.look.casing_px = 1.6f * o.pixel_ratio;
  // Coarser than 40 m per pixel (a county in view) the casing is the rim of the road's
  // one stroke instead of a second stroke under the layer: half the strokes drawn.
  s.look.casing_max_m_per_px = 40;
}

// Classes from data/styles/power.toml: a line named and drawn from its own
// voltage, a point from its kind; what no class holds has its own unknown style.
void style_power(const FeatureTable& t, const PowerStyles& styles, const StyleOptions& o, LayerStyle& s, LegendBuilder& lb) {
  const bool points = t.geometry.kind == GeometryKind::point;
  std::set<double, std::greater<>> voltages;  // legend order: highest first, unknown last
  for (size_t i = 0; i < t.size(); ++i) {
    const std::optional<double> kv = number_at(t, "voltage_kv", i);
    const PowerClass c = points ? point_class(styles, lower(text_at(t, "kind", i))) : line_class(styles, kv);
    if (!points && kv) voltages.insert(*kv);
    s.colors.push_back(c.color);
    s.widths.push_back(c.width_px * o.pixel_ratio);
    lb.add(c.label, c.color);
  }
  std::vector<std::string> order;
  for (double kv : voltages) order.push_back(line_class(styles, kv).label);
  for (const auto& [kind, c] : styles.point_kinds) order.push_back(c.label);
  lb.sort_by(order);  // labels not listed (the unknown styles) go last
  s.look.dash_px = 0;
}

// Widths from a numeric field, linear from min_px (smallest value; also nulls) to max_px (largest).
std::vector<float> widths_by_field(const FeatureTable& t, std::string_view field, float min_px, float max_px) {
  std::vector<std::optional<double>> v(t.size());
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (size_t i = 0; i < t.size(); ++i) {
    v[i] = number_at(t, field, i);
    if (v[i] && std::isfinite(*v[i])) lo = std::min(lo, *v[i]), hi = std::max(hi, *v[i]);
  }
  std::vector<float> w(t.size(), min_px);
  for (size_t i = 0; i < t.size(); ++i)
    if (v[i] && std::isfinite(*v[i])) w[i] = hi > lo ? min_px + (max_px - min_px) * static_cast<float>((*v[i] - lo) / (hi - lo)) : (min_px + max_px) / 2;
  return w;
}

// The planners' layers: relocation (sites, flows, excluded, movers) and pairing (links, units).
// Returns false for other layers.
bool style_planner(const FeatureTable& t, const StyleOptions& o, LayerStyle& s, LegendBuilder& lb) {
  const std::string n = base_name(t.name);
  const GeometryKind k = t.geometry.kind;
  const float pr = o.pixel_ratio;
  if (n == "links" && k == GeometryKind::line) {
    // Pairing links (drawn as arcs by the scene): width by funds, existing solid blue, suggested dashed orange, dropped dashed grey.
    const std::vector<float> w = widths_by_field(t, o.width_field.empty() ? "funds_cny_per_year" : o.width_field, 2.5f, 12.0f);
    for (size_t i = 0; i < t.size(); ++i) {
      const std::string status = lower(text_at(t, "status", i));
      Rgba c = link_color(status);
      float wi = w[i] * pr;
      std::string label = "既有结对 (实线)";
      if (status == "suggested") label = "建议结对 (虚线)", wi = -wi;
      else if (status == "dropped") label = "撤销的结对 (虚线)", wi = -std::min(wi, 2.0f * pr);
      else if (status != "existing") label = "结对";
      s.colors.push_back(c);
      s.widths.push_back(wi);
      lb.add(label, c);
    }
    lb.sort_by({"既有结对 (实线)", "建议结对 (虚线)", "撤销的结对 (虚线)", "结对"});
    s.look.title = "帮扶结对 (宽度: 资金)";
    s.look.casing = true;
    s.look.casing_color = {255, 255, 255, 220};
    s.look.casing_px = 2.0f * pr;
    return true;
  }
  if (n == "flows" && k == GeometryKind::line) {
    const std::vector<float> w = widths_by_field(t, o.width_field.empty() ? "households" : o.width_field, 2.0f, 10.0f);
    for (size_t i = 0; i < t.size(); ++i) {
      s.colors.push_back(k_flow_color);
      s.widths.push_back(w[i] * pr);
      lb.add("搬迁流向 村 → 安置点", k_flow_color);
    }
    s.look.title = "搬迁流向 (宽度: 户数)";
    s.look.casing = true;
    s.look.casing_color = {255, 255, 255, 200};
    s.look.casing_px = 1.5f * pr;
    return true;
  }
  if (n == "sites" && k == GeometryKind::point) {
    // Chosen sites sized by assigned households (area ~ households), candidates small and grey.
    const bool has_chosen = t.column("chosen") != nullptr;
    double max_assigned = 0;
    for (size_t i = 0; i < t.size(); ++i) max_assigned = std::max(max_assigned, number_at(t, "assigned_households", i).value_or(0));
    for (size_t i = 0; i < t.size(); ++i) {
      const bool chosen = has_chosen && number_at(t, "chosen", i).value_or(0) != 0;
      if (chosen) {
        const double a = number_at(t, "assigned_households", i).value_or(0);
        s.colors.push_back(k_site_color);
        s.widths.push_back(static_cast<float>(4.0 + 8.0 * std::sqrt(max_assigned > 0 ? a / max_assigned : 0.0)) * pr);
        lb.add("安置点 (大小: 安置户数)", k_site_color);
      } else {
        // Candidates are many (every suitable cell): small and faint so the villages stay readable.
        s.colors.push_back({120, 120, 120, 90});
        s.widths.push_back(1.5f * pr);
        lb.add("候选安置点", {120, 120, 120, 90});
      }
    }
    s.look.title = "安置点";
    s.look.outline = {255, 255, 255, 255};
    s.look.outline_px = 1.5f * pr;
    return true;
  }
  if (n == "excluded" && k == GeometryKind::polygon) {
    for (size_t i = 0; i < t.size(); ++i) {
      s.colors.push_back({200, 60, 50, 110});
      s.widths.push_back(1.0f * pr);
      lb.add("不宜建设 (四避开/坡度/海拔)", {200, 60, 50, 255});
    }
    s.look.title = "排除区域";
    s.look.hatch = true;
    s.look.outline = {180, 50, 40, 120};
    s.look.outline_px = 0.8f * pr;
    return true;
  }
  if (n == "movers" && k == GeometryKind::point) {
    for (size_t i = 0; i < t.size(); ++i) {
      const bool unplaced = number_at(t, "unplaced_households", i).value_or(0) > 0;
      const Rgba c = unplaced ? Rgba{200, 20, 30, 255} : Rgba{235, 140, 40, 255};
      s.colors.push_back(c);
      s.widths.push_back(4.0f * pr);
      lb.add(unplaced ? "搬迁村 (有未安置户)" : "搬迁村", c);
    }
    s.look.title = "搬迁村";
    s.look.outline = {255, 255, 255, 255};
    s.look.outline_px = 1.2f * pr;
    s.look.label_field = t.column("name") ? "name" : "";
    return true;
  }
  if (n == "units") {
    // Pairing units coloured by role; polygons (counties) filled translucent, points (seats) as symbols.
    for (size_t i = 0; i < t.size(); ++i) {
      const std::string role = lower(text_at(t, "role", i));
      const bool helper = role == "helper" || role == "donor";
      Rgba c = helper ? k_helper_color : k_helped_color;
      if (k == GeometryKind::polygon) c.a = 110;
      s.colors.push_back(c);
      s.widths.push_back((k == GeometryKind::point ? 6.0f : 1.0f) * pr);
      lb.add(helper ? "帮扶方" : "受援方", Rgba{c.r, c.g, c.b, 255});
    }
    lb.sort_by({"帮扶方", "受援方"});
    s.look.title = "帮扶单位 (按角色)";
    s.look.outline = k == GeometryKind::point ? Rgba{255, 255, 255, 255} : Rgba{70, 70, 70, 220};
    s.look.outline_px = (k == GeometryKind::point ? 1.5f : 1.2f) * pr;
    s.look.label_field = t.column("name") ? "name" : "";
    return true;
  }
  return false;
}

// `kinds`: the layer's classes by kind (data/styles/kinds.toml), null for a layer the table does not class.
void style_generic(const FeatureTable& t, const KindStyle* kinds, const StyleOptions& o, LayerStyle& s, LegendBuilder& lb) {
  const GeometryKind k = t.geometry.kind;
  const std::string n = base_name(t.name);
  std::map<std::string, size_t> gap_items;  // gaps: item -> colour index, first seen first
  for (size_t i = 0; i < t.size(); ++i) {
    const std::string kind = lower(text_at(t, "kind", i));
    Rgba c{120, 120, 120, 255};
    float w = k == GeometryKind::point ? 3.5f : 1.5f;
    std::string label = layer_title(n);
    if (n == "water") {
      const bool unsafe = t.column("safe") && number_at(t, "safe", i).value_or(1) == 0;
      c = unsafe ? Rgba{200, 60, 120, 255} : Rgba{40, 120, 200, 255};
      label = unsafe ? "不安全水源/管网" : k == GeometryKind::polygon ? "供水服务区" : k == GeometryKind::point ? "水厂" : "供水管网";
      if (k == GeometryKind::polygon) c.a = unsafe ? 110 : 60;  // over the map, as far from the safe area's blue as from the other fills
      w = k == GeometryKind::line ? 1.8f : 4.0f;
    } else if (n == "broadband") {
      c = {30, 160, 150, 255};
      label = k == GeometryKind::polygon ? "宽带/4G 覆盖" : k == GeometryKind::point ? "通信基站" : "光缆";
      if (k == GeometryKind::polygon) c.a = 45;
    } else if (kinds != nullptr) {
      // Classed by kind from data/styles/kinds.toml: each kind its own colour and legend entry.
      const KindClass& kc = kind_class(*kinds, kind);
      c = kc.color;
      label = kc.label;
      if (n == "facilities") w = 3.2f;
    } else if (n == "gaps") {
      // One colour and one legend entry per item: a road gap does not look like a clinic gap.
      const std::string item = text_at(t, "item", i), item_zh = text_at(t, "item_zh", i);
      const auto [it, inserted] = gap_items.try_emplace(item, gap_items.size());
      c = gap_color(it->second);
      label = "缺口: " + (item_zh.empty() ? (item.empty() ? std::string("村 → 最近达标设施") : item) : item_zh);
      w = 2.0f;
    } else if (const LayerWords* b = layer_words(n); b != nullptr && b->boundary > 0) {
      c = b->boundary > 1 ? Rgba{50, 50, 50, 255} : Rgba{100, 100, 100, 255};
      label = std::string(b->title);
    } else if (n == "village_points") {
      c = {60, 60, 60, 255};
      label = "村委会驻地";
      w = 1.8f;
    } else if (k == GeometryKind::polygon) {
      c.a = 60;
    }
    if (!o.width_field.empty() && k == GeometryKind::line) {
      // Flows: width from a numeric field, scaled linearly over the layer's range in the second pass below.
      w = static_cast<float>(number_at(t, o.width_field, i).value_or(0));
    } else {
      w *= o.pixel_ratio;
    }
    s.colors.push_back(c);
    s.widths.push_back(w);
    lb.add(label, c);  // the swatch with the fill's own opacity
  }
  if (kinds != nullptr) lb.sort_by(kind_legend_order(*kinds));
  if (!o.width_field.empty() && k == GeometryKind::line && !s.widths.empty()) {
    const auto [lo, hi] = std::minmax_element(s.widths.begin(), s.widths.end());
    const float a = *lo, b = *hi;
    for (float& w : s.widths) w = (b > a ? 1.0f + 11.0f * (w - a) / (b - a) : 3.0f) * o.pixel_ratio;
  }
  if (const LayerWords* b = layer_words(n); b != nullptr && b->boundary > 0) {
    const bool county = b->boundary > 1;
    s.look.fill = false;
    s.look.outline = county ? Rgba{40, 40, 40, 255} : Rgba{90, 90, 90, 200};
    s.look.outline_px = (county ? 2.4f : 1.2f) * o.pixel_ratio;
    s.look.z_order = county ? 46 : 45;
  } else if (n == "hazards") {
    s.look.hatch = true;
    s.look.outline = {70, 55, 50, 210};  // one rim for every kind: the kind is the stripes' colour (data/styles/kinds.toml)
  } else if (n == "gaps") {
    s.look.dash_px = 6.0f * o.pixel_ratio;
  } else if (n == "protected") {
    s.look.outline = {110, 120, 100, 140};  // neutral: the kind is the fill's colour
  } else if (n == "broadband" || n == "water") {
    s.look.outline = {30, 120, 140, 150};
  }
  if (k == GeometryKind::point) s.look.outline = {255, 255, 255, 255};
  if (n == "village_points") s.look.outline_px = 0;
  // Every area but the villages is hatched, in its class's colour: solid fills are the villages' classes. Pale solid
  // tints of service areas, coverage and protected zones read as the villages' own (仍未达标 beside 生态红线, tour 15 P13).
  if (k == GeometryKind::polygon && s.look.fill) s.look.hatch = true;
}

}  // namespace

ColorBy ColorBy::parse(std::string_view text) {
  ColorBy c;
  const std::string t = lower(text);
  if (t.empty() || t == "verdict") c.kind = Kind::verdict;
  else if (t == "none" || t == "plain") c.kind = Kind::plain;
  else if (t == "transition") c.kind = Kind::transition;
  else c.kind = Kind::item, c.item = std::string(text);
  return c;
}

std::string ColorBy::label() const {
  return kind == Kind::verdict ? "verdict" : kind == Kind::plain ? "none" : kind == Kind::transition ? "transition" : item;
}

Rgba verdict_color(std::string_view verdict, int failed_count) {
  const report::VerdictClass& c = report::k_verdict_classes[report::verdict_class(lower(verdict), failed_count)];
  return {c.r, c.g, c.b, 255};
}

Rgba link_color(std::string_view status) {
  const std::string v = lower(status);
  if (v == "suggested") return {235, 120, 20, 255};
  if (v == "dropped") return {140, 140, 140, 255};
  return {35, 85, 175, 255};
}

uint8_t verdict_rank(std::string_view verdict, double failed_count) {
  const std::string v = lower(verdict);
  if (v == "exit") return 0;
  if (v != "fail") return 1;  // 待核实
  const double n = std::isfinite(failed_count) ? std::clamp(failed_count, 1.0, 200.0) : 1.0;
  return static_cast<uint8_t>(2 + static_cast<int>(n));  // 3..202: more failed items above fewer
}

uint8_t item_rank(std::string_view value) {
  const std::string v = lower(value);
  return v == "fail" ? 3 : v == "unknown" ? 2 : v == "pass" ? 0 : 1;  // no data (1) above a pass, under 待核实
}

int cell_rank(const LayerStyle& style, uint32_t feature) {
  if (feature >= style.colors.size() || feature >= style.widths.size()) return -1;
  if (style.colors[feature].a == 0 || !(style.widths[feature] > 0)) return -1;
  return feature < style.rank.size() ? style.rank[feature] : 0;
}

Rgba item_color(std::string_view value) {
  const std::string v = lower(value);
  if (v == "pass") return {26, 152, 80, 255};
  if (v == "fail") return {215, 48, 39, 255};
  if (v == "unknown") return {150, 150, 150, 255};
  return {200, 200, 200, 255};
}

bool is_paved(std::string_view surface) {
  const std::string s = lower(surface);
  return s == "asphalt" || s == "concrete" || s == "paved" || s == "cement";
}

Rgba road_color(std::string_view road_class, std::string_view surface) {
  if (!is_paved(surface)) {
    const std::string s = lower(surface);
    return s == "earth" ? Rgba{176, 140, 100, 255} : s == "gravel" ? Rgba{150, 130, 110, 255} : Rgba{170, 170, 170, 255};
  }
  const std::string c = lower(road_class);
  if (c == "expressway") return {60, 120, 60, 255};
  if (c == "national" || c == "provincial") return {230, 90, 40, 255};
  if (c == "county") return {245, 160, 40, 255};
  if (c == "township") return {250, 205, 60, 255};
  return {255, 240, 150, 255};
}

std::string layer_title(std::string_view n) {
  const LayerWords* w = layer_words(n);  // the nouns live in the layer table (layer_words.cpp)
  return w != nullptr ? std::string(w->title) : std::string(n);
}

Rgba gap_color(size_t k) {
  static const Rgba palette[] = {{200, 20, 30, 255},  {30, 100, 200, 255}, {200, 40, 170, 255}, {0, 150, 140, 255},
                                 {230, 120, 0, 255},  {110, 60, 170, 255}, {120, 90, 40, 255},  {60, 140, 40, 255}};
  return palette[k % (sizeof palette / sizeof palette[0])];
}

const std::vector<std::string>& style_strings() {
  static const std::vector<std::string> strings = [] {
    std::vector<std::string> fixed = {
      "村庄", "可出列", "缺1项", "缺2项", "缺3项及以上", "待核实 (数据不全)", "达标", "不达标", "待核实", "无数据", "村庄 · 出列评定",
      "村庄 · 指标 ", "砂石路", "土路", "路面未知", "国省道 (硬化)", "县道 (硬化)", "乡道 (硬化)", "村道 (硬化)", "变电站", "变压器", "既有结对 (实线)", "建议结对 (虚线)", "撤销的结对 (虚线)", "结对",
      "帮扶结对 (宽度: 资金)", "搬迁流向 村 → 安置点", "搬迁流向 (宽度: 户数)", "安置点 (大小: 安置户数)", "候选安置点", "安置点",
      "不宜建设 (四避开/坡度/海拔)", "排除区域", "搬迁村 (有未安置户)", "搬迁村", "帮扶方", "受援方", "帮扶单位 (按角色)",
      "不安全水源/管网", "供水服务区", "水厂", "供水管网", "宽带/4G 覆盖", "通信基站", "光缆",
      "缺口: ", "村 → 最近达标设施", "乡镇界", "县界", "村委会驻地", "道路", "供水", "电网", "广电宽带", "公共服务设施", "地质灾害隐患",
      "保护区", "缺口连线", "帮扶单位", "地形", "变电站/变压器", "图例", "北", "地形 (晕渲)", "0123456789 kmN.,-()·→",
      "贫困村出列评定", " · 指标 ", "易地扶贫搬迁安置规划", "山海协作结对", "（含规划项目，模拟）", "…另有 类未列出"};
    fixed.insert(fixed.end(), transition_labels().begin(), transition_labels().end());
    if (const auto& power = power_styles()) {
      const std::vector<std::string> classes = power_style_strings(*power);
      fixed.insert(fixed.end(), classes.begin(), classes.end());
    }
    if (const auto& kinds = kind_styles()) {
      const std::vector<std::string> classes = kind_style_strings(*kinds);
      fixed.insert(fixed.end(), classes.begin(), classes.end());
    }
    return fixed;
  }();
  return strings;
}

std::vector<std::string> item_columns(const FeatureTable& villages) {
  std::vector<std::string> items;
  for (const Column& c : villages.columns) {
    if (c.type() != FieldType::text || c.name() == "verdict") continue;
    bool any = false, all = true;
    for (size_t i = 0; i < c.size() && all; ++i) {
      if (c.is_null(i)) continue;
      const std::string v = lower(c.get_text(i));
      any = true;
      all = v == "pass" || v == "fail" || v == "unknown";
    }
    if (any && all) items.push_back(c.name());
  }
  return items;
}

Result<LayerStyle> style_layer(const FeatureTable& table, const StyleOptions& options) {
  if (is_plan_layer(table.name)) return plan_layer_style(table, options);  // an investment plan's projects by year
  LayerStyle s;
  s.look.title = layer_title(table.name);
  s.look.z_order = z_for(table.name, table.geometry.kind);
  s.colors.reserve(table.size());
  s.widths.reserve(table.size());
  s.look.outline_px = options.pixel_ratio;
  LegendBuilder lb(s.look.title, symbol_of(table.geometry.kind));
  if (table.name == io::target_layer) {
    if (options.color_by.kind == ColorBy::Kind::item && !table.column(options.color_by.item)) {
      std::string have;
      for (const auto& i : item_columns(table)) have += (have.empty() ? "" : ", ") + i;
      return error(ErrorCode::input, "the villages layer has no item column '" + options.color_by.item + "'")
          .layer(io::target_layer)
          .field(options.color_by.item)
          .hint(have.empty() ? "colour by an item needs a check result (jiuyou check PROJECT --out DIR, then render DIR/result.gpkg)"
                             : "items in this file: " + have);
    }
    style_villages(table, options, s, lb);
  } else if (table.name == "roads") {
    style_roads(table, options, s, lb);
  } else if (base_name(table.name) == "power") {
    const Result<PowerStyles>& power = power_styles();
    if (!power) return tl::unexpected(power.error());
    style_power(table, *power, options, s, lb);
  } else if (!style_planner(table, options, s, lb)) {
    const Result<KindStyles>& kinds = kind_styles();
    if (!kinds) return tl::unexpected(kinds.error());
    const auto classed = kinds->find(base_name(table.name));
    style_generic(table, classed == kinds->end() ? nullptr : &classed->second, options, s, lb);
  }
  s.legend = lb.take();
  s.legend.title = s.look.title;
  return s;
}

}  // namespace jiuyou::render
