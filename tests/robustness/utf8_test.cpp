// Non-UTF-8 text never reaches an output (#17): the helper, and the commands
// refusing such input naming file, layer, feature and field.
#include <gtest/gtest.h>

#include "gis/util/utf8.hpp"
#include "robustness/harness.hpp"

namespace jiuyou::robust {
namespace {

TEST(Utf8, ValidTextPasses) {
  EXPECT_TRUE(util::is_valid_utf8(""));
  EXPECT_TRUE(util::is_valid_utf8("plain ascii"));
  EXPECT_TRUE(util::is_valid_utf8("竹山县 村委会 \xF0\x9F\x8C\xBE"));  // CJK and a 4-byte emoji
}

TEST(Utf8, InvalidSequencesAreFoundAtTheirOffset) {
  EXPECT_EQ(util::first_invalid_utf8("ab\xD6\xD0\xB9\xFA"), 2u) << "GBK 中国 read as UTF-8";
  EXPECT_EQ(util::first_invalid_utf8("\xC0\xAF"), 0u) << "overlong /";
  EXPECT_EQ(util::first_invalid_utf8("x\xED\xA0\x80"), 1u) << "a UTF-16 surrogate";
  EXPECT_EQ(util::first_invalid_utf8("\xF4\x90\x80\x80"), 0u) << "above U+10FFFF";
  EXPECT_EQ(util::first_invalid_utf8("ok\xE4\xB8"), 2u) << "truncated at the end";
  EXPECT_EQ(util::first_invalid_utf8("\xFF"), 0u);
}

TEST(Utf8, ReplacementKeepsTheValidParts) {
  EXPECT_EQ(util::to_valid_utf8("a\xFF" "b"), "a\xEF\xBF\xBD" "b");
  EXPECT_EQ(util::to_valid_utf8("村"), "村");
}

TEST(Utf8, ATableErrorNamesFileLayerFeatureAndField) {
  FeatureTable t;
  t.name = "villages";
  t.geometry.kind = GeometryKind::point;
  Column& name = t.add_column("name", FieldType::text);  // rows are added below, then their FIDs
  name.push_text("张家村");
  name.push_text("\xD5\xC5\xBC\xD2\xB4\xE5");  // 张家村 in GBK
  t.fid = {10, 11};
  const auto r = util::require_utf8_text(t, "villages.shp");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::format);
  EXPECT_EQ(r.error().file, "villages.shp");
  EXPECT_EQ(r.error().layer, "villages");
  EXPECT_EQ(r.error().feature, 11);
  EXPECT_EQ(r.error().field, "name");
  EXPECT_NE(r.error().hint.find("CP936"), std::string::npos);
  EXPECT_TRUE(util::is_valid_utf8(r.error().message)) << "the message itself quotes the text safely";
}

// A GBK units CSV: the loader decodes it (or replaces what it cannot convert):
// what reaches the workbook and the page is UTF-8 either way.
TEST(Utf8, PairWithAGbkUnitsTableWritesOnlyUtf8) {
  const fs::path dir = test::scratch_dir();
  write_file(dir / "units.csv",
             "code,name,role,lon,lat\n350500,\xC8\xAA\xD6\xDD,helper,118.6,24.9\n350100,\xFF\xFE,helped,119.3,26.1\n");
  const RunResult r = run({"pair", (dir / "units.csv").string(), "--out", (dir / "out").string(), "-q"});
  ASSERT_LE(r.code, 1) << r.output;
  EXPECT_TRUE(util::is_valid_utf8(read_file(dir / "out" / "pairs.html")));
  EXPECT_TRUE(contains(read_file(dir / "out" / "pairs.html"), "泉州")) << "GBK decoded, not dropped";
  EXPECT_TRUE(temporaries(dir, "out").empty());
}

}  // namespace
}  // namespace jiuyou::robust
