// Who moves: relocate_households > 0, a village in a hazard zone of a listed kind, or a
// small village of high poverty incidence ([relocate.rules]); the reason lists every rule.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <optional>
#include <vector>

#include "gis/geos/shape.hpp"
#include "gis/io/schema.hpp"
#include "gis/relocate/stages.hpp"

namespace jiuyou::plan::detail {

namespace {

// The villages' columns and the hazard index the rules read.
struct MoverInputs {
  const FeatureTable* villages = nullptr;
  const FeatureTable* hazards = nullptr;
  const Column *hkind = nullptr, *rel = nullptr, *hh = nullptr, *code = nullptr, *name = nullptr, *poor = nullptr;
  std::optional<index::SpatialIndex> hazard_index;
};

MoverInputs mover_inputs(const Workspace& ws, const FeatureTable* hazards, const RelocateParams& p, IssueLog& notes) {
  MoverInputs in;
  in.villages = ws.layer(io::target_layer);
  in.hazards = hazards;
  in.hkind = in.hazards ? in.hazards->column("kind") : nullptr;
  in.rel = in.villages->column("relocate_households");
  in.hh = in.villages->column("households");
  in.code = in.villages->column("code");
  in.name = in.villages->column("name");
  in.poor = in.villages->column("poor_households");
  if (in.rel == nullptr)
    note(notes, Severity::warning, "no_relocate_field", "村图层没有需搬迁户数字段（relocate_households）：只有位于滑坡、泥石流等隐患区的村按整村搬迁计入，各村上报的搬迁户没有计入；"
                "请在村级统计表中加上这一列后重新计算", "villages");
  if (p.small_village_max_households > 0 && (in.hh == nullptr || in.poor == nullptr))
    note(notes, Severity::warning, "rule_fields_missing",
         "项目文件 [relocate.rules] 设了小村整村搬迁规则（small_village_max_households），但村图层缺少总户数（households）或贫困户数"
         "（poor_households）字段，这条规则没有执行，符合条件的小村可能漏计；请补上这两列后重新计算", "villages");
  if (in.hazards != nullptr && in.hazards->geometry.kind == GeometryKind::polygon && !p.mover_hazard_kinds.empty()) {
    std::vector<BBox> boxes;
    for (uint32_t h = 0; h < in.hazards->size(); ++h) boxes.push_back(in.hazards->geometry.feature_bbox(h));
    in.hazard_index.emplace();
    in.hazard_index->build(boxes);
  }
  return in;
}

// "in landslide zone (hazards fid 3)" for the lowest-fid listed hazard containing the point.
std::string hazard_reason(const MoverInputs& in, const RelocateParams& p, Vec2 pt, std::string* kind) {
  if (!in.hazard_index) return {};
  int64_t first_fid = -1;
  std::string first_kind;
  in.hazard_index->query(BBox{pt.x, pt.y, pt.x, pt.y}, [&](uint32_t h) {
    const std::string k = in.hkind ? lower(in.hkind->as_text(h)) : std::string();
    if (std::find(p.mover_hazard_kinds.begin(), p.mover_hazard_kinds.end(), k) == p.mover_hazard_kinds.end()) return;
    if (!point_in_feature(in.hazards->geometry, h, pt.x, pt.y)) return;
    if (first_fid < 0 || in.hazards->fid[h] < first_fid) first_fid = in.hazards->fid[h], first_kind = k;
  });
  *kind = first_kind;
  return first_fid >= 0 ? "in " + first_kind + " zone (hazards fid " + std::to_string(first_fid) + ")" : std::string();
}

// Guizhou 2016: a small village whose poverty incidence reaches the threshold moves whole.
std::string small_village_reason(const MoverInputs& in, const RelocateParams& p, uint32_t v, double all, double* incidence) {
  if (p.small_village_max_households <= 0 || in.hh == nullptr || in.poor == nullptr || all <= 0 || all > p.small_village_max_households) return {};
  const double share = in.poor->number(v).value_or(0) / all;
  if (share < p.small_village_min_incidence) return {};
  *incidence = share;
  char buf[200];
  std::snprintf(buf, sizeof buf, "rules: %.0f households <= %d with poverty incidence %.0f %% >= %.0f %%", all, p.small_village_max_households,
                100.0 * share, 100.0 * p.small_village_min_incidence);
  return buf;
}

// The relocating households the table lists (0: none), unless they exceed the village's
// households (a typo ×10): then the figure is set aside and said, never planned as given.
double listed_households(const MoverInputs& in, uint32_t v, double all, const Mover& m, IssueLog& notes) {
  const double given = in.rel ? in.rel->number(v).value_or(0) : 0;
  if (!(given > all && all > 0)) return given;
  char buf[96];
  std::snprintf(buf, sizeof buf, "上报需搬迁 %.0f 户，多于该村的总户数 %.0f 户", given, all);
  note(notes, Severity::warning, "relocate_households_implausible",
       (m.name.empty() ? "" : m.name) + "（代码 " + m.code + "）" + buf +
           "，可能录错（多打了一位？）：这个数没有用于方案，该村只在位于灾害区等整村搬迁的条件下按总户数计；请核对村级统计表的搬迁户数",
       "villages");
  return 0;
}

// The share of polygon village v inside the hazard zones of the listed kinds (NaN for points).
double hazard_share(const MoverInputs& in, const RelocateParams& p, uint32_t v) {
  const GeometryColumn& g = in.villages->geometry;
  if (g.kind != GeometryKind::polygon || !in.hazard_index) return std::numeric_limits<double>::quiet_NaN();
  std::vector<geos::Shape> zones;
  in.hazard_index->query(g.feature_bbox(v), [&](uint32_t h) {
    const std::string k = in.hkind ? lower(in.hkind->as_text(h)) : std::string();
    if (std::find(p.mover_hazard_kinds.begin(), p.mover_hazard_kinds.end(), k) != p.mover_hazard_kinds.end())
      zones.push_back(geos::Shape::from_feature(in.hazards->geometry, h));
  });
  std::vector<const geos::Shape*> covers;
  for (const auto& z : zones) covers.push_back(&z);
  return geos::Shape::covered_share(geos::Shape::from_feature(g, v), covers);
}

// Point villages moved whole because their one point lies in a zone: said once, with the
// households, for field verification (a polygon would tell how much of the village is exposed).
void note_point_judged(const std::vector<Mover>& movers, IssueLog& notes) {
  size_t villages = 0;
  int64_t households = 0;
  for (const Mover& m : movers)
    if (!m.hazard_kind.empty() && m.listed_households <= 0 && std::isnan(m.hazard_share)) ++villages, households += m.households;
  if (villages == 0) return;
  note(notes, Severity::warning, "hazard_judged_on_points",
       std::to_string(villages) + " 个村（" + std::to_string(households) +
           " 户）只因村点落在灾害隐患区内就按整村搬迁计：村点只是一个点，村域有多大部分在隐患区并不知道，结果可能偏多；这些村需实地核实，或改用村界（面）数据重新计算",
       "villages");
}

// Villages whose 需搬迁户数 the table left empty while other villages have one (a statistics table whose codes did not join —
// saved as 4.20323E+11 — or one township's sheet missing): their reported households are not planned, said once with the
// first names, on the console too (tour 14 N4; before, relocate planned 3,944 households of 4 villages instead of 534 of 65
// and said nothing).
void note_households_missing(const MoverInputs& in, IssueLog& notes) {
  if (in.rel == nullptr) return;
  std::vector<std::string> names;
  size_t with_value = 0;
  for (uint32_t v = 0; v < in.villages->size(); ++v) {
    if (in.villages->geometry.is_empty(v)) continue;
    if (!in.rel->is_null(v)) { ++with_value; continue; }
    names.push_back(in.name && !in.name->is_null(v) ? in.name->as_text(v) : in.code ? in.code->as_text(v) : "fid " + std::to_string(in.villages->fid[v]));
  }
  if (names.empty()) return;
  std::string listed;
  for (size_t k = 0; k < names.size() && k < 5; ++k) listed += (k ? "、" : "") + names[k];
  Issue i;
  i.severity = Severity::warning;
  i.code = "relocate_households_missing";
  i.layer = "villages";
  i.field = "relocate_households";
  i.message = std::to_string(names.size()) + " 个村（" + listed + (names.size() > 5 ? " 等" : "") + "）没有需搬迁户数（该格为空，或统计表中没有这个村的行）" +
              (with_value == 0 ? "，全县没有一个村有这一项" : "") +
              "：这些村上报的搬迁户没有计入方案，只有位于灾害隐患区等整村搬迁条件的按总户数计，搬迁户数和建设投资都可能不对";
  i.hint = "核对村级统计表是否每村一行、村代码是否对上（代码列须为文本，不能是 4.20323E+11），用 jiuyou validate 查看；不搬迁的村请填 0，然后重新计算";
  notes.add(std::move(i));
}

}  // namespace

MoversOut find_movers(const Workspace& ws, const FeatureTable* hazards, const RelocateParams& p, IssueLog& notes) {
  MoversOut out;
  const MoverInputs in = mover_inputs(ws, hazards, p, notes);
  const FeatureTable* villages = in.villages;
  note_households_missing(in, notes);
  for (uint32_t v = 0; v < villages->size(); ++v) {
    if (villages->geometry.is_empty(v)) continue;
    Mover m;
    m.village = v;
    m.code = in.code ? in.code->as_text(v) : std::to_string(villages->fid[v]);
    m.name = in.name ? in.name->as_text(v) : std::string();
    m.point = representative_point(villages->geometry, v);
    const double all = in.hh ? in.hh->number(v).value_or(0) : 0;
    const double given = listed_households(in, v, all, m, notes);
    std::string whole_reason = hazard_reason(in, p, m.point, &m.hazard_kind);
    if (!m.hazard_kind.empty()) m.hazard_share = hazard_share(in, p, v);
    if (std::string small = small_village_reason(in, p, v, all, &m.small_village_incidence); !small.empty()) whole_reason += (whole_reason.empty() ? "" : "; ") + small;
    if (!whole_reason.empty() && all <= 0 && given <= 0) {
      note(notes, Severity::warning, "mover_without_households", (m.name.empty() ? std::string() : m.name) + "（代码 " + m.code +
                                                           "）符合整村搬迁条件（位于灾害隐患区或符合小村搬迁规则），但没有总户数，未列入方案；请在村级统计表中补上该村的户数（households）后重新计算", "villages");
      continue;
    }
    if (given <= 0 && whole_reason.empty()) continue;
    m.listed_households = given > 0 ? static_cast<int64_t>(std::llround(given)) : 0;
    if (!whole_reason.empty() && given <= 0) {
      m.households = static_cast<int64_t>(std::llround(all));
      m.reason = whole_reason + ": whole village (" + std::to_string(m.households) + " households)";
    } else {
      m.households = static_cast<int64_t>(std::llround(given));
      m.reason = "relocate_households = " + std::to_string(m.households);
      if (!whole_reason.empty()) m.reason += "; " + whole_reason;
    }
    out.households += m.households;
    out.movers.push_back(std::move(m));
  }
  note_point_judged(out.movers, notes);
  return out;
}

}  // namespace jiuyou::plan::detail
