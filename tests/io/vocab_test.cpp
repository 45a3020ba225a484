// Value vocabularies and [layers.X.values.F]: Chinese values become canonical
// values, unmapped values become unknown and are reported, never guessed.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "gis/io/load.hpp"
#include "gis/io/numbers.hpp"
#include "gis/io/project.hpp"
#include "gis/io/vocab.hpp"
#include "io/gdal_fixture.hpp"
#include "support/run_command.hpp"
#include "support/test_paths.hpp"

using namespace jiuyou;
using jiuyou::test::write_fixture;
using jiuyou::test::write_text_file;
namespace fs = std::filesystem;

namespace {

const Issue* find_issue(const IssueLog& log, const std::string& code, const std::string& field = {}) {
  for (const auto& i : log.entries())
    if (i.code == code && (field.empty() || i.field == field)) return &i;
  return nullptr;
}

size_t count_issues(const IssueLog& log, const std::string& code, const std::string& field) {
  size_t n = 0;
  for (const auto& i : log.entries()) n += i.code == code && i.field == field;
  return n;
}

// Roads as Amap exports them: GeoJSON with 等级/路面 in Chinese.
fs::path write_roads(const fs::path& dir, const std::vector<std::pair<std::string, std::string>>& class_surface) {
  std::vector<std::pair<std::string, std::vector<std::string>>> rows;
  double x = 110.2;
  for (const auto& [c, s] : class_surface) {
    rows.push_back({"LINESTRING (" + std::to_string(x) + " 32.2, " + std::to_string(x + 0.01) + " 32.21)", {c, s}});
    x += 0.01;
  }
  const fs::path p = dir / "roads.geojson";
  write_fixture("GeoJSON", p.string(), "roads", 4490, wkbLineString, {{"等级", OFTString}, {"路面", OFTString}}, rows);
  return p;
}

Result<Workspace> load_toml(const fs::path& dir, const std::string& toml) {
  write_text_file(dir / "p.toml", toml);
  auto p = io::load_project((dir / "p.toml").string());
  if (!p) return tl::unexpected<Error>(p.error());
  return io::load_workspace(*p);
}

}  // namespace

