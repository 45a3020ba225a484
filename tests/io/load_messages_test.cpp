// The errors that stop a load, and the code checks, speak to the planner in
// plain Chinese, still naming the file, layer, feature and field, with what to
// do next; the exit code (error kind) is unchanged. (The missing CRS is in
// load_test.cpp, LoadErrors.MissingCrsAsksForOne.)
#include <gtest/gtest.h>

#include <filesystem>

#include "gis/io/codes.hpp"
#include "gis/io/load.hpp"
#include "support/table_builders.hpp"
#include "io/gdal_fixture.hpp"
#include "support/run_command.hpp"
#include "support/test_paths.hpp"

using namespace jiuyou;
using jiuyou::test::spec_for;
using jiuyou::test::write_text_file;
namespace fs = std::filesystem;

namespace {

// True when `s` holds a CJK ideograph (U+4E00..U+9FFF: three UTF-8 bytes E4..E9).
bool has_chinese(const std::string& s) {
  for (size_t i = 0; i + 2 < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0xE4 && c <= 0xE9) return true;
  }
  return false;
}

const Issue* issue(const IssueLog& log, const std::string& code) {
  for (const auto& i : log.entries())
    if (i.code == code) return &i;
  return nullptr;
}

}  // namespace

TEST(LoadMessages, DemErrorsAreChineseWithAHint) {
  const fs::path dir = jiuyou::test::scratch_dir();
  IssueLog log;
  auto missing = io::read_raster(spec_for("dem", dir / "none.tif"), log);
  ASSERT_FALSE(missing);
  EXPECT_EQ(exit_code_for(missing.error().code), 3);
  EXPECT_EQ(missing.error().message, "文件不存在");
  EXPECT_EQ(missing.error().layer, "dem");
  EXPECT_TRUE(has_chinese(missing.error().hint)) << missing.error().hint;

  write_text_file(dir / "dem.tif", "not a GeoTIFF\n");
  auto bad = io::read_raster(spec_for("dem", dir / "dem.tif"), log);
  ASSERT_FALSE(bad);
  EXPECT_EQ(exit_code_for(bad.error().code), 4);
  EXPECT_NE(bad.error().message.find("无法作为栅格打开"), std::string::npos) << bad.error().message;
  EXPECT_EQ(bad.error().file, (dir / "dem.tif").string());
  EXPECT_NE(bad.error().hint.find("GeoTIFF"), std::string::npos) << bad.error().hint;
}

TEST(LoadMessages, ReferenceCodeListErrorsAreChinese) {
  const fs::path dir = jiuyou::test::scratch_dir();
  auto missing = io::read_reference_codes((dir / "none.csv").string());
  ASSERT_FALSE(missing);
  EXPECT_EQ(exit_code_for(missing.error().code), 3);
  EXPECT_NE(missing.error().message.find("区划代码表"), std::string::npos) << missing.error().message;
  EXPECT_NE(missing.error().hint.find("reference_codes"), std::string::npos) << missing.error().hint;

  write_text_file(dir / "empty.csv", "");
  auto empty = io::read_reference_codes((dir / "empty.csv").string());
  ASSERT_FALSE(empty);
  EXPECT_EQ(exit_code_for(empty.error().code), 4);
  EXPECT_NE(empty.error().message.find("空文件"), std::string::npos) << empty.error().message;
  EXPECT_FALSE(empty.error().hint.empty());

  write_text_file(dir / "nocode.csv", "区划,名称\n420323100201,柳林村\n");
  auto no_code = io::read_reference_codes((dir / "nocode.csv").string());
  ASSERT_FALSE(no_code);
  EXPECT_EQ(exit_code_for(no_code.error().code), 4);
  EXPECT_EQ(no_code.error().field, "code");
  EXPECT_NE(no_code.error().message.find("code 列"), std::string::npos) << no_code.error().message;
  EXPECT_NE(no_code.error().hint.find("code,name"), std::string::npos) << no_code.error().hint;
}

TEST(LoadMessages, CodeChecksAreChineseAndNameTheCode) {
  FeatureTable t = jiuyou::test::make_table("villages", GeometryKind::point);
  t.columns = {Column("code", FieldType::text), Column("name", FieldType::text), Column("township", FieldType::text)};
  Column& code = t.columns[0];
  Column& name = t.columns[1];
  Column& township = t.columns[2];
  const auto add = [&](const char* c, const char* n, const char* tw) {
    jiuyou::test::add_point(t, 0, 0);
    c ? code.push_text(c) : code.push_null();
    name.push_text(n);
    township.push_text(tw);
  };
  add("420323100201", "柳林村", "420323100");
  add("420323100202", "王家湾村", "420323200");  // not its township's prefix; another name in the list
  add("420323100203", "石门村", "420323100");    // not in the list
  add("420324100201", "邻县村", "420324100");    // another county than most
  add("420323100201", "重复村", "420323100");    // duplicate of FID 1
  add("4203231002", "短码村", "420323100");      // 10 digits
  add(nullptr, "无码村", "420323100");
  io::ReferenceCodes ref;
  ref.source = "areas.csv";
  ref.name_of = {{"420323100201", "柳林村"}, {"420323100202", "王家湾"}, {"420324100201", "邻县村"}};
  IssueLog log;
  io::check_codes(t, &ref, log);
  struct Expected {
    const char* code;
    int64_t fid;
    const char* says;
  };
  for (const Expected& e : {Expected{"duplicate_code", 5, "与要素 1 的代码重复"}, Expected{"bad_code", 6, "“4203231002”不是 12 位"},
                            Expected{"missing_code", 7, "没有区划代码"}, Expected{"code_prefix_mismatch", 2, "420323200"},
                            Expected{"code_not_in_reference", 3, "420323100203（石门村） 不在区划代码表中"},
                            Expected{"name_differs_from_reference", 2, "在区划代码表中叫“王家湾”"},
                            Expected{"code_county_mismatch", 4, "（420323）"}}) {
    const Issue* i = issue(log, e.code);
    ASSERT_NE(i, nullptr) << e.code;
    EXPECT_EQ(i->feature, e.fid) << e.code;
    EXPECT_EQ(i->layer, "villages");
    EXPECT_EQ(i->field, "code");
    EXPECT_TRUE(has_chinese(i->message)) << i->message;
    EXPECT_NE(i->message.find(e.says), std::string::npos) << e.code << ": " << i->message;
    if (!i->hint.empty()) {
      EXPECT_TRUE(has_chinese(i->hint)) << i->hint;
    }
  }
  EXPECT_NE(issue(log, "code_not_in_reference")->hint.find("areas.csv"), std::string::npos);
}
