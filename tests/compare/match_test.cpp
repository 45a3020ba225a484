// Village matching across years (code, crosswalk, the two years' code lists,
// geometry) and the feature diff between two years' layers.
#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <gtest/gtest.h>

#include <fstream>

#include "gis/compare/feature_diff.hpp"
#include "gis/compare/village_match.hpp"
#include "gis/report/workbook.hpp"
#include "support/test_paths.hpp"

namespace jiuyou::compare {
namespace {

// A year of point villages: (code, name, x, y).
struct V {
  std::string code, name;
  double x, y;
};

YearData year_of(const std::string& label, std::initializer_list<V> villages) {
  YearData y;
  y.label = label;
  y.source = label + "/project.toml";
  FeatureTable t;
  t.name = "villages";
  t.geometry.kind = GeometryKind::point;
  Column code("code", FieldType::text), name("name", FieldType::text);
  for (const V& v : villages) {
    t.fid.push_back(static_cast<int64_t>(t.fid.size()) + 1);
    t.geometry.add_point_feature(v.x, v.y);
    code.push_text(v.code);
    name.push_text(v.name);
  }
  t.columns = {std::move(code), std::move(name)};
  y.ws.layers.push_back(std::move(t));
  return y;
}

const VillageMatch* pair_of(const MatchResult& m, int a_row, int b_row) {
  for (const auto& p : m.pairs)
    if (p.a_row == a_row && p.b_row == b_row) return &p;
  return nullptr;
}

TEST(NameStem, TakesOffOneAdministrativeSuffixKeepingTwoCharacters) {
  EXPECT_EQ(name_stem("监利县"), "监利");
  EXPECT_EQ(name_stem("监利市"), "监利");
  EXPECT_EQ(name_stem("沙县区"), "沙县");
  EXPECT_EQ(name_stem("沙县"), "沙县");
  EXPECT_EQ(name_stem("王家湾村民委员会"), "王家湾");
  EXPECT_EQ(name_stem("王家湾村"), "王家湾");
}

TEST(MatchVillages, ByCodeThenCrosswalkThenPositionAndListsTheRest) {
  const YearData a = year_of("2021", {{"420323100201", "甲村", 0, 0},
                                      {"420323100202", "乙村", 1000, 0},
                                      {"420323100203", "丙村", 2000, 0},
                                      {"420323100204", "丁村", 3000, 0},
                                      {"420323100205", "戊村", 9000, 0},
                                      {"420323100206", "己村", 20000, 0}});
  const YearData b = year_of("2022", {{"420323100201", "甲村", 0, 0},
                                      {"420323100210", "乙丙村", 1500, 0},
                                      {"420323100211", "丁村", 3000, 10},
                                      {"420323100212", "戊村", 9100, 0},
                                      {"420323100213", "新村", 40000, 0}});
  Crosswalk cw{"cw.csv",
               {{"420323100202", "420323100210", CrosswalkKind::merge, 2}, {"420323100203", "420323100210", CrosswalkKind::merge, 3},
                {"420323100204", "420323100211", CrosswalkKind::rename, 4}}};
  auto m = match_villages(a, b, &cw);
  ASSERT_TRUE(m) << m.error().to_string();
  EXPECT_EQ(m->by_code, 1u);
  EXPECT_EQ(m->by_crosswalk, 3u);
  ASSERT_NE(pair_of(*m, 1, 1), nullptr);
  ASSERT_NE(pair_of(*m, 2, 1), nullptr);  // both merged villages compare against the merged one
  EXPECT_NE(pair_of(*m, 1, 1)->note.find("合并"), std::string::npos);
  ASSERT_NE(pair_of(*m, 3, 2), nullptr);
  EXPECT_EQ(pair_of(*m, 3, 2)->how, MatchHow::crosswalk);
  // 戊村 100 m from 戊村 of the next year, with a new code and no crosswalk row: by position, said so.
  ASSERT_NE(pair_of(*m, 4, 3), nullptr);
  EXPECT_EQ(pair_of(*m, 4, 3)->how, MatchHow::nearest_point);
  EXPECT_NE(pair_of(*m, 4, 3)->note.find("请核实"), std::string::npos);
  EXPECT_EQ(m->by_geometry, 1u);
  // 己村 disappears, 新村 appears: listed, never dropped.
  ASSERT_NE(pair_of(*m, 5, -1), nullptr);
  EXPECT_EQ(pair_of(*m, 5, -1)->how, MatchHow::disappeared);
  ASSERT_NE(pair_of(*m, -1, 4), nullptr);
  EXPECT_EQ(pair_of(*m, -1, 4)->how, MatchHow::appeared);
  EXPECT_EQ(m->disappeared, 1u);
  EXPECT_EQ(m->appeared, 1u);
  EXPECT_EQ(m->pairs.size(), 7u);
  EXPECT_TRUE(m->notes.empty()) << "the merged and renamed villages share a name or their place: no doubt said";
}

// Two rows with their new codes swapped (a copy slip): each joins villages of
// other names 2 km apart. Taken as written, but each pair is marked 请核对 and
// the notes name the rows (tour 11 K16).
TEST(MatchVillages, ACrosswalkRowJoiningTwoUnrelatedVillagesIsSaid) {
  const YearData a = year_of("2025", {{"420323100201", "甲村", 0, 0}, {"420323100202", "乙村", 2000, 0}, {"420323100203", "丙村", 5000, 0}});
  const YearData b = year_of("2026", {{"420323100211", "甲村", 0, 0}, {"420323100212", "乙村", 2000, 0}, {"420323100213", "新丙村", 5000, 50}});
  Crosswalk cw{"cw.csv",
               {{"420323100201", "420323100212", CrosswalkKind::rename, 2}, {"420323100202", "420323100211", CrosswalkKind::rename, 3},
                {"420323100203", "420323100213", CrosswalkKind::rename, 4}}};
  auto m = match_villages(a, b, &cw);
  ASSERT_TRUE(m) << m.error().to_string();
  EXPECT_EQ(m->by_crosswalk, 3u);
  ASSERT_NE(pair_of(*m, 0, 1), nullptr);
  EXPECT_NE(pair_of(*m, 0, 1)->note.find("两村名称不同、范围不重叠，请核对对照表第 2 行"), std::string::npos) << pair_of(*m, 0, 1)->note;
  ASSERT_NE(pair_of(*m, 2, 2), nullptr);
  EXPECT_EQ(pair_of(*m, 2, 2)->note.find("请核对"), std::string::npos) << "丙村 → 新丙村 in its place is a plain rename";
  ASSERT_EQ(m->notes.size(), 2u);
  EXPECT_NE(m->notes[0].find("对照表第 2 行：甲村 420323100201 → 乙村 420323100212（更名），两村名称不同、范围不重叠"), std::string::npos) << m->notes[0];
  EXPECT_NE(m->notes[1].find("对照表第 3 行：乙村 420323100202 → 甲村 420323100211"), std::string::npos) << m->notes[1];
}

TEST(MatchVillages, SplitMatchesOneVillageToEachPart) {
  const YearData a = year_of("2021", {{"420323100201", "甲村", 0, 0}, {"420323100202", "乙村", 5000, 0}});
  const YearData b = year_of("2022", {{"420323100201", "甲村", 0, 0}, {"420323100220", "乙东村", 5200, 0}, {"420323100221", "乙西村", 4800, 0}});
  Crosswalk cw{"cw.csv", {{"420323100202", "420323100220", CrosswalkKind::split, 2}, {"420323100202", "420323100221", CrosswalkKind::split, 3}}};
  auto m = match_villages(a, b, &cw);
  ASSERT_TRUE(m) << m.error().to_string();
  EXPECT_NE(pair_of(*m, 1, 1), nullptr);
  EXPECT_NE(pair_of(*m, 1, 2), nullptr);
  EXPECT_EQ(m->appeared, 0u);
  EXPECT_EQ(m->disappeared, 0u);
}

TEST(MatchVillages, NoCodeInCommonIsAnErrorNotAnEmptyReport) {
  const YearData a = year_of("2021", {{"420323100201", "甲村", 0, 0}});
  const YearData b = year_of("2022", {{"350427100201", "甲村", 0, 0}});
  auto m = match_villages(a, b, nullptr);
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().code, ErrorCode::format);
  EXPECT_NE(m.error().message.find("no code in common"), std::string::npos);
  EXPECT_NE(m.error().hint.find("crosswalk"), std::string::npos);
}

TEST(MatchVillages, DerivedFromTheTwoYearsCodeLists) {
  YearData a = year_of("2021", {{"420323100201", "甲村", 0, 0}, {"420323100202", "王家湾村", 5000, 0}});
  YearData b = year_of("2022", {{"420323100201", "甲村", 0, 0}, {"420323100230", "王家湾村民委员会", 90000, 0}});
  a.codes.name_of = {{"420323100201", "甲村"}, {"420323100202", "王家湾村"}};
  b.codes.name_of = {{"420323100201", "甲村"}, {"420323100230", "王家湾村民委员会"}};
  auto m = match_villages(a, b, nullptr);
  ASSERT_TRUE(m);
  ASSERT_NE(pair_of(*m, 1, 1), nullptr);
  EXPECT_EQ(pair_of(*m, 1, 1)->how, MatchHow::reference_lists);
}

TEST(Crosswalk, EveryCodeMustBeAVillageOfSomeYear) {
  std::vector<YearData> years;
  years.push_back(year_of("2021", {{"420323100201", "甲村", 0, 0}}));
  years.push_back(year_of("2022", {{"420323100210", "甲村", 0, 0}}));
  Crosswalk ok{"cw.csv", {{"420323100201", "420323100210", CrosswalkKind::rename, 2}}};
  EXPECT_TRUE(check_crosswalk(ok, years));
  Crosswalk bad{"cw.csv", {{"420323100201", "420323100299", CrosswalkKind::rename, 7}}};
  auto r = check_crosswalk(bad, years);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().file, "cw.csv");
  EXPECT_EQ(r.error().field, "new_code");
  EXPECT_NE(r.error().message.find("row 7"), std::string::npos);
  EXPECT_NE(r.error().message.find("420323100299"), std::string::npos);
}