TEST(Vocabulary, ShippedChineseVocabularyLoadsAndNamesItsTables) {
  auto v = io::load_vocabulary("zh");
  ASSERT_TRUE(v) << v.error().to_string();
  EXPECT_EQ(v->name, "中文");
  const auto* surface = v->table_for("roads", "surface");
  ASSERT_NE(surface, nullptr);
  EXPECT_EQ(surface->lookup("水泥"), "concrete");
  EXPECT_EQ(surface->lookup(" 沥青路面 "), "asphalt");  // spaces and the ending 路面
  EXPECT_EQ(surface->lookup("\xE3\x80\x80砼"), "concrete");  // full-width space
  EXPECT_EQ(surface->lookup("Asphalt"), "asphalt");        // canonical values pass, any case
  EXPECT_EQ(surface->lookup("土路"), "earth");
  for (const char* w : {"油路", "沥青砼", "黑色路面"}) EXPECT_EQ(surface->lookup(w), "asphalt") << w;
  for (const char* w : {"水泥砼", "水泥硬化路面"}) EXPECT_EQ(surface->lookup(w), "concrete") << w;
  for (const char* w : {"泥结石路", "石子路", "砂砾"}) EXPECT_EQ(surface->lookup(w), "gravel") << w;
  for (const char* w : {"素土", "自然路"}) EXPECT_EQ(surface->lookup(w), "earth") << w;
  EXPECT_FALSE(surface->lookup("弹石").has_value());  // not listed (cobbles: paved or not?): never guessed
  EXPECT_FALSE(surface->lookup("硬化").has_value());  // paved, but which? the project says
  EXPECT_FALSE(surface->lookup("").has_value());
  const auto* cls = v->table_for("roads", "class");
  ASSERT_NE(cls, nullptr);
  EXPECT_EQ(cls->lookup("县道"), "county");
  EXPECT_EQ(cls->lookup("X012"), "county");  // route numbers
  EXPECT_EQ(cls->lookup("g316"), "national");
  EXPECT_FALSE(cls->lookup("X").has_value());  // a letter alone is no route number
  const auto* kind = v->table_for("facilities", "kind");
  ASSERT_NE(kind, nullptr);
  EXPECT_EQ(kind->lookup("柳林村卫生室"), "clinic");  // match = "suffix"
  EXPECT_EQ(kind->lookup("党员群众服务中心"), "service_center");
  EXPECT_EQ(kind->lookup("农家书屋"), "culture");
  EXPECT_EQ(kind->lookup("教学点"), "school");
  // tour 19 T19: a planned, building, former or closed facility is no facility (unknown, said), whatever its ending.
  for (const char* absent : {"在建村卫生室", "拟建文化广场", "规划村卫生室", "原村卫生室", "柳林村卫生室（已撤并）", "已撤并党员群众服务中心"})
    EXPECT_FALSE(kind->lookup(absent).has_value()) << absent;
  EXPECT_EQ(kind->lookup("原平村卫生室"), std::nullopt) << "原 at the start is taken as 原 (former): unknown and said, never a guess";
  EXPECT_EQ(kind->lookup("新建村卫生室"), "clinic");
  // tour 20 F2: the kind read from a name column, which begins with the village's name: 拟新建, 无, 未设, 已合并, 停办,
  // 撤点, and 原 right after the village's 村, say the thing is not there; 平原村, 中心, 新建 do not.
  for (const char* absent : {"前卢家坪村拟新建党员群众服务中心", "前丁家咀村原小学", "北金家庄村无党员群众服务中心", "北邹家庄村已合并村委会",
                             "吴家坡村已停办小学", "中徐家河村撤点小学", "前刘家坝村未设卫生室", "老卢家庄村原卫生室", "柳林社区原卫生室",
                             "暂无卫生室"})
    EXPECT_FALSE(kind->lookup(absent).has_value()) << absent;
  for (const char* present : {"平原村卫生室", "高原村中心小学", "柳林村新建卫生室", "旧县村卫生室", "柳林村第一小学"})
    EXPECT_TRUE(kind->lookup(present).has_value()) << present;
  // tour 20 F3: the wide endings 学校 and 诊所 are not the village's school or clinic (a driving school, a pet clinic).
  for (const char* other : {"十堰通达汽车驾驶培训学校", "阳光舞蹈培训学校", "小邵家坝村宠物诊所", "上汤家岭村牙科诊所"})
    EXPECT_FALSE(kind->lookup(other).has_value()) << other;
  EXPECT_FALSE(v->table_for("water", "kind")->lookup("拟建集中供水水厂").has_value());
  EXPECT_FALSE(v->table_for("power", "kind")->lookup("规划变电站").has_value());
  // tour 20 W2: sewers and telecom lines end like water pipes and power lines, and are neither.
  for (const char* other : {"污水管网", "雨水管道", "排水管网"}) EXPECT_FALSE(v->table_for("water", "kind")->lookup(other).has_value()) << other;
  EXPECT_EQ(v->table_for("water", "kind")->lookup("供水管网"), "pipe");
  for (const char* other : {"通信线路", "广电线路"}) EXPECT_FALSE(v->table_for("power", "kind")->lookup(other).has_value()) << other;
  EXPECT_EQ(v->table_for("power", "kind")->lookup("10kV线路"), "line");
  const auto* yes_no = v->table_for("villages", "has_leading_industry");
  ASSERT_NE(yes_no, nullptr);
  EXPECT_TRUE(yes_no->boolean);
  EXPECT_EQ(yes_no->lookup("否"), "false");
  EXPECT_EQ(yes_no->lookup("√"), "true");
  EXPECT_EQ(yes_no->lookup("n"), "false");
  EXPECT_FALSE(yes_no->lookup("不清楚").has_value());
  // How 台账 forms answer (tour 18 bools/).
  for (const char* y : {"已建", "具备", "符合", "已达标", "对"}) EXPECT_EQ(yes_no->lookup(y), "true") << y;
  for (const char* n : {"未建", "不具备", "不符合", "未达标", "错"}) EXPECT_EQ(yes_no->lookup(n), "false") << n;
  EXPECT_EQ(v->table_for("broadband", "tech")->lookup("光纤"), "fiber");
  EXPECT_EQ(v->table_for("broadband", "tech")->lookup("4G"), "4g");
}

TEST(Vocabulary, BadFilesAreRuleErrorsNamingTheTable) {
  auto bad_type = io::parse_vocabulary("[tables.t]\nfields = [\"roads.surface\"]\ntype = \"maybe\"\n", "v.toml");
  ASSERT_FALSE(bad_type);
  EXPECT_NE(bad_type.error().message.find("tables.t.type"), std::string::npos);
  auto not_canonical = io::parse_vocabulary("[tables.t]\nfields = [\"roads.surface\"]\ncanonical = [\"asphalt\"]\n[tables.t.values]\n\"水泥\" = \"cement\"\n", "v.toml");
  ASSERT_FALSE(not_canonical);
  EXPECT_NE(not_canonical.error().message.find("cement"), std::string::npos);
  auto bool_text = io::parse_vocabulary("[tables.t]\nfields = [\"water.safe\"]\ntype = \"boolean\"\n[tables.t.values]\n\"是\" = \"yes\"\n", "v.toml");
  ASSERT_FALSE(bool_text);
  auto unknown = io::load_vocabulary("klingon");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::project);
  EXPECT_NE(unknown.error().hint.find("zh"), std::string::npos);
}

