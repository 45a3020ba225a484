// The plan as output tables in its CRS: sites (points; the considered ones), excluded (cell
// polygons), flows (lines origin -> site), movers (points, with reasons), footprints (the
// considered sites' buildable cells as multipolygons).
#include <string>
#include <vector>

#include "gis/plan/relocate_report.hpp"
#include "gis/relocate/relocate.hpp"

namespace jiuyou::plan {

namespace {

// The sites table's columns; `items` gets the 四网 item ids of the considered sites.
FeatureTable sites_columns(const RelocationPlan& plan, std::vector<std::string>& items) {
  FeatureTable t;
  t.name = "sites";
  t.crs = plan.crs;
  t.geometry.kind = GeometryKind::point;
  for (const auto& s : plan.sites)
    if (s.considered) {
      for (const auto& n : s.networks) items.push_back(n.item);
      break;
    }
  t.add_column("label", FieldType::text);
  t.add_column("source_fid", FieldType::integer);
  t.add_column("chosen", FieldType::boolean);
  t.add_column("capacity_households", FieldType::integer);
  t.add_column("assigned_households", FieldType::integer);
  t.add_column("buildable_m2", FieldType::real);
  t.add_column("suitability", FieldType::real);
  for (const char* s : {"score_road", "score_water", "score_power", "score_broadband", "score_school", "score_clinic", "score_township", "score_fields"})
    t.add_column(s, FieldType::real);
  t.add_column("net4_ok", FieldType::integer);
  t.add_column("net4_status", FieldType::text);
  t.add_column("net4_status_zh", FieldType::text);  // the documents' words, for QGIS users (tour 11 K35)
  for (const auto& id : items) {
    t.add_column(id + "_ok", FieldType::boolean);
    t.add_column(id + "_distance_m", FieldType::real);
    t.add_column(id + "_extend_km", FieldType::real);
    t.add_column(id + "_extend_cny", FieldType::real);
  }
  t.add_column("extension_cny", FieldType::real);
  t.add_column("site_cost_cny", FieldType::real);
  t.add_column("school_km", FieldType::real);
  t.add_column("clinic_km", FieldType::real);
  t.add_column("township_km", FieldType::real);
  t.add_column("fields_km", FieldType::real);
  t.add_column("partly_excluded", FieldType::text);
  return t;
}

// The considered sites as points, with their 四网, scores and costs.
FeatureTable sites_table(const RelocationPlan& plan) {
  std::vector<std::string> items;
  FeatureTable t = sites_columns(plan, items);
  for (size_t i = 0; i < plan.sites.size(); ++i) {
    const Site& s = plan.sites[i];
    if (!s.considered) continue;  // beyond every village's nearest sites: no 四网 check, no scores
    t.geometry.add_point_feature(s.point.x, s.point.y);
    t.fid.push_back(static_cast<int64_t>(i + 1));
    t.column("label")->push_text(s.label);
    if (s.source_fid >= 0) t.column("source_fid")->push_int(s.source_fid);
    else t.column("source_fid")->push_null();
    t.column("chosen")->push_bool(s.chosen);
    t.column("capacity_households")->push_int(s.capacity);
    t.column("assigned_households")->push_int(s.assigned);
    t.column("buildable_m2")->push_real(s.buildable_m2);
    t.column("suitability")->push_real(s.score);
    t.column("score_road")->push_real(s.score_road);
    t.column("score_water")->push_real(s.score_water);
    t.column("score_power")->push_real(s.score_power);
    t.column("score_broadband")->push_real(s.score_broadband);
    t.column("score_school")->push_real(s.score_school);
    t.column("score_clinic")->push_real(s.score_clinic);
    t.column("score_township")->push_real(s.score_township);
    t.column("score_fields")->push_real(s.score_fields);
    t.column("net4_ok")->push_int(s.net4_ok);
    std::string status;
    for (const auto& n : s.networks) status += (status.empty() ? "" : " ") + n.item + (n.ok ? "✓" : "✗");
    t.column("net4_status")->push_text(status);
    t.column("net4_status_zh")->push_text(net4_status_zh(s));
    for (const auto& id : items) {
      const NetworkStatus* n = nullptr;
      for (const auto& x : s.networks)
        if (x.item == id) n = &x;
      if (n == nullptr) {
        for (const char* suffix : {"_ok", "_distance_m", "_extend_km", "_extend_cny"}) t.column(id + suffix)->push_null();
        continue;
      }
      t.column(id + "_ok")->push_bool(n->ok);
      if (n->distance_m >= 0) t.column(id + "_distance_m")->push_real(n->distance_m);
      else t.column(id + "_distance_m")->push_null();
      t.column(id + "_extend_km")->push_real(n->extend_km);
      t.column(id + "_extend_cny")->push_real(n->extend_cny);
    }
    t.column("extension_cny")->push_real(s.extension_cny);
    t.column("site_cost_cny")->push_real(s.fixed_cny);
    if (s.school_km >= 0) t.column("school_km")->push_real(s.school_km);
    else t.column("school_km")->push_null();
    if (s.clinic_km >= 0) t.column("clinic_km")->push_real(s.clinic_km);
    else t.column("clinic_km")->push_null();
    if (s.township_km >= 0) t.column("township_km")->push_real(s.township_km);
    else t.column("township_km")->push_null();
    if (s.fields_km >= 0) t.column("fields_km")->push_real(s.fields_km);
    else t.column("fields_km")->push_null();
    t.column("partly_excluded")->push_text(s.partly_excluded);
  }
  return t;
}

// Excluded candidates as their extent rectangles.
FeatureTable excluded_table(const RelocationPlan& plan) {
  FeatureTable t;
  t.name = "excluded";
  t.crs = plan.crs;
  t.geometry.kind = GeometryKind::polygon;
  t.add_column("label", FieldType::text);
  t.add_column("source_fid", FieldType::integer);
  t.add_column("reasons", FieldType::text);
  t.add_column("reasons_zh", FieldType::text);
  for (size_t i = 0; i < plan.excluded.size(); ++i) {
    const ExcludedArea& x = plan.excluded[i];
    t.geometry.add_box_part(x.cell);
    t.geometry.close_feature();
    t.fid.push_back(static_cast<int64_t>(i + 1));
    t.column("label")->push_text(x.label);
    if (x.source_fid >= 0) t.column("source_fid")->push_int(x.source_fid);
    else t.column("source_fid")->push_null();
    t.column("reasons")->push_text(x.reasons);
    t.column("reasons_zh")->push_text(x.reasons_zh);
  }
  return t;
}

// Flows as lines origin village -> site.
FeatureTable flows_table(const RelocationPlan& plan) {
  FeatureTable t;
  t.name = "flows";
  t.crs = plan.crs;
  t.geometry.kind = GeometryKind::line;
  for (const char* c : {"village_code", "village_name", "site_label"}) t.add_column(c, FieldType::text);
  t.add_column("households", FieldType::integer);
  t.add_column("distance_km", FieldType::real);
  t.add_column("by_road_network", FieldType::boolean);
  for (size_t i = 0; i < plan.flows.size(); ++i) {
    const Flow& f = plan.flows[i];
    const Mover& m = plan.movers[f.mover];
    const Site& s = plan.sites[f.site];
    const Vec2 ends[] = {m.point, s.point};
    t.geometry.add_line_feature(ends);
    t.fid.push_back(static_cast<int64_t>(i + 1));
    t.column("village_code")->push_text(m.code);
    t.column("village_name")->push_text(m.name);
    t.column("site_label")->push_text(s.label);
    t.column("households")->push_int(f.households);
    t.column("distance_km")->push_real(f.distance_km);
    t.column("by_road_network")->push_bool(f.by_network);
  }
  return t;
}

// Movers as points, with their reasons, placed and unplaced households and sites.
FeatureTable movers_table(const RelocationPlan& plan) {
  FeatureTable t;
  t.name = "movers";
  t.crs = plan.crs;
  t.geometry.kind = GeometryKind::point;
  for (const char* c : {"code", "name", "reason", "reason_zh"}) t.add_column(c, FieldType::text);
  t.add_column("households", FieldType::integer);
  t.add_column("placed_households", FieldType::integer);
  t.add_column("unplaced_households", FieldType::integer);
  t.add_column("unplaced_reason", FieldType::text);
  t.add_column("unplaced_reason_zh", FieldType::text);  // as relocation.xlsx 搬迁对象 says it (tour 11 K35)
  t.add_column("sites", FieldType::text);
  for (size_t j = 0; j < plan.movers.size(); ++j) {
    const Mover& m = plan.movers[j];
    int64_t placed = 0;
    std::string sites;
    for (const auto& f : plan.flows)
      if (f.mover == j) placed += f.households, sites += (sites.empty() ? "" : ", ") + plan.sites[f.site].label;
    std::string why, why_zh;
    for (const auto& u : plan.unplaced)
      if (u.mover == j) why += (why.empty() ? "" : "; ") + u.reason, why_zh += (why_zh.empty() ? "" : "；") + unplaced_reason_zh(u, plan.params);
    t.geometry.add_point_feature(m.point.x, m.point.y);
    t.fid.push_back(static_cast<int64_t>(j + 1));
    t.column("code")->push_text(m.code);
    t.column("name")->push_text(m.name);
    t.column("reason")->push_text(m.reason);
    t.column("reason_zh")->push_text(mover_reason_zh(m));
    t.column("households")->push_int(m.households);
    t.column("placed_households")->push_int(placed);
    t.column("unplaced_households")->push_int(m.households - placed);
    t.column("unplaced_reason")->push_text(why);
    t.column("unplaced_reason_zh")->push_text(why_zh);
    t.column("sites")->push_text(sites);
  }
  return t;
}

// Each considered site's footprint: its buildable cells, one square polygon each.
FeatureTable footprints_table(const RelocationPlan& plan) {
  FeatureTable t;
  t.name = "footprints";
  t.crs = plan.crs;
  t.geometry.kind = GeometryKind::polygon;
  t.add_column("label", FieldType::text);
  t.add_column("chosen", FieldType::boolean);
  t.add_column("buildable_m2", FieldType::real);
  for (size_t i = 0; i < plan.sites.size(); ++i) {
    const Site& s = plan.sites[i];
    if (!s.considered) continue;
    for (const BBox& b : s.footprint) t.geometry.add_box_part(b);
    t.geometry.close_feature();
    t.fid.push_back(static_cast<int64_t>(i + 1));
    t.column("label")->push_text(s.label);
    t.column("chosen")->push_bool(s.chosen);
    t.column("buildable_m2")->push_real(s.buildable_m2);
  }
  return t;
}

}  // namespace

RelocationLayers relocation_layers(const RelocationPlan& plan) {
  RelocationLayers out;
  out.sites = sites_table(plan);
  out.excluded = excluded_table(plan);
  out.flows = flows_table(plan);
  out.movers = movers_table(plan);
  out.footprints = footprints_table(plan);
  return out;
}

}  // namespace jiuyou::plan