TEST(Crosswalk, ReadsTheCsvAndNamesTheBadLine) {
  const auto dir = test::scratch_dir();
  {
    std::ofstream(dir / "cw.csv") << "\xEF\xBB\xBFold_code,new_code,kind\n421023101001,421088101001,rename\n421023101002,421088101001,合并\n";
    std::ofstream(dir / "bad.csv") << "old_code,new_code,kind\n421023101001,421088101001,rename\n421023101002,421088101001,moved\n";
    std::ofstream(dir / "nohead.csv") << "a,b\n1,2\n";
  }
  auto cw = read_crosswalk((dir / "cw.csv").string());
  ASSERT_TRUE(cw) << cw.error().to_string();
  ASSERT_EQ(cw->rows.size(), 2u);
  EXPECT_EQ(cw->rows[1].kind, CrosswalkKind::merge);
  EXPECT_EQ(cw->rows[1].line, 3);
  auto bad = read_crosswalk((dir / "bad.csv").string());
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("row 3"), std::string::npos);
  EXPECT_EQ(bad.error().field, "kind");
  EXPECT_FALSE(read_crosswalk((dir / "nohead.csv").string()));
  auto missing = read_crosswalk((dir / "none.csv").string());
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::io);
}

// A county's own table: "\xC4\xB3\xCF\xD8\xB4\xE5\xBC\xB6\xC7\xF8\xBB\xAE\xB5\xF7\xD5\xFB\xB6\xD4\xD5\xD5\xB1\xED\n\xBE\xC9\xB4\xFA\xC2\xEB,\xD0\xC2\xB4\xFA\xC2\xEB,\xB1\xE4\xB8\xFC\xC0\xE0\xD0\xCD,\xC3\xFB\xB3\xC6\n421023101001,421088101001,\xB8\xFC\xC3\xFB,\xBC\xD7\xB4\xE5\n421023101002,421088101001,\xBA\xCF\xB2\xA2,\xD2\xD2\xB4\xE5\n" CSV with a title row and Chinese headers, or an
// XLSX with 原代码 / 现代码 / 类型 under a title; read by the loader's table
// reader, rows numbered as the file numbers them (tour 10 H1).
TEST(Crosswalk, ReadsAGbkCsvOrXlsxWithATitleRowAndChineseHeaders) {
  const auto dir = test::scratch_dir();
  // 某县村级区划调整对照表 / 旧代码,新代码,变更类型,名称 / …,更名,甲村 / …,合并,乙村 ("\xC4\xB3\xCF\xD8\xB4\xE5\xBC\xB6\xC7\xF8\xBB\xAE\xB5\xF7\xD5\xFB\xB6\xD4\xD5\xD5\xB1\xED\n\xBE\xC9\xB4\xFA\xC2\xEB,\xD0\xC2\xB4\xFA\xC2\xEB,\xB1\xE4\xB8\xFC\xC0\xE0\xD0\xCD,\xC3\xFB\xB3\xC6\n421023101001,421088101001,\xB8\xFC\xC3\xFB,\xBC\xD7\xB4\xE5\n421023101002,421088101001,\xBA\xCF\xB2\xA2,\xD2\xD2\xB4\xE5\n")
  std::ofstream(dir / "gbk.csv", std::ios::binary) << "\xC4\xB3\xCF\xD8\xB4\xE5\xBC\xB6\xC7\xF8\xBB\xAE\xB5\xF7\xD5\xFB\xB6\xD4\xD5\xD5\xB1\xED\n\xBE\xC9\xB4\xFA\xC2\xEB,\xD0\xC2\xB4\xFA\xC2\xEB,\xB1\xE4\xB8\xFC\xC0\xE0\xD0\xCD,\xC3\xFB\xB3\xC6\n421023101001,421088101001,\xB8\xFC\xC3\xFB,\xBC\xD7\xB4\xE5\n421023101002,421088101001,\xBA\xCF\xB2\xA2,\xD2\xD2\xB4\xE5\n";
  auto cw = read_crosswalk((dir / "gbk.csv").string());
  ASSERT_TRUE(cw) << cw.error().to_string();
  ASSERT_EQ(cw->rows.size(), 2u);
  EXPECT_EQ(cw->rows[0].old_code, "421023101001");
  EXPECT_EQ(cw->rows[0].new_code, "421088101001");
  EXPECT_EQ(cw->rows[0].kind, CrosswalkKind::rename);
  EXPECT_EQ(cw->rows[1].kind, CrosswalkKind::merge);
  EXPECT_EQ(cw->rows[1].line, 4) << "the row as the file numbers it (title row 1, header row 2)";
  {
    auto wb = report::Workbook::create((dir / "cw.xlsx").string());
    ASSERT_TRUE(wb) << wb.error().to_string();
    report::Sheet sh = wb->add_sheet("对照表");
    sh.text(0, 0, "某县2024年村级行政区划变更对照表");
    const char* head[] = {"原代码", "现代码", "类型", "名称"};
    for (uint16_t c = 0; c < 4; ++c) sh.text(1, c, head[c]);
    const char* row[] = {"421023101003", "421088101003", "撤销", "丙村"};
    for (uint16_t c = 0; c < 4; ++c) sh.text(2, c, c == 1 ? "" : row[c]);
    const char* row2[] = {"421023101004", "421088101004", "拆分", "丁村"};
    for (uint16_t c = 0; c < 4; ++c) sh.text(3, c, row2[c]);
    ASSERT_TRUE(wb->close());
  }
  auto x = read_crosswalk((dir / "cw.xlsx").string());
  ASSERT_TRUE(x) << x.error().to_string();
  ASSERT_EQ(x->rows.size(), 2u);
  EXPECT_EQ(x->rows[0].kind, CrosswalkKind::abolish);
  EXPECT_EQ(x->rows[0].new_code, "");
  EXPECT_EQ(x->rows[1].kind, CrosswalkKind::split);
  EXPECT_EQ(x->rows[1].new_code, "421088101004");
  EXPECT_EQ(x->rows[1].line, 4);
  // A table it still cannot read: the error names the file, the header row found and the accepted headers.
  std::ofstream(dir / "other.csv") << "村代码,村名\n421023101001,甲村\n";
  auto bad = read_crosswalk((dir / "other.csv").string());
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().file, (dir / "other.csv").string());
  EXPECT_NE(bad.error().message.find("row 1"), std::string::npos) << bad.error().message;
  EXPECT_NE(bad.error().hint.find("旧代码"), std::string::npos) << bad.error().hint;
}