TEST(Vocabulary, AnOsmLikeVocabularyScalesVoltsToKilovolts) {
  auto v = io::parse_vocabulary(
      "[vocabulary]\nid = \"osm\"\nname = \"OSM\"\n[[numbers.scale]]\nfields = [\"power.voltage_kv\"]\nfactor = 0.001\n"
      "[tables.highway]\nfields = [\"roads.class\"]\ncanonical = [\"national\", \"village\"]\n[tables.highway.values]\ntrunk = \"national\"\ntrack = \"village\"\n",
      "osm.toml");
  ASSERT_TRUE(v) << v.error().to_string();
  EXPECT_DOUBLE_EQ(v->scale_for("power", "voltage_kv"), 0.001);
  EXPECT_EQ(v->table_for("roads", "class")->lookup("trunk"), "national");
}

// tour 17 R4: GPS readings in 度分秒 as village tables write them; never a guess at anything else.
TEST(Numbers, CoordinatesInDecimalDegreesOrDegreesMinutesSeconds) {
  const double expected = 110 + 4 / 60.0 + 2.36 / 3600.0;
  for (const char* text : {"110.0673222", "110°04'02.36\"", "110°04′02.36″", "110度04分02.36秒", "110:04:02.36", "东经110°04'02.36\"",
                           "110°04'02.36\"E", " 110° 04' 02.36\" ", "E110度4分2.36秒"})
    EXPECT_NEAR(*io::parse_coordinate(text), expected, 1e-6) << text;
  EXPECT_NEAR(*io::parse_coordinate("32°16'"), 32 + 16 / 60.0, 1e-9);
  EXPECT_NEAR(*io::parse_coordinate("32度"), 32, 1e-9);
  EXPECT_NEAR(*io::parse_coordinate("南纬10°30'"), -10.5, 1e-9);
  EXPECT_NEAR(*io::parse_coordinate("3580000.5"), 3580000.5, 1e-9);  // metres of a projected crs
  for (const char* text : {"110°64'00\"", "110°04'60\"", "110°04'02\"03", "abc", "", "110°-4'", "1°2'3'4\"", "城关镇"})
    EXPECT_FALSE(io::parse_coordinate(text).has_value()) << text;
}

TEST(Numbers, ChineseNumberWordsSeparatorsAndPercent) {
  const auto v = io::load_vocabulary("zh");
  ASSERT_TRUE(v);
  const io::NumberWords words{&v->suffixes, false};
  const io::NumberWords fraction{&v->suffixes, true};
  EXPECT_DOUBLE_EQ(*io::parse_number("6.2万", words), 62000);
  EXPECT_DOUBLE_EQ(*io::parse_number("1,234", words), 1234);
  EXPECT_DOUBLE_EQ(*io::parse_number(" 5.5万元 ", words), 55000);
  EXPECT_DOUBLE_EQ(*io::parse_number("1，234，567元", words), 1234567);
  EXPECT_DOUBLE_EQ(*io::parse_number("12%", fraction), 0.12);
  EXPECT_FALSE(io::parse_number("12%", words).has_value());  // a % in a count is not a number
  EXPECT_FALSE(io::parse_number("不详", words).has_value());
  EXPECT_FALSE(io::parse_number("", words).has_value());
  EXPECT_FALSE(io::parse_number("nan", words).has_value());
  EXPECT_FALSE(io::parse_number("0x10", words).has_value());
  EXPECT_FALSE(io::parse_number("1,2,3a", words).has_value());
  // tour 17 R12, R15, R16: an IME's full-width digits and signs, Word's minus sign, a no-break space after the number.
  EXPECT_DOUBLE_EQ(*io::parse_number("１２３", words), 123);
  EXPECT_DOUBLE_EQ(*io::parse_number("１２．５万", words), 125000);
  EXPECT_DOUBLE_EQ(*io::parse_number("－３．２", words), -3.2);
  EXPECT_DOUBLE_EQ(*io::parse_number("\xE2\x88\x92" "3.2", words), -3.2);
  EXPECT_DOUBLE_EQ(*io::parse_number("７\xC2\xA0", words), 7);
  EXPECT_DOUBLE_EQ(*io::parse_number("\xEF\xBB\xBF" "12", words), 12);
  EXPECT_DOUBLE_EQ(*io::parse_number("１２％", fraction), 0.12);
  EXPECT_FALSE(io::parse_number("－", words).has_value());
  EXPECT_FALSE(io::parse_number("—", words).has_value());  // a dash alone says "none", never 0
  // tour 13 M3: a comma is a thousands separator only before three digits: "13,91%" is not 1391 %.
  EXPECT_FALSE(io::parse_number("13,91%", fraction).has_value());
  EXPECT_FALSE(io::parse_number("5,65", words).has_value());
  EXPECT_FALSE(io::parse_number("1.5,000", words).has_value());
  EXPECT_DOUBLE_EQ(*io::parse_number("56,500.5", words), 56500.5);
}

