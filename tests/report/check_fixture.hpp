#pragma once
// A four-village county and a hand-made check result whose every number can be
// checked by hand (metric CRS EPSG:4547, CGCS2000 3-degree zone at 114°E):
//
//   row  code          name         township  verdict   why
//   0    420323100001  青山村       宝丰镇    exit      everything passes
//   1    420323100002  石门村<&>    宝丰镇    fail      road: nearest connected paved road 2.3 km (gap 2300 m);
//                                                        advisory clinic fails (gap 3100 m)
//   2    420323200001  河口村       溢水镇    fail      service centre 1.2 km away (gap 1200 m, a 3-4-5 triangle),
//                                                        collective income 32000, no cooperative (industry fails)
//   3    420323200002  茶园村       溢水镇    unknown   no broadband data for it, collective income NULL
#include <string>
#include <vector>

#include "gis/indicators/check.hpp"
#include "gis/model/workspace.hpp"

namespace jiuyou::test {

using indicators::CheckResult;
using indicators::Item;
using indicators::ItemKind;
using indicators::ItemResult;
using indicators::Outcome;

// Item order; the result's cells follow it.
enum ItemIndex : size_t { k_road, k_broadband, k_service, k_leading, k_coop, k_industry, k_income, k_clinic, k_items };

inline indicators::RuleSet fixture_rules() {
  indicators::RuleSet rs;
  rs.id = "test-2017";
  rs.name_zh = "测试出列标准";
  rs.name_en = "Test exit standard";
  rs.source = "测试文件 <第1号> & 附件";
  rs.note = "仅用于测试";
  auto add = [&](std::string id, std::string name_zh, ItemKind kind) -> Item& {
    Item it;
    it.id = std::move(id);
    it.name_zh = std::move(name_zh);
    it.name_en = it.id;
    it.kind = kind;
    it.source = "测试 " + it.id;
    rs.items.push_back(it);
    return rs.items.back();
  };
  {
    Item& it = add("road", "有硬化的通村公路", ItemKind::network_access);
    it.group = "infrastructure";
    it.layer = "roads";
    it.filter = "surface IN ('asphalt', 'concrete')";
    it.max_distance_m = 500;
    it.require_connected = true;
    it.trunk_filter = "class IN ('national', 'provincial', 'county')";
    it.in_net4 = it.in_jiuyou = true;
  }
  {
    Item& it = add("broadband", "有入户的广电宽带通讯网络", ItemKind::coverage);
    it.group = "infrastructure";
    it.layer = "broadband";
    it.min_share = 0.5;
    it.in_net4 = it.in_jiuyou = true;
  }
  {
    Item& it = add("service_center", "有党员群众服务中心", ItemKind::facility);
    it.group = "public_service";
    it.layer = "facilities";
    it.filter = "kind = 'service_center'";
    it.in_jiuyou = true;
  }
  {
    Item& it = add("leading_industry", "村有主导产业", ItemKind::attribute);
    it.expression = "has_leading_industry";
    it.visible = false;
    it.required = false;
  }
  {
    Item& it = add("cooperative", "有带贫合作社", ItemKind::attribute);
    it.expression = "cooperatives >= 1";
    it.visible = false;
    it.required = false;
  }
  {
    Item& it = add("industry", "有主导产业", ItemKind::all_of);
    it.group = "industry";
    it.children = {"leading_industry", "cooperative"};
    it.in_jiuyou = true;
  }
  {
    Item& it = add("collective_income", "集体经济收入达到5万元以上", ItemKind::attribute);
    it.group = "exit";
    it.expression = "collective_income >= 50000";
  }
  {
    Item& it = add("clinic", "有标准化村卫生室", ItemKind::facility);
    it.group = "public_service";
    it.layer = "facilities";
    it.filter = "kind = 'clinic'";
    it.required = false;
  }
  return rs;
}

inline Workspace fixture_workspace() {
  Workspace ws;
  ws.name = "测试县";
  ws.metric_crs = CrsRef::epsg(4547);
  FeatureTable v;
  v.name = "villages";
  v.crs = ws.metric_crs;
  v.geometry.kind = GeometryKind::point;
  v.columns.reserve(5);
  Column code("code", FieldType::text), name("name", FieldType::text), township("township", FieldType::text),
      population("population", FieldType::integer), old_verdict("Verdict", FieldType::text);
  const char* codes[] = {"420323100001", "420323100002", "420323200001", "420323200002"};
  const char* names[] = {"青山村", "石门村<&>", "河口村", "茶园村"};
  const char* towns[] = {"宝丰镇", "宝丰镇", "溢水镇", "溢水镇"};
  for (size_t i = 0; i < 4; ++i) {
    v.fid.push_back(static_cast<int64_t>(101 + i));  // source FIDs 101..104
    v.geometry.add_point_feature(500000.0 + 1000.0 * static_cast<double>(i), 3600000.0 + 1000.0 * static_cast<double>(i % 2));
    code.push_text(codes[i]);
    name.push_text(names[i]);
    township.push_text(towns[i]);
    population.push_int(static_cast<int64_t>(800 + 100 * i));
    old_verdict.push_text("stale");  // an input field named like a result column (GeoPackage names ignore case): the result replaces it
  }
  v.columns = {std::move(code), std::move(name), std::move(township), std::move(population), std::move(old_verdict)};
  ws.layers.push_back(std::move(v));
  return ws;
}

inline ItemResult pass_cell() {
  ItemResult r;
  r.outcome = Outcome::pass;
  return r;
}

// Per-township and county tallies from the cells (what check_villages fills).
inline void tally(CheckResult& res, const Workspace& ws) {
  const FeatureTable& v = *ws.layer("villages");
  const Column& town = *v.column("township");
  res.townships.clear();
  auto blank = [&](std::string name) {
    indicators::TownshipSummary s;
    s.township = std::move(name);
    s.item_pass.assign(res.item_count(), 0);
    s.item_fail.assign(res.item_count(), 0);
    s.item_unknown.assign(res.item_count(), 0);
    return s;
  };
  res.county_summary = blank(res.county);
  auto add = [&](indicators::TownshipSummary& s, size_t row) {
    ++s.villages;
    if (res.verdict[row] == Outcome::pass) ++s.exit;
    if (res.verdict[row] == Outcome::fail) ++s.fail;
    if (res.verdict[row] == Outcome::unknown) ++s.unknown;
    for (size_t i = 0; i < res.item_count(); ++i) {
      const Outcome o = res.cell(row, i).outcome;
      ++(o == Outcome::pass ? s.item_pass : o == Outcome::fail ? s.item_fail : s.item_unknown)[i];
    }
  };
  for (size_t row = 0; row < v.size(); ++row) {
    const std::string t(town.get_text(row));
    if (res.townships.empty() || res.townships.back().township != t) res.townships.push_back(blank(t));
    add(res.townships.back(), row);
    add(res.county_summary, row);
  }
}

inline CheckResult fixture_result(const Workspace& ws) {
  CheckResult res;
  res.rules = fixture_rules();
  res.county = ws.name;
  res.crs = ws.metric_crs;
  res.village_count = 4;
  res.cells.assign(res.village_count * k_items, pass_cell());
  auto cell = [&](size_t v, size_t i) -> ItemResult& { return res.cells[v * k_items + i]; };

  // Village 0: all pass, with evidence.
  cell(0, k_road).distance_m = 120;
  cell(0, k_road).nearest_fid = 7;
  cell(0, k_road).note = "最近的连通硬化路 120 m";
  cell(0, k_broadband).share = 1.0;
  cell(0, k_income).value = 80000;

  // Village 1: the road is too far; the advisory clinic is missing.
  ItemResult& road = cell(1, k_road);
  road.outcome = Outcome::fail;
  road.distance_m = 2300;
  road.nearest_fid = 11;
  road.unconnected_distance_m = 300;
  road.from = {501000, 3601000};
  road.to = {501000, 3603300};
  road.note = "最近的连通硬化路 2.3 km（要求 ≤ 500 m）；300 m 处的路段未与干线连通";
  ItemResult& clinic = cell(1, k_clinic);
  clinic.outcome = Outcome::fail;
  clinic.distance_m = 3100;
  clinic.from = {501000, 3601000};
  clinic.to = {504100, 3601000};
  clinic.note = "本村无，最近的卫生室 3.1 km";

  // Village 2: no service centre (1200 m away), no cooperative, low income.
  ItemResult& svc = cell(2, k_service);
  svc.outcome = Outcome::fail;
  svc.distance_m = 1200;
  svc.nearest_fid = 5;
  svc.from = {502000, 3600000};
  svc.to = {502720, 3600960};
  svc.note = "本村无，最近的党员群众服务中心 1.2 km";
  cell(2, k_coop).outcome = Outcome::fail;
  cell(2, k_coop).value = 0;  // no note: the report composes one
  cell(2, k_industry).outcome = Outcome::fail;
  cell(2, k_income).outcome = Outcome::fail;
  cell(2, k_income).value = 32000;
  cell(2, k_income).note = "collective_income = 32000（要求 collective_income >= 50000）";

  // Village 3: the broadband layer is missing; collective income is NULL.
  cell(3, k_broadband).outcome = Outcome::unknown;
  cell(3, k_broadband).note = "覆盖数据不含本村";
  cell(3, k_income).outcome = Outcome::unknown;  // no note: "数据缺失（collective_income >= 50000）"

  res.verdict = {Outcome::pass, Outcome::fail, Outcome::fail, Outcome::unknown};
  res.net4_count = {2, 1, 2, 1};
  res.jiuyou_count = {4, 3, 2, 3};
  res.failed_count = {0, 1, 3, 0};
  res.unknown_count = {0, 0, 0, 2};
  tally(res, ws);
  Issue note;
  note.severity = Severity::warning;
  note.code = "coverage_partial";
  note.layer = "broadband";
  note.message = "宽带覆盖数据只到 <溢水镇> 边界";
  res.notes.add(note);
  return res;
}

}  // namespace jiuyou::test
