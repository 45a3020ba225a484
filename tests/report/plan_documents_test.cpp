// The relocation and pairing documents in plain Chinese: why a village moves,
// why households stay unplaced, the method and its bound in words, sites by
// the nearest village with longitude/latitude, money in 万元, the pairing
// summary and the left-out reasons from structured data.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <tuple>

#include "gis/pair/report.hpp"
#include "gis/plan/relocate_report.hpp"
#include "support/test_paths.hpp"
#include "support/zip_part.hpp"

namespace jiuyou {
namespace {

namespace fs = std::filesystem;

plan::RelocationPlan small_plan() {
  plan::RelocationPlan p;
  p.crs = CrsRef::epsg(4546);
  plan::Mover a;
  a.code = "420323100200";
  a.name = "郑家坡村";
  a.point = {412000, 3572000};
  a.households = 12;
  a.listed_households = 12;
  a.reason = "relocate_households = 12";
  plan::Mover b;
  b.code = "420323100201";
  b.name = "上肖家庄村";
  b.point = {415000, 3572000};
  b.households = 30;
  b.hazard_kind = "landslide";
  b.reason = "in landslide zone (hazards fid 3): whole village (30 households)";
  p.movers = {a, b};
  plan::Site s;
  s.label = "G12-34";
  s.point = {412100, 3572900};
  s.capacity = 50;
  s.assigned = 42;
  s.considered = s.chosen = true;
  s.fixed_cny = 2250000;
  s.extension_cny = 250000;
  s.networks = {{"road", true, 0, 0, 0}, {"broadband", false, 900, 0.9, 250000}};
  s.partly_excluded = "slope; basic_farmland";
  p.sites = {s};
  p.flows = {{0, 0, 12, 0.9, true}, {1, 0, 30, 3.2, false}};
  plan::ExcludedArea x;
  x.label = "G1-1";
  x.reasons = "slope";
  x.reasons_zh = "坡度超限";
  p.excluded = {x};
  p.candidates = 2;
  p.households = 42;
  p.placed = 42;
  // Money: the chosen site (its fixed cost and its extension); distance: 12 × 0.9 + 30 × 3.2 = 106.8
  // household-km, weighed at 20,000 CNY each.
  p.site_cny = 2250000;
  p.travel_cny = 2136000;
  p.objective_cny = 4386000;
  p.lower_bound_cny = 4386000;
  p.method = "lagrangian+local-search";
  p.proven_optimal = true;
  return p;
}

TEST(RelocationDocuments, ReasonsAndMethodInPlainChinese) {
  const auto p = small_plan();
  EXPECT_EQ(plan::mover_reason_zh(p.movers[0]), "村上报需搬迁 12 户");
  EXPECT_EQ(plan::mover_reason_zh(p.movers[1]), "村点位于滑坡隐患区（按村点判定，需实地核实），整村搬迁（30 户）") << "a point village: uncertain";
  plan::Mover polygon = p.movers[1];
  polygon.hazard_share = 0.035;
  EXPECT_EQ(plan::mover_reason_zh(polygon), "位于滑坡隐患区（隐患区占村域 3.5%），整村搬迁（30 户）") << "a polygon village: its share in the zone";
  plan::Unplaced u{0, 5, "capacity: the sites within 30 km are full"};
  EXPECT_EQ(plan::unplaced_reason_zh(u, p.params), "30 km 内的安置点已住满");
  u.reason = "no buildable site within 30 km";
  EXPECT_EQ(plan::unplaced_reason_zh(u, p.params), "30 km 内没有可建设的安置点");
  EXPECT_EQ(plan::method_zh(p), "拉格朗日松弛启发式：先算出成本下限，再逐步改进方案；已证明是最优方案");
}

TEST(RelocationDocuments, ThePageNamesSitesByVillageWithCoordinatesAndMoneyInWan) {
  const auto p = small_plan();
  const std::string html = plan::relocation_html(p);
  EXPECT_NE(html.find("@page{size:A4"), std::string::npos);
  EXPECT_NE(html.find("郑家坡村北 0.9 km"), std::string::npos);  // the nearest moving village and the direction
  EXPECT_NE(html.find("东经 "), std::string::npos);
  EXPECT_NE(html.find("北纬 "), std::string::npos);
  EXPECT_NE(html.find("缺宽带，需延伸 25 万元"), std::string::npos);
  EXPECT_NE(html.find("候选地块 2 块 = 可建设 1 块 + 全部不可建设 1 块"), std::string::npos);
  EXPECT_NE(html.find("比选总代价的下界是计算中证明的下限"), std::string::npos);
  for (const char* w : {"lagrangian", "relocate_households", "fid", "landslide", "nan", "basic_farmland"})
    EXPECT_EQ(html.find(w), std::string::npos) << w;
}

// The total is the money to budget; the distance is shown in 户·公里 and, apart, as what the
// comparison of plans weighs it at — never added to the money (tour 10 G4).
TEST(RelocationDocuments, TheMoneyIsTheTotalAndTheDistanceWeightStandsApart) {
  const auto p = small_plan();
  const std::string html = plan::relocation_html(p);
  EXPECT_EQ(html.find("方案总成本"), std::string::npos);
  EXPECT_NE(html.find("<th>建设投资（万元）</th><td>225 万元"), std::string::npos);
  EXPECT_NE(html.find("<th>　其中 安置点建设（万元）</th><td>200 万元"), std::string::npos);
  EXPECT_NE(html.find("<th>　其中 四网延伸（万元）</th><td>25 万元"), std::string::npos);
  EXPECT_NE(html.find("<th>搬迁距离合计（户·公里）</th><td>106.8 户·公里"), std::string::npos);
  EXPECT_NE(html.find("折合 213.6 万元（每户每公里折 2 万元）"), std::string::npos);
  EXPECT_NE(html.find("不是要花的钱"), std::string::npos);
  EXPECT_NE(html.find("<th>比选总代价（建设投资 + 距离折算，折合万元）</th><td>折合 438.6 万元"), std::string::npos);
  const fs::path dir = test::scratch_dir();
  ASSERT_TRUE(plan::write_relocation_xlsx((dir / "r.xlsx").string(), p, nullptr));
  const std::string strings = test::zip_part(dir / "r.xlsx", "xl/sharedStrings.xml");
  EXPECT_NE(strings.find("建设投资（万元）"), std::string::npos);
  EXPECT_NE(strings.find("距离折算（比选用，不是投资；折合万元）"), std::string::npos);
  EXPECT_EQ(strings.find("方案总成本"), std::string::npos);
  const std::string sheet = test::zip_part(dir / "r.xlsx", "xl/worksheets/sheet1.xml");
  EXPECT_NE(sheet.find("<v>225</v>"), std::string::npos);    // 建设投资, 万元
  EXPECT_NE(sheet.find("<v>106.8</v>"), std::string::npos);  // 户·公里
}

// Tour 12 L7: the 未安置户的代价 says whom it charges — households with no buildable site in reach are not in the
// solver's choice and carry no penalty, so "每户 100 万元" times the 未安置户数 would not give it.
TEST(RelocationDocuments, TheUnplacedPenaltySaysWhichHouseholdsItCharges) {
  auto p = small_plan();
  p.params.unplaced_cny_per_household = 1e6;
  p.unplaced = {{0, 5, "no site"}, {1, 7, "no site in reach"}};
  p.placed = 30;
  p.unplaced_cny = 5e6;  // 5 households charged; the other 7 had no site in reach
  p.objective_cny += p.unplaced_cny;
  const std::string html = plan::relocation_html(p);
  EXPECT_NE(html.find("折合 500 万元（5 户 × 每户 100 万元；另 7 户在可达范围内没有可建设的安置点，不在比选之中，不计代价）"), std::string::npos);
  p.unplaced = {{0, 5, "no site"}};
  EXPECT_NE(plan::relocation_html(p).find("折合 500 万元（5 户 × 每户 100 万元）"), std::string::npos);
}

// A buildable plot the solver never saw is named for why (outside every village's nearest
// candidates), not as "beyond the move limit", which it usually is not.
TEST(RelocationDocuments, UnconsideredSitesAreNamedForWhyTheyWereLeftOut) {
  auto p = small_plan();
  plan::Site far = p.sites.front();
  far.considered = far.chosen = false;
  far.assigned = 0;
  p.sites.push_back(far);
  p.candidates = 3;
  p.params.sites_per_village = 25;
  const std::string html = plan::relocation_html(p);
  EXPECT_NE(html.find("可建设但不在任一搬迁村最近的 25 个候选之内（未参与比选）"), std::string::npos);
  EXPECT_EQ(html.find("超出搬迁距离"), std::string::npos);
  p.params.sites_per_village = 0;  // every site within reach was seen: what is left is beyond the limit
  EXPECT_NE(plan::relocation_html(p).find("可建设但超出搬迁距离（未参与比选）"), std::string::npos);
}

// Review item 5 (after tour 12 L22): in a project of two counties the 迁入村 list and 搬迁对象 name each village
// with its county, as the sites' names already did; a one-county project names them as before.
TEST(RelocationDocuments, TheArrivingVillagesOfATwoCountyProjectAreNamedWithTheirCounty) {
  auto p = small_plan();
  p.movers[0].village = 0;
  p.movers[1].village = 1;
  Workspace ws;
  FeatureTable v;
  v.name = "villages";
  v.crs = p.crs;
  v.geometry.kind = GeometryKind::point;
  Column code("code", FieldType::text), name("name", FieldType::text), township("township", FieldType::text);
  for (const auto& [c, n, at] : {std::tuple{"420323100200", "郑家坡村", Vec2{412000, 3572000}}, std::tuple{"420324200201", "上肖家庄村", Vec2{415000, 3572000}}}) {
    v.fid.push_back(static_cast<int64_t>(v.fid.size() + 1));
    v.geometry.add_point_feature(at.x, at.y);
    code.push_text(c);
    name.push_text(n);
    township.push_text(std::string(c).substr(0, 9));
  }
  v.columns = {std::move(code), std::move(name), std::move(township)};
  FeatureTable county;
  county.name = "county";
  Column cc("code", FieldType::text), cn("name", FieldType::text);
  for (const auto& [c, n] : {std::pair{"420323", "甲县"}, std::pair{"420324", "乙县"}}) {
    county.fid.push_back(static_cast<int64_t>(county.fid.size() + 1));
    county.geometry.add_null_feature();
    cc.push_text(c);
    cn.push_text(n);
  }
  county.columns = {std::move(cc), std::move(cn)};
  ws.layers = {std::move(v), std::move(county)};
  const std::string html = plan::relocation_html(p, &ws);
  EXPECT_NE(html.find("郑家坡村（甲县） 12 户（0.9 km）、上肖家庄村（乙县） 30 户（3.2 km）"), std::string::npos) << "迁入村";
  EXPECT_NE(html.find("<td>上肖家庄村（乙县）</td>"), std::string::npos) << "搬迁对象";
  const fs::path dir = test::scratch_dir();
  ASSERT_TRUE(plan::write_relocation_xlsx((dir / "two.xlsx").string(), p, &ws));
  EXPECT_NE(test::zip_part(dir / "two.xlsx", "xl/sharedStrings.xml").find("郑家坡村（甲县） 12 户（0.9 km）、上肖家庄村（乙县） 30 户（3.2 km）"), std::string::npos);
  Column one_code("code", FieldType::text), one_township("township", FieldType::text);  // both villages in 甲县
  for (const char* c : {"420323100200", "420323100201"}) one_code.push_text(c), one_township.push_text("420323100");
  ws.layers.front().columns[0] = std::move(one_code);
  ws.layers.front().columns[2] = std::move(one_township);
  EXPECT_NE(plan::relocation_html(p, &ws).find("郑家坡村 12 户（0.9 km）、上肖家庄村 30 户（3.2 km）"), std::string::npos) << "one county: names alone";
}

pair::PairProblem two_and_two() {
  pair::PairProblem p;
  auto unit = [](std::string code, std::string name, pair::Role role, Vec2 at) {
    pair::Unit u;
    u.code = std::move(code);
    u.name = std::move(name);
    u.role = role;
    u.position = at;
    return u;
  };
  p.units = {unit("350582", "晋江市", pair::Role::helper, {118.55, 24.78}), unit("350583", "南安市", pair::Role::helper, {118.38, 24.96}),
             unit("350821", "长汀县", pair::Role::helped, {116.35, 25.83}), unit("350981", "福安市", pair::Role::helped, {119.65, 27.09})};
  p.geographic = true;
  return p;
}

TEST(PairDocuments, TheSummaryAndTheLeftOutReasonAreChinese) {
  const auto problem = two_and_two();
  pair::PairPlan plan;
  pair::Link l;
  l.helper = 0;
  l.helped = 2;
  l.status = pair::LinkStatus::existing;
  l.distance_m = 251000;
  plan.links = {l};
  pair::LeftOut lo;
  lo.helped = 3;
  lo.partners_missing = 1;
  lo.cause = pair::LeftOutCause::helpers_full;
  lo.candidate_helper = 1;
  lo.candidate_km = 263.4;
  lo.candidates = 2;
  lo.reason = "capacity short";
  plan.left_out = {lo};
  plan.capacity_total = 1;
  plan.demand_total = 2;
  pair::PairParams params;
  params.mode = pair::PairMode::one_to_one;
  EXPECT_EQ(pair::left_out_reason_zh(problem, lo, params), "还缺 1 个帮扶方：可选的 2 个帮扶方都已结满（最近的是南安市 (350583)，相距 263.4 km）");
  EXPECT_EQ(pair::plan_summary_zh(problem, plan, params),
            "帮扶方 2 个（可结对 1 对），受扶方 2 个（需结对 2 对）。方式：一对一结对，现有结对保留。结果：现有结对 1 对，建议新增 0 对。"
            "1 个受扶方未能结对：帮扶能力总量不足，差 1 对。");
  const std::string html = pair::pairs_html(problem, plan, params);
  EXPECT_NE(html.find("还缺 1 个帮扶方"), std::string::npos);
  // pairs.xlsx holds the distance as the page prints it, 251.2 km, a number (tour 10 J15: 251.234567).
  plan.links.front().distance_m = 251234.567;
  const fs::path dir = test::scratch_dir();
  ASSERT_TRUE(pair::write_pairs_xlsx((dir / "pairs.xlsx").string(), problem, plan, params));
  const std::string links = test::zip_part(dir / "pairs.xlsx", "xl/worksheets/sheet3.xml");  // 结对明细
  EXPECT_NE(links.find("<v>251.2</v>"), std::string::npos) << links;
  EXPECT_EQ(links.find("251.23"), std::string::npos);
  EXPECT_EQ(html.find("capacity short"), std::string::npos);
  EXPECT_NE(html.find("@page{size:A4"), std::string::npos);
}

}  // namespace
}  // namespace jiuyou