// Numbers typed in Chinese numerals by hand (一百二十 people, 五万元): read as the number they say, never guessed.
TEST(Numbers, ChineseNumeralsAreTheNumbersTheySay) {
  const auto v = io::load_vocabulary("zh");
  ASSERT_TRUE(v);
  const io::NumberWords words{&v->suffixes, false};
  const std::pair<const char*, double> cases[] = {
      {"一百二十", 120},    {"三十五", 35},   {"十二", 12},        {"十", 10},           {"两千零五", 2005},  {"一千零一十", 1010},
      {"十二万三千", 123000}, {"一亿二千万", 1.2e8}, {"三点五", 3.5}, {"负五", -5},       {"壹佰贰拾", 120},  {"一二〇", 120},
      {"零", 0},            {"五万元", 50000}, {"二十三万", 230000}, {"九百九十九", 999}, {"贰仟零伍", 2005}, {"三百零二", 302},
      {"一亿二千万元", 1.2e8}, {"十二万元", 120000}};
  for (const auto& [text, want] : cases) {
    const auto got = io::parse_number(text, words);
    ASSERT_TRUE(got.has_value()) << text;
    EXPECT_DOUBLE_EQ(*got, want) << text;
  }
  for (const char* text : {"百", "万", "三十二百", "一二三百", "三点", "点五", "十万一千百", "五保户", "无", "约一百", "一百多", "第一"})
    EXPECT_FALSE(io::parse_number(text, words).has_value()) << text;
  EXPECT_DOUBLE_EQ(*io::parse_number("三十五%", io::NumberWords{&v->suffixes, true}), 0.35);
}

TEST(Numbers, CodesTypedAsNumbersOrWithSpacesBecomeTheirDigits) {
  EXPECT_EQ(io::normalise_code("420324101001"), "420324101001");
  EXPECT_EQ(io::normalise_code("420324101001.0"), "420324101001");
  EXPECT_EQ(io::normalise_code("4.20324101001E+11"), "420324101001");
  EXPECT_EQ(io::normalise_code(" 4203 2410 1001 "), "420324101001");
  EXPECT_EQ(io::normalise_code("宝丰镇"), "宝丰镇");
  EXPECT_EQ(io::code_from_number(420324101001.0), "420324101001");
  // Tour 14 N14: full-width digits and Excel's leading apostrophe are the same code.
  EXPECT_EQ(io::normalise_code("４２０３２３１０１２００"), "420323101200");
  EXPECT_EQ(io::normalise_code("'420323102200"), "420323102200");
  EXPECT_EQ(io::normalise_code(" '４２０３２３ 102200"), "420323102200");
  EXPECT_EQ(io::normalise_code("42'0323"), "42'0323") << "an apostrophe inside is not Excel's mark";
  // tour 17 R14: dashes between digit groups, as some registers print codes; a dash elsewhere stays.
  EXPECT_EQ(io::normalise_code("420323-102-200"), "420323102200");
  EXPECT_EQ(io::normalise_code("420323－102－200"), "420323102200");
  EXPECT_EQ(io::normalise_code("-420323"), "-420323");
  EXPECT_EQ(io::normalise_code("城关-1"), "城关-1");
}

TEST(Codes, ScientificNotationThatLostDigitsIsNoCode) {
  // A spreadsheet's display of 420323100200: 6 of 12 digits, never 420323000000.
  EXPECT_EQ(io::normalise_code("4.20323E+11"), std::nullopt);
  EXPECT_EQ(io::normalise_code("4.20323e11"), std::nullopt);
  EXPECT_EQ(io::normalise_code("4.2032310020E+11"), std::nullopt);  // 11 digits for a 12-digit code
  EXPECT_EQ(io::normalise_code("4.20323100200E+11"), "420323100200");  // every digit written
  EXPECT_EQ(io::normalise_code("1E+20"), std::nullopt);              // beyond what a double holds exactly
  EXPECT_EQ(io::code_from_real(420323100200.0), "420323100200");
  EXPECT_EQ(io::code_from_real(1e17), std::nullopt);
  EXPECT_EQ(io::with_thousands(4067), "4,067");
  EXPECT_EQ(io::with_thousands(12), "12");
  EXPECT_EQ(io::with_thousands(1234567), "1,234,567");
}

