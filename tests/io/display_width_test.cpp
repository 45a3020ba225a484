// Terminal columns of UTF-8 text (gis/util/display_width): the tables the
// commands print line up when names are Chinese.
#include <gtest/gtest.h>

#include "gis/util/display_width.hpp"

namespace {

using jiuyou::util::code_point_width;
using jiuyou::util::display_width;
using jiuyou::util::pad_left;
using jiuyou::util::pad_right;

TEST(DisplayWidth, AsciiIsOneColumnEach) {
  EXPECT_EQ(display_width(""), 0u);
  EXPECT_EQ(display_width("villages"), 8u);
  EXPECT_EQ(display_width("EPSG:4546 x"), 11u);
}

TEST(DisplayWidth, ChineseAndFullwidthTakeTwoColumns) {
  EXPECT_EQ(display_width("村名"), 4u);                 // CJK unified ideographs
  EXPECT_EQ(display_width("贫困发生率（%）"), 15u);     // 5 ideographs, fullwidth parentheses 2 each, ASCII % 1
  EXPECT_EQ(display_width("、。「」"), 8u);             // CJK punctuation
  EXPECT_EQ(display_width("ＡＢ１２"), 8u);             // fullwidth letters and digits
  EXPECT_EQ(display_width("￥"), 2u);                   // fullwidth yen sign
  EXPECT_EQ(display_width("𠀀"), 2u);                   // CJK extension B (4-byte UTF-8)
  EXPECT_EQ(display_width("カナ한글"), 8u);             // kana and hangul
  EXPECT_EQ(display_width("a村b"), 4u);
}

TEST(DisplayWidth, NarrowNonAsciiIsOneColumn) {
  EXPECT_EQ(display_width("¥"), 1u);   // U+00A5, not the fullwidth sign
  EXPECT_EQ(display_width("é"), 1u);   // precomposed
  EXPECT_EQ(display_width("—"), 1u);   // em dash
  EXPECT_EQ(display_width("Krüger"), 6u);
}

TEST(DisplayWidth, CombiningMarksAndZeroWidthTakeNone) {
  EXPECT_EQ(display_width("e\u0301"), 1u);        // e + combining acute
  EXPECT_EQ(display_width("a\u200Bb"), 2u);       // zero-width space
  EXPECT_EQ(display_width("\uFEFFcode"), 4u);     // byte-order mark left in a header
  EXPECT_EQ(display_width("村\uFE0F"), 2u);       // variation selector
  EXPECT_EQ(code_point_width(U'\t'), 0);
  EXPECT_EQ(code_point_width(0x0300), 0);
  EXPECT_EQ(code_point_width(0x4E00), 2);
  EXPECT_EQ(code_point_width(0x9FFF), 2);
  EXPECT_EQ(code_point_width(0xA000), 2);
  EXPECT_EQ(code_point_width(0x1100), 2);
  EXPECT_EQ(code_point_width(0x1160), 1);          // Hangul medial vowel: narrow
  EXPECT_EQ(code_point_width(0x2E7F), 1);          // just below the CJK radicals
}

TEST(DisplayWidth, InvalidBytesCountOneEach) {
  EXPECT_EQ(display_width("\xD6\xD0"), 2u);        // GBK 中 read as UTF-8: two invalid bytes
  EXPECT_EQ(display_width("a\xFF" "b"), 3u);
  EXPECT_EQ(display_width("\xE6\x9D"), 2u);        // a 3-byte sequence cut short
}

TEST(DisplayWidth, PaddingFillsToTheSameColumn) {
  EXPECT_EQ(pad_right("村名", 6), "村名  ");
  EXPECT_EQ(pad_right("code", 6), "code  ");
  EXPECT_EQ(display_width(pad_right("贫困发生率（%）", 20)), 20u);
  EXPECT_EQ(pad_right("很长的名字", 4), "很长的名字");  // wider than the cell: unchanged, never cut
  EXPECT_EQ(pad_left("村", 5), "   村");
  EXPECT_EQ(pad_left("12", 5), "   12");
  EXPECT_EQ(pad_left("123456", 5), "123456");
}

}  // namespace