// Rows that contradict each other are refused, naming them (tour 10 H19).
TEST(Crosswalk, RowsThatContradictEachOtherAreRefusedByRow) {
  std::vector<YearData> years;
  years.push_back(year_of("2021", {{"420323100201", "甲村", 0, 0}, {"420323100202", "乙村", 100, 0}, {"420323100203", "丙村", 200, 0}}));
  years.push_back(year_of("2022", {{"420323100210", "甲村", 0, 0}, {"420323100211", "丁村", 100, 0}, {"420323100202", "乙村", 100, 0},
                                   {"420323100203", "丙村", 200, 0}}));
  Crosswalk two{"cw.csv", {{"420323100201", "420323100210", CrosswalkKind::rename, 2}, {"420323100201", "420323100211", CrosswalkKind::merge, 5}}};
  auto r = check_crosswalk(two, years);
  ASSERT_FALSE(r) << "one old code to two new codes without 拆分";
  EXPECT_NE(r.error().message.find("rows 2 and 5"), std::string::npos) << r.error().message;
  Crosswalk split{"cw.csv", {{"420323100201", "420323100210", CrosswalkKind::split, 2}, {"420323100201", "420323100211", CrosswalkKind::split, 3}}};
  EXPECT_TRUE(check_crosswalk(split, years));
  Crosswalk unrelated{"cw.csv", {{"420323100202", "420323100203", CrosswalkKind::rename, 9}}};
  auto u = check_crosswalk(unrelated, years);
  ASSERT_FALSE(u) << "a rename whose codes are both villages of both years";
  EXPECT_NE(u.error().message.find("row 9"), std::string::npos) << u.error().message;
}