TEST(ValueMapping, ChineseRoadValuesBecomeCanonicalAndTheRuleFilterSeesThem) {
  const fs::path dir = jiuyou::test::scratch_dir();
  write_roads(dir, {{"县道", "水泥"}, {"乡道", "沥青路面"}, {"X012", "砂石"}, {"村道", "土路"}, {"村道", "弹石"}, {"专用公路", "水泥路"}, {"", "柏油"}});
  auto ws = load_toml(dir,
                      "[layers.roads]\npath = \"roads.geojson\"\n[layers.roads.fields]\nclass = \"等级\"\nsurface = \"路面\"\n"
                      "[layers.roads.values.surface]\n\"水泥路\" = \"asphalt\"\n");  // the project's mapping wins over the vocabulary
  ASSERT_TRUE(ws) << ws.error().to_string();
  const FeatureTable* r = ws->layer("roads");
  ASSERT_NE(r, nullptr);
  const Column* cls = r->column("class");
  const Column* sur = r->column("surface");
  ASSERT_TRUE(cls && sur);
  const std::vector<std::string> want_class = {"county", "township", "county", "village", "village", "other", ""};
  const std::vector<std::string> want_surface = {"concrete", "asphalt", "gravel", "earth", "", "asphalt", "asphalt"};
  for (size_t i = 0; i < want_class.size(); ++i) {
    EXPECT_EQ(cls->as_text(i), want_class[i]) << i;
    EXPECT_EQ(sur->as_text(i), want_surface[i]) << i;
  }
  EXPECT_TRUE(sur->is_null(4));  // 弹石 (cobbles): unknown, not paved
  const Issue* unmapped = find_issue(ws->issues, "unmapped_value", "surface");
  ASSERT_NE(unmapped, nullptr);
  EXPECT_EQ(unmapped->severity, Severity::warning);
  EXPECT_NE(unmapped->message.find("弹石"), std::string::npos);
  EXPECT_NE(unmapped->hint.find("[layers.roads.values.surface]"), std::string::npos);
  EXPECT_NE(unmapped->hint.find("gravel"), std::string::npos);  // lists the canonical values
  // ...but never proposes one: 弹石 = "asphalt" in a hint would be a guess the planner may copy.
  EXPECT_NE(unmapped->hint.find("\"弹石\" = \"<下列之一>\""), std::string::npos) << unmapped->hint;
  for (const char* v : {"= \"asphalt\"", "= \"concrete\"", "= \"gravel\"", "= \"earth\""})
    EXPECT_EQ(unmapped->hint.find(v), std::string::npos) << unmapped->hint;
  // Said once per field, with counts.
  EXPECT_EQ(count_issues(ws->issues, "values_mapped", "surface"), 1u);
  EXPECT_EQ(count_issues(ws->issues, "values_mapped", "class"), 1u);
  const Issue* mapped = find_issue(ws->issues, "values_mapped", "surface");
  EXPECT_NE(mapped->message.find("水泥→concrete 1"), std::string::npos) << mapped->message;
  EXPECT_NE(mapped->message.find("中文"), std::string::npos);
  EXPECT_NE(mapped->message.find("[layers.roads.values.surface] 1"), std::string::npos) << mapped->message;
  EXPECT_EQ(count_issues(ws->issues, "unmapped_value", "class"), 0u);
}

// tour 18 S13: a file typed in traditional characters (a 繁体 Windows, a surveyor trained in Hong Kong or Taiwan)
// meets the same vocabulary and the project's own mapping, and the values are said as mapped as written.
TEST(ValueMapping, TraditionalCharactersAreFoldedToTheSimplifiedVocabulary) {
  const fs::path dir = jiuyou::test::scratch_dir();
  write_roads(dir, {{"縣道", "瀝青"}, {"鄉道", "水泥"}, {"國道", "瀝青路面"}, {"機耕路", "碎石"}, {"村道", "彈石"}});
  auto ws = load_toml(dir,
                      "[layers.roads]\npath = \"roads.geojson\"\n[layers.roads.fields]\nclass = \"等级\"\nsurface = \"路面\"\n"
                      "[layers.roads.values.class]\n\"机耕路\" = \"other\"\n");  // the project's mapping, written in simplified
  ASSERT_TRUE(ws) << ws.error().to_string();
  const FeatureTable* r = ws->layer("roads");
  ASSERT_NE(r, nullptr);
  const std::vector<std::string> want_class = {"county", "township", "national", "other", "village"};
  const std::vector<std::string> want_surface = {"asphalt", "concrete", "asphalt", "gravel", ""};
  for (size_t i = 0; i < want_class.size(); ++i) {
    EXPECT_EQ(r->column("class")->as_text(i), want_class[i]) << i;
    EXPECT_EQ(r->column("surface")->as_text(i), want_surface[i]) << i;
  }
  const Issue* mapped = find_issue(ws->issues, "values_mapped", "surface");
  ASSERT_NE(mapped, nullptr);
  EXPECT_NE(mapped->message.find("瀝青→asphalt 1"), std::string::npos) << mapped->message;
  const Issue* classes = find_issue(ws->issues, "values_mapped", "class");
  ASSERT_NE(classes, nullptr);
  EXPECT_NE(classes->message.find("縣道→county 1"), std::string::npos) << classes->message;
  EXPECT_NE(classes->message.find("機耕路→other 1"), std::string::npos) << classes->message;
  EXPECT_NE(classes->message.find("[layers.roads.values.class] 1"), std::string::npos) << classes->message;
  // 彈石 folds to 弹石, which the vocabulary does not list either: unknown and said as written.
  const Issue* unmapped = find_issue(ws->issues, "unmapped_value", "surface");
  ASSERT_NE(unmapped, nullptr);
  EXPECT_NE(unmapped->message.find("彈石"), std::string::npos) << unmapped->message;
}

// tour 19 T1: the project's own [values] key typed in traditional characters meets simplified data.
TEST(ValueMapping, AProjectKeyInTraditionalCharactersMeetsSimplifiedData) {
  const fs::path dir = jiuyou::test::scratch_dir();
  write_roads(dir, {{"机耕路", "水泥"}, {"機耕路", "水泥"}});
  auto ws = load_toml(dir, "[layers.roads]\npath = \"roads.geojson\"\n[layers.roads.fields]\nclass = \"等级\"\nsurface = \"路面\"\n"
                           "[layers.roads.values.class]\n\"機耕路\" = \"other\"\n");
  ASSERT_TRUE(ws) << ws.error().to_string();
  EXPECT_EQ(ws->layer("roads")->column("class")->as_text(0), "other");
  EXPECT_EQ(ws->layer("roads")->column("class")->as_text(1), "other");
}

// tour 19 T15: a header typed in traditional characters (等級 of a 繁体 template) meets the simplified name the
// project maps (class = "等级"); it was refused as "a column the layer does not have".
TEST(ValueMapping, AHeaderInTraditionalCharactersMeetsTheSimplifiedMapping) {
  const fs::path dir = jiuyou::test::scratch_dir();
  write_fixture("GeoJSON", (dir / "roads.geojson").string(), "roads", 4490, wkbLineString, {{"等級", OFTString}, {"路面類型", OFTString}},
                {{"LINESTRING (110.2 32.2, 110.21 32.21)", {"縣道", "瀝青"}}});
  auto ws = load_toml(dir, "[layers.roads]\npath = \"roads.geojson\"\n[layers.roads.fields]\nclass = \"等级\"\nsurface = \"路面类型\"\n");
  ASSERT_TRUE(ws) << ws.error().to_string();
  EXPECT_EQ(ws->layer("roads")->column("class")->as_text(0), "county");
  EXPECT_EQ(ws->layer("roads")->column("surface")->as_text(0), "asphalt");
}

// tour 20 F1: where the vocabulary matches by ending, so do the project's own keys: "卫生服务站" = "clinic" names every
// "XX村卫生服务站" (it matched none: one line per village was the only way), with the words for "not there" still.
TEST(ValueMapping, AProjectKeyIsAnEndingWhereTheVocabularyMatchesByEnding) {
  const fs::path dir = jiuyou::test::scratch_dir();
  write_fixture("GeoJSON", (dir / "f.geojson").string(), "facilities", 4490, wkbPoint, {{"名称", OFTString}},
                {{"POINT (110.2 32.2)", {"柳林村卫生服务站"}}, {"POINT (110.21 32.2)", {"石门村卫生服务站"}},
                 {"POINT (110.22 32.2)", {"王家湾村拟建卫生服务站"}}, {"POINT (110.23 32.2)", {"新村党群服务中心"}}});
  auto ws = load_toml(dir, "[layers.facilities]\npath = \"f.geojson\"\n[layers.facilities.fields]\nkind = \"名称\"\n"
                           "[layers.facilities.values.kind]\n\"卫生服务站\" = \"clinic\"\n");
  ASSERT_TRUE(ws) << ws.error().to_string();
  const Column* kind = ws->layer("facilities")->column("kind");
  EXPECT_EQ(kind->as_text(0), "clinic");
  EXPECT_EQ(kind->as_text(1), "clinic");
  EXPECT_TRUE(kind->is_null(2)) << "拟建: not there";
  EXPECT_EQ(kind->as_text(3), "service_center");  // the vocabulary's 党群服务中心
  const Issue* mapped = find_issue(ws->issues, "values_mapped", "kind");
  ASSERT_NE(mapped, nullptr);
  EXPECT_NE(mapped->message.find("[layers.facilities.values.kind] 2"), std::string::npos) << mapped->message;
}

TEST(ValueMapping, VocabularyNoneLeavesChineseUnknownAndSaysSo) {
  const fs::path dir = jiuyou::test::scratch_dir();
  write_roads(dir, {{"县道", "水泥"}, {"county", "asphalt"}});
  auto ws = load_toml(dir, "[layers.roads]\npath = \"roads.geojson\"\nvocabulary = \"none\"\n[layers.roads.fields]\nclass = \"等级\"\nsurface = \"路面\"\n");
  ASSERT_TRUE(ws) << ws.error().to_string();
  const FeatureTable* r = ws->layer("roads");
  // Without a vocabulary the text is kept as it is (no enum to check against).
  EXPECT_EQ(r->column("surface")->as_text(0), "水泥");
  EXPECT_EQ(r->column("surface")->as_text(1), "asphalt");
  EXPECT_EQ(ws->issues.count("values_mapped"), 0u);
}

TEST(ValueMapping, AProjectMappingToANonCanonicalValueIsAProjectError) {
  const fs::path dir = jiuyou::test::scratch_dir();
  write_roads(dir, {{"县道", "水泥路"}});
  auto ws = load_toml(dir, "[layers.roads]\npath = \"roads.geojson\"\n[layers.roads.fields]\nsurface = \"路面\"\n[layers.roads.values.surface]\n\"水泥路\" = \"cement\"\n");
  ASSERT_FALSE(ws);
  EXPECT_EQ(ws.error().code, ErrorCode::project);
  EXPECT_EQ(ws.error().layer, "roads");
  EXPECT_EQ(ws.error().field, "surface");
  EXPECT_NE(ws.error().hint.find("concrete"), std::string::npos);
}