// The real code changes between the 2020 county boundaries and the NBS 2023 code list.
TEST(Crosswalk, RealCountyCodeChangesFromTheSharedCodeLists) {
  JIUYOU_REQUIRE_SHARED("data/admin_hubei_fujian_gcj02.gpkg");
  JIUYOU_REQUIRE_SHARED("data/china-division-2023/areas.csv");
  GDALAllRegister();
  io::ReferenceCodes older;
  auto* ds = static_cast<GDALDataset*>(
      GDALOpenEx((test::shared_dir() / "data/admin_hubei_fujian_gcj02.gpkg").c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
  ASSERT_NE(ds, nullptr);
  for (auto& f : *ds->GetLayerByName("counties")) older.name_of[f->GetFieldAsString("adcode")] = f->GetFieldAsString("name");
  GDALClose(ds);
  auto newer = io::read_reference_codes((test::shared_dir() / "data/china-division-2023/areas.csv").string());
  ASSERT_TRUE(newer);
  // Only the two provinces of the older list.
  std::erase_if(newer->name_of, [](const auto& kv) { return kv.first.rfind("42", 0) != 0 && kv.first.rfind("35", 0) != 0; });
  const Crosswalk cw = derive_crosswalk(older, *newer);
  auto has = [&](const std::string& o, const std::string& n) {
    return std::any_of(cw.rows.begin(), cw.rows.end(), [&](const CrosswalkRow& r) { return r.old_code == o && r.new_code == n; });
  };
  EXPECT_TRUE(has("421023", "421088"));  // 监利县 → 监利市
  EXPECT_TRUE(has("350427", "350405"));  // 沙县 → 沙县区
  EXPECT_TRUE(has("350625", "350605"));  // 长泰县 → 长泰区
  EXPECT_TRUE(has("350681", "350604"));  // 龙海市 → 龙海区
  // 梅列区 was merged into 三元区 under another name: no guess.
  EXPECT_FALSE(std::any_of(cw.rows.begin(), cw.rows.end(), [](const CrosswalkRow& r) { return r.old_code == "350402"; }));
  for (const auto& r : cw.rows) EXPECT_EQ(r.old_code.substr(0, 4), r.new_code.substr(0, 4)) << r.old_code << " → " << r.new_code;
}

FeatureTable roads(std::initializer_list<std::pair<double, const char*>> rows, bool with_id) {
  FeatureTable t;
  t.name = "roads";
  t.geometry.kind = GeometryKind::line;
  Column surface("surface", FieldType::text), id("feature_id", FieldType::text);
  for (const auto& [x, s] : rows) {
    t.fid.push_back(static_cast<int64_t>(t.fid.size()) + 1);
    const Vec2 pts[] = {{x, 0}, {x, 100}};
    t.geometry.add_line_feature(pts);
    surface.push_text(s);
    id.push_text("r" + std::to_string(static_cast<int>(x)));
  }
  t.columns.push_back(std::move(surface));
  if (with_id) t.columns.push_back(std::move(id));
  return t;
}

TEST(FeatureDiff, ByGeometryWithinTheTolerance) {
  const FeatureTable a = roads({{0, "concrete"}, {500, "concrete"}, {1000, "asphalt"}}, false);
  const FeatureTable b = roads({{0.3, "concrete"}, {500, "earth"}, {2000, "asphalt"}}, false);
  const LayerDiff d = diff_layer(a, b);
  EXPECT_EQ(d.matched_by, "geometry");
  EXPECT_EQ(d.a_to_b[0], 0);
  ASSERT_EQ(d.changed.size(), 1u);
  EXPECT_EQ(d.changed[0].a_row, 1);
  ASSERT_EQ(d.changed[0].fields.size(), 1u);
  EXPECT_EQ(d.changed[0].fields[0].field, "surface");
  EXPECT_EQ(d.changed[0].fields[0].before, "concrete");
  EXPECT_EQ(d.changed[0].fields[0].after, "earth");
  ASSERT_EQ(d.removed.size(), 1u);
  EXPECT_EQ(d.removed[0].a_row, 2);
  ASSERT_EQ(d.added.size(), 1u);
  EXPECT_EQ(d.added[0].b_row, 2);
  EXPECT_EQ(d.change_of_a(0), nullptr);
}

TEST(FeatureDiff, ByAStableIdWhenBothYearsHaveOne) {
  const FeatureTable a = roads({{0, "concrete"}, {500, "concrete"}}, true);
  FeatureTable b = roads({{500, "concrete"}, {0, "earth"}}, true);  // rows reordered
  const LayerDiff d = diff_layer(a, b);
  EXPECT_EQ(d.matched_by, "feature_id");
  EXPECT_EQ(d.a_to_b[0], 1);
  EXPECT_EQ(d.a_to_b[1], 0);
  ASSERT_EQ(d.changed.size(), 1u);
  EXPECT_EQ(d.changed[0].a_row, 0);
  EXPECT_TRUE(d.removed.empty());
  EXPECT_TRUE(d.added.empty());
}

// Issue #15: the features that keep their FID and their geometry match by FID before the geometry grid; two
// features of the same shape (a road drawn twice, one per surface) are told apart by it.
TEST(FeatureDiff, ByFidFirstWhenTheShapeIsTheSame) {
  FeatureTable a = roads({{0, "concrete"}, {0, "earth"}, {500, "asphalt"}}, false);
  FeatureTable b = roads({{0, "earth"}, {0, "concrete"}, {500, "asphalt"}}, false);
  b.fid = {2, 1, 3};  // the same features, the first two stored the other way round
  const LayerDiff d = diff_layer(a, b);
  EXPECT_EQ(d.matched_by, "geometry");
  EXPECT_EQ(d.a_to_b, (std::vector<int>{1, 0, 2}));
  EXPECT_TRUE(d.changed.empty());
  EXPECT_TRUE(d.removed.empty());
  EXPECT_TRUE(d.added.empty());
}

// A FID that names another shape in the later year is no match: the geometry finds the feature.
TEST(FeatureDiff, AFidOnAnotherShapeFallsBackToTheGeometry) {
  const FeatureTable a = roads({{0, "concrete"}, {500, "concrete"}, {1000, "asphalt"}}, false);
  FeatureTable b = roads({{1000, "asphalt"}, {0.3, "concrete"}, {500, "earth"}}, false);  // renumbered: FID 1 is now the road at 1000
  const LayerDiff d = diff_layer(a, b);
  EXPECT_EQ(d.a_to_b, (std::vector<int>{1, 2, 0}));
  ASSERT_EQ(d.changed.size(), 1u);
  EXPECT_EQ(d.changed[0].a_row, 1);
  EXPECT_EQ(d.changed[0].b_row, 2);
  EXPECT_TRUE(d.removed.empty());
  EXPECT_TRUE(d.added.empty());
}

// Issue #15: FID -> row needs no map when the FIDs run on one by one; FIDs with gaps, out of order or repeated
// are looked up as before (a repeated FID names its first row).
TEST(FeatureDiff, RowOfFidWhetherTheFidsRunOnOrNot) {
  FeatureTable a = roads({{0, "concrete"}, {500, "concrete"}, {1000, "asphalt"}}, false);
  FeatureTable b = roads({{0, "concrete"}, {500, "concrete"}, {1000, "asphalt"}, {1500, "earth"}}, false);
  a.fid = {10, 11, 12};  // runs on, from 10
  b.fid = {7, 30, 7, 4};  // gaps, out of order, 7 twice
  const LayerDiff d = diff_layer(a, b);
  EXPECT_EQ(d.a_row_of_fid(10), 0);
  EXPECT_EQ(d.a_row_of_fid(12), 2);
  EXPECT_EQ(d.a_row_of_fid(9), -1);
  EXPECT_EQ(d.a_row_of_fid(13), -1);
  EXPECT_EQ(d.a_row_of_fid(-1), -1);
  EXPECT_EQ(d.b_row_of_fid(30), 1);
  EXPECT_EQ(d.b_row_of_fid(4), 3);
  EXPECT_EQ(d.b_row_of_fid(7), 0);
  EXPECT_EQ(d.b_row_of_fid(8), -1);
  const LayerDiff e = diff_layer(FeatureTable{}, FeatureTable{});
  EXPECT_EQ(e.a_row_of_fid(0), -1);
  EXPECT_EQ(e.b_row_of_fid(1), -1);
}

}  // namespace
}  // namespace jiuyou::compare