TEST(ValueMapping, BooleansFromTextAreRealBooleansAndUnknownsAreNull) {
  const fs::path dir = jiuyou::test::scratch_dir();
  write_fixture("GPKG", (dir / "v.gpkg").string(), "villages", 4490, wkbPoint,
                {{"code", OFTString}, {"主导产业", OFTString}, {"规模", OFTInteger}},
                {{"POINT (110.21 32.2)", {"420323100201", "是", "1"}},
                 {"POINT (110.22 32.2)", {"420323100202", "否", "0"}},
                 {"POINT (110.23 32.2)", {"420323100203", "有", "2"}},
                 {"POINT (110.24 32.2)", {"420323100204", "无", ""}},
                 {"POINT (110.25 32.2)", {"420323100205", "不清楚", "1"}},
                 {"POINT (110.26 32.2)", {"420323100206", "", "0"}},
                 {"POINT (110.27 32.2)", {"420323100207", "×", "1"}}});
  auto ws = load_toml(dir, "[layers.villages]\npath = \"v.gpkg\"\n[layers.villages.fields]\nhas_leading_industry = \"主导产业\"\ntownship_industry_scale = \"规模\"\n");
  ASSERT_TRUE(ws) << ws.error().to_string();
  const FeatureTable* v = ws->layer("villages");
  const Column* lead = v->column("has_leading_industry");
  const Column* scale = v->column("township_industry_scale");
  ASSERT_EQ(lead->type(), FieldType::boolean);
  ASSERT_EQ(scale->type(), FieldType::boolean);
  const std::vector<int> want_lead = {1, 0, 1, 0, -1, -1, 0};  // -1: unknown
  const std::vector<int> want_scale = {1, 0, -1, -1, 1, 0, 1};
  for (size_t i = 0; i < want_lead.size(); ++i) {
    if (want_lead[i] < 0) EXPECT_TRUE(lead->is_null(i)) << i;
    else EXPECT_EQ(lead->get_bool(i), want_lead[i] == 1) << i;
    if (want_scale[i] < 0) EXPECT_TRUE(scale->is_null(i)) << i;
    else EXPECT_EQ(scale->get_bool(i), want_scale[i] == 1) << i;
  }
  const Issue* u = find_issue(ws->issues, "unmapped_value", "has_leading_industry");
  ASSERT_NE(u, nullptr);
  EXPECT_NE(u->message.find("不清楚"), std::string::npos);
  EXPECT_NE(u->message.find("要素 5"), std::string::npos) << u->message;  // the FID
  const Issue* two = find_issue(ws->issues, "unmapped_value", "township_industry_scale");
  ASSERT_NE(two, nullptr);  // the integer 2 is no boolean either
  EXPECT_NE(two->message.find("「2」"), std::string::npos) << two->message;
}

TEST(ValueMapping, TextInANumericFieldIsReportedWithExamplesNeverZero) {
  const fs::path dir = jiuyou::test::scratch_dir();
  write_fixture("GPKG", (dir / "v.gpkg").string(), "villages", 4490, wkbPoint, {{"code", OFTString}, {"收入", OFTString}, {"增长", OFTString}},
                {{"POINT (110.21 32.2)", {"420323100201", "6.2万", "12%"}},
                 {"POINT (110.22 32.2)", {"420323100202", "不详", "0.05"}},
                 {"POINT (110.23 32.2)", {"420323100203", "1,234", "-"}}});
  auto ws = load_toml(dir, "[layers.villages]\npath = \"v.gpkg\"\n[layers.villages.fields]\ncollective_income = \"收入\"\nincome_growth = \"增长\"\n");
  ASSERT_TRUE(ws) << ws.error().to_string();
  const FeatureTable* v = ws->layer("villages");
  EXPECT_DOUBLE_EQ(*v->column("collective_income")->number(0), 62000);
  EXPECT_TRUE(v->column("collective_income")->is_null(1));
  EXPECT_DOUBLE_EQ(*v->column("collective_income")->number(2), 1234);
  EXPECT_DOUBLE_EQ(*v->column("income_growth")->number(0), 0.12);
  EXPECT_DOUBLE_EQ(*v->column("income_growth")->number(1), 0.05);
  EXPECT_TRUE(v->column("income_growth")->is_null(2));
  const Issue* t = find_issue(ws->issues, "text_in_numeric_field", "collective_income");
  ASSERT_NE(t, nullptr);
  EXPECT_NE(t->message.find("不详"), std::string::npos);
  EXPECT_NE(t->message.find("不当作 0"), std::string::npos);
  EXPECT_EQ(count_issues(ws->issues, "text_in_numeric_field", "income_growth"), 1u);
}

TEST(ValueMapping, CompanionLayersFollowTheirBaseLayersContract) {
  const fs::path dir = jiuyou::test::scratch_dir();
  write_fixture("GPKG", (dir / "p.gpkg").string(), "power_points", 4490, wkbPoint, {{"kind", OFTString}},
                {{"POINT (110.21 32.2)", {"变电站"}}, {"POINT (110.22 32.2)", {"10kV配变"}}});
  auto ws = load_toml(dir, "[layers.power_points]\npath = \"p.gpkg\"\n");
  ASSERT_TRUE(ws) << ws.error().to_string();
  EXPECT_EQ(ws->layer("power_points")->column("kind")->as_text(0), "substation");
  EXPECT_EQ(ws->layer("power_points")->column("kind")->as_text(1), "transformer");
}

TEST(ValueMapping, ValuesForAFieldTheLayerLacksAreReported) {
  const fs::path dir = jiuyou::test::scratch_dir();
  write_roads(dir, {{"县道", "水泥"}});
  auto ws = load_toml(dir, "[layers.roads]\npath = \"roads.geojson\"\n[layers.roads.values.surface]\n\"水泥路\" = \"concrete\"\n");
  ASSERT_TRUE(ws) << ws.error().to_string();
  EXPECT_EQ(ws->issues.count("values_field_missing"), 1u);
}

TEST(ProjectValues, SyntaxIsParsedAndCheckedForTypes) {
  auto p = io::parse_project_toml(
      "[layers.roads]\npath = \"r.geojson\"\nvocabulary = \"none\"\nheader_row = 3\n"
      "[layers.roads.values.surface]\n\"水泥路\" = \"concrete\"\n[layers.roads.values.paved]\n\"是\" = true\n",
      "/tmp/p.toml");
  ASSERT_TRUE(p) << p.error().to_string();
  const auto* r = p->layer("roads");
  EXPECT_EQ(r->vocabulary, "none");
  EXPECT_EQ(r->header_row, 3);
  EXPECT_EQ(r->values.at("surface").at("水泥路"), "concrete");
  EXPECT_EQ(r->values.at("paved").at("是"), "true");
  auto bad_row = io::parse_project_toml("[layers.roads]\npath = \"r.geojson\"\nheader_row = 0\n", "/tmp/p.toml");
  ASSERT_FALSE(bad_row);
  EXPECT_EQ(bad_row.error().code, ErrorCode::project);
  auto text_row = io::parse_project_toml("[layers.roads]\npath = \"r.geojson\"\nheader_row = \"3\"\n", "/tmp/p.toml");
  ASSERT_FALSE(text_row);
  auto bad_values = io::parse_project_toml("[layers.roads]\npath = \"r.geojson\"\nvalues = \"x\"\n", "/tmp/p.toml");
  ASSERT_FALSE(bad_values);
  auto typo = io::parse_project_toml("[layers.roads]\npath = \"r.geojson\"\n[layers.roads.feilds]\nclass = \"等级\"\n", "/tmp/p.toml");
  ASSERT_FALSE(typo);
  EXPECT_EQ(typo.error().code, ErrorCode::project);
  EXPECT_NE(typo.error().message.find("feilds"), std::string::npos);
  EXPECT_NE(typo.error().hint.find("did you mean 'fields'"), std::string::npos);
}

TEST(ProjectValues, JoinedTablesTakeTheirTargetsKind) {
  auto p = io::parse_project_toml("[layers.villages]\npath = \"v.gpkg\"\n[layers.stats]\npath = \"s.xlsx\"\njoin_to = \"villages\"\n", "/tmp/p.toml");
  ASSERT_TRUE(p) << p.error().to_string();
  EXPECT_EQ(p->layer("stats")->kind, "villages");
}

TEST(ValueMapping, AProjectMayNameItsOwnVocabularyFile) {
  const fs::path dir = jiuyou::test::scratch_dir();
  write_roads(dir, {{"县道", "硬化路"}, {"县道", "水泥"}});
  write_text_file(dir / "mine.toml",
             "[vocabulary]\nname = \"本县\"\n[tables.surface]\nfields = [\"roads.surface\"]\ncanonical = [\"asphalt\", \"concrete\", \"gravel\", \"earth\"]\n"
             "[tables.surface.values]\n\"硬化路\" = \"concrete\"\n");
  auto ws = load_toml(dir, "[layers.roads]\npath = \"roads.geojson\"\nvocabulary = \"mine.toml\"\n[layers.roads.fields]\nsurface = \"路面\"\n");
  ASSERT_TRUE(ws) << ws.error().to_string();
  EXPECT_EQ(ws->layer("roads")->column("surface")->as_text(0), "concrete");
  EXPECT_TRUE(ws->layer("roads")->column("surface")->is_null(1));  // only its own table applies
  EXPECT_NE(find_issue(ws->issues, "values_mapped", "surface")->message.find("本县"), std::string::npos);
  auto missing = load_toml(dir, "[layers.roads]\npath = \"roads.geojson\"\nvocabulary = \"nope\"\n");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::project);
  EXPECT_EQ(missing.error().layer, "roads");
}
